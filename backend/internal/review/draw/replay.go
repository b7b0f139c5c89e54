package draw

import (
	"fmt"
	"slices"
	"strings"
)

// Replay draws again from the recorded snapshot, request and seed and
// compares with the recorded result: nil when Draw reproduces it exactly
// (selected in the same order, the same eligible and excluded experts with
// the same reasons, the same fallback), otherwise an error wrapping
// ErrMismatch that says what differs, or the error the draw now returns.
// A nil and an empty list are the same (jsonb keeps either).
func Replay(s Snapshot, r Request, seed []byte, recorded Result) error {
	got, err := Draw(s, r, seed)
	if err != nil {
		return fmt.Errorf("%w: the draw now fails: %w", ErrMismatch, err)
	}
	var diffs []string
	if d := diffList("selected", got.Selected, recorded.Selected); d != "" {
		diffs = append(diffs, d)
	}
	if d := diffList("eligible", got.Eligible, recorded.Eligible); d != "" {
		diffs = append(diffs, d)
	}
	if d := diffExcluded(got.Excluded, recorded.Excluded); d != "" {
		diffs = append(diffs, d)
	}
	if d := diffList("fallback", got.Fallback, recorded.Fallback); d != "" {
		diffs = append(diffs, d)
	}
	if len(diffs) > 0 {
		return fmt.Errorf("%w: %s", ErrMismatch, strings.Join(diffs, "; "))
	}
	return nil
}

func diffList(name string, got, want []string) string {
	if slices.Equal(got, want) {
		return ""
	}
	return fmt.Sprintf("%s: replay gives [%s], recorded [%s]", name, strings.Join(got, " "), strings.Join(want, " "))
}

func diffExcluded(got, want []Exclusion) string {
	if slices.Equal(got, want) {
		return ""
	}
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			return fmt.Sprintf("excluded[%d]: replay gives %s (%s), recorded %s (%s)",
				i, got[i].ExpertID, got[i].Reason, want[i].ExpertID, want[i].Reason)
		}
	}
	return fmt.Sprintf("excluded: replay gives %d experts, recorded %d", len(got), len(want))
}
