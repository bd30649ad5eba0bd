package sqltest

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/account"
	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/pii"
	"github.com/onewindow/onewindow/internal/sqlstore"
)

// staffSeq gives each staff account a phone number of its own.
var staffSeq atomic.Int64

// Staff creates an active staff account holding g, created at now with a
// sealed phone number of its own, and returns it as a principal.
func Staff(t testing.TB, db *sqlstore.DB, keys *pii.Keyring, now time.Time, username string, g access.Grant) *access.Principal {
	t.Helper()
	ctx := context.Background()
	accounts := sqlstore.NewAccountStore(db)
	r := &account.Record{Username: username, Kind: account.KindStaff, Name: "测试人员", Status: account.StatusActive,
		PasswordHash: "x", PasswordAt: now, CreatedAt: now, UpdatedAt: now}
	var err error
	if r.PhoneEnc, r.PhoneIdx, r.PhoneMask, err = keys.Seal(pii.KindPhone, fmt.Sprintf("139887%05d", 80000+staffSeq.Add(1))); err != nil {
		t.Fatal(err)
	}
	id, err := accounts.CreateAccount(ctx, r, audit.New(ctx, "account.create", "account", "", nil, nil, "测试"))
	if err != nil {
		t.Fatal(err)
	}
	if g.ID, err = accounts.AddGrant(ctx, id, g, 0, audit.New(ctx, "role.grant", "account", fmt.Sprint(id), nil, nil, "")); err != nil {
		t.Fatal(err)
	}
	return &access.Principal{AccountID: id, Username: username, Kind: account.KindStaff, Grants: []access.Grant{g}}
}
