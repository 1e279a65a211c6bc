package main

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/cityscore/cityscore/exporters"
)

// printTable prints rows under header in aligned columns; columns whose
// cells all look numeric are right-aligned.
func printTable(w io.Writer, header []string, rows [][]string) {
	widths := make([]int, len(header))
	numeric := make([]bool, len(header))
	for j, h := range header {
		widths[j] = exporters.DisplayWidth(h)
		numeric[j] = true
	}
	for _, r := range rows {
		for j, c := range r {
			widths[j] = max(widths[j], exporters.DisplayWidth(c))
			if c != "" && c != "–" && !looksNumeric(c) {
				numeric[j] = false
			}
		}
	}
	line := func(cells []string) {
		var b strings.Builder
		for j, c := range cells {
			pad := strings.Repeat(" ", widths[j]-exporters.DisplayWidth(c))
			if j > 0 {
				b.WriteString("  ")
			}
			if numeric[j] {
				b.WriteString(pad + c)
			} else {
				b.WriteString(c + pad)
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
	line(header)
	for _, r := range rows {
		line(r)
	}
}

func looksNumeric(s string) bool {
	s = strings.TrimSuffix(s, "%")
	if s == "" || !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r == '.' || r == '-') {
			return false
		}
	}
	return true
}
