package composite

import (
	"fmt"
	"math"
)

// Achievement returns the share of the way from worst to target that x has
// covered, clipped to [0, 1]:
//
//	a = clip((x − worst)/(target − worst), 0, 1)
//
// These are goalposts from the worst value to the target, as the SDG Index
// normalises each indicator between a lower bound and its target (Sachs et
// al., Sustainable Development Report, Methods summary). For a
// lower-is-better indicator target < worst and the formula is unchanged. It
// returns NaN when x, worst or target is NaN or target == worst.
func Achievement(x, worst, target float64) float64 {
	if math.IsNaN(x) || math.IsNaN(worst) || math.IsNaN(target) || target == worst {
		return math.NaN()
	}
	a := (x - worst) / (target - worst)
	switch {
	case a <= 0: // also −0, when x == worst for a lower-is-better indicator
		return 0
	case a > 1:
		return 1
	}
	return a
}

// Rating is a four-colour traffic light, as in the SDG Dashboards: green
// (target reached), yellow, orange, red (far from it). RatingUnrated marks a value
// that could not be rated.
type Rating int

const (
	RatingUnrated Rating = iota - 1
	RatingRed            // 红: major challenges
	RatingOrange         // 橙: significant challenges
	RatingYellow         // 黄: challenges remain
	RatingGreen          // 绿: target reached
)

var ratingNames = map[Rating]string{RatingRed: "red", RatingOrange: "orange", RatingYellow: "yellow", RatingGreen: "green", RatingUnrated: "unrated"}

var ratingZh = map[Rating]string{RatingRed: "红", RatingOrange: "橙", RatingYellow: "黄", RatingGreen: "绿", RatingUnrated: "无数据"}

// String returns the colour's English name: red, orange, yellow, green or
// unrated.
func (r Rating) String() string { return nameOf(ratingNames, r) }

// Label returns the colour's name in lang: "zh" (红, 橙, 黄, 绿, 无数据) or
// English otherwise.
func (r Rating) Label(lang string) string {
	if lang == "zh" {
		if s, ok := ratingZh[r]; ok {
			return s
		}
	}
	return r.String()
}

// UnmarshalText parses a colour name.
func (r *Rating) UnmarshalText(b []byte) error { return parseName(ratingNames, r, b, "rating") }

// RatingCuts holds the achievement thresholds of the colours: green from
// Green, yellow from Yellow, orange from Orange, red below Orange; a
// threshold belongs to the better colour. The zero value means the
// defaults (DefaultRatingCuts).
type RatingCuts struct {
	Green, Yellow, Orange float64
}

// DefaultRatingCuts returns green at 1 (target reached, the SDG Dashboards'
// "SDG achieved"), yellow from 0.75, orange from 0.5 and red below half way.
// The SDG Dashboards set the yellow, orange and red thresholds indicator by
// indicator; these uniform shares of the way to the target are our default,
// not theirs: set them per profile.
func DefaultRatingCuts() RatingCuts { return RatingCuts{Green: 1, Yellow: 0.75, Orange: 0.5} }

// Validate checks 0 ≤ Orange ≤ Yellow ≤ Green ≤ 1 (the zero value is valid:
// the defaults).
func (c RatingCuts) Validate() error {
	c = c.withDefaults()
	if !(0 <= c.Orange && c.Orange <= c.Yellow && c.Yellow <= c.Green && c.Green <= 1) {
		return fmt.Errorf("rating cut-offs green %v, yellow %v, orange %v: want 0 ≤ orange ≤ yellow ≤ green ≤ 1", c.Green, c.Yellow, c.Orange)
	}
	return nil
}

func (c RatingCuts) withDefaults() RatingCuts {
	if c == (RatingCuts{}) {
		return DefaultRatingCuts()
	}
	return c
}

// Rate returns the colour of achievement a: RatingGreen if a ≥ c.Green,
// RatingYellow if a ≥ c.Yellow, RatingOrange if a ≥ c.Orange, else
// RatingRed; RatingUnrated when a is NaN.
func (c RatingCuts) Rate(a float64) Rating {
	c = c.withDefaults()
	switch {
	case math.IsNaN(a):
		return RatingUnrated
	case a >= c.Green:
		return RatingGreen
	case a >= c.Yellow:
		return RatingYellow
	case a >= c.Orange:
		return RatingOrange
	}
	return RatingRed
}

// RollUp names how a goal's rating is drawn from its indicators'.
type RollUp int

const (
	// RollUpMean rates the mean achievement of the indicators. The
	// default.
	RollUpMean RollUp = iota
	// RollUpWorstTwo rates the mean achievement of the two worst
	// indicators (of the only one when there is one). This is the rule of
	// the SDG Dashboards' goal colours as we understand the SDR methods
	// summary ("the two indicators on which the country performs worst");
	// we could not check its text here.
	RollUpWorstTwo
)

var rollUpNames = map[RollUp]string{RollUpMean: "mean", RollUpWorstTwo: "worst_two"}

func (r RollUp) String() string { return nameOf(rollUpNames, r) }

// UnmarshalText parses mean or worst_two.
func (r *RollUp) UnmarshalText(b []byte) error { return parseName(rollUpNames, r, b, "roll-up") }

// GoalStatus is a goal's summary of its indicators' ratings and trends.
type GoalStatus struct {
	// Achievement is the achievement the rating is drawn from (see
	// RollUp); NaN when no indicator has one.
	Achievement float64
	Rating      Rating
	// Trend is the class nearest the mean of the indicators' classes
	// (TrendDecreasing = 0 … TrendOnTrack = 3), a tie going to the worse
	// class; TrendNone when no indicator has one.
	Trend TrendClass
	// Rated and Trended count the indicators with an achievement and with
	// a trend.
	Rated, Trended int
	// Colours and Trends count the indicators by rating and by trend
	// class.
	Colours [4]int
	Trends  [4]int
}

// RollUpGoal summarises a goal from its indicators' achievements
// (NaN = none) and trend classes (TrendNone = none): the rating by rule and
// cuts, the trend as the rounded mean class. The goal-level trend of the
// SDG Trend Dashboards also aggregates indicator trends; its exact rule
// could not be checked here, so this documented rounding is ours. It panics
// if trends is not nil and has a length other than len(achievements).
func RollUpGoal(achievements []float64, trends []TrendClass, cuts RatingCuts, rule RollUp) GoalStatus {
	if trends != nil && len(trends) != len(achievements) {
		panic("composite: RollUpGoal: achievements and trends have different lengths")
	}
	g := GoalStatus{Achievement: math.NaN(), Rating: RatingUnrated, Trend: TrendNone}
	var a Accumulator
	lo1, lo2 := math.Inf(1), math.Inf(1) // the two lowest achievements
	for _, v := range achievements {
		if math.IsNaN(v) {
			continue
		}
		g.Rated++
		a.Add(v)
		g.Colours[cuts.Rate(v)]++
		if v < lo1 {
			lo1, lo2 = v, lo1
		} else if v < lo2 {
			lo2 = v
		}
	}
	if g.Rated > 0 {
		switch {
		case rule == RollUpWorstTwo && g.Rated == 1:
			g.Achievement = lo1
		case rule == RollUpWorstTwo:
			g.Achievement = (lo1 + lo2) / 2
		default:
			g.Achievement = a.Div(float64(g.Rated))
		}
		g.Rating = cuts.Rate(g.Achievement)
	}
	sum := 0
	for _, c := range trends {
		if c < TrendDecreasing || c > TrendOnTrack {
			continue
		}
		g.Trended++
		g.Trends[c]++
		sum += int(c)
	}
	if g.Trended > 0 {
		// The class nearest the mean m = sum/n, ties down: ⌈m − ½⌉ =
		// ⌊(2·sum + n − 1)/(2n)⌋ in integers.
		k := (2*sum + g.Trended - 1) / (2 * g.Trended)
		g.Trend = TrendClass(k)
	}
	return g
}
