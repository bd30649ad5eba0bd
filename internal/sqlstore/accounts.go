package sqlstore

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/account"
	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/errs"
)

// AccountStore implements account.Store.
type AccountStore struct{ db *DB }

// NewAccountStore returns the account store on db.
func NewAccountStore(db *DB) *AccountStore { return &AccountStore{db: db} }

var _ account.Store = (*AccountStore)(nil)

const accountCols = `id, username, kind, name, id_number_enc, COALESCE(id_number_idx, ''), id_number_mask,
	COALESCE(credit_code, ''), legal_rep, phone_enc, COALESCE(phone_idx, ''), phone_mask, password_hash, password_at,
	must_change, failed_count, locked_until, status, last_login_at, version, created_at, updated_at`

func ms(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

func fromMS(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.UnixMilli(v).UTC()
}

func nullStr(s string) any {
	if s == "" {
		return nil
	}
	return s
}

type scanner interface{ Scan(...any) error }

func scanAccount(s scanner) (*account.Record, error) {
	var r account.Record
	var pwAt, locked, last, created, updated int64
	err := s.Scan(&r.ID, &r.Username, &r.Kind, &r.Name, &r.IDNumberEnc, &r.IDNumberIdx, &r.IDNumberMask,
		&r.CreditCode, &r.LegalRep, &r.PhoneEnc, &r.PhoneIdx, &r.PhoneMask, &r.PasswordHash, &pwAt,
		&r.MustChange, &r.FailedCount, &locked, &r.Status, &last, &r.Version, &created, &updated)
	if err != nil {
		return nil, mapErr(err)
	}
	r.PasswordAt, r.LockedUntil, r.LastLoginAt = fromMS(pwAt), fromMS(locked), fromMS(last)
	r.CreatedAt, r.UpdatedAt = fromMS(created), fromMS(updated)
	return &r, nil
}

// CreateAccount implements account.Store.
func (s *AccountStore) CreateAccount(ctx context.Context, r *account.Record, evs ...audit.Event) (int64, error) {
	var id int64
	err := s.db.WriteTx(ctx, func(tx *Tx) error {
		var err error
		id, err = tx.InsertID(ctx, `INSERT INTO accounts (username, kind, name, id_number_enc, id_number_idx, id_number_mask,
			credit_code, legal_rep, phone_enc, phone_idx, phone_mask, password_hash, password_at, must_change, status,
			created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			r.Username, r.Kind, r.Name, r.IDNumberEnc, nullStr(r.IDNumberIdx), r.IDNumberMask,
			nullStr(r.CreditCode), r.LegalRep, r.PhoneEnc, nullStr(r.PhoneIdx), r.PhoneMask, r.PasswordHash,
			ms(r.PasswordAt), r.MustChange, r.Status, ms(r.CreatedAt), ms(r.UpdatedAt))
		if err != nil {
			return err
		}
		return tx.AppendAudit(ctx, withObjectID(evs, id)...)
	})
	return id, err
}

func withObjectID(evs []audit.Event, id int64) []audit.Event {
	for i := range evs {
		if evs[i].ObjectID == "" {
			evs[i].ObjectID = itoa(id)
		}
	}
	return evs
}

// Account implements account.Store.
func (s *AccountStore) Account(ctx context.Context, id int64) (*account.Record, error) {
	return scanAccount(s.db.QueryRow(ctx, "SELECT "+accountCols+" FROM accounts WHERE id = ?", id))
}

// AccountByUsername implements account.Store.
func (s *AccountStore) AccountByUsername(ctx context.Context, username string) (*account.Record, error) {
	return scanAccount(s.db.QueryRow(ctx, "SELECT "+accountCols+" FROM accounts WHERE username = ?", username))
}

// AccountByIDNumber implements account.Store.
func (s *AccountStore) AccountByIDNumber(ctx context.Context, idx string) (*account.Record, error) {
	return scanAccount(s.db.QueryRow(ctx, "SELECT "+accountCols+" FROM accounts WHERE id_number_idx = ?", idx))
}

// AccountByCreditCode implements account.Store.
func (s *AccountStore) AccountByCreditCode(ctx context.Context, code string) (*account.Record, error) {
	return scanAccount(s.db.QueryRow(ctx, "SELECT "+accountCols+" FROM accounts WHERE credit_code = ?", code))
}

// ListAccounts implements account.Store.
func (s *AccountStore) ListAccounts(ctx context.Context, f account.ListFilter) ([]account.Record, error) {
	var where []string
	args := []any{}
	where = append(where, "id > ?")
	args = append(args, f.After)
	if f.Kind != "" {
		where = append(where, "kind = ?")
		args = append(args, f.Kind)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		where = append(where, `(username LIKE ? ESCAPE '\' OR name LIKE ? ESCAPE '\')`)
		args = append(args, likeEscape(strings.ToLower(q))+"%", likeEscape(q)+"%")
	}
	if f.Region != "" {
		cond, a := regionRange("region_code", f.Region)
		where = append(where, "id IN (SELECT account_id FROM role_grants WHERE "+cond+")")
		args = append(args, a...)
	}
	args = append(args, f.Limit)
	rows, err := s.db.Query(ctx, "SELECT "+accountCols+" FROM accounts WHERE "+strings.Join(where, " AND ")+" ORDER BY id LIMIT ?", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []account.Record
	for rows.Next() {
		r, err := scanAccount(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *r)
	}
	return out, mapErr(rows.Err())
}

// UpdateAccount implements account.Store.
func (s *AccountStore) UpdateAccount(ctx context.Context, r *account.Record, evs ...audit.Event) error {
	return s.db.WriteTx(ctx, func(tx *Tx) error {
		res, err := tx.Exec(ctx, `UPDATE accounts SET name = ?, legal_rep = ?, password_hash = ?, password_at = ?,
			must_change = ?, failed_count = ?, locked_until = ?, status = ?, updated_at = ?, version = version + 1
			WHERE id = ? AND version = ?`,
			r.Name, r.LegalRep, r.PasswordHash, ms(r.PasswordAt), r.MustChange, r.FailedCount, ms(r.LockedUntil),
			r.Status, ms(r.UpdatedAt), r.ID, r.Version)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errs.E(errs.Conflict, "记录已被他人修改，请刷新后重试")
		}
		return tx.AppendAudit(ctx, evs...)
	})
}

// LoginFailed implements account.Store.
func (s *AccountStore) LoginFailed(ctx context.Context, id int64, now time.Time, max int, lockFor time.Duration, evs ...audit.Event) (bool, error) {
	locked := false
	err := s.db.WriteTx(ctx, func(tx *Tx) error {
		var n int
		err := tx.QueryRow(ctx, "UPDATE accounts SET failed_count = failed_count + 1 WHERE id = ? RETURNING failed_count", id).Scan(&n)
		if err != nil {
			return mapErr(err)
		}
		if n >= max {
			locked = true
			if _, err := tx.Exec(ctx, "UPDATE accounts SET failed_count = 0, locked_until = ? WHERE id = ?", ms(now.Add(lockFor)), id); err != nil {
				return err
			}
			lockEv := audit.New(ctx, "account.locked", "account", itoa(id), nil, map[string]any{"locked_until": ms(now.Add(lockFor))}, "连续登录失败")
			evs = append(evs, lockEv)
		}
		return tx.AppendAudit(ctx, evs...)
	})
	return locked, err
}

// LoginSucceeded implements account.Store.
func (s *AccountStore) LoginSucceeded(ctx context.Context, ss *account.Session, evs ...audit.Event) error {
	return s.db.WriteTx(ctx, func(tx *Tx) error {
		if _, err := tx.Exec(ctx, "UPDATE accounts SET failed_count = 0, locked_until = 0, last_login_at = ? WHERE id = ?", ms(ss.CreatedAt), ss.AccountID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO sessions (token_hash, account_id, kind, csrf, created_at, last_seen_at, expires_at, ip, user_agent)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, ss.TokenHash, ss.AccountID, ss.Kind, ss.CSRF, ms(ss.CreatedAt),
			ms(ss.LastSeenAt), ms(ss.ExpiresAt), ss.IP, ss.UserAgent); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, evs...)
	})
}

// Grants implements account.Store.
func (s *AccountStore) Grants(ctx context.Context, accountID int64) ([]access.Grant, error) {
	rows, err := s.db.Query(ctx, `SELECT id, role, region_code, COALESCE(dept_id, 0), COALESCE(hall_id, 0)
		FROM role_grants WHERE account_id = ? ORDER BY id`, accountID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []access.Grant{}
	for rows.Next() {
		var g access.Grant
		if err := rows.Scan(&g.ID, &g.Role, &g.Region, &g.DeptID, &g.HallID); err != nil {
			return nil, err
		}
		out = append(out, g)
	}
	return out, mapErr(rows.Err())
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// AddGrant implements account.Store.
func (s *AccountStore) AddGrant(ctx context.Context, accountID int64, g access.Grant, by int64, evs ...audit.Event) (int64, error) {
	var id int64
	err := s.db.WriteTx(ctx, func(tx *Tx) error {
		var err error
		id, err = tx.InsertID(ctx, `INSERT INTO role_grants (account_id, role, region_code, dept_id, hall_id, granted_by, granted_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, accountID, string(g.Role), g.Region, nullID(g.DeptID), nullID(g.HallID), by, ms(time.Now()))
		if err != nil {
			return err
		}
		return tx.AppendAudit(ctx, evs...)
	})
	return id, err
}

// RemoveGrant implements account.Store.
func (s *AccountStore) RemoveGrant(ctx context.Context, accountID, grantID int64, evs ...audit.Event) error {
	return s.db.WriteTx(ctx, func(tx *Tx) error {
		res, err := tx.Exec(ctx, "DELETE FROM role_grants WHERE id = ? AND account_id = ?", grantID, accountID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errs.E(errs.NotFound, "授权不存在")
		}
		return tx.AppendAudit(ctx, evs...)
	})
}

// Session implements account.Store.
func (s *AccountStore) Session(ctx context.Context, hash string) (*account.Session, error) {
	var ss account.Session
	var created, seen, exp int64
	err := s.db.QueryRow(ctx, `SELECT token_hash, account_id, kind, csrf, created_at, last_seen_at, expires_at, ip, user_agent
		FROM sessions WHERE token_hash = ?`, hash).Scan(&ss.TokenHash, &ss.AccountID, &ss.Kind, &ss.CSRF,
		&created, &seen, &exp, &ss.IP, &ss.UserAgent)
	if err != nil {
		return nil, mapErr(err)
	}
	ss.CreatedAt, ss.LastSeenAt, ss.ExpiresAt = fromMS(created), fromMS(seen), fromMS(exp)
	return &ss, nil
}

// TouchSession implements account.Store.
func (s *AccountStore) TouchSession(ctx context.Context, hash string, at time.Time) error {
	_, err := s.db.Exec(ctx, "UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?", ms(at), hash)
	return err
}

// DeleteSession implements account.Store.
func (s *AccountStore) DeleteSession(ctx context.Context, hash string, evs ...audit.Event) error {
	return s.db.WriteTx(ctx, func(tx *Tx) error {
		if _, err := tx.Exec(ctx, "DELETE FROM sessions WHERE token_hash = ?", hash); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, evs...)
	})
}

// DeleteSessionsOf implements account.Store.
func (s *AccountStore) DeleteSessionsOf(ctx context.Context, accountID int64) error {
	_, err := s.db.Exec(ctx, "DELETE FROM sessions WHERE account_id = ?", accountID)
	return err
}

// PurgeSessions implements account.Store.
func (s *AccountStore) PurgeSessions(ctx context.Context, now, idleBefore time.Time) (int64, error) {
	res, err := s.db.Exec(ctx, "DELETE FROM sessions WHERE expires_at < ? OR last_seen_at < ?", ms(now), ms(idleBefore))
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// AppendAudit implements account.Store.
func (s *AccountStore) AppendAudit(ctx context.Context, evs ...audit.Event) error {
	return s.db.WriteTx(ctx, func(tx *Tx) error { return tx.AppendAudit(ctx, evs...) })
}

// Setting implements account.Store.
func (s *AccountStore) Setting(ctx context.Context, key string) (string, int, error) {
	var v string
	var ver int
	err := s.db.QueryRow(ctx, "SELECT value, version FROM settings WHERE key = ?", key).Scan(&v, &ver)
	return v, ver, mapErr(err)
}

// PutSetting implements account.Store.
func (s *AccountStore) PutSetting(ctx context.Context, key, value string, version int, by int64, evs ...audit.Event) error {
	return s.db.WriteTx(ctx, func(tx *Tx) error {
		now := ms(time.Now())
		var res sql.Result
		var err error
		if version == 0 {
			res, err = tx.Exec(ctx, `INSERT INTO settings (key, value, version, updated_at, updated_by) VALUES (?, ?, 1, ?, ?)
				ON CONFLICT (key) DO NOTHING`, key, value, now, by)
		} else {
			res, err = tx.Exec(ctx, "UPDATE settings SET value = ?, version = version + 1, updated_at = ?, updated_by = ? WHERE key = ? AND version = ?",
				value, now, by, key, version)
		}
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errs.E(errs.Conflict, "设置已被他人修改，请刷新后重试")
		}
		return tx.AppendAudit(ctx, evs...)
	})
}
