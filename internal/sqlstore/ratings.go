package sqlstore

import (
	"context"
	"encoding/json"
	"time"

	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/rating"
)

// RatingStore implements rating.Store.
type RatingStore struct{ db *DB }

// NewRatingStore returns the rating store on db.
func NewRatingStore(db *DB) *RatingStore { return &RatingStore{db: db} }

// Rate implements rating.Store.
func (s *RatingStore) Rate(ctx context.Context, r *rating.Rating, rect *rating.Rectification, evs ...audit.Event) error {
	return s.db.WriteTx(ctx, func(tx *Tx) error {
		if err := writeRating(ctx, tx, r, rect, 0); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, evs...)
	})
}

// writeRating inserts r, the rectification it opens (rect, when not nil)
// and what they count in the figures. The staff member the rating is
// about is staffID (a window rating's clerk) or, when 0, the clerk who
// accepted the case (an online rating is about the case's service).
func writeRating(ctx context.Context, tx *Tx, r *rating.Rating, rect *rating.Rectification, staffID int64) error {
	tags, err := json.Marshal(r.Tags)
	if err != nil {
		return err
	}
	staff, args := "?", []any{staffID}
	if staffID == 0 {
		staff, args = "(SELECT accepted_by FROM cases WHERE id = ?)", []any{r.CaseID}
	}
	id, err := tx.InsertID(ctx, `INSERT INTO ratings (case_id, round, dept_id, region_code, hall_id, channel, score, tags,
		comment, named, account_id, staff_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, `+staff+`, ?)`,
		append(append([]any{r.CaseID, r.Round, r.DeptID, r.Region, r.HallID, r.Channel, r.Score, string(tags), r.Comment,
			r.Named, r.AccountID}, args...), r.CreatedAt.UnixMilli())...)
	if err != nil {
		return err
	}
	r.ID = id
	if rect != nil {
		rect.RatingID = id
		if rect.ID, err = insertRectification(ctx, tx, r, rect); err != nil {
			return err
		}
	}
	return countRating(ctx, tx, id, 1)
}

// Ratings implements rating.Store.
func (s *RatingStore) Ratings(ctx context.Context, caseID int64) ([]rating.Rating, error) {
	rows, err := s.db.Query(ctx, `SELECT r.id, r.case_id, c.number, r.round, r.dept_id, r.region_code, r.hall_id, r.channel,
		r.score, r.tags, r.comment, r.named, r.account_id, r.created_at, COALESCE(x.id, 0)
		FROM ratings r JOIN cases c ON c.id = r.case_id LEFT JOIN rectifications x ON x.rating_id = r.id
		WHERE r.case_id = ? ORDER BY r.id`, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []rating.Rating
	for rows.Next() {
		var r rating.Rating
		var tags string
		var at int64
		if err := rows.Scan(&r.ID, &r.CaseID, &r.CaseNumber, &r.Round, &r.DeptID, &r.Region, &r.HallID, &r.Channel,
			&r.Score, &tags, &r.Comment, &r.Named, &r.AccountID, &at, &r.Rectification); err != nil {
			return nil, mapErr(err)
		}
		r.Level, r.CreatedAt = rating.Title(r.Score), time.UnixMilli(at).UTC()
		_ = json.Unmarshal([]byte(tags), &r.Tags)
		out = append(out, r)
	}
	return out, rows.Err()
}
