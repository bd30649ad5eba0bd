package catalog

import (
	"context"
	"fmt"

	"github.com/onewindow/onewindow/internal/errs"
)

// maxFormErrors bounds the problems listed for one submission: a table of
// 500 bad rows should not become a 5,000-line answer; the rest are counted.
const maxFormErrors = 200

// FormError is one problem of a submitted application form.
type FormError struct {
	Path    string `json:"path"`    // form.shop_name, form.staff[2].id_number
	Label   string `json:"label"`   // the place in words: “从业人员”第 3 行“身份证号”
	Reason  string `json:"reason"`  // what is wrong, to show beside the input
	Message string `json:"message"` // Label：Reason, to show in a list
}

// FormErrors lists every problem of a submission (一次性告知). It is an
// errs.Invalid error: errs.CodeOf, MessageOf and FieldOf see through it
// (the message sums up, the field is the first problem's path).
type FormErrors struct {
	List    []FormError
	Omitted int // problems beyond the listed ones
}

// Total is the number of problems, listed or not.
func (e *FormErrors) Total() int { return len(e.List) + e.Omitted }

// Error implements error.
func (e *FormErrors) Error() string { return e.Unwrap().Error() }

// Unwrap gives the errs.Error that classifies the whole: Invalid, with a
// summary the user can read on its own.
func (e *FormErrors) Unwrap() error {
	ee := &errs.Error{Code: errs.Invalid, Message: "申请表填写有误"}
	if len(e.List) == 0 {
		return ee
	}
	ee.Field = e.List[0].Path
	if n := e.Total(); n == 1 {
		ee.Message = e.List[0].Message
	} else {
		ee.Message = fmt.Sprintf("申请表有 %d 处需要修改，请逐项核对。第一处：%s", n, e.List[0].Message)
	}
	return ee
}

// Applicable returns an item a person can apply for now: published and
// in force, as Public does, but without counting a view, since filling
// in and checking a form is not another reading of the guide. Errors:
// NotFound.
func (s *Service) Applicable(ctx context.Context, code string) (Item, error) {
	it, err := s.store.Item(ctx, upper(code))
	if err == nil && (it.PublishedVersion == 0 || !it.InForce(s.now())) {
		err = errs.E(errs.NotFound, "事项不存在或已停止办理")
	}
	if errs.Is(err, errs.NotFound) {
		if !codeRE.MatchString(upper(code)) {
			return Item{}, errs.E(errs.NotFound, "事项编码格式不正确，或事项不存在")
		}
		return Item{}, errs.E(errs.NotFound, "事项 %s 不存在或已停止办理", upper(code))
	}
	return it, err
}

// CheckValues checks a submission against the form of the item in force
// and returns the normalised values (see ValidateValues). Errors:
// NotFound, Invalid (*FormErrors).
func (s *Service) CheckValues(ctx context.Context, code string, values map[string]any) (Item, map[string]any, error) {
	it, err := s.Applicable(ctx, code)
	if err != nil {
		return Item{}, nil, err
	}
	out, err := ValidateValues(it.Doc.Form, values)
	return it, out, err
}
