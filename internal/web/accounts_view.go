package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/account"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/httpx"
)

// accountsPageSize is the list's page length unless ?limit= asks otherwise
// (within the service's 200).
const accountsPageSize = 50

type accountListData struct {
	Items       []account.Account
	CanCreate   bool
	Next, First string // pager links, "" when there is no such page
}

// accountList shows one keyset page of accounts, filtered by kind, a
// username or name prefix, and the region of staff grants.
func (w *Web) accountList(rw http.ResponseWriter, r *http.Request, svc *account.Service) {
	q := r.URL.Query()
	f := account.ListFilter{Kind: q.Get("kind"), Query: strings.TrimSpace(q.Get("q")),
		Region: strings.TrimSpace(q.Get("region")), Limit: accountsPageSize}
	var err error
	if c := q.Get("cursor"); c != "" {
		if f.After, err = strconv.ParseInt(c, 10, 64); err != nil || f.After < 0 {
			w.Error(rw, r, errs.E(errs.Malformed, "翻页参数无效，请从第一页重新查看"))
			return
		}
	}
	if l := q.Get("limit"); l != "" {
		if f.Limit, err = strconv.Atoi(l); err != nil || f.Limit < 1 || f.Limit > 200 {
			w.Error(rw, r, errs.E(errs.Malformed, "每页条数应在 1 到 200 之间"))
			return
		}
	}
	pr := httpx.Principal(r.Context())
	items, err := svc.List(r.Context(), pr, f)
	p := &Page{Title: "账号与角色", Form: map[string]string{"kind": f.Kind, "q": f.Query, "region": f.Region}}
	d := &accountListData{Items: items, CanCreate: pr.Has(access.AccountManage)}
	status := http.StatusOK
	if err != nil {
		status = acctFormError(p, "", err)
	}
	link := url.Values{}
	for _, k := range []string{"kind", "q", "region", "limit"} {
		if v := q.Get(k); v != "" {
			link.Set(k, v)
		}
	}
	if f.After > 0 {
		d.First = "/admin/accounts?" + link.Encode()
	}
	if len(items) == f.Limit {
		link.Set("cursor", strconv.FormatInt(items[len(items)-1].ID, 10))
		d.Next = "/admin/accounts?" + link.Encode()
	}
	p.Data = d
	w.render(rw, r, status, "accounts", p)
}

// accountDetail is what an account's page shows: the account, and which
// forms the viewer's permissions make worth showing. The service still
// decides each submission.
type accountDetail struct {
	Account       account.Account
	Self          bool          // the viewer's own account: managed elsewhere
	CanManage     bool          // status, unlock and password forms
	GrantRoles    []access.Role // roles the grant form offers; none: no form
	Grants        []acctGrantRow
	DefaultRegion string // prefilled scope of a new grant: the viewer's own
	RevealFields  []acctRevealField
	Revealed      *acctRevealed // a value shown in full on this response only
	RevealError   string        // an htmx reveal's error, shown in the result fragment
}

type acctGrantRow struct {
	access.Grant
	Revocable bool
}

type acctRevealField struct{ Name, Label string }

type acctRevealed struct{ Label, Value string }

var acctRevealLabels = map[string]string{"id_number": "公民身份号码", "phone": "手机号码"}

func newAccountDetail(p *access.Principal, acc account.Account) *accountDetail {
	d := &accountDetail{Account: acc, Self: p.AccountID == acc.ID}
	d.CanManage = !d.Self && p.Has(access.AccountManage)
	if !d.Self && acc.Kind == account.KindStaff && p.Has(access.RoleGrant) {
		for _, role := range access.Roles {
			if role.Staff() && (!role.IsAdmin() || p.Has(access.RoleGrantAll)) {
				d.GrantRoles = append(d.GrantRoles, role)
			}
		}
		if regions := p.Regions(access.RoleGrant); len(regions) > 0 {
			d.DefaultRegion = regions[0]
		}
	}
	for _, g := range acc.Grants {
		need := access.RoleGrant
		if g.Role.IsAdmin() {
			need = access.RoleGrantAll
		}
		d.Grants = append(d.Grants, acctGrantRow{Grant: g, Revocable: !d.Self && p.Has(need)})
	}
	if acc.Kind != account.KindStaff && p.Has(access.PIIReveal) {
		if acc.IDNumberMask != "" {
			d.RevealFields = append(d.RevealFields, acctRevealField{"id_number", acctRevealLabels["id_number"]})
		}
		if acc.PhoneMask != "" {
			d.RevealFields = append(d.RevealFields, acctRevealField{"phone", acctRevealLabels["phone"]})
		}
	}
	return d
}

// acctPolicyField is one number of the security policy on its form.
type acctPolicyField struct {
	Name, Label, Hint string
	Default           int
	ref               func(*account.Policy) *int
}

type acctPolicyGroup struct {
	Title  string
	Fields []acctPolicyField
}

type acctSecurityData struct{ Groups []acctPolicyGroup }

func acctPolicyFieldOf(name, label, hint string, ref func(*account.Policy) *int) acctPolicyField {
	def := account.DefaultPolicy
	return acctPolicyField{Name: name, Label: label, Hint: hint, Default: *ref(&def), ref: ref}
}

// acctPolicyGroups lays the policy out as the assessor reads it: passwords,
// failed logins, sessions. The bounds live in account.Policy.Validate.
var acctPolicyGroups = []acctPolicyGroup{
	{"口令", []acctPolicyField{
		acctPolicyFieldOf("min_length", "密码最小长度（字符）", "新设或重置的密码至少这么长", func(p *account.Policy) *int { return &p.MinLength }),
		acctPolicyFieldOf("min_classes", "至少包含的字符类别", "大写字母、小写字母、数字、符号四类中的几类", func(p *account.Policy) *int { return &p.MinClasses }),
		acctPolicyFieldOf("password_max_age", "密码有效期（天）", "到期后须修改密码；0 表示不强制定期修改", func(p *account.Policy) *int { return &p.PasswordMaxAge }),
	}},
	{"登录失败处理", []acctPolicyField{
		acctPolicyFieldOf("max_failures", "连续失败次数上限", "连续输错密码达到此次数即锁定账号", func(p *account.Policy) *int { return &p.MaxFailures }),
		acctPolicyFieldOf("lock_minutes", "锁定时长（分钟）", "锁定期满自动解除，系统管理员也可提前解除", func(p *account.Policy) *int { return &p.LockMinutes }),
	}},
	{"会话", []acctPolicyField{
		acctPolicyFieldOf("idle_minutes", "空闲超时（分钟）", "无操作超过此时长须重新登录", func(p *account.Policy) *int { return &p.IdleMinutes }),
		acctPolicyFieldOf("session_hours", "最长有效期（小时）", "登录后无论是否操作，超过此时长须重新登录", func(p *account.Policy) *int { return &p.SessionHours }),
	}},
}

var acctSecurityPage = acctSecurityData{Groups: acctPolicyGroups}

// acctPolicyForm is the policy as form values.
func acctPolicyForm(pol account.Policy) map[string]string {
	form := map[string]string{}
	for _, g := range acctPolicyGroups {
		for _, f := range g.Fields {
			form[f.Name] = strconv.Itoa(*f.ref(&pol))
		}
	}
	return form
}

// acctParsePolicy reads the policy form; the service judges the numbers.
func acctParsePolicy(r *http.Request) (account.Policy, error) {
	var pol account.Policy
	for _, g := range acctPolicyGroups {
		for _, f := range g.Fields {
			n, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue(f.Name)))
			if err != nil {
				return pol, errs.Field(f.Name, "“%s”应填写整数", f.Label)
			}
			*f.ref(&pol) = n
		}
	}
	return pol, nil
}
