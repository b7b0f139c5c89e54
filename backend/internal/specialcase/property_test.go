package specialcase_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"sync"
	"testing"

	"github.com/shopspring/decimal"

	"teyi/backend/internal/specialcase"
	"teyi/backend/internal/specialcase/settings"
)

// actors of the property test: the creator, their office, the bureau, and a
// clinician and an office of another hospital (who must never find the
// application).
var propActors = []string{"h1.doctor", "h1.office", "bureau.reviewer", "bureau.admin", "h2.doctor", "h2.office"}

// model is what the test expects of one application.
type model struct {
	id        string
	status    specialcase.Status
	version   int
	submitted bool
}

// expect predicts the answer to cmd by user at version v, from the table
// alone: the test's commands always carry valid reasons, notes, evidence and
// reviewers, the window is open and the quota has room, so only the actor,
// the state, the version and the tenancy decide.
func expect(m *model, user string, cmd specialcase.Command, v int) (specialcase.Status, error) {
	var actor specialcase.Actor
	switch user {
	case "h1.doctor":
		actor = specialcase.ActClinician
	case "h1.office":
		actor = specialcase.ActOffice
	case "bureau.reviewer":
		actor = specialcase.ActReviewer
	case "bureau.admin":
		actor = specialcase.ActAdmin
	default:
		return m.status, specialcase.ErrNotFound
	}
	if (actor == specialcase.ActReviewer || actor == specialcase.ActAdmin) && !m.submitted {
		return m.status, specialcase.ErrNotFound // the bureau sees submitted applications only
	}
	t, r := specialcase.Lookup(cmd, actor, m.status)
	if r == specialcase.Allowed && t.Internal {
		r = specialcase.NotYourTurn // only the review module runs these, inside its own checks
	}
	if r != specialcase.Allowed {
		return m.status, &specialcase.TransitionError{Command: cmd, From: m.status, Refusal: r}
	}
	if v != m.version {
		return m.status, specialcase.ErrStale
	}
	if t.To == "" {
		return m.status, nil
	}
	return t.To, nil
}

func sameError(got, want error) bool {
	if want == nil || got == nil {
		return got == nil && want == nil
	}
	var gt, wt *specialcase.TransitionError
	if errors.As(want, &wt) {
		return errors.As(got, &gt) && gt.Refusal == wt.Refusal
	}
	return errors.Is(got, want)
}

// TestStateMachinePropertiesOverPostgres runs random commands — any role,
// any state, stale and random versions — against the service on real
// PostgreSQL and checks every answer against the table: never an illegal
// state, illegal transitions refused (409 / 403 / 404) and audited, and the
// stored state, version and timeline always those of the model.
// TEYI_PROPERTY_COMMANDS overrides the number of commands (100,000).
func TestStateMachinePropertiesOverPostgres(t *testing.T) {
	total := 100_000
	if v := os.Getenv("TEYI_PROPERTY_COMMANDS"); v != "" {
		total, _ = strconv.Atoi(v)
	}
	const workers, perWorker, casesPerWorker = 4, 12, 150
	e := newEnv(t, workers*casesPerWorker)
	e.rules.change(func(s *settings.Settings) {
		s.Window = settings.Window{Kind: settings.WindowAnyTime}
		s.Quota.Basis, s.Quota.Rate = settings.BasisCustom, decimal.NewFromInt(1)
	})
	reviewer := e.users["bureau.reviewer"].UserID
	ctxs := map[string]context.Context{}
	for _, u := range propActors {
		ctxs[u] = e.as(u, "transition-application")
	}
	cmds := append(specialcase.Commands(), "fly", specialcase.Decide)
	var mu sync.Mutex
	refusals, sequences := 0, 0
	var failures []string
	fail := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		if len(failures) < 20 {
			failures = append(failures, fmt.Sprintf(format, args...))
		}
	}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(w)+1, 42))
			caseIdx := w * casesPerWorker
			var apps []*model
			open := func() *model {
				d := e.draft(e.cases[caseIdx])
				caseIdx++
				mu.Lock()
				sequences++
				mu.Unlock()
				return &model{id: d.ID, status: specialcase.Draft, version: 1}
			}
			for range perWorker {
				apps = append(apps, open())
			}
			for n := 0; n < total/workers; n++ {
				i := rng.IntN(len(apps))
				m := apps[i]
				if !m.status.Open() && caseIdx < (w+1)*casesPerWorker && rng.IntN(4) == 0 {
					apps[i] = open() // a new sequence on a fresh case
					continue
				}
				user := propActors[rng.IntN(len(propActors))]
				cmd := cmds[rng.IntN(len(cmds))]
				v := m.version
				switch rng.IntN(6) {
				case 0:
					v = m.version - 1
				case 1:
					v = rng.IntN(m.version + 3)
				}
				in := specialcase.CommandInput{Command: cmd, Version: v, ReviewerID: reviewer, Note: "性质测试"}
				switch cmd {
				case specialcase.RejectAtIntake:
					in.ReasonCode = "not_eligible"
				case specialcase.ReturnToClinician:
					in.ReasonCode = "incomplete"
				case specialcase.RequestInfo:
					in.ReasonCode = "missing_records"
				case specialcase.EditDraft:
					in.Edit = &specialcase.Edit{Types: []specialcase.Type{specialcase.HighCost}, Justification: "改"}
				}
				wantStatus, wantErr := expect(m, user, cmd, v)
				r, err := e.svc.Do(ctxs[user], m.id, in)
				if !sameError(err, wantErr) {
					fail("%s %s v%d on %s v%d: got %v, want %v", user, cmd, v, m.status, m.version, err, wantErr)
					return
				}
				if err != nil {
					if !errors.Is(err, specialcase.ErrNotFound) {
						mu.Lock()
						refusals++
						mu.Unlock()
					}
					continue
				}
				if r.Status != wantStatus || r.Version != m.version+1 || !r.Status.Valid() {
					fail("%s %s: %s v%d, want %s v%d", user, cmd, r.Status, r.Version, wantStatus, m.version+1)
					return
				}
				if cmd == specialcase.Forward {
					m.submitted = true
				}
				m.status, m.version = r.Status, r.Version
			}
			// the stored state is the model's, with one timeline event per version
			for _, m := range apps {
				d, err := e.svc.Get(ctxs["h1.office"], m.id)
				if err != nil || d.Status != m.status || d.Version != m.version || len(d.Timeline) != m.version {
					fail("stored %s: %+v (%v), model %s v%d", m.id, d, err, m.status, m.version)
				}
			}
		}()
	}
	wg.Wait()
	for _, f := range failures {
		t.Error(f)
	}
	var audited int
	e.app.DB.Gorm().Raw(`SELECT count(*) FROM audit_events WHERE action = 'specialcase.refused'`).Scan(&audited)
	// every refusal of a visible application is audited (a foreign caller's
	// 404 is not a transition)
	var foreign int
	e.app.DB.Gorm().Raw(`SELECT count(*) FROM special_applications WHERE status NOT IN (` + statusList() + `)`).Scan(&foreign)
	if foreign != 0 {
		t.Errorf("%d applications in an unknown state", foreign)
	}
	if audited != refusals || refusals == 0 {
		t.Errorf("%d refusals audited of %d refused commands", audited, refusals)
	}
	t.Logf("%d commands in %d sequences: %d refused, %d refusals audited", total, sequences, refusals, audited)
}

func statusList() string {
	s := ""
	for i, st := range specialcase.Statuses {
		if i > 0 {
			s += ","
		}
		s += "'" + string(st) + "'"
	}
	return s
}
