package catalog

import (
	"context"
)

// Indexer rewrites an item's search tokens (sqlstore.CatalogStore implements it).
type Indexer interface {
	SetTokens(ctx context.Context, itemID int64, tokens string) error
}

// Reindex recomputes the search tokens of every published item, for after
// an upgrade that changes the token format or a department's renaming (the
// index keeps the name it was published with). It returns how many items
// it indexed.
func (s *Service) Reindex(ctx context.Context, ix Indexer, progress func(n int)) (int, error) {
	names := map[int64]string{}
	n := 0
	var after int64
	for {
		items, err := s.store.ListItems(ctx, ListFilter{After: after, Limit: 500})
		if err != nil {
			return n, err
		}
		if len(items) == 0 {
			return n, nil
		}
		for _, it := range items {
			after = it.ID
			if it.PublishedVersion == 0 {
				continue
			}
			dept, ok := names[it.Doc.DeptID]
			if !ok && it.Doc.DeptID != 0 {
				if d, err := s.depts.DeptInfo(ctx, it.Doc.DeptID); err == nil {
					dept = d.Name
				}
				names[it.Doc.DeptID] = dept
			}
			if err := ix.SetTokens(ctx, it.ID, Tokens(it.Doc, dept)); err != nil {
				return n, err
			}
			n++
			if progress != nil && n%1000 == 0 {
				progress(n)
			}
		}
	}
}
