package pricing

import (
	"errors"
	"fmt"
	"strings"
)

// Named errors. Validation wraps them in a FieldError that names the field;
// test with errors.Is, find the field with errors.As or ValidationError.Fields.
var (
	// A Spec that fails validation.
	ErrInvalidVersion       = errors.New("pricing: invalid version")
	ErrMissingRegion        = errors.New("region is required")
	ErrBadYear              = errors.New("year must be between 2000 and 2100")
	ErrBadNumber            = errors.New("version number must be at least 1")
	ErrMissingEffectiveFrom = errors.New("effective-from date is required")
	ErrEffectiveRange       = errors.New("effective-to is before effective-from")
	ErrUnknownMethod        = errors.New("method must be rate or point")
	ErrNoWeights            = errors.New("at least one DRG weight is required")
	ErrBadDRGCode           = errors.New("not a DRG code")
	ErrNegativeWeight       = errors.New("weight is negative")
	ErrZeroWeight           = errors.New("weight is zero")
	ErrWeightPrecision      = errors.New("weight has more than 4 decimal places")
	ErrMissingFund          = errors.New("a value is required for each fund (employee and resident)")
	ErrNotPositive          = errors.New("must be greater than zero")
	ErrNegative             = errors.New("must not be negative")
	ErrPrecision            = errors.New("too many decimal places")
	ErrRatioRange           = errors.New("ratio must be between 0 and 1")
	ErrNoLevels             = errors.New("at least one hospital level needs a coefficient or a published standard")
	ErrMissingLevel         = errors.New("a value is required for each hospital level the version prices")
	ErrUnknownLevel         = errors.New("unknown hospital level")
	ErrUnknownFund          = errors.New("unknown fund")
	ErrThresholdOrder       = errors.New("thresholds out of order")
	ErrLevelNotCovered      = errors.New("hospital level not covered")
	ErrUnknownRule          = errors.New("unknown rule")
	ErrStandardWithoutDRG   = errors.New("published standard for a DRG that has no weight")
	ErrStandardsNeedRate    = errors.New("published standards in yuan need the rate method")
	ErrDuplicate            = errors.New("duplicate entry")
	ErrMissingHospital      = errors.New("hospital id is required")

	// Activation and selection.
	ErrNotDraft         = errors.New("pricing: only a draft can be activated")
	ErrNotActive        = errors.New("pricing: version is not active")
	ErrNoActor          = errors.New("pricing: the administrator who acts is required")
	ErrEffectiveInPast  = errors.New("pricing: effective-from is in the past")
	ErrOverlap          = errors.New("pricing: overlaps another active version of the region")
	ErrEndOutOfRange    = errors.New("pricing: end date must lie within the version and not before today")
	ErrNoVersionForDate = errors.New("pricing: no active version covers the date")

	// Pricing one case.
	ErrNoVersion       = errors.New("pricing: no version")
	ErrInvalidCase     = errors.New("pricing: invalid case")
	ErrUnknownDRG      = errors.New("pricing: DRG has no weight in this version")
	ErrNotEffective    = errors.New("pricing: version not effective on the discharge date")
	ErrLinesDontAddUp  = errors.New("fee lines do not add up to the total cost")
	ErrUnknownFeeClass = errors.New("unknown fee class")

	// Reading a catalogue.
	ErrTooLarge       = errors.New("pricing: catalogue is too large")
	ErrEncoding       = errors.New("pricing: catalogue is neither UTF-8 nor GB18030/GBK")
	ErrNoHeader       = errors.New("pricing: catalogue has no header row")
	ErrNoCodeColumn   = errors.New("pricing: catalogue has no DRG code column")
	ErrNoWeightColumn = errors.New("pricing: catalogue has no weight (RW) or points column")
	ErrDuplicateCol   = errors.New("pricing: catalogue has a duplicate column")
	ErrCSVSyntax      = errors.New("CSV syntax")
	ErrFieldCount     = errors.New("wrong number of fields")
	ErrBadValue       = errors.New("not a number")
	ErrDuplicateCode  = errors.New("DRG code repeated")
)

// FieldError is one validation failure, located by a JSON-path-like field
// name ("weights.AB19", "patient_share.fund_ratios.tertiary.resident").
type FieldError struct {
	Field string
	Err   error
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Err.Error() }
func (e *FieldError) Unwrap() error { return e.Err }

// ValidationError carries every FieldError a validation found, in a stable
// order, so an API can return them all at once.
type ValidationError struct {
	Subject string // what was validated: "version", "case"
	Fields  []*FieldError
}

func (e *ValidationError) Error() string {
	parts := make([]string, 0, len(e.Fields))
	for _, f := range e.Fields {
		parts = append(parts, f.Error())
	}
	return fmt.Sprintf("pricing: invalid %s: %s", e.Subject, strings.Join(parts, "; "))
}

// Unwrap lets errors.Is find both the umbrella error and every field's error.
func (e *ValidationError) Unwrap() []error {
	out := make([]error, 0, len(e.Fields)+1)
	if e.Subject == "case" {
		out = append(out, ErrInvalidCase)
	} else {
		out = append(out, ErrInvalidVersion)
	}
	for _, f := range e.Fields {
		out = append(out, f)
	}
	return out
}

// problems collects FieldErrors during a validation.
type problems struct {
	subject string
	list    []*FieldError
}

func (p *problems) add(field string, err error) {
	p.list = append(p.list, &FieldError{Field: field, Err: err})
}

func (p *problems) addf(field string, err error, format string, args ...any) {
	p.add(field, fmt.Errorf("%w: "+format, append([]any{err}, args...)...))
}

func (p *problems) err() error {
	if len(p.list) == 0 {
		return nil
	}
	return &ValidationError{Subject: p.subject, Fields: p.list}
}
