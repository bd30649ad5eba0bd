package audit

import (
	"errors"
	"fmt"
	"iter"
)

// Head is the chain head as the database records it: the sequence number
// and hash of the newest event. It lets Verify notice that newest events were
// removed, which no link inside the chain could show.
type Head struct {
	Seq  int64
	Hash string
}

// Fault classifies what Verify found wrong at the first bad event.
type Fault string

// The faults. A direct change in the database shows as exactly one of these
// at the first place the chain stops holding.
const (
	// FaultModified: the event's stored hash does not match its content (a
	// field, or its prev_hash, was changed).
	FaultModified Fault = "modified"
	// FaultMissing: a sequence number is absent (the event was deleted).
	FaultMissing Fault = "missing"
	// FaultReordered: the event is intact but belongs at another sequence
	// number (events were swapped or moved).
	FaultReordered Fault = "reordered"
	// FaultBrokenLink: the event is self-consistent but does not link to the
	// event before it (that event was replaced by one with a recomputed hash,
	// or this event's link was rewritten together with its hash).
	FaultBrokenLink Fault = "broken_link"
	// FaultTailMissing: the head names events that no longer exist (the
	// newest events were deleted).
	FaultTailMissing Fault = "tail_missing"
	// FaultHeadMismatch: the head's hash is not the last event's hash.
	FaultHeadMismatch Fault = "head_mismatch"
	// FaultBeyondHead: events exist past the head (the head was set back, or
	// events were forged onto the end without going through the application).
	FaultBeyondHead Fault = "beyond_head"
)

// Report is the outcome of a verification.
type Report struct {
	OK       bool  `json:"ok"`
	Checked  int64 `json:"checked"`   // events read and checked, up to and including the first bad one
	HeadSeq  int64 `json:"head_seq"`  // the head as recorded
	FirstBad int64 `json:"first_bad"` // sequence number of the first bad event; 0 when OK
	Fault    Fault `json:"fault,omitempty"`
	// MovedFrom is, for FaultReordered, the sequence number the event at
	// FirstBad was written under.
	MovedFrom int64  `json:"moved_from,omitempty"`
	Message   string `json:"message"`    // Chinese, for auditors
	MessageEN string `json:"message_en"` // English, for logs and the English UI
}

// LookAhead bounds how many events Verify reads past the first bad one
// while trying to find where a misplaced event came from.
const LookAhead = 100_000

// ErrOutOfOrder is returned when the source does not deliver events in
// strictly ascending seq order: a bug in the reader, not a chain fault.
var ErrOutOfOrder = errors.New("audit: events not delivered in ascending seq order")

// Verify checks the chain delivered by events (ascending seq, from the
// first event) against head. It keeps constant memory, so the chain may hold
// any number of events. It stops at the first bad event and reports it; a
// non-nil error means the events could not be read, not that the chain is bad.
func Verify(events iter.Seq2[Event, error], head Head) (Report, error) {
	r := Report{HeadSeq: head.Seq}
	prev, want := Genesis, int64(1)
	var bad *Event
	ahead := 0
	for e, err := range events {
		if err != nil {
			return r, err
		}
		if bad != nil {
			// Look ahead: was the misplaced event written under this seq?
			if bad.Seq = e.Seq; bad.ComputeHash(bad.PrevHash) == bad.Hash {
				r.MovedFrom = e.Seq
				break
			}
			if ahead++; ahead >= LookAhead {
				break
			}
			continue
		}
		if e.Seq < want {
			return r, fmt.Errorf("%w: %d after %d", ErrOutOfOrder, e.Seq, want-1)
		}
		r.Checked++
		switch {
		case e.Seq > want && want <= head.Seq:
			return r.fail(want, FaultMissing), nil
		case e.Seq > head.Seq:
			return r.fail(e.Seq, FaultBeyondHead), nil
		}
		selfOK := e.ComputeHash(e.PrevHash) == e.Hash
		switch {
		case e.PrevHash == prev && selfOK:
			prev, want = e.Hash, want+1
			continue
		case e.ComputeHash(prev) == e.Hash:
			// Only the prev_hash column differs from the real link.
			return r.fail(e.Seq, FaultModified), nil
		case selfOK:
			return r.fail(e.Seq, FaultBrokenLink), nil
		}
		// Changed content or a moved event: the look-ahead tells them apart.
		r = r.fail(e.Seq, FaultModified)
		moved := e
		bad = &moved
	}
	if bad != nil {
		if r.MovedFrom != 0 {
			r.Fault = FaultReordered
		}
		return r.describe(), nil
	}
	last := want - 1
	switch {
	case last < head.Seq:
		return r.fail(last+1, FaultTailMissing), nil
	case prev != head.Hash:
		return r.fail(head.Seq, FaultHeadMismatch), nil
	}
	r.OK = true
	return r.describe(), nil
}

func (r Report) fail(seq int64, f Fault) Report {
	r.FirstBad, r.Fault = seq, f
	return r.describe()
}

// describe fills the messages from the outcome.
func (r Report) describe() Report {
	n := r.FirstBad
	switch r.Fault {
	case "":
		r.Message = fmt.Sprintf("审计链完整：共校验 %d 个事件，链头序号 %d", r.Checked, r.HeadSeq)
		r.MessageEN = fmt.Sprintf("audit chain intact: %d events checked, head at seq %d", r.Checked, r.HeadSeq)
	case FaultModified:
		r.Message = fmt.Sprintf("第 %d 号事件的内容被篡改：存储的哈希与内容不符", n)
		r.MessageEN = fmt.Sprintf("event %d was modified: its stored hash does not match its content", n)
	case FaultMissing:
		r.Message = fmt.Sprintf("第 %d 号事件缺失：已被删除", n)
		r.MessageEN = fmt.Sprintf("event %d is missing: it was deleted", n)
	case FaultReordered:
		r.Message = fmt.Sprintf("第 %d 号事件位置被调换：它原是第 %d 号事件", n, r.MovedFrom)
		r.MessageEN = fmt.Sprintf("event %d is out of place: it was written as event %d (events were swapped or moved)", n, r.MovedFrom)
	case FaultBrokenLink:
		r.Message = fmt.Sprintf("第 %d 号事件与前一事件的链接断裂：第 %d 号事件被替换，或本事件被改写", n, n-1)
		r.MessageEN = fmt.Sprintf("event %d does not link to its predecessor: event %d was replaced, or this event was rewritten", n, n-1)
	case FaultTailMissing:
		r.Message = fmt.Sprintf("第 %d 号及以后的事件缺失：链头记录到第 %d 号，链尾事件已被删除", n, r.HeadSeq)
		r.MessageEN = fmt.Sprintf("events from %d on are missing: the head records %d, the newest events were deleted", n, r.HeadSeq)
	case FaultHeadMismatch:
		if n == 0 {
			r.Message = "链头记录被篡改：链中没有事件，链头哈希却不是初始哈希"
			r.MessageEN = "the chain head was tampered with: there are no events, yet its hash is not the genesis hash"
			break
		}
		r.Message = fmt.Sprintf("链头记录被篡改：链头哈希与第 %d 号事件的哈希不符", n)
		r.MessageEN = fmt.Sprintf("the chain head was tampered with: its hash does not match event %d", n)
	case FaultBeyondHead:
		r.Message = fmt.Sprintf("第 %d 号事件位于链头（第 %d 号）之后：链头被改回或事件被伪造追加", n, r.HeadSeq)
		r.MessageEN = fmt.Sprintf("event %d lies beyond the head (seq %d): the head was set back or events were forged onto the end", n, r.HeadSeq)
	}
	return r
}
