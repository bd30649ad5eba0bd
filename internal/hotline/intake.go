package hotline

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/pii"
	"github.com/onewindow/onewindow/internal/validate"
)

// Input is a ticket as an agent types it while the caller talks (or as a
// web, mobile, e-mail or transferred request is entered).
type Input struct {
	Channel      string `json:"channel" enum:"phone,web,mobile,email,transfer,open311" doc:"来源渠道"`
	Type         string `json:"type" enum:"consult,help,complaint,report,suggestion,praise" doc:"咨询、求助、投诉、举报、建议、表扬"`
	Subject      string `json:"subject_code" maxLength:"20" doc:"诉求分类编码（GET /api/v1/hotline/subjects）"`
	Region       string `json:"region_code" maxLength:"12" doc:"诉求发生地行政区划代码"`
	Address      string `json:"address,omitempty" maxLength:"200"`
	Urgency      string `json:"urgency,omitempty" enum:"normal,urgent," doc:"默认 normal"`
	Content      string `json:"content" doc:"诉求内容，≤2000 字"`
	CallerName   string `json:"caller_name,omitempty" maxLength:"50"`
	CallerPhone  string `json:"caller_phone" maxLength:"30" doc:"来电号码或联系电话：加密保存，只显示脱敏号码"`
	Confidential bool   `json:"confidential,omitempty" doc:"来电人要求保密：承办部门看不到来电人"`
	// Answer concludes a consultation at first contact (一次办结).
	Answer    string `json:"answer,omitempty" doc:"一次办结：当场答复内容（仅咨询类）"`
	ArticleID int64  `json:"article_id,omitempty" doc:"一次办结所依据的知识库文章（可选）"`
}

// text checks free text; empty is refused with missing when it is not "".
func text(field, s string, max int, missing string) (string, error) {
	if missing != "" && strings.TrimSpace(s) == "" {
		return "", errs.Field(field, "%s", missing)
	}
	return validate.Text(field, s, max, false)
}

// subjectOf finds an active subject and its ancestors (nearest first).
func (s *Service) subjectOf(ctx context.Context, code string) (Subject, []string, error) {
	subs, err := s.Subjects(ctx)
	if err != nil {
		return Subject{}, nil, err
	}
	by := map[string]Subject{}
	for _, x := range subs {
		by[x.Code] = x
	}
	sub, ok := by[strings.TrimSpace(code)]
	if !ok || !sub.Active {
		return Subject{}, nil, errs.Field("subject_code", "诉求分类“%s”不存在或已停用，请从分类列表中选择", clip(code, 20))
	}
	var chain []string
	for c := sub.Code; c != ""; c = by[c].Parent {
		chain = append(chain, c)
	}
	return sub, chain, nil
}

// Subjects lists the classification with each subject's full path and
// whether it (or a parent) is the enterprise fast lane.
func (s *Service) Subjects(ctx context.Context) ([]Subject, error) {
	subs, err := s.store.Subjects(ctx)
	if err != nil {
		return nil, err
	}
	by := map[string]*Subject{}
	for i := range subs {
		x := &subs[i]
		if p, ok := by[x.Parent]; ok {
			x.Path = p.Path + " › " + x.Name
			x.FastLane = x.FastLane || p.FastLane
			x.Active = x.Active && p.Active
		} else {
			x.Path = x.Name
		}
		by[x.Code] = x
	}
	return subs, nil
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// Intake takes a ticket. With an answer (a consultation only) it is
// closed at once as explained (一次办结), optionally from a knowledge-base
// article whose use is counted. Errors: Forbidden (p takes no tickets in
// the region), Invalid naming the field (unknown subject or region, text
// missing or too long, a bad phone number, an unknown article).
func (s *Service) Intake(ctx context.Context, p *access.Principal, in Input) (Ticket, error) {
	if !p.Has(access.HotlineTake) {
		return Ticket{}, errs.E(errs.Forbidden, "只有 12345 话务员和派单员可以受理工单")
	}
	t, err := s.check(ctx, in)
	if err != nil {
		return Ticket{}, err
	}
	if !p.Can(access.HotlineTake, t.scope()) {
		return Ticket{}, errs.E(errs.Forbidden, "诉求发生地 %s 不在您的受理范围内", t.RegionName)
	}
	now := s.now()
	t.TakerID, t.Status, t.Version, t.CreatedAt, t.UpdatedAt = p.AccountID, StatusDispatching, 1, now, now
	action, comment := "intake", Channels[t.Channel]+"受理"
	if in.Answer != "" || in.ArticleID != 0 {
		if t.Type != TypeConsult {
			return Ticket{}, errs.Field("answer", "只有咨询类诉求可以当场答复办结，其他类型请派单")
		}
		if t.Answer, err = text("answer", in.Answer, MaxText, "请填写当场答复的内容"); err != nil {
			return Ticket{}, err
		}
		if in.ArticleID != 0 {
			if s.kb == nil {
				return Ticket{}, errs.Field("article_id", "知识库未启用，请不填写文章编号")
			}
			title, err := s.kb.Use(ctx, in.ArticleID)
			if errs.Is(err, errs.NotFound) {
				return Ticket{}, errs.Field("article_id", "知识库文章 %d 不存在或未发布", in.ArticleID)
			}
			if err != nil {
				return Ticket{}, err
			}
			t.ArticleID, t.ArticleTitle = in.ArticleID, title
		}
		t.Status, t.Outcome, t.FirstContact, t.ClosedAt = StatusClosed, OutcomeExplained, true, now
		action, comment = "answer", "一次办结："+clip(t.Answer, 100)
	}
	ev := Event{At: now, ActorID: p.AccountID, ActorName: p.Username, Role: string(p.RoleFor(access.HotlineTake)),
		Action: action, To: t.Status, Comment: comment}
	// The audit record names no caller: neither the number nor the name.
	aev := audit.New(ctx, "ticket."+action, ObjectType, "", nil, map[string]any{"channel": t.Channel, "type": t.Type,
		"subject": t.SubjectCode, "region": t.Region, "urgency": t.Urgency, "status": t.Status,
		"confidential": t.Confidential, "article_id": t.ArticleID}, "")
	if err := s.store.Create(ctx, &t, ev, nil, aev); err != nil {
		return Ticket{}, err
	}
	return t, nil
}

// check validates an intake and builds the ticket (not yet numbered).
func (s *Service) check(ctx context.Context, in Input) (Ticket, error) {
	t := Ticket{Channel: in.Channel, Type: in.Type, Urgency: in.Urgency, Confidential: in.Confidential}
	if _, ok := Channels[t.Channel]; !ok {
		return t, errs.Field("channel", "来源渠道应为 phone（电话）、web（网站）、mobile（移动端）、email（电子邮件）、transfer（转办）或 open311（Open311 应用）")
	}
	if _, ok := Types[t.Type]; !ok {
		return t, errs.Field("type", "诉求类型应为 consult（咨询）、help（求助）、complaint（投诉）、report（举报）、suggestion（建议）或 praise（表扬）")
	}
	switch t.Urgency {
	case "":
		t.Urgency = Normal
	case Normal, Urgent:
	default:
		return t, errs.Field("urgency", "紧急程度应为 normal（一般）或 urgent（紧急）")
	}
	sub, _, err := s.subjectOf(ctx, in.Subject)
	if err != nil {
		return t, err
	}
	t.SubjectCode, t.SubjectName, t.FastLane = sub.Code, sub.Path, sub.FastLane
	t.Region = strings.TrimSpace(in.Region)
	if _, err := validate.RegionCode("region_code", t.Region); err != nil {
		return t, err
	}
	if t.RegionName, err = s.store.RegionName(ctx, t.Region); errs.Is(err, errs.NotFound) {
		return t, errs.Field("region_code", "行政区划 %s 不存在或已撤销，请重新选择诉求发生地", t.Region)
	} else if err != nil {
		return t, err
	}
	if t.Address, err = text("address", in.Address, MaxAddress, ""); err != nil {
		return t, err
	}
	if strings.ContainsAny(t.Address, "\n\t") {
		return t, errs.Field("address", "地址请写成一行")
	}
	if t.Content, err = text("content", in.Content, MaxContent, "请填写诉求内容"); err != nil {
		return t, err
	}
	name, err := text("caller_name", in.CallerName, MaxName, "")
	if err != nil {
		return t, err
	}
	phone, err := validate.Phone("caller_phone", in.CallerPhone)
	if err != nil {
		return t, err
	}
	var mask string
	if t.PhoneEnc, t.PhoneIdx, mask, err = s.pii.Seal(pii.KindPhone, phone); err != nil {
		return t, fmt.Errorf("hotline: seal caller phone: %w", err)
	}
	t.Caller = &Caller{Name: name, Phone: mask}
	return t, nil
}

// SimilarDays is how far back similar open tickets are looked for.
const SimilarDays = 30

// Similar lists open tickets like the one being taken: the same subject
// in the same region within SimilarDays days, those at the same address
// first. Errors: Forbidden, Invalid (unknown subject or region).
func (s *Service) Similar(ctx context.Context, p *access.Principal, subject, region, address string) ([]Ticket, error) {
	if !p.Has(access.HotlineTake) {
		return nil, errs.E(errs.Forbidden, "只有 12345 话务员和派单员可以查询相似工单")
	}
	sub, _, err := s.subjectOf(ctx, subject)
	if err != nil {
		return nil, err
	}
	if _, err := s.store.RegionName(ctx, region); errs.Is(err, errs.NotFound) {
		return nil, errs.Field("region_code", "行政区划 %s 不存在或已撤销", clip(region, 12))
	} else if err != nil {
		return nil, err
	}
	if !p.Can(access.HotlineTake, access.Scope{Region: region}) {
		return nil, errs.E(errs.Forbidden, "该地区不在您的受理范围内")
	}
	list, err := s.store.Similar(ctx, SimilarQuery{Subject: sub.Code, Region: region, Address: strings.TrimSpace(address),
		SinceMS: s.now().Add(-SimilarDays * 24 * time.Hour).UnixMilli(), Limit: 10})
	if err != nil {
		return nil, err
	}
	return nonNil(list), nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
