package gov

import (
	"context"
	"slices"
	"strings"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/validate"
)

// WindowInput is what an administrator enters for a window.
type WindowInput struct {
	HallID  int64   `json:"hall_id"` // fixed once created
	Number  string  `json:"number"`
	Name    string  `json:"name"`
	Kind    string  `json:"kind"` // general, dedicated
	DeptIDs []int64 `json:"dept_ids,omitempty"`
}

// windowNumber checks a window number as painted above the counter: 1–10
// letters, digits or "-", letters upper-cased (a01 and A01 are one window).
func windowNumber(s string) (string, error) {
	s = strings.ToUpper(strings.TrimSpace(s))
	ok := s != "" && len(s) <= 10
	for i := 0; ok && i < len(s); i++ {
		c := s[i]
		ok = c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-'
	}
	if !ok {
		return "", errs.Field("number", "窗口号应为 1–10 位英文字母、数字或“-”，如 A01")
	}
	return s, nil
}

// checkWindow normalises the fields of in into w for hall h. A general
// window takes any item, so it lists no dept; a dedicated one lists at least
// one active dept of the hall's region subtree or of a region above it (a
// township centre hosts the county 派出所's stationed window).
func (s *Service) checkWindow(ctx context.Context, in WindowInput, h Hall, w *Window) (err error) {
	if w.Number, err = windowNumber(in.Number); err != nil {
		return err
	}
	if w.Name, err = line("name", in.Name, 50, true); err != nil {
		return err
	}
	ids := slices.Clone(in.DeptIDs)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	switch w.Kind = strings.TrimSpace(in.Kind); w.Kind {
	case WindowGeneral:
		if len(ids) > 0 {
			return errs.Field("dept_ids", "综合窗口受理所有事项，不需指定部门；如只受理某些部门的事项，请设为专窗")
		}
	case WindowDedicated:
		if len(ids) == 0 {
			return errs.Field("dept_ids", "专窗至少要指定一个部门")
		}
	default:
		return errs.Field("kind", "窗口类型只能是 general（综合窗口）或 dedicated（专窗）")
	}
	for _, id := range ids {
		d, err := s.store.Dept(ctx, id)
		if errs.Is(err, errs.NotFound) {
			return errs.Field("dept_ids", "部门（编号 %d）不存在", id)
		}
		if err != nil {
			return err
		}
		if !d.Active {
			return errs.Field("dept_ids", "%s已停用，不能设置专窗", d.Name)
		}
		if !validate.InRegion(d.RegionCode, h.RegionCode) && !validate.InRegion(h.RegionCode, d.RegionCode) {
			return errs.Field("dept_ids", "%s不属于%s所在的行政区划，不能在此设置专窗", d.Name, h.Name)
		}
	}
	if ids == nil {
		ids = []int64{}
	}
	w.DeptIDs = ids
	// The number is unique within the hall.
	ws, err := s.store.ListWindows(ctx, h.ID)
	if err != nil {
		return err
	}
	for _, o := range ws {
		if o.Number == w.Number && o.ID != w.ID {
			return errs.Field("number", "%s已有 %s 号窗口", h.Name, w.Number)
		}
	}
	return nil
}

// GetWindow returns one window.
func (s *Service) GetWindow(ctx context.Context, p *access.Principal, id int64) (Window, error) {
	if err := canView(p); err != nil {
		return Window{}, err
	}
	w, err := s.store.Window(ctx, id)
	return w, notFound(err, "窗口")
}

// ListWindows lists a hall's windows by number.
func (s *Service) ListWindows(ctx context.Context, p *access.Principal, hallID int64) ([]Window, error) {
	if err := canView(p); err != nil {
		return nil, err
	}
	ws, err := s.store.ListWindows(ctx, hallID)
	if ws == nil {
		ws = []Window{}
	}
	return ws, err
}

// windowHall loads the hall of a window p may change.
func (s *Service) windowHall(ctx context.Context, p *access.Principal, hallID int64) (Hall, error) {
	if p == nil || !p.Has(access.StructureEdit) {
		return Hall{}, canEdit(p, access.Scope{})
	}
	h, err := s.store.Hall(ctx, hallID)
	if errs.Is(err, errs.NotFound) {
		return Hall{}, errs.Field("hall_id", "大厅不存在")
	}
	if err != nil {
		return Hall{}, err
	}
	return h, canEdit(p, access.Scope{Region: h.RegionCode, HallID: h.ID})
}

// CreateWindow adds a window to an open hall p administers.
func (s *Service) CreateWindow(ctx context.Context, p *access.Principal, in WindowInput) (Window, error) {
	h, err := s.windowHall(ctx, p, in.HallID)
	if err != nil {
		return Window{}, err
	}
	if !h.Active {
		return Window{}, errs.Field("hall_id", "%s已停用，不能新增窗口", h.Name)
	}
	w := Window{HallID: h.ID, Active: true, Version: 1}
	if err := s.checkWindow(ctx, in, h, &w); err != nil {
		return Window{}, err
	}
	w.UpdatedAt = s.now()
	ev := audit.New(ctx, "window.create", "window", "", nil, w, "")
	if w.ID, err = s.store.CreateWindow(ctx, w, ev); err != nil {
		if errs.Is(err, errs.Conflict) {
			return Window{}, errs.Wrap(err, errs.Conflict, "%s已有 %s 号窗口", h.Name, w.Number)
		}
		return Window{}, err
	}
	return w, nil
}

// editWindow loads a window p may change, with its hall.
func (s *Service) editWindow(ctx context.Context, p *access.Principal, id int64, version int) (Window, Hall, error) {
	if err := checkVersion(version); err != nil {
		return Window{}, Hall{}, err
	}
	if p == nil || !p.Has(access.StructureEdit) {
		return Window{}, Hall{}, canEdit(p, access.Scope{})
	}
	w, err := s.store.Window(ctx, id)
	if err != nil {
		return Window{}, Hall{}, notFound(err, "窗口")
	}
	h, err := s.windowHall(ctx, p, w.HallID)
	return w, h, err
}

// saveWindow writes w read at version with its audit event.
func (s *Service) saveWindow(ctx context.Context, action string, before, w Window, version int, reason string) (Window, error) {
	w.Version, w.UpdatedAt = version, s.now()
	after := w
	after.Version++
	ev := audit.New(ctx, action, "window", idString(w.ID), before, after, reason)
	if err := s.store.UpdateWindow(ctx, w, ev); err != nil {
		return Window{}, stale(err)
	}
	return after, nil
}

// UpdateWindow changes a window's number, name, kind and depts; its hall
// cannot change.
func (s *Service) UpdateWindow(ctx context.Context, p *access.Principal, id int64, version int, in WindowInput) (Window, error) {
	w, h, err := s.editWindow(ctx, p, id, version)
	if err != nil {
		return Window{}, err
	}
	if in.HallID != 0 && in.HallID != w.HallID {
		return Window{}, errs.Field("hall_id", "窗口所属大厅不能修改")
	}
	before := w
	if err := s.checkWindow(ctx, in, h, &w); err != nil {
		return Window{}, err
	}
	return s.saveWindow(ctx, "window.update", before, w, version, "")
}

// SetWindowActive opens or closes a window; it opens only in an open hall.
func (s *Service) SetWindowActive(ctx context.Context, p *access.Principal, id int64, version int, active bool, reason string) (Window, error) {
	reason, err := reasonText(reason)
	if err != nil {
		return Window{}, err
	}
	w, h, err := s.editWindow(ctx, p, id, version)
	if err != nil {
		return Window{}, err
	}
	if active && !h.Active {
		return Window{}, errs.E(errs.Conflict, "%s已停用，请先启用大厅", h.Name)
	}
	if active {
		// Its depts may have been disabled while it was closed.
		for _, id := range w.DeptIDs {
			d, err := s.store.Dept(ctx, id)
			if err != nil {
				return Window{}, err
			}
			if !d.Active {
				return Window{}, errs.E(errs.Conflict, "该专窗的部门%s已停用，请先调整窗口的部门", d.Name)
			}
		}
	}
	before := w
	w.Active = active
	action := "window.deactivate"
	if active {
		action = "window.activate"
	}
	return s.saveWindow(ctx, action, before, w, version, reason)
}
