package cities

// typos are misprints of city names found in the official statistical
// tables, each mapped to the official name it stands for. Resolve reports a
// match through this list as Typo. Add an entry only for a misprint seen in
// a published table, with the place it was found; a guess at what a user
// meant is not a typo (UnknownError lists the closest names instead).
var typos = map[string]string{
	// 中国城市统计年鉴2022 (data year 2021), tables 2-1, 2-7, 2-8, 2-18:
	// the row of 菏泽市 (Heze) reads 荷泽市.
	"荷泽市": "菏泽市",
	// 中国城市统计年鉴2022, tables 3-1 and 3-3 (county-level cities); the
	// English column beside each gives the city meant.
	"理春市": "珲春市", // Hunchun, 吉林省
	"漂阳市": "溧阳市", // Liyang, 江苏省
	"峡州市": "嵊州市", // Shengzhou, 浙江省
	"什都市": "什邡市", // Shifang, 四川省
	"阊中市": "阆中市", // Langzhong, 四川省
	"华蓋市": "华蓥市", // Huaying, 四川省
	// 中国城市统计年鉴2022 and 2024, table 3-1 (and 2022 3-3): 邛崃市
	// (Qionglai, 四川省) reads 邛峡市.
	"邛峡市": "邛崃市",
}
