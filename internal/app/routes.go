package app

import (
	"context"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/catalog"
	"github.com/onewindow/onewindow/internal/files"
	"github.com/onewindow/onewindow/internal/guide"
	"github.com/onewindow/onewindow/internal/hotline"
	"github.com/onewindow/onewindow/internal/knowledge"
	"github.com/onewindow/onewindow/internal/open311"
	"github.com/onewindow/onewindow/internal/rank"
	"github.com/onewindow/onewindow/internal/rating"
	"github.com/onewindow/onewindow/internal/sqlstore"
	"github.com/onewindow/onewindow/internal/stats"
	"github.com/onewindow/onewindow/internal/supervise"
)

// addDomainRoutes registers every domain's API operations and pages.
func (a *App) addDomainRoutes() {
	a.api.AddSession(a.Accounts)
	a.api.AddAccounts(a.Accounts)
	a.api.AddAudit(a.Audit)
	a.api.AddCalendar(a.Calendar)
	a.api.AddGov(a.Gov)
	a.api.AddBundles(a.Bundles)
	a.api.AddItems(a.Catalog)
	a.api.AddItemForm(a.Catalog)
	reports := catalog.NewReports(a.Catalog, sqlstore.NewCatalogStats(a.DB))
	a.api.AddCatalogReports(a.Catalog, reports)
	a.api.AddFiles(a.Files, func(ctx context.Context, p *access.Principal, f files.File) bool {
		return f.CaseID != 0 && a.Cases.CanSeeCaseFile(ctx, p, f.CaseID)
	})
	a.api.AddCases(a.Cases, guide.Options{})
	ratings := rating.NewService(sqlstore.NewRatingStore(a.DB), a.Cases, a.Calendar.Calendar, a.cfg.Now)
	a.api.AddRatings(ratings)
	a.api.AddRectifications(ratings)
	a.web.SetRatings(ratings)
	// Window ratings: tokens signed with a key derived from the personal-data keyring all nodes share.
	tokens := rating.NewTokens(ratings, sqlstore.NewRatingTokenStore(a.DB), a.Keys)
	a.api.AddRatingTokens(tokens)
	a.web.AddRatingTablet(tokens)
	a.web.AddRectifications(ratings, a.Files)
	figures := stats.NewService(sqlstore.NewStatStore(a.DB), sqlstore.NewGovStore(a.DB), sqlstore.NewCaseStore(a.DB), a.cfg.Now)
	figures.Catalog = reports
	a.api.AddStats(figures)
	a.web.AddSupervision(figures, sqlstore.NewGovStore(a.DB), sqlstore.NewStatStore(a.DB), a.Calendar.Calendar, a.cfg.Now)
	a.web.AddRatingBoard(figures, a.publicRoot)
	a.web.AddSession(a.Accounts)
	a.web.AddAudit(a.Audit)
	a.web.AddAccountAdmin(a.Accounts)
	a.web.AddCalendar(a.Calendar)
	a.web.AddGov(a.Gov)
	a.web.AddBundles(a.Bundles)
	a.web.AddCatalog(a.Catalog, a.Gov, a.publicRoot)
	a.web.AddItemForm(a.Catalog, sqlstore.NewGovStore(a.DB))
	a.web.AddCatalogReports(a.Catalog, reports)
	a.web.AddGuide(a.Catalog, sqlstore.NewGovStore(a.DB), guide.Options{})
	a.web.AddCases(a.Cases, a.Files, a.Catalog, sqlstore.NewGovStore(a.DB), a.Calendar.Calendar, a.cfg.Now)
	notices := supervise.NewService(sqlstore.NewSuperviseStore(a.DB), sqlstore.NewGovStore(a.DB), a.Cases, a.Calendar.Calendar, a.cfg.Now)
	a.api.AddSupervise(notices)
	a.web.AddSupervise(notices, a.Calendar.Calendar, a.cfg.Now)
	rankings := rank.NewService(sqlstore.NewRankStore(a.DB), sqlstore.NewStatStore(a.DB), sqlstore.NewGovStore(a.DB), a.cfg.Now)
	a.api.AddRank(rankings)
	a.web.AddRank(rankings)
	kb := knowledge.NewService(sqlstore.NewKnowledgeStore(a.DB), a.cfg.Now)
	a.api.AddKnowledge(kb)
	a.web.AddKnowledge(kb)
	tickets := hotline.NewService(sqlstore.NewHotlineStore(a.DB), a.Keys, kb, a.Calendar.Calendar, a.cfg.Now)
	a.api.AddHotline(tickets)
	a.web.AddHotline(tickets, a.Gov, a.cfg.Now)
}

// addOpen311 mounts Open311 GeoReport v2 (docs/open311.md) outside /api/v1:
// public reads, and filing with an app's api_key, never with a session.
func (a *App) addOpen311() {
	h := hotline.NewService(sqlstore.NewHotlineStore(a.DB), a.Keys, nil, a.Calendar.Calendar, a.cfg.Now)
	a.routes = append(a.routes, open311.NewHandler(open311.NewService(h, sqlstore.NewOpen311Store(a.DB), a.cfg.Now), a.log).Routes()...)
}
