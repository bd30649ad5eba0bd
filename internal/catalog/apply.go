package catalog

import (
	"context"

	"github.com/onewindow/onewindow/internal/errs"
)

// Application is what applying for a bundle needs: the published bundle,
// the evaluation of the applicant's answers, and the content of each item
// that applies (as published now).
type Application struct {
	Bundle     Bundle
	Evaluation Evaluation
	Items      []Item // the applicable items, in the bundle's order
}

// Application evaluates answers for a published bundle and loads the items
// that apply, for a submission. Errors: NotFound, Invalid (answers).
func (s *BundleService) Application(ctx context.Context, code string, answers map[string]string) (Application, error) {
	b, err := s.publicBundle(ctx, code)
	if err != nil {
		return Application{}, err
	}
	ev, err := s.Evaluate(ctx, code, answers)
	if err != nil {
		return Application{}, err
	}
	app := Application{Bundle: b, Evaluation: ev}
	for _, info := range ev.Items {
		it, err := s.items.Applicable(ctx, info.Code)
		if err != nil {
			return Application{}, err
		}
		app.Items = append(app.Items, it)
	}
	return app, nil
}

// VersionDoc returns the content of an item's published or superseded
// version, for the cases that were submitted under it (no principal: a
// case's readers have been checked by the case). Errors: NotFound.
func (s *Service) VersionDoc(ctx context.Context, code string, n int) (Doc, error) {
	it, err := s.store.Item(ctx, upper(code))
	if err != nil {
		return Doc{}, err
	}
	v, err := s.store.Version(ctx, it.ID, n)
	if err != nil {
		return Doc{}, err
	}
	if v.State == VersionDraft {
		return Doc{}, errs.E(errs.NotFound, "事项 %s 第 %d 版未发布", code, n)
	}
	return v.Doc, nil
}
