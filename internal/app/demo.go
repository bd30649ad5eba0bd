package app

import (
	"context"

	"github.com/onewindow/onewindow/internal/access"

	"github.com/onewindow/onewindow/internal/demo"
	"github.com/onewindow/onewindow/internal/hotline"
	"github.com/onewindow/onewindow/internal/rank"
	"github.com/onewindow/onewindow/internal/sqlstore"
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
	// The demo catalog is entered by catalog1 and published by catalog2
	// (four eyes), acting province-wide because base items are the province's.
	ed, err := a.catalogPrincipal(ctx, "catalog1")
	if err != nil {
		return err
	}
	pub, err := a.catalogPrincipal(ctx, "catalog2")
	if err != nil {
		return err
	}
	if _, err := demo.LoadCatalog(ctx, a.Catalog, ed, pub, st); err != nil {
		return err
	}
	if err := demo.LoadBundles(ctx, a.Bundles, a.Catalog, ed, pub, st); err != nil {
		return err
	}
	if err := a.loadDemoCases(ctx); err != nil {
		return err
	}
	if err := demo.LoadRanking(ctx, rank.NewService(sqlstore.NewRankStore(a.DB), sqlstore.NewStatStore(a.DB), sqlstore.NewGovStore(a.DB), a.cfg.Now), st); err != nil {
		return err
	}
	if err := demo.LoadHotline(ctx, hotline.NewService(sqlstore.NewHotlineStore(a.DB), a.Keys, nil, a.Calendar.Calendar, a.cfg.Now), a.Accounts, st); err != nil {
		return err
	}
	if err := demo.LoadKnowledge(ctx, sqlstore.NewKnowledgeStore(a.DB), a.cfg.Now, st); err != nil {
		return err
	}
	for _, l := range logins {
		a.DemoLogins = append(a.DemoLogins, DemoLogin{Username: l.Username, Role: l.Role.Title() + " · " + l.Where})
	}
	return nil
}

// catalogPrincipal acts as a demo catalog manager over the province.
func (a *App) catalogPrincipal(ctx context.Context, username string) (*access.Principal, error) {
	acc, err := a.Accounts.ByUsername(ctx, username)
	if err != nil {
		return nil, err
	}
	return &access.Principal{AccountID: acc.ID, Username: acc.Username, Kind: acc.Kind,
		Grants: []access.Grant{{Role: access.CatalogManager, Region: "530000"}}}, nil
}

// loadDemoCases files the demo cases as the demo people.
func (a *App) loadDemoCases(ctx context.Context) error {
	var who demo.People
	for _, x := range []struct {
		user string
		p    **access.Principal
	}{{"citizen1", &who.Citizen}, {"company1", &who.Company}, {"clerk1", &who.Clerk}, {"reviewer1", &who.Reviewer}, {"approver1", &who.Approver}} {
		acc, err := a.Accounts.ByUsername(ctx, x.user)
		if err != nil {
			return err
		}
		*x.p = demo.Principal(acc)
	}
	return demo.LoadCases(ctx, a.Cases, a.Files, who)
}
