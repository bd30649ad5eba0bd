package open311

import (
	"testing"
	"time"
)

// TestContentRoundTrip: what File writes after the description is read
// back as the position and the picture.
func TestContentRoundTrip(t *testing.T) {
	c := compose("井盖缺失。\n\n很危险", "某某 app", "27.825300,99.706900", "https://img.example/a.jpg")
	p := parse(c)
	if p.desc != "井盖缺失。\n\n很危险" || p.lat == nil || *p.lat != 27.8253 || *p.long != 99.7069 || p.media != "https://img.example/a.jpg" {
		t.Fatalf("%q → %+v", c, p)
	}
	if p := parse(compose("x", "app", "", "")); p.desc != "x" || p.lat != nil || p.media != "" {
		t.Fatalf("without position: %+v", p)
	}
	if p := parse("电话工单内容"); p.desc != "电话工单内容" || p.lat != nil {
		t.Fatalf("plain content: %+v", p)
	}
}

// TestLimiter: PostsPerMinute per key and minute.
func TestLimiter(t *testing.T) {
	l := newLimiter(2)
	now := time.Date(2026, 12, 8, 9, 0, 10, 0, time.UTC)
	if !l.allow(1, now) || !l.allow(1, now) || l.allow(1, now) || !l.allow(2, now) {
		t.Fatal("limit within a minute")
	}
	if !l.allow(1, now.Add(time.Minute)) {
		t.Fatal("the next minute")
	}
}
