package catalog

import (
	"context"
	"time"

	"github.com/onewindow/onewindow/internal/audit"
)

// ListFilter selects items for staff lists and public browsing.
type ListFilter struct {
	Region      string // subtree; "" any
	DeptID      int64
	Kind        Kind
	Status      string // "" any; "public" = published and in force
	Theme       string
	OnlineDepth int    // minimum; 0 any
	CrossRegion string // "" any
	Base        *bool  // base items only / implementations only
	BaseCode    string
	Name        string // name prefix or contained text (LIKE)
	After       int64  // keyset cursor: ids greater than this (id order)
	Limit       int
}

// Publication is what a publish writes besides the version state: the
// search tokens and themes of the new content.
type Publication struct {
	ItemID      int64
	ItemVersion int // optimistic lock of the item row
	Number      int // the draft version being published
	PublisherID int64
	Publisher   string
	At          time.Time
	Doc         Doc
	Tokens      string // search index tokens (Tokens(doc, deptName))
}

// Store keeps items, their versions and the search index. Mutating
// methods write the given audit events in the same transaction; a stale
// ItemVersion is errs.Conflict.
type Store interface {
	// CreateItem inserts an item with its first draft version; errs.Conflict
	// when the code exists.
	CreateItem(ctx context.Context, isBase bool, v Version, evs ...audit.Event) (Item, error)
	// Import creates new items and puts drafts on existing ones in one
	// transaction: all or none.
	Import(ctx context.Context, b ImportBatch, evs ...audit.Event) error
	// Item returns an item by code with the doc of its published version
	// (or its draft when never published). errs.NotFound.
	Item(ctx context.Context, code string) (Item, error)
	// Version returns one version. errs.NotFound.
	Version(ctx context.Context, itemID int64, number int) (Version, error)
	// Versions lists an item's versions, newest first.
	Versions(ctx context.Context, itemID int64) ([]Version, error)
	// PutDraft stores v as the item's pending draft: a new version when
	// the item has none, else it replaces the draft's content.
	PutDraft(ctx context.Context, itemID int64, itemVersion int, v Version, evs ...audit.Event) (Item, error)
	// DiscardDraft removes the pending draft of an item that was published before.
	DiscardDraft(ctx context.Context, itemID int64, itemVersion int, evs ...audit.Event) (Item, error)
	// Publish makes the draft the published version, supersedes the old
	// one, copies the list columns and refreshes themes and search tokens.
	Publish(ctx context.Context, pub Publication, evs ...audit.Event) (Item, error)
	// SetStatus sets published/suspended/cancelled with its effective time and reason.
	SetStatus(ctx context.Context, itemID int64, itemVersion int, status string, from time.Time, reason string, evs ...audit.Event) (Item, error)
	// ListItems lists items in id order.
	ListItems(ctx context.Context, f ListFilter) ([]Item, error)
	// CountView adds one to an item's popularity (no audit: a view is not a change).
	CountView(ctx context.Context, itemID int64) error
	// Search runs a full-text query; see search.go.
	Search(ctx context.Context, q Query) (SearchResult, error)
}

// ImportBatch is the writes of one import.
type ImportBatch struct {
	IsBase  bool
	Creates []Version // new items, each with its first draft
	Drafts  []Draft   // new drafts of existing items
}

// Draft is a draft put on an existing item.
type Draft struct {
	ItemID      int64
	ItemVersion int
	Version     Version
}

// Depts resolves departments for items (gov implements it through a small adapter).
type Depts interface {
	// Dept returns a department's region, kind, name and whether it is active. errs.NotFound.
	DeptInfo(ctx context.Context, id int64) (DeptInfo, error)
}

// DeptInfo is what the catalog needs of a department.
type DeptInfo struct {
	ID     int64
	Region string
	Name   string
	Kind   string
	Active bool
}
