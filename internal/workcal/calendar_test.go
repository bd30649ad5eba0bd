package workcal

import (
	"slices"
	"strings"
	"testing"

	"github.com/onewindow/onewindow/internal/errs"
)

func mustBuild(t testing.TB, days []RegionDay) *Calendar {
	t.Helper()
	c, err := Build(Embedded(), days)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func add(t *testing.T, c *Calendar, from string, n int, region string) Result {
	t.Helper()
	r, err := c.Add(d(from), n, region)
	if err != nil {
		t.Fatalf("Add(%s, %d, %q): %v", from, n, region, err)
	}
	return r
}

// Every case is counted by hand on the notice of its year.
func TestAddAcrossNationalHolidays(t *testing.T) {
	c := mustBuild(t, nil)
	cases := []struct {
		from string
		n    int
		want string
		why  string
	}{
		{"2026-09-28", 20, "2026-10-30", "国庆 10-01…07 skipped, 10-10 (Sat) worked"},
		{"2026-02-13", 1, "2026-02-14", "Saturday make-up day before 春节"},
		{"2026-02-14", 1, "2026-02-24", "春节 02-15…23"},
		{"2026-02-12", 5, "2026-02-26", "13, 14 (Sat), 24, 25, 26"},
		{"2026-12-31", 1, "2027-01-01", "2027 has no data: a Friday counts"},
		{"2025-12-31", 1, "2026-01-04", "元旦 01-01…03, Sunday 01-04 worked"},
		{"2026-04-03", 1, "2026-04-07", "清明 04-04…06"},
		{"2026-04-30", 3, "2026-05-08", "劳动节 05-01…05: 06, 07, 08"},
		{"2026-05-08", 1, "2026-05-09", "Saturday make-up after 劳动节"},
		{"2026-06-18", 1, "2026-06-22", "端午 06-19…21"},
		{"2026-09-24", 1, "2026-09-28", "中秋 09-25…27"},
		{"2026-09-18", 1, "2026-09-20", "Sunday make-up before 国庆"},
		// The working day after the last one before 国庆, every year.
		{"2020-09-30", 1, "2020-10-09", "国庆中秋 10-01…08"},
		{"2021-09-30", 1, "2021-10-08", "国庆 10-01…07"},
		{"2022-09-30", 1, "2022-10-08", "Friday before 国庆 → Saturday make-up"},
		{"2023-09-28", 1, "2023-10-07", "中秋国庆 09-29…10-06, Saturday make-up"},
		{"2024-09-27", 1, "2024-09-29", "Friday → Sunday make-up before 国庆"},
		{"2025-09-26", 1, "2025-09-28", "Friday → Sunday make-up before 国庆"},
		{"2026-09-30", 1, "2026-10-08", "国庆 10-01…07"},
		// One more case per year.
		{"2020-01-23", 1, "2020-02-03", "春节 extended to 02-02; the 02-01 make-up was cancelled"},
		{"2020-01-18", 1, "2020-01-19", "Sunday make-up"},
		{"2021-02-10", 1, "2021-02-18", "春节 02-11…17"},
		{"2021-09-17", 1, "2021-09-18", "Saturday make-up before 中秋"},
		{"2022-04-01", 2, "2022-04-06", "04-02 (Sat) worked, 清明 04-03…05"},
		{"2022-12-30", 1, "2023-01-03", "元旦 2023-01-01…02"},
		{"2023-04-04", 1, "2023-04-06", "清明 04-05 alone"},
		{"2024-02-08", 2, "2024-02-18", "除夕 02-09 is a workday; 春节 02-10…17; 02-18 (Sun) worked"},
		{"2025-05-30", 1, "2025-06-03", "端午 05-31…06-02"},
		{"2025-01-24", 1, "2025-01-26", "Sunday make-up before 春节"},
	}
	for _, k := range cases {
		if r := add(t, c, k.from, k.n, ""); r.Date.String() != k.want {
			t.Errorf("%s + %d = %s, want %s (%s)", k.from, k.n, r.Date, k.want, k.why)
		}
	}
	if c.IsWorkday(d("2020-02-01"), "") || !c.IsWorkday(d("2024-02-09"), "") || c.IsWorkday(d("2026-10-07"), "") {
		t.Fatal("IsWorkday disagrees with the notices")
	}
}

func TestExplain(t *testing.T) {
	c := mustBuild(t, nil)
	cases := []struct {
		r    Result
		want string
	}{
		{add(t, c, "2026-09-28", 20, ""), "2026-09-28 + 20 个工作日，跳过 10-01…10-07（国庆节），含调休 10-10 → 2026-10-30"},
		{add(t, c, "2026-02-12", 5, ""), "2026-02-12 + 5 个工作日，跳过 02-15…02-23（春节），含调休 02-14 → 2026-02-26"},
		{add(t, c, "2026-03-02", 5, ""), "2026-03-02 + 5 个工作日 → 2026-03-09"},
		{add(t, c, "2026-06-18", 1, ""), "2026-06-18 + 1 个工作日，跳过 06-19…06-21（端午节） → 2026-06-22"},
		{add(t, c, "2026-12-30", 2, ""), "2026-12-30 + 2 个工作日 → 2027-01-01；2027 年无放假安排数据，按周末推算"},
		{add(t, c, "2025-12-30", 3, ""), "2025-12-30 + 3 个工作日，跳过 2026-01-01…2026-01-03（元旦），含调休 2026-01-04 → 2026-01-05"},
	}
	for _, k := range cases {
		if got := k.r.Explain(); got != k.want {
			t.Errorf("Explain:\n got %s\nwant %s", got, k.want)
		}
	}
	r, err := c.Span(d("2025-12-31"), d("2026-01-05"), "")
	if err != nil || r.Days != 2 {
		t.Fatalf("Span = %+v, %v", r, err)
	}
	if got, want := r.Explain(), "2025-12-31 至 2026-01-05 共 2 个工作日（不含起始日），跳过 2026-01-01…2026-01-03（元旦），含调休 2026-01-04"; got != want {
		t.Errorf("Span explain:\n got %s\nwant %s", got, want)
	}
	long := add(t, c, "2020-01-02", 3000, "")
	if e := long.Explain(); !strings.Contains(e, " 等 ") || !strings.Contains(e, "年无放假安排数据") {
		t.Errorf("long explanation not capped or not estimated: %s", e)
	}
}

func TestBetween(t *testing.T) {
	c := mustBuild(t, nil)
	cases := []struct {
		from, to string
		want     int
	}{
		{"2025-12-31", "2026-01-05", 2},  // 01-01…03 off, 01-04 (Sun) and 01-05 on
		{"2022-12-30", "2023-01-03", 1},  // 12-31, 01-01 weekend, 01-02 off
		{"2026-09-28", "2026-10-30", 20}, // the Add example backwards
		{"2026-10-08", "2026-10-08", 0},
		{"2026-10-09", "2026-10-08", 0},
		{"2026-10-01", "2026-10-07", 0},
		{"2026-10-07", "2026-10-10", 3},
	}
	for _, k := range cases {
		n, err := c.Between(d(k.from), d(k.to), "")
		if err != nil || n != k.want {
			t.Errorf("Between(%s, %s) = %d, %v; want %d", k.from, k.to, n, err, k.want)
		}
	}
}

func TestEstimatedYears(t *testing.T) {
	c := mustBuild(t, nil)
	r := add(t, c, "2026-12-31", 1, "")
	if !r.Estimated || !slices.Equal(r.EstimatedYears(), []int{2027}) {
		t.Fatalf("2026-12-31 + 1: %+v %v", r, r.EstimatedYears())
	}
	if r := add(t, c, "2019-12-31", 1, ""); r.Date != d("2020-01-02") || r.Estimated {
		t.Fatalf("from the last day of 2019 only 2020 counts: %+v", r)
	}
	if r := add(t, c, "2019-12-30", 1, ""); !r.Estimated || !slices.Equal(r.EstimatedYears(), []int{2019}) {
		t.Fatalf("2019 has no data: %+v", r)
	}
	if r := add(t, c, "2026-11-23", 300, ""); !slices.Equal(r.EstimatedYears(), []int{2027, 2028}) {
		t.Fatalf("long span: %v → %s", r.EstimatedYears(), r.Date)
	}
	if got := c.MissingYears(d("2026-11-23")); !slices.Equal(got, []int{2027}) {
		t.Fatalf("MissingYears(2026-11-23) = %v", got)
	}
	if got := c.MissingYears(d("2025-06-01")); got != nil {
		t.Fatalf("MissingYears(2025) = %v", got)
	}
	if got := c.MissingYears(d("2027-03-01")); !slices.Equal(got, []int{2027, 2028}) {
		t.Fatalf("MissingYears(2027) = %v", got)
	}
}

func TestRegionDays(t *testing.T) {
	c := mustBuild(t, []RegionDay{
		{Region: "533400", Date: d("2026-09-14"), Kind: Holiday, Name: "州庆"},
		{Region: "533401", Date: d("2026-10-07"), Kind: Workday, Name: "县级上班"},
		{Region: "530000", Date: d("2026-03-02"), Kind: Holiday, Name: "省级放假"},
		{Region: "533400", Date: d("2026-03-02"), Kind: Workday, Name: "州级上班"},
	})
	cases := []struct {
		date, region string
		work         bool
	}{
		{"2026-09-14", "533401001", false}, // prefecture day reaches a township
		{"2026-09-14", "533401001001", false},
		{"2026-09-14", "533400", false},
		{"2026-09-14", "533422", false},
		{"2026-09-14", "530100", true}, // not Kunming
		{"2026-09-14", "530000", true}, // not the province itself
		{"2026-09-14", "", true},
		{"2026-10-07", "533401", true},    // the county works on a national holiday
		{"2026-10-07", "533401001", true}, // and so does its township
		{"2026-10-07", "533422", false},
		{"2026-10-07", "533400", false},
		{"2026-03-02", "530100", false}, // province holiday
		{"2026-03-02", "533422", true},  // the nearer prefecture day wins
		{"2026-03-02", "", true},
	}
	for _, k := range cases {
		if got := c.IsWorkday(d(k.date), k.region); got != k.work {
			t.Errorf("IsWorkday(%s, %q) = %v", k.date, k.region, got)
		}
	}
	r := add(t, c, "2026-09-11", 1, "533401001")
	if r.Date != d("2026-09-15") {
		t.Fatalf("region add = %s", r.Date)
	}
	if want := "2026-09-11 + 1 个工作日，跳过 09-14（州庆，地区 533400） → 2026-09-15"; r.Explain() != want {
		t.Fatalf("explain %s", r.Explain())
	}
	if r := add(t, c, "2026-09-11", 1, "530100"); r.Date != d("2026-09-14") {
		t.Fatalf("Kunming add = %s", r.Date)
	}
	if r := add(t, c, "2026-09-30", 1, "533401"); r.Date != d("2026-10-07") {
		t.Fatalf("county add = %s", r.Date)
	}
	if n, _ := c.Between(d("2026-09-30"), d("2026-10-09"), "533401"); n != 3 {
		t.Fatalf("county between = %d", n)
	}
	if got := len(c.RegionDays()); got != 4 {
		t.Fatalf("RegionDays = %d", got)
	}
}

func TestInvalidInput(t *testing.T) {
	c := mustBuild(t, nil)
	check := func(err error, field string) {
		t.Helper()
		if !errs.Is(err, errs.Invalid) || errs.FieldOf(err) != field {
			t.Errorf("err = %v, want invalid %s", err, field)
		}
	}
	_, err := c.Add(d("2026-01-05"), 0, "")
	check(err, "days")
	_, err = c.Add(d("2026-01-05"), MaxAddDays+1, "")
	check(err, "days")
	_, err = c.Add(d("1900-01-01"), 1, "")
	check(err, "from")
	_, err = c.Add(d("2199-12-30"), 5, "")
	check(err, "days")
	_, err = c.Add(d("2026-01-05"), 1, "53340")
	check(err, "region")
	_, err = c.Between(d("2000-01-01"), d("2031-01-01"), "")
	check(err, "to")
	_, err = c.Between(d("2026-01-01"), d("2300-01-01"), "")
	check(err, "to")
	if _, err := c.Add(d("2026-01-05"), MaxAddDays, ""); err != nil {
		t.Errorf("n = %d: %v", MaxAddDays, err)
	}
	if c.IsWorkday(d("1900-01-06"), "") || !c.IsWorkday(d("2300-01-02"), "") {
		t.Error("outside the supported years the plain week applies")
	}
	if _, err := Build(append(Embedded(), Embedded()[0]), nil); !errs.Is(err, errs.Conflict) {
		t.Errorf("duplicate year: %v", err)
	}
	if _, err := Build(nil, []RegionDay{{Region: "5334", Date: d("2026-01-05"), Kind: Holiday, Name: "x"}}); err == nil {
		t.Error("bad region code accepted")
	}
}
