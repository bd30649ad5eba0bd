package pii

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
)

const (
	keyFileHeader = "onewindow-pii-keys 1"
	keyDir        = "keys"
	keyFileName   = "pii.key"
)

// KeyFile is the path of the key file under the data directory dir,
// dir/keys/pii.key. The file is text, so that an operator can see what it
// holds and add a key by hand when rotating:
//
//	# comment lines and blank lines are ignored
//	onewindow-pii-keys 1
//	index <64 hex digits>
//	sm4 <id 1–255> <32 hex digits>
//	sm4 <id> <32 hex digits>      (older keys, kept to read old values)
//	active <id>
//
// The first other line names the format and its version. There is one index
// key, one or more SM4 keys with distinct ids, and the active id names the
// SM4 key that encrypts new values. Never change a key in place: values
// encrypted under it would become unreadable.
func KeyFile(dir string) string { return filepath.Join(dir, keyDir, keyFileName) }

// LoadOrCreate reads dir/keys/pii.key, or on first start creates it with
// fresh random keys (directory 0700, file 0600). Creation is race-free: when
// two processes start on one empty data directory, one key file wins and both
// use it. A key file readable by group or others is used, with a warning in
// the log rather than a refusal, because refusing would stop the whole
// service over what may be a deliberate backup-agent group; chmod 600 fixes it.
func LoadOrCreate(dir string) (*Keyring, error) {
	path := KeyFile(dir)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("pii: create key directory: %w", err)
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		if err := create(path); err != nil {
			return nil, err
		}
		data, err = os.ReadFile(path)
	}
	if err != nil {
		return nil, fmt.Errorf("pii: read key file: %w", err)
	}
	if fi, err := os.Stat(path); err == nil && runtime.GOOS != "windows" && fi.Mode().Perm()&0o077 != 0 {
		slog.Warn("personal-data key file is readable by other users; run chmod 600 on it",
			"path", path, "mode", fi.Mode().Perm().String())
	}
	k, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%w (in %s)", err, path)
	}
	return k, nil
}

// create writes a fresh key file at path unless one appears meanwhile. The
// keys go to a temporary file that is synced and then hard-linked into place:
// a link fails if the name exists, so a concurrent start cannot overwrite a
// key that the other process may already have used.
func create(path string) error {
	k, err := NewRandom()
	if err != nil {
		return fmt.Errorf("pii: generate keys: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".pii.key.*")
	if err != nil {
		return fmt.Errorf("pii: create key file: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return fmt.Errorf("pii: create key file: %w", err)
	}
	if _, err := tmp.Write(k.fileText()); err != nil {
		tmp.Close()
		return fmt.Errorf("pii: write key file: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("pii: sync key file: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("pii: write key file: %w", err)
	}
	if err := os.Link(tmp.Name(), path); err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("pii: install key file: %w", err)
	}
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		d.Sync() // make the new name durable; best effort where unsupported
		d.Close()
	}
	return nil
}

// fileText renders the keyring in the key file format.
func (k *Keyring) fileText() []byte {
	var b bytes.Buffer
	b.WriteString("# OneWindow personal-data keys: SM4 encrypts ID and phone numbers, HMAC-SM3 indexes them.\n")
	b.WriteString("# Keep this file secret (chmod 600) and back it up with the database:\n")
	b.WriteString("# without it the encrypted personal data cannot be read. Never edit a key in place.\n")
	b.WriteString(keyFileHeader + "\n")
	fmt.Fprintf(&b, "index %x\n", k.indexKey)
	ids := make([]int, 0, len(k.sm4Keys))
	for id := range k.sm4Keys {
		ids = append(ids, int(id))
	}
	sort.Ints(ids)
	for _, id := range ids {
		fmt.Fprintf(&b, "sm4 %d %x\n", id, k.sm4Keys[byte(id)])
	}
	fmt.Fprintf(&b, "active %d\n", k.active)
	return b.Bytes()
}

// Parse reads the key file format (see KeyFile). Errors name the line but
// never show key material.
func Parse(data []byte) (*Keyring, error) {
	var (
		header bool
		active byte
		index  []byte
		keys   = map[byte][]byte{}
	)
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if !header {
			if line != keyFileHeader {
				return nil, fmt.Errorf("pii: key file line %d: want %q", n, keyFileHeader)
			}
			header = true
			continue
		}
		f := strings.Fields(line)
		var err error
		switch {
		case f[0] == "index" && len(f) == 2 && index == nil:
			index, err = decodeKey(f[1], indexKeySize, "index key")
		case f[0] == "sm4" && len(f) == 3:
			var id byte
			if id, err = parseKeyID(f[1]); err == nil {
				if _, dup := keys[id]; dup {
					err = fmt.Errorf("pii: SM4 key id %d appears twice", id)
				} else {
					keys[id], err = decodeKey(f[2], sm4KeySize, "SM4 key")
				}
			}
		case f[0] == "active" && len(f) == 2 && active == 0:
			active, err = parseKeyID(f[1])
		default:
			err = errors.New("pii: expected one each of 'index HEX' and 'active ID', and 'sm4 ID HEX' lines")
		}
		if err != nil {
			return nil, fmt.Errorf("%w (key file line %d)", err, n)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("pii: read key file: %w", err)
	}
	switch {
	case !header:
		return nil, errors.New("pii: key file is empty")
	case index == nil:
		return nil, errors.New("pii: key file has no index key")
	case active == 0:
		return nil, errors.New("pii: key file names no active key")
	}
	return newKeyring(active, keys, index)
}

// Open returns the keyring an operator configured: the EnvKey-format key when
// hexKey is not empty, else the key file in the data directory dir.
func Open(dir, hexKey string) (*Keyring, error) {
	if strings.TrimSpace(hexKey) != "" {
		return FromHex(hexKey)
	}
	return LoadOrCreate(dir)
}
