// Package audit is OneWindow's append-only, hash-chained event log. Every
// state change of every record writes an Event in the same transaction as the
// change. Each event carries the SM3 hash of the one before it, so that
// changing, removing or reordering any event breaks the chain, which Verify
// finds. The log never holds personal data in clear: snapshots are masked.
package audit

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"time"

	"github.com/emmansun/gmsm/sm3"
)

// Genesis is the previous-hash of the first event.
const Genesis = "0000000000000000000000000000000000000000000000000000000000000000"

// Event is one audited change.
type Event struct {
	Seq        int64     `json:"seq"`
	At         time.Time `json:"at"`
	ActorID    int64     `json:"actor_id"`
	ActorName  string    `json:"actor_name"`
	Role       string    `json:"role"`
	Action     string    `json:"action"`      // e.g. account.create, role.grant, session.login_failed
	ObjectType string    `json:"object_type"` // e.g. account, region, setting
	ObjectID   string    `json:"object_id"`
	Before     string    `json:"before,omitempty"` // JSON snapshot, masked
	After      string    `json:"after,omitempty"`  // JSON snapshot, masked
	Reason     string    `json:"reason,omitempty"`
	IP         string    `json:"ip,omitempty"`
	PrevHash   string    `json:"prev_hash"`
	Hash       string    `json:"hash"`
}

// ComputeHash returns the SM3 hash of the event's content chained to prev.
// Every field that matters is included, length-prefixed so that no two
// different events encode alike.
func (e *Event) ComputeHash(prev string) string {
	h := sm3.New()
	put := func(s string) {
		h.Write([]byte(strconv.Itoa(len(s))))
		h.Write([]byte{':'})
		h.Write([]byte(s))
	}
	put(prev)
	put(strconv.FormatInt(e.Seq, 10))
	put(strconv.FormatInt(e.At.UnixMilli(), 10))
	put(strconv.FormatInt(e.ActorID, 10))
	put(e.ActorName)
	put(e.Role)
	put(e.Action)
	put(e.ObjectType)
	put(e.ObjectID)
	put(e.Before)
	put(e.After)
	put(e.Reason)
	put(e.IP)
	return hex.EncodeToString(h.Sum(nil))
}

// Actor is who acts in a request: put in the context by the HTTP layer (or
// by a CLI command or job) and read when an event is built.
type Actor struct {
	ID   int64
	Name string // username, never a personal name
	Role string // the role the action is taken under
	IP   string
}

type actorKey struct{}

// WithActor returns ctx carrying a.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor in ctx; the system actor when none.
func ActorFrom(ctx context.Context) Actor {
	if a, ok := ctx.Value(actorKey{}).(Actor); ok {
		return a
	}
	return Actor{Name: "system", Role: "system"}
}

// New builds an event for the actor in ctx. before and after are snapshots
// (structs, maps or nil) encoded as JSON; callers pass masked values.
func New(ctx context.Context, action, objectType, objectID string, before, after any, reason string) Event {
	a := ActorFrom(ctx)
	return Event{
		ActorID:    a.ID,
		ActorName:  a.Name,
		Role:       a.Role,
		Action:     action,
		ObjectType: objectType,
		ObjectID:   objectID,
		Before:     snapshot(before),
		After:      snapshot(after),
		Reason:     reason,
		IP:         a.IP,
	}
}

func snapshot(v any) string {
	if v == nil {
		return ""
	}
	if s, ok := v.(string); ok {
		return s
	}
	b, err := json.Marshal(v)
	if err != nil {
		return `{"error":"unencodable snapshot"}`
	}
	return string(b)
}
