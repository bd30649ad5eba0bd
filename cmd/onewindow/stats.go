package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/onewindow/onewindow/internal/app"
	"github.com/onewindow/onewindow/internal/sqlstore"
)

// runStats checks or rebuilds the indicator counters (docs/supervision.md).
func runStats(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] != "check" && args[0] != "rebuild" {
		fmt.Fprintln(os.Stderr, "用法: onewindow stats check|rebuild [--data DIR] [--db DSN]")
		return exitCode{code: 2, msg: "未知的 stats 子命令"}
	}
	var cfg app.Config
	fs := flag.NewFlagSet("stats "+args[0], flag.ContinueOnError)
	dbFlags(fs, &cfg)
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	db, err := app.OpenDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	ss := sqlstore.NewStatStore(db)
	t0 := time.Now()
	if args[0] == "rebuild" {
		if err := ss.Rebuild(ctx); err != nil {
			return err
		}
		fmt.Printf("已按全部办件和评价重新统计指标（%s）。\n", time.Since(t0).Round(time.Millisecond))
		return nil
	}
	diffs, err := ss.Check(ctx)
	if err != nil {
		return err
	}
	if len(diffs) == 0 {
		fmt.Printf("指标计数与全量重算一致（%s）。\n", time.Since(t0).Round(time.Millisecond))
		return nil
	}
	for i, d := range diffs {
		if i == 20 {
			fmt.Printf("…… 共 %d 处不一致\n", len(diffs))
			break
		}
		fmt.Println(d)
	}
	return exitCode{code: 1, msg: fmt.Sprintf("指标计数有 %d 处与全量重算不一致：停止写入后运行 onewindow stats rebuild", len(diffs))}
}
