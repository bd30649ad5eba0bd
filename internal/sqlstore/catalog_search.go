package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/onewindow/onewindow/internal/catalog"
)

// Public search over the catalog.
//
// Every query, with text or without, is a match in the full-text index
// (FTS5 on SQLite, a GIN-indexed tsvector on PostgreSQL): the text's terms
// and the filters' tokens (catalog.Tokens writes both), so a filter costs a
// posting-list intersection, not a row lookup per match. Only what changes
// without a new publication is checked on items rows: in force (status and
// effective dates) and not a base item.
//
// Results run in tiers, each by popularity: in relevance order, first the
// items whose name holds every term (the index has the name's tokens
// marked), then the rest; popularity order is one tier. A ranking function
// (bm25, ts_rank) is not used: it must score every match, which costs
// ~1 µs per match (25 ms for a term in a quarter of 100,000 items), and on
// a catalog it mostly rewards short documents; popularity within "name
// matches" is what people look for.
//
// Each tier's page is fetched one of two ways, chosen by the size of the
// match (FTS5 counts it from posting lists alone, ~0.05 µs a match): a
// small match is looked up by id and sorted; a large, dense one is turned
// into a set and items are walked in popularity order (items_popular, which
// must be (popularity DESC, id)) until the page is full. On PostgreSQL a
// small match is computed first (a WITH … MATERIALIZED) and a large one is
// left to the planner, which walks items_popular probing item_fts.
//
// Measured with 100,000 items on the 2-core machine (BenchmarkSearch):
// p99 ≤ 9 ms for typical queries on SQLite, ≤ 14 ms on PostgreSQL.

// smallMatch is the most matches Total counts exactly (joined to items,
// ~1.5 µs a match); above it Total is the index's count.
const smallMatch = 2000

const hitCols = `i.id, i.code, i.name, i.kind, COALESCE(i.dept_id, 0), COALESCE(d.name, ''), i.region_code,
	i.online_depth, i.max_visits, i.instant, i.promised_days, i.cross_region, i.popularity`

// publicRow mirrors catalog.Item.InForce (published, or suspended or
// cancelled from a date still to come) and leaves out province base items,
// which are templates for implementations, not services one applies for.
// Its arguments are false, now, now.
const publicRow = `i.is_base = ? AND (i.status = 'published' OR (i.status = 'suspended' AND i.suspended_from > ?)
	OR (i.status = 'cancelled' AND i.cancelled_from > ?))`

// popularAfter is the keyset condition of popularity order (popularity
// descending, id ascending).
const popularAfter = "(i.popularity < ? OR (i.popularity = ? AND i.id > ?))"

// searchTrace, when set (by tests), sees every query a search runs, so a
// test can check their plans.
var searchTrace func(query string, args []any)

func (s *CatalogStore) searchRow(ctx context.Context, query string, args ...any) *sql.Row {
	if searchTrace != nil {
		searchTrace(query, args)
	}
	return s.db.QueryRow(ctx, query, args...)
}

// searchTier is one tier's index match.
type searchTier struct {
	expr string // the engine's full-text query
	all  bool   // matches every indexed item: walk items without the index
}

// Search implements catalog.Store. q must be normalised
// (catalog.Query.Normalize). Total is exact up to smallMatch matches;
// above, it is the index's match count capped at catalog.MaxTotal, which
// may include items whose suspension or cancellation has taken effect.
func (s *CatalogStore) Search(ctx context.Context, q catalog.Query) (catalog.SearchResult, error) {
	empty := catalog.SearchResult{Hits: []catalog.Hit{}}
	cur, err := catalog.DecodeCursor(q.Order, q.Cursor)
	if err != nil {
		return empty, err
	}
	if q.Limit <= 0 || q.Limit > catalog.MaxLimit {
		q.Limit = catalog.DefaultLimit
	}
	filters := q.FilterTokens()
	var terms []string
	if q.Text != "" {
		if terms = catalog.QueryTerms(q.Text); len(terms) == 0 {
			// Only punctuation: nothing to look for, and matching
			// everything would be the wrong answer.
			return empty, nil
		}
		if filters[0] == catalog.AllToken {
			filters = nil // the terms select; AllToken would only add work
		}
	}
	now := ms(time.Now())
	counts := map[string]int{}
	all := searchTier{expr: s.ftsQuery(append(terms, filters...), nil),
		all: len(terms) == 0 && filters[0] == catalog.AllToken}
	total, err := s.countPublic(ctx, all, counts, now)
	if err != nil || total == 0 {
		return empty, err
	}
	tiers := []searchTier{all}
	if q.Order == catalog.OrderRelevance {
		names := catalog.NameTerms(terms)
		tiers = []searchTier{{expr: s.ftsQuery(append(names, filters...), nil)},
			{expr: s.ftsQuery(append(terms, filters...), names)}}
		if s.db.Engine == SQLite {
			// The name tier lies inside the whole match (name tokens are
			// written plain too): the rest is the difference.
			n, err := s.countMatches(ctx, tiers[0].expr, counts)
			if err != nil {
				return empty, err
			}
			counts[tiers[1].expr] = counts[all.expr] - n
		}
	}
	hits := []catalog.Hit{}
	var hitTiers []int
	for t := cur.Tier; t < len(tiers) && len(hits) <= q.Limit; t++ {
		after := catalog.Cursor{}
		if t == cur.Tier {
			after = cur
		}
		page, err := s.tierPage(ctx, tiers[t], after, q.Limit+1-len(hits), counts, now)
		if err != nil {
			return empty, err
		}
		for range page {
			hitTiers = append(hitTiers, t)
		}
		hits = append(hits, page...)
	}
	res := catalog.SearchResult{Hits: hits, Total: total}
	if len(hits) > q.Limit {
		// One hit more than a page was fetched: there is a next page.
		last := hits[q.Limit-1]
		res.Hits = hits[:q.Limit]
		res.Next = catalog.Cursor{Tier: hitTiers[q.Limit-1], Popularity: last.Popularity, ID: last.ID}.Encode(q.Order)
	}
	return res, nil
}

// ftsQuery is the engine's full-text query requiring every token of and
// none of not: FTS5 ("执照" AND "区5334") NOT ("n执照"), PostgreSQL
// '执照' & '区5334' & !('n执照'). Tokens are quoted (a quote inside
// doubled) so that no input is read as query syntax: AND, OR, NOT, NEAR,
// *, ^, :, parentheses and column filters are only text. (Terms hold only
// letters, digits and marks anyway; the quoting is the second wall.)
func (s *CatalogStore) ftsQuery(and, not []string) string {
	sep, neg, quote := " AND ", " NOT ", `"`
	if s.db.Engine == Postgres {
		sep, neg, quote = " & ", " & !", "'"
	}
	join := func(toks []string) string {
		q := make([]string, len(toks))
		for i, t := range toks {
			t = strings.ReplaceAll(t, quote, quote+quote)
			if s.db.Engine == Postgres {
				t = strings.ReplaceAll(t, `\`, `\\`)
			}
			q[i] = quote + t + quote
		}
		return "(" + strings.Join(q, sep) + ")"
	}
	e := join(and)
	if len(not) > 0 {
		e += neg + join(not)
	}
	return e
}

// matchSet is the subquery of the ids of items whose tokens match its
// one argument, an ftsQuery.
func (s *CatalogStore) matchSet() string {
	if s.db.Engine == Postgres {
		return "SELECT item_id AS id FROM item_fts WHERE tsv @@ to_tsquery('simple', ?)"
	}
	return "SELECT rowid AS id FROM item_fts WHERE item_fts MATCH ?"
}

// countMatches counts the indexed items matching expr, once per search.
// FTS5 counts from posting lists (~0.05 µs a match); on PostgreSQL every
// match is a heap visit (~3 µs), so there the count stops past smallMatch.
func (s *CatalogStore) countMatches(ctx context.Context, expr string, counts map[string]int) (int, error) {
	if n, ok := counts[expr]; ok {
		return n, nil
	}
	var n int
	var err error
	if s.db.Engine == Postgres {
		err = s.searchRow(ctx, "SELECT COUNT(*) FROM (SELECT 1 FROM item_fts WHERE tsv @@ to_tsquery('simple', ?) LIMIT ?) t",
			expr, smallMatch+1).Scan(&n)
	} else {
		err = s.searchRow(ctx, "SELECT COUNT(*) FROM item_fts WHERE item_fts MATCH ?", expr).Scan(&n)
	}
	if err != nil {
		return 0, mapErr(err)
	}
	counts[expr] = n
	return n, nil
}

// countPublic is Total: the public items matching the search, exact up to
// smallMatch; above, FTS5's count of index matches or PostgreSQL's
// planner estimate, capped at catalog.MaxTotal (a list that long is
// refined, not read to its end).
func (s *CatalogStore) countPublic(ctx context.Context, all searchTier, counts map[string]int, now int64) (int, error) {
	var n int
	if all.all && s.db.Engine == Postgres {
		// Every item: counting index matches would visit every heap row.
		err := s.searchRow(ctx, "SELECT COUNT(*) FROM (SELECT 1 FROM items i WHERE "+publicRow+" LIMIT ?) t",
			false, now, now, catalog.MaxTotal).Scan(&n)
		return n, mapErr(err)
	}
	n, err := s.countMatches(ctx, all.expr, counts)
	if err != nil {
		return 0, err
	}
	if n > smallMatch {
		if s.db.Engine == Postgres {
			n, err = s.estimateMatches(ctx, all.expr)
		}
		return min(max(n, smallMatch+1), catalog.MaxTotal), err
	}
	err = s.searchRow(ctx, "WITH m AS "+s.materialized()+" ("+s.matchSet()+") SELECT COUNT(*) FROM m JOIN items i ON i.id = m.id WHERE "+
		publicRow, all.expr, false, now, now).Scan(&n)
	return n, mapErr(err)
}

// estimateMatches is PostgreSQL's estimate of the rows matching expr,
// from its statistics of the tsvector's lexemes (EXPLAIN plans, it does
// not run).
func (s *CatalogStore) estimateMatches(ctx context.Context, expr string) (int, error) {
	var plan string
	if err := s.searchRow(ctx, "EXPLAIN (FORMAT JSON) SELECT 1 FROM item_fts WHERE tsv @@ to_tsquery('simple', ?)", expr).Scan(&plan); err != nil {
		return 0, mapErr(err)
	}
	var out []struct {
		Plan struct {
			Rows float64 `json:"Plan Rows"`
		} `json:"Plan"`
	}
	if err := json.Unmarshal([]byte(plan), &out); err != nil || len(out) == 0 {
		return 0, fmt.Errorf("sqlstore: read search estimate: %v", err)
	}
	return int(out[0].Plan.Rows), nil
}

// materialized makes a WITH query be computed first on PostgreSQL (where
// it may otherwise be folded into the outer query); SQLite computes a
// match set once anyway.
func (s *CatalogStore) materialized() string {
	if s.db.Engine == Postgres {
		return "MATERIALIZED"
	}
	return ""
}

// tierPage fetches up to n public hits of one tier after the keyset
// position after (none when after.ID is 0), by popularity.
//
// PostgreSQL plans the one query itself. SQLite cannot know how many rows
// a MATCH yields, so the match is counted and the way chosen here (a unary
// + keeps a column from being used by an index): a large match dense
// enough that a walk of items_popular meets n of them soon is walked;
// otherwise the matches are looked up by id and sorted.
func (s *CatalogStore) tierPage(ctx context.Context, t searchTier, after catalog.Cursor, n int, counts map[string]int, now int64) ([]catalog.Hit, error) {
	where := []string{publicRow}
	args := []any{false, now, now}
	if after.ID != 0 {
		where = append(where, popularAfter)
		args = append(args, after.Popularity, after.Popularity, after.ID)
	}
	cond := strings.Join(where, " AND ")
	const order = " ORDER BY i.popularity DESC, i.id LIMIT ?"
	if t.all {
		return s.searchHits(ctx, "SELECT "+hitCols+" FROM items i LEFT JOIN depts d ON d.id = i.dept_id WHERE "+cond+order,
			append(args, n)...)
	}
	m, err := s.countMatches(ctx, t.expr, counts)
	if err != nil || m == 0 {
		return nil, err
	}
	if s.db.Engine == Postgres {
		if m > smallMatch {
			// Large: the planner walks items_popular, probing item_fts.
			return s.searchHits(ctx, "SELECT "+hitCols+" FROM items i LEFT JOIN depts d ON d.id = i.dept_id WHERE "+cond+
				" AND i.id IN ("+s.matchSet()+")"+order, append(args, t.expr, n)...)
		}
		// Small: the planner's estimate of a rare lexeme can be far off
		// (a walk of every item for a match of none), so the match
		// comes first.
		return s.searchHits(ctx, "WITH m AS MATERIALIZED ("+s.matchSet()+") SELECT "+hitCols+
			" FROM m JOIN items i ON i.id = m.id LEFT JOIN depts d ON d.id = i.dept_id WHERE "+cond+order,
			append([]any{t.expr}, append(args, n)...)...)
	}
	var items int64
	if err := s.searchRow(ctx, "SELECT COALESCE(MAX(id), 0) FROM items").Scan(&items); err != nil {
		return nil, mapErr(err)
	}
	// Looking up costs ~1.5 µs a match; walking ~0.4 µs a row, about
	// n·items/m rows when matches are spread over the popularity order.
	// Only a large, dense match is walked: below smallMatch a look-up is
	// cheap enough, and it does not depend on where the matches lie.
	if m > smallMatch && float64(m)*float64(m) > float64(n)*float64(items)/4 {
		return s.searchHits(ctx, "SELECT "+hitCols+" FROM items i LEFT JOIN depts d ON d.id = i.dept_id WHERE "+cond+
			" AND +i.id IN ("+s.matchSet()+")"+order, append(args, t.expr, n)...)
	}
	return s.searchHits(ctx, "SELECT "+hitCols+" FROM items i LEFT JOIN depts d ON d.id = i.dept_id WHERE "+cond+
		" AND i.id IN ("+s.matchSet()+") ORDER BY +i.popularity DESC, i.id LIMIT ?", append(args, t.expr, n)...)
}

func (s *CatalogStore) searchHits(ctx context.Context, query string, args ...any) ([]catalog.Hit, error) {
	if searchTrace != nil {
		searchTrace(query, args)
	}
	rows, err := s.db.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []catalog.Hit
	for rows.Next() {
		var h catalog.Hit
		var kind string
		if err := rows.Scan(&h.ID, &h.Code, &h.Name, &kind, &h.DeptID, &h.DeptName, &h.RegionCode, &h.OnlineDepth,
			&h.MaxVisits, &h.Instant, &h.PromisedDays, &h.CrossRegion, &h.Popularity); err != nil {
			return nil, mapErr(err)
		}
		h.Kind = catalog.Kind(kind)
		out = append(out, h)
	}
	return out, mapErr(rows.Err())
}
