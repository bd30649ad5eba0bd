package pii

import (
	"bytes"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func TestLoadOrCreate(t *testing.T) {
	dir := t.TempDir()
	k1, err := LoadOrCreate(dir)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(KeyFile(dir))
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %v, want 0600", fi.Mode().Perm())
	}
	if di, _ := os.Stat(filepath.Dir(KeyFile(dir))); di.Mode().Perm() != 0o700 {
		t.Errorf("key directory mode %v, want 0700", di.Mode().Perm())
	}
	before, _ := os.ReadFile(KeyFile(dir))
	enc, _ := k1.Encrypt("13812345678")
	idx := k1.Index(KindPhone, "13812345678")

	k2, err := LoadOrCreate(dir)
	if err != nil {
		t.Fatal(err)
	}
	after, _ := os.ReadFile(KeyFile(dir))
	if !bytes.Equal(before, after) {
		t.Fatal("the key file was rewritten on the second start")
	}
	if got, err := k2.Decrypt(enc); err != nil || got != "13812345678" {
		t.Fatalf("reloaded keyring cannot decrypt: %q, %v", got, err)
	}
	if k2.Index(KindPhone, "13812345678") != idx {
		t.Fatal("index changed across reloads")
	}
	entries, _ := os.ReadDir(filepath.Dir(KeyFile(dir)))
	if len(entries) != 1 {
		t.Fatalf("key directory holds %d entries, want only pii.key", len(entries))
	}
}

// TestLoadOrCreateLoosePermissions: a key file others can read is used, with
// a warning in the log that names the file but not the key.
func TestLoadOrCreateLoosePermissions(t *testing.T) {
	dir := t.TempDir()
	if _, err := LoadOrCreate(dir); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(KeyFile(dir), 0o644); err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	defer slog.SetDefault(slog.Default())
	slog.SetDefault(slog.New(slog.NewTextHandler(&log, nil)))
	if _, err := LoadOrCreate(dir); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(log.String(), "chmod 600") || !strings.Contains(log.String(), "pii.key") {
		t.Fatalf("no warning logged: %q", log.String())
	}
}

// TestLoadOrCreateConcurrent: processes starting together on an empty data
// directory end up with one key.
func TestLoadOrCreateConcurrent(t *testing.T) {
	dir := t.TempDir()
	var wg sync.WaitGroup
	idx := make([]string, 8)
	for i := range idx {
		wg.Go(func() {
			k, err := LoadOrCreate(dir)
			if err != nil {
				t.Error(err)
				return
			}
			idx[i] = k.Index(KindPhone, "13812345678")
		})
	}
	wg.Wait()
	for _, x := range idx {
		if x != idx[0] {
			t.Fatal("concurrent starts created different keys")
		}
	}
}

func TestParseKeyFile(t *testing.T) {
	k := newTestKeyring(t)
	text := string(k.fileText())
	old := "sm4 9 ffeeddccbbaa99887766554433221100\n"
	rotated := strings.Replace(text, "active 1", old+"active 1", 1)
	k2, err := Parse([]byte(rotated))
	if err != nil {
		t.Fatal(err)
	}
	if k2.KeyID() != 1 || len(k2.aeads) != 2 {
		t.Fatalf("rotated key file parsed as %v", k2)
	}
	line := func(prefix string) string {
		l := text[strings.Index(text, prefix):]
		return l[:strings.IndexByte(l, '\n')]
	}
	idxLine, sm4Line := line("index "), line("sm4 1 ")
	bad := map[string]string{
		"empty":         "",
		"comments only": "# nothing\n",
		"wrong header":  strings.Replace(text, keyFileHeader, "onewindow-pii-keys 2", 1),
		"no index":      strings.Replace(text, idxLine, "", 1),
		"two indexes":   strings.Replace(text, idxLine, idxLine+"\n"+idxLine, 1),
		"short sm4":     strings.Replace(text, "sm4 1 ", "sm4 1 00", 1),
		"bad hex":       strings.Replace(text, sm4Line, "sm4 1 zz"+sm4Line[8:], 1),
		"key id 0":      strings.Replace(text, "sm4 1 ", "sm4 0 ", 1),
		"duplicate id":  strings.Replace(text, "active 1", sm4Line+"\nactive 1", 1),
		"no active":     strings.Replace(text, "active 1", "", 1),
		"active absent": strings.Replace(text, "active 1", "active 2", 1),
		"unknown line":  text + "colour blue\n",
	}
	for name, s := range bad {
		_, err := Parse([]byte(s))
		if err == nil {
			t.Errorf("%s: accepted", name)
			continue
		}
		if strings.Contains(err.Error(), idxLine[6:14]) {
			t.Errorf("%s: error shows key material: %v", name, err)
		}
	}
}

func TestFromHex(t *testing.T) {
	s, err := GenerateHex()
	if err != nil {
		t.Fatal(err)
	}
	k1, err := FromHex(s)
	if err != nil {
		t.Fatal(err)
	}
	k2, err := Open(t.TempDir(), " "+s+"\n")
	if err != nil {
		t.Fatal(err)
	}
	enc, _ := k1.Encrypt("533421199001011234")
	if got, err := k2.Decrypt(enc); err != nil || got != "533421199001011234" {
		t.Fatalf("same hex key cannot decrypt: %q, %v", got, err)
	}
	if k1.Index(KindIDNumber, "x") != k2.Index(KindIDNumber, "x") {
		t.Fatal("same hex key gives different indexes")
	}
	parts := strings.Split(s, ":")
	for _, bad := range []string{"", parts[1] + ":" + parts[2], "0:" + parts[1] + ":" + parts[2], "256:" + parts[1] + ":" + parts[2],
		"1:" + parts[1][2:] + ":" + parts[2], "1:" + parts[1] + ":" + parts[2] + "00", "1:" + parts[2] + ":" + parts[1]} {
		_, err := FromHex(bad)
		if err == nil {
			t.Errorf("FromHex(%q) accepted", bad)
		} else if strings.Contains(err.Error(), parts[1][:8]) || strings.Contains(err.Error(), parts[2][:8]) {
			t.Errorf("FromHex error shows key material: %v", err)
		}
	}
	if strings.Contains(k1.String(), parts[1][:8]) || strings.Contains(k1.LogValue().String(), parts[2][:8]) {
		t.Error("Keyring prints key material")
	}
}
