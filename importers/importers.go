package importers

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/indicators"
)

// Options say how to read data files. The zero value of every field but
// Framework is the documented default.
type Options struct {
	// Framework is required: headers are matched to its inputs and
	// indicators, and values are converted to their units.
	Framework *indicators.Framework
	// UnitColumn is the header of the unit (city) column, matched exactly
	// or after folding. "" means the first column of a wide table (the
	// second when the first is the year), and the unit or 城市 column of a
	// long one; under units: cn-city, a code or city column is looked for
	// first (see the package documentation, "Units as cities").
	UnitColumn string
	// Year is the year of every row of a file whose rows carry no year (no
	// year column and no year in the sheet name). 0 means none: the rows
	// have year 0. A yearbook table takes the year of its banner
	// (中国2020年…) before this one, and without either the year before the
	// edition its path names (中国城市统计年鉴2024 → 2023).
	Year int
	// AllowUnknownUnits keeps the rows whose city the city table (package
	// cities) does not know, under the name as printed and without a code,
	// and reports them (UnitNote.Kept). Cities are resolved in yearbook
	// tables, and in every table when the framework's units are
	// prefecture-level cities (indicators.UnitsCNCity), where a province or
	// a county-level city is kept the same way. false (the default) makes
	// such a row an error (ErrUnknownUnit) that proposes the closest known
	// names.
	AllowUnknownUnits bool
	// Dictionary maps yearbook columns to input ids (seeds.Yearbook is the
	// built-in one, which the command passes). nil: yearbook columns are
	// matched by the framework's names and aliases only.
	Dictionary *Dictionary
	// Limits bound what one file may make the reader hold (see Limits);
	// the zero value is DefaultLimits.
	Limits Limits
	// ReadSpecialFiles lets ReadFile and ReadPaths read a path that is no
	// regular file: a named pipe (FIFO), a device such as /dev/stdin, a
	// socket; at most Limits.FileSize bytes of it. false (the default)
	// refuses them with ErrNotRegular: /dev/zero never ends, and a FIFO
	// without a writer blocks the read forever.
	ReadSpecialFiles bool
}

// Format is a data file format, as detected from the content.
type Format string

// Formats the package reads.
const (
	FormatCSV  Format = "csv" // CSV or tab-separated text
	FormatXLSX Format = "xlsx"
	FormatHTML Format = "html" // an HTML table, as web exports save under a .xls name
)

// format is what sniff finds, including the formats that are refused.
type format int

const (
	sniffText format = iota
	sniffXLSX
	sniffOLE2
	sniffEncrypted
	sniffHTML
	sniffBinary
	sniffParquet
)

var (
	zipMagic  = []byte("PK\x03\x04")
	ole2Magic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	// encryptionInfo is the UTF-16LE name of the stream that holds the key
	// of a password-protected OOXML workbook inside its OLE2 container.
	encryptionInfo = []byte("E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n\x00I\x00n\x00f\x00o\x00")
)

// sniff detects the format of a file from its first bytes.
func sniff(data []byte) format {
	switch {
	case bytes.HasPrefix(data, zipMagic):
		return sniffXLSX
	case bytes.HasPrefix(data, parquetMagic):
		return sniffParquet
	case bytes.HasPrefix(data, ole2Magic):
		if bytes.Contains(data, encryptionInfo) {
			return sniffEncrypted
		}
		return sniffOLE2
	}
	head := data[:min(len(data), 64<<10)]
	if bytes.HasPrefix(head, []byte{0xFF, 0xFE}) || bytes.HasPrefix(head, []byte{0xFE, 0xFF}) {
		return sniffText // UTF-16 text, as Excel's "Unicode text" saves it
	}
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\uFEFF")), " \t\r\n\f\v")
	if bytes.HasPrefix(trimmed, []byte("<")) {
		lower := bytes.ToLower(head)
		if bytes.Contains(lower, []byte("<table")) || bytes.Contains(lower, []byte("<html")) {
			return sniffHTML
		}
	}
	if bytes.IndexByte(head, 0) >= 0 {
		return sniffBinary
	}
	return sniffText
}

// refuse returns the error for a file that is not read: legacy and
// encrypted workbooks (see ole2.go) and binary data.
func refuse(f format, data []byte, name string) error {
	switch f {
	case sniffOLE2, sniffEncrypted:
		return refuseOLE2(data, name)
	case sniffBinary:
		return fmt.Errorf("%s: %w", name, ErrBinary)
	case sniffParquet:
		return fmt.Errorf("%s: a Parquet file (use ReadFile or Read)", name)
	}
	return nil
}

func checkOptions(opt Options) error {
	if opt.Framework == nil {
		return errors.New("importers: Options.Framework is required")
	}
	return nil
}

// ReadFile reads the data file at path. Its format is detected from the
// content, not the name: an .xlsx workbook (zip), an HTML table (as web
// exports save under a .xls name), a Parquet file, or CSV or tab-separated
// text. Legacy .xls
// workbooks and password-protected workbooks are refused with a message
// that names their real format and says how to convert them.
// Origins and messages name the file by path as given.
//
// On error the table is nil; the report, when not nil, describes what was
// read, which helps to explain the error.
func ReadFile(path string, opt Options) (*dataset.Table, *Report, error) {
	if err := checkOptions(opt); err != nil {
		return nil, nil, err
	}
	lim := opt.Limits.withDefaults()
	fi, err := os.Stat(path)
	if err != nil {
		return nil, nil, err
	}
	if err := checkRegular(path, fi, opt); err != nil {
		return nil, nil, err
	}
	if fi.Mode().IsRegular() && fi.Size() > lim.FileSize {
		return nil, nil, fileTooBig(path, lim, fi.Size())
	}
	fh, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer fh.Close()
	size := int64(0)
	if fi.Mode().IsRegular() {
		size = fi.Size()
	}
	if size >= int64(validateAhead) && !csvReaderOnly {
		// A large text file is parsed while it is read (ahead.go).
		a, err := readFileAhead(fh, path, size)
		if err != nil {
			return nil, nil, err
		}
		if a != nil {
			t, rep, sum, n, err := readTextAhead(a, path, opt)
			setDigest(rep, path, sum, n)
			return t, rep, err
		}
	}
	data, err := readAll(fh, path, lim, size)
	if err != nil {
		return nil, nil, err
	}
	// The digest is of the bytes read, taken while they are parsed.
	digest := make(chan [sha256.Size]byte, 1)
	go func() { digest <- sha256.Sum256(data) }()
	t, rep, err := read(data, path, opt)
	setDigest(rep, path, <-digest, len(data))
	return t, rep, err
}

// setDigest records the digest and size of the file read at path.
func setDigest(rep *Report, path string, sum [sha256.Size]byte, n int) {
	if rep == nil {
		return
	}
	for i := range rep.Files {
		if rep.Files[i].File == path {
			rep.Files[i].SHA256, rep.Files[i].Bytes = hex.EncodeToString(sum[:]), int64(n)
		}
	}
}

// checkRegular refuses a path that is not a regular file: a folder, and
// unless opt.ReadSpecialFiles, a named pipe, a device or a socket.
func checkRegular(path string, fi os.FileInfo, opt Options) error {
	m := fi.Mode()
	if m.IsRegular() {
		return nil
	}
	var kind string
	switch {
	case m.IsDir():
		return fmt.Errorf("%s: a folder, not a data file", path)
	case m&os.ModeNamedPipe != 0:
		kind = "a named pipe (FIFO)"
	case m&os.ModeSocket != 0:
		kind = "a socket"
	case m&os.ModeCharDevice != 0:
		kind = "a character device"
	case m&os.ModeDevice != 0:
		kind = "a device"
	default:
		kind = "a special file"
	}
	if opt.ReadSpecialFiles {
		return nil
	}
	return fmt.Errorf("%s: %w: %s; only regular files are read (a pipe may never end or never start: copy the data to a file; Options.ReadSpecialFiles reads it up to Limits.FileSize)", path, ErrNotRegular, kind)
}

func fileTooBig(name string, lim Limits, size int64) error {
	what := "more than " + groupDigits(lim.FileSize) + " bytes"
	if size > 0 {
		what = groupDigits(size) + " bytes, more than " + groupDigits(lim.FileSize)
	}
	return &LimitError{File: name, What: "a file of " + what, Field: "FileSize", Value: lim.FileSize}
}

// readAll reads r to its end, up to lim.FileSize bytes, into a buffer
// sized once for a reader of about size bytes (0: unknown), rather than
// grown by copying and clearing each larger buffer.
func readAll(r io.Reader, name string, lim Limits, size int64) ([]byte, error) {
	buf := bytes.NewBuffer(make([]byte, 0, min(size, lim.FileSize)+bytes.MinRead))
	if _, err := buf.ReadFrom(io.LimitReader(r, lim.FileSize+1)); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if int64(buf.Len()) > lim.FileSize {
		return nil, fileTooBig(name, lim, 0)
	}
	return buf.Bytes(), nil
}

// Read reads one data file from r, detecting its format from the content
// like ReadFile. name is used in origins and messages. At most
// Limits.FileSize bytes are read.
func Read(r io.Reader, name string, opt Options) (*dataset.Table, *Report, error) {
	if err := checkOptions(opt); err != nil {
		return nil, nil, err
	}
	data, err := readAll(r, name, opt.Limits.withDefaults(), 0)
	if err != nil {
		return nil, nil, err
	}
	return read(data, name, opt)
}

// read is the format dispatch: one switch from the detected format to its
// reader.
func read(data []byte, name string, opt Options) (*dataset.Table, *Report, error) {
	switch f := sniff(data); f {
	case sniffXLSX:
		return readWorkbook(data, name, opt)
	case sniffHTML:
		return readHTML(data, name, opt)
	case sniffText:
		return readText(data, name, opt)
	case sniffParquet:
		return readParquet(data, name, opt)
	default:
		return nil, nil, refuse(f, data, name)
	}
}

// ReadCSV reads CSV (or tab-separated) text from r. The text is UTF-8, with
// or without a BOM, UTF-16 with a BOM, or else GB18030 (a superset of GBK
// and GB2312); the report names the encoding. The delimiter is a comma
// unless the header line holds more tabs or semicolons than commas.
// name is used in origins and messages.
func ReadCSV(r io.Reader, name string, opt Options) (*dataset.Table, *Report, error) {
	if err := checkOptions(opt); err != nil {
		return nil, nil, err
	}
	data, err := readAll(r, name, opt.Limits.withDefaults(), 0)
	if err != nil {
		return nil, nil, err
	}
	switch f := sniff(data); f {
	case sniffText:
		return readText(data, name, opt)
	case sniffXLSX:
		return nil, nil, fmt.Errorf("%s: an .xlsx workbook, not text (use ReadWorkbook or ReadFile)", name)
	case sniffHTML:
		return nil, nil, fmt.Errorf("%s: an HTML table, not CSV (use ReadFile or Read)", name)
	default:
		return nil, nil, refuse(f, data, name)
	}
}

// ReadWorkbook reads an .xlsx workbook from r. If some sheet names hold a
// four-digit year (2019, 2019年, data2020), each of those sheets is that
// year's table and the other sheets are skipped; otherwise the first sheet
// is read and the others are skipped. The report lists the skipped sheets.
// name is used in origins and messages.
func ReadWorkbook(r io.Reader, name string, opt Options) (*dataset.Table, *Report, error) {
	if err := checkOptions(opt); err != nil {
		return nil, nil, err
	}
	data, err := readAll(r, name, opt.Limits.withDefaults(), 0)
	if err != nil {
		return nil, nil, err
	}
	switch f := sniff(data); f {
	case sniffXLSX:
		return readWorkbook(data, name, opt)
	case sniffText:
		return nil, nil, fmt.Errorf("%s: text, not an .xlsx workbook (use ReadCSV or ReadFile)", name)
	case sniffHTML:
		return nil, nil, fmt.Errorf("%s: an HTML table, not an .xlsx workbook (use ReadFile or Read)", name)
	default:
		return nil, nil, refuse(f, data, name)
	}
}

// dataExts are the extensions ReadPaths reads in a folder.
var dataExts = []string{".csv", ".xlsx", ".xls", ".txt", ".parquet"}

// ReadPaths reads files and folders and merges them into one table with
// dataset.Table.Merge, in the order given. A folder contributes every .csv,
// .xlsx, .xls, .txt and .parquet file directly inside it (not in
// subfolders), sorted by name, skipping hidden files and Office lock files (~$name.xlsx). A
// variable read in different units from different files (possible only for
// variables without a framework unit) is converted to the first file's unit.
//
// Every file is read (in parallel, up to GOMAXPROCS at a time), and the
// errors of all files are returned together. A value present in two files
// with different numbers is an error naming both cells.
func ReadPaths(paths []string, opt Options) (*dataset.Table, *Report, error) {
	if err := checkOptions(opt); err != nil {
		return nil, nil, err
	}
	files, err := expandPaths(paths, opt)
	if err != nil {
		return nil, nil, err
	}
	// Files are read in parallel and combined in the order given.
	type result struct {
		t   *dataset.Table
		r   *Report
		err error
	}
	results := make([]result, len(files))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, path := range files {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			t, r, err := ReadFile(path, opt)
			results[i] = result{t, r, err}
		}()
	}
	wg.Wait()
	rep := &Report{}
	var tables []*dataset.Table
	var errs []error
	for _, res := range results {
		if res.r != nil {
			rep.Merge(res.r)
		}
		if res.err != nil {
			errs = append(errs, res.err)
			continue
		}
		tables = append(tables, res.t)
	}
	if len(errs) > 0 {
		return nil, rep, errors.Join(errs...)
	}
	dst := tables[0]
	for _, t := range tables[1:] {
		if err := alignUnits(dst, t); err != nil {
			return nil, rep, err
		}
		if err := dst.Merge(t); err != nil {
			return nil, rep, err
		}
		keepMissingOrigins(dst, t)
	}
	return dst, rep, nil
}

// keepMissingOrigins gives the cells of dst that are still missing after
// merging src the origin of src's missing cell, which dataset.Table.Merge
// does not copy: a yearbook city with an empty cell (三沙市) keeps the cell
// it was read from.
func keepMissingOrigins(dst, src *dataset.Table) {
	for _, sc := range src.Columns() {
		if !sc.HasOrigins() {
			continue
		}
		dc := dst.Column(sc.ID)
		for i, k := range src.Keys() {
			o := sc.Origin(i)
			if o.File == "" || !math.IsNaN(sc.Values[i]) {
				continue
			}
			row, ok := dst.Row(k)
			if !ok || !math.IsNaN(dc.Values[row]) || dc.Origin(row).File != "" {
				continue
			}
			dc.Set(row, math.NaN(), sc.Flags[i], o)
		}
	}
}

// expandPaths lists the files of paths, expanding folders. A path or a
// data file of a folder that is no regular file is refused (see
// checkRegular), before anything is read.
func expandPaths(paths []string, opt Options) ([]string, error) {
	if len(paths) == 0 {
		return nil, errors.New("no data files given")
	}
	var files []string
	seen := map[string]bool{}
	add := func(p string) {
		if c := filepath.Clean(p); !seen[c] {
			seen[c] = true
			files = append(files, p)
		}
	}
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !fi.IsDir() {
			if err := checkRegular(p, fi, opt); err != nil {
				return nil, err
			}
			add(p)
			continue
		}
		entries, err := os.ReadDir(p)
		if err != nil {
			return nil, err
		}
		n := len(files)
		for _, e := range entries {
			name := e.Name()
			if e.IsDir() || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "~$") {
				continue
			}
			if !slices.Contains(dataExts, strings.ToLower(filepath.Ext(name))) {
				continue
			}
			path := filepath.Join(p, name)
			if !e.Type().IsRegular() {
				// A symbolic link is followed; anything else but a
				// regular file is refused.
				fi, err := os.Stat(path)
				if err != nil {
					return nil, err
				}
				if fi.IsDir() {
					continue
				}
				if err := checkRegular(path, fi, opt); err != nil {
					return nil, err
				}
			}
			add(path)
		}
		if len(files) == n {
			return nil, fmt.Errorf("%s: no data files (%s) in the folder", p, strings.Join(dataExts, ", "))
		}
	}
	return files, nil
}

// alignUnits converts the columns of src whose unit differs from the same
// column of dst.
func alignUnits(dst, src *dataset.Table) error {
	for _, sc := range src.Columns() {
		dc := dst.Column(sc.ID)
		if dc == nil || sc.Unit == dc.Unit || sc.Unit == "" || dc.Unit == "" || sameUnit(sc.Unit, dc.Unit) {
			continue
		}
		conv, err := convertUnit(sc.Unit, dc.Unit)
		if err != nil {
			return fmt.Errorf("%s is in %s in %s but in %s in %s: %w", sc.ID,
				sc.Unit, originFile(sc), dc.Unit, originFile(dc), err)
		}
		for i := range sc.Values {
			if v, ok := sc.Value(i); ok {
				sc.Set(i, conv.apply(v), sc.Flags[i]|dataset.Converted, sc.Origin(i))
			}
		}
		sc.Unit = dc.Unit
	}
	return nil
}

func originFile(c *dataset.Column) string {
	for i := range c.Values {
		if o := c.Origin(i); o.File != "" {
			return o.File
		}
	}
	return "?"
}
