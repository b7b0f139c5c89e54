package casefile

import "strings"

// MaskName shows a name's first character and hides the rest: 张三 → 张*,
// 欧阳娜娜 → 欧***.
func MaskName(s string) string {
	r := []rune(strings.TrimSpace(s))
	if len(r) == 0 {
		return ""
	}
	return string(r[0]) + strings.Repeat("*", max(1, len(r)-1))
}

// MaskID shows the first 4 and last 4 characters of an ID number:
// 370102198001011234 → 3701**********1234. Short numbers are hidden whole.
func MaskID(s string) string {
	s = strings.TrimSpace(s)
	if len(s) <= 8 {
		return strings.Repeat("*", len(s))
	}
	return s[:4] + strings.Repeat("*", len(s)-8) + s[len(s)-4:]
}

// maskAny hides a personal value in an error report.
func maskAny(s string) string {
	if len(s) > 8 {
		return MaskID(s)
	}
	return MaskName(s)
}
