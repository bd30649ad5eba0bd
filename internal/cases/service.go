package cases

import (
	"context"
	"crypto/rand"
	"fmt"
	"slices"
	"time"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/account"
	"github.com/onewindow/onewindow/internal/catalog"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/gov"
	"github.com/onewindow/onewindow/internal/validate"
	"github.com/onewindow/onewindow/internal/workcal"
)

// Items is what cases read of the catalog.
type Items interface {
	Applicable(ctx context.Context, code string) (catalog.Item, error)
	VersionDoc(ctx context.Context, code string, n int) (catalog.Doc, error)
}

// Bundles evaluates a bundle application.
type Bundles interface {
	Application(ctx context.Context, code string, answers map[string]string) (catalog.Application, error)
}

// People finds applicants.
type People interface {
	Applicant(ctx context.Context, id int64) (account.Account, error)
	WalkIn(ctx context.Context, p *access.Principal, in account.WalkInInput) (account.Account, error)
}

// Directory names departments and regions and finds halls.
type Directory interface {
	DeptName(ctx context.Context, id int64) (string, error)
	RegionName(ctx context.Context, code string) (string, error)
	Hall(ctx context.Context, id int64) (gov.Hall, error)
	// IntakeHall is the hall whose front desk takes online applications
	// for items of region: its own centre, or the nearest one above.
	IntakeHall(ctx context.Context, region string) (gov.Hall, error)
}

// Service runs cases.
type Service struct {
	store   Store
	items   Items
	bundles Bundles
	people  People
	dir     Directory
	cal     func() *workcal.Calendar
	now     func() time.Time
	// WarnDays: a due date this many working days away or fewer is yellow.
	WarnDays int
	// Channels are the outbox channels ("sms", "sms,email") every message is
	// also sent through besides the in-app inbox; "" keeps messages in-app.
	Channels string
}

// Deps are the services cases need.
type Deps struct {
	Store    Store
	Items    Items
	Bundles  Bundles
	People   People
	Dir      Directory
	Calendar func() *workcal.Calendar
	Now      func() time.Time
}

// NewService returns the case service.
func NewService(d Deps) *Service {
	if d.Now == nil {
		d.Now = time.Now
	}
	return &Service{store: d.Store, items: d.Items, bundles: d.Bundles, people: d.People, dir: d.Dir,
		cal: d.Calendar, now: d.Now, WarnDays: 2, Channels: "sms"}
}

func (s *Service) today() workcal.Date { return workcal.Today(s.now()) }

// calc counts working days in region (the calendar walks up from any
// level to the nearest region with days of its own).
func (s *Service) calc(region string) calc { return calc{cal: s.cal(), region: region} }

// MaterialInput is what the applicant gives for one material.
type MaterialInput struct {
	Key      string   `json:"key" maxLength:"64"`
	Files    []string `json:"files,omitempty" maxItems:"20" doc:"上传文件的编号（POST /api/v1/files）"`
	Pledge   bool     `json:"pledge,omitempty" doc:"以告知承诺代替（事项允许时）"`
	Deferred bool     `json:"deferred,omitempty" doc:"申请容缺后补（事项允许时）"`
	Paper    bool     `json:"paper,omitempty" doc:"窗口已收纸质材料并核验原件（仅窗口）"`
}

// DeliveryInput is how the applicant wants the result.
type DeliveryInput struct {
	Method    string `json:"method,omitempty" enum:"pickup,mail,online," doc:"pickup 窗口领取 / mail 免费邮寄 / online 电子送达"`
	HallID    int64  `json:"hall_id,omitempty" doc:"领取大厅（默认受理大厅）"`
	Address   string `json:"address,omitempty" maxLength:"200"`
	Recipient string `json:"recipient,omitempty" maxLength:"50"`
	Phone     string `json:"phone,omitempty" maxLength:"20"`
}

// OnBehalf is the applicant a clerk or an agent files for.
type OnBehalf struct {
	account.WalkInInput
	// AuthorisationFile: the uploaded, signed 授权委托书 (agents must give one).
	AuthorisationFile string `json:"authorisation_file,omitempty" maxLength:"64"`
	AuthorisationNote string `json:"authorisation_scope,omitempty" maxLength:"200"`
}

// SubmitInput is an application.
type SubmitInput struct {
	ItemCode   string            `json:"item_code,omitempty" maxLength:"64"`
	BundleCode string            `json:"bundle_code,omitempty" maxLength:"64"`
	Answers    map[string]string `json:"answers,omitempty" doc:"一件事的情形问卷答案"`
	Form       map[string]any    `json:"form"`
	Materials  []MaterialInput   `json:"materials,omitempty" maxItems:"100"`
	Channel    string            `json:"channel,omitempty" enum:"online,mobile,window,agent," doc:"默认：申请人 online，窗口 window，代办 agent"`
	OnBehalfOf *OnBehalf         `json:"on_behalf_of,omitempty"`
	Delivery   DeliveryInput     `json:"delivery,omitempty"`
	Draft      bool              `json:"draft,omitempty" doc:"仅保存草稿，不提交"`
}

// intake is who files, for whom, where.
type intake struct {
	p         *access.Principal
	channel   string
	applicant account.Account // for a walk-in, only its kind until identify
	filer     int64
	hall      gov.Hall // the front desk that accepts (window: the clerk's hall)
	auth      *Authorisation
	owners    []int64
	// walkIn is the applicant a clerk or agent files for, identified (and
	// given an account when new) only once the application has passed
	// every check, so that a refused one writes nothing.
	walkIn *account.WalkInInput
}

// who works out the channel, the applicant and the hall of a submission.
func (s *Service) who(ctx context.Context, p *access.Principal, in SubmitInput) (intake, error) {
	w := intake{p: p}
	switch {
	case p == nil:
		return w, errs.E(errs.Unauthorized, "请先登录")
	case p.Kind == account.KindPerson || p.Kind == account.KindOrg:
		if in.OnBehalfOf != nil {
			return w, errs.Field("on_behalf_of", "申请人本人申请时不填写代办信息")
		}
		w.channel = in.Channel
		if w.channel == "" {
			w.channel = ChannelOnline
		}
		if w.channel != ChannelOnline && w.channel != ChannelMobile {
			return w, errs.Field("channel", "申请人本人只能通过网上（online）或掌上（mobile）申请")
		}
		a, err := s.people.Applicant(ctx, p.AccountID)
		if err != nil {
			return w, err
		}
		w.applicant, w.owners = a, []int64{p.AccountID}
		return w, nil
	case p.Has(access.CaseAccept):
		w.channel = ChannelWindow
		g, ok := p.GrantFor(access.CaseAccept, func(g access.Grant) bool { return g.HallID != 0 })
		if !ok {
			return w, errs.E(errs.Forbidden, "您的受理权限未指定大厅，不能在窗口收件")
		}
		h, err := s.dir.Hall(ctx, g.HallID)
		if err != nil {
			return w, err
		}
		w.hall = h
	case p.RoleFor(access.CaseApply) == access.Agent:
		w.channel = ChannelAgent
	default:
		return w, errs.E(errs.Forbidden, "您没有提交申请的权限")
	}
	if in.Channel != "" && in.Channel != w.channel {
		return w, errs.Field("channel", "您只能以 %s 方式提交", w.channel)
	}
	if in.OnBehalfOf == nil {
		return w, errs.Field("on_behalf_of", "请填写申请人的身份信息（核验证件后）")
	}
	if w.channel == ChannelAgent {
		if in.OnBehalfOf.AuthorisationFile == "" {
			return w, errs.Field("on_behalf_of.authorisation_file", "帮办代办须上传申请人签署的授权委托书")
		}
		w.auth = &Authorisation{FileID: in.OnBehalfOf.AuthorisationFile, Scope: in.OnBehalfOf.AuthorisationNote}
	}
	if k := in.OnBehalfOf.Kind; k != account.KindPerson && k != account.KindOrg {
		return w, errs.Field("on_behalf_of.kind", "申请人类型应为 person（自然人）或 org（法人）")
	}
	w.applicant, w.filer = account.Account{Kind: in.OnBehalfOf.Kind}, p.AccountID
	w.owners, w.walkIn = []int64{p.AccountID}, &in.OnBehalfOf.WalkInInput
	return w, nil
}

// identify finds (or opens) the account of the applicant a clerk or agent
// files for, once the application passed its checks, and puts it on the
// new cases: applicant, owners of the files, recipient of the messages.
func (s *Service) identify(ctx context.Context, w intake, ncs []NewCase) error {
	if w.walkIn == nil {
		return nil
	}
	a, err := s.people.WalkIn(ctx, w.p, *w.walkIn)
	if err != nil {
		return prefixField(err, "on_behalf_of.")
	}
	for i := range ncs {
		nc := &ncs[i]
		nc.Case.ApplicantID, nc.Case.Applicant = a.ID, party(a)
		nc.Owners = append(nc.Owners, a.ID)
		for j := range nc.Msgs {
			if nc.Msgs[j].AccountID == 0 {
				nc.Msgs[j].AccountID = a.ID
			}
		}
	}
	return nil
}

// Submit files an application (or saves a draft) for an item or a bundle.
// Everything is checked before anything is written; form and material
// problems are all listed at once (catalog.FormErrors).
func (s *Service) Submit(ctx context.Context, p *access.Principal, in SubmitInput) (Case, error) {
	w, err := s.who(ctx, p, in)
	if err != nil {
		return Case{}, err
	}
	switch {
	case in.ItemCode != "" && in.BundleCode != "":
		return Case{}, errs.Field("item_code", "事项编码与一件事编码只能填写一个")
	case in.BundleCode != "":
		return s.submitBundle(ctx, w, in)
	case in.ItemCode == "":
		return Case{}, errs.Field("item_code", "请选择要办理的事项")
	}
	it, err := s.items.Applicable(ctx, in.ItemCode)
	if err != nil {
		return Case{}, prefixField(err, "item_code:")
	}
	nc, err := s.build(ctx, w, in, it, in.Form, in.Materials)
	if err != nil {
		return Case{}, err
	}
	batch := []NewCase{nc}
	if err := s.identify(ctx, w, batch); err != nil {
		return Case{}, err
	}
	if err := s.store.Create(ctx, batch, submitAudit(ctx, nc.Case)); err != nil {
		return Case{}, err
	}
	return *nc.Case, nil // the store filled in id, number and version
}

// build checks one item application and makes its new case.
func (s *Service) build(ctx context.Context, w intake, in SubmitInput, it catalog.Item, form map[string]any, mats []MaterialInput) (NewCase, error) {
	doc := it.Doc
	if !slices.Contains(doc.Targets, w.applicant.Kind) {
		who := map[string]string{account.KindPerson: "自然人", account.KindOrg: "法人"}[w.applicant.Kind]
		return NewCase{}, errs.Field("item_code", "事项“%s”不面向%s办理", doc.Name, who)
	}
	if (w.channel == ChannelOnline || w.channel == ChannelMobile) && !slices.Contains(doc.Channels, w.channel) &&
		!slices.Contains(doc.Channels, catalog.ChannelOnline) {
		return NewCase{}, errs.Field("channel", "事项“%s”暂不支持网上申请，请到窗口办理", doc.Name)
	}
	hall := w.hall
	if hall.ID == 0 {
		h, err := s.dir.IntakeHall(ctx, doc.RegionCode)
		if err != nil {
			return NewCase{}, errs.Wrap(err, errs.Unavailable, "事项所在地区没有可受理的政务服务大厅")
		}
		hall = h
	}
	home := func() string {
		if name, err := s.dir.RegionName(ctx, doc.RegionCode); err == nil {
			return name
		}
		return doc.RegionCode
	}
	if err := crossRegionAllowed(doc, hall.RegionCode, home); err != nil {
		return NewCase{}, err
	}
	clean, ferr := catalog.ValidateValues(doc.Form, form)
	problems := formErrors(ferr)
	materials, files := checkMaterials(doc, mats, w.channel == ChannelWindow, problems)
	switch {
	case in.Draft:
		// A draft may be incomplete: it keeps what was typed, and the
		// checks run when it is submitted.
		clean = form
	case problems.Total() > 0:
		return NewCase{}, problems
	case ferr != nil:
		return NewCase{}, ferr
	}
	delivery, err := s.delivery(ctx, in.Delivery, hall)
	if err != nil {
		return NewCase{}, err
	}
	if w.auth != nil {
		files = append(files, w.auth.FileID)
	}
	now := s.now()
	today := workcal.Today(now)
	c := &Case{
		ItemCode: it.Code, ItemVersion: it.PublishedVersion, Name: doc.Name, DeptID: doc.DeptID,
		RegionCode: doc.RegionCode, IntakeRegion: hall.RegionCode, IntakeHallID: hall.ID,
		ApplicantID: w.applicant.ID, FilerID: w.filer, Channel: w.channel, Status: Submitted, Instant: doc.Instant,
		SubmittedAt: now, CreatedAt: now, UpdatedAt: now, Version: 1,
		Detail: Detail{
			Applicant:     party(w.applicant),
			Authorisation: w.auth, Form: clean, Materials: materials, Delivery: delivery,
			Clock:    Clock{Promised: doc.PromisedDays, Legal: doc.LegalDays},
			HallName: hall.Name,
		},
	}
	if w.channel == ChannelWindow {
		c.Visits = 1
	}
	if c.DeptName, err = s.dir.DeptName(ctx, doc.DeptID); err != nil {
		return NewCase{}, err
	}
	if c.CrossRegion() {
		c.IntakeRegionName, _ = s.dir.RegionName(ctx, c.IntakeRegion)
		c.HomeRegionName, _ = s.dir.RegionName(ctx, c.RegionCode)
	}
	action := "submit"
	if in.Draft {
		c.Status, c.SubmittedAt, action = Draft, time.Time{}, "save_draft"
	}
	nc := NewCase{Case: c, Files: files, Owners: w.owners,
		Event: s.event(ctx, c, "", c.Status, action, "", nil)}
	if !in.Draft {
		if err := s.startAcceptance(c, &nc.Tasks, today); err != nil {
			return NewCase{}, err
		}
		nc.Msgs = append(nc.Msgs, s.notify(c, "notice", "已收到您的申请",
			fmt.Sprintf("您申请的“%s”已提交，将在 %s 前作出受理决定。", c.Name, c.Clock.AcceptDue)))
	}
	return nc, nil
}

// startAcceptance puts the case on the front desk's queue with the
// deemed-acceptance date as its due date.
func (s *Service) startAcceptance(c *Case, tasks *[]Task, today workcal.Date) error {
	due, explain, err := s.calc(c.IntakeRegion).acceptDue(today)
	if err != nil {
		return err
	}
	c.Clock.AcceptDue, c.Clock.AcceptExplain = due, explain
	*tasks = append(*tasks, Task{StepKey: AcceptStep, StepName: "受理", Stage: 0, Role: string(access.Clerk),
		Region: c.IntakeRegion, HallID: c.IntakeHallID, State: TaskOpen, StartedOn: today, Due: due,
		DueExplain: explain, CreatedAt: s.now()})
	return nil
}

// crossRegionAllowed checks 通办: a hall outside the item's region may take
// it only when the item's scope allows. home names the item's region for
// the refusal.
func crossRegionAllowed(doc catalog.Doc, hallRegion string, home func() string) error {
	if inRegion(doc.RegionCode, hallRegion) {
		return nil
	}
	switch doc.CrossRegion {
	case catalog.CrossNational:
		return nil
	case catalog.CrossProvince:
		if len(hallRegion) >= 2 && hallRegion[:2] == doc.RegionCode[:2] {
			return nil
		}
		return errs.Field("item_code", "事项“%s”仅支持省内通办，本大厅不在其范围内", doc.Name)
	}
	return errs.Field("item_code", "事项“%s”不支持异地受理，请到%s的政务服务大厅办理", doc.Name, home())
}

// inRegion reports whether the hall's region and the item's region are
// one place: the hall lies in the item's region subtree or above it on the
// same branch (a prefecture centre takes its counties' items).
func inRegion(itemRegion, hallRegion string) bool {
	return validate.InRegion(hallRegion, itemRegion) || validate.InRegion(itemRegion, hallRegion)
}

// delivery checks the delivery wish; the pickup code is made here.
func (s *Service) delivery(ctx context.Context, in DeliveryInput, hall gov.Hall) (Delivery, error) {
	d := Delivery{Method: in.Method}
	switch in.Method {
	case "", DeliverPickup:
		d.Method, d.HallID = DeliverPickup, hall.ID
		if in.HallID != 0 && in.HallID != hall.ID {
			h, err := s.dir.Hall(ctx, in.HallID)
			if err != nil || !h.Active {
				return Delivery{}, errs.Field("delivery.hall_id", "领取大厅不存在或已停用")
			}
			d.HallID = h.ID
		}
		d.PickupCode = randomDigits(6)
	case DeliverMail:
		var err error
		if d.Address, err = text("delivery.address", in.Address, 200, "请填写邮寄地址"); err != nil {
			return Delivery{}, err
		}
		if d.Recipient, err = text("delivery.recipient", in.Recipient, 50, "请填写收件人"); err != nil {
			return Delivery{}, err
		}
		if d.Phone, err = maskedMobile("delivery.phone", in.Phone); err != nil {
			return Delivery{}, err
		}
		d.HallID = hall.ID
	case DeliverOnline:
		d.HallID = hall.ID
	default:
		return Delivery{}, errs.Field("delivery.method", "送达方式应为 pickup（窗口领取）、mail（免费邮寄）或 online（电子送达）")
	}
	return d, nil
}

// checkMaterials matches the given materials against the item's list and
// adds every problem to fe.
func checkMaterials(doc catalog.Doc, in []MaterialInput, window bool, fe *catalog.FormErrors) ([]Material, []string) {
	given := map[string]MaterialInput{}
	for i, m := range in {
		path := fmt.Sprintf("materials[%d]", i)
		if _, dup := given[m.Key]; dup {
			addProblem(fe, path, "材料 "+m.Key, "重复提交")
			continue
		}
		if !slices.ContainsFunc(doc.Materials, func(x catalog.Material) bool { return x.Key == m.Key }) {
			addProblem(fe, path, "材料 "+m.Key, "不是本事项要求的材料")
			continue
		}
		given[m.Key] = m
	}
	var out []Material
	var files []string
	for _, m := range doc.Materials {
		g, ok := given[m.Key]
		path, label := "materials."+m.Key, "“"+m.Name+"”"
		switch {
		case g.Pledge && !m.Pledge:
			addProblem(fe, path, label, "该材料不适用告知承诺，请上传材料")
		case g.Deferred && !m.Deferrable:
			addProblem(fe, path, label, "该材料不能容缺后补，请上传材料")
		case g.Paper && !window:
			addProblem(fe, path, label, "纸质材料只能在窗口提交，请上传电子文件")
		case len(g.Files) > 20:
			addProblem(fe, path, label, "每项材料最多上传 20 个文件")
		case m.Requirement == catalog.Required && len(g.Files) == 0 && !g.Pledge && !g.Deferred && !g.Paper:
			addProblem(fe, path, label, "必须提交，请上传文件"+alternatives(m))
		}
		if !ok {
			continue
		}
		uniq := slices.Compact(slices.Sorted(slices.Values(g.Files)))
		files = append(files, uniq...)
		out = append(out, Material{Key: m.Key, Name: m.Name, Files: uniq, Pledge: g.Pledge, Deferred: g.Deferred, Paper: g.Paper})
	}
	return out, files
}

func alternatives(m catalog.Material) string {
	switch {
	case m.Pledge && m.Deferrable:
		return "，或选择告知承诺、容缺后补"
	case m.Pledge:
		return "，或选择告知承诺"
	case m.Deferrable:
		return "，或选择容缺后补"
	}
	return ""
}

func formErrors(err error) *catalog.FormErrors {
	if fe, ok := err.(*catalog.FormErrors); ok {
		return fe
	}
	return &catalog.FormErrors{}
}

func addProblem(fe *catalog.FormErrors, path, label, reason string) {
	fe.List = append(fe.List, catalog.FormError{Path: path, Label: label, Reason: reason, Message: label + "：" + reason})
}

// party is the masked applicant the case records.
func party(a account.Account) Party {
	return Party{Kind: a.Kind, Name: a.Name, IDNumber: a.IDNumberMask, CreditCode: a.CreditCode, Phone: a.PhoneMask}
}

// randomDigits returns n random decimal digits (pickup codes).
func randomDigits(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	for i := range b {
		b[i] = '0' + b[i]%10
	}
	return string(b)
}

// randomCode returns a random check code of n characters without look-alikes.
func randomCode(n int) string {
	const alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
	b := make([]byte, n)
	rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}
