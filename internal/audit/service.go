package audit

import (
	"context"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/errs"
)

// Reader reads the chain (sqlstore.DB implements it).
type Reader interface {
	// ListAudit returns events matching a normalised filter, newest first,
	// and the cursor of the next page (0 when none).
	ListAudit(ctx context.Context, f Filter) ([]Event, int64, error)
	// GetAudit returns one event. errs.NotFound.
	GetAudit(ctx context.Context, seq int64) (Event, error)
	// VerifyAudit checks the whole chain.
	VerifyAudit(ctx context.Context, progress func(n int64)) (Report, error)
}

// Service is the auditor's view of the log. Only the audit.read permission
// (the auditor role) may use it: system and security administrators cannot
// read what they did (三权分立). The log covers the whole platform, so it
// is not narrowed by region.
type Service struct{ r Reader }

// NewService returns the auditor's service.
func NewService(r Reader) *Service { return &Service{r: r} }

func canRead(p *access.Principal) error {
	if !p.Has(access.AuditRead) {
		return errs.E(errs.Forbidden, "只有审计管理员可以查看审计日志")
	}
	return nil
}

// List returns a page of events and the next cursor.
func (s *Service) List(ctx context.Context, p *access.Principal, f Filter) ([]Event, int64, error) {
	if err := canRead(p); err != nil {
		return nil, 0, err
	}
	f, err := f.Normalize()
	if err != nil {
		return nil, 0, err
	}
	return s.r.ListAudit(ctx, f)
}

// Get returns one event.
func (s *Service) Get(ctx context.Context, p *access.Principal, seq int64) (Event, error) {
	if err := canRead(p); err != nil {
		return Event{}, err
	}
	ev, err := s.r.GetAudit(ctx, seq)
	if errs.Is(err, errs.NotFound) {
		return Event{}, errs.E(errs.NotFound, "审计记录 %d 不存在", seq)
	}
	return ev, err
}

// Verify checks the whole chain.
func (s *Service) Verify(ctx context.Context, p *access.Principal) (Report, error) {
	if err := canRead(p); err != nil {
		return Report{}, err
	}
	return s.r.VerifyAudit(ctx, nil)
}
