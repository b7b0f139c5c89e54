package synth

import (
	"time"

	"github.com/shopspring/decimal"

	"teyi/backend/internal/casefile"
)

var ratioDec = map[string]decimal.NullDecimal{
	"0": decimal.NewNullDecimal(decimal.Zero), "0.1": decimal.NewNullDecimal(decimal.New(1, -1)),
	"0.2": decimal.NewNullDecimal(decimal.New(2, -1)), "0.3": decimal.NewNullDecimal(decimal.New(3, -1)),
	"1": decimal.NewNullDecimal(decimal.New(1, 0)),
}

func money(cents int64) decimal.Decimal { return decimal.New(cents, -2) }

func toTime(s int64) time.Time { return time.Unix(s-8*3600, 0).In(casefile.Beijing()) }

// dayOf is t's Beijing calendar day as a day number.
func dayOf(t time.Time) int {
	y, m, d := t.In(casefile.Beijing()).Date()
	return daysFromCivil(y, int(m), d)
}

// Next fills c with the next case, reusing c's slices.
func (g *Generator) Next(c *casefile.Case) {
	g.gen()
	r := &g.cur
	h := &g.hosp[r.hosp]
	t := &g.ts.tpls[r.tpl]
	b := g.buf[:0]
	b = appendIDs(b, h.Code, r.seq, r.pat.mrn)
	s := string(b)
	n1 := 1 + len(h.Code) + 10
	c.SettlementID, c.VisitID, c.MRN = s[:n1], s[n1:2*n1], s[2*n1:]
	c.HospitalCode = h.Code
	b = appendName(b[:0], &r.pat)
	b = append(b, r.id[:]...)
	s = string(b)
	c.Patient = casefile.Patient{
		Name: s[:len(s)-18], IDNumber: s[len(s)-18:], Sex: r.pat.sex, BirthDate: toTime(int64(r.pat.birth) * 86400),
		Age: r.age, AgeDays: r.ageDays, BirthWeight: r.bw, AdmissionWeight: r.aw,
	}
	g.buf = b
	c.InsuranceType = casefile.InsuranceEmployee
	if r.pat.ins == 1 {
		c.InsuranceType = casefile.InsuranceResident
	}
	c.InsuredPlace = r.pat.insPlace
	c.AdmittedAt, c.DischargedAt, c.LOS = toTime(r.adm), toTime(r.dis), r.los
	c.AdmissionDept, c.DischargeDept = r.admDept, r.disDept
	c.TransferDepts = append(c.TransferDepts[:0], r.trans...)
	c.DischargeWay, c.VentilationHours, c.Readmit31 = r.way, r.vent, r.readmit
	c.ICU = c.ICU[:0]
	for _, s := range r.icu {
		c.ICU = append(c.ICU, casefile.ICUStay{Type: s.typ, In: toTime(s.in), Out: toTime(s.out)})
	}
	c.Diagnoses = c.Diagnoses[:0]
	for i, d := range t.dx {
		c.Diagnoses = append(c.Diagnoses, casefile.Diagnosis{Code: g.ts.dxCodes[d], Name: g.ts.dxNames[d], Condition: condStr[r.dxCond[i]-'1']})
	}
	c.Procedures = c.Procedures[:0]
	for i, p := range t.px {
		c.Procedures = append(c.Procedures, casefile.Procedure{Code: g.ts.pxCodes[p], Name: g.ts.pxNames[p], Date: toTime(r.pxDate[i])})
	}
	for i := range c.Fees {
		c.Fees[i] = money(r.fees[i])
	}
	c.TotalCost, c.ClassA, c.ClassB, c.OwnPay = money(r.total), money(r.classA), money(r.classB), money(r.classC)
	c.Funds = casefile.FundPayments{Pool: money(r.pool), Civil: money(r.civil), Serious: money(r.serious), Assist: money(r.assist), Other: decimal.Zero}
	c.Personal = casefile.PersonalPayment{SelfPay: money(r.selfPay), OwnPay: money(r.ownPay), Account: money(r.account), Cash: money(r.cash)}
	c.Items = c.Items[:0]
	for i := range r.items {
		it := &r.items[i]
		name := it.it.name
		if it.name != "" {
			name = it.name
		}
		c.Items = append(c.Items, casefile.FeeItem{
			Code: it.it.code, Name: name, Category: catCodes[it.it.cat], Level: it.it.level,
			SelfPayRatio: ratioDec[it.it.ratio], Quantity: decimal.New(it.qty, 0),
			Price: money(it.price), Amount: money(it.amount), NewItem: it.isNew,
		})
	}
}

var condStr = [4]string{"1", "2", "3", "4"}

var catCodes = [14]string{"01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13", "14"}

// appendIDs writes the settlement id, visit id and MRN back to back:
// S<hospital><seq:10>, M<hospital><seq:10>, BA<mrn:8>.
func appendIDs(b []byte, hosp string, seq uint64, mrn uint32) []byte {
	b = append(b, 'S')
	b = append(b, hosp...)
	b = appendPad(b, seq, 10)
	b = append(b, 'M')
	b = append(b, hosp...)
	b = appendPad(b, seq, 10)
	b = append(b, 'B', 'A')
	return appendPad(b, uint64(mrn), 8)
}

func appendPad(b []byte, v uint64, n int) []byte {
	var tmp [20]byte
	i := len(tmp)
	for v > 0 || i > len(tmp)-n {
		i--
		tmp[i] = byte('0' + v%10)
		v /= 10
	}
	return append(b, tmp[i:]...)
}

func appendName(b []byte, p *patient) []byte {
	b = append(b, surnames[p.surname].s...)
	a, c := givenName(p)
	b = append(b, a...)
	return append(b, c...)
}
