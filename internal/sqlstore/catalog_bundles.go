package sqlstore

import (
	"context"
	"encoding/json"

	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/catalog"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/validate"
)

// BundleStore implements catalog.BundleStore on the bundles table.
type BundleStore struct{ db *DB }

// NewBundleStore returns the bundle store on db.
func NewBundleStore(db *DB) *BundleStore { return &BundleStore{db: db} }

var _ catalog.BundleStore = (*BundleStore)(nil)

// bundleRecord is what the doc column holds: the content in force (or the
// first draft), the pending draft of a published bundle, and who edited and
// published it. Bundles are few and always read whole, so one JSON column
// serves better than a version table; name and status are columns for lists.
type bundleRecord struct {
	Doc         catalog.BundleDoc  `json:"doc"`
	Draft       *catalog.BundleDoc `json:"draft,omitempty"`
	EditorID    int64              `json:"editor_id,omitempty"`
	EditorName  string             `json:"editor_name,omitempty"`
	Note        string             `json:"note,omitempty"`
	Publisher   string             `json:"publisher,omitempty"`
	PublishedAt int64              `json:"published_at,omitempty"` // Unix ms
}

const bundleCols = "id, code, region_code, name, status, doc, popularity, version, created_at, updated_at"

func scanBundle(s scanner) (catalog.Bundle, error) {
	var b catalog.Bundle
	var doc string
	var created, updated int64
	if err := s.Scan(&b.ID, &b.Code, &b.RegionCode, &b.Name, &b.Status, &doc, &b.Popularity, &b.Version, &created, &updated); err != nil {
		return b, mapErr(err)
	}
	var rec bundleRecord
	if err := json.Unmarshal([]byte(doc), &rec); err != nil {
		return b, err
	}
	b.Doc, b.Draft, b.EditorID, b.EditorName, b.Note, b.Publisher = rec.Doc, rec.Draft, rec.EditorID, rec.EditorName, rec.Note, rec.Publisher
	if rec.PublishedAt != 0 {
		t := fromMS(rec.PublishedAt)
		b.PublishedAt = &t
	}
	b.CreatedAt, b.UpdatedAt = fromMS(created), fromMS(updated)
	return b, nil
}

func bundleJSON(b catalog.Bundle) (string, error) {
	rec := bundleRecord{Doc: b.Doc, Draft: b.Draft, EditorID: b.EditorID, EditorName: b.EditorName, Note: b.Note, Publisher: b.Publisher}
	if b.PublishedAt != nil {
		rec.PublishedAt = ms(*b.PublishedAt)
	}
	out, err := json.Marshal(rec)
	return string(out), err
}

// CreateBundle implements catalog.BundleStore.
func (s *BundleStore) CreateBundle(ctx context.Context, b catalog.Bundle, evs ...audit.Event) (catalog.Bundle, error) {
	doc, err := bundleJSON(b)
	if err != nil {
		return catalog.Bundle{}, err
	}
	var out catalog.Bundle
	err = s.db.WriteTx(ctx, func(tx *Tx) error {
		var one int
		if err := tx.QueryRow(ctx, "SELECT 1 FROM regions WHERE code = ?", b.RegionCode).Scan(&one); err != nil {
			if IsNotFound(err) {
				return errs.Field("region_code", "行政区划 %s 不存在", b.RegionCode)
			}
			return mapErr(err)
		}
		id, err := tx.InsertID(ctx, `INSERT INTO bundles (code, region_code, name, status, doc, popularity, version, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, 0, 1, ?, ?)`, b.Code, b.RegionCode, b.Name, b.Status, doc, ms(b.CreatedAt), ms(b.UpdatedAt))
		if err != nil {
			return err
		}
		if err := tx.AppendAudit(ctx, evs...); err != nil {
			return err
		}
		out, err = scanBundle(tx.QueryRow(ctx, "SELECT "+bundleCols+" FROM bundles WHERE id = ?", id))
		return err
	})
	return out, err
}

// Bundle implements catalog.BundleStore.
func (s *BundleStore) Bundle(ctx context.Context, code string) (catalog.Bundle, error) {
	return scanBundle(s.db.QueryRow(ctx, "SELECT "+bundleCols+" FROM bundles WHERE code = ?", code))
}

// UpdateBundle implements catalog.BundleStore.
func (s *BundleStore) UpdateBundle(ctx context.Context, b catalog.Bundle, version int, evs ...audit.Event) (catalog.Bundle, error) {
	doc, err := bundleJSON(b)
	if err != nil {
		return catalog.Bundle{}, err
	}
	var out catalog.Bundle
	err = s.db.WriteTx(ctx, func(tx *Tx) error {
		res, err := tx.Exec(ctx, `UPDATE bundles SET name = ?, status = ?, doc = ?, version = version + 1, updated_at = ?
			WHERE id = ? AND version = ?`, b.Name, b.Status, doc, ms(b.UpdatedAt), b.ID, version)
		if err != nil {
			return err
		}
		if err := versioned(ctx, tx, res, "bundles", "id", b.ID); err != nil {
			return err
		}
		if err := tx.AppendAudit(ctx, evs...); err != nil {
			return err
		}
		out, err = scanBundle(tx.QueryRow(ctx, "SELECT "+bundleCols+" FROM bundles WHERE id = ?", b.ID))
		return err
	})
	return out, err
}

// ListBundles implements catalog.BundleStore (index bundles_region for a
// region; bundles are tens per region, so the sort is cheap).
func (s *BundleStore) ListBundles(ctx context.Context, f catalog.BundleFilter) ([]catalog.Bundle, error) {
	q := "SELECT " + bundleCols + " FROM bundles WHERE 1 = 1"
	var args []any
	if f.Region != "" {
		cond, a := regionRange("region_code", f.Region)
		args = append(args, a...)
		if f.WithAncestors {
			// A county's residents are served by the prefecture's and the
			// province's bundles too.
			for _, r := range validate.RegionAncestors(f.Region)[1:] {
				cond += " OR region_code = ?"
				args = append(args, r)
			}
		}
		q += " AND (" + cond + ")"
	}
	if f.Status != "" {
		q += " AND status = ?"
		args = append(args, f.Status)
	}
	q += " ORDER BY popularity DESC, id LIMIT ?"
	args = append(args, f.Limit)
	rows, err := s.db.Query(ctx, q, args...)
	return collect(rows, err, scanBundle)
}

// CountBundleView implements catalog.BundleStore.
func (s *BundleStore) CountBundleView(ctx context.Context, id int64) error {
	_, err := s.db.Exec(ctx, "UPDATE bundles SET popularity = popularity + 1 WHERE id = ?", id)
	return err
}
