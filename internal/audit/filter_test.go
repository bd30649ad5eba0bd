package audit

import (
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/onewindow/onewindow/internal/errs"
)

func TestFilterNormalize(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	f, err := Filter{Actor: " Clerk1 ", Action: "Session.", ObjectType: "Account", ObjectID: " 42 ",
		IP: "::ffff:10.1.2.3", From: t0, To: t0.Add(time.Hour)}.Normalize()
	if err != nil {
		t.Fatal(err)
	}
	if f.Actor != "clerk1" || f.Action != "session." || f.ObjectType != "account" || f.ObjectID != "42" ||
		f.IP != "10.1.2.3" || f.Limit != DefaultLimit || !f.ActionPrefix() {
		t.Fatalf("normalized = %+v", f)
	}
	if _, ok := f.ActorID(); ok {
		t.Fatal("a username is not an account id")
	}
	if id, ok := (Filter{Actor: "1234"}).ActorID(); !ok || id != 1234 {
		t.Fatalf("ActorID = %d, %v", id, ok)
	}
	if f, _ := (Filter{Action: "role.grant"}).Normalize(); f.ActionPrefix() {
		t.Fatal("an exact action is not a prefix")
	}
	if f, _ := (Filter{IP: "2001:DB8::1"}).Normalize(); f.IP != "2001:db8::1" {
		t.Fatalf("IPv6 not canonical: %q", f.IP)
	}
}

func TestFilterRejectsBadFields(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		f     Filter
		field string
	}{
		{Filter{Actor: "clerk 1"}, "actor"},
		{Filter{Actor: strings.Repeat("a", 65)}, "actor"},
		{Filter{Action: "account.create%"}, "action"},
		{Filter{Action: "."}, "action"},
		{Filter{Action: "session*"}, "action"},
		{Filter{ObjectType: "account'--"}, "object_type"},
		{Filter{ObjectID: "42"}, "object_type"},
		{Filter{ObjectType: "account", ObjectID: "4\x002"}, "object_id"},
		{Filter{ObjectType: "account", ObjectID: strings.Repeat("9", 129)}, "object_id"},
		{Filter{From: t0, To: t0}, "to"},
		{Filter{From: t0.Add(time.Hour), To: t0}, "to"},
		{Filter{IP: "10.0.0.256"}, "ip"},
		{Filter{IP: "10.0.0.1:8080"}, "ip"},
		{Filter{Before: -1}, "before"},
		{Filter{Limit: MaxLimit + 1}, "limit"},
		{Filter{Limit: -5}, "limit"},
	}
	for _, c := range cases {
		_, err := c.f.Normalize()
		if !errs.Is(err, errs.Invalid) || errs.FieldOf(err) != c.field {
			t.Errorf("%+v: err = %v, want invalid %s", c.f, err, c.field)
			continue
		}
		if m := errs.MessageOf(err); !strings.ContainsFunc(m, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
			t.Errorf("%+v: message %q should be Chinese", c.f, m)
		}
	}
	if f, err := (Filter{Limit: MaxLimit}).Normalize(); err != nil || f.Limit != MaxLimit {
		t.Fatalf("limit at the maximum: %+v, %v", f, err)
	}
}
