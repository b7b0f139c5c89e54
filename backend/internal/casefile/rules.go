package casefile

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"teyi/backend/internal/platform/audit"
	"teyi/backend/internal/platform/authz"
)

// ErrStale is a write against an old version of a row.
var ErrStale = errors.New("changed by someone else since you read it: reload and try again")

// RegionRules is a region's screening configuration as the API shows it.
type RegionRules struct {
	RegionCode string      `json:"region_code"`
	Rules      ScreenRules `json:"rules"`
	// Version is 0 while the region uses the defaults.
	Version   int        `json:"version"`
	Default   bool       `json:"default"`
	UpdatedAt *time.Time `json:"updated_at,omitempty"`
}

// RulesFor returns a region's screening rules (the defaults when it has
// none); imports call it when they start.
func (s *Service) RulesFor(ctx context.Context, region string) (RegionRules, error) {
	var row struct {
		Rules     []byte
		Version   int
		UpdatedAt time.Time
	}
	res := s.DB.Conn(ctx).Raw(`SELECT rules, version, updated_at FROM screening_rules WHERE region_code = ?`, region).Scan(&row)
	if res.Error != nil {
		return RegionRules{}, res.Error
	}
	out := RegionRules{RegionCode: region, Rules: s.Env.Rules, Default: true}
	if res.RowsAffected == 0 {
		return out, nil
	}
	var r ScreenRules
	if err := json.Unmarshal(row.Rules, &r); err != nil {
		return RegionRules{}, err
	}
	out.Rules, out.Version, out.Default, out.UpdatedAt = r, row.Version, false, &row.UpdatedAt
	return out, nil
}

// ScreeningRules returns the caller's region's rules.
func (s *Service) ScreeningRules(ctx context.Context) (RegionRules, error) {
	region := scopeRegion(ctx)
	if region == "" {
		return RegionRules{}, ErrNotFound
	}
	return s.RulesFor(ctx, region)
}

// SetScreeningRules replaces the caller's region's rules; version is the
// one read (0 for the defaults). The change is audited.
func (s *Service) SetScreeningRules(ctx context.Context, rules ScreenRules, version int) (RegionRules, error) {
	sc := authz.ScopeFrom(ctx)
	if sc.Kind != authz.KindRegion || sc.RegionCode == "" {
		return RegionRules{}, ErrNotFound
	}
	if err := rules.Validate(); err != nil {
		return RegionRules{}, &FieldError{Field: "rules", Message: err.Error()}
	}
	var by any
	if p := authz.PrincipalFrom(ctx); p.UserID != "" {
		by = p.UserID
	}
	body, _ := json.Marshal(rules)
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		old, err := s.RulesFor(ctx, sc.RegionCode)
		if err != nil {
			return err
		}
		if old.Version != version {
			return ErrStale
		}
		if version == 0 {
			err = s.DB.Conn(ctx).Exec(`INSERT INTO screening_rules (region_code, rules, updated_by) VALUES (?, ?, ?)
				ON CONFLICT (region_code) DO NOTHING`, sc.RegionCode, body, by).Error
		} else {
			err = s.DB.Conn(ctx).Exec(`UPDATE screening_rules SET rules = ?, version = version + 1, updated_by = ?, updated_at = now()
				WHERE region_code = ? AND version = ?`, body, by, sc.RegionCode, version).Error
		}
		if err != nil {
			return err
		}
		return s.Audit.Record(ctx, audit.Event{Action: "cases.screening.update", ObjectType: "screening_rules", ObjectID: sc.RegionCode,
			Old: old.Rules, New: rules, RegionCode: sc.RegionCode})
	})
	if err != nil {
		return RegionRules{}, err
	}
	return s.RulesFor(ctx, sc.RegionCode)
}
