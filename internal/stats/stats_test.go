package stats

import (
	"math"
	"testing"
	"time"

	"github.com/onewindow/onewindow/internal/cases"
	"github.com/onewindow/onewindow/internal/workcal"
)

func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, workcal.China)
	if err != nil {
		panic(err)
	}
	return t
}

func day(s string) workcal.Date {
	d, err := workcal.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// A case counts on the day of each of its events: received on the day of
// submission (China time: 23:30 UTC is the next morning), accepted and
// concluded on theirs, with the staff member who accepted it.
func TestAddCase(t *testing.T) {
	c := Case{ItemCode: "X", Region: "533401", DeptID: 7, HallID: 3, AcceptedBy: 42, Channel: cases.ChannelWindow,
		Status: cases.Delivered, Overdue: true, AcceptLate: true, Instant: false, Corrections: 2, Visits: 1,
		UsedDays: 23, PromisedDays: 20, SubmittedAt: time.Date(2026, 9, 27, 23, 30, 0, 0, time.UTC),
		AcceptedAt: at("2026-10-12 10:00"), ConcludedAt: at("2026-11-10 16:00")}
	d := Delta{}
	AddCase(d, c, 1)
	key := func(s string) Key { return Key{Day: day(s), Region: "533401", DeptID: 7, HallID: 3, StaffID: 42} }
	want := map[Key]map[Metric]int64{
		key("2026-09-28"): {Received: 1, ReceivedWindow: 1, Corrected: 1, CorrectedRepeat: 1},
		key("2026-10-12"): {Accepted: 1, AcceptLate: 1},
		key("2026-11-10"): {Concluded: 1, ConcludedOverdue: 1, DaysUsed: 23, DaysPromised: 20},
	}
	if len(d) != len(want) {
		t.Fatalf("rows %v, want %v", d, want)
	}
	for k, ms := range want {
		var w Counts
		for m, n := range ms {
			w[m] = n
		}
		if d[k] == nil || *d[k] != w {
			t.Errorf("%v: %v, want %v", k, d[k], w)
		}
	}
	// Taking it back leaves nothing; a bundle parent and a draft count nothing.
	AddCase(d, c, -1)
	if len(d.Keys()) != 0 {
		t.Errorf("after -1: %v", d.Keys())
	}
	parent := c
	parent.ItemCode = ""
	draft := c
	draft.SubmittedAt = time.Time{}
	AddCase(d, parent, 1)
	AddCase(d, draft, 1)
	if len(d.Keys()) != 0 {
		t.Errorf("a bundle parent or a draft counted: %v", d.Keys())
	}
	// Refused and withdrawn count as such, not as concluded.
	for st, m := range map[cases.Status]Metric{cases.Refused: Refused, cases.Withdrawn: Withdrawn} {
		x := c
		x.Status, x.AcceptedAt = st, time.Time{}
		d := Delta{}
		AddCase(d, x, 1)
		k := key("2026-11-10")
		if d[k] == nil || d[k][m] != 1 || d[k][Concluded] != 0 {
			t.Errorf("%s: %v", st, d[k])
		}
	}
}

// Only first ratings count; bad ones count their callback and outcome.
func TestAddRating(t *testing.T) {
	r := Rating{Round: 1, Score: 2, Named: true, Region: "533401", DeptID: 7, CreatedAt: at("2026-11-11 09:00"),
		CalledBack: true, Outcome: OutcomeRectified}
	d := Delta{}
	AddRating(d, r, 1)
	k := Key{Day: day("2026-11-11"), Region: "533401", DeptID: 7}
	var w Counts
	w[Rated2], w[NamedBad], w[NamedBadCallback], w[BadRectified] = 1, 1, 1, 1
	if *d[k] != w {
		t.Errorf("bad rating: %v, want %v", d[k], w)
	}
	r.Round = 2
	AddRating(d, r, -1)
	if *d[k] != w {
		t.Errorf("a second-round rating counted")
	}
	good := Rating{Round: 1, Score: 5, Named: true, Region: "533401", CreatedAt: r.CreatedAt, CalledBack: true}
	d = Delta{}
	AddRating(d, good, 1)
	if c := d[Key{Day: k.Day, Region: "533401"}]; c == nil || c[Rated5] != 1 || c[NamedBad] != 0 || c[NamedBadCallback] != 0 {
		t.Errorf("good rating: %v", c)
	}
}

// The formulas, on figures worked out by hand.
func TestCompute(t *testing.T) {
	var c Counts
	c[Received], c[ReceivedOnline], c[ReceivedMobile], c[ReceivedWindow] = 10, 4, 2, 4
	c[Corrected], c[CorrectedRepeat] = 3, 1
	c[Accepted], c[AcceptLate], c[Instant] = 8, 2, 2
	c[Concluded], c[ConcludedOntime], c[ConcludedOverdue] = 5, 4, 1
	c[DaysUsed], c[DaysPromised], c[NoVisit], c[Refused] = 37, 60, 3, 1
	c[Rated1], c[Rated2], c[Rated3], c[Rated4], c[Rated5] = 1, 1, 1, 0, 1
	c[NamedBad], c[NamedBadCallback], c[BadRectified], c[BadVoided] = 2, 1, 1, 1
	got := map[string]Indicator{}
	for _, in := range Compute(&c, Config{}) {
		got[in.Key] = in
	}
	for key, want := range map[string]float64{
		"received": 10, "accepted": 8, "concluded": 5, "ontime_rate": 0.8, "overdue_rate": 0.2,
		"accept_late_rate": 0.25, "avg_days_used": 7.4, "avg_days_promised": 12, "correction_rate": 0.3,
		"repeated_corrections": 1, "instant_share": 0.25, "online_share": 0.6, "no_visit_rate": 0.6, "refused": 1,
		"rated": 4, "rating_rate": 4.0 / 6, "good_rate": 0.5, "bad_rate": 0.5, "bad_rectified_rate": 1,
		"callback_rate": 0.5,
	} {
		in, ok := got[key]
		if !ok || !in.Defined || math.Abs(in.Value-want) > 1e-9 {
			t.Errorf("%s = %+v, want %v", key, in, want)
		}
	}
	if got["good_rate"].List != "rated&scores=3,4,5" || got["ontime_rate"].List != "concluded_ontime" {
		t.Errorf("lists: %q %q", got["good_rate"].List, got["ontime_rate"].List)
	}
	// Only 满意 and above counted good: 1 of 4.
	for _, in := range Compute(&c, Config{GoodLevels: []int{4, 5}}) {
		if in.Key == "good_rate" && in.Value != 0.25 {
			t.Errorf("good rate counting 4 and 5: %v", in.Value)
		}
	}
	var none Counts
	for _, in := range Compute(&none, Config{}) {
		if in.Kind != "count" && in.Defined {
			t.Errorf("%s is defined on nothing", in.Key)
		}
	}
}

func TestChildPrefixLen(t *testing.T) {
	for region, want := range map[string]int{"": 2, "530000": 4, "533400": 6, "533401": 9, "533401001": 12} {
		if got := ChildPrefixLen(region); got != want {
			t.Errorf("%q: %d, want %d", region, got, want)
		}
	}
}
