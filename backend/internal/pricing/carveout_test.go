package pricing

import (
	"testing"

	"github.com/shopspring/decimal"
)

// Registered 除外支付 items (domain.md §1.2): the DRG is priced on the cost
// without them, and the fund pays them by item on top. Every figure below
// is worked by hand.

func registered(code string, class FeeClass, amount string, ratio string) FeeLine {
	l := FeeLine{Code: code, Class: class, Amount: d(amount), CarveOut: true, NewItem: true}
	if ratio != "" {
		l.SelfPayRatio = decimal.NewNullDecimal(d(ratio))
	}
	return l
}

func TestCarveOutAddsTheItemToTheFundPaymentByItem(t *testing.T) {
	v := mustDraft(t, exampleSpec())
	stent := registered("C13150101900001", ClassB, "7000", "0.3")
	c := tertiaryCase("16000", line(ClassA, "8000"), stent, line(ClassC, "1000"))
	o := mustPrice(t, v, c)
	wantMoney(t, "carved out", o.CarvedOut, "7000")
	wantMoney(t, "bundle cost", o.BundleCost, "9000")
	wantMoney(t, "cost ratio", o.CostRatio, "0.7143") // 9,000 ÷ 12,600
	wantMoney(t, "DRG payment", o.DRGPayment, "12600")
	// Patient by item, the stent included: 丙 1,000; 乙 self-pay 30% of
	// 7,000 = 2,100; in scope 12,900; deductible 800; fund share 85% of
	// 12,100 = 10,285; co-pay 1,815.
	wantMoney(t, "乙类 self-pay", o.Patient.ClassBSelfPay, "2100")
	wantMoney(t, "fund share", o.FundShare, "10285")
	wantMoney(t, "patient share", o.PatientShare, "5715")
	// 12,600 + 7,000 − 5,715
	wantMoney(t, "fund payment", o.FundPayment, "13885")
	wantMoney(t, "hospital payment", o.HospitalPayment, "19600")
	if len(o.CarvedItems) != 1 || o.CarvedItems[0].Code != "C13150101900001" || !o.CarvedItems[0].Amount.Equal(d("7000")) {
		t.Errorf("carved items %+v", o.CarvedItems)
	}

	// The same case without the registration: the stent stays in the
	// bundle, the DRG pays the standard and the hospital 7,000 less.
	stent.CarveOut = false
	o = mustPrice(t, v, tertiaryCase("16000", line(ClassA, "8000"), stent, line(ClassC, "1000")))
	wantMoney(t, "unregistered fund payment", o.FundPayment, "6885")
	wantMoney(t, "unregistered hospital payment", o.HospitalPayment, "12600")
	if len(o.CarvedItems) != 0 || !o.CarvedOut.IsZero() {
		t.Errorf("unregistered: carved %s %+v", o.CarvedOut, o.CarvedItems)
	}
}

func TestCarveOutLinesOfOneCodeAddUpToTheCent(t *testing.T) {
	v := mustDraft(t, exampleSpec())
	a := registered("C13150101900001", ClassB, "3500.55", "0.3")
	b := registered("C13150101900001", ClassB, "3499.45", "0.3")
	o := mustPrice(t, v, tertiaryCase("16000", line(ClassA, "8000"), a, line(ClassC, "1000"), b))
	wantMoney(t, "carved out", o.CarvedOut, "7000")
	if len(o.CarvedItems) != 1 || !o.CarvedItems[0].Amount.Equal(d("7000")) {
		t.Errorf("carved items %+v, want one line of 7000", o.CarvedItems)
	}
	// 乙 self-pay per line: 1,050.165 → 1,050.17 and 1,049.835 → 1,049.84.
	wantMoney(t, "乙类 self-pay", o.Patient.ClassBSelfPay, "2100.01")
	wantMoney(t, "fund share", o.FundShare, "10284.99") // 85% × 12,099.99 = 10,284.9915
	wantMoney(t, "patient share", o.PatientShare, "5715.01")
	wantMoney(t, "fund payment", o.FundPayment, "13884.99")
	wantMoney(t, "hospital payment", o.HospitalPayment, "19600")
}

func TestCarveOutUnderTheProRataFundRule(t *testing.T) {
	s := exampleSpec()
	s.FundPayment = FundPaysProRata
	v := mustDraft(t, s)
	o := mustPrice(t, v, tertiaryCase("16000", line(ClassA, "8000"), registered("C13150101900001", ClassB, "7000", "0.3"), line(ClassC, "1000")))
	// 10,285 × (12,600 + 7,000) ÷ 16,000 = 12,599.125 → 12,599.13 (half-up)
	wantMoney(t, "fund payment", o.FundPayment, "12599.13")
	wantMoney(t, "hospital payment", o.HospitalPayment, "18314.13")
}

func TestCarveOutOfAHighOutlierPaidByItem(t *testing.T) {
	v := mustDraft(t, exampleSpec())
	drug := registered("XL01XCA350B001", ClassA, "10000", "")
	o := mustPrice(t, v, tertiaryCase("60000", line(ClassA, "50000"), drug))
	// The bundle (50,000) is still above 3 × 12,600 = 37,800.
	if o.Class != High {
		t.Fatalf("class %s, want high", o.Class)
	}
	wantMoney(t, "cost ratio", o.CostRatio, "3.9683")
	wantMoney(t, "DRG payment", o.DRGPayment, "50000")
	wantMoney(t, "fund share", o.FundShare, "50320") // 85% × 59,200
	wantMoney(t, "patient share", o.PatientShare, "9680")
	wantMoney(t, "fund payment", o.FundPayment, "50320") // 50,000 + 10,000 − 9,680
	wantMoney(t, "hospital payment", o.HospitalPayment, "60000")
}
