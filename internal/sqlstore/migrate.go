package sqlstore

import (
	"context"
	"embed"
	"fmt"
	"hash/fnv"
	"io/fs"
	"log/slog"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

//go:embed migrations
var migrations embed.FS

// SchemaVersion reports the database's migration version and the newest
// version this binary knows.
func (db *DB) SchemaVersion(ctx context.Context) (current, known int64, err error) {
	p, err := db.provider()
	if err != nil {
		return 0, 0, err
	}
	current, err = p.GetDBVersion(ctx)
	if err != nil {
		return 0, 0, err
	}
	srcs := p.ListSources()
	if len(srcs) > 0 {
		known = srcs[len(srcs)-1].Version
	}
	return current, known, nil
}

// Migrate applies the embedded migrations of this engine, each in its own
// transaction. A database written by a newer OneWindow is refused, because
// this binary would not know its tables. Several nodes may start at once on
// PostgreSQL: an advisory lock lets one migrate while the others wait.
func (db *DB) Migrate(ctx context.Context, log *slog.Logger) error {
	p, err := db.provider()
	if err != nil {
		return err
	}
	current, known, err := db.SchemaVersion(ctx)
	if err != nil {
		return fmt.Errorf("sqlstore: read schema version: %w", err)
	}
	if current > known {
		return fmt.Errorf("数据库结构版本 %d 高于本程序支持的版本 %d：该数据库由更新版本的 OneWindow 写入，请使用更新的程序，不要降级 (database schema %d is newer than this binary's %d)", current, known, current, known)
	}
	res, err := p.Up(ctx)
	if err != nil {
		return fmt.Errorf("sqlstore: migrate: %w", err)
	}
	for _, r := range res {
		if log != nil {
			log.Info("migration applied", "version", r.Source.Version, "engine", db.Engine, "ms", r.Duration.Milliseconds())
		}
	}
	return nil
}

func (db *DB) provider() (*goose.Provider, error) {
	sub, err := fs.Sub(migrations, "migrations/"+string(db.Engine))
	if err != nil {
		return nil, err
	}
	dialect := goose.DialectSQLite3
	var opts []goose.ProviderOption
	opts = append(opts, goose.WithDisableGlobalRegistry(true))
	if db.Engine == Postgres {
		dialect = goose.DialectPostgres
		h := fnv.New64a()
		h.Write([]byte("onewindow-migrate:" + db.schema))
		locker, err := lock.NewPostgresSessionLocker(
			lock.WithLockID(int64(h.Sum64()>>1)),
			lock.WithLockTimeout(1, 300),
		)
		if err != nil {
			return nil, err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	return goose.NewProvider(dialect, db.w, sub, opts...)
}
