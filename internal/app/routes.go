package app

// addDomainRoutes registers every domain's API operations and pages.
func (a *App) addDomainRoutes() {
	a.api.AddSession(a.Accounts)
	a.api.AddAccounts(a.Accounts)
	a.api.AddAudit(a.Audit)
	a.api.AddCalendar(a.Calendar)
	a.api.AddGov(a.Gov)
	a.web.AddSession(a.Accounts)
	a.web.AddAudit(a.Audit)
	a.web.AddAccountAdmin(a.Accounts)
	a.web.AddCalendar(a.Calendar)
	a.web.AddGov(a.Gov)
}
