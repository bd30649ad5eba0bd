package knowledge_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/knowledge"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
)

// fixture is two departments of 迪庆州, an editor of each and a hotline
// agent, over a clock the test moves.
type fixture struct {
	db              *sqlstore.DB
	svc             *knowledge.Service
	now             time.Time
	samr, hrss      int64
	editor, other   *access.Principal
	agent, stranger *access.Principal
}

func setup(t *testing.T, db *sqlstore.DB) *fixture {
	t.Helper()
	sqltest.Regions(t, db, "530000", "533400")
	f := &fixture{db: db, now: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)}
	f.samr = sqltest.Dept(t, db, "533400", "迪庆州市场监督管理局", "市场监管", "11533400MB0000021")
	f.hrss = sqltest.Dept(t, db, "533400", "迪庆州人力资源和社会保障局", "人社", "11533400MB0000022")
	f.svc = knowledge.NewService(sqlstore.NewKnowledgeStore(db), func() time.Time { return f.now })
	f.editor = &access.Principal{AccountID: staff(t, db, "approver1", access.Approver, f.samr), Username: "approver1", Kind: "staff",
		Grants: []access.Grant{{Role: access.Approver, Region: "533400", DeptID: f.samr}}}
	f.other = &access.Principal{AccountID: 9002, Username: "approver2", Kind: "staff",
		Grants: []access.Grant{{Role: access.Approver, Region: "533400", DeptID: f.hrss}}}
	f.agent = &access.Principal{AccountID: 9003, Username: "hotline1", Kind: "staff",
		Grants: []access.Grant{{Role: access.HotlineAgent, Region: "533400"}}}
	f.stranger = &access.Principal{AccountID: 9004, Username: "citizen1", Kind: "person"}
	return f
}

// staff inserts an active account holding role in dept and returns its id.
func staff(t *testing.T, db *sqlstore.DB, username string, role access.Role, dept int64) int64 {
	t.Helper()
	ctx := context.Background()
	var id int64
	err := db.WriteTx(ctx, func(tx *sqlstore.Tx) (err error) {
		id, err = tx.InsertID(ctx, `INSERT INTO accounts (username, kind, name, password_hash, password_at, created_at, updated_at)
			VALUES (?, 'staff', ?, 'x', 0, 0, 0)`, username, username)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, "INSERT INTO role_grants (account_id, role, region_code, dept_id, granted_at) VALUES (?, ?, '533400', ?, 0)",
			id, string(role), dept)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func (f *fixture) count(t *testing.T, table string) int {
	t.Helper()
	var n int
	if err := f.db.QueryRow(context.Background(), "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// published creates and publishes an article of the editor's department.
func (f *fixture) published(t *testing.T, in knowledge.Input) knowledge.Article {
	t.Helper()
	ctx := context.Background()
	a, err := f.svc.Create(ctx, f.editor, in)
	if err != nil {
		t.Fatal(err)
	}
	a, err = f.svc.Publish(ctx, f.editor, a.ID, knowledge.Transition{Version: a.Version})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func wantCode(t *testing.T, what string, err error, code errs.Code) {
	t.Helper()
	if !errs.Is(err, code) {
		t.Errorf("%s: %v, want %s", what, err, code)
	}
}

func TestValidationChangesNothing(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := setup(t, db)
		ctx := context.Background()
		audits := f.count(t, "audit_events")
		var many []string
		for i := range 21 {
			many = append(many, "词"+strings.Repeat("a", i+1))
		}
		for name, in := range map[string]knowledge.Input{
			"no title":       {Answer: "答复"},
			"long title":     {Title: strings.Repeat("题", 101), Answer: "答复"},
			"no answer":      {Title: "标题"},
			"long answer":    {Title: "标题", Answer: strings.Repeat("答", 5001)},
			"many keywords":  {Title: "标题", Answer: "答复", Keywords: many},
			"long keyword":   {Title: "标题", Answer: "答复", Keywords: []string{strings.Repeat("词", 31)}},
			"unknown dept":   {DeptID: 999999, Title: "标题", Answer: "答复"},
			"control in txt": {Title: "标\x07题", Answer: "答复"},
		} {
			_, err := f.svc.Create(ctx, f.editor, in)
			wantCode(t, name, err, errs.Invalid)
		}
		// Everything wrong is said at once.
		_, err := f.svc.Create(ctx, f.editor, knowledge.Input{})
		if m := errs.MessageOf(err); !strings.Contains(m, "标题") || !strings.Contains(m, "答复口径") {
			t.Errorf("empty input: %q, want both problems", m)
		}
		if n := f.count(t, "knowledge_articles"); n != 0 {
			t.Errorf("%d articles after refusals", n)
		}
		if n := f.count(t, "audit_events"); n != audits {
			t.Errorf("audit events %d → %d after refusals", audits, n)
		}
	})
}

func TestPermissions(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := setup(t, db)
		ctx := context.Background()
		pub := f.published(t, knowledge.Input{Title: "食品经营许可怎么办", Answer: "登录一网通办申请。"})
		draft, err := f.svc.Create(ctx, f.editor, knowledge.Input{Title: "草稿", Answer: "未完成"})
		if err != nil {
			t.Fatal(err)
		}
		audits := f.count(t, "audit_events")
		// Another department's editor: may read the published one, not change it.
		if _, err := f.svc.Get(ctx, f.other, pub.ID); err != nil {
			t.Errorf("other dept reads published: %v", err)
		}
		_, err = f.svc.Update(ctx, f.other, pub.ID, knowledge.Input{Title: "改", Answer: "改", Version: pub.Version})
		wantCode(t, "other dept edits published", err, errs.Forbidden)
		_, err = f.svc.Retire(ctx, f.other, pub.ID, knowledge.Transition{Version: pub.Version})
		wantCode(t, "other dept retires", err, errs.Forbidden)
		_, err = f.svc.Get(ctx, f.other, draft.ID)
		wantCode(t, "other dept reads a draft", err, errs.NotFound)
		_, err = f.svc.Publish(ctx, f.other, draft.ID, knowledge.Transition{Version: draft.Version})
		wantCode(t, "other dept publishes a draft", err, errs.NotFound)
		_, err = f.svc.Create(ctx, f.other, knowledge.Input{DeptID: f.samr, Title: "越权", Answer: "越权"})
		wantCode(t, "other dept creates for samr", err, errs.Forbidden)
		_, err = f.svc.Create(ctx, f.agent, knowledge.Input{Title: "话务员", Answer: "不能写"})
		wantCode(t, "agent creates", err, errs.Forbidden)
		// An agent reads and searches published articles only; a citizen nothing.
		if _, err := f.svc.Get(ctx, f.agent, pub.ID); err != nil {
			t.Errorf("agent reads published: %v", err)
		}
		_, err = f.svc.Get(ctx, f.agent, draft.ID)
		wantCode(t, "agent reads a draft", err, errs.NotFound)
		_, err = f.svc.Search(ctx, f.stranger, knowledge.Query{Q: "食品"})
		wantCode(t, "citizen searches", err, errs.Forbidden)
		pg, err := f.svc.Search(ctx, f.agent, knowledge.Query{Status: "all"})
		if err != nil || len(pg.Articles) != 0 {
			t.Errorf("agent lists all statuses: %d, %v; want none (no department)", len(pg.Articles), err)
		}
		pg, err = f.svc.Search(ctx, f.editor, knowledge.Query{Status: "draft"})
		if err != nil || len(pg.Articles) != 1 || pg.Articles[0].ID != draft.ID {
			t.Errorf("editor lists drafts: %+v, %v", pg.Articles, err)
		}
		if n := f.count(t, "audit_events"); n != audits {
			t.Errorf("audit events %d → %d after refusals", audits, n)
		}
	})
}

func TestConcurrentEditsAndHistory(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := setup(t, db)
		ctx := context.Background()
		a := f.published(t, knowledge.Input{Title: "营业执照办理时限", Answer: "第一版：3 个工作日。"})
		var wg sync.WaitGroup
		errsOut := make([]error, 2)
		for i := range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errsOut[i] = f.svc.Update(ctx, f.editor, a.ID, knowledge.Input{Title: a.Title, Answer: "并发修改 " + string(rune('A'+i)), Version: a.Version})
			}()
		}
		wg.Wait()
		ok := 0
		for _, err := range errsOut {
			if err == nil {
				ok++
			} else {
				wantCode(t, "the loser", err, errs.Conflict)
			}
		}
		if ok != 1 {
			t.Fatalf("%d of two edits at one version succeeded, want 1: %v", ok, errsOut)
		}
		_, err := f.svc.Update(ctx, f.editor, a.ID, knowledge.Input{Title: a.Title, Answer: "旧版本", Version: a.Version})
		wantCode(t, "stale version", err, errs.Conflict)
		vs, err := f.svc.Versions(ctx, f.agent, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(vs) != 3 || vs[0].Number != 3 || vs[0].Action != "update" || vs[2].Action != "create" ||
			vs[1].Doc.Answer != "第一版：3 个工作日。" || vs[1].Doc.Status != knowledge.StatusPublished || vs[1].Doc.ReviewDue.IsZero() {
			t.Errorf("history: %+v", vs)
		}
	})
}

func TestSearchFindsBigramsAndRanksTitlesFirst(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := setup(t, db)
		ctx := context.Background()
		body := f.published(t, knowledge.Input{Title: "个体工商户开业要准备什么", Answer: "先办理营业执照，再办税务登记。"})
		title := f.published(t, knowledge.Input{Title: "营业执照办理时限", Answer: "材料齐全的当场办结。"})
		kw := f.published(t, knowledge.Input{Title: "开办企业一窗通", Keywords: []string{"公司执照"}, Answer: "全程网办。"})
		f.published(t, knowledge.Input{Title: "社保卡补办", Answer: "带身份证到窗口。"})
		for range 5 { // the body hit is used more: title hits still come first
			if _, err := f.svc.Use(ctx, body.ID); err != nil {
				t.Fatal(err)
			}
		}
		pg, err := f.svc.Search(ctx, f.agent, knowledge.Query{Q: "执照"})
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, h := range pg.Articles {
			ids = append(ids, h.ID)
		}
		if len(ids) != 3 || ids[2] != body.ID || !pg.Articles[0].TitleMatch || pg.Articles[2].TitleMatch ||
			(ids[0] != title.ID && ids[0] != kw.ID) {
			t.Errorf("执照: %v, want title and keyword hits (%d, %d) before the body hit %d", ids, title.ID, kw.ID, body.ID)
		}
		if s := pg.Articles[2].Snippet; !strings.Contains(s, "营业执照") {
			t.Errorf("snippet %q", s)
		}
		// One character, a word from the answer, punctuation, a draft.
		for q, want := range map[string]int{"照": 3, "税务登记": 1, "！？": 0, "营业执照 时限": 1} {
			pg, err := f.svc.Search(ctx, f.agent, knowledge.Query{Q: q})
			if err != nil || len(pg.Articles) != want {
				t.Errorf("%q: %d hits, %v; want %d", q, len(pg.Articles), err, want)
			}
		}
		if _, err := f.svc.Retire(ctx, f.editor, title.ID, knowledge.Transition{Version: title.Version}); err != nil {
			t.Fatal(err)
		}
		pg, _ = f.svc.Search(ctx, f.agent, knowledge.Query{Q: "时限"})
		if len(pg.Articles) != 0 {
			t.Errorf("a retired article is still found: %+v", pg.Articles)
		}
		// Paging.
		pg, err = f.svc.Search(ctx, f.agent, knowledge.Query{Q: "照", Limit: 1})
		if err != nil || len(pg.Articles) != 1 || pg.NextCursor != "1" {
			t.Errorf("page 1: %d, %q, %v", len(pg.Articles), pg.NextCursor, err)
		}
		_, err = f.svc.Search(ctx, f.agent, knowledge.Query{Q: "照", Cursor: "x"})
		wantCode(t, "bad cursor", err, errs.Invalid)
	})
}

func TestUseCountsAtomically(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := setup(t, db)
		ctx := context.Background()
		a := f.published(t, knowledge.Input{Title: "公积金提取", Answer: "登录公积金中心网站办理。"})
		var wg sync.WaitGroup
		const n = 20
		for range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if title, err := f.svc.Use(ctx, a.ID); err != nil || title != "公积金提取" {
					t.Errorf("use: %q, %v", title, err)
				}
			}()
		}
		wg.Wait()
		got, err := f.svc.Get(ctx, f.agent, a.ID)
		if err != nil || got.Uses != n || got.LastUsedAt.IsZero() || got.Version != a.Version {
			t.Errorf("after %d uses: uses %d, last used %v, version %d→%d, %v", n, got.Uses, got.LastUsedAt, a.Version, got.Version, err)
		}
		d, _ := f.svc.Create(ctx, f.editor, knowledge.Input{Title: "草稿", Answer: "未发布"})
		_, err = f.svc.Use(ctx, d.ID)
		wantCode(t, "use a draft", err, errs.Conflict)
		_, err = f.svc.Use(ctx, 424242)
		wantCode(t, "use a missing article", err, errs.NotFound)
	})
}

func TestStaleFlagAndReminderOnce(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := setup(t, db)
		ctx := context.Background()
		a := f.published(t, knowledge.Input{Title: "出租车投诉渠道", Answer: "拨打 12345。"})
		f.published(t, knowledge.Input{Title: "办事指南在哪里查", Answer: "一网通办网站。"})
		if a.Stale || a.ReviewDue.String() != "2026-08-29" {
			t.Fatalf("published: stale %v, review due %s, want 180 days on (2026-08-29)", a.Stale, a.ReviewDue)
		}
		if n, err := f.svc.Remind(ctx); err != nil || n != 0 {
			t.Errorf("remind before due: %d, %v", n, err)
		}
		f.now = f.now.AddDate(0, 0, 181) // 2026-08-30: both past due
		got, _ := f.svc.Get(ctx, f.agent, a.ID)
		if !got.Stale {
			t.Error("not flagged stale after its review date")
		}
		pg, err := f.svc.Search(ctx, f.agent, knowledge.Query{Stale: true})
		if err != nil || len(pg.Articles) != 2 || !pg.Articles[0].Stale {
			t.Errorf("stale list: %+v, %v", pg.Articles, err)
		}
		review, err := f.svc.Review(ctx, f.editor, 0)
		if err != nil || len(review) != 2 {
			t.Errorf("待复核: %d, %v", len(review), err)
		}
		_, err = f.svc.Review(ctx, f.agent, 0)
		wantCode(t, "agent's review list", err, errs.Forbidden)
		msgs := f.count(t, "messages")
		if n, err := f.svc.Remind(ctx); err != nil || n != 2 {
			t.Errorf("remind: %d, %v; want 2", n, err)
		}
		if n := f.count(t, "messages") - msgs; n != 2 {
			t.Errorf("%d messages, want one per article to the one editor", n)
		}
		if n, err := f.svc.Remind(ctx); err != nil || n != 0 {
			t.Errorf("second remind: %d, %v; want 0", n, err)
		}
		// Re-confirming sets a new date: no longer stale, reminded again when that comes.
		c, err := f.svc.Confirm(ctx, f.editor, a.ID, knowledge.Transition{Version: a.Version, ReviewDue: "2026-12-01"})
		if err != nil || c.Stale || c.ReviewDue.String() != "2026-12-01" {
			t.Fatalf("confirm: %+v, %v", c, err)
		}
		_, err = f.svc.Confirm(ctx, f.editor, a.ID, knowledge.Transition{Version: c.Version, ReviewDue: "2020-01-01"})
		wantCode(t, "confirm to a past date", err, errs.Invalid)
		f.now = time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC)
		if n, err := f.svc.Remind(ctx); err != nil || n != 1 {
			t.Errorf("remind of the new date: %d, %v; want 1", n, err)
		}
	})
}
