package exporters

import (
	"regexp"
	"strings"
	"testing"

	"github.com/cityscore/cityscore/composite"
	"github.com/cityscore/cityscore/scoring"
)

// asciiWord matches a run of ASCII letters (with _ inside, as in C_j).
var asciiWord = regexp.MustCompile(`[A-Za-z][A-Za-z_]*`)

// zhAllowed are the ASCII words a Chinese warning may keep: symbols of
// the formulas. Single letters (d, r, V, z) are symbols too.
var zhAllowed = map[string]bool{"C_j": true, "ln": true}

// TestWarningTextZh fails when a warning kind has no Chinese text: empty,
// the English text, or an English word left in it. Every kind is tried
// with the column numbered and named by an indicator id, and WarnAllZero
// with each statistic the kernels report.
func TestWarningTextZh(t *testing.T) {
	for _, k := range composite.WarningKinds() {
		base := composite.Warning{Kind: k, Column: 3, Count: 2, Total: 5, Value: 4.5, Stat: "C_j"}
		var ws []composite.Warning
		for _, stat := range []string{"V", "σ", "C_j"} {
			w := base
			w.Stat = stat
			ws = append(ws, w)
		}
		named := base
		named.Indicator = "gdp_pc"
		ws = append(ws, named)
		for _, w := range ws {
			en, zh := warningText("en", w), warningText("zh", w)
			if en != w.String() {
				t.Errorf("%v: en text %q, want String() %q", k, en, w.String())
			}
			if zh == "" || zh == en {
				t.Errorf("%v: no Chinese text (zh %q, en %q)", k, zh, en)
				continue
			}
			rest := zh
			if w.Indicator != "" {
				if strings.Contains(en, w.Indicator) && !strings.Contains(zh, "指标 "+w.Indicator) {
					t.Errorf("%v: zh %q does not name the indicator %s", k, zh, w.Indicator)
				}
				rest = strings.ReplaceAll(rest, w.Indicator, "")
			}
			for _, word := range asciiWord.FindAllString(rest, -1) {
				if len(word) >= 2 && !zhAllowed[word] {
					t.Errorf("%v: English word %q in %q", k, word, zh)
				}
			}
		}
	}
}

// TestWorkbookWarningsZh: a warning reaches the Weights sheet in the
// workbook's language.
func TestWorkbookWarningsZh(t *testing.T) {
	for _, tc := range []struct{ lang, sheet, want, not string }{
		{"zh", "权重", "剔除 1 个城市（共 5 个）：其某些列有缺失值（成列删除）", "units left out"},
		{"en", "Weights", "1 of 5 units left out: a value is missing in some column (listwise deletion)", "剔除"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			o := testOutput(t, tc.lang)
			// CRITIC leaves out 杭州 in 2019, whose patents are missing.
			opt := scoring.DefaultOptions()
			opt.Weights.Indicators = scoring.DefaultWeightSpec(scoring.WeightCRITIC)
			res, err := scoring.Run(o.Result.Schema, o.Table, opt)
			if err != nil {
				t.Fatal(err)
			}
			o.Result = res
			f, _ := writeBook(t, o)
			rows, err := f.GetRows(tc.sheet)
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, row := range rows {
				for _, cell := range row {
					found = found || cell == tc.want
					if strings.Contains(cell, tc.not) {
						t.Errorf("cell %q in the %s workbook", cell, tc.lang)
					}
				}
			}
			if !found {
				t.Errorf("no cell %q on sheet %s", tc.want, tc.sheet)
			}
		})
	}
}
