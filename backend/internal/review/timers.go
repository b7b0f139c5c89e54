package review

import (
	"context"
	"fmt"
	"time"

	"teyi/backend/internal/account"
	"teyi/backend/internal/notify"
	"teyi/backend/internal/platform/audit"
	"teyi/backend/internal/platform/calendar"
)

// TaskTimers is the periodic task that runs the review's deadlines.
const TaskTimers = "review:timers"

// TimerReport counts what one run did.
type TimerReport struct {
	Expired, Reminded, Closed int
}

// RunTimers runs the deadlines due at the clock's now: invitations not
// answered in time are replaced; panels are reminded one working day
// before their vote is due; a panel past its deadline closes, a missing
// vote counting as not agreeing.
func (s *Service) RunTimers(ctx context.Context) (TimerReport, error) {
	ctx = account.SystemContext(ctx, "review-timers")
	var rep TimerReport
	now := s.now()
	var expired []struct{ PanelID, UserID string }
	if err := s.DB.Conn(ctx).Raw(`SELECT m.panel_id::text AS panel_id, m.user_id::text AS user_id FROM panel_members m
		JOIN panels p ON p.id = m.panel_id WHERE m.status = 'INVITED' AND m.respond_due < ? AND p.status IN ('FORMING', 'VOTING')
		ORDER BY m.respond_due LIMIT 200`, now).Scan(&expired).Error; err != nil {
		return rep, err
	}
	for _, e := range expired {
		err := s.DB.WithTx(ctx, func(ctx context.Context) error {
			p, err := s.panelByID(ctx, e.PanelID, true)
			if err != nil {
				return err
			}
			res := s.DB.Conn(ctx).Exec(`UPDATE panel_members SET status = 'EXPIRED', responded_at = ? WHERE panel_id = ? AND user_id = ?
				AND status = 'INVITED'`, now, e.PanelID, e.UserID)
			if res.Error != nil || res.RowsAffected == 0 {
				return res.Error
			}
			if err := s.Audit.Record(ctx, audit.Event{Action: "review.invitation_expired", ObjectType: "panel", ObjectID: p.ID,
				RegionCode: p.RegionCode, HospitalID: p.HospitalID}); err != nil {
				return err
			}
			rep.Expired++
			return s.replace(ctx, p, now)
		})
		if err != nil {
			return rep, fmt.Errorf("expire invitation: %w", err)
		}
	}
	var voting []string
	if err := s.DB.Conn(ctx).Raw(`SELECT id::text FROM panels WHERE status = 'VOTING' AND vote_due IS NOT NULL
		AND (vote_due < ? OR NOT reminded) ORDER BY vote_due LIMIT 500`, now).Scan(&voting).Error; err != nil {
		return rep, err
	}
	for _, id := range voting {
		err := s.DB.WithTx(ctx, func(ctx context.Context) error {
			p, err := s.panelByID(ctx, id, true)
			if err != nil || p.Status != PanelVoting || p.VoteDue == nil {
				return err
			}
			if now.After(*p.VoteDue) {
				rep.Closed++
				_, err := s.closePanel(ctx, p, now)
				return err
			}
			if p.Reminded {
				return nil
			}
			_, cal, err := s.settingsFor(ctx, p.RegionCode)
			if err != nil {
				return err
			}
			remindAt, err := dueAfter(cal, now, 1)
			if err != nil {
				return err
			}
			if remindAt.Before(*p.VoteDue) {
				return nil // more than one working day left
			}
			voted, err := s.votedSet(ctx, p.ID, p.VoteRound)
			if err != nil {
				return err
			}
			ids, err := s.seatedIDs(ctx, p.ID)
			if err != nil {
				return err
			}
			var missing []string
			for _, u := range ids {
				if !voted[u] {
					missing = append(missing, u)
				}
			}
			if err := s.DB.Conn(ctx).Exec(`UPDATE panels SET reminded = true WHERE id = ?`, p.ID).Error; err != nil {
				return err
			}
			rep.Reminded++
			if len(missing) == 0 {
				return nil
			}
			return s.send(ctx, notify.Audience{UserIDs: missing}, notify.Notice{Kind: "review.reminder", Title: "评审投票即将截止",
				Body: fmt.Sprintf("评审投票将于 %s 截止，逾期未投票视为不同意。", calendar.DateOf(p.VoteDue.Add(-time.Second))),
				Link: "/review/panels/" + p.ID + "/case", ObjectType: "panel", ObjectID: p.ID})
		})
		if err != nil {
			return rep, fmt.Errorf("panel deadline: %w", err)
		}
	}
	return rep, nil
}
