package web

func init() { addEnglish(govMissingEnglish(hotlineEnglish)) }

// hotlineEnglish is the English of the 12345 hotline pages (hotline*.html),
// including the words they look up at run time: statuses, types, channels,
// outcomes, actions, list tabs and figures. Only entries the catalogue
// lacks are added: words other pages share keep the wording they gave
// them. What callers and staff wrote stays Chinese.
var hotlineEnglish = map[string]string{
	// Revealing the caller's number; the limits page.
	"显示完整号码": "Show the full number", "完整号码": "Full number", "已记入审计，请勿转抄": "Recorded in the audit log; do not copy it elsewhere",
	"查看事由（记入审计）": "Reason (recorded in the audit log)", "如：回访来电人": "e.g. calling the caller back",
	"工单时限": "Ticket time limits", "类别": "Class", "上次修改": "Last changed", "初始设置": "As installed", "修改时限": "Change the limits",
	"一般诉求": "All other tickets", "单位": "Unit", "小时（只计工作日）": "hours (working days only)", "复杂件办结时限（工作日）": "Limit of a complex ticket (working days)",
	"办结时限": "Time to handle", "签收时限": "Time to sign",
	"时限从派单时起算，按诉求发生地的工作日历计算；修改只影响此后派出的工单。签收时限 1 小时至 10 个工作日，办结时限 1 小时至 60 个工作日，复杂件 1 至 60 个工作日。": "Limits run from dispatch on the working calendar of the ticket's place; a change applies to tickets dispatched afterwards. Sign: 1 hour to 10 working days; handle: 1 hour to 60 working days; complex tickets: 1 to 60 working days.",
	// Navigation and lists.
	"12345 热线": "12345 hotline", "工单列表": "Tickets", "工单": "Ticket", "受理来电": "Take a call", "热点诉求": "Hot spots",
	"热线指标": "Hotline figures", "待办": "To do", "本部门工单": "Our department's tickets", "我受理的": "Taken by me",
	"全部工单": "All tickets", "指标工单": "Tickets of the figure", "清除筛选": "Clear filter",
	"没有符合条件的工单。": "No tickets match.", "承办部门": "Department", "受理时间": "Taken", "签收期限": "Sign by", "工单编号": "Ticket number",
	// Statuses, types, channels, outcomes, callbacks.
	"待派单": "To dispatch", "待签收": "To sign", "退单待审": "Return to decide", "延期待批": "Extension to decide", "待审核": "Reply to review", "待回访": "To call back", "已办结": "Closed",
	"咨询": "Consultation", "求助": "Request for help", "投诉": "Complaint", "举报": "Report", "建议": "Suggestion", "表扬": "Praise",
	"电话": "Phone", "网站": "Website", "移动端": "Mobile app", "电子邮件": "E-mail", "转办": "Transfer", "Open311": "Open311",
	"已解决": "Resolved", "已解释说明": "Explained", "无法解决": "Cannot be resolved", "重复工单": "Duplicate", "无效工单": "Invalid",
	"满意": "Satisfied", "基本满意": "Fairly satisfied", "不满意": "Dissatisfied",
	"一般": "Normal", "紧急": "Urgent", "企业直通车": "Enterprise fast lane", "保密": "Confidential", "复杂件": "Complex",
	// Intake.
	"来源渠道": "Channel", "诉求类型": "Type", "紧急程度": "Urgency", "来电号码": "Caller's number", "来电人姓名": "Caller's name",
	"来电人要求保密（承办部门看不到来电人）": "The caller asks to stay confidential (the department will not see who called)",
	"诉求发生地": "Where it happened", "详细地址": "Address", "诉求内容": "What the caller says", "提交派单": "Submit for dispatch",
	"咨询类：当场答复办结（一次办结）": "Consultation: answer now and close (first-contact resolution)",
	"答复内容": "Answer", "依据的知识库文章编号（可选）": "Knowledge-base article number (optional)",
	"直接答复办结": "Answer and close", "边听边查：输入几个字": "Search while you listen: type a few characters",
	"新窗口打开": "Open in a new tab", "相似工单": "Similar tickets",
	"选择诉求分类和发生地后，这里列出近 30 天同类未办结的工单，便于发现重复来电。":  "Choose the subject and the place to see open tickets like it from the last 30 days, to spot repeated calls.",
	"同一地点、同类诉求的未办结工单（同地址的在前）：如是同一件事，受理后由派单员合并。": "Open tickets of the same subject and place (same address first): if it is the same matter, the dispatcher merges them after intake.",
	"没有同类未办结工单。": "No similar open tickets.",
	// The ticket.
	"来电人": "Caller", "来电人要求保密，不向承办部门显示": "Confidential: not shown to the department", "协办": "Assisting",
	"已签收": "Signed", "超期签收": "signed late", "已答复": "Replied", "超期答复": "replied late", "办理情况": "Handling", "部门答复": "Department's reply", "无法解决的原因": "Why it cannot be resolved", "当场答复": "Answered at once",
	"依据知识库": "From the knowledge base", "退单申请": "Return requested", "延期申请": "Extension requested",
	"个工作日": "working days", "办结理由": "Reason for closing", "已并入工单": "Merged into", "并入本工单的重复工单": "Duplicates merged into this ticket",
	"派单建议": "Suggested", "无对应规则，派所在地人民政府办公室": "no rule: the local government office", "按派单规则": "by the dispatch rule",
	"办理过程": "History", "工单已办结。": "The ticket is closed.", "派单": "Dispatch", "签收": "Sign", "退单（不属于本单位职责）": "Return (not our responsibility)", "同意退单": "Accept the return",
	"驳回退单": "Reject the return", "申请延期": "Ask for an extension", "批准延期": "Approve the extension",
	"不批准延期": "Refuse the extension", "答复": "Reply", "审核退回": "Send the reply back",
	"回访": "Call back", "催办": "Urge", "合并重复工单": "Merge a duplicate", "直接办结（无效工单等）": "Close (invalid ticket etc.)",
	"提交退单": "Return", "提交延期申请": "Ask for the extension", "提交答复": "Send the reply", "审核通过，转回访": "Accept, call back",
	"退回部门重办": "Send back to the department", "合并": "Merge", "主办部门": "Lead department", "协办部门（可多选）": "Assisting departments (any number)",
	"复杂件（办理时限按复杂件计）": "Complex (the complex time limit applies)", "理由": "Reason", "意见（可选）": "Comment (optional)",
	"延期工作日数": "Working days more", "批准的工作日数（不填按申请）": "Working days granted (empty: as asked)",
	"办理经过和结果，将回访告知来电人":    "What was done and the result; the caller is told at the callback",
	"无法解决的原因（选“无法解决”时必填）": "Why it cannot be resolved (required for that outcome)", "回访记录": "Callback notes",
	"不满意的，工单退回原部门重办，重新计算办结期限。": "Dissatisfied: the ticket goes back to the same department with a fresh time limit.",
	"催办内容（可选）": "Message (optional)", "并入的工单编号": "Merge into ticket number", "办结结果": "Outcome",
	"当场答复办结": "Answered and closed", "一键送达": "Dispatch all", "超期提醒": "Overdue warning", "重办": "Reopened",
	// Hot spots and figures.
	"本周（周一零时起）与上周相比，各诉求分类和发生地的来电件数，增加最多的在前；重复工单和无效工单不计。": "Tickets per subject and place this week (from Monday 00:00) against last week, the largest rise first; duplicates and invalid tickets are left out.",
	"“一键送达”把该热点全部待派单的工单按派单规则一次派出。":                       "“Dispatch all” sends every ticket of the hot spot still waiting for dispatch by the dispatch rules, in one step.",
	"发生地": "Place", "本周": "This week", "上周": "Last week", "增减": "Change", "未办结": "Open",
	"把该热点全部待派单的工单按派单规则派出？": "Dispatch every waiting ticket of this hot spot by the rules?", "近两周没有来电。": "No calls in the last two weeks.",
	"受理日期": "Taken from", "至": "to", "分组": "Group by",
	"按部门": "By department", "按地区": "By region", "地区": "Region",
	"统计期内受理的工单。点数字打开所计的工单；每个率下方是分子/分母，也可点开。": "Tickets taken in the period. Each number opens the tickets it counts; under each rate, numerator/denominator open theirs.",
	"统计期内没有受理工单。": "No tickets taken in the period.", "未派单（一次办结等）": "No department (answered at intake etc.)",
	"按时签收率": "Signed on time", "一次办结率": "First-contact resolution",
	"回访率": "Called back", "满意率": "Satisfaction", "退单率": "Returns", "重办率": "Reopened",
	"一次办结（受理时当场答复办结）": "Answered at intake", "已派单": "Dispatched", "按时签收": "Signed on time",
	"部门答复后办结": "Closed after a reply", "部门答复后办结，且按时答复": "Closed after a reply on time", "已回访": "Called back",
	"回访满意或基本满意": "Satisfied or fairly satisfied", "提出过退单": "Return asked", "重办过": "Reopened",
}
