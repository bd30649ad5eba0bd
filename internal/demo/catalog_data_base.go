package demo

import "github.com/onewindow/onewindow/internal/catalog"

// Provisions several templates cite.
var (
	lawLicensing42 = lb("《中华人民共和国行政许可法》", "第四十二条", "除可以当场作出行政许可决定的外，行政机关应当自受理行政许可申请之日起二十日内作出行政许可决定。二十日内不能作出决定的，经本行政机关负责人批准，可以延长十日，并应当将延长期限的理由告知申请人。")
	lawMarriage    = lb("《中华人民共和国民法典》", "第一千零四十九条", "要求结婚的男女双方应当亲自到婚姻登记机关申请结婚登记。符合本法规定的，予以登记，发给结婚证。完成结婚登记，即确立婚姻关系。")
	lawMarriageReg = lb("《婚姻登记条例》", "", "婚姻登记机关办理结婚登记、离婚登记、补领婚姻登记证的条件、程序和应当出具的证件、证明材料。")
	lawFood        = lb("《中华人民共和国食品安全法》", "第三十五条", "国家对食品生产经营实行许可制度。从事食品生产、食品销售、餐饮服务，应当依法取得许可。但是，销售食用农产品和仅销售预包装食品的，不需要取得许可。仅销售预包装食品的，应当报所在地县级以上地方人民政府食品安全监督管理部门备案。")
	lawFoodRule    = lb("《食品经营许可和备案管理办法》", "", "在中华人民共和国境内从事食品销售和餐饮服务活动，应当依法取得食品经营许可；食品经营许可的申请、受理、审查、决定及其监督检查适用本办法。")
	lawMarketReg3  = lb("《市场主体登记管理条例》", "第三条", "市场主体应当依照本条例办理登记。未经登记，不得以市场主体名义从事经营活动。法律、行政法规规定无需办理登记的除外。")
	lawMarketReg19 = lb("《市场主体登记管理条例》", "第十九条", "登记机关应当对申请材料进行形式审查。对申请材料齐全、符合法定形式的予以确认并当场登记。不能当场登记的，应当在3个工作日内予以登记；情形复杂的，经登记机关负责人批准，可以再延长3个工作日。")
	lawRealty209   = lb("《中华人民共和国民法典》", "第二百零九条", "不动产物权的设立、变更、转让和消灭，经依法登记，发生效力；未经登记，不发生效力，但是法律另有规定的除外。")
	lawRealty20    = lb("《不动产登记暂行条例》", "第二十条", "不动产登记机构应当自受理登记申请之日起30个工作日内办结不动产登记手续，法律另有规定的除外。")
	lawSocial58    = lb("《中华人民共和国社会保险法》", "第五十八条", "用人单位应当自用工之日起三十日内为其职工向社会保险经办机构申请办理社会保险登记。……国家建立全国统一的个人社会保障号码。个人社会保障号码为公民身份号码。")
	lawRelief      = lb("《社会救助暂行办法》", "第十一条", "申请最低生活保障，由共同生活的家庭成员向户籍所在地的乡镇人民政府、街道办事处提出书面申请；乡镇人民政府、街道办事处通过入户调查、邻里访问、信函索证、群众评议、信息核查等方式，对申请人的家庭收入状况、财产状况进行调查核实，提出初审意见；县级人民政府民政部门经审查，对符合条件的申请予以批准。")
	lawMedical28   = lb("《中华人民共和国社会保险法》", "第二十八条", "符合基本医疗保险药品目录、诊疗项目、医疗服务设施标准以及急诊、抢救的医疗费用，按照国家规定从基本医疗保险基金中支付。")
	lawHousingFund = lb("《住房公积金管理条例》", "第二十四条", "职工有下列情形之一的，可以提取职工住房公积金账户内的存储余额：（一）购买、建造、翻建、大修自住住房的；（二）离休、退休的；（三）完全丧失劳动能力，并与单位终止劳动关系的；（四）出境定居的；（五）偿还购房贷款本息的；（六）房租超出家庭工资收入的规定比例的。")
	lawHousingF25  = lb("《住房公积金管理条例》", "第二十五条", "职工提取住房公积金账户内的存储余额的，所在单位应当予以核实，并出具提取证明。职工应当持提取证明向住房公积金管理中心申请提取住房公积金。住房公积金管理中心应当自受理申请之日起3日内作出准予提取或者不准提取的决定，并通知申请人。")

	realtyFees = []catalog.Fee{
		fee("不动产登记费（住宅类）", "每件 80 元", "《国家发展改革委 财政部关于不动产登记收费标准等有关问题的通知》（发改价格规〔2016〕2559号）", true),
		fee("不动产登记费（非住宅类）", "每件 550 元", "《国家发展改革委 财政部关于不动产登记收费标准等有关问题的通知》（发改价格规〔2016〕2559号）", true),
		fee("不动产权属证书工本费", "每本 10 元（向一个申请人核发一本证书的免收）", "《国家发展改革委 财政部关于不动产登记收费标准等有关问题的通知》（发改价格规〔2016〕2559号）", false),
	}
	realtyMortgageFees = realtyFees[:2]
)

// foodStaff is the staff table of a food licence application (从业人员名单).
var foodStaff = tbl("staff", "从业人员名单", true, 200,
	txt("name", "姓名", true, 50), idn("id_number", "公民身份号码", true),
	txt("health_cert_no", "健康证明编号", true, 40), day("health_cert_until", "健康证明有效期至", true),
	sel("post", "岗位", true, "食品安全管理员", "厨师", "食品加工人员", "销售人员", "服务员", "其他"))

// basePersonTemplates are the base-catalog items for persons; with
// baseOrgTemplates, the 30 items of the province base catalog (基本目录)
// the demo implements in the prefecture and all three counties.
var basePersonTemplates = []tpl{
	{scope: scopeBase, dept: "民政", no: 1, name: "内地居民结婚登记", kind: catalog.KindConfirmation,
		laws: []catalog.LegalBasis{lawMarriage, lb("《中华人民共和国民法典》", "第一千零四十七条", "结婚年龄，男不得早于二十二周岁，女不得早于二十周岁。"), lawMarriageReg},
		cond: "男女双方完全自愿；男方年满二十二周岁、女方年满二十周岁；双方均无配偶；双方不是直系血亲或者三代以内的旁系血亲。",
		who:  "p", visits: 1, depth: 2, ch: "owa", cross: catalog.CrossNational,
		themes: list("marriage"), keys: list("结婚", "领证", "结婚证", "婚姻登记"),
		mats: mats(idCard().named("男女双方居民身份证"), photos(3, "2 寸双方近期半身免冠合影，红色背景").named("双方近期半身免冠合影照片"),
			must("declaration", "本人无配偶以及与对方当事人没有直系血亲和三代以内旁系血亲关系的签字声明", "o", 1).note("在婚姻登记机关现场签署")),
		form: form(txt("man_name", "男方姓名", true, 50), idn("man_id", "男方公民身份号码", true), tel("man_phone", "男方联系电话", true),
			txt("woman_name", "女方姓名", true, 50), idn("woman_id", "女方公民身份号码", true), tel("woman_phone", "女方联系电话", true),
			day("appointment_date", "预约登记日期", true), sel("ceremony", "是否需要颁证仪式", false, "需要", "不需要")),
		steps: "instant",
		faq: []catalog.QA{qa("结婚登记还需要带户口簿吗？", "不需要。双方带本人有效居民身份证即可，婚姻登记机关通过信息共享核验户籍信息。"),
			qa("可以在户籍地以外登记吗？", "可以。内地居民结婚登记全国通办，双方可以选择任一婚姻登记机关办理。"),
			qa("必须双方一起去吗？", "是的。结婚登记须男女双方亲自到场，不能委托他人代办。")}},
	{scope: scopeBase, dept: "民政", no: 2, name: "内地居民离婚登记", kind: catalog.KindConfirmation,
		laws: []catalog.LegalBasis{lb("《中华人民共和国民法典》", "第一千零七十六条", "夫妻双方自愿离婚的，应当签订书面离婚协议，并亲自到婚姻登记机关申请离婚登记。离婚协议应当载明双方自愿离婚的意思表示和对子女抚养、财产以及债务处理等事项协商一致的意见。"),
			lb("《中华人民共和国民法典》", "第一千零七十七条", "自婚姻登记机关收到离婚登记申请之日起三十日内，任何一方不愿意离婚的，可以向婚姻登记机关撤回离婚登记申请。前款规定期限届满后三十日内，双方应当亲自到婚姻登记机关申请发给离婚证；未申请的，视为撤回离婚登记申请。"), lawMarriageReg},
		cond: "双方自愿离婚，并已对子女抚养、财产以及债务处理等事项协商一致；在中国内地登记结婚。",
		who:  "p", visits: 2, depth: 2, ch: "owa", cross: catalog.CrossNational,
		themes: list("marriage"), keys: list("离婚", "离婚证", "冷静期"),
		mats: mats(idCard().named("双方居民身份证"), must("marriage_cert", "结婚证", "o", 0).lic("结婚证"),
			must("agreement", "离婚协议书", "o", 3).withForm(), photos(4, "2 寸近期单人半身免冠照片，每人 2 张").named("双方近期单人半身免冠照片")),
		form: form(txt("party_a_name", "一方姓名", true, 50), idn("party_a_id", "一方公民身份号码", true),
			txt("party_b_name", "另一方姓名", true, 50), idn("party_b_id", "另一方公民身份号码", true),
			day("married_on", "结婚登记日期", true), num("children", "未成年子女人数", true, 0, 10),
			txt("custody", "子女抚养安排", false, 500), txt("property", "财产及债务处理", true, 1000)),
		steps: "divorce", sp: []catalog.SpecialProcedure{sp("离婚冷静期", 30, "自收到申请之日起 30 日内任何一方可撤回申请；期满后 30 日内双方须亲自到场申请发给离婚证")},
		faq: []catalog.QA{qa("什么是离婚冷静期？", "婚姻登记机关收到离婚登记申请之日起 30 日内，任何一方不愿意离婚的，可以撤回申请。冷静期满后 30 日内双方须再次到场申请发证，逾期未申请的视为撤回。")}},
	{scope: scopeBase, dept: "民政", no: 3, name: "补领婚姻登记证", kind: catalog.KindConfirmation,
		laws: []catalog.LegalBasis{lawMarriageReg}, cond: "结婚证、离婚证遗失或者损毁，经婚姻登记档案查证属实。",
		who: "p", visits: 1, depth: 2, ch: "owa", cross: catalog.CrossProvince,
		themes: list("marriage"), keys: list("补领结婚证", "补办离婚证", "结婚证丢失"),
		mats: mats(idCard(), when("photo_couple", "双方近期半身免冠合影照片", "补领结婚证的", "o", 3).spec("2 寸"),
			when("photo_single", "本人近期半身免冠照片", "补领离婚证的", "o", 2).spec("2 寸"),
			may("archive_proof", "婚姻登记档案证明", "o", 1).note("婚姻登记档案不在本机关的，可提交档案保管部门出具的证明")),
		form:  form(personForm(), sel("cert_kind", "补领证件", true, "结婚证", "离婚证"), day("registered_on", "原登记日期", false)),
		steps: "instant"},
	{scope: scopeBase, dept: "公安", no: 1, name: "户口迁入登记", kind: catalog.KindConfirmation,
		laws: []catalog.LegalBasis{lb("《中华人民共和国户口登记条例》", "第十三条", "公民迁移，从到达迁入地的时候起，城市在三日以内，农村在十日以内，由本人或者户主持迁移证件向户口登记机关申报迁入登记，缴销迁移证件。"),
			lb("《中华人民共和国户口登记条例》", "第十条", "公民迁出本户口管辖区，由本人或者户主在迁出前向户口登记机关申报迁出登记，领取迁移证件，注销户口。")},
		cond: "有合法稳定住所（含租赁），或投靠直系亲属，或为大中专院校毕业生、引进人才；迪庆州城镇落户条件已全面放开。",
		who:  "p", legal: 20, promised: 5, visits: 1, depth: 3, ch: "omw", cross: catalog.CrossNational,
		themes: list("housing", "work"), keys: list("落户", "迁户口", "户口迁移", "一站式迁移"),
		mats: mats(idCard(), applyForm("户口迁移申请表"), when("house_proof", "合法稳定住所证明（房屋产权证明或租赁合同）", "以合法稳定住所落户的", "ce", 1).lic("不动产权证书"),
			when("kinship", "亲属关系证明", "投靠亲属落户的", "oc", 1), when("diploma", "毕业证书", "高校毕业生落户的", "oc", 1).lic("学历证书"),
			when("host_hukou", "被投靠人居民户口簿", "迁入被投靠人户内的", "o", 0).lic("居民户口簿"), proxy()),
		form: form(personForm(), reg("from_region", "迁出地", true), adr("to_address", "迁入地址", true),
			sel("reason", "迁移原因", true, "合法稳定住所落户", "投靠亲属", "高校毕业生", "引进人才", "其他"),
			tbl("members", "随迁人员", false, 10, txt("name", "姓名", true, 50), idn("id_number", "公民身份号码", true),
				sel("relation", "与申请人关系", true, "配偶", "子女", "父母", "其他"))),
		steps: "std",
		faq:   []catalog.QA{qa("跨省迁户口需要回原籍开迁移证吗？", "不需要。户口迁移实行迁入地“一站式”办理，在迁入地派出所申请即可，迁出手续由公安机关网上流转办理。")}},
	{scope: scopeBase, dept: "公安", no: 2, name: "居住证申领", kind: catalog.KindConfirmation,
		laws: []catalog.LegalBasis{lb("《居住证暂行条例》", "第二条", "公民离开常住户口所在地，到其他城市居住半年以上，符合有合法稳定就业、合法稳定住所、连续就读条件之一的，可以依照本条例的规定申领居住证。")},
		cond: "离开常住户口所在地到本地居住半年以上，并有合法稳定就业、合法稳定住所或者连续就读之一。",
		who:  "p", legal: 15, promised: 7, visits: 1, depth: 3, ch: "omwd", cross: catalog.CrossNone,
		themes: list("housing", "work"), keys: list("居住证", "暂住证", "流动人口"),
		mats: mats(idCard(), must("residence_proof", "居住地住址证明（房屋租赁合同、房屋产权证明等）", "ce", 1).pledge(),
			when("job_proof", "就业证明（劳动合同或营业执照）", "以合法稳定就业申领的", "ce", 1),
			when("study_proof", "就读证明", "以连续就读申领的", "o", 1)),
		form: form(personForm(), adr("residence_address", "居住地址", true), day("resident_since", "来本地居住时间", true),
			sel("basis", "申领条件", true, "合法稳定就业", "合法稳定住所", "连续就读")),
		steps: "issue"},
	{scope: scopeBase, dept: "公安", no: 3, name: "居民身份证换领", kind: catalog.KindConfirmation,
		laws: []catalog.LegalBasis{lb("《中华人民共和国居民身份证法》", "第八条", "居民身份证由居民常住户口所在地的县级人民政府公安机关签发。"),
			lb("《中华人民共和国居民身份证法》", "第十一条", "居民身份证有效期满、公民姓名变更或者证件严重损坏不能辨认的，公民应当换领新证。")},
		cond: "居民身份证有效期满、公民姓名变更或者证件严重损坏不能辨认。",
		who:  "p", legal: 60, promised: 20, visits: 1, depth: 3, ch: "wad", cross: catalog.CrossNational,
		fees: []catalog.Fee{fee("居民身份证工本费（换领）", "每证 20 元", "《国家发展改革委 财政部关于第二代居民身份证收费标准等有关问题的通知》（发改价格〔2003〕2322号）", false)},
		keys: list("身份证", "换证", "身份证到期"),
		mats: mats(must("old_card", "原居民身份证", "o", 0).note("换领时交回"),
			when("hukou", "居民户口簿", "因姓名变更换领的", "oe", 0).lic("居民户口簿")),
		form: form(personForm(), sel("reason", "换领原因", true, "有效期满", "姓名变更", "证件损坏"),
			sel("delivery", "领取方式", true, "窗口领取", "免费邮寄")),
		steps: "issue"},
	{scope: scopeBase, dept: "人力资源社会保障", no: 1, name: "社会保障卡申领", kind: catalog.KindPublicService,
		laws: []catalog.LegalBasis{lawSocial58}, cond: "已在本地参加社会保险或登记户籍的人员。",
		who: "p", legal: 20, promised: 5, visits: 1, depth: 3, ch: "omwd", cross: catalog.CrossNational,
		themes: list("social_security", "birth"), keys: list("社保卡", "社会保障卡", "制卡", "电子社保卡"),
		mats: mats(idCard(), applyForm("社会保障卡申领登记表"), may("photo", "近期免冠证件照片", "oe", 1).note("公安部门照片可调用的无需提交"),
			when("guardian", "监护人居民身份证", "未满十六周岁由监护人代办的", "o", 0).lic("居民身份证")),
		form: form(personForm(), sel("bank", "服务银行", true, "中国工商银行", "中国农业银行", "中国银行", "中国建设银行", "云南省农村信用社"),
			sel("delivery", "领卡方式", true, "窗口领取", "免费邮寄")),
		steps: "issue",
		faq:   []catalog.QA{qa("在外省工作可以在迪庆办社保卡吗？", "可以。社会保障卡申领跨省通办，可在任一社保卡服务网点提交申请。")}},
	{scope: scopeBase, dept: "人力资源社会保障", no: 2, name: "城乡居民基本养老保险参保登记", kind: catalog.KindPublicService,
		laws: []catalog.LegalBasis{lb("《中华人民共和国社会保险法》", "第二十二条", "国家建立和完善城镇居民社会养老保险制度。省、自治区、直辖市人民政府根据实际情况，可以将城镇居民社会养老保险和新型农村社会养老保险合并实施。"),
			lb("《国务院关于建立统一的城乡居民基本养老保险制度的意见》（国发〔2014〕8号）", "三、参保范围", "年满16周岁（不含在校学生），非国家机关和事业单位工作人员及不属于职工基本养老保险制度覆盖范围的城乡居民，可以在户籍地参加城乡居民养老保险。")},
		cond: "年满 16 周岁（不含在校学生），未参加职工基本养老保险的本地户籍城乡居民。",
		who:  "p", visits: 0, depth: 4, ch: "omw", cross: catalog.CrossNone,
		themes: list("social_security", "elderly"), keys: list("养老保险", "城乡居民养老", "参保", "社保"),
		mats: mats(idCard(), hukou()),
		form: form(personForm(), sel("grade", "缴费档次（元/年）", true, "200", "300", "400", "500", "600", "700", "800", "900", "1000", "1500", "2000", "3000"),
			sel("special", "特殊群体", false, "无", "低保对象", "特困人员", "重度残疾人")),
		steps: "instant"},
	{scope: scopeBase, dept: "人力资源社会保障", no: 3, name: "失业保险金申领", kind: catalog.KindBenefit,
		laws: []catalog.LegalBasis{lb("《中华人民共和国社会保险法》", "第四十五条", "失业人员符合下列条件的，从失业保险基金中领取失业保险金：（一）失业前用人单位和本人已经缴纳失业保险费满一年的；（二）非因本人意愿中断就业的；（三）已经进行失业登记，并有求职要求的。"),
			lb("《失业保险条例》", "第十四条", "具备下列条件的失业人员，可以领取失业保险金：失业前所在单位和本人按照规定参加失业保险，并已按照规定履行缴费义务满1年的；非因本人意愿中断就业的；已办理失业登记，并有求职要求的。")},
		cond: "失业前单位和本人已缴纳失业保险费满 1 年；非因本人意愿中断就业；已办理失业登记并有求职要求。",
		who:  "p", legal: 10, promised: 3, visits: 0, depth: 4, ch: "omw", cross: catalog.CrossNational,
		themes: list("work", "social_security"), keys: list("失业金", "失业保险", "失业登记"),
		mats: mats(idCard(), must("termination", "终止或者解除劳动关系的证明", "ce", 1).pledge(),
			may("bank_card", "社会保障卡（金融账户）", "o", 0).lic("社会保障卡")),
		form: form(personForm(), txt("former_employer", "原工作单位", true, 100), day("left_on", "解除劳动关系日期", true),
			sel("reason", "离职原因", true, "劳动合同期满", "单位解除", "单位破产或关闭", "其他非本人意愿原因")),
		steps: "std",
		faq:   []catalog.QA{qa("失业保险金能领多久？", "累计缴费满 1 年不足 5 年的，最长 12 个月；满 5 年不足 10 年的，最长 18 个月；10 年以上的，最长 24 个月。")}},
	{scope: scopeBase, dept: "医疗保障", no: 1, name: "城乡居民基本医疗保险参保登记", kind: catalog.KindPublicService,
		laws: []catalog.LegalBasis{lb("《中华人民共和国社会保险法》", "第二十五条", "国家建立和完善城镇居民基本医疗保险制度。城镇居民基本医疗保险实行个人缴费和政府补贴相结合。")},
		cond: "未参加职工基本医疗保险的本地户籍居民、持居住证的常住人口，以及新生儿。",
		who:  "p", visits: 0, depth: 4, ch: "omwk", cross: catalog.CrossNone,
		themes: list("health", "birth"), keys: list("医保", "居民医保", "参保", "新生儿参保"),
		mats:  mats(idCard(), when("birth_cert", "出生医学证明", "新生儿参保的", "oe", 0).lic("出生医学证明")),
		form:  form(personForm(), sel("category", "参保类别", true, "城乡居民", "新生儿", "在校学生", "持居住证人员")),
		steps: "instant"},
	{scope: scopeBase, dept: "医疗保障", no: 2, name: "跨省异地就医直接结算备案", kind: catalog.KindPublicService,
		laws: []catalog.LegalBasis{lb("《国家医保局 财政部关于进一步做好基本医疗保险跨省异地就医直接结算工作的通知》（医保发〔2022〕22号）", "", "参保人员跨省异地就医前，可通过国家医保服务平台 App、国家异地就医备案小程序或参保地经办机构窗口等线上线下途径办理异地就医备案手续。")},
		cond: "参加本地基本医疗保险，并异地长期居住或临时外出就医。",
		who:  "p", visits: 0, depth: 4, ch: "omw", cross: catalog.CrossNational,
		themes: list("health", "elderly"), keys: list("异地就医", "备案", "医保报销", "异地安置"),
		mats: mats(idCard().named("医保电子凭证或居民身份证"), when("living_proof", "异地居住证明或个人承诺书", "异地长期居住人员备案的", "e", 0).pledge(),
			when("referral", "转诊证明", "转诊转院就医备案的", "e", 0)),
		form: form(personForm(), sel("kind", "备案类型", true, "异地安置退休人员", "异地长期居住人员", "常驻异地工作人员", "转诊转院人员", "临时外出就医人员"),
			reg("to_region", "就医地", true), day("from", "开始日期", true)),
		steps: "instant"},
}
