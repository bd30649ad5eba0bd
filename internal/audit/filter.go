package audit

import (
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/onewindow/onewindow/internal/errs"
)

// Page sizes for browsing the log.
const (
	DefaultLimit = 50
	MaxLimit     = 200
)

// Filter selects events for auditors, newest first. Empty fields select
// everything; set fields combine with AND.
type Filter struct {
	// Actor is a username or an account id in digits. A username that names
	// no account matches events recorded under that name without an account
	// (system, anonymous).
	Actor string
	// Action is an exact action ("role.grant") or, ending in ".", every
	// action of a kind ("session." = logins, logouts, failed logins).
	Action     string
	ObjectType string
	ObjectID   string
	From, To   time.Time // events at or after From and before To; zero = open
	IP         string
	// Before is the keyset cursor: only events with seq < Before (0 = from
	// the newest). Pass the cursor ListAudit returned for the next page.
	Before int64
	Limit  int // 1..MaxLimit; 0 = DefaultLimit
}

// Normalize checks f and returns it in canonical form (lower-case names,
// canonical IP, default limit). Errors are errs.Invalid naming the field.
func (f Filter) Normalize() (Filter, error) {
	f.Actor = strings.ToLower(strings.TrimSpace(f.Actor))
	if f.Actor != "" && !isName(f.Actor, 64, true) {
		return f, errs.Field("actor", "操作人应为用户名或账号编号")
	}
	f.Action = strings.ToLower(strings.TrimSpace(f.Action))
	if f.Action != "" && (!isName(f.Action, 64, false) || strings.HasPrefix(f.Action, ".")) {
		return f, errs.Field("action", "操作类型应为英文小写字母、数字、下划线和点组成的名称，例如 account.create 或 session.")
	}
	f.ObjectType = strings.ToLower(strings.TrimSpace(f.ObjectType))
	if f.ObjectType != "" && !isName(f.ObjectType, 64, false) {
		return f, errs.Field("object_type", "对象类型应为英文小写字母、数字、下划线和点组成的名称，例如 account")
	}
	f.ObjectID = strings.TrimSpace(f.ObjectID)
	if len(f.ObjectID) > 128 || strings.ContainsFunc(f.ObjectID, isControl) {
		return f, errs.Field("object_id", "对象编号过长或含有非法字符")
	}
	if f.ObjectID != "" && f.ObjectType == "" {
		return f, errs.Field("object_type", "按对象编号查询时请同时选择对象类型")
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) {
		return f, errs.Field("to", "结束时间应晚于开始时间")
	}
	if f.IP = strings.TrimSpace(f.IP); f.IP != "" {
		ip := net.ParseIP(f.IP)
		if ip == nil {
			return f, errs.Field("ip", "IP 地址格式不正确")
		}
		f.IP = ip.String() // the form the HTTP layer records
	}
	if f.Before < 0 {
		return f, errs.Field("before", "翻页位置不正确")
	}
	switch {
	case f.Limit == 0:
		f.Limit = DefaultLimit
	case f.Limit < 0 || f.Limit > MaxLimit:
		return f, errs.Field("limit", "每页条数应在 1 到 %d 之间", MaxLimit)
	}
	return f, nil
}

// ActorID returns the account id when Actor is given as digits.
func (f Filter) ActorID() (int64, bool) {
	if f.Actor == "" || f.Actor[0] < '0' || f.Actor[0] > '9' {
		return 0, false
	}
	id, err := strconv.ParseInt(f.Actor, 10, 64)
	return id, err == nil
}

// ActionPrefix reports whether Action selects a kind of actions rather
// than one action.
func (f Filter) ActionPrefix() bool { return strings.HasSuffix(f.Action, ".") }

// isName accepts the machine names the log records: lower-case ASCII
// letters, digits, "_", "." and (for usernames) "-".
func isName(s string, max int, dash bool) bool {
	if len(s) > max {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '.' || dash && c == '-') {
			return false
		}
	}
	return true
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f }
