package workcal

import (
	"math/rand/v2"
	"testing"

	"github.com/onewindow/onewindow/internal/validate"
)

// model is a deliberately naive calendar (maps and a day-by-day loop) that
// the bitset engine is checked against.
type model struct {
	national map[Date]Kind
	region   map[string]map[Date]Kind
}

func newModel(days []RegionDay) model {
	m := model{national: map[Date]Kind{}, region: map[string]map[Date]Kind{}}
	for _, s := range Embedded() {
		for _, e := range s.Days {
			m.national[e.Date] = e.Kind
		}
	}
	for _, d := range days {
		if m.region[d.Region] == nil {
			m.region[d.Region] = map[Date]Kind{}
		}
		m.region[d.Region][d.Date] = d.Kind
	}
	return m
}

func (m model) isWork(day Date, region string) bool {
	for _, r := range validate.RegionAncestors(region) { // nearest first
		if k, ok := m.region[r][day]; ok {
			return k == Workday
		}
	}
	if k, ok := m.national[day]; ok {
		return k == Workday
	}
	return !day.IsWeekend()
}

func (m model) add(from Date, n int, region string) Date {
	for day := from.AddDays(1); ; day = day.AddDays(1) {
		if m.isWork(day, region) {
			if n--; n == 0 {
				return day
			}
		}
	}
}

var testRegionDays = []RegionDay{
	{Region: "533400", Date: NewDate(2026, 9, 14), Kind: Holiday, Name: "州庆"},
	{Region: "533400", Date: NewDate(2024, 9, 13), Kind: Holiday, Name: "州庆"},
	{Region: "533401", Date: NewDate(2026, 10, 7), Kind: Workday, Name: "县级上班"},
	{Region: "530000", Date: NewDate(2026, 3, 2), Kind: Holiday, Name: "省级放假"},
	{Region: "533400", Date: NewDate(2026, 3, 2), Kind: Workday, Name: "州级上班"},
	{Region: "533401001", Date: NewDate(2025, 6, 7), Kind: Workday, Name: "乡镇上班"},
}

var testRegions = []string{"", "530000", "530100", "533400", "533401", "533401001", "533401001001", "533422"}

func TestEngineMatchesNaiveModel(t *testing.T) {
	c := mustBuild(t, testRegionDays)
	m := newModel(testRegionDays)
	rng := rand.New(rand.NewPCG(1, 2))
	start := NewDate(2018, 1, 1)
	for range 3000 {
		from := start.AddDays(rng.IntN(12 * 365))
		n := 1 + rng.IntN(400)
		region := testRegions[rng.IntN(len(testRegions))]
		r, err := c.Add(from, n, region)
		if err != nil {
			t.Fatal(err)
		}
		if want := m.add(from, n, region); r.Date != want {
			t.Fatalf("Add(%s, %d, %q) = %s, model says %s", from, n, region, r.Date, want)
		}
		to := from.AddDays(rng.IntN(800) - 100)
		got, err := c.Between(from, to, region)
		if err != nil {
			t.Fatal(err)
		}
		want := 0
		for day := from.AddDays(1); !day.After(to); day = day.AddDays(1) {
			if m.isWork(day, region) {
				want++
			}
		}
		if got != want {
			t.Fatalf("Between(%s, %s, %q) = %d, model says %d", from, to, region, got, want)
		}
	}
}

func FuzzAddBetween(f *testing.F) {
	c := mustBuild(f, testRegionDays)
	start := NewDate(1950, 1, 1)
	f.Add(int32(27600), uint16(20), uint8(0))
	f.Add(int32(0), uint16(3649), uint8(3))
	f.Add(int32(20453), uint16(1), uint8(5))
	f.Fuzz(func(t *testing.T, offset int32, n uint16, sel uint8) {
		span := int32(NewDate(2184, 1, 1).Sub(start)) // leaves room for 3650 working days
		if offset < 0 {
			offset = -(offset + 1)
		}
		from := start.AddDays(int(offset % span))
		days := 1 + int(n)%MaxAddDays
		region := testRegions[int(sel)%len(testRegions)]
		r, err := c.Add(from, days, region)
		if err != nil {
			t.Fatalf("Add(%s, %d, %q): %v", from, days, region, err)
		}
		if !r.Date.After(from) || !c.IsWorkday(r.Date, region) {
			t.Fatalf("Add(%s, %d, %q) = %s, not a later working day", from, days, region, r.Date)
		}
		got, err := c.Between(from, r.Date, region)
		if err != nil || got != days {
			t.Fatalf("Between(%s, %s, %q) = %d, %v; want %d", from, r.Date, region, got, err, days)
		}
		if days > 1 {
			if prev, _ := c.Add(from, days-1, region); !prev.Date.Before(r.Date) {
				t.Fatalf("Add is not increasing in n at %s + %d", from, days)
			}
		}
	})
}
