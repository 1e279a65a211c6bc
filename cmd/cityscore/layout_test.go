package main

import (
	"cmp"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestIndicatorsLayout: --indicators-layout chooses the workbook's
// Indicators sheet; the built-in sample's long layout fits one sheet, so
// auto keeps it, and wide adds the Sources sheet after it.
func TestIndicatorsLayout(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		layout  string // "" for the default
		sources bool   // a Sources sheet
		head    string // the Indicators sheet's A1
	}{
		{"", false, "City"},
		{"auto", false, "City"},
		{"long", false, "City"},
		{"wide", true, ""}, // row 1 holds the indicators over their columns
	} {
		t.Run(cmp.Or(tc.layout, "default"), func(t *testing.T) {
			t.Parallel() // the runs share nothing; under -race each takes some 20 s
			out := filepath.Join(dir, cmp.Or(tc.layout, "default")+".xlsx")
			args := []string{"score", "--lang", "en", "--out", out, "--quiet"}
			if tc.layout != "" {
				args = append(args, "--indicators-layout", tc.layout)
			}
			mustRun(t, args...)
			f, err := excelize.OpenFile(out)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			sheets := f.GetSheetList()
			i := slices.Index(sheets, "Indicators")
			if got := i >= 0 && i+1 < len(sheets) && sheets[i+1] == "Sources"; got != tc.sources {
				t.Errorf("sheets %q: Sources after Indicators %v, want %v", sheets, got, tc.sources)
			}
			if a1, _ := f.GetCellValue("Indicators", "A1"); a1 != tc.head {
				t.Errorf("Indicators!A1 = %q, want %q", a1, tc.head)
			}
		})
	}
	if _, stderr, code := runCLI(t, "score", "--out", filepath.Join(dir, "x.xlsx"), "--indicators-layout", "tall"); code != 2 || !strings.Contains(stderr, "want auto, long or wide") {
		t.Errorf("bad layout: exit %d: %s", code, stderr)
	}
}
