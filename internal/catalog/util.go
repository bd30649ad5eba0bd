package catalog

import (
	"strconv"

	"github.com/onewindow/onewindow/internal/validate"
)

func itoa(i int) string { return strconv.Itoa(i) }

func validText(field, s string, max int, required bool) (string, error) {
	return validate.Text(field, s, max, required)
}
