package cities

import (
	"slices"
	"strings"
)

// Groupings of cities for peer comparison (分类指导): the four regions of
// the National Bureau of Statistics, the city-size classes of the State
// Council and the national city clusters of the published plans.

// regions are the NBS regions (国家统计局《东西中部和东北地区划分方法》,
// 2011): the province-level units of each, by the start of their names.
var regions = []struct {
	zh, en    string
	provinces []string
}{
	{"东部", "East", []string{"北京", "天津", "河北", "上海", "江苏", "浙江", "福建", "山东", "广东", "海南"}},
	{"中部", "Centre", []string{"山西", "安徽", "江西", "河南", "湖北", "湖南"}},
	{"西部", "West", []string{"内蒙古", "广西", "重庆", "四川", "贵州", "云南", "西藏", "陕西", "甘肃", "青海", "宁夏", "新疆"}},
	{"东北", "Northeast", []string{"辽宁", "吉林", "黑龙江"}},
}

// RegionSource names the definition of the regions.
const RegionSource = "国家统计局《东西中部和东北地区划分方法》(2011)"

// RegionOf returns the NBS region (东部, 中部, 西部 or 东北, and in English)
// of a province-level unit named as City.Province names it (浙江省,
// 广西壮族自治区, 北京市); ok is false for another name (香港, 台湾).
func RegionOf(province string) (zh, en string, ok bool) {
	for _, r := range regions {
		for _, p := range r.provinces {
			if strings.HasPrefix(province, p) {
				return r.zh, r.en, true
			}
		}
	}
	return "", "", false
}

// SizeClassSource names the standard of the city-size classes.
const SizeClassSource = "国务院《关于调整城市规模划分标准的通知》(国发〔2014〕51号)"

// SizeClass returns the city-size class of a city with pop 万 urban
// resident population (城区常住人口) under the State Council's 2014
// standard: 超大城市 ≥ 1000, 特大城市 500–1000, Ⅰ型大城市 300–500,
// Ⅱ型大城市 100–300, 中等城市 50–100, Ⅰ型小城市 20–50, Ⅱ型小城市 < 20
// (lower bounds included); and its order, 1 the largest. It returns "" and
// 0 for a population that is not a positive number.
func SizeClass(pop float64) (zh, en string, order int) {
	switch {
	case !(pop > 0):
		return "", "", 0
	case pop >= 1000:
		return "超大城市", "megacity", 1
	case pop >= 500:
		return "特大城市", "very large city", 2
	case pop >= 300:
		return "Ⅰ型大城市", "large city I", 3
	case pop >= 100:
		return "Ⅱ型大城市", "large city II", 4
	case pop >= 50:
		return "中等城市", "medium city", 5
	case pop >= 20:
		return "Ⅰ型小城市", "small city I", 6
	}
	return "Ⅱ型小城市", "small city II", 7
}

// Cluster is a national city cluster (城市群) as its plan lists it.
type Cluster struct {
	Zh, En string
	// Source is the plan that lists the members, and the units of its
	// list that are not prefecture-level (县级市 and counties, left out).
	Source string
	// Members are the prefecture-level units (cities, municipalities,
	// autonomous prefectures), by current name. Partial lists those of
	// them only part of whose area the plan includes.
	Members, Partial []string
}

// clusters are the national city clusters whose State-Council-approved
// plans list their members, in the order of the plans (the first four,
// then by date). A unit may be in two clusters: 邯郸 and 邢台 are in 京津冀
// and 中原, 运城 in 中原 and 关中平原. Only prefecture-level units are
// members: the county-level cities and counties a plan names (湖北's
// 仙桃、潜江、天门, 河南's 济源, 海南's 东方、澄迈、临高、昌江) are not units
// of a cn-city framework, and the Source says they are left out.
//
// The other clusters of the 14th Five-Year Plan (山东半岛, 粤闽浙沿海, 辽中南,
// 山西中部, 黔中, 滇中, 宁夏沿黄, 天山北坡) are not listed: none has a plan
// approved by the State Council that lists its member cities.
var clusters = []Cluster{
	{Zh: "京津冀", En: "Beijing–Tianjin–Hebei", Source: "《京津冀协同发展规划纲要》(2015)",
		Members: []string{"北京市", "天津市", "石家庄市", "唐山市", "秦皇岛市", "邯郸市", "邢台市", "保定市", "张家口市", "承德市",
			"沧州市", "廊坊市", "衡水市"}},
	{Zh: "长三角", En: "Yangtze River Delta", Source: "《长江三角洲城市群发展规划》(国家发展改革委、住房城乡建设部, 2016)",
		Members: []string{"上海市", "南京市", "无锡市", "常州市", "苏州市", "南通市", "盐城市", "扬州市", "镇江市", "泰州市",
			"杭州市", "宁波市", "嘉兴市", "湖州市", "绍兴市", "金华市", "舟山市", "台州市",
			"合肥市", "芜湖市", "马鞍山市", "铜陵市", "安庆市", "滁州市", "池州市", "宣城市"}},
	{Zh: "粤港澳大湾区", En: "Guangdong–Hong Kong–Macao Greater Bay Area", Source: "《粤港澳大湾区发展规划纲要》(2019)；内地九市",
		Members: []string{"广州市", "深圳市", "珠海市", "佛山市", "惠州市", "东莞市", "中山市", "江门市", "肇庆市"}},
	{Zh: "成渝", En: "Chengdu–Chongqing", Source: "《成渝地区双城经济圈建设规划纲要》(2021)",
		Members: []string{"重庆市", "成都市", "自贡市", "泸州市", "德阳市", "绵阳市", "遂宁市", "内江市", "乐山市", "南充市",
			"眉山市", "宜宾市", "广安市", "达州市", "雅安市", "资阳市"},
		Partial: []string{"重庆市", "绵阳市", "达州市", "雅安市"}},
	{Zh: "长江中游", En: "Middle Yangtze River", Source: "《长江中游城市群发展规划》(国家发展改革委, 2015)；不含县级市仙桃、潜江、天门",
		Members: []string{"武汉市", "黄石市", "鄂州市", "黄冈市", "孝感市", "咸宁市", "襄阳市", "宜昌市", "荆州市", "荆门市",
			"长沙市", "株洲市", "湘潭市", "岳阳市", "益阳市", "常德市", "衡阳市", "娄底市",
			"南昌市", "九江市", "景德镇市", "鹰潭市", "新余市", "宜春市", "萍乡市", "上饶市", "抚州市", "吉安市"},
		Partial: []string{"抚州市", "吉安市"}},
	{Zh: "中原", En: "Central Plains", Source: "《中原城市群发展规划》(国家发展改革委, 2016)；不含县级市济源",
		Members: []string{"郑州市", "开封市", "洛阳市", "平顶山市", "安阳市", "鹤壁市", "新乡市", "焦作市", "濮阳市", "许昌市",
			"漯河市", "三门峡市", "南阳市", "商丘市", "信阳市", "周口市", "驻马店市",
			"长治市", "晋城市", "运城市", "邢台市", "邯郸市", "聊城市", "菏泽市", "淮北市", "蚌埠市", "宿州市", "阜阳市", "亳州市"}},
	{Zh: "哈长", En: "Harbin–Changchun", Source: "《哈长城市群发展规划》(2016)",
		Members: []string{"哈尔滨市", "大庆市", "齐齐哈尔市", "绥化市", "牡丹江市",
			"长春市", "吉林市", "四平市", "辽源市", "松原市", "延边朝鲜族自治州"}},
	{Zh: "北部湾", En: "Beibu Gulf", Source: "《北部湾城市群发展规划》(2017)；不含县级的东方、澄迈、临高、昌江",
		Members: []string{"南宁市", "北海市", "钦州市", "防城港市", "玉林市", "崇左市", "湛江市", "茂名市", "阳江市", "海口市", "儋州市"}},
	// 运城: the plan takes it without 平陆县 and 垣曲县.
	{Zh: "关中平原", En: "Guanzhong Plain", Source: "《关中平原城市群发展规划》(国家发展改革委、住房城乡建设部, 2018)",
		Members: []string{"西安市", "宝鸡市", "咸阳市", "铜川市", "渭南市", "商洛市", "运城市", "临汾市", "天水市", "平凉市", "庆阳市"},
		Partial: []string{"商洛市", "运城市", "临汾市", "平凉市", "庆阳市"}},
	{Zh: "呼包鄂榆", En: "Hohhot–Baotou–Ordos–Yulin", Source: "《呼包鄂榆城市群发展规划》(2018)",
		Members: []string{"呼和浩特市", "包头市", "鄂尔多斯市", "榆林市"}},
	// 白银: the plan takes 白银区、平川区、靖远县、景泰县, not 会宁县.
	{Zh: "兰州—西宁", En: "Lanzhou–Xining", Source: "《兰州—西宁城市群发展规划》(国家发展改革委、住房城乡建设部, 2018)",
		Members: []string{"兰州市", "白银市", "定西市", "临夏回族自治州", "西宁市", "海东市", "海北藏族自治州", "海南藏族自治州", "黄南藏族自治州"},
		Partial: []string{"白银市", "定西市", "临夏回族自治州", "海北藏族自治州", "海南藏族自治州", "黄南藏族自治州"}},
}

// Clusters returns the national city clusters listed, each with its plan.
func Clusters() []Cluster {
	out := make([]Cluster, len(clusters))
	copy(out, clusters)
	return out
}

// Membership is a unit's place in a cluster: the cluster, and whether only
// part of the unit is in the cluster's plan.
type Membership struct {
	Cluster Cluster
	Partial bool
}

// ClustersOf returns the clusters a prefecture-level unit (by current
// name) belongs to, in the order of Clusters; none for a unit in no listed
// cluster, two for 邯郸, 邢台 (京津冀, 中原) and 运城 (中原, 关中平原).
func ClustersOf(name string) []Membership {
	var out []Membership
	for _, cl := range clusters {
		if slices.Contains(cl.Members, name) {
			out = append(out, Membership{Cluster: cl, Partial: slices.Contains(cl.Partial, name)})
		}
	}
	return out
}

// ClusterLabel is the label of a unit's clusters: their names joined with
// 、, each partial one marked （部分） (中原、关中平原（部分）); "" for none.
// groups holds the bare names, one per cluster.
func ClusterLabel(ms []Membership) (label string, groups []string) {
	parts := make([]string, len(ms))
	for i, m := range ms {
		parts[i] = m.Cluster.Zh
		if m.Partial {
			parts[i] += PartialMark
		}
		groups = append(groups, m.Cluster.Zh)
	}
	return strings.Join(parts, ClusterSep), groups
}

// ClusterSep separates the clusters of a unit in two; PartialMark follows
// a cluster that includes only part of the unit.
const (
	ClusterSep  = "、"
	PartialMark = "（部分）"
)
