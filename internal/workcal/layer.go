package workcal

import (
	"math/bits"
	"slices"
	"sync"
	"time"
)

// Day-index geometry: bit i of a layer is the date baseDay+i.
var (
	baseDay = NewDate(MinYear, time.January, 1).n
	endDay  = NewDate(MaxYear+1, time.January, 1).n
	// yearStart[i] is the index of January 1 of MinYear+i; the last entry is endDay.
	yearStart = func() []int32 {
		out := make([]int32, 0, MaxYear-MinYear+2)
		for y := MinYear; y <= MaxYear+1; y++ {
			out = append(out, NewDate(y, time.January, 1).n-baseDay)
		}
		return out
	}()
)

// weekendBits is the calendar of a country without holidays: Monday to
// Friday set. Every layer starts as a copy of it.
var weekendBits = sync.OnceValue(func() []uint64 {
	n := int(endDay - baseDay)
	b := make([]uint64, (n+63)/64)
	for i := 0; i < n; i++ {
		if !(Date{n: baseDay + int32(i)}).IsWeekend() {
			b[i>>6] |= 1 << (i & 63)
		}
	}
	return b
})

// special is one day that differs from the plain week, with where it came from.
type special struct {
	date   Date
	kind   Kind
	name   string
	region string // "" for the national schedule
}

// layer is the effective calendar of the nation or of one region subtree:
// a bit per day (set = working day) for O(1) tests and popcount counting,
// and the sorted special days for explanations.
type layer struct {
	bits    []uint64
	special []special
}

// apply sets or clears the bits of special days.
func (l *layer) apply(days []special) {
	for _, s := range days {
		i := int(s.date.n - baseDay)
		if s.kind == Workday {
			l.bits[i>>6] |= 1 << (i & 63)
		} else {
			l.bits[i>>6] &^= 1 << (i & 63)
		}
	}
}

func (l *layer) bit(i int) bool { return l.bits[i>>6]&(1<<(i&63)) != 0 }

// nth returns the index of the n-th set bit at or after index i.
func (l *layer) nth(i, n int) (int, bool) {
	w := i >> 6
	if w >= len(l.bits) {
		return 0, false
	}
	word := l.bits[w] & (^uint64(0) << (i & 63))
	for {
		if c := bits.OnesCount64(word); c < n {
			n -= c
			w++
			if w >= len(l.bits) {
				return 0, false
			}
			word = l.bits[w]
			continue
		}
		for ; n > 1; n-- {
			word &= word - 1
		}
		return w<<6 + bits.TrailingZeros64(word), true
	}
}

// count returns the number of set bits in [i, j).
func (l *layer) count(i, j int) int {
	if j <= i {
		return 0
	}
	wi, wj := i>>6, (j-1)>>6
	lo := ^uint64(0) << (i & 63)
	hi := ^uint64(0) >> (63 - ((j - 1) & 63))
	if wi == wj {
		return bits.OnesCount64(l.bits[wi] & lo & hi)
	}
	n := bits.OnesCount64(l.bits[wi]&lo) + bits.OnesCount64(l.bits[wj]&hi)
	for w := wi + 1; w < wj; w++ {
		n += bits.OnesCount64(l.bits[w])
	}
	return n
}

// yearOfIndex returns the year of day index i (binary search, no allocation).
func yearOfIndex(i int32) int {
	k, found := slices.BinarySearch(yearStart, i)
	if !found {
		k--
	}
	return MinYear + k
}
