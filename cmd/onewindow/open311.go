package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/onewindow/onewindow/internal/app"
	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/open311"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/workcal"
)

const open311Usage = `用法:
  onewindow open311 keys add --region 533400 --name "某某 app"   签发 api_key（只显示这一次）
  onewindow open311 keys list                                   列出 api_key（不含密钥本身）
  onewindow open311 keys revoke --id N                          立即停用 api_key
每个子命令另可加 --data DIR --db DSN。`

// runOpen311 manages the api keys Open311 apps file 12345 tickets with
// (docs/open311.md). A new key is printed once to stdout and stored only
// as its SHA-256; it never reaches the log or the audit record.
func runOpen311(ctx context.Context, args []string) error {
	if len(args) < 2 || args[0] != "keys" {
		fmt.Fprintln(os.Stderr, open311Usage)
		return exitCode{code: 2, msg: "未知的 open311 子命令"}
	}
	var cfg app.Config
	fs := flag.NewFlagSet("open311 keys "+args[1], flag.ContinueOnError)
	dbFlags(fs, &cfg)
	region := fs.String("region", "", "受理地区（行政区划代码）：只能向该地区及其下级提交，也是未填 jurisdiction_id 时的地区")
	name := fs.String("name", "", "应用名称")
	id := fs.Int64("id", 0, "api_key 编号（keys list 的第一列）")
	if err := fs.Parse(args[2:]); err != nil {
		return err
	}
	db, err := app.OpenDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx = audit.WithActor(ctx, audit.Actor{Name: "system", Role: "cli"})
	svc := open311.NewService(nil, sqlstore.NewOpen311Store(db), nil)
	switch args[1] {
	case "add":
		key, k, err := svc.AddKey(ctx, *name, *region)
		if err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "已签发 api_key %d（%s，地区 %s）。密钥只显示这一次，请立即交给应用开发者妥善保存：\n", k.ID, k.Name, k.Region)
		fmt.Println(key)
	case "list":
		keys, err := svc.Keys(ctx)
		if err != nil {
			return err
		}
		for _, k := range keys {
			state := "有效"
			if !k.Active {
				state = "已停用 " + k.RevokedAt.In(workcal.China).Format("2006-01-02 15:04")
			}
			fmt.Printf("%d\t%s…\t%s\t%s\t%s\t%s\n", k.ID, k.Prefix, k.Region, strings.ReplaceAll(k.Name, "\t", " "),
				k.CreatedAt.In(workcal.China).Format("2006-01-02 15:04"), state)
		}
	case "revoke":
		if err := svc.RevokeKey(ctx, *id); err != nil {
			return err
		}
		fmt.Printf("api_key %d 已停用。\n", *id)
	default:
		fmt.Fprintln(os.Stderr, open311Usage)
		return exitCode{code: 2, msg: "未知的 open311 keys 子命令"}
	}
	return nil
}
