package sqlstore

import (
	"context"
	"database/sql"
	"strings"

	"github.com/onewindow/onewindow/internal/knowledge"
)

// Knowledge-base search, for an agent on a call. The index is the
// catalogue's (unigram and bigram tokens, title and keyword tokens marked,
// FTS5 on SQLite, a GIN-indexed 'simple' tsvector on PostgreSQL) and so is
// the query text (CatalogStore.ftsQuery); PostgreSQL checks title hits
// in knowledge_title_fts (see the migration). A knowledge base holds
// thousands of articles, not hundreds of thousands of items, so one query
// does it all: the match set, joined to the articles, each marked with its
// tier (the title or a keyword holds every term: a second index lookup),
// sorted by tier, uses and id. A term in every article sorts the whole
// base: ~10,000 rows, a few milliseconds (BenchmarkKnowledgeSearch).

// materialized makes PostgreSQL compute the page first.
func (s *KnowledgeStore) materialized() string { return (&CatalogStore{db: s.db}).materialized() }

// knowledgeMatch is the subquery of the ids of articles whose tokens
// match its one argument, an ftsQuery.
func (s *KnowledgeStore) knowledgeMatch() string {
	if s.db.Engine == Postgres {
		return "SELECT article_id FROM knowledge_fts WHERE tsv @@ to_tsquery('simple', ?)"
	}
	return "SELECT rowid FROM knowledge_fts WHERE knowledge_fts MATCH ?"
}

// Search implements knowledge.Store.
func (s *KnowledgeStore) Search(ctx context.Context, f knowledge.Filter) ([]knowledge.Hit, error) {
	var sel []any
	tier := "1" // no terms: no title hits
	where := []string{"a.status IN (" + placeholders(len(f.Statuses)) + ")"}
	var args []any
	for _, st := range f.Statuses {
		args = append(args, st)
	}
	order := "a.uses DESC, a.id"
	if len(f.Terms) > 0 {
		fts := (&CatalogStore{db: s.db}).ftsQuery
		if s.db.Engine == Postgres {
			// IN (subquery), not a join to a computed match: so
			// PostgreSQL may sort the articles' narrow index entries
			// first and probe the full match only until the page is
			// full, where a join would evaluate it on every row.
			tier = "CASE WHEN a.id IN (SELECT article_id FROM knowledge_title_fts WHERE tsv @@ to_tsquery('simple', ?)) THEN 0 ELSE 1 END"
			sel = append(sel, fts(f.Terms, nil))
		} else {
			tier = "CASE WHEN a.id IN (" + s.knowledgeMatch() + ") THEN 0 ELSE 1 END"
			sel = append(sel, fts(f.TitleTerms, nil))
		}
		// SQLite: "+" keeps the match from driving the query (a row
		// look-up of each match, answers and all); the articles' narrow
		// index is walked instead and checked against the match set.
		plus := ""
		if s.db.Engine == SQLite {
			plus = "+"
		}
		where = append(where, plus+"a.id IN ("+s.knowledgeMatch()+")")
		args = append(args, fts(f.Terms, nil))
		order = "tier, a.uses DESC, a.id"
	}
	if f.DeptID != 0 {
		where, args = append(where, "a.dept_id = ?"), append(args, f.DeptID)
	}
	if !f.DueBefore.IsZero() {
		where, args = append(where, "a.review_due <> '' AND a.review_due < ?"), append(args, day(f.DueBefore))
		if len(f.Terms) == 0 {
			order = "a.review_due, a.id"
		}
	}
	if f.Scopes != nil {
		var ors []string
		for _, sc := range f.Scopes {
			cond, a := regionRange("a.region_code", sc.Region)
			if sc.DeptID != 0 {
				cond, a = cond+" AND a.dept_id = ?", append(a, sc.DeptID)
			}
			ors, args = append(ors, "("+cond+")"), append(args, a...)
		}
		if len(ors) == 0 {
			return nil, nil
		}
		where = append(where, "("+strings.Join(ors, " OR ")+")")
	}
	// The page is chosen on narrow rows (id, tier, uses, review date),
	// then read whole: sorting a match of thousands must not carry their
	// answers along.
	page := "SELECT a.id, " + tier + " AS tier, a.uses, a.review_due FROM knowledge_articles a WHERE " +
		strings.Join(where, " AND ") + " ORDER BY " + order + " LIMIT ? OFFSET ?"
	outer := strings.NewReplacer("tier", "p.tier", "a.uses", "p.uses", "a.id", "p.id", "a.review_due", "p.review_due").Replace(order)
	q := "WITH p AS " + s.materialized() + " (" + page + ") SELECT " + articleCols + ", p.tier FROM p JOIN knowledge_articles a ON a.id = p.id" +
		" JOIN depts d ON d.id = a.dept_id ORDER BY " + outer
	args = append(append(sel, args...), f.Limit, f.Offset)
	if s.db.Engine == SQLite {
		return scanHits(s.db.Query(ctx, q, args...))
	}
	// PostgreSQL without parallel workers: starting them costs more
	// (~10 ms on two cores) than the few thousand index entries they
	// would share.
	var out []knowledge.Hit
	err := s.db.ReadTx(ctx, func(tx *Tx) error {
		if _, err := tx.Exec(ctx, "SET LOCAL max_parallel_workers_per_gather = 0"); err != nil {
			return err
		}
		var err error
		out, err = scanHits(tx.Query(ctx, q, args...))
		return err
	})
	return out, err
}

func scanHits(rows *sql.Rows, err error) ([]knowledge.Hit, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []knowledge.Hit{}
	for rows.Next() {
		var t int
		a, err := scanArticle(rows, &t)
		if err != nil {
			return nil, err
		}
		out = append(out, knowledge.Hit{Article: a, TitleMatch: t == 0})
	}
	return out, mapErr(rows.Err())
}
