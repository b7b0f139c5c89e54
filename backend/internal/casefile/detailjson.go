package casefile

import (
	"strconv"
	"time"

	"github.com/shopspring/decimal"
)

// appendDetail writes d as JSON, as encoding/json would read it back into a
// Detail (DecodeDetail). It is the import's hot path: a hand-written encoder
// is several times faster than reflection. A test round-trips it against
// encoding/json.
func appendDetail(b []byte, d *Detail) []byte {
	c := &d.Case
	b = append(b, `{"case":{`...)
	b = jstr(b, "setl_id", c.SettlementID, false)
	b = jstr(b, "mdtrt_id", c.VisitID, true)
	b = jstr(b, "medcasno", c.MRN, true)
	b = jstr(b, "fixmedins_code", c.HospitalCode, true)
	p := &c.Patient
	b = append(b, `,"patient":{`...)
	b = jint(b, "gend", p.Sex, false)
	b = jtime(b, "brdy", p.BirthDate, true)
	b = jint(b, "age", p.Age, true)
	b = jint(b, "nwb_age", p.AgeDays, true)
	b = jint(b, "nwb_bir_wt", p.BirthWeight, true)
	b = jint(b, "nwb_adm_wt", p.AdmissionWeight, true)
	b = append(b, '}')
	b = jstr(b, "insutype", c.InsuranceType, true)
	b = jstr(b, "insuplc", c.InsuredPlace, true)
	b = jtime(b, "adm_time", c.AdmittedAt, true)
	b = jtime(b, "dscg_time", c.DischargedAt, true)
	b = jint(b, "act_ipt_days", c.LOS, true)
	b = jstr(b, "adm_caty", c.AdmissionDept, true)
	b = jstr(b, "dscg_caty", c.DischargeDept, true)
	if len(c.TransferDepts) > 0 {
		b = append(b, `,"refldept_dept":[`...)
		for i, dep := range c.TransferDepts {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, dep)
		}
		b = append(b, ']')
	}
	b = jint(b, "dscg_way", c.DischargeWay, true)
	b = jint(b, "vent_used_dura", c.VentilationHours, true)
	if len(c.ICU) > 0 {
		b = append(b, `,"icuinfo":[`...)
		for i, s := range c.ICU {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, '{')
			b = jstr(b, "scs_cutd_ward_type", s.Type, false)
			b = jtime(b, "scs_cutd_inpool_time", s.In, true)
			b = jtime(b, "scs_cutd_exit_time", s.Out, true)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	if c.Readmit31 {
		b = append(b, `,"dscg_31days_rinp_flag":true`...)
	}
	b = append(b, `,"diseinfo":[`...)
	for i, dx := range c.Diagnoses {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '{')
		b = jstr(b, "diag_code", dx.Code, false)
		b = jstr(b, "diag_name", dx.Name, true)
		b = jstr(b, "adm_cond_type", dx.Condition, true)
		b = append(b, '}')
	}
	b = append(b, ']')
	if len(c.Procedures) > 0 {
		b = append(b, `,"oprninfo":[`...)
		for i, pr := range c.Procedures {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, '{')
			b = jstr(b, "oprn_oprt_code", pr.Code, false)
			b = jstr(b, "oprn_oprt_name", pr.Name, true)
			b = jtime(b, "oprn_oprt_date", pr.Date, true)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	b = append(b, `,"fees":[`...)
	for i, f := range c.Fees {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendDecimalJSON(b, f)
	}
	b = append(b, ']')
	b = jdec(b, "medfee_sumamt", c.TotalCost, false)
	b = jdec(b, "claa_sumfee", c.ClassA, true)
	b = jdec(b, "clab_amt", c.ClassB, true)
	b = jdec(b, "fulamt_ownpay_amt", c.OwnPay, true)
	f := &c.Funds
	b = append(b, `,"payinfo":{`...)
	n := len(b)
	b = jdec(b, "hifp_pay", f.Pool, true)
	b = jdec(b, "cvlserv_pay", f.Civil, true)
	b = jdec(b, "hifmi_pay", f.Serious, true)
	b = jdec(b, "maf_pay", f.Assist, true)
	b = jdec(b, "oth_pay", f.Other, true)
	b = fixLeadingComma(b, n)
	b = append(b, `},"personal":{`...)
	n = len(b)
	pp := &c.Personal
	b = jdec(b, "psn_selfpay", pp.SelfPay, true)
	b = jdec(b, "psn_ownpay", pp.OwnPay, true)
	b = jdec(b, "acct_pay", pp.Account, true)
	b = jdec(b, "psn_cash_pay", pp.Cash, true)
	b = fixLeadingComma(b, n)
	b = append(b, '}')
	if len(c.Items) > 0 {
		b = append(b, `,"feedetail":[`...)
		for i := range c.Items {
			it := &c.Items[i]
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, '{')
			b = jstr(b, "med_list_codg", it.Code, false)
			b = jstr(b, "medins_list_name", it.Name, true)
			b = jstr(b, "med_chrgitm_type", it.Category, true)
			b = jint(b, "chrgitm_lv", it.Level, true)
			if it.SelfPayRatio.Valid {
				b = jdec(b, "selfpay_prop", it.SelfPayRatio.Decimal, false)
			}
			b = jdec(b, "cnt", it.Quantity, true)
			b = jdec(b, "pric", it.Price, true)
			b = jdec(b, "det_item_fee_sumamt", it.Amount, true)
			if it.NewItem {
				b = append(b, `,"new_item":true`...)
			}
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	b = append(b, '}')
	if len(d.Findings) > 0 {
		b = append(b, `,"findings":[`...)
		for i, fd := range d.Findings {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, '{')
			b = jstr(b, "rule", fd.Rule, false)
			b = jstr(b, "severity", string(fd.Severity), false)
			b = jstr(b, "field", fd.Field, true)
			b = jstr(b, "message", fd.Message, false)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	b = jstr(b, "group_reason", d.GroupReason, true)
	b = jstr(b, "comorbidity", d.Comorbidity, true)
	b = jstr(b, "plan_digest", d.PlanDigest, true)
	b = jstr(b, "engine", d.Engine, true)
	b = jstr(b, "pricing_error", d.PricingError, true)
	if len(d.Registered) > 0 {
		b = append(key(b, "registered", false), '[')
		for i, code := range d.Registered {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, code)
		}
		b = append(b, ']')
	}
	return append(b, '}')
}

// fixLeadingComma drops the comma written before an object's first member.
func fixLeadingComma(b []byte, at int) []byte {
	if len(b) > at && b[at] == ',' {
		return append(b[:at], b[at+1:]...)
	}
	return b
}

func key(b []byte, k string, first bool) []byte {
	if !first {
		b = append(b, ',')
	}
	b = append(b, '"')
	b = append(b, k...)
	return append(b, '"', ':')
}

func jstr(b []byte, k, v string, omitEmpty bool) []byte {
	if omitEmpty && v == "" {
		return b
	}
	return appendJSONString(key(b, k, b[len(b)-1] == '{'), v)
}

func jint(b []byte, k string, v int, omitZero bool) []byte {
	if omitZero && v == 0 {
		return b
	}
	return strconv.AppendInt(key(b, k, b[len(b)-1] == '{'), int64(v), 10)
}

func jtime(b []byte, k string, t time.Time, omitZero bool) []byte {
	if omitZero && t.IsZero() {
		return b
	}
	b = append(key(b, k, b[len(b)-1] == '{'), '"')
	b = t.AppendFormat(b, time.RFC3339Nano)
	return append(b, '"')
}

func jdec(b []byte, k string, d decimal.Decimal, omitZero bool) []byte {
	if omitZero && d.IsZero() {
		return b
	}
	return appendDecimalJSON(key(b, k, b[len(b)-1] == '{'), d)
}

// appendDecimalJSON writes d as a JSON string, the way decimal.Decimal
// marshals ("12.5"), without big.Int formatting for ordinary amounts.
func appendDecimalJSON(b []byte, d decimal.Decimal) []byte {
	b = append(b, '"')
	b = AppendDecimal(b, d)
	return append(b, '"')
}

// AppendDecimal writes d in plain notation.
func AppendDecimal(b []byte, d decimal.Decimal) []byte {
	exp := d.Exponent()
	if !d.Coefficient().IsInt64() || exp > 6 || exp < -18 {
		return append(b, d.String()...)
	}
	c := d.CoefficientInt64()
	if c == 0 {
		return append(b, '0')
	}
	if c < 0 {
		b = append(b, '-')
		c = -c
	}
	var tmp [24]byte
	digits := strconv.AppendInt(tmp[:0], c, 10)
	if exp >= 0 {
		b = append(b, digits...)
		for range exp {
			b = append(b, '0')
		}
		return b
	}
	frac := int(-exp)
	// trim trailing zeros of the fraction
	for frac > 0 && digits[len(digits)-1] == '0' {
		digits = digits[:len(digits)-1]
		frac--
	}
	if frac == 0 {
		return append(b, digits...)
	}
	if len(digits) <= frac {
		b = append(b, '0', '.')
		for range frac - len(digits) {
			b = append(b, '0')
		}
		return append(b, digits...)
	}
	ip := len(digits) - frac
	b = append(b, digits[:ip]...)
	b = append(b, '.')
	return append(b, digits[ip:]...)
}

const hexDigits = "0123456789abcdef"

// appendJSONString quotes s for JSON; s is valid UTF-8.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if ch >= 0x20 && ch != '"' && ch != '\\' && ch != '<' && ch != '>' && ch != '&' {
			continue
		}
		b = append(b, s[start:i]...)
		switch ch {
		case '"', '\\':
			b = append(b, '\\', ch)
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		default:
			b = append(b, '\\', 'u', '0', '0', hexDigits[ch>>4], hexDigits[ch&0xf])
		}
		start = i + 1
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// AppendDetailForTest exposes the encoder to tests in other packages.
func AppendDetailForTest(b []byte, d *Detail) []byte { return appendDetail(b, d) }
