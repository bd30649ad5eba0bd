package catalog

import (
	"fmt"
	"slices"

	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/validate"
)

// Limits on a bundle document.
const (
	maxBundleItems = 30
	maxQuestions   = 30
	maxOptions     = 20
)

// Validate checks d on its own and normalises it in place: the error names
// the place (items[2].when[0].answer) in Chinese. What needs the items'
// published docs (mapped fields exist, the promised limit) is checked by
// the service (CheckItems).
func (d *BundleDoc) Validate() error {
	var err error
	if d.Name, err = validate.Text("name", d.Name, 100, true); err != nil {
		return err
	}
	if d.Summary, err = validate.Text("summary", d.Summary, 2000, true); err != nil {
		return err
	}
	if d.Note, err = validate.Text("note", d.Note, 2000, false); err != nil {
		return err
	}
	if len(d.Targets) == 0 {
		return errs.Field("targets", "请至少选择一类服务对象（自然人或法人）")
	}
	for i, t := range d.Targets {
		if t != TargetPerson && t != TargetOrg {
			return errs.Field(fmt.Sprintf("targets[%d]", i), "服务对象只能是 person（自然人）或 org（法人）")
		}
	}
	d.Targets = dedupe(d.Targets)
	for i, t := range d.Themes {
		if _, ok := ThemeByCode(t); !ok {
			return errs.Field(fmt.Sprintf("themes[%d]", i), "主题 %q 不存在", clip(t))
		}
	}
	d.Themes = dedupe(d.Themes)
	// Empty lists stay lists in JSON, so clients need not test for null.
	if d.Themes == nil {
		d.Themes = []string{}
	}
	if d.Questions == nil {
		d.Questions = []Question{}
	}
	if d.SharedFields == nil {
		d.SharedFields = []SharedField{}
	}
	if d.PromisedDays < 0 || d.PromisedDays > maxDays {
		return errs.Field("promised_days", "承诺时限应在 0 到 %d 个工作日之间", maxDays)
	}
	questions, err := d.validateQuestions()
	if err != nil {
		return err
	}
	if err := d.validateItems(questions); err != nil {
		return err
	}
	return d.validateShared()
}

func (d *BundleDoc) validateQuestions() (map[string]Question, error) {
	if len(d.Questions) > maxQuestions {
		return nil, errs.Field("questions", "情形问题最多 %d 个", maxQuestions)
	}
	byKey := map[string]Question{}
	for i := range d.Questions {
		q := &d.Questions[i]
		p := fmt.Sprintf("questions[%d]", i)
		if !keyRE.MatchString(q.Key) {
			return nil, errs.Field(p+".key", "问题标识应为小写字母开头的字母、数字、下划线")
		}
		if _, dup := byKey[q.Key]; dup {
			return nil, errs.Field(p+".key", "问题标识 %s 重复", q.Key)
		}
		var err error
		if q.Text, err = validate.Text(p+".text", q.Text, 200, true); err != nil {
			return nil, err
		}
		if q.Help, err = validate.Text(p+".help", q.Help, 500, false); err != nil {
			return nil, err
		}
		switch q.Kind {
		case QuestionYesNo:
			if len(q.Options) > 0 {
				return nil, errs.Field(p+".options", "是非题“%s”不需要选项（回答为 yes 或 no）", q.Text)
			}
		case QuestionChoice:
			if len(q.Options) < 2 || len(q.Options) > maxOptions {
				return nil, errs.Field(p+".options", "选择题“%s”需要 2 到 %d 个选项", q.Text, maxOptions)
			}
			for j := range q.Options {
				if q.Options[j], err = validate.Text(fmt.Sprintf("%s.options[%d]", p, j), q.Options[j], 100, true); err != nil {
					return nil, err
				}
			}
			if len(dedupe(slices.Clone(q.Options))) != len(q.Options) {
				return nil, errs.Field(p+".options", "选择题“%s”的选项重复", q.Text)
			}
		default:
			return nil, errs.Field(p+".kind", "问题类型只能是 yes_no（是非题）或 choice（选择题）")
		}
		byKey[q.Key] = *q
	}
	return byKey, nil
}

func (d *BundleDoc) validateItems(questions map[string]Question) error {
	if len(d.Items) < 2 {
		return errs.Field("items", "一件事至少包含两个事项")
	}
	if len(d.Items) > maxBundleItems {
		return errs.Field("items", "一件事最多包含 %d 个事项", maxBundleItems)
	}
	seen := map[string]bool{}
	used := map[string]bool{}
	for i := range d.Items {
		it := &d.Items[i]
		p := fmt.Sprintf("items[%d]", i)
		it.ItemCode = upper(it.ItemCode)
		if !codeRE.MatchString(it.ItemCode) {
			return errs.Field(p+".item_code", "事项实施编码应为 4–64 位大写字母、数字或连字符")
		}
		if seen[it.ItemCode] {
			return errs.Field(p+".item_code", "事项 %s 重复", it.ItemCode)
		}
		seen[it.ItemCode] = true
		if it.Always && len(it.When) > 0 {
			return errs.Field(p+".when", "事项 %s 已设为必办，不需要适用条件", it.ItemCode)
		}
		if !it.Always && len(it.When) == 0 {
			return errs.Field(p+".when", "事项 %s 既不是必办也没有适用条件，永远不会被办理", it.ItemCode)
		}
		for j, c := range it.When {
			cp := fmt.Sprintf("%s.when[%d]", p, j)
			q, ok := questions[c.Question]
			if !ok {
				return errs.Field(cp+".question", "条件引用的问题 %q 不存在", clip(c.Question))
			}
			if !slices.Contains(q.Answers(), c.Answer) {
				return errs.Field(cp+".answer", "问题“%s”没有回答 %q（可选：%s）", q.Text, clip(c.Answer), joinAnswers(q))
			}
			used[c.Question] = true
		}
	}
	for i, q := range d.Questions {
		if !used[q.Key] {
			return errs.Field(fmt.Sprintf("questions[%d]", i), "问题“%s”没有被任何事项的适用条件引用", q.Text)
		}
	}
	return nil
}

func (d *BundleDoc) validateShared() error {
	fields := make([]Field, len(d.SharedFields))
	for i := range d.SharedFields {
		fields[i] = d.SharedFields[i].Field
		if fields[i].Type == FieldTable {
			return errs.Field(fmt.Sprintf("shared_fields[%d].type", i), "共用字段不能是表格；表格请留在各事项自己的表单中")
		}
	}
	if err := validateFields("shared_fields", fields, false); err != nil {
		return err
	}
	inBundle := map[string]bool{}
	for _, it := range d.Items {
		inBundle[it.ItemCode] = true
	}
	target := map[FieldMap]string{}
	for i := range d.SharedFields {
		sf := &d.SharedFields[i]
		sf.Field = fields[i]
		p := fmt.Sprintf("shared_fields[%d]", i)
		if len(sf.Maps) == 0 {
			return errs.Field(p+".maps", "共用字段“%s”没有对应到任何事项的字段", sf.Label)
		}
		for j := range sf.Maps {
			m := &sf.Maps[j]
			mp := fmt.Sprintf("%s.maps[%d]", p, j)
			m.ItemCode = upper(m.ItemCode)
			if !inBundle[m.ItemCode] {
				return errs.Field(mp+".item_code", "事项 %s 不在本一件事中", clip(m.ItemCode))
			}
			if !keyRE.MatchString(m.FieldKey) {
				return errs.Field(mp+".field_key", "字段标识应为小写字母开头的字母、数字、下划线")
			}
			if other, dup := target[*m]; dup {
				return errs.Field(mp+".field_key", "事项 %s 的字段 %s 已由共用字段“%s”填写", m.ItemCode, m.FieldKey, other)
			}
			target[*m] = sf.Label
		}
	}
	return nil
}

func joinAnswers(q Question) string {
	out := ""
	for i, a := range q.Answers() {
		if i > 0 {
			out += "、"
		}
		out += a
	}
	return out
}
