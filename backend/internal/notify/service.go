package notify

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/lib/pq"

	"teyi/backend/internal/platform/audit"
	"teyi/backend/internal/platform/authz"
	"teyi/backend/internal/platform/clock"
	"teyi/backend/internal/platform/database"
	"teyi/backend/internal/platform/queue"
)

// Service is notifications: sending, the owner's list and settings, and the
// e-mail task.
type Service struct {
	db     *database.DB
	outbox *queue.Outbox
	clock  clock.Clock
	mail   MailConfig
	log    *slog.Logger
	// Audit, when set, records settings changes.
	Audit *audit.Log
}

// New builds the service. With an empty cfg.Addr no e-mail is sent and Send
// writes no outbox row.
func New(db *database.DB, outbox *queue.Outbox, clk clock.Clock, cfg MailConfig, log *slog.Logger) *Service {
	if clk == nil {
		clk = clock.Real{}
	}
	if log == nil {
		log = slog.Default()
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = 30 * time.Second
	}
	return &Service{db: db, outbox: outbox, clock: clk, mail: cfg, log: log}
}

// MailEnabled reports whether e-mail is configured.
func (s *Service) MailEnabled() bool { return s.mail.Enabled() }

// emailPayload is the payload of TaskEmail.
type emailPayload struct {
	IDs []string `json:"ids"`
}

// sendSQL resolves the audience and writes one row per recipient. The
// audience is the union of the listed users and the role holders of the
// hospital or region (user_roles_domain_idx), joined with users to leave
// out disabled accounts and the excepted user.
const sendSQL = `INSERT INTO notifications (user_id, kind, title, body, params, link, object_type, object_id, created_at)
SELECT u.id, ?, ?, ?, ?::jsonb, ?, ?, ?, ?
FROM users u
JOIN (
    SELECT id AS user_id FROM unnest(?::uuid[]) AS id
    UNION
    SELECT r.user_id FROM user_roles r
    WHERE r.role = ANY(?::text[])
      AND ((r.domain_kind = 'hospital' AND r.domain_id = ?) OR (r.domain_kind = 'region' AND r.domain_id = ?))
) a ON a.user_id = u.id
WHERE NOT u.disabled AND u.id::text <> ?
RETURNING id::text`

// Send writes the notice for everyone in the audience and returns how many
// received it. It joins the transaction in ctx (or runs its own), so the
// notice commits with the caller's change. With SMTP configured it adds one
// outbox row that mails the recipients who opted in.
func (s *Service) Send(ctx context.Context, to Audience, n Notice) (int, error) {
	if err := checkNotice(to, n); err != nil {
		return 0, err
	}
	params := n.Params
	if params == nil {
		params = map[string]string{}
	}
	pj, err := json.Marshal(params)
	if err != nil {
		return 0, err
	}
	users := to.UserIDs
	if users == nil {
		users = []string{}
	}
	roles := to.Roles
	if roles == nil {
		roles = []string{}
	}
	hospital, region := to.HospitalID, to.RegionCode
	if len(roles) == 0 {
		hospital, region = "", ""
	}
	var ids []string
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		if err := s.db.Conn(ctx).Raw(sendSQL, n.Kind, n.Title, n.Body, string(pj), n.Link, n.ObjectType, n.ObjectID, s.clock.Now(),
			pq.Array(users), pq.Array(roles), hospital, region, to.ExceptUserID).Scan(&ids).Error; err != nil {
			return fmt.Errorf("notify send: %w", err)
		}
		if len(ids) == 0 || !s.mail.Enabled() {
			return nil
		}
		_, err := s.outbox.Add(ctx, queue.Message{Kind: TaskEmail, Payload: emailPayload{IDs: ids}})
		return err
	})
	if err != nil {
		return 0, err
	}
	return len(ids), nil
}

func checkNotice(to Audience, n Notice) error {
	switch {
	case !kindPattern.MatchString(n.Kind):
		return fmt.Errorf("%w: kind %q", ErrBadNotice, n.Kind)
	case strings.TrimSpace(n.Title) == "":
		return fmt.Errorf("%w: empty title", ErrBadNotice)
	case n.Link != "" && (!strings.HasPrefix(n.Link, "/") || strings.HasPrefix(n.Link, "//") || strings.HasPrefix(n.Link, "/\\")):
		return fmt.Errorf("%w: link must be an in-app path", ErrBadNotice)
	}
	for _, id := range to.UserIDs {
		if !IsUUID(id) {
			return fmt.Errorf("%w: user id %q", ErrBadNotice, id)
		}
	}
	for _, r := range to.Roles {
		if authz.KindOf(r) == "" {
			return fmt.Errorf("%w: role %q", ErrBadNotice, r)
		}
	}
	return nil
}

// me is the signed-in caller's user id.
func me(ctx context.Context) (string, error) {
	id := authz.PrincipalFrom(ctx).UserID
	if id == "" {
		return "", ErrNoUser
	}
	return id, nil
}

type row struct {
	ID         string
	Kind       string
	Title      string
	Body       string
	Params     []byte
	Link       string
	ObjectType string
	ObjectID   string
	CreatedAt  time.Time
	ReadAt     *time.Time
}

func (r row) notification() Notification {
	n := Notification{ID: r.ID, Kind: r.Kind, Title: r.Title, Body: r.Body, Link: r.Link, ObjectType: r.ObjectType,
		ObjectID: r.ObjectID, CreatedAt: r.CreatedAt, ReadAt: r.ReadAt, Params: map[string]string{}}
	_ = json.Unmarshal(r.Params, &n.Params)
	return n
}

// ListFilter selects the caller's notifications.
type ListFilter struct {
	Unread bool
	// After is the id of the last notification of the previous page.
	After string
	Limit int
}

// NotificationPage is one page of the caller's notifications.
type NotificationPage struct {
	Items []Notification `json:"items"`
	// Next is the cursor of the following page ("" at the end).
	Next   string `json:"next"`
	Unread int64  `json:"unread"`
}

// List returns the caller's notifications, newest first.
func (s *Service) List(ctx context.Context, f ListFilter) (*NotificationPage, error) {
	uid, err := me(ctx)
	if err != nil {
		return nil, err
	}
	if f.After != "" && !IsUUID(f.After) {
		return nil, invalid("query.after", "not a cursor from this list")
	}
	if f.Limit <= 0 {
		f.Limit = DefaultLimit
	}
	if f.Limit > MaxLimit {
		return nil, invalid("query.limit", fmt.Sprintf("at most %d", MaxLimit))
	}
	q := s.db.Conn(ctx).Table("notifications").Select(`id::text AS id, kind, title, body, params, link, object_type, object_id, created_at, read_at`).
		Where("user_id = ?", uid)
	if f.Unread {
		q = q.Where("read_at IS NULL")
	}
	if f.After != "" {
		// a cursor naming someone else's notification finds no row and
		// so restricts nothing beyond the caller's own list
		q = q.Where("(created_at, id) < (SELECT c.created_at, c.id FROM notifications c WHERE c.id = ? AND c.user_id = ?)", f.After, uid)
	}
	var rows []row
	if err := q.Order("created_at DESC, id DESC").Limit(f.Limit + 1).Scan(&rows).Error; err != nil {
		return nil, err
	}
	p := &NotificationPage{Items: make([]Notification, 0, len(rows))}
	for i, r := range rows {
		if i == f.Limit {
			p.Next = rows[i-1].ID
			break
		}
		p.Items = append(p.Items, r.notification())
	}
	if p.Unread, err = s.unread(ctx, uid); err != nil {
		return nil, err
	}
	return p, nil
}

func (s *Service) unread(ctx context.Context, uid string) (int64, error) {
	var n int64
	err := s.db.Conn(ctx).Raw(`SELECT count(*) FROM notifications WHERE user_id = ? AND read_at IS NULL`, uid).Scan(&n).Error
	return n, err
}

// Unread counts the caller's unread notifications.
func (s *Service) Unread(ctx context.Context) (int64, error) {
	uid, err := me(ctx)
	if err != nil {
		return 0, err
	}
	return s.unread(ctx, uid)
}

// MarkRead marks the caller's listed notifications (or all of them) read and
// returns how many changed and the unread count left. Ids of other users'
// notifications, unknown or already read ones are ignored.
func (s *Service) MarkRead(ctx context.Context, ids []string, all bool) (changed, unread int64, err error) {
	uid, err := me(ctx)
	if err != nil {
		return 0, 0, err
	}
	if !all && len(ids) == 0 {
		return 0, 0, invalid("body.ids", "name the notifications or set all")
	}
	if len(ids) > MaxMarkIDs {
		return 0, 0, invalid("body.ids", fmt.Sprintf("at most %d ids", MaxMarkIDs))
	}
	for i, id := range ids {
		if !IsUUID(id) {
			return 0, 0, invalid(fmt.Sprintf("body.ids[%d]", i), "not a notification id")
		}
	}
	now := s.clock.Now()
	q := s.db.Conn(ctx).Table("notifications").Where("user_id = ? AND read_at IS NULL", uid)
	if !all {
		q = q.Where("id = ANY(?::uuid[])", pq.Array(ids))
	}
	res := q.Update("read_at", now)
	if res.Error != nil {
		return 0, 0, res.Error
	}
	unread, err = s.unread(ctx, uid)
	return res.RowsAffected, unread, err
}

// Settings returns the caller's e-mail settings.
func (s *Service) Settings(ctx context.Context) (*NotificationSettings, error) {
	uid, err := me(ctx)
	if err != nil {
		return nil, err
	}
	out := &NotificationSettings{MailAvailable: s.mail.Enabled()}
	var r struct {
		Email        string
		EmailEnabled bool
		Version      int
	}
	res := s.db.Conn(ctx).Raw(`SELECT email, email_enabled, version FROM notification_settings WHERE user_id = ?`, uid).Scan(&r)
	if res.Error != nil {
		return nil, res.Error
	}
	out.Email, out.EmailEnabled, out.Version = r.Email, r.EmailEnabled, r.Version
	return out, nil
}

// SettingsInput is a change of the caller's settings.
type SettingsInput struct {
	// Version is the one read (0 before the first save); a stale one fails
	// with ErrStale.
	Version      int
	Email        string
	EmailEnabled bool
}

// UpdateSettings saves the caller's e-mail settings.
func (s *Service) UpdateSettings(ctx context.Context, in SettingsInput) (*NotificationSettings, error) {
	uid, err := me(ctx)
	if err != nil {
		return nil, err
	}
	in.Email = strings.TrimSpace(in.Email)
	if in.Email != "" && !ValidEmail(in.Email) {
		return nil, invalid("body.email", "not an e-mail address")
	}
	if in.EmailEnabled && in.Email == "" {
		return nil, invalid("body.email", "an address is needed to receive e-mail")
	}
	if in.Version < 0 {
		return nil, invalid("body.version", "not negative")
	}
	now := s.clock.Now()
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		var res = s.db.Conn(ctx)
		if in.Version == 0 {
			res = res.Exec(`INSERT INTO notification_settings (user_id, email, email_enabled, version, updated_at) VALUES (?, ?, ?, 1, ?)
				ON CONFLICT (user_id) DO NOTHING`, uid, in.Email, in.EmailEnabled, now)
		} else {
			res = res.Exec(`UPDATE notification_settings SET email = ?, email_enabled = ?, version = version + 1, updated_at = ?
				WHERE user_id = ? AND version = ?`, in.Email, in.EmailEnabled, now, uid, in.Version)
		}
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return ErrStale
		}
		if s.Audit == nil {
			return nil
		}
		// the address itself is personal data: the audit says only whether
		// one is set
		return s.Audit.Record(ctx, audit.Event{Action: "notify.settings.update", ObjectType: "user", ObjectID: uid,
			New: map[string]any{"email_set": in.Email != "", "email_enabled": in.EmailEnabled}})
	})
	if err != nil {
		return nil, err
	}
	return s.Settings(ctx)
}

// Missing returns those of userIDs that have no notification of kind (the
// demo seed sends its welcome once).
func (s *Service) Missing(ctx context.Context, kind string, userIDs []string) ([]string, error) {
	out := []string{}
	err := s.db.Conn(ctx).Raw(`SELECT m.uid::text FROM unnest(?::uuid[]) AS m(uid)
		WHERE NOT EXISTS (SELECT 1 FROM notifications n WHERE n.user_id = m.uid AND n.kind = ?)`, pq.Array(userIDs), kind).Scan(&out).Error
	return out, err
}
