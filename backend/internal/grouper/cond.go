package grouper

import (
	"fmt"
	"strconv"
	"strings"
)

// Conditions are data. Every rule of a plan — MDC entry, ADRG clause, DRG
// split, a region's local split — is an expression in one small language:
//
//	expr := conj { "|" conj }     alternatives (OR)
//	conj := atom { " " atom }     all must hold (AND)
//	atom := ["!"] name [op value]
//
// Code atoms refer to the lists of the rule's owner (the MDC or ADRG it
// belongs to): pdx (principal diagnosis in the owner's 主要诊断 list), anydx
// (any diagnosis in its 诊断 list), ppx (principal procedure in its 主要手术
// list), px1…px9 (any procedure in its 手术表 N). ppx-valid and anypx-valid
// test the plan's list of valid operating-room procedures. sites>=N counts
// the owner's body-site lists (MDCZ) hit by any diagnosis. Case atoms compare
// a field: sex, age, age-days, weight (birth), adm-weight, los, vent-hours
// with = != < <= > >=; leaving= and dept= take comma-separated sets; ecmo,
// mcc and cc are flags. always holds always.

type atomKind uint8

const (
	atomAlways atomKind = iota
	atomPdx
	atomAnyDx
	atomPpx
	atomAnyPx
	atomSites
	atomSex
	atomAge
	atomAgeDays
	atomWeight
	atomAdmWeight
	atomLOS
	atomVent
	atomLeaving
	atomDept
	atomECMO
	atomMCC
	atomCC
	atomKinds
)

type cmpOp uint8

const (
	opNone cmpOp = iota
	opEQ
	opNE
	opLT
	opLE
	opGT
	opGE
)

var opText = [...]string{"", "=", "!=", "<", "<=", ">", ">="}

type atom struct {
	kind atomKind
	op   cmpOp
	neg  bool
	list int32 // code atoms: list id; sites: first site list
	span int32 // sites: number of site lists
	bit  int32 // derived: bit of list in its kind's bitset
	num  int32 // comparison value
	ints []int32
	strs []string
}

type conj struct {
	atoms []atom
	text  string
}

type expr struct {
	alts []conj
	text string
}

func (e *expr) empty() bool { return len(e.alts) == 0 }

// numeric atoms and the field names the manifest uses for them.
var numericAtoms = map[string]atomKind{
	"sex": atomSex, "age": atomAge, "age-days": atomAgeDays, "weight": atomWeight,
	"adm-weight": atomAdmWeight, "los": atomLOS, "vent-hours": atomVent, "sites": atomSites,
}

// listOwner resolves the owner-relative names of code atoms while compiling.
type listOwner interface {
	list(role string) (int32, error) // pdx, anydx, ppx, px1…
	sites() (first, n int32, err error)
	validOps() (int32, error)
}

// parseExpr compiles the text of a condition for an owner.
func parseExpr(text string, owner listOwner) (expr, error) {
	fields := strings.Fields(text)
	var e expr
	var cur conj
	var parts []string
	flush := func() error {
		if len(parts) == 0 {
			return fmt.Errorf("empty alternative in %q", text)
		}
		cur.text = strings.Join(parts, " ")
		e.alts = append(e.alts, cur)
		cur, parts = conj{}, nil
		return nil
	}
	for _, f := range fields {
		if f == "|" {
			if err := flush(); err != nil {
				return expr{}, err
			}
			continue
		}
		a, err := parseAtom(f, owner)
		if err != nil {
			return expr{}, err
		}
		cur.atoms = append(cur.atoms, a)
		parts = append(parts, f)
	}
	if err := flush(); err != nil {
		return expr{}, err
	}
	e.text = joinAlts(e.alts)
	return e, nil
}

func joinAlts(alts []conj) string {
	s := make([]string, len(alts))
	for i, c := range alts {
		s[i] = c.text
	}
	return strings.Join(s, " | ")
}

func parseAtom(f string, owner listOwner) (atom, error) {
	var a atom
	if strings.HasPrefix(f, "!") {
		a.neg = true
		f = f[1:]
	}
	name, value := f, ""
	for i := 0; i < len(f); i++ {
		if c := f[i]; c == '=' || c == '<' || c == '>' || (c == '!' && i+1 < len(f) && f[i+1] == '=') {
			name = f[:i]
			rest := f[i:]
			for op := opGE; op >= opEQ; op-- { // longest operators first
				if strings.HasPrefix(rest, opText[op]) {
					a.op, value = op, rest[len(opText[op]):]
					break
				}
			}
			break
		}
	}
	var err error
	switch {
	case name == "always":
		a.kind = atomAlways
	case name == "ecmo":
		a.kind = atomECMO
	case name == "mcc":
		a.kind = atomMCC
	case name == "cc":
		a.kind = atomCC
	case name == "pdx":
		a.kind = atomPdx
		a.list, err = owner.list(name)
	case name == "anydx":
		a.kind = atomAnyDx
		a.list, err = owner.list(name)
	case name == "ppx":
		a.kind = atomPpx
		a.list, err = owner.list(name)
	case isTableName(name):
		a.kind = atomAnyPx
		a.list, err = owner.list(name)
	case name == "ppx-valid" || name == "anypx-valid":
		a.kind = atomPpx
		if name == "anypx-valid" {
			a.kind = atomAnyPx
		}
		a.list, err = owner.validOps()
	case name == "leaving" || name == "dept":
		if a.op != opEQ && a.op != opNE {
			return a, fmt.Errorf("%s takes = or != with a comma-separated set: %q", name, f)
		}
		if value == "" {
			return a, fmt.Errorf("%s needs at least one value: %q", name, f)
		}
		if name == "dept" {
			a.kind, a.strs = atomDept, strings.Split(value, ",")
			break
		}
		a.kind = atomLeaving
		for _, v := range strings.Split(value, ",") {
			n, perr := strconv.Atoi(v)
			if perr != nil {
				return a, fmt.Errorf("leaving value %q is not a number", v)
			}
			a.ints = append(a.ints, int32(n))
		}
	default:
		k, ok := numericAtoms[name]
		if !ok {
			return a, fmt.Errorf("unknown condition %q", f)
		}
		a.kind = k
		if a.op == opNone || value == "" {
			return a, fmt.Errorf("%s needs a comparison, e.g. %s<=28: %q", name, name, f)
		}
		n, perr := strconv.Atoi(value)
		if perr != nil {
			return a, fmt.Errorf("%s: %q is not a whole number", name, value)
		}
		a.num = int32(n)
		if k == atomSites {
			a.list, a.span, err = owner.sites()
		}
	}
	if err != nil {
		return a, err
	}
	switch a.kind {
	case atomAlways, atomPdx, atomAnyDx, atomPpx, atomAnyPx, atomECMO, atomMCC, atomCC:
		if a.op != opNone {
			return a, fmt.Errorf("%s takes no comparison: %q", name, f)
		}
	}
	return a, nil
}

func isTableName(s string) bool {
	return len(s) == 3 && s[0] == 'p' && s[1] == 'x' && s[2] >= '1' && s[2] <= '9'
}

func compare(v int, op cmpOp, n int32) bool {
	w := int(n)
	switch op {
	case opEQ:
		return v == w
	case opNE:
		return v != w
	case opLT:
		return v < w
	case opLE:
		return v <= w
	case opGT:
		return v > w
	case opGE:
		return v >= w
	}
	return false
}
