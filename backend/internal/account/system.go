package account

import (
	"context"

	"teyi/backend/internal/platform/audit"
	"teyi/backend/internal/platform/authn"
	"teyi/backend/internal/platform/authz"
)

// SystemContext acts as the named system process (seed, shell commands) with
// system-wide scope; its actions are audited under that name.
func SystemContext(ctx context.Context, name string) context.Context {
	ctx = audit.WithActor(ctx, audit.Actor{Name: name, Role: "system"})
	return authz.WithPrincipal(ctx, &authz.Principal{Username: name}, authz.Scope{Kind: authz.KindSystem, Role: authz.RoleSysadmin})
}

// UserIDByName finds a user id ("" when there is none).
func (s *Service) UserIDByName(ctx context.Context, username string) (string, error) {
	c, err := s.store.credentialsByName(ctx, username)
	if err != nil || c == nil {
		return "", err
	}
	return c.ID, nil
}

// SetPassword sets a user's password from the shell (admin commands, demo
// seeding). mustChange forces a change at the next sign-in.
func (s *Service) SetPassword(ctx context.Context, userID, password string, mustChange, demo bool) error {
	hash, err := s.hasher.Hash(password)
	if err != nil {
		return err
	}
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		if err := s.db.Conn(ctx).Exec(`UPDATE users SET password_hash = ?, must_change_password = ?, demo = ?, failed_logins = 0,
			locked_until = NULL, updated_at = ? WHERE id = ?`, hash, mustChange, demo, s.clock.Now(), userID).Error; err != nil {
			return err
		}
		if err := s.store.endSessions(ctx, userID); err != nil {
			return err
		}
		return s.audit.Record(ctx, s.tenancy(ctx, userID, audit.Event{Action: "user.password_set", ObjectType: "user", ObjectID: userID}))
	})
}

// ResetSecondFactor removes a user's TOTP so they enrol again.
func (s *Service) ResetSecondFactor(ctx context.Context, userID string) error {
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		if err := s.db.Conn(ctx).Exec(`UPDATE users SET totp_enabled = false, totp_secret = NULL, totp_last_step = 0 WHERE id = ?`, userID).Error; err != nil {
			return err
		}
		if err := s.db.Conn(ctx).Exec(`DELETE FROM recovery_codes WHERE user_id = ?`, userID).Error; err != nil {
			return err
		}
		if err := s.store.endSessions(ctx, userID); err != nil {
			return err
		}
		return s.audit.Record(ctx, s.tenancy(ctx, userID, audit.Event{Action: "user.totp_reset", ObjectType: "user", ObjectID: userID}))
	})
}

// CheckPassword validates a password against the policy (shell commands).
func CheckPassword(username, password string) error { return authn.CheckPolicy(username, password) }

// ResetUserSecondFactor removes the second factor of a user in the caller's
// scope (the user enrols again at the next sign-in).
func (s *Service) ResetUserSecondFactor(ctx context.Context, id string) error {
	u, err := s.store.user(ctx, authz.ScopeFrom(ctx), id)
	if err != nil {
		return err
	}
	if err := s.guardTarget(ctx, u); err != nil {
		return err
	}
	return s.ResetSecondFactor(ctx, id)
}
