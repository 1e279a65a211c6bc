package importers

import (
	"errors"
	"testing"
)

// TestUnitTable checks every row of the conversion table: the unit converts
// to its base by its factor and back by the inverse.
func TestUnitTable(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range unitTable {
		t.Run(r.unit, func(t *testing.T) {
			if seen[r.unit] {
				t.Fatalf("unit %s listed twice", r.unit)
			}
			seen[r.unit] = true
			if _, ok := unitIndex[r.base]; !ok {
				t.Fatalf("base %s of %s is not in the table", r.base, r.unit)
			}
			if canonUnit(r.unit) != r.unit {
				t.Errorf("canonUnit(%s) = %s: table spellings must be canonical", r.unit, canonUnit(r.unit))
			}
			to, err := convertUnit(r.unit, r.base)
			if err != nil || to.factor() != r.factor {
				t.Errorf("%s → %s: factor %v, %v; want %v", r.unit, r.base, to.factor(), err, r.factor)
			}
			back, err := convertUnit(r.base, r.unit)
			if err != nil || back.apply(r.factor) != 1 {
				t.Errorf("%s → %s: %v %v; want 1 %s = %v %s", r.base, r.unit, back, err, r.unit, r.factor, r.base)
			}
		})
	}
}

func TestConvertUnit(t *testing.T) {
	tests := []struct {
		from, to string
		in, want float64
	}{
		{"万元", "亿元", 1195450, 119.545},
		{"亿元", "万元", 1.5, 15000},
		{"元", "万元", 12345, 1.2345},
		{"千元", "元", 2.5, 2500},
		{"千元", "万元", 25, 2.5},
		{"万人", "人", 3.5, 35000},
		{"千人", "万人", 15, 1.5},
		{"百人", "人", 2, 200},
		{"个", "万个", 20000, 2},
		{"户", "万户", 5000, 0.5},
		{"千册", "万册", 30, 3},
		{"册", "千册", 1500, 1.5},
		{"平方米", "万平方米", 25000, 2.5},
		{"平方公里", "平方米", 2, 2e6},
		{"万平方米", "平方公里", 150, 1.5},
		{"公顷", "平方公里", 250, 2.5},
		{"公里", "米", 1.2, 1200},
		{"吨", "万吨", 12000, 1.2},
		{"万千瓦时", "亿千瓦时", 25000, 2.5},
		{"千瓦时", "万千瓦时", 5000, 0.5},
		{"立方米", "万立方米", 5000, 0.5},
		{"万立方米", "亿立方米", 5000, 0.5},
		{"‰", "%", 5, 0.5},
		{"%", "‰", 0.5, 5},
		// Synonyms and spellings.
		{"％", "%", 7, 7},
		{"百分比", "%", 7, 7},
		{"㎡", "平方米", 3, 3},
		{"m2", "平方米", 3, 3},
		{"m²", "万平方米", 30000, 3},
		{"万m2", "平方米", 3, 30000},
		{"km²", "平方公里", 3, 3},
		{"KM2", "平方米", 1, 1e6},
		{"km", "公里", 3, 3},
		{"公里", "km", 3, 3},
		{" 万 人 ", "万人", 3, 3},
		{"万ｋｍ", "公里", 1, 1e4},
		// Compound units: numerator and denominator separately.
		{"万元/人", "元/人", 1.5, 15000},
		{"人/千人", "人/万人", 1.5, 15},
		{"元/万人", "元/人", 1e4, 1},
		{"人/每万人", "人/万人", 2, 2},
		// Units the table does not know are equal when spelt alike.
		{"标台", "标台", 9, 9},
		{"Score 1-5", "score1-5", 4, 4},
	}
	for _, tt := range tests {
		t.Run(tt.from+"→"+tt.to, func(t *testing.T) {
			c, err := convertUnit(tt.from, tt.to)
			if err != nil {
				t.Fatal(err)
			}
			if got := c.apply(tt.in); got != tt.want {
				t.Errorf("%v %s = %v %s, want %v", tt.in, tt.from, got, tt.to, tt.want)
			}
		})
	}
}

func TestConvertUnitErrors(t *testing.T) {
	for _, tt := range []struct{ from, to string }{
		{"万美元", "亿元"},
		{"万人", "万元"},
		{"%", "元"},
		{"当年价格", "亿元"},
		{"标台", "辆"},
		{"元/人", "元"},
		{"人/千人", "户/万户"},
		{"万元", "index"},
	} {
		t.Run(tt.from+"→"+tt.to, func(t *testing.T) {
			if _, err := convertUnit(tt.from, tt.to); !errors.Is(err, ErrUnit) {
				t.Errorf("convertUnit(%s, %s) = %v, want ErrUnit", tt.from, tt.to, err)
			}
		})
	}
}

func TestUnitSynonyms(t *testing.T) {
	for syn, unit := range unitSynonyms {
		t.Run(syn, func(t *testing.T) {
			if _, ok := unitIndex[unit]; !ok {
				t.Errorf("synonym %s → %s: not in the table", syn, unit)
			}
			if !sameUnit(syn, unit) {
				t.Errorf("sameUnit(%s, %s) = false", syn, unit)
			}
		})
	}
}
