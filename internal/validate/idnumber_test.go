package validate

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/onewindow/onewindow/internal/errs"
)

// wantInvalid fails unless err is an errs.Invalid naming field.
func wantInvalid(t *testing.T, err error, field string) {
	t.Helper()
	var e *errs.Error
	if !errors.As(err, &e) || e.Code != errs.Invalid || e.Field != field || e.Message == "" {
		t.Fatalf("error = %v, want errs.Invalid naming %q", err, field)
	}
}

func TestIDNumberValid(t *testing.T) {
	tests := []struct {
		in, want string
		birth    string
		male     bool
	}{
		{"11010519491231002X", "11010519491231002X", "1949-12-31", false}, // the GB 11643 sample
		{"11010519491231002x", "11010519491231002X", "1949-12-31", false},
		{" 5334 2119 9001 0112 3X ", "53342119900101123X", "1990-01-01", true},
		{"５３３４０１１９８５０６１５００２４", "533401198506150024", "1985-06-15", false},
		{"533422200002290041", "533422200002290041", "2000-02-29", false}, // leap day
		{"440304199912310015", "440304199912310015", "1999-12-31", true},
		{"830000198001010026", "830000198001010026", "1980-01-01", false}, // 台湾居民居住证
		{"810000197001010036", "810000197001010036", "1970-01-01", true},  // 港澳居民居住证
	}
	for _, tt := range tests {
		got, err := IDNumber("id_number", tt.in)
		if err != nil {
			t.Errorf("IDNumber(%q): %v", tt.in, err)
			continue
		}
		if got.Number != tt.want || got.Birth.Format(time.DateOnly) != tt.birth || got.Male != tt.male || got.Area != tt.want[:6] {
			t.Errorf("IDNumber(%q) = %+v, want %s born %s male=%v", tt.in, got, tt.want, tt.birth, tt.male)
		}
	}
}

func TestIDNumberInvalid(t *testing.T) {
	tests := []struct{ in, msg string }{
		{"", "请填写"},
		{"533421900101123", "18 位"},         // first-generation 15 digits
		{"5334211990010112", "当前为 16 位"},    // too short
		{"11010519491231002Y", "数字或字母 X"},   // bad last char
		{"1101051949123100AX", "前 17 位"},    // letter in the body
		{"99010519491231002X", "省级行政区划"},    // no such province
		{"00010519491231002X", "省级行政区划"},    // no such province
		{"110105194902300021", "出生日期"},      // 30 February
		{"110105190002290025", "出生日期"},      // 1900 was not a leap year
		{"110105194913010021", "出生日期"},      // month 13
		{"110105189912310024", "早于 1900"},   // too old
		{"110105209912310021", "晚于今天"},      // not born yet
		{"110105194912310021", "校验位错误"},     // changed check digit
		{"11010519491231002X1", "当前为 19 位"}, // too long
		{"１１０１０５１９４９１２３１００２", "当前为 17 位"},   // full-width, one short
	}
	for _, tt := range tests {
		_, err := IDNumber("id_number", tt.in)
		wantInvalid(t, err, "id_number")
		if !strings.Contains(errs.MessageOf(err), tt.msg) {
			t.Errorf("IDNumber(%q) message %q, want it to mention %q", tt.in, errs.MessageOf(err), tt.msg)
		}
		if len(tt.in) >= 14 && strings.Contains(errs.MessageOf(err), tt.in[:14]) {
			t.Errorf("IDNumber(%q) message echoes the number: %q", tt.in, errs.MessageOf(err))
		}
	}
}

// TestIDNumberToday pins the clock: a child born today (Beijing time) is
// accepted, tomorrow is refused, even while UTC is still on the day before.
func TestIDNumberToday(t *testing.T) {
	defer func(f func() time.Time) { now = f }(now)
	now = func() time.Time { return time.Date(2026, 3, 14, 17, 0, 0, 0, time.UTC) } // 01:00 on 15 March in Beijing
	today := MakeIDNumber("533401", time.Date(2026, 3, 15, 0, 0, 0, 0, time.UTC), 1)
	if _, err := IDNumber("id_number", today); err != nil {
		t.Errorf("born today: %v", err)
	}
	tomorrow := MakeIDNumber("533401", time.Date(2026, 3, 16, 0, 0, 0, 0, time.UTC), 1)
	if _, err := IDNumber("id_number", tomorrow); err == nil {
		t.Errorf("born tomorrow accepted")
	}
}

func TestMakeIDNumber(t *testing.T) {
	if got := MakeIDNumber("110105", time.Date(1949, 12, 31, 0, 0, 0, 0, time.UTC), 2); got != "11010519491231002X" {
		t.Errorf("MakeIDNumber = %s, want the GB 11643 sample", got)
	}
	for _, bad := range []func(){
		func() { MakeIDNumber("53340", time.Now(), 1) },
		func() { MakeIDNumber("5334a1", time.Now(), 1) },
		func() { MakeIDNumber("533401", time.Now(), 1000) },
		func() { MakeIDNumber("533401", time.Now(), -1) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Error("MakeIDNumber accepted an impossible argument")
				}
			}()
			bad()
		}()
	}
}

func FuzzIDNumber(f *testing.F) {
	for _, s := range []string{"11010519491231002X", "11010519491231002x", "533421900101123", "110105194902300021",
		" 5334 2119 9001 0112 3X", "８３０００００１９８００１０１００２６", "", "x", "110105194912310021\x00", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := IDNumber("id_number", s)
		if err != nil {
			wantInvalid(t, err, "id_number")
			return
		}
		if len(v.Number) != 18 || idCheck(v.Number) != v.Number[17] || v.Area != v.Number[:6] {
			t.Fatalf("accepted %q as %+v", s, v)
		}
		again, err := IDNumber("id_number", v.Number)
		if err != nil || again != v {
			t.Fatalf("%q normalised to %q, which re-validates to %+v, %v", s, v.Number, again, err)
		}
	})
}

// FuzzMakeIDNumber: every generated number is accepted with the facts it was
// made from, and every other check character is refused.
func FuzzMakeIDNumber(f *testing.F) {
	provinces := make([]string, 0, len(idProvinces))
	for p := range idProvinces {
		provinces = append(provinces, p)
	}
	sort.Strings(provinces)
	span := int(time.Since(idEarliest).Hours()/24) - 1
	f.Add(uint8(0), uint16(3401), uint32(0), uint16(1))
	f.Add(uint8(33), uint16(9999), uint32(45000), uint16(998))
	f.Fuzz(func(t *testing.T, prov uint8, county uint16, days uint32, seq uint16) {
		area := fmt.Sprintf("%s%04d", provinces[int(prov)%len(provinces)], int(county)%10000)
		birth := idEarliest.AddDate(0, 0, int(days%uint32(span)))
		sq := int(seq) % 1000
		n := MakeIDNumber(area, birth, sq)
		v, err := IDNumber("id_number", n)
		if err != nil {
			t.Fatalf("MakeIDNumber(%s, %s, %d) = %s refused: %v", area, birth.Format(time.DateOnly), sq, n, err)
		}
		if !v.Birth.Equal(birth) || v.Area != area || v.Male != (sq%2 == 1) {
			t.Fatalf("%s parsed as %+v", n, v)
		}
		for _, c := range idCheckChars {
			if byte(c) == n[17] {
				continue
			}
			if _, err := IDNumber("id_number", n[:17]+string(c)); err == nil {
				t.Fatalf("%s with check %c accepted", n, c)
			}
		}
	})
}
