package exporters

import (
	"testing"

	"github.com/cityscore/cityscore/dataset"
)

// TestGroupRowsIn: a unit in two groups (Grouping.In, as a city in two
// clusters) is counted in each on the Groups sheet; one partly in a group
// (its label 成渝（部分）) is counted in that group; the label stays the
// unit's cell in the CSV.
func TestGroupRowsIn(t *testing.T) {
	o := overviewOutput(t, "zh")
	y := o.Result.Years[0]
	cluster := Grouping{ID: "cluster", Label: dataset.Text{Zh: "城市群", En: "City cluster"},
		Of: map[dataset.UnitID]string{"北京": "京津冀", "天津": "京津冀、中原", "郑州": "中原", "重庆": "成渝（部分）", "成都": "成渝"},
		In: map[dataset.UnitID][]string{"天津": {"京津冀", "中原"}, "重庆": {"成渝"}}}
	rows := groupRows(y, nil, cluster)
	n := map[string]int{}
	for _, r := range rows {
		n[r.group] = r.n
	}
	if len(n) != 3 || n["京津冀"] != 2 || n["中原"] != 2 || n["成渝"] != 2 {
		t.Errorf("groups %v, want 京津冀 2, 中原 2, 成渝 2", n)
	}
	// A unit not ranked is in no group row.
	var unranked dataset.UnitID
	for u, id := range y.Units {
		if !StatusOf(y, u).Ranked {
			unranked = id
		}
	}
	if unranked == "" {
		t.Fatal("the fixture has no unit not ranked")
	}
	cluster.Of[unranked], cluster.In[unranked] = "京津冀、中原", []string{"京津冀", "中原"}
	for _, r := range groupRows(y, nil, cluster) {
		if r.n != n[r.group] {
			t.Errorf("%s: %d units with %s not ranked, want %d", r.group, r.n, unranked, n[r.group])
		}
	}
}
