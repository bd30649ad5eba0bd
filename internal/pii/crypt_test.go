package pii

import (
	"bytes"
	"errors"
	"strings"
	"sync"
	"testing"
)

func newTestKeyring(t testing.TB) *Keyring {
	t.Helper()
	k, err := NewRandom()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestEncryptRoundTrip(t *testing.T) {
	k := newTestKeyring(t)
	for _, plain := range []string{"533421199001011234", "13812345678", "0887-8221234", "", "扎西·多吉", strings.Repeat("长", 1000)} {
		enc, err := k.Encrypt(plain)
		if err != nil {
			t.Fatal(err)
		}
		if plain != "" && bytes.Contains(enc, []byte(plain)) {
			t.Fatalf("ciphertext contains the plain text")
		}
		if enc[0] != formatV1 || int(enc[1]) != k.KeyID() || len(enc) != headerSize+nonceSize+len(plain)+tagSize {
			t.Fatalf("ciphertext layout: header %v, length %d", enc[:2], len(enc))
		}
		got, err := k.Decrypt(enc)
		if err != nil || got != plain {
			t.Fatalf("Decrypt = %q, %v; want %q", got, err, plain)
		}
	}
}

func TestEncryptFreshNonce(t *testing.T) {
	k := newTestKeyring(t)
	a, _ := k.Encrypt("533421199001011234")
	b, _ := k.Encrypt("533421199001011234")
	if bytes.Equal(a, b) || bytes.Equal(a[headerSize:headerSize+nonceSize], b[headerSize:headerSize+nonceSize]) {
		t.Fatal("two encryptions of one value are equal")
	}
}

func TestDecryptRejectsTampering(t *testing.T) {
	k := newTestKeyring(t)
	enc, _ := k.Encrypt("533421199001011234")
	for i := range enc {
		bad := bytes.Clone(enc)
		bad[i] ^= 0x01
		if _, err := k.Decrypt(bad); err == nil {
			t.Fatalf("flipping a bit of byte %d went unnoticed", i)
		}
	}
	for _, bad := range [][]byte{nil, {}, enc[:1], enc[:headerSize+nonceSize+tagSize-1], enc[:len(enc)-1], append(bytes.Clone(enc), 0)} {
		if _, err := k.Decrypt(bad); !errors.Is(err, ErrTampered) {
			t.Fatalf("Decrypt(%d bytes) = %v, want ErrTampered", len(bad), err)
		}
	}
	other := newTestKeyring(t)
	if _, err := other.Decrypt(enc); !errors.Is(err, ErrTampered) {
		t.Fatalf("another keyring with the same key id: %v, want ErrTampered", err)
	}
	unknown := bytes.Clone(enc)
	unknown[1] = 7
	if _, err := k.Decrypt(unknown); !errors.Is(err, ErrUnknownKey) {
		t.Fatalf("unknown key id: %v, want ErrUnknownKey", err)
	}
}

func TestIndex(t *testing.T) {
	k := newTestKeyring(t)
	a := k.Index(KindIDNumber, "533421199001011234")
	if len(a) != 64 || strings.Trim(a, "0123456789abcdef") != "" {
		t.Fatalf("index %q is not 64 lower-case hex digits", a)
	}
	if k.Index(KindIDNumber, "533421199001011234") != a {
		t.Fatal("index is not stable")
	}
	if k.Index(KindPhone, "533421199001011234") == a {
		t.Fatal("kinds share an index")
	}
	if k.Index(KindIDNumber, "533421199001011235") == a {
		t.Fatal("different values share an index")
	}
	// the length prefix keeps ("ab","c") and ("a","bc") apart
	if k.Index("ab", "c") == k.Index("a", "bc") {
		t.Fatal("kind and value boundaries are ambiguous")
	}
	if newTestKeyring(t).Index(KindIDNumber, "533421199001011234") == a {
		t.Fatal("index does not depend on the key")
	}
	// concurrent use shares pooled HMAC states safely
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 200 {
				if k.Index(KindIDNumber, "533421199001011234") != a {
					t.Error("index changed under concurrency")
					return
				}
			}
		})
	}
	wg.Wait()
}

func TestSeal(t *testing.T) {
	k := newTestKeyring(t)
	enc, idx, mask, err := k.Seal(KindIDNumber, "53342119900101123X")
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := k.Decrypt(enc); got != "53342119900101123X" || idx != k.Index(KindIDNumber, "53342119900101123X") || mask != "5334**********123X" {
		t.Fatalf("Seal = %q, %q, %q", got, idx, mask)
	}
	if _, _, mask, err := k.Seal(KindPhone, "0887-8221234"); err != nil || mask != "0887-***1234" {
		t.Fatalf("Seal phone mask %q, %v", mask, err)
	}
	if _, _, _, err := k.Seal("name", "张三"); err == nil {
		t.Fatal("Seal accepted an unknown kind")
	}
	if _, _, _, err := k.Seal(KindPhone, ""); err == nil {
		t.Fatal("Seal accepted an empty value")
	}
}

func BenchmarkEncrypt(b *testing.B) {
	k := newTestKeyring(b)
	for b.Loop() {
		if _, err := k.Encrypt("533421199001011234"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecrypt(b *testing.B) {
	k := newTestKeyring(b)
	enc, _ := k.Encrypt("533421199001011234")
	for b.Loop() {
		if _, err := k.Decrypt(enc); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkIndex(b *testing.B) {
	k := newTestKeyring(b)
	for b.Loop() {
		k.Index(KindIDNumber, "533421199001011234")
	}
}

func BenchmarkIndexParallel(b *testing.B) {
	k := newTestKeyring(b)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			k.Index(KindIDNumber, "533421199001011234")
		}
	})
}
