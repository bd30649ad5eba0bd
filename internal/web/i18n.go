package web

// translate returns the English for a Chinese UI string on English pages.
// Chinese is the source language; a string missing here shows in Chinese
// (a test lists every template string without an English entry).
func translate(lang, zh string) string {
	if lang != "en" {
		return zh
	}
	if en, ok := english[zh]; ok {
		return en
	}
	return zh
}

var english = map[string]string{
	"一网通办":      "OneWindow",
	"首页":        "Home",
	"账号与角色":     "Accounts & roles",
	"组织架构":      "Organisation",
	"工作日历":      "Working-day calendar",
	"安全策略":      "Security policy",
	"审计日志":      "Audit log",
	"我的账号":      "My account",
	"登录":        "Log in",
	"退出":        "Log out",
	"注册":        "Register",
	"用户名":       "Username",
	"密码":        "Password",
	"长辈模式":      "Elderly mode",
	"标准模式":      "Standard mode",
	"演示数据":      "Demo data",
	"跳到主要内容":    "Skip to main content",
	"政务服务 一网通办": "Government services, one window",
	"还没有账号？":    "No account yet?",
	"自然人注册":     "Register as a person",
	"法人注册":      "Register as an organisation",
	"姓名":        "Name",
	"单位名称":      "Organisation name",
	"公民身份号码":    "Citizen ID number",
	"统一社会信用代码":  "Unified social credit code",
	"法定代表人":     "Legal representative",
	"手机号码":      "Mobile number",
	"确认密码":      "Confirm password",
	"提交注册":      "Register",
	"已有账号？去登录":  "Have an account? Log in",
	"欢迎":        "Welcome",
	"您可以办理的事项":  "What you can do",
	"账号信息":      "Account details",
	"修改密码":      "Change password",
	"原密码":       "Current password",
	"新密码":       "New password",
	"保存":        "Save",
	"角色":        "Roles",
	"账号类型":      "Account type",
	"最近登录":      "Last login",
	"出错了":       "Something went wrong",
	"返回首页":      "Back to home",
	"语言":        "Language",
	"管理账号、授予角色": "Manage accounts and grant roles",
	"行政区划、部门、大厅与窗口": "Regions, departments, halls and windows",
	"法定工作日、节假日与调休":  "Statutory working days, holidays and make-up days",
	"密码、锁定与会话策略":    "Password, lockout and session policy",
	"查询审计记录、校验链完整性": "Search audit events and verify the chain",
	"个人信息与密码":       "Profile and password",
	"首次登录请先修改初始密码":  "Please change your initial password first",
	"自然人":           "Person",
	"法人":            "Organisation",
	"工作人员":          "Staff",
	"所属范围":          "Scope",

	"查询申请人和工作人员账号": "Look up applicant and staff accounts",
	"主导航":          "Main navigation",
	"演示环境：本系统中的所有人员、单位和数据均为虚构的演示数据": "Demo environment: every person, organisation and record in this system is fictitious",

	// Problem titles (errs.Title), the headings of error pages.
	"输入有误":      "Invalid input",
	"请求格式错误":    "Malformed request",
	"未登录或登录已失效": "Not logged in, or the session has expired",
	"无权操作":      "Not permitted",
	"未找到":       "Not found",
	"操作冲突":      "Conflict",
	"账号已锁定":     "Account locked",
	"内容过大":      "Too large",
	"服务暂不可用":    "Service unavailable",
	"系统内部错误":    "Internal error",
}

// addEnglish merges a page group's catalogue entries (each page file keeps
// its own, in an init function).
func addEnglish(m map[string]string) {
	for k, v := range m {
		if old, ok := english[k]; ok && old != v {
			panic("web: two English translations of " + k + ": " + old + " / " + v)
		}
		english[k] = v
	}
}
