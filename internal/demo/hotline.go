package demo

import (
	"context"
	"fmt"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/account"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/hotline"
)

// Accounts finds demo accounts by username (account.Service has it).
type Accounts interface {
	ByUsername(ctx context.Context, username string) (account.Account, error)
}

// hotlineRules are 迪庆州's dispatch rules: subject, region, department, lead.
var hotlineRules = []struct {
	subject, region, dept string
	lead                  bool
}{
	{"0101", "533400", "迪庆州发展和改革委员会", true},
	{"0101", "533400", "迪庆州市场监督管理局", false},
	{"0102", "533400", "迪庆州发展和改革委员会", true},
	{"02", "533400", "迪庆州市场监督管理局", true},
	{"03", "533400", "迪庆州住房和城乡建设局", true},
	{"0301", "533401", "香格里拉市住房和城乡建设局", true},
	{"04", "533400", "迪庆州交通运输局", true},
	{"0501", "533400", "迪庆州人力资源和社会保障局", true},
	{"0503", "533400", "迪庆州人力资源和社会保障局", true},
	{"0502", "533400", "迪庆州医疗保障局", true},
	{"06", "533400", "迪庆州政务服务管理局", true},
	{"07", "533400", "迪庆州生态环境局", true},
	{"08", "533400", "迪庆州文化和旅游局", true},
}

// LoadHotline records 迪庆州's dispatch rules and, on a database without
// tickets, a few tickets in different states taken by hotline1 and worked
// by dispatcher1 and reviewer1 (迪庆州市场监督管理局). What exists is
// kept, so it can run on every start.
func LoadHotline(ctx context.Context, svc *hotline.Service, accounts Accounts, st Structure) error {
	who := map[string]*access.Principal{}
	for _, u := range []string{"hotline1", "dispatcher1", "reviewer1"} {
		a, err := accounts.ByUsername(ctx, u)
		if err != nil {
			return fmt.Errorf("demo: hotline: %s: %w", u, err)
		}
		who[u] = Principal(a)
	}
	agent, disp, rev := who["hotline1"], who["dispatcher1"], who["reviewer1"]
	for _, r := range hotlineRules {
		id, ok := st.DeptIDs[r.dept]
		if !ok {
			continue
		}
		_, err := svc.AddRule(ctx, disp, hotline.RuleInput{Subject: r.subject, Region: r.region, DeptID: id, Lead: r.lead})
		if err != nil && !errs.Is(err, errs.Conflict) {
			return fmt.Errorf("demo: hotline rule %s@%s: %w", r.subject, r.region, err)
		}
	}
	page, err := svc.List(ctx, disp, hotline.ListQuery{View: hotline.ViewAll, Limit: 1})
	if err != nil {
		return err
	}
	if len(page.Tickets) > 0 {
		return nil
	}
	take := func(in hotline.Input) (string, error) {
		t, err := svc.Intake(ctx, agent, in)
		return t.Number, err
	}
	act := func(p *access.Principal, number string, in hotline.ActionInput) error {
		_, err := svc.Act(ctx, p, number, in)
		if err != nil {
			return fmt.Errorf("demo: hotline %s on %s: %w", in.Action, number, err)
		}
		return nil
	}
	phone := func(typ, subject, region, address, content, name, tel string) hotline.Input {
		return hotline.Input{Channel: hotline.ChannelPhone, Type: typ, Subject: subject, Region: region, Address: address,
			Content: content, CallerName: name, CallerPhone: tel}
	}
	// 1. 待派单: a taxi complaint, the rule suggests 迪庆州交通运输局.
	if _, err := take(phone(hotline.TypeComplaint, "0401", "533401", "香格里拉市建塘镇独克宗古城北门",
		"出租车司机拒载并要求不打表一口价 50 元，车牌号云R·T1234。", "张先生", "13988701001")); err != nil {
		return err
	}
	// 2. 待派单, confidential: property management.
	in := phone(hotline.TypeReport, "0301", "533401", "香格里拉市建塘镇金龙街某小区",
		"小区物业擅自将公共绿地改建为收费停车位。", "匿名", "13988701002")
	in.Confidential = true
	if _, err := take(in); err != nil {
		return err
	}
	// 3. 一次办结: a pension consultation answered on the call.
	in = phone(hotline.TypeConsult, "0501", "533422", "", "退休人员养老金资格认证如何办理？", "和大爷", "13988701003")
	in.Answer = "可通过“云南人社 12333”APP 或到县人社局窗口进行刷脸认证，每年一次。"
	if _, err := take(in); err != nil {
		return err
	}
	// 4. 待签收 at 迪庆州市场监督管理局 (reviewer1): a food-safety complaint.
	n, err := take(phone(hotline.TypeComplaint, "0201", "533401", "香格里拉市建塘镇长征大道某餐馆",
		"在餐馆就餐后腹泻，怀疑食材不新鲜，后厨卫生差。", "李女士", "13988701004"))
	if err != nil {
		return err
	}
	if err := act(disp, n, hotline.ActionInput{Action: hotline.ActDispatch}); err != nil {
		return err
	}
	// 5. 企业直通车: dispatched to 发展改革委, 市场监管局 assisting, urgent.
	in = phone(hotline.TypeHelp, "010103", "533401", "香格里拉市经济开发区",
		"企业申请的 2026 年度稳岗补贴迟迟未兑现，影响资金周转。", "和经理", "13988701005")
	in.Urgency = hotline.Urgent
	if n, err = take(in); err != nil {
		return err
	}
	if err := act(disp, n, hotline.ActionInput{Action: hotline.ActDispatch}); err != nil {
		return err
	}
	// 6. 待回访: a price complaint signed, replied and reviewed.
	n, err = take(phone(hotline.TypeComplaint, "0202", "533401", "香格里拉市松赞林寺景区停车场",
		"景区停车场收费 30 元/小时，未明码标价。", "王先生", "13988701006"))
	if err != nil {
		return err
	}
	for _, s := range []struct {
		p  *access.Principal
		in hotline.ActionInput
	}{
		{disp, hotline.ActionInput{Action: hotline.ActDispatch}},
		{rev, hotline.ActionInput{Action: hotline.ActSign}},
		{rev, hotline.ActionInput{Action: hotline.ActReply, Outcome: hotline.OutcomeResolved,
			Text: "经现场核查，停车场已按规定公示收费标准（5 元/次），对超标收费部分责令退还。"}},
		{disp, hotline.ActionInput{Action: hotline.ActReviewAccept}},
	} {
		if err := act(s.p, n, s.in); err != nil {
			return err
		}
	}
	return nil
}
