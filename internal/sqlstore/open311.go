package sqlstore

import (
	"context"
	"strings"
	"time"

	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/hotline"
	"github.com/onewindow/onewindow/internal/open311"
)

// Open311Store implements open311.Store: the api keys (open311_keys) and
// the public reading of tickets.
type Open311Store struct {
	db      *DB
	regions *HotlineStore
}

// NewOpen311Store returns the Open311 store on db.
func NewOpen311Store(db *DB) *Open311Store {
	return &Open311Store{db: db, regions: NewHotlineStore(db)}
}

var _ open311.Store = (*Open311Store)(nil)

const open311KeyCols = `id, name, region_code, key_hash, key_prefix, active, created_at, revoked_at`

func scanOpen311Key(s scanner) (open311.Key, error) {
	var k open311.Key
	var created, revoked int64
	err := s.Scan(&k.ID, &k.Name, &k.Region, &k.Hash, &k.Prefix, &k.Active, &created, &revoked)
	k.CreatedAt, k.RevokedAt = fromMS(created), fromMS(revoked)
	return k, mapErr(err)
}

// Key implements open311.Store.
func (s *Open311Store) Key(ctx context.Context, hash string) (open311.Key, error) {
	return scanOpen311Key(s.db.QueryRow(ctx, "SELECT "+open311KeyCols+" FROM open311_keys WHERE key_hash = ?", hash))
}

// Keys implements open311.Store.
func (s *Open311Store) Keys(ctx context.Context) ([]open311.Key, error) {
	rows, err := s.db.Query(ctx, "SELECT "+open311KeyCols+" FROM open311_keys ORDER BY id DESC")
	return collect(rows, err, scanOpen311Key)
}

// CreateKey implements open311.Store.
func (s *Open311Store) CreateKey(ctx context.Context, k *open311.Key, evs ...audit.Event) error {
	return s.db.WriteTx(ctx, func(tx *Tx) error {
		var err error
		k.ID, err = tx.InsertID(ctx, `INSERT INTO open311_keys (name, region_code, key_hash, key_prefix, active, created_at)
			VALUES (?, ?, ?, ?, ?, ?)`, k.Name, k.Region, k.Hash, k.Prefix, true, ms(k.CreatedAt))
		if err != nil {
			return err
		}
		for i := range evs {
			if evs[i].ObjectID == "" {
				evs[i].ObjectID = itoa(k.ID)
			}
		}
		return tx.AppendAudit(ctx, evs...)
	})
}

// RevokeKey implements open311.Store.
func (s *Open311Store) RevokeKey(ctx context.Context, id int64, at time.Time, evs ...audit.Event) error {
	return s.db.WriteTx(ctx, func(tx *Tx) error {
		res, err := tx.Exec(ctx, "UPDATE open311_keys SET active = ?, revoked_at = ? WHERE id = ? AND active = ?",
			false, ms(at), id, true)
		if err != nil {
			return mapErr(err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n != 1 {
			return errs.E(errs.NotFound, "api_key %d 不存在或已停用", id)
		}
		return tx.AppendAudit(ctx, evs...)
	})
}

// RegionName implements open311.Store.
func (s *Open311Store) RegionName(ctx context.Context, code string) (string, error) {
	return s.regions.RegionName(ctx, code)
}

// Tickets implements open311.Store. The caller is cleared here already:
// nothing read for the public carries a name or number.
func (s *Open311Store) Tickets(ctx context.Context, q open311.TicketQuery) ([]hotline.Ticket, error) {
	var conds []string
	var args []any
	add := func(c string, a ...any) { conds = append(conds, c); args = append(args, a...) }
	if len(q.Numbers) > 0 {
		var a []any
		for _, n := range q.Numbers {
			a = append(a, n)
		}
		add("t.number IN ("+hotlineMarks(len(q.Numbers))+")", a...)
	} else {
		add("t.created_at >= ? AND t.created_at < ?", q.FromMS, q.ToMS)
		if len(q.Subjects) > 0 {
			var a []any
			for _, c := range q.Subjects {
				a = append(a, c)
			}
			add("t.subject_code IN ("+hotlineMarks(len(q.Subjects))+")", a...)
		}
		if q.Region != "" {
			c, a := regionRange("t.region_code", q.Region)
			add(c, a...)
		}
		if q.Open != nil {
			if *q.Open {
				add("t.status <> ?", hotline.StatusClosed)
			} else {
				add("t.status = ?", hotline.StatusClosed)
			}
		}
	}
	rows, err := s.db.Query(ctx, "SELECT "+ticketCols+" FROM tickets t WHERE "+strings.Join(conds, " AND ")+
		" ORDER BY t.id DESC LIMIT ?", append(args, q.Limit)...)
	list, err := collect(rows, err, scanTicket)
	for i := range list {
		list[i].Caller, list[i].PhoneEnc, list[i].PhoneIdx = nil, nil, ""
	}
	return list, err
}
