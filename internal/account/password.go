package account

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"github.com/onewindow/onewindow/internal/errs"
)

// argon2id parameters: OWASP's second recommended set (19 MiB, 2 passes),
// which keeps a login near 20 ms on one core so a 2-core node can still
// serve a hall's morning rush. Stored with each hash, so they can be raised
// later and old hashes still verify.
const (
	argonMemory  = 19 * 1024
	argonTime    = 2
	argonThreads = 1
	argonKeyLen  = 32
	saltLen      = 16
)

// HashPassword returns an argon2id hash in PHC string format.
func HashPassword(pw string) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(pw), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

// CheckPassword reports whether pw matches the PHC-format hash.
func CheckPassword(hash, pw string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || m == 0 || t == 0 || p == 0 || m > 1<<20 || t > 16 {
		return false
	}
	salt, err := base64.RawStdEncoding.DecodeString(parts[4])
	if err != nil {
		return false
	}
	want, err := base64.RawStdEncoding.DecodeString(parts[5])
	if err != nil || len(want) == 0 || len(want) > 128 {
		return false
	}
	got := argon2.IDKey([]byte(pw), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// dummyHash is checked against when the username is unknown, so that a
// wrong username costs as long as a wrong password.
var dummyHash, _ = HashPassword("onewindow-dummy-password")

// Policy is the security policy secadmin sets (settings key security.policy).
type Policy struct {
	MinLength      int `json:"min_length"`       // at least this many characters
	MinClasses     int `json:"min_classes"`      // of lower, upper, digit, symbol
	MaxFailures    int `json:"max_failures"`     // failed logins before lockout
	LockMinutes    int `json:"lock_minutes"`     // lockout duration
	IdleMinutes    int `json:"idle_minutes"`     // a session idle this long ends
	SessionHours   int `json:"session_hours"`    // a session ends this long after login regardless
	PasswordMaxAge int `json:"password_max_age"` // days before a change is demanded; 0 = never
}

// DefaultPolicy is the policy until secadmin changes it (等保 2.0 level 3).
var DefaultPolicy = Policy{MinLength: 8, MinClasses: 3, MaxFailures: 5, LockMinutes: 15, IdleMinutes: 30, SessionHours: 12, PasswordMaxAge: 0}

// Validate checks the policy's own bounds: a policy weaker than level 3
// allows is refused.
func (p Policy) Validate() error {
	switch {
	case p.MinLength < 8 || p.MinLength > 64:
		return errs.Field("min_length", "密码最小长度应在 8 到 64 之间")
	case p.MinClasses < 3 || p.MinClasses > 4:
		return errs.Field("min_classes", "密码至少应包含 3 类字符（大写、小写、数字、符号），最多可要求 4 类")
	case p.MaxFailures < 3 || p.MaxFailures > 10:
		return errs.Field("max_failures", "登录失败锁定次数应在 3 到 10 之间")
	case p.LockMinutes < 5 || p.LockMinutes > 1440:
		return errs.Field("lock_minutes", "锁定时长应在 5 到 1440 分钟之间")
	case p.IdleMinutes < 5 || p.IdleMinutes > 30:
		return errs.Field("idle_minutes", "会话空闲超时应在 5 到 30 分钟之间")
	case p.SessionHours < 1 || p.SessionHours > 24:
		return errs.Field("session_hours", "会话最长有效期应在 1 到 24 小时之间")
	case p.PasswordMaxAge < 0 || p.PasswordMaxAge > 365:
		return errs.Field("password_max_age", "密码有效期应在 0（不限）到 365 天之间")
	}
	return nil
}

// CheckPassword checks pw against the policy; username must not appear in it.
func (p Policy) CheckPassword(field, pw, username string) error {
	n := utf8.RuneCountInString(pw)
	if n < p.MinLength {
		return errs.Field(field, "密码至少需要 %d 个字符", p.MinLength)
	}
	if len(pw) > 128 {
		return errs.Field(field, "密码不能超过 128 个字节")
	}
	var lower, upper, digit, symbol int
	for _, r := range pw {
		switch {
		case r < 0x20 || r == 0x7f:
			return errs.Field(field, "密码不能包含控制字符")
		case unicode.IsLower(r):
			lower = 1
		case unicode.IsUpper(r):
			upper = 1
		case unicode.IsDigit(r):
			digit = 1
		default:
			symbol = 1
		}
	}
	if lower+upper+digit+symbol < p.MinClasses {
		return errs.Field(field, "密码需包含大写字母、小写字母、数字、符号中的至少 %d 类", p.MinClasses)
	}
	if username != "" && strings.Contains(strings.ToLower(pw), strings.ToLower(username)) {
		return errs.Field(field, "密码不能包含用户名")
	}
	return nil
}
