package composite_test

import (
	"encoding/csv"
	"math"
	"os"
	"testing"
)

// Helpers shared by the external tests of the package.

var mvNaN = math.NaN()

// mvSame compares with an absolute-or-relative tolerance; NaN equals NaN.
func mvSame(got, want []float64, tol float64) bool {
	if len(got) != len(want) {
		return false
	}
	for i, g := range got {
		w := want[i]
		if math.IsNaN(g) || math.IsNaN(w) {
			if math.IsNaN(g) != math.IsNaN(w) {
				return false
			}
			continue
		}
		if math.Abs(g-w) > tol*math.Max(1, math.Abs(w)) {
			return false
		}
	}
	return true
}

func mvPanics(f func()) (panicked bool) {
	defer func() { panicked = recover() != nil }()
	f()
	return false
}

// readCSV reads a whole CSV file: its header and its rows.
func readCSV(t testing.TB, path string) (header []string, rows [][]string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs[0], recs[1:]
}
