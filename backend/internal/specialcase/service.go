package specialcase

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/lib/pq"
	"github.com/shopspring/decimal"

	"teyi/backend/internal/casefile"
	"teyi/backend/internal/platform/audit"
	"teyi/backend/internal/platform/authz"
	"teyi/backend/internal/platform/calendar"
	"teyi/backend/internal/platform/clock"
	"teyi/backend/internal/platform/database"
	"teyi/backend/internal/platform/queue"
	"teyi/backend/internal/platform/storage"
)

// TaskTransitioned is the outbox task written with every transition; its
// handler sends the notifications.
const TaskTransitioned = "specialcase:transitioned"

// TaskTimers is the periodic task that fires due timers.
const TaskTimers = "specialcase:timers"

// Service is the special-case workflow.
type Service struct {
	DB     *database.DB
	Audit  *audit.Log
	Outbox *queue.Outbox
	Clock  clock.Clock
	Log    *slog.Logger
	Cases  CaseSource
	Rules  RuleSource
	Files  storage.Store
	// Notify may be nil (no notifications).
	Notify Notifier

	caps sync.Map // quota base: capKey → capEntry
}

type capEntry struct {
	n  int
	at time.Time
}

// caller is who acts: the actors the caller's roles make them in the
// request's domain, with their user id.
type caller struct {
	actors []Actor
	userID string
	name   string
	scope  authz.Scope
}

func callerOf(ctx context.Context) caller {
	sc := authz.ScopeFrom(ctx)
	p := authz.PrincipalFrom(ctx)
	c := caller{userID: p.UserID, name: p.DisplayName, scope: sc}
	if c.name == "" {
		c.name = p.Username
	}
	if sc.System() && p.UserID == "" {
		c.actors = []Actor{ActSystem}
		if c.name == "" {
			c.name = "system"
		}
		return c
	}
	for _, g := range p.Grants {
		match := false
		switch sc.Kind {
		case authz.KindHospital:
			match = g.Kind == authz.KindHospital && g.ID == sc.HospitalID
		case authz.KindRegion:
			match = g.Kind == authz.KindRegion && g.Region == sc.RegionCode
		}
		if !match {
			continue
		}
		switch g.Role {
		case authz.RoleClinician:
			c.actors = append(c.actors, ActClinician)
		case authz.RoleHospitalOffice:
			c.actors = append(c.actors, ActOffice)
		case authz.RoleBureauReviewer:
			c.actors = append(c.actors, ActReviewer)
		case authz.RoleBureauAdmin:
			c.actors = append(c.actors, ActAdmin)
		}
	}
	return c
}

func (c caller) is(a Actor) bool { return slices.Contains(c.actors, a) }

// seesAll reports whether the caller sees every application of the scope
// (a clinician sees only their own).
func (c caller) seesAll() bool {
	return c.is(ActOffice) || c.is(ActReviewer) || c.is(ActAdmin) || c.is(ActSystem)
}

// scopeSQL limits queries on alias a to the caller's applications.
func (c caller) scopeSQL(a string) (string, []any, error) {
	var q string
	var args []any
	switch c.scope.Kind {
	case authz.KindHospital:
		if c.scope.HospitalID == "" {
			return "", nil, ErrNotFound
		}
		q, args = a+".hospital_id = ?", []any{c.scope.HospitalID}
	case authz.KindRegion:
		if c.scope.RegionCode == "" {
			return "", nil, ErrNotFound
		}
		// the bureau sees an application once the hospital submitted it
		q, args = a+".region_code = ? AND "+a+".submitted_at IS NOT NULL", []any{c.scope.RegionCode}
	case authz.KindSystem:
		q = "true"
	default:
		return "", nil, ErrNotFound
	}
	if !c.seesAll() {
		if c.userID == "" {
			return "", nil, ErrNotFound
		}
		q += " AND " + a + ".created_by = ?"
		args = append(args, c.userID)
	}
	return q, args, nil
}

// NewApplication is what a clinician or the office fills in.
type NewApplication struct {
	CaseID        int64
	Types         []Type
	Justification string
	ClaimedAmount *decimal.Decimal
	Proposal      *ProposalInput
}

// ProposalInput is a grouping dispute's corrected codes.
type ProposalInput struct {
	Diagnoses  []string
	Procedures []string
}

// Edit is a change of a draft's content.
type Edit struct {
	Types         []Type
	Justification string
	ClaimedAmount *decimal.Decimal
	Proposal      *ProposalInput
}

const maxJustification = 4000

func validateContent(f *fieldErrors, types []Type, justification string, claimed *decimal.Decimal, prop *ProposalInput) {
	if len(types) == 0 {
		f.add("types", "choose at least one type")
	}
	seen := map[Type]bool{}
	for i, t := range types {
		if !slices.Contains(Types, t) {
			f.add(fmt.Sprintf("types[%d]", i), "unknown type")
		}
		if seen[t] {
			f.add(fmt.Sprintf("types[%d]", i), "listed twice")
		}
		seen[t] = true
	}
	if utf8.RuneCountInString(justification) > maxJustification {
		f.add("justification", fmt.Sprintf("at most %d characters", maxJustification))
	}
	if claimed != nil && (claimed.IsNegative() || claimed.GreaterThan(decimal.New(1, 9)) || claimed.Exponent() < -2) {
		f.add("claimed_amount", "an amount in yuan, at most two decimals, not negative")
	}
	if seen[GroupingDispute] {
		if prop == nil || len(prop.Diagnoses) == 0 {
			f.add("proposal.diagnoses", "a grouping dispute proposes the corrected diagnoses (principal first)")
		}
	} else if prop != nil {
		f.add("proposal", "only a grouping dispute carries proposed codes")
	}
	if prop != nil {
		checkCodes(f, "proposal.diagnoses", prop.Diagnoses, 40)
		checkCodes(f, "proposal.procedures", prop.Procedures, 40)
	}
}

func checkCodes(f *fieldErrors, field string, codes []string, max int) {
	if len(codes) > max {
		f.add(field, fmt.Sprintf("at most %d codes", max))
		return
	}
	for i, c := range codes {
		if c == "" || len(c) > 20 || strings.ContainsFunc(c, func(r rune) bool {
			return !(r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r == '.' || r == '+' || r == '-' || r == 'x')
		}) {
			f.add(fmt.Sprintf("%s[%d]", field, i), "not a code")
		}
	}
}

// Create opens a draft for an own case.
func (s *Service) Create(ctx context.Context, in NewApplication) (*ApplicationDetail, error) {
	c := callerOf(ctx)
	if !c.is(ActClinician) && !c.is(ActOffice) {
		return nil, &TransitionError{Command: "create", Refusal: NotYourTurn}
	}
	var f fieldErrors
	if in.CaseID <= 0 {
		f.add("case_id", "required")
	}
	validateContent(&f, in.Types, in.Justification, in.ClaimedAmount, in.Proposal)
	if err := f.err(); err != nil {
		return nil, err
	}
	facts, err := s.Cases.Facts(ctx, in.CaseID)
	if err != nil {
		return nil, err
	}
	if !facts.Current {
		return nil, ErrNotCurrent
	}
	var prop *Proposal
	if in.Proposal != nil {
		prop, err = s.whatIf(ctx, in.CaseID, in.Proposal)
		if err != nil {
			return nil, err
		}
	}
	now := s.Clock.Now().UTC().Truncate(time.Microsecond)
	id := uuid.Must(uuid.NewV7()).String()
	var out *ApplicationDetail
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		conn := s.DB.Conn(ctx)
		var seq int64
		if err := conn.Raw(`SELECT nextval('special_application_no')`).Scan(&seq).Error; err != nil {
			return err
		}
		no := fmt.Sprintf("TY%d%06d", calendar.DateOf(now).Year, seq)
		err := conn.Exec(`INSERT INTO special_applications (id, no, region_code, hospital_id, case_id, settlement_id, discharged_on,
			types, status, justification, claimed_amount, proposal, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'DRAFT', ?, ?, ?, ?, ?, ?)`,
			id, no, facts.RegionCode, facts.HospitalID, facts.ID, facts.SettlementID,
			calendar.DateOf(facts.DischargedAt).String(), typesArray(in.Types), in.Justification, decOrNil(in.ClaimedAmount),
			jsonOf(prop), c.userID, now, now).Error
		if database.IsDuplicate(err) {
			return ErrOpenExists
		}
		if err != nil {
			return err
		}
		creator := ActOffice
		if c.is(ActClinician) {
			creator = ActClinician
		}
		if err := s.addEvent(ctx, id, 0, now, c, creator, "create", "", Draft, "", "", nil); err != nil {
			return err
		}
		if err := s.Audit.Record(ctx, audit.Event{Action: "specialcase.create", ObjectType: "special_application", ObjectID: id,
			New: map[string]any{"no": no, "case_id": facts.ID, "types": in.Types}, RegionCode: facts.RegionCode, HospitalID: facts.HospitalID}); err != nil {
			return err
		}
		out, err = s.detail(ctx, id)
		return err
	})
	return out, err
}

// whatIf runs the proposed codes through the grouper and pricing.
func (s *Service) whatIf(ctx context.Context, caseID int64, p *ProposalInput) (*Proposal, error) {
	cur, alt, err := s.Cases.WhatIf(ctx, caseID, p.Diagnoses, nilIfEmpty(p.Procedures))
	if err != nil {
		return nil, err
	}
	w := &WhatIf{Current: grouped(cur), Proposed: grouped(alt)}
	if cur.DRGPayment.Valid && alt.DRGPayment.Valid {
		w.Difference = alt.DRGPayment.Decimal.Sub(cur.DRGPayment.Decimal).StringFixed(2)
	}
	return &Proposal{Diagnoses: p.Diagnoses, Procedures: p.Procedures, WhatIf: w}, nil
}

// WhatIf previews a grouping dispute without storing anything.
func (s *Service) WhatIf(ctx context.Context, caseID int64, p ProposalInput) (*Proposal, error) {
	var f fieldErrors
	if len(p.Diagnoses) == 0 {
		f.add("diagnoses", "at least the principal diagnosis")
	}
	checkCodes(&f, "diagnoses", p.Diagnoses, 40)
	checkCodes(&f, "procedures", p.Procedures, 40)
	if err := f.err(); err != nil {
		return nil, err
	}
	return s.whatIf(ctx, caseID, &p)
}

func grouped(r casefile.Regrouped) RegroupedCase {
	g := RegroupedCase{Status: r.Status, DRG: r.DRG, DRGName: r.DRGName, PriceClass: r.Class, Error: r.Error,
		Standard: money(r.Standard), DRGPayment: money(r.DRGPayment), FundPayment: money(r.Fund)}
	if r.Weight.Valid {
		g.Weight = r.Weight.Decimal.StringFixed(4)
	}
	if g.Error == "" && r.Reason != "" && r.DRG == "" {
		g.Error = r.Reason
	}
	return g
}

func nilIfEmpty(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return s
}

// CommandInput carries a command's arguments.
type CommandInput struct {
	Command Command
	// Version is the application's version the caller saw.
	Version    int
	ReasonCode string
	Note       string
	// ReviewerID is the assignee (assign).
	ReviewerID string
	// Edit is the new content (edit).
	Edit *Edit
	// Data is recorded with the timeline event (internal commands: the
	// panel, the decision).
	Data map[string]any
}

type internalKey struct{}

// Internal marks ctx as a module's own run of an internal command (see
// Transition.Internal).
func Internal(ctx context.Context) context.Context {
	return context.WithValue(ctx, internalKey{}, true)
}

func isInternal(ctx context.Context) bool { v, _ := ctx.Value(internalKey{}).(bool); return v }

// Result is an application after a command, with what the caller may do now
// and, on submission, the quota gauge.
type CommandResult struct {
	Application
	Actions []Command   `json:"actions"`
	Quota   *QuotaGauge `json:"quota,omitempty"`
}

// Do runs one command through the machine: the guarded function every
// change goes through. Who may, from which state and with what checks comes
// from Machine; the version must be the current one (ErrStale); the change,
// its timeline event, its outbox row and its audit event commit together. A
// refused command is audited as well.
func (s *Service) Do(ctx context.Context, id string, in CommandInput) (*CommandResult, error) {
	if _, err := uuid.Parse(id); err != nil {
		return nil, ErrNotFound
	}
	c := callerOf(ctx)
	var res *CommandResult
	var refused error
	var refusedFrom Status
	var region, hospital string
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		a, err := s.lockApp(ctx, c, id)
		if err != nil {
			return err
		}
		region, hospital = a.RegionCode, a.HospitalID
		t, refusal, actor := Transition{}, UnknownCommand, Actor("")
		for _, act := range c.actors {
			tt, r := Lookup(in.Command, act, a.Status)
			if r == Allowed {
				t, refusal, actor = tt, r, act
				break
			}
			if r < refusal || refusal == UnknownCommand {
				refusal = r
			}
		}
		if refusal == Allowed && t.Internal && !isInternal(ctx) {
			refusal = NotYourTurn
		}
		if refusal != Allowed {
			refused, refusedFrom = &TransitionError{Command: in.Command, From: a.Status, Refusal: refusal}, a.Status
			return refused
		}
		if in.Version != a.Version && !c.is(ActSystem) {
			refused, refusedFrom = ErrStale, a.Status
			return refused
		}
		r, err := s.apply(ctx, c, actor, a, t, in)
		if err != nil {
			var qe *QuotaError
			var we *WindowError
			var ve *ValidationError
			if errors.As(err, &qe) || errors.As(err, &we) || errors.As(err, &ve) || errors.Is(err, ErrStale) {
				refused, refusedFrom = err, a.Status
			}
			return err
		}
		res = r
		return nil
	})
	if refused != nil && errors.Is(err, refused) {
		s.auditRefusal(ctx, id, in, refusedFrom, region, hospital, refused)
	}
	if err != nil {
		return nil, err
	}
	return res, nil
}

func (s *Service) auditRefusal(ctx context.Context, id string, in CommandInput, from Status, region, hospital string, cause error) {
	bg := context.WithoutCancel(ctx)
	if err := s.Audit.Record(bg, audit.Event{Action: "specialcase.refused", ObjectType: "special_application", ObjectID: id,
		New:        map[string]any{"command": in.Command, "from": from, "version": in.Version, "reason": cause.Error()},
		RegionCode: region, HospitalID: hospital}); err != nil && s.Log != nil {
		s.Log.WarnContext(ctx, "audit refusal", "err", err.Error())
	}
}

// apply runs the checks and effects of t, which actor may run, and records
// the transition.
func (s *Service) apply(ctx context.Context, c caller, actor Actor, a *Application, t Transition, in CommandInput) (*CommandResult, error) {
	conn := s.DB.Conn(ctx)
	now := s.Clock.Now().UTC().Truncate(time.Microsecond)
	today := calendar.DateOf(now)
	to := t.target(a.Status)
	set := map[string]any{}
	var gauge *QuotaGauge
	var data map[string]any
	for _, chk := range t.Checks {
		switch chk {
		case CheckOwnDraft:
			if c.is(ActClinician) && !c.is(ActOffice) && a.CreatedBy != c.userID {
				return nil, ErrNotFound
			}
		case CheckReason:
			if err := checkReason(t.Command, in.ReasonCode, in.Note); err != nil {
				return nil, err
			}
		case CheckComplete:
			var f fieldErrors
			if len(a.Types) == 0 {
				f.add("types", "choose at least one type")
			}
			if slices.Contains(a.Types, GroupingDispute) && a.Proposal == nil {
				f.add("proposal", "a grouping dispute proposes the corrected codes")
			}
			if strings.TrimSpace(a.Justification) == "" {
				f.add("justification", "explain why the case does not fit its DRG payment")
			}
			n, err := s.countEvidence(ctx, a.ID, "evidence")
			if err != nil {
				return nil, err
			}
			if n == 0 {
				f.add("evidence", "upload at least one piece of evidence")
			}
			if err := f.err(); err != nil {
				return nil, err
			}
		case CheckReplyMaterial:
			if strings.TrimSpace(in.Note) == "" {
				n, err := s.countEvidenceSince(ctx, a.ID)
				if err != nil {
					return nil, err
				}
				if n == 0 {
					return nil, invalid("note", "answer the request: write a reply or upload the material asked for")
				}
			}
		case CheckReviewer:
			ok, err := s.isReviewer(ctx, in.ReviewerID, a.RegionCode)
			if err != nil {
				return nil, err
			}
			if !ok {
				return nil, invalid("reviewer_id", "not a reviewer of this region")
			}
		case CheckWindow:
			rules, cal, err := s.rulesFor(ctx, a.RegionCode, today)
			if err != nil {
				return nil, err
			}
			dis, err := calendar.ParseDate(a.DischargedOn)
			if err != nil {
				return nil, err
			}
			d, err := rules.Window(cal, today, dis)
			if err != nil {
				return nil, err
			}
			if !d.Open {
				return nil, &WindowError{Decision: d}
			}
		case CheckQuota:
			g, err := s.takeQuota(ctx, a, today)
			if err != nil {
				return nil, err
			}
			gauge = g
			set["quota_key"], set["quota_period"], set["quota_held"] = g.Key, g.Period, true
		}
	}
	switch t.Command {
	case EditDraft:
		if in.Edit == nil {
			return nil, invalid("edit", "the new content is required")
		}
		var f fieldErrors
		validateContent(&f, in.Edit.Types, in.Edit.Justification, in.Edit.ClaimedAmount, in.Edit.Proposal)
		if err := f.err(); err != nil {
			return nil, err
		}
		set["types"] = typesArray(in.Edit.Types)
		set["justification"] = in.Edit.Justification
		set["claimed_amount"] = decOrNil(in.Edit.ClaimedAmount)
		var prop *Proposal
		if in.Edit.Proposal != nil {
			p, err := s.whatIf(ctx, a.CaseID, in.Edit.Proposal)
			if err != nil {
				return nil, err
			}
			prop = p
		}
		set["proposal"] = jsonOf(prop)
		data = map[string]any{"types": in.Edit.Types}
	case Forward:
		snap, scr, err := s.snapshot(ctx, a, now)
		if err != nil {
			return nil, err
		}
		set["snapshot"], set["screening"] = jsonOf(snap), jsonOf(scr)
		set["evidence_frozen"] = true
		set["submitted_at"] = now
		if err := s.startIntakeClock(ctx, a, today, set); err != nil {
			return nil, err
		}
		data = map[string]any{"quota": gauge}
	case RequestInfo:
		ir, err := s.openInfoRequest(ctx, c, a, in, now, today)
		if err != nil {
			return nil, err
		}
		if err := s.cancelTimers(ctx, a.ID, "intake_overdue"); err != nil {
			return nil, err
		}
		data = map[string]any{"info_request_id": ir.ID, "due_on": ir.DueOn}
	case Reply:
		if err := s.answerInfoRequest(ctx, a, now); err != nil {
			return nil, err
		}
		if strings.TrimSpace(in.Note) != "" {
			if _, err := s.insertMessage(ctx, a.ID, c, "hospital", in.Note, nil, now); err != nil {
				return nil, err
			}
		}
		if err := s.startIntakeClock(ctx, a, today, set); err != nil {
			return nil, err
		}
	case Accept:
		set["escalated"] = false
		if err := s.cancelTimers(ctx, a.ID, ""); err != nil {
			return nil, err
		}
	case RejectAtIntake:
		if err := s.cancelTimers(ctx, a.ID, ""); err != nil {
			return nil, err
		}
		if err := s.releaseQuota(ctx, a, false); err != nil {
			return nil, err
		}
	case Withdraw:
		if err := s.cancelTimers(ctx, a.ID, ""); err != nil {
			return nil, err
		}
		if a.SubmittedAt != nil {
			if err := s.releaseQuota(ctx, a, true); err != nil {
				return nil, err
			}
		}
		if c.is(ActSystem) {
			if err := s.expireInfoRequest(ctx, a.ID, now); err != nil {
				return nil, err
			}
		}
	case Assign:
		set["assigned_to"] = in.ReviewerID
		data = map[string]any{"reviewer_id": in.ReviewerID}
	case Escalate:
		set["escalated"] = true
	}
	if in.Data != nil {
		if data == nil {
			data = map[string]any{}
		}
		for k, v := range in.Data {
			data[k] = v
		}
	}
	set["status"] = string(to)
	set["open"] = to.Open()
	set["version"] = a.Version + 1
	set["updated_at"] = now
	cols := make([]string, 0, len(set))
	vals := make([]any, 0, len(set)+2)
	for _, k := range sortedKeys(set) {
		cols = append(cols, k+" = ?")
		vals = append(vals, set[k])
	}
	vals = append(vals, a.ID, a.Version)
	res := conn.Exec(`UPDATE special_applications SET `+strings.Join(cols, ", ")+` WHERE id = ? AND version = ?`, vals...)
	if res.Error != nil {
		return nil, res.Error
	}
	if res.RowsAffected != 1 {
		return nil, ErrStale
	}
	if err := s.addEvent(ctx, a.ID, a.Version, now, c, actor, string(t.Command), a.Status, to, in.ReasonCode, in.Note, data); err != nil {
		return nil, err
	}
	if _, err := s.Outbox.Add(ctx, queue.Message{Kind: TaskTransitioned, BusinessKey: fmt.Sprintf("%s:%d", a.ID, a.Version),
		Payload: map[string]any{"application_id": a.ID, "seq": a.Version}}); err != nil {
		return nil, err
	}
	if err := s.Audit.Record(ctx, audit.Event{Action: "specialcase." + string(t.Command), ObjectType: "special_application",
		ObjectID: a.ID, Old: map[string]any{"status": a.Status, "version": a.Version},
		New:        map[string]any{"status": to, "version": a.Version + 1, "reason_code": in.ReasonCode},
		RegionCode: a.RegionCode, HospitalID: a.HospitalID}); err != nil {
		return nil, err
	}
	a.Status, a.Version, a.UpdatedAt = to, a.Version+1, now
	if v, ok := set["assigned_to"].(string); ok {
		a.AssignedTo = &v
	}
	out := &CommandResult{Application: *a, Actions: c.available(a), Quota: gauge}
	return out, nil
}

func checkReason(cmd Command, code, note string) error {
	list := InfoReasons
	switch cmd {
	case RejectAtIntake:
		list = RejectReasons
	case ReturnToClinician:
		list = ReturnReasons
	}
	var f fieldErrors
	if !slices.Contains(list, code) {
		f.add("reason_code", "choose one of "+strings.Join(list, ", "))
	}
	if code == "other" && strings.TrimSpace(note) == "" {
		f.add("note", "say what is wrong when the reason is other")
	}
	if utf8.RuneCountInString(note) > 2000 {
		f.add("note", "at most 2000 characters")
	}
	return f.err()
}

// available lists the commands the caller may run on a.
func (c caller) available(a *Application) []Command {
	out := []Command{}
	for _, actor := range c.actors {
		for _, cmd := range Available(actor, a.Status) {
			if (cmd == SendToOffice || cmd == EditDraft || cmd == Withdraw && (a.Status == Draft || a.Status == HospitalReview)) &&
				actor == ActClinician && a.CreatedBy != c.userID {
				continue
			}
			if !slices.Contains(out, cmd) {
				out = append(out, cmd)
			}
		}
	}
	return out
}

func (s *Service) rulesFor(ctx context.Context, region string, day calendar.Date) (Rules, *calendar.Calendar, error) {
	rules, err := s.Rules.Rules(ctx, region, day)
	if err != nil {
		return Rules{}, nil, err
	}
	cal, err := s.Rules.Calendar(ctx, region)
	return rules, cal, err
}

// snapshot takes the case's grouping, payment and screening.
func (s *Service) snapshot(ctx context.Context, a *Application, now time.Time) (*CaseSnapshot, *ScreeningHits, error) {
	f, err := s.Cases.Facts(ctx, a.CaseID)
	if err != nil {
		return nil, nil, err
	}
	snap := &CaseSnapshot{At: now, PlanID: f.PlanID, PricingVersion: f.PricingVersion, GroupStatus: f.GroupStatus, DRG: f.DRG,
		TotalCost: f.TotalCost.StringFixed(2), Standard: money(f.Standard), PriceClass: f.PriceClass,
		DRGPayment: money(f.DRGPayment), FundPayment: money(f.FundPayment), LOS: f.LOS}
	if f.Weight.Valid {
		snap.Weight = f.Weight.Decimal.StringFixed(4)
	}
	if f.CostRatio.Valid {
		snap.CostRatio = f.CostRatio.Decimal.StringFixed(4)
	}
	scr := &ScreeningHits{Reasons: []string{}, CostRatio: snap.CostRatio, LOS: f.LOS, ICUHours: f.ICUHours, VentHours: f.VentHours,
		Depts: f.DeptCount, Matches: []Type{}}
	for _, r := range f.Reasons {
		scr.Reasons = append(scr.Reasons, string(r))
		var t Type
		switch r {
		case casefile.ReasonHighCost:
			t = HighCost
		case casefile.ReasonLongStay:
			t = LongStay
		case casefile.ReasonNewItems:
			t = NewDrugDevice
		case casefile.ReasonICU, casefile.ReasonVentilation:
			t = ComplexCritical
		case casefile.ReasonMultiDepartment:
			t = MDT
		case casefile.ReasonUngroupable, casefile.ReasonAmbiguousGroup:
			t = GroupingDispute
		}
		if t != "" && slices.Contains(a.Types, t) && !slices.Contains(scr.Matches, t) {
			scr.Matches = append(scr.Matches, t)
		}
	}
	return snap, scr, nil
}

func typesArray(ts []Type) pq.StringArray {
	out := make(pq.StringArray, len(ts))
	for i, t := range ts {
		out[i] = string(t)
	}
	return out
}

func decOrNil(d *decimal.Decimal) any {
	if d == nil {
		return nil
	}
	return d.StringFixed(2)
}

// jsonOf is v as a JSON text for a jsonb column, SQL NULL for nil.
func jsonOf[T any](v *T) any {
	if v == nil {
		return nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	return string(b)
}

func sortedKeys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
