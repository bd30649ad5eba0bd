package rating

import (
	"context"
	"errors"
	"net/url"
	"time"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/cases"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/workcal"
)

// ChannelWindow is the channel of a rating given at a window (with a token).
const ChannelWindow = "window"

// ErrTokenUsed is the conflict of a token that has rated already; the
// token store returns it when the token's row is marked used.
var ErrTokenUsed = errs.E(errs.Conflict, "该评价码已经使用过：每个评价码只能评价一次，感谢您的评价")

// TokenRecord is a stored token with what its rating needs of the case.
type TokenRecord struct {
	Token
	UsedAt   time.Time
	RatingID int64
	// The case: its service, department and the hall that served the visit.
	CaseName, DeptName, HallName string
	Region                       string
	DeptID, ApplicantID          int64
	Status                       cases.Status
}

// TokenStore keeps window-rating tokens.
type TokenStore interface {
	// IssueToken stores a new token (errs.Conflict when its nonce exists).
	IssueToken(ctx context.Context, t Token, evs ...audit.Event) error
	// TokenRecord returns the token named nonce with its case (errs.NotFound).
	TokenRecord(ctx context.Context, nonce string) (TokenRecord, error)
	// PendingToken returns the newest token staffID issued that is unused
	// and unexpired at now: for caseID, or, when caseID is 0, for any case
	// among those issued at since or later. errs.NotFound when none.
	PendingToken(ctx context.Context, staffID, caseID int64, since, now time.Time) (TokenRecord, error)
	// RateByToken marks t used and stores r (for t's staff member) and
	// rect in one transaction. Errors: ErrTokenUsed when t was used
	// already; errs.Conflict when the case has a rating in r's round.
	RateByToken(ctx context.Context, t Token, r *Rating, rect *Rectification, evs ...audit.Event) error
}

// RatePath is the public page where token s is used (the QR code's link).
func RatePath(s string) string { return "/rate/" + url.PathEscape(s) }

// Issued is a token handed to the applicant.
type Issued struct {
	Token      string    `json:"token"`
	CaseNumber string    `json:"case_number"`
	ExpiresAt  time.Time `json:"expires_at"`
}

// Visit is what a rating page shows of a token: the service that was
// given, never the person who received it.
type Visit struct {
	Token     string    // the signed token, to post the rating with
	CaseName  string    // the item or bundle
	DeptName  string    // the department in charge
	HallName  string    // the hall that served the visit
	ExpiresAt time.Time //
}

// Tokens issues window-rating tokens and takes the ratings given with
// them. The key never leaves it: it is derived from the server's
// personal-data keyring, which every node shares.
type Tokens struct {
	svc   *Service
	store TokenStore
	key   secret
	// TTL is how long a token may be used (default DefaultTokenTTL).
	TTL time.Duration
}

// NewTokens returns the token service over svc (whose cases, calendar,
// clock and rating rules it shares), keyed from keys.
func NewTokens(svc *Service, store TokenStore, keys KeySource) *Tokens {
	return &Tokens{svc: svc, store: store, key: tokenKey(keys), TTL: DefaultTokenTTL}
}

// servingHall is the hall where p serves c's applicant at a window: the
// intake hall, or the hall the result is collected at. ok is false for
// anyone who is not front-desk staff (case.accept) of either.
func servingHall(p *access.Principal, c cases.Case) (int64, bool) {
	for _, h := range []int64{c.IntakeHallID, c.Delivery.HallID} {
		if h != 0 && p.Can(access.CaseAccept, access.Scope{Region: c.IntakeRegion, HallID: h}) {
			return h, true
		}
	}
	return 0, false
}

// rated reports whether the case has its first-round rating.
func (t *Tokens) rated(ctx context.Context, caseID int64) (bool, error) {
	list, err := t.svc.store.Ratings(ctx, caseID)
	if err != nil {
		return false, err
	}
	for _, r := range list {
		if r.Round == 1 {
			return true, nil
		}
	}
	return false, nil
}

// CanIssue reports whether p may ask c's applicant for a window rating now
// (c as p read it through the case service).
func (t *Tokens) CanIssue(ctx context.Context, p *access.Principal, c cases.Case) bool {
	if _, ok := servingHall(p, c); !ok || c.Status == cases.Draft {
		return false
	}
	rated, err := t.rated(ctx, c.ID)
	return err == nil && !rated
}

// Issue makes a token for the visit p just served on case number. A
// window rating rates the service at the window, so any submitted case
// may be rated this way, concluded or not; it is still the case's one
// rating (一事一评). Errors: NotFound (p cannot see the case), Forbidden
// (p is not front-desk staff of its intake or pickup hall), Conflict
// (a draft, or already rated).
func (t *Tokens) Issue(ctx context.Context, p *access.Principal, number string) (Issued, error) {
	c, err := t.svc.cases.Case(ctx, p, number)
	if err != nil {
		return Issued{}, err
	}
	hall, ok := servingHall(p, c)
	if !ok {
		return Issued{}, errs.E(errs.Forbidden, "只有受理或发证大厅的窗口工作人员可以请申请人评价本办件")
	}
	if c.Status == cases.Draft {
		return Issued{}, errs.E(errs.Conflict, "办件尚未提交，还不能评价")
	}
	if rated, err := t.rated(ctx, c.ID); err != nil {
		return Issued{}, err
	} else if rated {
		return Issued{}, errs.E(errs.Conflict, "该办件已经评价过（一事一评），不能再请申请人评价")
	}
	now := t.svc.now()
	ttl := t.TTL
	if ttl <= 0 {
		ttl = DefaultTokenTTL
	}
	tok, err := newToken(Token{CaseID: c.ID, CaseNumber: c.Number, HallID: hall, StaffID: p.AccountID,
		IssuedAt: now, ExpiresAt: now.Add(ttl)})
	if err != nil {
		return Issued{}, err
	}
	s, err := t.key.sign(tok)
	if err != nil {
		return Issued{}, err
	}
	ev := audit.New(ctx, "rating_token.issue", "case", c.Number, nil,
		map[string]any{"hall_id": hall, "expires_at": tok.ExpiresAt}, "")
	if err := t.store.IssueToken(ctx, tok, ev); err != nil {
		return Issued{}, err
	}
	return Issued{Token: s, CaseNumber: c.Number, ExpiresAt: tok.ExpiresAt}, nil
}

// load verifies a token and returns its stored record, unused and
// unexpired. Errors: Invalid (unreadable, expired), Forbidden (forged,
// altered, another key, or no such token), Conflict (used, or the case
// rated already).
func (t *Tokens) load(ctx context.Context, s string) (Token, TokenRecord, error) {
	tok, err := t.key.verify(s)
	if err != nil {
		return Token{}, TokenRecord{}, err
	}
	rec, err := t.store.TokenRecord(ctx, tok.Nonce)
	if errs.Is(err, errs.NotFound) {
		return Token{}, TokenRecord{}, errs.E(errs.Forbidden, "评价码已作废：请向窗口工作人员重新获取评价二维码")
	}
	if err != nil {
		return Token{}, TokenRecord{}, err
	}
	if rec.CaseID != tok.CaseID || rec.StaffID != tok.StaffID || rec.HallID != tok.HallID || !rec.ExpiresAt.Equal(tok.ExpiresAt) {
		return Token{}, TokenRecord{}, errs.E(errs.Forbidden, msgForged)
	}
	if !rec.UsedAt.IsZero() {
		return Token{}, TokenRecord{}, ErrTokenUsed
	}
	if !t.svc.now().Before(tok.ExpiresAt) {
		return Token{}, TokenRecord{}, errs.Field("token", "评价码已于 %s 过期（有效期 %d 分钟）：请向窗口工作人员重新获取评价二维码",
			tok.ExpiresAt.In(workcal.China).Format("2006-01-02 15:04"), int(tok.ExpiresAt.Sub(tok.IssuedAt).Minutes()))
	}
	if rated, err := t.rated(ctx, rec.CaseID); err != nil {
		return Token{}, TokenRecord{}, err
	} else if rated {
		return Token{}, TokenRecord{}, errs.E(errs.Conflict, "该办件已经评价过（一事一评）")
	}
	return tok, rec, nil
}

// visit is the public view of a record whose token string is s.
func visit(s string, rec TokenRecord) Visit {
	return Visit{Token: s, CaseName: rec.CaseName, DeptName: rec.DeptName, HallName: rec.HallName, ExpiresAt: rec.ExpiresAt}
}

// Open returns what the rating page shows for token s (no login needed).
// Errors as Rate's, before any input.
func (t *Tokens) Open(ctx context.Context, s string) (Visit, error) {
	_, rec, err := t.load(ctx, s)
	if err != nil {
		return Visit{}, err
	}
	return visit(s, rec), nil
}

// Rate stores the rating given with token s, once: the token is marked
// used in the same transaction. The rating is a window one (channel
// window, the hall and staff member of the token, round 1); named, it
// records the case's applicant, anonymous, nobody. The input follows the
// rules of RateCase and a bad rating opens a rectification the same way.
// Errors: Invalid (the input, an unreadable or expired token), Forbidden
// (forged, altered or unknown token), Conflict (used: ErrTokenUsed; the
// case rated already).
func (t *Tokens) Rate(ctx context.Context, s string, in Input) (Rating, error) {
	tok, rec, err := t.load(ctx, s)
	if err != nil {
		return Rating{}, err
	}
	tags, comment, err := check(in)
	if err != nil {
		return Rating{}, err
	}
	r := &Rating{CaseID: rec.CaseID, CaseNumber: rec.CaseNumber, Round: 1, DeptID: rec.DeptID, Region: rec.Region,
		HallID: tok.HallID, Channel: ChannelWindow, Score: in.Score, Level: Title(in.Score), Tags: tags,
		Comment: comment, Named: !in.Anonymous, CreatedAt: t.svc.now()}
	if r.Named {
		r.AccountID = rec.ApplicantID
	}
	// Whoever holds the token rates: no account acts (the tablet may be
	// logged in as the clerk, who must not appear as the rater).
	ctx = audit.WithActor(ctx, audit.Actor{Name: "rating-token", Role: string(access.Applicant), IP: audit.ActorFrom(ctx).IP})
	rect, evs, err := t.svc.settle(ctx, r)
	if err != nil {
		return Rating{}, err
	}
	evs = append(evs, audit.New(ctx, "rating_token.use", "case", rec.CaseNumber, nil,
		map[string]any{"channel": ChannelWindow, "hall_id": tok.HallID, "staff_id": tok.StaffID}, ""))
	if err := t.store.RateByToken(ctx, tok, r, rect, evs...); err != nil {
		if errors.Is(err, ErrTokenUsed) {
			return Rating{}, ErrTokenUsed
		}
		if errs.Is(err, errs.Conflict) {
			return Rating{}, errs.Wrap(err, errs.Conflict, "该办件已经评价过（一事一评）")
		}
		return Rating{}, err
	}
	if rect != nil {
		r.Rectification = rect.ID
	}
	return *r, nil
}

// Pending returns the newest token p issued for case c that is still
// unused and unexpired, to show its QR code again; ok is false when none.
func (t *Tokens) Pending(ctx context.Context, p *access.Principal, c cases.Case) (Issued, bool, error) {
	rec, err := t.store.PendingToken(ctx, p.AccountID, c.ID, time.Time{}, t.svc.now())
	if errs.Is(err, errs.NotFound) {
		return Issued{}, false, nil
	}
	if err != nil {
		return Issued{}, false, err
	}
	s, err := t.key.sign(rec.Token)
	if err != nil {
		return Issued{}, false, err
	}
	return Issued{Token: s, CaseNumber: rec.CaseNumber, ExpiresAt: rec.ExpiresAt}, true, nil
}

// Newest returns the visit of the newest unused, unexpired token p issued
// on any case not rated since: what p's window tablet shows. ok is false
// when there is none.
func (t *Tokens) Newest(ctx context.Context, p *access.Principal) (Visit, bool, error) {
	now := t.svc.now()
	ttl := max(t.TTL, DefaultTokenTTL)
	rec, err := t.store.PendingToken(ctx, p.AccountID, 0, now.Add(-ttl-time.Second), now)
	if errs.Is(err, errs.NotFound) {
		return Visit{}, false, nil
	}
	if err != nil {
		return Visit{}, false, err
	}
	if rated, err := t.rated(ctx, rec.CaseID); err != nil || rated {
		return Visit{}, false, err
	}
	s, err := t.key.sign(rec.Token)
	if err != nil {
		return Visit{}, false, err
	}
	return visit(s, rec), true, nil
}
