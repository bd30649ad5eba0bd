package excel

// cellKind says how a column's cells are written and read.
type cellKind int

const (
	kText     cellKind = iota // free text
	kCode                     // a code kept as text (Excel must not turn 533400 into a number)
	kInt                      // a whole number; blankZero columns write 0 as an empty cell
	kFloat                    // a number, empty for none
	kBool                     // 是 / 否
	kEnum                     // one value of an enum, written as its Chinese name
	kList                     // free values separated by ";"
	kEnumList                 // enum values separated by ";"
)

// column is one column of a sheet: the Chinese header people read in row 1
// and the machine key (the catalog's JSON name) in the hidden row 2.
type column struct {
	key       string
	header    string
	kind      cellKind
	enum      *enum
	required  bool // the cell may not be empty
	blankZero bool // kInt: 0 is written (and read) as an empty cell
	width     float64
	note      string // how to fill it, shown on the 填写说明 sheet
}

// sheetDef is one sheet of the workbook.
type sheetDef struct {
	name  string
	note  string
	cols  []column
	index map[string]int // key → position in cols
}

// Sheet names, in workbook order.
const (
	sheetItems     = "事项"
	sheetBasis     = "设定依据"
	sheetFees      = "收费"
	sheetProcs     = "特别程序"
	sheetFAQ       = "常见问题"
	sheetMaterials = "申请材料"
	sheetForm      = "表单字段"
	sheetSteps     = "办理环节"
	sheetHelp      = "填写说明"
)

// Header rows: row 1 holds the Chinese headers, row 2 the machine keys
// (hidden); data starts on row 3.
const (
	headerRow = 1
	keyRow    = 2
	firstData = 3
)

// itemCode is the first column of every sheet but 事项: the row's item.
var itemCode = column{key: "code", header: "实施编码", kind: kCode, required: true, width: 24,
	note: "本行所属事项的实施编码，须在“事项”表中出现"}

func def(name, note string, cols ...column) *sheetDef {
	s := &sheetDef{name: name, note: note, cols: cols, index: map[string]int{}}
	for i, c := range cols {
		s.index[c.key] = i
	}
	return s
}

// The workbook layout. docs/catalog-excel.md describes the same, column by
// column; a test checks that every header is documented.
var (
	itemsSheet = def(sheetItems, "一行一个事项（一个实施清单版本）",
		column{key: "code", header: "实施编码", kind: kCode, required: true, width: 24, note: "4–64 位大写字母、数字或连字符，全文件唯一"},
		column{key: "base_code", header: "基本编码", kind: kCode, required: true, width: 22, note: "各地同一事项共用的基本编码"},
		column{key: "parent_code", header: "上级事项编码", kind: kCode, width: 22, note: "子项填主项编码，办理项填子项编码；没有则留空"},
		column{key: "variant", header: "办理项", kind: kEnum, enum: variantEnum, width: 9, note: "新设、变更、延续、注销；不是办理项则留空"},
		column{key: "name", header: "事项名称", kind: kText, required: true, width: 30, note: "最多 100 字"},
		column{key: "kind", header: "事项类型", kind: kEnum, enum: kindEnum, required: true, width: 13},
		column{key: "dept_id", header: "实施部门编号", kind: kInt, blankZero: true, width: 12, note: "平台中的部门编号；省级基本目录事项留空"},
		column{key: "region_code", header: "行政区划代码", kind: kCode, required: true, width: 14, note: "GB/T 2260 代码，如 533400"},
		column{key: "dept_kind", header: "实施主体类型", kind: kText, width: 14, note: "如 市场监管、民政，最多 20 字"},
		column{key: "exercise_level", header: "行使层级", kind: kEnum, enum: levelEnum, required: true, width: 10},
		column{key: "conditions", header: "受理条件", kind: kText, width: 40, note: "最多 4000 字，可换行"},
		column{key: "targets", header: "服务对象", kind: kEnumList, enum: targetEnum, required: true, width: 14, note: "自然人、法人，多个用分号分隔，如 自然人;法人"},
		column{key: "instant", header: "办件类型", kind: kEnum, enum: instantEnum, required: true, width: 10, note: "即办件的承诺时限填 0"},
		column{key: "legal_days", header: "法定时限", kind: kInt, required: true, width: 10, note: "工作日，0–3650"},
		column{key: "promised_days", header: "承诺时限", kind: kInt, required: true, width: 10, note: "工作日，不超过法定时限；承诺件至少 1"},
		column{key: "max_visits", header: "到现场次数", kind: kInt, required: true, width: 11, note: "0–10；全程网办填 0"},
		column{key: "online_depth", header: "网办深度", kind: kInt, required: true, width: 10, note: "1–4，4 为全程网办"},
		column{key: "in_hall", header: "进驻大厅", kind: kBool, width: 10, note: "是、否；留空视为否"},
		column{key: "channels", header: "办理渠道", kind: kEnumList, enum: channelEnum, required: true, width: 26, note: "多个用分号分隔，如 网上办;窗口办"},
		column{key: "cross_region", header: "通办范围", kind: kEnum, enum: crossEnum, width: 11, note: "留空视为不通办"},
		column{key: "consult_phone", header: "咨询电话", kind: kCode, width: 16, note: "手机号或带区号的固定电话，如 0887-8221234"},
		column{key: "complaint_phone", header: "投诉电话", kind: kCode, width: 16},
		column{key: "keywords", header: "关键词", kind: kList, width: 20, note: "多个用分号分隔，每个最多 20 字"},
		column{key: "themes", header: "主题", kind: kEnumList, enum: themeEnum, width: 16, note: "多个用分号分隔"},
	)
	basisSheet = def(sheetBasis, "一行一条设定依据，按行的顺序排列", itemCode,
		column{key: "law", header: "法律法规名称", kind: kText, required: true, width: 36, note: "如 《中华人民共和国行政许可法》"},
		column{key: "article", header: "条款号", kind: kText, width: 14, note: "如 第二十九条"},
		column{key: "text", header: "条款内容", kind: kText, width: 60, note: "最多 4000 字"},
	)
	feesSheet = def(sheetFees, "一行一个收费项目；不收费的事项没有行", itemCode,
		column{key: "name", header: "收费项目", kind: kText, required: true, width: 24},
		column{key: "standard", header: "收费标准", kind: kText, required: true, width: 24, note: "如 每证 10 元"},
		column{key: "basis", header: "收费依据", kind: kText, width: 40},
		column{key: "waivable", header: "可减免", kind: kBool, width: 9, note: "是、否"},
	)
	procsSheet = def(sheetProcs, "一行一个特别程序（听证、检验、检测、鉴定、专家评审等，时间不计入办理时限）", itemCode,
		column{key: "name", header: "程序名称", kind: kText, required: true, width: 16},
		column{key: "max_days", header: "程序时限", kind: kInt, width: 10, note: "天，0–3650"},
		column{key: "note", header: "程序说明", kind: kText, width: 40},
	)
	faqSheet = def(sheetFAQ, "一行一个常见问题", itemCode,
		column{key: "q", header: "问题", kind: kText, required: true, width: 36},
		column{key: "a", header: "解答", kind: kText, required: true, width: 60},
	)
	materialsSheet = def(sheetMaterials, "一行一项申请材料，按行的顺序排列", itemCode,
		column{key: "key", header: "材料标识", kind: kCode, required: true, width: 12, note: "小写字母开头的字母、数字、下划线，事项内唯一，各版本保持不变，如 m1"},
		column{key: "name", header: "材料名称", kind: kText, required: true, width: 30},
		column{key: "requirement", header: "材料要求", kind: kEnum, enum: requirementEnum, required: true, width: 10},
		column{key: "condition", header: "情形说明", kind: kText, width: 30, note: "材料要求为“情形”时必填"},
		column{key: "forms", header: "材料形式", kind: kEnumList, enum: materialFormEnum, required: true, width: 18, note: "原件、复印件、电子件，多个用分号分隔"},
		column{key: "copies", header: "纸质份数", kind: kInt, width: 9, note: "0–20"},
		column{key: "spec", header: "材料规格", kind: kText, width: 12, note: "如 A4"},
		column{key: "template", header: "空白表格", kind: kText, width: 14, note: "空白表格的文件编号"},
		column{key: "sample", header: "示范文本", kind: kText, width: 14, note: "示范文本的文件编号"},
		column{key: "note", header: "备注", kind: kText, width: 24},
		column{key: "acceptance", header: "受理标准", kind: kText, width: 30},
		column{key: "license_type", header: "可替代电子证照", kind: kText, width: 16, note: "可替代本材料的电子证照类型"},
		column{key: "pledge", header: "可告知承诺", kind: kBool, width: 11, note: "是、否"},
		column{key: "deferrable", header: "可容缺", kind: kBool, width: 9, note: "是、否"},
	)
	formSheet = def(sheetForm, "一行一个表单字段；表格字段的列紧随其后，“所属表格”填表格字段的标识", itemCode,
		column{key: "key", header: "字段标识", kind: kCode, required: true, width: 16, note: "小写字母开头的字母、数字、下划线，最多 40 位；同一表单（或同一表格）内唯一"},
		column{key: "label", header: "字段名称", kind: kText, required: true, width: 20},
		column{key: "type", header: "字段类型", kind: kEnum, enum: fieldTypeEnum, required: true, width: 14},
		column{key: "required", header: "必填", kind: kBool, width: 7, note: "是、否"},
		column{key: "options", header: "选项", kind: kList, width: 24, note: "下拉选择字段的选项，用分号分隔"},
		column{key: "min", header: "最小值", kind: kFloat, width: 9, note: "数字字段，可留空"},
		column{key: "max", header: "最大值", kind: kFloat, width: 9, note: "数字字段，可留空"},
		column{key: "max_length", header: "最大长度", kind: kInt, blankZero: true, width: 9, note: "文本、地址字段的最多字数，留空为不限"},
		column{key: "help", header: "填写提示", kind: kText, width: 30},
		column{key: "parent", header: "所属表格", kind: kCode, width: 14, note: "本行是表格的一列时，填表格字段的标识；否则留空"},
		column{key: "max_rows", header: "最多行数", kind: kInt, blankZero: true, width: 9, note: "表格字段最多可填的行数，留空为不限"},
	)
	stepsSheet = def(sheetSteps, "一行一个办理环节，按顺序号从小到大排列；顺序号相同的环节并行办理（会签）", itemCode,
		column{key: "key", header: "环节标识", kind: kCode, required: true, width: 12, note: "如 accept、review、decide，事项内唯一"},
		column{key: "name", header: "环节名称", kind: kText, required: true, width: 14},
		column{key: "stage", header: "顺序号", kind: kInt, required: true, width: 8, note: "从 1 开始，不跳号"},
		column{key: "role", header: "办理角色", kind: kEnum, enum: roleEnum, required: true, width: 18},
		column{key: "days", header: "环节时限", kind: kInt, width: 10, note: "工作日"},
	)
)

// sheets lists the data sheets in workbook order.
var sheets = []*sheetDef{itemsSheet, basisSheet, feesSheet, procsSheet, faqSheet, materialsSheet, formSheet, stepsSheet}
