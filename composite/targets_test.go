package composite_test

import (
	"math"
	"strings"
	"testing"

	"github.com/cityscore/cityscore/composite"
)

func TestAchievement(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name                   string
		x, worst, target, want float64
	}{
		{"higher-half", 5, 0, 10, 0.5},
		{"higher-at-worst", 0, 0, 10, 0},
		{"higher-at-target", 10, 0, 10, 1},
		{"higher-beyond-target", 12, 0, 10, 1},
		{"higher-below-worst", -3, 0, 10, 0},
		{"lower-half", 30, 50, 10, 0.5},
		{"lower-beyond-target", 5, 50, 10, 1},
		{"lower-worse-than-worst", 60, 50, 10, 0},
		{"lower-at-worst", 50, 50, 10, 0}, // +0, not −0 (0/−40)
		{"missing", nan, 0, 10, nan},
		{"target-equals-worst", 5, 10, 10, nan},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := composite.Achievement(tt.x, tt.worst, tt.target)
			if got != tt.want && !(math.IsNaN(got) && math.IsNaN(tt.want)) || math.Signbit(got) != math.Signbit(tt.want) {
				t.Errorf("Achievement(%v, %v, %v) = %v, want %v", tt.x, tt.worst, tt.target, got, tt.want)
			}
		})
	}
}

// TestRatingCuts pins every colour boundary: a threshold belongs to the
// better colour, the value just below it to the worse one.
func TestRatingCuts(t *testing.T) {
	below := func(v float64) float64 { return math.Nextafter(v, math.Inf(-1)) }
	custom := composite.RatingCuts{Green: 0.9, Yellow: 0.6, Orange: 0.3}
	tests := []struct {
		name string
		cuts composite.RatingCuts
		a    float64
		want composite.Rating
	}{
		{"default-target-reached", composite.RatingCuts{}, 1, composite.RatingGreen},
		{"default-just-below-green", composite.RatingCuts{}, below(1), composite.RatingYellow},
		{"default-yellow-cut", composite.RatingCuts{}, 0.75, composite.RatingYellow},
		{"default-just-below-yellow", composite.RatingCuts{}, below(0.75), composite.RatingOrange},
		{"default-orange-cut", composite.RatingCuts{}, 0.5, composite.RatingOrange},
		{"default-just-below-orange", composite.RatingCuts{}, below(0.5), composite.RatingRed},
		{"default-zero", composite.RatingCuts{}, 0, composite.RatingRed},
		{"default-missing", composite.RatingCuts{}, math.NaN(), composite.RatingUnrated},
		{"explicit-defaults", composite.DefaultRatingCuts(), 0.75, composite.RatingYellow},
		{"custom-green-cut", custom, 0.9, composite.RatingGreen},
		{"custom-below-green", custom, below(0.9), composite.RatingYellow},
		{"custom-yellow-cut", custom, 0.6, composite.RatingYellow},
		{"custom-below-yellow", custom, below(0.6), composite.RatingOrange},
		{"custom-orange-cut", custom, 0.3, composite.RatingOrange},
		{"custom-below-orange", custom, below(0.3), composite.RatingRed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.cuts.Rate(tt.a); got != tt.want {
				t.Errorf("Rate(%v) = %v, want %v", tt.a, got, tt.want)
			}
		})
	}
	if err := (composite.RatingCuts{Green: 0.5, Yellow: 0.75, Orange: 0.2}).Validate(); err == nil {
		t.Error("yellow above green: no error")
	}
	if err := custom.Validate(); err != nil {
		t.Error(err)
	}
	if err := (composite.RatingCuts{}).Validate(); err != nil {
		t.Error(err)
	}
}

func TestRatingNames(t *testing.T) {
	for r, want := range map[composite.Rating][2]string{
		composite.RatingGreen: {"green", "绿"}, composite.RatingYellow: {"yellow", "黄"}, composite.RatingOrange: {"orange", "橙"},
		composite.RatingRed: {"red", "红"}, composite.RatingUnrated: {"unrated", "无数据"},
	} {
		if r.String() != want[0] || r.Label("en") != want[0] || r.Label("zh") != want[1] {
			t.Errorf("%d: %q %q %q, want %q %q", r, r.String(), r.Label("en"), r.Label("zh"), want[0], want[1])
		}
		var p composite.Rating
		if err := p.UnmarshalText([]byte(want[0])); err != nil || p != r {
			t.Errorf("UnmarshalText(%q) = %v, %v", want[0], p, err)
		}
	}
	var p composite.Rating
	if err := p.UnmarshalText([]byte("blue")); err == nil || !strings.Contains(err.Error(), "green|orange|red|unrated|yellow") {
		t.Errorf("blue: %v", err)
	}
}

func TestRollUpGoal(t *testing.T) {
	nan := math.NaN()
	D, S, M, O, N := composite.TrendDecreasing, composite.TrendStagnating, composite.TrendModeratelyImproving, composite.TrendOnTrack, composite.TrendNone
	tests := []struct {
		name    string
		ach     []float64
		trends  []composite.TrendClass
		rule    composite.RollUp
		wantA   float64
		rating  composite.Rating
		trend   composite.TrendClass
		rated   int
		trended int
	}{
		{"mean", []float64{1, 0.5, 0.9, nan}, []composite.TrendClass{O, S, M, N}, composite.RollUpMean, 0.8, composite.RatingYellow, M, 3, 3},
		{"worst-two", []float64{1, 0.5, 0.9, nan}, []composite.TrendClass{O, S, M, N}, composite.RollUpWorstTwo, 0.7, composite.RatingOrange, M, 3, 3},
		{"worst-two-single", []float64{nan, 0.4}, nil, composite.RollUpWorstTwo, 0.4, composite.RatingRed, N, 1, 0},
		{"nothing", []float64{nan}, []composite.TrendClass{N}, composite.RollUpMean, nan, composite.RatingUnrated, N, 0, 0},
		// Mean class 1.5 (S, M): a tie goes to the worse class.
		{"trend-tie-down", []float64{1, 1}, []composite.TrendClass{S, M}, composite.RollUpMean, 1, composite.RatingGreen, S, 2, 2},
		// Mean class 2/3 rounds to 1.
		{"trend-nearest", []float64{1, 1, 1}, []composite.TrendClass{D, D, S}, composite.RollUpMean, 1, composite.RatingGreen, D, 3, 3},
		{"trend-nearest-up", []float64{1, 1, 1}, []composite.TrendClass{O, O, M}, composite.RollUpMean, 1, composite.RatingGreen, O, 3, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := composite.RollUpGoal(tt.ach, tt.trends, composite.RatingCuts{}, tt.rule)
			if math.Abs(g.Achievement-tt.wantA) > 1e-15 || math.IsNaN(g.Achievement) != math.IsNaN(tt.wantA) {
				t.Errorf("achievement %v, want %v", g.Achievement, tt.wantA)
			}
			if g.Rating != tt.rating || g.Trend != tt.trend || g.Rated != tt.rated || g.Trended != tt.trended {
				t.Errorf("rating %v trend %v rated %d trended %d, want %v %v %d %d", g.Rating, g.Trend, g.Rated, g.Trended, tt.rating, tt.trend, tt.rated, tt.trended)
			}
			n := 0
			for _, c := range g.Colours {
				n += c
			}
			if n != tt.rated {
				t.Errorf("colour counts %v do not sum to %d", g.Colours, tt.rated)
			}
		})
	}
	g := composite.RollUpGoal([]float64{1, 0.8, 0.6, 0.1}, nil, composite.RatingCuts{}, composite.RollUpMean)
	if g.Colours != [4]int{1, 1, 1, 1} {
		t.Errorf("colours %v, want one of each (red, orange, yellow, green)", g.Colours)
	}
}
