package cases

import (
	"context"
	"fmt"
	"strings"

	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/workcal"
)

var docTitles = map[string]string{
	DocAccept: "受理通知书", DocRefuse: "不予受理决定书", DocCorrection: "补正材料告知书",
	DocGrant: "准予许可决定书", DocDeny: "不予许可决定书", DocDeferred: "容缺受理告知书",
}

var docMarks = map[string]string{
	DocAccept: "受", DocRefuse: "不受", DocCorrection: "补", DocGrant: "准", DocDeny: "不准", DocDeferred: "容",
}

// DocTitle is a document kind's Chinese title.
func DocTitle(kind string) string { return docTitles[kind] }

// rights is the remedy notice on refusals and denials (行政复议法, 行政诉讼法).
const rights = "申请人如对本决定不服，可以自收到本决定之日起六十日内依法申请行政复议，或者自收到本决定之日起六个月内依法向人民法院提起行政诉讼。"

// addDoc issues a document: numbered by the case number, kind and count,
// with a random check code for the public check page.
func (a *act) addDoc(kind string, content DocContent) {
	n := 1
	for _, d := range a.ch.Docs {
		if d.Kind == kind {
			n++
		}
	}
	n += a.c.countDocs(kind)
	number := fmt.Sprintf("%s字〔%d〕%s", docMarks[kind], a.today.Year(), a.c.Number)
	if n > 1 {
		number += fmt.Sprintf("-%d", n)
	}
	content.Title = docTitles[kind]
	content.IssuedOn = a.today.String()
	a.ch.Docs = append(a.ch.Docs, Document{CaseID: a.c.ID, Kind: kind, Number: number + "号",
		CheckCode: randomCode(12), Content: content, CreatedAt: a.s.now()})
}

// countDocs counts the documents of kind the case had before this action
// (corrections are the only kind issued more than once).
func (c *Case) countDocs(kind string) int {
	if kind == DocCorrection {
		return c.Corrections - 1
	}
	return 0
}

func header(c *Case) DocContent {
	return DocContent{DeptName: c.DeptName, ItemName: c.Name, Applicant: c.Applicant.Name,
		Contact: "受理大厅：" + c.HallName}
}

func acceptNotice(c *Case) DocContent {
	d := header(c)
	d.Paragraphs = []string{
		fmt.Sprintf("你（单位）于 %s 提出的“%s”申请（办件编号 %s），申请材料齐全、符合法定形式，本机关决定予以受理。",
			c.SubmittedAt.In(workcal.China).Format("2006年01月02日"), c.Name, c.Number),
		fmt.Sprintf("本机关将在受理之日起 %d 个工作日内作出决定（依法需要听证、检验、检测、鉴定、专家评审的，所需时间不计算在内），承诺办结日期为 %s。",
			c.Clock.Promised, c.Clock.Due),
	}
	if c.Deemed {
		d.Paragraphs = append(d.Paragraphs, "本机关未在收到申请之日起五个工作日内作出受理决定，依照《中华人民共和国行政许可法》第三十二条，自收到申请材料之日起即为受理。")
		d.LegalBasis = []string{"《中华人民共和国行政许可法》第三十二条"}
	}
	return d
}

func deferredNotice(c *Case) DocContent {
	d := header(c)
	d.Paragraphs = []string{fmt.Sprintf("你（单位）申请的“%s”（办件编号 %s）主要材料齐全，本机关实行容缺受理。请在下列期限内补齐所列材料，逾期未补齐的，将影响办理结果。", c.Name, c.Number)}
	d.ItemsTitle = "容缺后补的材料"
	for _, o := range c.Owed {
		d.Items = append(d.Items, Problem{Name: o.Name, Problem: "请于 " + o.Due.String() + " 前补交"})
	}
	return d
}

func correctionNotice(c *Case) DocContent {
	d := header(c)
	d.Paragraphs = []string{
		fmt.Sprintf("你（单位）于 %s 提出的“%s”申请（办件编号 %s），经审查，申请材料不齐全或者不符合法定形式。现将需要补正的全部内容一次性告知如下，请补正后重新提交。",
			c.SubmittedAt.In(workcal.China).Format("2006年01月02日"), c.Name, c.Number),
		"补正期间不计入办理时限。补正材料齐全后，本机关将在五个工作日内作出是否受理的决定。",
	}
	d.ItemsTitle = "需补正的材料和问题"
	d.Items = c.Problems
	d.LegalBasis = []string{"《中华人民共和国行政许可法》第三十二条第一款第（四）项"}
	return d
}

func refuseDecision(c *Case) DocContent {
	d := header(c)
	d.Paragraphs = []string{
		fmt.Sprintf("你（单位）提出的“%s”申请（办件编号 %s），经审查，本机关决定不予受理。", c.Name, c.Number),
		"理由：" + c.Decision.Reason,
	}
	d.LegalBasis = splitBasis(c.Decision.LegalBasis)
	d.Rights = rights
	return d
}

func grantDecision(c *Case) DocContent {
	d := header(c)
	d.Paragraphs = []string{
		fmt.Sprintf("你（单位）提出的“%s”申请（办件编号 %s），经审查，符合法定条件和标准，本机关决定准予。", c.Name, c.Number),
		deliveryHint(c),
	}
	return d
}

func denyDecision(c *Case) DocContent {
	d := header(c)
	d.Paragraphs = []string{
		fmt.Sprintf("你（单位）提出的“%s”申请（办件编号 %s），经审查，本机关决定不予许可。", c.Name, c.Number),
		"理由：" + c.Decision.Reason,
	}
	d.LegalBasis = splitBasis(c.Decision.LegalBasis)
	d.Rights = rights
	return d
}

func splitBasis(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '；' || r == ';' }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// CheckDocument is the public check of a document by its code: the
// document and what the public may know of its case (no personal data).
func (s *Service) CheckDocument(ctx context.Context, code string) (Document, error) {
	code = strings.ToUpper(strings.TrimSpace(code))
	d, err := s.store.DocumentByCode(ctx, code)
	if errs.Is(err, errs.NotFound) {
		return Document{}, errs.E(errs.NotFound, "核验码 %s 不对应任何文书，文书可能是伪造的", code)
	}
	if err != nil {
		return Document{}, err
	}
	c, err := s.store.CaseByID(ctx, d.CaseID)
	if err != nil {
		return Document{}, err
	}
	d.Case = &CaseHeader{Number: c.Number, Name: c.Name, DeptName: c.DeptName, Status: c.Status}
	d.Content.Applicant = maskName(d.Content.Applicant)
	return d, nil
}

// event builds a timeline event for the actor in ctx.
func (s *Service) event(ctx context.Context, c *Case, from, to Status, action, comment string, data map[string]any) Event {
	a := audit.ActorFrom(ctx)
	return Event{CaseID: c.ID, At: s.now(), ActorID: a.ID, ActorName: a.Name, Role: a.Role, Action: action,
		From: from, To: to, Comment: comment, Data: data}
}

// notify queues an in-app message (and an SMS through the outbox) to the
// applicant, and to the filer when an agent or clerk filed.
func (s *Service) notify(c *Case, kind, subject, body string) Message {
	return Message{AccountID: c.ApplicantID, CaseID: c.ID, Number: c.Number, Kind: kind, Subject: subject,
		Body: body, Channels: s.Channels, CreatedAt: s.now()}
}

func (a *act) notify(kind, subject, body string) {
	a.ch.Msgs = append(a.ch.Msgs, a.s.notify(a.c, kind, subject, body))
}

func maskName(s string) string {
	rs := []rune(s)
	switch {
	case len(rs) <= 1:
		return s
	case len(rs) <= 4:
		return string(rs[0]) + strings.Repeat("*", len(rs)-1)
	}
	return string(rs[:2]) + strings.Repeat("*", len(rs)-4) + string(rs[len(rs)-2:])
}
