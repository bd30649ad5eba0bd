package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/user"
	"strconv"
	"strings"
	"time"

	"github.com/onewindow/onewindow/internal/app"
	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/workcal"
)

const calendarUsage = `用法:
  onewindow calendar import FILE [--check] [--data DIR] [--db DSN]
      导入一年的全国放假安排（整年替换内置或此前导入的同一年份）；FILE 为 - 时读标准输入；
      --check 只检查文件，不导入。
  onewindow calendar add --from YYYY-MM-DD --days N [--region 代码]
      推算 from 之后的第 N 个工作日（from 当天不计入）。
  onewindow calendar between --from YYYY-MM-DD --to YYYY-MM-DD [--region 代码]
      计算 from 之后、to 当天及以前的工作日天数。
  onewindow calendar years
      列出有放假安排的年份及来源。

文件格式（每行一项，# 开头为注释）:
  year 2027
  notice 国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕X号）
  holiday 2027-01-01..2027-01-03 元旦
  workday 2027-02-20 春节调休
`

// runCalendar is `onewindow calendar`: import a year's national schedule
// and query the calendar the server counts with (embedded years plus the
// database's imports and region days).
func runCalendar(ctx context.Context, args []string) error {
	return calendarCmd(ctx, args, os.Stdout)
}

func calendarCmd(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(os.Stderr, calendarUsage)
		return exitCode{code: 2, msg: "缺少 calendar 子命令"}
	}
	switch args[0] {
	case "import":
		return calendarImport(ctx, args[1:], out)
	case "add", "between":
		return calendarQuery(ctx, args[0], args[1:], out)
	case "years":
		return calendarYears(ctx, args[1:], out)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(out, calendarUsage)
		return flag.ErrHelp
	}
	fmt.Fprint(os.Stderr, calendarUsage)
	return exitCode{code: 2, msg: fmt.Sprintf("未知的 calendar 子命令“%s”", args[0])}
}

// calendarFlags is a flag set with the shared storage flags whose usage
// message is the calendar's.
func calendarFlags(name string, cfg *app.Config) *flag.FlagSet {
	fs := flag.NewFlagSet("calendar "+name, flag.ContinueOnError)
	fs.SetOutput(os.Stderr)
	dbFlags(fs, cfg)
	fs.Usage = func() { fmt.Fprint(fs.Output(), calendarUsage, "\n参数:\n"); fs.PrintDefaults() }
	return fs
}

// parseAll parses flags before and after positional arguments
// (`import FILE --data DIR` as well as `import --data DIR FILE`).
func parseAll(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		pos, args = append(pos, rest[0]), rest[1:]
	}
}

// openCalendar opens the database and loads the calendar as the server sees it.
func openCalendar(ctx context.Context, cfg app.Config) (*workcal.Service, *sqlstore.DB, error) {
	db, err := app.OpenDB(ctx, cfg)
	if err != nil {
		return nil, nil, err
	}
	svc := workcal.NewService(sqlstore.NewCalendarStore(db), workcal.Embedded()...)
	if err := svc.Reload(ctx); err != nil {
		db.Close()
		return nil, nil, err
	}
	return svc, db, nil
}

// cliActor is who the audit log names for a command-line change. The
// command holds no role grant: whoever can run it with access to the data
// directory or the database acts outside the web roles, so the event says
// so ("onewindow-cli") and records the operating-system account in the
// role field ("cli:alice"), the only field a command can fill besides the
// name (the calendar service writes no reason).
func cliActor() audit.Actor {
	name := os.Getenv("USER")
	if u, err := user.Current(); err == nil && u.Username != "" {
		name = u.Username
	}
	if name == "" {
		name = "unknown"
	}
	return audit.Actor{Name: "onewindow-cli", Role: "cli:" + name}
}

func calendarImport(ctx context.Context, args []string, out io.Writer) error {
	var cfg app.Config
	fs := calendarFlags("import", &cfg)
	check := fs.Bool("check", false, "只检查文件，不导入")
	pos, err := parseAll(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fs.Usage()
		return exitCode{code: 2, msg: "calendar import 需要且只需要一个文件"}
	}
	name := pos[0]
	var r io.Reader = os.Stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return exitCode{code: 1, msg: fmt.Sprintf("无法打开文件 %s：%v", name, err)}
		}
		defer f.Close()
		r = f
	}
	sch, err := workcal.ParseSchedule(r)
	if err != nil {
		return exitCode{code: 1, msg: fmt.Sprintf("%s：%s（未导入任何内容）", name, errs.MessageOf(err))}
	}
	h, w := sch.Counts()
	summary := fmt.Sprintf("%d 年：放假 %d 天，调休上班 %d 天", sch.Year, h, w)
	if sch.Notice != "" {
		summary += "；依据 " + sch.Notice
	}
	if *check {
		fmt.Fprintf(out, "文件无误（未导入）：%s\n", summary)
		return nil
	}
	svc, db, err := openCalendar(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	replaced := svc.Calendar().HasYear(sch.Year)
	if err := svc.ImportYear(audit.WithActor(ctx, cliActor()), sch); err != nil {
		return domainExit(err)
	}
	fmt.Fprintf(out, "已导入 %s\n", summary)
	if replaced {
		fmt.Fprintf(out, "该年原有的安排已整体替换。\n")
	}
	fmt.Fprintln(out, "运行中的服务会在一分钟内载入新安排。")
	return nil
}

func calendarQuery(ctx context.Context, which string, args []string, out io.Writer) error {
	var cfg app.Config
	fs := calendarFlags(which, &cfg)
	fromText := fs.String("from", "", "起始日期 YYYY-MM-DD（当天不计入）")
	toText := fs.String("to", "", "截止日期 YYYY-MM-DD（between，当天计入）")
	days := fs.Int("days", 0, "工作日天数（add，1 到 3650）")
	region := fs.String("region", "", "行政区划代码：计入该地区及其上级地区的特别安排")
	pos, err := parseAll(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		fs.Usage()
		return exitCode{code: 2, msg: fmt.Sprintf("多余的参数“%s”", strings.Join(pos, " "))}
	}
	from, err := workcal.ParseDateField("from", *fromText)
	if err != nil {
		return domainExit(err)
	}
	var to workcal.Date
	if which == "between" {
		if to, err = workcal.ParseDateField("to", *toText); err != nil {
			return domainExit(err)
		}
	}
	svc, db, err := openCalendar(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	cal := svc.Calendar()
	if which == "add" {
		res, err := cal.Add(from, *days, strings.TrimSpace(*region))
		if err != nil {
			return domainExit(err)
		}
		fmt.Fprintln(out, res.Date)
		fmt.Fprintln(out, res.Explain())
		return nil
	}
	res, err := cal.Span(from, to, strings.TrimSpace(*region))
	if err != nil {
		return domainExit(err)
	}
	fmt.Fprintln(out, res.Days)
	fmt.Fprintln(out, res.Explain())
	return nil
}

func calendarYears(ctx context.Context, args []string, out io.Writer) error {
	var cfg app.Config
	fs := calendarFlags("years", &cfg)
	if _, err := parseAll(fs, args); err != nil {
		return err
	}
	svc, db, err := openCalendar(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	rows := [][]string{{"年份", "来源", "放假", "调休上班", "更新时间", "通知"}}
	for _, y := range svc.Years() {
		src, at := "内置", "-"
		if y.Source == workcal.SourceOverride {
			src = "导入"
			if y.Replaces {
				src = "导入（替代内置）"
			}
			at = y.UpdatedAt.In(workcal.China).Format("2006-01-02 15:04")
		}
		rows = append(rows, []string{strconv.Itoa(y.Year), src, strconv.Itoa(y.Holidays), strconv.Itoa(y.Workdays), at, y.Notice})
	}
	printTable(out, rows)
	for _, y := range svc.Calendar().MissingYears(workcal.Today(time.Now())) {
		fmt.Fprintf(out, "注意：%d 年没有全国放假安排数据，该年的期限暂按周末推算；通知发布后请导入。\n", y)
	}
	return nil
}

// domainExit shows a domain error's Chinese message (not its code) and
// exits 1; other errors go to main as they are.
func domainExit(err error) error {
	var e *errs.Error
	if errors.As(err, &e) && e.Code != errs.Internal && e.Code != errs.Unavailable {
		return exitCode{code: 1, msg: e.Message}
	}
	return err
}

// printTable writes rows in columns two spaces apart, measuring Chinese
// characters as two terminal cells (text/tabwriter counts them as one).
func printTable(out io.Writer, rows [][]string) {
	var widths []int
	for _, row := range rows {
		for i, cell := range row {
			if i == len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], cellWidth(cell))
		}
	}
	for _, row := range rows {
		var b strings.Builder
		for i, cell := range row {
			b.WriteString(cell)
			if i < len(row)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-cellWidth(cell)+2))
			}
		}
		fmt.Fprintln(out, strings.TrimRight(b.String(), " "))
	}
}

// cellWidth counts East Asian wide characters (CJK, full-width forms) as two cells.
func cellWidth(s string) int {
	n := 0
	for _, r := range s {
		switch {
		case r >= 0x1100 && r <= 0x115F, r >= 0x2E80 && r <= 0xA4CF, r >= 0xAC00 && r <= 0xD7A3,
			r >= 0xF900 && r <= 0xFAFF, r >= 0xFE30 && r <= 0xFE4F, r >= 0xFF00 && r <= 0xFF60, r >= 0xFFE0 && r <= 0xFFE6:
			n += 2
		default:
			n++
		}
	}
	return n
}
