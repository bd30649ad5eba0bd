package web

func init() { addEnglish(govMissingEnglish(superviseEnglish)) }

// superviseEnglish is the English of the notice pages (notices.html,
// notice.html), including the words they look up at run time: list views,
// statuses and the steps of a notice's history. Only entries the
// catalogue lacks are added. Subjects, bodies and replies stay as written.
var superviseEnglish = map[string]string{
	"督办": "Supervision notices", "督办列表": "Notice lists", "发出的督办": "Notices sent", "收到的督办": "Notices received",
	"发出督办": "Send a notice", "收文部门": "Department", "（按办件的承办部门）": "(the case's department)",
	"督办发给本辖区的部门，部门的审查人员和审批负责人会收到消息，须在回复时限内回复。": "A notice goes to a department of your region; its reviewers and approvers get a message and must reply within the limit.",
	"所涉办件编号": "Case number", "可不填，如 533401-20261123-000042": "Optional, e.g. 533401-20261123-000042",
	"督办事由": "Subject", "督办内容": "Notice", "回复时限（工作日）": "Reply within (working days)",
	"回复期限": "Reply due", "发出": "Sent", "没有符合条件的督办。": "No notices match.",
	"督办编号": "Notice number", "所涉办件": "Case", "发出人": "Sent by", "发出时间": "Sent at", "办结时间": "Closed at",
	"部门回复": "Department's reply", "回复内容": "Reply", "落实情况、原因和整改措施": "What was done, why, and the corrective measures",
	"提交回复": "Send the reply", "办结意见": "Closing remark", "办结督办": "Close the notice",
	"退回重新回复": "Return for another reply", "退回理由": "Reason for returning", "重新回复时限（工作日）": "New reply limit (working days)",
	"退回": "Return", "办理记录": "History",
	// Statuses and history steps.
	"待回复": "Awaiting reply", "已回复": "Replied", "已办结": "Closed", "办结": "Closed",
	"到期提醒": "Reminder: reply due", "逾期提醒": "Reminder: reply overdue",
	// Shared with the case pages (kept here should those change).
	"办件": "Cases", "状态": "Status", "筛选": "Filter", "全部状态": "All statuses", "第一页": "First page",
	"下一页": "Next page", "位置": "You are here", "办理": "Actions", "已超期": "Overdue", "即将到期": "Due soon",
}
