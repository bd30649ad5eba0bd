package web

// rankEnglish is the English of the ranking pages (排名晾晒).
var rankEnglish = map[string]string{
	"排名晾晒":         "Rankings",
	"评价办法":         "Evaluation scheme",
	"新建评价办法":       "New evaluation scheme",
	"修改评价办法":       "Edit evaluation scheme",
	"排名对象":         "Ranks",
	"下级地区":         "Regions below",
	"指标及权重":        "Indicators and weights",
	"考核指标":         "Indicator",
	"权重":           "Weight",
	"（不选）":         "(none)",
	"查看排名":         "View ranking",
	"排名结果":         "Ranking",
	"周排名":          "Weekly",
	"月排名":          "Monthly",
	"实时排名":         "Live",
	"排名周期":         "Ranking period",
	"选择周期":         "Period",
	"名次":           "Rank",
	"名次变化":         "Change",
	"综合得分":         "Score",
	"未排名":          "Not ranked",
	"持平":           "Unchanged",
	"数值 / 得分":      "Value / points",
	"（均值）":         "(mean)",
	"计分规则":         "How units score",
	"已保存的排名生成于":    "Kept ranking computed at",
	"名次变化与上一期比较：":  "Change against the period before: ",
	"名次变化与此前时段比较：": "Change against the period before: ",
	"在用：每周、每月自动保存排名":      "Active: rankings kept every week and month",
	"停用：不再保存新的排名":         "Disabled: no new rankings kept",
	"如：迪庆州政务服务能力评价（州直部门）": "e.g. Diqing service capability evaluation (prefecture departments)",
	"您的辖区还没有评价办法。":        "Your region has no evaluation scheme yet.",
	"实时排名按当前数据计算，不保存；名次变化与紧邻的等长时段比较。": "A live ranking is computed from the current figures and not kept; " +
		"the change in rank compares with the period of the same length just before.",
	"本期无收件的单位列在最后，不参与排名。点击单位名称查看其效能监督指标。": "Units without applications in the period are listed last, " +
		"unranked. Click a unit for its performance figures.",
	"每行选择一项指标并填写权重（大于 0，不超过 100）。权重之和不必为 100，计分时按权重之和折算。空行不计。": "Choose one indicator per " +
		"row with its weight (above 0, at most 100). Weights need not add up to 100: scores divide by their sum. Empty rows are ignored.",
	"本期有收件的单位参与排名。每项指标折算为 0–100 分，综合得分 = Σ（权重 × 得分）÷ Σ 权重，得分相同名次并列。某单位某项指标无分母（如本期无办结件）时，取其他单位该项的平均得分。": "Units with " +
		"applications in the period are ranked. Each indicator scores 0–100 points; the score is Σ (weight × points) ÷ Σ weights, " +
		"and equal scores share a rank. A unit without a denominator for an indicator (no concluded case, say) gets the other units' mean points.",
	"评价办法规定按哪些指标、以多大权重为本级部门或下级地区排名。每周一、每月 1 日自动保存上一周、上一月的排名，也可以查看任意时段的实时排名。": "A scheme " +
		"says by which indicators, and with what weights, a region ranks its own departments or the regions below it. " +
		"Last week's and last month's rankings are kept every Monday and on the 1st; a live ranking covers any period.",
	"评价办法已保存": "Scheme saved",
}
