package catalog

import (
	"context"
	"time"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/errs"
)

// VersionInfo is a version without its content: who edited and published
// it, when, and the editor's note. History lists these.
type VersionInfo struct {
	Number      int        `json:"number"`
	State       string     `json:"state"`
	EditorID    int64      `json:"editor_id"`
	EditorName  string     `json:"editor_name"`
	PublisherID int64      `json:"publisher_id,omitempty"`
	Publisher   string     `json:"publisher,omitempty"`
	CreatedAt   time.Time  `json:"created_at"`
	PublishedAt *time.Time `json:"published_at,omitempty"`
	Note        string     `json:"note,omitempty"`
}

// VersionInfos strips the content from versions.
func VersionInfos(vs []Version) []VersionInfo {
	out := make([]VersionInfo, len(vs))
	for i, v := range vs {
		out[i] = VersionInfo{Number: v.Number, State: v.State, EditorID: v.EditorID, EditorName: v.EditorName,
			PublisherID: v.PublisherID, Publisher: v.Publisher, CreatedAt: v.CreatedAt, PublishedAt: v.PublishedAt, Note: v.Note}
	}
	return out
}

// VersionDiff is the readable difference between two versions of an item.
type VersionDiff struct {
	Code    string      `json:"code"`
	Name    string      `json:"name"`
	A       VersionInfo `json:"a"`
	B       VersionInfo `json:"b"`
	Changes []Change    `json:"changes"`
}

// DiffVersions compares version a with version b of an item (staff with
// catalog.view over the item's region; drafts included).
func (s *Service) DiffVersions(ctx context.Context, p *access.Principal, code string, a, b int) (VersionDiff, error) {
	it, err := s.load(ctx, p, code, access.CatalogView)
	if err != nil {
		return VersionDiff{}, err
	}
	get := func(n int) (Version, error) {
		v, err := s.store.Version(ctx, it.ID, n)
		if errs.Is(err, errs.NotFound) {
			return v, errs.E(errs.NotFound, "事项 %s 没有第 %d 版", it.Code, n)
		}
		return v, err
	}
	va, err := get(a)
	if err != nil {
		return VersionDiff{}, err
	}
	vb, err := get(b)
	if err != nil {
		return VersionDiff{}, err
	}
	changes := Diff(va.Doc, vb.Doc)
	if changes == nil {
		changes = []Change{}
	}
	for i, c := range changes {
		if c.Path == "dept_id" {
			// Diff is pure and knows only ids; name the departments for the reader.
			changes[i].Before, changes[i].After = s.deptName(ctx, va.Doc.DeptID, c.Before), s.deptName(ctx, vb.Doc.DeptID, c.After)
		}
	}
	infos := VersionInfos([]Version{va, vb})
	return VersionDiff{Code: it.Code, Name: vb.Doc.Name, A: infos[0], B: infos[1], Changes: changes}, nil
}

// deptName names a department, or keeps fallback when it cannot be found.
func (s *Service) deptName(ctx context.Context, id int64, fallback string) string {
	if id == 0 {
		return fallback
	}
	d, err := s.depts.DeptInfo(ctx, id)
	if err != nil {
		return fallback
	}
	return d.Name
}
