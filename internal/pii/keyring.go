// Package pii protects personal data at rest and on screen, as PIPL
// (个人信息保护法) and GB/T 35273 require of a platform that holds the ID
// numbers and phone numbers of a whole province, and as a 等保 2.0 level-3
// assessment checks:
//
//   - Encrypt/Decrypt: SM4-GCM, so a copied database file or backup reveals no
//     ID or phone number (the national algorithms are what assessors expect).
//   - Index: a keyed HMAC-SM3 of the normalised value, so an account can still
//     be found by its exact ID number and uniqueness enforced by a database
//     index, without storing the number in clear or as a plain hash (an
//     unkeyed hash of an 18-digit ID number is brute-forced in minutes).
//   - Mask*: the masked form shown in every page, list, log and API response;
//     the full value is decrypted only for a role that may see it, after it
//     states a reason that is audited.
//
// The keys live in DATA/keys/pii.key, created on first start, or come from the
// environment (EnvKey) for operators who keep keys apart from the data. Back
// the key up with the database: without it the encrypted columns are lost.
package pii

import (
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"log/slog"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/emmansun/gmsm/sm3"
	"github.com/emmansun/gmsm/sm4"
)

// EnvKey is the environment variable an operator may set instead of keeping
// the key file in the data directory. Its value is the FromHex format:
//
//	<key id 1–255>:<SM4 key, 32 hex digits>:<index key, 64 hex digits>
//
// for example 1:00112233445566778899aabbccddeeff:<64 hex digits>. Create one
// with GenerateHex. All nodes of one deployment must use the same key.
const EnvKey = "ONEWINDOW_PII_KEY"

// Key sizes.
const (
	sm4KeySize   = 16 // SM4 is a 128-bit cipher
	indexKeySize = 32 // HMAC-SM3 key: the size of an SM3 output
)

// Keyring holds the SM4 keys that encrypt personal data and the HMAC-SM3 key
// that indexes it. Several SM4 keys may be present so that keys can rotate:
// new values are sealed with the active key, old ones are opened with the key
// their header names. The index key cannot rotate without recomputing every
// index column, so there is one. A Keyring is safe for concurrent use.
type Keyring struct {
	active   byte
	aeads    map[byte]cipher.AEAD
	sm4Keys  map[byte][]byte // kept only to write the key file
	indexKey []byte
	macs     sync.Pool // of hash.Hash (HMAC-SM3 with indexKey)
}

// newKeyring builds a keyring from raw keys, checking their sizes.
func newKeyring(active byte, sm4Keys map[byte][]byte, indexKey []byte) (*Keyring, error) {
	if len(indexKey) != indexKeySize {
		return nil, fmt.Errorf("pii: index key must be %d bytes, got %d", indexKeySize, len(indexKey))
	}
	if _, ok := sm4Keys[active]; !ok || active == 0 {
		return nil, fmt.Errorf("pii: active key id %d has no SM4 key", active)
	}
	k := &Keyring{active: active, aeads: map[byte]cipher.AEAD{}, sm4Keys: sm4Keys, indexKey: indexKey}
	for id, key := range sm4Keys {
		if id == 0 {
			return nil, errors.New("pii: key id 0 is reserved")
		}
		block, err := sm4.NewCipher(key)
		if err != nil {
			return nil, fmt.Errorf("pii: SM4 key %d: %w", id, err)
		}
		aead, err := cipher.NewGCM(block)
		if err != nil {
			return nil, fmt.Errorf("pii: SM4-GCM key %d: %w", id, err)
		}
		k.aeads[id] = aead
	}
	k.macs.New = func() any { return hmac.New(sm3.New, k.indexKey) }
	return k, nil
}

// NewRandom makes a keyring with fresh random keys under key id 1.
func NewRandom() (*Keyring, error) {
	enc, idx := make([]byte, sm4KeySize), make([]byte, indexKeySize)
	if _, err := rand.Read(enc); err != nil {
		return nil, err
	}
	if _, err := rand.Read(idx); err != nil {
		return nil, err
	}
	return newKeyring(1, map[byte][]byte{1: enc}, idx)
}

// FromHex builds a keyring from the EnvKey format "ID:SM4HEX:INDEXHEX".
// Errors never contain key material.
func FromHex(s string) (*Keyring, error) {
	parts := strings.Split(strings.TrimSpace(s), ":")
	if len(parts) != 3 {
		return nil, errors.New("pii: key must look like ID:SM4HEX:INDEXHEX (3 parts separated by ':')")
	}
	id, err := parseKeyID(parts[0])
	if err != nil {
		return nil, err
	}
	enc, err := decodeKey(parts[1], sm4KeySize, "SM4 key")
	if err != nil {
		return nil, err
	}
	idx, err := decodeKey(parts[2], indexKeySize, "index key")
	if err != nil {
		return nil, err
	}
	return newKeyring(id, map[byte][]byte{id: enc}, idx)
}

// GenerateHex returns a fresh key in the EnvKey format, for an operator who
// wants to keep the key outside the data directory.
func GenerateHex() (string, error) {
	k, err := NewRandom()
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%d:%x:%x", k.active, k.sm4Keys[k.active], k.indexKey), nil
}

// parseKeyID reads a key id 1–255.
func parseKeyID(s string) (byte, error) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 1 || n > 255 {
		return 0, errors.New("pii: key id must be a number from 1 to 255")
	}
	return byte(n), nil
}

// decodeKey decodes a hex key of the given size.
func decodeKey(s string, size int, what string) ([]byte, error) {
	b, err := hex.DecodeString(strings.TrimSpace(s))
	if err != nil || len(b) != size {
		return nil, fmt.Errorf("pii: %s must be %d hex digits", what, 2*size)
	}
	return b, nil
}

// KeyID is the id of the key new values are encrypted with.
func (k *Keyring) KeyID() int { return int(k.active) }

// String never shows key material, so a Keyring printed by mistake is harmless.
func (k *Keyring) String() string {
	ids := make([]int, 0, len(k.aeads))
	for id := range k.aeads {
		ids = append(ids, int(id))
	}
	sort.Ints(ids)
	return fmt.Sprintf("pii.Keyring{active: %d, keys: %v}", k.active, ids)
}

// LogValue keeps key material out of structured logs.
func (k *Keyring) LogValue() slog.Value { return slog.StringValue(k.String()) }

// mac borrows an HMAC-SM3 state; give it back with putMAC.
func (k *Keyring) mac() hash.Hash { return k.macs.Get().(hash.Hash) }

func (k *Keyring) putMAC(h hash.Hash) {
	h.Reset()
	k.macs.Put(h)
}
