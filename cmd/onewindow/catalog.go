package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/onewindow/onewindow/internal/app"
	"github.com/onewindow/onewindow/internal/catalog"
	"github.com/onewindow/onewindow/internal/sqlstore"
)

// runCatalog: `onewindow catalog reindex` rebuilds the search index of
// every published item (after an upgrade that changes the token format, or
// to pick up renamed departments).
func runCatalog(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] != "reindex" {
		fmt.Fprintln(os.Stderr, "用法: onewindow catalog reindex [--data DIR] [--db DSN]")
		return exitCode{code: 2, msg: "未知的 catalog 子命令"}
	}
	var cfg app.Config
	fs := flag.NewFlagSet("catalog reindex", flag.ContinueOnError)
	dbFlags(fs, &cfg)
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	db, err := app.OpenDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	store := sqlstore.NewCatalogStore(db)
	svc := catalog.NewService(store, sqlstore.NewCatalogDepts(db), nil)
	n, err := svc.Reindex(ctx, store, func(n int) { fmt.Fprintf(os.Stderr, "已重建 %d 项…\n", n) })
	if err != nil {
		return err
	}
	fmt.Printf("已重建 %d 个已发布事项的搜索索引。\n", n)
	return nil
}
