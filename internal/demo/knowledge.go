package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/knowledge"
)

// kbArticle is one demo knowledge-base article: its department (by name),
// text and how often agents answered from it.
type kbArticle struct {
	dept, title string
	keywords    []string
	answer      string
	uses        int
	stale       bool // published long ago and not re-checked since
}

// kbArticles are the 12345 hotline's answers to what 迪庆州 callers ask
// most. The wording is the departments' usual guidance; figures a caller
// acts on (fees, days) point to the published 办事指南.
var kbArticles = []kbArticle{
	{"迪庆州市场监督管理局", "食品经营许可怎么办", []string{"开饭店要什么证", "食品经营许可证申请", "小餐饮"},
		"食品经营许可由经营场所所在地的市场监督管理部门办理。\n\n可登录一网通办网站或云南政务服务 App 在线申请，也可到政务服务中心市场监管窗口办理。一般需要：申请书、营业执照、法定代表人或负责人身份证明、与经营项目相适应的场所和设备布局、食品安全管理制度等材料。\n\n具体材料和办理时限以一网通办上公布的“食品经营许可”办事指南为准，材料齐全的可当场受理。", 12, false},
	{"迪庆州市场监督管理局", "营业执照办理时限", []string{"办执照要多久", "公司注册时间", "个体户执照"},
		"材料齐全、符合法定形式的，个体工商户营业执照一般当场办结，企业设立登记在承诺时限内办结。\n\n网上申请的，可在一网通办“我的办件”中查看进度，办结后可领取电子营业执照，也可选择邮寄纸质执照。", 9, false},
	{"迪庆州市场监督管理局", "个体工商户营业执照变更", []string{"执照变更经营范围", "个体户改名字"},
		"个体工商户变更名称、经营者、经营场所、经营范围等，应向登记机关申请变更登记。\n\n可在一网通办在线提交，或携带营业执照正副本、经营者身份证到政务服务中心市场监管窗口办理。", 3, false},
	{"迪庆州人力资源和社会保障局", "社保卡补办", []string{"社保卡丢了", "社会保障卡挂失", "换社保卡"},
		"社保卡丢失的，请先挂失：可拨打 12333、通过云南人社 App 或到社保卡服务网点办理临时挂失。\n\n挂失后携带本人身份证到社保卡服务网点或合作银行网点申请补卡，部分网点可即时制卡。补卡是否收取工本费以当地公布的标准为准。", 15, false},
	{"迪庆州人力资源和社会保障局", "灵活就业人员怎么交养老保险", []string{"个人交社保", "自由职业社保"},
		"灵活就业人员可按规定以个人身份参加企业职工基本养老保险。\n\n可到户籍地或居住地社保经办机构办理参保登记，也可通过云南人社 App 办理，缴费基数在规定的范围内自行选择，按月或按年缴纳。", 4, false},
	{"迪庆州住房公积金管理中心", "住房公积金提取", []string{"公积金怎么取", "租房提取公积金", "退休提取公积金"},
		"购买、建造、翻建、大修自住住房，偿还住房贷款本息，租房自住，退休等情形可以申请提取住房公积金。\n\n可通过住房公积金中心网上服务大厅、手机公积金 App 或到政务服务中心公积金专窗办理，一般需本人身份证、银行卡及相应情形的证明材料。不同情形的提取额度和所需材料，以公积金中心公布的办事指南为准。", 11, false},
	{"迪庆州住房公积金管理中心", "公积金贷款能贷多少", []string{"公积金贷款额度", "公积金买房贷款"},
		"住房公积金贷款额度与借款人及配偶的缴存余额、缴存时间、还款能力和所购住房价格有关，并不超过当地规定的最高额度。\n\n可先在公积金中心网上服务大厅试算，再到公积金专窗咨询办理。", 5, false},
	{"迪庆州交通运输局", "出租车投诉渠道", []string{"出租车绕路", "打车投诉", "拒载"},
		"对出租车拒载、绕路、不打表、乱收费等问题，可拨打 12345 热线投诉，也可向交通运输部门投诉。\n\n投诉时请尽量提供车牌号、乘车时间、上下车地点和发票，便于核查处理。处理结果会在规定时限内答复您。", 7, false},
	{"迪庆州政务服务管理局", "办事指南在哪里查", []string{"办事要带什么材料", "办事流程查询"},
		"每个政务服务事项的办事指南（办理条件、材料、时限、收费、地点）都在一网通办网站“办事服务”中公布，可按事项名称或部门查找。\n\n也可到各级政务服务中心咨询窗口询问，或拨打 12345 热线。", 8, false},
	{"迪庆州政务服务管理局", "政务服务中心上班时间", []string{"办事大厅几点开门", "周末能办事吗"},
		"迪庆州政务服务中心工作日上午、下午对外办公，法定节假日休息，具体时间以中心公告为准。\n\n部分事项可在一网通办网上办理，不受办公时间限制。", 6, false},
	{"迪庆州医疗保障局", "医保异地就医备案", []string{"外地看病报销", "异地就医", "跨省就医备案"},
		"到外地长期居住、工作或转诊就医的，可先办理异地就医备案，备案后在外地定点医疗机构就医可直接结算。\n\n可通过国家医保服务平台 App、云南医保相关渠道在线办理，也可到医保经办窗口办理。", 4, false},
	{"迪庆州公安局", "身份证丢失补办", []string{"身份证丢了", "补办身份证"},
		"居民身份证丢失的，可到户籍所在地或居住地的公安机关户政窗口申请补领，补领期间可申请临时身份证。\n\n已开通跨省通办的地区可异地补领，具体以公安机关公布的规定为准。", 10, false},
	{"迪庆州公安局", "居住证怎么办", []string{"外地人办居住证", "暂住证"},
		"在居住地居住满规定时间并有合法稳定就业、稳定住所或连续就读的，可向居住地公安派出所申领居住证。\n\n一般需提供身份证、照片及住所、就业或就读证明，具体以当地派出所要求为准。", 2, false},
	{"迪庆州自然资源局", "不动产登记需要多久", []string{"房产证办理时间", "过户多久"},
		"一般不动产登记在法定时限内办结，其中部分登记事项实行即时办结。\n\n办理时限、所需材料以不动产登记中心公布的办事指南为准，可通过一网通办在线预约。", 3, false},
	{"迪庆州民政局", "结婚登记需要带什么", []string{"领结婚证", "婚姻登记材料"},
		"双方当事人须共同到婚姻登记机关办理，携带本人身份证、户口簿和近期合照。\n\n婚姻登记已开展跨省通办试点的，可按规定在经常居住地办理。", 6, true},
}

// LoadKnowledge publishes kbArticles for their departments, acting as a
// knowledge editor over the prefecture, unless the base has articles
// already (so a restart changes nothing). The stale article is published
// with a clock 200 days back, so its review date has passed.
func LoadKnowledge(ctx context.Context, store knowledge.Store, now func() time.Time, st Structure) error {
	if now == nil {
		now = time.Now
	}
	p := &access.Principal{Username: "system", Kind: "staff", Grants: []access.Grant{{Role: access.Approver, Region: st.Prefecture}}}
	svc := knowledge.NewService(store, now)
	pg, err := svc.Search(ctx, p, knowledge.Query{Status: "all", Limit: 1})
	if err != nil || len(pg.Articles) > 0 {
		return err
	}
	past := knowledge.NewService(store, func() time.Time { return now().AddDate(0, 0, -200) })
	for _, x := range kbArticles {
		dept, ok := st.DeptIDs[x.dept]
		if !ok {
			return fmt.Errorf("demo knowledge: no department %s", x.dept)
		}
		s := svc
		if x.stale {
			s = past
		}
		a, err := s.Create(ctx, p, knowledge.Input{DeptID: dept, Title: x.title, Keywords: x.keywords, Answer: x.answer})
		if err != nil {
			return fmt.Errorf("demo knowledge %s: %w", x.title, err)
		}
		if _, err := s.Publish(ctx, p, a.ID, knowledge.Transition{Version: a.Version}); err != nil {
			return fmt.Errorf("demo knowledge %s: %w", x.title, err)
		}
		for range x.uses {
			if _, err := svc.Use(ctx, a.ID); err != nil {
				return err
			}
		}
	}
	return nil
}
