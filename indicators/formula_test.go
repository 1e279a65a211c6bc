package indicators

import (
	"math"
	"strings"
	"testing"
)

func TestFormula(t *testing.T) {
	nan := math.NaN()
	vals := map[string]float64{"a": 6, "b": 3, "zero": 0, "miss": nan, "x.y": 2, "5g-base": 10}
	tests := []struct {
		text    string
		want    float64
		divZero bool
		ids     []string
	}{
		{"a + b * 2", 12, false, []string{"a", "b"}},
		{"(a + b) * 2", 18, false, []string{"a", "b"}},
		{"a / b / 2", 1, false, []string{"a", "b"}},
		{"a - b - 1", 2, false, []string{"a", "b"}},
		{"-a + 1e1", 4, false, []string{"a"}},
		{"--a", 6, false, []string{"a"}},
		{"a * 10000 / b", 20000, false, []string{"a", "b"}},
		{"x.y * [5g-base]", 20, false, []string{"x.y", "5g-base"}},
		{"a / zero", nan, true, []string{"a", "zero"}},
		{"miss / zero", nan, false, []string{"miss", "zero"}},
		{"a + miss", nan, false, []string{"a", "miss"}},
		{"  .5 * a ", 3, false, []string{"a"}},
		{"a*a", 36, false, []string{"a"}},
	}
	for _, tc := range tests {
		f, err := ParseFormula(tc.text)
		if err != nil {
			t.Errorf("ParseFormula(%q): %v", tc.text, err)
			continue
		}
		if strings.Join(f.IDs(), ",") != strings.Join(tc.ids, ",") {
			t.Errorf("%q: ids %v, want %v", tc.text, f.IDs(), tc.ids)
		}
		in := make([]float64, len(f.IDs()))
		for i, id := range f.IDs() {
			in[i] = vals[id]
		}
		got, dz := f.Eval(in)
		if dz != tc.divZero || !(got == tc.want || math.IsNaN(got) && math.IsNaN(tc.want)) {
			t.Errorf("%q = %v (division by zero %v), want %v (%v)", tc.text, got, dz, tc.want, tc.divZero)
		}
	}
}

func TestFormulaErrors(t *testing.T) {
	tests := []struct {
		text   string
		offset int
		msg    string
	}{
		{"", 0, "want a number, id or ( but found end of formula"},
		{"a +", 3, "found end of formula"},
		{"(a + b", 6, "want ) but found end of formula"},
		{"a b", 2, `unexpected "b"`},
		{"a % 2", 2, "unexpected character '%'"},
		{"5g_base / 2", 0, "runs into a name"},
		{"[unclosed", 0, "unclosed ["},
		{"a * []", 4, "empty []"},
		{"1e999", 0, "bad number"},
		{"a)", 1, `unexpected ")"`},
	}
	for _, tc := range tests {
		_, err := ParseFormula(tc.text)
		fe, ok := err.(*FormulaError)
		if !ok {
			t.Errorf("ParseFormula(%q) = %v, want a *FormulaError", tc.text, err)
			continue
		}
		if fe.Offset != tc.offset || !strings.Contains(fe.Msg, tc.msg) {
			t.Errorf("ParseFormula(%q) = %d: %s, want %d: …%s…", tc.text, fe.Offset, fe.Msg, tc.offset, tc.msg)
		}
	}
}
