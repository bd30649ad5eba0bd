// Package account holds OneWindow's accounts, their role grants, login and
// sessions. Applicants register themselves (persons by 公民身份号码,
// organisations by 统一社会信用代码); staff accounts are created by a
// sysadmin and receive scoped roles. Identity numbers and phone numbers are
// stored sealed (SM4) with an HMAC-SM3 index, and only masks leave this
// package unless a permitted role states a reason (Reveal), which is audited.
package account

import (
	"context"
	"time"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/audit"
)

// Kinds of account.
const (
	KindPerson = "person"
	KindOrg    = "org"
	KindStaff  = "staff"
)

// Statuses of an account.
const (
	StatusActive   = "active"
	StatusDisabled = "disabled"
)

// Account is what pages and the API show of an account: masks only.
type Account struct {
	ID           int64          `json:"id"`
	Username     string         `json:"username"`
	Kind         string         `json:"kind"`
	Name         string         `json:"name"`
	IDNumberMask string         `json:"id_number,omitempty"`
	CreditCode   string         `json:"credit_code,omitempty"`
	LegalRep     string         `json:"legal_rep,omitempty"`
	PhoneMask    string         `json:"phone,omitempty"`
	Status       string         `json:"status"`
	Locked       bool           `json:"locked"`
	MustChange   bool           `json:"must_change_password"`
	LastLoginAt  *time.Time     `json:"last_login_at,omitempty"`
	CreatedAt    time.Time      `json:"created_at"`
	Version      int            `json:"version"`
	Grants       []access.Grant `json:"roles"`
}

// Record is the stored account, with sealed personal data and secrets. It
// never leaves the service.
type Record struct {
	ID           int64
	Username     string
	Kind         string
	Name         string
	IDNumberEnc  []byte
	IDNumberIdx  string
	IDNumberMask string
	CreditCode   string
	LegalRep     string
	PhoneEnc     []byte
	PhoneIdx     string
	PhoneMask    string
	PasswordHash string
	PasswordAt   time.Time
	MustChange   bool
	FailedCount  int
	LockedUntil  time.Time
	Status       string
	LastLoginAt  time.Time
	Version      int
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// View returns the public view of r at time now.
func (r *Record) View(now time.Time, grants []access.Grant) Account {
	a := Account{
		ID: r.ID, Username: r.Username, Kind: r.Kind, Name: r.Name,
		IDNumberMask: r.IDNumberMask, CreditCode: r.CreditCode, LegalRep: r.LegalRep, PhoneMask: r.PhoneMask,
		Status: r.Status, Locked: r.LockedUntil.After(now), MustChange: r.MustChange,
		CreatedAt: r.CreatedAt, Version: r.Version, Grants: grants,
	}
	if !r.LastLoginAt.IsZero() {
		t := r.LastLoginAt
		a.LastLoginAt = &t
	}
	if a.Grants == nil {
		a.Grants = []access.Grant{}
	}
	return a
}

// snapshot is the audit before/after image: masks, never secrets.
func (r *Record) snapshot() map[string]any {
	if r == nil {
		return nil
	}
	return map[string]any{
		"username": r.Username, "kind": r.Kind, "name": r.Name,
		"id_number": r.IDNumberMask, "credit_code": r.CreditCode, "legal_rep": r.LegalRep,
		"phone": r.PhoneMask, "status": r.Status, "must_change": r.MustChange,
		"locked_until": r.LockedUntil.UnixMilli(), "version": r.Version,
	}
}

// Session is a login: a web cookie or an API bearer token. Only the hash
// of the token is stored.
type Session struct {
	TokenHash  string
	AccountID  int64
	Kind       string // web, api
	CSRF       string
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
	IP         string
	UserAgent  string
}

// ListFilter selects accounts for admin lists.
type ListFilter struct {
	Kind   string // "" any
	Query  string // username or name prefix
	Region string // staff holding a grant in this subtree; "" any
	After  int64  // keyset cursor: ids greater than this
	Limit  int
}

// Store keeps accounts, grants, sessions and settings. Mutating methods
// write the given audit events in the same transaction.
type Store interface {
	// CreateAccount inserts r and returns its id; events with an empty
	// ObjectID get the new id. errs.Conflict when the username, ID number
	// or credit code is taken.
	CreateAccount(ctx context.Context, r *Record, evs ...audit.Event) (int64, error)
	// Account returns one account. errs.NotFound.
	Account(ctx context.Context, id int64) (*Record, error)
	// AccountByUsername returns one account by its (lower-case) username. errs.NotFound.
	AccountByUsername(ctx context.Context, username string) (*Record, error)
	// AccountByIDNumber finds an account by the HMAC index of its ID number. errs.NotFound.
	AccountByIDNumber(ctx context.Context, idx string) (*Record, error)
	// AccountByCreditCode finds an organisation by its 统一社会信用代码. errs.NotFound.
	AccountByCreditCode(ctx context.Context, code string) (*Record, error)
	// ListAccounts lists accounts in id order.
	ListAccounts(ctx context.Context, f ListFilter) ([]Record, error)
	// UpdateAccount writes the mutable fields of r when its version still
	// matches r.Version, and bumps the version. errs.Conflict when stale.
	UpdateAccount(ctx context.Context, r *Record, evs ...audit.Event) error
	// LoginFailed counts a failed login atomically and locks the account for
	// lockFor when the count reaches max; it reports whether it locked.
	LoginFailed(ctx context.Context, id int64, now time.Time, max int, lockFor time.Duration, evs ...audit.Event) (locked bool, err error)
	// LoginSucceeded resets the failure count, records the login time and
	// stores the session.
	LoginSucceeded(ctx context.Context, s *Session, evs ...audit.Event) error
	// Grants lists an account's role grants.
	Grants(ctx context.Context, accountID int64) ([]access.Grant, error)
	// AddGrant stores a grant. errs.Conflict when it exists.
	AddGrant(ctx context.Context, accountID int64, g access.Grant, grantedBy int64, evs ...audit.Event) (int64, error)
	// RemoveGrant deletes a grant of the account. errs.NotFound.
	RemoveGrant(ctx context.Context, accountID, grantID int64, evs ...audit.Event) error
	// Session returns a session by token hash. errs.NotFound.
	Session(ctx context.Context, tokenHash string) (*Session, error)
	// TouchSession records activity on a session.
	TouchSession(ctx context.Context, tokenHash string, at time.Time) error
	// DeleteSession ends a session. Missing sessions are not an error.
	DeleteSession(ctx context.Context, tokenHash string, evs ...audit.Event) error
	// DeleteSessionsOf ends every session of an account.
	DeleteSessionsOf(ctx context.Context, accountID int64) error
	// PurgeSessions removes sessions that expired or idled out before cutoff times.
	PurgeSessions(ctx context.Context, now time.Time, idleBefore time.Time) (int64, error)
	// Setting returns a settings value and its version. errs.NotFound.
	Setting(ctx context.Context, key string) (value string, version int, err error)
	// AppendAudit writes events that accompany no other change (a reveal).
	AppendAudit(ctx context.Context, evs ...audit.Event) error
	// PutSetting stores a settings value when version matches (0: new). errs.Conflict.
	PutSetting(ctx context.Context, key, value string, version int, by int64, evs ...audit.Event) error
}
