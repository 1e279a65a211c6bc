package exporters

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/cityscore/cityscore/scoring"
)

// rankedOutput scores the test table with a strict coverage rule: every
// counted indicator of every goal. 杭州 lacks its patents in 2019, so it is
// scored but not ranked that year.
func rankedOutput(t *testing.T, lang string) *Output {
	t.Helper()
	o := testOutput(t, lang)
	opt := scoring.DefaultOptions()
	opt.Rank = scoring.RankRule{By: scoring.RuleGoal, Min: 1, Common: 0.5}
	res, err := scoring.Run(o.Result.Schema, o.Table, opt)
	if err != nil {
		t.Fatal(err)
	}
	o.Result = res
	return o
}

func TestNotRankedCSV(t *testing.T) {
	o := rankedOutput(t, "")
	var buf bytes.Buffer
	if err := WriteCSV(&buf, o); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for k, h := range recs[0] {
		col[h] = k
	}
	var rows2019 [][]string
	for _, rec := range recs[1:] {
		if rec[col["year"]] == "2019" {
			rows2019 = append(rows2019, rec)
		}
	}
	// Ranked units first with ranks 1–4, then 杭州 with its score but no rank.
	last := rows2019[len(rows2019)-1]
	if last[col["unit"]] != "杭州" || last[col["rank"]] != "" || last[col["status"]] != "not_ranked" || last[col["score"]] == "" {
		t.Errorf("杭州 2019: %v", last)
	}
	if got := last[col["coverage"]]; got != strconv.FormatFloat(5.0/6, 'g', -1, 64) {
		t.Errorf("杭州 2019 coverage %q", got)
	}
	for k, rec := range rows2019[:4] {
		if rec[col["rank"]] != strconv.Itoa(k+1) || rec[col["status"]] != "ranked" {
			t.Errorf("row %d: %v", k, rec)
		}
	}
}

func TestNotRankedJSONAndWorkbook(t *testing.T) {
	o := rankedOutput(t, "zh")
	var buf bytes.Buffer
	if err := WriteJSON(&buf, o); err != nil {
		t.Fatal(err)
	}
	var doc Document
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	units := doc.Years[1].Units
	hz := units[len(units)-1]
	if hz.Unit != "杭州" || hz.Rank != nil || hz.Status != "not_ranked" || hz.Score == nil ||
		len(hz.Short) != 1 || hz.Short[0] != (ShortDoc{Node: "innovative", Have: 2, Counted: 3, Need: 3}) {
		t.Errorf("杭州 2019: %+v", hz)
	}
	f, _ := writeBook(t, o)
	rows, err := f.GetRows("排名")
	if err != nil {
		t.Fatal(err)
	}
	// 2019 comes first: four ranked units, then 杭州.
	hzRow := rows[5]
	if hzRow[0] != "" || hzRow[1] != "杭州" || !strings.Contains(strings.Join(hzRow, "|"), "数据不足，未排名|创新 2/3（需 3）") {
		t.Errorf("Ranking row of 杭州: %q", hzRow)
	}
	quality, err := f.GetRows("数据质量")
	if err != nil {
		t.Fatal(err)
	}
	var found, rule bool
	for _, r := range quality {
		line := strings.Join(r, "|")
		found = found || strings.HasPrefix(line, "未排名|杭州|2019|")
		rule = rule || strings.Contains(line, "排名规则：每个目标中，至少有 100% 的常见指标")
	}
	if !found || !rule {
		t.Errorf("Data quality: not-ranked row %v, rule %v", found, rule)
	}
}

// TestWeightsApplied checks the effective shares of every unit: they sum to
// 1, and 杭州, without patents in 2019, gives patents' share to rd_share.
func TestWeightsApplied(t *testing.T) {
	o := testOutput(t, "")
	var buf bytes.Buffer
	if err := WriteWeightsAppliedCSV(&buf, o); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if h := strings.Join(recs[0], ","); h != "unit,year,indicator,nominal,share" {
		t.Fatalf("header %s", h)
	}
	if got, want := len(recs)-1, 10*6; got != want {
		t.Fatalf("%d rows, want %d", got, want)
	}
	sums := map[string]float64{}
	shares := map[string]float64{}
	for _, rec := range recs[1:] {
		v, err := strconv.ParseFloat(rec[4], 64)
		if err != nil {
			t.Fatalf("%v: %v", rec, err)
		}
		sums[rec[0]+rec[1]] += v
		shares[rec[0]+rec[1]+rec[2]] = v
		nominal, _ := strconv.ParseFloat(rec[3], 64)
		// Goals innovative 1 and livable 2; two dimensions under innovative;
		// rd_share and patents share innov_input.
		want := map[string]float64{"rd_share": 1.0 / 12, "patents": 1.0 / 12, "hitech_share": 1.0 / 6,
			"park_area": 2.0 / 9, "pm25": 2.0 / 9, "commute": 2.0 / 9}[rec[2]]
		if math.Abs(nominal-want) > 1e-15 {
			t.Errorf("%v: nominal %v, want %v", rec, nominal, want)
		}
	}
	for k, sum := range sums {
		if math.Abs(sum-1) > 1e-12 {
			t.Errorf("%s: shares sum to %v", k, sum)
		}
	}
	// By hand: 杭州 2019 lacks patents, so rd_share carries all of
	// innov_input: 1/3 · 1/2 = 1/6; patents 0.
	if got := shares["杭州2019rd_share"]; math.Abs(got-1.0/6) > 1e-15 {
		t.Errorf("杭州 2019 rd_share share %v, want 1/6", got)
	}
	if got := shares["杭州2019patents"]; got != 0 {
		t.Errorf("杭州 2019 patents share %v, want 0", got)
	}
	if got := shares["杭州2018rd_share"]; math.Abs(got-1.0/12) > 1e-15 {
		t.Errorf("杭州 2018 rd_share share %v, want the nominal 1/12", got)
	}
}

// TestThinGoals: with thin_goal 4, both goals of the test tree (3
// indicators each, all with data) are thinly measured, and every output
// that shows their scores says so.
func TestThinGoals(t *testing.T) {
	o := testOutput(t, "zh")
	opt := scoring.DefaultOptions()
	opt.ThinGoal = 4
	res, err := scoring.Run(o.Result.Schema, o.Table, opt)
	if err != nil {
		t.Fatal(err)
	}
	o.Result = res
	var buf bytes.Buffer
	if err := WriteCSV(&buf, o); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	last := len(recs[0]) - 1
	if recs[0][last] != "thin_goals" || recs[1][last] != "innovative;livable" {
		t.Errorf("thin_goals: %q = %q", recs[0][last], recs[1][last])
	}
	buf.Reset()
	if err := WriteJSON(&buf, o); err != nil {
		t.Fatal(err)
	}
	var doc Document
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	gc, _ := doc.Years[0].Goals.Get("innovative")
	if gc != (GoalCoverage{Indicators: 3, WithData: 3, Measured: 3, Thin: true}) {
		t.Errorf("innovative coverage %+v", gc)
	}
	if ns, _ := doc.Years[0].Units[0].Goals.Get("livable"); !ns.Thin {
		t.Error("livable score not marked thin in the JSON")
	}
	f, _ := writeBook(t, o)
	rows, err := f.GetRows("排名")
	if err != nil {
		t.Fatal(err)
	}
	if h := strings.Join(rows[0], "|"); !strings.Contains(h, "创新得分（3/3 项指标，测度不足）") || !strings.Contains(h, "宜居得分（3/3 项指标，测度不足）") {
		t.Errorf("Ranking header %q", h)
	}
	// With the default (3), neither goal is thin.
	o = testOutput(t, "zh")
	buf.Reset()
	if err := WriteCSV(&buf, o); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "innovative;") {
		t.Error("goals marked thin at the default")
	}
}
