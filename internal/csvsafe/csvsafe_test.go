package csvsafe

import (
	"bytes"
	"encoding/csv"
	"testing"
)

func TestField(t *testing.T) {
	for in, want := range map[string]string{
		"":                   "",
		"北京市":                "北京市",
		"=1+1":               "'=1+1",
		"+86 10 1234":        "'+86 10 1234",
		"-2+3":               "'-2+3",
		"@SUM(A1:A2)":        "'@SUM(A1:A2)",
		"\t=1":               "'\t=1",
		"\r=1":               "'\r=1",
		"=HYPERLINK(\"x\")":  "'=HYPERLINK(\"x\")",
		"-2.5":               "-2.5",
		"-0.1":               "-0.1",
		"+3":                 "+3",
		"1e-5":               "1e-5",
		"-1.5E+10":           "-1.5E+10",
		"-.5":                "-.5",
		"-5.":                "-5.",
		"-":                  "'-",
		"-e5":                "'-e5",
		"-1e":                "'-1e",
		"-Inf":               "'-Inf",
		"-NaN":               "'-NaN",
		"-0x1p-2":            "'-0x1p-2",
		"-1_000":             "'-1_000",
		"a=1":                "a=1",
		" =1":                " =1",
		"innovative;livable": "innovative;livable",
	} {
		if got := Field(in); got != want {
			t.Errorf("Field(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWriter(t *testing.T) {
	rec := []string{"=cmd|' /C calc'!A0", "-2.5", "北京市"}
	for _, raw := range []bool{false, true} {
		var b bytes.Buffer
		w := NewWriter(&b, raw)
		if err := w.Write(rec); err != nil {
			t.Fatal(err)
		}
		w.Flush()
		if err := w.Error(); err != nil {
			t.Fatal(err)
		}
		got, err := csv.NewReader(&b).Read()
		if err != nil {
			t.Fatal(err)
		}
		want := "'" + rec[0]
		if raw {
			want = rec[0]
		}
		if got[0] != want || got[1] != "-2.5" || got[2] != "北京市" {
			t.Errorf("raw %v: %q", raw, got)
		}
		if rec[0] != "=cmd|' /C calc'!A0" {
			t.Fatal("Write changed its argument")
		}
	}
}

// FuzzAppendField: a line of AppendField fields is what Writer writes for
// the same record, raw or not.
func FuzzAppendField(f *testing.F) {
	for _, s := range []string{"", "a", "北京市", "a,b", `say "hi"`, " lead", "\tx", "x\r\ny", `\.`, "=1+2", "-3.5", "@x", "\u3000全角"} {
		f.Add(s, "1.5", false)
		f.Add(s, s, true)
	}
	f.Fuzz(func(t *testing.T, a, b string, raw bool) {
		var want bytes.Buffer
		w := NewWriter(&want, raw)
		if err := w.Write([]string{a, b}); err != nil {
			t.Skip()
		}
		w.Flush()
		line := AppendField(nil, a, raw)
		line = append(line, ',')
		line = AppendField(line, b, raw)
		line = append(line, '\n')
		if string(line) != want.String() {
			t.Errorf("AppendField: %q; Writer: %q", line, want.String())
		}
	})
}
