package account_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/onewindow/onewindow/internal/account"
	"github.com/onewindow/onewindow/internal/pii"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
	"github.com/onewindow/onewindow/internal/validate"
)

// BenchmarkLogin measures full logins (argon2id check, session insert and
// audit append in one durable transaction) on each engine, from parallel clients.
func BenchmarkLogin(b *testing.B) {
	for _, e := range sqltest.Engines {
		b.Run(string(e), func(b *testing.B) {
			db := sqltest.Open(b, e)
			keys, _ := pii.NewRandom()
			svc := account.NewService(sqlstore.NewAccountStore(db), keys, nil, nil)
			ctx := context.Background()
			const users = 32
			for i := 0; i < users; i++ {
				id := validate.MakeIDNumber("533401", time.Date(1980, 1, 1+i, 0, 0, 0, 0, time.UTC), i)
				if _, err := svc.Register(ctx, account.RegisterInput{Kind: "person", Name: "测试", IDNumber: id,
					Phone: "13900000000", Username: fmt.Sprintf("bench%02d", i), Password: "Bench-Pass1"}); err != nil {
					b.Fatal(err)
				}
			}
			var n atomic.Int64
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					u := fmt.Sprintf("bench%02d", n.Add(1)%users)
					if _, _, _, err := svc.Login(ctx, account.LoginInput{Username: u, Password: "Bench-Pass1", Kind: account.SessionAPI}); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "logins/s")
		})
	}
}

// BenchmarkAuthenticate measures resolving a bearer token into a principal
// (every authenticated request pays this).
func BenchmarkAuthenticate(b *testing.B) {
	for _, e := range sqltest.Engines {
		b.Run(string(e), func(b *testing.B) {
			db := sqltest.Open(b, e)
			keys, _ := pii.NewRandom()
			svc := account.NewService(sqlstore.NewAccountStore(db), keys, nil, nil)
			ctx := context.Background()
			id := validate.MakeIDNumber("533401", time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC), 1)
			if _, err := svc.Register(ctx, account.RegisterInput{Kind: "person", Name: "测试", IDNumber: id,
				Phone: "13900000000", Username: "tester", Password: "Bench-Pass1"}); err != nil {
				b.Fatal(err)
			}
			token, _, _, err := svc.Login(ctx, account.LoginInput{Username: "tester", Password: "Bench-Pass1"})
			if err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if _, _, err := svc.Authenticate(ctx, token); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}
