// Package importers reads statistics files into a dataset.Table: it maps
// each column header to an input or indicator of a framework and converts
// the values to the framework's units, keeping for every value the cell it
// came from. It is the only package that reads workbooks.
//
// # Formats
//
// The format is detected from the content, never the file name (files saved
// from web exports often carry a wrong extension):
//
//   - .xlsx workbooks (a zip), read straight from the zip with
//     encoding/xml (xlsxzip.go says why not with excelize), streaming,
//     cell values unformatted; a numeric cell formatted as a percentage is
//     read as it shows (0.125 as 12.5%);
//   - HTML pages (CNKI's exports saved as .xls): the page is laid out as a
//     spreadsheet opens it, each table's rowspan and colspan as merged
//     cells, text outside the tables as rows of one cell; the encoding is
//     the declared one, else UTF-8, else GB18030;
//   - CSV or tab-separated text in UTF-8 (with or without a BOM), UTF-16
//     with a BOM, or else GB18030 (GBK); the report names the encoding.
//
// Legacy binary workbooks (BIFF8, BIFF5, in an OLE2 file) and encrypted
// ones are refused with a message naming the real format: the BIFF version,
// or the encryption (RC4 with Excel's default password VelvetSweatshop, RC4
// with a password, RC4 CryptoAPI, XOR obfuscation, an encrypted .xlsx), and
// the libreoffice command that converts the file where that works. Reading
// BIFF was weighed and left out: the Go readers (extrame/xls,
// shakinm/xlsReader, pbnjay/grate, and single-author packages first
// published in 2026) are unmaintained, archived or without a track record,
// and none decrypts the RC4 that CNKI's exports carry; LibreOffice does both.
//
// # Yearbook tables
//
// A worksheet or HTML table laid out as the China City Statistical Yearbook
// publishes its tables (a title, banner or unit row above a header whose
// first columns are 城市 and City) is read as one, from the cells alone
// (yearbook.go describes the layout): the header block with its merged
// cells gives each column a Chinese name, an English name, a unit and a
// scope (全市 or 市辖区, from a sub-header or the title); the yearbook
// Dictionary maps (title, name, scope) to an input id, and the framework's
// names are tried for columns it does not know; province headings and
// totals are skipped; every city is resolved to its official code by
// package cities (misprints and former names are reported, an unknown name
// is an error unless Options.AllowUnknownUnits); the data year is the
// banner's, else Options.Year, else the year before the edition the path
// names. A cell that is neither a number nor a missing marker is not an
// error here, since the official tables have typos the user cannot fix: it
// is kept missing, flagged dataset.Invalid and listed in Report.Bad.
//
// # Units as cities
//
// When the framework's units are Chinese prefecture-level cities
// (`units: cn-city`, indicators.UnitsCNCity), every unit of every table
// (wide, long, sheet per year, HTML, yearbook) resolves through package
// cities, by the same code (cityunits.go): a code with cities.ResolveCode,
// a name with cities.Resolve for the row's year. A code is 6 digits
// (440300), a number as Excel exports it (440300.0, 4.403E+11, a numeric
// cell) or a 12-digit statistical division code whose last 6 digits are
// zeros (440300000000; one of a smaller unit is an error naming it); codes
// of any vintage the crosswalk knows resolve to today's unit (522400,
// 毕节地区 until 2010, is 520500 毕节市), and a municipality's prefecture-style
// code to the municipality (110100 is 北京市, 110000). The unit is stored
// under the city's current official name with the labels code (the current
// code) and province; a short name (深圳), a former name (襄樊市), a name
// since changed, a known misprint, a former code or a prefecture-style
// code is listed in Report.Units.
//
// A table may name its cities by code, by name or both: the unit column is
// Options.UnitColumn; else the first column (the second after a year
// column) when its header names codes (代码, 行政区划代码, code, …) or cities
// (城市, city, unit, …); else the first city column, else the first code
// column (省份,代码,城市,… is keyed by 城市); else the first column. Beside a
// unit column of names, a code column is checked; beside one of codes, a
// name column (城市, 名称, name, …): each row's two cells must denote the same
// city, else an ErrCityMismatch error names both cells (names in Latin
// script are not checked). A long table may be keyed by a code column. A name that is no
// city, a province or a county-level city is an ErrUnknownUnit error (every
// such unit of a file is reported) proposing the closest names:
//
//	data.csv:5:1 (A5, column 城市): 深川市: not a known city; did you mean 深圳市?
//
// unless Options.AllowUnknownUnits keeps it as printed, without a code
// (UnitNote.Kept; issue kind "unknown city"). Two rows that resolve to the
// same city and year (深圳 and 深圳市) are a duplicate. The yearbook's
// tables of county-level cities (section 3) are skipped whole and listed in
// Report.SkippedTables. Without units: cn-city, units other than a
// yearbook's are taken as printed (ASEM's country codes).
//
// # Layouts
//
// A table is wide (one row per unit, or per unit and year; a column per
// variable) or long (columns unit, year, indicator, value and optionally
// measure_unit, or 城市, 年份, 指标, 数值, 单位). A workbook whose sheet names
// hold a year (2019, 2019年, data2020) has a table per year; otherwise its
// first sheet is read. In a wide table whose rows carry no year (no year
// column, not a sheet named for a year), a header that ends in _YYYY, " YYYY"
// or YYYY年 (1949–2100), before or after a unit in brackets, holds the
// values of that year of the variable the rest of the header names
// (age_60_2020, 常住人口2020年（万人）): a census extract with one row per
// city and age_60_2010 beside age_60_2020 loads as a panel of two years. A
// header that names a variable as it stands is never split; a rest that
// names nothing leaves an unmatched column whose note gives the year. A
// plain column takes the row's year (Options.Year) as before; when it and a
// year column give the same cell different values, it is an error naming
// both cells. A wide header is matched by id, then with a trailing
// unit in brackets split off (常住人口（万人）), then whole, by Chinese or
// English name or alias after folding case, white space and full-width
// forms; a header matching several variables picks the one whose scope
// (全市, 市辖区, 城区) it names. Columns that match nothing are kept as text
// labels (province, group) and listed in the Report.
//
// # Values and units
//
// A value is a number (1,234, 12.5%, full-width digits, a sign) or a missing
// marker (empty, -, —, …, NA, N/A, null, /, 无, …). Anything else is an
// error, never a silent zero. A unit stated in a header is converted to the
// framework's unit with the explicit table in units.go (万元 → 亿元 divides
// by 10⁴); a unit that is unknown or of another kind is an error. A short
// per-capita unit is the exception: 人均公园绿地面积（平方米） is read as
// 平方米/人 when the framework's unit is 平方米/人 and the header (or the
// variable's name) says per capita; the stated unit must be the numerator
// itself (万平方米 is an error), and the reading is listed with the
// conversions (MatchedColumn.Note).
//
// # Read everything or fail
//
// A file is read whole or not at all. An .xlsx whose zip or XML is damaged
// anywhere in the parts read (a truncated file, a bad checksum, a stray &,
// a DOCTYPE or entity declaration, elements that do not nest) is a
// DamagedError (ErrDamaged) naming the file, the part or sheet and the
// last row read whole, never the rows before the damage scored as if they
// were all. Two kinds of cell are read but not used as numbers, and listed
// in Report.Cells (so in the Data quality sheet): a formula without a
// cached value (a workbook written by a program that does not calculate)
// stays missing; a number on a numeric variable formatted as a date or a
// time is kept missing and flagged dataset.Invalid, since its serial
// number (45352 for 2024-03-01) is no statistic and most often Excel's
// reading of 3-5 or 1/2 typed into a cell. A file without a data row (empty,
// white space, a header only) is an ErrNoData error naming it. A path that
// is a named pipe, a device or a socket is refused (ErrNotRegular) unless
// Options.ReadSpecialFiles.
//
// # Limits
//
// Options.Limits bounds what one file may make the reader hold (bytes read
// and unzipped, rows, columns, cells of the table and of a sheet held in
// memory, cells under merged ranges, shared strings, a cell's text); its
// zero value is DefaultLimits, which reads the yearbook's tables and a CSV
// of 200,000 rows × 50 columns, and keeps a file of 1 MB under 200 MB of
// memory. A file over a limit is a LimitError (ErrLimit) naming the field
// to raise. Messages and reports quote at most 80 characters of a cell,
// with its length.
//
// # Groups files
//
// ReadGroups reads the user's own grouping of the units (cityscore score
// --groups): a CSV of two columns, unit (or 城市) and the grouping's id, a
// row per unit and its group. Its units resolve as the data's do (under
// cn-city through package cities, 杭州 as 杭州市), and its problems are
// CellErrors like theirs; a unit named twice is an ErrDuplicate error, a
// bad id an ErrGroupID error.
//
// # Errors
//
// Problems with cells and headers are collected, not stopped at: a file's
// problems come back together as CellErrors, each a *CellError naming the
// file, sheet, cell, column and text, like encoding/csv's ParseError:
//
//	data.csv:14:3 (C14, column gdp_pc): "12,3a": not a number
//	data.xlsx: Sheet1!C14 (column gdp_pc): "12,3a": not a number
//
// Match the kind of problem with errors.Is and the sentinels (ErrNotNumber,
// ErrDuplicate, ErrUnit, …). File-level problems (unreadable format, no
// such unit column, malformed CSV quoting) are plain wrapped errors that
// start with the file name.
package importers
