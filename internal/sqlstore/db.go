// Package sqlstore is OneWindow's storage: database/sql over modernc SQLite
// (the embedded default) or PostgreSQL through pgx. Queries are hand-written
// in the subset both engines share, with ? placeholders rebound for
// PostgreSQL; the few real differences live in dialect.go. Domain packages
// define the Store interfaces; this package implements them and writes each
// change together with its audit event in one transaction.
package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	_ "modernc.org/sqlite"             // registers "sqlite"

	"github.com/onewindow/onewindow/internal/errs"
)

// Engine names a database engine.
type Engine string

// The engines.
const (
	SQLite   Engine = "sqlite"
	Postgres Engine = "postgres"
)

// DB is an open database: a writer and a reader pool. On SQLite the writer
// is one connection (SQLite allows one writer; queueing in Go is cheaper than
// busy retries) and readers are many; on PostgreSQL both are the same pool.
type DB struct {
	Engine Engine
	w      *sql.DB
	r      *sql.DB
	schema string // PostgreSQL search_path schema, "" for the default

	rebindMu sync.RWMutex
	rebound  map[string]string

	// Prepared statements per pool and query text: parsing SQL is a third
	// of a small write's CPU on SQLite. database/sql prepares each one
	// lazily once per connection and reuses it, also inside transactions.
	stmtMu sync.RWMutex
	stmts  map[stmtKey]*sql.Stmt // nil value: being prepared
	closed bool

	batch batcher // group commit for Batch, started on first use
}

// Options tune Open.
type Options struct {
	// DSN: "" for SQLite in DataDir, a file path or "sqlite:PATH" for
	// SQLite, "postgres://…" for PostgreSQL.
	DSN     string
	DataDir string
	// ReadConns caps the reader pool (default: 2×CPU, at least 4).
	ReadConns int
}

// Open connects, configures the engine and checks the connection. It does
// not migrate; call Migrate.
func Open(ctx context.Context, o Options) (*DB, error) {
	dsn := strings.TrimSpace(o.DSN)
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		return openPostgres(ctx, dsn, o)
	}
	path := strings.TrimPrefix(dsn, "sqlite:")
	if path == "" {
		if o.DataDir == "" {
			return nil, errors.New("sqlstore: no DSN and no data directory")
		}
		if err := os.MkdirAll(o.DataDir, 0o700); err != nil {
			return nil, fmt.Errorf("sqlstore: create data dir: %w", err)
		}
		path = filepath.Join(o.DataDir, "onewindow.db")
	}
	return openSQLite(ctx, path, o)
}

func readConns(o Options) int {
	if o.ReadConns > 0 {
		return o.ReadConns
	}
	return max(4, 2*runtime.NumCPU())
}

func openSQLite(ctx context.Context, path string, o Options) (*DB, error) {
	// synchronous=FULL: an acknowledged commit survives power loss.
	// _txlock=immediate: write transactions take the write lock at BEGIN,
	// so they never fail half-way with SQLITE_BUSY on upgrade.
	pragmas := "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)" +
		"&_pragma=foreign_keys(1)&_pragma=temp_store(MEMORY)"
	w, err := sql.Open("sqlite", "file:"+path+"?"+pragmas+"&_txlock=immediate")
	if err != nil {
		return nil, err
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("sqlstore: open %s: %w", path, err)
	}
	r, err := sql.Open("sqlite", "file:"+path+"?"+pragmas+"&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		return nil, err
	}
	n := readConns(o)
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	return &DB{Engine: SQLite, w: w, r: r}, nil
}

func openPostgres(ctx context.Context, dsn string, o Options) (*DB, error) {
	u, err := url.Parse(dsn)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: bad PostgreSQL DSN: %w", err)
	}
	schema := u.Query().Get("search_path")
	p, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, err
	}
	n := readConns(o) + 4
	p.SetMaxOpenConns(n)
	p.SetMaxIdleConns(n)
	p.SetConnMaxIdleTime(5 * time.Minute)
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := p.PingContext(pctx); err != nil {
		p.Close()
		return nil, fmt.Errorf("sqlstore: connect to PostgreSQL: %w", err)
	}
	return &DB{Engine: Postgres, w: p, r: p, schema: schema}, nil
}

// Close stops the group-commit writer, closes the cached statements and
// both pools.
func (db *DB) Close() error {
	db.batch.close()
	db.stmtMu.Lock()
	for _, st := range db.stmts {
		if st != nil {
			st.Close()
		}
	}
	db.stmts, db.closed = nil, true
	db.stmtMu.Unlock()
	err := db.w.Close()
	if db.r != db.w {
		err = errors.Join(err, db.r.Close())
	}
	return err
}

// Ping checks that the database answers (for /readyz).
func (db *DB) Ping(ctx context.Context) error {
	if err := db.r.PingContext(ctx); err != nil {
		return errs.Wrap(err, errs.Unavailable, "数据库不可用")
	}
	var one int
	return db.r.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

// Writer returns the writer pool, for tools (benchmarks, tests) that need raw access.
func (db *DB) Writer() *sql.DB { return db.w }

// Reader returns the reader pool.
func (db *DB) Reader() *sql.DB { return db.r }

// Rebind turns ? placeholders into $1… for PostgreSQL. Queries are
// constants, so results are cached. A ? inside a string literal would be
// rebound too: the project's queries never contain one.
func (db *DB) Rebind(q string) string {
	if db.Engine != Postgres {
		return q
	}
	db.rebindMu.RLock()
	s, ok := db.rebound[q]
	db.rebindMu.RUnlock()
	if ok {
		return s
	}
	var b strings.Builder
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteByte(q[i])
	}
	s = b.String()
	db.rebindMu.Lock()
	if db.rebound == nil {
		db.rebound = map[string]string{}
	}
	db.rebound[q] = s
	db.rebindMu.Unlock()
	return s
}

type stmtKey struct {
	pool *sql.DB
	q    string
}

// maxStmts bounds the statement cache; queries built with a variable
// number of conditions beyond it run unprepared.
const maxStmts = 1000

// stmt returns the cached prepared statement of q (already rebound) on
// pool, or nil when it is not (yet) cached. Outside a transaction it
// prepares at once. Inside one (inTx) it must not: on SQLite the writer
// pool has one connection, which the transaction holds, so the statement
// is prepared in the background once the connection is free, and this
// run goes unprepared.
func (db *DB) stmt(ctx context.Context, pool *sql.DB, q string, inTx bool) *sql.Stmt {
	k := stmtKey{pool, q}
	db.stmtMu.RLock()
	st, ok := db.stmts[k]
	db.stmtMu.RUnlock()
	if ok {
		return st
	}
	db.stmtMu.Lock()
	defer db.stmtMu.Unlock()
	if st, ok := db.stmts[k]; ok || db.closed {
		return st
	}
	if len(db.stmts) >= maxStmts {
		return nil
	}
	if db.stmts == nil {
		db.stmts = map[stmtKey]*sql.Stmt{}
	}
	if inTx {
		db.stmts[k] = nil // pending: one background prepare per query
		go func() {
			pctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			st, err := pool.PrepareContext(pctx, q)
			db.stmtMu.Lock()
			defer db.stmtMu.Unlock()
			switch {
			case err != nil:
				delete(db.stmts, k)
			case db.closed:
				st.Close()
			default:
				db.stmts[k] = st
			}
		}()
		return nil
	}
	st, err := pool.PrepareContext(ctx, q)
	if err != nil {
		return nil // the query itself will report the error
	}
	db.stmts[k] = st
	return st
}

// Query runs a read query on the reader pool.
func (db *DB) Query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	q = db.Rebind(q)
	if st := db.stmt(ctx, db.r, q, false); st != nil {
		rows, err := st.QueryContext(ctx, args...)
		return rows, mapErr(err)
	}
	rows, err := db.r.QueryContext(ctx, q, args...)
	return rows, mapErr(err)
}

// QueryRow runs a single-row read query on the reader pool.
func (db *DB) QueryRow(ctx context.Context, q string, args ...any) *sql.Row {
	q = db.Rebind(q)
	if st := db.stmt(ctx, db.r, q, false); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return db.r.QueryRowContext(ctx, q, args...)
}

// Exec runs a statement on the writer outside a transaction.
func (db *DB) Exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	res, err := db.w.ExecContext(ctx, db.Rebind(q), args...)
	return res, mapErr(err)
}

// Tx is a write transaction with rebinding helpers.
type Tx struct {
	db   *DB
	tx   *sql.Tx
	pool *sql.DB // the pool tx came from, for prepared statements (nil: none)
}

// Engine reports the engine the transaction runs on.
func (tx *Tx) Engine() Engine { return tx.db.Engine }

// txStmt returns the transaction's use of the cached statement for q, or nil.
func (tx *Tx) txStmt(ctx context.Context, q string) *sql.Stmt {
	if tx.pool == nil {
		return nil
	}
	if st := tx.db.stmt(ctx, tx.pool, q, true); st != nil {
		return tx.tx.StmtContext(ctx, st)
	}
	return nil
}

// Exec runs a statement in the transaction.
func (tx *Tx) Exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	q = tx.db.Rebind(q)
	if st := tx.txStmt(ctx, q); st != nil {
		res, err := st.ExecContext(ctx, args...)
		return res, mapErr(err)
	}
	res, err := tx.tx.ExecContext(ctx, q, args...)
	return res, mapErr(err)
}

// Query runs a query in the transaction.
func (tx *Tx) Query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	q = tx.db.Rebind(q)
	if st := tx.txStmt(ctx, q); st != nil {
		rows, err := st.QueryContext(ctx, args...)
		return rows, mapErr(err)
	}
	rows, err := tx.tx.QueryContext(ctx, q, args...)
	return rows, mapErr(err)
}

// QueryRow runs a single-row query in the transaction.
func (tx *Tx) QueryRow(ctx context.Context, q string, args ...any) *sql.Row {
	q = tx.db.Rebind(q)
	if st := tx.txStmt(ctx, q); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return tx.tx.QueryRowContext(ctx, q, args...)
}

// InsertID runs an INSERT … RETURNING id and returns the id.
func (tx *Tx) InsertID(ctx context.Context, q string, args ...any) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, q+" RETURNING id", args...).Scan(&id)
	return id, mapErr(err)
}

// WriteTx runs fn in a write transaction and commits when fn returns nil.
// The commit is durable (synchronous=FULL / PostgreSQL's default) before
// WriteTx returns. A serialization failure is retried a few times.
func (db *DB) WriteTx(ctx context.Context, fn func(tx *Tx) error) error {
	for attempt := 0; ; attempt++ {
		err := db.writeOnce(ctx, fn)
		if err == nil || attempt >= 4 || !retryable(err) {
			return err
		}
		time.Sleep(time.Duration(attempt+1) * 5 * time.Millisecond)
	}
}

func (db *DB) writeOnce(ctx context.Context, fn func(tx *Tx) error) (err error) {
	stx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return mapErr(err)
	}
	defer func() {
		if p := recover(); p != nil {
			stx.Rollback()
			panic(p)
		}
		if err != nil {
			stx.Rollback()
		}
	}()
	if err = fn(&Tx{db: db, tx: stx, pool: db.w}); err != nil {
		return err
	}
	return mapErr(stx.Commit())
}

// ReadTx runs fn in a read-only snapshot, for reads that must agree.
func (db *DB) ReadTx(ctx context.Context, fn func(tx *Tx) error) error {
	stx, err := db.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return mapErr(err)
	}
	defer stx.Rollback()
	return fn(&Tx{db: db, tx: stx, pool: db.r})
}
