package account

import (
	"context"
	"strings"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/validate"
)

// RegisterInput is an applicant's self-registration.
type RegisterInput struct {
	Kind       string `json:"kind" enum:"person,org" doc:"person 自然人 / org 法人"`
	Name       string `json:"name" maxLength:"100" doc:"姓名或单位名称"`
	IDNumber   string `json:"id_number,omitempty" maxLength:"32" doc:"公民身份号码（自然人）"`
	CreditCode string `json:"credit_code,omitempty" maxLength:"32" doc:"统一社会信用代码（法人）"`
	LegalRep   string `json:"legal_rep,omitempty" maxLength:"50" doc:"法定代表人（法人）"`
	Phone      string `json:"phone" maxLength:"20" doc:"手机号码"`
	Username   string `json:"username" maxLength:"32"`
	Password   string `json:"password" maxLength:"128"`
}

// Register creates an applicant account. Everything is validated before
// anything is written.
func (s *Service) Register(ctx context.Context, in RegisterInput) (Account, error) {
	r := &Record{Kind: in.Kind, Status: StatusActive}
	var err error
	switch in.Kind {
	case KindPerson:
		if r.Name, err = validate.PersonName("name", in.Name); err != nil {
			return Account{}, err
		}
		id, err := validate.IDNumber("id_number", in.IDNumber)
		if err != nil {
			return Account{}, err
		}
		if r.IDNumberEnc, r.IDNumberIdx, r.IDNumberMask, err = s.pii.Seal("id_number", id.Number); err != nil {
			return Account{}, err
		}
	case KindOrg:
		if r.Name, err = validate.OrgName("name", in.Name); err != nil {
			return Account{}, err
		}
		if r.CreditCode, err = validate.CreditCode("credit_code", in.CreditCode); err != nil {
			return Account{}, err
		}
		if r.LegalRep, err = validate.PersonName("legal_rep", in.LegalRep); err != nil {
			return Account{}, err
		}
	default:
		return Account{}, errs.Field("kind", "账号类型应为 person（自然人）或 org（法人）")
	}
	if err := s.fillCommon(ctx, r, in.Phone, in.Username, in.Password); err != nil {
		return Account{}, err
	}
	ctx = audit.WithActor(ctx, audit.Actor{Name: r.Username, Role: string(access.Applicant), IP: audit.ActorFrom(ctx).IP})
	ev := audit.New(ctx, "account.register", "account", "", nil, r.snapshot(), "")
	id, err := s.store.CreateAccount(ctx, r, ev)
	if err != nil {
		return Account{}, conflictMessage(err, in.Kind)
	}
	r.ID, r.Version = id, 1
	return r.View(s.now(), nil), nil
}

// StaffInput creates a staff account (sysadmin).
type StaffInput struct {
	Username string `json:"username" maxLength:"32"`
	Name     string `json:"name" maxLength:"50"`
	Phone    string `json:"phone" maxLength:"20"`
	Password string `json:"password" maxLength:"128"` // initial password; must be changed at first login
	// Permanent skips the forced change at first login (demo accounts only; not in the API).
	Permanent bool `json:"-"`
}

// CreateStaff creates a staff account without roles; roles are granted separately.
func (s *Service) CreateStaff(ctx context.Context, p *access.Principal, in StaffInput) (Account, error) {
	if !p.Has(access.AccountManage) {
		return Account{}, errs.E(errs.Forbidden, "只有系统管理员可以创建工作人员账号")
	}
	r := &Record{Kind: KindStaff, Status: StatusActive, MustChange: !in.Permanent}
	var err error
	if r.Name, err = validate.PersonName("name", in.Name); err != nil {
		return Account{}, err
	}
	if err := s.fillCommon(ctx, r, in.Phone, in.Username, in.Password); err != nil {
		return Account{}, err
	}
	ev := audit.New(ctx, "account.create", "account", "", nil, r.snapshot(), "")
	id, err := s.store.CreateAccount(ctx, r, ev)
	if err != nil {
		return Account{}, conflictMessage(err, KindStaff)
	}
	r.ID, r.Version = id, 1
	return r.View(s.now(), nil), nil
}

// fillCommon validates and sets phone, username and password.
func (s *Service) fillCommon(ctx context.Context, r *Record, phone, username, password string) error {
	mobile, err := validate.Mobile("phone", phone)
	if err != nil {
		return err
	}
	if r.Username, err = validate.Username("username", username); err != nil {
		return err
	}
	pol, _ := s.Policy(ctx)
	if err := pol.CheckPassword("password", password, r.Username); err != nil {
		return err
	}
	if r.PhoneEnc, r.PhoneIdx, r.PhoneMask, err = s.pii.Seal("phone", mobile); err != nil {
		return err
	}
	if r.PasswordHash, err = HashPassword(password); err != nil {
		return err
	}
	now := s.now()
	r.PasswordAt, r.CreatedAt, r.UpdatedAt = now, now, now
	return nil
}

// conflictMessage says which unique value was taken, without leaking more.
func conflictMessage(err error, kind string) error {
	if !errs.Is(err, errs.Conflict) {
		return err
	}
	msg := err.Error()
	switch {
	case strings.Contains(msg, "username"):
		return errs.Wrap(err, errs.Conflict, "用户名已被使用，请换一个")
	case strings.Contains(msg, "id_number"):
		return errs.Wrap(err, errs.Conflict, "该公民身份号码已注册账号，请直接登录或找回密码")
	case strings.Contains(msg, "credit_code"):
		return errs.Wrap(err, errs.Conflict, "该统一社会信用代码已注册账号，请直接登录或找回密码")
	}
	return errs.Wrap(err, errs.Conflict, "账号已存在")
}
