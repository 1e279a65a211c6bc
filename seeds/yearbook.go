package seeds

import (
	"bytes"
	_ "embed"
	"slices"

	"github.com/cityscore/cityscore/importers"
)

// The yearbook dictionary maps every column of the China City Statistical
// Yearbook tables to its input id. yearbook/columns.csv is a copy of the
// project's list of the yearbook's columns (one row per edition,
// table and column, with the unit and scope that edition prints);
// yearbook/synonyms.csv adds names the yearbook used in other editions or
// that CNKI exports use, for any table. Every input id is an input of the
// built-in framework (TestYearbookInputs).
var (
	//go:embed yearbook/columns.csv
	yearbookCSV []byte
	//go:embed yearbook/synonyms.csv
	yearbookSynonymsCSV []byte
)

// Names of the dictionary files in messages.
const (
	YearbookName         = "builtin:yearbook/columns.csv"
	YearbookSynonymsName = "builtin:yearbook/synonyms.csv"
)

var yearbook = func() *importers.Dictionary {
	cols, err := importers.ReadDictionary(bytes.NewReader(yearbookCSV), YearbookName)
	if err != nil {
		panic("seeds: " + err.Error())
	}
	syn, err := importers.ReadDictionary(bytes.NewReader(yearbookSynonymsCSV), YearbookSynonymsName)
	if err != nil {
		panic("seeds: " + err.Error())
	}
	return importers.NewDictionary(slices.Concat(cols.Columns(), syn.Columns()))
}()

// Yearbook returns the built-in yearbook dictionary. Pass it as
// importers.Options.Dictionary to read the yearbook's tables by the
// dictionary (the command does).
func Yearbook() *importers.Dictionary { return yearbook }
