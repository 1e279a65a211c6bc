package dataset

import (
	"math"
	"strings"
	"testing"
)

func TestCellName(t *testing.T) {
	tests := []struct {
		col, row int
		want     string
	}{{1, 1, "A1"}, {3, 14, "C14"}, {26, 2, "Z2"}, {27, 3, "AA3"}, {52, 1, "AZ1"}, {703, 9, "AAA9"}, {16384, 1048576, "XFD1048576"},
		{math.MaxInt64, math.MaxInt64, "CRPXNLSKVLJFHG9223372036854775807"}}
	for _, tc := range tests {
		if got := CellName(tc.col, tc.row); got != tc.want {
			t.Errorf("CellName(%d, %d) = %q, want %q", tc.col, tc.row, got, tc.want)
		}
	}
}

func TestOriginString(t *testing.T) {
	tests := []struct {
		o    Origin
		want string
	}{
		{Origin{}, ""},
		{Origin{File: "a.xlsx", Sheet: "2023", Row: 14, Col: 3}, "a.xlsx#2023!C14"},
		{Origin{File: "a.csv", Row: 2, Col: 1}, "a.csv!A2"},
		{Origin{File: "a.csv"}, "a.csv"},
		{Origin{Row: 2, Col: 2}, "!B2"},
		{Origin{File: "a.xlsx", Sheet: "s", Row: 2}, "a.xlsx#s"},
	}
	for _, tc := range tests {
		if got := tc.o.String(); got != tc.want {
			t.Errorf("%+v.String() = %q, want %q", tc.o, got, tc.want)
		}
		if got := string(tc.o.AppendTo([]byte("x"))); got != "x"+tc.want {
			t.Errorf("%+v.AppendTo(x) = %q, want %q", tc.o, got, "x"+tc.want)
		}
	}
}

func TestTable(t *testing.T) {
	tab := New()
	r0, added := tab.AddRow(Key{"A", 2022})
	c := tab.AddColumn("x", "万人", "全市")
	c.Set(r0, 1.5, Converted, Origin{File: "f.csv", Row: 2, Col: 2})
	r1, _ := tab.AddRow(Key{"B", 2023})
	if !added || r0 != 0 || r1 != 1 || tab.Len() != 2 {
		t.Fatalf("rows %d %d %v", r0, r1, added)
	}
	if _, again := tab.AddRow(Key{"A", 2022}); again {
		t.Error("AddRow added an existing key")
	}
	if v, ok := c.Value(1); ok || !math.IsNaN(v) || c.Flags[1]&Missing == 0 {
		t.Errorf("new row: %v %v %b", v, ok, c.Flags[1])
	}
	tab.SetLabel("province", 1, "东部")
	if tab.Label("province", 0) != "" || tab.Label("province", 1) != "东部" {
		t.Error("labels")
	}
	if ys := tab.Years(); len(ys) != 2 || ys[0] != 2022 {
		t.Errorf("years %v", ys)
	}
	sel := tab.Select(func(k Key) bool { return k.Year == 2022 })
	if sel.Len() != 1 || sel.Column("x").Origin(0).String() != "f.csv!B2" || sel.Column("x").Flags[0] != Converted {
		t.Errorf("Select lost data: %+v", sel.Column("x"))
	}
	if sel.Label("province", 0) != "" {
		t.Error("Select label")
	}
}

func TestMerge(t *testing.T) {
	a, b := New(), New()
	r, _ := a.AddRow(Key{"A", 2022})
	a.AddColumn("x", "", "").Set(r, 1, 0, Origin{File: "a.csv", Row: 2, Col: 2})
	r, _ = b.AddRow(Key{"A", 2022})
	b.AddColumn("x", "", "").Set(r, 1, 0, Origin{File: "b.csv", Row: 2, Col: 2})
	b.AddColumn("y", "", "").Set(r, 7, 0, Origin{})
	if err := a.Merge(b); err != nil {
		t.Fatal(err)
	}
	if v, _ := a.Column("y").Value(0); v != 7 {
		t.Errorf("merged y = %v", v)
	}
	b.Column("x").Set(0, 2, 0, Origin{File: "b.csv", Row: 2, Col: 2})
	err := a.Merge(b)
	if err == nil || !strings.Contains(err.Error(), "b.csv!B2") || !strings.Contains(err.Error(), "a.csv!B2") {
		t.Errorf("conflict: %v", err)
	}
}

func TestSchema(t *testing.T) {
	_, err := NewSchema("s", "1", []Node{
		{ID: "index", Parent: -1}, {ID: "g", Parent: 0}, {ID: "g", Parent: 0},
	})
	if err == nil || !strings.Contains(err.Error(), `duplicate node id "g"`) {
		t.Errorf("duplicate: %v", err)
	}
	_, err = NewSchema("s", "1", []Node{{ID: "index", Parent: -1}, {ID: "g", Parent: 2}, {ID: "h", Parent: 0}})
	if err == nil {
		t.Error("parent after child accepted")
	}
	s, err := NewSchema("s", "1", []Node{
		{ID: "index", Level: LevelIndex, Parent: -1},
		{ID: "g", Level: LevelGoal, Parent: 0},
		{ID: "i", Level: LevelIndicator, Parent: 1},
	})
	if err != nil || len(s.Nodes[1].Children) != 1 || s.Indicators()[0] != 2 {
		t.Errorf("schema %+v %v", s, err)
	}
}

func TestDirection(t *testing.T) {
	for text, want := range map[string]Direction{"positive": Positive, "+": Positive, "-1": Negative, "negative": Negative, "interval": Interval} {
		var d Direction
		if err := d.UnmarshalText([]byte(text)); err != nil || d != want {
			t.Errorf("%q → %v %v", text, d, err)
		}
	}
	var d Direction
	if err := d.UnmarshalText([]byte("up")); err == nil || !strings.Contains(err.Error(), "positive|negative|interval") {
		t.Errorf("up: %v", err)
	}
}

func TestIssueString(t *testing.T) {
	is := Issue{Kind: IssueInvalid, Unit: "A", Year: 2023, Variable: "x", Origin: Origin{File: "f.xlsx", Sheet: "S", Row: 3, Col: 2}, Text: "12,3a", Msg: "not a number"}
	if got, want := is.String(), `f.xlsx#S!B3: A 2023: x: invalid: not a number "12,3a"`; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// derivedTable has, for units A and B in 2023: gdp and gdp_pc read from a
// workbook; pop read for A, derived for B from gdp and gdp_pc; and a
// per-capita column computed by formula from pop and gdp.
func derivedTable() *Table {
	t := New()
	cell := func(r, c int) Origin { return Origin{File: "y.xlsx", Sheet: "S", Row: r, Col: c} }
	for i, u := range []UnitID{"A", "B"} {
		row, _ := t.AddRow(Key{u, 2023})
		t.AddColumn("gdp", "亿元", "").Set(row, 8122, 0, cell(i+2, 3))
		t.AddColumn("gdp_pc", "元", "").Set(row, 88519, 0, cell(i+2, 5))
	}
	pop := t.AddColumn("pop", "万人", "")
	pop.Basis = "resident"
	pop.Derivations = []Derivation{
		{Formula: "gdp * 10000 / gdp_pc", Operands: []VariableID{"gdp", "gdp_pc"}, Basis: "resident"},
		{Formula: "hukou", Operands: []VariableID{"hukou"}, Basis: "registered"},
	}
	pop.Set(0, 900, 0, cell(2, 2))
	pop.Set(1, 917.5, Computed|Derived, Origin{})
	pop.SetVia(1, 1)
	pc := t.AddColumn("pc", "元/人", "")
	pc.Formula, pc.Operands = "gdp * 10000 / pop + gdp_pc * 0", []VariableID{"gdp", "pop", "gdp_pc"}
	pc.Set(0, 90244, Computed, Origin{})
	pc.Set(1, 88519, Computed|Derived, Origin{})
	return t
}

func TestDerivation(t *testing.T) {
	tab := derivedTable()
	pop := tab.Column("pop")
	if pop.DerivationAt(0) != nil {
		t.Error("primary value has a derivation")
	}
	if d := pop.DerivationAt(1); d == nil || d.Formula != "gdp * 10000 / gdp_pc" || d.Basis != "resident" {
		t.Errorf("DerivationAt(1) = %+v", d)
	}
	// A new row is primary.
	row, _ := tab.AddRow(Key{"C", 2024})
	if len(pop.Via) != 3 || pop.DerivationAt(row) != nil {
		t.Errorf("AddRow: Via %v", pop.Via)
	}
	// Select keeps the derivation of the rows it keeps, and the metadata.
	sel := tab.Select(func(k Key) bool { return k.Unit != "A" })
	sp := sel.Column("pop")
	if d := sp.DerivationAt(0); d == nil || d.Formula != "gdp * 10000 / gdp_pc" || sp.Basis != "resident" || len(sp.Via) != 2 {
		t.Errorf("Select: Via %v, derivation %+v, basis %q", sp.Via, d, sp.Basis)
	}
	if sel.Column("pc").Formula == "" {
		t.Error("Select lost the formula")
	}
	sp.Derivations[0].Operands[0] = "changed"
	if pop.Derivations[0].Operands[0] != "gdp" {
		t.Error("Select shares the operands")
	}
	// Merge maps a derived value to the destination's derivation list.
	dst := New()
	r, _ := dst.AddRow(Key{"B", 2023})
	dp := dst.AddColumn("pop", "万人", "")
	dp.Derivations = []Derivation{{Formula: "hukou", Basis: "registered"}}
	dp.Set(r, math.NaN(), Missing, Origin{})
	if err := dst.Merge(tab); err != nil {
		t.Fatal(err)
	}
	if d := dp.DerivationAt(r); d == nil || d.Formula != "gdp * 10000 / gdp_pc" || len(dp.Derivations) != 2 || dp.Via[r] != 2 {
		t.Errorf("Merge: Via %v, derivations %+v", dp.Via, dp.Derivations)
	}
	if a, _ := dst.Row(Key{"A", 2023}); dp.DerivationAt(a) != nil {
		t.Error("Merge: primary value got a derivation")
	}
	// Set resets the row to the primary source.
	pop.Set(1, 1, 0, Origin{})
	if pop.DerivationAt(1) != nil {
		t.Error("Set kept the derivation")
	}
}

func TestSetViaRange(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("SetVia beyond the derivations did not panic")
		}
	}()
	derivedTable().Column("pop").SetVia(0, 3)
}

func TestSources(t *testing.T) {
	tab := derivedTable()
	tab.AddColumn("loop", "", "").Formula = "loop * 2"
	tab.Column("loop").Operands = []VariableID{"loop", "gdp"}
	tests := []struct {
		id   VariableID
		row  int
		want string
	}{
		{"pop", 0, "y.xlsx#S!B2"},             // read from a cell
		{"pop", 1, "y.xlsx#S!C3 y.xlsx#S!E3"}, // derived: its operands
		{"pc", 0, "y.xlsx#S!C2 y.xlsx#S!B2 y.xlsx#S!E2"},
		{"pc", 1, "y.xlsx#S!C3 y.xlsx#S!E3"}, // gdp once, through pop
		{"gdp", 1, "y.xlsx#S!C3"},
		{"loop", 0, "y.xlsx#S!C2"}, // a cycle ends
		{"nope", 0, ""},
		{"pop", 7, ""},
	}
	for _, tc := range tests {
		var got []string
		for _, o := range tab.Sources(tc.id, tc.row) {
			got = append(got, o.String())
		}
		if strings.Join(got, " ") != tc.want {
			t.Errorf("Sources(%s, %d) = %q, want %q", tc.id, tc.row, got, tc.want)
		}
		// Appended after other origins, the same ones: one already
		// there is appended again.
		first := Origin{File: "y.xlsx", Sheet: "S", Row: 3, Col: 3}
		got = got[:0]
		for _, o := range tab.AppendSources([]Origin{first}, tc.id, tc.row)[1:] {
			got = append(got, o.String())
		}
		if strings.Join(got, " ") != tc.want {
			t.Errorf("AppendSources(%s, %d) after %s: %q, want %q", tc.id, tc.row, first, got, tc.want)
		}
	}
	if n := testing.AllocsPerRun(100, func() { tab.AppendSources(make([]Origin, 0, 8), "pc", 0) }); n > 1 {
		t.Errorf("AppendSources: %v allocations a call, want the slice's only", n)
	}
}

// TestIssueKindsLabelled fails when a kind has no name or no label in
// either language, or when two kinds share a name.
func TestIssueKindsLabelled(t *testing.T) {
	seen := map[string]IssueKind{}
	kinds := IssueKinds()
	if len(kinds) == 0 {
		t.Fatal("no issue kinds")
	}
	for _, k := range kinds {
		name := k.String()
		if name == "" || issueKinds[k].label.Zh == "" || issueKinds[k].label.En == "" {
			t.Errorf("kind %d (%q): name %q, labels %+v: every kind needs a name and both labels", k, name, name, issueKinds[k].label)
		}
		if prev, ok := seen[name]; ok {
			t.Errorf("kinds %d and %d share the name %q", prev, k, name)
		}
		seen[name] = k
		var back IssueKind
		if err := back.UnmarshalText([]byte(name)); err != nil || back != k {
			t.Errorf("UnmarshalText(%q) = %v, %v; want %v", name, back, err, k)
		}
	}
	if _, err := IssueKind(0).MarshalText(); err == nil {
		t.Error("the zero kind marshals; want an error")
	}
}

// BenchmarkSources: the cells behind a computed value (three operands,
// one of them derived), as a writer asks them cell after cell.
func BenchmarkSources(b *testing.B) {
	tab := derivedTable()
	b.Run("Sources", func(b *testing.B) {
		for b.Loop() {
			tab.Sources("pc", 0)
		}
	})
	b.Run("AppendSources", func(b *testing.B) {
		var buf []Origin
		for b.Loop() {
			buf = tab.AppendSources(buf[:0], "pc", 0)
		}
	})
}
