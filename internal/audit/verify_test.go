package audit

import (
	"errors"
	"iter"
	"strconv"
	"strings"
	"testing"
	"time"
)

// chain builds n well-chained events and the head that records them.
func chain(n int) ([]Event, Head) {
	evs := make([]Event, n)
	prev := Genesis
	base := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	for i := range evs {
		e := &evs[i]
		*e = Event{Seq: int64(i + 1), At: base.Add(time.Duration(i) * time.Second), ActorID: 7, ActorName: "clerk1",
			Role: "clerk", Action: "account.update", ObjectType: "account", ObjectID: strconv.Itoa(100 + i),
			After: `{"status":"active"}`, IP: "10.0.0.1", PrevHash: prev}
		e.Hash = e.ComputeHash(prev)
		prev = e.Hash
	}
	return evs, Head{Seq: int64(n), Hash: prev}
}

func stream(evs []Event) iter.Seq2[Event, error] {
	return func(yield func(Event, error) bool) {
		for _, e := range evs {
			if !yield(e, nil) {
				return
			}
		}
	}
}

// swap exchanges two events' rows except their seq, as an UPDATE of the seq
// column would.
func swap(evs []Event, i, j int64) {
	a, b := &evs[i-1], &evs[j-1]
	*a, *b = *b, *a
	a.Seq, b.Seq = i, j
}

func TestVerifyFindsFirstBadEvent(t *testing.T) {
	cases := []struct {
		name      string
		tamper    func(evs []Event, h *Head) []Event
		fault     Fault
		firstBad  int64
		movedFrom int64
	}{
		{"intact", func(evs []Event, h *Head) []Event { return evs }, "", 0, 0},
		{"field changed", func(evs []Event, h *Head) []Event {
			evs[3].Reason = "补记"
			return evs
		}, FaultModified, 4, 0},
		{"time changed", func(evs []Event, h *Head) []Event {
			evs[7].At = evs[7].At.Add(-time.Hour)
			return evs
		}, FaultModified, 8, 0},
		{"prev_hash changed", func(evs []Event, h *Head) []Event {
			evs[4].PrevHash = strings.Repeat("1", 64)
			return evs
		}, FaultModified, 5, 0},
		{"middle deleted", func(evs []Event, h *Head) []Event {
			return append(evs[:3:3], evs[4:]...)
		}, FaultMissing, 4, 0},
		{"first deleted", func(evs []Event, h *Head) []Event { return evs[1:] }, FaultMissing, 1, 0},
		{"swapped", func(evs []Event, h *Head) []Event {
			swap(evs, 3, 7)
			return evs
		}, FaultReordered, 3, 7},
		{"adjacent swapped", func(evs []Event, h *Head) []Event {
			swap(evs, 5, 6)
			return evs
		}, FaultReordered, 5, 6},
		{"deleted and renumbered", func(evs []Event, h *Head) []Event {
			evs = append(evs[:3:3], evs[4:]...)
			for i := range evs {
				evs[i].Seq = int64(i + 1)
			}
			h.Seq--
			return evs
		}, FaultReordered, 4, 5},
		{"replaced with recomputed hash", func(evs []Event, h *Head) []Event {
			evs[3].ObjectID = "999"
			evs[3].Hash = evs[3].ComputeHash(evs[3].PrevHash)
			return evs
		}, FaultBrokenLink, 5, 0},
		{"tail deleted", func(evs []Event, h *Head) []Event { return evs[:9] }, FaultTailMissing, 10, 0},
		{"head hash changed", func(evs []Event, h *Head) []Event {
			h.Hash = strings.Repeat("f", 64)
			return evs
		}, FaultHeadMismatch, 10, 0},
		{"head set back", func(evs []Event, h *Head) []Event {
			h.Seq, h.Hash = 9, evs[8].Hash
			return evs
		}, FaultBeyondHead, 10, 0},
		{"head set forward", func(evs []Event, h *Head) []Event {
			h.Seq = 12
			return evs
		}, FaultTailMissing, 11, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			evs, head := chain(10)
			evs = c.tamper(evs, &head)
			r, err := Verify(stream(evs), head)
			if err != nil {
				t.Fatal(err)
			}
			if r.OK != (c.fault == "") || r.Fault != c.fault || r.FirstBad != c.firstBad || r.MovedFrom != c.movedFrom {
				t.Fatalf("report = %+v, want fault %q at %d (moved from %d)", r, c.fault, c.firstBad, c.movedFrom)
			}
			if r.Message == "" || r.MessageEN == "" {
				t.Fatalf("no description: %+v", r)
			}
			if !r.OK && !strings.Contains(r.Message, "第 "+strconv.FormatInt(c.firstBad, 10)+" 号") {
				t.Fatalf("message %q does not name event %d", r.Message, c.firstBad)
			}
		})
	}
}

func TestVerifyCountsAndEmptyChain(t *testing.T) {
	evs, head := chain(25)
	r, err := Verify(stream(evs), head)
	if err != nil || !r.OK || r.Checked != 25 || r.HeadSeq != 25 {
		t.Fatalf("intact: %+v, %v", r, err)
	}
	evs[9].Role = "sysadmin"
	if r, _ := Verify(stream(evs), head); r.Checked != 10 {
		t.Fatalf("checked up to the first bad = %d, want 10", r.Checked)
	}
	if r, err := Verify(stream(nil), Head{Hash: Genesis}); err != nil || !r.OK || r.Checked != 0 {
		t.Fatalf("empty chain: %+v, %v", r, err)
	}
	if r, _ := Verify(stream(nil), Head{Hash: strings.Repeat("a", 64)}); r.OK || r.Fault != FaultHeadMismatch {
		t.Fatalf("empty chain with forged head: %+v", r)
	}
}

func TestVerifyLookAheadReadsOnlyWhatItNeeds(t *testing.T) {
	evs, head := chain(30)
	read := 0
	src := func(yield func(Event, error) bool) {
		for _, e := range evs {
			read++
			if !yield(e, nil) {
				return
			}
		}
	}
	swap(evs, 3, 7)
	if r, err := Verify(src, head); err != nil || r.Fault != FaultReordered || read != 7 {
		t.Fatalf("swap: %+v, %v after reading %d events; want to stop at event 7", r, err, read)
	}
	swap(evs, 3, 7)
	evs[2].Action = "role.grant"
	read = 0
	if r, err := Verify(src, head); err != nil || r.Fault != FaultModified || r.FirstBad != 3 || read != 30 {
		t.Fatalf("modified: %+v, %v after reading %d events; want the rest read in search of a match", r, err, read)
	}
}

func TestVerifyReportsSourceErrors(t *testing.T) {
	evs, head := chain(5)
	boom := errors.New("connection reset")
	src := func(yield func(Event, error) bool) {
		if yield(evs[0], nil) {
			yield(Event{}, boom)
		}
	}
	if _, err := Verify(src, head); !errors.Is(err, boom) {
		t.Fatalf("err = %v, want the read error", err)
	}
	dup := append(evs[:2:2], evs[1:]...)
	if _, err := Verify(stream(dup), head); !errors.Is(err, ErrOutOfOrder) {
		t.Fatalf("err = %v, want ErrOutOfOrder", err)
	}
}
