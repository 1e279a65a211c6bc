package importers

import (
	"fmt"
	"strings"

	"golang.org/x/text/width"

	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/indicators"
)

// unitRow says that one unit is factor times the base unit of its family.
type unitRow struct {
	unit   string
	base   string
	factor float64
}

// unitTable is every unit the importer converts: each row gives a unit as a
// multiple of the base (smallest) unit of its family. A value stated in unit
// a is converted to unit b of the same family by multiplying it by
// factor(a)/factor(b); units of different families do not convert. Every
// factor is an exact power of ten, so the ratio of two factors is exact and
// a conversion rounds once. A compound unit a/b (元/人, 人/千人) converts
// numerator and denominator separately.
var unitTable = []unitRow{
	// Money: yuan.
	{"元", "元", 1},
	{"千元", "元", 1e3},  // 1 千元 = 10³ 元
	{"万元", "元", 1e4},  // 1 万元 = 10⁴ 元
	{"百万元", "元", 1e6}, // 1 百万元 = 10⁶ 元
	{"亿元", "元", 1e8},  // 1 亿元 = 10⁴ 万元 = 10⁸ 元
	// Money: US dollars.
	{"美元", "美元", 1},
	{"千美元", "美元", 1e3},  // 10³ 美元
	{"万美元", "美元", 1e4},  // 10⁴ 美元
	{"百万美元", "美元", 1e6}, // 10⁶ 美元
	{"亿美元", "美元", 1e8},  // 10⁸ 美元
	// People.
	{"人", "人", 1},
	{"百人", "人", 1e2},  // 10² 人
	{"千人", "人", 1e3},  // 10³ 人
	{"万人", "人", 1e4},  // 10⁴ 人
	{"百万人", "人", 1e6}, // 10⁶ 人
	{"亿人", "人", 1e8},  // 10⁸ 人
	{"人次", "人次", 1},
	{"万人次", "人次", 1e4}, // 10⁴ 人次
	// Counts.
	{"个", "个", 1},
	{"万个", "个", 1e4}, // 10⁴ 个
	{"户", "户", 1},
	{"百户", "户", 1e2}, // 10² 户
	{"万户", "户", 1e4}, // 10⁴ 户
	{"册", "册", 1},
	{"千册", "册", 1e3}, // 10³ 册
	{"万册", "册", 1e4}, // 10⁴ 册
	{"张", "张", 1},
	{"万张", "张", 1e4}, // 10⁴ 张
	{"辆", "辆", 1},
	{"万辆", "辆", 1e4}, // 10⁴ 辆
	{"件", "件", 1},
	{"万件", "件", 1e4}, // 10⁴ 件
	// Area.
	{"平方米", "平方米", 1},
	{"万平方米", "平方米", 1e4},  // 10⁴ m²
	{"公顷", "平方米", 1e4},    // 1 ha = 100 m × 100 m = 10⁴ m²
	{"平方公里", "平方米", 1e6},  // 1 km² = 10³ m × 10³ m = 10⁶ m²
	{"百平方公里", "平方米", 1e8}, // 10² km² = 10⁸ m²
	// Length.
	{"米", "米", 1},
	{"公里", "米", 1e3},  // 1 km = 10³ m
	{"万公里", "米", 1e7}, // 10⁴ km = 10⁷ m
	// Mass.
	{"吨", "吨", 1},
	{"万吨", "吨", 1e4}, // 10⁴ t
	{"亿吨", "吨", 1e8}, // 10⁸ t
	// Energy.
	{"千瓦时", "千瓦时", 1},
	{"万千瓦时", "千瓦时", 1e4}, // 10⁴ kWh
	{"亿千瓦时", "千瓦时", 1e8}, // 10⁸ kWh
	// Power.
	{"千瓦", "千瓦", 1},
	{"万千瓦", "千瓦", 1e4}, // 10⁴ kW
	// Mass, small: concentrations are in 微克/立方米.
	{"微克", "微克", 1},
	{"毫克", "微克", 1e3}, // 10³ µg
	{"克", "微克", 1e6},  // 10⁶ µg
	// Volume.
	{"立方米", "立方米", 1},
	{"万立方米", "立方米", 1e4}, // 10⁴ m³
	{"亿立方米", "立方米", 1e8}, // 10⁸ m³
	// Shares.
	{"‰", "‰", 1},
	{"%", "‰", 10}, // 1% = 10‰, so ‰ → % divides by 10
}

// unitSynonyms maps other spellings (folded: see indicators.Fold) to the
// spelling of unitTable. A synonym of a base unit also works after a
// magnitude prefix: 万m2 = 万平方米.
var unitSynonyms = map[string]string{
	"百分比": "%", "百分率": "%", "percent": "%", "pct": "%",
	"千分比": "‰", "千分率": "‰",
	"㎡": "平方米", "m2": "平方米", "m²": "平方米", "平米": "平方米", "sqm": "平方米",
	"km²": "平方公里", "km2": "平方公里", "㎢": "平方公里", "平方千米": "平方公里",
	"ha": "公顷",
	"km": "公里", "千米": "公里", "m": "米",
	"t":   "吨",
	"kwh": "千瓦时", "kw·h": "千瓦时", "千瓦·时": "千瓦时", "kw": "千瓦",
	"m3": "立方米", "m³": "立方米",
	"μg": "微克", "µg": "微克", "ug": "微克", "mg": "毫克", "g": "克",
	"yuan": "元", "usd": "美元",
}

// unitPrefixes are the magnitude prefixes a synonym may follow.
var unitPrefixes = []string{"百万", "亿", "万", "千", "百"}

var unitIndex = func() map[string]unitRow {
	m := make(map[string]unitRow, len(unitTable))
	for _, r := range unitTable {
		m[r.unit] = r
	}
	return m
}()

// canonUnit folds a unit and replaces a synonym by the table's spelling.
func canonUnit(u string) string {
	c := indicators.Fold(u)
	if s, ok := unitSynonyms[c]; ok {
		return s
	}
	for _, p := range unitPrefixes {
		if rest, ok := strings.CutPrefix(c, p); ok {
			if s, ok := unitSynonyms[rest]; ok {
				return p + s
			}
		}
	}
	return c
}

// measure is a canonical unit as a multiple of base units: num/den, with
// den empty for a simple unit.
type measure struct {
	num, den           string  // base units
	numFactor, denFact float64 // multiples of them
}

// parseUnit reads a canonical unit of unitTable, simple or compound (a/b).
func parseUnit(c string) (measure, bool) {
	if r, ok := unitIndex[c]; ok {
		return measure{num: r.base, numFactor: r.factor, denFact: 1}, true
	}
	a, b, ok := strings.Cut(c, "/")
	if !ok || strings.Contains(b, "/") {
		return measure{}, false
	}
	b = strings.TrimPrefix(b, "每")
	ra, okA := unitIndex[canonUnit(a)]
	rb, okB := unitIndex[canonUnit(b)]
	if !okA || !okB {
		return measure{}, false
	}
	return measure{num: ra.base, den: rb.base, numFactor: ra.factor, denFact: rb.factor}, true
}

// knownUnit reports whether u is in the conversion table, simple or
// compound.
func knownUnit(u string) bool {
	_, ok := parseUnit(canonUnit(u))
	return ok
}

// sameUnit reports whether a and b are the same unit after folding and
// synonyms.
func sameUnit(a, b string) bool { return canonUnit(a) == canonUnit(b) }

// conversion multiplies a value by num/den. The zero value is the identity.
type conversion struct {
	num, den float64
}

func (c conversion) identity() bool { return c.num == 0 || c.num == c.den }

// factor returns the multiplier, 1 for the identity.
func (c conversion) factor() float64 {
	if c.identity() {
		return 1
	}
	return c.num / c.den
}

// apply converts v. Either num or den is 1, so v is rounded once.
func (c conversion) apply(v float64) float64 {
	switch {
	case c.identity():
		return v
	case c.den == 1:
		return v * c.num
	case c.num == 1:
		return v / c.den
	}
	return v * c.num / c.den
}

// convertUnit returns the conversion of values stated in unit from to unit
// to, or an ErrUnit error when from is unknown or of another family.
func convertUnit(from, to string) (conversion, error) {
	cf, ct := canonUnit(from), canonUnit(to)
	if cf == ct {
		return conversion{}, nil
	}
	mf, okF := parseUnit(cf)
	mt, okT := parseUnit(ct)
	switch {
	case !okF:
		return conversion{}, errorf(ErrUnit, "unknown unit %s (the framework's unit is %s)", quote(from), to)
	case !okT || mf.num != mt.num || mf.den != mt.den:
		return conversion{}, errorf(ErrUnit, "%s cannot be converted to %s", from, to)
	}
	// from → to multiplies by (fNum/fDen)/(tNum/tDen) = fNum·tDen / (fDen·tNum).
	num, den := mf.numFactor*mt.denFact, mf.denFact*mt.numFactor
	switch {
	case num == den:
		return conversion{}, nil
	case num > den:
		return conversion{num: num / den, den: 1}, nil
	default:
		return conversion{num: 1, den: den / num}, nil
	}
}

// Short per-capita units. The urban-construction yearbook (中国城市建设统计年鉴)
// and statistical bulletins print the unit of a per-capita item without its
// denominator: 人均公园绿地面积（平方米） is in 平方米/人, 人均日生活用水量（升） in
// 升/人·日. A stated unit X is read as X/… when all of these hold:
//
//   - the variable's unit is X/D with D per person: 人, or 人 followed by a
//     period (人·日, 人·天, 人/日, 人日, …), after an optional 每; not 人次;
//   - the stated unit is X itself, after folding and synonyms (㎡ and m2
//     are 平方米): 万平方米 is not 平方米 and stays an error, since a per-capita
//     item printed in 万平方米 is more likely a total matched by mistake;
//   - the header says per capita (saysPerCapita), or the variable's own
//     Chinese or English name does (the header matched it).
//
// Nothing is converted (the numerator is the same unit); the reading is
// recorded on the matched column (MatchedColumn.Note) and listed among the
// conversions of the report. Anything else is an ErrUnit error, as before.

// perPersonDen reports whether the denominator d of a compound unit counts
// persons: 人, 每人, or 人 followed by a period (人·日, 人/日, 人日).
func perPersonDen(d string) bool {
	d = strings.TrimPrefix(canonUnit(d), "每")
	rest, ok := strings.CutPrefix(d, "人")
	if !ok {
		return false
	}
	if rest == "" {
		return true
	}
	rest = strings.TrimLeft(rest, "·•・･./*")
	for _, p := range []string{"日", "天", "年", "月", "周", "d", "day", "year", "a"} {
		if rest == p {
			return true
		}
	}
	return false
}

// perCapitaUnit returns the per-capita reading of stated against target:
// target itself when target is X/D with D per person and stated is X.
func perCapitaUnit(stated, target string) (string, bool) {
	if stated == "" || strings.Contains(stated, "/") {
		return "", false
	}
	num, den, ok := strings.Cut(target, "/")
	if !ok || num == "" || !perPersonDen(den) {
		return "", false
	}
	if !sameUnit(stated, num) {
		return "", false
	}
	return target, true
}

// perCapitaWords are the folded English spellings of "per capita".
var perCapitaWords = []string{"percapita", "per_capita", "per-capita"}

// saysPerCapita reports whether a header or name says per capita: it starts
// with 人均 (人均公园绿地面积), holds 居民人均 (城镇居民人均可支配收入), or holds
// "per capita" in English (GDP per capita, park_green_per_capita).
func saysPerCapita(s string) bool {
	f := indicators.Fold(s)
	if strings.HasPrefix(f, "人均") || strings.Contains(f, "居民人均") {
		return true
	}
	for _, w := range perCapitaWords {
		if strings.Contains(f, w) {
			return true
		}
	}
	return false
}

// perCapitaNote is the note of a short per-capita unit read as target, or
// "" when stated is not one for a variable v under header name: "平方米 read
// as 平方米/人: a per-capita item (人均公园绿地面积)".
func perCapitaNote(v *indicators.Variable, stated, target, header string) dataset.Text {
	reading, ok := perCapitaUnit(stated, target)
	if !ok {
		return dataset.Text{}
	}
	var says string
	switch {
	case saysPerCapita(header):
		says = header
		if n, _, ok := splitBracket(width.Fold.String(header)); ok {
			says = n
		}
	case saysPerCapita(v.Name.Zh):
		says = v.Name.Zh
	case saysPerCapita(v.Name.En):
		says = v.Name.En
	default:
		return dataset.Text{}
	}
	return dataset.Text{En: fmt.Sprintf("%s read as %s: a per-capita item (%s)", stated, reading, says),
		Zh: fmt.Sprintf("%s 按 %s 读取：人均指标（%s）", stated, reading, says)}
}

// perCapitaHint explains why a short unit that looks per-capita was not
// read as one, for the error message; "" when nothing applies.
func perCapitaHint(stated, target string) string {
	num, den, ok := strings.Cut(target, "/")
	if !ok || !perPersonDen(den) || strings.Contains(stated, "/") {
		return ""
	}
	if _, ok := perCapitaUnit(stated, target); ok {
		return fmt.Sprintf(" (%s is read as %s only for a per-capita item: a header that starts with 人均 or says per capita)", stated, target)
	}
	if mf, ok := parseUnit(canonUnit(stated)); ok {
		if mn, ok := parseUnit(canonUnit(num)); ok && mf.num == mn.num && mf.den == "" {
			return fmt.Sprintf(" (a short per-capita unit must be %s itself; state %s/%s in full if that is meant)", num, stated, den)
		}
	}
	return ""
}

// perCapitaNumerator reports whether unit is the numerator of target, a
// per-person unit (升 of 升/人·日), so that a header bracket holding it is a
// unit even when the conversion table does not know it.
func perCapitaNumerator(unit, target string) bool {
	_, ok := perCapitaUnit(unit, target)
	return ok
}
