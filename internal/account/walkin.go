package account

import (
	"context"
	"crypto/rand"
	"encoding/hex"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/pii"
	"github.com/onewindow/onewindow/internal/validate"
)

// Applicant returns an applicant's account view (masks only) for the
// records of their own cases; no principal is checked: callers (cases)
// have already decided the reader may see the case.
func (s *Service) Applicant(ctx context.Context, id int64) (Account, error) {
	r, err := s.load(ctx, id)
	if err != nil {
		return Account{}, err
	}
	return r.View(s.now(), nil), nil
}

// WalkInInput identifies an applicant standing at a window, after the
// clerk has checked the ID card or business licence.
type WalkInInput struct {
	Kind       string `json:"kind" enum:"person,org" doc:"person 自然人 / org 法人"`
	Name       string `json:"name" maxLength:"100" doc:"姓名或单位名称"`
	IDNumber   string `json:"id_number,omitempty" maxLength:"32" doc:"公民身份号码（自然人；法人为经办人）"`
	CreditCode string `json:"credit_code,omitempty" maxLength:"32" doc:"统一社会信用代码（法人）"`
	// CreditConfirmed: the clerk compared a pilot-era code that fails the
	// check character against the licence (see validate.CreditCodeConfirmed).
	CreditConfirmed bool   `json:"credit_confirmed,omitempty"`
	LegalRep        string `json:"legal_rep,omitempty" maxLength:"50" doc:"法定代表人（法人）"`
	Phone           string `json:"phone" maxLength:"20" doc:"手机号码"`
}

// WalkIn finds the account of an applicant identified at a window by ID
// number (person) or credit code (org), or opens one for them. The name
// must agree with the account found. An opened account has a random
// password and must set its own before logging in (by the password reset
// at a window or online), so no one but the applicant can use it. The
// clerk needs case.accept.
func (s *Service) WalkIn(ctx context.Context, p *access.Principal, in WalkInInput) (Account, error) {
	if !p.Has(access.CaseAccept) && p.RoleFor(access.CaseApply) != access.Agent {
		return Account{}, errs.E(errs.Forbidden, "只有综合窗口受理人员可以为到场申请人登记")
	}
	r := &Record{Kind: in.Kind, Status: StatusActive, MustChange: true}
	var existing *Record
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
		existing, err = s.store.AccountByIDNumber(ctx, r.IDNumberIdx)
		if err != nil && !errs.Is(err, errs.NotFound) {
			return Account{}, err
		}
	case KindOrg:
		if r.Name, err = validate.OrgName("name", in.Name); err != nil {
			return Account{}, err
		}
		code, err := validate.CreditCode("credit_code", in.CreditCode)
		if errs.Is(err, errs.Invalid) && in.CreditConfirmed {
			code, err = validate.CreditCodeConfirmed("credit_code", in.CreditCode)
		}
		if err != nil {
			return Account{}, err
		}
		r.CreditCode = code
		if r.LegalRep, err = validate.PersonName("legal_rep", in.LegalRep); err != nil {
			return Account{}, err
		}
		existing, err = s.store.AccountByCreditCode(ctx, code)
		if err != nil && !errs.Is(err, errs.NotFound) {
			return Account{}, err
		}
	default:
		return Account{}, errs.Field("kind", "申请人类型应为 person（自然人）或 org（法人）")
	}
	if existing != nil {
		if existing.Name != r.Name {
			return Account{}, errs.Field("name", "申请人名称与该证件号码已登记的账号（%s）不一致，请核对证件", pii.MaskName(existing.Name))
		}
		if existing.Status != StatusActive {
			return Account{}, errs.E(errs.Conflict, "该申请人的账号已停用，请联系系统管理员")
		}
		return existing.View(s.now(), nil), nil
	}
	var b [8]byte
	rand.Read(b[:])
	username := "w" + hex.EncodeToString(b[:])
	rand.Read(b[:])
	password := "Wi!" + hex.EncodeToString(b[:]) + "Xq9"
	if err := s.fillCommon(ctx, r, in.Phone, username, password); err != nil {
		return Account{}, err
	}
	r.MustChange = true
	ev := audit.New(ctx, "account.walk_in", "account", "", nil, r.snapshot(), "综合窗口到场登记")
	id, err := s.store.CreateAccount(ctx, r, ev)
	if err != nil {
		return Account{}, conflictMessage(err, in.Kind)
	}
	r.ID, r.Version = id, 1
	return r.View(s.now(), nil), nil
}
