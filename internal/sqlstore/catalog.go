package sqlstore

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/catalog"
	"github.com/onewindow/onewindow/internal/errs"
)

// CatalogStore implements catalog.Store.
type CatalogStore struct{ db *DB }

// NewCatalogStore returns the catalog store on db.
func NewCatalogStore(db *DB) *CatalogStore { return &CatalogStore{db: db} }

var _ catalog.Store = (*CatalogStore)(nil)

const itemCols = `i.id, i.code, i.is_base, i.status, i.published_version, i.draft_version, i.suspended_from,
	i.cancelled_from, i.status_reason, i.popularity, i.version, i.updated_at, v.doc`

// itemJoin reads an item with the doc of its published version, or of its
// draft when it was never published.
const itemJoin = ` FROM items i JOIN item_versions v ON v.item_id = i.id AND v.number =
	CASE WHEN i.published_version > 0 THEN i.published_version ELSE i.draft_version END`

func scanItem(s scanner) (catalog.Item, error) {
	var it catalog.Item
	var susp, canc, upd int64
	var doc string
	err := s.Scan(&it.ID, &it.Code, &it.IsBase, &it.Status, &it.PublishedVersion, &it.DraftVersion, &susp, &canc,
		&it.StatusReason, &it.Popularity, &it.Version, &upd, &doc)
	if err != nil {
		return it, mapErr(err)
	}
	if susp != 0 {
		t := fromMS(susp)
		it.SuspendedFrom = &t
	}
	if canc != 0 {
		t := fromMS(canc)
		it.CancelledFrom = &t
	}
	it.UpdatedAt = fromMS(upd)
	if err := json.Unmarshal([]byte(doc), &it.Doc); err != nil {
		return it, err
	}
	return it, nil
}

// Item implements catalog.Store.
func (s *CatalogStore) Item(ctx context.Context, code string) (catalog.Item, error) {
	return scanItem(s.db.QueryRow(ctx, "SELECT "+itemCols+itemJoin+" WHERE i.code = ?", code))
}

func (s *CatalogStore) itemTx(ctx context.Context, tx *Tx, id int64) (catalog.Item, error) {
	return scanItem(tx.QueryRow(ctx, "SELECT "+itemCols+itemJoin+" WHERE i.id = ?", id))
}

func docJSON(d catalog.Doc) (string, error) {
	b, err := json.Marshal(d)
	return string(b), err
}

// listColumns are the items columns copied from a doc.
func listColumns(d catalog.Doc) []any {
	online := slices.Contains(d.Channels, catalog.ChannelOnline) || slices.Contains(d.Channels, catalog.ChannelMobile)
	return []any{d.BaseCode, d.ParentCode, d.RegionCode, nullID(d.DeptID), d.Name, string(d.Kind), d.Instant,
		d.LegalDays, d.PromisedDays, d.MaxVisits, d.OnlineDepth, online, d.InHall, d.CrossRegion}
}

const listSet = `base_code = ?, parent_code = ?, region_code = ?, dept_id = ?, name = ?, kind = ?, instant = ?,
	legal_days = ?, promised_days = ?, max_visits = ?, online_depth = ?, online = ?, in_hall = ?, cross_region = ?`

func (s *CatalogStore) create(ctx context.Context, tx *Tx, isBase bool, v catalog.Version) (int64, error) {
	doc, err := docJSON(v.Doc)
	if err != nil {
		return 0, err
	}
	now := ms(v.CreatedAt)
	args := append([]any{v.Doc.Code, isBase, catalog.StatusDraft, 1, now, now}, listColumns(v.Doc)...)
	id, err := tx.InsertID(ctx, `INSERT INTO items (code, is_base, status, draft_version, created_at, updated_at,
		base_code, parent_code, region_code, dept_id, name, kind, instant, legal_days, promised_days, max_visits,
		online_depth, online, in_hall, cross_region) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, args...)
	if err != nil {
		return 0, err
	}
	_, err = tx.Exec(ctx, `INSERT INTO item_versions (item_id, number, state, doc, note, editor_id, editor_name, created_at)
		VALUES (?, 1, 'draft', ?, ?, ?, ?, ?)`, id, doc, v.Note, v.EditorID, v.EditorName, now)
	return id, err
}

// CreateItem implements catalog.Store.
func (s *CatalogStore) CreateItem(ctx context.Context, isBase bool, v catalog.Version, evs ...audit.Event) (catalog.Item, error) {
	var it catalog.Item
	err := s.db.WriteTx(ctx, func(tx *Tx) error {
		id, err := s.create(ctx, tx, isBase, v)
		if err != nil {
			return err
		}
		if err := tx.AppendAudit(ctx, evs...); err != nil {
			return err
		}
		it, err = s.itemTx(ctx, tx, id)
		return err
	})
	return it, err
}

// Import implements catalog.Store.
func (s *CatalogStore) Import(ctx context.Context, b catalog.ImportBatch, evs ...audit.Event) error {
	return s.db.WriteTx(ctx, func(tx *Tx) error {
		for _, v := range b.Creates {
			if _, err := s.create(ctx, tx, b.IsBase, v); err != nil {
				if errs.Is(err, errs.Conflict) {
					return errs.Wrap(err, errs.Conflict, "实施编码 %s 已存在", v.Doc.Code)
				}
				return err
			}
		}
		for _, d := range b.Drafts {
			if err := s.putDraft(ctx, tx, d.ItemID, d.ItemVersion, d.Version); err != nil {
				return err
			}
		}
		return tx.AppendAudit(ctx, evs...)
	})
}

// bump advances an item's optimistic version when it still matches.
func bump(ctx context.Context, tx *Tx, id int64, version int, set string, args ...any) error {
	args = append(append(args, id), version)
	res, err := tx.Exec(ctx, "UPDATE items SET "+set+", version = version + 1 WHERE id = ? AND version = ?", args...)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return errs.E(errs.Conflict, "事项已被他人修改，请刷新后重试")
	}
	return nil
}

func (s *CatalogStore) putDraft(ctx context.Context, tx *Tx, id int64, itemVersion int, v catalog.Version) error {
	var draft, published, max int
	if err := tx.QueryRow(ctx, `SELECT draft_version, published_version,
		(SELECT COALESCE(MAX(number), 0) FROM item_versions WHERE item_id = ?) FROM items WHERE id = ?`, id, id).Scan(&draft, &published, &max); err != nil {
		return mapErr(err)
	}
	doc, err := docJSON(v.Doc)
	if err != nil {
		return err
	}
	now := ms(v.CreatedAt)
	if draft > 0 {
		_, err = tx.Exec(ctx, `UPDATE item_versions SET doc = ?, note = ?, editor_id = ?, editor_name = ?, created_at = ?
			WHERE item_id = ? AND number = ?`, doc, v.Note, v.EditorID, v.EditorName, now, id, draft)
	} else {
		draft = max + 1
		_, err = tx.Exec(ctx, `INSERT INTO item_versions (item_id, number, state, doc, note, editor_id, editor_name, created_at)
			VALUES (?, ?, 'draft', ?, ?, ?, ?, ?)`, id, draft, doc, v.Note, v.EditorID, v.EditorName, now)
	}
	if err != nil {
		return err
	}
	if published == 0 {
		// Never published: the list columns follow the draft.
		return bump(ctx, tx, id, itemVersion, "draft_version = ?, updated_at = ?, "+listSet,
			append([]any{draft, now}, listColumns(v.Doc)...)...)
	}
	return bump(ctx, tx, id, itemVersion, "draft_version = ?, updated_at = ?", draft, now)
}

// PutDraft implements catalog.Store.
func (s *CatalogStore) PutDraft(ctx context.Context, id int64, itemVersion int, v catalog.Version, evs ...audit.Event) (catalog.Item, error) {
	var it catalog.Item
	err := s.db.WriteTx(ctx, func(tx *Tx) error {
		if err := s.putDraft(ctx, tx, id, itemVersion, v); err != nil {
			return err
		}
		if err := tx.AppendAudit(ctx, evs...); err != nil {
			return err
		}
		var err error
		it, err = s.itemTx(ctx, tx, id)
		return err
	})
	return it, err
}

// DiscardDraft implements catalog.Store.
func (s *CatalogStore) DiscardDraft(ctx context.Context, id int64, itemVersion int, evs ...audit.Event) (catalog.Item, error) {
	var it catalog.Item
	err := s.db.WriteTx(ctx, func(tx *Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM item_versions WHERE item_id = ? AND state = 'draft'
			AND number = (SELECT draft_version FROM items WHERE id = ? AND published_version > 0)`, id, id); err != nil {
			return err
		}
		if err := bump(ctx, tx, id, itemVersion, "draft_version = 0, updated_at = ?", ms(time.Now())); err != nil {
			return err
		}
		if err := tx.AppendAudit(ctx, evs...); err != nil {
			return err
		}
		var err error
		it, err = s.itemTx(ctx, tx, id)
		return err
	})
	return it, err
}

// Publish implements catalog.Store.
func (s *CatalogStore) Publish(ctx context.Context, pub catalog.Publication, evs ...audit.Event) (catalog.Item, error) {
	var it catalog.Item
	err := s.db.WriteTx(ctx, func(tx *Tx) error {
		at := ms(pub.At)
		args := append([]any{pub.Number, catalog.StatusPublished, at}, listColumns(pub.Doc)...)
		err := bump(ctx, tx, pub.ItemID, pub.ItemVersion, `published_version = ?, draft_version = 0,
			status = CASE WHEN status = 'draft' THEN ? ELSE status END, updated_at = ?, `+listSet, args...)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "UPDATE item_versions SET state = 'superseded' WHERE item_id = ? AND state = 'published'", pub.ItemID); err != nil {
			return err
		}
		res, err := tx.Exec(ctx, `UPDATE item_versions SET state = 'published', publisher_id = ?, publisher_name = ?, published_at = ?
			WHERE item_id = ? AND number = ? AND state = 'draft'`, pub.PublisherID, pub.Publisher, at, pub.ItemID, pub.Number)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errs.E(errs.Conflict, "草稿已变化，请刷新后重试")
		}
		if _, err := tx.Exec(ctx, "DELETE FROM item_themes WHERE item_id = ?", pub.ItemID); err != nil {
			return err
		}
		for _, th := range pub.Doc.Themes {
			if _, err := tx.Exec(ctx, "INSERT INTO item_themes (theme, item_id) VALUES (?, ?)", th, pub.ItemID); err != nil {
				return err
			}
		}
		if err := s.index(ctx, tx, pub.ItemID, pub.Tokens); err != nil {
			return err
		}
		if err := tx.AppendAudit(ctx, evs...); err != nil {
			return err
		}
		it, err = s.itemTx(ctx, tx, pub.ItemID)
		return err
	})
	return it, err
}

// index replaces an item's search tokens.
func (s *CatalogStore) index(ctx context.Context, tx *Tx, id int64, tokens string) error {
	if tx.Engine() == SQLite {
		if _, err := tx.Exec(ctx, "DELETE FROM item_fts WHERE rowid = ?", id); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, "INSERT INTO item_fts (rowid, tokens) VALUES (?, ?)", id, tokens)
		return err
	}
	_, err := tx.Exec(ctx, `INSERT INTO item_fts (item_id, tokens) VALUES (?, ?)
		ON CONFLICT (item_id) DO UPDATE SET tokens = excluded.tokens`, id, tokens)
	return err
}

// SetStatus implements catalog.Store.
func (s *CatalogStore) SetStatus(ctx context.Context, id int64, itemVersion int, status string, from time.Time, reason string, evs ...audit.Event) (catalog.Item, error) {
	var it catalog.Item
	err := s.db.WriteTx(ctx, func(tx *Tx) error {
		var set string
		args := []any{status, reason, ms(time.Now())}
		switch status {
		case catalog.StatusSuspended:
			set, args = "suspended_from = ?", append(args, ms(from))
		case catalog.StatusCancelled:
			set, args = "cancelled_from = ?", append(args, ms(from))
		default:
			set = "suspended_from = 0"
		}
		if err := bump(ctx, tx, id, itemVersion, "status = ?, status_reason = ?, updated_at = ?, "+set, args...); err != nil {
			return err
		}
		if err := tx.AppendAudit(ctx, evs...); err != nil {
			return err
		}
		var err error
		it, err = s.itemTx(ctx, tx, id)
		return err
	})
	return it, err
}

// Version implements catalog.Store.
func (s *CatalogStore) Version(ctx context.Context, itemID int64, n int) (catalog.Version, error) {
	return scanVersion(s.db.QueryRow(ctx, "SELECT "+versionCols+" FROM item_versions WHERE item_id = ? AND number = ?", itemID, n))
}

// Versions implements catalog.Store.
func (s *CatalogStore) Versions(ctx context.Context, itemID int64) ([]catalog.Version, error) {
	rows, err := s.db.Query(ctx, "SELECT "+versionCols+" FROM item_versions WHERE item_id = ? ORDER BY number DESC", itemID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []catalog.Version
	for rows.Next() {
		v, err := scanVersion(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, mapErr(rows.Err())
}

const versionCols = `item_id, number, state, doc, note, editor_id, editor_name, publisher_id, publisher_name, created_at, published_at`

func scanVersion(s scanner) (catalog.Version, error) {
	var v catalog.Version
	var doc string
	var created, published int64
	if err := s.Scan(&v.ItemID, &v.Number, &v.State, &doc, &v.Note, &v.EditorID, &v.EditorName, &v.PublisherID,
		&v.Publisher, &created, &published); err != nil {
		return v, mapErr(err)
	}
	v.CreatedAt = fromMS(created)
	if published != 0 {
		t := fromMS(published)
		v.PublishedAt = &t
	}
	return v, json.Unmarshal([]byte(doc), &v.Doc)
}

// ListItems implements catalog.Store.
func (s *CatalogStore) ListItems(ctx context.Context, f catalog.ListFilter) ([]catalog.Item, error) {
	where := []string{"i.id > ?"}
	args := []any{f.After}
	if f.Region != "" {
		cond, a := regionRange("i.region_code", f.Region)
		where = append(where, cond)
		args = append(args, a...)
	}
	add := func(cond string, v any) {
		where = append(where, cond)
		args = append(args, v)
	}
	if f.DeptID != 0 {
		add("i.dept_id = ?", f.DeptID)
	}
	if f.Kind != "" {
		add("i.kind = ?", string(f.Kind))
	}
	switch f.Status {
	case "":
	case "public":
		now := ms(time.Now())
		where = append(where, `i.published_version > 0 AND (i.status = 'published' OR (i.status = 'suspended' AND i.suspended_from > ?)
			OR (i.status = 'cancelled' AND i.cancelled_from > ?))`)
		args = append(args, now, now)
	case "pending":
		where = append(where, "i.draft_version > 0")
	default:
		add("i.status = ?", f.Status)
	}
	if f.Theme != "" {
		add("i.id IN (SELECT item_id FROM item_themes WHERE theme = ?)", f.Theme)
	}
	if f.OnlineDepth > 0 {
		add("i.online_depth >= ?", f.OnlineDepth)
	}
	if f.CrossRegion != "" {
		add("i.cross_region = ?", f.CrossRegion)
	}
	if f.Base != nil {
		add("i.is_base = ?", *f.Base)
	}
	if f.BaseCode != "" {
		add("i.base_code = ?", f.BaseCode)
	}
	if n := strings.TrimSpace(f.Name); n != "" {
		add(`i.name LIKE ? ESCAPE '\'`, "%"+likeEscape(n)+"%")
	}
	args = append(args, f.Limit)
	rows, err := s.db.Query(ctx, "SELECT "+itemCols+itemJoin+" WHERE "+strings.Join(where, " AND ")+" ORDER BY i.id LIMIT ?", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []catalog.Item
	for rows.Next() {
		it, err := scanItem(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, mapErr(rows.Err())
}

// CountView implements catalog.Store.
func (s *CatalogStore) CountView(ctx context.Context, id int64) error {
	_, err := s.db.Exec(ctx, "UPDATE items SET popularity = popularity + 1 WHERE id = ?", id)
	return err
}

// SetTokens implements catalog.Indexer.
func (s *CatalogStore) SetTokens(ctx context.Context, itemID int64, tokens string) error {
	return s.db.WriteTx(ctx, func(tx *Tx) error { return s.index(ctx, tx, itemID, tokens) })
}
