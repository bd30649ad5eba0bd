package gov

import (
	"context"
	"strings"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/validate"
)

// HallInput is what an administrator enters for a hall.
type HallInput struct {
	RegionCode string `json:"region_code"` // fixed once created
	Name       string `json:"name"`
	Kind       string `json:"kind"` // centre, station
	Address    string `json:"address,omitempty"`
	Phone      string `json:"phone,omitempty"`
	Hours      string `json:"hours,omitempty"`
}

// checkHall normalises the fields of in into h (all but the region).
func checkHall(in HallInput, h *Hall) (err error) {
	if h.Name, err = line("name", in.Name, 100, true); err != nil {
		return err
	}
	switch h.Kind = strings.TrimSpace(in.Kind); h.Kind {
	case HallCentre, HallStation:
	default:
		return errs.Field("kind", "大厅类型只能是 centre（政务/便民服务中心）或 station（便民服务站）")
	}
	if h.Address, err = line("address", in.Address, 200, false); err != nil {
		return err
	}
	if h.Phone, err = optionalPhone("phone", in.Phone); err != nil {
		return err
	}
	h.Hours, err = line("hours", in.Hours, 100, false)
	return err
}

// checkHallUnique reports a name another hall of the region already has.
func (s *Service) checkHallUnique(ctx context.Context, h Hall) error {
	other, err := s.store.HallByName(ctx, h.RegionCode, h.Name)
	switch {
	case err == nil && other.ID != h.ID:
		return errs.Field("name", "本行政区划内已有名为“%s”的大厅", h.Name)
	case err != nil && !errs.Is(err, errs.NotFound):
		return err
	}
	return nil
}

// GetHall returns one hall.
func (s *Service) GetHall(ctx context.Context, p *access.Principal, id int64) (Hall, error) {
	if err := canView(p); err != nil {
		return Hall{}, err
	}
	h, err := s.store.Hall(ctx, id)
	return h, notFound(err, "大厅")
}

// ListHalls lists the halls in a region's subtree, a page at a time;
// f.Kind filters on centre or station.
func (s *Service) ListHalls(ctx context.Context, p *access.Principal, f ListFilter) (Page[Hall], error) {
	if err := canView(p); err != nil {
		return Page[Hall]{}, err
	}
	q, err := pageFilter(f)
	if err != nil {
		return Page[Hall]{}, err
	}
	hs, err := s.store.ListHalls(ctx, q)
	if err != nil {
		return Page[Hall]{}, err
	}
	return page(hs, q.Limit, func(h Hall) Cursor { return Cursor{h.RegionCode, h.Name} }), nil
}

// CreateHall adds a hall to a region p administers.
func (s *Service) CreateHall(ctx context.Context, p *access.Principal, in HallInput) (Hall, error) {
	h := Hall{RegionCode: strings.TrimSpace(in.RegionCode), Active: true, Version: 1}
	if _, err := validate.RegionCode("region_code", h.RegionCode); err != nil {
		return Hall{}, err
	}
	if err := canEdit(p, access.Scope{Region: h.RegionCode}); err != nil {
		return Hall{}, err
	}
	if err := checkHall(in, &h); err != nil {
		return Hall{}, err
	}
	if _, err := s.activeRegion(ctx, h.RegionCode); err != nil {
		return Hall{}, err
	}
	if err := s.checkHallUnique(ctx, h); err != nil {
		return Hall{}, err
	}
	h.UpdatedAt = s.now()
	ev := audit.New(ctx, "hall.create", "hall", "", nil, h, "")
	var err error
	if h.ID, err = s.store.CreateHall(ctx, h, ev); err != nil {
		if errs.Is(err, errs.Conflict) {
			return Hall{}, errs.Wrap(err, errs.Conflict, "本行政区划内已有同名大厅")
		}
		return Hall{}, err
	}
	return h, nil
}

// editHall loads a hall p may change.
func (s *Service) editHall(ctx context.Context, p *access.Principal, id int64, version int) (Hall, error) {
	if err := checkVersion(version); err != nil {
		return Hall{}, err
	}
	if p == nil || !p.Has(access.StructureEdit) {
		return Hall{}, canEdit(p, access.Scope{})
	}
	h, err := s.store.Hall(ctx, id)
	if err != nil {
		return Hall{}, notFound(err, "大厅")
	}
	return h, canEdit(p, access.Scope{Region: h.RegionCode, HallID: h.ID})
}

// saveHall writes h read at version with its audit event.
func (s *Service) saveHall(ctx context.Context, action string, before, h Hall, version int, reason string) (Hall, error) {
	h.Version, h.UpdatedAt = version, s.now()
	after := h
	after.Version++
	ev := audit.New(ctx, action, "hall", idString(h.ID), before, after, reason)
	if err := s.store.UpdateHall(ctx, h, ev); err != nil {
		return Hall{}, stale(err)
	}
	return after, nil
}

// UpdateHall changes a hall's fields; its region cannot change.
func (s *Service) UpdateHall(ctx context.Context, p *access.Principal, id int64, version int, in HallInput) (Hall, error) {
	h, err := s.editHall(ctx, p, id, version)
	if err != nil {
		return Hall{}, err
	}
	if r := strings.TrimSpace(in.RegionCode); r != "" && r != h.RegionCode {
		return Hall{}, errs.Field("region_code", "大厅所属行政区划不能修改")
	}
	before := h
	if err := checkHall(in, &h); err != nil {
		return Hall{}, err
	}
	if err := s.checkHallUnique(ctx, h); err != nil {
		return Hall{}, err
	}
	return s.saveHall(ctx, "hall.update", before, h, version, "")
}

// SetHallActive opens or closes a hall. A hall is closed only once its
// windows are, so that no window stays open in a closed hall.
func (s *Service) SetHallActive(ctx context.Context, p *access.Principal, id int64, version int, active bool, reason string) (Hall, error) {
	reason, err := reasonText(reason)
	if err != nil {
		return Hall{}, err
	}
	h, err := s.editHall(ctx, p, id, version)
	if err != nil {
		return Hall{}, err
	}
	if active {
		if _, err := s.activeRegion(ctx, h.RegionCode); err != nil {
			return Hall{}, err
		}
	} else {
		ws, err := s.store.ListWindows(ctx, h.ID)
		if err != nil {
			return Hall{}, err
		}
		n := 0
		for _, w := range ws {
			if w.Active {
				n++
			}
		}
		if n > 0 {
			return Hall{}, errs.E(errs.Conflict, "%s仍有 %d 个在用窗口，请先停用这些窗口", h.Name, n)
		}
	}
	before := h
	h.Active = active
	action := "hall.deactivate"
	if active {
		action = "hall.activate"
	}
	return s.saveHall(ctx, action, before, h, version, reason)
}
