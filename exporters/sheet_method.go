package exporters

// The Method sheet (方法) of the workbook.

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// method writes the Method sheet: the manifest of the run, then every
// setting and, with an uncertainty analysis, its design.
func (b *book) method() error {
	g, m := b.g, b.o.Manifest
	settings := m.Settings
	if len(settings) == 0 {
		settings = OptionSettings(b.r.Options, string(b.g))
	}
	type line struct{ item, value, note string }
	lines := []line{
		{g.t(mTool), m.Tool, ""},
		{g.t(mVersion), m.Version, ""},
		{g.t(mTime), "", ""},
		{g.t(mCommand), m.Command, ""},
		{g.t(mFramework), m.Framework.Name, ""},
		{g.t(mFrameworkVersion), m.Framework.Version, ""},
		{g.t(mFrameworkPath), m.Framework.Path, bytesNote(g, m.Framework.Bytes)},
		{g.t(mFrameworkSHA), m.Framework.SHA256, ""},
		{g.t(mProfile), m.Profile.Name, ""},
		{g.t(mProfilePath), m.Profile.Path, bytesNote(g, m.Profile.Bytes)},
		{g.t(mProfileSHA), m.Profile.SHA256, ""},
	}
	if !m.Time.IsZero() {
		lines[2].value = m.Time.Format(time.RFC3339)
	}
	if lines[4].value == "" {
		lines[4].value = b.r.Schema.ID
	}
	if lines[5].value == "" {
		lines[5].value = b.r.Schema.Version
	}
	for k, in := range m.Inputs {
		lines = append(lines,
			line{g.t(mInput, k+1), in.Path, bytesNote(g, in.Bytes)},
			line{g.t(mInputSHA, k+1), in.SHA256, ""})
	}
	if b.wide {
		lines = append(lines, line{g.t(mLayout), g.t(mLayoutWide), g.t(mLayoutNote, b.wideReason(), g.t(sheetSources))})
	}
	for _, sp := range b.splits {
		rows := groupThousands(strconv.Itoa(sp.rows))
		lines = append(lines, line{g.t(mSplit, sp.sheets[0]), g.t(mSplitValue, rows, len(sp.sheets), strings.Join(sp.sheets, ", ")),
			g.t(mSplitNote, groupThousands(strconv.Itoa(splitRows)))})
	}
	wItem, wKey, wValue, wNote := 10.0, 8.0, 20.0, 10.0
	for _, l := range lines {
		wItem, wValue, wNote = max(wItem, textWidth(l.item)), max(wValue, textWidth(l.value)), max(wNote, textWidth(l.note))
	}
	ua := uncertaintySettings(g, b.o.Uncertainty)
	for _, l := range b.groupAndGradeLines() {
		wItem, wKey, wValue = max(wItem, textWidth(l.item)), max(wKey, textWidth(l.key)), max(wValue, textWidth(l.value))
	}
	for _, s := range slices.Concat(settings, ua) {
		wItem, wKey = max(wItem, textWidth(settingLabel(g, s.Key))), max(wKey, textWidth(s.Key))
		wValue, wNote = max(wValue, textWidth(s.Value)), max(wNote, textWidth(s.Note))
	}
	cols := []column{
		{header: g.t(hItem), width: min(wItem, 50)},
		{header: g.t(hKey), width: min(wKey, 40)},
		// Long values (the inputs' paths) and notes wrap.
		{header: g.t(hValue), width: min(wValue, 70), style: b.note},
		{header: g.t(hNote), width: min(wNote, 60), style: b.note},
	}
	t, err := b.stream(g.t(sheetMethod), cols, 0)
	if err != nil {
		return err
	}
	for _, l := range lines {
		if err := t.add([]any{l.item, nil, strOrNil(l.value), strOrNil(l.note)}); err != nil {
			return err
		}
	}
	if err := t.section(g.t(mSettings)); err != nil {
		return err
	}
	for _, s := range settings {
		if err := t.add([]any{settingLabel(g, s.Key), s.Key, strOrNil(s.Value), strOrNil(s.Note)}); err != nil {
			return err
		}
	}
	for _, l := range b.groupAndGradeLines() {
		if err := t.add([]any{l.item, l.key, strOrNil(l.value), nil}); err != nil {
			return err
		}
	}
	if len(ua) > 0 {
		if err := t.section(g.t(uSection)); err != nil {
			return err
		}
		for _, s := range ua {
			if err := t.add([]any{settingLabel(g, s.Key), s.Key, strOrNil(s.Value), strOrNil(s.Note)}); err != nil {
				return err
			}
		}
	}
	return t.flush()
}

func bytesNote(g lang, n int64) string {
	if n <= 0 {
		return ""
	}
	return g.t(mBytes, n)
}

// yearText is a year in a key, "-" for none.
func yearText(y int) string {
	if y == 0 {
		return "-"
	}
	return strconv.Itoa(y)
}

// methodLine is a line of the Method sheet's settings.
type methodLine struct{ item, key, value string }

// groupAndGradeLines returns the Method sheet's lines on where the peer
// groups come from, then the grade cut points of each year, lowest first
// (a score at a cut point takes the higher grade).
func (b *book) groupAndGradeLines() []methodLine {
	g := b.g
	var out []methodLine
	for _, gr := range b.o.Groups {
		out = append(out, methodLine{g.t(mGrouping, gr.Label.In(string(g))), "groups." + gr.ID, gr.Note.In(string(g))})
	}
	for _, y := range b.r.Years {
		for _, ng := range y.Grades {
			if len(ng.Cuts) == 0 {
				continue // no unit ranked with a score there
			}
			key := "grades." + yearText(y.Year) + "." + b.r.Schema.Nodes[ng.Node].ID
			cuts := make([]string, len(ng.Cuts))
			for k, c := range ng.Cuts {
				cuts[k] = strconv.FormatFloat(c, 'f', 2, 64)
			}
			out = append(out, methodLine{settingLabel(g, key), key, strings.Join(cuts, " · ")})
		}
	}
	return out
}
