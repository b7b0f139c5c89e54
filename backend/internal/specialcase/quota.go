package specialcase

import (
	"context"
	"time"

	"github.com/shopspring/decimal"

	"teyi/backend/internal/platform/authz"
	"teyi/backend/internal/platform/calendar"
)

// Gauge is the quota's state for one key and period.
type QuotaGauge struct {
	Scope      string `json:"scope"`
	Key        string `json:"-"`
	Period     string `json:"period"`
	From       string `json:"from"`
	To         string `json:"to"`
	Discharges int    `json:"discharges"`
	Cap        int    `json:"cap"`
	Used       int    `json:"used"`
	Remaining  int    `json:"remaining"`
	// Warn is set from the warning share of the cap (80 %) on; Full at 100 %.
	Warn bool `json:"warn"`
	Full bool `json:"full"`
	// Hospitals is the use per hospital (region scope, for the bureau; a
	// hospital sees its own line only).
	Hospitals []HospitalUse `json:"hospitals"`
}

// HospitalUse is one hospital's applications holding the quota.
type HospitalUse struct {
	HospitalID string `json:"hospital_id"`
	Name       string `json:"name"`
	Used       int    `json:"used"`
}

// capTTL is how long the discharge count behind a cap is reused: counting a
// region's quarter reads hundreds of thousands of index entries, and the
// cap moves only with imports.
const capTTL = 5 * time.Minute

func dayStart(d calendar.Date) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, beijing)
}

func periodLabel(from, to calendar.Date) string {
	return from.String() + "~" + to.AddDays(-1).String()
}

// base returns the quota key, the period and the cap for a case discharged
// on dis in region/hospital.
func (s *Service) base(ctx context.Context, rules Rules, region, hospital string, dis calendar.Date) (*QuotaGauge, error) {
	from, to := rules.QuotaPeriod(dis)
	g := &QuotaGauge{Scope: rules.QuotaScope, Key: region, Period: periodLabel(from, to), From: from.String(), To: to.AddDays(-1).String()}
	countHospital := ""
	if rules.QuotaScope == "hospital" {
		g.Key, countHospital = hospital, hospital
	}
	ck := g.Key + "|" + g.Period
	if e, ok := s.caps.Load(ck); ok && s.Clock.Now().Sub(e.(capEntry).at) < capTTL {
		g.Discharges = e.(capEntry).n
	} else {
		n, err := s.Cases.Discharges(ctx, region, countHospital, dayStart(from), dayStart(to))
		if err != nil {
			return nil, err
		}
		s.caps.Store(ck, capEntry{n: n, at: s.Clock.Now()})
		g.Discharges = n
	}
	g.Cap = rules.QuotaCap(g.Discharges)
	return g, nil
}

func (g *QuotaGauge) fill(used int, warnAt decimal.Decimal) {
	g.Used = used
	g.Remaining = max(g.Cap-used, 0)
	g.Full = used >= g.Cap
	g.Warn = g.Full || decimal.NewFromInt(int64(used)).GreaterThanOrEqual(warnAt.Mul(decimal.NewFromInt(int64(g.Cap))))
}

// takeQuota takes one unit of the quota for a, or refuses with the cap and
// the count. The conditional increment runs under the usage row's lock, so
// concurrent submissions never pass the cap.
func (s *Service) takeQuota(ctx context.Context, a *Application, today calendar.Date) (*QuotaGauge, error) {
	rules, err := s.Rules.Rules(ctx, a.RegionCode, today)
	if err != nil {
		return nil, err
	}
	dis, err := calendar.ParseDate(a.DischargedOn)
	if err != nil {
		return nil, err
	}
	g, err := s.base(ctx, rules, a.RegionCode, a.HospitalID, dis)
	if err != nil {
		return nil, err
	}
	conn := s.DB.Conn(ctx)
	var used []int
	if g.Cap > 0 {
		if err := conn.Raw(`INSERT INTO special_quota_usage (quota_key, period, used) VALUES (?, ?, 1)
			ON CONFLICT (quota_key, period) DO UPDATE SET used = special_quota_usage.used + 1
			WHERE special_quota_usage.used < ? RETURNING used`, g.Key, g.Period, g.Cap).Scan(&used).Error; err != nil {
			return nil, err
		}
	}
	if len(used) == 0 {
		var n int
		if err := conn.Raw(`SELECT coalesce(max(used), 0) FROM special_quota_usage WHERE quota_key = ? AND period = ?`,
			g.Key, g.Period).Scan(&n).Error; err != nil {
			return nil, err
		}
		return nil, &QuotaError{Cap: g.Cap, Used: n, Period: g.Period, Scope: g.Scope}
	}
	g.fill(used[0], rules.QuotaWarnAt)
	return g, nil
}

// releaseQuota gives a's unit back: always on a rejection at intake; on a
// withdrawal only within the replacement share (the Zhejiang rule: before
// annual clearance a hospital may replace up to ReplaceShare of its
// applications of the year); otherwise the withdrawn application still
// counts.
func (s *Service) releaseQuota(ctx context.Context, a *Application, withdrawal bool) error {
	if !a.QuotaHeld {
		return nil
	}
	conn := s.DB.Conn(ctx)
	if withdrawal {
		rules, err := s.Rules.Rules(ctx, a.RegionCode, calendar.DateOf(s.Clock.Now()))
		if err != nil {
			return err
		}
		if !rules.ReplaceShare.IsPositive() {
			return nil
		}
		year := a.DischargedOn[:4]
		var submitted int
		if err := conn.Raw(`SELECT count(*) FROM special_applications WHERE hospital_id = ? AND submitted_at IS NOT NULL
			AND to_char(discharged_on, 'YYYY') = ?`, a.HospitalID, year).Scan(&submitted).Error; err != nil {
			return err
		}
		allowed := rules.ReplaceShare.Mul(decimal.NewFromInt(int64(submitted))).Floor().IntPart()
		var took []int
		if err := conn.Raw(`INSERT INTO special_quota_usage (quota_key, period, used) SELECT ?, ?, 1 WHERE ? >= 1
			ON CONFLICT (quota_key, period) DO UPDATE SET used = special_quota_usage.used + 1
			WHERE special_quota_usage.used < ? RETURNING used`, "replace:"+a.HospitalID, year, allowed, allowed).Scan(&took).Error; err != nil {
			return err
		}
		if len(took) == 0 {
			return nil
		}
	}
	if err := conn.Exec(`UPDATE special_quota_usage SET used = used - 1 WHERE quota_key = ? AND period = ? AND used > 0`,
		a.QuotaKey, a.QuotaPeriod).Error; err != nil {
		return err
	}
	return conn.Exec(`UPDATE special_applications SET quota_held = false WHERE id = ?`, a.ID).Error
}

// Quota returns the gauges of the period holding day and the one before
// (the window usually takes the previous period's discharges), for the
// caller's hospital or region (a region caller may name a hospital).
func (s *Service) Quota(ctx context.Context, day calendar.Date, hospitalID string) ([]QuotaGauge, error) {
	sc := authz.ScopeFrom(ctx)
	region := sc.RegionCode
	switch sc.Kind {
	case authz.KindHospital:
		hospitalID = sc.HospitalID
	case authz.KindRegion:
		if hospitalID != "" {
			var n int
			if err := s.DB.Conn(ctx).Raw(`SELECT count(*) FROM hospitals WHERE id = ? AND region_code = ?`, hospitalID, region).Scan(&n).Error; err != nil {
				return nil, err
			}
			if n == 0 {
				return nil, ErrNotFound
			}
		}
	default:
		return nil, ErrNotFound
	}
	rules, err := s.Rules.Rules(ctx, region, day)
	if err != nil {
		return nil, err
	}
	from, _ := rules.QuotaPeriod(day)
	var out []QuotaGauge
	for _, d := range []calendar.Date{from.AddDays(-1), day} {
		g, err := s.base(ctx, rules, region, hospitalID, d)
		if err != nil {
			return nil, err
		}
		var used int
		if err := s.DB.Conn(ctx).Raw(`SELECT coalesce(max(used), 0) FROM special_quota_usage WHERE quota_key = ? AND period = ?`,
			g.Key, g.Period).Scan(&used).Error; err != nil {
			return nil, err
		}
		g.fill(used, rules.QuotaWarnAt)
		q := `SELECT a.hospital_id::text AS hospital_id, h.name, count(*) AS used FROM special_applications a
			JOIN hospitals h ON h.id = a.hospital_id WHERE a.quota_key = ? AND a.quota_period = ? AND a.quota_held`
		args := []any{g.Key, g.Period}
		if hospitalID != "" {
			q += ` AND a.hospital_id = ?`
			args = append(args, hospitalID)
		}
		if err := s.DB.Conn(ctx).Raw(q+` GROUP BY 1, 2 ORDER BY 3 DESC, 2`, args...).Scan(&g.Hospitals).Error; err != nil {
			return nil, err
		}
		if g.Hospitals == nil {
			g.Hospitals = []HospitalUse{}
		}
		out = append(out, *g)
	}
	return out, nil
}
