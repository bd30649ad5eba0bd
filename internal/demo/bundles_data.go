package demo

import "github.com/onewindow/onewindow/internal/catalog"

// The demo bundles' definitions: for each item slot, the names the demo
// catalog may give the item (see bundles.go for how they are found).

// bundleSpec describes one demo bundle.
type bundleSpec struct {
	code, name, summary string
	targets, themes     []string
	questions           []catalog.Question
	slots               []slot
}

// slot is one item of a bundle: always needed, or added by an answer.
type slot struct {
	names    []string // the names the item may go by, best first
	question string   // "" always; else the question whose answer adds it
	answer   string
}

func yesNo(key, text string) catalog.Question {
	return catalog.Question{Key: key, Text: text, Kind: catalog.QuestionYesNo}
}

func always(names ...string) slot { return slot{names: names} }

func ifYes(question string, names ...string) slot {
	return slot{names: names, question: question, answer: catalog.AnswerYes}
}

var demoBundles = []bundleSpec{
	{code: "KFD", name: "我要开饭店", themes: []string{"start"}, targets: []string{catalog.TargetPerson, catalog.TargetOrg},
		summary: "开办餐馆、小吃店需要的营业执照、食品经营许可和按经营情况需要的其他许可，一次告知、一表申请、一套材料、并联审批。",
		questions: []catalog.Question{
			yesNo("public_place", "是否同时经营住宿、沐浴、美容美发等公共场所？"),
			yesNo("crowd", "是否属于公众聚集场所（如营业面积较大的餐厅、宴会厅）？"),
			yesNo("liquor", "是否销售酒类？"),
			yesNo("tobacco", "是否销售卷烟？"),
			yesNo("signboard", "是否设置户外招牌或广告？"),
		},
		slots: []slot{
			always("个体工商户设立登记"),
			always("食品经营许可证新办", "食品经营许可"),
			ifYes("public_place", "公共场所卫生许可"),
			ifYes("crowd", "公众聚集场所投入使用、营业前消防安全检查"),
			ifYes("liquor", "酒类商品零售许可", "酒类经营许可", "酒类"),
			ifYes("tobacco", "烟草专卖零售许可证核发", "烟草专卖零售许可", "烟草专卖"),
			ifYes("signboard", "户外广告设施设置审批", "户外广告"),
		}},
	{code: "CS", name: "新生儿出生一件事", themes: []string{"birth"}, targets: []string{catalog.TargetPerson},
		summary:   "孩子出生后的出生医学证明、户口登记、社会保障卡和医保参保，一次申请、部门联办，不再来回跑。",
		questions: []catalog.Question{yesNo("vaccine", "是否同时办理预防接种证？")},
		slots: []slot{
			always("出生医学证明首次签发", "出生医学证明"),
			always("出生登记", "出生户口登记", "户口登记"),
			always("社会保障卡申领"),
			always("城乡居民基本医疗保险参保登记"),
			ifYes("vaccine", "预防接种证办理", "预防接种证"),
		}},
	{code: "QYKB", name: "企业开办一件事", themes: []string{"start"}, targets: []string{catalog.TargetOrg},
		summary:   "企业设立登记、印章刻制、发票申领、员工参保和住房公积金缴存登记一网通办，一日办结。",
		questions: []catalog.Question{yesNo("employees", "是否招用员工？")},
		slots: []slot{
			always("企业设立登记"),
			always("公章刻制备案", "印章刻制"),
			always("发票领用", "发票申领", "首次申领发票"),
			ifYes("employees", "企业职工基本养老保险参保登记", "社会保险登记", "单位参保登记"),
			ifYes("employees", "住房公积金单位缴存登记", "住房公积金缴存登记", "住房公积金单位登记"),
		}},
	{code: "TX", name: "退休一件事", themes: []string{"retirement"}, targets: []string{catalog.TargetPerson},
		summary:   "职工退休时的养老保险待遇申领、医疗保险退休人员转换和住房公积金提取，一次提交、联审联办。",
		questions: []catalog.Question{yesNo("housing_fund", "是否缴存过住房公积金？")},
		slots: []slot{
			always("职工基本养老保险退休待遇申领", "基本养老金申领", "养老保险待遇申领", "退休"),
			always("退休人员基本医疗保险待遇核定", "职工医保退休", "医疗保险退休"),
			ifYes("housing_fund", "住房公积金提取（离休、退休）", "住房公积金提取"),
		}},
	{code: "SH", name: "身后一件事", themes: []string{"death"}, targets: []string{catalog.TargetPerson},
		summary:   "亲人去世后的死亡证明、户口注销、社保和医保停保、丧葬补助和遗属待遇，一次告知、一窗受理。",
		questions: []catalog.Question{yesNo("insured", "逝者是否参加了职工养老保险？")},
		slots: []slot{
			always("居民死亡医学证明", "死亡医学证明"),
			always("死亡户口注销", "户口注销"),
			always("社会保障卡注销", "社保卡注销"),
			ifYes("insured", "丧葬补助金领取", "丧葬补助金", "丧葬费"),
			ifYes("insured", "遗属待遇申领", "遗属待遇", "抚恤金"),
		}},
	{code: "JH", name: "结婚一件事", themes: []string{"marriage"}, targets: []string{catalog.TargetPerson},
		summary: "结婚登记和随后的户口迁移、生育登记一次办，婚姻登记处当场告知后续事项。",
		questions: []catalog.Question{
			yesNo("move_hukou", "是否需要把户口迁到配偶户籍所在地？"),
			yesNo("birth_plan", "是否同时办理生育登记？"),
		},
		slots: []slot{
			always("内地居民结婚登记", "结婚登记"),
			ifYes("move_hukou", "户口迁入登记", "户口迁移"),
			ifYes("birth_plan", "生育登记", "生育服务登记"),
		}},
	{code: "KYD", name: "我要开药店", themes: []string{"start"}, targets: []string{catalog.TargetPerson, catalog.TargetOrg},
		summary: "开办零售药店需要的主体登记、药品经营许可和按经营范围需要的其他许可，一次告知、并联审批。",
		questions: []catalog.Question{
			yesNo("company", "是否以公司形式开办（否则按个体工商户登记）？"),
			yesNo("devices", "是否经营第三类医疗器械？"),
			yesNo("food", "是否销售保健食品、特殊医学用途配方食品等食品？"),
		},
		slots: []slot{
			{names: []string{"个体工商户设立登记"}, question: "company", answer: catalog.AnswerNo},
			ifYes("company", "企业设立登记"),
			always("药品经营许可（零售）"),
			ifYes("devices", "第三类医疗器械经营许可"),
			ifYes("food", "食品经营许可证新办", "食品经营许可"),
		}},
	{code: "GF", name: "购房一件事", themes: []string{"housing"}, targets: []string{catalog.TargetPerson},
		summary: "购买住房后的不动产转移登记，以及使用住房公积金时的贷款、抵押登记和提取，一次申请、部门联办。",
		questions: []catalog.Question{
			yesNo("fund_loan", "是否使用住房公积金贷款？"),
			yesNo("fund_draw", "是否提取住房公积金支付购房款？"),
		},
		slots: []slot{
			always("国有建设用地使用权及房屋所有权转移登记"),
			ifYes("fund_loan", "住房公积金个人住房贷款"),
			ifYes("fund_loan", "不动产抵押权首次登记"),
			ifYes("fund_draw", "住房公积金提取（购买自住住房）"),
		}},
}
