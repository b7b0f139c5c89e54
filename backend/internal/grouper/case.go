package grouper

import "encoding/json"

// Unknown marks a numeric field that was not recorded. Any negative value is
// read as Unknown; zero is a real value (age 0 is an infant, LOS 0 a same-day
// stay), except for weights, where 0 g means "not recorded".
const Unknown = -1

// Sex as coded on the settlement list (医保结算清单): 1 male, 2 female.
type Sex int8

const (
	SexUnknown Sex = 0
	SexMale    Sex = 1
	SexFemale  Sex = 2
)

// Case is one inpatient stay as the grouper sees it. It carries every field a
// CHS-DRG grouper needs today or in CHS-DRG 2.0, whether or not the loaded
// plan uses it. Codes are 医保版 ICD-10 (diagnoses) and ICD-9-CM-3
// (procedures) unless the plan translates them.
type Case struct {
	ID string `json:"id,omitempty"`

	Sex      Sex `json:"sex"`
	AgeYears int `json:"age"`      // completed years; Unknown if not recorded
	AgeDays  int `json:"age_days"` // age in days; needed when AgeYears is 0

	BirthWeight     int `json:"birth_weight"`     // grams (新生儿出生体重); 0 = not recorded
	AdmissionWeight int `json:"admission_weight"` // grams (新生儿入院体重); 0 = not recorded

	LOS          int    `json:"los"`           // length of stay in days
	DischargeWay int    `json:"discharge_way"` // 离院方式 1–9; 0 = not recorded
	Department   string `json:"department,omitempty"`

	// Diagnoses lists the principal diagnosis first, then the secondary ones.
	Diagnoses []string `json:"diagnoses"`
	// Procedures lists the principal procedure first, in the order recorded.
	Procedures []string `json:"procedures"`

	VentilationHours int  `json:"ventilation_hours"` // invasive ventilation (有创呼吸机)
	ECMO             bool `json:"ecmo"`
}

// NewCase returns a Case whose optional numbers are Unknown rather than zero.
func NewCase() Case {
	return Case{AgeYears: Unknown, AgeDays: Unknown, LOS: Unknown}
}

// UnmarshalJSON starts from NewCase so that an absent "age" stays Unknown
// instead of silently becoming an infant.
func (c *Case) UnmarshalJSON(b []byte) error {
	type plain Case
	v := plain(NewCase())
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*c = Case(v)
	return nil
}

func known(v int) bool { return v >= 0 }

// weightKnown treats 0 g as missing, as every CHS-DRG grouper does.
func weightKnown(v int) bool { return v > 0 }
