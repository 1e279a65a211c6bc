package exporters

import (
	"cmp"
	"math"
	"slices"
	"strconv"

	"github.com/cityscore/cityscore/scoring"
)

// unitYear is one unit in one year of a result: Years[y].Units[u].
type unitYear struct{ y, u int }

// byRank returns every unit of every year of r, sorted by year (ascending,
// or descending with latestFirst), then by the rank of the index; units
// not ranked come after the ranked ones, those with a score first (by
// score, highest first), then those without, each by unit id.
func byRank(r *scoring.Result, latestFirst bool) []unitYear {
	n := 0
	for _, y := range r.Years {
		n += len(y.Units)
	}
	years := make([]int, len(r.Years))
	for yi := range years {
		years[yi] = yi
	}
	slices.SortStableFunc(years, func(a, b int) int {
		if latestFirst {
			return cmp.Compare(r.Years[b].Year, r.Years[a].Year)
		}
		return cmp.Compare(r.Years[a].Year, r.Years[b].Year)
	})
	out := make([]unitYear, 0, n)
	for _, yi := range years {
		for _, u := range RankOrder(r, yi) {
			out = append(out, unitYear{yi, u})
		}
	}
	return out
}

// RankOrder returns the units of r.Years[yi] (their indices) in the order
// the outputs list them: by rank, then those not ranked by score (highest
// first), then those without a score, each by unit id; in O(n) for the
// ranked ones: sport ranks run from 1 to n, so a count of
// each rank places every unit, and only ties (by unit id) and the units
// not ranked are sorted (by compareRank).
func RankOrder(r *scoring.Result, yi int) []int {
	y := r.Years[yi]
	n := len(y.Units)
	ranks := y.Ranks[0]
	start := make([]int32, n+2) // start[k]: where rank k begins; rank n+1 stands for the unranked
	for _, rk := range ranks {
		start[rankBucket(rk, n)]++
	}
	var sum int32
	for k, c := range start {
		start[k], sum = sum, sum+c
	}
	order := make([]int, n)
	for u, rk := range ranks {
		b := rankBucket(rk, n)
		order[start[b]] = u
		start[b]++
	}
	byUnit := func(a, b int) int { return cmp.Compare(y.Units[a], y.Units[b]) }
	for k := 0; k < n; {
		j := k + 1
		for j < n && ranks[order[j]] == ranks[order[k]] {
			j++
		}
		if rankBucket(ranks[order[k]], n) == n+1 {
			slices.SortFunc(order[k:], func(a, b int) int { return compareRank(r, unitYear{yi, a}, unitYear{yi, b}) })
			break
		}
		if j-k > 1 {
			slices.SortFunc(order[k:j], byUnit)
		}
		k = j
	}
	return order
}

// rankBucket is the counting bucket of a rank: the rank itself, or n + 1
// for none (0) and for a rank out of 1 … n, which compareRank orders.
func rankBucket(rk int32, n int) int {
	if rk <= 0 || int(rk) > n {
		return n + 1
	}
	return int(rk)
}

// compareRank orders two units of a year by the rank of the index; units
// not ranked come after the ranked ones, those with a score first (by
// score, highest first), then those without, each by unit id.
func compareRank(r *scoring.Result, a, b unitYear) int {
	ya, yb := r.Years[a.y], r.Years[b.y]
	if c := cmp.Compare(rankKey(ya.Ranks[0][a.u]), rankKey(yb.Ranks[0][b.u])); c != 0 {
		return c
	}
	if ya.Ranks[0][a.u] <= 0 {
		// Not ranked: by score, highest first, missing last.
		sa, sb := ya.Scores[0][a.u], yb.Scores[0][b.u]
		switch {
		case finite(sa) && !finite(sb), sa > sb:
			return -1
		case !finite(sa) && finite(sb), sa < sb:
			return 1
		}
	}
	return cmp.Compare(ya.Units[a.u], yb.Units[b.u])
}

// rankKey orders rank 0 (no score) after every real rank.
func rankKey(r int32) int64 {
	if r <= 0 {
		return math.MaxInt64
	}
	return int64(r)
}

// Latest returns the position of the latest year of r, or -1.
func Latest(r *scoring.Result) int {
	best := -1
	for i, y := range r.Years {
		if best < 0 || y.Year > r.Years[best].Year {
			best = i
		}
	}
	return best
}

// finite reports whether v is a number to write (not NaN, not ±Inf).
func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// formatFloat writes v in the shortest form that round-trips, or "" when v
// is missing.
func formatFloat(v float64) string {
	if !finite(v) {
		return ""
	}
	if v == 0 {
		v = 0 // −0 reads back as 0 but looks like a sign error
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// appendFloat appends v as formatFloat writes it.
func appendFloat(dst []byte, v float64) []byte {
	if !finite(v) {
		return dst
	}
	if v == 0 {
		v = 0
	}
	return strconv.AppendFloat(dst, v, 'g', -1, 64)
}

// appendRank appends r as formatRank writes it.
func appendRank(dst []byte, r int32) []byte {
	if r <= 0 {
		return dst
	}
	return strconv.AppendInt(dst, int64(r), 10)
}

// formatRank writes a rank, or "" for 0 (no rank).
func formatRank(r int32) string {
	if r <= 0 {
		return ""
	}
	return strconv.Itoa(int(r))
}

// formatYear writes a year, or "" for 0 (no year).
func formatYear(y int) string {
	if y == 0 {
		return ""
	}
	return strconv.Itoa(y)
}
