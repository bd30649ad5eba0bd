package sqlstore

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/cases"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/knowledge"
	"github.com/onewindow/onewindow/internal/workcal"
)

// KnowledgeStore implements knowledge.Store: knowledge_articles, their
// versions, the knowledge_fts index and knowledge_reminders.
type KnowledgeStore struct{ db *DB }

// NewKnowledgeStore returns the knowledge store on db.
func NewKnowledgeStore(db *DB) *KnowledgeStore { return &KnowledgeStore{db: db} }

var _ knowledge.Store = (*KnowledgeStore)(nil)

const articleCols = `a.id, a.dept_id, d.name, a.region_code, a.title, a.keywords, a.answer, a.subjects, a.status,
	a.review_due, a.uses, a.last_used_at, a.published_at, a.version, a.created_by, a.created_by_name, a.created_at,
	a.updated_by, a.updated_by_name, a.updated_at`

const articleFrom = ` FROM knowledge_articles a JOIN depts d ON d.id = a.dept_id `

func scanArticle(row interface{ Scan(...any) error }, extra ...any) (knowledge.Article, error) {
	var a knowledge.Article
	var kw, subj, due string
	var used, published, created, updated int64
	dest := []any{&a.ID, &a.DeptID, &a.DeptName, &a.Region, &a.Title, &kw, &a.Answer, &subj, &a.Status,
		&due, &a.Uses, &used, &published, &a.Version, &a.CreatedBy, &a.CreatedByName, &created,
		&a.UpdatedBy, &a.UpdatedByName, &updated}
	if err := row.Scan(append(dest, extra...)...); err != nil {
		return a, mapErr(err)
	}
	a.Keywords, a.Subjects = jsonList(kw), jsonList(subj)
	a.ReviewDue, a.LastUsedAt, a.PublishedAt = parseDay(due), fromMS(used), fromMS(published)
	a.CreatedAt, a.UpdatedAt = fromMS(created), fromMS(updated)
	return a, nil
}

func jsonList(s string) []string {
	out := []string{}
	json.Unmarshal([]byte(s), &out)
	return out
}

func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// Dept implements knowledge.Store.
func (s *KnowledgeStore) Dept(ctx context.Context, id int64) (knowledge.Dept, error) {
	d := knowledge.Dept{ID: id}
	err := s.db.QueryRow(ctx, "SELECT name, region_code FROM depts WHERE id = ?", id).Scan(&d.Name, &d.Region)
	return d, mapErr(err)
}

// Create implements knowledge.Store.
func (s *KnowledgeStore) Create(ctx context.Context, a knowledge.Article, evs ...audit.Event) (int64, error) {
	var id int64
	err := s.db.WriteTx(ctx, func(tx *Tx) (err error) {
		id, err = tx.InsertID(ctx, `INSERT INTO knowledge_articles (dept_id, region_code, title, keywords, answer, subjects,
			status, review_due, published_at, version, created_by, created_by_name, created_at, updated_by, updated_by_name, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			a.DeptID, a.Region, a.Title, jsonText(a.Keywords), a.Answer, jsonText(a.Subjects), a.Status, day(a.ReviewDue),
			msOrZero(a.PublishedAt), a.Version, a.CreatedBy, a.CreatedByName, ms(a.CreatedAt), a.UpdatedBy, a.UpdatedByName, ms(a.UpdatedAt))
		if err != nil {
			return err
		}
		a.ID = id
		if err := s.writeVersion(ctx, tx, a, "create"); err != nil {
			return err
		}
		for i := range evs {
			evs[i].ObjectID = itoa(id)
		}
		return tx.AppendAudit(ctx, evs...)
	})
	return id, err
}

func msOrZero(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return ms(t)
}

// writeVersion adds a's version row and rewrites its index entry.
func (s *KnowledgeStore) writeVersion(ctx context.Context, tx *Tx, a knowledge.Article, action string) error {
	if _, err := tx.Exec(ctx, `INSERT INTO knowledge_versions (article_id, version, action, doc, actor_id, actor_name, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, a.ID, a.Version, action, jsonText(knowledge.DocOf(a)), a.UpdatedBy, a.UpdatedByName,
		ms(a.UpdatedAt)); err != nil {
		return err
	}
	tokens := knowledge.Tokens(a)
	if s.db.Engine == SQLite {
		if _, err := tx.Exec(ctx, "DELETE FROM knowledge_fts WHERE rowid = ?", a.ID); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, "INSERT INTO knowledge_fts (rowid, tokens) VALUES (?, ?)", a.ID, tokens)
		return err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO knowledge_fts (article_id, tokens) VALUES (?, ?)
		ON CONFLICT (article_id) DO UPDATE SET tokens = excluded.tokens`, a.ID, tokens); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `INSERT INTO knowledge_title_fts (article_id, tokens) VALUES (?, ?)
		ON CONFLICT (article_id) DO UPDATE SET tokens = excluded.tokens`, a.ID, knowledge.TitleTokens(a))
	return err
}

// Article implements knowledge.Store.
func (s *KnowledgeStore) Article(ctx context.Context, id int64) (knowledge.Article, error) {
	return scanArticle(s.db.QueryRow(ctx, "SELECT "+articleCols+articleFrom+"WHERE a.id = ?", id))
}

// Update implements knowledge.Store.
func (s *KnowledgeStore) Update(ctx context.Context, before, after knowledge.Article, action string, evs ...audit.Event) error {
	return s.db.WriteTx(ctx, func(tx *Tx) error {
		res, err := tx.Exec(ctx, `UPDATE knowledge_articles SET title = ?, keywords = ?, answer = ?, subjects = ?, status = ?,
			review_due = ?, published_at = ?, version = ?, updated_by = ?, updated_by_name = ?, updated_at = ?
			WHERE id = ? AND version = ?`, after.Title, jsonText(after.Keywords), after.Answer, jsonText(after.Subjects),
			after.Status, day(after.ReviewDue), msOrZero(after.PublishedAt), after.Version, after.UpdatedBy, after.UpdatedByName,
			ms(after.UpdatedAt), before.ID, before.Version)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return errs.Wrap(err, errs.Conflict, "文章刚被他人修改，请刷新后重试")
		}
		if err := s.writeVersion(ctx, tx, after, action); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, evs...)
	})
}

// Versions implements knowledge.Store.
func (s *KnowledgeStore) Versions(ctx context.Context, id int64) ([]knowledge.Version, error) {
	rows, err := s.db.Query(ctx, `SELECT version, action, doc, actor_id, actor_name, created_at FROM knowledge_versions
		WHERE article_id = ? ORDER BY version DESC`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []knowledge.Version{}
	for rows.Next() {
		v := knowledge.Version{ArticleID: id}
		var doc string
		var at int64
		if err := rows.Scan(&v.Number, &v.Action, &doc, &v.ActorID, &v.ActorName, &at); err != nil {
			return nil, mapErr(err)
		}
		if err := json.Unmarshal([]byte(doc), &v.Doc); err != nil {
			return nil, err
		}
		v.At = fromMS(at)
		out = append(out, v)
	}
	return out, mapErr(rows.Err())
}

// Use implements knowledge.Store: one UPDATE adds the use, so concurrent
// uses never lose a count. The article returned holds its id, title and
// uses.
func (s *KnowledgeStore) Use(ctx context.Context, id int64, now time.Time, evs ...audit.Event) (knowledge.Article, error) {
	a := knowledge.Article{ID: id}
	err := s.db.WriteTx(ctx, func(tx *Tx) error {
		err := tx.QueryRow(ctx, `UPDATE knowledge_articles SET uses = uses + 1, last_used_at = ?
			WHERE id = ? AND status = 'published' RETURNING title, uses`, ms(now), id).Scan(&a.Title, &a.Uses)
		if IsNotFound(err) {
			var status string
			if err := tx.QueryRow(ctx, "SELECT status FROM knowledge_articles WHERE id = ?", id).Scan(&status); err != nil {
				return errs.Wrap(err, errs.NotFound, "知识库文章 %d 不存在", id)
			}
			return errs.E(errs.Conflict, "知识库文章 %d 未发布或已下架，不能据此答复", id)
		}
		if err != nil {
			return mapErr(err)
		}
		return tx.AppendAudit(ctx, evs...)
	})
	return a, err
}

// DueReviews implements knowledge.Store.
func (s *KnowledgeStore) DueReviews(ctx context.Context, d workcal.Date, limit int) ([]knowledge.Article, error) {
	rows, err := s.db.Query(ctx, "SELECT "+articleCols+articleFrom+`WHERE a.status = 'published' AND a.review_due <> ''
		AND a.review_due <= ? AND NOT EXISTS (SELECT 1 FROM knowledge_reminders r WHERE r.article_id = a.id AND r.review_due = a.review_due)
		ORDER BY a.review_due, a.id LIMIT ?`, day(d), limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []knowledge.Article
	for rows.Next() {
		a, err := scanArticle(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, mapErr(rows.Err())
}

// Reminded implements knowledge.Store. The article must still be
// published with the same review date (Conflict otherwise: its owner
// acted meanwhile).
func (s *KnowledgeStore) Reminded(ctx context.Context, a knowledge.Article, msgs []cases.Message, evs ...audit.Event) error {
	return s.db.WriteTx(ctx, func(tx *Tx) error {
		var status, due string
		if err := tx.QueryRow(ctx, "SELECT status, review_due FROM knowledge_articles WHERE id = ?"+s.db.forUpdate(), a.ID).
			Scan(&status, &due); err != nil {
			return mapErr(err)
		}
		if status != knowledge.StatusPublished || due != day(a.ReviewDue) {
			return errs.E(errs.Conflict, "文章已变化")
		}
		if _, err := tx.Exec(ctx, "INSERT INTO knowledge_reminders (article_id, review_due, sent_at) VALUES (?, ?, ?)",
			a.ID, due, ms(time.Now())); err != nil {
			return err
		}
		if err := insertMessages(ctx, tx, 0, msgs); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, evs...)
	})
}

// StaffWith implements knowledge.Store.
func (s *KnowledgeStore) StaffWith(ctx context.Context, role string, at access.Scope) ([]int64, error) {
	return NewCaseStore(s.db).StaffWith(ctx, role, at)
}

// placeholders is "?, ?, …" for n values.
func placeholders(n int) string { return strings.TrimSuffix(strings.Repeat("?, ", n), ", ") }
