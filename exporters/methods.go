package exporters

// The names of the methods and the settings in the workbook's languages.
// English uses the profile's own words (scoring's Describe); Chinese has
// its labels here, in one place. TestMethodLabels fails when a method has
// none.

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/cityscore/cityscore/composite"
	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/scoring"
)

var normalizationZh = map[scoring.Normalization]string{
	scoring.NormMinMax: "极差标准化", scoring.NormZScore: "Z 分数标准化", scoring.NormRank: "排序值",
	scoring.NormPercentile: "百分位排名", scoring.NormGoalposts: "目标值标准化", scoring.NormNone: "不标准化",
	scoring.NormVector: "向量归一化", scoring.NormEfficacy: "功效系数法",
}

var weightMethodZh = map[scoring.WeightMethod]string{
	scoring.WeightFramework: "框架权重", scoring.WeightEqual: "等权", scoring.WeightManual: "自定权重",
	scoring.WeightEntropy: "熵权法", scoring.WeightCRITIC: "CRITIC 法", scoring.WeightCV: "变异系数法",
	scoring.WeightStdDev: "标准差法", scoring.WeightPCA: "主成分分析法", scoring.WeightAHP: "层次分析法",
	scoring.WeightCombine: "组合赋权",
}

var aggregationZh = map[scoring.Aggregation]string{
	scoring.AggArithmetic: "加权算术平均", scoring.AggGeometric: "加权几何平均", scoring.AggHarmonic: "加权调和平均",
	scoring.AggTOPSIS: "TOPSIS 法", scoring.AggGRA: "灰色关联分析", scoring.AggCopeland: "Copeland 法",
}

var scopeZh = map[scoring.WeightScope]string{scoring.ScopeNode: "逐节点", scoring.ScopeLevel: "整层"}

var overZh = map[scoring.AggregateOver]string{scoring.OverChildren: "下级节点", scoring.OverIndicators: "下属全部指标"}

var ruleScopeZh = map[scoring.RuleScope]string{scoring.RuleNone: "无", scoring.RuleGoal: "按目标", scoring.RuleIndex: "按总指数"}

var entropyTransformZh = map[composite.EntropyTransform]string{
	composite.TransformMinMax: "极差标准化", composite.TransformVector: "向量归一化",
	composite.TransformSum: "比重法", composite.TransformNone: "不变换",
}

var ahpSolveZh = map[composite.AHPSolve]string{
	composite.SolveEigenvector: "特征向量法", composite.SolveGeometric: "方根法", composite.SolveArithmetic: "和积法",
}

var riTableZh = map[composite.RITable]string{composite.RISaaty: "Saaty 表", composite.RIChinese: "国内教材表"}

var combineRuleZh = map[composite.CombineRule]string{
	composite.CombineLinear: "线性加权", composite.CombineMultiplicative: "乘法合成",
	composite.CombineMinInformation: "最小鉴别信息", composite.CombineGameTheory: "博弈论组合",
}

var topsisWeightingZh = map[composite.TOPSISWeighting]string{composite.TOPSISScale: "加权数据", composite.TOPSISDistance: "加权距离"}

var binRuleZh = map[composite.BinRule]string{composite.BinLowerOpen: "左开右闭 (下限, 上限]", composite.BinUpperOpen: "左闭右开 [下限, 上限)"}

var imputeZh = map[composite.ImputeMethod]string{
	composite.ImputeNone: "不插补", composite.ImputeMean: "均值插补", composite.ImputeMedian: "中位数插补",
	composite.ImputeGroupMean: "组内均值插补", composite.ImputeGroupMedian: "组内中位数插补",
	composite.ImputeInterpolate: "线性插值", composite.ImputeLOCF: "沿用上一年的值",
}

var treatZh = map[composite.TreatMethod]string{composite.TreatNone: "不处理", composite.TreatWinsorize: "缩尾处理"}

// methodName returns the name of method m in g: the profile's word in
// English, the label of table zh in Chinese.
func methodName[M interface {
	comparable
	String() string
}](g lang, zh map[M]string, m M) string {
	if g == "zh" {
		if s, ok := zh[m]; ok {
			return s
		}
	}
	return m.String()
}

func yesNo(g lang, b bool) string {
	if g != "zh" {
		return fmt.Sprint(b)
	}
	if b {
		return "是"
	}
	return "否"
}

// describeNormalize is NormalizeSpec.Describe in g.
func describeNormalize(g lang, s scoring.NormalizeSpec) string {
	if g != "zh" {
		return s.Describe()
	}
	name := normalizationZh[s.Method]
	switch s.Method {
	case scoring.NormMinMax:
		return fmt.Sprintf("%s [%v, %v]", name, s.Range[0], s.Range[1])
	case scoring.NormZScore:
		return fmt.Sprintf("%s（均值 %v，标准差 %v；样本标准差，n − 1）", name, s.Mean, s.SD)
	case scoring.NormRank:
		return name + "（升序，并列取最小名次）"
	case scoring.NormPercentile:
		return name + "（(名次 − 1)/(n − 1)，并列取最小名次）"
	case scoring.NormVector:
		return name + "（x/√Σx²）"
	case scoring.NormEfficacy:
		return fmt.Sprintf("%s %v + %v·(x − 最小值)/(最大值 − 最小值)", name, s.Base, s.Span)
	case scoring.NormGoalposts:
		if s.Goalposts != nil {
			return fmt.Sprintf("%s [%v, %v] → [%v, %v]（固定阈值，跨年可比）", name, s.Goalposts[0], s.Goalposts[1], s.Range[0], s.Range[1])
		}
		return fmt.Sprintf("%s（框架的[最差值, 最佳值]）→ [%v, %v]", name, s.Range[0], s.Range[1])
	}
	return methodName(g, normalizationZh, s.Method)
}

// describeWeights is WeightSpec.Describe in g.
func describeWeights(g lang, w scoring.WeightSpec) string {
	if g != "zh" {
		return w.Describe()
	}
	name := weightMethodZh[w.Method]
	common := fmt.Sprintf("范围 %s，合并各年 %s", scopeZh[w.Scope], yesNo(g, w.Pooled))
	switch w.Method {
	case scoring.WeightManual:
		var parts []string
		for _, id := range slices.Sorted(maps.Keys(w.Values)) {
			parts = append(parts, fmt.Sprintf("%s: %v", id, w.Values[id]))
		}
		return name + " {" + strings.Join(parts, ", ") + "}"
	case scoring.WeightEntropy:
		return fmt.Sprintf("%s（预处理 %s，逆向指标翻转 %s，平移 δ = %v，0·ln 0 = 0，%s）",
			name, entropyTransformZh[w.Entropy.Transform], yesNo(g, w.Entropy.FlipCost), w.Entropy.Shift, common)
	case scoring.WeightCRITIC:
		return fmt.Sprintf("%s（极差标准化，逆向指标翻转 %s，皮尔逊相关系数，成列剔除缺失，%s）", name, yesNo(g, w.CRITIC.FlipCost), common)
	case scoring.WeightCV:
		return fmt.Sprintf("%s（原始值的 s/|均值|，%s）", name, common)
	case scoring.WeightStdDev:
		t := "不变换"
		if w.SDMinMax {
			t = "极差标准化"
		}
		return fmt.Sprintf("%s（预处理 %s，%s）", name, t, common)
	case scoring.WeightPCA:
		return fmt.Sprintf("%s（相关系数矩阵，保留特征值 ≥ 1 的主成分，w ∝ Σ 方差贡献率·|载荷|，%s）", name, common)
	case scoring.WeightAHP:
		return fmt.Sprintf("%s（求解 %s，RI 取 %s，CR 上限 %v，判断矩阵 %d 个）", name, ahpSolveZh[w.AHP.Solve], riTableZh[w.AHP.RI], w.AHP.MaxCR, len(w.AHP.Matrices))
	case scoring.WeightCombine:
		var parts []string
		for _, p := range w.Combine.Of {
			parts = append(parts, describeWeights(g, p))
		}
		alpha := ""
		if w.Combine.Rule == composite.CombineLinear {
			alpha = fmt.Sprintf("，α = %v", w.Combine.Alpha)
		}
		return fmt.Sprintf("%s（%s%s）：[%s]", name, combineRuleZh[w.Combine.Rule], alpha, strings.Join(parts, "；"))
	}
	return methodName(g, weightMethodZh, w.Method)
}

// describeAggregate is AggregateSpec.Describe in g.
func describeAggregate(g lang, a scoring.AggregateSpec) string {
	if g != "zh" {
		return a.Describe()
	}
	name := aggregationZh[a.Method]
	switch a.Method {
	case scoring.AggTOPSIS:
		return fmt.Sprintf("%s（%s，对象为%s，理想解取最优城市，C = D⁻/(D⁺ + D⁻)）", name, topsisWeightingZh[a.Weighting], overZh[a.Over])
	case scoring.AggGRA:
		return fmt.Sprintf("%s（分辨系数 ρ = %v，对象为%s，两级最小差与最大差取全局）", name, a.Rho, overZh[a.Over])
	case scoring.AggCopeland:
		return fmt.Sprintf("%s（对象为%s，同 COINr）", name, overZh[a.Over])
	}
	return methodName(g, aggregationZh, a.Method)
}

// describeCoupling is CouplingSpec.Describe in g.
func describeCoupling(g lang, c *scoring.CouplingSpec) string {
	if g != "zh" {
		return c.Describe()
	}
	of := "各目标"
	if c.Of == dataset.LevelDimension {
		of = "各维度"
	}
	scale := "得分区间上限"
	if c.Scale > 0 {
		scale = fmt.Sprint(c.Scale)
	}
	beta := "相等"
	if c.TWeights != nil {
		var parts []string
		for _, id := range slices.Sorted(maps.Keys(c.TWeights)) {
			parts = append(parts, fmt.Sprintf("%s: %v", id, c.TWeights[id]))
		}
		beta = strings.Join(parts, ", ")
	}
	return fmt.Sprintf("对象为%s，标度 %s，β %s，分级区间 %s；C = n·(ΠU)^(1/n)/ΣU，T = Σβ·U，D = √(C·T)", of, scale, beta, binRuleZh[c.Bins])
}

// describeTreat is TreatSpec.Describe in g.
func describeTreat(g lang, s composite.TreatSpec) string {
	if g != "zh" || s.Method != composite.TreatWinsorize {
		if g == "zh" {
			return treatZh[s.Method]
		}
		return s.Describe()
	}
	s = s.Resolved()
	win := fmt.Sprintf("最多缩尾 %d 个值", s.WinMax)
	if s.WinMax < 0 {
		win = "缩尾个数不限"
	}
	fb := "对原始列取对数 ln(x − 最小值 + 0.01·(最大值 − 最小值))"
	if s.Fallback == composite.FallbackNone {
		fb = "不再处理"
	}
	return fmt.Sprintf("%s（同 COINr：%s，|偏度| < %v 或峰度 < %v 即通过，仍未通过时%s）", treatZh[s.Method], win, s.Skew, s.Kurt, fb)
}

// describeImpute describes imputation in g.
func describeImpute(g lang, s scoring.ImputeSpec) string {
	name := methodName(g, imputeZh, s.Method)
	switch {
	case s.Method.Grouped() && g == "zh":
		return fmt.Sprintf("%s（按 %s 分组）", name, s.Group)
	case s.Method.Grouped():
		return fmt.Sprintf("%v by %s", s.Method, s.Group)
	case s.Method.Temporal() && g == "zh":
		return name + "（沿各城市的年份，不外推）"
	case s.Method.Temporal():
		return fmt.Sprintf("%v along each unit's years (no extrapolation)", s.Method)
	}
	return name
}

// describeRule gives the coverage rule of ranking in the profile's words
// or in Chinese.
func describeRule(g lang, r scoring.RankRule) string {
	if g == "zh" {
		if r.By == scoring.RuleNone {
			return ruleScopeZh[r.By]
		}
		return fmt.Sprintf("%s，最低 %g%%，常见指标阈值 %g%%", ruleScopeZh[r.By], 100*r.Min, 100*r.Common)
	}
	if r.By == scoring.RuleNone {
		return "none"
	}
	return fmt.Sprintf("by %v, min %v, common %v", r.By, r.Min, r.Common)
}

// settingLabels name the settings on the Method sheet, by key; a key
// with a variable part is named by its prefix (see settingLabel).
var settingLabels = map[string]dataset.Text{
	"normalize.method":         {Zh: "标准化方法", En: "normalisation"},
	"normalize.overrides":      {Zh: "标准化方法（单项）", En: "normalisation of one indicator"},
	"normalize.pooled":         {Zh: "各年合并标准化", En: "pooled normalisation"},
	"weights.indicators":       {Zh: "指标权重", En: "indicator weights"},
	"weights.dimensions":       {Zh: "维度权重", En: "dimension weights"},
	"weights.goals":            {Zh: "目标权重", En: "goal weights"},
	"aggregate.indicators":     {Zh: "指标合成为维度", En: "indicators into dimensions"},
	"aggregate.dimensions":     {Zh: "维度合成为目标", En: "dimensions into goals"},
	"aggregate.goals":          {Zh: "目标合成为总指数", En: "goals into the index"},
	"coupling":                 {Zh: "耦合协调度", En: "coupling coordination"},
	"impute":                   {Zh: "缺失值插补", En: "imputation"},
	"treat":                    {Zh: "异常值处理", En: "outlier treatment"},
	"treat.overrides":          {Zh: "异常值处理（单项）", En: "treatment of one indicator"},
	"missing.min_coverage":     {Zh: "参评最低数据覆盖率", En: "minimum coverage to be scored"},
	"missing.rank_rule":        {Zh: "排名规则", En: "ranking rule"},
	"missing.max_share":        {Zh: "缺失权重上限", En: "largest missing share"},
	"targets.cuts":             {Zh: "目标达成分级", En: "target ratings"},
	"convention.direction":     {Zh: "指标方向", En: "direction"},
	"convention.sd":            {Zh: "标准差", En: "standard deviation"},
	"convention.rank":          {Zh: "并列名次", En: "rank ties"},
	"convention.interval":      {Zh: "区间型指标", En: "interval indicators"},
	"convention.constant":      {Zh: "各城市取值相同的指标", En: "constant indicators"},
	"import.missing":           {Zh: "缺失值记号", En: "missing-value markers"},
	"import.cities":            {Zh: "城市识别", En: "city names"},
	"import.numbers":           {Zh: "数字格式", En: "number formats"},
	"import.units":             {Zh: "单位换算", En: "units"},
	"formula.missing":          {Zh: "公式中的缺失值", En: "missing operands"},
	"formula.division_by_zero": {Zh: "公式除以零", En: "division by zero"},
	"formula.precedence":       {Zh: "数据与公式的优先", En: "data or formula"},
	"panel":                    {Zh: "多年数据", En: "panel"},
	"framework.units":          {Zh: "评价单元", En: "units"},
	"population_basis":         {Zh: "人口口径", En: "population basis"},
	"basis":                    {Zh: "数据来源", En: "sources"},
	"grades":                   {Zh: "等级划分", En: "grading"},
	"uncertainty.design":       {Zh: "分析设计", En: "design"},
	"uncertainty.year":         {Zh: "分析年份", En: "year analysed"},
	"uncertainty.replicates":   {Zh: "样本量 N", En: "sample size N"},
	"uncertainty.runs":         {Zh: "重复计算总次数", En: "replicates in all"},
	"uncertainty.inputs":       {Zh: "变动的输入及其备选数", En: "inputs varied and their alternatives"},
	"uncertainty.output":       {Zh: "敏感性分析的输出变量", En: "output variable"},
	"uncertainty.bootstrap":    {Zh: "Sobol 指数的区间", En: "intervals of the Sobol indices"},
}

// inputNames name the uncertain inputs of an analysis (sensitivity.Input
// names, and "weights", the Sobol output's name of the weight sets).
var inputNames = map[string]dataset.Text{
	"weight_set": {Zh: "权重", En: "weights"},
	"weights":    {Zh: "权重", En: "weights"},
	"aggregate":  {Zh: "合成方法", En: "aggregation"},
	"normalize":  {Zh: "标准化方法", En: "normalisation"},
	"impute":     {Zh: "缺失值插补", En: "imputation"},
	"rank_rule":  {Zh: "排名规则", En: "coverage rule"},
	"drop":       {Zh: "剔除的指标或维度", En: "left-out node"},
}

// inputName names the uncertain input name in g; an unknown name is shown
// as it is.
func inputName(g lang, name string) string {
	if t, ok := inputNames[name]; ok {
		return t.In(string(g))
	}
	return name
}

// settingLabel names the setting key in g: "normalize.method" is 标准化方法;
// "normalize.overrides.gdp" is 标准化方法（单项）gdp; "basis.2023.gdp_per_capita"
// is 2023 年 gdp_per_capita 的数据来源. An unknown key is shown as it is.
func settingLabel(g lang, key string) string {
	if t, ok := settingLabels[key]; ok {
		return t.In(string(g))
	}
	for _, prefix := range []string{"normalize.overrides", "treat.overrides"} {
		if id, ok := strings.CutPrefix(key, prefix+"."); ok {
			return settingLabels[prefix].In(string(g)) + " " + id
		}
	}
	if rest, ok := strings.CutPrefix(key, "grades."); ok {
		year, id, _ := strings.Cut(rest, ".")
		if g == "zh" {
			return year + " 年 " + id + " 的等级分界点"
		}
		return "grade cut points of " + id + " in " + year
	}
	if rest, ok := strings.CutPrefix(key, "basis."); ok {
		year, v, _ := strings.Cut(rest, ".")
		if g == "zh" {
			if year == "-" {
				return v + " 的数据来源"
			}
			return year + " 年 " + v + " 的数据来源"
		}
		return "sources of " + v + " in " + year
	}
	return key
}

// statLabels name the statistics of the weighting diagnostics
// (scoring.Stat names) in Chinese; symbols (e, d, sd, CI, RI, CR) stay.
var statLabels = map[string]string{
	"e": "e（信息熵）", "d": "d（差异系数）", "sd": "标准差", "conflict": "冲突性", "information": "信息量",
	"mean": "均值", "cv": "变异系数", "eigenvalue": "特征值", "variance explained": "方差贡献率",
	"components retained": "保留主成分数", "lambda_max": "λmax", "CI": "CI", "RI": "RI", "CR": "CR",
}

// statName names statistic name in g.
func statName(g lang, name string) string {
	if g == "zh" {
		if s, ok := statLabels[name]; ok {
			return s
		}
	}
	return name
}

// treatedLabels name COINr's labels of a treated point (composite.TreatedPoint).
var treatedLabels = map[string]string{
	"winhi": "高端缩尾", "winlo": "低端缩尾", "+log_CT": "取对数",
	"winhi+log_CT": "高端缩尾后取对数", "winlo+log_CT": "低端缩尾后取对数",
}

// treatedLabel names COINr's label l in g: the label itself in English.
func treatedLabel(g lang, l string) string {
	if g == "zh" {
		if s, ok := treatedLabels[l]; ok {
			return s
		}
	}
	return l
}

var breaksRuleZh = map[composite.BreaksRule]string{composite.BreaksQuantile: "分位数", composite.BreaksJenks: "自然断点（Jenks）", composite.BreaksFixed: "固定分界点"}

// describeGrades describes the grading rule in g.
func describeGrades(g lang, gs scoring.GradeSpec) string {
	if g != "zh" {
		return gs.Describe()
	}
	if gs.Rule == composite.BreaksFixed {
		return fmt.Sprintf("%s %v", breaksRuleZh[gs.Rule], gs.Cuts)
	}
	k := gs.Classes
	if k == 0 {
		k = 4
	}
	return fmt.Sprintf("%s，%d 个等级", breaksRuleZh[gs.Rule], k)
}
