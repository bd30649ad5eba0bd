package validate

import (
	"strings"
	"testing"
)

func TestMobile(t *testing.T) {
	valid := []struct{ in, want string }{
		{"13812345678", "13812345678"},
		{" 138 1234 5678 ", "13812345678"},
		{"138-1234-5678", "13812345678"},
		{"+86 138 1234 5678", "13812345678"},
		{"+8613812345678", "13812345678"},
		{"008613812345678", "13812345678"},
		{"8613812345678", "13812345678"},
		{"(+86) 19912345678", "19912345678"},
		{"１３８１２３４５６７８", "13812345678"},
	}
	for _, tt := range valid {
		if got, err := Mobile("phone", tt.in); err != nil || got != tt.want {
			t.Errorf("Mobile(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, in := range []string{"", "1381234567", "138123456789", "12812345678", "23812345678",
		"0887-8221234", "1381234567a", "+87 13812345678", "86138123456"} {
		_, err := Mobile("phone", in)
		wantInvalid(t, err, "phone")
	}
}

func TestPhone(t *testing.T) {
	valid := []struct{ in, want string }{
		{"13812345678", "13812345678"},
		{"+86 138-1234-5678", "13812345678"},
		{"0887-8221234", "0887-8221234"},
		{"08878221234", "0887-8221234"},
		{"(0887)8221234", "0887-8221234"},
		{"（0887）8221234", "0887-8221234"},
		{"0887 822 1234", "0887-8221234"},
		{"0887-8221234-123", "0887-8221234-123"},
		{"0887-8221234-5", "0887-8221234-5"},
		{"0887-8221234转123", "0887-8221234-123"},
		{"0887-8221234 ext. 42", "0887-8221234-42"},
		{"010-62345678", "010-62345678"},
		{"01062345678", "010-62345678"},
		{"010-6234-5678", "010-62345678"},
		{"021 62345678", "021-62345678"},
		{"0871-65123456", "0871-65123456"},
		{"+86 887 8221234", "0887-8221234"},
		{"+86 (0)887 8221234", "0887-8221234"},
		{"+86-10-62345678", "010-62345678"},
		{"０８８７－８２２１２３４", "0887-8221234"},
	}
	for _, tt := range valid {
		if got, err := Phone("phone", tt.in); err != nil || got != tt.want {
			t.Errorf("Phone(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	invalid := []string{
		"", "8221234", // no area code
		"0887-0221234",         // local number starts with 0
		"0887-1221234",         // local number starts with 1 (service numbers)
		"0887-822123",          // 6 digits
		"0887-822123456",       // 9 digits
		"010-1234567",          // Beijing numbers have 8 digits
		"011-62345678",         // no such area code
		"0887-8221234-1234567", // extension too long
		"0887-8221234转",        // empty extension
		"0887-8221234转abc",     // non-digit extension
		"0887-82a1234", "转123", "12345",
	}
	for _, in := range invalid {
		_, err := Phone("contact_phone", in)
		wantInvalid(t, err, "contact_phone")
	}
}

func FuzzMobile(f *testing.F) {
	for _, s := range []string{"13812345678", "+86 138 1234 5678", "8613812345678", "0086-138", "", "(", "+86"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := Mobile("phone", s)
		if err != nil {
			wantInvalid(t, err, "phone")
			return
		}
		if len(m) != 11 || !allDigits(m) || m[0] != '1' {
			t.Fatalf("%q accepted as %q", s, m)
		}
		if again, err := Mobile("phone", m); err != nil || again != m {
			t.Fatalf("%q normalised to %q, which re-validates to %q, %v", s, m, again, err)
		}
		if p, err := Phone("phone", m); err != nil || p != m {
			t.Fatalf("mobile %q refused by Phone: %q, %v", m, p, err)
		}
	})
}

func FuzzPhone(f *testing.F) {
	for _, s := range []string{"0887-8221234", "(0887)8221234-123", "0887-8221234转5", "+86 (0)887 8221234",
		"010-6234-5678", "13812345678", "0", "+86", "转1", "0887-8221234-", "--", "x1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := Phone("phone", s)
		if err != nil {
			wantInvalid(t, err, "phone")
			return
		}
		if again, err := Phone("phone", p); err != nil || again != p {
			t.Fatalf("%q normalised to %q, which re-validates to %q, %v", s, p, again, err)
		}
		if p[0] == '0' {
			parts := strings.Split(p, "-")
			if len(parts) < 2 || len(parts) > 3 || !validArea(parts[0]) || !validLocal(parts[0], parts[1]) {
				t.Fatalf("%q accepted as landline %q", s, p)
			}
		} else if len(p) != 11 || !allDigits(p) {
			t.Fatalf("%q accepted as mobile %q", s, p)
		}
	})
}
