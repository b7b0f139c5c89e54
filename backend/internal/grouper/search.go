package grouper

import (
	"sort"
	"strings"
)

// Code search over the plan's dictionaries, for pickers in the UI and the
// API: by code prefix (binary search over the sorted codes) or, when the
// query is not a code prefix, by a substring of the Chinese name.

// CodeKind selects the dictionary to search.
type CodeKind uint8

const (
	KindDiagnosis CodeKind = iota + 1 // ICD-10 医保版
	KindProcedure                     // ICD-9-CM-3 医保版
)

func (k CodeKind) String() string {
	if k == KindProcedure {
		return "procedure"
	}
	return "diagnosis"
}

func (k CodeKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// CodeHit is one search result.
type CodeHit struct {
	Kind CodeKind `json:"kind"`
	Code string   `json:"code"`
	Name string   `json:"name"`
}

// DefaultSearchLimit caps results when the caller passes no limit.
const DefaultSearchLimit = 20

// SearchCodes finds codes of kind (0 = both) whose code starts with query
// (case-insensitive) or, if none does, whose name contains it. At most
// limit hits are returned, in code order.
func (p *Pack) SearchCodes(kind CodeKind, query string, limit int) []CodeHit {
	query = strings.TrimSpace(query)
	if query == "" {
		return nil
	}
	if limit <= 0 {
		limit = DefaultSearchLimit
	}
	var hits []CodeHit
	kinds := []CodeKind{KindDiagnosis, KindProcedure}
	if kind != 0 {
		kinds = []CodeKind{kind}
	}
	prefix := strings.ToUpper(query)
	for _, k := range kinds {
		codes, names, sorted := p.dict(k)
		i := sort.Search(len(sorted), func(i int) bool { return strings.ToUpper(codes[sorted[i]]) >= prefix })
		for ; i < len(sorted) && len(hits) < limit; i++ {
			c := codes[sorted[i]]
			if !strings.HasPrefix(strings.ToUpper(c), prefix) {
				break
			}
			hits = append(hits, CodeHit{k, c, names[sorted[i]]})
		}
	}
	if len(hits) > 0 {
		return hits
	}
	for _, k := range kinds {
		codes, names, sorted := p.dict(k)
		for _, id := range sorted {
			if len(hits) >= limit {
				return hits
			}
			if strings.Contains(names[id], query) {
				hits = append(hits, CodeHit{k, codes[id], names[id]})
			}
		}
	}
	return hits
}

func (p *Pack) dict(k CodeKind) (codes, names []string, sorted []int32) {
	if k == KindProcedure {
		return p.pxCodes, p.pxNames, p.pxSorted
	}
	return p.dxCodes, p.dxNames, p.dxSorted
}

// DiagnosisName returns the name of a diagnosis code in the plan's dictionary.
func (p *Pack) DiagnosisName(code string) (string, bool) {
	s := p.dx.find(code)
	if s < 0 {
		return "", false
	}
	return p.dxNames[p.dx.id(s)], true
}

// ProcedureName returns the name of a procedure code.
func (p *Pack) ProcedureName(code string) (string, bool) {
	s := p.px.find(code)
	if s < 0 {
		return "", false
	}
	return p.pxNames[p.px.id(s)], true
}

// IsValidOperation reports whether a procedure is on the plan's list of
// valid operating-room procedures (SS_VALID).
func (p *Pack) IsValidOperation(code string) bool {
	s := p.px.find(code)
	return s >= 0 && p.validOps >= 0 && p.px.has(s, p.listBit[p.validOps])
}
