package guide

import (
	"fmt"
	"strconv"
	"strings"
)

// numerals number the sections the way Chinese documents do.
var numerals = []string{"一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"}

var (
	bodyText = style{size: 10, color: black}
	noteText = style{size: 9, color: grey}
)

// body draws the sections of the guide in the standard order.
func body(w *writer, g Guide, url string) {
	n := 0
	section := func(title string) {
		heading(w, numerals[n]+"、"+title)
		n++
	}
	section("基本信息")
	factsTable(w, g.Facts)

	section("设定依据")
	if len(g.Basis) == 0 {
		w.paragraph(marginX, contentW, "—", bodyText)
	}
	for i, b := range g.Basis {
		w.paragraph(marginX, contentW, fmt.Sprintf("%d. %s%s", i+1, b.Law, b.Article), style{size: 10, color: black, bold: true})
		if b.Text != "" {
			w.paragraph(marginX+12, contentW-12, b.Text, noteText)
		}
		w.y += 3
	}

	section("受理条件")
	w.paragraph(marginX, contentW, or(g.Conditions, "无特别条件，符合服务对象范围即可申请。"), bodyText)

	section("收费标准")
	if len(g.Fees) == 0 {
		w.paragraph(marginX, contentW, Free+"。", bodyText)
	} else {
		rows := make([][]string, len(g.Fees))
		for i, f := range g.Fees {
			rows[i] = []string{f.Name, f.Standard, or(f.Basis, "—"), f.Waivable}
		}
		w.table([]column{{title: "收费项目", width: 110}, {title: "收费标准", width: 140},
			{title: "收费依据", width: contentW - 110 - 140 - 60}, {title: "可否减免", width: 60, center: true}}, rows, 9, true)
	}

	section("申请材料")
	materials(w, g.Materials)

	section("办理流程")
	steps(w, g.Steps)

	section("特别程序")
	if len(g.Special) == 0 {
		w.paragraph(marginX, contentW, "无。", bodyText)
	} else {
		rows := make([][]string, len(g.Special))
		for i, s := range g.Special {
			rows[i] = []string{s.Name, s.Days, or(s.Note, "—")}
		}
		w.table([]column{{title: "程序名称", width: 120}, {title: "时限", width: 80, center: true},
			{title: "说明", width: contentW - 200}}, rows, 9, true)
		w.y += 4
		w.paragraph(marginX, contentW, "特别程序所需时间不计入办理时限。", noteText)
	}

	section("咨询与投诉")
	factsTable(w, []Fact{{"咨询电话", or(g.ConsultPhone, "—")}, {"投诉电话", or(g.ComplaintPhone, "—")}})
	w.y -= 0.5 // the two tables share a border
	w.table([]column{{width: 78, label: true}, {width: contentW - 78}}, [][]string{{"在线办理", url}}, 9.5, false)

	section("常见问题")
	if len(g.FAQ) == 0 {
		w.paragraph(marginX, contentW, "暂无。", bodyText)
	}
	for i, qa := range g.FAQ {
		w.need(40)
		w.paragraph(marginX, contentW, fmt.Sprintf("问%d：%s", i+1, qa.Q), style{size: 10, color: navy, bold: true})
		w.paragraph(marginX, contentW, "答："+qa.A, bodyText)
		w.y += 4
	}
	w.y += 12
	w.need(20)
	stamp := "本办事指南依据已发布的事项要素生成；"
	if g.Version > 0 {
		stamp = fmt.Sprintf("本办事指南依据第 %d 版事项要素生成；", g.Version)
	}
	w.paragraph(marginX, contentW, stamp+"事项要素如有调整，以扫描二维码查看的在线版本为准。", noteText)
}

// heading draws a section heading on a tinted band, kept on the same page
// as the start of its content.
func heading(w *writer, title string) {
	const h = 22.0
	w.y += 10
	w.need(h + 60)
	w.fill(bandBg)
	w.rect(marginX, w.y, contentW, h, "F")
	w.fill(red)
	w.rect(marginX, w.y, 4, h, "F")
	w.text(marginX+12, w.y+5, title, style{size: 12, color: red, bold: true})
	w.y += h + 8
}

// factsTable lays label–value pairs out two to a row.
func factsTable(w *writer, fs []Fact) {
	const lw = 78.0
	vw := (contentW - 2*lw) / 2
	cols := []column{{width: lw, label: true}, {width: vw}, {width: lw, label: true}, {width: vw}}
	var rows [][]string
	for i := 0; i < len(fs); i += 2 {
		r := []string{fs[i].Label, fs[i].Value, "", ""}
		if i+1 < len(fs) {
			r[2], r[3] = fs[i+1].Label, fs[i+1].Value
		}
		rows = append(rows, r)
	}
	w.table(cols, rows, 9.5, false)
}

func materials(w *writer, ms []MaterialRow) {
	if len(ms) == 0 {
		w.paragraph(marginX, contentW, "无需提交申请材料。", bodyText)
		return
	}
	cols := []column{{title: "序号", width: 28, center: true}, {title: "材料名称", width: 118},
		{title: "材料要求", width: 70}, {title: "材料形式", width: 58, center: true},
		{title: "份数", width: 40, center: true}, {title: "规格", width: 44, center: true}}
	used := 0.0
	for _, c := range cols {
		used += c.width
	}
	cols = append(cols, column{title: "说明", width: contentW - used})
	rows := make([][]string, len(ms))
	for i, m := range ms {
		rows[i] = []string{strconv.Itoa(m.No), m.Name, m.RequirementText(), m.Forms, m.Copies, m.Spec,
			or(strings.Join(m.Notes, "；"), "—")}
	}
	w.table(cols, rows, 9, true)
	w.y += 4
	w.paragraph(marginX, contentW, "“可用电子证照替代”的材料，经申请人授权后由部门通过电子证照库调取，无需再提交；"+
		"“可以告知承诺替代”的材料，申请人书面承诺后可不提交，由部门事后核查。", noteText)
}

func steps(w *writer, ss []StepRow) {
	rows := make([][]string, len(ss))
	parallel := false
	for i, s := range ss {
		how := "顺序办理"
		if s.Parallel {
			how, parallel = "会签", true
		}
		rows[i] = []string{strconv.Itoa(s.Stage), s.Name, s.Role, s.Days, how}
	}
	w.table([]column{{title: "环节序号", width: 56, center: true}, {title: "环节名称", width: 150},
		{title: "办理人员", width: 140}, {title: "时限", width: 80, center: true},
		{title: "办理方式", width: contentW - 426, center: true}}, rows, 9, true)
	if parallel {
		w.y += 4
		w.paragraph(marginX, contentW, "序号相同的环节由各部门同时办理（会签），全部完成后进入下一环节。", noteText)
	}
}
