package rating

import (
	"crypto/hmac"
	"crypto/rand"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/emmansun/gmsm/sm3"

	"github.com/onewindow/onewindow/internal/errs"
)

// Window ratings (窗口评价): the clerk who served a visit hands the
// applicant a signed token, as a QR code or on the window's rating tablet.
// The token is
//
//	base64url(payload) "." base64url(HMAC-SM3(key, payload))
//
// where the payload (version 1) is
//
//	1 byte version | 16 random bytes | uvarint issued (unix s) | uvarint expires (unix s)
//	| uvarint case id | uvarint hall id | uvarint staff id | case number (the rest)
//
// Nobody without the server key can make or alter one (the MAC is checked
// in constant time); the random part names the stored row (rating_tokens),
// which is marked used in the transaction that stores the rating, so a
// token rates once.

const (
	tokenVersion = 1
	randomSize   = 16
	macSize      = sm3.Size
	maxNumberLen = 40
)

// b64 is the token's text encoding: strict, so that one token has one spelling.
var b64 = base64.RawURLEncoding.Strict()

// DefaultTokenTTL is how long a window-rating token may be used.
const DefaultTokenTTL = 30 * time.Minute

// Token is what a window-rating token says.
type Token struct {
	// Nonce names the stored row: the issue second in fixed-width hex, a
	// dot, and the 128 random bits (base64url). The time prefix lets the
	// tablet find recent tokens by a range of the primary key.
	Nonce      string
	CaseID     int64
	CaseNumber string
	HallID     int64
	StaffID    int64
	IssuedAt   time.Time
	ExpiresAt  time.Time
}

// nonceKey is the stored name of a token issued at t with random bytes rnd.
func nonceKey(t time.Time, rnd []byte) string {
	return NonceSince(t) + "." + b64.EncodeToString(rnd)
}

// NonceSince is the smallest nonce of a token issued at t or later: the
// stores find recent tokens by this range of the primary key.
func NonceSince(t time.Time) string { return fmt.Sprintf("%010x", max(t.Unix(), 0)) }

// newToken fills a fresh nonce into t (issued and expiry whole seconds).
func newToken(t Token) (Token, error) {
	rnd := make([]byte, randomSize)
	if _, err := rand.Read(rnd); err != nil {
		return Token{}, err
	}
	t.IssuedAt, t.ExpiresAt = t.IssuedAt.Truncate(time.Second), t.ExpiresAt.Truncate(time.Second)
	t.Nonce = nonceKey(t.IssuedAt, rnd)
	return t, nil
}

// secret is key material: printed, formatted or logged it shows nothing.
type secret []byte

func (secret) String() string             { return "[secret]" }
func (secret) GoString() string           { return "[secret]" }
func (secret) Format(f fmt.State, _ rune) { io.WriteString(f, "[secret]") }
func (secret) LogValue() slog.Value       { return slog.StringValue("[secret]") }
func (k secret) mac(payload []byte) []byte {
	h := hmac.New(sm3.New, k)
	h.Write(payload)
	return h.Sum(nil)
}
func (k secret) equal(payload, m []byte) bool { return hmac.Equal(k.mac(payload), m) }

// KeySource is the server's key material the token key is derived from:
// pii.Keyring qualifies (Index is HMAC-SM3 keyed with its index key).
type KeySource interface {
	Index(kind, plain string) string
}

// tokenKey derives the token key: HMAC-SM3 of a label no personal-data
// index uses, under the key every node of a deployment already shares
// (DATA/keys/pii.key or ONEWINDOW_PII_KEY).
func tokenKey(k KeySource) secret {
	return secret(k.Index("rating-token-key", "onewindow window-rating tokens v1"))
}

// sign returns the token string of t.
func (k secret) sign(t Token) (string, error) {
	head, rnd, ok := strings.Cut(t.Nonce, ".")
	raw, err := b64.DecodeString(rnd)
	if !ok || err != nil || len(raw) != randomSize || head != NonceSince(t.IssuedAt) {
		return "", fmt.Errorf("rating: token nonce %q does not match its issue time", head)
	}
	if t.CaseNumber == "" || len(t.CaseNumber) > maxNumberLen {
		return "", fmt.Errorf("rating: token without a case number")
	}
	p := make([]byte, 0, 1+randomSize+5*binary.MaxVarintLen64+len(t.CaseNumber))
	p = append(p, tokenVersion)
	p = append(p, raw...)
	for _, n := range []int64{t.IssuedAt.Unix(), t.ExpiresAt.Unix(), t.CaseID, t.HallID, t.StaffID} {
		p = binary.AppendUvarint(p, uint64(max(n, 0)))
	}
	p = append(p, t.CaseNumber...)
	return b64.EncodeToString(p) + "." + b64.EncodeToString(k.mac(p)), nil
}

// Messages of refused tokens.
const (
	msgMalformed = "评价码不完整或格式不正确：请重新扫描窗口工作人员提供的二维码"
	msgForged    = "评价码无效（可能已被改动或不是本平台签发的）：请向窗口工作人员重新获取评价二维码"
)

// verify checks s's MAC and returns what it says. Errors: Invalid when
// it cannot be read, Forbidden when the MAC fails (forged, altered, or
// signed with another key). Expiry and use are checked by the caller.
func (k secret) verify(s string) (Token, error) {
	s = strings.TrimSpace(s)
	ps, ms, ok := strings.Cut(s, ".")
	if !ok || len(s) > 400 {
		return Token{}, errs.Field("token", msgMalformed)
	}
	payload, err1 := b64.DecodeString(ps)
	m, err2 := b64.DecodeString(ms)
	if err1 != nil || err2 != nil || len(m) != macSize || len(payload) < 1+randomSize {
		return Token{}, errs.Field("token", msgMalformed)
	}
	if !k.equal(payload, m) {
		return Token{}, errs.E(errs.Forbidden, msgForged)
	}
	if payload[0] != tokenVersion {
		return Token{}, errs.Field("token", msgMalformed)
	}
	rnd, rest := payload[1:1+randomSize], payload[1+randomSize:]
	var nums [5]int64
	for i := range nums {
		n, size := binary.Uvarint(rest)
		if size <= 0 || n > 1<<53 {
			return Token{}, errs.Field("token", msgMalformed)
		}
		nums[i], rest = int64(n), rest[size:]
	}
	if len(rest) == 0 || len(rest) > maxNumberLen || !utf8.Valid(rest) {
		return Token{}, errs.Field("token", msgMalformed)
	}
	t := Token{IssuedAt: time.Unix(nums[0], 0).UTC(), ExpiresAt: time.Unix(nums[1], 0).UTC(), CaseID: nums[2],
		HallID: nums[3], StaffID: nums[4], CaseNumber: string(rest)}
	t.Nonce = nonceKey(t.IssuedAt, rnd)
	return t, nil
}
