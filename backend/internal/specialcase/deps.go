package specialcase

import (
	"context"
	"time"

	"github.com/shopspring/decimal"

	"teyi/backend/internal/casefile"
	"teyi/backend/internal/platform/calendar"
)

// CaseSource is what the workflow needs of case intake (casefile.Service).
type CaseSource interface {
	// Facts reads a case in the caller's scope (casefile.ErrNotFound).
	Facts(ctx context.Context, id int64) (*casefile.Facts, error)
	// WhatIf groups and prices the case again with other codes.
	WhatIf(ctx context.Context, id int64, diagnoses, procedures []string) (casefile.Regrouped, casefile.Regrouped, error)
	// Discharges counts a region's or a hospital's discharges in [from, to).
	Discharges(ctx context.Context, region, hospitalID string, from, to time.Time) (int, error)
}

// Rules are the region's settings that the workflow applies, in force on a
// day: the quota, the application window and the deadlines. The settings
// package (specialcase/settings) provides them; these are functions so that
// the workflow does not depend on how the settings are stored.
type Rules struct {
	// QuotaScope is "region" or "hospital".
	QuotaScope string
	// QuotaPeriod is the quota period holding day d: [from, to).
	QuotaPeriod func(d calendar.Date) (from, to calendar.Date)
	// QuotaCap is the cap for a number of discharges.
	QuotaCap func(discharges int) int
	// QuotaWarnAt is the share of the cap that warns (0.80).
	QuotaWarnAt decimal.Decimal
	// ReplaceShare is the share of a hospital's applications it may
	// replace (withdraw and free the quota) in a year; 0 = never.
	ReplaceShare decimal.Decimal
	// Window decides whether a case discharged on a day may be submitted
	// today.
	Window func(cal *calendar.Calendar, today, discharged calendar.Date) (WindowDecision, error)
	// Deadlines in working days.
	InfoDueWorkdays        int
	ReminderWorkdaysBefore int
	IntakeSLAWorkdays      int
	// InfoExpiry is "withdraw" or "escalate".
	InfoExpiry string
}

// WindowDecision is the window's answer for one case.
type WindowDecision struct {
	Open   bool
	Opens  calendar.Date
	Closes calendar.Date
	// Reason is "not_yet_open" or "closed" when not open.
	Reason string
}

// RuleSource gives the rules and the working-day calendar of a region.
type RuleSource interface {
	Rules(ctx context.Context, region string, day calendar.Date) (Rules, error)
	Calendar(ctx context.Context, region string) (*calendar.Calendar, error)
}

// Notice is one in-app notification (and e-mail, where configured).
type Notice struct {
	Kind, Title, Body, Link, ObjectType, ObjectID string
	Params                                        map[string]string
}

// Audience is who receives a notice: the users listed and every user holding
// one of Roles in the hospital or the region.
type Audience struct {
	UserIDs      []string
	Roles        []string
	HospitalID   string
	RegionCode   string
	ExceptUserID string
}

// Notifier sends notices inside the caller's transaction.
type Notifier interface {
	Send(ctx context.Context, to Audience, n Notice) (int, error)
}
