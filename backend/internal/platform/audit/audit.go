// Package audit keeps Teyi's append-only, hash-chained record of who did what.
//
// Record writes an event in the caller's transaction (or its own), so a change
// and its audit entry commit together. Rows are numbered 1, 2, 3 … under a
// transaction-scoped advisory lock; each row's hash covers its content and the
// previous row's hash. The database refuses UPDATE, DELETE and TRUNCATE (a
// trigger, and the application role lacks the grants); Verify walks the chain
// and names the first row that was edited, inserted or removed behind Teyi's
// back. Old and new values must never carry secrets.
package audit

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"time"

	"teyi/backend/internal/platform/clock"
	"teyi/backend/internal/platform/database"
)

// Actor is who acts, taken from the request context.
type Actor struct {
	UserID    string
	Name      string
	Role      string
	Domain    string
	IP        string
	RequestID string
}

type actorKey struct{}

// WithActor stores the actor in ctx.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor in ctx (zero when the system acts).
func ActorFrom(ctx context.Context) Actor {
	a, _ := ctx.Value(actorKey{}).(Actor)
	return a
}

// Event is one thing that happened.
type Event struct {
	Action     string
	ObjectType string
	ObjectID   string
	Old, New   any
	// RegionCode and HospitalID place the event in a tenancy, so that a
	// region's administrators can search their own events.
	RegionCode string
	HospitalID string
}

// Row is a stored event.
type Row struct {
	ID         int64           `json:"id"`
	At         time.Time       `json:"at"`
	ActorID    *string         `json:"actor_id"`
	ActorName  string          `json:"actor_name"`
	Role       string          `json:"role"`
	Domain     string          `json:"domain"`
	Action     string          `json:"action"`
	ObjectType string          `json:"object_type"`
	ObjectID   string          `json:"object_id"`
	OldValues  json.RawMessage `json:"old_values,omitempty"`
	NewValues  json.RawMessage `json:"new_values,omitempty"`
	IP         string          `json:"ip"`
	RequestID  string          `json:"request_id"`
	RegionCode string          `json:"region_code"`
	HospitalID string          `json:"hospital_id"`
	PrevHash   []byte          `json:"-"`
	Hash       []byte          `json:"-"`
}

// Log writes and reads audit events.
type Log struct {
	db    *database.DB
	clock clock.Clock
}

// New builds a log.
func New(db *database.DB, c clock.Clock) *Log {
	if c == nil {
		c = clock.Real{}
	}
	return &Log{db: db, clock: c}
}

const chainLock = 7420118

var genesis = make([]byte, sha256.Size)

// Record appends e, joining the transaction in ctx if there is one.
func (l *Log) Record(ctx context.Context, e Event) error {
	old, err := canonicalJSON(e.Old)
	if err != nil {
		return fmt.Errorf("audit old values: %w", err)
	}
	nw, err := canonicalJSON(e.New)
	if err != nil {
		return fmt.Errorf("audit new values: %w", err)
	}
	a := ActorFrom(ctx)
	return l.db.WithTx(ctx, func(ctx context.Context) error {
		conn := l.db.Conn(ctx)
		if err := conn.Exec(`SELECT pg_advisory_xact_lock(?)`, chainLock).Error; err != nil {
			return err
		}
		var last struct {
			ID   int64
			Hash []byte
		}
		if err := conn.Raw(`SELECT id, hash FROM audit_events ORDER BY id DESC LIMIT 1`).Scan(&last).Error; err != nil {
			return err
		}
		prev := last.Hash
		if last.ID == 0 {
			prev = genesis
		}
		r := Row{ID: last.ID + 1, At: l.clock.Now().UTC().Truncate(time.Microsecond), ActorName: a.Name, Role: a.Role,
			Domain: a.Domain, Action: e.Action, ObjectType: e.ObjectType, ObjectID: e.ObjectID, OldValues: old,
			NewValues: nw, IP: a.IP, RequestID: a.RequestID, RegionCode: e.RegionCode, HospitalID: e.HospitalID, PrevHash: prev}
		if a.UserID != "" {
			r.ActorID = &a.UserID
		}
		r.Hash = r.computeHash()
		return conn.Exec(`INSERT INTO audit_events (id, at, actor_id, actor_name, role, domain, action, object_type,
			object_id, old_values, new_values, ip, request_id, region_code, hospital_id, prev_hash, hash)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			r.ID, r.At, r.ActorID, r.ActorName, r.Role, r.Domain, r.Action, r.ObjectType, r.ObjectID,
			nullJSON(r.OldValues), nullJSON(r.NewValues), r.IP, r.RequestID, r.RegionCode, r.HospitalID, r.PrevHash, r.Hash).Error
	})
}

func nullJSON(b json.RawMessage) any {
	if len(b) == 0 {
		return nil
	}
	return string(b)
}

// computeHash covers every field and the previous hash.
func (r *Row) computeHash() []byte {
	actor := ""
	if r.ActorID != nil {
		actor = *r.ActorID
	}
	fields := []string{fmt.Sprint(r.ID), r.At.UTC().Format(time.RFC3339Nano), actor, r.ActorName, r.Role, r.Domain,
		r.Action, r.ObjectType, r.ObjectID, string(r.OldValues), string(r.NewValues), r.IP, r.RequestID,
		r.RegionCode, r.HospitalID}
	body, _ := json.Marshal(fields)
	h := sha256.New()
	h.Write(r.PrevHash)
	h.Write(body)
	return h.Sum(nil)
}

// canonicalJSON renders v so that the same value always gives the same bytes,
// even after a round trip through jsonb (sorted keys, numbers kept as text).
func canonicalJSON(v any) (json.RawMessage, error) {
	if v == nil {
		return nil, nil
	}
	b, ok := v.(json.RawMessage)
	if !ok {
		var err error
		if b, err = json.Marshal(v); err != nil {
			return nil, err
		}
	}
	if string(b) == "null" {
		return nil, nil
	}
	return recanonical(b)
}

func recanonical(b []byte) (json.RawMessage, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var x any
	if err := dec.Decode(&x); err != nil {
		return nil, err
	}
	return json.Marshal(x)
}
