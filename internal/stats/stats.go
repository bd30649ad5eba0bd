// Package stats keeps the supervision figures (效能监督指标) current as
// cases and ratings change, not in a nightly batch: each record counts in
// a few metrics on the days its events happened (received on the day of
// submission, concluded on the day of conclusion, rated on the day of the
// rating), and every write adds the difference between what the record
// counted before and after to counters per day, month and staff member,
// in the same transaction. A figure for any region subtree, department,
// hall or staff member and any period is then a sum over a few thousand
// counter rows, and each figure names the records it counts (the case
// list's metric filter applies the same rules in SQL).
package stats

import (
	"context"

	"cmp"
	"github.com/onewindow/onewindow/internal/validate"
	"slices"
	"time"

	"github.com/onewindow/onewindow/internal/cases"
	"github.com/onewindow/onewindow/internal/workcal"
)

// Metric is one counter column.
type Metric int

// The metrics, in the order of the counter tables' columns.
const (
	Received         Metric = iota // submitted (child cases of bundles, not their parent)
	ReceivedOnline                 // … through the web
	ReceivedMobile                 // … on the phone
	ReceivedWindow                 // … at a window
	ReceivedAgent                  // … through an agent (帮办代办)
	Corrected                      // received cases that got a correction notice
	CorrectedRepeat                // … more than one (一次性告知 broken)
	Accepted                       // accepted (by a clerk or by law), on the day of acceptance
	AcceptLate                     // … after the five working days (超期受理)
	Instant                        // … of an instant item (即办件)
	Refused                        // 不予受理, on the day of the refusal
	Withdrawn                      // withdrawn, on the day of the withdrawal
	Concluded                      // decided after acceptance (准予 or 不予), on the day of the decision
	ConcludedOntime                // … by the due date (按时办结)
	ConcludedOverdue               // … after it (超期办结)
	DaysUsed                       // Σ working days used by the concluded
	DaysPromised                   // Σ working days promised them (with extensions)
	NoVisit                        // concluded without a trip to a hall (零跑动)
	Rated1                         // first ratings 非常不满意, on the day of the rating
	Rated2                         // 不满意
	Rated3                         // 基本满意
	Rated4                         // 满意
	Rated5                         // 非常满意
	NamedBad                       // named bad ratings (a callback is owed)
	NamedBadCallback               // … called back (回访)
	BadRectified                   // bad ratings whose rectification closed rectified
	BadVoided                      // bad ratings voided on appeal
	NumMetrics
)

// Columns are the counter tables' column names, indexed by Metric.
var Columns = [NumMetrics]string{"received", "received_online", "received_mobile", "received_window",
	"received_agent", "corrected", "corrected_repeat", "accepted", "accept_late", "instant", "refused",
	"withdrawn", "concluded", "concluded_ontime", "concluded_overdue", "days_used", "days_promised", "no_visit",
	"rated_1", "rated_2", "rated_3", "rated_4", "rated_5", "named_bad", "named_bad_callback", "bad_rectified",
	"bad_voided"}

// MetricNamed returns the metric of a column name.
func MetricNamed(name string) (Metric, bool) {
	i := slices.Index(Columns[:], name)
	return Metric(i), i >= 0
}

// Counts are the values of every metric.
type Counts [NumMetrics]int64

// Add adds o to c.
func (c *Counts) Add(o *Counts) {
	for i := range c {
		c[i] += o[i]
	}
}

// Zero reports whether every count is 0.
func (c *Counts) Zero() bool { return *c == Counts{} }

// Key is one counter row: a day and the record's region, department, hall
// and staff member (0 when none).
type Key struct {
	Day     workcal.Date
	Region  string
	DeptID  int64
	HallID  int64
	StaffID int64
}

// Delta is what to add to the counters.
type Delta map[Key]*Counts

// Add adds n to metric m of the row k.
func (d Delta) Add(k Key, m Metric, n int64) {
	if n == 0 {
		return
	}
	c := d[k]
	if c == nil {
		c = new(Counts)
		d[k] = c
	}
	c[m] += n
}

// Merge adds every row of o to d.
func (d Delta) Merge(o Delta) {
	for k, c := range o {
		for m, n := range c {
			d.Add(k, Metric(m), n)
		}
	}
}

// Keys lists the rows with a non-zero count in a fixed order (so that two
// transactions lock shared rows in the same order).
func (d Delta) Keys() []Key {
	keys := make([]Key, 0, len(d))
	for k, c := range d {
		if !c.Zero() {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, CompareKeys)
	return keys
}

// CompareKeys orders keys by day, region, department, hall and staff.
func CompareKeys(a, b Key) int {
	return cmp.Or(a.Day.Compare(b.Day), cmp.Compare(a.Region, b.Region), cmp.Compare(a.DeptID, b.DeptID),
		cmp.Compare(a.HallID, b.HallID), cmp.Compare(a.StaffID, b.StaffID))
}

// Case is what the figures read of a case: its list columns.
type Case struct {
	ItemCode     string // "" for a bundle parent, which counts nothing (its children do)
	Region       string
	DeptID       int64
	HallID       int64
	AcceptedBy   int64
	Channel      string
	Status       cases.Status
	Instant      bool
	Deemed       bool
	Overdue      bool
	AcceptLate   bool
	Corrections  int
	Visits       int
	UsedDays     int
	PromisedDays int
	SubmittedAt  time.Time
	AcceptedAt   time.Time
	ConcludedAt  time.Time
}

// CaseOf reads the figures' columns off a case.
func CaseOf(c *cases.Case) Case {
	return Case{ItemCode: c.ItemCode, Region: c.RegionCode, DeptID: c.DeptID, HallID: c.IntakeHallID,
		AcceptedBy: c.AcceptedBy, Channel: c.Channel, Status: c.Status, Instant: c.Instant, Deemed: c.Deemed,
		Overdue: c.Overdue, AcceptLate: c.AcceptedLate(), Corrections: c.Corrections, Visits: c.Visits,
		UsedDays: c.Clock.Used, PromisedDays: c.PromisedDays(), SubmittedAt: c.SubmittedAt, AcceptedAt: c.AcceptedAt,
		ConcludedAt: c.ConcludedAt}
}

// Decided reports a case concluded with a decision after acceptance.
func (c *Case) Decided() bool {
	switch c.Status {
	case cases.Granted, cases.Denied, cases.Delivered:
		return !c.AcceptedAt.IsZero() && !c.ConcludedAt.IsZero()
	}
	return false
}

var channelMetric = map[string]Metric{cases.ChannelOnline: ReceivedOnline, cases.ChannelMobile: ReceivedMobile,
	cases.ChannelWindow: ReceivedWindow, cases.ChannelAgent: ReceivedAgent}

// AddCase adds what c counts, times sign (+1 or -1), to d.
func AddCase(d Delta, c Case, sign int64) {
	if c.ItemCode == "" || c.SubmittedAt.IsZero() {
		return
	}
	at := func(t time.Time) Key {
		return Key{Day: workcal.Today(t), Region: c.Region, DeptID: c.DeptID, HallID: c.HallID, StaffID: c.AcceptedBy}
	}
	k := at(c.SubmittedAt)
	d.Add(k, Received, sign)
	if m, ok := channelMetric[c.Channel]; ok {
		d.Add(k, m, sign)
	}
	if c.Corrections > 0 {
		d.Add(k, Corrected, sign)
	}
	if c.Corrections > 1 {
		d.Add(k, CorrectedRepeat, sign)
	}
	if !c.AcceptedAt.IsZero() {
		k := at(c.AcceptedAt)
		d.Add(k, Accepted, sign)
		if c.AcceptLate {
			d.Add(k, AcceptLate, sign)
		}
		if c.Instant {
			d.Add(k, Instant, sign)
		}
	}
	if c.ConcludedAt.IsZero() {
		return
	}
	k = at(c.ConcludedAt)
	switch {
	case c.Status == cases.Refused:
		d.Add(k, Refused, sign)
	case c.Status == cases.Withdrawn:
		d.Add(k, Withdrawn, sign)
	case c.Decided():
		d.Add(k, Concluded, sign)
		if c.Overdue {
			d.Add(k, ConcludedOverdue, sign)
		} else {
			d.Add(k, ConcludedOntime, sign)
		}
		d.Add(k, DaysUsed, sign*int64(c.UsedDays))
		d.Add(k, DaysPromised, sign*int64(c.PromisedDays))
		if c.Visits == 0 {
			d.Add(k, NoVisit, sign)
		}
	}
}

// Rating is what the figures read of a rating and its rectification.
type Rating struct {
	Round     int
	Score     int
	Named     bool
	Region    string
	DeptID    int64
	HallID    int64
	StaffID   int64
	CreatedAt time.Time
	// CalledBack: the applicant was called back about it (回访).
	CalledBack bool
	// Outcome of its rectification: "rectified", "upheld" (voided on appeal) or "".
	Outcome string
}

// Rectification outcomes the figures count.
const (
	OutcomeRectified = "rectified"
	OutcomeUpheld    = "upheld"
)

// AddRating adds what r counts, times sign, to d. Only first ratings
// count (一事一评); a second one after rectification is the case's
// follow-up, shown with the rectification.
func AddRating(d Delta, r Rating, sign int64) {
	if r.Round != 1 || r.Score < 1 || r.Score > 5 {
		return
	}
	k := Key{Day: workcal.Today(r.CreatedAt), Region: r.Region, DeptID: r.DeptID, HallID: r.HallID, StaffID: r.StaffID}
	d.Add(k, Rated1+Metric(r.Score-1), sign)
	if r.Score > 2 {
		return
	}
	if r.Named {
		d.Add(k, NamedBad, sign)
		if r.CalledBack {
			d.Add(k, NamedBadCallback, sign)
		}
	}
	switch r.Outcome {
	case OutcomeRectified:
		d.Add(k, BadRectified, sign)
	case OutcomeUpheld:
		d.Add(k, BadVoided, sign)
	}
}

// Filter selects the records a figure counts: a region subtree, one
// department, hall or staff member (0: any), and a period of days.
type Filter struct {
	Region  string       `json:"region,omitempty"`
	DeptID  int64        `json:"dept_id,omitempty"`
	HallID  int64        `json:"hall_id,omitempty"`
	StaffID int64        `json:"staff_id,omitempty"`
	From    workcal.Date `json:"from"` // inclusive
	To      workcal.Date `json:"to"`   // inclusive
}

// Breakdowns.
const (
	ByRegion = "region" // the child regions of Filter.Region
	ByDept   = "dept"
	ByHall   = "hall"
	ByMonth  = "month"
	ByDay    = "day"
)

// ChildPrefixLen is the length of the code prefix that tells the child
// regions of region apart: 53 → cities (4), 5334 → counties (6), a county
// → townships (9), a township → villages (12).
func ChildPrefixLen(region string) int {
	switch p := len(validate.RegionPrefix(region)); {
	case region == "":
		return 2
	case p <= 2:
		return 4
	case p <= 4:
		return 6
	case p <= 6:
		return 9
	}
	return 12
}

// Row is one group of a breakdown.
type Row struct {
	Key    string `json:"key"`
	Counts Counts `json:"-"`
}

// Store reads the counters.
type Store interface {
	// Totals sums the counters the filter selects.
	Totals(ctx context.Context, f Filter) (Counts, error)
	// By sums them per group ("" one group; ByRegion, ByDept, ByHall, ByMonth, ByDay).
	By(ctx context.Context, f Filter, by string) ([]Row, error)
}
