package catalog

import (
	"strings"
	"testing"

	"github.com/onewindow/onewindow/internal/errs"
)

func TestNormalizeDefaults(t *testing.T) {
	q, err := Query{Text: "  营业\t 执照  "}.Normalize()
	if err != nil || q.Text != "营业 执照" || q.Order != OrderRelevance || q.Limit != DefaultLimit {
		t.Fatalf("with text: %v %+v", err, q)
	}
	q, err = Query{Order: OrderRelevance, Limit: 100}.Normalize()
	if err != nil || q.Order != OrderPopular || q.Limit != 100 {
		t.Fatalf("without text, relevance falls back to popular: %v %+v", err, q)
	}
	q, err = Query{Text: "结婚", Order: OrderPopular, Region: " 533400 ", Kind: KindConfirmation, Theme: "marriage",
		Target: TargetPerson, OnlineDepth: 4, CrossRegion: CrossNational}.Normalize()
	if err != nil || q.Order != OrderPopular || q.Region != "533400" {
		t.Fatalf("full query: %v %+v", err, q)
	}
	// Punctuation is not an error (it matches nothing, in the store).
	if _, err := (Query{Text: `" * OR ( ' --`}).Normalize(); err != nil {
		t.Fatalf("hostile text refused: %v", err)
	}
}

func TestNormalizeRefusesBadParameters(t *testing.T) {
	for _, c := range []struct {
		q     Query
		field string
	}{
		{Query{Text: strings.Repeat("证", MaxQueryRunes+1)}, "q"},
		{Query{Region: "5334"}, "region"},
		{Query{Region: "abcdef"}, "region"},
		{Query{DeptID: -1}, "dept"},
		{Query{Kind: "permit"}, "kind"},
		{Query{Theme: "holiday"}, "theme"},
		{Query{Target: "everyone"}, "target"},
		{Query{OnlineDepth: 5}, "online_depth"},
		{Query{OnlineDepth: -1}, "online_depth"},
		{Query{CrossRegion: "none"}, "cross_region"},
		{Query{Order: "newest"}, "order"},
		{Query{Limit: -1}, "limit"},
		{Query{Limit: MaxLimit + 1}, "limit"},
		{Query{Cursor: "%%%"}, "cursor"},
		{Query{Text: "证", Cursor: Cursor{Popularity: 3, ID: 9}.Encode(OrderPopular)}, "cursor"}, // another order's
	} {
		_, err := c.q.Normalize()
		if !errs.Is(err, errs.Invalid) || errs.FieldOf(err) != c.field {
			t.Errorf("%+v: got %v, want invalid %s", c.q, err, c.field)
			continue
		}
		if msg := errs.MessageOf(err); !strings.ContainsFunc(msg, isHan) {
			t.Errorf("%+v: message %q is not Chinese", c.q, msg)
		}
	}
	if _, err := (Query{Text: strings.Repeat("证", MaxQueryRunes)}).Normalize(); err != nil {
		t.Errorf("%d characters should be accepted: %v", MaxQueryRunes, err)
	}
}

func TestCursorRoundTrip(t *testing.T) {
	for _, c := range []struct {
		order string
		cur   Cursor
	}{
		{OrderRelevance, Cursor{Tier: 1, Popularity: 42, ID: 7}},
		{OrderRelevance, Cursor{Tier: 0, Popularity: 0, ID: 1}},
		{OrderPopular, Cursor{Popularity: 1 << 40, ID: 99}},
	} {
		s := c.cur.Encode(c.order)
		got, err := DecodeCursor(c.order, s)
		if err != nil || got != c.cur {
			t.Errorf("%s %+v: %q → %+v, %v", c.order, c.cur, s, got, err)
		}
	}
	for _, bad := range []string{"cjo1OjE", "r:0:1:1", Cursor{ID: 0}.Encode(OrderPopular), Cursor{Tier: 2, ID: 3}.Encode(OrderRelevance)} {
		if _, err := DecodeCursor(OrderRelevance, bad); errs.FieldOf(err) != "cursor" {
			t.Errorf("cursor %q accepted: %v", bad, err)
		}
	}
}
