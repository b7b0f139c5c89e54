package account

import (
	"context"
	"errors"
	"time"

	"github.com/alexedwards/argon2id"

	"teyi/backend/internal/platform/audit"
	"teyi/backend/internal/platform/authn"
	"teyi/backend/internal/platform/authz"
	"teyi/backend/internal/platform/clock"
	"teyi/backend/internal/platform/config"
	"teyi/backend/internal/platform/database"
)

// Service is the account use cases.
type Service struct {
	db     *database.DB
	store  *store
	audit  *audit.Log
	hasher *authn.Hasher
	clock  clock.Clock
	cfg    config.Config
	mfa    map[string]bool
}

// Options tune the service; zero values take production defaults.
type Options struct {
	Clock  clock.Clock
	Argon2 *argon2id.Params
}

// NewService builds the service.
func NewService(db *database.DB, cfg config.Config, o Options) *Service {
	if o.Clock == nil {
		o.Clock = clock.Real{}
	}
	p := authn.DefaultParams
	if o.Argon2 != nil {
		p = *o.Argon2
	}
	mfa := map[string]bool{}
	for _, r := range cfg.MFARoles {
		mfa[r] = true
	}
	return &Service{db: db, store: &store{db: db}, audit: audit.New(db, o.Clock), hasher: authn.NewHasher(p),
		clock: o.Clock, cfg: cfg, mfa: mfa}
}

// Audit exposes the audit log (for the search operation and denials).
func (s *Service) Audit() *audit.Log { return s.audit }

// LoginResult says what the client must do next.
type LoginResult struct {
	Next  string `json:"next" enum:"done,totp,enrol_totp,change_password" doc:"The next step of signing in"`
	Token string `json:"-"`
	CSRF  string `json:"csrf_token"`
}

// Next steps.
const (
	NextDone           = "done"
	NextTOTP           = "totp"
	NextEnrolTOTP      = "enrol_totp"
	NextChangePassword = "change_password"
)

// Login checks a username and password. Every failure (unknown user, wrong
// password, locked account or address, disabled user) gives the same error
// after the same work, so answers do not reveal which accounts exist.
func (s *Service) Login(ctx context.Context, username, password, ip string) (*LoginResult, error) {
	now := s.clock.Now()
	c, err := s.store.credentialsByName(ctx, username)
	if err != nil {
		return nil, err
	}
	ipLocked, err := s.ipLocked(ctx, ip, now)
	if err != nil {
		return nil, err
	}
	hash := ""
	if c != nil {
		hash = c.PasswordHash
	}
	ok := s.hasher.Check(password, hash)
	accountLocked := c != nil && c.LockedUntil != nil && now.Before(*c.LockedUntil)
	if c == nil || !ok || accountLocked || ipLocked || c.Disabled {
		reason := "bad_credentials"
		switch {
		case c != nil && c.Disabled:
			reason = "disabled"
		case accountLocked:
			reason = "account_locked"
		case ipLocked:
			reason = "address_locked"
		}
		return nil, s.loginFailed(ctx, c, ip, now, reason, !ok)
	}
	var res *LoginResult
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		if err := s.db.Conn(ctx).Exec(`UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?`, c.ID).Error; err != nil {
			return err
		}
		s.db.Conn(ctx).Exec(`DELETE FROM login_throttle WHERE key = ?`, "ip:"+ip) //nolint:errcheck
		grants, err := s.store.grantsOf(ctx, c.ID)
		if err != nil {
			return err
		}
		mfaNeeded := c.TOTPEnabled || (s.requiresMFA(grants) && !(s.cfg.Demo && c.Demo))
		token, csrf, err := s.newSession(ctx, c.ID, !mfaNeeded, ip)
		if err != nil {
			return err
		}
		res = &LoginResult{Token: token, CSRF: csrf, Next: NextDone}
		switch {
		case c.TOTPEnabled:
			res.Next = NextTOTP
		case mfaNeeded:
			res.Next = NextEnrolTOTP
		case c.MustChangePassword:
			res.Next = NextChangePassword
		}
		actx := audit.WithActor(ctx, withUser(audit.ActorFrom(ctx), c))
		return s.audit.Record(actx, s.tenancy(ctx, c.ID, audit.Event{Action: "auth.login", ObjectType: "user", ObjectID: c.ID,
			New: map[string]any{"next": res.Next}}))
	})
	return res, err
}

func withUser(a audit.Actor, c *credentials) audit.Actor {
	a.UserID, a.Name = c.ID, c.Username
	return a
}

func (s *Service) requiresMFA(grants []authz.Grant) bool {
	for _, g := range grants {
		if s.mfa[g.Role] {
			return true
		}
	}
	return false
}

// lockFor doubles the lockout for each failure beyond the threshold, capped
// at a day.
func (s *Service) lockFor(failures int) time.Duration {
	d := s.cfg.LoginLockout
	for i := s.cfg.LoginMaxFailures; i < failures && d < 24*time.Hour; i++ {
		d *= 2
	}
	if d > 24*time.Hour {
		d = 24 * time.Hour
	}
	return d
}

func (s *Service) ipLocked(ctx context.Context, ip string, now time.Time) (bool, error) {
	var rows []struct{ LockedUntil *time.Time }
	err := s.db.Conn(ctx).Raw(`SELECT locked_until FROM login_throttle WHERE key = ?`, "ip:"+ip).Scan(&rows).Error
	return err == nil && len(rows) == 1 && rows[0].LockedUntil != nil && now.Before(*rows[0].LockedUntil), err
}

// loginFailed counts the failure against the account (if it exists) and the
// address, locks either at the threshold, and audits it.
func (s *Service) loginFailed(ctx context.Context, c *credentials, ip string, now time.Time, reason string, badPassword bool) error {
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		conn := s.db.Conn(ctx)
		var ipFailures int
		err := conn.Raw(`INSERT INTO login_throttle (key, failures, window_start) VALUES (?, 1, ?)
			ON CONFLICT (key) DO UPDATE SET failures = login_throttle.failures + 1 RETURNING failures`, "ip:"+ip, now).Scan(&ipFailures).Error
		if err != nil {
			return err
		}
		if ipFailures >= s.cfg.LoginMaxFailures {
			if err := conn.Exec(`UPDATE login_throttle SET locked_until = ? WHERE key = ?`, now.Add(s.lockFor(ipFailures)), "ip:"+ip).Error; err != nil {
				return err
			}
		}
		ev := audit.Event{Action: "auth.login_failed", New: map[string]any{"reason": reason}}
		if c != nil {
			ev.ObjectType, ev.ObjectID = "user", c.ID
			if badPassword || reason == "account_locked" {
				n := c.FailedLogins + 1
				var until *time.Time
				if n >= s.cfg.LoginMaxFailures {
					t := now.Add(s.lockFor(n))
					until = &t
					if c.LockedUntil == nil || !now.Before(*c.LockedUntil) {
						if err := s.audit.Record(ctx, s.tenancy(ctx, c.ID, audit.Event{Action: "auth.lockout", ObjectType: "user", ObjectID: c.ID,
							New: map[string]any{"until": t.Format(time.RFC3339), "failures": n}})); err != nil {
							return err
						}
					}
				}
				if err := conn.Exec(`UPDATE users SET failed_logins = ?, locked_until = COALESCE(?, locked_until) WHERE id = ?`, n, until, c.ID).Error; err != nil {
					return err
				}
			}
		}
		if c != nil {
			ev = s.tenancy(ctx, c.ID, ev)
		}
		return s.audit.Record(ctx, ev)
	})
	if err != nil {
		return err
	}
	return ErrInvalidLogin
}

// VerifyTOTP completes sign-in with a TOTP or recovery code.
func (s *Service) VerifyTOTP(ctx context.Context, code string) (string, error) {
	p := authz.PrincipalFrom(ctx)
	now := s.clock.Now()
	next := NextDone
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		c, err := s.store.credentialsByID(ctx, p.UserID)
		if err != nil || c == nil {
			return ErrNotFound
		}
		if c.TOTPSecret == nil || !c.TOTPEnabled {
			return invalid("code", "no second factor is enrolled")
		}
		ok := false
		method := "totp"
		if step, good := authn.CheckTOTP(*c.TOTPSecret, code, now, c.TOTPLastStep); good {
			ok = true
			if err := s.db.Conn(ctx).Exec(`UPDATE users SET totp_last_step = ? WHERE id = ?`, step, c.ID).Error; err != nil {
				return err
			}
		} else if authn.LooksLikeRecoveryCode(code) {
			res := s.db.Conn(ctx).Exec(`UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL`,
				now, c.ID, authn.HashRecoveryCode(code))
			if res.Error != nil {
				return res.Error
			}
			ok, method = res.RowsAffected == 1, "recovery_code"
		}
		if !ok {
			return errTOTP
		}
		id := sessionID(p)
		if err := s.db.Conn(ctx).Exec(`UPDATE sessions SET mfa_passed = true WHERE id_hash = ?`, id).Error; err != nil {
			return err
		}
		if c.MustChangePassword {
			next = NextChangePassword
		}
		return s.audit.Record(ctx, s.tenancy(ctx, c.ID, audit.Event{Action: "auth.second_factor", ObjectType: "user", ObjectID: c.ID,
			New: map[string]any{"method": method}}))
	})
	if errors.Is(err, errTOTP) {
		s.audit.Record(ctx, s.tenancy(ctx, p.UserID, audit.Event{Action: "auth.second_factor_failed", ObjectType: "user", ObjectID: p.UserID})) //nolint:errcheck
	}
	return next, err
}

var errTOTP = invalid("code", "验证码错误或已使用 (invalid or already used code)")

// ChangePassword sets a new password after checking the current one.
func (s *Service) ChangePassword(ctx context.Context, current, next string) error {
	p := authz.PrincipalFrom(ctx)
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		c, err := s.store.credentialsByID(ctx, p.UserID)
		if err != nil || c == nil {
			return ErrNotFound
		}
		if !s.hasher.Check(current, c.PasswordHash) {
			return invalid("current_password", "当前密码不正确 (the current password is wrong)")
		}
		if current == next {
			return invalid("new_password", "新密码不能与当前密码相同 (choose a different password)")
		}
		if err := authn.CheckPolicy(c.Username, next); err != nil {
			return invalid("new_password", err.Error())
		}
		hash, err := s.hasher.Hash(next)
		if err != nil {
			return err
		}
		if err := s.db.Conn(ctx).Exec(`UPDATE users SET password_hash = ?, must_change_password = false, password_changed_at = ?,
			updated_at = ?, version = version + 1 WHERE id = ?`, hash, s.clock.Now(), s.clock.Now(), c.ID).Error; err != nil {
			return err
		}
		// Other sessions of this user end; this one stays.
		if err := s.db.Conn(ctx).Exec(`DELETE FROM sessions WHERE user_id = ? AND id_hash <> ?`, c.ID, sessionID(p)).Error; err != nil {
			return err
		}
		return s.audit.Record(ctx, s.tenancy(ctx, c.ID, audit.Event{Action: "user.password_change", ObjectType: "user", ObjectID: c.ID}))
	})
}

// BeginEnrolment offers a new TOTP secret; it takes effect on confirmation.
func (s *Service) BeginEnrolment(ctx context.Context) (authn.Enrolment, error) {
	p := authz.PrincipalFrom(ctx)
	e, err := authn.NewEnrolment("Teyi 特议", p.Username)
	if err != nil {
		return e, err
	}
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		c, err := s.store.credentialsByID(ctx, p.UserID)
		if err != nil || c == nil {
			return ErrNotFound
		}
		if c.TOTPEnabled {
			return invalid("totp", "a second factor is already enrolled; ask an administrator to reset it")
		}
		return s.db.Conn(ctx).Exec(`UPDATE users SET totp_secret = ? WHERE id = ?`, e.Secret, c.ID).Error
	})
	return e, err
}

// ConfirmEnrolment turns the offered secret on when code matches, and
// returns ten one-time recovery codes (shown once).
func (s *Service) ConfirmEnrolment(ctx context.Context, code string) ([]string, error) {
	p := authz.PrincipalFrom(ctx)
	var codes []string
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		c, err := s.store.credentialsByID(ctx, p.UserID)
		if err != nil || c == nil {
			return ErrNotFound
		}
		if c.TOTPEnabled || c.TOTPSecret == nil {
			return invalid("code", "start the enrolment first")
		}
		step, ok := authn.CheckTOTP(*c.TOTPSecret, code, s.clock.Now(), c.TOTPLastStep)
		if !ok {
			return errTOTP
		}
		conn := s.db.Conn(ctx)
		if err := conn.Exec(`UPDATE users SET totp_enabled = true, totp_last_step = ?, updated_at = ?, version = version + 1 WHERE id = ?`,
			step, s.clock.Now(), c.ID).Error; err != nil {
			return err
		}
		if err := conn.Exec(`DELETE FROM recovery_codes WHERE user_id = ?`, c.ID).Error; err != nil {
			return err
		}
		var hashes [][]byte
		codes, hashes = authn.NewRecoveryCodes(10)
		for _, h := range hashes {
			if err := conn.Exec(`INSERT INTO recovery_codes (user_id, code_hash) VALUES (?, ?)`, c.ID, h).Error; err != nil {
				return err
			}
		}
		if err := conn.Exec(`UPDATE sessions SET mfa_passed = true WHERE id_hash = ?`, sessionID(p)).Error; err != nil {
			return err
		}
		return s.audit.Record(ctx, s.tenancy(ctx, c.ID, audit.Event{Action: "user.totp_enrol", ObjectType: "user", ObjectID: c.ID}))
	})
	return codes, err
}

// tenancy tags an event about userID with the user's region and hospital, so
// that the region's administrators find it in their audit search.
func (s *Service) tenancy(ctx context.Context, userID string, e audit.Event) audit.Event {
	if userID == "" {
		return e
	}
	var t []struct {
		RegionCode *string
		HospitalID *string
	}
	s.db.Conn(ctx).Raw(`SELECT region_code, hospital_id::text AS hospital_id FROM users WHERE id = ?`, userID).Scan(&t)
	if len(t) == 1 {
		e.RegionCode, e.HospitalID = deref(t[0].RegionCode), deref(t[0].HospitalID)
	}
	return e
}
