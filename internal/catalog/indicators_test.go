package catalog_test

import (
	"math"
	"testing"

	"github.com/onewindow/onewindow/internal/catalog"
)

func approx(t *testing.T, what string, got *float64, want float64) {
	t.Helper()
	if got == nil || math.Abs(*got-want) > 1e-9 {
		t.Fatalf("%s = %v, want %v", what, got, want)
	}
}

// TestSummarizeByHand checks every formula against sums worked out by hand.
func TestSummarizeByHand(t *testing.T) {
	counts := []catalog.IndicatorCount{
		// 8 licences: 6 apply online (depth ≥ 3), 2 whole online, 5 at most one visit,
		// 1 instant, 7 in the hall; 7 with a legal limit: Σpromised 35, Σlegal 140.
		{Group: "533401", Kind: catalog.KindLicensing, Items: 8, OnlineApply: 6, WholeOnline: 2, OneVisit: 5,
			Instant: 1, InHall: 7, Timed: 7, PromisedSum: 35, LegalSum: 140},
		// 2 public services: both online and whole online, 2 one visit, 1 instant,
		// 1 in the hall; 1 with a legal limit: Σpromised 5, Σlegal 10.
		{Group: "533422", Kind: catalog.KindPublicService, Items: 2, OnlineApply: 2, WholeOnline: 2, OneVisit: 2,
			Instant: 1, InHall: 1, Timed: 1, PromisedSum: 5, LegalSum: 10},
		// 30 penalties are counted as items but not in any rate (依职权).
		{Group: "533422", Kind: catalog.KindPenalty, Items: 30, OnlineApply: 0, WholeOnline: 0, OneVisit: 30,
			Instant: 0, InHall: 0, Timed: 30, PromisedSum: 0, LegalSum: 2700},
	}
	f := catalog.Summarize(counts)
	if f.Items != 40 || f.Applied != 10 {
		t.Fatalf("items %d applied %d, want 40 and 10", f.Items, f.Applied)
	}
	// 网上可办率 (6+2)/10, 全程网办率 (2+2)/10, 最多跑一次率 (5+2)/10,
	// 即办件率 (1+1)/10, 进驻率 (7+1)/10.
	approx(t, "online", f.Online.Value, 0.8)
	approx(t, "whole online", f.WholeOnline.Value, 0.4)
	approx(t, "one visit", f.OneVisit.Value, 0.7)
	approx(t, "instant", f.Instant.Value, 0.2)
	approx(t, "in hall", f.InHall.Value, 0.8)
	if f.Online.Count != 8 || f.Online.Of != 10 {
		t.Fatalf("online rate parts: %+v", f.Online)
	}
	// 承诺时限压缩率 1 − (35+5)/(140+10) = 1 − 40/150 = 0.7333…
	approx(t, "compression", f.Compression.Value, 1-40.0/150.0)
	if f.Compression.Items != 8 || f.Compression.Promised != 40 || f.Compression.Legal != 150 {
		t.Fatalf("compression parts: %+v", f.Compression)
	}
}

func TestSummarizeEmptyIsUndefined(t *testing.T) {
	f := catalog.Summarize(nil)
	if f.Items != 0 || f.Online.Value != nil || f.InHall.Value != nil || f.Compression.Value != nil {
		t.Fatalf("rates over nothing must be undefined: %+v", f)
	}
	// Only penalties: items counted, rates undefined.
	f = catalog.Summarize([]catalog.IndicatorCount{{Kind: catalog.KindPenalty, Items: 3, OneVisit: 3}})
	if f.Items != 3 || f.Applied != 0 || f.OneVisit.Value != nil {
		t.Fatalf("penalties only: %+v", f)
	}
}

func TestAppliedKinds(t *testing.T) {
	var applied []catalog.Kind
	for _, k := range catalog.Kinds {
		if catalog.AppliedKind(k) {
			applied = append(applied, k)
		}
	}
	// 行政许可, 行政给付, 行政确认, 行政奖励, 行政裁决, 其他行政权力, 公共服务.
	if len(applied) != 7 || catalog.AppliedKind(catalog.KindInspection) || !catalog.AppliedKind(catalog.KindAdjudication) {
		t.Fatalf("application kinds: %v", applied)
	}
}
