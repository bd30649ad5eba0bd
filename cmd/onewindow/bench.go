package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/onewindow/onewindow/internal/app"
	"github.com/onewindow/onewindow/internal/bench"
)

// runBench measures the figures of DESIGN.md on this machine: it loads the
// demo (and generated cases) into the given database and drives the real
// HTTP handler from concurrent clients.
func runBench(ctx context.Context, args []string) error {
	var cfg app.Config
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	dbFlags(fs, &cfg)
	var o bench.Options
	var only string
	fs.IntVar(&o.Cases, "cases", 1_000_000, "读取测试前库中应有的办件数（不足时批量生成）")
	fs.DurationVar(&o.Duration, "duration", 10*time.Second, "每项测量时长")
	fs.IntVar(&o.Concurrency, "concurrency", 64, "并发客户端数")
	fs.StringVar(&only, "only", "", "只测这些项，逗号分隔：submit,read,inbox,mine,dashboard")
	cpuprofile := fs.String("cpuprofile", "", "把 CPU 剖析写入此文件（go tool pprof 查看）")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if only != "" {
		o.Only = strings.Split(only, ",")
	}
	cfg.Demo = true
	cfg.Addr = "127.0.0.1:0"
	a, err := app.New(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	o.Log = func(format string, args ...any) { fmt.Fprintf(os.Stderr, format+"\n", args...) }
	host, _ := os.Hostname()
	fmt.Printf("onewindow bench %s · %s · %d CPU · %s · %s\n", version, a.DB.Engine, runtime.NumCPU(), host, time.Now().Format(time.DateOnly))
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	res, err := bench.Run(ctx, a, o)
	if err != nil {
		return err
	}
	for _, r := range res {
		fmt.Println(r)
	}
	return nil
}
