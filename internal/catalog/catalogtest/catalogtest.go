// Package catalogtest holds the catalog fixtures tests share: catalog
// managers and the two-person path to a published item (one manager
// drafts, another publishes). Only tests import it; a fully filled item is
// guidetest.Doc.
package catalogtest

import (
	"context"
	"testing"

	"github.com/onewindow/onewindow/internal/access"
	"github.com/onewindow/onewindow/internal/audit"
	"github.com/onewindow/onewindow/internal/catalog"
)

// Manager returns a staff account holding the catalog-manager role in region.
func Manager(id int64, name, region string) *access.Principal {
	return &access.Principal{AccountID: id, Username: name, Kind: "staff",
		Grants: []access.Grant{{Role: access.CatalogManager, Region: region}}}
}

// As returns a context whose audit actor is p, so the audit log names the
// manager who acted rather than the system.
func As(p *access.Principal) context.Context {
	return audit.WithActor(context.Background(), audit.Actor{ID: p.AccountID, Name: p.Username})
}

// Draft creates doc as editor (note 草稿) and leaves it unpublished.
func Draft(t testing.TB, svc *catalog.Service, editor *access.Principal, doc catalog.Doc) catalog.Item {
	t.Helper()
	it, err := svc.Create(As(editor), editor, doc, false, "草稿")
	if err != nil {
		t.Fatalf("create %s: %v", doc.Code, err)
	}
	return it
}

// Publish creates doc as editor (note 新建) and publishes it as publisher:
// publishing needs a second person, so the two must differ.
func Publish(t testing.TB, svc *catalog.Service, editor, publisher *access.Principal, doc catalog.Doc) catalog.Item {
	t.Helper()
	it, err := svc.Create(As(editor), editor, doc, false, "新建")
	if err != nil {
		t.Fatalf("create %s: %v", doc.Code, err)
	}
	pub, err := svc.Publish(As(publisher), publisher, it.Code, it.Version)
	if err != nil {
		t.Fatalf("publish %s: %v", doc.Code, err)
	}
	return pub
}

// PublishDraft publishes the current draft of code as publisher.
func PublishDraft(t testing.TB, svc *catalog.Service, publisher *access.Principal, code string) catalog.Item {
	t.Helper()
	it, err := svc.Get(As(publisher), publisher, code)
	if err != nil {
		t.Fatalf("get %s: %v", code, err)
	}
	pub, err := svc.Publish(As(publisher), publisher, code, it.Version)
	if err != nil {
		t.Fatalf("publish %s: %v", code, err)
	}
	return pub
}
