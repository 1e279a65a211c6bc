package cities

import "strings"

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
	// Source is the plan that lists the members.
	Source string
	// Members are the prefecture-level cities and municipalities, by
	// current name. Partial lists those of them only part of whose area
	// the plan includes.
	Members, Partial []string
}

// clusters are the clusters whose plans list whole prefecture-level cities.
// Other clusters of the 14th Five-Year Plan are not listed yet.
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
}

// Clusters returns the national city clusters listed, each with its plan.
func Clusters() []Cluster {
	out := make([]Cluster, len(clusters))
	copy(out, clusters)
	return out
}

// ClusterOf returns the cluster a city (by current name) belongs to, and
// whether only part of it is in the cluster's plan.
func ClusterOf(name string) (c Cluster, partial, ok bool) {
	for _, cl := range clusters {
		for _, m := range cl.Members {
			if m == name {
				for _, p := range cl.Partial {
					if p == name {
						partial = true
					}
				}
				return cl, partial, true
			}
		}
	}
	return Cluster{}, false, false
}
