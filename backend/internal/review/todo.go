package review

import (
	"context"
	"strconv"

	"teyi/backend/internal/platform/authz"
	"teyi/backend/internal/todo"
)

// Todos are the review's items of the home page: invitations to answer and
// votes due for experts, applications waiting for a panel for bureau
// administrators, decisions to confirm for reviewers, and decisions the
// hospital may still appeal.
func (s *Service) Todos(ctx context.Context) ([]todo.Item, error) {
	w := whoOf(ctx)
	sc := authz.ScopeFrom(ctx)
	var items []todo.Item
	add := func(key, link string, n int64) {
		if n > 0 {
			items = append(items, todo.Item{Key: key, Count: int(n), Link: link, Severity: "info", Order: 20,
				Params: map[string]string{"n": strconv.FormatInt(n, 10)}})
		}
	}
	conn := s.DB.Conn(ctx)
	if sc.Kind == authz.KindHospital && sc.Role == authz.RoleHospitalOffice {
		var n int64
		if err := conn.Raw(`SELECT count(*) FROM review_decisions d JOIN special_applications a ON a.id = d.application_id
			WHERE d.hospital_id = ? AND d.status = 'CONFIRMED' AND NOT d.final AND a.status = 'DECIDED' AND d.appeal_due >= current_date`,
			sc.HospitalID).Scan(&n).Error; err != nil {
			return nil, err
		}
		add("review.decided", "/applications?status=DECIDED", n)
		return items, nil
	}
	if w.region == "" || w.userID == "" {
		return nil, nil
	}
	if w.has(authz.RoleExpert) {
		var r struct{ Invited, Vote int64 }
		if err := conn.Raw(`SELECT count(*) FILTER (WHERE m.status = 'INVITED') AS invited,
			count(*) FILTER (WHERE m.status = 'ACCEPTED' AND p.status = 'VOTING' AND NOT EXISTS (SELECT 1 FROM panel_votes v
			  WHERE v.panel_id = p.id AND v.user_id = m.user_id AND v.vote_round = p.vote_round)) AS vote
			FROM panel_members m JOIN panels p ON p.id = m.panel_id WHERE m.user_id = ?`, w.userID).Scan(&r).Error; err != nil {
			return nil, err
		}
		add("review.respond", "/review/inbox", r.Invited)
		add("review.vote", "/review/inbox", r.Vote)
	}
	if w.has(authz.RoleBureauAdmin) {
		var n int64
		if err := conn.Raw(`SELECT count(*) FROM special_applications WHERE region_code = ? AND status IN ('ACCEPTED', 'APPEALED')`, w.region).Scan(&n).Error; err != nil {
			return nil, err
		}
		add("review.draw", "/review", n)
	}
	if w.has(authz.RoleBureauReviewer) {
		var n int64
		if err := conn.Raw(`SELECT count(*) FROM review_decisions WHERE region_code = ? AND status = 'PROPOSED'`, w.region).Scan(&n).Error; err != nil {
			return nil, err
		}
		add("review.confirm", "/review/decisions", n)
	}
	return items, nil
}
