package specialcase

import (
	"context"
	"fmt"

	"teyi/backend/internal/platform/queue"
)

// notice texts in Chinese (the default language; e-mail uses them). The UI
// renders Kind with its own strings in either language.
var noticeTitles = map[string]string{
	"specialcase.send_to_office":      "特例单议申请待医保办审核",
	"specialcase.return_to_clinician": "特例单议申请被医保办退回",
	"specialcase.forward":             "新的特例单议申请已提交",
	"specialcase.request_info":        "特例单议申请需补正材料",
	"specialcase.reply":               "特例单议申请已补正材料",
	"specialcase.accept":              "特例单议申请已受理",
	"specialcase.reject_at_intake":    "特例单议申请未予受理",
	"specialcase.withdraw":            "特例单议申请已撤回",
	"specialcase.assign":              "特例单议申请已分派给您",
	"specialcase.escalate":            "特例单议申请已超期，请督办",
	"specialcase.info_reminder":       "补正材料即将到期",
	"specialcase.message":             "特例单议申请有新消息",
}

// audienceFor says who hears of a command on a.
func audienceFor(cmd string, a *Application, actorID string) (Audience, bool) {
	hospital := Audience{UserIDs: []string{a.CreatedBy}, Roles: []string{"hospital_office"}, HospitalID: a.HospitalID, ExceptUserID: actorID}
	bureau := Audience{Roles: []string{"bureau_reviewer", "bureau_admin"}, RegionCode: a.RegionCode, ExceptUserID: actorID}
	if a.AssignedTo != nil {
		bureau = Audience{UserIDs: []string{*a.AssignedTo}, ExceptUserID: actorID}
	}
	switch Command(cmd) {
	case SendToOffice:
		return Audience{Roles: []string{"hospital_office"}, HospitalID: a.HospitalID, ExceptUserID: actorID}, true
	case ReturnToClinician:
		return Audience{UserIDs: []string{a.CreatedBy}, ExceptUserID: actorID}, true
	case Forward, Reply:
		return bureau, true
	case RequestInfo, Accept, RejectAtIntake:
		return hospital, true
	case Withdraw:
		// the hospital, and the reviewer who had it
		if a.AssignedTo != nil {
			hospital.UserIDs = append(hospital.UserIDs, *a.AssignedTo)
		}
		return hospital, true
	case Assign:
		if a.AssignedTo != nil {
			return Audience{UserIDs: []string{*a.AssignedTo}, ExceptUserID: actorID}, true
		}
	case Escalate:
		return Audience{Roles: []string{"bureau_admin"}, RegionCode: a.RegionCode}, true
	case "info_reminder":
		return hospital, true
	}
	return Audience{}, false
}

func (s *Service) notice(kind string, a *Application, note string) Notice {
	title := noticeTitles[kind]
	if title == "" {
		title = "特例单议申请有更新"
	}
	body := fmt.Sprintf("申请 %s（结算清单 %s）：%s", a.No, a.SettlementID, title)
	if note != "" {
		body += "。" + note
	}
	return Notice{Kind: kind, Title: title, Body: body, Link: "/applications/" + a.ID, ObjectType: "special_application",
		ObjectID: a.ID, Params: map[string]string{"no": a.No, "status": string(a.Status)}}
}

// notifyNow sends inside the caller's transaction.
func (s *Service) notifyNow(ctx context.Context, a *Application, kind, actorID, note string) error {
	if s.Notify == nil {
		return nil
	}
	cmd := kind
	if len(kind) > len("specialcase.") {
		cmd = kind[len("specialcase."):]
	}
	to, ok := audienceFor(cmd, a, actorID)
	if !ok {
		return nil
	}
	_, err := s.Notify.Send(ctx, to, s.notice(kind, a, note))
	return err
}

// HandleTransitioned is the outbox task of a transition: it tells the
// people concerned, once per transition.
func (s *Service) HandleTransitioned(ctx context.Context, appID string, seq int) error {
	_, err := queue.Once(ctx, s.DB, TaskTransitioned, fmt.Sprintf("specialcase:%s:%d", appID, seq), func(ctx context.Context) error {
		sys := systemCtx(ctx)
		c := callerOf(sys)
		a, err := s.readApp(sys, c, appID)
		if err == ErrNotFound {
			return nil
		}
		if err != nil {
			return err
		}
		var ev struct {
			Command string
			ActorID *string
			Note    string
		}
		res := s.DB.Conn(sys).Raw(`SELECT command, actor_id::text AS actor_id, note FROM special_application_events
			WHERE application_id = ? AND seq = ?`, appID, seq).Scan(&ev)
		if res.Error != nil || res.RowsAffected == 0 {
			return res.Error
		}
		actor := ""
		if ev.ActorID != nil {
			actor = *ev.ActorID
		}
		return s.notifyNow(sys, a, "specialcase."+ev.Command, actor, ev.Note)
	})
	return err
}
