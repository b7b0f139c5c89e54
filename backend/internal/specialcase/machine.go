package specialcase

import "slices"

// Status is a state of an application.
type Status string

// The states (domain.md §1.4; architecture decision 5). The later ones are
// entered by the expert-review, decision and settlement issues; the table
// below already names them so that those issues add rows, not a new machine.
const (
	Draft            Status = "DRAFT"
	HospitalReview   Status = "HOSPITAL_REVIEW"
	Submitted        Status = "SUBMITTED"
	ReturnedForInfo  Status = "RETURNED_FOR_INFO"
	Accepted         Status = "ACCEPTED"
	RejectedAtIntake Status = "REJECTED_AT_INTAKE"
	Withdrawn        Status = "WITHDRAWN"
	ExpertReview     Status = "EXPERT_REVIEW"
	Decided          Status = "DECIDED"
	Appealed         Status = "APPEALED"
	Regrouped        Status = "REGROUPED"
	Settled          Status = "SETTLED"
)

// Statuses lists every state.
var Statuses = []Status{Draft, HospitalReview, Submitted, ReturnedForInfo, Accepted, RejectedAtIntake, Withdrawn,
	ExpertReview, Decided, Appealed, Regrouped, Settled}

// Open reports whether an application in s is still in progress (a case has
// at most one open application).
func (s Status) Open() bool {
	return s != Withdrawn && s != RejectedAtIntake && s != Settled
}

// Valid reports a known state.
func (s Status) Valid() bool { return slices.Contains(Statuses, s) }

// Command is what an actor asks the machine to do.
type Command string

// The commands.
const (
	// SendToOffice: the clinician hands the draft to the hospital's
	// insurance office.
	SendToOffice Command = "send_to_office"
	// ReturnToClinician: the office sends it back for changes.
	ReturnToClinician Command = "return_to_clinician"
	// Forward: the office submits it to the bureau (quota, window and
	// evidence are checked; the evidence is frozen; the snapshot is taken).
	Forward Command = "forward"
	// RequestInfo: the bureau asks for missing material (补正材料).
	RequestInfo Command = "request_info"
	// Reply: the hospital answers an information request.
	Reply Command = "reply"
	// Accept: the bureau accepts it for expert review.
	Accept Command = "accept"
	// RejectAtIntake: the bureau refuses it at intake.
	RejectAtIntake Command = "reject_at_intake"
	// Withdraw: the hospital withdraws it, or the system does when an
	// information request expires.
	Withdraw Command = "withdraw"
	// EditDraft: change a draft's content (no change of state).
	EditDraft Command = "edit"
	// Assign: the bureau assigns a reviewer (no change of state).
	Assign Command = "assign"
	// Escalate: the system flags an overdue item (no change of state).
	Escalate Command = "escalate"

	// Later issues (expert review, decisions, appeals, settlement).
	StartReview Command = "start_review"
	Decide      Command = "decide"
	Appeal      Command = "appeal"
	ReReview    Command = "re_review"
	Regroup     Command = "regroup"
	Settle      Command = "settle"
)

// Actor is the kind of party that acts, derived from the caller's role.
type Actor string

// The actors.
const (
	ActClinician Actor = "clinician"
	ActOffice    Actor = "hospital_office"
	ActReviewer  Actor = "bureau_reviewer"
	ActAdmin     Actor = "bureau_admin"
	ActExpert    Actor = "expert"
	ActSystem    Actor = "system"
)

// Side is the party a state waits for.
func (a Actor) Side() string {
	switch a {
	case ActClinician, ActOffice:
		return "hospital"
	case ActSystem:
		return "system"
	}
	return "bureau"
}

// Check names an extra condition a transition needs; the service evaluates
// them (they need the database), the table only lists them.
type Check string

// The checks.
const (
	// CheckOwnDraft: a clinician acts only on applications they created.
	CheckOwnDraft Check = "own"
	// CheckComplete: types, justification and at least one piece of evidence.
	CheckComplete Check = "complete"
	// CheckWindow: the region's application window is open for the case.
	CheckWindow Check = "window"
	// CheckQuota: the quota has room (taken in the same transaction).
	CheckQuota Check = "quota"
	// CheckReason: a reason code is given.
	CheckReason Check = "reason"
	// CheckReplyMaterial: a reply carries a message or new material.
	CheckReplyMaterial Check = "reply_material"
	// CheckReviewer: the assignee is a reviewer of the region.
	CheckReviewer Check = "reviewer"
)

// Transition is one row of the table.
type Transition struct {
	Command Command
	From    []Status
	// To is the new state; empty keeps the state (assign, escalate).
	To     Status
	Actors []Actor
	Checks []Check
	// Later marks rows that a later issue enables; Decide refuses them.
	Later bool
	// Internal marks rows only another module runs, inside its own checks
	// (the expert review draws, decides and takes appeals): Do refuses them
	// unless the context carries Internal(ctx), and Available never offers
	// them.
	Internal bool
}

// Machine is the application's state machine, as a table. Read it top to
// bottom: who may, from which state, to which, with what checks.
var Machine = []Transition{
	{Command: EditDraft, From: []Status{Draft}, Actors: []Actor{ActClinician}, Checks: []Check{CheckOwnDraft}},
	{Command: EditDraft, From: []Status{Draft, HospitalReview}, Actors: []Actor{ActOffice}},
	{Command: SendToOffice, From: []Status{Draft}, To: HospitalReview, Actors: []Actor{ActClinician}, Checks: []Check{CheckOwnDraft, CheckComplete}},
	{Command: ReturnToClinician, From: []Status{HospitalReview}, To: Draft, Actors: []Actor{ActOffice}, Checks: []Check{CheckReason}},
	{Command: Forward, From: []Status{Draft, HospitalReview}, To: Submitted, Actors: []Actor{ActOffice},
		Checks: []Check{CheckComplete, CheckWindow, CheckQuota}},
	{Command: RequestInfo, From: []Status{Submitted}, To: ReturnedForInfo, Actors: []Actor{ActReviewer, ActAdmin}, Checks: []Check{CheckReason}},
	{Command: Reply, From: []Status{ReturnedForInfo}, To: Submitted, Actors: []Actor{ActClinician, ActOffice}, Checks: []Check{CheckReplyMaterial}},
	{Command: Accept, From: []Status{Submitted}, To: Accepted, Actors: []Actor{ActReviewer, ActAdmin}},
	{Command: RejectAtIntake, From: []Status{Submitted}, To: RejectedAtIntake, Actors: []Actor{ActReviewer, ActAdmin}, Checks: []Check{CheckReason}},
	{Command: Withdraw, From: []Status{Draft, HospitalReview}, To: Withdrawn, Actors: []Actor{ActClinician, ActOffice}, Checks: []Check{CheckOwnDraft}},
	{Command: Withdraw, From: []Status{Submitted, ReturnedForInfo, Accepted, ExpertReview}, To: Withdrawn, Actors: []Actor{ActOffice}},
	{Command: Withdraw, From: []Status{ReturnedForInfo}, To: Withdrawn, Actors: []Actor{ActSystem}},
	{Command: Assign, From: []Status{Submitted, ReturnedForInfo, Accepted}, Actors: []Actor{ActAdmin}, Checks: []Check{CheckReviewer}},
	{Command: Escalate, From: []Status{Submitted, ReturnedForInfo}, Actors: []Actor{ActSystem}},

	// expert review (package review): a panel is drawn, the bureau reviewer
	// confirms the panel's decision, the hospital appeals once, a fresh
	// panel is drawn
	{Command: StartReview, From: []Status{Accepted}, To: ExpertReview, Actors: []Actor{ActAdmin}, Internal: true},
	{Command: Decide, From: []Status{ExpertReview}, To: Decided, Actors: []Actor{ActReviewer, ActAdmin}, Internal: true},
	{Command: Appeal, From: []Status{Decided}, To: Appealed, Actors: []Actor{ActOffice}, Internal: true},
	{Command: ReReview, From: []Status{Appealed}, To: ExpertReview, Actors: []Actor{ActAdmin}, Internal: true},
	{Command: Regroup, From: []Status{Decided}, To: Regrouped, Actors: []Actor{ActAdmin, ActSystem}, Later: true},
	{Command: Settle, From: []Status{Decided, Regrouped}, To: Settled, Actors: []Actor{ActAdmin, ActSystem}, Later: true},
}

// Commands lists the distinct commands of the table.
func Commands() []Command {
	var out []Command
	for _, t := range Machine {
		if !slices.Contains(out, t.Command) {
			out = append(out, t.Command)
		}
	}
	return out
}

// Refusal says why the machine refuses a command.
type Refusal int

// The refusals.
const (
	// Allowed: the command may run (its checks still apply).
	Allowed Refusal = iota
	// UnknownCommand: not in the table, or enabled by a later issue.
	UnknownCommand
	// NotYourTurn: the actor may never run this command (403).
	NotYourTurn
	// WrongState: the actor may run it, but not from this state (409).
	WrongState
)

// Lookup finds the row for command by actor from state. The result is pure:
// the service adds the checks that need the database.
func Lookup(cmd Command, actor Actor, from Status) (Transition, Refusal) {
	known, actorOK := false, false
	for _, t := range Machine {
		if t.Command != cmd || t.Later {
			continue
		}
		known = true
		if !slices.Contains(t.Actors, actor) {
			continue
		}
		actorOK = true
		if slices.Contains(t.From, from) {
			return t, Allowed
		}
	}
	switch {
	case !known:
		return Transition{}, UnknownCommand
	case !actorOK:
		return Transition{}, NotYourTurn
	}
	return Transition{}, WrongState
}

// Available lists the commands actor may run from state (for the buttons).
func Available(actor Actor, from Status) []Command {
	var out []Command
	for _, t := range Machine {
		if t.Later || t.Internal || !slices.Contains(t.Actors, actor) || !slices.Contains(t.From, from) || slices.Contains(out, t.Command) {
			continue
		}
		out = append(out, t.Command)
	}
	return out
}

// target is the state after t from from.
func (t Transition) target(from Status) Status {
	if t.To == "" {
		return from
	}
	return t.To
}
