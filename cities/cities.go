// Package cities maps Chinese city names, as statistical tables print them,
// to official 6-digit administrative division codes (行政区划代码).
//
// The table behind it (cities.tsv, embedded) is derived by gen.go from three
// public datasets, shipped with attribution in NOTICE.md: the FIERsity China
// Urban Research Entity Crosswalk (CC BY 4.0) for prefecture-level units and
// their names over time, yescallop/areacodes (CC0) for province and
// county-level codes, and xiangyuecn/AreaCity (MIT) as the second current
// list the table was checked against.
//
// # Identity
//
// A City is a unit as it stands today: a prefecture-level unit keeps its
// current code and name through renames and code changes (襄樊市 and 襄阳市
// are both 420600 襄阳市; 毕节地区 is 520500 毕节市). The four municipalities
// take their province-level code (北京市 110000), as the official code list
// names them. County-level cities have no stable entity ids upstream: a
// county-level city is the code its name had in the year asked.
//
// # Matching
//
// Resolve looks a name up for a calendar year (the data year: status at
// 31 December, as the crosswalk counts it), in this order: a name valid in
// that year (official, or FIERsity's short form without 市); a name of the
// same unit valid in another year (former or later name); a known misprint of
// the official statistical tables (typos.go). Anything else is an
// *UnknownError listing the closest names. Names are compared after removing
// white space (the yearbook indents cities with spaces or U+00A0).
//
// ResolveCode looks a 6-digit code up: a unit's current code, a
// municipality's prefecture-style code (110100 is 北京市, 110000), or a
// former prefecture-level code of yescallop/areacodes that the crosswalk
// continues (522400, 毕节地区 until 2010, is 520500 毕节市): a former code is
// joined to the unit whose official name it had, in the same province, in
// overlapping years.
//
// Point gives the seat of government of a prefecture-level unit
// (coords.tsv, derived by gencoords.go; MIT and CC BY 4.0, see NOTICE.md).
package cities

import (
	"bufio"
	_ "embed"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
)

//go:generate go run gen.go

var (
	//go:embed cities.tsv
	tableTSV string
	//go:embed NOTICE.md
	notice string
)

// Level is the administrative level of a unit.
type Level int8

// Levels.
const (
	Province     Level = iota + 1 // 省, 自治区, 特别行政区 (not the municipalities)
	Municipality                  // 直辖市: a province-level unit that is also a city
	Prefecture                    // 地级: 地级市, 地区, 自治州, 盟
	County                        // 县级市
)

var levelNames = [...]string{Province: "province", Municipality: "municipality", Prefecture: "prefecture", County: "county"}

// String returns "province", "municipality", "prefecture" or "county".
func (l Level) String() string {
	if l < Province || l > County {
		return fmt.Sprintf("Level(%d)", int(l))
	}
	return levelNames[l]
}

func parseLevel(s string) Level {
	for l, n := range levelNames {
		if n == s && n != "" {
			return Level(l)
		}
	}
	return 0
}

// City is an administrative unit.
type City struct {
	Code     string // official 6-digit code (current for prefecture level)
	Name     string // current official name (the latest, for a unit abolished since)
	Province string // the province-level unit it belongs to (itself for a province or municipality)
	Level    Level
	Entity   string // FIERsity entity id (CNUR-000173) for prefecture-level units and municipalities; "" otherwise
}

// IsCity reports whether c is a city: a municipality, a prefecture-level
// unit or a county-level city, not a province.
func (c City) IsCity() bool { return c.Level >= Municipality }

// How says how Resolve matched a name.
type How int8

// Ways a name can match.
const (
	Official How = iota + 1 // an official name valid in the year
	Alias                   // a short form (石家庄) or a common abbreviation (恩施州) valid in the year
	Former                  // a name of the same unit valid in another year: former (襄樊市 in 2015) or later
	Typo                    // a known misprint of the official tables (荷泽市 for 菏泽市)
)

var howNames = [...]string{Official: "official name", Alias: "short name", Former: "name of another year", Typo: "known misprint"}

// String describes h: "official name", "short name", "name of another
// year" or "known misprint".
func (h How) String() string {
	if h < Official || h > Typo {
		return fmt.Sprintf("How(%d)", int(h))
	}
	return howNames[h]
}

// UnknownError is returned by Resolve for a name that matches no city.
type UnknownError struct {
	Name    string
	Year    int      // the year asked; 0 = any
	Closest []string // the closest known names, best first (at most 5; see Closest)
}

func (e *UnknownError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "unknown city %q", e.Name)
	if e.Year != 0 {
		fmt.Fprintf(&b, " in %d", e.Year)
	}
	if len(e.Closest) > 0 {
		b.WriteString("; closest: ")
		b.WriteString(strings.Join(e.Closest, ", "))
	}
	return b.String()
}

// name is one name of a unit, valid in the years [from, to]; to 0 = still.
type name struct {
	unit     int
	from, to int
	how      How // Official, Alias or Typo
}

func (n name) validIn(y int) bool { return y >= n.from && (n.to == 0 || y <= n.to) }

type table struct {
	units  []City
	byCode map[string]int
	byName map[string][]name
	// codes are the codes that are no unit's current code (C lines).
	codes map[string][]codeRec
	// names lists the distinct names (official and aliases), for the
	// closest-match search.
	names []string
}

var (
	once sync.Once
	tab  *table
)

func load() *table {
	once.Do(func() {
		t, err := parse(tableTSV)
		if err != nil {
			panic("cities: embedded table: " + err.Error())
		}
		tab = t
	})
	return tab
}

func parse(text string) (*table, error) {
	t := &table{byCode: map[string]int{}, byName: map[string][]name{}, codes: map[string][]codeRec{}}
	sc := bufio.NewScanner(strings.NewReader(text))
	line := 0
	for sc.Scan() {
		line++
		s := sc.Text()
		if s == "" || s[0] == '#' {
			continue
		}
		f := strings.Split(s, "\t")
		switch {
		case f[0] == "U" && len(f) == 6:
			l := parseLevel(f[2])
			if l == 0 || len(f[1]) != 6 {
				return nil, fmt.Errorf("line %d: bad unit %q", line, s)
			}
			t.byCode[f[1]] = len(t.units)
			t.units = append(t.units, City{Code: f[1], Level: l, Province: f[3], Name: f[4], Entity: f[5]})
		case f[0] == "N" && len(f) == 6:
			u, ok := t.byCode[f[1]]
			from, err1 := strconv.Atoi(f[3])
			to, err2 := strconv.Atoi(f[4])
			if !ok || err1 != nil || err2 != nil {
				return nil, fmt.Errorf("line %d: bad name %q", line, s)
			}
			how := Official
			switch f[5] {
			case "alias":
				how = Alias
			case "typo":
				how = Typo
			}
			if _, seen := t.byName[f[2]]; !seen {
				t.names = append(t.names, f[2])
			}
			t.byName[f[2]] = append(t.byName[f[2]], name{unit: u, from: from, to: to, how: how})
		case f[0] == "C" && len(f) == 7:
			from, err1 := strconv.Atoi(f[4])
			to, err2 := strconv.Atoi(f[5])
			unit := -1
			if f[2] != "" {
				u, ok := t.byCode[f[2]]
				if !ok {
					return nil, fmt.Errorf("line %d: code of an unknown unit %q", line, s)
				}
				unit = u
			}
			how := Former
			if f[6] == "municipality" {
				how = Alias
			}
			if len(f[1]) != 6 || err1 != nil || err2 != nil {
				return nil, fmt.Errorf("line %d: bad code %q", line, s)
			}
			t.codes[f[1]] = append(t.codes[f[1]], codeRec{unit: unit, name: f[3], from: from, to: to, how: how})
		default:
			return nil, fmt.Errorf("line %d: bad record %q", line, s)
		}
	}
	return t, sc.Err()
}

// codeRec is a code that is no unit's current code, as a C line gives it.
type codeRec struct {
	unit     int // -1: no unit of the table
	name     string
	from, to int // years in use, inclusive; 0, 0 for a municipality's prefecture-style code
	how      How // Former, or Alias for a municipality's prefecture-style code
}

// Clean returns a name as Resolve compares it: without white space
// (including U+00A0 and U+3000) and zero-width characters.
func Clean(s string) string {
	clean := true
	for _, r := range s {
		if isSpace(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if !isSpace(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isSpace(r rune) bool { return unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff' }

// Resolve returns the unit a name denotes in year (0: any year, preferring
// names valid today) and how the name matched. Provinces resolve too (their
// Level says so); an ambiguous or unknown name is an *UnknownError.
func Resolve(s string, year int) (City, How, error) {
	if c, how, ok := Lookup(s, year); ok {
		return c, how, nil
	}
	n := Clean(s)
	return City{}, 0, &UnknownError{Name: n, Year: year, Closest: names(load().closest(n, year, nil), 5)}
}

// Lookup is Resolve without the error: ok is false for a name that is no
// city, and no closest names are looked for (which takes most of
// Resolve's time on a name that is no city).
func Lookup(s string, year int) (City, How, bool) {
	t := load()
	n := Clean(s)
	if c, how, ok := t.lookup(n, year); ok {
		return c, how, true
	}
	if fixed, ok := typos[n]; ok {
		if c, _, ok := t.lookup(fixed, year); ok {
			return c, Typo, true
		}
	}
	return City{}, 0, false
}

// lookup finds the unit of a cleaned name: valid in year first, else in the
// nearest year.
func (t *table) lookup(n string, year int) (City, How, bool) {
	names := t.byName[n]
	if len(names) == 0 {
		return City{}, 0, false
	}
	if year == 0 {
		year = 1 << 20 // today: a name still valid
	}
	best, bestDist := -1, 0
	for i, nm := range names {
		d := 0
		switch {
		case nm.validIn(year):
		case year < nm.from:
			d = nm.from - year
		default:
			d = year - nm.to
		}
		// Prefer the closest validity; among equals, official names and
		// cities over provinces.
		if best < 0 || d < bestDist || (d == bestDist && better(t, nm, names[best])) {
			best, bestDist = i, d
		}
	}
	nm := names[best]
	how := nm.how
	if bestDist > 0 && how != Typo {
		how = Former
	}
	return t.units[nm.unit], how, true
}

func better(t *table, a, b name) bool {
	if a.how != b.how {
		return a.how < b.how
	}
	return t.units[a.unit].IsCity() && !t.units[b.unit].IsCity()
}

// ByCode returns the unit of an official code: current codes, the
// province-level codes, and every county-level city code the table holds.
// ResolveCode also reads former codes and the municipalities'
// prefecture-style codes.
func ByCode(code string) (City, bool) {
	t := load()
	if i, ok := t.byCode[strings.TrimSpace(code)]; ok {
		return t.units[i], true
	}
	return City{}, false
}

// Code describes how ResolveCode read a code.
type Code struct {
	Code string // the code looked up
	// How is Official for a unit's current code, Former for a former
	// prefecture-level code (522400 of 毕节地区, now 520500 毕节市), Alias for a
	// municipality's prefecture-style code (110100 for 北京市, 110000).
	How How
	// Name, From and To are, for a former code, the name it had and the
	// years it was in use (inclusive; To 0 = still); for a municipality's
	// prefecture-style code, the municipality's name and 0, 0.
	Name     string
	From, To int
}

// InUse reports whether the code was in use in year (0: never true for a
// former code).
func (c Code) InUse(year int) bool {
	if c.How != Former {
		return true
	}
	return year != 0 && year >= c.From && (c.To == 0 || year <= c.To)
}

// CodeError is returned by ResolveCode for a code that denotes no unit of
// the table: an unknown code, or a former code whose unit the table does
// not continue (132100 邯郸地区, merged into 邯郸市 in 1993).
type CodeError struct {
	Code     string
	Name     string // the name of a former code; "" for an unknown code
	From, To int
}

func (e *CodeError) Error() string {
	if e.Name == "" {
		return "unknown code " + e.Code
	}
	return fmt.Sprintf("%s is a former code of %s (%s), a unit the city table does not continue", e.Code, e.Name, yearRange(e.From, e.To))
}

func yearRange(from, to int) string {
	switch {
	case to == 0:
		return fmt.Sprintf("%d–", from)
	case from == to:
		return strconv.Itoa(from)
	}
	return fmt.Sprintf("%d–%d", from, to)
}

// ResolveCode returns the unit a 6-digit administrative division code
// denotes, for year (0: any): a unit's current code (every code ByCode
// knows); a municipality's prefecture-style code (110100, 120100, 310100,
// 500100 for 110000 北京市 etc.); a former prefecture-level code the
// crosswalk records, resolved to the unit that continues it (522400 毕节地区
// → 520500 毕节市, 542100 昌都地区 → 540300 昌都市). A former code used for two
// units (452400: 梧州地区 until 1996, 贺州地区 from 1997) is read for year: the
// one in use that year, else the nearest in time, preferring one with a unit
// of the table. A current code is taken as the current unit whatever the
// year. Anything else is a *CodeError.
func ResolveCode(code string, year int) (City, Code, error) {
	t := load()
	code = strings.TrimSpace(code)
	if i, ok := t.byCode[code]; ok {
		return t.units[i], Code{Code: code, How: Official}, nil
	}
	recs := t.codes[code]
	if len(recs) == 0 {
		return City{}, Code{}, &CodeError{Code: code}
	}
	best, bestDist := -1, 0
	for i, r := range recs {
		d := 0
		switch {
		case r.how != Former:
		case year == 0:
			d = 1 << 20
			if r.to != 0 {
				d += 1<<20 - r.to // the latest first
			}
		case year < r.from:
			d = r.from - year
		case r.to != 0 && year > r.to:
			d = year - r.to
		}
		// Among equally near, prefer a code with a unit.
		if best < 0 || d < bestDist || (d == bestDist && r.unit >= 0 && recs[best].unit < 0) {
			best, bestDist = i, d
		}
	}
	r := recs[best]
	if r.unit < 0 {
		return City{}, Code{}, &CodeError{Code: code, Name: r.name, From: r.from, To: r.to}
	}
	return t.units[r.unit], Code{Code: code, How: r.how, Name: r.name, From: r.from, To: r.to}, nil
}

// ProvinceOf returns the province-level unit a table heading names: a full
// name (河北省, 广西壮族自治区) or its short form (河北, 广西), valid today.
// Municipalities are not provinces here: ok is false for 北京市.
func ProvinceOf(s string) (City, bool) {
	t := load()
	n := Clean(s)
	for _, nm := range t.byName[n] {
		if u := t.units[nm.unit]; u.Level == Province {
			return u, true
		}
	}
	if u, ok := t.shortProvince()[n]; ok {
		return u, true
	}
	return City{}, false
}

var (
	shortOnce sync.Once
	shortProv map[string]City
)

// shortProvince maps 河北 → 河北省, 广西 → 广西壮族自治区, 内蒙古 → 内蒙古自治区.
func (t *table) shortProvince() map[string]City {
	shortOnce.Do(func() {
		shortProv = map[string]City{}
		for _, u := range t.units {
			if u.Level != Province {
				continue
			}
			s := u.Name
			for _, suf := range []string{"维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "省"} {
				if r, ok := strings.CutSuffix(s, suf); ok {
					s = r
					break
				}
			}
			shortProv[s] = u
		}
		// Abbreviations tables use besides the short forms.
		for short, full := range map[string]string{"内蒙": "内蒙古自治区"} {
			for _, u := range t.units {
				if u.Name == full {
					shortProv[short] = u
				}
			}
		}
	})
	return shortProv
}

// Units returns every unit of the table, ordered by code.
func Units() []City {
	t := load()
	out := slices.Clone(t.units)
	slices.SortFunc(out, func(a, b City) int { return strings.Compare(a.Code, b.Code) })
	return out
}

// Notice returns the attribution and licences of the data behind the
// table (NOTICE.md).
func Notice() string { return notice }

// Closest returns up to k known names nearest to s, best first, for a
// lookup in year (0: today). Names are compared after Clean, by edit
// distance over runes, at most a third of s's length away (at least 1).
// Among names equally near, it prefers one of the same length as s, then a
// name valid in year (official before short), then a name of a
// municipality or prefecture-level unit before a county-level city and a
// province, then the longer common prefix (深川市 → 深圳市 before 铜川市).
// Known misprints are never proposed. keep, when not nil, keeps only the
// names of the units it accepts (keep(c) for some unit c the name denotes).
func Closest(s string, year, k int, keep func(City) bool) []string {
	return names(load().closest(Clean(s), year, keep), k)
}

// Suggest returns the names Closest ranks first, when several tie on
// everything but their spelling (at most 5): what a message proposes for
// a misspelt name. 深川市 gives 深圳市 alone, 广洲市 gives 广元市, 广安市,
// 广州市, ….
func Suggest(s string, year int, keep func(City) bool) []string {
	cands := load().closest(Clean(s), year, keep)
	n := 0
	for n < len(cands) && cands[n].rank == cands[0].rank {
		n++
	}
	return names(cands[:n], 5)
}

// candidate is a name Closest may propose, with its rank (lower is
// better, compared in order).
type candidate struct {
	name string
	rank [5]int // distance, length difference, validity, level, −common prefix
}

func names(cands []candidate, k int) []string {
	var out []string
	for _, c := range cands[:min(max(k, 0), len(cands))] {
		out = append(out, c.name)
	}
	return out
}

// closest ranks the known names near a cleaned name n, best first.
func (t *table) closest(n string, year int, keep func(City) bool) []candidate {
	if n == "" {
		return nil
	}
	if year == 0 {
		year = 1 << 20 // today: a name still valid
	}
	a := []rune(n)
	limit := max(1, len(a)/3)
	var cands []candidate
	for _, s := range t.names {
		b := []rune(s)
		d := distance(a, b, limit)
		if d > limit {
			continue
		}
		valid, level := 3, 3
		for _, nm := range t.byName[s] {
			u := t.units[nm.unit]
			if nm.how == Typo || (keep != nil && !keep(u)) {
				continue
			}
			v := 2 // a name of another year
			if nm.validIn(year) {
				v = 0
				if nm.how != Official {
					v = 1
				}
			}
			l := 2 // a province
			switch u.Level {
			case Municipality, Prefecture:
				l = 0
			case County:
				l = 1
			}
			valid, level = min(valid, v), min(level, l)
		}
		if valid == 3 {
			continue // only misprints, or no unit keep accepts
		}
		prefix := 0
		for prefix < min(len(a), len(b)) && a[prefix] == b[prefix] {
			prefix++
		}
		cands = append(cands, candidate{s, [5]int{d, abs(len(a) - len(b)), valid, level, -prefix}})
	}
	slices.SortFunc(cands, func(x, y candidate) int {
		if c := slices.Compare(x.rank[:], y.rank[:]); c != 0 {
			return c
		}
		return strings.Compare(x.name, y.name)
	})
	return cands
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// distance is the Levenshtein distance of a and b, or limit+1 when it
// exceeds limit.
func distance(a, b []rune, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return limit + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
