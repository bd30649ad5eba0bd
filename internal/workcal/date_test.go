package workcal

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/onewindow/onewindow/internal/errs"
)

func d(s string) Date {
	v, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return v
}

func TestParseDate(t *testing.T) {
	for _, s := range []string{"2026-10-08", "2024-02-29", "0001-01-01", "9999-12-31", "1970-01-01"} {
		v, err := ParseDate(s)
		if err != nil || v.String() != s {
			t.Errorf("ParseDate(%q) = %v, %v", s, v, err)
		}
	}
	for _, s := range []string{"", "2026-1-08", "2026/10/08", "2026-13-01", "2025-02-29", "2026-04-31",
		"2026-00-10", "2026-10-00", " 2026-10-08", "２０２６-10-08", "2026-10-08T00:00", "0000-01-01"} {
		_, err := ParseDateField("from", s)
		if !errs.Is(err, errs.Invalid) || errs.FieldOf(err) != "from" {
			t.Errorf("ParseDateField(%q) = %v, want invalid naming from", s, err)
		}
	}
}

func TestDateArithmetic(t *testing.T) {
	if w := d("2026-10-01").Weekday(); w != time.Thursday {
		t.Fatalf("2026-10-01 is %v", w)
	}
	if w := d("0001-01-01").Weekday(); w != time.Monday || !(Date{}).IsZero() || (Date{}) != d("0001-01-01") {
		t.Fatalf("zero date: weekday %v", w)
	}
	if got := d("2026-12-31").AddDays(1); got != d("2027-01-01") {
		t.Fatalf("AddDays = %v", got)
	}
	if n := d("2027-01-01").Sub(d("2026-01-01")); n != 365 {
		t.Fatalf("Sub = %d", n)
	}
	if got := NewDate(2026, time.February, 30); got != d("2026-03-02") {
		t.Fatalf("NewDate normalises: %v", got)
	}
	// 23:30 UTC on 2026-09-30 is already 1 October in Beijing.
	if got := Today(time.Date(2026, 9, 30, 23, 30, 0, 0, time.UTC)); got != d("2026-10-01") {
		t.Fatalf("Today = %v", got)
	}
	for i := -800000; i < 3000000; i += 997 {
		x := Date{n: int32(i)}
		if x.Weekday() != x.Time().Weekday() || DateOf(x.Time()) != x {
			t.Fatalf("day %d: weekday %v vs %v", i, x.Weekday(), x.Time().Weekday())
		}
	}
}

func TestDateJSON(t *testing.T) {
	b, err := json.Marshal(struct{ D Date }{d("2026-10-08")})
	if err != nil || string(b) != `{"D":"2026-10-08"}` {
		t.Fatalf("marshal = %s, %v", b, err)
	}
	var v struct{ D Date }
	if err := json.Unmarshal([]byte(`{"D":"2026-02-30"}`), &v); err == nil {
		t.Fatal("unmarshal of a date that does not exist succeeded")
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-10-08", "2024-02-29", "2025-02-29", "x", "9999-99-99"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseDate(s)
		if err != nil {
			if !errs.Is(err, errs.Invalid) {
				t.Fatalf("error code %v", errs.CodeOf(err))
			}
			return
		}
		if v.String() != s {
			t.Fatalf("round trip %q → %q", s, v)
		}
	})
}
