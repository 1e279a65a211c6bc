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
	out := make([]unitYear, 0, n)
	for yi, y := range r.Years {
		for u := range y.Units {
			out = append(out, unitYear{yi, u})
		}
	}
	slices.SortFunc(out, func(a, b unitYear) int {
		ya, yb := r.Years[a.y], r.Years[b.y]
		if c := cmp.Compare(ya.Year, yb.Year); c != 0 {
			if latestFirst {
				return -c
			}
			return c
		}
		return compareRank(r, a, b)
	})
	return out
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

// RankOrder returns the units of r.Years[yi] (their indices) in the order
// the outputs list them: by rank, then those not ranked by score (highest
// first), then those without a score, each by unit id.
func RankOrder(r *scoring.Result, yi int) []int {
	y := r.Years[yi]
	out := make([]unitYear, len(y.Units))
	for u := range y.Units {
		out[u] = unitYear{yi, u}
	}
	slices.SortFunc(out, func(a, b unitYear) int { return compareRank(r, a, b) })
	idx := make([]int, len(out))
	for k, uy := range out {
		idx[k] = uy.u
	}
	return idx
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
