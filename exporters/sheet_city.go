package exporters

// The city sheets (城市画像) of the workbook: one per city of
// Output.CityUnits, the workbook form of the city page.

import (
	"fmt"
	"math"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/cityscore/cityscore/dataset"
)

// citySheetName is the sheet of a city: its name, without the characters
// Excel refuses, at most 31 characters.
func citySheetName(unit dataset.UnitID) string {
	name := strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return '_'
		}
		return r
	}, string(unit))
	if r := []rune(name); len(r) > 31 {
		name = string(r[:31])
	}
	return name
}

// citySheets writes a sheet per city of o.CityUnits: its ranks, groups and
// goals against its peers' median with a radar chart, and its strongest and
// weakest indicators.
func (b *book) citySheets() error {
	for _, unit := range b.o.CityUnits {
		if err := b.citySheet(unit); err != nil {
			return err
		}
	}
	return nil
}

func (b *book) citySheet(unit dataset.UnitID) error {
	g, f := b.g, b.f
	p, err := cityPageOf(b.o, b.r, g, unit)
	if err != nil {
		return err
	}
	name := citySheetName(unit)
	if err := b.newSheet(name, true); err != nil {
		return err
	}
	var errs []error
	set := func(col, row int, v any, style int) {
		cell, err := excelize.CoordinatesToCellName(col, row)
		if err == nil {
			err = f.SetCellValue(name, cell, v)
		}
		if err == nil && style != 0 {
			err = f.SetCellStyle(name, cell, cell, style)
		}
		if err != nil {
			errs = append(errs, err)
		}
	}
	set(1, 1, p.Title, b.header)
	set(1, 2, p.Subtitle, 0)
	row := 4
	for _, kv := range [][2]string{{g.city("rank"), p.Rank + "（" + p.Of + "）"}, {g.city("score"), p.Score}, {g.city("grade"), p.Grade},
		{g.city("range"), p.Range}, {g.city("coverage"), p.Coverage}} {
		if kv[1] == "" {
			continue
		}
		set(1, row, kv[0], b.header)
		set(2, row, kv[1], 0)
		row++
	}
	if p.NotRanked != "" {
		set(1, row, p.NotRanked, 0)
		row++
	}
	row++
	if len(p.Groups) > 0 {
		set(1, row, g.city("groups"), b.header)
		row++
		for _, gr := range p.Groups {
			set(1, row, gr[0], 0)
			set(2, row, gr[1], 0)
			set(3, row, gr[2], 0)
			row++
		}
		row++
	}
	// The goals against the peers' median, the radar's data.
	set(1, row, g.city("goals"), b.header)
	set(1, row+1, p.Peers, 0)
	head := row + 2
	set(1, head, g.t(cGoalAxis), b.header)
	set(2, head, g.city("city"), b.header)
	set(3, head, g.city("median"), b.header)
	for k, a := range p.Axes {
		set(1, head+1+k, a.name, 0)
		if !math.IsNaN(a.city) {
			set(2, head+1+k, a.city, b.score)
		}
		if !math.IsNaN(a.med) {
			set(3, head+1+k, a.med, b.score)
		}
	}
	row = head + len(p.Axes) + 2
	for _, part := range []struct {
		title string
		rows  [][3]string
	}{{g.city("strong"), p.Strong}, {g.city("weak"), p.Weak}} {
		set(1, row, part.title, b.header)
		row++
		set(1, row, g.city("ind"), b.header)
		set(2, row, g.city("value"), b.header)
		set(3, row, g.city("peerRank"), b.header)
		row++
		for _, r := range part.rows {
			set(1, row, r[0], 0)
			set(2, row, r[1], 0)
			set(3, row, r[2], 0)
			row++
		}
		row++
	}
	if len(errs) > 0 {
		return errs[0]
	}
	w := textWidth(p.Title)
	for _, a := range p.Axes {
		w = max(w, textWidth(a.name))
	}
	for _, r := range append(append([][3]string{}, p.Strong...), p.Weak...) {
		w = max(w, textWidth(r[0]))
	}
	if err := f.SetColWidth(name, "A", "A", min(w, maxNameWidth)+2); err != nil {
		return err
	}
	// Values with their units, and the headers over them.
	wv := max(10, textWidth(g.city("median")), textWidth(g.city("value")), textWidth(g.city("peerRank")))
	for _, r := range append(append([][3]string{}, p.Strong...), p.Weak...) {
		wv = max(wv, textWidth(r[1]), textWidth(r[2]))
	}
	if err := f.SetColWidth(name, "B", "C", min(wv, 40)+2); err != nil {
		return err
	}
	if len(p.Axes) < 3 {
		return nil // no radar for fewer than three goals
	}
	rng := func(col string) string {
		return fmt.Sprintf("%s!$%s$%d:$%s$%d", quoteSheet(name), col, head+1, col, head+len(p.Axes))
	}
	cats := rng("A")
	return f.AddChart(name, "E4", &excelize.Chart{
		Type: excelize.Radar,
		Series: []excelize.ChartSeries{
			{Name: fmt.Sprintf("%s!$B$%d", quoteSheet(name), head), Categories: cats, Values: rng("B")},
			{Name: fmt.Sprintf("%s!$C$%d", quoteSheet(name), head), Categories: cats, Values: rng("C")},
		},
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: g.city("goals")}}},
		Legend:    excelize.ChartLegend{Position: "bottom"},
		YAxis:     excelize.ChartAxis{MajorGridLines: true},
		Dimension: excelize.ChartDimension{Width: 480, Height: 360},
		Format:    excelize.GraphicOptions{AltText: p.Title},
	})
}
