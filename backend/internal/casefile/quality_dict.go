package casefile

import (
	"bytes"
	"compress/gzip"
	"embed"
	"fmt"
	"io"
	"strings"
	"sync"
)

// The 医保版 2.0 code dictionaries, copied from shared/data/drg (see
// dict/README.md for the sources and the licence note).
//
//go:embed dict/ZD_INFO.dat.gz dict/SS_INFO.dat.gz dict/ICD10_YB2.0_grey_codes.dat dict/ICD9CM3_YB2.0_grey_codes.dat
var dictFS embed.FS

// codeInfo is one dictionary entry. name points into the text the
// dictionary was loaded from; no string is built per entry.
type codeInfo struct {
	name string
	grey bool
}

// Dictionaries are the code lists quality control checks against: ICD-10
// 医保版 2.0 diagnoses and ICD-9-CM-3 医保版 2.0 procedures with their names,
// and the grey codes (灰码) of each. The sex- and age-restricted diagnoses
// and the sex-restricted procedures are a rule table in code
// (quality_tables.go), shared by every Dictionaries. A Dictionaries is
// immutable once built and safe for concurrent use.
type Dictionaries struct {
	dx map[string]codeInfo
	px map[string]codeInfo
}

var (
	defaultDictsOnce sync.Once
	defaultDicts     *Dictionaries
)

// DefaultDictionaries returns the embedded 医保版 2.0 dictionaries, loaded
// on first use (about 20 ms) and shared afterwards.
func DefaultDictionaries() *Dictionaries {
	defaultDictsOnce.Do(func() {
		d, err := loadEmbedded()
		if err != nil {
			// The files are part of the binary; failing to read them is
			// a build defect, not a runtime condition.
			panic("casefile: embedded dictionaries: " + err.Error())
		}
		defaultDicts = d
	})
	return defaultDicts
}

func loadEmbedded() (*Dictionaries, error) {
	open := func(name string) (io.Reader, error) {
		b, err := dictFS.ReadFile("dict/" + name)
		if err != nil {
			return nil, err
		}
		if strings.HasSuffix(name, ".gz") {
			return gzip.NewReader(bytes.NewReader(b))
		}
		return bytes.NewReader(b), nil
	}
	var rs [4]io.Reader
	for i, n := range []string{"ZD_INFO.dat.gz", "SS_INFO.dat.gz", "ICD10_YB2.0_grey_codes.dat", "ICD9CM3_YB2.0_grey_codes.dat"} {
		r, err := open(n)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", n, err)
		}
		rs[i] = r
	}
	return NewDictionaries(rs[0], rs[1], rs[2], rs[3])
}

// NewDictionaries builds dictionaries from text in the shared/data/drg
// layout: dx and px hold "code name" lines (one space; the name may be
// absent), greyDx and greyPx one code a line. Blank lines are skipped; a
// grey code missing from its main list is added to it (it is still a
// 医保版 code, only not one to settle with). greyDx and greyPx may be nil.
func NewDictionaries(dx, px, greyDx, greyPx io.Reader) (*Dictionaries, error) {
	d := &Dictionaries{}
	var err error
	if d.dx, err = readCodeNames(dx, "diagnoses"); err != nil {
		return nil, err
	}
	if d.px, err = readCodeNames(px, "procedures"); err != nil {
		return nil, err
	}
	if err = markGrey(d.dx, greyDx, "grey diagnoses"); err != nil {
		return nil, err
	}
	if err = markGrey(d.px, greyPx, "grey procedures"); err != nil {
		return nil, err
	}
	return d, nil
}

func readAllString(r io.Reader, what string) (string, error) {
	if r == nil {
		return "", nil
	}
	b, err := io.ReadAll(r)
	if err != nil {
		return "", fmt.Errorf("casefile: reading %s: %w", what, err)
	}
	return string(b), nil
}

// eachLine calls f with every non-blank line of s, trimmed, and its
// 1-based number.
func eachLine(s string, f func(n int, line string) error) error {
	for n := 1; s != ""; n++ {
		line := s
		if k := strings.IndexByte(s, '\n'); k >= 0 {
			line, s = s[:k], s[k+1:]
		} else {
			s = ""
		}
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if err := f(n, line); err != nil {
			return err
		}
	}
	return nil
}

func readCodeNames(r io.Reader, what string) (map[string]codeInfo, error) {
	s, err := readAllString(r, what)
	if err != nil {
		return nil, err
	}
	m := make(map[string]codeInfo, strings.Count(s, "\n")+1)
	err = eachLine(s, func(n int, line string) error {
		code, name, _ := strings.Cut(line, " ")
		if len(code) > maxCodeLen {
			return fmt.Errorf("casefile: %s line %d: code %q is longer than %d characters", what, n, code, maxCodeLen)
		}
		m[code] = codeInfo{name: strings.TrimSpace(name)}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(m) == 0 {
		return nil, fmt.Errorf("casefile: %s: no codes", what)
	}
	return m, nil
}

func markGrey(m map[string]codeInfo, r io.Reader, what string) error {
	s, err := readAllString(r, what)
	if err != nil {
		return err
	}
	return eachLine(s, func(n int, line string) error {
		if strings.ContainsAny(line, " \t") {
			return fmt.Errorf("casefile: %s line %d: want one code a line", what, n)
		}
		e := m[line]
		e.grey = true
		m[line] = e
		return nil
	})
}

// Diagnosis reports whether code is an ICD-10 医保版 diagnosis, with its name.
func (d *Dictionaries) Diagnosis(code string) (name string, ok bool) {
	e, ok := d.dx[code]
	return e.name, ok
}

// Procedure reports whether code is an ICD-9-CM-3 医保版 procedure, with its
// name.
func (d *Dictionaries) Procedure(code string) (name string, ok bool) {
	e, ok := d.px[code]
	return e.name, ok
}

// GreyDiagnosis reports whether code is a diagnosis 灰码.
func (d *Dictionaries) GreyDiagnosis(code string) bool { return d.dx[code].grey }

// GreyProcedure reports whether code is a procedure 灰码.
func (d *Dictionaries) GreyProcedure(code string) bool { return d.px[code].grey }

// Sizes returns the number of diagnosis and procedure codes.
func (d *Dictionaries) Sizes() (diagnoses, procedures int) { return len(d.dx), len(d.px) }
