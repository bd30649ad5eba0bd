package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/app"
	"github.com/onewindow/onewindow/internal/catalog"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/workcal"
)

// Options choose what to measure.
type Options struct {
	Cases       int           // cases to have stored before reading (seeded up to this many)
	Duration    time.Duration // per measurement
	Concurrency int           // clients at once
	Only        []string      // submit, read, inbox, mine, dashboard; empty: all
	Log         func(format string, args ...any)
}

// Result is one measurement.
type Result struct {
	Name     string
	Requests int
	Errors   int
	PerSec   float64
	P50, P95 time.Duration
	P99      time.Duration
	Note     string
}

func (r Result) String() string {
	return fmt.Sprintf("%-9s %8.0f req/s  p50 %6.2f ms  p95 %6.2f ms  p99 %6.2f ms  (%d requests, %d errors) %s",
		r.Name, r.PerSec, ms(r.P50), ms(r.P95), ms(r.P99), r.Requests, r.Errors, r.Note)
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// BenchItem is the code of the item the benchmark applies for.
const BenchItem = "BENCH-533400"

// Run prepares a (demo) app and measures it.
func Run(ctx context.Context, a *app.App, o Options) ([]Result, error) {
	logf := o.Log
	if logf == nil {
		logf = func(string, ...any) {}
	}
	if o.Concurrency <= 0 {
		o.Concurrency = 64
	}
	if o.Duration <= 0 {
		o.Duration = 10 * time.Second
	}
	pop, err := prepare(ctx, a)
	if err != nil {
		return nil, err
	}
	var stored int
	if err := a.DB.Reader().QueryRowContext(ctx, a.DB.Rebind("SELECT COUNT(*) FROM cases")).Scan(&stored); err != nil {
		return nil, err
	}
	var mine []string
	if o.Cases > stored {
		logf("seeding %d cases (%d stored) …", o.Cases-stored, stored)
		t0 := time.Now()
		mine, err = Seed(ctx, a.DB, o.Cases-stored, pop, func(done int) {
			if done%200000 == 0 {
				logf("  %d", done)
			}
		})
		if err != nil {
			return nil, err
		}
		logf("seeded in %s", time.Since(t0).Round(time.Second))
	} else {
		rows, err := a.DB.Reader().QueryContext(ctx, a.DB.Rebind("SELECT number FROM cases WHERE applicant_id = ? ORDER BY id DESC LIMIT 10000"), pop.Applicants[0])
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var n string
			rows.Scan(&n)
			mine = append(mine, n)
		}
		rows.Close()
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	srv := &http.Server{Handler: a.Handler()}
	go srv.Serve(ln)
	defer srv.Close()
	base := "http://" + ln.Addr().String()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: o.Concurrency * 2, MaxConnsPerHost: o.Concurrency * 2}}
	citizen, err := login(client, base, "citizen1")
	if err != nil {
		return nil, err
	}
	reviewer, err := login(client, base, "reviewer1")
	if err != nil {
		return nil, err
	}
	want := func(name string) bool { return len(o.Only) == 0 || slices.Contains(o.Only, name) }
	var out []Result
	if want("submit") {
		body := []byte(fmt.Sprintf(`{"item_code":%q,"form":{"note":"压测申请"}}`, BenchItem))
		r := measure(ctx, "submit", o, func(rng *rand.Rand) error {
			return do(client, http.MethodPost, base+"/api/v1/cases", citizen, body, http.StatusCreated)
		})
		r.Note = "durable (synchronous=FULL / fsync), group commit"
		out = append(out, r)
	}
	if want("read") && len(mine) > 0 {
		r := measure(ctx, "read", o, func(rng *rand.Rand) error {
			return do(client, http.MethodGet, base+"/api/v1/cases/"+mine[rng.IntN(len(mine))], citizen, nil, http.StatusOK)
		})
		r.Note = "one case with tasks, timeline, documents"
		out = append(out, r)
	}
	if want("inbox") {
		r := measure(ctx, "inbox", o, func(rng *rand.Rand) error {
			return do(client, http.MethodGet, base+"/api/v1/cases?view=inbox&limit=20", reviewer, nil, http.StatusOK)
		})
		r.Note = "reviewer's first page, due first, with total"
		out = append(out, r)
	}
	if want("mine") {
		r := measure(ctx, "mine", o, func(rng *rand.Rand) error {
			return do(client, http.MethodGet, base+"/api/v1/cases?view=mine&limit=20", citizen, nil, http.StatusOK)
		})
		r.Note = "applicant's first page with total"
		out = append(out, r)
	}
	if want("dashboard") {
		sup, err := login(client, base, "supervisor1")
		if err != nil {
			return nil, err
		}
		periods := dashboardPeriods(time.Now())
		do := dashboardLoad(client, base, sup, periods)
		d := o
		d.Concurrency = min(o.Concurrency, 4)
		r := measure(ctx, "dashboard", d, do)
		r.Note = fmt.Sprintf("one dashboard = indicators + by region + by dept + by month, random period, %d supervisors at once", d.Concurrency)
		out = append(out, r)
		r = measure(ctx, "figure", d, func(rng *rand.Rand) error {
			p := periods[rng.IntN(len(periods))]
			return do1(client, base+"/api/v1/stats/indicators?region=533400&"+p, sup)
		})
		r.Note = "indicators of the prefecture, random period"
		out = append(out, r)
	}
	return out, nil
}

// dashboardPeriods are the periods a supervisor looks at: this month,
// the last 30 days, this year, last year, a quarter, a custom stretch.
func dashboardPeriods(now time.Time) []string {
	today := workcal.Today(now)
	first := workcal.NewDate(today.Year(), today.Month(), 1)
	p := func(from, to workcal.Date) string { return "from=" + from.String() + "&to=" + to.String() }
	return []string{
		p(first, today),
		p(today.AddDays(-29), today),
		p(workcal.NewDate(today.Year(), 1, 1), today),
		p(workcal.NewDate(today.Year()-1, 1, 1), workcal.NewDate(today.Year()-1, 12, 31)),
		p(workcal.NewDate(today.Year(), 4, 1), workcal.NewDate(today.Year(), 6, 30)),
		p(workcal.NewDate(today.Year()-1, 3, 17), workcal.NewDate(today.Year(), 2, 11)),
	}
}

// dashboardLoad loads what the dashboard shows for a random period.
func dashboardLoad(c *http.Client, base, token string, periods []string) func(*rand.Rand) error {
	return func(rng *rand.Rand) error {
		p := periods[rng.IntN(len(periods))]
		for _, path := range []string{"/api/v1/stats/indicators?region=533400&", "/api/v1/stats/breakdown?by=region&region=533400&",
			"/api/v1/stats/breakdown?by=dept&region=533400&", "/api/v1/stats/breakdown?by=month&region=533400&"} {
			if err := do1(c, base+path+p, token); err != nil {
				return err
			}
		}
		return nil
	}
}

func do1(c *http.Client, url, token string) error {
	return do(c, http.MethodGet, url, token, nil, http.StatusOK)
}

// measure runs f from o.Concurrency clients for o.Duration.
func measure(ctx context.Context, name string, o Options, f func(*rand.Rand) error) Result {
	ctx, cancel := context.WithTimeout(ctx, o.Duration)
	defer cancel()
	var mu sync.Mutex
	var lat []time.Duration
	var errCount atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for w := 0; w < o.Concurrency; w++ {
		wg.Add(1)
		go func(seed uint64) {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(seed, 7))
			var mine []time.Duration
			for ctx.Err() == nil {
				t0 := time.Now()
				if err := f(rng); err != nil {
					errCount.Add(1)
					continue
				}
				mine = append(mine, time.Since(t0))
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		}(uint64(w))
	}
	wg.Wait()
	el := time.Since(start)
	slices.Sort(lat)
	r := Result{Name: name, Requests: len(lat), Errors: int(errCount.Load())}
	if len(lat) > 0 {
		r.PerSec = float64(len(lat)) / el.Seconds()
		r.P50, r.P95, r.P99 = lat[len(lat)/2], lat[len(lat)*95/100], lat[len(lat)*99/100]
	}
	return r
}

func do(c *http.Client, method, url, token string, body []byte, want int) error {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != want {
		return fmt.Errorf("%s %s: %d", method, url, resp.StatusCode)
	}
	return nil
}

func login(c *http.Client, base, user string) (string, error) {
	body, _ := json.Marshal(map[string]string{"username": user, "password": app.DemoPassword})
	resp, err := c.Post(base+"/api/v1/session", "application/json", bytes.NewReader(body))
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var out struct {
		Token string `json:"token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || out.Token == "" {
		return "", fmt.Errorf("login %s: status %d", user, resp.StatusCode)
	}
	return out.Token, nil
}

// prepare makes the benchmark item (a copy of the demo's 食品经营许可 with
// a one-field form and no required material, so a submission is one JSON
// request) and finds the population of generated cases.
func prepare(ctx context.Context, a *app.App) (Population, error) {
	var pop Population
	src, err := a.Catalog.Applicable(ctx, "010260100000-533400")
	if err != nil {
		return pop, fmt.Errorf("the benchmark needs the demo data (serve --demo once): %w", err)
	}
	if _, err := a.Catalog.Applicable(ctx, BenchItem); errs.Is(err, errs.NotFound) {
		ed, err1 := principal(ctx, a, "catalog1")
		pub, err2 := principal(ctx, a, "catalog2")
		if err1 != nil || err2 != nil {
			return pop, fmt.Errorf("catalog managers: %v %v", err1, err2)
		}
		doc := src.Doc
		doc.Code, doc.BaseCode, doc.Name = BenchItem, "BENCH", "压测事项（食品经营许可副本）"
		doc.Form = []catalog.Field{{Key: "note", Label: "申请说明", Type: catalog.FieldText, Required: true, MaxLength: 200}}
		doc.Materials = []catalog.Material{{Key: "m1", Name: "补充材料", Requirement: catalog.Optional, Forms: []string{catalog.FormElectronic}}}
		doc.Targets = []string{catalog.TargetPerson, catalog.TargetOrg}
		it, err := a.Catalog.Create(ctx, ed, doc, false, "压测事项")
		if err != nil {
			return pop, err
		}
		if _, err := a.Catalog.Publish(ctx, pub, it.Code, it.Version); err != nil {
			return pop, err
		}
	} else if err != nil {
		return pop, err
	}
	pop.ItemCode, pop.ItemName, pop.Region = BenchItem, "压测事项（食品经营许可副本）", src.Doc.RegionCode
	r := a.DB.Reader()
	if err := r.QueryRowContext(ctx, a.DB.Rebind("SELECT id FROM halls WHERE region_code = ? AND kind = 'centre' ORDER BY id LIMIT 1"), pop.Region).Scan(&pop.HallID); err != nil {
		return pop, err
	}
	pop.DeptIDs, pop.DeptNames = []int64{src.Doc.DeptID}, []string{"迪庆州市场监督管理局"}
	pop.Regions = []string{pop.Region}
	regs, err := r.QueryContext(ctx, a.DB.Rebind("SELECT code FROM regions WHERE code > ? AND code < ? AND LENGTH(code) = 6 ORDER BY code"), pop.Region, pop.Region[:4]+"99")
	if err != nil {
		return pop, err
	}
	for regs.Next() {
		var code string
		regs.Scan(&code)
		pop.Regions = append(pop.Regions, code)
	}
	regs.Close()
	rows, err := r.QueryContext(ctx, a.DB.Rebind("SELECT id, name FROM depts WHERE region_code = ? AND id <> ? ORDER BY id"), pop.Region, src.Doc.DeptID)
	if err != nil {
		return pop, err
	}
	for rows.Next() {
		var id int64
		var n string
		rows.Scan(&id, &n)
		pop.DeptIDs, pop.DeptNames = append(pop.DeptIDs, id), append(pop.DeptNames, n)
	}
	rows.Close()
	cit, err := a.Accounts.ByUsername(ctx, "citizen1")
	if err != nil {
		return pop, err
	}
	pop.Applicants, pop.ApplicantNm = []int64{cit.ID}, cit.Name
	rows, err = r.QueryContext(ctx, a.DB.Rebind("SELECT id FROM accounts WHERE kind IN ('person', 'org') AND id <> ? ORDER BY id"), cit.ID)
	if err != nil {
		return pop, err
	}
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		pop.Applicants = append(pop.Applicants, id)
	}
	rows.Close()
	return pop, nil
}

func principal(ctx context.Context, a *app.App, username string) (*access.Principal, error) {
	acc, err := a.Accounts.ByUsername(ctx, username)
	if err != nil {
		return nil, err
	}
	return &access.Principal{AccountID: acc.ID, Username: acc.Username, Kind: acc.Kind,
		Grants: []access.Grant{{Role: access.CatalogManager, Region: "530000"}}}, nil
}
