package importers

import (
	"errors"
	"testing"
)

func TestMatchHeader(t *testing.T) {
	fw := framework(t)
	tests := []struct {
		name, header, scope string
		want                string // variable id; "" = unmatched
		stated              string
		err                 error
	}{
		{"id", "gdp", "", "gdp", "", nil},
		{"id with spaces", "  gdp ", "", "gdp", "", nil},
		{"zh name", "地区生产总值", "", "gdp", "", nil},
		{"en name", "GDP per capita", "", "gdp_pc", "", nil},
		{"en name folded", "gdp  PER capita", "", "gdp_pc", "", nil},
		{"alias", "年末常住人口", "", "pop", "", nil},
		{"alias with brackets", "地区生产总值（当年价格）", "", "gdp", "", nil},
		{"alias with brackets and unit", "地区生产总值（当年价格）（万元）", "", "gdp", "万元", nil},
		{"full-width bracket unit", "地区生产总值（万元）", "", "gdp", "万元", nil},
		{"ascii bracket unit", "地区生产总值(亿元)", "", "gdp", "亿元", nil},
		{"bracket unit with space", "地区生产总值 （万元）", "", "gdp", "万元", nil},
		{"unit prefix 单位", "地区生产总值（单位：万元）", "", "gdp", "万元", nil},
		{"id with unit", "gdp（万元）", "", "gdp", "万元", nil},
		{"full-width letters", "ｇｄｐ（万元）", "", "gdp", "万元", nil},
		{"own unit unknown to the table", "公共汽电车运营车辆数（标台）", "", "buses", "标台", nil},
		{"compound unit", "人均地区生产总值（元/人）", "", "gdp_pc", "元/人", nil},
		{"newline inside header", "年末常住人口\n（万人）", "", "pop", "万人", nil},
		{"scope picks 全市", "常住人口（全市）", "", "pop", "", nil},
		{"scope picks 市辖区", "常住人口_市辖区", "", "pop_districts", "", nil},
		{"scope and unit in one bracket", "常住人口（市辖区，万人）", "", "pop_districts", "万人", nil},
		{"scope and unit in two brackets", "常住人口（全市）（万人）", "", "pop", "万人", nil},
		{"scope hint from a long table", "常住人口", "市辖区", "pop_districts", "", nil},
		{"scope in the name itself", "市辖区常住人口", "", "pop_districts", "", nil},
		{"ambiguous", "常住人口", "", "", "", ErrAmbiguous},
		{"ambiguous with unit", "常住人口（万人）", "", "", "", ErrAmbiguous},
		{"scope mismatch", "地区生产总值（市辖区）", "", "", "", ErrScope},
		{"unknown unit", "地区生产总值（现价）", "", "", "", ErrUnit},
		{"unmatched", "省份", "", "", "", nil},
		{"unmatched with bracket", "省份（简称）", "", "", "", nil},
		{"empty", "  ", "", "", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := matchHeader(fw, tt.header, tt.scope)
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("matchHeader(%q) error %v, want %v", tt.header, err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("matchHeader(%q): %v", tt.header, err)
			}
			got := ""
			if m.v != nil {
				got = m.v.ID
			}
			if got != tt.want || m.stated != tt.stated {
				t.Errorf("matchHeader(%q) = %q (%q), want %q (%q)", tt.header, got, m.stated, tt.want, tt.stated)
			}
		})
	}
}

func TestMatchHeaderAmbiguousMessage(t *testing.T) {
	_, err := matchHeader(framework(t), "常住人口", "")
	want := "ambiguous header: matches pop (全市), pop_districts (市辖区); name the scope or use the id"
	if err == nil || err.Error() != want {
		t.Errorf("error %v, want %s", err, want)
	}
}

func TestSplitBracket(t *testing.T) {
	tests := []struct{ in, name, inner string }{
		{"a(b)", "a", "b"},
		{"a (b) ", "a", "b"},
		{"a(b(c))", "a", "b(c)"},
		{"a(b)(c)", "a(b)", "c"},
		{"(b)", "", ""},
		{"a)", "", ""},
		{"ab", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			n, in, _ := splitBracket(tt.in)
			if n != tt.name || in != tt.inner {
				t.Errorf("splitBracket(%q) = %q, %q; want %q, %q", tt.in, n, in, tt.name, tt.inner)
			}
		})
	}
}
