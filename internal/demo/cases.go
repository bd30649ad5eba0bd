package demo

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/account"
	"github.com/onewindow/onewindow/internal/cases"
	"github.com/onewindow/onewindow/internal/files"
	"github.com/onewindow/onewindow/internal/validate"
)

// FoodLicence is the demo item the demo cases apply for (食品经营许可, the
// prefecture's market regulator: reviewer1 and approver1 work it).
const FoodLicence = "010260100000-533400"

// People are the demo accounts acting in the demo cases.
type People struct {
	Citizen, Company, Clerk, Reviewer, Approver *access.Principal
}

// samplePDF is a one-page PDF standing in for a scanned material.
func samplePDF(title string) []byte {
	return fmt.Appendf(nil, "%%PDF-1.4\n%% OneWindow demo material: %s\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"+
		"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"+
		"trailer<</Root 1 0 R>>\n%%%%EOF\n", title)
}

// FoodForm is a valid application form for FoodLicence.
func FoodForm(org string, seq int) map[string]any {
	return map[string]any{
		"org_name": org, "credit_code": validate.MakeCreditCode(fmt.Sprintf("92533401MA%07d", 6000000+seq)),
		"legal_rep": "扎西顿珠", "legal_rep_id": validate.MakeIDNumber("533401", time.Date(1988, 5, 12, 0, 0, 0, 0, time.UTC), 21),
		"phone": "0887-8221234", "address": "云南省迪庆州香格里拉市建塘镇长征路 18 号", "format": "餐饮服务经营者",
		"items": "热食类食品制售", "area": 86, "safety_officer": "卓玛",
		"staff": []any{map[string]any{"name": "卓玛", "id_number": validate.MakeIDNumber("533401", time.Date(1992, 3, 8, 0, 0, 0, 0, time.UTC), 44),
			"health_cert_no": "JK2026-0317", "health_cert_until": "2027-03-16", "post": "食品安全管理员"}},
	}
}

// FoodMaterials uploads the required materials of FoodLicence as p and
// names them (the rules list by pledge, as the item allows).
func FoodMaterials(ctx context.Context, fs *files.Service, p *access.Principal) ([]cases.MaterialInput, error) {
	var out []cases.MaterialInput
	for _, m := range []struct{ key, name string }{
		{"application", "食品经营许可申请书"}, {"biz_licence", "营业执照"}, {"facilities", "设备布局与操作流程"},
	} {
		f, err := fs.Upload(ctx, p, m.name+".pdf", "application/pdf", bytes.NewReader(samplePDF(m.name)))
		if err != nil {
			return nil, err
		}
		out = append(out, cases.MaterialInput{Key: m.key, Files: []string{f.ID}})
	}
	return append(out, cases.MaterialInput{Key: "rules", Pledge: true}), nil
}

// LoadCases files a few cases in different states through the real
// service, so that every role's work list has something in it: one
// waiting for acceptance, one in correction, one at review, one at the
// decision, one granted and waiting for the post, one delivered. Skipped
// when the citizen has cases already.
func LoadCases(ctx context.Context, svc *cases.Service, fs *files.Service, who People) error {
	pg, err := svc.List(ctx, who.Citizen, cases.ListQuery{View: cases.ViewMine, Limit: 1})
	if err != nil || pg.Total > 0 {
		return err
	}
	submit := func(p *access.Principal, org string, seq int) (cases.Case, error) {
		mats, err := FoodMaterials(ctx, fs, p)
		if err != nil {
			return cases.Case{}, err
		}
		in := cases.SubmitInput{ItemCode: FoodLicence, Form: FoodForm(org, seq), Materials: mats}
		if seq%2 == 1 {
			in.Delivery = cases.DeliveryInput{Method: cases.DeliverMail, Address: "云南省迪庆州香格里拉市建塘镇长征路 18 号",
				Recipient: "扎西顿珠", Phone: "13988770021"}
		}
		return svc.Submit(ctx, p, in)
	}
	act := func(p *access.Principal, number string, in cases.ActionInput) error {
		_, err := svc.Act(ctx, p, number, in)
		if err != nil {
			return fmt.Errorf("demo case %s %s: %w", number, in.Action, err)
		}
		return nil
	}
	orgs := []string{"香格里拉市高原红餐饮店", "香格里拉市松赞林小吃店", "香格里拉市独克宗茶馆", "香格里拉市纳帕海农家乐", "香格里拉市月光城面馆", "香格里拉市建塘早餐店"}
	var numbers []string
	for i, org := range orgs {
		p := who.Citizen
		if i%2 == 1 {
			p = who.Company
		}
		c, err := submit(p, org, i)
		if err != nil {
			return fmt.Errorf("demo case %d: %w", i, err)
		}
		numbers = append(numbers, c.Number)
	}
	// 0: waiting for acceptance. 1: correction.
	if err := act(who.Clerk, numbers[1], cases.ActionInput{Action: cases.ActRequestCorrection, Problems: []cases.Problem{
		{Material: "facilities", Name: "设备布局与操作流程", Problem: "缺少厨房布局平面图，请补充标明各功能区面积的平面图"},
		{Field: "form.area", Name: "经营场所面积", Problem: "与营业执照登记的面积不一致，请核对后填写"},
	}}); err != nil {
		return err
	}
	// 2…5: accepted (2 waits at the parallel review steps); 3…5 reviewed
	// (3 waits for the decision); 4 and 5 granted; 5 mailed and delivered.
	for i := 2; i < len(numbers); i++ {
		if err := act(who.Clerk, numbers[i], cases.ActionInput{Action: cases.ActAccept}); err != nil {
			return err
		}
		if i >= 3 { // the two parallel steps: 材料审查 and 现场核查 (会签)
			for _, opinion := range []string{"材料齐全，符合法定形式", "现场核查：布局和设备符合要求"} {
				if err := act(who.Reviewer, numbers[i], cases.ActionInput{Action: cases.ActApprove, Comment: opinion}); err != nil {
					return err
				}
			}
		}
		if i >= 4 {
			if err := act(who.Approver, numbers[i], cases.ActionInput{Action: cases.ActApprove, Comment: "同意许可"}); err != nil {
				return err
			}
		}
	}
	return act(who.Clerk, numbers[5], cases.ActionInput{Action: cases.ActDeliver, Tracking: "1187665432109", Carrier: "EMS"})
}

// Principal builds the principal of a demo account with its grants.
func Principal(a account.Account) *access.Principal {
	p := &access.Principal{AccountID: a.ID, Username: a.Username, Kind: a.Kind, Grants: a.Grants}
	if a.Kind == account.KindPerson || a.Kind == account.KindOrg {
		p.Grants = []access.Grant{{Role: access.Applicant}}
	}
	return p
}
