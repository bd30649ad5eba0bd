package workcal

import "testing"

func BenchmarkAdd(b *testing.B) {
	c := mustBuild(b, nil)
	from := NewDate(2026, 1, 1)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := c.Add(from.AddDays(i%365), 20, ""); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAddRegion(b *testing.B) {
	c := mustBuild(b, testRegionDays)
	from := NewDate(2026, 1, 1)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := c.Add(from.AddDays(i%365), 20, "533401001"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBetween(b *testing.B) {
	c := mustBuild(b, nil)
	from := NewDate(2025, 1, 1)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		f := from.AddDays(i % 365)
		if _, err := c.Between(f, f.AddDays(365), ""); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkExplain(b *testing.B) {
	c := mustBuild(b, nil)
	r, _ := c.Add(NewDate(2026, 9, 28), 20, "")
	b.ReportAllocs()
	for b.Loop() {
		_ = r.Explain()
	}
}

func BenchmarkBuild(b *testing.B) {
	years := Embedded()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Build(years, testRegionDays); err != nil {
			b.Fatal(err)
		}
	}
}
