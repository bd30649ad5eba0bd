package rating

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/pii"
)

// The token key never shows: not printed, formatted or logged, alone or
// inside the service.
func TestTokenKeyNeverShows(t *testing.T) {
	keys, err := pii.NewRandom()
	if err != nil {
		t.Fatal(err)
	}
	tk := NewTokens(nil, nil, keys)
	raw := string(tk.key)
	var logged bytes.Buffer
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("tokens", "key", tk.key, "tokens", tk)
	slog.New(slog.NewTextHandler(&logged, nil)).Info("tokens", "key", tk.key, "tokens", tk)
	out := fmt.Sprintf("%v %s %x %X %q %#v %+v %v", tk.key, tk.key, tk.key, tk.key, tk.key, tk.key, *tk, tk) + logged.String()
	for _, leak := range []string{raw, raw[:16], hex.EncodeToString([]byte(raw))[:16]} {
		if strings.Contains(out, leak) {
			t.Fatalf("the key shows in %s", out)
		}
	}
	// The same keyring gives the same key on every node; another does not.
	if string(NewTokens(nil, nil, keys).key) != raw {
		t.Error("one keyring, two keys")
	}
	other, _ := pii.NewRandom()
	if string(NewTokens(nil, nil, other).key) == raw {
		t.Error("two keyrings, one key")
	}
}

// A signed token reads back as it was made; every byte of it counts.
func TestTokenSignVerify(t *testing.T) {
	keys, _ := pii.NewRandom()
	k := tokenKey(keys)
	at := time.Date(2026, 9, 28, 9, 0, 0, 0, time.UTC)
	tok, err := newToken(Token{CaseID: 42, CaseNumber: "533400-20260928-000042", HallID: 7, StaffID: 9, IssuedAt: at, ExpiresAt: at.Add(DefaultTokenTTL)})
	if err != nil {
		t.Fatal(err)
	}
	s, err := k.sign(tok)
	if err != nil {
		t.Fatal(err)
	}
	back, err := k.verify(s)
	if err != nil || back != tok {
		t.Fatalf("verify: %+v %v, want %+v", back, err, tok)
	}
	if len(s) > 160 {
		t.Errorf("token of %d characters: too dense a QR code", len(s))
	}
	for i := range len(s) {
		b := []byte(s)
		b[i] = map[bool]byte{true: 'B', false: 'A'}[b[i] == 'A']
		if _, err := k.verify(string(b)); err == nil {
			t.Errorf("changing character %d of %s still verifies", i, s)
		} else if c := errs.CodeOf(err); c != errs.Forbidden && c != errs.Invalid {
			t.Errorf("changing character %d: %v", i, err)
		}
	}
}
