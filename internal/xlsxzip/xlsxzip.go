// Package xlsxzip makes the bytes of an xlsx file depend on its content
// only. excelize writes the parts of a workbook in the order of a Go map
// (the streamed worksheets) and lists the default content types in map
// order too, so two identical workbooks differ byte for byte. Normalize
// rewrites the zip: [Content_Types].xml first, then every other part by
// name, the default content types sorted by extension, and every entry
// with the same (zero) modification time.
//
// Of cityscore it imports only dataset (for cell names), so importers and
// exporters can share it.
package xlsxzip

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
)

const contentTypes = "[Content_Types].xml"

// defaultType is one <Default Extension=… ContentType=…/> element.
var defaultType = regexp.MustCompile(`<Default\s[^>]*?(?:/>|>\s*</Default>)`)

// Normalize writes the xlsx (or any zip) file src to w with its entries in
// a fixed order and fixed modification times; entry contents are copied
// as they are (compressed), except [Content_Types].xml, whose default
// content types are sorted, and the worksheets, whose <dimension> states
// the range of their cells (dimension.go).
func Normalize(w io.Writer, src []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(src), int64(len(src)))
	if err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	files := slices.Clone(zr.File)
	slices.SortStableFunc(files, func(a, b *zip.File) int {
		switch {
		case a.Name == b.Name:
			return 0
		case a.Name == contentTypes:
			return -1
		case b.Name == contentTypes:
			return 1
		}
		return strings.Compare(a.Name, b.Name)
	})
	zw := zip.NewWriter(w)
	for _, f := range files {
		if f.Name == contentTypes {
			if err := copySorted(zw, f); err != nil {
				return err
			}
			continue
		}
		if isWorksheet(f.Name) {
			done, err := copyDimensioned(zw, f)
			if err != nil {
				return err
			}
			if done {
				continue
			}
		}
		r, err := f.OpenRaw()
		if err != nil {
			return fmt.Errorf("xlsx: %s: %w", f.Name, err)
		}
		fh := fixedTime(f.FileHeader)
		fw, err := zw.CreateRaw(&fh)
		if err != nil {
			return err
		}
		if _, err := io.Copy(fw, r); err != nil {
			return err
		}
	}
	return zw.Close()
}

// fixedTime returns fh with no modification time (the MS-DOS zero time
// excelize writes) and no extra fields that could carry one.
func fixedTime(fh zip.FileHeader) zip.FileHeader {
	// A fresh header keeps what the raw copy needs and leaves every time
	// field at its zero value.
	return zip.FileHeader{
		Name: fh.Name, Comment: fh.Comment, NonUTF8: fh.NonUTF8,
		CreatorVersion: fh.CreatorVersion, ReaderVersion: fh.ReaderVersion, Flags: fh.Flags, Method: fh.Method,
		CRC32: fh.CRC32, CompressedSize64: fh.CompressedSize64, UncompressedSize64: fh.UncompressedSize64,
		ExternalAttrs: fh.ExternalAttrs,
	}
}

// isWorksheet reports whether the part name is a worksheet's.
func isWorksheet(name string) bool {
	return strings.HasPrefix(name, "xl/worksheets/") && strings.HasSuffix(name, ".xml") &&
		!strings.Contains(name[len("xl/worksheets/"):], "/")
}

// copyDimensioned writes worksheet f with the range of its cells as its
// dimension, when that changes it; done is false when it does not (the
// part is then to be copied as it is).
func copyDimensioned(zw *zip.Writer, f *zip.File) (done bool, err error) {
	rc, err := f.Open()
	if err != nil {
		return false, fmt.Errorf("xlsx: %s: %w", f.Name, err)
	}
	b, err := io.ReadAll(rc)
	rc.Close()
	if err != nil {
		return false, fmt.Errorf("xlsx: %s: %w", f.Name, err)
	}
	used, ok := UsedRange(b)
	if !ok {
		return false, nil
	}
	out := SetDimension(b, used)
	if bytes.Equal(out, b) {
		return false, nil
	}
	fw, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate})
	if err != nil {
		return false, err
	}
	_, err = fw.Write(out)
	return true, err
}

// copySorted writes [Content_Types].xml with its Default elements sorted.
func copySorted(zw *zip.Writer, f *zip.File) error {
	rc, err := f.Open()
	if err != nil {
		return fmt.Errorf("xlsx: %s: %w", f.Name, err)
	}
	b, err := io.ReadAll(rc)
	rc.Close()
	if err != nil {
		return fmt.Errorf("xlsx: %s: %w", f.Name, err)
	}
	fw, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate})
	if err != nil {
		return err
	}
	_, err = fw.Write(SortDefaults(b))
	return err
}

// SortDefaults returns the content-types document b with its Default
// elements sorted, each in the place of one of them.
func SortDefaults(b []byte) []byte {
	locs := defaultType.FindAllIndex(b, -1)
	if len(locs) < 2 {
		return b
	}
	elems := make([][]byte, len(locs))
	for i, l := range locs {
		elems[i] = b[l[0]:l[1]]
	}
	sorted := slices.Clone(elems)
	slices.SortStableFunc(sorted, bytes.Compare)
	var out bytes.Buffer
	out.Grow(len(b))
	prev := 0
	for i, l := range locs {
		out.Write(b[prev:l[0]])
		out.Write(sorted[i])
		prev = l[1]
	}
	out.Write(b[prev:])
	return out.Bytes()
}
