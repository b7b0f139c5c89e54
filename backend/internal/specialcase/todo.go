package specialcase

import (
	"context"
	"strconv"
	"time"

	"teyi/backend/internal/platform/calendar"
	"teyi/backend/internal/todo"
)

// Todos are the application items of the caller's home page: drafts and
// information requests for clinicians, applications to forward and the
// quota for the office, the intake queue by service-level age for the
// bureau.
func (s *Service) Todos(ctx context.Context) ([]todo.Item, error) {
	c := callerOf(ctx)
	scope, args, err := c.scopeSQL("a")
	if err != nil || len(c.actors) == 0 || c.is(ActSystem) {
		return nil, nil //nolint:nilerr // no items outside a hospital or region
	}
	today := calendar.DateOf(s.Clock.Now()).String()
	var rows []struct {
		Status    string
		Mine      bool
		Assigned  bool
		Overdue   bool
		Unassign  bool
		N         int
		NearestIR *time.Time
	}
	if err := s.DB.Conn(ctx).Raw(`SELECT a.status, a.created_by = ? AS mine, coalesce(a.assigned_to = ?, false) AS assigned,
		(a.escalated OR a.intake_due < ?) AS overdue, a.assigned_to IS NULL AS unassign, count(*) AS n,
		min((SELECT r.due_on FROM special_info_requests r WHERE r.application_id = a.id AND r.answered_at IS NULL AND r.expired_at IS NULL)) AS nearest_ir
		FROM special_applications a WHERE a.open AND a.status IN ('DRAFT', 'HOSPITAL_REVIEW', 'SUBMITTED', 'RETURNED_FOR_INFO') AND `+scope+`
		GROUP BY 1, 2, 3, 4, 5`, append([]any{nullUser(c.userID), nullUser(c.userID), today}, args...)...).Scan(&rows).Error; err != nil {
		return nil, err
	}
	count := map[string]int{}
	due := map[string]string{}
	for _, r := range rows {
		switch Status(r.Status) {
		case Draft:
			if r.Mine {
				count["drafts"] += r.N
			}
		case HospitalReview:
			count["to_forward"] += r.N
		case ReturnedForInfo:
			count["info_requested"] += r.N
			if r.NearestIR != nil {
				d := r.NearestIR.Format(time.DateOnly)
				if due["info_requested"] == "" || d < due["info_requested"] {
					due["info_requested"] = d
				}
			}
		case Submitted:
			count["intake"] += r.N
			if r.Overdue {
				count["intake_overdue"] += r.N
			}
			if r.Unassign {
				count["intake_unassigned"] += r.N
			}
			if r.Assigned {
				count["intake_mine"] += r.N
			}
		}
	}
	var out []todo.Item
	add := func(key, link, sev string, order int) {
		if count[key] == 0 {
			return
		}
		out = append(out, todo.Item{Key: "applications." + key, Count: count[key], Link: link, Severity: sev, Due: due[key], Order: order})
	}
	hospital := c.is(ActClinician) || c.is(ActOffice)
	if hospital {
		add("drafts", "/applications?queue=mine&status=DRAFT", "info", 30)
		sev := "warning"
		if d := due["info_requested"]; d != "" && d <= today {
			sev = "danger"
		}
		add("info_requested", "/applications?status=RETURNED_FOR_INFO", sev, 10)
	}
	if c.is(ActOffice) {
		add("to_forward", "/applications?status=HOSPITAL_REVIEW", "warning", 20)
	}
	if c.is(ActReviewer) || c.is(ActAdmin) {
		add("intake_overdue", "/applications?status=SUBMITTED&overdue=true&sort=age", "danger", 5)
		add("intake", "/applications?status=SUBMITTED&sort=age", "info", 15)
		add("intake_mine", "/applications?status=SUBMITTED&queue=assigned&sort=age", "warning", 12)
		if c.is(ActAdmin) {
			add("intake_unassigned", "/applications?status=SUBMITTED&sort=age", "info", 16)
		}
	}
	if c.is(ActOffice) || c.is(ActAdmin) || c.is(ActReviewer) {
		gs, err := s.Quota(ctx, calendar.DateOf(s.Clock.Now()), "")
		if err == nil && len(gs) > 0 {
			g := gs[0]
			sev := "info"
			if g.Full {
				sev = "danger"
			} else if g.Warn {
				sev = "warning"
			}
			used := g.Used
			if c.scope.HospitalID != "" && g.Scope == "region" {
				used = 0
				for _, h := range g.Hospitals {
					used += h.Used
				}
			}
			out = append(out, todo.Item{Key: "applications.quota", Count: g.Remaining, Link: "/applications/quota", Severity: sev, Order: 40,
				Params: map[string]string{"used": strconv.Itoa(g.Used), "cap": strconv.Itoa(g.Cap), "period": g.Period,
					"own": strconv.Itoa(used)}})
		}
	}
	return out, nil
}

func nullUser(id string) any {
	if id == "" {
		return nil
	}
	return id
}
