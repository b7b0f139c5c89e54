package account

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"time"

	"teyi/backend/internal/platform/audit"
	"teyi/backend/internal/platform/authn"
	"teyi/backend/internal/platform/authz"
)

// sessionRow is a stored session joined with its user's state.
type sessionRow struct {
	IDHash             []byte
	UserID             string
	CSRFToken          string
	MFAPassed          bool
	Grants             []byte
	CreatedAt          time.Time
	LastSeenAt         time.Time
	ExpiresAt          time.Time
	Username           string
	DisplayName        string
	Disabled           bool
	MustChangePassword bool
	TOTPEnabled        bool
}

// touchEvery limits last-seen writes to one a minute per session.
const touchEvery = time.Minute

// Authenticate implements authz.Authenticator for session cookies and API
// tokens. Expired, idle or disabled sessions are deleted and answer anonymous.
func (s *Service) Authenticate(ctx context.Context, c authz.Credentials) (*authz.Principal, error) {
	now := s.clock.Now()
	if c.BearerToken != "" {
		return s.authenticateToken(ctx, c.BearerToken, now)
	}
	if c.SessionToken == "" {
		return authz.Anonymous(), nil
	}
	id := authn.HashToken(c.SessionToken)
	var rows []sessionRow
	err := s.db.Conn(ctx).Raw(`SELECT s.id_hash, s.user_id, s.csrf_token, s.mfa_passed, s.grants, s.created_at, s.last_seen_at,
		s.expires_at, u.username, u.display_name, u.disabled, u.must_change_password, u.totp_enabled
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = ?`, id).Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return authz.Anonymous(), nil
	}
	r := rows[0]
	if r.Disabled || !now.Before(r.ExpiresAt) || now.Sub(r.LastSeenAt) >= s.cfg.SessionIdle {
		s.db.Conn(ctx).Exec(`DELETE FROM sessions WHERE id_hash = ?`, id) //nolint:errcheck
		return authz.Anonymous(), nil
	}
	if now.Sub(r.LastSeenAt) >= touchEvery {
		s.db.Conn(ctx).Exec(`UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?`, now, id) //nolint:errcheck
	}
	p := &authz.Principal{UserID: r.UserID, Username: r.Username, DisplayName: r.DisplayName,
		SessionID: hex.EncodeToString(id), CSRF: r.CSRFToken}
	json.Unmarshal(r.Grants, &p.Grants) //nolint:errcheck
	p.Pseudo = []string{authz.PseudoSession}
	switch {
	case !r.MFAPassed && r.TOTPEnabled:
		p.Pseudo = append(p.Pseudo, authz.PseudoMFAPending)
	case !r.MFAPassed:
		p.Pseudo = append(p.Pseudo, authz.PseudoTOTPEnrolment)
	case r.MustChangePassword:
		p.Pseudo = append(p.Pseudo, authz.PseudoPasswordChg)
	default:
		p.Pseudo = append(p.Pseudo, authz.PseudoAuthenticated)
	}
	return p, nil
}

// newSession stores a session for the user and returns the cookie token.
func (s *Service) newSession(ctx context.Context, userID string, mfaPassed bool, ip string) (token, csrf string, err error) {
	now := s.clock.Now()
	grants, err := s.store.grantsOf(ctx, userID)
	if err != nil {
		return "", "", err
	}
	token = authn.Token("")
	csrf = authn.Token("")
	// user_id leads: gorm would expand a []byte right after "(".
	err = s.db.Conn(ctx).Exec(`INSERT INTO sessions (user_id, id_hash, csrf_token, mfa_passed, grants, created_at, last_seen_at, expires_at, ip)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, userID, authn.HashToken(token), csrf, mfaPassed, grantsJSON(grants), now, now,
		now.Add(s.cfg.SessionMax), ip).Error
	return token, csrf, err
}

// Logout ends the caller's session.
func (s *Service) Logout(ctx context.Context) error {
	p := authz.PrincipalFrom(ctx)
	if p.SessionID == "" {
		return nil
	}
	id, _ := hex.DecodeString(p.SessionID)
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		if err := s.db.Conn(ctx).Exec(`DELETE FROM sessions WHERE id_hash = ?`, id).Error; err != nil {
			return err
		}
		return s.audit.Record(ctx, s.tenancy(ctx, p.UserID, audit.Event{Action: "auth.logout", ObjectType: "user", ObjectID: p.UserID}))
	})
}

func (s *Service) authenticateToken(ctx context.Context, token string, now time.Time) (*authz.Principal, error) {
	var rows []struct {
		ID, HospitalID, RegionCode, Name string
		Operations                       []byte
		ExpiresAt                        time.Time
		RevokedAt                        *time.Time
		LastUsedAt                       *time.Time
	}
	err := s.db.Conn(ctx).Raw(`SELECT t.id, t.hospital_id, h.region_code, t.name, array_to_json(t.operations) AS operations,
		t.expires_at, t.revoked_at, t.last_used_at FROM api_tokens t JOIN hospitals h ON h.id = t.hospital_id
		WHERE t.token_hash = ? AND h.active`, authn.HashToken(token)).Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 || rows[0].RevokedAt != nil || !now.Before(rows[0].ExpiresAt) {
		return authz.Anonymous(), nil
	}
	t := rows[0]
	if t.LastUsedAt == nil || now.Sub(*t.LastUsedAt) >= touchEvery {
		s.db.Conn(ctx).Exec(`UPDATE api_tokens SET last_used_at = ? WHERE id = ?`, now, t.ID) //nolint:errcheck
	}
	p := &authz.Principal{TokenID: t.ID, Username: "token:" + t.Name, Pseudo: []string{},
		Grants: []authz.Grant{{Role: authz.RoleHospitalSystem, Kind: authz.KindHospital, ID: t.HospitalID, Region: t.RegionCode}}}
	json.Unmarshal(t.Operations, &p.TokenOps) //nolint:errcheck
	return p, nil
}

func sessionID(p *authz.Principal) []byte {
	b, _ := hex.DecodeString(p.SessionID)
	return b
}
