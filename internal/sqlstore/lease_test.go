package sqlstore_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
)

func TestLeaseTakeRenewExpireRelease(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		try := func(holder string, ttl time.Duration, want bool) {
			t.Helper()
			got, err := db.TryLease(ctx, "deadline-scan", holder, ttl)
			if err != nil || got != want {
				t.Fatalf("TryLease(%s) = %v, %v; want %v", holder, got, err, want)
			}
		}
		if _, _, err := db.Lease(ctx, "deadline-scan"); !errs.Is(err, errs.NotFound) {
			t.Fatalf("lease before anyone took it: %v", err)
		}
		try("node-a", time.Minute, true)  // free: taken
		try("node-a", time.Minute, true)  // held by a: renewed
		try("node-b", time.Minute, false) // held by a: refused
		holder, until, err := db.Lease(ctx, "deadline-scan")
		if err != nil || holder != "node-a" || time.Until(until) < 50*time.Second {
			t.Fatalf("Lease = %s until %v, %v", holder, until, err)
		}

		try("node-a", 40*time.Millisecond, true) // renewed with a short ttl
		try("node-b", time.Minute, false)
		time.Sleep(80 * time.Millisecond)
		try("node-b", time.Minute, true) // expired: b takes it over
		try("node-a", time.Minute, false)

		// Only the holder can release; afterwards anyone takes it at once.
		if err := db.ReleaseLease(ctx, "deadline-scan", "node-a"); err != nil {
			t.Fatal(err)
		}
		try("node-a", time.Minute, false)
		if err := db.ReleaseLease(ctx, "deadline-scan", "node-b"); err != nil {
			t.Fatal(err)
		}
		try("node-a", time.Minute, true)

		// Leases are independent by name.
		if ok, err := db.TryLease(ctx, "reminders", "node-b", time.Minute); !ok || err != nil {
			t.Fatalf("another lease: %v, %v", ok, err)
		}
		if _, err := db.TryLease(ctx, "", "node-a", time.Minute); err == nil {
			t.Fatal("a lease without a name was accepted")
		}
	})
}

func TestLeaseRaceHasOneWinner(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		for round := range 5 {
			name := fmt.Sprintf("rollup-%d", round)
			var wins atomic.Int32
			var wg sync.WaitGroup
			start := make(chan struct{})
			for i := range 8 {
				wg.Go(func() {
					<-start
					ok, err := db.TryLease(ctx, name, fmt.Sprintf("node-%d", i), time.Minute)
					if err != nil {
						t.Error(err)
					}
					if ok {
						wins.Add(1)
					}
				})
			}
			close(start)
			wg.Wait()
			if wins.Load() != 1 {
				t.Fatalf("round %d: %d holders at once", round, wins.Load())
			}
		}
	})
}
