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
