package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/onewindow/onewindow/internal/app"
)

func runServe(ctx context.Context, args []string) error {
	var cfg app.Config
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	serveFlags(fs, &cfg)
	if err := fs.Parse(args); err != nil {
		return err
	}
	start := time.Now()
	a, err := app.New(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	ln, err := net.Listen("tcp", a.Addr())
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           a.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	jobs := a.Start(ctx)
	slog.Info("onewindow serving", "addr", "http://"+ln.Addr().String(), "version", version, "startup_ms", time.Since(start).Milliseconds())
	if len(a.DemoLogins) > 0 {
		fmt.Printf("\n演示账号（密码均为 %s）:\n", app.DemoPassword)
		for _, l := range a.DemoLogins {
			fmt.Printf("  %-12s %s\n", l.Username, l.Role)
		}
		fmt.Printf("\n打开 http://%s/\n\n", ln.Addr().String())
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		if !errors.Is(err, http.ErrServerClosed) {
			return err
		}
	case <-ctx.Done():
		slog.Info("shutting down")
		sctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		srv.Shutdown(sctx)
	}
	jobs.Wait()
	return nil
}

func runMigrate(ctx context.Context, args []string) error {
	var cfg app.Config
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	dbFlags(fs, &cfg)
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, err := app.OpenDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	cur, known, err := db.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	fmt.Printf("数据库结构版本 %d（本程序支持 %d），引擎 %s\n", cur, known, db.Engine)
	return nil
}

func runDemo(ctx context.Context, args []string) error {
	var cfg app.Config
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	dbFlags(fs, &cfg)
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg.Demo = true
	a, err := app.New(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	fmt.Printf("演示数据已就绪（%d 个演示账号，密码 %s）\n", len(a.DemoLogins), app.DemoPassword)
	return nil
}
