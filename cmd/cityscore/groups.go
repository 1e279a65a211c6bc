package main

import (
	"fmt"
	"math"
	"strings"

	"github.com/cityscore/cityscore/cities"
	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/exporters"
	"github.com/cityscore/cityscore/importers"
	"github.com/cityscore/cityscore/indicators"
	"github.com/cityscore/cityscore/scoring"
)

// sizePopulations are the populations a city's size class is read from,
// best first: the State Council's standard counts the urban resident
// population (城区常住人口), which the yearbook does not print; the urban
// districts' urban resident population comes closest, then their resident
// and their registered population, then (for a city without districts) the
// whole city's resident population.
var sizePopulations = []struct {
	id       dataset.VariableID
	zh, en   string
	standsIn bool
}{
	{"urban_resident_pop_districts", "市辖区城镇常住人口", "urban resident population of the urban districts", true},
	{"resident_pop_districts", "市辖区常住人口", "resident population of the urban districts", true},
	{"hukou_pop_districts", "市辖区户籍人口", "registered population of the urban districts", true},
	// A city without urban districts (不设区的市: 东莞, 中山, 嘉峪关, 儋州)
	// has no district figures; its whole population is its town's.
	{"resident_pop_total_city", "全市常住人口", "resident population of the whole city", true},
}

// groupings returns the built-in peer groups of the units of the latest
// year when the framework's units are Chinese cities (units: cn-city):
// province, NBS region, city-size class and national city cluster (a
// city in two clusters is labelled with both, 京津冀、中原, and counted in
// each on the Groups sheet; one partly in a cluster is labelled 成渝（部分）).
// It returns nil for a framework of other units.
func (s *setup) groupings(res *scoring.Result) []exporters.Grouping {
	if s.fw.Units != indicators.UnitsCNCity || len(res.Years) == 0 {
		return nil
	}
	y := res.Years[len(res.Years)-1]
	prov := exporters.Grouping{ID: "province", Label: dataset.Text{Zh: "省份", En: "Province"}, Of: map[dataset.UnitID]string{}, Ranked: true,
		Note: dataset.Text{Zh: "城市对照表中的所属省级行政区", En: "the province-level unit of the city crosswalk"}}
	region := exporters.Grouping{ID: "region", Label: dataset.Text{Zh: "地区", En: "Region"}, Of: map[dataset.UnitID]string{}, Ranked: true,
		Note: dataset.Text{Zh: "东部、中部、西部、东北：" + cities.RegionSource, En: "East, Centre, West, Northeast: " + cities.RegionSource}}
	size := exporters.Grouping{ID: "size_class", Label: dataset.Text{Zh: "城市规模", En: "Size class"}, Of: map[dataset.UnitID]string{}, Ranked: true}
	cluster := exporters.Grouping{ID: "cluster", Label: dataset.Text{Zh: "城市群", En: "City cluster"}, Of: map[dataset.UnitID]string{},
		In: map[dataset.UnitID][]string{}}
	used := map[string]int{} // the population each size class was read from
	for u, id := range y.Units {
		c, _, err := cities.Resolve(string(id), y.Year)
		if err != nil {
			continue // a unit kept as printed: no groups
		}
		prov.Of[id] = c.Province
		if r, _, ok := cities.RegionOf(c.Province); ok {
			region.Of[id] = r
		}
		if ms := cities.ClustersOf(c.Name); len(ms) > 0 {
			label, in := cities.ClusterLabel(ms)
			cluster.Of[id] = label
			if label != in[0] {
				cluster.In[id] = in // in two clusters, or partly in one
			}
		}
		for _, p := range sizePopulations {
			col := s.table.Column(p.id)
			if col == nil {
				continue
			}
			if v := col.Values[y.Rows[u]]; !math.IsNaN(v) {
				if zh, _, order := cities.SizeClass(v); order > 0 {
					size.Of[id] = zh
					used[p.zh]++
				}
				break
			}
		}
	}
	var zh, en []string
	for _, p := range sizePopulations {
		if n := used[p.zh]; n > 0 {
			zh = append(zh, fmt.Sprintf("%s（%d 个城市）", p.zh, n))
			en = append(en, fmt.Sprintf("the %s (%d cities)", p.en, n))
		}
	}
	size.Note = dataset.Text{
		Zh: cities.SizeClassSource + "按城区常住人口分级；数据中没有城区常住人口，以" + strings.Join(zh, "、") + "代替",
		En: cities.SizeClassSource + " classes cities by their urban resident population (城区常住人口), which the data lack; standing in: " + strings.Join(en, ", "),
	}
	var sources []string
	for _, cl := range cities.Clusters() {
		sources = append(sources, cl.Zh+"："+cl.Source)
	}
	cluster.Note = dataset.Text{
		Zh: strings.Join(sources, "；") + "；（部分）：规划只含该市部分区县；属两个城市群的城市（如邯郸：京津冀、中原）在分组比较中分别计入",
		En: strings.Join(sources, "; ") + "; （部分）: the plan includes part of the city only; a city in two clusters (邯郸: 京津冀、中原) counts in each on the Groups sheet",
	}
	out := []exporters.Grouping{prov, region}
	if len(size.Of) > 0 {
		out = append(out, size)
	}
	return append(out, cluster)
}

// builtinGroupings are the ids of the built-in groupings; a grouping of
// the user's may not take them, even with a framework of other units.
var builtinGroupings = []string{"province", "region", "size_class", "cluster"}

// scoresColumns are the fixed columns of the scores CSV.
var scoresColumns = []string{"unit", "year", "rank", "score", "coupling_c", "coupling_t", "coupling_d", "coupling_grade",
	"coverage", "status", "thin_goals", "grade"}

// userGroups is a --groups file read.
type userGroups struct {
	path string
	*importers.Groups
}

// readGroups reads the --groups files (importers.ReadGroups), their units
// resolved as the data's are; an id may not be a built-in grouping's, a
// column of the scores CSV (a fixed one, or a node of the framework) or
// another file's. Each file joins the run's inputs.
func (s *setup) readGroups(paths []string) ([]userGroups, error) {
	reserved := map[string]string{}
	for _, id := range builtinGroupings {
		reserved[id] = "a built-in grouping"
	}
	for _, id := range scoresColumns {
		reserved[id] = "a column of the scores CSV"
	}
	for _, n := range s.schema.Nodes {
		if n.ID != "" {
			reserved[n.ID] = "a node of the framework (a column of the scores CSV)"
		}
	}
	var out []userGroups
	for _, p := range paths {
		opt := importers.GroupsOptions{CNCity: s.fw.Units == indicators.UnitsCNCity, Reserved: reserved}
		if s.read != nil {
			opt.Limits = s.read.limits
		}
		g, err := importers.ReadGroupsFile(p, opt)
		if err != nil {
			return nil, fmt.Errorf("--groups: %w", err)
		}
		src, err := fileSource(p)
		if err != nil {
			return nil, err
		}
		s.inputs = append(s.inputs, src)
		reserved[g.ID] = "the grouping of --groups " + p
		out = append(out, userGroups{p, g})
	}
	return out, nil
}

// userGroupings returns the user's groupings, ranked, each with a note
// that names its file and counts its groups, the units of the file not
// among the latest year's scored units, and the scored units in no group.
func userGroupings(res *scoring.Result, gs []userGroups) []exporters.Grouping {
	if len(res.Years) == 0 || len(gs) == 0 {
		return nil
	}
	y := res.Years[len(res.Years)-1]
	scored := map[dataset.UnitID]bool{}
	for _, u := range y.Units {
		scored[u] = true
	}
	var out []exporters.Grouping
	for _, g := range gs {
		var absent []string
		for _, u := range g.Units {
			if !scored[u] {
				absent = append(absent, string(u))
			}
		}
		none := 0
		for _, u := range y.Units {
			if g.Of[u] == "" {
				none++
			}
		}
		groups := map[string]bool{}
		for _, grp := range g.Of {
			groups[grp] = true
		}
		zh := fmt.Sprintf("用户分组，来自 %s：%d 个单位，%d 个分组", g.path, len(g.Units), len(groups))
		en := fmt.Sprintf("the user's groups, from %s: %d units in %d groups", g.path, len(g.Units), len(groups))
		if len(absent) > 0 {
			list := absent[:min(len(absent), 10)]
			more, moreZh := "", ""
			if len(absent) > len(list) {
				more, moreZh = ", …", "等"
			}
			zh += fmt.Sprintf("；其中 %d 个不在 %d 年的评分结果中（%s%s）", len(absent), y.Year, strings.Join(list, "、"), moreZh)
			en += fmt.Sprintf("; %d of them not among the units scored in %d (%s%s)", len(absent), y.Year, strings.Join(list, ", "), more)
		}
		if none > 0 {
			zh += fmt.Sprintf("；%d 个评分单位不在任何分组中", none)
			en += fmt.Sprintf("; %d scored units in no group", none)
		}
		out = append(out, exporters.Grouping{ID: g.ID, Label: dataset.Text{Zh: g.ID, En: g.ID}, Of: g.Of, Ranked: true,
			Note: dataset.Text{Zh: zh, En: en}})
	}
	return out
}
