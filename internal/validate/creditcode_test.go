package validate

import (
	"errors"
	"strings"
	"testing"

	"github.com/onewindow/onewindow/internal/errs"
)

func TestCreditCodeValid(t *testing.T) {
	tests := []struct{ in, want string }{
		{"91350100M000100Y43", "91350100M000100Y43"}, // the GB 32100 sample
		{"91110000802100433B", "91110000802100433B"}, // registered at the national level (100000)
		{"91440300708461136T", "91440300708461136T"},
		{" 91350100m000100y43 ", "91350100M000100Y43"},
		{"９１３５０１００Ｍ０００１００Ｙ４３", "91350100M000100Y43"},
		{"9135 0100 M000 100Y 43", "91350100M000100Y43"},
		{"115334000151930342", "115334000151930342"}, // 机关
		{"51533400MJ00000117", "51533400MJ00000117"}, // 社会团体
		{"92533401MA6N00001T", "92533401MA6N00001T"}, // 个体工商户
		{"N2533423MA0000003H", "N2533423MA0000003H"}, // 村级集体经济组织
		{"Y1533400MA0000001U", "Y1533400MA0000001U"},
	}
	for _, tt := range tests {
		got, err := CreditCode("credit_code", tt.in)
		if err != nil || got != tt.want {
			t.Errorf("CreditCode(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestCreditCodeInvalid(t *testing.T) {
	tests := []struct{ in, msg string }{
		{"", "请填写"},
		{"350100400012345", "15 位工商注册号"},
		{"91350100M000100Y4", "当前为 17 位"},
		{"91350100M000100Y431", "当前为 19 位"},
		{"91350100M000100O43", "第 16 位“O”"}, // letter O for zero
		{"91350100M000100I43", "第 16 位“I”"},
		{"91350100M000100S43", "不含 I、O、S、V、Z"},
		{"B1350100M000100Y43", "登记管理部门"},
		{"94350100M000100Y43", "机构类别"}, // 工商 has no category 4
		{"Y2350100M000100Y43", "机构类别"}, // 其他 is not subdivided
		{"9135A100M000100Y43", "行政区划码"},
		{"91350100M000100Y4中", "当前为 18 位"}, // 18 runes but not 18 bytes
	}
	for _, tt := range tests {
		_, err := CreditCode("credit_code", tt.in)
		wantInvalid(t, err, "credit_code")
		if !strings.Contains(errs.MessageOf(err), tt.msg) {
			t.Errorf("CreditCode(%q) message %q, want it to mention %q", tt.in, errs.MessageOf(err), tt.msg)
		}
		if errors.Is(err, ErrCreditCodeCheck) {
			t.Errorf("CreditCode(%q) blamed the check character: %v", tt.in, err)
		}
		if _, err := CreditCodeConfirmed("credit_code", tt.in); err == nil {
			t.Errorf("CreditCodeConfirmed(%q) accepted a code with more than a bad check character", tt.in)
		}
	}
}

// TestCreditCodePilot: a code whose only fault is the check character (as some
// early pilot codes are) is refused online with ErrCreditCodeCheck and a
// pointer to the window, and accepted by a clerk through CreditCodeConfirmed.
func TestCreditCodePilot(t *testing.T) {
	const pilot = "91350100M000100Y44"
	_, err := CreditCode("credit_code", pilot)
	wantInvalid(t, err, "credit_code")
	if !errors.Is(err, ErrCreditCodeCheck) {
		t.Fatalf("error %v does not wrap ErrCreditCodeCheck", err)
	}
	if msg := errs.MessageOf(err); !strings.Contains(msg, "窗口") || !strings.Contains(msg, "校验码") {
		t.Errorf("message %q does not send the applicant to a window", msg)
	}
	got, err := CreditCodeConfirmed("credit_code", strings.ToLower(pilot))
	if err != nil || got != pilot {
		t.Errorf("CreditCodeConfirmed = %q, %v; want %q", got, err, pilot)
	}
}

func TestMakeCreditCode(t *testing.T) {
	if got := MakeCreditCode("91350100M000100Y4"); got != "91350100M000100Y43" {
		t.Errorf("MakeCreditCode = %s, want the GB 32100 sample", got)
	}
	for _, bad := range []string{"91350100M000100Y", "91350100M000100O4", "91350100M000100Y4中"} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("MakeCreditCode(%q) did not panic", bad)
				}
			}()
			MakeCreditCode(bad)
		}()
	}
}

func FuzzCreditCode(f *testing.F) {
	for _, s := range []string{"91350100M000100Y43", "91350100m000100y43", "91350100M000100Y44", "91350100M000100O43",
		"９１３５０１００Ｍ０００１００Ｙ４３", "", "ſ", "350100400012345", "\x00\x01"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		code, err := CreditCode("credit_code", s)
		confirmed, cerr := CreditCodeConfirmed("credit_code", s)
		if err != nil {
			wantInvalid(t, err, "credit_code")
			if errors.Is(err, ErrCreditCodeCheck) != (cerr == nil) {
				t.Fatalf("%q: CreditCode %v but CreditCodeConfirmed %v", s, err, cerr)
			}
		} else if cerr != nil || confirmed != code {
			t.Fatalf("%q: CreditCode accepted %q but CreditCodeConfirmed gave %q, %v", s, code, confirmed, cerr)
		}
		if cerr != nil {
			return
		}
		if len(confirmed) != 18 {
			t.Fatalf("%q accepted as %q", s, confirmed)
		}
		again, err := CreditCodeConfirmed("credit_code", confirmed)
		if err != nil || again != confirmed {
			t.Fatalf("%q normalised to %q, which re-validates to %q, %v", s, confirmed, again, err)
		}
	})
}

// FuzzMakeCreditCode: every generated code passes, every other check
// character fails with ErrCreditCodeCheck only.
func FuzzMakeCreditCode(f *testing.F) {
	f.Add(byte('9'), byte('1'), uint32(533400), []byte("MA6K1234X"))
	f.Add(byte('Y'), byte('1'), uint32(100000), []byte("000000000"))
	f.Fuzz(func(t *testing.T, dept, cat byte, region uint32, body []byte) {
		depts := "123456789ANY"
		d := depts[int(dept)%len(depts)]
		cats := creditCategories[d]
		c := cats[int(cat)%len(cats)]
		var id [9]byte
		for i := range id {
			v := 0
			if i < len(body) {
				v = int(body[i])
			}
			id[i] = creditChars[v%len(creditChars)]
		}
		prefix := string([]byte{d, c}) + pad6(region%1000000) + string(id[:])
		code := MakeCreditCode(prefix)
		if got, err := CreditCode("credit_code", code); err != nil || got != code {
			t.Fatalf("MakeCreditCode(%s) = %s: CreditCode gave %q, %v", prefix, code, got, err)
		}
		for i := 0; i < len(creditChars); i++ {
			if creditChars[i] == code[17] {
				continue
			}
			bad := prefix + string(creditChars[i])
			if _, err := CreditCode("credit_code", bad); !errors.Is(err, ErrCreditCodeCheck) {
				t.Fatalf("%s: CreditCode = %v, want ErrCreditCodeCheck", bad, err)
			}
		}
	})
}

func pad6(n uint32) string {
	b := make([]byte, 6)
	for i := 5; i >= 0; i-- {
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b)
}
