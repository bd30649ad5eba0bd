package account

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/errs"
)

// Sealer protects personal data: pii.Keyring implements it.
type Sealer interface {
	// Seal encrypts a normalised value and returns ciphertext, lookup index and mask.
	Seal(kind, value string) (enc []byte, idx, mask string, err error)
	// Decrypt opens a sealed value.
	Decrypt(enc []byte) (string, error)
	// Index returns the lookup index of a normalised value.
	Index(kind, value string) string
}

// Directory checks that a grant's scope names real places: the region
// exists and the dept or hall lies inside it.
type Directory interface {
	CheckScope(ctx context.Context, region string, deptID, hallID int64) error
}

// PolicyKey is the settings key of the security policy.
const PolicyKey = "security.policy"

// Service runs accounts, login and sessions.
type Service struct {
	store Store
	pii   Sealer
	dir   Directory
	now   func() time.Time

	mu       sync.Mutex
	policy   Policy
	policyV  int
	policyAt time.Time
}

// NewService returns a service; now may be nil for time.Now.
func NewService(store Store, pii Sealer, dir Directory, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: store, pii: pii, dir: dir, now: now}
}

// Policy returns the security policy in force and its version (0 = default).
// It is cached for a few seconds so that every node converges quickly
// without a read per request.
func (s *Service) Policy(ctx context.Context) (Policy, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.policyAt.IsZero() && s.now().Sub(s.policyAt) < 5*time.Second {
		return s.policy, s.policyV
	}
	p, v := DefaultPolicy, 0
	if raw, ver, err := s.store.Setting(ctx, PolicyKey); err == nil {
		var q Policy
		if json.Unmarshal([]byte(raw), &q) == nil && q.Validate() == nil {
			p, v = q, ver
		}
	}
	s.policy, s.policyV, s.policyAt = p, v, s.now()
	return p, v
}

// SetPolicy changes the security policy (secadmin). version is the one read.
func (s *Service) SetPolicy(ctx context.Context, p *access.Principal, pol Policy, version int) error {
	if !p.Has(access.SecPolicy) {
		return errs.E(errs.Forbidden, "只有安全管理员可以修改安全策略")
	}
	if err := pol.Validate(); err != nil {
		return err
	}
	before, _ := s.Policy(ctx)
	raw, _ := json.Marshal(pol)
	ev := audit.New(ctx, "setting.update", "setting", PolicyKey, before, pol, "")
	if err := s.store.PutSetting(ctx, PolicyKey, string(raw), version, p.AccountID, ev); err != nil {
		return err
	}
	s.mu.Lock()
	s.policyAt = time.Time{}
	s.mu.Unlock()
	return nil
}

// newToken returns a random session token and its stored hash.
func newToken() (token, hash string) {
	b := make([]byte, 32)
	rand.Read(b)
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, HashToken(token)
}

// HashToken is how a session token is stored and looked up.
func HashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

func idString(id int64) string { return strconv.FormatInt(id, 10) }

// load returns an account record, mapping a missing one to a clear error.
func (s *Service) load(ctx context.Context, id int64) (*Record, error) {
	r, err := s.store.Account(ctx, id)
	if errs.Is(err, errs.NotFound) {
		return nil, errs.E(errs.NotFound, "账号不存在")
	}
	return r, err
}

// view returns the public view of r with its grants.
func (s *Service) view(ctx context.Context, r *Record) (Account, error) {
	g, err := s.store.Grants(ctx, r.ID)
	if err != nil {
		return Account{}, err
	}
	return r.View(s.now(), g), nil
}

// Get returns an account: one's own, or any with AccountView.
func (s *Service) Get(ctx context.Context, p *access.Principal, id int64) (Account, error) {
	if p == nil || (p.AccountID != id && !p.Has(access.AccountView)) {
		return Account{}, errs.E(errs.Forbidden, "无权查看该账号")
	}
	r, err := s.load(ctx, id)
	if err != nil {
		return Account{}, err
	}
	return s.view(ctx, r)
}

// List lists accounts for staff with AccountView.
func (s *Service) List(ctx context.Context, p *access.Principal, f ListFilter) ([]Account, error) {
	if !p.Has(access.AccountView) {
		return nil, errs.E(errs.Forbidden, "无权查看账号列表")
	}
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	switch f.Kind {
	case "", KindPerson, KindOrg, KindStaff:
	default:
		return nil, errs.Field("kind", "账号类型只能是 person、org 或 staff")
	}
	recs, err := s.store.ListAccounts(ctx, f)
	if err != nil {
		return nil, err
	}
	out := make([]Account, 0, len(recs))
	for i := range recs {
		a, err := s.view(ctx, &recs[i])
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}

// AnyStaff returns one staff account, or errs.NotFound when there is none
// (a first start).
func (s *Service) AnyStaff(ctx context.Context) (Account, error) {
	recs, err := s.store.ListAccounts(ctx, ListFilter{Kind: KindStaff, Limit: 1})
	if err != nil {
		return Account{}, err
	}
	if len(recs) == 0 {
		return Account{}, errs.E(errs.NotFound, "没有工作人员账号")
	}
	return recs[0].View(s.now(), nil), nil
}

// UsernameTaken reports whether an account already uses username.
func (s *Service) UsernameTaken(ctx context.Context, username string) (bool, error) {
	_, err := s.store.AccountByUsername(ctx, strings.ToLower(strings.TrimSpace(username)))
	if errs.Is(err, errs.NotFound) {
		return false, nil
	}
	return err == nil, err
}

// ByUsername returns an account by username (for wiring demo data and tools,
// not exposed through HTTP). errs.NotFound.
func (s *Service) ByUsername(ctx context.Context, username string) (Account, error) {
	r, err := s.store.AccountByUsername(ctx, strings.ToLower(strings.TrimSpace(username)))
	if err != nil {
		return Account{}, err
	}
	return s.view(ctx, r)
}
