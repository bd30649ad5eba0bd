// Command onewindow is the OneWindow (一网通办) government-service platform:
// one binary that serves the pages and API, migrates the database, loads the
// demo prefecture, maintains the working-day calendar and verifies the
// audit chain.
//
//	onewindow serve [--addr 127.0.0.1:8080] [--data ./data] [--db DSN] [--demo]
//	onewindow migrate | demo | calendar import FILE | calendar add … | audit verify | version
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string) error
}

func commands() []command {
	return []command{
		{"serve", "启动服务（页面与 API）", runServe},
		{"migrate", "应用数据库迁移并显示结构版本", runMigrate},
		{"demo", "向数据库载入演示数据（迪庆州）", runDemo},
		{"calendar", "工作日历：import FILE | add | between | years", runCalendar},
		{"audit", "审计日志：verify", runAudit},
		{"catalog", "事项目录：reindex（重建搜索索引）", runCatalog},
		{"keys", "个人信息密钥：generate", runKeys},
		{"open311", "Open311 应用的 api_key：keys add | list | revoke", runOpen311},
		{"stats", "效能指标计数：check（与全量重算核对）| rebuild（重新统计）", runStats},
		{"bench", "性能测量：办件提交、读取、待办列表、监督看板（见 docs/benchmarks.md）", runBench},
		{"version", "显示版本", runVersion},
	}
}

func main() {
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: logLevel()}))
	slog.SetDefault(logger)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if len(os.Args) < 2 {
		usage()
		os.Exit(2)
	}
	for _, c := range commands() {
		if c.name == os.Args[1] {
			err := c.run(ctx, os.Args[2:])
			if errors.Is(err, flag.ErrHelp) {
				os.Exit(0)
			}
			if err != nil {
				var ec exitCode
				if errors.As(err, &ec) {
					fmt.Fprintln(os.Stderr, ec.msg)
					os.Exit(ec.code)
				}
				fmt.Fprintln(os.Stderr, "onewindow "+c.name+": "+err.Error())
				os.Exit(1)
			}
			return
		}
	}
	usage()
	os.Exit(2)
}

// exitCode ends the program with a message and a specific status.
type exitCode struct {
	code int
	msg  string
}

func (e exitCode) Error() string { return e.msg }

func usage() {
	fmt.Fprintln(os.Stderr, "用法: onewindow <命令> [参数]\n\n命令:")
	for _, c := range commands() {
		fmt.Fprintf(os.Stderr, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(os.Stderr, "\n每个命令的参数: onewindow <命令> -h")
}

func logLevel() slog.Level {
	switch os.Getenv("ONEWINDOW_LOG") {
	case "debug":
		return slog.LevelDebug
	case "warn":
		return slog.LevelWarn
	}
	return slog.LevelInfo
}

func runVersion(ctx context.Context, args []string) error {
	fmt.Println("onewindow", version)
	return nil
}
