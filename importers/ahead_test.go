package importers

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// A large text file read by path is parsed while it is read (ahead.go):
// the table, its origins, the report, the error and the digest are those
// of the same bytes read whole. Small chunks and a low threshold make the
// reader and the splitter meet often; the texts cover the fallbacks (a
// late quote, a late NUL, GB18030, no line break in the first chunk, a
// BOM) and a long last line without a line break.
func TestReadFileAhead(t *testing.T) {
	var b strings.Builder
	b.WriteString("城市,年份,gdp,pop\n")
	for i := range 30_000 {
		fmt.Fprintf(&b, "单元%05d,2020,%d.25,%d\n", i, i, i%97)
		if i%1000 == 0 {
			b.WriteString("\n")
		}
	}
	plain := b.String()
	if len(plain) < 3*batchBytes {
		t.Fatalf("%d bytes: fewer than three batches", len(plain))
	}
	gbk, err := simplifiedchinese.GB18030.NewEncoder().String(plain)
	if err != nil {
		t.Fatal(err)
	}
	opt := Options{Framework: framework(t), AllowUnknownUnits: true}
	defer func(v, c int) { validateAhead, aheadChunk = v, c }(validateAhead, aheadChunk)
	for _, tt := range []struct{ name, text string }{
		{"plain", plain},
		{"bad cells", plain + "单元x,2020,abc,1\n单元00001,2020,1,2\n"},
		{"late quote", plain + "\"单元,y\",2020,1,2\n"},
		{"late NUL", plain + "单元\x00,2020,1,2\n"},
		{"gb18030", gbk},
		{"no line break early", strings.Repeat("x", 20_000) + "," + plain},
		{"BOM", "\uFEFF" + plain},
		{"last line unended", plain + "单元99999,2020,7," + strings.Repeat("1", 9000)},
	} {
		for _, chunk := range []int{4 << 10, 64 << 10} {
			t.Run(fmt.Sprintf("%s/%d", tt.name, chunk), func(t *testing.T) {
				validateAhead, aheadChunk = 16<<10, chunk
				path := filepath.Join(t.TempDir(), "a.csv")
				if err := os.WriteFile(path, []byte(tt.text), 0o644); err != nil {
					t.Fatal(err)
				}
				got, grep, gerr := ReadFile(path, opt)
				validateAhead = 1 << 30 // read whole
				want, wrep, werr := ReadCSV(strings.NewReader(tt.text), path, opt)
				sameRead(t, "read ahead: ", "read whole", got, grep, gerr, want, wrep, werr)
				if grep != nil {
					sum := sha256.Sum256([]byte(tt.text))
					if f := grep.Files[0]; f.SHA256 != hex.EncodeToString(sum[:]) || f.Bytes != int64(len(tt.text)) {
						t.Errorf("digest %s of %d bytes, want %x of %d", f.SHA256, f.Bytes, sum, len(tt.text))
					}
				}
			})
		}
	}
}
