package account

import (
	"context"
	"time"
	"unicode/utf8"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/validate"
)

// manageable loads an account p may manage: p has AccountManage and its
// scope covers every grant the target holds (a county's sysadmin cannot
// manage prefecture staff).
func (s *Service) manageable(ctx context.Context, p *access.Principal, id int64) (*Record, error) {
	if !p.Has(access.AccountManage) {
		return nil, errs.E(errs.Forbidden, "只有系统管理员可以管理账号")
	}
	if p.AccountID == id {
		return nil, errs.E(errs.Forbidden, "不能对自己的账号执行此操作")
	}
	r, err := s.load(ctx, id)
	if err != nil {
		return nil, err
	}
	held, err := s.store.Grants(ctx, id)
	if err != nil {
		return nil, err
	}
	for _, g := range held {
		if !p.Can(access.AccountManage, access.Scope{Region: g.Region}) {
			return nil, errs.E(errs.Forbidden, "该账号的授权范围超出您的管辖区域")
		}
	}
	return r, nil
}

// SetStatus enables or disables an account; disabling ends its sessions.
func (s *Service) SetStatus(ctx context.Context, p *access.Principal, id int64, version int, status, reason string) (Account, error) {
	if status != StatusActive && status != StatusDisabled {
		return Account{}, errs.Field("status", "状态只能是 active 或 disabled")
	}
	reason, err := validate.Text("reason", reason, 200, status == StatusDisabled)
	if err != nil {
		return Account{}, err
	}
	r, err := s.manageable(ctx, p, id)
	if err != nil {
		return Account{}, err
	}
	before := r.snapshot()
	r.Version, r.Status = version, status
	if err := s.update(ctx, r, "account.status", before, reason); err != nil {
		return Account{}, err
	}
	if status == StatusDisabled {
		if err := s.store.DeleteSessionsOf(ctx, id); err != nil {
			return Account{}, err
		}
	}
	return s.view(ctx, r)
}

// Unlock clears a lockout.
func (s *Service) Unlock(ctx context.Context, p *access.Principal, id int64, version int) (Account, error) {
	r, err := s.manageable(ctx, p, id)
	if err != nil {
		return Account{}, err
	}
	before := r.snapshot()
	r.Version, r.FailedCount, r.LockedUntil = version, 0, time.Time{}
	if err := s.update(ctx, r, "account.unlock", before, ""); err != nil {
		return Account{}, err
	}
	return s.view(ctx, r)
}

// ResetPassword sets a temporary password that must be changed at next login.
func (s *Service) ResetPassword(ctx context.Context, p *access.Principal, id int64, version int, password string) (Account, error) {
	r, err := s.manageable(ctx, p, id)
	if err != nil {
		return Account{}, err
	}
	pol, _ := s.Policy(ctx)
	if err := pol.CheckPassword("password", password, r.Username); err != nil {
		return Account{}, err
	}
	before := r.snapshot()
	if r.PasswordHash, err = HashPassword(password); err != nil {
		return Account{}, err
	}
	r.Version, r.MustChange, r.PasswordAt, r.FailedCount, r.LockedUntil = version, true, s.now(), 0, time.Time{}
	if err := s.update(ctx, r, "account.reset_password", before, ""); err != nil {
		return Account{}, err
	}
	if err := s.store.DeleteSessionsOf(ctx, id); err != nil {
		return Account{}, err
	}
	return s.view(ctx, r)
}

// ChangePassword changes one's own password after checking the old one.
// Other sessions of the account end; the current one stays.
func (s *Service) ChangePassword(ctx context.Context, p *access.Principal, old, password string) error {
	if p == nil {
		return errs.E(errs.Unauthorized, "请先登录")
	}
	r, err := s.load(ctx, p.AccountID)
	if err != nil {
		return err
	}
	if !CheckPassword(r.PasswordHash, old) {
		return errs.Field("old_password", "原密码不正确")
	}
	if old == password {
		return errs.Field("password", "新密码不能与原密码相同")
	}
	pol, _ := s.Policy(ctx)
	if err := pol.CheckPassword("password", password, r.Username); err != nil {
		return err
	}
	before := r.snapshot()
	if r.PasswordHash, err = HashPassword(password); err != nil {
		return err
	}
	r.MustChange, r.PasswordAt = false, s.now()
	return s.update(ctx, r, "account.change_password", before, "")
}

func (s *Service) update(ctx context.Context, r *Record, action string, before map[string]any, reason string) error {
	r.UpdatedAt = s.now()
	after := r.snapshot()
	after["version"] = r.Version + 1
	ev := audit.New(ctx, action, "account", idString(r.ID), before, after, reason)
	if err := s.store.UpdateAccount(ctx, r, ev); err != nil {
		if errs.Is(err, errs.Conflict) {
			return errs.Wrap(err, errs.Conflict, "账号已被他人修改，请刷新后重试")
		}
		return err
	}
	r.Version++
	return nil
}

// Reveal returns a personal-data field in full to a role permitted to see
// it, after it states a reason; the reveal is audited with the reason.
func (s *Service) Reveal(ctx context.Context, p *access.Principal, id int64, field, reason string) (string, error) {
	if !p.Has(access.PIIReveal) {
		return "", errs.E(errs.Forbidden, "您的角色无权查看完整个人信息")
	}
	reason, err := validate.Text("reason", reason, 200, true)
	if err != nil {
		return "", err
	}
	if utf8.RuneCountInString(reason) < 4 {
		return "", errs.Field("reason", "请具体说明查看完整信息的事由（至少 4 个字）")
	}
	r, err := s.load(ctx, id)
	if err != nil {
		return "", err
	}
	if r.Kind == KindStaff {
		return "", errs.E(errs.Forbidden, "工作人员的个人信息不在业务查看范围内")
	}
	var enc []byte
	switch field {
	case "id_number":
		enc = r.IDNumberEnc
	case "phone":
		enc = r.PhoneEnc
	default:
		return "", errs.Field("field", "只能查看 id_number 或 phone")
	}
	if len(enc) == 0 {
		return "", errs.E(errs.NotFound, "该账号没有此项信息")
	}
	plain, err := s.pii.Decrypt(enc)
	if err != nil {
		return "", err
	}
	ev := audit.New(ctx, "pii.reveal", "account", idString(id), nil, map[string]any{"field": field}, reason)
	if err := s.store.AppendAudit(ctx, ev); err != nil {
		return "", err
	}
	return plain, nil
}
