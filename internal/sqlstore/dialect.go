package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/validate"
)

// mapErr turns driver errors into domain errors at the storage boundary:
// unique violations become conflicts, a missing row becomes not_found,
// a busy or serialization failure stays retryable.
func mapErr(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return errs.Wrap(err, errs.NotFound, "记录不存在")
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "23505":
			return errs.Wrap(err, errs.Conflict, "记录已存在")
		case "23503":
			return errs.Wrap(err, errs.Conflict, "关联的记录不存在或仍被引用")
		}
		return err
	}
	msg := err.Error()
	switch {
	case strings.Contains(msg, "UNIQUE constraint failed"):
		return errs.Wrap(err, errs.Conflict, "记录已存在")
	case strings.Contains(msg, "FOREIGN KEY constraint failed"):
		return errs.Wrap(err, errs.Conflict, "关联的记录不存在或仍被引用")
	}
	return err
}

// retryable reports whether a transaction failed only because another won a
// race the engine could not order (PostgreSQL serialization/deadlock, SQLite busy).
func retryable(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "40001" || pe.Code == "40P01"
	}
	msg := err.Error()
	return strings.Contains(msg, "SQLITE_BUSY") || strings.Contains(msg, "database is locked")
}

// IsNotFound reports a missing row, mapped or raw.
func IsNotFound(err error) bool {
	return errors.Is(err, sql.ErrNoRows) || errs.Is(err, errs.NotFound)
}

// forUpdate is the row-lock suffix: SQLite has one writer, so it needs none.
func (db *DB) forUpdate() string {
	if db.Engine == Postgres {
		return " FOR UPDATE"
	}
	return ""
}

// likeEscape escapes LIKE wildcards in user input; queries use ESCAPE '\'.
func likeEscape(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s)
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

// regionRange is the condition "col lies in the subtree of code" as a range
// on the code (prefix ≤ col < the prefix's successor), which an index on col
// answers on both engines, unlike LIKE under their default collations.
func regionRange(col, code string) (string, []any) {
	p := validate.RegionPrefix(code)
	if end := prefixEnd(p); end != "" {
		return col + " >= ? AND " + col + " < ?", []any{p, end}
	}
	return col + " >= ?", []any{p}
}

// Optimize refreshes the SQLite planner's statistics (PRAGMA optimize)
// and then drops the STAT4 samples: with them, SQLite re-prepares every
// statement whose bound parameters touch an indexed column, each time it
// runs — a sixth of a list request's CPU at 1,000,000 cases — while the
// per-index averages of sqlite_stat1 already choose the plans our list
// queries are written for (a test checks those plans). On PostgreSQL it
// does nothing: autovacuum keeps statistics.
func (db *DB) Optimize(ctx context.Context) error {
	if db.Engine != SQLite {
		return nil
	}
	if _, err := db.w.ExecContext(ctx, "PRAGMA optimize"); err != nil {
		return err
	}
	return db.DropStat4(ctx)
}

// DropStat4 removes SQLite's STAT4 samples, if any (see Optimize).
func (db *DB) DropStat4(ctx context.Context) error {
	if db.Engine != SQLite {
		return nil
	}
	var n int
	if err := db.w.QueryRowContext(ctx, "SELECT COUNT(*) FROM sqlite_schema WHERE name = 'sqlite_stat4'").Scan(&n); err != nil || n == 0 {
		return err
	}
	if _, err := db.w.ExecContext(ctx, "DELETE FROM sqlite_stat4"); err != nil {
		return err
	}
	_, err := db.w.ExecContext(ctx, "ANALYZE sqlite_schema")
	return err
}
