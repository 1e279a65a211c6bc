package exporters

// City profiles (城市画像): one self-contained HTML page per city, inline
// CSS and SVG, that prints to one or two A4 pages from a browser.

import (
	"cmp"
	"fmt"
	"html/template"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/cityscore/cityscore/composite"
	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/scoring"
)

// cityLabels are the fixed texts of a city page.
var cityLabels = map[string]dataset.Text{
	"title":     {Zh: "城市画像", En: "City profile"},
	"rank":      {Zh: "综合排名", En: "Overall rank"},
	"of":        {Zh: "共 %d 个城市", En: "of %d cities"},
	"score":     {Zh: "综合指数", En: "Index"},
	"grade":     {Zh: "等级", En: "Grade"},
	"range":     {Zh: "排名区间（5%–95%）", En: "Rank range (5–95 %)"},
	"coverage":  {Zh: "指标覆盖率", En: "Indicator coverage"},
	"groups":    {Zh: "分组排名", En: "Rank within groups"},
	"group":     {Zh: "分组", En: "Grouping"},
	"goals":     {Zh: "六大目标：本市与同组中位数", En: "The six goals: the city and its peers' median"},
	"peers":     {Zh: "同组城市：%s（%d 个）", En: "Peers: %s (%d cities)"},
	"all":       {Zh: "全部参评城市", En: "all ranked cities"},
	"city":      {Zh: "本市", En: "This city"},
	"median":    {Zh: "同组中位数", En: "Peers' median"},
	"strong":    {Zh: "相对优势指标（同组排名前列）", En: "Strongest indicators (best ranks among peers)"},
	"weak":      {Zh: "相对短板指标（同组排名靠后）", En: "Weakest indicators (worst ranks among peers)"},
	"ind":       {Zh: "指标", En: "Indicator"},
	"value":     {Zh: "数值", En: "Value"},
	"peerRank":  {Zh: "同组排名", En: "Rank among peers"},
	"obst":      {Zh: "主要障碍因子", En: "Main obstacles"},
	"share":     {Zh: "障碍度", En: "Obstacle degree"},
	"trend":     {Zh: "历年综合指数与排名", En: "Index and rank by year"},
	"year":      {Zh: "年份", En: "Year"},
	"notRanked": {Zh: "未参与排名：数据不足（%s）", En: "not ranked: too little data (%s)"},
	"footer":    {Zh: "由 cityscore %s 生成；方法与数据来源见评分工作簿的“方法”表。", En: "Made by cityscore %s; the method and the data sources are on the Method sheet of the score workbook."},
	"noData":    {Zh: "无数据", En: "no data"},
}

func (g lang) city(key string, args ...any) string {
	s := cityLabels[key].In(string(g))
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// cityPage is the data of one page.
type cityPage struct {
	Lang, Title, Subtitle         string
	Labels                        map[string]string
	Rank, Of, Score, Grade, Range string
	Coverage, NotRanked           string
	Groups                        [][3]string // grouping, group, rank
	Peers                         string
	Radar                         template.HTML
	Axes                          []goalAxis
	Strong, Weak                  [][3]string // indicator, value, rank among peers
	Obstacles                     [][2]string
	Trend                         [][3]string // year, index, rank
	Footer                        string
}

// CityUnits returns the units of the latest year that have a city page
// to write: all of them for "all", else those listed that are there.
func CityUnits(o *Output, list []dataset.UnitID, all bool) []dataset.UnitID {
	if o.Result == nil || len(o.Result.Years) == 0 {
		return nil
	}
	y := o.Result.Years[Latest(o.Result)]
	if all {
		return slices.Clone(y.Units)
	}
	var out []dataset.UnitID
	for _, u := range list {
		if slices.Contains(y.Units, u) {
			out = append(out, u)
		}
	}
	return out
}

// WriteCityPage writes the profile of unit in the latest year as one HTML
// page: its rank overall and within its groups, its grade and rank range,
// a radar of its goal scores against its peers' median (peers: its size
// class, else its region, else every ranked city; goals without data are
// left out), its five strongest and five weakest indicators by rank among
// its peers, its main obstacles, and its index and rank by year.
func WriteCityPage(w io.Writer, o *Output, unit dataset.UnitID) error {
	r, err := checkOutput(o)
	if err != nil {
		return err
	}
	g, err := parseLang(o.Lang)
	if err != nil {
		return err
	}
	p, err := cityPageOf(o, r, g, unit)
	if err != nil {
		return err
	}
	return cityTemplate.Execute(w, p)
}

// cityPageOf gathers the data of the page of unit in the latest year.
func cityPageOf(o *Output, r *scoring.Result, g lang, unit dataset.UnitID) (*cityPage, error) {
	y := r.Years[Latest(r)]
	u := slices.Index(y.Units, unit)
	if u < 0 {
		return nil, fmt.Errorf("city page: %s is not in %d", unit, y.Year)
	}
	s := r.Schema
	p := cityPage{Lang: string(g), Title: string(unit) + " · " + g.city("title"),
		Subtitle: fmt.Sprintf("%s · %s", s.Nodes[0].Name.In(string(g)), yearText(y.Year)), Labels: map[string]string{}}
	for k := range cityLabels {
		p.Labels[k] = g.city(k)
	}
	ranked := 0
	for _, rk := range y.Ranks[0] {
		if rk > 0 {
			ranked++
		}
	}
	p.Rank, p.Of, p.Score = "–", g.city("of", ranked), scoreText(y.Scores[0][u])
	if y.Ranks[0][u] > 0 {
		p.Rank = strconv.Itoa(int(y.Ranks[0][u]))
	} else if st := StatusOf(y, u); len(st.Short) > 0 {
		var short []string
		for _, sh := range st.Short {
			short = append(short, s.Nodes[sh.Node].Name.In(string(g)))
		}
		p.NotRanked = g.city("notRanked", strings.Join(short, "、"))
	}
	p.Grade = GradeOf(r, y, 0, u)
	if r.Options.Grades != nil {
		for _, ng := range y.Grades {
			if ng.Node == 0 {
				p.Grade = r.Options.Grades.Label(int(ng.Grade[u]), string(g))
			}
		}
	}
	p.Coverage = fmt.Sprintf("%.0f%%", 100*StatusOf(y, u).Coverage)
	if a := o.Uncertainty; a != nil && a.Year == y.Year {
		for _, st := range a.Stats {
			if st.Unit == unit && !math.IsNaN(st.Q5) {
				p.Range = rankRange(st.Q5, st.Q95)
			}
		}
	}
	ranks := yearGroupRanks{}.of(y, o.Groups)
	for k, gr := range o.Groups {
		if grp := gr.Of[unit]; grp != "" {
			rank := ""
			if gr.Ranked && ranks[k][u] > 0 {
				n := 0
				for v, id := range y.Units {
					if gr.Of[id] == grp && y.Ranks[0][v] > 0 {
						n++
					}
				}
				rank = fmt.Sprintf("%d / %d", ranks[k][u], n)
			}
			p.Groups = append(p.Groups, [3]string{gr.Label.In(string(g)), grp, rank})
		}
	}
	peers, peerName := peerUnits(o, y, unit)
	if peerName == "" {
		peerName = g.city("all")
	}
	p.Peers = g.city("peers", peerName, len(peers))
	p.Axes = goalAxes(g, s, y, u, peers)
	p.Radar = radarSVG(g, p.Axes)
	p.Strong, p.Weak = strongWeak(g, s, y, u, peers)
	if y.Obstacles != nil {
		type ob struct {
			i int
			v float64
		}
		var obs []ob
		for _, i := range s.Indicators() {
			if v := y.Obstacles[i][u]; !math.IsNaN(v) && v > 0 {
				obs = append(obs, ob{i, v})
			}
		}
		slices.SortFunc(obs, func(a, b ob) int { return cmp.Or(cmp.Compare(b.v, a.v), cmp.Compare(a.i, b.i)) })
		for _, x := range obs[:min(5, len(obs))] {
			p.Obstacles = append(p.Obstacles, [2]string{s.Nodes[x.i].Name.In(string(g)), fmt.Sprintf("%.1f%%", x.v)})
		}
	}
	if len(r.Years) > 1 {
		for _, yy := range r.Years {
			if v := slices.Index(yy.Units, unit); v >= 0 {
				rank := "–"
				if yy.Ranks[0][v] > 0 {
					rank = strconv.Itoa(int(yy.Ranks[0][v]))
				}
				p.Trend = append(p.Trend, [3]string{yearText(yy.Year), scoreText(yy.Scores[0][v]), rank})
			}
		}
	}
	p.Footer = g.city("footer", o.Manifest.Version)
	return &p, nil
}

// valueText writes a raw value for reading: whole numbers from 1,000 on,
// else up to three significant decimals, without trailing zeros.
func valueText(v float64) string {
	a := math.Abs(v)
	switch {
	case a >= 1000:
		return groupThousands(strconv.FormatFloat(v, 'f', 0, 64))
	case a >= 100:
		return strconv.FormatFloat(v, 'f', 1, 64)
	case a >= 1:
		return strconv.FormatFloat(v, 'f', 2, 64)
	}
	return strconv.FormatFloat(v, 'g', 3, 64)
}

// groupThousands puts commas between the thousands of a whole number.
func groupThousands(s string) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

func scoreText(v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	return strconv.FormatFloat(v, 'f', 2, 64)
}

// peerUnits returns the units ranked with unit in its size class, else its
// region (the first grouping that places it), with the group's name; every
// ranked unit and "" when none does.
func peerUnits(o *Output, y *scoring.YearResult, unit dataset.UnitID) ([]int, string) {
	for _, id := range []string{"size_class", "region"} {
		for _, gr := range o.Groups {
			if gr.ID != id || gr.Of[unit] == "" {
				continue
			}
			var peers []int
			for v, other := range y.Units {
				if gr.Of[other] == gr.Of[unit] && y.Ranks[0][v] > 0 {
					peers = append(peers, v)
				}
			}
			if len(peers) >= 5 {
				return peers, gr.Of[unit]
			}
		}
	}
	var all []int
	for v := range y.Units {
		if y.Ranks[0][v] > 0 {
			all = append(all, v)
		}
	}
	return all, ""
}

// median returns the median of the values of x at rows, NaN without any.
func median(x []float64, rows []int) float64 {
	var v []float64
	for _, r := range rows {
		if !math.IsNaN(x[r]) {
			v = append(v, x[r])
		}
	}
	if len(v) == 0 {
		return math.NaN()
	}
	slices.Sort(v)
	return composite.QuantileType7(v, 0.5)
}

// goalAxis is one goal of a city's radar: its score and the peers' median.
type goalAxis struct {
	name      string
	city, med float64
}

// goalAxes returns the goals with data, for the city u and its peers.
func goalAxes(g lang, s *dataset.Schema, y *scoring.YearResult, u int, peers []int) []goalAxis {
	var axes []goalAxis
	for _, i := range s.ByLevel(dataset.LevelGoal) {
		c, m := y.Scores[i][u], median(y.Scores[i], peers)
		if math.IsNaN(c) && math.IsNaN(m) {
			continue // a goal without data takes no axis
		}
		axes = append(axes, goalAxis{s.Nodes[i].Name.In(string(g)), c, m})
	}
	return axes
}

// radarSVG draws the goals with data as a radar: the city's scores and its
// peers' median, on the scale 0 to the top of the normalisation.
func radarSVG(g lang, axes []goalAxis) template.HTML {
	top := 0.0
	for _, a := range axes {
		if !math.IsNaN(a.city) {
			top = max(top, a.city)
		}
		if !math.IsNaN(a.med) {
			top = max(top, a.med)
		}
	}
	if len(axes) == 0 {
		return template.HTML("<p>" + template.HTMLEscapeString(g.city("noData")) + "</p>")
	}
	top = math.Ceil(top/10) * 10
	if top == 0 {
		top = 10
	}
	if len(axes) < 3 {
		// Too few goals for a radar: a bar per goal, the peers' median marked.
		var b strings.Builder
		h := 40*len(axes) + 30
		fmt.Fprintf(&b, `<svg viewBox="0 0 400 %d" width="400" height="%d" role="img">`, h, h)
		for k, a := range axes {
			yy := 10 + 40*k
			fmt.Fprintf(&b, `<text x="0" y="%d" font-size="13">%s</text>`, yy+16, template.HTMLEscapeString(a.name))
			if !math.IsNaN(a.city) {
				fmt.Fprintf(&b, `<rect x="100" y="%d" width="%.1f" height="20" fill="rgba(192,57,43,0.6)"/>`, yy, 280*a.city/top)
			}
			if !math.IsNaN(a.med) {
				x := 100 + 280*a.med/top
				fmt.Fprintf(&b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#555" stroke-width="2" stroke-dasharray="3 2"/>`, x, yy-3, x, yy+23)
			}
		}
		fmt.Fprintf(&b, `<text x="100" y="%d" font-size="12" fill="#c0392b">■ %s</text><text x="200" y="%d" font-size="12" fill="#555">┆ %s</text></svg>`,
			h-4, template.HTMLEscapeString(g.city("city")), h-4, template.HTMLEscapeString(g.city("median")))
		return template.HTML(b.String())
	}
	const cx, cy, rad = 200.0, 170.0, 120.0
	pt := func(k int, v float64) (float64, float64) {
		a := -math.Pi/2 + 2*math.Pi*float64(k)/float64(len(axes))
		if math.IsNaN(v) {
			v = 0
		}
		return cx + rad*v/top*math.Cos(a), cy + rad*v/top*math.Sin(a)
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg viewBox="0 0 400 340" width="400" height="340" role="img" aria-label="%s">`, template.HTMLEscapeString(g.city("goals")))
	for _, f := range []float64{0.25, 0.5, 0.75, 1} {
		var ring []string
		for k := range axes {
			x, yy := pt(k, f*top)
			ring = append(ring, fmt.Sprintf("%.1f,%.1f", x, yy))
		}
		fmt.Fprintf(&b, `<polygon points="%s" fill="none" stroke="#ccc"/>`, strings.Join(ring, " "))
	}
	var city, med []string
	for k, a := range axes {
		x, yy := pt(k, top)
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#ccc"/>`, cx, cy, x, yy)
		lx, ly := pt(k, top*1.16)
		anchor := "middle"
		if lx < cx-10 {
			anchor = "end"
		} else if lx > cx+10 {
			anchor = "start"
		}
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="%s" font-size="13">%s</text>`, lx, ly+4, anchor, template.HTMLEscapeString(a.name))
		x, yy = pt(k, a.city)
		city = append(city, fmt.Sprintf("%.1f,%.1f", x, yy))
		x, yy = pt(k, a.med)
		med = append(med, fmt.Sprintf("%.1f,%.1f", x, yy))
	}
	fmt.Fprintf(&b, `<polygon points="%s" fill="rgba(120,120,120,0.15)" stroke="#777" stroke-dasharray="4 3"/>`, strings.Join(med, " "))
	fmt.Fprintf(&b, `<polygon points="%s" fill="rgba(192,57,43,0.2)" stroke="#c0392b" stroke-width="2"/>`, strings.Join(city, " "))
	fmt.Fprintf(&b, `<text x="10" y="330" font-size="12" fill="#c0392b">■ %s</text><text x="110" y="330" font-size="12" fill="#777">▭ %s</text>`,
		template.HTMLEscapeString(g.city("city")), template.HTMLEscapeString(g.city("median")))
	fmt.Fprintf(&b, `<text x="390" y="330" font-size="11" fill="#999" text-anchor="end">0–%g</text></svg>`, top)
	return template.HTML(b.String())
}

// strongWeak returns the city's five strongest and five weakest indicators
// by their rank among its peers (the share of peers ahead), each with its
// raw value and that rank.
func strongWeak(g lang, s *dataset.Schema, y *scoring.YearResult, u int, peers []int) (strong, weak [][3]string) {
	type ind struct {
		i, rank, n int
	}
	var inds []ind
	for _, i := range s.Indicators() {
		v := y.Scores[i][u]
		if math.IsNaN(v) {
			continue
		}
		rank, n := 1, 0
		for _, p := range peers {
			if pv := y.Scores[i][p]; !math.IsNaN(pv) {
				n++
				if pv > v {
					rank++
				}
			}
		}
		if n >= 3 {
			inds = append(inds, ind{i, rank, n})
		}
	}
	share := func(x ind) float64 { return float64(x.rank-1) / float64(x.n) }
	slices.SortStableFunc(inds, func(a, b ind) int { return cmp.Or(cmp.Compare(share(a), share(b)), cmp.Compare(a.i, b.i)) })
	row := func(x ind) [3]string {
		raw := "–"
		if v := y.Raw[x.i][u]; !math.IsNaN(v) {
			raw = valueText(v)
			if unit := s.Nodes[x.i].Unit; unit != "" {
				raw += " " + unit
			}
		}
		return [3]string{s.Nodes[x.i].Name.In(string(g)), raw, fmt.Sprintf("%d / %d", x.rank, x.n)}
	}
	k := min(5, len(inds)/2)
	for _, x := range inds[:k] {
		strong = append(strong, row(x))
	}
	for t := len(inds) - 1; t >= len(inds)-k; t-- {
		weak = append(weak, row(inds[t]))
	}
	return strong, weak
}

var cityTemplate = template.Must(template.New("city").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><title>{{.Title}}</title>
<style>
@page { size: A4; margin: 14mm; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif; color: #222; margin: 0; font-size: 13px; }
h1 { font-size: 22px; margin: 0 0 2px; } .sub { color: #666; margin-bottom: 10px; }
.cards { display: flex; gap: 10px; margin: 8px 0 12px; flex-wrap: wrap; }
.card { border: 1px solid #ddd; border-radius: 6px; padding: 6px 12px; min-width: 110px; }
.card b { display: block; font-size: 20px; } .card span { color: #666; font-size: 12px; }
.warn { color: #a04000; }
h2 { font-size: 15px; margin: 12px 0 4px; border-bottom: 1px solid #eee; }
table { border-collapse: collapse; width: 100%; } td, th { padding: 2px 6px; border-bottom: 1px solid #eee; text-align: left; }
th { color: #555; font-weight: normal; } td.n { text-align: right; white-space: nowrap; }
.two { display: flex; gap: 16px; } .two > div { flex: 1; }
.foot { color: #888; font-size: 11px; margin-top: 10px; }
section { break-inside: avoid; }
</style></head><body>
<h1>{{.Title}}</h1><div class="sub">{{.Subtitle}}</div>
<div class="cards">
<div class="card"><span>{{index .Labels "rank"}}</span><b>{{.Rank}}</b><span>{{.Of}}</span></div>
<div class="card"><span>{{index .Labels "score"}}</span><b>{{.Score}}</b></div>
{{if .Grade}}<div class="card"><span>{{index .Labels "grade"}}</span><b>{{.Grade}}</b></div>{{end}}
{{if .Range}}<div class="card"><span>{{index .Labels "range"}}</span><b>{{.Range}}</b></div>{{end}}
<div class="card"><span>{{index .Labels "coverage"}}</span><b>{{.Coverage}}</b></div>
</div>
{{if .NotRanked}}<p class="warn">{{.NotRanked}}</p>{{end}}
{{if .Groups}}<section><h2>{{index .Labels "groups"}}</h2><table>
{{range .Groups}}<tr><th>{{index . 0}}</th><td>{{index . 1}}</td><td class="n">{{index . 2}}</td></tr>{{end}}
</table></section>{{end}}
<section><h2>{{index .Labels "goals"}}</h2><div class="sub">{{.Peers}}</div>{{.Radar}}</section>
<section class="two">
<div><h2>{{index .Labels "strong"}}</h2><table><tr><th>{{index .Labels "ind"}}</th><th>{{index .Labels "value"}}</th><th>{{index .Labels "peerRank"}}</th></tr>
{{range .Strong}}<tr><td>{{index . 0}}</td><td class="n">{{index . 1}}</td><td class="n">{{index . 2}}</td></tr>{{end}}</table></div>
<div><h2>{{index .Labels "weak"}}</h2><table><tr><th>{{index .Labels "ind"}}</th><th>{{index .Labels "value"}}</th><th>{{index .Labels "peerRank"}}</th></tr>
{{range .Weak}}<tr><td>{{index . 0}}</td><td class="n">{{index . 1}}</td><td class="n">{{index . 2}}</td></tr>{{end}}</table></div>
</section>
{{if .Obstacles}}<section><h2>{{index .Labels "obst"}}</h2><table><tr><th>{{index .Labels "ind"}}</th><th>{{index .Labels "share"}}</th></tr>
{{range .Obstacles}}<tr><td>{{index . 0}}</td><td class="n">{{index . 1}}</td></tr>{{end}}</table></section>{{end}}
{{if .Trend}}<section><h2>{{index .Labels "trend"}}</h2><table><tr><th>{{index .Labels "year"}}</th><th>{{index .Labels "score"}}</th><th>{{index .Labels "rank"}}</th></tr>
{{range .Trend}}<tr><td>{{index . 0}}</td><td class="n">{{index . 1}}</td><td class="n">{{index . 2}}</td></tr>{{end}}</table></section>{{end}}
<div class="foot">{{.Footer}}</div>
</body></html>
`))
