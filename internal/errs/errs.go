// Package errs is OneWindow's small closed set of error codes. Every domain
// package returns *Error values (or wraps them); the HTTP layers turn a code
// into a status in one place (Status) and show Message, which is written for
// the user in Chinese. The wrapped cause is for logs only and never shown.
package errs

import (
	"errors"
	"fmt"
	"net/http"
)

// Code classifies an error for callers and for HTTP.
type Code string

// The codes. Keep the set closed: add one only when no existing code fits.
const (
	Invalid      Code = "invalid"      // the input breaks a rule; Field names it
	Malformed    Code = "malformed"    // the request itself cannot be read (bad JSON, wrong type)
	Unauthorized Code = "unauthorized" // no valid session or wrong credentials
	Forbidden    Code = "forbidden"    // authenticated, but not allowed here
	NotFound     Code = "not_found"
	Conflict     Code = "conflict" // a concurrent change won, or the record already exists
	Locked       Code = "locked"   // the account is locked after too many failures
	TooLarge     Code = "too_large"
	Unavailable  Code = "unavailable" // a dependency (the database) is down
	Internal     Code = "internal"
)

// Error is a domain error with a user-facing message.
type Error struct {
	Code    Code
	Field   string // the offending input field, when there is one
	Message string // Chinese, safe to show
	Err     error  // the cause, for logs
}

func (e *Error) Error() string {
	s := string(e.Code) + ": " + e.Message
	if e.Field != "" {
		s = string(e.Code) + ": " + e.Field + ": " + e.Message
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// E builds an error with a code and message.
func E(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Field builds an Invalid error naming a field.
func Field(field, format string, args ...any) *Error {
	return &Error{Code: Invalid, Field: field, Message: fmt.Sprintf(format, args...)}
}

// Wrap records cause behind a user-facing error.
func Wrap(cause error, code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Err: cause}
}

// CodeOf returns the code of err, Internal for unknown errors and "" for nil.
func CodeOf(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// Is reports whether err carries code.
func Is(err error, code Code) bool { return err != nil && CodeOf(err) == code }

// MessageOf returns the message to show for err; internal errors get a generic one.
func MessageOf(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Code != Internal {
		return e.Message
	}
	return "系统内部错误，请稍后重试；如问题持续，请联系运维人员"
}

// FieldOf returns the field an Invalid error names, or "".
func FieldOf(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Field
	}
	return ""
}

// Status maps a code to its HTTP status.
func Status(code Code) int {
	switch code {
	case Invalid:
		return http.StatusUnprocessableEntity
	case Malformed:
		return http.StatusBadRequest
	case Unauthorized:
		return http.StatusUnauthorized
	case Forbidden:
		return http.StatusForbidden
	case NotFound:
		return http.StatusNotFound
	case Conflict:
		return http.StatusConflict
	case Locked:
		return http.StatusLocked
	case TooLarge:
		return http.StatusRequestEntityTooLarge
	case Unavailable:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// Title is the short Chinese title of a code, used in problem details.
func Title(code Code) string {
	switch code {
	case Invalid:
		return "输入有误"
	case Malformed:
		return "请求格式错误"
	case Unauthorized:
		return "未登录或登录已失效"
	case Forbidden:
		return "无权操作"
	case NotFound:
		return "未找到"
	case Conflict:
		return "操作冲突"
	case Locked:
		return "账号已锁定"
	case TooLarge:
		return "内容过大"
	case Unavailable:
		return "服务暂不可用"
	}
	return "系统内部错误"
}
