package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/onewindow/onewindow/internal/app"
)

// runAudit: `onewindow audit verify` walks the whole chain and exits 0 when
// it is whole, 3 naming the first bad event when anything was changed,
// removed or reordered in the database.
func runAudit(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] != "verify" {
		fmt.Fprintln(os.Stderr, "用法: onewindow audit verify [--data DIR] [--db DSN]")
		return exitCode{code: 2, msg: "未知的 audit 子命令"}
	}
	var cfg app.Config
	fs := flag.NewFlagSet("audit verify", flag.ContinueOnError)
	dbFlags(fs, &cfg)
	quiet := fs.Bool("quiet", false, "不显示进度")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	db, err := app.OpenDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	progress := func(n int64) {
		if !*quiet && n%100000 == 0 {
			fmt.Fprintf(os.Stderr, "已校验 %d 条…\n", n)
		}
	}
	rep, err := db.VerifyAudit(ctx, progress)
	if err != nil {
		return err
	}
	if !rep.OK {
		return exitCode{code: 3, msg: fmt.Sprintf("审计链已损坏：第 %d 条：%s\naudit chain broken at event %d: %s", rep.FirstBad, rep.Message, rep.FirstBad, rep.MessageEN)}
	}
	fmt.Printf("审计链完整：共 %d 条，链头 %d。\naudit chain intact: %d events.\n", rep.Checked, rep.HeadSeq, rep.Checked)
	return nil
}
