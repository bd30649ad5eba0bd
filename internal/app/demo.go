package app

import (
	"context"

	"github.com/onewindow/onewindow/internal/demo"
)

// DemoPassword is the password of every demo account.
const DemoPassword = demo.Password

// loadDemo builds the demo prefecture and its accounts. Both steps skip
// what exists, so a restart with --demo changes nothing.
func (a *App) loadDemo(ctx context.Context) error {
	ctx = systemCtx(ctx, "demo")
	sys := systemPrincipal("530000")
	st, err := demo.LoadStructure(ctx, a.Gov, sys)
	if err != nil {
		return err
	}
	logins, err := demo.LoadAccounts(ctx, a.Accounts, sys, st)
	if err != nil {
		return err
	}
	for _, l := range logins {
		a.DemoLogins = append(a.DemoLogins, DemoLogin{Username: l.Username, Role: l.Role.Title() + " · " + l.Where})
	}
	return nil
}
