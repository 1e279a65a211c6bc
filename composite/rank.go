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
// v, −0 and +0 alike: the complement of ascKey.
func descKey(v float64) uint64 {
	if v == 0 {
		v = 0 // −0 → +0
	}
	return ^ascKey(v)
}

// Ranks sets dst to the sport ranks of x, as SportRanksTo does.
func (r *Ranker) Ranks(dst []int32, x []float64) {
	if len(dst) != len(x) {
		panic("composite: slice length mismatch")
	}
	a := r.keys(len(x))
	for i, v := range x {
		dst[i] = 0
		if !math.IsNaN(v) {
			a = append(a, keyed{descKey(v), int32(i)})
		}
	}
	a = r.sort(a)
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
}

// Sort sorts x in ascending order, as slices.Sort does, by the radix sort
// of Ranks: O(n). x must hold no NaN (Sort panics on one); −0 comes before
// +0, and every value keeps its bits.
func (r *Ranker) Sort(x []float64) {
	a := r.keys(len(x))
	for _, v := range x {
		if math.IsNaN(v) {
			panic("composite: Sort of a NaN")
		}
		a = append(a, keyed{k: ascKey(v)})
	}
	for k, p := range r.sort(a) {
		x[k] = fromAscKey(p.k)
	}
}

// keys returns the ranker's key array, empty, with room for n keys.
func (r *Ranker) keys(n int) []keyed {
	if cap(r.a) < n {
		r.a = make([]keyed, 0, n)
	}
	return r.a[:0]
}

// sort sorts a (the array keys returned) by radixSort and returns it
// sorted; the array that held it unsorted is the scratch space next time.
func (r *Ranker) sort(a []keyed) []keyed {
	if len(a) == 0 {
		return a
	}
	if cap(r.b) < len(a) {
		r.b = make([]keyed, len(a))
	}
	buf := r.b[:len(a)]
	sorted := r.radixSort(a, buf)
	if &sorted[0] == &buf[0] {
		r.a, r.b = buf[:0], a
	}
	return sorted
}

// ascKey maps v to a key whose unsigned order is the ascending order of v
// (−0 before +0): flip all bits of a negative number, the sign bit of a
// positive one. fromAscKey inverts it.
func ascKey(v float64) uint64 {
	b := math.Float64bits(v)
	if b>>63 == 1 {
		return ^b
	}
	return b | 1<<63
}

func fromAscKey(k uint64) float64 {
	if k>>63 == 1 {
		return math.Float64frombits(k &^ (1 << 63))
	}
	return math.Float64frombits(^k)
}

// radixSort sorts a by key with an LSD radix sort, using buf (of the same
// length) as scratch, and returns the sorted slice (a or buf). Digits where
// every key agrees are skipped. Few keys take 8-bit digits (small counters),
// many take 11-bit digits (fewer passes); the digit width is a constant in
// each loop, which the compiler needs to make the passes fast.
//
// Few keys are first sorted by their high 32 bits only (the sign, the
// exponent and 20 bits of the mantissa), half the passes; the runs of
// distinct keys that share them, rare among scores, are then put in order
// by insertion sort. When that takes more moves than there are keys, every
// digit is sorted instead.
func (r *Ranker) radixSort(a, buf []keyed) []keyed {
	if len(a) < 4096 {
		a, buf = radix8(a, buf, 4, 8)
		if insertionSort(a, len(a)) {
			return a
		}
		a, _ = radix8(a, buf, 0, 8)
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

// radix8 sorts a stably by the 8-bit digits [lo, hi) of the keys, the
// lowest first, using buf as scratch, and returns the sorted slice and the
// other one.
func radix8(a, buf []keyed, lo, hi int) (sorted, scratch []keyed) {
	var counts [8][256]int32
	for _, p := range a {
		for d := lo; d < hi; d++ {
			counts[d][byte(p.k>>(8*d))]++
		}
	}
	for d := lo; d < hi; d++ {
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
	return a, buf
}

// insertionSort sorts a by key by insertion sort, giving up after budget
// moves (a is then some permutation of itself) and returning false. Sorted
// by the high 32 bits of the keys, a is out of order only within the runs
// that share them, and rarely by much.
func insertionSort(a []keyed, budget int) bool {
	for k := 1; k < len(a); k++ {
		for m := k; m > 0 && a[m].k < a[m-1].k; m-- {
			a[m], a[m-1] = a[m-1], a[m]
			if budget--; budget < 0 {
				return false
			}
		}
	}
	return true
}

// prefix turns counts into the starting offsets of their buckets.
func prefix(counts []int32) {
	var sum int32
	for b, c := range counts {
		counts[b], sum = sum, sum+c
	}
}
