package grouper

import (
	"strings"
)

// ManifestFile is the optional file of a plan directory that holds what the
// plan text states only in prose. See docs/grouper.md for every directive.
const ManifestFile = "0_PLAN.txt"

// directive is one line of the manifest, kept with its location so that the
// problems it causes point at it.
type directive struct {
	line int
	args []string
	text string // the arguments after the directive's fixed words, as written
}

type manifest struct {
	present bool

	id, name, validFrom, validTo directive
	qy, translate                directive
	files                        map[string]directive // valid-ops, dx-names, px-names, dx-map, px-map, exclude-pdx, exclude-ppx
	mdcOrder                     directive

	mdcEntry []directive // args[0] = MDC, text = expr
	adrgAnd  []directive // args[0] = ADRG, text = expr
	adrgRule []directive
	splits   []directive // args[0] = DRG
	before   []directive // args = [first, second]
	adds     []directive // args = [owner, role, codes…]
}

var manifestFileKeys = map[string]bool{
	"valid-ops": true, "dx-names": true, "px-names": true, "dx-map": true, "px-map": true,
	"exclude-pdx": true, "exclude-ppx": true,
}

func (b *builder) readManifest() {
	b.man.files = map[string]directive{}
	tf, err := readTextFile(b.fsys, ManifestFile)
	if err != nil {
		return // optional: defaults apply
	}
	b.man.present = true
	for i, raw := range tf.lines {
		n := i + 1
		line := raw
		if k := strings.IndexByte(line, '#'); k >= 0 {
			line = line[:k]
		}
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		key, args := f[0], f[1:]
		d := directive{line: n, args: args}
		rest := func(skip int) string {
			if len(args) <= skip {
				return ""
			}
			return strings.Join(args[skip:], " ")
		}
		need := func(k int) bool {
			if len(args) < k {
				b.errorf(ManifestFile, n, "%s needs %d argument(s)", key, k)
				return false
			}
			return true
		}
		switch {
		case key == "id" || key == "valid-from" || key == "valid-to":
			if !need(1) {
				continue
			}
			d.text = args[0]
			switch key {
			case "id":
				b.man.id = d
			case "valid-from":
				b.man.validFrom = d
			default:
				b.man.validTo = d
			}
		case key == "name":
			if !need(1) {
				continue
			}
			d.text = rest(0)
			b.man.name = d
		case key == "qy" || key == "translate":
			if !need(1) {
				continue
			}
			if args[0] != "on" && args[0] != "off" {
				b.errorf(ManifestFile, n, "%s takes on or off, not %q", key, args[0])
				continue
			}
			d.text = args[0]
			if key == "qy" {
				b.man.qy = d
			} else {
				b.man.translate = d
			}
		case manifestFileKeys[key]:
			if !need(1) {
				continue
			}
			d.text = args[0]
			b.man.files[key] = d
		case key == "mdc-order":
			if !need(1) {
				continue
			}
			b.man.mdcOrder = d
		case key == "mdc":
			if !need(2) {
				continue
			}
			d.text = rest(1)
			b.man.mdcEntry = append(b.man.mdcEntry, d)
		case key == "adrg":
			if !need(3) {
				continue
			}
			d.text = rest(2)
			switch args[1] {
			case "and":
				b.man.adrgAnd = append(b.man.adrgAnd, d)
			case "rule":
				b.man.adrgRule = append(b.man.adrgRule, d)
			default:
				b.errorf(ManifestFile, n, "adrg %s: expected \"and\" or \"rule\", got %q", args[0], args[1])
			}
		case key == "split":
			if !need(2) {
				continue
			}
			d.text = rest(1)
			b.man.splits = append(b.man.splits, d)
		case key == "before":
			if len(args) != 2 {
				b.errorf(ManifestFile, n, "before takes two codes: before FIRST SECOND")
				continue
			}
			b.man.before = append(b.man.before, d)
		case key == "add":
			if !need(3) {
				continue
			}
			b.man.adds = append(b.man.adds, d)
		default:
			b.errorf(ManifestFile, n, "unknown directive %q", key)
		}
	}
}
