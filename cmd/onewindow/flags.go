package main

import (
	"flag"
	"os"
	"strconv"
	"strings"

	"github.com/onewindow/onewindow/internal/app"
)

// dbFlags are the storage flags every command shares, each with an
// environment equivalent (flags win).
func dbFlags(fs *flag.FlagSet, cfg *app.Config) {
	fs.StringVar(&cfg.DataDir, "data", env("ONEWINDOW_DATA", "data"), "数据目录：SQLite 文件、上传文件、密钥 (ONEWINDOW_DATA)")
	fs.StringVar(&cfg.DSN, "db", env("ONEWINDOW_DB", ""), "数据库：空 = 数据目录中的 SQLite；postgres://… = PostgreSQL (ONEWINDOW_DB)")
	cfg.PIIKey = os.Getenv("ONEWINDOW_PII_KEY")
}

func serveFlags(fs *flag.FlagSet, cfg *app.Config) {
	dbFlags(fs, cfg)
	fs.StringVar(&cfg.Addr, "addr", env("ONEWINDOW_ADDR", "127.0.0.1:8080"), "监听地址 (ONEWINDOW_ADDR)")
	demo, _ := strconv.ParseBool(env("ONEWINDOW_DEMO", "false"))
	fs.BoolVar(&cfg.Demo, "demo", demo, "首次启动时载入演示数据（迪庆州） (ONEWINDOW_DEMO)")
	if v := env("ONEWINDOW_TRUSTED_PROXIES", ""); v != "" {
		cfg.TrustedProxies = strings.Split(v, ",")
	}
	fs.Func("trusted-proxies", "信任其 X-Forwarded-For 的反向代理网段，逗号分隔（默认仅本机） (ONEWINDOW_TRUSTED_PROXIES)", func(s string) error {
		cfg.TrustedProxies = strings.Split(s, ",")
		return nil
	})
	warn, _ := strconv.Atoi(env("ONEWINDOW_WARN_DAYS", "2"))
	fs.IntVar(&cfg.WarnDays, "warn-days", warn, "办件到期前几个工作日开始黄色预警并提醒 (ONEWINDOW_WARN_DAYS)")
	fs.StringVar(&cfg.Region, "region", env("ONEWINDOW_REGION", ""), "本平台管辖的根行政区划代码，首次启动时初始管理员的授权范围 (ONEWINDOW_REGION)")
}

func env(name, def string) string {
	if v, ok := os.LookupEnv(name); ok {
		return v
	}
	return def
}
