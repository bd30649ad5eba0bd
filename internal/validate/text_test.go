package validate

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestUsername(t *testing.T) {
	valid := []struct{ in, want string }{
		{"citizen1", "citizen1"},
		{"  Citizen1 ", "citizen1"},
		{"zhang.san-2026_a", "zhang.san-2026_a"},
		{"abc", "abc"},
		{"a" + strings.Repeat("b", 31), "a" + strings.Repeat("b", 31)},
	}
	for _, tt := range valid {
		if got, err := Username("username", tt.in); err != nil || got != tt.want {
			t.Errorf("Username(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, in := range []string{"", "ab", "1abc", "_abc", "zhang san", "张三", "a" + strings.Repeat("b", 32),
		"\u212Aelvin", "abc\x00", "abc@x"} {
		_, err := Username("username", in)
		wantInvalid(t, err, "username")
	}
}

func TestPersonName(t *testing.T) {
	valid := []struct{ in, want string }{
		{"张三", "张三"},
		{" 张 三 ", "张三"},
		{"张" + strings.Repeat(" ", 150) + "三", "张三"},
		{"John \t\u3000 Smith", "John Smith"},
		{"欧阳娜娜", "欧阳娜娜"},
		{"扎西·多吉", "扎西·多吉"},
		{"扎西•多吉", "扎西·多吉"},
		{"扎西・多吉", "扎西·多吉"},
		{"扎西.多吉", "扎西·多吉"},
		{"扎西 · 多吉", "扎西·多吉"},
		{"阿依古丽·买买提", "阿依古丽·买买提"},
		{"李𠈌", "李𠈌"}, // CJK extension B
		{"王〇", "王〇"},
		{"John  Smith", "John Smith"},
		{"Jean-Pierre O'Brien", "Jean-Pierre O'Brien"},
		{"Martin L. King", "Martin L. King"},
		{"José Núñez", "José Núñez"},
		{"Jose\u0301", "Jose\u0301"},
		{"ＪＯＨＮ", "JOHN"},
		{"李", "李"},
	}
	for _, tt := range valid {
		if got, err := PersonName("name", tt.in); err != nil || got != tt.want {
			t.Errorf("PersonName(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	invalid := []string{"", "   ", "张三1", "·扎西", "扎西·", "扎西··多吉", "张三\x00", "张三\n李四x1", "Bobby'); DROP",
		"<b>张三</b>", strings.Repeat("张", 51), "\xff张", "-John", "张\u202E三",
		"张" + strings.Repeat(" ", 100000) + "三"} // long runs of spaces must not cost quadratic time
	for _, in := range invalid {
		_, err := PersonName("name", in)
		wantInvalid(t, err, "name")
	}
}

func TestText(t *testing.T) {
	valid := []struct {
		in       string
		max      int
		required bool
		want     string
	}{
		{"  申请人材料齐全。 ", 10, true, "申请人材料齐全。"},
		{"第一行\r\n第二行\r第三行\t完", 20, true, "第一行\n第二行\n第三行\t完"},
		{"", 10, false, ""},
		{"   ", 10, false, ""},
		{strings.Repeat("字", 10), 10, true, strings.Repeat("字", 10)},
		{strings.Repeat("字", 1000), 0, true, strings.Repeat("字", 1000)},
		{"emoji 👍🏽 ok", 20, true, "emoji 👍🏽 ok"},
	}
	for _, tt := range valid {
		if got, err := Text("remark", tt.in, tt.max, tt.required); err != nil || got != tt.want {
			t.Errorf("Text(%q, %d, %v) = %q, %v; want %q", tt.in, tt.max, tt.required, got, err, tt.want)
		}
	}
	invalid := []struct {
		in  string
		max int
	}{
		{"", 10}, {" \n ", 10}, {strings.Repeat("字", 11), 10}, {"a\x00b", 10}, {"a\x1bb", 10},
		{"\xff\xfe", 10}, {"a\u202Eb", 10}, {"a\u2066b", 10}, {"a\u0085b", 10},
	}
	for _, tt := range invalid {
		_, err := Text("remark", tt.in, tt.max, true)
		wantInvalid(t, err, "remark")
	}
}

func TestOrgName(t *testing.T) {
	valid := []struct{ in, want string }{
		{"迪庆藏族自治州市场监督管理局", "迪庆藏族自治州市场监督管理局"},
		{" 香格里拉市某某有限公司(分公司) ", "香格里拉市某某有限公司（分公司）"},
		{"Shangri-La   Hotel\n Co.", "Shangri-La Hotel Co."},
		{"中心", "中心"},
	}
	for _, tt := range valid {
		if got, err := OrgName("name", tt.in); err != nil || got != tt.want {
			t.Errorf("OrgName(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, in := range []string{"", " ", "局", strings.Repeat("局", 101), "某\x00公司", "\xff\xfe公司"} {
		_, err := OrgName("name", in)
		wantInvalid(t, err, "name")
	}
}

func FuzzUsername(f *testing.F) {
	for _, s := range []string{"citizen1", "Citizen1", "ab", "\u212Aelvin", "a.b-c_d", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		u, err := Username("username", s)
		if err != nil {
			wantInvalid(t, err, "username")
			return
		}
		if len(u) < 3 || len(u) > 32 || u != strings.ToLower(u) || u[0] < 'a' || u[0] > 'z' {
			t.Fatalf("%q accepted as %q", s, u)
		}
		if again, err := Username("username", u); err != nil || again != u {
			t.Fatalf("%q normalised to %q, which re-validates to %q, %v", s, u, again, err)
		}
	})
}

func FuzzPersonName(f *testing.F) {
	for _, s := range []string{"张三", "扎西 • 多吉", "扎西.多吉", "Martin L. King", "José", "e\u0301", "张 三 丰", "·", "\u3000张\u3000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := PersonName("name", s)
		if err != nil {
			wantInvalid(t, err, "name")
			return
		}
		if c := utf8.RuneCountInString(n); c < 1 || c > 50 || strings.TrimSpace(n) != n {
			t.Fatalf("%q accepted as %q", s, n)
		}
		for _, r := range n {
			if unicode.IsDigit(r) || unicode.IsControl(r) || nameDots[r] && r != '·' {
				t.Fatalf("%q accepted as %q containing %U", s, n, r)
			}
		}
		if again, err := PersonName("name", n); err != nil || again != n {
			t.Fatalf("%q normalised to %q, which re-validates to %q, %v", s, n, again, err)
		}
	})
}

func FuzzText(f *testing.F) {
	f.Add("申请材料齐全", 10, true)
	f.Add("a\r\nb\rc", 3, false)
	f.Add(" \t ", 0, true)
	f.Add("\u202Eevil", 100, false)
	f.Fuzz(func(t *testing.T, s string, max int, required bool) {
		out, err := Text("remark", s, max, required)
		if err != nil {
			wantInvalid(t, err, "remark")
			return
		}
		if !utf8.ValidString(out) || strings.ContainsRune(out, '\r') || max > 0 && utf8.RuneCountInString(out) > max || required && out == "" {
			t.Fatalf("Text(%q, %d, %v) accepted %q", s, max, required, out)
		}
		if again, err := Text("remark", out, max, required); err != nil || again != out {
			t.Fatalf("%q normalised to %q, which re-validates to %q, %v", s, out, again, err)
		}
	})
}

func FuzzOrgName(f *testing.F) {
	for _, s := range []string{"迪庆州政务服务管理局", "某公司(分公司)", "a\n b", "局", "（）"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := OrgName("name", s)
		if err != nil {
			wantInvalid(t, err, "name")
			return
		}
		if c := utf8.RuneCountInString(n); c < 2 || c > 100 || strings.ContainsAny(n, "()\n\t") {
			t.Fatalf("%q accepted as %q", s, n)
		}
		if again, err := OrgName("name", n); err != nil || again != n {
			t.Fatalf("%q normalised to %q, which re-validates to %q, %v", s, n, again, err)
		}
	})
}
