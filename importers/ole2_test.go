package importers_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/cityscore/cityscore/importers"
	"github.com/cityscore/cityscore/indicators"
)

// TestReadLegacyWorkbooks checks that every kind of OLE2 file is refused
// with its real format named and, where one exists, the command that
// converts it. The files are built here: a compound file holding a BIFF
// Workbook stream, with or without a FILEPASS record.
func TestReadLegacyWorkbooks(t *testing.T) {
	fw, err := indicators.Parse([]byte("id: t\nname: T\ngoals:\n  - id: g\n    name: G\n    indicators:\n      - {id: x, name: X, unit: '1', direction: positive}\n"), "t.yaml")
	if err != nil {
		t.Fatal(err)
	}
	salt := [16]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}
	verifier := [16]byte{'c', 'i', 't', 'y', 's', 'c', 'o', 'r', 'e', 1, 2, 3, 4, 5, 6, 7}
	cryptoAPI := []byte{1, 0, 2, 0, 2, 0}
	tests := []struct {
		name string
		data []byte
		err  error
		want []string // substrings of the message
	}{
		{"BIFF8 workbook", compoundFile("Workbook", biffWorkbook(nil)), importers.ErrLegacyXLS,
			[]string{"Excel 97–2003 workbook (BIFF8)", `libreoffice --headless --convert-to xlsx "x.xls"`}},
		{"BIFF5 workbook", compoundFile("Book", biffWorkbook(nil)), importers.ErrLegacyXLS,
			[]string{"Excel 5.0/95 workbook (BIFF5)", "libreoffice"}},
		{"RC4 with Excel's default password", compoundFile("Workbook", biffWorkbook(rc4FilePass("VelvetSweatshop", salt, verifier))), importers.ErrEncrypted,
			[]string{"(BIFF8) encrypted with RC4", `default password "VelvetSweatshop"`, `libreoffice --headless --convert-to xlsx "x.xls"`}},
		{"RC4 with a password", compoundFile("Workbook", biffWorkbook(rc4FilePass("secret", salt, verifier))), importers.ErrEncrypted,
			[]string{"encrypted with RC4 and a password", "save it as .xlsx"}},
		{"RC4 CryptoAPI", compoundFile("Workbook", biffWorkbook(append(cryptoAPI, make([]byte, 40)...))), importers.ErrEncrypted,
			[]string{"RC4 CryptoAPI"}},
		{"XOR obfuscation", compoundFile("Workbook", biffWorkbook([]byte{0, 0, 1, 2, 3, 4})), importers.ErrEncrypted,
			[]string{"XOR obfuscation"}},
		{"encrypted xlsx", compoundFile("EncryptionInfo", []byte{4, 0, 4, 0}), importers.ErrEncrypted,
			[]string{"encrypted .xlsx"}},
		{"Word document", compoundFile("WordDocument", []byte{1}), importers.ErrBinary,
			[]string{"without a workbook stream"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := importers.Read(bytes.NewReader(tt.data), "x.xls", importers.Options{Framework: fw})
			if !errors.Is(err, tt.err) {
				t.Fatalf("error %v, want %v", err, tt.err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("message %q lacks %q", err, w)
				}
			}
		})
	}
}
