package synth

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"strconv"
	"strings"
	"sync"
)

// templatesGz holds the case templates (see derive_test.go and README.md):
// D/P lines give the diagnosis/procedure codes used with their names, T lines
// one template each: sex, age, age in days, birth weight, status (g grouped,
// u ungroupable), DRG, diagnoses and procedures.
//
//go:embed templates.txt.gz
var templatesGz []byte

type template struct {
	sex, age, ageDays, weight int
	grouped                   bool
	drg                       string
	mdc                       byte // MDC letter; 0 when ungroupable
	surgical                  bool // ADRG's second letter A–J: an operating-room DRG
	dx, px                    []int32

	// The flat layout's diagnoses and procedures cells, pre-rendered: the
	// admission conditions (one byte) and procedure dates (19 bytes) are
	// patched in at the offsets.
	dxCell     []byte
	dxCondAt   []int32
	pxCell     []byte
	pxDateAt   []int32
	surgPrefix string // the surgery fee line named after the principal procedure
}

type templateSet struct {
	dxCodes, dxNames []string
	pxCodes, pxNames []string
	tpls             []template
}

var loadTemplates = sync.OnceValues(func() (*templateSet, error) {
	zr, err := gzip.NewReader(bytes.NewReader(templatesGz))
	if err != nil {
		return nil, err
	}
	s := &templateSet{}
	dxIdx, pxIdx := map[string]int32{}, map[string]int32{}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		l := sc.Text()
		if l == "" || l[0] == '#' {
			continue
		}
		f := strings.Split(l, "\t")
		switch {
		case f[0] == "D" && len(f) == 3:
			dxIdx[f[1]] = int32(len(s.dxCodes))
			s.dxCodes, s.dxNames = append(s.dxCodes, f[1]), append(s.dxNames, f[2])
		case f[0] == "P" && len(f) == 3:
			pxIdx[f[1]] = int32(len(s.pxCodes))
			s.pxCodes, s.pxNames = append(s.pxCodes, f[1]), append(s.pxNames, f[2])
		case f[0] == "T" && len(f) == 9:
			var t template
			var e1, e2, e3, e4 error
			t.sex, e1 = strconv.Atoi(f[1])
			t.age, e2 = strconv.Atoi(f[2])
			t.ageDays, e3 = strconv.Atoi(f[3])
			t.weight, e4 = strconv.Atoi(f[4])
			if e1 != nil || e2 != nil || e3 != nil || e4 != nil {
				return nil, fmt.Errorf("synth: templates line %d: bad number", line)
			}
			t.grouped, t.drg = f[5] == "g", f[6]
			if t.grouped && len(t.drg) == 4 {
				t.mdc = t.drg[0]
				t.surgical = t.drg[1] >= 'A' && t.drg[1] <= 'J'
			}
			for _, c := range strings.Split(f[7], "|") {
				i, ok := dxIdx[c]
				if !ok {
					return nil, fmt.Errorf("synth: templates line %d: unknown diagnosis %s", line, c)
				}
				t.dx = append(t.dx, i)
			}
			if f[8] != "" {
				for _, c := range strings.Split(f[8], "|") {
					i, ok := pxIdx[c]
					if !ok {
						return nil, fmt.Errorf("synth: templates line %d: unknown procedure %s", line, c)
					}
					t.px = append(t.px, i)
				}
			}
			s.tpls = append(s.tpls, t)
		default:
			return nil, fmt.Errorf("synth: templates line %d: malformed", line)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	for i := range s.tpls {
		t := &s.tpls[i]
		for j, d := range t.dx {
			if j > 0 {
				t.dxCell = append(t.dxCell, '|')
			}
			t.dxCell = append(t.dxCell, s.dxCodes[d]...)
			t.dxCell = append(t.dxCell, '^')
			t.dxCondAt = append(t.dxCondAt, int32(len(t.dxCell)))
			t.dxCell = append(t.dxCell, '1', '^')
			t.dxCell = append(t.dxCell, s.dxNames[d]...)
		}
		for j, p := range t.px {
			if j > 0 {
				t.pxCell = append(t.pxCell, '|')
			}
			t.pxCell = append(t.pxCell, s.pxCodes[p]...)
			t.pxCell = append(t.pxCell, '^')
			t.pxDateAt = append(t.pxDateAt, int32(len(t.pxCell)))
			t.pxCell = append(t.pxCell, "0000-00-00 00:00:00^"...)
			t.pxCell = append(t.pxCell, s.pxNames[p]...)
		}
		if len(t.px) > 0 {
			t.surgPrefix = linePrefix(itemSurgery.code, s.pxNames[t.px[0]], &itemSurgery)
		}
	}
	if len(s.tpls) == 0 {
		return nil, fmt.Errorf("synth: no templates")
	}
	return s, nil
})
