package composite

import (
	"math"
)

// SportRanksTo sets dst[i] to the sport rank of x[i]: 1 for the highest
// value, tied values sharing the lowest rank of the tie ("1224" ranking,
// R's rank(-x, ties.method = "min"), COINr's ranks of scores):
//
//	rank_i = 1 + #{k : x_k > x_i}
//
// Missing (NaN) values get rank 0 and are not counted. −0 and +0 tie.
// SportRanksTo sorts by an LSD radix sort on the bits of the values, O(n).
// It panics if dst and x have different lengths. A Ranker ranks many
// columns without allocating.
func SportRanksTo(dst []int32, x []float64) {
	var r Ranker
	r.Ranks(dst, x)
}

// Ranker holds the buffers of SportRanksTo, so that one goroutine can rank
// many columns without allocating. The zero value is ready to use; a Ranker
// must not be used by two goroutines at once.
type Ranker struct {
	a, b []keyed
}

type keyed struct {
	k uint64 // order key: ascending k = descending value
	i int32
}

// descKey maps v to a key whose unsigned order is the descending order of
// v: flip all bits of a negative number, the sign bit of a positive one,
// then complement.
func descKey(v float64) uint64 {
	if v == 0 {
		v = 0 // −0 → +0
	}
	b := math.Float64bits(v)
	if b>>63 == 1 {
		b = ^b
	} else {
		b |= 1 << 63
	}
	return ^b
}

// Ranks sets dst to the sport ranks of x, as SportRanksTo does.
func (r *Ranker) Ranks(dst []int32, x []float64) {
	if len(dst) != len(x) {
		panic("composite: slice length mismatch")
	}
	a := r.a[:0]
	for i, v := range x {
		dst[i] = 0
		if !math.IsNaN(v) {
			a = append(a, keyed{descKey(v), int32(i)})
		}
	}
	if len(a) == 0 {
		return
	}
	if cap(r.b) < len(a) {
		r.b = make([]keyed, len(a))
	}
	buf := r.b[:len(a)]
	if sorted := r.radixSort(a, buf); &sorted[0] == &buf[0] {
		r.b = a // the input array is the scratch space next time
		a = sorted
	}
	for k := 0; k < len(a); {
		j := k + 1
		for j < len(a) && a[j].k == a[k].k {
			j++
		}
		for _, p := range a[k:j] {
			dst[p.i] = int32(k + 1)
		}
		k = j
	}
	r.a = a[:0]
}

// radixSort sorts a by key with an LSD radix sort, using buf (of the same
// length) as scratch, and returns the sorted slice (a or buf). Digits where
// every key agrees are skipped. Few keys take 8-bit digits (small counters),
// many take 11-bit digits (fewer passes); the digit width is a constant in
// each loop, which the compiler needs to make the passes fast.
func (r *Ranker) radixSort(a, buf []keyed) []keyed {
	if len(a) < 4096 {
		var counts [8][256]int32
		for _, p := range a {
			for d := range 8 {
				counts[d][byte(p.k>>(8*d))]++
			}
		}
		for d := range 8 {
			shift := uint(8 * d)
			if n := &counts[d]; int(n[byte(a[0].k>>shift)]) != len(a) {
				prefix(n[:])
				for _, p := range a {
					b := byte(p.k >> shift)
					buf[n[b]] = p
					n[b]++
				}
				a, buf = buf, a
			}
		}
		return a
	}
	var counts [6][2048]int32
	for _, p := range a {
		for d := range 6 {
			counts[d][(p.k>>(11*d))&2047]++
		}
	}
	for d := range 6 {
		shift := uint(11 * d)
		if n := &counts[d]; int(n[(a[0].k>>shift)&2047]) != len(a) {
			prefix(n[:])
			for _, p := range a {
				b := (p.k >> shift) & 2047
				buf[n[b]] = p
				n[b]++
			}
			a, buf = buf, a
		}
	}
	return a
}

// prefix turns counts into the starting offsets of their buckets.
func prefix(counts []int32) {
	var sum int32
	for b, c := range counts {
		counts[b], sum = sum, sum+c
	}
}
