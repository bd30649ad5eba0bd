// Package access decides who may do what where. A staff account holds role
// grants, each scoped to a region subtree and optionally one department or
// hall; a role carries a fixed set of permissions. Applicants (persons and
// organisations) hold the applicant role implicitly and act only on their
// own records.
//
// The three administrator roles are separate people (等保 2.0 三权分立):
// sysadmin runs accounts, structure and settings but cannot grant
// administrator roles or read the audit log; secadmin grants roles and sets
// the security policy; auditor only reads the audit log. No account may hold
// two of them, and nobody grants roles to themselves.
package access

import (
	"github.com/onewindow/onewindow/internal/validate"
)

// Role names a set of permissions.
type Role string

// The roles.
const (
	Applicant    Role = "applicant"
	Agent        Role = "agent"
	Clerk        Role = "clerk"
	Reviewer     Role = "reviewer"
	Approver     Role = "approver"
	HallManager  Role = "hall_manager"
	Supervisor   Role = "supervisor"
	HotlineAgent Role = "hotline_agent"
	Dispatcher   Role = "dispatcher"
	SysAdmin     Role = "sysadmin"
	SecAdmin     Role = "secadmin"
	Auditor      Role = "auditor"
	// CatalogManager maintains the service catalog (事项管理员); a second
	// one must publish what the first edited.
	CatalogManager Role = "catalog_manager"
)

// Roles lists every role in display order.
var Roles = []Role{Applicant, Agent, Clerk, Reviewer, Approver, HallManager, Supervisor,
	HotlineAgent, Dispatcher, CatalogManager, SysAdmin, SecAdmin, Auditor}

var titles = map[Role]string{
	Applicant: "申请人", Agent: "帮办代办员", Clerk: "综合窗口受理人员", Reviewer: "审查人员",
	Approver: "审批负责人", HallManager: "大厅管理员", Supervisor: "效能监督员", HotlineAgent: "12345 话务员",
	Dispatcher: "派单员", CatalogManager: "事项管理员", SysAdmin: "系统管理员", SecAdmin: "安全管理员", Auditor: "审计管理员",
}

// Title is the role's Chinese name.
func (r Role) Title() string { return titles[r] }

// Valid reports whether r is a known role.
func (r Role) Valid() bool { _, ok := titles[r]; return ok }

// IsAdmin reports whether r is one of the three separated administrator roles.
func (r Role) IsAdmin() bool { return r == SysAdmin || r == SecAdmin || r == Auditor }

// Staff reports whether r is granted to staff accounts (every role but applicant).
func (r Role) Staff() bool { return r.Valid() && r != Applicant }

// Permission is one thing a role may do.
type Permission string

// The permissions. Routes declare one of these (or Public / Authenticated).
const (
	Public        Permission = "public"        // anyone, logged in or not
	Authenticated Permission = "authenticated" // any logged-in account
	AccountSelf   Permission = "account.self"  // own profile and password
	AccountView   Permission = "account.view"  // list and read accounts (masked)
	AccountManage Permission = "account.manage"
	RoleGrant     Permission = "role.grant"       // grant business roles
	RoleGrantAll  Permission = "role.grant_admin" // grant the administrator roles too
	SecPolicy     Permission = "security.policy"
	StructureView Permission = "structure.view"
	StructureEdit Permission = "structure.manage"
	CalendarEdit  Permission = "calendar.manage"
	SettingsEdit  Permission = "settings.manage"
	AuditRead     Permission = "audit.read"
	PIIReveal     Permission = "pii.reveal"       // see a full ID or phone number after stating a reason
	CatalogEdit   Permission = "catalog.edit"     // create and edit item drafts, bundles
	CatalogPub    Permission = "catalog.publish"  // publish, suspend, cancel (never one's own draft)
	CatalogView   Permission = "catalog.view"     // read drafts, history and the consistency report
	CaseApply     Permission = "case.apply"       // apply (for oneself, or as an agent with an authorisation)
	CaseAccept    Permission = "case.accept"      // front desk: walk-in intake, accept, refuse, correction, delivery
	CaseReview    Permission = "case.review"      // back office: work review steps, special procedures
	CaseDecide    Permission = "case.decide"      // grant or deny, extensions, assign work
	CaseView      Permission = "case.view"        // read cases in one's scope (hall, department, region)
	StatsView     Permission = "stats.view"       // indicators, rankings and dashboards of one's scope
	Supervise     Permission = "supervise"        // recheck rectifications, decide appeals, send 督办, edit ranking schemes and stage limits
	Rectify       Permission = "rating.rectify"   // a department's work on its bad ratings and its replies to 督办
	HotlineTake   Permission = "hotline.take"     // 12345 agent: take calls, answer from the knowledge base, call back
	HotlineRoute  Permission = "hotline.dispatch" // 12345 dispatcher: dispatch, decide returns and extensions, review replies, urge
	HotlineHandle Permission = "hotline.handle"   // a department's work on its tickets: sign, return, ask for more time, reply
	KnowledgeEdit Permission = "knowledge.edit"   // write and review the department's knowledge-base articles
)

var staffBase = []Permission{AccountSelf, StructureView, CatalogView}

var rolePerms = map[Role][]Permission{
	Applicant:      {AccountSelf, CaseApply},
	Agent:          append([]Permission{CaseApply}, staffBase...),
	Clerk:          append([]Permission{AccountView, PIIReveal, CaseAccept, CaseView}, staffBase...),
	Reviewer:       append([]Permission{PIIReveal, CaseReview, CaseView, Rectify, HotlineHandle}, staffBase...),
	Approver:       append([]Permission{PIIReveal, CaseReview, CaseDecide, CaseView, Rectify, StatsView, HotlineHandle, KnowledgeEdit}, staffBase...),
	HallManager:    append([]Permission{AccountView, CaseView, StatsView}, staffBase...),
	Supervisor:     append([]Permission{AccountView, CaseView, StatsView, Supervise}, staffBase...),
	HotlineAgent:   append([]Permission{PIIReveal, HotlineTake}, staffBase...),
	Dispatcher:     append([]Permission{HotlineTake, HotlineRoute}, staffBase...),
	CatalogManager: append([]Permission{CatalogEdit, CatalogPub}, staffBase...),
	SysAdmin:       append([]Permission{AccountView, AccountManage, RoleGrant, StructureEdit, CalendarEdit, SettingsEdit}, staffBase...),
	SecAdmin:       append([]Permission{AccountView, RoleGrant, RoleGrantAll, SecPolicy}, staffBase...),
	Auditor:        {AccountSelf, AuditRead},
}

// Permissions returns the permissions of r.
func (r Role) Permissions() []Permission { return rolePerms[r] }

// Has reports whether role r carries permission p.
func (r Role) Has(p Permission) bool {
	if p == Public || p == Authenticated {
		return true
	}
	for _, q := range rolePerms[r] {
		if q == p {
			return true
		}
	}
	return false
}

// Grant is a role held within a scope.
type Grant struct {
	ID     int64  `json:"id"`
	Role   Role   `json:"role"`
	Region string `json:"region"`            // root of the region subtree
	DeptID int64  `json:"dept_id,omitempty"` // 0: any department in the region
	HallID int64  `json:"hall_id,omitempty"` // 0: any hall in the region
}

// Scope is where an action takes place.
type Scope struct {
	Region string
	DeptID int64
	HallID int64
}

// Covers reports whether g reaches scope s.
func (g Grant) Covers(s Scope) bool {
	if s.Region != "" && !validate.InRegion(s.Region, g.Region) {
		return false
	}
	if g.DeptID != 0 && s.DeptID != g.DeptID {
		return false
	}
	if g.HallID != 0 && s.HallID != g.HallID {
		return false
	}
	return true
}

// Principal is the account acting in a request, with its grants.
type Principal struct {
	AccountID int64
	Username  string
	Kind      string // person, org, staff
	Grants    []Grant
	// MustChange: the password is an initial one or has expired; until it
	// is changed only one's own account pages are open.
	MustChange bool
}

// Roles lists the principal's distinct roles.
func (p *Principal) Roles() []Role {
	if p == nil {
		return nil
	}
	var out []Role
	seen := map[Role]bool{}
	for _, g := range p.Grants {
		if !seen[g.Role] {
			seen[g.Role] = true
			out = append(out, g.Role)
		}
	}
	return out
}

// Has reports whether any grant carries perm, wherever it applies. Routes
// use it; the service then checks the record's scope with Can.
func (p *Principal) Has(perm Permission) bool {
	if perm == Public {
		return true
	}
	if p == nil {
		return false
	}
	if perm == Authenticated {
		return true
	}
	for _, g := range p.Grants {
		if g.Role.Has(perm) {
			return true
		}
	}
	return false
}

// Can reports whether a grant carrying perm covers scope s.
func (p *Principal) Can(perm Permission, s Scope) bool {
	if p == nil {
		return perm == Public
	}
	for _, g := range p.Grants {
		if g.Role.Has(perm) && g.Covers(s) {
			return true
		}
	}
	return false
}

// GrantFor returns the first grant carrying perm that ok accepts (ok nil:
// any), e.g. the grant that names the hall a clerk works at.
func (p *Principal) GrantFor(perm Permission, ok func(Grant) bool) (Grant, bool) {
	if p == nil {
		return Grant{}, false
	}
	for _, g := range p.Grants {
		if g.Role.Has(perm) && (ok == nil || ok(g)) {
			return g, true
		}
	}
	return Grant{}, false
}

// RoleFor returns the first role carrying perm (for the audit record of who
// acted under which role), or "".
func (p *Principal) RoleFor(perm Permission) Role {
	if p == nil {
		return ""
	}
	for _, g := range p.Grants {
		if g.Role.Has(perm) {
			return g.Role
		}
	}
	return ""
}

// Regions returns the region roots under which p holds perm, for filtering lists.
func (p *Principal) Regions(perm Permission) []string {
	if p == nil {
		return nil
	}
	var out []string
	for _, g := range p.Grants {
		if g.Role.Has(perm) {
			out = append(out, g.Region)
		}
	}
	return out
}
