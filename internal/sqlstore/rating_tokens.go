package sqlstore

import (
	"context"
	"time"

	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/rating"
)

// RatingTokenStore implements rating.TokenStore: window-rating tokens
// (rating_tokens) and the window ratings given with them.
type RatingTokenStore struct{ db *DB }

// NewRatingTokenStore returns the token store on db.
func NewRatingTokenStore(db *DB) *RatingTokenStore { return &RatingTokenStore{db: db} }

// IssueToken implements rating.TokenStore.
func (s *RatingTokenStore) IssueToken(ctx context.Context, t rating.Token, evs ...audit.Event) error {
	return s.db.WriteTx(ctx, func(tx *Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO rating_tokens (nonce, case_id, hall_id, staff_id, issued_at, expires_at)
			VALUES (?, ?, ?, ?, ?, ?)`, t.Nonce, t.CaseID, t.HallID, t.StaffID, t.IssuedAt.UnixMilli(), t.ExpiresAt.UnixMilli()); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, evs...)
	})
}

// tokenSelect reads a token with its case, department and hall names.
const tokenSelect = `SELECT t.nonce, t.case_id, c.number, t.hall_id, t.staff_id, t.issued_at, t.expires_at, t.used_at,
	t.rating_id, c.name, COALESCE(d.name, ''), COALESCE(h.name, ''), c.region_code, c.dept_id, c.applicant_id, c.status
	FROM rating_tokens t JOIN cases c ON c.id = t.case_id
	LEFT JOIN depts d ON d.id = c.dept_id LEFT JOIN halls h ON h.id = t.hall_id `

func scanToken(row interface{ Scan(...any) error }) (rating.TokenRecord, error) {
	var r rating.TokenRecord
	var issued, expires, used int64
	err := row.Scan(&r.Nonce, &r.CaseID, &r.CaseNumber, &r.HallID, &r.StaffID, &issued, &expires, &used, &r.RatingID,
		&r.CaseName, &r.DeptName, &r.HallName, &r.Region, &r.DeptID, &r.ApplicantID, &r.Status)
	if err != nil {
		return rating.TokenRecord{}, mapErr(err)
	}
	r.IssuedAt, r.ExpiresAt = time.UnixMilli(issued).UTC(), time.UnixMilli(expires).UTC()
	if used != 0 {
		r.UsedAt = time.UnixMilli(used).UTC()
	}
	return r, nil
}

// TokenRecord implements rating.TokenStore.
func (s *RatingTokenStore) TokenRecord(ctx context.Context, nonce string) (rating.TokenRecord, error) {
	return scanToken(s.db.QueryRow(ctx, tokenSelect+`WHERE t.nonce = ?`, nonce))
}

// PendingToken implements rating.TokenStore. Without a case, the nonce's
// time prefix bounds the search to recent tokens through the primary key
// (rating_tokens has no index on staff_id).
func (s *RatingTokenStore) PendingToken(ctx context.Context, staffID, caseID int64, since, now time.Time) (rating.TokenRecord, error) {
	if caseID != 0 {
		return scanToken(s.db.QueryRow(ctx, tokenSelect+`WHERE t.case_id = ? AND t.staff_id = ? AND t.used_at = 0
			AND t.expires_at > ? ORDER BY t.nonce DESC LIMIT 1`, caseID, staffID, now.UnixMilli()))
	}
	return scanToken(s.db.QueryRow(ctx, tokenSelect+`WHERE t.nonce >= ? AND t.staff_id = ? AND t.used_at = 0
		AND t.expires_at > ? ORDER BY t.nonce DESC LIMIT 1`, rating.NonceSince(since), staffID, now.UnixMilli()))
}

// RateByToken implements rating.TokenStore: the token is claimed first
// (UPDATE … WHERE used_at = 0: of two posts of one token exactly one
// wins), then the rating and its rectification are written.
func (s *RatingTokenStore) RateByToken(ctx context.Context, t rating.Token, r *rating.Rating, rect *rating.Rectification, evs ...audit.Event) error {
	at := r.CreatedAt.UnixMilli()
	return s.db.WriteTx(ctx, func(tx *Tx) error {
		res, err := tx.Exec(ctx, `UPDATE rating_tokens SET used_at = ? WHERE nonce = ? AND used_at = 0`, at, t.Nonce)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n != 1 {
			return rating.ErrTokenUsed
		}
		if err := writeRating(ctx, tx, r, rect, t.StaffID); err != nil {
			if errs.Is(err, errs.Conflict) {
				return errs.Wrap(err, errs.Conflict, "该办件已经评价过（一事一评）")
			}
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE rating_tokens SET rating_id = ? WHERE nonce = ?`, r.ID, t.Nonce); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, evs...)
	})
}
