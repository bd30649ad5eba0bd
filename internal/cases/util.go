package cases

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/pii"
	"github.com/onewindow/onewindow/internal/validate"
)

// prefixField puts prefix before the field an error names, so a nested
// input's problem points at its place in the request ("on_behalf_of.name").
// A prefix ending in ':' replaces the field instead.
func prefixField(err error, prefix string) error {
	var e *errs.Error
	if _, list := err.(interface{ Total() int }); list || !errors.As(err, &e) || e.Field == "" && !strings.HasSuffix(prefix, ":") {
		return err
	}
	c := *e
	if field, ok := strings.CutSuffix(prefix, ":"); ok {
		c.Field = field
	} else {
		c.Field = prefix + e.Field
	}
	return &c
}

// text validates a required or optional line of text.
func text(field, s string, max int, missing string) (string, error) {
	v, err := validate.Text(field, s, max, false)
	if err != nil {
		return "", err
	}
	if v == "" && missing != "" {
		return "", errs.Field(field, "%s", missing)
	}
	return v, nil
}

// maskedMobile validates a mobile number and keeps only its mask.
func maskedMobile(field, s string) (string, error) {
	m, err := validate.Mobile(field, s)
	if err != nil {
		return "", err
	}
	return pii.MaskPhone(m), nil
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// snapshot is the audit image of a case: its state, never personal data.
func snapshot(c *Case) map[string]any {
	if c == nil {
		return nil
	}
	return map[string]any{"number": c.Number, "status": c.Status, "stage": c.Stage, "item": c.ItemCode,
		"item_version": c.ItemVersion, "dept_id": c.DeptID, "intake_hall_id": c.IntakeHallID,
		"corrections": c.Corrections, "deemed": c.Deemed, "due": c.Clock.Due, "accept_due": c.Clock.AcceptDue,
		"extended": c.Clock.Extended, "paused": c.Clock.Paused, "version": c.Version}
}

// submitAudit is the audit event of a new case (its number is filled in by the store).
func submitAudit(ctx context.Context, c *Case) audit.Event {
	action := "case.submit"
	if c.Status == Draft {
		action = "case.save_draft"
	}
	return audit.New(ctx, action, "case", "", nil, snapshot(c), "")
}
