package web

func init() { addEnglish(ratingTabletEnglish) }

// ratingTabletEnglish is the English of the window-rating pages (rate.html,
// tablet.html) and of the case page's window-rating section.
var ratingTabletEnglish = map[string]string{
	"服务评价": "Rate our service", "感谢您的评价": "Thank you for your rating", "窗口评价器": "Window rating tablet",
	"您的意见已转承办部门核实整改。": "Your comments were sent to the department to verify and put right.",
	"返回评价器":       "Back to the tablet",
	"请您对本次服务进行评价": "Please rate the service you received",
	"办理事项":        "Service", "服务大厅": "Service hall",
	"您对本次服务是否满意？":           "Were you satisfied with the service?",
	"哪些方面不满意？（请至少选一项或写明原因）": "What was not satisfactory? (choose at least one or give a reason)",
	"哪些方面让您满意？（可多选）":        "What did you like? (choose any)",
	"匿名评价时不记录评价人，部门也无法回访。":  "An anonymous rating does not record who gave it, so the department cannot call you back.",
	"本评价码只能使用一次，有效期至":       "This rating code works once, until",
	"欢迎您": "Welcome",
	"办理完成后，请在这里对我们的服务进行评价。":               "When your business is done, please rate our service here.",
	"窗口工作人员在办件页面点击“请申请人评价”后，评价表会自动显示在这里。": "The rating form appears here as soon as the window staff press “Ask the applicant to rate” on the case page.",
	"窗口评价": "Window rating",
	"请申请人用手机扫描二维码评价，或在窗口评价器上评价；可以匿名。": "Ask the applicant to scan the QR code with a phone, or to rate on the window tablet; they may rate anonymously.",
	"评价二维码": "Rating QR code",
	"评价码只能使用一次，有效期至": "The code works once, until",
	"评价页面":      "Rating page",
	"重新生成评价二维码": "Make a new QR code",
	"请申请人评价":    "Ask the applicant to rate",
	"打开窗口评价器":   "Open the window tablet",
}
