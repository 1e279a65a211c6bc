package scoring

import (
	"maps"
	"math"
	"slices"

	"github.com/cityscore/cityscore/composite"
	"github.com/cityscore/cityscore/dataset"
)

// at is a unit in a year of a result: Years[y].Units[u].
type at struct{ y, u int }

// TargetYear is the analysis of one indicator against its target in one
// year: achievement (goalposts from the worst value of the panel to the
// target), colour rating and trend class of every unit.
type TargetYear struct {
	Node        int
	TargetYear  int     // the year of the target aimed at: the first target year ≥ this year, else the last
	Target      float64 // its value
	Worst       float64 // the worst processed value over every unit and year
	Achievement []float64
	Rating      []composite.Rating
	Trend       []composite.TrendClass
	Rate        []float64 // observed annual change toward the target (see composite.Trend)
	Needed      []float64 // annual change needed to reach it
}

// targetsOf returns the targets of indicator node i: the framework's,
// overridden year by year by the profile's.
func targetsOf(s *dataset.Schema, opt Options, i int) map[int]float64 {
	out := maps.Clone(s.Nodes[i].Targets)
	if over := opt.Targets.Values[s.Nodes[i].ID]; len(over) > 0 {
		if out == nil {
			out = map[int]float64{}
		}
		maps.Copy(out, over)
	}
	return out
}

// aimAt returns the target year for data of year y: the first target year
// ≥ y, else the last one.
func aimAt(targets map[int]float64, y int) int {
	years := slices.Sorted(maps.Keys(targets))
	for _, ty := range years {
		if ty >= y {
			return ty
		}
	}
	return years[len(years)-1]
}

// analysePanel fills in what needs every year: score and rank changes, the
// indicators' growth rates, and the target analysis.
//
// A result of one year without targets needs none of it: ScoreChange,
// RankChange, CAGR and Targets stay nil.
func analysePanel(res *Result, opt Options) {
	if len(res.Years) < 2 && !anyTargets(res.Schema, opt) {
		return
	}
	series := unitSeries(res)
	changes(res, series)
	if targets(res, opt, series) {
		goalStatuses(res, opt)
	}
}

// unitSeries returns each unit's years in the result, in year order.
func unitSeries(res *Result) map[dataset.UnitID][]at {
	series := map[dataset.UnitID][]at{}
	order := make([]int, len(res.Years))
	for k := range order {
		order[k] = k
	}
	slices.SortFunc(order, func(a, b int) int { return res.Years[a].Year - res.Years[b].Year })
	for _, k := range order {
		for u, id := range res.Years[k].Units {
			series[id] = append(series[id], at{k, u})
		}
	}
	return series
}

// changes sets every aggregate's score and rank change since the unit's
// previous year, and every indicator's CAGR from its first year with a
// value to the latest one up to each year (composite.SeriesCAGR over the
// years so far, in one pass).
func changes(res *Result, series map[dataset.UnitID][]at) {
	s := res.Schema
	aggregates := []int{}
	for i, n := range s.Nodes {
		if n.Level != dataset.LevelIndicator {
			aggregates = append(aggregates, i)
		}
	}
	inds := s.Indicators()
	for _, y := range res.Years {
		n := len(y.Units)
		y.ScoreChange = make([][]float64, len(s.Nodes))
		y.RankChange = make([][]float64, len(s.Nodes))
		for _, i := range aggregates {
			y.ScoreChange[i] = nanSlice(n)
			y.RankChange[i] = nanSlice(n)
		}
		y.CAGR = make([][]float64, len(s.Nodes))
		for _, i := range inds {
			y.CAGR[i] = nanSlice(n)
		}
	}
	for _, ser := range series {
		for k, cur := range ser {
			if k == 0 {
				continue
			}
			y := res.Years[cur.y]
			prev := res.Years[ser[k-1].y]
			pu := ser[k-1].u
			for _, i := range aggregates {
				y.ScoreChange[i][cur.u] = y.Scores[i][cur.u] - prev.Scores[i][pu]
				if r, pr := y.Ranks[i][cur.u], prev.Ranks[i][pu]; r > 0 && pr > 0 {
					y.RankChange[i][cur.u] = float64(pr - r)
				}
			}
		}
		for _, i := range inds {
			first, last := -1, -1 // positions in ser
			for k, cur := range ser {
				if !math.IsNaN(res.Years[cur.y].Processed[i][cur.u]) {
					if first < 0 {
						first = k
					}
					last = k
				}
				if first < 0 || last == first {
					continue
				}
				f, l := ser[first], ser[last]
				fy, ly := res.Years[f.y], res.Years[l.y]
				res.Years[cur.y].CAGR[i][cur.u] = composite.CAGR(fy.Processed[i][f.u], ly.Processed[i][l.u], ly.Year-fy.Year)
			}
		}
	}
}

// targets sets, for every indicator with a target (interval indicators
// have none), each unit's achievement, colour and trend in every year. It
// reports whether any indicator has a target.
func targets(res *Result, opt Options, series map[dataset.UnitID][]at) bool {
	s := res.Schema
	var targeted []int
	for _, i := range s.Indicators() {
		if len(targetsOf(s, opt, i)) > 0 && s.Nodes[i].Direction != dataset.Interval {
			targeted = append(targeted, i)
		}
	}
	for _, i := range targeted {
		tg := targetsOf(s, opt, i)
		lower := s.Nodes[i].Direction == dataset.Negative
		worst := panelWorst(res, i, lower)
		spec := opt.Targets.Trend
		spec.Lower = lower
		for _, y := range res.Years {
			n := len(y.Units)
			ty := aimAt(tg, y.Year)
			ta := &TargetYear{Node: i, TargetYear: ty, Target: tg[ty], Worst: worst,
				Achievement: make([]float64, n), Rating: make([]composite.Rating, n), Trend: make([]composite.TrendClass, n),
				Rate: nanSlice(n), Needed: nanSlice(n)}
			for u, v := range y.Processed[i] {
				a := composite.Achievement(v, worst, ta.Target)
				ta.Achievement[u], ta.Rating[u] = a, opt.Targets.Cuts.Rate(a)
				ta.Trend[u] = composite.TrendNone
				var years []int
				var vals []float64
				for _, p := range series[y.Units[u]] {
					if py := res.Years[p.y]; py.Year <= y.Year {
						years = append(years, py.Year)
						vals = append(vals, py.Processed[i][p.u])
					}
				}
				if c, rate, needed, ok := composite.Trend(years, vals, ty, ta.Target, spec); ok {
					ta.Trend[u], ta.Rate[u], ta.Needed[u] = c, rate, needed
				}
			}
			if y.Targets == nil {
				y.Targets = make([]*TargetYear, len(s.Nodes))
			}
			y.Targets[i] = ta
		}
	}
	return len(targeted) > 0
}

// panelWorst returns the worst processed value of indicator i over every
// unit and year: the lowest, or the highest when lower is better.
func panelWorst(res *Result, i int, lower bool) float64 {
	worst := math.NaN()
	for _, y := range res.Years {
		for _, v := range y.Processed[i] {
			if math.IsNaN(v) {
				continue
			}
			if math.IsNaN(worst) || (!lower && v < worst) || (lower && v > worst) {
				worst = v
			}
		}
	}
	return worst
}

// goalStatuses rolls each goal's targeted indicators up into its status
// (composite.RollUpGoal), for every unit and year.
func goalStatuses(res *Result, opt Options) {
	s := res.Schema
	for _, y := range res.Years {
		y.Goals = make([][]composite.GoalStatus, len(s.Nodes))
		for _, g := range s.ByLevel(dataset.LevelGoal) {
			var mine []int
			for _, l := range s.Leaves(g) {
				if y.Targets[l] != nil {
					mine = append(mine, l)
				}
			}
			if len(mine) == 0 {
				continue
			}
			y.Goals[g] = make([]composite.GoalStatus, len(y.Units))
			a := make([]float64, len(mine))
			tr := make([]composite.TrendClass, len(mine))
			for u := range y.Units {
				for k, l := range mine {
					a[k], tr[k] = y.Targets[l].Achievement[u], y.Targets[l].Trend[u]
				}
				y.Goals[g][u] = composite.RollUpGoal(a, tr, opt.Targets.Cuts, opt.Targets.RollUp)
			}
		}
	}
}

// anyTargets reports whether an indicator has a target.
func anyTargets(s *dataset.Schema, opt Options) bool {
	for _, n := range s.Nodes {
		if n.Level == dataset.LevelIndicator && (len(n.Targets) > 0 || len(opt.Targets.Values[n.ID]) > 0) {
			return true
		}
	}
	return false
}

func nanSlice(n int) []float64 {
	x := make([]float64, n)
	fillNaN(x)
	return x
}
