package gov

import (
	"context"
	"errors"
	"strings"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/validate"
)

// DeptInput is what an administrator enters for a dept.
type DeptInput struct {
	RegionCode string `json:"region_code"` // fixed once created
	Name       string `json:"name"`
	ShortName  string `json:"short_name,omitempty"`
	CreditCode string `json:"credit_code"`
	Kind       string `json:"kind,omitempty"`
	Phone      string `json:"phone,omitempty"`
	// ConfirmCheck accepts a credit code whose only fault is its check
	// character: a few early codes from pilot areas are like that and still
	// legal. The admin sets it after comparing the code with the dept's
	// certificate; the confirmation is recorded in the audit event.
	ConfirmCheck bool `json:"confirm_check,omitempty"`
}

// confirmedReason is the audit reason of a write that accepted a credit code
// failing only its check character.
const confirmedReason = "统一社会信用代码校验位不符，管理员已核对证书确认"

// checkDept normalises the fields of in into d (all but the region) and
// returns the audit reason the credit code calls for.
func checkDept(in DeptInput, d *Dept) (reason string, err error) {
	if d.Name, err = line("name", in.Name, 100, true); err != nil {
		return "", err
	}
	if d.ShortName, err = line("short_name", in.ShortName, 30, false); err != nil {
		return "", err
	}
	if d.Kind, err = line("kind", in.Kind, 20, false); err != nil {
		return "", err
	}
	if d.Phone, err = optionalPhone("phone", in.Phone); err != nil {
		return "", err
	}
	d.CreditCode, err = validate.CreditCode("credit_code", in.CreditCode)
	if errors.Is(err, validate.ErrCreditCodeCheck) && in.ConfirmCheck {
		d.CreditCode, err = validate.CreditCodeConfirmed("credit_code", in.CreditCode)
		reason = confirmedReason
	}
	return reason, err
}

// checkDeptUnique reports a name or credit code another dept already holds,
// so that the admin sees which field to change rather than a bare conflict.
func (s *Service) checkDeptUnique(ctx context.Context, d Dept) error {
	other, err := s.store.DeptByCreditCode(ctx, d.CreditCode)
	switch {
	case err == nil && other.ID != d.ID:
		return errs.Field("credit_code", "该统一社会信用代码已登记为“%s”", other.Name)
	case err != nil && !errs.Is(err, errs.NotFound):
		return err
	}
	other, err = s.store.DeptByName(ctx, d.RegionCode, d.Name)
	switch {
	case err == nil && other.ID != d.ID:
		return errs.Field("name", "本行政区划内已有名为“%s”的部门", d.Name)
	case err != nil && !errs.Is(err, errs.NotFound):
		return err
	}
	return nil
}

// activeRegion loads the region a record is placed in; it must be active.
func (s *Service) activeRegion(ctx context.Context, code string) (Region, error) {
	r, err := s.store.Region(ctx, code)
	if errs.Is(err, errs.NotFound) {
		return Region{}, errs.Field("region_code", "行政区划 %s 不存在", code)
	}
	if err != nil {
		return Region{}, err
	}
	if !r.Active {
		return Region{}, errs.Field("region_code", "行政区划 %s（%s）已撤销", r.Code, r.Name)
	}
	return r, nil
}

// GetDept returns one dept.
func (s *Service) GetDept(ctx context.Context, p *access.Principal, id int64) (Dept, error) {
	if err := canView(p); err != nil {
		return Dept{}, err
	}
	d, err := s.store.Dept(ctx, id)
	return d, notFound(err, "部门")
}

// ListDepts lists the depts in a region's subtree, a page at a time.
func (s *Service) ListDepts(ctx context.Context, p *access.Principal, f ListFilter) (Page[Dept], error) {
	if err := canView(p); err != nil {
		return Page[Dept]{}, err
	}
	q, err := pageFilter(f)
	if err != nil {
		return Page[Dept]{}, err
	}
	ds, err := s.store.ListDepts(ctx, q)
	if err != nil {
		return Page[Dept]{}, err
	}
	return page(ds, q.Limit, func(d Dept) Cursor { return Cursor{d.RegionCode, d.Name} }), nil
}

// CreateDept adds a dept to a region p administers.
func (s *Service) CreateDept(ctx context.Context, p *access.Principal, in DeptInput) (Dept, error) {
	d := Dept{RegionCode: strings.TrimSpace(in.RegionCode), Active: true, Version: 1}
	if _, err := validate.RegionCode("region_code", d.RegionCode); err != nil {
		return Dept{}, err
	}
	if err := canEdit(p, access.Scope{Region: d.RegionCode}); err != nil {
		return Dept{}, err
	}
	reason, err := checkDept(in, &d)
	if err != nil {
		return Dept{}, err
	}
	if _, err := s.activeRegion(ctx, d.RegionCode); err != nil {
		return Dept{}, err
	}
	if err := s.checkDeptUnique(ctx, d); err != nil {
		return Dept{}, err
	}
	d.UpdatedAt = s.now()
	ev := audit.New(ctx, "dept.create", "dept", "", nil, d, reason)
	if d.ID, err = s.store.CreateDept(ctx, d, ev); err != nil {
		if errs.Is(err, errs.Conflict) {
			return Dept{}, errs.Wrap(err, errs.Conflict, "本行政区划内已有同名部门，或该统一社会信用代码已被登记")
		}
		return Dept{}, err
	}
	return d, nil
}

// editDept loads a dept p may change.
func (s *Service) editDept(ctx context.Context, p *access.Principal, id int64, version int) (Dept, error) {
	if err := checkVersion(version); err != nil {
		return Dept{}, err
	}
	if p == nil || !p.Has(access.StructureEdit) {
		return Dept{}, canEdit(p, access.Scope{})
	}
	d, err := s.store.Dept(ctx, id)
	if err != nil {
		return Dept{}, notFound(err, "部门")
	}
	return d, canEdit(p, access.Scope{Region: d.RegionCode, DeptID: d.ID})
}

// saveDept writes d read at version with its audit event.
func (s *Service) saveDept(ctx context.Context, action string, before, d Dept, version int, reason string) (Dept, error) {
	d.Version, d.UpdatedAt = version, s.now()
	after := d
	after.Version++
	ev := audit.New(ctx, action, "dept", idString(d.ID), before, after, reason)
	if err := s.store.UpdateDept(ctx, d, ev); err != nil {
		return Dept{}, stale(err)
	}
	return after, nil
}

// UpdateDept changes a dept's fields; its region cannot change (a dept
// that moves is a new dept: its items and cases belong to the old region).
func (s *Service) UpdateDept(ctx context.Context, p *access.Principal, id int64, version int, in DeptInput) (Dept, error) {
	d, err := s.editDept(ctx, p, id, version)
	if err != nil {
		return Dept{}, err
	}
	if r := strings.TrimSpace(in.RegionCode); r != "" && r != d.RegionCode {
		return Dept{}, errs.Field("region_code", "部门所属行政区划不能修改；如部门划转，请在新区划新建部门并停用原部门")
	}
	before := d
	reason, err := checkDept(in, &d)
	if err != nil {
		return Dept{}, err
	}
	if err := s.checkDeptUnique(ctx, d); err != nil {
		return Dept{}, err
	}
	return s.saveDept(ctx, "dept.update", before, d, version, reason)
}

// SetDeptActive enables or disables a dept. A dept still served by an
// active window cannot be disabled: the window would take items nobody
// reviews.
func (s *Service) SetDeptActive(ctx context.Context, p *access.Principal, id int64, version int, active bool, reason string) (Dept, error) {
	reason, err := reasonText(reason)
	if err != nil {
		return Dept{}, err
	}
	d, err := s.editDept(ctx, p, id, version)
	if err != nil {
		return Dept{}, err
	}
	if active {
		if _, err := s.activeRegion(ctx, d.RegionCode); err != nil {
			return Dept{}, err
		}
	} else {
		n, err := s.store.DeptWindows(ctx, d.ID)
		if err != nil {
			return Dept{}, err
		}
		if n > 0 {
			return Dept{}, errs.E(errs.Conflict, "仍有 %d 个在用的专窗受理%s的事项，请先调整这些窗口", n, d.Name)
		}
	}
	before := d
	d.Active = active
	action := "dept.deactivate"
	if active {
		action = "dept.activate"
	}
	return s.saveDept(ctx, action, before, d, version, reason)
}
