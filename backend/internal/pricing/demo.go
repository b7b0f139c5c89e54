package pricing

import (
	"bytes"
	_ "embed"
	"fmt"
	"sync"
	"time"

	"github.com/shopspring/decimal"
)

// The demo pack's weights are Yantai's 2023 catalogue (all 628 CHS-DRG 1.1
// groups plus 未入组 and the QY groups); see testdata/README.md for the
// source and licence. The file lives in testdata so the tests read the very
// bytes the demo embeds.
//
//go:embed testdata/yantai_2023.csv
var yantaiCSV []byte

var demoWeights = sync.OnceValues(func() (map[string]decimal.Decimal, error) {
	cat, probs, err := ReadCatalogue(bytes.NewReader(yantaiCSV), "yantai_2023.csv")
	if err != nil {
		return nil, err
	}
	if len(probs) > 0 {
		return nil, fmt.Errorf("pricing: demo catalogue: %v", probs[0])
	}
	return cat.Weights(), nil
})

// Demo returns an active rate-method version for the demo data and tests:
// Yantai 2023 weights with ILLUSTRATIVE parameters — not Yantai's or any
// region's real rates. Base rates ¥10,000 (employee) and ¥9,000 (resident)
// per RW; coefficients 1.05 / 1.00 / 0.90 for tertiary / secondary / primary
// hospitals; the default outlier policy (high > 3× tertiary, > 2× otherwise,
// low ≤ 0.4×; outliers paid by item); deductibles ¥800 / ¥500 / ¥300; fund
// ratios 85% / 88% / 90% (employee) and 70% / 75% / 80% (resident); 乙类
// 先行自付 10%. The tertiary figures are those of domain.md §2.4–2.5. It is in
// force for the whole year, activated on 1 January by "demo". Demo panics if
// region is empty or year is outside 2000–2100.
func Demo(region string, year int) *Version {
	w, err := demoWeights()
	if err != nil {
		panic(err)
	}
	d := decimal.RequireFromString
	spec := Spec{
		ID:            fmt.Sprintf("demo-%s-%d", region, year),
		Region:        region,
		Year:          year,
		Number:        1,
		Source:        "yantai_2023.csv weights; illustrative rates",
		EffectiveFrom: NewDate(year, time.January, 1),
		EffectiveTo:   NewDate(year, time.December, 31),
		Method:        RateMethod,
		Weights:       w,
		BaseRates:     map[Fund]decimal.Decimal{Employee: d("10000"), Resident: d("9000")},
		LevelCoefficients: map[Level]decimal.Decimal{
			Tertiary: d("1.05"), Secondary: d("1.00"), Primary: d("0.90"),
		},
		PatientShare: PatientShare{
			Deductibles: map[Level]decimal.Decimal{Tertiary: d("800"), Secondary: d("500"), Primary: d("300")},
			FundRatios: map[Level]map[Fund]decimal.Decimal{
				Tertiary:  {Employee: d("0.85"), Resident: d("0.70")},
				Secondary: {Employee: d("0.88"), Resident: d("0.75")},
				Primary:   {Employee: d("0.90"), Resident: d("0.80")},
			},
			ClassBSelfPay: d("0.10"),
		},
	}
	at := time.Date(year, time.January, 1, 0, 0, 0, 0, chinaTime)
	v, err := Restore(spec, Active, at, "demo")
	if err != nil {
		panic(fmt.Sprintf("pricing: demo version %s/%d: %v", region, year, err))
	}
	return v
}
