package grouper

import (
	"errors"
	"fmt"
	"strings"
)

// Named errors of the package.
var (
	ErrPlanInvalid   = errors.New("grouper: plan has errors")
	ErrBadPack       = errors.New("grouper: not a valid plan pack")
	ErrUnknownPlan   = errors.New("grouper: unknown plan")
	ErrDuplicatePlan = errors.New("grouper: plan id already registered")
	ErrNoPlanForDate = errors.New("grouper: no plan covers the discharge date")
)

// Level is the weight of a Problem: errors stop a plan from compiling,
// warnings are reported and the plan still compiles.
type Level uint8

const (
	LevelError Level = iota
	LevelWarning
)

func (l Level) String() string {
	if l == LevelWarning {
		return "warning"
	}
	return "error"
}

func (l Level) MarshalText() ([]byte, error) { return []byte(l.String()), nil }

// Problem is one finding of Compile, located in the plan's files.
type Problem struct {
	File    string `json:"file"`
	Line    int    `json:"line,omitempty"` // 0 when the problem concerns the whole file
	Level   Level  `json:"level"`
	Message string `json:"message"`
}

// String renders file:line: level: message, the form compilers use, so
// editors can jump to the line.
func (p Problem) String() string {
	loc := p.File
	if p.Line > 0 {
		loc = fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s: %s: %s", loc, p.Level, p.Message)
}

// PlanError is returned by Compile when the plan has errors; it carries
// every problem found, warnings included.
type PlanError struct {
	Problems []Problem
}

func (e *PlanError) Error() string {
	var first string
	n := 0
	for _, p := range e.Problems {
		if p.Level == LevelError {
			if n == 0 {
				first = p.String()
			}
			n++
		}
	}
	return fmt.Sprintf("grouper: plan has %d error(s); first: %s", n, first)
}

func (e *PlanError) Unwrap() error { return ErrPlanInvalid }

// Errors returns only the error-level problems.
func (e *PlanError) Errors() []Problem {
	var out []Problem
	for _, p := range e.Problems {
		if p.Level == LevelError {
			out = append(out, p)
		}
	}
	return out
}

// FormatProblems renders problems one per line.
func FormatProblems(ps []Problem) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString(p.String())
		b.WriteByte('\n')
	}
	return b.String()
}
