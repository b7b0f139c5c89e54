package draw

import (
	"errors"
	"fmt"
)

var (
	// ErrInvalid is wrapped by every error about bad input: a seed of the
	// wrong length, Need < 1, a request without application or hospital, an
	// expert without id or twice in the snapshot.
	ErrInvalid = errors.New("draw: invalid input")
	// ErrMismatch is wrapped by Replay when the draw does not reproduce the
	// recorded result.
	ErrMismatch = errors.New("draw: replay does not reproduce the recorded draw")
)

// ShortError: too few eligible; Constraint names the filter that ran short
// (one of the Reason constants, or ConstraintPool when the pool itself is
// smaller than Need), Need and Have (how many were left after it).
type ShortError struct {
	Constraint string
	Need, Have int
}

// labels are the Chinese and English names of each filter as the sentence
// "after excluding …" needs them.
var labels = map[string][2]string{
	ReasonInactive:     {"已停用", "inactive experts"},
	ReasonAbsent:       {"当日不可参加", "experts unavailable on the day"},
	ReasonExcluded:     {"曾参与本案评审或已是成员", "earlier panel members and current members"},
	ReasonOrganisation: {"非指定第三方机构", "experts outside the review organisation"},
	ReasonCrossReview:  {"未挂靠医院（交叉评审）", "experts not attached to a hospital (cross review)"},
	ReasonSameHospital: {"同一医院", "experts of the applying hospital"},
	ReasonSameGroup:    {"同一医院集团", "experts of the applying hospital's group"},
	ReasonConflict:     {"利益冲突", "declared conflicts"},
	ReasonLoad:         {"评审负荷已满", "experts at their load limit"},
	ReasonSpecialty:    {"专业不符（含相关专业）", "experts without a matching or related specialty"},
}

// Label returns the Chinese and English names of a Reason constant (the
// reason itself for an unknown one).
func Label(reason string) (zh, en string) {
	if l, ok := labels[reason]; ok {
		return l[0], l[1]
	}
	return reason, reason
}

// Error is a Chinese sentence, the constraint, and the same in English, e.g.
// "可抽取专家不足：需要 3 名，排除“同一医院”后仅剩 2 名 (same_hospital); too few
// eligible experts: need 3, only 2 left after excluding experts of the
// applying hospital".
func (e *ShortError) Error() string {
	if e.Constraint == ConstraintPool {
		return fmt.Sprintf("可抽取专家不足：需要 %d 名，专家库仅有 %d 名 (%s); too few eligible experts: need %d, the pool holds only %d",
			e.Need, e.Have, e.Constraint, e.Need, e.Have)
	}
	zh, en := Label(e.Constraint)
	return fmt.Sprintf("可抽取专家不足：需要 %d 名，排除“%s”后仅剩 %d 名 (%s); too few eligible experts: need %d, only %d left after excluding %s",
		e.Need, zh, e.Have, e.Constraint, e.Need, e.Have, en)
}
