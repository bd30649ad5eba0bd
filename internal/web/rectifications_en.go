package web

func init() { addEnglish(govMissingEnglish(rectificationsEnglish)) }

// rectificationsEnglish is the English of the rectification pages
// (rectifications.html, rectification.html), including the words they
// look up at run time: stages, actions, outcomes, callback results and the
// list's stage chips. Only entries the catalogue lacks are added. Case
// names and what people wrote stay Chinese.
var rectificationsEnglish = map[string]string{
	// Navigation, list and headings.
	"差评整改": "Bad-rating follow-up", "整改环节": "Follow-up stages", "只看已超期": "Overdue only", "评价": "Rating",
	"转办时间": "Opened", "再次评价": "Second rating", "没有符合条件的差评整改。": "No follow-ups match.",
	"不满意和非常不满意的评价转被评价部门核实整改：核实、整改、回访（实名评价）、复核，每个环节有工作日时限。": "Dissatisfied and very dissatisfied ratings go to the rated department: verify, rectify, call back (named ratings) and recheck, each stage within its working-day limit.",
	"未办结": "Open", "待核实": "To verify", "整改中": "Rectifying", "待回访": "To call back", "待复核": "To recheck",
	"申诉中": "Appealed", "全部": "All",
	// Stages, actions, outcomes.
	"核实": "Verify", "整改": "Rectify", "回访": "Call back", "复核": "Recheck", "申诉审核": "Appeal review", "已办结": "Closed",
	"复核通过": "Recheck passed", "复核退回": "Returned at recheck", "申诉": "Appeal", "申诉成立": "Appeal upheld",
	"申诉驳回": "Appeal rejected", "整改完成": "Rectified", "申诉成立，评价作废": "Appeal upheld, rating void",
	"满意": "Satisfied", "基本满意": "Fairly satisfied", "不满意": "Dissatisfied",
	// The page.
	"当前环节": "Current stage", "本环节期限": "Stage due", "办结时间": "Closed on", "各环节时限": "Stage limits",
	"按本地区或上级设置的时限计算": "Limits set for this region or the one above:", "按默认时限计算": "Default limits",
	"实名评价：整改后须回访申请人（联系方式见办件）": "Named rating: call the applicant back after rectifying (contact details on the case)",
	"匿名评价：不显示评价人，无须回访":        "Anonymous rating: the author is not shown and no call-back is owed",
	"整改后的再次评价":                "second rating after a rectification", "办理": "Act",
	"核实情况": "What the verification found", "写明核实的经过和事实：是否属实、原因": "How it was verified and what was found: is it true, and why",
	"提交核实情况": "Submit the verification", "整改措施": "What was fixed", "写明整改了什么、如何防止再次发生": "What was fixed and how it will not happen again",
	"佐证材料（可选）": "Evidence (optional)", "提交整改情况": "Submit the rectification", "回访结果": "Call-back result",
	"回访情况": "Call-back notes", "回访时间、方式和申请人的意见": "When and how the applicant was called, and what they said",
	"记录回访": "Record the call-back", "复核意见": "Recheck opinion", "整改到位": "Properly rectified",
	"复核通过，办结": "Pass the recheck and close", "审核意见": "Review opinion",
	"确定申诉成立？该评价将作废，不计入统计。": "Uphold the appeal? The rating becomes void and leaves the figures.",
	"退回重新整改": "Return for rectification", "退回理由": "Reason for returning", "退回": "Return",
	"驳回申诉": "Reject the appeal", "驳回理由": "Reason for rejecting", "驳回，部门继续办理": "Reject: the department goes on",
	"评价有误或恶意评价：申诉": "Mistaken or malicious rating: appeal",
	"每条差评只能申诉一次，由效能监督人员审核；申诉成立的评价作废。": "Each bad rating may be appealed once; a supervisor decides, and an upheld appeal voids the rating.",
	"申诉理由": "Reason for the appeal", "证明材料": "Evidence", "提交申诉": "Submit the appeal",
	"整改已办结。": "This follow-up is closed.", "当前环节无须您办理。": "Nothing for you to do at this stage.",
	"整改过程": "Follow-up record", "差评转部门核实整改": "Bad rating sent to the department",
}
