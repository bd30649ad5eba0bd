package account_test

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/account"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/pii"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/sqlstore/sqltest"
	"github.com/onewindow/onewindow/internal/validate"
)

const goodPW = "Shangri-La2026"

// clock is a settable time source.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

type fixture struct {
	db    *sqlstore.DB
	svc   *account.Service
	clock *clock
	keys  *pii.Keyring
}

func setup(t *testing.T, db *sqlstore.DB) *fixture {
	t.Helper()
	// Regions are the structure package's business; a grant only needs them to exist.
	sqltest.Regions(t, db, "530000", "533400", "533401", "533422")
	keys, err := pii.NewRandom()
	if err != nil {
		t.Fatal(err)
	}
	c := &clock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}
	svc := account.NewService(sqlstore.NewAccountStore(db), keys, sqlstore.NewScopeChecker(db), c.now)
	return &fixture{db: db, svc: svc, clock: c, keys: keys}
}

func (f *fixture) count(t *testing.T, table string) int {
	t.Helper()
	var n int
	if err := f.db.QueryRow(context.Background(), "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func person(username, id string) account.RegisterInput {
	return account.RegisterInput{Kind: "person", Name: "扎西·顿珠", IDNumber: id, Phone: "13988776655", Username: username, Password: goodPW}
}

var root = &access.Principal{Username: "root", Kind: "staff", Grants: []access.Grant{{Role: access.SysAdmin, Region: "530000"}, {Role: access.SecAdmin, Region: "530000"}}}

// staff creates a staff account holding role in region.
func (f *fixture) staff(t *testing.T, username string, role access.Role, region string) (account.Account, *access.Principal) {
	t.Helper()
	ctx := context.Background()
	a, err := f.svc.CreateStaff(ctx, root, account.StaffInput{Username: username, Name: "测试人员", Phone: "13700001111", Password: goodPW})
	if err != nil {
		t.Fatal(err)
	}
	g, err := f.svc.GrantRole(ctx, root, a.ID, access.Grant{Role: role, Region: region})
	if err != nil {
		t.Fatal(err)
	}
	return a, &access.Principal{AccountID: a.ID, Username: username, Kind: "staff", Grants: []access.Grant{g}}
}

func wantCode(t *testing.T, err error, code errs.Code) {
	t.Helper()
	if errs.CodeOf(err) != code {
		t.Fatalf("error = %v, want code %s", err, code)
	}
}

func TestRegisterValidatesAndProtectsPersonalData(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := setup(t, db)
		ctx := context.Background()
		id := validate.MakeIDNumber("533401", time.Date(1988, 5, 12, 0, 0, 0, 0, time.UTC), 123)
		a, err := f.svc.Register(ctx, person("zhaxi", id))
		if err != nil {
			t.Fatal(err)
		}
		if a.IDNumberMask != id[:4]+"**********"+id[14:] || a.PhoneMask != "139****6655" {
			t.Fatalf("masks = %q %q", a.IDNumberMask, a.PhoneMask)
		}
		// At rest: no clear ID number or phone anywhere in the row or the audit log.
		var enc []byte
		var idx string
		if err := db.QueryRow(ctx, "SELECT id_number_enc, id_number_idx FROM accounts WHERE id = ?", a.ID).Scan(&enc, &idx); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(enc), id) || idx != f.keys.Index("id_number", id) {
			t.Fatal("ID number not sealed or not indexed")
		}
		var leaks int
		db.QueryRow(ctx, "SELECT COUNT(*) FROM audit_events WHERE after_json LIKE ? OR after_json LIKE ?", "%"+id+"%", "%13988776655%").Scan(&leaks)
		if leaks != 0 {
			t.Fatal("audit log holds clear personal data")
		}
		// The same person cannot register twice.
		_, err = f.svc.Register(ctx, person("zhaxi2", id))
		wantCode(t, err, errs.Conflict)
		if !strings.Contains(errs.MessageOf(err), "公民身份号码已注册") {
			t.Fatalf("message = %s", errs.MessageOf(err))
		}
		// Bad input: a clear error naming the field, and nothing written.
		accounts, events := f.count(t, "accounts"), f.count(t, "audit_events")
		bad := id[:17] + string("0123456789X"[(strings.IndexByte("0123456789X", id[17])+1)%11])
		for _, tc := range []struct {
			in    account.RegisterInput
			field string
		}{
			{person("lisi", bad), "id_number"},
			{person("lisi", "53342119880230123X"), "id_number"},
			{account.RegisterInput{Kind: "person", Name: "李四", IDNumber: id, Phone: "1234", Username: "lisi", Password: goodPW}, "phone"},
			{account.RegisterInput{Kind: "person", Name: "李四", IDNumber: id, Phone: "13988776655", Username: "lisi", Password: "password"}, "password"},
			{account.RegisterInput{Kind: "alien", Name: "李四", Username: "lisi", Password: goodPW}, "kind"},
			{account.RegisterInput{Kind: "org", Name: "迪庆高原商贸有限公司", CreditCode: "91533401MA6K3QXY2I", LegalRep: "李四", Phone: "13988776655", Username: "corp", Password: goodPW}, "credit_code"},
		} {
			_, err := f.svc.Register(ctx, tc.in)
			wantCode(t, err, errs.Invalid)
			if errs.FieldOf(err) != tc.field {
				t.Errorf("%+v: field = %q (%v), want %s", tc.in, errs.FieldOf(err), err, tc.field)
			}
		}
		if f.count(t, "accounts") != accounts || f.count(t, "audit_events") != events {
			t.Fatal("a rejected registration wrote something")
		}
		// An organisation with a valid credit code; a pilot code failing only
		// its check character is refused online with directions to a window.
		code := validate.MakeCreditCode("91533401MA6K3QXY2")
		if _, err := f.svc.Register(ctx, account.RegisterInput{Kind: "org", Name: "迪庆高原商贸有限公司", CreditCode: code, LegalRep: "李四", Phone: "13988776655", Username: "corp", Password: goodPW}); err != nil {
			t.Fatal(err)
		}
		pilot := code[:17] + map[bool]string{true: "1", false: "0"}[code[17] == '0']
		_, err = f.svc.Register(ctx, account.RegisterInput{Kind: "org", Name: "试点单位", CreditCode: pilot, LegalRep: "王五", Phone: "13988776655", Username: "pilot", Password: goodPW})
		if errs.FieldOf(err) != "credit_code" || !strings.Contains(errs.MessageOf(err), "窗口") {
			t.Fatalf("pilot code: %v", err)
		}
	})
}

func TestLoginLockoutIdleTimeoutAndLogout(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := setup(t, db)
		ctx := context.Background()
		id := validate.MakeIDNumber("533422", time.Date(1990, 1, 2, 0, 0, 0, 0, time.UTC), 7)
		if _, err := f.svc.Register(ctx, person("dolma", id)); err != nil {
			t.Fatal(err)
		}
		token, _, a, err := f.svc.Login(ctx, account.LoginInput{Username: "Dolma", Password: goodPW})
		if err != nil || a.Username != "dolma" {
			t.Fatalf("login: %v", err)
		}
		p, _, err := f.svc.Authenticate(ctx, token)
		if err != nil || p.AccountID != a.ID || p.Roles()[0] != access.Applicant {
			t.Fatalf("authenticate: %v %+v", err, p)
		}
		// Idle for longer than the policy allows: the session is gone.
		f.clock.add(31 * time.Minute)
		_, _, err = f.svc.Authenticate(ctx, token)
		wantCode(t, err, errs.Unauthorized)
		if !strings.Contains(errs.MessageOf(err), "超时") {
			t.Fatalf("idle message: %s", errs.MessageOf(err))
		}
		f.clock.add(-31 * time.Minute)
		_, _, err = f.svc.Authenticate(ctx, token)
		wantCode(t, err, errs.Unauthorized) // deleted, not merely expired

		// Four failures, then the right password still works and resets the count.
		for i := 0; i < 4; i++ {
			_, _, _, err := f.svc.Login(ctx, account.LoginInput{Username: "dolma", Password: "Wrong-pass1"})
			wantCode(t, err, errs.Unauthorized)
		}
		token, _, _, err = f.svc.Login(ctx, account.LoginInput{Username: "dolma", Password: goodPW})
		if err != nil {
			t.Fatal(err)
		}
		// Logout kills the session at once.
		if err := f.svc.Logout(ctx, token); err != nil {
			t.Fatal(err)
		}
		_, _, err = f.svc.Authenticate(ctx, token)
		wantCode(t, err, errs.Unauthorized)
		// Five failures lock the account; even the right password is refused.
		for i := 0; i < 4; i++ {
			f.svc.Login(ctx, account.LoginInput{Username: "dolma", Password: "Wrong-pass1"})
		}
		_, _, _, err = f.svc.Login(ctx, account.LoginInput{Username: "dolma", Password: "Wrong-pass1"})
		wantCode(t, err, errs.Locked)
		_, _, _, err = f.svc.Login(ctx, account.LoginInput{Username: "dolma", Password: goodPW})
		wantCode(t, err, errs.Locked)
		var locks int
		db.QueryRow(ctx, "SELECT COUNT(*) FROM audit_events WHERE action = 'account.locked'").Scan(&locks)
		if locks != 1 {
			t.Fatalf("account.locked events = %d", locks)
		}
		// After 15 minutes it opens again.
		f.clock.add(16 * time.Minute)
		if _, _, _, err := f.svc.Login(ctx, account.LoginInput{Username: "dolma", Password: goodPW}); err != nil {
			t.Fatal(err)
		}
		// Unknown users get the same answer as wrong passwords.
		_, _, _, err = f.svc.Login(ctx, account.LoginInput{Username: "nobody", Password: goodPW})
		if errs.MessageOf(err) != "用户名或密码错误" {
			t.Fatalf("unknown user: %v", err)
		}
	})
}

func TestSeparationOfDutiesAndScopes(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := setup(t, db)
		ctx := context.Background()
		_, sys := f.staff(t, "sys1", access.SysAdmin, "533400")
		_, sec := f.staff(t, "sec1", access.SecAdmin, "533400")
		clerk, _ := f.staff(t, "clerk9", access.Clerk, "533401")
		x, err := f.svc.CreateStaff(ctx, sys, account.StaffInput{Username: "newbie", Name: "新人", Phone: "13700002222", Password: goodPW})
		if err != nil {
			t.Fatal(err)
		}
		// sysadmin grants business roles in its region, never the admin roles.
		if _, err := f.svc.GrantRole(ctx, sys, x.ID, access.Grant{Role: access.Reviewer, Region: "533401"}); err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.GrantRole(ctx, sys, x.ID, access.Grant{Role: access.Auditor, Region: "533400"})
		wantCode(t, err, errs.Forbidden)
		// Outside its region: forbidden. A region that does not exist: invalid.
		_, err = f.svc.GrantRole(ctx, sys, x.ID, access.Grant{Role: access.Clerk, Region: "530000"})
		wantCode(t, err, errs.Forbidden)
		_, err = f.svc.GrantRole(ctx, sys, x.ID, access.Grant{Role: access.Clerk, Region: "533423"})
		wantCode(t, err, errs.Invalid)
		// Nobody grants to themselves.
		_, err = f.svc.GrantRole(ctx, sec, sec.AccountID, access.Grant{Role: access.Auditor, Region: "533400"})
		wantCode(t, err, errs.Forbidden)
		// A business account cannot also be an administrator, nor one administrator another.
		_, err = f.svc.GrantRole(ctx, sec, x.ID, access.Grant{Role: access.Auditor, Region: "533400"})
		wantCode(t, err, errs.Conflict)
		aud, err := f.svc.CreateStaff(ctx, sys, account.StaffInput{Username: "aud1", Name: "审计员", Phone: "13700003333", Password: goodPW})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.GrantRole(ctx, sec, aud.ID, access.Grant{Role: access.Auditor, Region: "533400"}); err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.GrantRole(ctx, sec, aud.ID, access.Grant{Role: access.SysAdmin, Region: "533400"})
		wantCode(t, err, errs.Conflict)
		// The auditor cannot manage accounts; the sysadmin cannot read personal data.
		_, err = f.svc.SetStatus(ctx, &access.Principal{AccountID: aud.ID, Grants: []access.Grant{{Role: access.Auditor, Region: "533400"}}}, clerk.ID, clerk.Version, "disabled", "离职")
		wantCode(t, err, errs.Forbidden)
		_, err = f.svc.Reveal(ctx, sys, clerk.ID, "phone", "核对身份信息")
		wantCode(t, err, errs.Forbidden)
		// A county sysadmin cannot disable prefecture-level staff.
		_, county := f.staff(t, "sys2", access.Clerk, "533422")
		county.Grants[0].Role = access.SysAdmin
		_, err = f.svc.SetStatus(ctx, county, sys.AccountID, 1, "disabled", "测试")
		wantCode(t, err, errs.Forbidden)
	})
}

func TestConcurrentUpdatesOneWins(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := setup(t, db)
		ctx := context.Background()
		_, sys := f.staff(t, "sys1", access.SysAdmin, "533400")
		target, _ := f.staff(t, "clerk1", access.Clerk, "533401")
		var wg sync.WaitGroup
		results := make([]error, 2)
		for i := range results {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, results[i] = f.svc.SetStatus(ctx, sys, target.ID, target.Version, "disabled", "调岗")
			}()
		}
		wg.Wait()
		ok, conflict := 0, 0
		for _, err := range results {
			switch {
			case err == nil:
				ok++
			case errs.Is(err, errs.Conflict):
				conflict++
			default:
				t.Fatal(err)
			}
		}
		if ok != 1 || conflict != 1 {
			t.Fatalf("ok=%d conflict=%d", ok, conflict)
		}
	})
}

func TestRevealNeedsPermissionAndReasonAndIsAudited(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := setup(t, db)
		ctx := context.Background()
		id := validate.MakeIDNumber("533423", time.Date(1975, 12, 31, 0, 0, 0, 0, time.UTC), 45)
		a, err := f.svc.Register(ctx, person("applicant", id))
		if err != nil {
			t.Fatal(err)
		}
		_, clerk := f.staff(t, "clerk1", access.Clerk, "533401")
		_, err = f.svc.Reveal(ctx, clerk, a.ID, "id_number", "")
		wantCode(t, err, errs.Invalid)
		got, err := f.svc.Reveal(ctx, clerk, a.ID, "id_number", "窗口核验申请人身份")
		if err != nil || got != id {
			t.Fatalf("reveal = %q, %v", got, err)
		}
		var reason string
		if err := db.QueryRow(ctx, "SELECT reason FROM audit_events WHERE action = 'pii.reveal' AND object_id = ?", itoa(a.ID)).Scan(&reason); err != nil || reason != "窗口核验申请人身份" {
			t.Fatalf("reveal audit: %q %v", reason, err)
		}
		_, err = f.svc.Reveal(ctx, &access.Principal{AccountID: a.ID, Grants: []access.Grant{{Role: access.Applicant}}}, a.ID, "phone", "查看本人信息")
		wantCode(t, err, errs.Forbidden)
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
