package exporters

import "testing"

func TestLabels(t *testing.T) {
	for l, text := range labels {
		if text.Zh == "" || text.En == "" {
			t.Errorf("label %d lacks a form: %+v", l, text)
		}
	}
	for _, tc := range []struct {
		in      string
		want    lang
		wantErr bool
	}{{"", "zh", false}, {"zh", "zh", false}, {"en", "en", false}, {"fr", "", true}} {
		got, err := parseLang(tc.in)
		if got != tc.want || (err != nil) != tc.wantErr {
			t.Errorf("parseLang(%q) = %q, %v", tc.in, got, err)
		}
	}
}

// TestKindsTranslated: every issue kind the importers, formulas and scoring
// report has a Chinese name.
func TestKindsTranslated(t *testing.T) {
	for _, k := range []string{"basis", "converted", "derived", "division by zero", "encoding", "invalid", "no data",
		"not normalised", "not treated", "out of range", "overflow", "skipped sheet", "skipped table", "treated",
		"unmatched column", "city name", "unknown city", "formula without value", "date-formatted number", "not ranked", "missing value"} {
		if lang("zh").kind(k) == k {
			t.Errorf("kind %q has no Chinese name", k)
		}
	}
}
