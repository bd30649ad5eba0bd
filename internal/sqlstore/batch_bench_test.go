package sqlstore_test

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
)

// benchWriters is how many goroutines write at once, as many concurrent
// case submissions would.
const benchWriters = 64

// BenchmarkBatchInsert measures durable writes of one row and one audit
// event each, from 64 concurrent writers: through Batch (group commit) and,
// for comparison, through WriteTx (one commit and fsync each).
//
//	go test ./internal/sqlstore -run X -bench BatchInsert -benchtime 3s
func BenchmarkBatchInsert(b *testing.B) {
	for _, engine := range sqltest.Engines {
		b.Run(string(engine), func(b *testing.B) {
			db := sqltest.Open(b, engine)
			createBatchTable(b, db)
			ctx := audit.WithActor(context.Background(), audit.Actor{ID: 1, Name: "clerk1", Role: "clerk", IP: "10.0.0.1"})
			var ids atomic.Int64
			write := func(tx *sqlstore.Tx) error {
				id := ids.Add(1)
				if err := insertBatchRow(ctx, tx, int(id), fmt.Sprint("v", id)); err != nil {
					return err
				}
				return tx.AppendAudit(ctx, audit.New(ctx, "batch.insert", "batch_t", fmt.Sprint(id), nil, map[string]any{"id": id}, ""))
			}
			for _, way := range []struct {
				name string
				run  func(context.Context, func(*sqlstore.Tx) error) error
			}{{"Batch", db.Batch}, {"WriteTx", db.WriteTx}} {
				b.Run(way.name, func(b *testing.B) {
					batches0, requests0 := db.BatchStats()
					var mu sync.Mutex
					var durs []time.Duration
					b.SetParallelism((benchWriters + runtime.GOMAXPROCS(0) - 1) / runtime.GOMAXPROCS(0))
					b.RunParallel(func(pb *testing.PB) {
						var mine []time.Duration
						for pb.Next() {
							start := time.Now()
							if err := way.run(ctx, write); err != nil {
								b.Error(err)
								return
							}
							mine = append(mine, time.Since(start))
						}
						mu.Lock()
						durs = append(durs, mine...)
						mu.Unlock()
					})
					b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "ops/s")
					reportPercentiles(b, durs)
					if batches, requests := db.BatchStats(); batches > batches0 {
						b.ReportMetric(float64(requests-requests0)/float64(batches-batches0), "req/batch")
					}
				})
			}
			if r := mustVerify(b, db); !r.OK {
				b.Fatalf("chain broken after the benchmark: %+v", r)
			}
		})
	}
}
