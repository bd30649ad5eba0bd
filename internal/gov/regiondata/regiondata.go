// Package regiondata embeds official administrative division data (GB/T
// 2260 codes down to townships) for the regions the platform's demo and
// tests use; README.md names the source and its date. Codes change every
// year, so the platform loads regions as data (gov.Service.ImportRegions)
// rather than compiling them in: a newer file replaces these without a
// code change.
package regiondata

import (
	"embed"
	"encoding/csv"
	"fmt"
	"io"

	"github.com/onewindow/onewindow/internal/gov"
	"github.com/onewindow/onewindow/internal/validate"
)

//go:embed provinces.csv cities.csv counties.csv townships.csv
var files embed.FS

// level describes one file: how to widen its codes to GB/T 2260 form and
// which column holds the parent's code.
type level struct {
	file      string
	level     string
	pad       string // appended to the code: 2-digit provinces and 4-digit cities become 6 digits
	parentCol int    // -1: no parent
	parentPad string
}

// levels are in tree order, so Load returns parents before children.
var levels = []level{
	{"provinces.csv", gov.LevelProvince, "0000", -1, ""},
	{"cities.csv", gov.LevelCity, "00", 2, "0000"},
	{"counties.csv", gov.LevelCounty, "", 2, "00"},
	{"townships.csv", gov.LevelTownship, "", 2, ""},
}

// Load returns every embedded region, provinces first, then cities,
// counties and townships; each one active, with its parent taken from the
// file's parent column.
func Load() ([]gov.Region, error) {
	var out []gov.Region
	for _, l := range levels {
		rs, err := load(l)
		if err != nil {
			return nil, fmt.Errorf("regiondata: %s: %w", l.file, err)
		}
		out = append(out, rs...)
	}
	return out, nil
}

func load(l level) ([]gov.Region, error) {
	f, err := files.Open(l.file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	if _, err := r.Read(); err != nil { // header
		return nil, err
	}
	var out []gov.Region
	for line := 2; ; line++ {
		rec, err := r.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		if len(rec) < 2 || l.parentCol >= len(rec) {
			return nil, fmt.Errorf("line %d: too few columns", line)
		}
		reg := gov.Region{Code: rec[0] + l.pad, Name: rec[1], Active: true}
		if l.parentCol >= 0 {
			reg.ParentCode = rec[l.parentCol] + l.parentPad
		}
		if reg.Level, err = validate.RegionCode("code", reg.Code); err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		if reg.Level != l.level {
			return nil, fmt.Errorf("line %d: %s is a %s code, not %s", line, reg.Code, reg.Level, l.level)
		}
		out = append(out, reg)
	}
}
