package scoring

import (
	"math"
)

// SportRanksTo sets dst[i] to the sport rank of x[i]: 1 for the highest
// value, tied values sharing the lowest rank of the tie ("1224" ranking,
// R's rank(-x, ties.method = "min")). Missing (NaN) values get rank 0 and
// are not counted. −0 and +0 tie.
func SportRanksTo(dst []int32, x []float64) {
	var r ranker
	r.ranks(dst, x)
}

// ranker holds the buffers of SportRanksTo so that one goroutine can rank
// many columns without allocating.
type ranker struct {
	a, b   []keyed
	counts []int
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

func (r *ranker) ranks(dst []int32, x []float64) {
	if len(dst) != len(x) {
		panic("scoring: slice length mismatch")
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
	bits := 8 // few keys: small counters beat few passes
	if len(a) >= 4096 {
		bits = 11
	}
	if sorted := r.radixSort(a, buf, bits); &sorted[0] == &buf[0] {
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

// radixSort sorts a by key with an LSD radix sort on digits of the given
// number of bits, using buf (of the same length) as scratch, and returns the
// sorted slice (a or buf). Digits where every key agrees are skipped.
func (r *ranker) radixSort(a, buf []keyed, bits int) []keyed {
	passes := (64 + bits - 1) / bits
	buckets := 1 << bits
	mask := uint64(buckets - 1)
	if cap(r.counts) < passes*buckets {
		r.counts = make([]int, passes*buckets)
	}
	counts := r.counts[:passes*buckets]
	clear(counts)
	for _, p := range a {
		k := p.k
		for d := range passes {
			counts[d*buckets+int((k>>(bits*d))&mask)]++
		}
	}
	src, dst := a, buf
	for d := range passes {
		c := counts[d*buckets : (d+1)*buckets]
		shift := bits * d
		if c[(src[0].k>>shift)&mask] == len(src) {
			continue // every key has the same digit here
		}
		sum := 0
		for b := range c {
			c[b], sum = sum, sum+c[b]
		}
		for _, p := range src {
			b := (p.k >> shift) & mask
			dst[c[b]] = p
			c[b]++
		}
		src, dst = dst, src
	}
	return src
}
