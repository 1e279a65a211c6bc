package importers

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadRefusedFormats(t *testing.T) {
	fw := framework(t)
	ole2 := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 504)...)
	encrypted := append(append([]byte(nil), ole2...), encryptionInfo...)
	tests := []struct {
		name string
		data []byte
		err  error
		msg  string
	}{
		{"damaged OLE2 file", ole2, ErrLegacyXLS,
			`data.xls: legacy .xls (BIFF) is not read: an OLE2 compound file (the container of legacy Office files) ` +
				`that is damaged or truncated; if Excel or LibreOffice opens it, convert it: libreoffice --headless --convert-to xlsx "data.xls"`},
		{"encrypted workbook", encrypted, ErrEncrypted, ""},
		{"HTML page without a table", []byte("<html><body><p>请稍候</p></body></html>"), ErrHTML, ""},
		{"binary", []byte("%PDF-1.4\x00\x01\x02"), ErrBinary, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reads := []func() error{
				func() error {
					_, _, err := Read(bytes.NewReader(tt.data), "data.xls", Options{Framework: fw})
					return err
				},
				func() error {
					_, _, err := ReadCSV(bytes.NewReader(tt.data), "data.xls", Options{Framework: fw})
					return err
				},
				func() error {
					_, _, err := ReadWorkbook(bytes.NewReader(tt.data), "data.xls", Options{Framework: fw})
					return err
				},
			}
			if tt.err == ErrHTML {
				reads = reads[:1] // ReadCSV and ReadWorkbook refuse HTML by name
			}
			for _, read := range reads {
				err := read()
				if !errors.Is(err, tt.err) {
					t.Fatalf("error %v, want %v", err, tt.err)
				}
				if tt.msg != "" && err.Error() != tt.msg {
					t.Errorf("message:\n%s\nwant:\n%s", err, tt.msg)
				}
			}
		})
	}
}

func TestSniffText(t *testing.T) {
	// Text that starts with "<" but is no HTML table is read as CSV.
	tab, _, err := Read(strings.NewReader("<city>,gdp\nA,1\n"), "x.csv", Options{Framework: framework(t)})
	if err != nil || dump(tab) != "A: gdp=1\n" {
		t.Errorf("got %q, %v", dump(tab), err)
	}
}

// writeFiles creates files in a new temporary folder.
func writeFiles(t *testing.T, files map[string][]byte) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestReadPaths(t *testing.T) {
	fw := framework(t)
	xlsx := workbook(t,
		sheetSpec{name: "2020", rows: [][]any{{"city", "地区生产总值（万元）"}, {"A", 20000}}},
		sheetSpec{name: "2021", rows: [][]any{{"city", "gdp"}, {"A", 3}}})
	dir := writeFiles(t, map[string][]byte{
		"a.csv":        []byte("city,year,gdp,省份\nA,2019,1,P\n"),
		"b.xlsx":       xlsx,
		"c.TXT":        []byte("city\tyear\tpop\nA\t2019\t7\n"),
		"notes.md":     []byte("not data"),
		"~$b.xlsx":     []byte("lock file"),
		".hidden.csv":  []byte("garbage\x00"),
		"sub/d.csv":    []byte("city,gdp\nZ,1\n"),
		"same/a.csv":   []byte("city,year,gdp\nA,2019,1\n"),
		"clash/a.csv":  []byte("city,year,gdp\nA,2019,2\n"),
		"empty/x.json": []byte("{}"),
	})
	t.Run("folder", func(t *testing.T) {
		tab, rep, err := ReadPaths([]string{dir}, Options{Framework: fw})
		if err != nil {
			t.Fatal(err)
		}
		want := "A 2019: gdp=1 pop=7 省份=P\nA 2020: gdp=2* pop=-\nA 2021: gdp=3 pop=-\n"
		if got := dump(tab); got != want {
			t.Errorf("table:\n%s\nwant:\n%s", got, want)
		}
		var files []string
		for _, f := range rep.Files {
			files = append(files, filepath.Base(f.File))
		}
		if strings.Join(files, " ") != "a.csv b.xlsx c.TXT" {
			t.Errorf("files %v", files)
		}
	})
	t.Run("equal values in two files", func(t *testing.T) {
		tab, _, err := ReadPaths([]string{filepath.Join(dir, "a.csv"), filepath.Join(dir, "same")}, Options{Framework: fw})
		if err != nil || dump(tab) != "A 2019: gdp=1 省份=P\n" {
			t.Errorf("got %q, %v", dump(tab), err)
		}
	})
	t.Run("conflict", func(t *testing.T) {
		_, _, err := ReadPaths([]string{filepath.Join(dir, "a.csv"), filepath.Join(dir, "clash")}, Options{Framework: fw})
		if err == nil || !strings.Contains(err.Error(), "conflicts") {
			t.Errorf("error %v", err)
		}
	})
	t.Run("errors of every file", func(t *testing.T) {
		bad := writeFiles(t, map[string][]byte{"x.csv": []byte("city,gdp\nA,x\n"), "y.csv": []byte("city,gdp\nB,y\n")})
		_, _, err := ReadPaths([]string{bad}, Options{Framework: fw})
		if err == nil || !strings.Contains(err.Error(), "x.csv:2:3") || !strings.Contains(err.Error(), "y.csv:2:3") {
			t.Errorf("error %v", err)
		}
	})
	t.Run("folder without data files", func(t *testing.T) {
		if _, _, err := ReadPaths([]string{filepath.Join(dir, "empty")}, Options{Framework: fw}); err == nil {
			t.Error("no error")
		}
	})
	t.Run("no such path", func(t *testing.T) {
		if _, _, err := ReadPaths([]string{filepath.Join(dir, "nope.csv")}, Options{Framework: fw}); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("error %v", err)
		}
	})
	t.Run("no paths", func(t *testing.T) {
		if _, _, err := ReadPaths(nil, Options{Framework: fw}); err == nil {
			t.Error("no error")
		}
	})
}

func TestReadPathsAlignsUnits(t *testing.T) {
	fw := framework(t)
	dir := writeFiles(t, map[string][]byte{
		"a.csv": []byte("city,year,原始数（万人）\nA,2019,1.5\n"),
		"b.csv": []byte("city,year,原始数（人）\nA,2020,25000\n"),
		"c.csv": []byte("city,year,原始数（万元）\nA,2021,1\n"),
	})
	tab, _, err := ReadPaths([]string{filepath.Join(dir, "a.csv"), filepath.Join(dir, "b.csv")}, Options{Framework: fw})
	if err != nil {
		t.Fatal(err)
	}
	if got := dump(tab); got != "A 2019: raw=1.5\nA 2020: raw=2.5*\n" || tab.Column("raw").Unit != "万人" {
		t.Errorf("table %q, unit %q", got, tab.Column("raw").Unit)
	}
	_, _, err = ReadPaths([]string{filepath.Join(dir, "a.csv"), filepath.Join(dir, "c.csv")}, Options{Framework: fw})
	if !errors.Is(err, ErrUnit) {
		t.Errorf("error %v, want ErrUnit", err)
	}
}
