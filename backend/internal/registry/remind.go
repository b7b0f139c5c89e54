package registry

import (
	"context"
	"strings"
	"time"

	"teyi/backend/internal/platform/audit"
	"teyi/backend/internal/platform/authz"
)

// TaskDaily is the periodic task kind of RunDaily.
const TaskDaily = "registry:daily"

// DailyResult counts what one run did.
type DailyResult struct {
	Expired  int `json:"expired"`
	Reminded int `json:"reminded"`
}

// RunDaily ends the approvals whose last day has passed (approved →
// expired) and records one reminder for each approval ending within
// ReminderDays days. Both are idempotent: a second run the same day (or a
// retry) changes nothing.
func (s *Service) RunDaily(ctx context.Context) (DailyResult, error) {
	ctx = audit.WithActor(ctx, audit.Actor{Name: "system:registry", Role: "system"})
	ctx = authz.WithPrincipal(ctx, &authz.Principal{Username: "system:registry"}, authz.Scope{Kind: authz.KindSystem})
	var res DailyResult
	today := s.today()

	var ended []struct {
		ID      string
		Version int
	}
	if err := s.db.Conn(ctx).Raw(`SELECT id, version FROM registry_items WHERE status = 'approved' AND valid_to < ? ORDER BY id`,
		today.String()).Scan(&ended).Error; err != nil {
		return res, err
	}
	for _, e := range ended {
		if _, err := s.step(ctx, e.ID, e.Version, change{act: ActExpire}); err != nil {
			return res, err
		}
		res.Expired++
	}

	horizon := today.AddDays(ReminderDays)
	var due []struct{ ID string }
	if err := s.db.Conn(ctx).Raw(`SELECT id FROM registry_items WHERE status = 'approved' AND reminded_at IS NULL
		AND valid_to >= ? AND valid_to <= ? ORDER BY valid_to, id`, today.String(), horizon.String()).Scan(&due).Error; err != nil {
		return res, err
	}
	for _, d := range due {
		sent, err := s.remind(ctx, d.ID)
		if err != nil {
			return res, err
		}
		if sent {
			res.Reminded++
		}
	}
	if res.Expired > 0 || res.Reminded > 0 {
		s.log.InfoContext(ctx, "registry daily run", "expired", res.Expired, "reminded", res.Reminded)
	}
	return res, nil
}

// remind marks one approval as reminded and records the reminder, once.
func (s *Service) remind(ctx context.Context, id string) (bool, error) {
	sent := false
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		r, err := s.load(ctx, id, true)
		if err != nil {
			return err
		}
		if r.Status != string(StatusApproved) || r.RemindedAt != nil || r.ValidTo == nil {
			return nil // reminded by a concurrent run, or changed since
		}
		if err := s.db.Conn(ctx).Exec(`UPDATE registry_items SET reminded_at = ? WHERE id = ? AND reminded_at IS NULL`,
			s.clock.Now(), r.ID).Error; err != nil {
			return err
		}
		to := dateOf(*r.ValidTo)
		// TODO(notify): when package notify is on main, send the reminder
		// to the filing hospital's office and the region's bureau
		// administrators with notify.Send inside this transaction (its
		// outbox row commits with the mark); until then the audit event
		// is the record.
		if err := s.audit.Record(ctx, audit.Event{Action: "registry.remind", ObjectType: "registry_item", ObjectID: r.ID,
			New: map[string]any{"code": r.Code, "valid_to": to.String(), "days_left": daysBetween(s.today(), to),
				"at": s.clock.Now().UTC().Format(time.RFC3339)},
			RegionCode: strings.TrimSpace(r.RegionCode), HospitalID: r.HospitalID}); err != nil {
			return err
		}
		sent = true
		return nil
	})
	return sent, err
}
