package hotline_test

import (
	"testing"

	"github.com/onewindow/onewindow/internal/cases/casestest"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
)

// BenchmarkIntake takes phone tickets one after another through the
// service (validation, subject lookup, sealing the number, numbering,
// the insert with its timeline event and audit event, durable commit).
func BenchmarkIntake(b *testing.B) {
	for _, engine := range sqltest.Engines {
		b.Run(string(engine), func(b *testing.B) {
			e := newEnv(b, sqltest.Open(b, engine))
			ctx := casestest.Ctx(e.agent)
			in := call("0301", "533401")
			b.ResetTimer()
			for b.Loop() {
				if _, err := e.svc.Intake(ctx, e.agent, in); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "tickets/s")
		})
	}
}

// BenchmarkIntakeParallel takes tickets from many agents at once.
func BenchmarkIntakeParallel(b *testing.B) {
	for _, engine := range sqltest.Engines {
		b.Run(string(engine), func(b *testing.B) {
			e := newEnv(b, sqltest.Open(b, engine))
			ctx := casestest.Ctx(e.agent)
			in := call("0301", "533401")
			b.SetParallelism(4)
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if _, err := e.svc.Intake(ctx, e.agent, in); err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "tickets/s")
		})
	}
}
