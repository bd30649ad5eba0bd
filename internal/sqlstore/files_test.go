package sqlstore_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/files"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
)

// fileOwner inserts an applicant account and returns it as a principal
// with a context acting as it.
func fileOwner(t *testing.T, db *sqlstore.DB, username string) (context.Context, *access.Principal) {
	t.Helper()
	ctx := context.Background()
	var id int64
	err := db.WriteTx(ctx, func(tx *sqlstore.Tx) (err error) {
		id, err = tx.InsertID(ctx, `INSERT INTO accounts (username, kind, name, password_hash, password_at, created_at, updated_at)
			VALUES (?, 'person', '卓玛', 'x', 0, 0, 0)`, username)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	p := &access.Principal{AccountID: id, Username: username, Kind: "person", Grants: []access.Grant{{Role: access.Applicant}}}
	return audit.WithActor(ctx, audit.Actor{ID: id, Name: username, Role: "applicant", IP: "192.0.2.9"}), p
}

func TestFileStoreRoundTrip(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx, owner := fileOwner(t, db, "zhuoma")
		at := time.Date(2026, 11, 23, 8, 30, 0, 123e6, time.UTC)
		svc := files.NewService(sqlstore.NewFileStore(db), func() time.Time { return at })
		// Every byte value survives, NUL and invalid UTF-8 included.
		content := []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n\x00\x01\xff binary\n%%EOF\n")
		f, err := svc.Upload(ctx, owner, "营业执照（副本）.pdf", "application/pdf", bytes.NewReader(content))
		if err != nil {
			t.Fatal(err)
		}
		got, err := svc.Get(ctx, f.ID)
		if err != nil || got != f {
			t.Fatalf("Get = %+v, %v; want %+v", got, err, f)
		}
		if !got.CreatedAt.Equal(at) || got.OwnerID != owner.AccountID || got.CaseID != 0 {
			t.Fatalf("file = %+v", got)
		}
		got, data, err := svc.Open(ctx, f.ID)
		if err != nil || got != f || !bytes.Equal(data, content) {
			t.Fatalf("Open = %+v, %q, %v", got, data, err)
		}

		var action, objectType, after string
		var actor int64
		err = db.QueryRow(ctx, "SELECT action, object_type, actor_id, after_json FROM audit_events WHERE object_id = ?", f.ID).
			Scan(&action, &objectType, &actor, &after)
		if err != nil {
			t.Fatal(err)
		}
		if action != "file.upload" || objectType != "file" || actor != owner.AccountID ||
			!strings.Contains(after, f.SM3) || !strings.Contains(after, "营业执照（副本）.pdf") || strings.Contains(after, "binary") {
			t.Fatalf("event %s %s by %d: %s", action, objectType, actor, after)
		}

		missing := strings.Repeat("ab", 16)
		if _, err := svc.Get(ctx, missing); !errs.Is(err, errs.NotFound) || errs.MessageOf(err) != "文件不存在" {
			t.Errorf("Get missing = %v", err)
		}
		if _, _, err := svc.Open(ctx, missing); !errs.Is(err, errs.NotFound) {
			t.Errorf("Open missing = %v", err)
		}
	})
}

func TestFileStoreRefusesUnknownOwnerAndDuplicateID(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx, owner := fileOwner(t, db, "zhuoma")
		st := sqlstore.NewFileStore(db)
		f := files.File{ID: strings.Repeat("0f", 16), OwnerID: owner.AccountID, Name: "a.png", ContentType: files.PNG,
			Size: 1, SM3: strings.Repeat("0", 64), CreatedAt: time.Now()}
		ev := audit.New(ctx, "file.upload", "file", f.ID, nil, nil, "")
		if err := st.PutFile(ctx, f, []byte{1}, ev); err != nil {
			t.Fatal(err)
		}
		if err := st.PutFile(ctx, f, []byte{2}, ev); !errs.Is(err, errs.Conflict) {
			t.Errorf("duplicate id: %v", err)
		}
		g := f
		g.ID, g.OwnerID = strings.Repeat("1f", 16), owner.AccountID+100
		if err := st.PutFile(ctx, g, []byte{1}, ev); !errs.Is(err, errs.Conflict) {
			t.Errorf("unknown owner: %v", err)
		}
		var n int
		if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM audit_events WHERE action = 'file.upload'").Scan(&n); err != nil || n != 1 {
			t.Errorf("%d upload events (%v); refused writes must leave none", n, err)
		}
	})
}
