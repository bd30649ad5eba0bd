package main

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"github.com/onewindow/onewindow/internal/app"
	"github.com/onewindow/onewindow/internal/catalog"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
)

// TestCatalogReindex empties the search index the way a token-format
// change would make it stale, then rebuilds it with `onewindow catalog reindex`.
func TestCatalogReindex(t *testing.T) {
	for _, e := range sqltest.Engines {
		t.Run(string(e), func(t *testing.T) {
			ctx := context.Background()
			dir, dsn := t.TempDir(), sqltest.DSN(t, e)
			a, err := app.New(ctx, app.Config{DataDir: dir, DSN: dsn, Demo: true, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			search := func() int {
				res, err := a.Catalog.Search(ctx, catalog.Query{Text: "执照"})
				if err != nil {
					t.Fatal(err)
				}
				return len(res.Hits)
			}
			before := search()
			if before == 0 {
				t.Fatal("the demo catalog has no 执照 items")
			}
			if _, err := a.DB.Exec(ctx, "DELETE FROM item_fts"); err != nil {
				t.Fatal(err)
			}
			if n := search(); n != 0 {
				t.Fatalf("%d hits with an empty index", n)
			}
			if err := runCatalog(ctx, []string{"reindex", "--data", dir, "--db", dsn}); err != nil {
				t.Fatal(err)
			}
			if n := search(); n != before {
				t.Fatalf("after reindex: %d hits, before %d", n, before)
			}
		})
	}
}
