// Package notify is Teyi's in-app notifications (the header bell, the
// notification centre) and their e-mail copies through SMTP when configured.
//
// Other packages call Send inside their own transaction: one INSERT … SELECT
// writes a row per recipient, resolving the audience (listed users and the
// holders of roles in a hospital or region) in SQL, plus — only when SMTP is
// configured — one outbox row whose task mails the recipients who opted in.
// Each notification is mailed at most once (emailed_at marks it); a failing
// SMTP server makes the task fail and retry, so no mail is lost.
//
// Title and Body are the Chinese text used by e-mail; Kind and Params let the
// UI render the text in the reader's language (i18n key notify.kind.<kind>),
// falling back to Title and Body.
package notify

import (
	"regexp"
	"time"
)

// Notice is what to tell.
type Notice struct {
	// Kind names the text (i18n notify.kind.<Kind>): lower case, digits, '_' and '.'.
	Kind string
	// Title and Body are the Chinese text (the e-mail's subject and body).
	Title, Body string
	// Link is an in-app path such as /applications/ID (optional).
	Link string
	// ObjectType and ObjectID name what the notice is about (optional).
	ObjectType, ObjectID string
	// Params fill the placeholders of the i18n text.
	Params map[string]string
}

// Audience is who is told: the listed users plus every enabled user holding
// any of Roles in the hospital (domain kind hospital, id HospitalID) or in the
// region (domain kind region, id RegionCode). Empty Roles adds nobody.
// ExceptUserID (usually the actor) is left out. Disabled users are left out.
type Audience struct {
	UserIDs      []string
	Roles        []string
	HospitalID   string
	RegionCode   string
	ExceptUserID string
}

// MailConfig is the SMTP connection; an empty Addr turns e-mail off.
type MailConfig struct {
	// Addr is host:port.
	Addr     string
	From     string
	User     string
	Password string
	// StartTLS upgrades the connection before authenticating (required
	// when set).
	StartTLS bool
	// LinkBase is the public URL prefixed to in-app links in mails
	// (TEYI_PUBLIC_URL); empty leaves links out.
	LinkBase string
	// Timeout bounds one SMTP conversation (default 30 s).
	Timeout time.Duration
}

// Enabled reports whether e-mail is configured.
func (c MailConfig) Enabled() bool { return c.Addr != "" }

// Notification is one stored notification as its owner sees it.
type Notification struct {
	ID         string            `json:"id"`
	Kind       string            `json:"kind"`
	Title      string            `json:"title"`
	Body       string            `json:"body"`
	Params     map[string]string `json:"params"`
	Link       string            `json:"link"`
	ObjectType string            `json:"object_type"`
	ObjectID   string            `json:"object_id"`
	CreatedAt  time.Time         `json:"created_at"`
	ReadAt     *time.Time        `json:"read_at"`
}

// NotificationSettings are a user's e-mail settings.
type NotificationSettings struct {
	Email        string `json:"email"`
	EmailEnabled bool   `json:"email_enabled"`
	// Version is 0 before the first save.
	Version int `json:"version"`
	// MailAvailable reports whether this server sends e-mail at all.
	MailAvailable bool `json:"mail_available"`
}

// Limits of the list.
const (
	DefaultLimit = 20
	MaxLimit     = 100
	// MaxMarkIDs bounds one mark-read request.
	MaxMarkIDs = 200
)

// TaskEmail is the outbox task that mails a notice's recipients.
const TaskEmail = "notify:email"

var (
	kindPattern = regexp.MustCompile(`^[a-z][a-z0-9_.]{0,63}$`)
	uuidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	// emailPattern is deliberately plain: one @, a dotted domain, no spaces,
	// no angle brackets or CR/LF that could inject SMTP headers.
	emailPattern = regexp.MustCompile(`^[A-Za-z0-9.!#$%&'*+/=?^_{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$`)
)

// IsUUID reports whether s is a UUID in its text form.
func IsUUID(s string) bool { return uuidPattern.MatchString(s) }

// ValidEmail reports whether s is an acceptable e-mail address.
func ValidEmail(s string) bool { return len(s) <= 254 && emailPattern.MatchString(s) }
