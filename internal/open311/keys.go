package open311

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"sync"
	"time"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/account"
	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/validate"
)

// KeyPrefix starts every api key, so a leaked key is recognisable.
const KeyPrefix = "o311_"

// MaxKeyName is the longest app name, in characters.
const MaxKeyName = 50

// HashKey is how a key is stored and looked up: hex SHA-256. Keys are 256
// random bits, so no salt or slow hash is needed.
func HashKey(key string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:])
}

// AddKey creates an api key for an app filing in region (a subtree; also
// the default region of its requests) and returns the key, which is shown
// this once and stored only as its hash. The audit record never holds it.
// Errors: Invalid (name or region).
func (s *Service) AddKey(ctx context.Context, name, region string) (string, Key, error) {
	name, err := validate.Text("name", name, MaxKeyName, true)
	if err != nil {
		return "", Key{}, err
	}
	region = strings.TrimSpace(region)
	if _, err := validate.RegionCode("region", region); err != nil {
		return "", Key{}, err
	}
	if _, err := s.store.RegionName(ctx, region); errs.Is(err, errs.NotFound) {
		return "", Key{}, errs.Field("region", "行政区划 %s 不存在或已撤销", region)
	} else if err != nil {
		return "", Key{}, err
	}
	var raw [32]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return "", Key{}, err
	}
	plain := KeyPrefix + base64.RawURLEncoding.EncodeToString(raw[:])
	k := Key{Name: name, Region: region, Hash: HashKey(plain), Prefix: plain[:len(KeyPrefix)+6], Active: true, CreatedAt: s.now()}
	ev := audit.New(ctx, "open311.key.create", "open311_key", "", nil,
		map[string]any{"name": k.Name, "region": k.Region, "prefix": k.Prefix}, "")
	if err := s.store.CreateKey(ctx, &k, ev); err != nil {
		return "", Key{}, err
	}
	return plain, k, nil
}

// Keys lists the api keys (never the keys themselves: they are not kept).
func (s *Service) Keys(ctx context.Context) ([]Key, error) { return s.store.Keys(ctx) }

// RevokeKey stops a key at once. Errors: NotFound.
func (s *Service) RevokeKey(ctx context.Context, id int64) error {
	ev := audit.New(ctx, "open311.key.revoke", "open311_key", itoa(id), map[string]any{"active": true},
		map[string]any{"active": false}, "")
	return s.store.RevokeKey(ctx, id, s.now(), ev)
}

// errBadKey is the one answer to a missing, unknown or revoked key.
var errBadKey = errs.E(errs.Forbidden, "api_key 无效或已停用：请向 12345 热线申请有效的 api_key")

// authenticate finds the key's row and the principal it files as: an
// in-memory 12345 agent of the key's region, named after the app.
func (s *Service) authenticate(ctx context.Context, key string) (Key, *access.Principal, error) {
	key = strings.TrimSpace(key)
	if key == "" || len(key) > 200 {
		return Key{}, nil, errBadKey
	}
	k, err := s.store.Key(ctx, HashKey(key))
	if errs.Is(err, errs.NotFound) || err == nil && !k.Active {
		return Key{}, nil, errBadKey
	}
	if err != nil {
		return Key{}, nil, err
	}
	p := &access.Principal{Username: "open311:" + itoa(k.ID), Kind: account.KindStaff,
		Grants: []access.Grant{{Role: access.HotlineAgent, Region: k.Region}}}
	return k, p, nil
}

// PostsPerMinute is how many requests one key may file per minute (per node).
const PostsPerMinute = 30

// errTooMany is a key filing faster than PostsPerMinute.
type errTooMany struct{}

func (errTooMany) Error() string {
	return "每个 api_key 每分钟最多提交 30 件诉求，请稍后再试"
}

// limiter counts posts per key in fixed one-minute windows.
type limiter struct {
	mu     sync.Mutex
	max    int
	window int64
	counts map[int64]int
}

func newLimiter(max int) *limiter { return &limiter{max: max, counts: map[int64]int{}} }

func (l *limiter) allow(id int64, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if w := now.Unix() / 60; w != l.window {
		l.window, l.counts = w, map[int64]int{}
	}
	if l.counts[id] >= l.max {
		return false
	}
	l.counts[id]++
	return true
}
