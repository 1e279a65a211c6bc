package cities

import (
	"maps"
	"slices"
	"strings"
	"testing"
)

func TestRegions(t *testing.T) {
	for _, tc := range []struct{ prov, want string }{
		{"北京市", "东部"}, {"浙江省", "东部"}, {"山西省", "中部"}, {"内蒙古自治区", "西部"}, {"广西壮族自治区", "西部"},
		{"重庆市", "西部"}, {"黑龙江省", "东北"}, {"海南省", "东部"},
	} {
		if got, _, ok := RegionOf(tc.prov); !ok || got != tc.want {
			t.Errorf("RegionOf(%s) = %s, want %s", tc.prov, got, tc.want)
		}
	}
	// Every prefecture-level city and municipality has a region.
	n := map[string]int{}
	for _, c := range Units() {
		if c.Level != Prefecture && c.Level != Municipality {
			continue
		}
		r, _, ok := RegionOf(c.Province)
		if !ok {
			t.Errorf("%s (%s): no region", c.Name, c.Province)
		}
		n[r]++
	}
	if len(n) != 4 {
		t.Errorf("regions %v", n)
	}
}

func TestSizeClass(t *testing.T) {
	for _, tc := range []struct {
		pop  float64
		want string
	}{{2185, "超大城市"}, {1000, "超大城市"}, {999.9, "特大城市"}, {300, "Ⅰ型大城市"}, {120, "Ⅱ型大城市"}, {60, "中等城市"},
		{31, "Ⅰ型小城市"}, {15, "Ⅱ型小城市"}} {
		if got, _, _ := SizeClass(tc.pop); got != tc.want {
			t.Errorf("SizeClass(%v) = %s, want %s", tc.pop, got, tc.want)
		}
	}
	if got, _, order := SizeClass(0); got != "" || order != 0 {
		t.Error("SizeClass(0)")
	}
}

// TestClusters: every member is a current prefecture-level unit under its
// exact name, every partial one a member; the plans' counts; the only units
// in two clusters are 邯郸, 邢台 (京津冀, 中原) and 运城 (中原, 关中平原).
func TestClusters(t *testing.T) {
	want := map[string]int{"京津冀": 13, "长三角": 26, "粤港澳大湾区": 9, "成渝": 16, "长江中游": 28, "中原": 29, "哈长": 11,
		"北部湾": 11, "关中平原": 11, "呼包鄂榆": 4, "兰州—西宁": 9}
	if len(Clusters()) != len(want) {
		t.Errorf("%d clusters, want %d", len(Clusters()), len(want))
	}
	in := map[string][]string{}
	for _, c := range Clusters() {
		if len(c.Members) != want[c.Zh] || c.Source == "" || c.En == "" {
			t.Errorf("%s: %d members, want %d; source %q", c.Zh, len(c.Members), want[c.Zh], c.Source)
		}
		for _, m := range c.Members {
			city, _, err := Resolve(m, 2023)
			if err != nil || city.Name != m || (city.Level != Prefecture && city.Level != Municipality) {
				t.Errorf("%s: member %s is not a current prefecture-level unit (%v, %v)", c.Zh, m, city, err)
			}
			if slices.Contains(in[m], c.Zh) {
				t.Errorf("%s: %s listed twice", c.Zh, m)
			}
			in[m] = append(in[m], c.Zh)
		}
		for _, p := range c.Partial {
			if !slices.Contains(c.Members, p) {
				t.Errorf("%s: partial %s is not a member", c.Zh, p)
			}
		}
	}
	two := map[string]string{}
	for m, cs := range in {
		if len(cs) > 1 {
			two[m] = strings.Join(cs, ClusterSep)
		}
	}
	if w := map[string]string{"邯郸市": "京津冀、中原", "邢台市": "京津冀、中原", "运城市": "中原、关中平原"}; !maps.Equal(two, w) {
		t.Errorf("units in two clusters: %v, want %v", two, w)
	}
	// County-level units of the plans are not prefecture-level units of
	// the crosswalk, so they are rightly left out.
	for _, n := range []string{"仙桃市", "潜江市", "天门市", "济源市", "东方市"} {
		if c, _, err := Resolve(n, 2023); err == nil && (c.Level == Prefecture || c.Level == Municipality) {
			t.Errorf("%s is a prefecture-level unit (%v): list it", n, c)
		}
	}
	for _, tc := range []struct{ name, label, groups string }{
		{"绵阳市", "成渝（部分）", "成渝"},
		{"邯郸市", "京津冀、中原", "京津冀 中原"},
		{"运城市", "中原、关中平原（部分）", "中原 关中平原"},
		{"儋州市", "北部湾", "北部湾"},
		{"延边朝鲜族自治州", "哈长", "哈长"},
		{"拉萨市", "", ""},
	} {
		label, groups := ClusterLabel(ClustersOf(tc.name))
		if label != tc.label || strings.Join(groups, " ") != tc.groups {
			t.Errorf("%s: %q %q, want %q %q", tc.name, label, groups, tc.label, tc.groups)
		}
	}
}
