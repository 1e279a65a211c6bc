package cities_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cityscore/cityscore/cities"
)

func TestResolve(t *testing.T) {
	tests := []struct {
		name string
		year int
		code string // "" = unknown
		city string
		how  cities.How
	}{
		{"北京市", 2023, "110000", "北京市", cities.Official},
		{"  石家庄市", 2023, "130100", "石家庄市", cities.Official},
		{"\u00a0\u00a0阜新市", 2014, "210900", "阜新市", cities.Official},
		{"石家庄", 2023, "130100", "石家庄市", cities.Alias},
		{"恩施州", 2020, "422800", "恩施土家族苗族自治州", cities.Alias},
		{"三沙市", 2023, "460300", "三沙市", cities.Official},
		// Renames: the same unit, its current code and name.
		{"襄樊市", 2009, "420600", "襄阳市", cities.Official},
		{"襄樊市", 2015, "420600", "襄阳市", cities.Former},
		{"襄阳市", 2005, "420600", "襄阳市", cities.Former},
		{"思茅市", 2012, "530800", "普洱市", cities.Former},
		{"毕节地区", 2010, "520500", "毕节市", cities.Official},
		// Misprints of the official tables.
		{"荷泽市", 2021, "371700", "菏泽市", cities.Typo},
		{"邛峡市", 2021, "510183", "邛崃市", cities.Typo},
		{"华蓋市", 2021, "511681", "华蓥市", cities.Typo},
		{"毫州市", 2005, "341600", "亳州市", cities.Typo},
		// County-level cities, and a name that was both.
		{"辛集市", 2023, "130181", "辛集市", cities.Official},
		{"胡杨河市", 2020, "659010", "胡杨河市", cities.Official},
		{"儋州市", 2010, "469003", "儋州市", cities.Official},
		{"儋州市", 2023, "460400", "儋州市", cities.Official},
		{"巢湖市", 2010, "341400", "巢湖市", cities.Official},
		{"巢湖市", 2015, "340181", "巢湖市", cities.Official},
		// Provinces resolve, as provinces.
		{"吉林省", 2023, "220000", "吉林省", cities.Official},
		{"石家庄币", 2023, "", "", 0},
		{"", 2023, "", "", 0},
	}
	for _, tt := range tests {
		c, how, err := cities.Resolve(tt.name, tt.year)
		if tt.code == "" {
			var ue *cities.UnknownError
			if !errors.As(err, &ue) {
				t.Errorf("Resolve(%q, %d) = %+v, %v; want an UnknownError", tt.name, tt.year, c, err)
			}
			continue
		}
		if err != nil || c.Code != tt.code || c.Name != tt.city || how != tt.how {
			t.Errorf("Resolve(%q, %d) = %s %s %v %v; want %s %s %v", tt.name, tt.year, c.Code, c.Name, how, err, tt.code, tt.city, tt.how)
		}
	}
}

func TestUnknownError(t *testing.T) {
	_, _, err := cities.Resolve("石家庄币", 2023)
	if err == nil || err.Error() != `unknown city "石家庄币" in 2023; closest: 石家庄市, 石家庄` {
		t.Errorf("error %v", err)
	}
	_, _, err = cities.Resolve("Xanadu", 0)
	var ue *cities.UnknownError
	if !errors.As(err, &ue) || len(ue.Closest) != 0 || ue.Error() != `unknown city "Xanadu"` {
		t.Errorf("error %v", err)
	}
}

// TestClosest checks the ranking of the closest names: edit distance over
// runes, then the same length, then a name valid in the year, then the
// level, then the common prefix.
func TestClosest(t *testing.T) {
	prefecture := func(c cities.City) bool { return c.Level == cities.Municipality || c.Level == cities.Prefecture }
	tests := []struct {
		name    string
		year    int
		keep    func(cities.City) bool
		closest string // Closest, at most 5
		suggest string // Suggest
	}{
		// 圳 for 川: 深圳市 before the other X川市, whose first character
		// differs, and before the county-level 深州市 and the former
		// county-level 合川市.
		{"深川市", 2023, nil, "深圳市 铜川市 银川市 深州市 利川市", "深圳市"},
		{"深川市", 2023, prefecture, "深圳市 铜川市 银川市", "深圳市"},
		{"深训市", 2023, nil, "深圳市 深州市", "深圳市"},
		// The same length first: 石家庄市 before 石家庄.
		{"石家庄币", 2023, nil, "石家庄市 石家庄", "石家庄市"},
		// A name valid in the year before a former one: 襄阳市 in 2015,
		// 襄樊市 in 2005 (both name 420600).
		{"襄杨市", 2015, nil, "襄阳市 襄樊市 白杨市", "襄阳市"},
		{"襄杨市", 2005, nil, "襄樊市 襄阳市 白杨市", "襄樊市"},
		// Ties on everything but the spelling are all suggested.
		{"广洲市", 2023, prefecture, "广元市 广安市 广州市 株洲市", "广元市 广安市 广州市"},
		// Misprints are never proposed; keep filters units.
		{"毫州县", 2023, nil, "", ""}, // 毫州市 is a misprint of 亳州市, two edits away
		{"辛集币", 2023, prefecture, "", ""},
		{"Xanadu", 0, nil, "", ""},
		{"", 0, nil, "", ""},
	}
	for _, tt := range tests {
		got := strings.Join(cities.Closest(tt.name, tt.year, 5, tt.keep), " ")
		sug := strings.Join(cities.Suggest(tt.name, tt.year, tt.keep), " ")
		if got != tt.closest || sug != tt.suggest {
			t.Errorf("%s %d: Closest %q, Suggest %q; want %q, %q", tt.name, tt.year, got, sug, tt.closest, tt.suggest)
		}
	}
	_, _, err := cities.Resolve("深川市", 2023)
	var ue *cities.UnknownError
	if !errors.As(err, &ue) || len(ue.Closest) == 0 || ue.Closest[0] != "深圳市" {
		t.Errorf("Resolve(深川市): %v", err)
	}
}

func TestCityLevels(t *testing.T) {
	for _, tt := range []struct {
		code  string
		level cities.Level
		prov  string
		city  bool
	}{
		{"110000", cities.Municipality, "北京市", true},
		{"130000", cities.Province, "河北省", false},
		{"130100", cities.Prefecture, "河北省", true},
		{"130181", cities.County, "河北省", true},
		{"652300", cities.Prefecture, "新疆维吾尔自治区", true}, // 昌吉回族自治州
	} {
		c, ok := cities.ByCode(tt.code)
		if !ok || c.Level != tt.level || c.Province != tt.prov || c.IsCity() != tt.city {
			t.Errorf("ByCode(%s) = %+v %v", tt.code, c, ok)
		}
	}
	if _, ok := cities.ByCode("999999"); ok {
		t.Error("ByCode(999999)")
	}
	if s := cities.Prefecture.String(); s != "prefecture" {
		t.Error(s)
	}
	if s := cities.Typo.String(); s != "known misprint" {
		t.Error(s)
	}
}

func TestProvinceOf(t *testing.T) {
	for _, tt := range []struct{ name, want string }{
		{"河北省", "河北省"}, {"河北", "河北省"}, {"广西", "广西壮族自治区"}, {"内蒙古自治区", "内蒙古自治区"},
		{"内蒙", "内蒙古自治区"}, {"新疆", "新疆维吾尔自治区"}, {" 吉林省 ", "吉林省"},
		{"北京市", ""}, {"北京", ""}, {"石家庄市", ""}, {"吉林市", ""},
	} {
		p, ok := cities.ProvinceOf(tt.name)
		if (tt.want != "") != ok || p.Name != tt.want {
			t.Errorf("ProvinceOf(%q) = %q %v, want %q", tt.name, p.Name, ok, tt.want)
		}
	}
}

// TestTable checks the table against the crosswalk's own statements
// (city-crosswalk/README.md): 337 units active today at prefecture level
// and above (333 prefecture-level, 4 municipalities), unique current names.
func TestTable(t *testing.T) {
	var prefectures, munis int
	names := map[string]string{}
	for _, c := range cities.Units() {
		switch c.Level {
		case cities.Municipality:
			munis++
		case cities.Prefecture:
			if _, how, err := cities.Resolve(c.Name, 2024); err == nil && how == cities.Official {
				if got, _, _ := cities.Resolve(c.Name, 2024); got.Code == c.Code {
					prefectures++
				}
			}
		}
		if len(c.Code) != 6 {
			t.Errorf("code %q", c.Code)
		}
		if c.Level != cities.County {
			if other, dup := names[c.Name]; dup {
				t.Errorf("%s is the name of %s and %s", c.Name, other, c.Code)
			}
			names[c.Name] = c.Code
		}
	}
	if prefectures != 333 || munis != 4 {
		t.Errorf("%d prefecture-level units valid in 2024, %d municipalities; want 333, 4", prefectures, munis)
	}
	if n := cities.Notice(); !strings.Contains(n, "CC BY 4.0") || !strings.Contains(n, "CC0") || !strings.Contains(n, "MIT License") {
		t.Error("the notice lacks a licence")
	}
}

// TestTableRegenerates checks that cities.tsv is what gen.go derives from
// the crosswalk, when the crosswalk is at hand (../../shared/data).
func TestTableRegenerates(t *testing.T) {
	src := "../../shared/data/city-crosswalk"
	if _, err := os.Stat(src); err != nil {
		t.Skip("crosswalk not available:", err)
	}
	out := filepath.Join(t.TempDir(), "cities.tsv")
	cmd := exec.Command("go", "run", "gen.go", "-src", src, "-o", out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("gen.go: %v\n%s", err, b)
	}
	got, _ := os.ReadFile(out)
	want, _ := os.ReadFile("cities.tsv")
	if !bytes.Equal(got, want) {
		t.Error("cities.tsv differs from gen.go's output; run go generate ./cities")
	}
}

func ExampleResolve() {
	for _, name := range []string{"  石家庄市", "荷泽市", "襄樊市"} {
		c, how, err := cities.Resolve(name, 2021)
		if err != nil {
			panic(err)
		}
		fmt.Println(c.Code, c.Name, c.Province, "—", how)
	}
	_, _, err := cities.Resolve("石家庄币", 2021)
	fmt.Println(err)
	// Output:
	// 130100 石家庄市 河北省 — official name
	// 371700 菏泽市 山东省 — known misprint
	// 420600 襄阳市 湖北省 — name of another year
	// unknown city "石家庄币" in 2021; closest: 石家庄市, 石家庄
}

func TestResolveCode(t *testing.T) {
	for _, tt := range []struct {
		code string
		year int
		want string // code and name of the unit; "" = an error
		how  cities.How
		name string // Code.Name
		err  string
	}{
		{code: "440300", year: 2023, want: "440300 深圳市", how: cities.Official},
		{code: "110000", want: "110000 北京市", how: cities.Official},
		{code: "110100", year: 2023, want: "110000 北京市", how: cities.Alias, name: "北京市"},
		{code: "120100", want: "120000 天津市", how: cities.Alias, name: "天津市"},
		{code: "310100", want: "310000 上海市", how: cities.Alias, name: "上海市"},
		{code: "500100", want: "500000 重庆市", how: cities.Alias, name: "重庆市"},
		{code: "522400", year: 2023, want: "520500 毕节市", how: cities.Former, name: "毕节地区"},
		{code: "522400", year: 2005, want: "520500 毕节市", how: cities.Former, name: "毕节地区"},
		{code: "542100", want: "540300 昌都市", how: cities.Former, name: "昌都地区"},
		{code: "441000", year: 2000, want: "460100 海口市", how: cities.Former, name: "海口市"},
		{code: "452400", year: 2020, want: "451100 贺州市", how: cities.Former, name: "贺州地区"},
		{code: "452400", year: 1990, err: "452400 is a former code of 梧州地区 (1981–1996), a unit the city table does not continue"},
		{code: "132100", year: 2000, err: "132100 is a former code of 邯郸地区 (1981–1992), a unit the city table does not continue"},
		{code: "999999", err: "unknown code 999999"},
		{code: "130181", want: "130181 辛集市", how: cities.Official},
	} {
		c, code, err := cities.ResolveCode(tt.code, tt.year)
		if tt.err != "" {
			var ce *cities.CodeError
			if !errors.As(err, &ce) || err.Error() != tt.err {
				t.Errorf("ResolveCode(%s, %d): %v, want %s", tt.code, tt.year, err, tt.err)
			}
			continue
		}
		if err != nil || c.Code+" "+c.Name != tt.want || code.How != tt.how || code.Name != tt.name || code.Code != tt.code {
			t.Errorf("ResolveCode(%s, %d) = %s %s %+v %v, want %s %v %s", tt.code, tt.year, c.Code, c.Name, code, err, tt.want, tt.how, tt.name)
		}
	}
	_, code, _ := cities.ResolveCode("522400", 2005)
	if !code.InUse(2005) || code.InUse(2015) || code.InUse(0) {
		t.Errorf("InUse: %+v", code)
	}
}
