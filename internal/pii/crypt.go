package pii

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
)

// Kinds of personal data, used to separate index domains (the same digits as
// an ID number and as a phone number must not share an index value) and to
// choose the mask in Seal.
const (
	KindIDNumber = "id_number"
	KindPhone    = "phone"
)

// formatV1 is the first byte of every ciphertext: the layout version, so that
// a later layout can be told apart from stored values.
const formatV1 = 1

const (
	headerSize = 2  // version, key id
	nonceSize  = 12 // the GCM standard nonce
	tagSize    = 16
)

// Errors of Decrypt. Both mean the stored value cannot be read; callers treat
// them as internal errors and never show the cause to users.
var (
	// ErrTampered: the value was altered, truncated, or written under a
	// different key with the same id. GCM authentication catches all three.
	ErrTampered = errors.New("pii: encrypted value fails authentication (altered, truncated or from another key)")
	// ErrUnknownKey: the value names a key id this keyring lacks, as after a
	// rotation when the old key was dropped from the key file too early.
	ErrUnknownKey = errors.New("pii: encrypted value names a key id that is not in the key file")
)

// Encrypt seals plain with SM4-GCM under the active key. The result is
// version ‖ key id ‖ 12-byte random nonce ‖ ciphertext ‖ 16-byte tag; the
// two header bytes are authenticated too. Each call gives a different result,
// so equal values cannot be spotted in the table (use Index to find them).
func (k *Keyring) Encrypt(plain string) ([]byte, error) {
	out := make([]byte, headerSize+nonceSize, headerSize+nonceSize+len(plain)+tagSize)
	out[0], out[1] = formatV1, k.active
	if _, err := rand.Read(out[headerSize:]); err != nil {
		return nil, fmt.Errorf("pii: nonce: %w", err)
	}
	return k.aeads[k.active].Seal(out, out[headerSize:], []byte(plain), out[:headerSize]), nil
}

// Decrypt opens a value made by Encrypt (under any key still in the keyring).
func (k *Keyring) Decrypt(sealed []byte) (string, error) {
	if len(sealed) < headerSize+nonceSize+tagSize || sealed[0] != formatV1 {
		return "", ErrTampered
	}
	aead, ok := k.aeads[sealed[1]]
	if !ok {
		return "", fmt.Errorf("%w (key id %d)", ErrUnknownKey, sealed[1])
	}
	nonce := sealed[headerSize : headerSize+nonceSize]
	plain, err := aead.Open(nil, nonce, sealed[headerSize+nonceSize:], sealed[:headerSize])
	if err != nil {
		return "", ErrTampered
	}
	return string(plain), nil
}

// Index is the lookup key of a NORMALISED value (validate.IDNumber's Number,
// validate.Phone's result): lower-case hex of HMAC-SM3 keyed with the index
// key over the kind and the value, length-prefixed so that no two (kind,
// value) pairs share an input. Equal values give equal indexes, which is
// what exact lookup and a UNIQUE index need; without the key, the index
// reveals nothing, not even by trying every possible ID number.
func (k *Keyring) Index(kind, plain string) string {
	h := k.mac()
	defer k.putMAC(h)
	var n [binary.MaxVarintLen64]byte
	h.Write(n[:binary.PutUvarint(n[:], uint64(len(kind)))])
	h.Write([]byte(kind))
	h.Write([]byte(plain))
	var sum [32]byte
	return hex.EncodeToString(h.Sum(sum[:0]))
}

// Seal gives the three stored forms of a normalised value of a kind
// (KindIDNumber or KindPhone) in one call, for the *_enc, *_idx and *_mask
// columns. An absent value is not sealed (store NULLs instead of an empty
// index, which a UNIQUE index would treat as a duplicate): it is an error.
func (k *Keyring) Seal(kind, normalised string) (enc []byte, idx string, mask string, err error) {
	switch kind {
	case KindIDNumber:
		mask = MaskIDNumber(normalised)
	case KindPhone:
		mask = MaskPhone(normalised)
	default:
		return nil, "", "", fmt.Errorf("pii: Seal: unknown kind %q", kind)
	}
	if normalised == "" {
		return nil, "", "", fmt.Errorf("pii: Seal: empty %s", kind)
	}
	if enc, err = k.Encrypt(normalised); err != nil {
		return nil, "", "", err
	}
	return enc, k.Index(kind, normalised), mask, nil
}
