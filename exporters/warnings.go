package exporters

import (
	"fmt"

	"github.com/cityscore/cityscore/composite"
)

// warningText returns the message of a weighting warning in lang: Chinese
// for "zh", the kernel's English (w.String()) otherwise. A kind with no
// Chinese text here falls back to English and fails TestWarningTextZh.
func warningText(lang string, w composite.Warning) string {
	if lang != "zh" {
		return w.String()
	}
	col := fmt.Sprintf("第 %d 列", w.Column)
	if w.Indicator != "" {
		col = "指标 " + w.Indicator
	}
	switch w.Kind {
	case composite.WarnUnitsLeftOut:
		return fmt.Sprintf("剔除 %d 个城市（共 %d 个）：其某些列有缺失值（成列删除）", w.Count, w.Total)
	case composite.WarnTooFewUnits:
		return fmt.Sprintf("数据完整的城市仅 %d 个（至少需 2 个），采用等权", w.Count)
	case composite.WarnNoValues:
		return col + "：无数据，权重为 0"
	case composite.WarnAllZero:
		return fmt.Sprintf("各列 %s 均为 0，采用等权", w.Stat)
	case composite.WarnEntropyOneValue:
		return col + "：仅 1 个值（ln 1 = 0），d = 0，权重为 0"
	case composite.WarnEntropyConstant:
		return fmt.Sprintf("%s：各值相同（均为 %v），d = 0，权重为 0", col, w.Value)
	case composite.WarnEntropyZeroSum:
		return col + "：Σz' = 0，d = 0，权重为 0"
	case composite.WarnEntropyAllZero:
		return "各列 d 均为 0，采用等权"
	case composite.WarnCRITICConstant:
		return fmt.Sprintf("%s：各值相同（均为 %v），σ = 0，与其他列的 r 取 0，权重为 0", col, w.Value)
	case composite.WarnCVNegative:
		return fmt.Sprintf("%s：有 %d 个负值（变异系数法适用于正的比率型数据）", col, w.Count)
	case composite.WarnCVOneValue:
		return col + "：仅 1 个值，V = 0，权重为 0"
	case composite.WarnCVMeanZero:
		return col + "：均值为 0，V 无定义，权重为 0"
	case composite.WarnSDOneValue:
		return col + "：仅 1 个值，σ 无定义，权重为 0"
	case composite.WarnSDConstant:
		return col + "：各值相同，σ = 0，权重为 0"
	case composite.WarnPCAConstant:
		return col + "：各值相同，标准化后为 0，权重为 0"
	case composite.WarnPCANoneVaries:
		return "各列均无变异，采用等权"
	case composite.WarnPCALoadingsZero:
		return "各载荷均为 0，采用等权"
	case composite.WarnGameTheorySingular:
		return "博弈论组合赋权：各权重向量线性相关（方程组奇异），组合系数取相等"
	case composite.WarnAllZeroChildren:
		return "各子项权重均为 0，改用等权"
	}
	return w.String()
}
