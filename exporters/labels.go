package exporters

import (
	"fmt"

	"github.com/cityscore/cityscore/dataset"
)

// label names one fixed text of the outputs: a sheet name, a header, a
// title. Every label has a Chinese and an English form in labels.
type label int

const (
	sheetRanking label = iota
	sheetCharts
	sheetDimensions
	sheetIndicators
	sheetWeights
	sheetQuality
	sheetMethod
	sheetCoupling
	sheetObstacles
	sheetTrends
	sheetDashboard
	sheetEarlier

	hRank
	hUnit
	hYear
	hIndex
	hGoalScore // format: goal name
	hGoalRank  // format: goal name
	hCoverage
	hGoal
	hDimension
	hIndicatorID
	hIndicatorName
	hMeasureUnit
	hRaw
	hNormalised
	hSource
	hNode
	hName
	hLevel
	hParent
	hWeightMethod
	hWeight
	hEffective
	hAggregation
	hKind
	hVariable
	hSourceCell
	hText
	hMessage
	hItem
	hValue
	hNote

	levelIndex
	levelGoal
	levelDimension
	levelIndicator

	srcFormula
	srcImputed
	srcDerived

	qCoverageIndicators
	qCoverageGoals
	qCoverageImputed
	qUnitsScored

	mTool
	mVersion
	mTime
	mCommand
	mFramework
	mFrameworkVersion
	mFrameworkPath
	mFrameworkSHA
	mProfile
	mProfilePath
	mProfileSHA
	mInput    // format: input number
	mInputSHA // format: input number
	mBytes    // format: byte count
	mSettings

	nMissing
	nDirection
	nSD
	nRank
	nPooled
	nMinCoverage
	nCuts
	vCuts // format: green, yellow, orange cuts
	vDirection
	vSD
	vRank
	hKey
	hGrade
	nGrades
	sheetCities
	aboutCities
	hRankIn   // format: grouping
	mGrouping // format: grouping

	wDiagnostics
	wYear // format: year
	wMethod
	wStatistic
	wCR // hierarchical CR section
	wWarning
	wCoefficient

	kSubsystem // format: subsystem name
	kC
	kT
	kD
	kGrade
	kLevel
	kScale

	oTop   // format: rank (1..5)
	oShare // format: rank
	oGoal  // format: goal name

	hScoreChange
	hRankChange
	hNoteExcluded
	hProcessed
	hCAGR
	hTarget // format: indicator, target with its unit, target year
	tChart  // format: count
	dLegend
	dGreen  // format: cut-off %
	dYellow // format: from %, to %
	dOrange // format: from %, to %
	dRed    // format: below %
	dMethod
	srcImputedBy // format: method
	kindImputed
	kindTreated
	qLogTreated // format: values, points winsorised, skew before, skew after
	kSep

	cTop      // format: count, year suffix
	cRadar    // format: count, year suffix
	cYear     // format: year
	cIndex    // series name of the bar chart
	cGoalAxis // header of the radar data table

	hStatus
	hShort
	stRanked
	stNotRanked
	stNoScore
	shortItem // format: goal name, have, counted, need
	hShareMean
	hShareMin
	hShareMax
	qUnitsRanked
	qUnitsNotRanked
	qRule     // format: rule description
	ruleGoal  // format: min %, common %
	ruleIndex // format: min %, common %
	ruleNone
	thinMark       // format: goal name
	qMeasured      // row: indicators most units have
	qThin          // format: minimum
	qNeeds         // section title
	hGoalScoreOf   // format: goal name, indicators most units have, indicators
	hGoalScoreThin // format: goal name, indicators most units have, indicators
	hNeededVar
	hHeader

	sheetUncertainty
	hRankRange   // the 5–95 % rank interval on the Ranking sheet
	uTitleUA     // format: year suffix, replicates, inputs
	uTitleSA     // format: year suffix, N, replicates, inputs
	uStatsSA     // format: runs of A and B
	hNominalRank // Uncertainty sheet headers
	hNominalScore
	hMedianRank
	hMeanRank
	hRankQ5
	hRankQ95
	hRankWidth
	hScoreQ5
	hScoreQ95
	hInput // Sobol table headers
	hSi
	hSTi
	hSiQ5
	hSiQ95
	hSTiQ5
	hSTiQ95
	uChart        // format: "" or uChartTop, year suffix
	uChartTop     // format: units drawn, units ranked
	uSobolChart   // format: year suffix
	uInputsSep    // between the inputs of a list
	uAlternatives // format: input name, number of alternatives
	uDesignUA     // Method sheet values
	uDesignSA
	uSection  // Method sheet section title
	uRunsNote // format: number of inputs
	uBootstrapYes
	uBootstrapNo
	uOutput
	uReplicatesUA // note of uncertainty.replicates
	uReplicatesSA // note of uncertainty.replicates
	uQuantileNote // note of uncertainty.design

	// The Overview (总览) and Groups (分组比较) sheets.
	sheetOverview
	sheetGroups
	ovTitle       // format: framework name
	ovTitleYear   // format: framework name, year
	ovRunDate     // format: year, month, day
	ovSummary     // format: scored, ranked, median coverage
	ovSummaryNone // format: scored, ranked
	ovTop         // format: count
	ovBottom      // format: count
	ovGrades      // section title
	ovCount
	ovShare
	ovChart
	ovCaveats
	ovThin      // format: goals, minimum
	ovThinItem  // format: goal name, indicators most units have, indicators
	ovNotRanked // format: count, rule
	ovDerived   // format: count, variables, sheet name
	ovMore      // format: count
	ovGuide
	aboutRanking
	aboutGroups
	aboutCharts
	aboutUncertainty
	aboutTrends
	aboutEarlier
	aboutDashboard
	aboutDimensions
	aboutIndicators
	aboutCoupling
	aboutObstacles
	aboutWeights
	aboutQuality
	aboutMethod
	hGroup
	hRankedCount
	hMedianIndex
	hIndexQ25
	hIndexQ75
	hGoalMedian // format: goal name
	gFootnote
	sheetContinued // format: sheet name, its number in the table
	ovSplit        // format: sheets, first sheet, last sheet, rows per sheet
	mSplit         // format: sheet name
	mSplitValue    // format: rows, sheets, sheet names
	mSplitNote     // format: rows per sheet
	sheetSources
	aboutSources
	aboutIndicatorsWide // format: why wide, the Sources sheet's name
	wideWhyAuto         // format: rows of the long layout, rows per sheet
	wideWhyAsked
	hSheet
	hCells
	hRows
	unitSuffix // format: unit of measure
	mLayout
	mLayoutWide
	mLayoutNote // format: why wide, the Sources sheet's name

	numLabels
)

// labels holds every fixed text in both languages. Entries marked "format"
// above are fmt formats.
var labels = [numLabels]dataset.Text{
	sheetRanking:    {Zh: "排名", En: "Ranking"},
	sheetCharts:     {Zh: "图表", En: "Charts"},
	sheetDimensions: {Zh: "维度", En: "Dimensions"},
	sheetIndicators: {Zh: "指标", En: "Indicators"},
	sheetWeights:    {Zh: "权重", En: "Weights"},
	sheetQuality:    {Zh: "数据质量", En: "Data quality"},
	sheetMethod:     {Zh: "方法", En: "Method"},
	sheetCoupling:   {Zh: "耦合协调", En: "Coupling"},
	sheetObstacles:  {Zh: "障碍因子", En: "Obstacles"},
	sheetTrends:     {Zh: "趋势", En: "Trends"},
	sheetDashboard:  {Zh: "目标仪表盘", En: "Dashboard"},
	sheetEarlier:    {Zh: "历年排名", En: "Earlier years"},

	hRank:          {Zh: "排名", En: "Rank"},
	hUnit:          {Zh: "城市", En: "City"},
	hYear:          {Zh: "年份", En: "Year"},
	hIndex:         {Zh: "综合指数", En: "Index"},
	hGoalScore:     {Zh: "%s得分", En: "%s score"},
	hGoalRank:      {Zh: "%s排名", En: "%s rank"},
	hCoverage:      {Zh: "数据覆盖率", En: "Coverage"},
	hGoal:          {Zh: "目标", En: "Goal"},
	hDimension:     {Zh: "维度", En: "Dimension"},
	hIndicatorID:   {Zh: "指标代码", En: "Indicator id"},
	hIndicatorName: {Zh: "指标名称", En: "Indicator"},
	hMeasureUnit:   {Zh: "计量单位", En: "Unit of measure"},
	hRaw:           {Zh: "原始值", En: "Raw value"},
	hNormalised:    {Zh: "标准化值", En: "Normalised value"},
	hSource:        {Zh: "数据来源", En: "Source"},
	hNode:          {Zh: "节点", En: "Node"},
	hName:          {Zh: "名称", En: "Name"},
	hLevel:         {Zh: "层级", En: "Level"},
	hParent:        {Zh: "上级节点", En: "Parent"},
	hWeightMethod:  {Zh: "赋权方法", En: "Weighting method"},
	hWeight:        {Zh: "相对权重", En: "Weight (relative)"},
	hEffective:     {Zh: "有效权重", En: "Effective weight"},
	hAggregation:   {Zh: "汇总方法", En: "Aggregation"},
	hKind:          {Zh: "问题类型", En: "Kind"},
	hVariable:      {Zh: "变量", En: "Variable"},
	hSourceCell:    {Zh: "来源单元格", En: "Source cell"},
	hText:          {Zh: "原文", En: "Text found"},
	hMessage:       {Zh: "说明", En: "Message"},
	hItem:          {Zh: "项目", En: "Item"},
	hValue:         {Zh: "内容", En: "Value"},
	hNote:          {Zh: "备注", En: "Note"},

	levelIndex:     {Zh: "总指数", En: "index"},
	levelGoal:      {Zh: "目标", En: "goal"},
	levelDimension: {Zh: "维度", En: "dimension"},
	levelIndicator: {Zh: "指标", En: "indicator"},

	srcFormula: {Zh: "公式计算", En: "formula"},
	srcImputed: {Zh: "插补", En: "imputed"},
	srcDerived: {Zh: "推算", En: "derived"},

	qCoverageIndicators: {Zh: "各指标有数据的城市数", En: "Units with data, by indicator"},
	qCoverageGoals:      {Zh: "各目标有得分的城市数", En: "Units with a score, by goal"},
	qCoverageImputed:    {Zh: "各指标插补值个数（不计入上面的有数据城市数）", En: "Imputed values, by indicator (not counted as data above)"},
	qUnitsScored:        {Zh: "参评城市数", En: "Units scored"},

	mTool:             {Zh: "工具", En: "Tool"},
	mVersion:          {Zh: "版本", En: "Version"},
	mTime:             {Zh: "生成时间", En: "Time"},
	mCommand:          {Zh: "命令", En: "Command"},
	mFramework:        {Zh: "指标框架", En: "Framework"},
	mFrameworkVersion: {Zh: "框架版本", En: "Framework version"},
	mFrameworkPath:    {Zh: "框架文件", En: "Framework file"},
	mFrameworkSHA:     {Zh: "框架 SHA-256", En: "Framework SHA-256"},
	mProfile:          {Zh: "评价方案", En: "Profile"},
	mProfilePath:      {Zh: "方案文件", En: "Profile file"},
	mProfileSHA:       {Zh: "方案 SHA-256", En: "Profile SHA-256"},
	mInput:            {Zh: "输入文件 %d", En: "Input %d"},
	mInputSHA:         {Zh: "输入文件 %d SHA-256", En: "Input %d SHA-256"},
	mBytes:            {Zh: "%d 字节", En: "%d bytes"},
	mSettings:         {Zh: "参数设置", En: "Settings"},

	nMissing:     {Zh: "缺失的下级指标不参与计算，其余权重重新归一；缺失权重占比超过此值时不计分", En: "missing children are dropped and the remaining weights renormalised, unless their share of the weight exceeds this"},
	nDirection:   {Zh: "逆向指标在标准化前乘以 −1", En: "negative indicators are multiplied by −1 before normalisation"},
	nSD:          {Zh: "z 分数使用样本标准差", En: "z-scores use the sample standard deviation"},
	nRank:        {Zh: "得分最高者排名第 1，并列者取最小名次", En: "highest score = rank 1; ties share the lowest rank"},
	nPooled:      {Zh: "是：统计量取全部年份合并计算", En: "true: statistics over every year of the panel at once"},
	nMinCoverage: {Zh: "当年有数据的指标占比低于此值的城市不参评", En: "units with a smaller share of the indicators that have data that year are not scored"},
	nCuts: {Zh: "达成度 = (值 − 最差值)/(目标 − 最差值)；趋势按 SDG 指数方法（比较实际年均变化与按期达标所需年均变化；中等份额 0.5）",
		En: "achievement = (value − worst)/(target − worst); trend: SDG Index method (observed vs needed annual change; moderate share 0.5)"},
	vCuts:       {Zh: "绿 ≥ %v，黄 ≥ %v，橙 ≥ %v，其余为红", En: "green ≥ %v, yellow ≥ %v, orange ≥ %v, red below"},
	vDirection:  {Zh: "逆向指标 × (−1)", En: "negative × (−1)"},
	vSD:         {Zh: "样本标准差（n − 1）", En: "sample (n − 1)"},
	vRank:       {Zh: "竞赛排名（1224）", En: "sport (1224)"},
	hKey:        {Zh: "设置键", En: "Key"},
	hGrade:      {Zh: "等级", En: "Grade"},
	sheetCities: {Zh: "城市画像", En: "City profiles"},
	aboutCities: {Zh: "每个城市一张表（表名为城市名）：排名、分组、六大目标与同组中位数、优势与短板指标", En: "a sheet per city (named after it): ranks, groups, the goals against the peers' median, strongest and weakest indicators"},
	hRankIn:     {Zh: "%s内排名", En: "Rank in %s"},
	mGrouping:   {Zh: "分组：%s", En: "Groups: %s"},
	nGrades:     {Zh: "总指数和各目标按当年参与排名城市的得分分级，得分等于分界点时归入较高等级；各年分界点见下", En: "the index and each goal are graded over the scores of the units ranked that year; a score at a cut point takes the higher grade; each year's cut points follow"},

	wDiagnostics: {Zh: "赋权过程与诊断", En: "Weighting diagnostics"},
	wYear:        {Zh: "%d 年", En: "year %d"},
	wMethod:      {Zh: "方法与参数", En: "Method and parameters"},
	wStatistic:   {Zh: "统计量", En: "Statistic"},
	wCR:          {Zh: "层次总排序一致性比率 CR", En: "Hierarchical consistency ratio CR"},
	wWarning:     {Zh: "提示", En: "Warning"},
	wCoefficient: {Zh: "组合系数", En: "Combination coefficient"},

	kSubsystem: {Zh: "%s评价值 U", En: "%s U"},
	kC:         {Zh: "耦合度 C", En: "Coupling C"},
	kT:         {Zh: "综合协调指数 T", En: "Coordination T"},
	kD:         {Zh: "耦合协调度 D", En: "Coupling coordination D"},
	kGrade:     {Zh: "协调等级", En: "Grade"},
	kLevel:     {Zh: "等级序号", En: "Grade level"},
	kScale:     {Zh: "U = 得分 / %v", En: "U = score / %v"},

	oTop:   {Zh: "第 %d 障碍因子", En: "Obstacle %d"},
	oShare: {Zh: "障碍度 %d", En: "Share %d"},
	oGoal:  {Zh: "%s障碍度", En: "%s obstacle"},

	hScoreChange:  {Zh: "得分变化", En: "Score change"},
	hRankChange:   {Zh: "名次变化（正为上升）", En: "Rank change (+ = up)"},
	hNoteExcluded: {Zh: "未参评原因", En: "Not scored because"},
	hProcessed:    {Zh: "计算用值", En: "Value used"},
	hCAGR:         {Zh: "年均增长率", En: "CAGR"},
	hTarget:       {Zh: "%s 目标 %s（%d 年）", En: "%s (target %s, %d)"},
	tChart:        {Zh: "综合指数变化（%d 个城市）", En: "Index over the years (%d units)"},
	dLegend:       {Zh: "图例", En: "Legend"},
	dGreen:        {Zh: "达成度 ≥ %.0f%%：已达目标", En: "achievement ≥ %.0f%%: target reached"},
	dYellow:       {Zh: "达成度 %.0f%%–%.0f%%：仍有差距", En: "achievement %.0f%%–%.0f%%: challenges remain"},
	dOrange:       {Zh: "达成度 %.0f%%–%.0f%%：差距明显", En: "achievement %.0f%%–%.0f%%: significant challenges"},
	dRed:          {Zh: "达成度 < %.0f%%：差距很大", En: "achievement < %.0f%%: major challenges"},
	dMethod: {Zh: "达成度 = (值 − 最差值)/(目标 − 最差值)，最差值取全部城市和年份；趋势比较近年年均变化与按期达标所需年均变化（可持续发展报告 SDG 指数方法）",
		En: "achievement = (value − worst)/(target − worst), worst over every unit and year; trends compare the recent annual change with the annual change needed to reach the target in time (SDG Index method)"},
	srcImputedBy: {Zh: "插补（%s）", En: "imputed (%s)"},
	kindImputed:  {Zh: "插补", En: "imputed"},
	kindTreated:  {Zh: "异常值处理", En: "treated"},
	qLogTreated: {Zh: "全部 %d 个值取对数 ln(x − 最小值 + 0.01·(最大值 − 最小值))（缩尾 %d 个值后仍未通过；偏度 %.3g → %.3g）",
		En: "log(x − min + 0.01·(max − min)) of all %d values (winsorising %d points did not pass; skew %.3g → %.3g)"},
	kSep: {Zh: "；", En: "; "},

	cTop:      {Zh: "综合指数前 %d 名%s", En: "Index: top %d%s"},
	cRadar:    {Zh: "前 %d 名的目标得分%s", En: "Goal scores of the top %d%s"},
	cYear:     {Zh: "（%d 年）", En: " (%d)"},
	cIndex:    {Zh: "综合指数", En: "Index"},
	cGoalAxis: {Zh: "目标", En: "Goal"},

	hStatus:         {Zh: "排名状态", En: "Status"},
	hShort:          {Zh: "数据不足的目标（有数据/计入/需要）", En: "Goals short of data (have/counted/needed)"},
	stRanked:        {Zh: "已排名", En: "ranked"},
	stNotRanked:     {Zh: "数据不足，未排名", En: "insufficient data, not ranked"},
	stNoScore:       {Zh: "无得分，未排名", En: "no score, not ranked"},
	shortItem:       {Zh: "%s %d/%d（需 %d）", En: "%s %d/%d (needs %d)"},
	hShareMean:      {Zh: "实际权重（已排名城市均值）", En: "Share applied (mean over ranked units)"},
	hShareMin:       {Zh: "实际权重最小值", En: "Share applied, min"},
	hShareMax:       {Zh: "实际权重最大值", En: "Share applied, max"},
	qUnitsRanked:    {Zh: "参与排名城市数", En: "Units ranked"},
	qUnitsNotRanked: {Zh: "数据不足、未排名城市数", En: "Units not ranked (insufficient data)"},
	qRule:           {Zh: "排名规则：%s", En: "Ranking rule: %s"},
	ruleGoal: {Zh: "每个目标中，至少有 %g%% 的常见指标有数据才参与排名（常见指标：当年超过 %g%% 的城市有数据的指标）",
		En: "ranked only with data for at least %g%% of the common indicators in every goal (common: indicators that more than %g%% of the units have that year)"},
	ruleIndex: {Zh: "至少有 %g%% 的常见指标有数据才参与排名（常见指标：当年超过 %g%% 的城市有数据的指标）",
		En: "ranked only with data for at least %g%% of the common indicators (common: indicators that more than %g%% of the units have that year)"},
	ruleNone:  {Zh: "无：凡有得分的城市均参与排名", En: "none: every unit with a score is ranked"},
	thinMark:  {Zh: "%s（测度不足）", En: "%s (thin)"},
	qMeasured: {Zh: "过半城市有数据的指标数", En: "Indicators most units have"},
	qThin: {Zh: "测度不足：过半城市有数据的指标少于 %d 项的目标，其得分在各输出中标注“测度不足”",
		En: "thin: a goal with fewer than %d indicators that most units have is marked \"thin\" wherever its score is shown"},
	qNeeds: {Zh: "无数据的指标：所需原始数据及其来源（填好后用 --data 与年鉴一起读入；cityscore template 生成填报表）",
		En: "Indicators without data: the raw data each needs and where to get it (pass it with --data next to the yearbook; cityscore template writes a fill-in workbook)"},
	hNeededVar:     {Zh: "所需变量", En: "Variable needed"},
	hGoalScoreOf:   {Zh: "%s得分（%d/%d 项指标）", En: "%s score (%d/%d indicators)"},
	hGoalScoreThin: {Zh: "%s得分（%d/%d 项指标，测度不足）", En: "%s score (%d/%d indicators; thin)"},
	hHeader:        {Zh: "表头（导入可识别）", En: "Header the importer reads"},

	sheetUncertainty: {Zh: "不确定性", En: "Uncertainty"},
	hRankRange:       {Zh: "排名区间", En: "Rank range"},
	uTitleUA: {Zh: "排名的不确定性%s：不确定性分析（随机抽样），%d 次重复计算；变动的输入：%s",
		En: "Uncertainty of the ranking%s: uncertainty analysis (random sample), %d replicates; inputs varied: %s"},
	uTitleSA: {Zh: "排名的不确定性%s：敏感性分析（Saltelli 设计，基样本 N = %d），%d 次重复计算；变动的输入：%s",
		En: "Uncertainty of the ranking%s: sensitivity analysis (Saltelli design, base sample N = %d), %d replicates; inputs varied: %s"},
	uStatsSA: {Zh: "排名与得分的分位数取自 A、B 两组样本的 %d 次计算（同 COINr）。",
		En: "The rank and score statistics are over the %d runs of the A and B samples (as COINr)."},
	hNominalRank:  {Zh: "名义排名", En: "Nominal rank"},
	hNominalScore: {Zh: "综合指数（名义）", En: "Index (nominal)"},
	hMedianRank:   {Zh: "排名中位数", En: "Median rank"},
	hMeanRank:     {Zh: "平均排名", En: "Mean rank"},
	hRankQ5:       {Zh: "排名 5% 分位数", En: "Rank, 5 %"},
	hRankQ95:      {Zh: "排名 95% 分位数", En: "Rank, 95 %"},
	hRankWidth:    {Zh: "区间宽度（95% − 5%）", En: "Interval width (95 % − 5 %)"},
	hScoreQ5:      {Zh: "综合指数 5% 分位数", En: "Index, 5 %"},
	hScoreQ95:     {Zh: "综合指数 95% 分位数", En: "Index, 95 %"},
	hInput:        {Zh: "变动的输入", En: "Input"},
	hSi:           {Zh: "一阶敏感性指数", En: "Si (first order)"},
	hSTi:          {Zh: "总效应指数", En: "STi (total)"},
	hSiQ5:         {Zh: "一阶指数 5%", En: "Si, 5 %"},
	hSiQ95:        {Zh: "一阶指数 95%", En: "Si, 95 %"},
	hSTiQ5:        {Zh: "总效应指数 5%", En: "STi, 5 %"},
	hSTiQ95:       {Zh: "总效应指数 95%", En: "STi, 95 %"},
	uChart:        {Zh: "排名的 5%%–95%% 区间（柱）与名义排名（点）%s%s", En: "5–95 %% rank interval (bar) and nominal rank (dot)%s%s"},
	uChartTop:     {Zh: "，前 %d 名（共 %d 个城市）", En: ", top %d of %d units"},
	uSobolChart:   {Zh: "各输入的 Sobol 敏感性指数%s", En: "Sobol indices of the inputs%s"},
	uInputsSep:    {Zh: "、", En: ", "},
	uAlternatives: {Zh: "%s（%d 种）", En: "%s (%d alternatives)"},
	uDesignUA:     {Zh: "不确定性分析（随机抽样）", En: "uncertainty analysis (random sample)"},
	uDesignSA:     {Zh: "敏感性分析（Saltelli 设计，Sobol 指数）", En: "sensitivity analysis (Saltelli design, Sobol indices)"},
	uSection:      {Zh: "不确定性与敏感性分析", En: "Uncertainty and sensitivity analysis"},
	uRunsNote:     {Zh: "N·(%d + 2)：A、B 两组样本及每个输入一组", En: "N·(%d + 2): the A and B samples and one block per input"},
	uBootstrapYes: {Zh: "自助法重抽样给出 Sobol 指数的 5%–95% 区间", En: "bootstrap 5–95 % intervals of the Sobol indices"},
	uBootstrapNo:  {Zh: "无（未做自助法重抽样）", En: "none (no bootstrap)"},
	uOutput:       {Zh: "各城市排名相对名义排名的平均绝对偏移（同 COINr）", En: "mean absolute shift of the units' ranks from the nominal ranks (as COINr)"},
	uReplicatesUA: {Zh: "重复计算次数", En: "number of replicates"},
	uReplicatesSA: {Zh: "基样本量，共 N·(d + 2) 次重复计算（d 为输入个数）", En: "base sample size; N·(d + 2) replicates in all (d inputs)"},
	uQuantileNote: {Zh: "排名与得分的 5%、95% 分位数按 R 的第 7 类分位数计算（同 COINr）", En: "5 % and 95 % percentiles of ranks and scores: R's quantile type 7 (as COINr)"},
	sheetOverview: {Zh: "总览", En: "Overview"},
	sheetGroups:   {Zh: "分组比较", En: "Groups"},
	ovTitle:       {Zh: "%s：总览", En: "%s: overview"},
	ovTitleYear:   {Zh: "%s：%d 年总览", En: "%s: overview of %d"},
	ovRunDate:     {Zh: "（%d 年 %d 月 %d 日计算）", En: " (run on %d-%02d-%02d)"},
	ovSummary:     {Zh: "%d 个城市参评，%d 个参与排名；参与排名城市的指标覆盖率中位数 %s", En: "%d cities scored, %d ranked; median indicator coverage of the ranked cities %s"},
	ovSummaryNone: {Zh: "%d 个城市参评，%d 个参与排名", En: "%d cities scored, %d ranked"},
	ovTop:         {Zh: "前 %d 名", En: "Top %d"},
	ovBottom:      {Zh: "后 %d 名", En: "Bottom %d"},
	ovGrades:      {Zh: "综合指数等级分布", En: "Grades of the index"},
	ovCount:       {Zh: "城市数", En: "Cities"},
	ovShare:       {Zh: "占比", En: "Share"},
	ovChart:       {Zh: "各等级城市数", En: "Cities per grade"},
	ovCaveats:     {Zh: "解读时请注意", En: "Read with care"},
	ovThin: {Zh: "测度不足：%s的得分所依据的、多数城市有数据的指标少于 %d 项，仅供参考",
		En: "Thinly measured: the scores of %s rest on fewer than %d indicators that most cities have; read them as indicative"},
	ovThinItem: {Zh: "%s（%d/%d 项指标）", En: "%s (%d/%d indicators)"},
	ovNotRanked: {Zh: "%d 个城市未参与排名（数据不足或无得分）。排名规则：%s",
		En: "%d cities are not ranked (too little data, or no score). Ranking rule: %s"},
	ovDerived: {Zh: "%d 个数值为推算值（由其他数据推算，并非统计资料直接给出）：%s；明细见“%s”表",
		En: "%d values are derived from other data rather than read from the sources: %s; see the %s sheet"},
	ovMore:           {Zh: "等（另 %d 项）", En: " and %d more"},
	ovGuide:          {Zh: "表格指引", En: "Where to find what"},
	aboutRanking:     {Zh: "最新一年各城市综合指数、目标得分与排名、数据覆盖率和排名状态", En: "Each city's index, goal scores and ranks, coverage and ranking status in the latest year"},
	aboutGroups:      {Zh: "按区域、规模等级、城市群等分组比较综合指数与目标得分", En: "Index and goal scores compared by region, size class, cluster and other groups"},
	aboutCharts:      {Zh: "综合指数前列城市的柱状图与目标得分雷达图", En: "Bar chart of the top cities' index, radar chart of their goal scores"},
	aboutUncertainty: {Zh: "权重与方法变动下各城市的排名区间及敏感性指数", En: "Rank ranges under varied weights and methods, sensitivity indices"},
	aboutTrends:      {Zh: "各城市历年综合指数及其变化", En: "Each city's index over the years and its change"},
	aboutEarlier:     {Zh: "此前各年的综合指数、目标得分与排名、数据覆盖率和排名状态", En: "The index, goal scores and ranks, coverage and ranking status of the earlier years"},
	aboutDashboard:   {Zh: "各指标相对目标值的达成度与评级", En: "Achievement of each indicator against its target, with ratings"},
	aboutDimensions:  {Zh: "各维度得分", En: "Dimension scores"},
	aboutIndicators:  {Zh: "各指标的原始值、标准化值与数据来源", En: "Raw and normalised value of every indicator, with its source"},
	aboutCoupling:    {Zh: "各子系统的耦合度与耦合协调度", En: "Coupling and coupling coordination of the subsystems"},
	aboutObstacles:   {Zh: "制约各城市得分的主要障碍因子", En: "The main obstacles holding each city's score back"},
	aboutWeights:     {Zh: "各层级权重、赋权方法与实际权重", En: "Weights at every level, how they were set and the shares applied"},
	aboutQuality:     {Zh: "数据问题、缺失值、推算值与待补数据", En: "Data issues, missing and derived values, data still needed"},
	aboutMethod:      {Zh: "计算方法、参数设置、输入文件及其校验值", En: "Method, settings, input files and their checksums"},
	hGroup:           {Zh: "组别", En: "Group"},
	hRankedCount:     {Zh: "参与排名城市数", En: "Cities ranked"},
	hMedianIndex:     {Zh: "综合指数中位数", En: "Median index"},
	hIndexQ25:        {Zh: "综合指数 25% 分位数", En: "Index, 25 %"},
	hIndexQ75:        {Zh: "综合指数 75% 分位数", En: "Index, 75 %"},
	hGoalMedian:      {Zh: "%s得分中位数", En: "%s: median score"},
	gFootnote: {Zh: "各组按综合指数中位数由高到低排列；只计参与排名的城市；分位数按 R 的第 7 类分位数计算（同 COINr）",
		En: "Groups ordered by median index, best first; ranked cities only; quantiles: R's type 7 (as COINr)"},
	sheetContinued: {Zh: "%s (%d)", En: "%s (%d)"},
	ovSplit: {Zh: "（行数超出一张表，分为 %d 张表：%s 至 %s，每张至多 %s 行）",
		En: " (too long for one sheet: split over %d sheets, %s to %s, up to %s rows each)"},
	mSplit:      {Zh: "分表：%s", En: "Split sheet: %s"},
	mSplitValue: {Zh: "共 %s 行，分为 %d 张表：%s", En: "%s rows over %d sheets: %s"},
	mSplitNote: {Zh: "每张表至多 %s 行（Excel 每张表至多 1,048,576 行）；各表重复表头、冻结窗格、打印标题与筛选，行序不变",
		En: "Up to %s rows per sheet (an Excel sheet holds 1,048,576); each sheet repeats the header, frozen panes, print titles and filter; rows keep their order"},
	sheetSources: {Zh: "来源", En: "Sources"},
	aboutSources: {Zh: "指标表各列数值的来源：文件、工作表与单元格区域，或推算、插补方式",
		En: "Where the values of the Indicators sheet come from: file, sheet and cell range, or how they were computed or imputed"},
	aboutIndicatorsWide: {Zh: "各指标的标准化值，宽表：每个城市每年一行，各指标并列（%s）；原始值所在的单元格见「%s」表",
		En: "Normalised value of every indicator, wide: a row per city and year, the indicators side by side (%s); the cells of the raw values on the %s sheet"},
	wideWhyAuto:  {Zh: "长表需 %s 行，超出一张表的 %s 行", En: "the long layout would need %s rows, more than the %s of a sheet"},
	wideWhyAsked: {Zh: "按 --indicators-layout wide 指定", En: "as --indicators-layout wide asks"},
	hSheet:       {Zh: "工作表", En: "Sheet"},
	hCells:       {Zh: "单元格", En: "Cells"},
	hRows:        {Zh: "行数", En: "Rows"},
	unitSuffix:   {Zh: "（%s）", En: " (%s)"},
	mLayout:      {Zh: "指标表布局", En: "Indicators layout"},
	mLayoutWide:  {Zh: "宽表（wide）：每个城市每年一行，各指标的标准化值并列", En: "wide: a row per city and year, each indicator's normalised value side by side"},
	mLayoutNote: {Zh: "%s；行序同输入数据；各值的原始值所在单元格按列的连续区域列于「%s」表；原始值、各指标的排名与增长率不列出（长表：--indicators-layout long）",
		En: "%s; rows in the order of the input data; the cells of the raw values listed as ranges of each column on the %s sheet; raw values, indicator ranks and growth rates are not shown (long layout: --indicators-layout long)"},
}

// lang is an output language: "zh" or "en".
type lang string

// parseLang returns the language of s: "" and "zh" are Chinese, "en"
// English.
func parseLang(s string) (lang, error) {
	switch s {
	case "", "zh":
		return "zh", nil
	case "en":
		return "en", nil
	}
	return "", fmt.Errorf("exporters: unknown language %q (want zh|en)", s)
}

// t returns label l in language g, formatted with args if any.
func (g lang) t(l label, args ...any) string {
	s := labels[l].In(string(g))
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// level returns the name of level l.
func (g lang) level(l dataset.Level) string {
	switch l {
	case dataset.LevelIndex:
		return g.t(levelIndex)
	case dataset.LevelGoal:
		return g.t(levelGoal)
	case dataset.LevelDimension:
		return g.t(levelDimension)
	case dataset.LevelIndicator:
		return g.t(levelIndicator)
	}
	return l.String()
}
