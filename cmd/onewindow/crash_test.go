package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
	"github.com/onewindow/onewindow/internal/validate"
)

// TestKillNineLosesNoAcknowledgedWrite runs the real binary, registers
// applicants from concurrent clients, kills the process with SIGKILL in
// the middle of the load, restarts it and checks that every registration
// that was answered 201 can log in.
func TestKillNineLosesNoAcknowledgedWrite(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := filepath.Join(t.TempDir(), "onewindow")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	for _, e := range sqltest.Engines {
		t.Run(string(e), func(t *testing.T) {
			dsn, dir := sqltest.DSN(t, e), t.TempDir()
			if e == sqlstore.SQLite {
				dsn = ""
			}
			addr := freeAddr(t)
			proc := startBinary(t, bin, addr, dir, dsn)
			var mu sync.Mutex
			var acked []string
			var wg sync.WaitGroup
			stop := make(chan struct{})
			for w := 0; w < 4; w++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := 0; ; i++ {
						select {
						case <-stop:
							return
						default:
						}
						user := fmt.Sprintf("crash%d_%d", w, i)
						birth := time.Date(1960+i%40, time.Month(1+w), 1+i%28, 0, 0, 0, 0, time.UTC)
						body, _ := json.Marshal(map[string]string{"kind": "person", "name": "测试", "phone": "13900001111",
							"id_number": validate.MakeIDNumber("533401", birth, i%1000), "username": user, "password": "Crash-Test9"})
						res, err := http.Post("http://"+addr+"/api/v1/accounts", "application/json", bytes.NewReader(body))
						if err != nil {
							return // the server is gone
						}
						res.Body.Close()
						if res.StatusCode == http.StatusCreated {
							mu.Lock()
							acked = append(acked, user)
							mu.Unlock()
						}
					}
				}()
			}
			time.Sleep(1500 * time.Millisecond)
			proc.Process.Signal(syscall.SIGKILL)
			proc.Wait()
			close(stop)
			wg.Wait()
			if len(acked) < 5 {
				t.Fatalf("only %d registrations acknowledged before the kill", len(acked))
			}
			proc = startBinary(t, bin, addr, dir, dsn)
			defer func() { proc.Process.Signal(syscall.SIGTERM); proc.Wait() }()
			for _, user := range acked {
				body, _ := json.Marshal(map[string]string{"username": user, "password": "Crash-Test9"})
				res, err := http.Post("http://"+addr+"/api/v1/session", "application/json", bytes.NewReader(body))
				if err != nil {
					t.Fatal(err)
				}
				res.Body.Close()
				if res.StatusCode != 200 {
					t.Fatalf("acknowledged account %s lost after kill -9 (login %d)", user, res.StatusCode)
				}
			}
			t.Logf("%d acknowledged registrations all survived kill -9", len(acked))
		})
	}
}

func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// startBinary runs `onewindow serve` and waits until /readyz answers.
func startBinary(t *testing.T, bin, addr, dir, dsn string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--addr", addr, "--data", dir, "--db", dsn)
	cmd.Env = append(os.Environ(), "ONEWINDOW_LOG=warn")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		res, err := http.Get("http://" + addr + "/readyz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return cmd
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	cmd.Process.Kill()
	t.Fatalf("serve did not become ready:\n%s", out.String())
	return nil
}
