package workcal

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"slices"
	"sync"
)

// data holds one file per year, in the format ParseSchedule reads. To ship
// a new year, add data/YYYY.txt and its hand-counted figures to
// TestEmbeddedYearsMatchTheNotices.
//
//go:embed data/*.txt
var data embed.FS

var embedded = sync.OnceValue(func() []Schedule {
	files, err := fs.Glob(data, "data/*.txt")
	if err != nil {
		panic(err)
	}
	var out []Schedule
	for _, f := range files {
		b, err := data.ReadFile(f)
		if err != nil {
			panic(err)
		}
		s, err := ParseSchedule(bytes.NewReader(b))
		if err != nil {
			// The files are tested; reaching this is a build defect.
			panic(fmt.Sprintf("workcal: embedded %s: %v", f, err))
		}
		if want := fmt.Sprintf("data/%d.txt", s.Year); want != f {
			panic(fmt.Sprintf("workcal: embedded %s holds year %d", f, s.Year))
		}
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b Schedule) int { return a.Year - b.Year })
	return out
})

// Embedded returns the national schedules shipped in the binary (2020
// onwards), sorted by year. The slices are fresh copies.
func Embedded() []Schedule {
	src := embedded()
	out := make([]Schedule, len(src))
	for i, s := range src {
		s.Days = slices.Clone(s.Days)
		out[i] = s
	}
	return out
}
