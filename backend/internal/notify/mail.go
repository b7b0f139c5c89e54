package notify

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"mime"
	"net"
	"net/mail"
	"net/smtp"
	"strings"
	"time"

	"github.com/hibiken/asynq"
	"github.com/lib/pq"
)

// pending is one notification still to mail.
type pending struct {
	ID    string
	Email string
	Title string
	Body  string
	Link  string
}

// HandleEmail is the TaskEmail handler: it mails every notification of the
// payload whose recipient enabled e-mail and has an address, and marks each
// one sent (emailed_at), so a repeated task sends nothing twice. A failure
// of the SMTP server fails the task, which the queue retries; notifications
// already mailed are not mailed again.
func (s *Service) HandleEmail(ctx context.Context, t *asynq.Task) error {
	var p emailPayload
	if err := json.Unmarshal(t.Payload(), &p); err != nil {
		return fmt.Errorf("%w: bad payload", asynq.SkipRetry)
	}
	for _, id := range p.IDs {
		if !IsUUID(id) {
			return fmt.Errorf("%w: bad notification id", asynq.SkipRetry)
		}
	}
	if !s.mail.Enabled() {
		// e-mail was switched off after the notice was sent
		return nil
	}
	var rows []pending
	err := s.db.Conn(ctx).Raw(`SELECT n.id::text AS id, st.email, n.title, n.body, n.link
		FROM notifications n JOIN notification_settings st ON st.user_id = n.user_id
		WHERE n.id = ANY(?::uuid[]) AND n.emailed_at IS NULL AND st.email_enabled AND st.email <> ''
		ORDER BY n.id`, pq.Array(p.IDs)).Scan(&rows).Error
	if err != nil {
		return err
	}
	for _, r := range rows {
		if err := s.sendMail(ctx, r); err != nil {
			// no address in the log: it is personal data
			s.log.WarnContext(ctx, "notification e-mail failed; the task retries", "notification", r.ID, "err", err.Error())
			return fmt.Errorf("mail notification %s: %w", r.ID, err)
		}
		if err := s.db.Conn(ctx).Exec(`UPDATE notifications SET emailed_at = ? WHERE id = ? AND emailed_at IS NULL`, s.clock.Now(), r.ID).Error; err != nil {
			return err
		}
	}
	return nil
}

// sendMail speaks SMTP to the configured server for one message.
func (s *Service) sendMail(ctx context.Context, r pending) error {
	cfg := s.mail
	host, _, err := net.SplitHostPort(cfg.Addr)
	if err != nil {
		return fmt.Errorf("TEYI_SMTP_ADDR: %w", err)
	}
	d := net.Dialer{Timeout: cfg.Timeout}
	conn, err := d.DialContext(ctx, "tcp", cfg.Addr)
	if err != nil {
		return err
	}
	_ = conn.SetDeadline(time.Now().Add(cfg.Timeout))
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		conn.Close()
		return err
	}
	defer c.Close()
	if err := c.Hello("localhost"); err != nil {
		return err
	}
	if cfg.StartTLS {
		if ok, _ := c.Extension("STARTTLS"); !ok {
			return fmt.Errorf("the SMTP server offers no STARTTLS (TEYI_SMTP_STARTTLS is set)")
		}
		if err := c.StartTLS(&tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}); err != nil {
			return err
		}
	}
	if cfg.User != "" {
		// PlainAuth refuses to send the password unencrypted except to localhost
		if err := c.Auth(smtp.PlainAuth("", cfg.User, cfg.Password, host)); err != nil {
			return err
		}
	}
	from, err := mail.ParseAddress(cfg.From)
	if err != nil {
		return fmt.Errorf("TEYI_SMTP_FROM: %w", err)
	}
	if err := c.Mail(from.Address); err != nil {
		return err
	}
	if err := c.Rcpt(r.Email); err != nil {
		return err
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(s.message(from, r)); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return c.Quit()
}

// message builds the RFC 5322 message: UTF-8 text, base64 body, the subject
// in RFC 2047 encoding.
func (s *Service) message(from *mail.Address, r pending) []byte {
	var b bytes.Buffer
	text := r.Body
	if r.Link != "" && s.mail.LinkBase != "" {
		text += "\n\n" + strings.TrimRight(s.mail.LinkBase, "/") + r.Link
	}
	text += "\n\n—— 特例单议系统（Teyi）自动发送，请勿回复。可在通知中心关闭邮件通知。\n"
	var id [12]byte
	_, _ = rand.Read(id[:])
	domain := "teyi.local"
	if at := strings.LastIndexByte(from.Address, '@'); at >= 0 {
		domain = from.Address[at+1:]
	}
	fmt.Fprintf(&b, "From: %s\r\n", from.String())
	fmt.Fprintf(&b, "To: <%s>\r\n", r.Email)
	fmt.Fprintf(&b, "Subject: %s\r\n", mime.BEncoding.Encode("UTF-8", oneLine(r.Title)))
	fmt.Fprintf(&b, "Date: %s\r\n", s.clock.Now().Format(time.RFC1123Z))
	fmt.Fprintf(&b, "Message-ID: <%s.%s@%s>\r\n", r.ID, hex.EncodeToString(id[:]), domain)
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n")
	enc := base64.StdEncoding.EncodeToString([]byte(strings.ReplaceAll(text, "\n", "\r\n")))
	for len(enc) > 76 {
		b.WriteString(enc[:76] + "\r\n")
		enc = enc[76:]
	}
	b.WriteString(enc + "\r\n")
	return b.Bytes()
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
