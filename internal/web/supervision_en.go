package web

func init() { addEnglish(govMissingEnglish(supervisionEnglish)) }

// supervisionEnglish is the English of the supervision dashboards
// (supervision.html, supervision_cases.html), including the words they
// look up at run time: indicator names, period links, the names of the
// records behind a figure. Only entries the catalogue lacks are added;
// the indicators' formulas (口径) stay in Chinese, as the rules word them.
var supervisionEnglish = map[string]string{
	"效能监督": "Performance", "全部大厅": "All halls", "起始日期": "From", "截止日期": "To", "时段": "Period",
	"本月": "This month", "上月": "Last month", "本季度": "This quarter", "本年": "This year", "近30天": "Last 30 days",
	"评价": "Ratings", "点数字查看它统计的办件；比率下方为分子 / 分母，“—”表示分母为 0。": "Click a figure for the cases it counts; under a rate are its numerator / denominator; “—” means the denominator is 0.",
	"收件渠道": "Channels", "本时段没有收件。": "No applications in this period.", "各地区按时办结率和收件量": "On-time rate and applications by region",
	"超期未办结": "Open and overdue", "最多 10 件，超期最久的在前": "up to 10, most overdue first", "超期工作日": "Working days overdue",
	"没有超期未办结的办件。": "No open case is overdue.", "本时段没有数据。": "No figures for this period.", "按部门": "By department",
	"按办件各环节发生日统计：收件按提交日，受理按受理日，办结按办结日，评价按评价日；一件事按子件计。数字在办件变化时即时更新。": "Each step counts on the day it happened: applications on submission, acceptances on acceptance, conclusions on the decision, ratings on the rating; a bundle counts by its child cases. Figures update as cases change.",
	"指标办件": "Cases behind a figure", "计入指标：": "Counted in: ", "渠道": "Channel", "提交日期": "Submitted",
	"未分部门": "No department", "每日趋势": "Daily trend", "每月趋势": "Monthly trend", "超期办结": "Concluded late",
	// Indicator names (package stats).
	"收件量": "Applications", "受理量": "Accepted", "办结量": "Concluded", "按时办结率": "On-time rate",
	"超期办结率": "Late conclusion rate", "超期受理率": "Late acceptance rate", "平均办理用时（工作日）": "Average working days used",
	"平均承诺时限（工作日）": "Average working days promised", "补正率": "Correction rate",
	"多次补正（违反一次性告知）": "Repeated corrections", "即办件占比": "On-the-spot share", "网上申报率": "Online application rate",
	"零跑动率": "No-visit rate", "不予受理": "Not accepted", "撤回": "Withdrawn", "评价数": "Ratings",
	"主动评价率": "Rating rate", "好评率": "Good-rating rate", "差评率": "Bad-rating rate", "差评整改率": "Bad ratings rectified",
	"实名差评回访率": "Named bad ratings called back",
	// The records behind a figure.
	"提交的办件": "Cases submitted", "本级": "Own level", "网上和掌上申报的收件": "Applications made online or on a phone", "网上申请的收件": "Applications made online",
	"掌上申请的收件": "Applications made on a phone", "帮办代办的收件": "Assisted applications",
	"收到补正告知的办件": "Cases asked for corrections", "多次补正的办件": "Cases asked for corrections more than once",
	"受理的办件": "Accepted cases", "超期受理的办件": "Cases accepted late", "即办件": "On-the-spot cases",
	"不予受理的办件": "Cases not accepted", "撤回的办件": "Withdrawn cases", "办结的办件": "Concluded cases",
	"按时办结的办件": "Cases concluded on time", "超期办结的办件": "Cases concluded late", "零跑动办结的办件": "Cases concluded without a visit",
	"有首次评价的办件": "Rated cases", "有实名差评的办件": "Cases with a named bad rating",
	"实名差评已回访的办件": "Named bad ratings called back", "差评已整改的办件": "Bad ratings rectified",
	"差评经申诉核销的办件": "Bad ratings voided on appeal",
}
