package cities

import "testing"

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

// TestClusters: every member is a current prefecture-level city or
// municipality, in one cluster only; the plans' counts.
func TestClusters(t *testing.T) {
	want := map[string]int{"京津冀": 13, "长三角": 26, "粤港澳大湾区": 9, "成渝": 16}
	seen := map[string]string{}
	for _, c := range Clusters() {
		if len(c.Members) != want[c.Zh] || c.Source == "" {
			t.Errorf("%s: %d members, want %d; source %q", c.Zh, len(c.Members), want[c.Zh], c.Source)
		}
		for _, m := range c.Members {
			city, _, err := Resolve(m, 2023)
			if err != nil || city.Name != m || (city.Level != Prefecture && city.Level != Municipality) {
				t.Errorf("%s: member %s is not a current prefecture-level city (%v, %v)", c.Zh, m, city, err)
			}
			if prev, dup := seen[m]; dup {
				t.Errorf("%s in %s and %s", m, prev, c.Zh)
			}
			seen[m] = c.Zh
		}
	}
	if c, partial, ok := ClusterOf("绵阳市"); !ok || c.Zh != "成渝" || !partial {
		t.Errorf("ClusterOf(绵阳市) = %v %v %v", c.Zh, partial, ok)
	}
}
