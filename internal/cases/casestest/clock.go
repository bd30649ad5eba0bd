package casestest

import (
	"sync"
	"testing"
	"time"

	"github.com/onewindow/onewindow/internal/workcal"
)

// Clock is a settable time source, safe for concurrent readers.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock standing at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

// SetDay moves the clock to 09:00 China time on d.
func (c *Clock) SetDay(d workcal.Date) {
	y, m, dd := d.YMD()
	c.Set(time.Date(y, m, dd, 9, 0, 0, 0, workcal.China))
}

// Add moves the clock on by d.
func (c *Clock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// Today is the clock's date in China.
func (c *Clock) Today() workcal.Date { return workcal.Today(c.Now()) }

// Day parses a YYYY-MM-DD date or fails the test.
func Day(t testing.TB, s string) workcal.Date {
	t.Helper()
	d, err := workcal.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// Workdays moves the clock n national working days on (09:00 China time).
func (e *Env) Workdays(t testing.TB, n int) workcal.Date {
	t.Helper()
	r, err := e.Calendar.Calendar().Add(e.Clock.Today(), n, "")
	if err != nil {
		t.Fatal(err)
	}
	e.Clock.SetDay(r.Date)
	return r.Date
}
