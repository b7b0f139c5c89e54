package grouper

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// The files of a plan directory (the layout of the NHSA text as published by
// OpenDRG/DRG_Rules), besides the manifest.
const (
	FileMDC        = "1_MDC.txt"
	FileADRG       = "2_ADRG.txt"
	FileDRG        = "3_DRG.txt"
	FileADRGDetail = "4_ADRG_DETAIL.txt"
	FileMCC        = "5_MCC.txt"
	FileCC         = "6_CC.txt"
	FileCCE        = "7_CCE.txt"
	DirMDC         = "MDC"
)

// CompileOptions override the manifest's identity fields (teyi plan import
// --id --name --valid-from --valid-to).
type CompileOptions struct {
	ID, Name, ValidFrom, ValidTo string
}

// Compile reads a plan directory and returns its pack. It reports every
// problem it finds, located by file and line; if any is an error, the pack
// is nil and the error is a *PlanError (errors.Is(err, ErrPlanInvalid)).
// Warnings are returned with a successful pack too.
func Compile(fsys fs.FS, opt CompileOptions) (*Pack, []Problem, error) {
	b := newBuilder(fsys)
	b.run(opt)
	if b.hasErrors() {
		return nil, b.probs, &PlanError{Problems: b.probs}
	}
	p := b.p
	if err := p.index(); err != nil {
		b.errorf("", 0, "internal: %v", err)
		return nil, b.probs, &PlanError{Problems: b.probs}
	}
	if err := p.seal(); err != nil {
		return nil, b.probs, err
	}
	return p, b.probs, nil
}

// seal computes the digest from the serialised form, so that a pack and its
// bytes name the same content.
func (p *Pack) seal() error {
	p.info.Digest = ""
	body, err := p.marshalBody()
	if err != nil {
		return err
	}
	sum := sha256.Sum256(body)
	p.info.Digest = hex.EncodeToString(sum[:])
	return nil
}

type listKey struct{ owner, role string }

type location struct {
	file string
	line int
}

func (l location) String() string { return l.file + ":" + strconv.Itoa(l.line) }

// clauses is what 4_ADRG_DETAIL.txt says about one ADRG.
type clauses struct {
	loc     location
	atoms   []string   // conditions implied by the clause headers, in order
	alts    [][]string // explicit alternatives (包含以下主要诊断+手术表 1+…)
	target  int32      // list receiving codes; -1: none
	lastPxN int
}

type builder struct {
	fsys  fs.FS
	probs []Problem
	man   manifest
	p     *Pack

	dxID, pxID      map[string]int32
	dxDict, pxDict  bool // a dictionary was loaded: unknown codes are reported
	dxInDict        []bool
	pxInDict        []bool
	reported        map[string]bool
	listID          map[listKey]int32
	listLoc         []location
	mdcIdx, adrgIdx map[string]int32
	drgIdx          map[string]int32
	mdcLoc, adrgLoc []location
	drgLoc          []location
	mdcFileOrder    []int32
	siteRange       map[string][2]int32
	detail          map[int32]*clauses
	tables          map[string]int32    // "7-12" → list id
	tableRefs       map[string]location // first reference of a table
	mccTab, ccTab   map[int32]string    // dx id → table id ("" = 无)
	mccLoc, ccLoc   map[int32]location
	usedLists       map[int32]bool
}

func newBuilder(fsys fs.FS) *builder {
	return &builder{
		fsys:      fsys,
		p:         &Pack{validOps: -1, excludePdx: -1, excludePpx: -1},
		dxID:      map[string]int32{},
		pxID:      map[string]int32{},
		reported:  map[string]bool{},
		listID:    map[listKey]int32{},
		mdcIdx:    map[string]int32{},
		adrgIdx:   map[string]int32{},
		drgIdx:    map[string]int32{},
		siteRange: map[string][2]int32{},
		detail:    map[int32]*clauses{},
		tables:    map[string]int32{},
		tableRefs: map[string]location{},
		mccTab:    map[int32]string{},
		ccTab:     map[int32]string{},
		mccLoc:    map[int32]location{},
		ccLoc:     map[int32]location{},
		usedLists: map[int32]bool{},
	}
}

func (b *builder) errorf(file string, line int, format string, a ...any) {
	b.probs = append(b.probs, Problem{File: file, Line: line, Level: LevelError, Message: fmt.Sprintf(format, a...)})
}

func (b *builder) warnf(file string, line int, format string, a ...any) {
	b.probs = append(b.probs, Problem{File: file, Line: line, Level: LevelWarning, Message: fmt.Sprintf(format, a...)})
}

func (b *builder) hasErrors() bool {
	for _, p := range b.probs {
		if p.Level == LevelError {
			return true
		}
	}
	return false
}

func (b *builder) run(opt CompileOptions) {
	b.readManifest()
	b.identity(opt)
	b.readDictionary("dx-names", listDx)
	b.readDictionary("px-names", listPx)
	if !b.readGroups() {
		return // without the group lists nothing else can be checked
	}
	b.readMDCTables()
	b.readDetail()
	b.readComorbidity(FileMCC, b.mccTab, b.mccLoc)
	b.readComorbidity(FileCC, b.ccTab, b.ccLoc)
	b.readExclusionTables()
	b.resolveComorbidity()
	b.readPlanList("valid-ops", listPx, "valid", "valid operating-room procedures", &b.p.validOps)
	b.readPlanList("exclude-pdx", listDx, "exclude", "principal diagnoses not used for grouping", &b.p.excludePdx)
	b.readPlanList("exclude-ppx", listPx, "exclude", "principal procedures not used for grouping", &b.p.excludePpx)
	b.readMap("dx-map", listDx, &b.p.dxMap)
	b.readMap("px-map", listPx, &b.p.pxMap)
	b.applyAdds()
	b.buildMDCRules()
	b.buildADRGRules()
	b.buildDRGRules()
	b.buildOrder()
	b.finishLists()
	b.finalChecks()
}

// ---- identity -------------------------------------------------------------

func (b *builder) identity(opt CompileOptions) {
	info := &b.p.info
	pick := func(flag string, d directive) (string, int) {
		if flag != "" {
			return flag, 0
		}
		return d.text, d.line
	}
	var line int
	info.ID, line = pick(opt.ID, b.man.id)
	if info.ID == "" {
		b.errorf(ManifestFile, 0, "the plan has no id: add \"id …\" to %s or pass one", ManifestFile)
	} else if !validPlanID(info.ID) {
		b.errorf(ManifestFile, line, "plan id %q: use letters, digits, '.', '-' and '_' only", info.ID)
	}
	info.Name, _ = pick(opt.Name, b.man.name)
	if info.Name == "" {
		info.Name = info.ID
	}
	info.ValidFrom, line = pick(opt.ValidFrom, b.man.validFrom)
	if _, err := parseDate(info.ValidFrom); err != nil {
		b.errorf(ManifestFile, line, "valid-from %q is not a date (YYYY-MM-DD)", info.ValidFrom)
	}
	info.ValidTo, line = pick(opt.ValidTo, b.man.validTo)
	if _, err := parseDate(info.ValidTo); err != nil {
		b.errorf(ManifestFile, line, "valid-to %q is not a date (YYYY-MM-DD)", info.ValidTo)
	}
	if info.ValidFrom != "" && info.ValidTo != "" && info.ValidTo <= info.ValidFrom {
		b.errorf(ManifestFile, b.man.validTo.line, "valid-to %s is not after valid-from %s", info.ValidTo, info.ValidFrom)
	}
	info.QY = b.man.qy.text == "on"
	info.Translate = b.man.translate.text == "on"
}

var planIDPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

func validPlanID(id string) bool { return planIDPattern.MatchString(id) }

// ---- codes and lists --------------------------------------------------------

func (b *builder) code(kind listKind, code, name string) int32 {
	ids, codes, names := b.dxID, &b.p.dxCodes, &b.p.dxNames
	if kind == listPx {
		ids, codes, names = b.pxID, &b.p.pxCodes, &b.p.pxNames
	}
	if id, ok := ids[code]; ok {
		if (*names)[id] == "" && name != "" {
			(*names)[id] = name
		}
		return id
	}
	id := int32(len(*codes))
	ids[code] = id
	*codes = append(*codes, code)
	*names = append(*names, name)
	if kind == listDx {
		b.dxInDict = append(b.dxInDict, false)
	} else {
		b.pxInDict = append(b.pxInDict, false)
	}
	return id
}

func (b *builder) list(kind listKind, owner, role, label string, loc location) int32 {
	k := listKey{owner, role}
	if id, ok := b.listID[k]; ok {
		return id
	}
	id := int32(len(b.p.lists))
	b.p.lists = append(b.p.lists, codeList{kind: kind, owner: owner, role: role, label: label})
	b.listLoc = append(b.listLoc, loc)
	b.listID[k] = id
	return id
}

// addEntry puts a coded entry of the text into a list, checking its kind and
// reporting codes the dictionary does not know.
func (b *builder) addEntry(list int32, e codedEntry, file string) {
	l := &b.p.lists[list]
	switch {
	case e.shape == badShape:
		b.errorf(file, e.line, "malformed code %q", e.code)
		return
	case l.kind == listDx && e.shape != dxShape:
		b.errorf(file, e.line, "%q is not a diagnosis code, but the list %s holds diagnoses", e.code, b.listName(list))
		return
	case l.kind == listPx && e.shape != pxShape:
		b.errorf(file, e.line, "%q is not a procedure code, but the list %s holds procedures", e.code, b.listName(list))
		return
	}
	id := b.code(l.kind, e.code, e.name)
	b.checkKnown(l.kind, id, e.code, file, e.line)
	l.codes = append(l.codes, id)
}

func (b *builder) checkKnown(kind listKind, id int32, code, file string, line int) {
	dict, in := b.dxDict, b.dxInDict
	if kind == listPx {
		dict, in = b.pxDict, b.pxInDict
	}
	if !dict || in[id] || b.reported[code] {
		return
	}
	b.reported[code] = true
	b.warnf(file, line, "unknown code %s: not in the plan's code dictionary", code)
}

func (b *builder) listName(id int32) string {
	l := &b.p.lists[id]
	if l.owner == "" {
		return l.role
	}
	return l.owner + "." + l.role
}

// ---- dictionaries and plan-wide lists ---------------------------------------

func (b *builder) manifestFile(key string) (directive, *textFile, bool) {
	d, ok := b.man.files[key]
	if !ok {
		return d, nil, false
	}
	tf, err := readTextFile(b.fsys, d.text)
	if err != nil {
		b.errorf(ManifestFile, d.line, "missing table %s (%s): %v", d.text, key, unwrapPathErr(err))
		return d, nil, false
	}
	return d, tf, true
}

func unwrapPathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func (b *builder) readDictionary(key string, kind listKind) {
	_, tf, ok := b.manifestFile(key)
	if !ok {
		return
	}
	for i, line := range tf.lines {
		code, name, _ := strings.Cut(strings.TrimSpace(line), " ")
		if code == "" || isComment(line) {
			continue
		}
		id := b.code(kind, code, strings.TrimSpace(name))
		if kind == listDx {
			if b.dxInDict[id] {
				b.warnf(tf.name, i+1, "duplicate code %s", code)
			}
			b.dxInDict[id] = true
		} else {
			if b.pxInDict[id] {
				b.warnf(tf.name, i+1, "duplicate code %s", code)
			}
			b.pxInDict[id] = true
		}
	}
	if kind == listDx {
		b.dxDict = true
	} else {
		b.pxDict = true
	}
}

// readPlanList reads a "code name" file into a plan-wide list.
func (b *builder) readPlanList(key string, kind listKind, role, label string, dst *int32) {
	d, tf, ok := b.manifestFile(key)
	if !ok {
		return
	}
	id := b.list(kind, "", role+":"+key, label, location{ManifestFile, d.line})
	*dst = id
	b.usedLists[id] = true
	var buf []codedEntry
	for i, line := range tf.lines {
		if isComment(line) || strings.TrimSpace(line) == "" {
			continue
		}
		_, es := lineEntries(line, i+1, buf[:0])
		if len(es) == 0 {
			b.errorf(tf.name, i+1, "expected a code at the start of the line")
			continue
		}
		b.addEntry(id, es[0], tf.name)
	}
}

func (b *builder) readMap(key string, kind listKind, dst *[]codeMapping) {
	_, tf, ok := b.manifestFile(key)
	if !ok {
		return
	}
	seen := map[string]int{}
	for i, line := range tf.lines {
		f := strings.Fields(line)
		if len(f) == 0 || isComment(line) {
			continue
		}
		if len(f) < 2 {
			b.errorf(tf.name, i+1, "expected \"input-code plan-code\"")
			continue
		}
		if prev, dup := seen[f[0]]; dup {
			b.errorf(tf.name, i+1, "duplicate mapping for %s (first at line %d)", f[0], prev)
			continue
		}
		seen[f[0]] = i + 1
		to := b.code(kind, f[1], "")
		b.checkKnown(kind, to, f[1], tf.name, i+1)
		*dst = append(*dst, codeMapping{from: f[0], to: to})
	}
}

// ---- 1_MDC, 2_ADRG, 3_DRG -----------------------------------------------------

var (
	mdcCodePattern  = regexp.MustCompile(`^MDC[A-Z]$`)
	adrgCodePattern = regexp.MustCompile(`^[A-Z]{2}[0-9]$`)
	drgCodePattern  = regexp.MustCompile(`^[A-Z]{2}[0-9]{2}$`)
)

func (b *builder) readGroups() bool {
	ok := true
	read := func(file string, pat *regexp.Regexp, add func(code, name string, loc location) bool) {
		tf, err := readTextFile(b.fsys, file)
		if err != nil {
			b.errorf(file, 0, "missing table: %v", unwrapPathErr(err))
			ok = false
			return
		}
		for i, line := range tf.lines {
			if strings.TrimSpace(line) == "" || isComment(line) {
				continue
			}
			code, name, _ := strings.Cut(strings.TrimSpace(line), " ")
			name = cleanName(strings.TrimSpace(strings.ReplaceAll(name, "\t", " ")))
			if !pat.MatchString(code) {
				b.errorf(file, i+1, "malformed code %q", code)
				continue
			}
			if !add(code, name, location{file, i + 1}) {
				continue
			}
		}
	}
	read(FileMDC, mdcCodePattern, func(code, name string, loc location) bool {
		if _, dup := b.mdcIdx[code]; dup {
			b.errorf(loc.file, loc.line, "duplicate MDC %s", code)
			return false
		}
		b.mdcIdx[code] = int32(len(b.p.mdcs))
		b.p.mdcs = append(b.p.mdcs, mdcDef{code: code, name: name, qyAt: -1, source: loc.String()})
		b.mdcLoc = append(b.mdcLoc, loc)
		b.mdcFileOrder = append(b.mdcFileOrder, int32(len(b.p.mdcs)-1))
		return true
	})
	read(FileADRG, adrgCodePattern, func(code, name string, loc location) bool {
		if _, dup := b.adrgIdx[code]; dup {
			b.errorf(loc.file, loc.line, "duplicate ADRG %s", code)
			return false
		}
		mdc, known := b.mdcIdx["MDC"+code[:1]]
		if !known {
			b.errorf(loc.file, loc.line, "ADRG %s: unknown MDC MDC%s (not in %s)", code, code[:1], FileMDC)
			return false
		}
		b.adrgIdx[code] = int32(len(b.p.adrgs))
		b.p.adrgs = append(b.p.adrgs, adrgDef{code: code, name: name, mdc: mdc, source: loc.String()})
		b.adrgLoc = append(b.adrgLoc, loc)
		return true
	})
	read(FileDRG, drgCodePattern, func(code, name string, loc location) bool {
		if _, dup := b.drgIdx[code]; dup {
			b.errorf(loc.file, loc.line, "duplicate DRG %s", code)
			return false
		}
		adrg, known := b.adrgIdx[code[:3]]
		if !known {
			b.errorf(loc.file, loc.line, "DRG %s: unknown ADRG %s (not in %s)", code, code[:3], FileADRG)
			return false
		}
		b.drgIdx[code] = int32(len(b.p.drgs))
		b.p.drgs = append(b.p.drgs, drgDef{code: code, name: name, adrg: adrg, source: loc.String()})
		b.drgLoc = append(b.drgLoc, loc)
		return true
	})
	return ok
}

// ---- MDC/*.dat: the 主诊表 ----------------------------------------------------

func (b *builder) readMDCTables() {
	for _, m := range b.p.mdcs {
		file := DirMDC + "/" + m.code + ".dat"
		tf, err := readTextFile(b.fsys, file)
		if err != nil {
			continue // reported when a rule needs the table
		}
		pdx := b.list(listDx, m.code, "pdx", m.code+" 主诊表", location{file, 1})
		site := int32(-1)
		var buf []codedEntry
		for i, line := range tf.lines {
			if isComment(line) {
				continue
			}
			head, es := lineEntries(line, i+1, buf[:0])
			if len(es) == 0 {
				h := normHeader(head)
				switch {
				case h == "":
				case h == "包含以下主要诊断":
				default:
					// A heading inside a 主诊表 starts a body-site table (MDCZ).
					site = b.list(listDx, m.code, "site:"+h, h, location{file, i + 1})
					r, ok := b.siteRange[m.code]
					if !ok {
						r = [2]int32{site, 0}
					}
					if r[0]+r[1] != site {
						b.errorf(file, i+1, "site table %s of %s is not contiguous", h, m.code)
					}
					r[1]++
					b.siteRange[m.code] = r
				}
				continue
			}
			for _, e := range es {
				b.addEntry(pdx, e, file)
				if site >= 0 && e.shape == dxShape {
					b.addEntry(site, e, file)
				}
			}
		}
	}
}

// normHeader removes spaces and the trailing colon of a clause heading.
func normHeader(s string) string {
	s = strings.Join(strings.Fields(s), "")
	s = strings.TrimRight(s, "：:")
	return s
}

// ---- 4_ADRG_DETAIL: the ADRG clauses -------------------------------------------

var tableHeading = regexp.MustCompile(`^手术(?:表)?([1-9])$`)

func (b *builder) readDetail() {
	file := FileADRGDetail
	tf, err := readTextFile(b.fsys, file)
	if err != nil {
		b.errorf(file, 0, "missing table: %v", unwrapPathErr(err))
		return
	}
	var cur *clauses
	var curADRG int32 = -1
	curMDC := ""
	skip := false // inside an MDC 主诊表 section, which MDC/*.dat carries
	var buf []codedEntry
	for i, line := range tf.lines {
		n := i + 1
		if strings.TrimSpace(line) == "" || isComment(line) {
			continue
		}
		first, rest, _ := strings.Cut(strings.TrimSpace(line), " ")
		switch {
		case mdcCodePattern.MatchString(first):
			if _, ok := b.mdcIdx[first]; !ok {
				b.errorf(file, n, "unknown MDC %s (not in %s)", first, FileMDC)
			}
			curMDC, cur, curADRG = first, nil, -1
			skip = normHeader(rest) == "主诊表"
			continue
		case adrgCodePattern.MatchString(first):
			a, ok := b.adrgIdx[first]
			if !ok {
				b.errorf(file, n, "unknown ADRG %s (not in %s)", first, FileADRG)
				cur, curADRG, skip = nil, -1, true
				continue
			}
			if _, dup := b.detail[a]; dup {
				b.errorf(file, n, "duplicate ADRG %s (first at line %d)", first, b.detail[a].loc.line)
				cur, curADRG, skip = nil, -1, true
				continue
			}
			if curMDC != "" && curMDC != "MDC"+first[:1] {
				b.errorf(file, n, "ADRG %s is listed under %s", first, curMDC)
			}
			cur = &clauses{loc: location{file, n}, target: -1}
			curADRG, skip = a, false
			b.detail[a] = cur
			b.p.adrgs[a].source = cur.loc.String()
			continue
		}
		if skip {
			continue
		}
		head, es := lineEntries(line, n, buf[:0])
		if cur == nil {
			if len(es) > 0 || head != "" {
				b.errorf(file, n, "text outside any ADRG section")
			}
			continue
		}
		if len(es) == 0 {
			b.clause(cur, b.p.adrgs[curADRG].code, normHeader(head), file, n)
			continue
		}
		if cur.target < 0 {
			b.errorf(file, n, "codes before any clause heading of %s", b.p.adrgs[curADRG].code)
			continue
		}
		for _, e := range es {
			b.addEntry(cur.target, e, file)
		}
	}
}

// clause interprets one heading of an ADRG section.
func (b *builder) clause(c *clauses, adrg, h, file string, n int) {
	loc := location{file, n}
	target := func(kind listKind, role, label string) int32 {
		return b.list(kind, adrg, role, adrg+" "+label, loc)
	}
	implied := func(atom string) {
		if !slices.Contains(c.atoms, atom) {
			c.atoms = append(c.atoms, atom)
		}
	}
	if m := tableHeading.FindStringSubmatch(h); m != nil {
		k, _ := strconv.Atoi(m[1])
		c.target, c.lastPxN = target(listPx, "px"+m[1], h), k
		return
	}
	switch {
	case h == "":
	case h == "包含以下主要诊断":
		c.target = target(listDx, "pdx", "主要诊断")
		implied("pdx")
	case h == "主要诊断":
		c.target = target(listDx, "pdx", "主要诊断")
	case h == "包含以下主要手术或操作":
		c.target = target(listPx, "ppx", "主要手术或操作")
		implied("ppx")
	case h == "同时包含以下手术":
		c.lastPxN = 1
		c.target = target(listPx, "px1", "手术表 1")
		implied("px1")
	case h == "和":
		c.lastPxN++
		role := "px" + strconv.Itoa(c.lastPxN)
		c.target = target(listPx, role, "手术表 "+strconv.Itoa(c.lastPxN))
		implied(role)
	case h == "主要诊断或其他诊断中包含以下诊断" || h == "包含以下诊断":
		c.target = target(listDx, "anydx", "诊断")
		implied("anydx")
	case h == "全部手术" || h == "包含全部手术":
		c.target = -1
		implied("ppx-valid")
	case strings.HasSuffix(h, "无手术"):
		c.target = -1
		implied("!anypx-valid")
	case strings.Contains(h, "+"):
		alt, ok := combination(h)
		if !ok {
			b.errorf(file, n, "%s: unrecognised clause %q", adrg, h)
			return
		}
		c.alts = append(c.alts, alt)
	default:
		b.errorf(file, n, "%s: unrecognised clause %q", adrg, h)
	}
}

// combination reads "[或]包含以下主要诊断+手术表 1+手术表 2" into atoms.
func combination(h string) ([]string, bool) {
	h = strings.TrimPrefix(h, "或")
	var out []string
	for _, term := range strings.Split(h, "+") {
		switch {
		case term == "包含以下主要诊断" || term == "主要诊断":
			out = append(out, "pdx")
		case term == "包含以下主要手术或操作" || term == "主要手术或操作":
			out = append(out, "ppx")
		default:
			m := tableHeading.FindStringSubmatch(term)
			if m == nil {
				return nil, false
			}
			out = append(out, "px"+m[1])
		}
	}
	return out, len(out) > 0
}

// ---- 5_MCC, 6_CC, 7_CCE: comorbidities and their exclusion tables ------------

var tableIDPattern = regexp.MustCompile(`^[0-9]+-[0-9]+$`)

// tableMarker recognises "表 7-12" (two tokens) and "表7-12" at tokens[i];
// it returns the table id and the number of tokens used.
func tableMarker(toks []token, i int) (string, int) {
	t := toks[i].text
	if t == "表" && i+1 < len(toks) && tableIDPattern.MatchString(toks[i+1].text) {
		return toks[i+1].text, 2
	}
	if id, ok := strings.CutPrefix(t, "表"); ok && tableIDPattern.MatchString(id) {
		return id, 1
	}
	return "", 0
}

// readComorbidity reads "code name 表 7-N" records (排除内容 "无" = no table).
func (b *builder) readComorbidity(file string, dst map[int32]string, locs map[int32]location) {
	tf, err := readTextFile(b.fsys, file)
	if err != nil {
		b.errorf(file, 0, "missing table: %v", unwrapPathErr(err))
		return
	}
	var pending *token
	var pendingID int32
	var name []string
	assign := func(table string, at token) {
		if pending == nil {
			b.errorf(file, at.line, "exclusion table %q without a code", table)
			return
		}
		if len(name) > 0 && b.p.dxNames[pendingID] == "" {
			b.p.dxNames[pendingID] = cleanName(strings.Join(name, " "))
		}
		if prev, dup := dst[pendingID]; dup {
			if prev != table {
				b.errorf(file, pending.line, "duplicate %s with a different exclusion table (%s at line %d, now %s)", pending.text, tableLabel(prev), locs[pendingID].line, tableLabel(table))
			} else if !b.reported["dup:"+file+pending.text] {
				b.reported["dup:"+file+pending.text] = true
				b.warnf(file, pending.line, "duplicate %s (first at line %d)", pending.text, locs[pendingID].line)
			}
		} else {
			dst[pendingID] = table
			locs[pendingID] = location{file, pending.line}
		}
		if table != "" {
			if _, seen := b.tableRefs[table]; !seen {
				b.tableRefs[table] = location{file, pending.line}
			}
		}
		pending, name = nil, name[:0]
	}
	var toks []token
	for i, line := range tf.lines {
		if isComment(line) {
			continue
		}
		toks = lineTokens(line, i+1, toks[:0])
		for k := 0; k < len(toks); k++ {
			t := toks[k]
			switch shapeOf(t.text) {
			case dxShape:
				if pending != nil {
					b.errorf(file, pending.line, "%s has no exclusion table (表 N-N or 无) before the next code", pending.text)
				}
				tt := t
				pending, name = &tt, name[:0]
				pendingID = b.code(listDx, t.text, "")
				b.checkKnown(listDx, pendingID, t.text, file, t.line)
				continue
			case pxShape:
				b.errorf(file, t.line, "%q is a procedure code; %s lists diagnoses", t.text, file)
				continue
			case badShape:
				b.errorf(file, t.line, "malformed code %q", t.text)
				continue
			}
			if id, used := tableMarker(toks, k); used > 0 {
				assign(id, t)
				k += used - 1
				continue
			}
			if t.text == "无" && pending != nil && (k+1 == len(toks) || shapeOf(toks[k+1].text) != notCode) {
				assign("", t)
				continue
			}
			if pending != nil {
				name = append(name, t.text)
			}
		}
	}
	if pending != nil {
		b.errorf(file, pending.line, "%s has no exclusion table (表 N-N or 无)", pending.text)
	}
}

func tableLabel(id string) string {
	if id == "" {
		return "无"
	}
	return "表 " + id
}

func (b *builder) readExclusionTables() {
	file := FileCCE
	tf, err := readTextFile(b.fsys, file)
	if err != nil {
		b.errorf(file, 0, "missing table: %v", unwrapPathErr(err))
		return
	}
	cur := int32(-1)
	var curEntry int32 = -1
	var name []string
	flushName := func() {
		if curEntry >= 0 && len(name) > 0 && b.p.dxNames[curEntry] == "" {
			b.p.dxNames[curEntry] = cleanName(strings.Join(name, " "))
		}
		curEntry, name = -1, name[:0]
	}
	var toks []token
	for i, line := range tf.lines {
		if isComment(line) {
			continue
		}
		toks = lineTokens(line, i+1, toks[:0])
		for k := 0; k < len(toks); k++ {
			t := toks[k]
			if id, used := tableMarker(toks, k); used > 0 {
				flushName()
				k += used - 1
				if prev, dup := b.tables[id]; dup {
					b.errorf(file, t.line, "duplicate exclusion table 表 %s (first at line %d)", id, b.listLoc[prev].line)
					cur = -1
					continue
				}
				cur = b.list(listDx, "", "cce:"+id, tableLabel(id), location{file, t.line})
				b.tables[id] = cur
				b.usedLists[cur] = true
				continue
			}
			switch shapeOf(t.text) {
			case notCode:
				if curEntry >= 0 {
					name = append(name, t.text)
				}
				continue
			case badShape:
				b.errorf(file, t.line, "malformed code %q", t.text)
				continue
			}
			flushName()
			if cur < 0 {
				b.errorf(file, t.line, "code %s before any table heading (表 N-N)", t.text)
				continue
			}
			b.addEntry(cur, codedEntry{code: t.text, shape: shapeOf(t.text), line: t.line}, file)
			curEntry = b.p.lists[cur].codes[len(b.p.lists[cur].codes)-1]
		}
	}
	flushName()
}

// resolveComorbidity turns table ids into lists, reporting a reference to a
// table 7_CCE.txt does not define.
func (b *builder) resolveComorbidity() {
	refs := make([]string, 0, len(b.tableRefs))
	for id := range b.tableRefs {
		refs = append(refs, id)
	}
	sort.Strings(refs)
	for _, id := range refs {
		if _, ok := b.tables[id]; !ok {
			loc := b.tableRefs[id]
			b.errorf(loc.file, loc.line, "missing table 表 %s: not defined in %s", id, FileCCE)
		}
	}
}

// ---- manifest: errata and rules ----------------------------------------------------

// owner implements listOwner for conditions of one MDC or ADRG.
type owner struct {
	b    *builder
	code string
}

func (o owner) list(role string) (int32, error) {
	id, ok := o.b.listID[listKey{o.code, role}]
	if !ok {
		return -1, fmt.Errorf("%s has no %s list", o.code, role)
	}
	o.b.usedLists[id] = true
	return id, nil
}

func (o owner) sites() (int32, int32, error) {
	r, ok := o.b.siteRange[o.code]
	if !ok {
		return -1, 0, fmt.Errorf("%s has no body-site tables", o.code)
	}
	for k := r[0]; k < r[0]+r[1]; k++ {
		o.b.usedLists[k] = true
	}
	return r[0], r[1], nil
}

func (o owner) validOps() (int32, error) {
	if o.b.p.validOps < 0 {
		return -1, errors.New("the plan has no valid-ops list")
	}
	return o.b.p.validOps, nil
}

func (b *builder) applyAdds() {
	for _, d := range b.man.adds {
		own, role, codes := d.args[0], d.args[1], d.args[2:]
		var kind listKind
		switch {
		case role == "pdx" || role == "anydx":
			kind = listDx
		case role == "ppx" || isTableName(role):
			kind = listPx
		default:
			b.errorf(ManifestFile, d.line, "add: unknown list %q (pdx, anydx, ppx, px1…px9)", role)
			continue
		}
		_, isMDC := b.mdcIdx[own]
		_, isADRG := b.adrgIdx[own]
		if !isMDC && !isADRG {
			b.errorf(ManifestFile, d.line, "add: unknown MDC or ADRG %s", own)
			continue
		}
		if isMDC && role != "pdx" {
			b.errorf(ManifestFile, d.line, "add: an MDC has only a pdx list")
			continue
		}
		id := b.list(kind, own, role, own+" "+role, location{ManifestFile, d.line})
		for _, c := range codes {
			b.addEntry(id, codedEntry{code: c, shape: shapeOf(c), line: d.line}, ManifestFile)
		}
	}
}

func (b *builder) parseRule(text, own string, loc location) (expr, bool) {
	e, err := parseExpr(text, owner{b, own})
	if err != nil {
		b.errorf(loc.file, loc.line, "%s: %v", own, err)
		return expr{}, false
	}
	for _, alt := range e.alts {
		for _, a := range alt.atoms {
			switch a.kind {
			case atomPdx, atomAnyDx, atomPpx, atomAnyPx:
				if len(b.p.lists[a.list].codes) == 0 {
					b.errorf(loc.file, loc.line, "%s: condition %q uses the empty list %s", own, alt.text, b.listName(a.list))
				}
			}
		}
	}
	return e, true
}

func (b *builder) buildMDCRules() {
	entries := map[string]directive{}
	for _, d := range b.man.mdcEntry {
		if _, ok := b.mdcIdx[d.args[0]]; !ok {
			b.errorf(ManifestFile, d.line, "mdc: unknown MDC %s", d.args[0])
			continue
		}
		if prev, dup := entries[d.args[0]]; dup {
			b.errorf(ManifestFile, d.line, "duplicate entry rule for %s (first at line %d)", d.args[0], prev.line)
			continue
		}
		entries[d.args[0]] = d
	}
	for i := range b.p.mdcs {
		m := &b.p.mdcs[i]
		text, loc := "pdx", b.mdcLoc[i]
		if id, ok := b.listID[listKey{m.code, "pdx"}]; ok {
			m.source = b.listLoc[id].String() // the default rule is the 主诊表 itself
		}
		if d, ok := entries[m.code]; ok {
			text, loc = d.text, location{ManifestFile, d.line}
			m.source = loc.String()
		}
		if strings.Contains(" "+text+" ", " pdx ") || strings.Contains(text, "sites") {
			if _, ok := b.listID[listKey{m.code, "pdx"}]; !ok {
				b.errorf(DirMDC+"/"+m.code+".dat", 0, "missing table: %s is entered by its 主诊表 but %s/%s.dat does not exist", m.code, DirMDC, m.code)
				continue
			}
		}
		if e, ok := b.parseRule(text, m.code, loc); ok {
			m.entry = e
		}
	}
}

func (b *builder) buildADRGRules() {
	and := map[int32][]directive{}
	rule := map[int32]directive{}
	for _, d := range b.man.adrgAnd {
		a, ok := b.adrgIdx[d.args[0]]
		if !ok {
			b.errorf(ManifestFile, d.line, "adrg: unknown ADRG %s", d.args[0])
			continue
		}
		and[a] = append(and[a], d)
	}
	for _, d := range b.man.adrgRule {
		a, ok := b.adrgIdx[d.args[0]]
		if !ok {
			b.errorf(ManifestFile, d.line, "adrg: unknown ADRG %s", d.args[0])
			continue
		}
		if prev, dup := rule[a]; dup {
			b.errorf(ManifestFile, d.line, "duplicate rule for %s (first at line %d)", d.args[0], prev.line)
			continue
		}
		rule[a] = d
	}
	for i := range b.p.adrgs {
		a := &b.p.adrgs[i]
		ai := int32(i)
		var alts []string
		loc := b.adrgLoc[i]
		if c, ok := b.detail[ai]; ok {
			loc = c.loc
			switch {
			case len(c.alts) > 0:
				for _, alt := range c.alts {
					alts = append(alts, strings.Join(alt, " "))
				}
			case len(c.atoms) > 0:
				alts = []string{strings.Join(c.atoms, " ")}
			}
		}
		if d, ok := rule[ai]; ok {
			alts = []string{d.text}
			if strings.Contains(d.text, "|") {
				alts = strings.Split(d.text, "|")
			}
			loc = location{ManifestFile, d.line}
		}
		if len(alts) == 0 {
			where := loc
			b.errorf(where.file, where.line, "ADRG %s has no rule: no clause in %s and no \"adrg %s rule …\" in %s", a.code, FileADRGDetail, a.code, ManifestFile)
			continue
		}
		for _, d := range and[ai] {
			for k := range alts {
				alts[k] = strings.TrimSpace(alts[k]) + " " + d.text
			}
		}
		for k := range alts {
			alts[k] = strings.TrimSpace(alts[k])
		}
		if e, ok := b.parseRule(strings.Join(alts, " | "), a.code, loc); ok {
			a.rule = e
		}
	}
}

// defaultSplit is the national naming convention of the fourth character:
// 1 with MCC, 3 with CC or MCC, 5 and 9 without condition.
func defaultSplit(drg string) string {
	switch drg[3] {
	case '1':
		return "mcc"
	case '3':
		return "cc"
	}
	return "always"
}

func (b *builder) buildDRGRules() {
	splits := map[int32]directive{}
	for _, d := range b.man.splits {
		g, ok := b.drgIdx[d.args[0]]
		if !ok {
			b.errorf(ManifestFile, d.line, "split: unknown DRG %s", d.args[0])
			continue
		}
		if prev, dup := splits[g]; dup {
			b.errorf(ManifestFile, d.line, "duplicate split for %s (first at line %d)", d.args[0], prev.line)
			continue
		}
		splits[g] = d
	}
	for i := range b.p.drgs {
		g := &b.p.drgs[i]
		text, loc := defaultSplit(g.code), b.drgLoc[i]
		if d, ok := splits[int32(i)]; ok {
			text, loc = d.text, location{ManifestFile, d.line}
			g.source = loc.String()
		}
		if e, ok := b.parseRule(text, b.p.adrgs[g.adrg].code, loc); ok {
			g.cond = e
		}
		a := &b.p.adrgs[g.adrg]
		a.drgs = append(a.drgs, int32(i))
	}
}

func (b *builder) buildOrder() {
	p := b.p
	// MDC order
	if d := b.man.mdcOrder; d.line > 0 {
		seen := map[string]bool{}
		for _, c := range d.args {
			mi, ok := b.mdcIdx[c]
			switch {
			case !ok:
				b.errorf(ManifestFile, d.line, "mdc-order: unknown MDC %s", c)
			case seen[c]:
				b.errorf(ManifestFile, d.line, "mdc-order: %s appears twice", c)
			default:
				p.order = append(p.order, mi)
			}
			seen[c] = true
		}
		for _, m := range p.mdcs {
			if !seen[m.code] {
				b.errorf(ManifestFile, d.line, "mdc-order: %s is missing", m.code)
			}
		}
	} else {
		p.order = append(p.order, b.mdcFileOrder...)
	}
	// ADRGs by MDC in 2_ADRG.txt order; DRGs by code.
	for i := range p.adrgs {
		m := &p.mdcs[p.adrgs[i].mdc]
		m.adrgs = append(m.adrgs, int32(i))
	}
	for i := range p.adrgs {
		a := &p.adrgs[i]
		sort.Slice(a.drgs, func(x, y int) bool { return p.drgs[a.drgs[x]].code < p.drgs[a.drgs[y]].code })
	}
	for _, d := range b.man.before {
		first, second := d.args[0], d.args[1]
		if fa, ok := b.adrgIdx[first]; ok {
			sa, ok2 := b.adrgIdx[second]
			if !ok2 || p.adrgs[fa].mdc != p.adrgs[sa].mdc {
				b.errorf(ManifestFile, d.line, "before: %s and %s must be ADRGs of the same MDC", first, second)
				continue
			}
			m := &p.mdcs[p.adrgs[fa].mdc]
			m.adrgs = moveBefore(m.adrgs, fa, sa)
			continue
		}
		if fd, ok := b.drgIdx[first]; ok {
			sd, ok2 := b.drgIdx[second]
			if !ok2 || p.drgs[fd].adrg != p.drgs[sd].adrg {
				b.errorf(ManifestFile, d.line, "before: %s and %s must be DRGs of the same ADRG", first, second)
				continue
			}
			a := &p.adrgs[p.drgs[fd].adrg]
			a.drgs = moveBefore(a.drgs, fd, sd)
			continue
		}
		b.errorf(ManifestFile, d.line, "before: unknown ADRG or DRG %s", first)
	}
	// The 歧义组 test sits between the procedure ADRGs (second letter A–Q)
	// and the medical ones (R–Z); an MDC without medical ADRGs has none.
	for i := range p.mdcs {
		m := &p.mdcs[i]
		m.qyAt = -1
		for k, ai := range m.adrgs {
			if c := p.adrgs[ai].code[1]; c >= 'R' {
				m.qyAt = int32(k)
				break
			}
		}
	}
}

// moveBefore moves x to just before y in s.
func moveBefore(s []int32, x, y int32) []int32 {
	xi, yi := slices.Index(s, x), slices.Index(s, y)
	if xi < 0 || yi < 0 || xi < yi {
		return s
	}
	s = slices.Delete(s, xi, xi+1)
	return slices.Insert(s, yi, x)
}

// finishLists sorts and deduplicates every list and builds the per-code
// comorbidity arrays.
func (b *builder) finishLists() {
	p := b.p
	for i := range p.lists {
		l := &p.lists[i]
		slices.Sort(l.codes)
		l.codes = slices.Compact(l.codes)
	}
	p.mcc = make([]int32, len(p.dxCodes))
	p.cc = make([]int32, len(p.dxCodes))
	for i := range p.mcc {
		p.mcc[i], p.cc[i] = noCC, noCC
	}
	fill := func(dst []int32, src map[int32]string) {
		for d, t := range src {
			switch id, ok := b.tables[t]; {
			case t == "":
				dst[d] = noTable
			case ok:
				dst[d] = id
			}
		}
	}
	fill(p.mcc, b.mccTab)
	fill(p.cc, b.ccTab)
}

func (b *builder) finalChecks() {
	p := b.p
	for i := range p.adrgs {
		a := &p.adrgs[i]
		if len(a.drgs) == 0 {
			b.errorf(b.adrgLoc[i].file, b.adrgLoc[i].line, "ADRG %s has no DRG in %s", a.code, FileDRG)
			continue
		}
		last := &p.drgs[a.drgs[len(a.drgs)-1]]
		if len(last.cond.alts) > 0 && last.cond.text != "always" {
			b.warnf(b.drgLoc[a.drgs[len(a.drgs)-1]].file, b.drgLoc[a.drgs[len(a.drgs)-1]].line,
				"ADRG %s: the last DRG %s has condition %q, so some cases of the ADRG get no DRG", a.code, last.code, last.cond.text)
		}
	}
	for i, m := range p.mdcs {
		if len(m.adrgs) == 0 {
			b.warnf(b.mdcLoc[i].file, b.mdcLoc[i].line, "MDC %s has no ADRG", m.code)
		}
	}
	for id, l := range p.lists {
		if !b.usedLists[int32(id)] && !strings.HasPrefix(l.role, "site:") && len(l.codes) > 0 {
			loc := b.listLoc[id]
			b.warnf(loc.file, loc.line, "list %s is not used by any rule", b.listName(int32(id)))
		}
	}
	if len(b.p.validOpsCodes()) == 0 && b.p.validOps >= 0 {
		b.errorf(ManifestFile, b.man.files["valid-ops"].line, "the valid-ops list is empty")
	}
	if p.info.QY && p.validOps < 0 {
		b.errorf(ManifestFile, b.man.qy.line, "qy on needs a valid-ops list: the 歧义组 test looks for a valid OR procedure")
	}
	if p.info.Translate && (len(p.dxMap) == 0 || len(p.pxMap) == 0) {
		b.errorf(ManifestFile, b.man.translate.line, "translate on needs dx-map and px-map files")
	}
}

func (p *Pack) validOpsCodes() []int32 {
	if p.validOps < 0 {
		return nil
	}
	return p.lists[p.validOps].codes
}
