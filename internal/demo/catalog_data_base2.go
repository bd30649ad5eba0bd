package demo

import "github.com/onewindow/onewindow/internal/catalog"

// foodParent is the main item the food licence variants hang under.
const foodParent = "食品经营许可"

// realtyParent is the main item of the real estate registrations.
const realtyParent = "不动产登记"

// baseMoreTemplates are the rest of the base catalog: health, market
// regulation, real estate, construction, education, transport, water and
// forestry.
var baseMoreTemplates = []tpl{
	{scope: scopeBase, dept: "卫生健康", no: 1, name: "出生医学证明首次签发", kind: catalog.KindPublicService,
		laws: []catalog.LegalBasis{lb("《中华人民共和国母婴保健法》", "第二十三条", "医疗卫生机构和从事家庭接生的人员按照国务院卫生行政部门的规定，出具统一制发的新生儿出生医学证明；有产妇和婴儿死亡以及新生儿出生缺陷情况的，应当向卫生行政部门报告。")},
		cond: "在本地助产机构出生的新生儿，由其父母或监护人申请。",
		who:  "p", visits: 1, depth: 3, ch: "owm", cross: catalog.CrossNone,
		themes: list("birth"), keys: list("出生证", "出生医学证明", "新生儿", "上户口"),
		mats: mats(idCard().named("新生儿父母居民身份证"), applyForm("出生医学证明首次签发登记表"), proxy()),
		form: form(txt("baby_name", "新生儿姓名", true, 50), sel("baby_sex", "新生儿性别", true, "男", "女"),
			day("born_on", "出生日期", true), num("weight", "出生体重（克）", true, 300, 7000),
			txt("mother_name", "母亲姓名", true, 50), idn("mother_id", "母亲公民身份号码", true),
			txt("father_name", "父亲姓名", false, 50), idn("father_id", "父亲公民身份号码", false), tel("phone", "联系电话", true)),
		steps: "instant",
		faq: []catalog.QA{qa("出生医学证明上的姓名写错了怎么办？", "签发前请仔细核对。签发后信息有误的，持原证向签发机构申请换发。"),
			qa("出生医学证明办好后还要做什么？", "可一并申请“新生儿出生一件事”：户口登记、医保参保、社会保障卡申领一次办理。")}},
	{scope: scopeBase, dept: "卫生健康", no: 2, name: "公共场所卫生许可", kind: catalog.KindLicensing,
		laws: []catalog.LegalBasis{lb("《公共场所卫生管理条例》", "第八条", "除公园、体育场（馆）、公共交通工具外的公共场所，经营单位应当及时向卫生行政部门申请办理卫生许可证。"), lawLicensing42},
		cond: "经营宾馆、旅店、招待所，公共浴室，理发店、美容店，游泳场（馆），影剧院、歌舞厅等公共场所；场所布局、卫生设施和卫生管理制度符合卫生标准和要求。",
		who:  "o", legal: 20, promised: 10, visits: 1, depth: 3, ch: "omw", cross: catalog.CrossNone,
		themes: list("start", "operate"), keys: list("卫生许可证", "公共场所", "宾馆", "理发店", "美容院", "游泳馆"),
		mats: mats(applyForm("公共场所卫生许可申请表"), bizLicence(), idCard().named("法定代表人或负责人身份证明"),
			must("layout", "公共场所地址方位示意图、平面图和卫生设施平面布局图", "oe", 1),
			must("test_report", "公共场所卫生检测或者评价报告", "oe", 1).pledge().deferrable(),
			must("rules", "公共场所卫生管理制度", "oe", 1), proxy()),
		form: form(orgForm(), sel("venue", "场所类型", true, "宾馆、旅店、招待所", "公共浴室", "理发店、美容店", "游泳场（馆）", "影剧院、歌舞厅、音乐厅"),
			num("area", "经营面积（平方米）", true, 1, 100000), foodStaffTable("从业人员名单")),
		steps: "site",
		faq:   []catalog.QA{qa("饭店、咖啡馆需要办公共场所卫生许可吗？", "不需要。饭馆、咖啡馆、酒吧、茶座等场所的公共场所卫生许可已经取消，办理食品经营许可即可。")}},
	{scope: scopeBase, dept: "卫生健康", no: 3, name: "医师执业注册", kind: catalog.KindLicensing,
		laws: []catalog.LegalBasis{lb("《中华人民共和国医师法》", "第十三条", "国家实行医师执业注册制度。取得医师资格的，可以向所在地县级以上地方人民政府卫生健康主管部门申请注册。医疗卫生机构可以为本机构中的申请人集体办理注册手续。除有本法规定不予注册的情形外，卫生健康主管部门应当自受理申请之日起二十个工作日内准予注册，将注册信息录入国家信息平台，并出具医师执业证书。")},
		cond: "已取得医师资格，并受聘于拟执业的医疗卫生机构。",
		who:  "p", legal: 20, promised: 5, visits: 0, depth: 4, ch: "om", cross: catalog.CrossNone,
		themes: list("work"), keys: list("医师注册", "执业证书", "医生"),
		mats: mats(applyForm("医师执业注册申请审核表"), idCard(), must("qualification", "医师资格证书", "e", 0).lic("医师资格证书"),
			must("health", "六个月内的健康体检证明", "oe", 1), must("employment", "拟执业机构的聘用证明", "oe", 1)),
		form: form(personForm(), txt("qualification_no", "医师资格证书编码", true, 30),
			sel("category", "执业类别", true, "临床", "中医（含民族医）", "口腔", "公共卫生"),
			txt("scope", "执业范围", true, 100), txt("institution", "主要执业机构", true, 100), reg("practice_region", "执业地点", true)),
		steps: "std"},
	{scope: scopeBase, dept: "市场监管", no: 1, name: foodParent, kind: catalog.KindLicensing,
		laws: []catalog.LegalBasis{lawFood, lawFoodRule}, cond: foodConditions,
		who: "po", legal: 10, promised: 5, visits: 0, depth: 4, ch: "omwd", cross: catalog.CrossNone,
		themes: list("start", "operate"), keys: list("食品经营许可证", "餐饮", "开饭店", "小卖部", "食品销售"),
		mats: foodNewMats(), form: foodForm(), steps: "site", faq: foodFAQ},
	{scope: scopeBase, dept: "市场监管", no: 1, parent: foodParent, variant: catalog.VariantNew, name: "食品经营许可证新办", kind: catalog.KindLicensing,
		laws: []catalog.LegalBasis{lawFood, lawFoodRule}, cond: foodConditions,
		who: "po", legal: 10, promised: 5, visits: 0, depth: 4, ch: "omwd", cross: catalog.CrossNone,
		themes: list("start"), keys: list("食品经营许可证", "开饭店", "餐饮许可", "新办"),
		mats: foodNewMats(), form: foodForm(), steps: "site", faq: foodFAQ},
	{scope: scopeBase, dept: "市场监管", no: 1, parent: foodParent, variant: catalog.VariantChange, name: "食品经营许可证变更", kind: catalog.KindLicensing,
		laws: []catalog.LegalBasis{lawFood, lawFoodRule}, cond: "食品经营许可证载明的许可事项发生变化。",
		who: "po", legal: 10, promised: 3, visits: 0, depth: 4, ch: "omwd", cross: catalog.CrossNone,
		themes: list("change"), keys: list("食品经营许可证", "变更", "经营项目变更"),
		mats: mats(applyForm("食品经营许可变更申请书"), bizLicence(), must("change_proof", "与变更事项有关的材料", "oe", 1), proxy()),
		form: form(orgForm(), txt("licence_no", "食品经营许可证编号", true, 20),
			sel("item", "变更事项", true, "经营者名称", "法定代表人（负责人）", "经营场所", "经营项目", "主体业态"), txt("detail", "变更内容", true, 500)),
		steps: "std"},
	{scope: scopeBase, dept: "市场监管", no: 1, parent: foodParent, variant: catalog.VariantRenew, name: "食品经营许可证延续", kind: catalog.KindLicensing,
		laws: []catalog.LegalBasis{lawFood, lawFoodRule}, cond: "食品经营许可证有效期届满需要继续经营，在有效期届满前 90 个工作日至 15 个工作日期间提出申请。",
		who: "po", legal: 10, promised: 3, visits: 0, depth: 4, ch: "omwd", cross: catalog.CrossNone,
		themes: list("operate"), keys: list("食品经营许可证", "延续", "到期换证"),
		mats:  mats(applyForm("食品经营许可延续申请书"), bizLicence(), proxy()),
		form:  form(orgForm(), txt("licence_no", "食品经营许可证编号", true, 20), day("expires_on", "原证有效期至", true), foodStaff),
		steps: "std"},
	{scope: scopeBase, dept: "市场监管", no: 1, parent: foodParent, variant: catalog.VariantCancel, name: "食品经营许可证注销", kind: catalog.KindLicensing,
		laws: []catalog.LegalBasis{lawFood, lawFoodRule}, cond: "终止食品经营活动，或者食品经营许可被撤回、撤销。",
		who: "po", legal: 10, visits: 0, depth: 4, ch: "omw", cross: catalog.CrossNone,
		themes: list("close"), keys: list("食品经营许可证", "注销"),
		mats:  mats(applyForm("食品经营许可注销申请书"), when("paper_licence", "食品经营许可证正、副本", "持有纸质许可证的", "o", 0), proxy()),
		form:  form(orgForm(), txt("licence_no", "食品经营许可证编号", true, 20), sel("reason", "注销原因", true, "停止经营", "许可被撤回或撤销", "其他")),
		steps: "instant"},
	{scope: scopeBase, dept: "市场监管", no: 2, name: "个体工商户设立登记", kind: catalog.KindLicensing,
		laws: []catalog.LegalBasis{lawMarketReg3, lawMarketReg19, lb("《促进个体工商户发展条例》", "", "有经营能力的公民经依法登记为个体工商户；个体工商户可以个人经营，也可以家庭经营。")},
		cond: "有经营能力的公民，经营范围不属于法律、行政法规禁止的项目。",
		who:  "p", legal: 3, visits: 0, depth: 4, ch: "omwkd", cross: catalog.CrossNone,
		themes: list("start"), keys: list("个体户", "营业执照", "个体工商户", "开店", "执照"),
		mats: mats(applyForm("个体工商户登记（备案）申请书"), idCard().named("经营者身份证明"),
			must("premises", "经营场所使用相关文件", "ce", 1).pledge().note("实行住所（经营场所）申报承诺制，可提交承诺书代替"), proxy()),
		form: form(personForm(), txt("shop_name", "个体工商户名称", false, 50), sel("form_kind", "组成形式", true, "个人经营", "家庭经营"),
			txt("business_scope", "经营范围", true, 500), adr("premises", "经营场所", true), reg("premises_region", "经营场所所在区划", true),
			num("staff", "从业人数", true, 1, 999), num("capital", "资金数额（万元）", true, 0, 100000),
			tbl("family", "参加经营的家庭成员", false, 10, txt("name", "姓名", true, 50), idn("id_number", "公民身份号码", true),
				sel("relation", "与经营者关系", true, "配偶", "子女", "父母", "兄弟姐妹", "其他"))),
		steps: "instant",
		faq: []catalog.QA{qa("办个体工商户营业执照要钱吗？", "不收费。登记和营业执照均免费，可网上申请、电子营业执照即时生效。"),
			qa("没有房产证可以登记吗？", "可以。迪庆实行经营场所申报承诺制，如实填报经营场所并签署承诺书即可。")}},
	{scope: scopeBase, dept: "市场监管", no: 3, name: "企业设立登记", kind: catalog.KindLicensing,
		laws: []catalog.LegalBasis{lb("《中华人民共和国公司法》", "第二十九条", "设立公司，应当依法向公司登记机关申请设立登记。法律、行政法规规定设立公司必须报经批准的，应当在公司登记前依法办理批准手续。"), lawMarketReg19},
		cond: "有符合规定的名称、住所、章程、组织机构和出资（注册资本）。",
		who:  "po", legal: 3, promised: 1, visits: 0, depth: 4, ch: "omwd", cross: catalog.CrossNone,
		themes: list("start"), keys: list("营业执照", "开公司", "企业开办", "注册公司", "执照"),
		mats: mats(applyForm("公司登记（备案）申请书"), must("charter", "公司章程", "oe", 1), must("investors", "股东主体资格文件或自然人身份证明", "ce", 1),
			must("officers", "法定代表人、董事、监事和高级管理人员的任职文件", "oe", 1),
			must("premises", "住所使用相关文件", "ce", 1).pledge(), proxy()),
		form: form(txt("org_name", "企业名称", true, 100),
			sel("company_kind", "企业类型", true, "有限责任公司（自然人投资或控股）", "有限责任公司（自然人独资）", "股份有限公司", "个人独资企业", "合伙企业"),
			num("capital", "注册资本（万元）", true, 0, 10000000), adr("address", "住所", true), reg("region", "住所所在区划", true),
			txt("legal_rep", "法定代表人", true, 50), idn("legal_rep_id", "法定代表人身份证件号码", true), tel("phone", "联系电话", true),
			tbl("shareholders", "股东（发起人）名单", true, 50, txt("name", "名称或姓名", true, 100),
				sel("id_kind", "证件类型", true, "居民身份证", "统一社会信用代码", "护照", "其他"), txt("id_no", "证件号码", true, 30),
				num("amount", "认缴出资额（万元）", true, 0, 10000000), sel("method", "出资方式", true, "货币", "实物", "知识产权", "土地使用权", "股权"),
				day("due", "出资期限", true))),
		steps: "std",
		faq: []catalog.QA{qa("注册资本要一次缴足吗？", "不需要一次缴足。有限责任公司全体股东认缴的出资额应当自公司成立之日起五年内缴足。"),
			qa("可以同时办理印章、发票和社保吗？", "可以。选择“企业开办一件事”，营业执照、公章刻制、发票申领、社保和公积金登记一次提交、一日办结。")}},
	{scope: scopeBase, dept: "市场监管", no: 4, name: "药品经营许可（零售）", kind: catalog.KindLicensing,
		laws: []catalog.LegalBasis{lb("《中华人民共和国药品管理法》", "第五十一条", "从事药品批发活动，应当经所在地省、自治区、直辖市人民政府药品监督管理部门批准，取得药品经营许可证。从事药品零售活动，应当经所在地县级以上地方人民政府药品监督管理部门批准，取得药品经营许可证。无药品经营许可证的，不得经营药品。"), lawLicensing42},
		cond: "有依法经过资格认定的药师或者其他药学技术人员；有与所经营药品相适应的营业场所、设备、仓储设施和卫生环境；有保证药品质量的规章制度。",
		who:  "o", legal: 20, promised: 10, visits: 0, depth: 3, ch: "omw", cross: catalog.CrossNone,
		themes: list("start", "operate"), keys: list("药店", "药品经营许可证", "零售药店"),
		mats: mats(applyForm("药品经营许可证申请表"), bizLicence(), must("pharmacist", "执业药师注册证", "e", 0).lic("执业药师注册证"),
			must("layout", "经营场所和仓库平面布局图", "oe", 1), must("quality", "药品质量管理文件目录", "oe", 1), proxy()),
		form: form(orgForm(), sel("mode", "经营方式", true, "零售（连锁）", "零售（单体）"),
			sel("scope", "经营范围", true, "处方药、甲类非处方药、乙类非处方药", "乙类非处方药", "中药饮片"),
			num("area", "营业面积（平方米）", true, 40, 10000),
			tbl("pharmacists", "执业药师名单", true, 20, txt("name", "姓名", true, 50), idn("id_number", "公民身份号码", true), txt("reg_no", "注册证编号", true, 30))),
		steps: "site"},
}

const foodConditions = "有与经营的食品品种、数量相适应的食品原料处理和食品加工、销售、贮存等场所；有相应的设备或者设施；有专职或者兼职的食品安全管理人员和保证食品安全的规章制度；有合理的设备布局和工艺流程。"

var foodFAQ = []catalog.QA{
	qa("只卖预包装食品也要办许可证吗？", "不需要。仅销售预包装食品的，向所在地县级市场监管部门备案即可（《中华人民共和国食品安全法》第三十五条）。"),
	qa("食品经营许可证有效期多久？", "5 年。需要继续经营的，在有效期届满前 90 个工作日至 15 个工作日期间申请延续。"),
}

func foodNewMats() []mt {
	return mats(applyForm("食品经营许可申请书"), bizLicence(),
		must("facilities", "与食品经营相适应的主要设备设施、经营布局、操作流程等文件", "oe", 1),
		must("rules", "食品安全自查、从业人员健康管理、进货查验记录、食品安全事故处置等保证食品安全的规章制度目录", "oe", 1).pledge(),
		proxy())
}

func foodForm() []catalog.Field {
	return form(orgForm(), sel("format", "主体业态", true, "食品销售经营者", "餐饮服务经营者", "集中用餐单位食堂"),
		sel("items", "经营项目", true, "散装食品销售", "热食类食品制售", "冷食类食品制售", "糕点类食品制售", "自制饮品制售"),
		num("area", "经营场所面积（平方米）", true, 1, 100000),
		help(txt("safety_officer", "食品安全管理员", true, 50), "须经培训考核合格"), foodStaff)
}

// foodStaffTable is the staff table under another label.
func foodStaffTable(label string) catalog.Field {
	f := foodStaff
	f.Label = label
	return f
}
