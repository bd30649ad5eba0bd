package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/onewindow/onewindow/internal/app"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
)

const cliSchedule2027 = `# 2027 年（测试数据）
year 2027
notice 测试通知
holiday 2027-01-01..2027-01-03 元旦
holiday 2027-02-06..2027-02-14 春节
workday 2027-02-20 春节调休
`

// TestCalendarCommand runs `onewindow calendar` on each engine: a bad
// file exits non-zero naming its line and changes nothing; a good one is
// imported, audited under the command's actor, listed by years and used
// by add and between.
func TestCalendarCommand(t *testing.T) {
	for _, e := range sqltest.Engines {
		t.Run(string(e), func(t *testing.T) {
			ctx := context.Background()
			dir, dsn := t.TempDir(), sqltest.DSN(t, e)
			db := []string{"--data", dir, "--db", dsn}
			run := func(args ...string) (string, error) {
				var out bytes.Buffer
				err := calendarCmd(ctx, args, &out)
				return out.String(), err
			}
			good := filepath.Join(dir, "2027.txt")
			bad := filepath.Join(dir, "bad.txt")
			os.WriteFile(good, []byte(cliSchedule2027), 0o600)
			os.WriteFile(bad, []byte(strings.Replace(cliSchedule2027, "2027-02-20", "2027-02-19", 1)), 0o600)

			_, err := run(append([]string{"import", bad}, db...)...)
			var ec exitCode
			if !errors.As(err, &ec) || ec.code == 0 || !strings.Contains(ec.msg, "第 6 行") || !strings.Contains(ec.msg, "bad.txt") {
				t.Fatalf("bad file: %v", err)
			}
			out, err := run(append([]string{"add", "--from", "2026-12-28", "--days", "10"}, db...)...)
			if err != nil || !strings.HasPrefix(out, "2027-01-11\n") || !strings.Contains(out, "2027 年无放假安排数据") {
				t.Fatalf("add before import: %q %v", out, err)
			}
			if out, err := run("import", good, "--check"); err != nil || !strings.Contains(out, "未导入") {
				t.Fatalf("--check: %q %v", out, err)
			}

			// Flags after the file are understood too.
			out, err = run(append([]string{"import", good}, db...)...)
			if err != nil || !strings.Contains(out, "已导入 2027 年：放假 12 天，调休上班 1 天；依据 测试通知") {
				t.Fatalf("import: %q %v", out, err)
			}
			out, err = run(append([]string{"years"}, db...)...)
			if err != nil || !strings.Contains(out, "\n2026  内置  33    6         -   ") || !regexpLine(out, "2027", "导入", "12", "1", "测试通知") {
				t.Fatalf("years: %q %v", out, err)
			}
			out, err = run(append([]string{"add", "--from", "2026-12-28", "--days", "10"}, db...)...)
			if err != nil || out != "2027-01-12\n2026-12-28 + 10 个工作日，跳过 2027-01-01…2027-01-03（元旦） → 2027-01-12\n" {
				t.Fatalf("add after import: %q %v", out, err)
			}
			out, err = run(append([]string{"between", "--from", "2026-09-28", "--to", "2026-10-30"}, db...)...)
			if err != nil || !strings.HasPrefix(out, "20\n") {
				t.Fatalf("between: %q %v", out, err)
			}
			if _, err := run(append([]string{"add", "--from", "2026-09-28", "--days", "0"}, db...)...); !errors.As(err, &ec) || !strings.Contains(ec.msg, "工作日天数") {
				t.Errorf("days=0: %v", err)
			}
			if _, err := run("frobnicate"); !errors.As(err, &ec) || ec.code != 2 {
				t.Errorf("unknown subcommand: %v", err)
			}

			d, err := app.OpenDB(ctx, app.Config{DataDir: dir, DSN: dsn})
			if err != nil {
				t.Fatal(err)
			}
			defer d.Close()
			var actor, role string
			if err := d.QueryRow(ctx, "SELECT actor_name, role FROM audit_events WHERE action = 'calendar.import_year'").Scan(&actor, &role); err != nil ||
				actor != "onewindow-cli" || !strings.HasPrefix(role, "cli:") {
				t.Errorf("audit actor: %q %q %v", actor, role, err)
			}
		})
	}
}

// regexpLine reports whether one line of out holds every field in order.
func regexpLine(out string, fields ...string) bool {
	for _, line := range strings.Split(out, "\n") {
		rest, ok := line, true
		for _, f := range fields {
			i := strings.Index(rest, f)
			if i < 0 {
				ok = false
				break
			}
			rest = rest[i+len(f):]
		}
		if ok {
			return true
		}
	}
	return false
}
