package audit

import (
	"context"
	"time"
)

// Filter selects events. Empty fields match everything.
type Filter struct {
	ActorID    string
	ActorName  string
	Action     string
	ObjectType string
	ObjectID   string
	From, To   time.Time
	// RegionCode limits to one region's events (bureau administrators).
	RegionCode string
	// HospitalID limits to one hospital's events.
	HospitalID string
	// Before is the keyset cursor: events with a smaller id.
	Before int64
	Limit  int
}

// Search returns events newest first, and the cursor for the next page (0
// when there is none).
func (l *Log) Search(ctx context.Context, f Filter) ([]Row, int64, error) {
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	q := l.db.Conn(ctx).Table("audit_events").Select(`id, at, actor_id, actor_name, role, domain, action, object_type,
		object_id, old_values, new_values, ip, request_id, region_code, hospital_id`)
	if f.ActorID != "" {
		q = q.Where("actor_id::text = ?", f.ActorID)
	}
	if f.ActorName != "" {
		q = q.Where("actor_name = ?", f.ActorName)
	}
	if f.Action != "" {
		q = q.Where("action = ?", f.Action)
	}
	if f.ObjectType != "" {
		q = q.Where("object_type = ?", f.ObjectType)
	}
	if f.ObjectID != "" {
		q = q.Where("object_id = ?", f.ObjectID)
	}
	if !f.From.IsZero() {
		q = q.Where("at >= ?", f.From)
	}
	if !f.To.IsZero() {
		q = q.Where("at < ?", f.To)
	}
	if f.RegionCode != "" {
		q = q.Where("region_code = ?", f.RegionCode)
	}
	if f.HospitalID != "" {
		q = q.Where("hospital_id = ?", f.HospitalID)
	}
	if f.Before > 0 {
		q = q.Where("id < ?", f.Before)
	}
	var rows []Row
	if err := q.Order("id DESC").Limit(f.Limit + 1).Scan(&rows).Error; err != nil {
		return nil, 0, err
	}
	var next int64
	if len(rows) > f.Limit {
		rows = rows[:f.Limit]
		next = rows[len(rows)-1].ID
	}
	return rows, next, nil
}
