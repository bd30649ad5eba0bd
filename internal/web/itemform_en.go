package web

// itemFormEnglish is the English of the online form page (item_form.html)
// and of its link on the guide. itemform.go adds only the entries the
// catalogue lacks, so a word another page group translated keeps its
// wording. The form's labels and the items' content stay Chinese.
var itemFormEnglish = map[string]string{
	"在线填报":     "Fill in online",
	"在线填报（预览）": "Fill in online (preview)",
	"位置":       "Location",
	"办事服务":     "Services",
	"版本":       "Version",
	"返回办事指南":   "Back to the guide",
	"填写后点“检查填写内容”，系统按本事项的申请表逐项核对，一次列出全部需要修改的地方。本页不保存、不提交任何内容：正式申请请登录后点“在线申请”。": "Fill in the form and press “Check my answers”: every field is checked against this item's form and every problem is listed at once. Nothing is saved or submitted here: to apply, log in and press “Apply online”.",
	"表单填写正确": "The form is filled in correctly",
	"各项内容均符合本事项申请表的要求。以下是核对后的内容（号码已统一格式，显示时隐去部分数字）：": "Every answer meets the requirements of this item's form. This is what was checked (numbers in a standard format, partly hidden on screen):",
	"以下必要材料尚未勾选为已备齐：":          "Required materials not yet ticked as ready: ",
	"正式申请（生成办件）请登录后点“在线申请”提交。": "To apply (which opens a case), log in and press “Apply online”.",
	"以下内容需要修改":                 "Please correct the following",
	"还有更多问题未列出，请先修改以上各处后再检查。":  "There are more problems than listed: correct these and check again.",
	"检查填写内容":      "Check my answers",
	"申请表":         "Application form",
	"为必填项":        "marks a required field",
	"本事项无需填写申请表。": "This item has no application form to fill in.",
	"材料清单":        "Materials checklist",
	"对照清单准备材料，已备齐的可以勾选（仅供自查，不会提交）。": "Prepare the materials on this list and tick what you have (for your own check; nothing is submitted).",
	"适用情形：":                 "Applies when: ",
	"无需提交申请材料。":             "No materials are required.",
	"只检查，不提交。":              "This only checks; nothing is submitted.",
	"范围：":                   "Range: ",
	"最小：":                   "At least: ",
	"最大：":                   "At most: ",
	"格式：年-月-日，如 2026-05-01": "Format: year-month-day, e.g. 2026-05-01",
	"可输入地名从列表中选择，或填写 6、9、12 位行政区划代码": "Type a place name and pick it from the list, or enter a 6, 9 or 12-digit region code",
	"18 位，最后一位可能是 X":                 "18 characters; the last may be X",
	"18 位，见营业执照或登记证书":                "18 characters, as on the business licence or registration certificate",
	"手机号码，或带区号的固定电话（如 0887-8221234）": "A mobile number, or a landline with its area code (e.g. 0887-8221234)",
	"请选择": "Choose…",
	"每行填写一条，空行不计；最多行数：": "One entry per row; empty rows are ignored. Most rows: ",
	"序号":   "Seq",
	"操作":   "Actions",
	"添加一行": "Add a row",
	"删除此行": "Remove this row",
}
