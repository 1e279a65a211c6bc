package scoring_test

import (
	"math"
	"strings"
	"testing"

	"github.com/cityscore/cityscore/scoring"
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
			got := scoring.Achievement(tt.x, tt.worst, tt.target)
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
	custom := scoring.RatingCuts{Green: 0.9, Yellow: 0.6, Orange: 0.3}
	tests := []struct {
		name string
		cuts scoring.RatingCuts
		a    float64
		want scoring.Rating
	}{
		{"default-target-reached", scoring.RatingCuts{}, 1, scoring.RatingGreen},
		{"default-just-below-green", scoring.RatingCuts{}, below(1), scoring.RatingYellow},
		{"default-yellow-cut", scoring.RatingCuts{}, 0.75, scoring.RatingYellow},
		{"default-just-below-yellow", scoring.RatingCuts{}, below(0.75), scoring.RatingOrange},
		{"default-orange-cut", scoring.RatingCuts{}, 0.5, scoring.RatingOrange},
		{"default-just-below-orange", scoring.RatingCuts{}, below(0.5), scoring.RatingRed},
		{"default-zero", scoring.RatingCuts{}, 0, scoring.RatingRed},
		{"default-missing", scoring.RatingCuts{}, math.NaN(), scoring.RatingUnrated},
		{"explicit-defaults", scoring.DefaultRatingCuts(), 0.75, scoring.RatingYellow},
		{"custom-green-cut", custom, 0.9, scoring.RatingGreen},
		{"custom-below-green", custom, below(0.9), scoring.RatingYellow},
		{"custom-yellow-cut", custom, 0.6, scoring.RatingYellow},
		{"custom-below-yellow", custom, below(0.6), scoring.RatingOrange},
		{"custom-orange-cut", custom, 0.3, scoring.RatingOrange},
		{"custom-below-orange", custom, below(0.3), scoring.RatingRed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.cuts.Rate(tt.a); got != tt.want {
				t.Errorf("Rate(%v) = %v, want %v", tt.a, got, tt.want)
			}
		})
	}
	if err := (scoring.RatingCuts{Green: 0.5, Yellow: 0.75, Orange: 0.2}).Validate(); err == nil {
		t.Error("yellow above green: no error")
	}
	if err := custom.Validate(); err != nil {
		t.Error(err)
	}
	if err := (scoring.RatingCuts{}).Validate(); err != nil {
		t.Error(err)
	}
}

func TestRatingNames(t *testing.T) {
	for r, want := range map[scoring.Rating][2]string{
		scoring.RatingGreen: {"green", "绿"}, scoring.RatingYellow: {"yellow", "黄"}, scoring.RatingOrange: {"orange", "橙"},
		scoring.RatingRed: {"red", "红"}, scoring.RatingUnrated: {"unrated", "无数据"},
	} {
		if r.String() != want[0] || r.Label("en") != want[0] || r.Label("zh") != want[1] {
			t.Errorf("%d: %q %q %q, want %q %q", r, r.String(), r.Label("en"), r.Label("zh"), want[0], want[1])
		}
		var p scoring.Rating
		if err := p.UnmarshalText([]byte(want[0])); err != nil || p != r {
			t.Errorf("UnmarshalText(%q) = %v, %v", want[0], p, err)
		}
	}
	var p scoring.Rating
	if err := p.UnmarshalText([]byte("blue")); err == nil || !strings.Contains(err.Error(), "green|orange|red|unrated|yellow") {
		t.Errorf("blue: %v", err)
	}
}

func TestRollUpGoal(t *testing.T) {
	nan := math.NaN()
	D, S, M, O, N := scoring.TrendDecreasing, scoring.TrendStagnating, scoring.TrendModeratelyImproving, scoring.TrendOnTrack, scoring.TrendNone
	tests := []struct {
		name    string
		ach     []float64
		trends  []scoring.TrendClass
		rule    scoring.RollUp
		wantA   float64
		rating  scoring.Rating
		trend   scoring.TrendClass
		rated   int
		trended int
	}{
		{"mean", []float64{1, 0.5, 0.9, nan}, []scoring.TrendClass{O, S, M, N}, scoring.RollUpMean, 0.8, scoring.RatingYellow, M, 3, 3},
		{"worst-two", []float64{1, 0.5, 0.9, nan}, []scoring.TrendClass{O, S, M, N}, scoring.RollUpWorstTwo, 0.7, scoring.RatingOrange, M, 3, 3},
		{"worst-two-single", []float64{nan, 0.4}, nil, scoring.RollUpWorstTwo, 0.4, scoring.RatingRed, N, 1, 0},
		{"nothing", []float64{nan}, []scoring.TrendClass{N}, scoring.RollUpMean, nan, scoring.RatingUnrated, N, 0, 0},
		// Mean class 1.5 (S, M): a tie goes to the worse class.
		{"trend-tie-down", []float64{1, 1}, []scoring.TrendClass{S, M}, scoring.RollUpMean, 1, scoring.RatingGreen, S, 2, 2},
		// Mean class 2/3 rounds to 1.
		{"trend-nearest", []float64{1, 1, 1}, []scoring.TrendClass{D, D, S}, scoring.RollUpMean, 1, scoring.RatingGreen, D, 3, 3},
		{"trend-nearest-up", []float64{1, 1, 1}, []scoring.TrendClass{O, O, M}, scoring.RollUpMean, 1, scoring.RatingGreen, O, 3, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := scoring.RollUpGoal(tt.ach, tt.trends, scoring.RatingCuts{}, tt.rule)
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
	g := scoring.RollUpGoal([]float64{1, 0.8, 0.6, 0.1}, nil, scoring.RatingCuts{}, scoring.RollUpMean)
	if g.Colours != [4]int{1, 1, 1, 1} {
		t.Errorf("colours %v, want one of each (red, orange, yellow, green)", g.Colours)
	}
}
