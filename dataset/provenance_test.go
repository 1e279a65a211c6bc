package dataset

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// TestOriginsModel checks the compact provenance against a plain slice of
// Origins under random sequences of adding rows and setting values: rows
// in order from one sheet (runs), gaps, other files, overwrites with
// another origin or none, and Grow.
func TestOriginsModel(t *testing.T) {
	for seed := range uint64(200) {
		rng := rand.New(rand.NewPCG(seed, 7))
		tab := New()
		c := tab.AddColumn("x", "", "")
		var model []Origin
		sheetRow := 1 + rng.IntN(5)
		for step := range 400 {
			switch op := rng.IntN(20); {
			case op == 0:
				tab.Grow(rng.IntN(50))
			case op < 12 || len(model) == 0:
				// The next row, read from the next cell of a sheet.
				row, _ := tab.AddRow(Key{Unit: UnitID(fmt.Sprint("u", step)), Year: 1})
				model = append(model, Origin{})
				if rng.IntN(10) == 0 {
					sheetRow += 1 + rng.IntN(3) // a skipped source row
				}
				o := Origin{File: fmt.Sprint("f", rng.IntN(2)), Sheet: "S", Row: sheetRow, Col: 3}
				if rng.IntN(15) == 0 {
					o = Origin{}
				}
				sheetRow++
				if rng.IntN(6) > 0 {
					c.Set(row, 1, 0, o)
					model[row] = o
				}
			default:
				// Any row again: the same origin, another, or none.
				row := rng.IntN(len(model))
				var o Origin
				switch rng.IntN(3) {
				case 0:
					o = model[row]
				case 1:
					o = Origin{File: fmt.Sprint("g", rng.IntN(12)), Sheet: "T", Row: rng.IntN(100), Col: 1 + rng.IntN(4)}
				}
				c.Set(row, 2, 0, o)
				model[row] = o
			}
			for r, want := range model {
				if got := c.Origin(r); got != want {
					t.Fatalf("seed %d step %d: row %d origin %v; want %v (dense %v, %d runs)", seed, step, r, got, want, c.origins.dense(), len(c.origins.runs))
				}
				// The span's rows follow the origin in the model.
				got, n := c.OriginSpan(r)
				if got != want || (n == 0) != (want == Origin{}) || r+n > len(model) {
					t.Fatalf("seed %d step %d: row %d span %v, %d; want %v", seed, step, r, got, n, want)
				}
				for i := 1; i < n; i++ {
					if next := model[r+i]; next.File != want.File || next.Sheet != want.Sheet || next.Col != want.Col || next.Row != want.Row+i {
						t.Fatalf("seed %d step %d: row %d span of %d, but row %d from %v", seed, step, r, n, r+i, next)
					}
				}
			}
		}
		any := false
		for _, o := range model {
			any = any || o != (Origin{})
		}
		if c.HasOrigins() != any && !c.origins.dense() {
			t.Fatalf("seed %d: HasOrigins %v; want %v", seed, c.HasOrigins(), any)
		}
	}
}

// TestOriginsRuns: a column read row after row from one sheet keeps one
// run, whatever its length, and switches to refs only when cells stop
// following runs.
func TestOriginsRuns(t *testing.T) {
	tab := New()
	c := tab.AddColumn("x", "", "")
	for i := range 10_000 {
		row, _ := tab.AddRow(Key{Unit: UnitID(fmt.Sprint(i)), Year: 2020})
		c.Set(row, float64(i), 0, Origin{File: "a.csv", Row: i + 2, Col: 5})
	}
	if len(c.origins.runs) != 1 || c.origins.dense() {
		t.Fatalf("%d runs, dense %v; want 1 run", len(c.origins.runs), c.origins.dense())
	}
	if got := c.Origin(9_999).String(); got != "a.csv!E10001" {
		t.Errorf("last origin %s", got)
	}
	if o, n := c.OriginSpan(100); o.String() != "a.csv!E102" || n != 9_900 {
		t.Errorf("span of row 100: %s, %d rows; want a.csv!E102, 9900", o, n)
	}
	c.Set(5, 0, 0, Origin{File: "b.csv", Row: 1, Col: 1})
	if !c.origins.dense() || c.Origin(5).String() != "b.csv!A1" || c.Origin(6).String() != "a.csv!E8" {
		t.Errorf("after an overwrite: dense %v, %s, %s", c.origins.dense(), c.Origin(5), c.Origin(6))
	}
}
