package web

// auditActions names the audit actions in words, so that an auditor reads
// "授予角色" beside the code role.grant. The code stays visible: it is what
// the 操作类型 filter matches (a prefix such as "role." finds every role
// change). An action missing here shows as its code alone.
var auditActions = map[string][2]string{
	"session.login":                {"登录", "Log in"},
	"session.login_failed":         {"登录失败", "Failed login"},
	"session.logout":               {"退出登录", "Log out"},
	"account.register":             {"自助注册", "Self-registration"},
	"account.create":               {"新建账号", "Account created"},
	"account.update":               {"修改账号", "Account changed"},
	"account.status":               {"启用或停用账号", "Account enabled or disabled"},
	"account.locked":               {"账号锁定", "Account locked"},
	"account.unlock":               {"解除锁定", "Account unlocked"},
	"account.change_password":      {"修改密码", "Password changed"},
	"account.reset_password":       {"重置密码", "Password reset"},
	"role.grant":                   {"授予角色", "Role granted"},
	"role.revoke":                  {"撤销角色", "Role revoked"},
	"pii.reveal":                   {"查看完整个人信息", "Personal data revealed"},
	"setting.update":               {"修改设置", "Setting changed"},
	"region.import":                {"导入行政区划", "Regions imported"},
	"region.create":                {"新增行政区划", "Region created"},
	"region.update":                {"修改行政区划", "Region changed"},
	"region.activate":              {"恢复行政区划", "Region restored"},
	"region.deactivate":            {"撤销行政区划", "Region withdrawn"},
	"dept.create":                  {"新增部门", "Department created"},
	"dept.update":                  {"修改部门", "Department changed"},
	"dept.activate":                {"启用部门", "Department enabled"},
	"dept.deactivate":              {"停用部门", "Department disabled"},
	"hall.create":                  {"新增大厅", "Hall created"},
	"hall.update":                  {"修改大厅", "Hall changed"},
	"hall.activate":                {"启用大厅", "Hall enabled"},
	"hall.deactivate":              {"停用大厅", "Hall disabled"},
	"window.create":                {"新增窗口", "Window created"},
	"window.update":                {"修改窗口", "Window changed"},
	"window.activate":              {"启用窗口", "Window enabled"},
	"window.deactivate":            {"停用窗口", "Window disabled"},
	"calendar.import_year":         {"导入全国放假安排", "Holiday schedule imported"},
	"calendar.put_day":             {"设置地区特别安排", "Regional day set"},
	"calendar.delete_day":          {"删除地区特别安排", "Regional day removed"},
	"rating.create":                {"评价办件", "Case rated"},
	"rating_token.issue":           {"生成窗口评价码", "Window rating code issued"},
	"rating_token.use":             {"扫码评价", "Rated with a window code"},
	"rectification.open":           {"差评转整改", "Rectification opened"},
	"rectification.limits":         {"修改整改时限", "Rectification limits changed"},
	"notice.send":                  {"发出督办", "Supervision notice sent"},
	"notice.reply":                 {"回复督办", "Supervision notice answered"},
	"notice.close":                 {"督办办结", "Supervision notice closed"},
	"notice.return":                {"督办退回重办", "Supervision notice returned"},
	"digest.send":                  {"发送超期日报", "Overdue digest sent"},
	"rank.snapshot":                {"保存排名", "Ranking kept"},
	"rank_scheme.create":           {"新建排名方案", "Ranking scheme created"},
	"rank_scheme.update":           {"修改排名方案", "Ranking scheme changed"},
	"rectification.verify":         {"整改：核实", "Rectification: verified"},
	"rectification.rectify":        {"整改：整改完成", "Rectification: rectified"},
	"rectification.callback":       {"整改：回访", "Rectification: called back"},
	"rectification.recheck_pass":   {"整改：复核通过", "Rectification: recheck passed"},
	"rectification.recheck_return": {"整改：复核退回", "Rectification: sent back"},
	"rectification.appeal":         {"整改：申诉", "Rectification: appealed"},
	"rectification.appeal_uphold":  {"申诉成立", "Appeal upheld"},
	"rectification.appeal_reject":  {"申诉不成立", "Appeal rejected"},
}

// auditObjects names the record types events are about.
var auditObjects = map[string][2]string{
	"account":       {"账号", "account"},
	"region":        {"行政区划", "region"},
	"dept":          {"部门", "department"},
	"hall":          {"大厅", "hall"},
	"window":        {"窗口", "window"},
	"setting":       {"设置", "setting"},
	"calendar_year": {"全国放假安排", "holiday schedule"},
	"calendar_day":  {"地区特别安排", "regional day"},
	"case":          {"办件", "case"},
	"rectification": {"差评整改", "rectification"},
	"notice":        {"督办", "supervision notice"},
	"rank_scheme":   {"排名方案", "ranking scheme"},
}

// auditLabel is the words for an action or object type in lang, "" when
// there are none.
func auditLabel(m map[string][2]string, lang, code string) string {
	l, ok := m[code]
	if !ok {
		return ""
	}
	if lang == "en" {
		return l[1]
	}
	return l[0]
}
