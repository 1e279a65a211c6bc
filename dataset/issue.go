package dataset

import (
	"fmt"
	"strconv"
)

// Issue is a data problem found on the way from files to scores: an invalid
// cell, a division by zero in a formula, a constant column. Issues that do
// not stop the run are listed in the Data quality sheet.
type Issue struct {
	Kind     IssueKind
	Unit     UnitID
	Year     int
	Variable VariableID
	Origin   Origin
	Text     string // the cell or header text found, if any
	// Msg says what was found and what was done, in English; MsgZh says
	// the same in Chinese. Message picks one.
	Msg   string
	MsgZh string
}

// Message returns the issue's message in lang ("zh" or "en"), falling
// back to the other language when that one is empty.
func (is Issue) Message(lang string) string {
	return Text{Zh: is.MsgZh, En: is.Msg}.In(lang)
}

// String formats the issue on one line, in English.
func (is Issue) String() string {
	var parts []string
	if o := is.Origin.String(); o != "" {
		parts = append(parts, o)
	}
	if is.Unit != "" {
		u := string(is.Unit)
		if is.Year != 0 {
			u += " " + strconv.Itoa(is.Year)
		}
		parts = append(parts, u)
	}
	if is.Variable != "" {
		parts = append(parts, string(is.Variable))
	}
	msg := is.Kind.String()
	if m := is.Message("en"); m != "" {
		msg += ": " + m
	}
	if is.Text != "" {
		msg += " " + strconv.Quote(is.Text)
	}
	parts = append(parts, msg)
	s := parts[0]
	for _, p := range parts[1:] {
		s += ": " + p
	}
	return s
}

// IssueKind is the class of an Issue. String gives its stable name, used
// in the JSON and CSV outputs and on the terminal ("out of range"); Label
// gives its label in Chinese or English for the workbook.
type IssueKind uint8

// The kinds of issue, by the step that finds them.
const (
	// Import (package importers).
	IssueInvalid         IssueKind = iota + 1 // a cell that is not a number, kept missing
	IssueFormulaNoValue                       // a formula cell without a stored value
	IssueDateNumber                           // a number formatted as a date
	IssueCityName                             // a city read through a misprint, short or former name
	IssueUnknownCity                          // a unit that is not a known city, kept as printed
	IssueSkippedTable                         // a county-level yearbook table not read
	IssueSkippedSheet                         // a sheet not read
	IssueEncoding                             // a file decoded as GB18030 or UTF-16
	IssueUnmatchedColumn                      // a column that matches no input
	IssueConverted                            // a column converted to the framework's unit
	IssueNoData                               // a row whose matched values are all missing
	// Formulas and derivations (package indicators).
	IssueDivisionByZero // a formula divided by zero; missing
	IssueOverflow       // a formula's result is not finite; missing
	IssueOutOfRange     // a value outside its variable's valid range; missing
	IssueDerived        // a value derived from other inputs
	IssueBasis          // values set aside for their population basis
	// Scoring (package scoring).
	IssueNotNormalised // an indicator that could not be normalised
	IssueNotTreated    // outlier treatment undefined on a column
	IssueTreated       // outlier treatment that left the column failing
	// Outputs (package exporters).
	IssueNotRanked    // a unit scored but not ranked
	IssueMissingValue // a raw value missing

	issueKindEnd // one past the last kind
)

// issueKinds names every kind and labels it in both languages. A kind
// without an entry here fails TestIssueKindsLabelled.
var issueKinds = [...]struct {
	name  string
	label Text
}{
	IssueInvalid:         {"invalid", Text{Zh: "无效单元格", En: "invalid cell"}},
	IssueFormulaNoValue:  {"formula without value", Text{Zh: "公式单元格无计算值", En: "formula without value"}},
	IssueDateNumber:      {"date-formatted number", Text{Zh: "日期格式的数值", En: "date-formatted number"}},
	IssueCityName:        {"city name", Text{Zh: "城市名称", En: "city name"}},
	IssueUnknownCity:     {"unknown city", Text{Zh: "未知城市", En: "unknown city"}},
	IssueSkippedTable:    {"skipped table", Text{Zh: "未读取的表", En: "skipped table"}},
	IssueSkippedSheet:    {"skipped sheet", Text{Zh: "未读取的工作表", En: "skipped sheet"}},
	IssueEncoding:        {"encoding", Text{Zh: "文件编码", En: "encoding"}},
	IssueUnmatchedColumn: {"unmatched column", Text{Zh: "未匹配的列", En: "unmatched column"}},
	IssueConverted:       {"converted", Text{Zh: "单位换算", En: "converted"}},
	IssueNoData:          {"no data", Text{Zh: "无数据", En: "no data"}},
	IssueDivisionByZero:  {"division by zero", Text{Zh: "除数为零", En: "division by zero"}},
	IssueOverflow:        {"overflow", Text{Zh: "数值溢出", En: "overflow"}},
	IssueOutOfRange:      {"out of range", Text{Zh: "超出有效范围", En: "out of range"}},
	IssueDerived:         {"derived", Text{Zh: "推算值", En: "derived"}},
	IssueBasis:           {"basis", Text{Zh: "人口口径", En: "population basis"}},
	IssueNotNormalised:   {"not normalised", Text{Zh: "无法标准化", En: "not normalised"}},
	IssueNotTreated:      {"not treated", Text{Zh: "未做异常值处理", En: "not treated"}},
	IssueTreated:         {"treated", Text{Zh: "异常值处理", En: "treated"}},
	IssueNotRanked:       {"not ranked", Text{Zh: "未排名", En: "not ranked"}},
	IssueMissingValue:    {"missing value", Text{Zh: "缺失值", En: "missing value"}},
}

// IssueKinds returns every kind, in order.
func IssueKinds() []IssueKind {
	out := make([]IssueKind, 0, issueKindEnd-1)
	for k := IssueKind(1); k < issueKindEnd; k++ {
		out = append(out, k)
	}
	return out
}

func (k IssueKind) valid() bool { return k > 0 && k < issueKindEnd && int(k) < len(issueKinds) }

// String returns the kind's stable name, e.g. "out of range".
func (k IssueKind) String() string {
	if !k.valid() {
		return fmt.Sprintf("IssueKind(%d)", k)
	}
	return issueKinds[k].name
}

// Label returns the kind's label in lang ("zh" or "en").
func (k IssueKind) Label(lang string) string {
	if !k.valid() {
		return k.String()
	}
	return issueKinds[k].label.In(lang)
}

// MarshalText gives the stable name, so that JSON carries "out of range".
func (k IssueKind) MarshalText() ([]byte, error) {
	if !k.valid() {
		return nil, fmt.Errorf("dataset: invalid issue kind %d", k)
	}
	return []byte(issueKinds[k].name), nil
}

// UnmarshalText parses a stable name.
func (k *IssueKind) UnmarshalText(b []byte) error {
	for i := IssueKind(1); i < issueKindEnd; i++ {
		if i.valid() && issueKinds[i].name == string(b) {
			*k = i
			return nil
		}
	}
	return fmt.Errorf("dataset: unknown issue kind %q", b)
}
