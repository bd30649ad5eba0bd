package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/rank"
	"github.com/onewindow/onewindow/internal/workcal"
)

// RankStore implements rank.Store: rank_schemes and rank_snapshots.
type RankStore struct{ db *DB }

// NewRankStore returns the ranking store on db.
func NewRankStore(db *DB) *RankStore { return &RankStore{db: db} }

var _ rank.Store = (*RankStore)(nil)

const schemeCols = "id, region_code, name, subject, indicators, active, version, updated_by, created_at, updated_at"

func scanScheme(s scanner) (rank.Scheme, error) {
	var sc rank.Scheme
	var inds string
	var created, updated int64
	err := s.Scan(&sc.ID, &sc.Region, &sc.Name, &sc.Subject, &inds, &sc.Active, &sc.Version, &sc.UpdatedBy, &created, &updated)
	if err != nil {
		return sc, mapErr(err)
	}
	sc.CreatedAt, sc.UpdatedAt = fromMS(created), fromMS(updated)
	if err := json.Unmarshal([]byte(inds), &sc.Indicators); err != nil {
		return sc, fmt.Errorf("rank scheme %d: bad indicators: %w", sc.ID, err)
	}
	return sc, nil
}

func indicatorsJSON(ws []rank.Weight) (string, error) {
	if ws == nil {
		ws = []rank.Weight{}
	}
	b, err := json.Marshal(ws)
	return string(b), err
}

// CreateScheme implements rank.Store.
func (s *RankStore) CreateScheme(ctx context.Context, sc *rank.Scheme, ev audit.Event) error {
	inds, err := indicatorsJSON(sc.Indicators)
	if err != nil {
		return err
	}
	return s.db.WriteTx(ctx, func(tx *Tx) error {
		id, err := tx.InsertID(ctx, `INSERT INTO rank_schemes (region_code, name, subject, indicators, active, version,
			updated_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?)`, sc.Region, sc.Name, sc.Subject, inds,
			sc.Active, sc.UpdatedBy, ms(sc.CreatedAt), ms(sc.UpdatedAt))
		if err != nil {
			return err
		}
		sc.ID, sc.Version = id, 1
		return tx.AppendAudit(ctx, withObjectID([]audit.Event{ev}, id)...)
	})
}

// Scheme implements rank.Store.
func (s *RankStore) Scheme(ctx context.Context, id int64) (rank.Scheme, error) {
	return scanScheme(s.db.QueryRow(ctx, "SELECT "+schemeCols+" FROM rank_schemes WHERE id = ?", id))
}

// Schemes implements rank.Store: each region is a range on region_code
// (rank_schemes_region).
func (s *RankStore) Schemes(ctx context.Context, f rank.SchemeFilter) ([]rank.Scheme, error) {
	var conds []string
	var args []any
	if f.Regions != nil {
		if len(f.Regions) == 0 {
			return nil, nil
		}
		var ors []string
		for _, r := range f.Regions {
			c, a := regionRange("region_code", r)
			ors, args = append(ors, "("+c+")"), append(args, a...)
		}
		conds = append(conds, "("+strings.Join(ors, " OR ")+")")
	}
	if f.ActiveOnly {
		conds, args = append(conds, "active = ?"), append(args, true)
	}
	q := "SELECT " + schemeCols + " FROM rank_schemes"
	if len(conds) > 0 {
		q += " WHERE " + strings.Join(conds, " AND ")
	}
	rows, err := s.db.Query(ctx, q+" ORDER BY region_code, name, id", args...)
	return collect(rows, err, scanScheme)
}

// UpdateScheme implements rank.Store.
func (s *RankStore) UpdateScheme(ctx context.Context, sc *rank.Scheme, ev audit.Event) error {
	inds, err := indicatorsJSON(sc.Indicators)
	if err != nil {
		return err
	}
	err = s.db.WriteTx(ctx, func(tx *Tx) error {
		res, err := tx.Exec(ctx, `UPDATE rank_schemes SET name = ?, subject = ?, indicators = ?, active = ?, updated_by = ?,
			updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`, sc.Name, sc.Subject, inds, sc.Active,
			sc.UpdatedBy, ms(sc.UpdatedAt), sc.ID, sc.Version)
		if err != nil {
			return err
		}
		if err := versioned(ctx, tx, res, "rank_schemes", "id", sc.ID); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, ev)
	})
	if err == nil {
		sc.Version++
	}
	return err
}

// snapshotFigures is the figures column: the unit's received count and
// each indicator's value and points.
type snapshotFigures struct {
	Received int64         `json:"received"`
	Figures  []rank.Figure `json:"figures"`
}

// ReplaceSnapshot implements rank.Store. The scheme row is locked first,
// so that two runs for one scheme take turns.
func (s *RankStore) ReplaceSnapshot(ctx context.Context, k rank.SnapshotKey, rows []rank.Row, at time.Time, ev audit.Event) error {
	return s.db.WriteTx(ctx, func(tx *Tx) error {
		var id int64
		if err := tx.QueryRow(ctx, "SELECT id FROM rank_schemes WHERE id = ?"+s.db.forUpdate(), k.SchemeID).Scan(&id); err != nil {
			return mapErr(err)
		}
		if _, err := tx.Exec(ctx, "DELETE FROM rank_snapshots WHERE scheme_id = ? AND period = ? AND period_start = ?",
			k.SchemeID, k.Period, day(k.Start)); err != nil {
			return err
		}
		ranks := make(map[string]int, len(rows))
		for _, r := range rows {
			b, err := json.Marshal(snapshotFigures{Received: r.Received, Figures: r.Figures})
			if err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `INSERT INTO rank_snapshots (scheme_id, period, period_start, period_end, unit, unit_name,
				score, rank, prev_rank, figures, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, k.SchemeID, k.Period,
				day(k.Start), day(k.End), r.Unit, r.Name, r.Score, r.Rank, r.PrevRank, string(b), ms(at)); err != nil {
				return err
			}
			if r.Rank > 0 {
				ranks[r.Unit] = r.Rank
			}
		}
		if err := refreshPrev(ctx, tx, k, ranks); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, ev)
	})
}

// refreshPrev sets the previous ranks of the kept period after k from
// k's new ranks.
func refreshPrev(ctx context.Context, tx *Tx, k rank.SnapshotKey, ranks map[string]int) error {
	if k.Next.IsZero() {
		return nil
	}
	rows, err := tx.Query(ctx, "SELECT id, unit, prev_rank FROM rank_snapshots WHERE scheme_id = ? AND period = ? AND period_start = ?",
		k.SchemeID, k.Period, day(k.Next))
	if err != nil {
		return err
	}
	type fix struct {
		id   int64
		prev int
	}
	var fixes []fix
	for rows.Next() {
		var id int64
		var unit string
		var prev int
		if err := rows.Scan(&id, &unit, &prev); err != nil {
			rows.Close()
			return mapErr(err)
		}
		if ranks[unit] != prev {
			fixes = append(fixes, fix{id, ranks[unit]})
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, f := range fixes {
		if _, err := tx.Exec(ctx, "UPDATE rank_snapshots SET prev_rank = ? WHERE id = ?", f.prev, f.id); err != nil {
			return err
		}
	}
	return nil
}

// Snapshot implements rank.Store.
func (s *RankStore) Snapshot(ctx context.Context, schemeID int64, period string, start workcal.Date) ([]rank.Row, time.Time, error) {
	rows, err := s.db.Query(ctx, `SELECT unit, unit_name, score, rank, prev_rank, figures, created_at FROM rank_snapshots
		WHERE scheme_id = ? AND period = ? AND period_start = ?
		ORDER BY CASE WHEN rank = 0 THEN 1 ELSE 0 END, rank, id`, schemeID, period, day(start))
	var at int64
	list, err := collect(rows, err, func(sc scanner) (rank.Row, error) {
		var r rank.Row
		var figs string
		if err := sc.Scan(&r.Unit, &r.Name, &r.Score, &r.Rank, &r.PrevRank, &figs, &at); err != nil {
			return r, mapErr(err)
		}
		var f snapshotFigures
		if err := json.Unmarshal([]byte(figs), &f); err != nil {
			return r, fmt.Errorf("rank snapshot %d %s %s: bad figures: %w", schemeID, period, start, err)
		}
		r.Received, r.Figures = f.Received, f.Figures
		return r, nil
	})
	return list, fromMS(at), err
}

// Kept implements rank.Store.
func (s *RankStore) Kept(ctx context.Context, schemeID int64, period string, start workcal.Date) (bool, error) {
	var n int
	err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM rank_snapshots WHERE scheme_id = ? AND period = ? AND period_start = ?",
		schemeID, period, day(start)).Scan(&n)
	return n > 0, mapErr(err)
}

// Starts implements rank.Store.
func (s *RankStore) Starts(ctx context.Context, schemeID int64, period string, limit int) ([]workcal.Date, error) {
	rows, err := s.db.Query(ctx, `SELECT DISTINCT period_start FROM rank_snapshots WHERE scheme_id = ? AND period = ?
		ORDER BY period_start DESC LIMIT ?`, schemeID, period, limit)
	return collect(rows, err, func(sc scanner) (workcal.Date, error) {
		var d string
		err := sc.Scan(&d)
		return parseDay(d), mapErr(err)
	})
}
