package pii

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestMaskIDNumber(t *testing.T) {
	tests := map[string]string{
		"533421199001011234": "5334**********1234",
		"53342119900101123X": "5334**********123X",
		"533421900101123":    "5334*******1123",
		"":                   "",
		"1":                  "*",
		"123456":             "****56",
		"5334211990":         "*******990",
		"五三三四":               "***四",
	}
	for in, want := range tests {
		if got := MaskIDNumber(in); got != want {
			t.Errorf("MaskIDNumber(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMaskPhone(t *testing.T) {
	tests := map[string]string{
		"13812345678":      "138****5678",
		"0887-8221234":     "0887-***1234",
		"010-62345678":     "010-****5678",
		"0887-8221234-123": "0887-***1234-123",
		"":                 "",
		"8221234":          "*****34",
		"0887-82":          "*****82",
		"0887-":            "****-",
		"-":                "*",
		"0-1-2-3":          "*****-3",
	}
	for in, want := range tests {
		if got := MaskPhone(in); got != want {
			t.Errorf("MaskPhone(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMaskName(t *testing.T) {
	tests := map[string]string{
		"张三":         "张*",
		"欧阳娜娜":       "欧***",
		"扎西·多吉":      "扎****",
		"李":          "*",
		"":           "",
		"John Smith": "J*********",
		"𠈌小明":        "𠈌**",
	}
	for in, want := range tests {
		if got := MaskName(in); got != want {
			t.Errorf("MaskName(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzMasks: masks never panic, always return valid UTF-8, never grow the
// rune count, and never show the whole of a value longer than one character.
func FuzzMasks(f *testing.F) {
	for _, s := range []string{"533421199001011234", "13812345678", "0887-8221234-123", "扎西·多吉", "", "-", "0--", "\xff\xfe", "0-\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for name, mask := range map[string]func(string) string{"MaskIDNumber": MaskIDNumber, "MaskPhone": MaskPhone, "MaskName": MaskName} {
			m := mask(s)
			if !utf8.ValidString(m) {
				t.Fatalf("%s(%q) = %q is not valid UTF-8", name, s, m)
			}
			n := utf8.RuneCountInString(s)
			if utf8.RuneCountInString(m) != n {
				t.Fatalf("%s(%q) = %q changes the length", name, s, m)
			}
			if n > 1 && !strings.Contains(m, "*") {
				t.Fatalf("%s(%q) = %q hides nothing", name, s, m)
			}
		}
	})
}

// FuzzDecrypt: arbitrary stored bytes never panic Decrypt and are never
// accepted unless they are a real ciphertext.
func FuzzDecrypt(f *testing.F) {
	k, err := NewRandom()
	if err != nil {
		f.Fatal(err)
	}
	enc, _ := k.Encrypt("13812345678")
	f.Add(enc)
	f.Add([]byte{})
	f.Add([]byte{formatV1, 1})
	f.Fuzz(func(t *testing.T, b []byte) {
		if got, err := k.Decrypt(b); err == nil && got != "13812345678" {
			t.Fatalf("forged ciphertext %x decrypted to %q", b, got)
		}
	})
}
