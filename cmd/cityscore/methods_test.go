package main

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// example is a published worked example run through the command line, as
// the acceptance tests run them: a one-goal framework whose indicators are
// the example's columns, a data CSV and a profile.
type example struct {
	cols  []string
	types []int // +1 benefit, -1 cost; nil: all benefit
	rows  [][]float64
}

// write writes framework.yaml, data.csv and profile.yaml for ex into a
// temporary directory and returns it. goals > 1 gives one goal per column
// (for coupling).
func (ex example) write(t *testing.T, profile string, goals bool) string {
	t.Helper()
	dir := t.TempDir()
	var fw strings.Builder
	fw.WriteString("id: example\ngoals:\n")
	if !goals {
		fw.WriteString("  - id: g\n    indicators:\n")
	}
	for j, c := range ex.cols {
		dir := "positive"
		if ex.types != nil && ex.types[j] < 0 {
			dir = "negative"
		}
		if goals {
			fmt.Fprintf(&fw, "  - id: G%s\n    indicators:\n      - {id: %s, direction: %s}\n", c, c, dir)
		} else {
			fmt.Fprintf(&fw, "      - {id: %s, direction: %s}\n", c, dir)
		}
	}
	var data strings.Builder
	data.WriteString("unit," + strings.Join(ex.cols, ",") + "\n")
	for i, r := range ex.rows {
		fmt.Fprintf(&data, "A%d", i+1)
		for _, v := range r {
			data.WriteString("," + strconv.FormatFloat(v, 'g', -1, 64))
		}
		data.WriteString("\n")
	}
	for name, body := range map[string]string{"framework.yaml": fw.String(), "data.csv": data.String(), "profile.yaml": profile} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// run runs cityscore with args in which "$D" is the example's directory.
func (ex example) run(t *testing.T, dir string, args ...string) {
	t.Helper()
	for i, a := range args {
		args[i] = strings.ReplaceAll(a, "$D", dir)
	}
	_, stderr, code := runCLI(t, args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
}

func column(t *testing.T, path, keyCol, col string) map[string]float64 {
	t.Helper()
	out := map[string]float64{}
	for k, r := range readRecords(t, path, keyCol) {
		if r[col] == "" {
			continue
		}
		v, err := strconv.ParseFloat(r[col], 64)
		if err != nil {
			t.Fatalf("%s %s: %v", k, col, err)
		}
		out[k] = v
	}
	return out
}

func closeTo(got, want, tol float64) bool { return math.Abs(got-want) <= tol }

// TestPublishedWeights: `cityscore weights` on published examples
// (the published vectors in scoring/testdata/vectors): entropy with the raw-p convention (Xu 2004;
// Zavadskas & Podvezko 2016, whose published weights ignore the type row),
// CRITIC without the flip (Tuş & Aytaç Adalı 2019) and stddev on
// pre-normalised data.
func TestPublishedWeights(t *testing.T) {
	tests := []struct {
		name    string
		ex      example
		profile string
		want    []float64
		tol     float64
	}{
		{"entropy/xu2004", example{cols: []string{"c1", "c2", "c3", "c4"},
			rows: [][]float64{{30, 30, 38, 29}, {19, 54, 86, 29}, {19, 15, 85, 28.9}, {68, 70, 60, 29}}},
			"weights: {method: entropy, transform: none, flip_cost: false}\n",
			[]float64{0.4630, 0.3992, 0.1378, 0.0000}, 5e-5},
		{"entropy/zavadskas2016", example{cols: []string{"c1", "c2", "c3", "c4"}, types: []int{-1, 1, -1, 1},
			rows: [][]float64{{3.0, 100, 10, 7}, {2.5, 80, 8, 5}, {1.8, 50, 20, 11}, {2.2, 70, 12, 9}}},
			"weights: {method: entropy, transform: none, flip_cost: false}\n",
			[]float64{0.1146, 0.1981, 0.4185, 0.2689}, 5e-5},
		{"critic/tus-adali-2019", example{cols: []string{"c1", "c2", "c3", "c4", "c5", "c6"}, types: []int{-1, 1, 1, 1, 1, 1},
			rows: [][]float64{{5000, 3, 3, 4, 3, 2}, {680, 5, 3, 2, 2, 1}, {2000, 3, 2, 3, 4, 3}, {600, 4, 3, 1, 2, 2}, {800, 2, 4, 3, 3, 4}}},
			"weights: {method: critic, flip_cost: false}\n",
			[]float64{0.157, 0.249, 0.168, 0.121, 0.154, 0.151}, 5e-4},
		// Standard deviation weights on pre-normalised data (Jahan & Edwards
		// 2013): w = σ/Σσ, σ the sample SD: 0.5, 1.0 and 0 → 1/3, 2/3, 0.
		{"stddev/pre-normalised", example{cols: []string{"c1", "c2", "c3"},
			rows: [][]float64{{0, 0, 0.5}, {0.5, 1, 0.5}, {1, 2, 0.5}}},
			"weights: {method: stddev, transform: none}\n",
			[]float64{1.0 / 3, 2.0 / 3, 0}, 1e-12},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := tc.ex.write(t, tc.profile, false)
			tc.ex.run(t, dir, "weights", "--framework", "$D/framework.yaml", "--profile", "$D/profile.yaml",
				"--data", "$D/data.csv", "--out", "$D/w.csv")
			got := column(t, filepath.Join(dir, "w.csv"), "node", "weight")
			for j, c := range tc.ex.cols {
				if !closeTo(got[c], tc.want[j], tc.tol) {
					t.Errorf("%s = %.6f, published %.4f", c, got[c], tc.want[j])
				}
			}
		})
	}
}

// TestPublishedScores: `cityscore score` with TOPSIS (vector
// normalisation, weights as given; R package MCDA's cars example), with
// GRA (min-max [0, 1], ρ = 0.5), and coupling + obstacles on pre-computed
// subsystem scores (normalize: none).
func TestPublishedScores(t *testing.T) {
	t.Run("topsis/mcda-cars", func(t *testing.T) {
		ex := example{cols: []string{"price", "economy", "aesthetics", "boot"}, types: []int{-1, 1, 1, 1},
			rows: [][]float64{{5490, 51.4, 8.5, 285}, {6500, 70.6, 7, 288}, {6489, 54.3, 7.5, 290}}}
		dir := ex.write(t, `normalize: vector
weights: {method: manual, values: {price: 0.35, economy: 0.25, aesthetics: 0.25, boot: 0.15}}
aggregate: topsis
`, false)
		ex.run(t, dir, "score", "--framework", "$D/framework.yaml", "--profile", "$D/profile.yaml",
			"--data", "$D/data.csv", "--out", "$D/s.csv")
		got := column(t, filepath.Join(dir, "s.csv"), "unit", "score")
		// Closeness derived from the published PIS/NIS (vectors README).
		for u, want := range map[string]float64{"A1": 0.481685, "A2": 0.518208, "A3": 0.177955} {
			if !closeTo(got[u], want, 5e-7) {
				t.Errorf("%s closeness %.7f, want %.6f", u, got[u], want)
			}
		}
	})
	t.Run("gra", func(t *testing.T) {
		// Three units, two benefit criteria, equal weights; min-max [0, 1]:
		// z = (0, 0.5, 1) and (1, 0, 0.5). Δ = 1 − z, Δmin 0, Δmax 1;
		// ξ = 0.5/(Δ + 0.5): A (1/3, 1) → 2/3; B (0.5, 1/3) → 5/12;
		// C (1, 0.5) → 3/4.
		ex := example{cols: []string{"c1", "c2"}, rows: [][]float64{{1, 9}, {2, 5}, {3, 7}}}
		dir := ex.write(t, "normalize: {method: minmax, range: [0, 1]}\naggregate: {method: gra, rho: 0.5}\n", false)
		ex.run(t, dir, "score", "--framework", "$D/framework.yaml", "--profile", "$D/profile.yaml",
			"--data", "$D/data.csv", "--out", "$D/s.csv")
		got := column(t, filepath.Join(dir, "s.csv"), "unit", "score")
		for u, want := range map[string]float64{"A1": 2.0 / 3, "A2": 5.0 / 12, "A3": 0.75} {
			if !closeTo(got[u], want, 1e-12) {
				t.Errorf("%s grade %.6f, want %.6f", u, got[u], want)
			}
		}
	})
	t.Run("coupling+obstacles", func(t *testing.T) {
		ex := example{cols: []string{"U1", "U2", "U3"}, rows: [][]float64{{0.6, 0.4, 0.5}, {0.3, 0.3, 0.3}, {0.9, 0.1, 0.8}}}
		dir := ex.write(t, "normalize: none\ncoupling: {of: goals}\n", true)
		ex.run(t, dir, "score", "--framework", "$D/framework.yaml", "--profile", "$D/profile.yaml",
			"--data", "$D/data.csv", "--out", "$D/s.csv", "--obstacles", "$D/o.csv")
		recs := readRecords(t, filepath.Join(dir, "s.csv"), "unit")
		for u, us := range map[string][]float64{"A1": {0.6, 0.4, 0.5}, "A2": {0.3, 0.3, 0.3}, "A3": {0.9, 0.1, 0.8}} {
			prod, sum := 1.0, 0.0
			for _, v := range us {
				prod *= v
				sum += v
			}
			c := 3 * math.Cbrt(prod) / sum
			tt := sum / 3
			d := math.Sqrt(c * tt)
			for col, want := range map[string]float64{"coupling_c": c, "coupling_t": tt, "coupling_d": d} {
				got, _ := strconv.ParseFloat(recs[u][col], 64)
				if !closeTo(got, want, 1e-12) {
					t.Errorf("%s %s = %v, want %v", u, col, got, want)
				}
			}
		}
		// A2: equal subsystems, C = 1, T = 0.3, D = √0.3 = 0.548 ∈ (0.5, 0.6].
		if g := recs["A2"]["coupling_grade"]; g != "勉强协调" {
			t.Errorf("A2 grade %q, want 勉强协调", g)
		}
		// Obstacles of A1: deviations 0.4, 0.6, 0.5, weights 1/3 each →
		// 0.4/1.5 = 26.67 %, 40 %, 33.33 %.
		f, _ := os.ReadFile(filepath.Join(dir, "o.csv"))
		want := map[string]float64{"U1": 40.0 / 1.5, "U2": 60.0 / 1.5, "U3": 50.0 / 1.5}
		n := 0
		for _, line := range strings.Split(string(f), "\n") {
			p := strings.Split(line, ",")
			if len(p) == 5 && p[0] == "A1" && p[3] == "indicator" {
				got, _ := strconv.ParseFloat(p[4], 64)
				if !closeTo(got, want[p[2]], 1e-12) {
					t.Errorf("A1 %s obstacle %v, want %v", p[2], got, want[p[2]])
				}
				n++
			}
		}
		if n != 3 || !strings.HasPrefix(string(f), "unit,year,node,level,obstacle\n") {
			t.Errorf("obstacles CSV:\n%s", f)
		}
	})
}
