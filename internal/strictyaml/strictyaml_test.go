package strictyaml

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// bomb returns a document of levels anchors, each a list of ten aliases
// of the one before: it stands for 10^levels scalars.
func bomb(levels int) []byte {
	var b strings.Builder
	b.WriteString("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i <= levels; i++ {
		fmt.Fprintf(&b, "a%d: &a%d [", i, i)
		for k := range 10 {
			if k > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "*a%d", i-1)
		}
		b.WriteString("]\n")
	}
	fmt.Fprintf(&b, "all: *a%d\n", levels)
	return []byte(b.String())
}

func TestAliasesRefused(t *testing.T) {
	d := &Decoder{File: "f.yaml", Kind: "framework"}
	start := time.Now()
	root := d.Parse(bomb(20))
	if root != nil {
		t.Fatal("a document with aliases was accepted")
	}
	// A loader walking what Parse returned would visit 10^21 nodes: Parse
	// must refuse the document without expanding an alias.
	if el := time.Since(start); el > 2*time.Second {
		t.Errorf("Parse took %v", el)
	}
	ps := AsProblems(d.Err())
	if len(ps) != MaxProblems+1 {
		t.Fatalf("%d problems, want %d listed and a count", len(ps), MaxProblems+1)
	}
	if got, want := ps[0].Error(), "f.yaml:1:5: anchors are not allowed in a framework file: remove &a0"; got != want {
		t.Errorf("first problem %q, want %q", got, want)
	}
	if got, want := ps[2].Error(), "f.yaml:2:10: aliases are not allowed in a framework file: write out what *a0 stands for (the anchor &a0 at line 1)"; got != want {
		t.Errorf("third problem %q, want %q", got, want)
	}
	if got := ps[MaxProblems].Error(); got != "f.yaml: … and 122 more problems (the first 100 are listed)" {
		t.Errorf("last line %q", got)
	}

	// A merge key is an alias too.
	d = &Decoder{File: "p.yaml", Kind: "profile"}
	if d.Parse([]byte("base: &b {x: 1}\nother:\n  <<: *b\n")) != nil {
		t.Fatal("merge key accepted")
	}
	if err := d.Err(); !strings.Contains(err.Error(), "p.yaml:3:7: aliases are not allowed in a profile file") {
		t.Errorf("merge key: %v", err)
	}
}

func TestSecondDocument(t *testing.T) {
	for _, tc := range []struct{ doc, want string }{
		{"id: x\n---\nid: y\n", "f.yaml:2:1: a framework file holds one YAML document; found a second at line 2"},
		{"id: x\n...\n---\n# c\n---\n[1]\n", "f.yaml:5:1: a framework file holds one YAML document; found a second at line 5"},
		{"id: x\n---\n[", "f.yaml:3: did not find expected node content"},
		{"id: x\n---\n---\nfoo: 1\n", "f.yaml:3:1: a framework file holds one YAML document; found a second at line 3"},
	} {
		d := &Decoder{File: "f.yaml", Kind: "framework"}
		if d.Parse([]byte(tc.doc)) != nil {
			t.Errorf("%q accepted", tc.doc)
			continue
		}
		if err := d.Err(); err == nil || err.Error() != tc.want {
			t.Errorf("%q: %v, want %s", tc.doc, err, tc.want)
		}
	}
	// An empty document after the first, or a document end marker, is
	// harmless.
	for _, doc := range []string{"id: x\n---\n", "id: x\n--- # nothing\n", "id: x\n...\n", "---\nid: x\n"} {
		d := &Decoder{File: "f.yaml"}
		if d.Parse([]byte(doc)) == nil {
			t.Errorf("%q refused: %v", doc, d.Err())
		}
	}
}

func TestParseNumber(t *testing.T) {
	for _, tc := range []struct {
		s    string
		want float64
		err  string
	}{
		{"1e-400", 0, "1e-400 is too small to represent; write 0 if you mean 0"},
		{"-2.5e-999", 0, "-2.5e-999 is too small to represent"},
		{"0x1p-2000", 0, "too small"},
		{"1e400", 0, "1e400 is too large to represent (the largest number is about 1.8e308)"},
		{"-1e309", 0, "too large"},
		{"1e-200/1e200", 0, "1e-200/1e200 is too small to represent"},
		{"1e200/1e-200", 0, "1e200/1e-200 is too large to represent"},
		{"1/1e-400", 0, "1e-400 is too small"},
		{"1/0", 0, `"1/0" divides by 0`},
		{"inf", 0, `"inf" is not a number`},
		{"NaN", 0, `"NaN" is not a number`},
		{"x", 0, `"x" is not a number`},
		{"1/x", 0, `"1/x" is not a number or fraction a/b`},
		{"0", 0, ""},
		{"-0.000e-999", 0, ""},
		{"0x0p-5000", 0, ""},
		{"1e-310", 1e-310, ""}, // subnormal, but not 0
		{"1.7e308", 1.7e308, ""},
		{"1/3", 1.0 / 3, ""},
		{" 2 ", 2, ""},
	} {
		v, err := ParseNumber(tc.s)
		switch {
		case tc.err == "" && err != nil:
			t.Errorf("ParseNumber(%q): %v", tc.s, err)
		case tc.err == "" && v != tc.want:
			t.Errorf("ParseNumber(%q) = %v, want %v", tc.s, v, tc.want)
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("ParseNumber(%q) = %v, %v; want error %q", tc.s, v, err, tc.err)
		}
	}
	// Float reports the problem at the number.
	d := &Decoder{File: "f.yaml"}
	root := d.Parse([]byte("w: [1, 1e-400]\n"))
	if _, ok := d.Float(root.Content[1].Content[1], "w[1]"); ok {
		t.Fatal("1e-400 read as a number")
	}
	if err := d.Err(); err == nil || err.Error() != "f.yaml:1:8: w[1]: 1e-400 is too small to represent; write 0 if you mean 0" {
		t.Errorf("Float: %v", err)
	}
	huge := strings.Repeat("9", 100000)
	if _, err := ParseNumber(huge + "x"); err == nil || len(err.Error()) > 200 {
		t.Errorf("a long bad number: %.300v", err)
	}
}

func TestProblemsCapped(t *testing.T) {
	d := &Decoder{File: "f.yaml"}
	for i := range 1_000_000 {
		d.ErrorAt(1_000_000-i, 1, "", "problem %d", i)
	}
	ps := AsProblems(d.Err())
	if len(ps) != MaxProblems+1 {
		t.Fatalf("%d problems listed", len(ps))
	}
	if len(d.Problems) > maxStored {
		t.Errorf("%d problems kept", len(d.Problems))
	}
	if got := ps[MaxProblems].Error(); got != "f.yaml: … and 999900 more problems (the first 100 are listed)" {
		t.Errorf("count line %q", got)
	}
	// Reset drops what was recorded after a mark, counted ones too.
	d = &Decoder{File: "f.yaml"}
	d.ErrorAt(1, 1, "", "kept")
	m := d.Mark()
	for range 2 * maxStored {
		d.ErrorAt(2, 1, "", "dropped")
	}
	d.Reset(m)
	if err := d.Err(); err == nil || err.Error() != "f.yaml:1:1: kept" {
		t.Errorf("after Reset: %v", err)
	}
}

func TestLongScalarQuoted(t *testing.T) {
	long := strings.Repeat("z", 900_000)
	d := &Decoder{File: "f.yaml"}
	root := d.Parse([]byte("k: " + long + "\n? " + long + "\n: 1\n"))
	if root == nil {
		t.Fatal(d.Err())
	}
	fields := d.Mapping(root, "", []string{"k"})
	d.Float(fields[0].Value, "k")
	d.Mapping(fields[0].Value, "k", nil)
	d.Errorf(fields[0].Value, "k", "value %q, key %q, count %d, %%q", long, "short", 3)
	err := d.Err()
	if err == nil {
		t.Fatal("no error")
	}
	ps := AsProblems(err)
	if len(ps) != 4 {
		t.Fatalf("%d problems:\n%.2000v", len(ps), err)
	}
	q := `"` + strings.Repeat("z", MaxQuote) + `"… (900000 characters)`
	for _, p := range ps {
		if n := len(p.Error()); n > 400 {
			t.Errorf("a problem of %d bytes: %.300s…", n, p.Error())
		}
		if !strings.Contains(p.Error(), q) {
			t.Errorf("%q does not quote the start of the value", p.Error())
		}
	}
	if want := "value " + q + `, key "short", count 3, %q`; ps[2].Msg != want {
		t.Errorf("Errorf message %q, want %q", ps[3].Msg, want)
	}
	// Quote counts characters, not bytes, and cuts between them.
	han := strings.Repeat("城", MaxQuote+1)
	if got, want := Quote(han), `"`+strings.Repeat("城", MaxQuote)+`"… (81 characters)`; got != want {
		t.Errorf("Quote = %q, want %q", got, want)
	}
	if got := Quote(strings.Repeat("城", MaxQuote)); got != `"`+strings.Repeat("城", MaxQuote)+`"` {
		t.Errorf("Quote of %d characters cut: %q", MaxQuote, got)
	}
}

func TestSizeLimit(t *testing.T) {
	big := bytes.Repeat([]byte("# padding\n"), MaxSize/10+1)
	d := &Decoder{File: "f.yaml", Kind: "framework"}
	if d.Parse(big) != nil {
		t.Fatal("a document larger than MaxSize was parsed")
	}
	want := "f.yaml: the file is larger than 2 MiB, the most a framework file may hold"
	if err := d.Err(); err == nil || err.Error() != want {
		t.Errorf("Parse: %v", err)
	}
	path := filepath.Join(t.TempDir(), "f.yaml")
	if err := os.WriteFile(path, big, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadFile(path, "framework"); err == nil || !strings.HasSuffix(err.Error(), "the file is larger than 2 MiB, the most a framework file may hold") {
		t.Errorf("ReadFile: %v", err)
	}
	if _, err := ReadAll(bytes.NewReader(big), "stdin", "profile"); err == nil || err.Error() != "stdin: the file is larger than 2 MiB, the most a profile file may hold" {
		t.Errorf("ReadAll: %v", err)
	}
	if data, err := ReadFile(path+".missing", "framework"); data != nil || !os.IsNotExist(err) {
		t.Errorf("ReadFile of a missing file: %v", err)
	}
}

func TestNotYAML(t *testing.T) {
	for _, tc := range []struct {
		data []byte
		want string
	}{
		{[]byte("PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00rest of a workbook"),
			`f.yaml: not a YAML framework: the file holds binary data (it begins "PK\x03\x04\x14\x00\x06\x00\b\x00\x00\x00!\x00re"…)`},
		{[]byte("id: x\nname: \xb3\xc7\xca\xd0\n"),
			"f.yaml:2: not UTF-8 text: byte 0xB3; save the framework file as UTF-8 (a file saved as GBK or Latin-1 is not read)"},
		{[]byte("unit,a,b\n" + strings.Repeat("city,1,2\n", 10000)),
			`f.yaml:1:1: not a YAML framework: want a mapping of keys (id:, goals: …), found text; the file begins "unit,a,b"`},
		{[]byte(strings.Repeat("x", 1000) + "\n"),
			`f.yaml:1:1: not a YAML framework: want a mapping of keys (id:, goals: …), found text; the file begins "` + strings.Repeat("x", MaxQuote) + `"… (1000 characters)`},
		{[]byte("- id: x\n"),
			`f.yaml:1:1: not a YAML framework: want a mapping of keys (id:, goals: …), found a list; the file begins "- id: x"`},
	} {
		d := &Decoder{File: "f.yaml", Kind: "framework"}
		if root := d.Parse(tc.data); root != nil {
			d.Mapping(root, "", []string{"id", "goals"})
		}
		if err := d.Err(); err == nil || err.Error() != tc.want {
			t.Errorf("%.20q: %v\nwant %s", tc.data, err, tc.want)
		}
	}
	// A UTF-16 file with its byte order mark is YAML.
	d := &Decoder{File: "f.yaml"}
	if root := d.Parse([]byte("\xff\xfei\x00d\x00:\x00 \x00x\x00\n\x00")); root == nil {
		t.Errorf("UTF-16: %v", d.Err())
	}
}

func TestShortArgs(t *testing.T) {
	long := strings.Repeat("a", 100)
	for _, tc := range []struct {
		format string
		args   []any
		want   string
	}{
		{"%q and %s", []any{long, long}, Quote(long) + " and " + long},
		{"%5.2f %q %%q %v", []any{1.0, long, 2}, " 1.00 " + Quote(long) + " %q 2"},
		{"%[1]q", []any{long}, fmt.Sprintf("%q", long)},
		{"%q", []any{"short"}, `"short"`},
		{"%q %d", []any{[]byte("b")}, `"b" %!d(MISSING)`},
	} {
		f, a := shortArgs(tc.format, tc.args)
		if got := fmt.Sprintf(f, a...); got != tc.want {
			t.Errorf("%q: %q, want %q", tc.format, got, tc.want)
		}
	}
}
