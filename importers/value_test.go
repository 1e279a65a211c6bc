package importers

import (
	"errors"
	"math"
	"testing"
)

func TestParseValue(t *testing.T) {
	tests := []struct {
		name, in string
		want     float64
		percent  bool
	}{
		{"integer", "1234", 1234, false},
		{"decimal", "12.5", 12.5, false},
		{"leading dot", ".5", 0.5, false},
		{"trailing dot", "5.", 5, false},
		{"thousands", "1,234", 1234, false},
		{"thousands twice", "1,234,567.25", 1234567.25, false},
		{"thousands 3 digits first", "123,456", 123456, false},
		{"percent", "12.5%", 12.5, true},
		{"percent space", "12.5 %", 12.5, true},
		{"full-width percent", "１２．５％", 12.5, true},
		{"full-width digits", "１２３４", 1234, false},
		{"full-width comma", "１，２３４", 1234, false},
		{"plus", "+3", 3, false},
		{"minus", "-3.5", -3.5, false},
		{"minus sign U+2212", "−3.5", -3.5, false},
		{"full-width minus", "－3", -3, false},
		{"exponent", "1.5e3", 1500, false},
		{"exponent upper signed", "2E-2", 0.02, false},
		{"raw workbook float", "294.97000000000003", 294.97000000000003, false},
		{"spaces", "  42 ", 42, false},
		{"ideographic space", "\u300042\u3000", 42, false},
		{"nbsp", "\u00a042\u00a0", 42, false},
		{"tab and newline", "\t42\r\n", 42, false},
		{"zero width space", "\u200b42", 42, false},
		{"negative percent", "-0.5%", -0.5, true},
		{"zero", "0", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cv, err := parseValue(tt.in)
			if err != nil {
				t.Fatalf("parseValue(%q): %v", tt.in, err)
			}
			if cv.missing || cv.v != tt.want || cv.percent != tt.percent {
				t.Errorf("parseValue(%q) = %+v, want %v (percent %v)", tt.in, cv, tt.want, tt.percent)
			}
		})
	}
}

func TestParseValueMissing(t *testing.T) {
	// Every marker of docs/formats.md §3, the extra ones, and case and width
	// variants.
	for _, in := range []string{
		"", "   ", "\u3000", "-", "—", "–", "…", "..", "...", "NA", "N/A", "null", "/", "无",
		"na", "n/a", "NULL", "Null", "Na", "——", "……", "−", "－", "／", "ＮＡ", "Ｎ／Ａ", " - ", "．．",
	} {
		t.Run(in, func(t *testing.T) {
			cv, err := parseValue(in)
			if err != nil || !cv.missing || !math.IsNaN(cv.v) {
				t.Errorf("parseValue(%q) = %+v, %v; want missing", in, cv, err)
			}
		})
	}
}

func TestParseValueInvalid(t *testing.T) {
	for _, in := range []string{
		"12,3", "12,3a", "1,2345", ",123", "1234,567", "1,234,56", "1,,234", "abc", "1.2.3", "1e", "1e+",
		"Inf", "-Inf", "+Inf", "NaN", "nan", "infinity", "0x10", "1_000", "1e400", "--1", "+-1", "%",
		"12%%", "(12)", "12 34", "1.234,5", "#N/A", "#DIV/0!", "TRUE", "2018年", "约12", ".", "-.", "e5",
	} {
		t.Run(in, func(t *testing.T) {
			cv, err := parseValue(in)
			if !errors.Is(err, ErrNotNumber) {
				t.Errorf("parseValue(%q) = %+v, %v; want ErrNotNumber", in, cv, err)
			}
		})
	}
}

func TestParseYear(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"2018", 2018, true},
		{"2018.0", 2018, true},
		{" ２０１８ ", 2018, true},
		{"2018.5", 0, false},
		{"18", 0, false},
		{"2018年", 0, false},
		{"", 0, false},
		{"-", 0, false},
		{"20%", 0, false},
		{"43101", 0, false}, // a date serial
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			y, err := parseYear(tt.in)
			if tt.ok != (err == nil) || y != tt.want {
				t.Errorf("parseYear(%q) = %d, %v; want %d ok=%v", tt.in, y, err, tt.want, tt.ok)
			}
			if err != nil && !errors.Is(err, ErrYear) {
				t.Errorf("error %v is not ErrYear", err)
			}
		})
	}
}
