// Package knowledge is the 12345 hotline's knowledge base (知识库): answers
// to the questions callers ask, each article owned by the department
// responsible for it, which must re-check it by its review date. Agents
// search it in Chinese while on the call; answering from an article
// concludes the ticket at first contact (一次办结) and counts the
// article's use. Every saved text is kept as a version, so an answer given
// on a call can be traced to the words as they were.
//
// The package imports no HTTP and no SQL: Store is the storage it needs,
// Service the rules.
package knowledge

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/workcal"
)

// The statuses of an article.
const (
	StatusDraft     = "draft"     // being written: only the department sees it
	StatusPublished = "published" // searchable by every staff member
	StatusRetired   = "retired"   // withdrawn (下架): kept for the record
)

// Limits of an article's text.
const (
	MaxTitle       = 100
	MaxAnswer      = 5000
	MaxKeywords    = 20
	MaxKeyword     = 30
	MaxSubjects    = 10
	MaxSubject     = 40
	ReviewDays     = 180 // default review period after publishing or re-confirming
	MaxReviewDays  = 730 // the furthest review date an owner may set
	RemindDaysLead = 7   // the owner is reminded this many days before the review date
)

// Article is one question and its answer.
type Article struct {
	ID       int64  `json:"id"`
	DeptID   int64  `json:"dept_id" doc:"所属部门（负责答复口径与复核）"`
	DeptName string `json:"dept_name"`
	Region   string `json:"region_code" doc:"所属部门的行政区划"`
	Title    string `json:"title" doc:"标题：来电人会怎么问"`
	// Keywords are other ways callers ask (问法、关键词); they rank with the title.
	Keywords []string `json:"keywords"`
	Answer   string   `json:"answer" doc:"答复口径：纯文本，空行分段"`
	// Subjects are the hotline's subject codes or words the article
	// answers (the tickets define them; no reference is enforced).
	Subjects []string `json:"subjects"`
	Status   string   `json:"status" enum:"draft,published,retired"`
	// ReviewDue is the date by which the owner must re-check the text;
	// zero until first published.
	ReviewDue workcal.Date `json:"review_due,omitzero"`
	// Stale: published and past its review date (待复核), on the day read.
	Stale         bool      `json:"stale"`
	Uses          int64     `json:"uses" doc:"答复来电时引用的次数（一次办结）"`
	LastUsedAt    time.Time `json:"last_used_at,omitzero"`
	Version       int       `json:"version"`
	PublishedAt   time.Time `json:"published_at,omitzero"`
	CreatedBy     int64     `json:"created_by"`
	CreatedByName string    `json:"created_by_name"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedBy     int64     `json:"updated_by"`
	UpdatedByName string    `json:"updated_by_name"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// Paragraphs splits the answer at blank lines, for display.
func (a Article) Paragraphs() []string { return Paragraphs(a.Answer) }

// Paragraphs splits text at blank lines; lines inside a paragraph are kept.
func Paragraphs(text string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// StaleOn reports whether a is published and past its review date on day.
func (a Article) StaleOn(day workcal.Date) bool {
	return a.Status == StatusPublished && !a.ReviewDue.IsZero() && a.ReviewDue.Before(day)
}

// Doc is the text of one version, as kept in the history.
type Doc struct {
	Title     string       `json:"title"`
	Keywords  []string     `json:"keywords"`
	Answer    string       `json:"answer"`
	Subjects  []string     `json:"subjects"`
	Status    string       `json:"status"`
	ReviewDue workcal.Date `json:"review_due,omitzero"`
}

// Paragraphs splits the answer at blank lines, for display.
func (d Doc) Paragraphs() []string { return Paragraphs(d.Answer) }

// DocOf is a's text as a version keeps it.
func DocOf(a Article) Doc {
	return Doc{Title: a.Title, Keywords: a.Keywords, Answer: a.Answer, Subjects: a.Subjects, Status: a.Status, ReviewDue: a.ReviewDue}
}

// Version is one saved state of an article: every change (create, edit,
// publish, retire, confirm) adds one.
type Version struct {
	ArticleID int64     `json:"article_id"`
	Number    int       `json:"version"`
	Action    string    `json:"action" enum:"create,update,publish,retire,confirm"`
	Doc       Doc       `json:"doc"`
	ActorID   int64     `json:"actor_id"`
	ActorName string    `json:"actor_name"`
	At        time.Time `json:"at"`
}

// Input is an article as its department writes it.
type Input struct {
	DeptID   int64    `json:"dept_id,omitempty" doc:"所属部门编号；新建时可不填，取本人所在部门；修改时不可更改"`
	Title    string   `json:"title" doc:"标题，最多 100 字"`
	Keywords []string `json:"keywords,omitempty" maxItems:"20" doc:"其他问法或关键词，每个最多 30 字"`
	Answer   string   `json:"answer" doc:"答复口径，纯文本，空行分段，最多 5000 字"`
	Subjects []string `json:"subjects,omitempty" maxItems:"10" doc:"适用的热线诉求分类（代码或名称）"`
	Version  int      `json:"version,omitempty" doc:"修改时填读取时的版本号；与当前版本不符返回 409"`
}

// Transition is a publish, retire or re-confirm (延长复核期) request.
type Transition struct {
	Version int `json:"version" doc:"读取时的版本号；与当前版本不符返回 409"`
	// ReviewDue, for publish and confirm: the next review date
	// (YYYY-MM-DD, after today, within two years); empty: 180 days on.
	ReviewDue string `json:"review_due,omitempty" maxLength:"10" doc:"下次复核日期（YYYY-MM-DD）；不填为 180 天后"`
}

// clean normalises in and lists every problem at once (the first error
// names its field; the rest are joined in the message).
func clean(in Input) (Input, error) {
	in.Title = strings.Join(strings.Fields(in.Title), " ")
	in.Answer = strings.TrimSpace(strings.ReplaceAll(in.Answer, "\r\n", "\n"))
	var problems []*errs.Error
	bad := func(field, format string, args ...any) {
		problems = append(problems, errs.Field(field, format, args...))
	}
	switch n := utf8.RuneCountInString(in.Title); {
	case n == 0:
		bad("title", "请填写标题（来电人会怎么问）")
	case n > MaxTitle:
		bad("title", "标题最多 %d 字，现有 %d 字，请精简", MaxTitle, n)
	}
	switch n := utf8.RuneCountInString(in.Answer); {
	case n == 0:
		bad("answer", "请填写答复口径")
	case n > MaxAnswer:
		bad("answer", "答复口径最多 %d 字，现有 %d 字，请精简或拆成几篇", MaxAnswer, n)
	}
	var err error
	if in.Keywords, err = cleanList("keywords", "关键词", in.Keywords, MaxKeywords, MaxKeyword); err != nil {
		problems = append(problems, err.(*errs.Error))
	}
	if in.Subjects, err = cleanList("subjects", "诉求分类", in.Subjects, MaxSubjects, MaxSubject); err != nil {
		problems = append(problems, err.(*errs.Error))
	}
	if hasControl(in.Title) {
		bad("title", "标题含有无法显示的控制字符，请删除后重试")
	}
	if hasControl(in.Answer) {
		bad("answer", "答复口径含有无法显示的控制字符，请删除后重试")
	}
	if len(problems) == 0 {
		return in, nil
	}
	first := problems[0]
	for _, p := range problems[1:] {
		first.Message += "；" + p.Message
	}
	return in, first
}

// cleanList trims, drops empty and repeated entries and checks the limits.
func cleanList(field, name string, in []string, maxN, maxLen int) ([]string, error) {
	out := []string{}
	seen := map[string]bool{}
	for _, s := range in {
		s = strings.Join(strings.Fields(s), " ")
		if s == "" || seen[s] {
			continue
		}
		if n := utf8.RuneCountInString(s); n > maxLen || hasControl(s) {
			return nil, errs.Field(field, "%s“%s”过长或含有控制字符：每个最多 %d 字", name, clip(s, 20), maxLen)
		}
		seen[s] = true
		out = append(out, s)
	}
	if len(out) > maxN {
		return nil, errs.Field(field, "%s最多 %d 个，现有 %d 个", name, maxN, len(out))
	}
	return out, nil
}

func hasControl(s string) bool {
	for _, r := range s {
		if unicode.IsControl(r) && r != '\n' && r != '\t' {
			return true
		}
	}
	return false
}

func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}
