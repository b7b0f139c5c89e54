package specialcase_test

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"teyi/backend/internal/platform/calendar"
	"teyi/backend/internal/specialcase"
	"teyi/backend/internal/specialcase/settings"
)

func TestApplicationFromDraftToAcceptance(t *testing.T) {
	e := newEnv(t, 20)
	d := e.draft(e.cases[0], specialcase.HighCost, specialcase.LongStay)
	if d.Status != specialcase.Draft || d.Version != 1 || d.No == "" || len(d.Timeline) != 1 {
		t.Fatalf("new draft: %+v", d.Application)
	}
	// the office sees it only once it is sent; the clinician's actions
	doc := e.as("h1.doctor", "get-application")
	d, _ = e.svc.Get(doc, d.ID)
	if fmt.Sprint(d.Actions) != "[edit send_to_office withdraw]" {
		t.Errorf("clinician's actions on a draft: %v", d.Actions)
	}
	r := e.must(e.do("h1.doctor", d.ID, specialcase.SendToOffice, "", ""))
	if r.Status != specialcase.HospitalReview || r.Version != 2 {
		t.Fatalf("sent: %s v%d", r.Status, r.Version)
	}
	// the clinician cannot forward it themselves: not their turn
	if _, err := e.do("h1.doctor", d.ID, specialcase.Forward, "", ""); !refusal(err, specialcase.NotYourTurn) {
		t.Fatalf("clinician forwarding: %v", err)
	}
	r = e.must(e.do("h1.office", d.ID, specialcase.Forward, "", ""))
	if r.Status != specialcase.Submitted || r.Quota == nil || r.Quota.Used != 1 {
		t.Fatalf("forwarded: %+v", r)
	}
	// evidence is frozen now
	if _, err := e.svc.AddEvidence(e.as("h1.doctor", "upload-application-evidence"), d.ID,
		specialcase.Upload{Kind: specialcase.EvOrders, FileName: "医嘱.pdf", Body: pdf("late")}); !errors.Is(err, specialcase.ErrFrozen) {
		t.Fatalf("upload after submission: %v", err)
	}
	e.must(e.do("bureau.reviewer", d.ID, specialcase.RequestInfo, "missing_records", "请补充病程记录"))
	got, err := e.svc.Get(e.as("bureau.reviewer", "get-application"), d.ID)
	if err != nil {
		t.Fatal(err)
	}
	// asked on Tuesday 2026-04-07: due five working days later, reminder two before
	if len(got.InfoRequests) != 1 || got.InfoRequests[0].DueOn != "2026-04-14" || got.InfoRequests[0].RemindOn != "2026-04-10" {
		t.Fatalf("info request: %+v", got.InfoRequests)
	}
	if got.CaseSnapshot == nil || got.ScreeningHits == nil || got.CaseSnapshot.TotalCost == "" {
		t.Fatalf("no snapshot or screening at submission: %+v %+v", got.CaseSnapshot, got.ScreeningHits)
	}
	// a reply needs a message or material
	if _, err := e.do("h1.doctor", d.ID, specialcase.Reply, "", ""); err == nil {
		t.Fatal("an empty reply was accepted")
	}
	if _, err := e.svc.AddEvidence(e.as("h1.doctor", "upload-application-evidence"), d.ID,
		specialcase.Upload{Kind: specialcase.EvProgress, FileName: "病程.pdf", Body: pdf("progress")}); err != nil {
		t.Fatalf("supplement while information is requested: %v", err)
	}
	e.must(e.do("h1.doctor", d.ID, specialcase.Reply, "", "已补充病程记录"))
	r = e.must(e.do("bureau.reviewer", d.ID, specialcase.Accept, "", ""))
	if r.Status != specialcase.Accepted {
		t.Fatalf("accepted: %s", r.Status)
	}
	got, _ = e.svc.Get(e.as("h1.office", "get-application"), d.ID)
	var cmds []string
	for _, ev := range got.Timeline {
		cmds = append(cmds, string(ev.Command))
	}
	if strings.Join(cmds, ",") != "create,send_to_office,forward,request_info,reply,accept" {
		t.Errorf("timeline: %v", cmds)
	}
	var purposes []string
	for _, f := range got.EvidenceFile {
		purposes = append(purposes, f.Purpose)
	}
	if strings.Join(purposes, ",") != "evidence,supplement" {
		t.Errorf("evidence purposes: %v", purposes)
	}
	// every transition wrote an outbox row and an audit event
	var outbox, audits int
	e.app.DB.Gorm().Raw(`SELECT count(*) FROM outbox WHERE kind = ? AND payload->>'application_id' = ?`, specialcase.TaskTransitioned, d.ID).Scan(&outbox)
	e.app.DB.Gorm().Raw(`SELECT count(*) FROM audit_events WHERE object_id = ? AND action LIKE 'specialcase.%'`, d.ID).Scan(&audits)
	if outbox != 5 || audits < 8 {
		t.Errorf("outbox rows %d (want 5), audit events %d", outbox, audits)
	}
	// a second open application for the same settlement is refused
	if _, err := e.svc.Create(e.as("h1.doctor", "create-application"), specialcase.NewApplication{CaseID: e.cases[0],
		Types: []specialcase.Type{specialcase.Other}, Justification: "again"}); !errors.Is(err, specialcase.ErrOpenExists) {
		t.Errorf("second open application: %v", err)
	}
}

func refusal(err error, r specialcase.Refusal) bool {
	var te *specialcase.TransitionError
	return errors.As(err, &te) && te.Refusal == r
}

func TestStaleVersionsAndIllegalTransitionsAreRefusedAndAudited(t *testing.T) {
	e := newEnv(t, 5)
	d := e.draft(e.cases[0])
	ctx := e.as("h1.doctor", "transition-application")
	if _, err := e.svc.Do(ctx, d.ID, specialcase.CommandInput{Command: specialcase.SendToOffice, Version: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Do(ctx, d.ID, specialcase.CommandInput{Command: specialcase.Withdraw, Version: 1}); !errors.Is(err, specialcase.ErrStale) {
		t.Fatalf("stale version: %v", err)
	}
	if _, err := e.svc.Do(e.as("bureau.reviewer", "transition-application"), d.ID, specialcase.CommandInput{Command: specialcase.Accept, Version: 2}); !refusal(err, specialcase.WrongState) {
		t.Fatalf("accepting a hospital-review application: %v", err)
	}
	var n int
	e.app.DB.Gorm().Raw(`SELECT count(*) FROM audit_events WHERE object_id = ? AND action = 'specialcase.refused'`, d.ID).Scan(&n)
	if n != 2 {
		t.Errorf("refusals audited: %d, want 2", n)
	}
	// a foreign clinician's id is not found, not forbidden
	other := e.as("h2.doctor", "transition-application")
	if _, err := e.svc.Do(other, d.ID, specialcase.CommandInput{Command: specialcase.Withdraw, Version: 2}); !errors.Is(err, specialcase.ErrNotFound) {
		t.Errorf("another hospital's clinician: %v", err)
	}
}

// TestConcurrentSubmissionsNeverPassTheCap forwards 200 applications at once
// against a cap of 37: exactly 37 pass.
func TestConcurrentSubmissionsNeverPassTheCap(t *testing.T) {
	e := newEnv(t, 220)
	const want = 37
	e.setCap(want)
	ids := make([]string, 200)
	for i := range ids {
		d := e.draft(e.cases[i])
		e.must(e.do("h1.doctor", d.ID, specialcase.SendToOffice, "", ""))
		ids[i] = d.ID
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	ok, refused := 0, 0
	var other []error
	start := make(chan struct{})
	for _, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx := e.as("h1.office", "transition-application")
			<-start
			_, err := e.svc.Do(ctx, id, specialcase.CommandInput{Command: specialcase.Forward, Version: 2})
			mu.Lock()
			defer mu.Unlock()
			var qe *specialcase.QuotaError
			switch {
			case err == nil:
				ok++
			case errors.As(err, &qe):
				refused++
				if qe.Cap != want || qe.Used != want {
					other = append(other, fmt.Errorf("refusal says %d of %d", qe.Used, qe.Cap))
				}
			default:
				other = append(other, err)
			}
		}()
	}
	close(start)
	wg.Wait()
	if ok != want || refused != 200-want || len(other) > 0 {
		t.Fatalf("accepted %d, refused %d, other errors %v; want %d and %d", ok, refused, other, want, 200-want)
	}
	var used, held int
	e.app.DB.Gorm().Raw(`SELECT used FROM special_quota_usage WHERE quota_key = ?`, e.h1.Region).Scan(&used)
	e.app.DB.Gorm().Raw(`SELECT count(*) FROM special_applications WHERE quota_held AND status = 'SUBMITTED'`).Scan(&held)
	if used != want || held != want {
		t.Errorf("usage %d, applications holding quota %d, want %d", used, held, want)
	}
	// the gauge says full; a rejection at intake frees one unit
	gs, err := e.svc.Quota(e.as("h1.office", "get-application-quota"), calendar.Date{Year: 2026, Month: 4, Day: 7}, "")
	if err != nil {
		t.Fatal(err)
	}
	if g := gs[0]; g.Cap != want || g.Used != want || !g.Full || g.Remaining != 0 || len(g.Hospitals) != 1 {
		t.Errorf("gauge of the first quarter: %+v", g)
	}
	var first string
	e.app.DB.Gorm().Raw(`SELECT id::text FROM special_applications WHERE status = 'SUBMITTED' LIMIT 1`).Scan(&first)
	e.must(e.do("bureau.reviewer", first, specialcase.RejectAtIntake, "not_eligible", ""))
	var late string
	e.app.DB.Gorm().Raw(`SELECT id::text FROM special_applications WHERE status = 'HOSPITAL_REVIEW' LIMIT 1`).Scan(&late)
	if r, err := e.do("h1.office", late, specialcase.Forward, "", ""); err != nil || !r.Quota.Full {
		t.Fatalf("forwarding into the freed unit: %+v %v", r, err)
	}
}

func TestWindowRefusesWithTheNextOpening(t *testing.T) {
	e := newEnv(t, 40)
	d := e.draft(e.cases[0])
	e.must(e.do("h1.doctor", d.ID, specialcase.SendToOffice, "", ""))
	// 2026-03-20: the first quarter's cases wait for the second quarter's window
	e.clock.Set(time.Date(2026, 3, 20, 2, 0, 0, 0, time.UTC))
	_, err := e.do("h1.office", d.ID, specialcase.Forward, "", "")
	var we *specialcase.WindowError
	if !errors.As(err, &we) || we.Decision.Reason != "not_yet_open" || we.Decision.Opens.String() != "2026-04-01" {
		t.Fatalf("before the window: %v", err)
	}
	// after the 15th working day of the second quarter (2026-04-22) it is closed
	e.clock.Set(time.Date(2026, 4, 23, 2, 0, 0, 0, time.UTC))
	if _, err := e.do("h1.office", d.ID, specialcase.Forward, "", ""); !errors.As(err, &we) || we.Decision.Reason != "closed" {
		t.Fatalf("after the window: %v", err)
	}
	e.rules.change(func(s *settings.Settings) { s.Window = settings.Window{Kind: settings.WindowAnyTime} })
	e.must(e.do("h1.office", d.ID, specialcase.Forward, "", ""))
}

func TestUploadsAreCheckedByContent(t *testing.T) {
	e := newEnv(t, 2)
	ctx := e.as("h1.doctor", "create-application")
	d, err := e.svc.Create(ctx, specialcase.NewApplication{CaseID: e.cases[0], Types: []specialcase.Type{specialcase.MDT}, Justification: "MDT"})
	if err != nil {
		t.Fatal(err)
	}
	up := e.as("h1.doctor", "upload-application-evidence")
	// a script named like a PDF
	if _, err := e.svc.AddEvidence(up, d.ID, specialcase.Upload{Kind: specialcase.EvOther, FileName: "x.pdf", Body: strings.NewReader("<script>alert(1)</script>")}); err == nil {
		t.Fatal("a script was accepted as a PDF")
	}
	// an oversized file is refused while reading
	big := io.MultiReader(pdf("big"), io.LimitReader(zeros{}, specialcase.MaxFileBytes))
	if _, err := e.svc.AddEvidence(up, d.ID, specialcase.Upload{Kind: specialcase.EvOther, FileName: "big.pdf", Body: big}); err == nil {
		t.Fatal("an oversized file was accepted")
	}
	// a traversal in the name is only a label
	ev, err := e.svc.AddEvidence(up, d.ID, specialcase.Upload{Kind: specialcase.EvOther, FileName: "../../etc/passwd\x00.pdf", Body: pdf("t")})
	if err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(ev.FileName, "/\\\x00") || strings.HasPrefix(ev.FileName, ".") {
		t.Errorf("stored name %q", ev.FileName)
	}
	// the same bytes twice are stored once
	ev2, err := e.svc.AddEvidence(up, d.ID, specialcase.Upload{Kind: specialcase.EvOrders, FileName: "again.pdf", Body: pdf("t")})
	if err != nil || ev2.SHA256 != ev.SHA256 {
		t.Fatalf("dedup: %v %s %s", err, ev2.SHA256, ev.SHA256)
	}
	// viewing is audited; another hospital cannot see it
	_, rc, err := e.svc.OpenEvidence(e.as("h1.doctor", "get-application-evidence"), d.ID, ev.ID, true)
	if err != nil {
		t.Fatal(err)
	}
	rc.Close()
	var n int
	e.app.DB.Gorm().Raw(`SELECT count(*) FROM audit_events WHERE object_id = ? AND action = 'specialcase.evidence_view'`, d.ID).Scan(&n)
	if n != 1 {
		t.Errorf("views audited: %d", n)
	}
	if _, _, err := e.svc.OpenEvidence(e.as("h2.office", "get-application-evidence"), d.ID, ev.ID, false); !errors.Is(err, specialcase.ErrNotFound) {
		t.Errorf("another hospital's office opening the file: %v", err)
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}
