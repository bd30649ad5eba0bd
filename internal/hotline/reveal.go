package hotline

import (
	"context"
	"unicode/utf8"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/validate"
)

// Opener opens a sealed number (pii.Keyring implements it).
type Opener interface {
	Decrypt(sealed []byte) (string, error)
}

// Auditor writes audit events that change no ticket
// (sqlstore.HotlineStore implements it).
type Auditor interface {
	AppendAudit(ctx context.Context, evs ...audit.Event) error
}

// ActRevealPhone is the audit action of revealing a caller's number.
const ActRevealPhone = "ticket.reveal_phone"

// RevealPhone returns the caller's full number of a ticket in any status
// to hotline staff who call back: a grant carrying hotline.take and one
// carrying pii.reveal over the ticket's region. The reason (at least 4
// characters) is audited as ticket.reveal_phone; the number never is.
// Errors: NotFound (p may not see the ticket), Forbidden (a department,
// or a supervisor, or no pii.reveal), Invalid (reason).
func (s *Service) RevealPhone(ctx context.Context, p *access.Principal, number, reason string) (string, error) {
	t, w, err := s.visible(ctx, p, number)
	if err != nil {
		return "", err
	}
	if !w.agent || !p.Can(access.PIIReveal, t.scope()) {
		return "", errs.E(errs.Forbidden, "只有本辖区的 12345 话务员（有查看完整个人信息权限）可以查看完整来电号码")
	}
	reason, err = validate.Text("reason", reason, MaxText, true)
	if err != nil {
		return "", err
	}
	if utf8.RuneCountInString(reason) < 4 {
		return "", errs.Field("reason", "请具体说明查看完整号码的事由（至少 4 个字），如“回访来电人”")
	}
	if len(t.PhoneEnc) == 0 {
		return "", errs.E(errs.NotFound, "工单 %s 没有记录来电号码", t.Number)
	}
	op, ok := s.pii.(Opener)
	au, ok2 := s.store.(Auditor)
	if !ok || !ok2 {
		return "", errs.E(errs.Internal, "本系统未配置查看完整号码所需的密钥或审计存储")
	}
	phone, err := op.Decrypt(t.PhoneEnc)
	if err != nil {
		return "", err
	}
	ev := audit.New(ctx, ActRevealPhone, ObjectType, t.Number, nil, map[string]any{"field": "caller_phone"}, reason)
	if err := au.AppendAudit(ctx, ev); err != nil {
		return "", err
	}
	return phone, nil
}
