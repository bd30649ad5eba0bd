package app

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/onewindow/onewindow/internal/cases"
	"github.com/onewindow/onewindow/internal/hotline"
	"github.com/onewindow/onewindow/internal/job"
	"github.com/onewindow/onewindow/internal/knowledge"
	"github.com/onewindow/onewindow/internal/rank"
	"github.com/onewindow/onewindow/internal/rating"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/supervise"
)

// buildJobs registers the periodic work. Leased jobs run on one node of
// several; cache refreshes run on every node.
func (a *App) buildJobs() error {
	a.jobs = job.NewRunner(a.DB, a.log)
	jobs := []job.Job{
		{Name: "sessions.purge", Interval: 10 * time.Minute, Run: func(ctx context.Context) error {
			_, err := a.Accounts.PurgeSessions(ctx)
			return err
		}},
	}
	// The chain's head is published to the log (shipped off the machine by
	// the operator): a later `audit verify --anchor` proves that no event up
	// to it was removed, even by someone who also reset audit_head.
	jobs = append(jobs, job.Job{Name: "audit.anchor", Interval: 10 * time.Minute, Run: func(ctx context.Context) error {
		h, err := a.DB.AuditHead(ctx)
		if err == nil {
			a.log.Info("audit anchor", "seq", h.Seq, "hash", h.Hash, "anchor", fmt.Sprintf("%d:%s", h.Seq, h.Hash))
		}
		return err
	}})
	// The statutory clock: deemed acceptance, reminders and escalation,
	// and the outbox of SMS / e-mail copies of messages.
	jobs = append(jobs,
		job.Job{Name: "cases.deem", Interval: 15 * time.Minute, Run: func(ctx context.Context) error {
			n, err := a.Cases.Deem(ctx)
			if n > 0 {
				a.log.Info("cases accepted by law", "count", n)
			}
			return err
		}},
		job.Job{Name: "cases.remind", Interval: 30 * time.Minute, Run: func(ctx context.Context) error {
			_, err := a.Cases.Remind(ctx)
			return err
		}},
		job.Job{Name: "messages.send", Interval: time.Minute, Run: func(ctx context.Context) error {
			_, err := cases.Dispatch(ctx, sqlstore.NewCaseStore(a.DB), []cases.Sender{
				cases.LogSender{Name: "sms", Log: a.log}, cases.LogSender{Name: "email", Log: a.log}})
			return err
		}})
	// 督办 reminders, and the daily overdue digest: run hourly, sent once a
	// day per department after 08:00 China time (overdue_digests).
	notices := supervise.NewService(sqlstore.NewSuperviseStore(a.DB), sqlstore.NewGovStore(a.DB), a.Cases, a.Calendar.Calendar, a.cfg.Now)
	jobs = append(jobs,
		job.Job{Name: "supervise.remind", Interval: 30 * time.Minute, Run: func(ctx context.Context) error {
			_, err := notices.Remind(ctx)
			return err
		}},
		job.Job{Name: "supervise.digest", Interval: time.Hour, Run: func(ctx context.Context) error {
			_, err := notices.DigestNow(ctx)
			return err
		}})
	// 12345 tickets past their sign or handle limit: one warning per limit.
	jobs = append(jobs, job.Job{Name: "hotline.remind", Interval: 15 * time.Minute, Run: func(ctx context.Context) error {
		_, err := hotline.NewService(sqlstore.NewHotlineStore(a.DB), a.Keys, nil, a.Calendar.Calendar, a.cfg.Now).Remind(ctx)
		return err
	}})
	// Knowledge-base review dates: the owning department is reminded once per article and date.
	jobs = append(jobs, job.Job{Name: "knowledge.remind", Interval: 24 * time.Hour, Run: func(ctx context.Context) error {
		_, err := knowledge.NewService(sqlstore.NewKnowledgeStore(a.DB), a.cfg.Now).Remind(ctx)
		return err
	}})
	// The rectification clocks (差评整改): reminders and escalations.
	jobs = append(jobs, job.Job{Name: "rectifications.remind", Interval: 30 * time.Minute, Run: func(ctx context.Context) error {
		_, err := rating.NewService(sqlstore.NewRatingStore(a.DB), a.Cases, a.Calendar.Calendar, a.cfg.Now).Remind(ctx)
		return err
	}})
	// Rankings (晾晒): keep last week's and last month's once they end.
	rankings := rank.NewService(sqlstore.NewRankStore(a.DB), sqlstore.NewStatStore(a.DB), sqlstore.NewGovStore(a.DB), a.cfg.Now)
	jobs = append(jobs, job.Job{Name: "rank.snapshots", Interval: time.Hour, Run: func(ctx context.Context) error {
		taken, err := rankings.TakeDueNow(ctx)
		if len(taken) > 0 {
			a.log.Info("rankings kept", "count", len(taken))
		}
		return err
	}})
	if a.DB.Engine == sqlstore.SQLite {
		jobs = append(jobs, job.Job{Name: "sqlite.optimize", Interval: 6 * time.Hour, Run: func(ctx context.Context) error {
			return a.DB.Optimize(ctx)
		}})
	}
	for _, j := range jobs {
		if err := a.jobs.Add(j); err != nil {
			return err
		}
	}
	return nil
}

// Start runs the background work until ctx ends; Wait on the result to
// let it finish.
func (a *App) Start(ctx context.Context) *sync.WaitGroup {
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		if err := a.jobs.Run(ctx); err != nil && ctx.Err() == nil {
			a.log.Error("jobs stopped", "err", err)
		}
	}()
	go func() {
		// Every node keeps its own calendar snapshot; another node's change
		// reaches this one within the interval (Reload is cheap when nothing changed).
		defer wg.Done()
		t := time.NewTicker(30 * time.Second)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if err := a.Calendar.Reload(ctx); err != nil && ctx.Err() == nil {
					a.log.Warn("calendar reload", "err", err)
				}
			}
		}
	}()
	return &wg
}

// registerMetrics exposes the jobs' state.
func (a *App) registerMetrics(reg *prometheus.Registry) {
	reg.MustRegister(&jobCollector{runner: a.jobs})
}

type jobCollector struct{ runner *job.Runner }

var (
	jobRuns     = prometheus.NewDesc("onewindow_job_runs_total", "Runs of a periodic job on this node.", []string{"job"}, nil)
	jobFailures = prometheus.NewDesc("onewindow_job_failures_total", "Failed runs of a periodic job on this node.", []string{"job"}, nil)
	jobHolding  = prometheus.NewDesc("onewindow_job_lease_held", "1 when this node holds the job's lease.", []string{"job"}, nil)
	jobLastEnd  = prometheus.NewDesc("onewindow_job_last_end_seconds", "Unix time the job last finished on this node.", []string{"job"}, nil)
)

func (c *jobCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- jobRuns
	ch <- jobFailures
	ch <- jobHolding
	ch <- jobLastEnd
}

func (c *jobCollector) Collect(ch chan<- prometheus.Metric) {
	for _, s := range c.runner.Status() {
		held := 0.0
		if s.Holding {
			held = 1
		}
		ch <- prometheus.MustNewConstMetric(jobRuns, prometheus.CounterValue, float64(s.Runs), s.Name)
		ch <- prometheus.MustNewConstMetric(jobFailures, prometheus.CounterValue, float64(s.Failures), s.Name)
		ch <- prometheus.MustNewConstMetric(jobHolding, prometheus.GaugeValue, held, s.Name)
		if !s.LastEnd.IsZero() {
			ch <- prometheus.MustNewConstMetric(jobLastEnd, prometheus.GaugeValue, float64(s.LastEnd.Unix()), s.Name)
		}
	}
}
