package app

import (
	"context"
	"crypto/rand"
	"fmt"
	"math/big"
	"os"
	"strings"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/account"
	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/errs"
	"github.com/onewindow/onewindow/internal/gov"
	"github.com/onewindow/onewindow/internal/gov/regiondata"
	"github.com/onewindow/onewindow/internal/validate"
)

// systemPrincipal acts for the platform itself in bootstrap and demo
// loading: it may create accounts and grant any role in any region. It
// exists only in memory; its actions are audited as actor "system".
func systemPrincipal(region string) *access.Principal {
	return &access.Principal{Username: "system", Kind: account.KindStaff, Grants: []access.Grant{
		{Role: access.SysAdmin, Region: region}, {Role: access.SecAdmin, Region: region},
	}}
}

func systemCtx(ctx context.Context, what string) context.Context {
	return audit.WithActor(ctx, audit.Actor{Name: "system", Role: what})
}

// bootstrapAdmins creates the three separated administrators on a first
// start without demo data, so an operator can log in at all. Their random
// initial passwords go to a 0600 file in the data directory (never to the
// log), and must be changed at first login.
func (a *App) bootstrapAdmins(ctx context.Context) error {
	if _, err := a.Accounts.AnyStaff(ctx); err == nil {
		return nil
	} else if !errs.Is(err, errs.NotFound) {
		return err
	}
	root, err := a.rootRegion(ctx)
	if err != nil {
		return err
	}
	if root == "" {
		a.log.Warn("no regions yet: administrators will be created once regions are imported (onewindow demo, or the region import)")
		return nil
	}
	ctx = systemCtx(ctx, "bootstrap")
	sys := systemPrincipal(root)
	var lines []string
	for _, adm := range []struct {
		user string
		role access.Role
		name string
	}{{"sysadmin", access.SysAdmin, "系统管理员"}, {"secadmin", access.SecAdmin, "安全管理员"}, {"auditor", access.Auditor, "审计管理员"}} {
		pw := randomPassword()
		acc, err := a.Accounts.CreateStaff(ctx, sys, account.StaffInput{Username: adm.user, Name: adm.name, Phone: "13800000000", Password: pw})
		if err != nil {
			return fmt.Errorf("bootstrap %s: %w", adm.user, err)
		}
		if _, err := a.Accounts.GrantRole(ctx, sys, acc.ID, access.Grant{Role: adm.role, Region: root}); err != nil {
			return fmt.Errorf("bootstrap %s: %w", adm.user, err)
		}
		lines = append(lines, fmt.Sprintf("%s\t%s\t%s", adm.user, adm.role, pw))
	}
	text := "# OneWindow initial administrators (change these passwords at first login, then delete this file)\n" +
		strings.Join(lines, "\n") + "\n"
	if err := os.WriteFile(a.initialAdminsFile(), []byte(text), 0o600); err != nil {
		return err
	}
	a.log.Warn("created the initial administrators; their one-time passwords are in a file readable only by this user",
		"file", a.initialAdminsFile())
	return nil
}

func randomPassword() string {
	const sets = "ABCDEFGHJKLMNPQRSTUVWXYZ|abcdefghijkmnopqrstuvwxyz|23456789|@#%+=!"
	groups := strings.Split(sets, "|")
	var b strings.Builder
	for i := 0; i < 16; i++ {
		g := groups[i%len(groups)]
		n, _ := rand.Int(rand.Reader, big.NewInt(int64(len(g))))
		b.WriteByte(g[n.Int64()])
	}
	return b.String()
}

// rootRegion is the platform's root region: the configured one, or the first
// province in the table. On an empty table the embedded official division
// data is imported first.
func (a *App) rootRegion(ctx context.Context) (string, error) {
	sys := systemPrincipal("")
	sys.Grants = []access.Grant{{Role: access.SysAdmin, Region: "110000"}}
	provinces, err := a.Gov.ListRegions(ctx, sys, "")
	if err != nil {
		return "", err
	}
	if len(provinces) == 0 {
		rs, err := regiondata.Load()
		if err != nil {
			return "", err
		}
		for _, r := range rs {
			if r.ParentCode == "" {
				if _, err := a.Gov.ImportRegions(systemCtx(ctx, "bootstrap"), systemPrincipal(r.Code), regionsUnder(rs, r.Code)); err != nil {
					return "", err
				}
			}
		}
		if provinces, err = a.Gov.ListRegions(ctx, sys, ""); err != nil {
			return "", err
		}
	}
	if a.cfg.Region != "" {
		if _, err := a.Gov.GetRegion(ctx, sys, a.cfg.Region); err != nil {
			return "", fmt.Errorf("--region %s: %w", a.cfg.Region, err)
		}
		return a.cfg.Region, nil
	}
	if len(provinces) == 0 {
		return "", nil
	}
	return provinces[0].Code, nil
}

func regionsUnder(rs []gov.Region, root string) []gov.Region {
	var out []gov.Region
	for _, r := range rs {
		if validate.InRegion(r.Code, root) {
			out = append(out, r)
		}
	}
	return out
}
