package grouper

import (
	"bufio"
	"bytes"
	"io"
	"io/fs"
	"strings"
	"unicode/utf8"
)

// The plan text was transcribed from a PDF: records are joined on one line,
// wrapped names carry "~~", page numbers and column headers sit between
// records, and a code is sometimes glued to the end of the previous name.
// So the text is read by code token, not by line: a token that has the shape
// of a code is a code, everything else is name or noise.

type codeShape uint8

const (
	notCode  codeShape = iota
	dxShape            // ICD-10 医保版: K80.101, I10.x05, A52.000x001+I52.0*
	pxShape            // ICD-9-CM-3 医保版: 51.2300, 96.0800x005, 17.972E0
	badShape           // starts like a code but is malformed
)

func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isUpper(c byte) bool  { return c >= 'A' && c <= 'Z' }
func isDigX(c byte) bool   { return isDigit(c) || c == 'x' }
func isDigUpX(c byte) bool { return isDigit(c) || isUpper(c) || c == 'x' }

// shapeOf classifies a whitespace-free token.
func shapeOf(t string) codeShape {
	switch {
	case len(t) >= 4 && isUpper(t[0]) && isDigit(t[1]) && isDigit(t[2]) && t[3] == '.':
		if validDx(t) {
			return dxShape
		}
		return badShape
	case len(t) >= 3 && isDigit(t[0]) && isDigit(t[1]) && t[2] == '.':
		if validPx(t) {
			return pxShape
		}
		return badShape
	}
	return notCode
}

// validDx: A99.999, A99.x99, optional x999 extension, optional dagger part
// +A99[.9..]* (the asterisk code of a dagger/asterisk pair).
func validDx(t string) bool {
	i := 4
	n := 0
	for i < len(t) && n < 3 && isDigX(t[i]) {
		i++
		n++
	}
	if n == 0 {
		return false
	}
	if i < len(t) && t[i] == 'x' {
		i++
		for k := 0; k < 3; k++ {
			if i >= len(t) || !isDigit(t[i]) {
				return false
			}
			i++
		}
	}
	if i < len(t) && t[i] == '+' {
		i++
		if i+3 > len(t) || !isUpper(t[i]) || !isDigit(t[i+1]) || !isDigit(t[i+2]) {
			return false
		}
		i += 3
		if i < len(t) && t[i] == '.' {
			i++
			n = 0
			for i < len(t) && n < 3 && isDigX(t[i]) {
				i++
				n++
			}
			if n == 0 {
				return false
			}
		}
		if i >= len(t) || t[i] != '*' {
			return false
		}
		i++
	} else if i < len(t) && t[i] == '*' {
		i++
	}
	return i == len(t)
}

// validPx: 99.99, then up to three digits or letters, optional x999(9).
func validPx(t string) bool {
	i := 3
	if i+2 > len(t) || !isDigX(t[i]) || !isDigX(t[i+1]) {
		return false
	}
	i += 2
	for n := 0; n < 3 && i < len(t) && t[i] != 'x' && isDigUpX(t[i]); n++ {
		i++
	}
	if i < len(t) && t[i] == 'x' {
		i++
		n := 0
		for i < len(t) && isDigit(t[i]) {
			i++
			n++
		}
		if n < 3 || n > 4 {
			return false
		}
	}
	return i == len(t)
}

// splitGlued separates a code glued to the end of a Chinese name ("的J63.800x001").
func splitGlued(t string) (name, code string, ok bool) {
	for i := 0; i < len(t); {
		r, size := utf8.DecodeRuneInString(t[i:])
		i += size
		if r >= utf8.RuneSelf && i < len(t) && t[i] < utf8.RuneSelf {
			if s := shapeOf(t[i:]); s == dxShape || s == pxShape {
				return t[:i], t[i:], true
			}
		}
	}
	return "", "", false
}

// token is one word of a plan file with its line.
type token struct {
	text string
	line int
}

// textFile is one plan file read into lines.
type textFile struct {
	name  string
	lines []string
}

func readTextFile(fsys fs.FS, name string) (*textFile, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		return nil, err
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	tf := &textFile{name: name}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64<<10), 16<<20)
	for sc.Scan() {
		tf.lines = append(tf.lines, strings.TrimRight(sc.Text(), "\r"))
	}
	return tf, sc.Err()
}

// isComment reports a line the plan author commented out ("# S12.910 …").
func isComment(line string) bool { return strings.HasPrefix(strings.TrimSpace(line), "#") }

// tokens returns the words of a line, with glued codes split off.
func lineTokens(line string, n int, dst []token) []token {
	for _, w := range strings.Fields(line) {
		if shapeOf(w) == notCode {
			if name, code, ok := splitGlued(w); ok {
				dst = append(dst, token{name, n}, token{code, n})
				continue
			}
		}
		dst = append(dst, token{w, n})
	}
	return dst
}

// codedEntry is a code with the name that follows it in the text.
type codedEntry struct {
	code  string
	shape codeShape
	name  string
	line  int
}

// lineEntries extracts the codes of one line with their names; words before
// the first code are returned as the line's header text.
func lineEntries(line string, n int, dst []codedEntry) (header string, out []codedEntry) {
	toks := lineTokens(line, n, nil)
	var head []string
	var name []string
	out = dst
	flush := func() {
		if len(out) > 0 && len(name) > 0 {
			out[len(out)-1].name = cleanName(strings.Join(name, " "))
		}
		name = name[:0]
	}
	for _, t := range toks {
		s := shapeOf(t.text)
		if s == notCode {
			if len(out) == len(dst) {
				head = append(head, t.text)
			} else {
				name = append(name, t.text)
			}
			continue
		}
		flush()
		out = append(out, codedEntry{code: t.text, shape: s, line: n})
	}
	flush()
	return strings.Join(head, " "), out
}

// cleanName removes the transcription's wrap marks.
func cleanName(s string) string {
	s = strings.ReplaceAll(s, "~~", "")
	return strings.TrimSpace(s)
}
