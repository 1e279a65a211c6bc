package exporters

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"

	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/scoring"
)

// Document is the JSON form of an Output, as WriteJSON writes it. Missing
// values are null. It decodes back with encoding/json.
type Document struct {
	Manifest Manifest    `json:"manifest"`
	Years    []YearDoc   `json:"years"`
	Weights  []WeightRow `json:"weights"` // the latest year's weights
	Issues   []IssueDoc  `json:"issues"`
}

// YearDoc holds the units of one year, sorted by rank (units without a
// score last, then by unit id).
type YearDoc struct {
	Year *int `json:"year"` // null when the data has no year
	// Goals says, per goal, how well the data measure it that year.
	Goals Keyed[GoalCoverage] `json:"goals"`
	// GradeCuts are, with the profile's grades, the cut points of each
	// graded node (index and goals) that year, lowest first; a score at a
	// cut point takes the higher grade.
	GradeCuts Keyed[[]float64] `json:"grade_cuts,omitempty"`
	Units     []UnitDoc        `json:"units"`
}

// GoalCoverage is how well a goal is measured in a year: its indicators,
// those with data for some unit, those with data for most units, and
// whether it is thin (fewer of the latter than the profile's thin_goal).
type GoalCoverage struct {
	Indicators int  `json:"indicators"`
	WithData   int  `json:"with_data"`
	Measured   int  `json:"measured"`
	Thin       bool `json:"thin"`
}

// UnitDoc holds the scores of one unit in one year. Goals, Dimensions and
// Indicators are JSON objects keyed by node id, in framework order.
type UnitDoc struct {
	Unit       dataset.UnitID        `json:"unit"`
	Rank       *int                  `json:"rank"`
	Score      *float64              `json:"score"`
	Goals      Keyed[NodeScore]      `json:"goals"`
	Dimensions Keyed[NodeScore]      `json:"dimensions"`
	Indicators Keyed[IndicatorScore] `json:"indicators"`
	Coverage   *float64              `json:"coverage"` // share of the indicators with a raw value
	// Status is "ranked" or "not_ranked" (rank null): the unit failed the
	// profile's coverage rule (Short says where), was screened out
	// (Excluded says why) or has no score.
	Status string     `json:"status"`
	Short  []ShortDoc `json:"short,omitempty"`
	// Grade is the index's grade (the profile's grades), "" without.
	Grade string `json:"grade,omitempty"`
	// The unit's peer groups (Output.Groups) and its ranks within them.
	Province      string            `json:"province,omitempty"`
	Region        string            `json:"region,omitempty"`
	SizeClass     string            `json:"size_class,omitempty"`
	Cluster       string            `json:"cluster,omitempty"`
	RankProvince  *int              `json:"rank_province,omitempty"`
	RankRegion    *int              `json:"rank_region,omitempty"`
	RankSizeClass *int              `json:"rank_size_class,omitempty"`
	Groups        map[string]string `json:"groups,omitempty"`      // other groupings, by ID
	GroupRanks    map[string]int    `json:"group_ranks,omitempty"` // ranks within the other ranked groupings, by ID
	// Coupling is set when the profile asks for coupling coordination.
	Coupling *CouplingDoc `json:"coupling,omitempty"`
	// Obstacles holds the obstacle degree (percent) of every goal,
	// dimension and indicator, when computed.
	Obstacles Keyed[*float64] `json:"obstacles,omitempty"`
	// ScoreChange and RankChange are the changes of the index since the
	// unit's previous year (rank change > 0: up), in a panel.
	ScoreChange *float64 `json:"score_change,omitempty"`
	RankChange  *float64 `json:"rank_change,omitempty"`
	// Excluded says why the unit was screened out of this year.
	Excluded string `json:"excluded,omitempty"`
}

// ShortDoc is a goal (or the index) where a unit's data fall short of the
// coverage rule: it has Have of the Counted indicators and needs Need.
type ShortDoc struct {
	Node    string `json:"node"`
	Have    int    `json:"have"`
	Counted int    `json:"counted"`
	Need    int    `json:"need"`
}

// TargetDoc is an indicator's standing against its target.
type TargetDoc struct {
	Year        int      `json:"year"`
	Target      float64  `json:"target"`
	Achievement *float64 `json:"achievement"`
	Rating      string   `json:"rating"` // green, yellow, orange, red, unrated
	Trend       string   `json:"trend"`  // on_track, moderately_improving, stagnating, decreasing
}

// CouplingDoc is a unit's coupling coordination: C, T, D and the grade.
type CouplingDoc struct {
	C       *float64 `json:"c"`
	T       *float64 `json:"t"`
	D       *float64 `json:"d"`
	Grade   string   `json:"grade"`    // Chinese label
	GradeEn string   `json:"grade_en"` // English label
	Level   int      `json:"level"`    // 1 (极度失调) … 10 (优质协调); 0 = none
}

// NodeScore is the score and rank of a goal or dimension; Thin marks a
// goal thinly measured that year (see GoalCoverage).
type NodeScore struct {
	Score *float64 `json:"score"`
	Rank  *int     `json:"rank"`
	Thin  bool     `json:"thin,omitempty"`
	// Grade is the goal's grade (the profile's grades), "" without.
	Grade string `json:"grade,omitempty"`
}

// IndicatorScore is the raw value, the normalised value and the rank of an
// indicator.
type IndicatorScore struct {
	Raw        *float64 `json:"raw"`
	Normalised *float64 `json:"normalised"`
	Rank       *int     `json:"rank"`
	// Share is the indicator's share of the unit's index as applied, after
	// the missing-data rule (scoring.Result.Shares); null without a score.
	Share *float64 `json:"share"`
	// Processed is the value scored after imputation and treatment, when
	// they changed it; Imputed says it was filled.
	Processed *float64   `json:"processed,omitempty"`
	Imputed   bool       `json:"imputed,omitempty"`
	CAGR      *float64   `json:"cagr,omitempty"`
	Target    *TargetDoc `json:"target,omitempty"`
}

// IssueDoc is one data issue.
type IssueDoc struct {
	Kind     string `json:"kind"`
	Unit     string `json:"unit"`
	Year     *int   `json:"year"`
	Variable string `json:"variable"`
	Source   string `json:"source"` // file#sheet!cell
	Text     string `json:"text"`
	Message  string `json:"message"`
}

// Field is one member of a Keyed object.
type Field[T any] struct {
	Key   string
	Value T
}

// Keyed is a JSON object whose members keep their order: it marshals as
// {"key": value, …} in slice order and unmarshals in document order.
type Keyed[T any] []Field[T]

// Get returns the value of key.
func (k Keyed[T]) Get(key string) (T, bool) {
	for _, f := range k {
		if f.Key == key {
			return f.Value, true
		}
	}
	var zero T
	return zero, false
}

// MarshalJSON writes k as an object in slice order.
func (k Keyed[T]) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, f := range k {
		if i > 0 {
			b.WriteByte(',')
		}
		key, err := json.Marshal(f.Key)
		if err != nil {
			return nil, err
		}
		b.Write(key)
		b.WriteByte(':')
		v, err := json.Marshal(f.Value)
		if err != nil {
			return nil, err
		}
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// UnmarshalJSON reads an object (or null) into k, keeping the order of its
// members.
func (k *Keyed[T]) UnmarshalJSON(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if tok == nil {
		*k = nil
		return nil
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return fmt.Errorf("exporters: want a JSON object, found %v", tok)
	}
	out := Keyed[T]{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		var f Field[T]
		f.Key = tok.(string) // object keys are strings
		if err := dec.Decode(&f.Value); err != nil {
			return err
		}
		out = append(out, f)
	}
	*k = out
	return nil
}

// WriteJSON writes o as a Document:
//
//	{"manifest": …, "years": [{"year": 2018, "units": [{"unit": …, "rank": …,
//	 "score": …, "goals": {id: {score, rank}}, "dimensions": {…},
//	 "indicators": {id: {raw, normalised, rank}}, "coverage": …}]}],
//	 "weights": [...], "issues": [...]}
//
// Years are in ascending order, units by rank; missing values are null.
func WriteJSON(w io.Writer, o *Output) error {
	r, err := checkOutput(o)
	if err != nil {
		return err
	}
	doc := document(o, r)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}

func document(o *Output, r *scoring.Result) *Document {
	cache := yearGroupRanks{}
	s := r.Schema
	goals, dims, inds := s.ByLevel(dataset.LevelGoal), s.ByLevel(dataset.LevelDimension), s.Indicators()
	doc := &Document{Manifest: o.Manifest, Years: []YearDoc{}, Weights: []WeightRow{}, Issues: []IssueDoc{}}
	if doc.Manifest.Inputs == nil {
		doc.Manifest.Inputs = []Source{}
	}
	if doc.Manifest.Settings == nil {
		doc.Manifest.Settings = []Setting{}
	}
	all := byRank(r, false)
	for yi, y := range r.Years {
		yd := YearDoc{Year: intPtr(y.Year), Goals: goalCoverage(r, y), Units: make([]UnitDoc, 0, len(y.Units))}
		for _, ng := range y.Grades {
			yd.GradeCuts = append(yd.GradeCuts, Field[[]float64]{Key: s.Nodes[ng.Node].ID, Value: slices.Clone(ng.Cuts)})
		}
		shares := r.Shares(y)
		for _, uy := range all {
			if uy.y != yi {
				continue
			}
			u := uy.u
			st := StatusOf(y, u)
			ud := UnitDoc{
				Unit: y.Units[u], Rank: intPtr(int(y.Ranks[0][u])), Score: num(y.Scores[0][u]),
				Goals:      nodeScores(r, y, goals, u),
				Dimensions: nodeScores(r, y, dims, u),
				Indicators: make(Keyed[IndicatorScore], len(inds)),
				Coverage:   num(st.Coverage),
				Status:     statusName(st),
				Grade:      GradeOf(r, y, 0, u),
			}
			for _, sh := range st.Short {
				ud.Short = append(ud.Short, ShortDoc{Node: s.Nodes[sh.Node].ID, Have: sh.Have, Counted: sh.Counted, Need: sh.Need})
			}
			setGroups(&ud, o.Groups, cache.of(y, o.Groups), u)
			for k, i := range inds {
				is := IndicatorScore{Raw: num(y.Raw[i][u]), Normalised: num(y.Scores[i][u]), Rank: intPtr(int(y.Ranks[i][u])),
					Share: num(shares[i][u])}
				if p := y.Processed[i][u]; p != y.Raw[i][u] && !(math.IsNaN(p) && math.IsNaN(y.Raw[i][u])) {
					is.Processed = num(p)
				}
				if y.Imputed != nil {
					is.Imputed = y.Imputed[i][u]
				}
				if y.CAGR != nil {
					is.CAGR = num(y.CAGR[i][u])
				}
				if y.Targets != nil && y.Targets[i] != nil {
					ta := y.Targets[i]
					is.Target = &TargetDoc{Year: ta.TargetYear, Target: ta.Target, Achievement: num(ta.Achievement[u]),
						Rating: ta.Rating[u].String(), Trend: ta.Trend[u].String()}
				}
				ud.Indicators[k] = Field[IndicatorScore]{s.Nodes[i].ID, is}
			}
			if y.ScoreChange != nil {
				ud.ScoreChange, ud.RankChange = num(y.ScoreChange[0][u]), num(y.RankChange[0][u])
			}
			if y.Excluded != nil {
				ud.Excluded = y.Excluded[u].En
			}
			if c := y.Coupling; c != nil {
				ud.Coupling = &CouplingDoc{C: num(c.C[u]), T: num(c.T[u]), D: num(c.D[u]),
					Grade: c.Grades[u].Zh, GradeEn: c.Grades[u].En, Level: c.Grades[u].Level}
			}
			if y.Obstacles != nil {
				for i := 1; i < len(s.Nodes); i++ {
					ud.Obstacles = append(ud.Obstacles, Field[*float64]{s.Nodes[i].ID, num(y.Obstacles[i][u])})
				}
			}
			yd.Units = append(yd.Units, ud)
		}
		doc.Years = append(doc.Years, yd)
	}
	if len(r.Years) > 0 {
		doc.Weights = weightRows(r)
	}
	for _, is := range allIssues(o) {
		doc.Issues = append(doc.Issues, IssueDoc{
			Kind: is.Kind.String(), Unit: string(is.Unit), Year: intPtr(is.Year), Variable: string(is.Variable),
			Source: is.Origin.String(), Text: is.Text, Message: is.Msg,
		})
	}
	return doc
}

func nodeScores(r *scoring.Result, y *scoring.YearResult, nodes []int, u int) Keyed[NodeScore] {
	out := make(Keyed[NodeScore], len(nodes))
	for k, i := range nodes {
		out[k] = Field[NodeScore]{r.Schema.Nodes[i].ID, NodeScore{Score: num(y.Scores[i][u]), Rank: intPtr(int(y.Ranks[i][u])),
			Thin: r.Schema.Nodes[i].Level == dataset.LevelGoal && y.Thin(i, r.Options.ThinGoal), Grade: GradeOf(r, y, i, u)}}
	}
	return out
}

// goalCoverage returns how well each goal is measured in year y.
func goalCoverage(r *scoring.Result, y *scoring.YearResult) Keyed[GoalCoverage] {
	s := r.Schema
	var out Keyed[GoalCoverage]
	for _, g := range s.ByLevel(dataset.LevelGoal) {
		gc := GoalCoverage{Thin: y.Thin(g, r.Options.ThinGoal)}
		for _, l := range s.Leaves(g) {
			gc.Indicators++
			if l < len(y.Raw) && slices.ContainsFunc(y.Raw[l], finite) {
				gc.WithData++
			}
		}
		if y.Measured != nil {
			gc.Measured = y.Measured[g]
		}
		out = append(out, Field[GoalCoverage]{s.Nodes[g].ID, gc})
	}
	return out
}

// allIssues returns the issues of the import (o.Issues) followed by those
// of scoring.
func allIssues(o *Output) []dataset.Issue {
	out := make([]dataset.Issue, 0, len(o.Issues)+len(o.Result.Issues))
	out = append(out, o.Issues...)
	return append(out, o.Result.Issues...)
}

// intPtr returns &v, or nil for 0 (no rank, no year).
func intPtr(v int) *int {
	if v == 0 {
		return nil
	}
	return &v
}

// setGroups sets the peer groups of unit u on ud and its ranks within them.
func setGroups(ud *UnitDoc, groups []Grouping, ranks [][]int32, u int) {
	for k, g := range groups {
		group := g.Of[ud.Unit]
		var rank *int
		if g.Ranked {
			rank = intPtr(int(ranks[k][u]))
		}
		switch g.ID {
		case "province":
			ud.Province, ud.RankProvince = group, rank
		case "region":
			ud.Region, ud.RankRegion = group, rank
		case "size_class":
			ud.SizeClass, ud.RankSizeClass = group, rank
		case "cluster":
			ud.Cluster = group
		default:
			if group != "" {
				if ud.Groups == nil {
					ud.Groups = map[string]string{}
				}
				ud.Groups[g.ID] = group
			}
			if rank != nil {
				if ud.GroupRanks == nil {
					ud.GroupRanks = map[string]int{}
				}
				ud.GroupRanks[g.ID] = *rank
			}
		}
	}
}
