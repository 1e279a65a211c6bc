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
		{"default-target-reached", scoring.RatingCuts{}, 1, scoring.Green},
		{"default-just-below-green", scoring.RatingCuts{}, below(1), scoring.Yellow},
		{"default-yellow-cut", scoring.RatingCuts{}, 0.75, scoring.Yellow},
		{"default-just-below-yellow", scoring.RatingCuts{}, below(0.75), scoring.Orange},
		{"default-orange-cut", scoring.RatingCuts{}, 0.5, scoring.Orange},
		{"default-just-below-orange", scoring.RatingCuts{}, below(0.5), scoring.Red},
		{"default-zero", scoring.RatingCuts{}, 0, scoring.Red},
		{"default-missing", scoring.RatingCuts{}, math.NaN(), scoring.Unrated},
		{"explicit-defaults", scoring.DefaultRatingCuts(), 0.75, scoring.Yellow},
		{"custom-green-cut", custom, 0.9, scoring.Green},
		{"custom-below-green", custom, below(0.9), scoring.Yellow},
		{"custom-yellow-cut", custom, 0.6, scoring.Yellow},
		{"custom-below-yellow", custom, below(0.6), scoring.Orange},
		{"custom-orange-cut", custom, 0.3, scoring.Orange},
		{"custom-below-orange", custom, below(0.3), scoring.Red},
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
		scoring.Green: {"green", "绿"}, scoring.Yellow: {"yellow", "黄"}, scoring.Orange: {"orange", "橙"},
		scoring.Red: {"red", "红"}, scoring.Unrated: {"unrated", "无数据"},
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
	D, S, M, O, N := scoring.Decreasing, scoring.Stagnating, scoring.ModeratelyImproving, scoring.OnTrack, scoring.NoTrend
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
		{"mean", []float64{1, 0.5, 0.9, nan}, []scoring.TrendClass{O, S, M, N}, scoring.MeanRollUp, 0.8, scoring.Yellow, M, 3, 3},
		{"worst-two", []float64{1, 0.5, 0.9, nan}, []scoring.TrendClass{O, S, M, N}, scoring.WorstTwoRollUp, 0.7, scoring.Orange, M, 3, 3},
		{"worst-two-single", []float64{nan, 0.4}, nil, scoring.WorstTwoRollUp, 0.4, scoring.Red, N, 1, 0},
		{"nothing", []float64{nan}, []scoring.TrendClass{N}, scoring.MeanRollUp, nan, scoring.Unrated, N, 0, 0},
		// Mean class 1.5 (S, M): a tie goes to the worse class.
		{"trend-tie-down", []float64{1, 1}, []scoring.TrendClass{S, M}, scoring.MeanRollUp, 1, scoring.Green, S, 2, 2},
		// Mean class 2/3 rounds to 1.
		{"trend-nearest", []float64{1, 1, 1}, []scoring.TrendClass{D, D, S}, scoring.MeanRollUp, 1, scoring.Green, D, 3, 3},
		{"trend-nearest-up", []float64{1, 1, 1}, []scoring.TrendClass{O, O, M}, scoring.MeanRollUp, 1, scoring.Green, O, 3, 3},
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
	g := scoring.RollUpGoal([]float64{1, 0.8, 0.6, 0.1}, nil, scoring.RatingCuts{}, scoring.MeanRollUp)
	if g.Colours != [4]int{1, 1, 1, 1} {
		t.Errorf("colours %v, want one of each (red, orange, yellow, green)", g.Colours)
	}
}
