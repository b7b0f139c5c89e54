package notify_test

import (
	"bufio"
	"context"
	"errors"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hibiken/asynq"

	"teyi/backend/internal/notify"
	"teyi/backend/internal/platform/authz"
	"teyi/backend/internal/platform/clock"
	"teyi/backend/internal/platform/database"
	"teyi/backend/internal/platform/queue"
	"teyi/backend/internal/platform/testsupport"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

const (
	h1 = "00000000-0000-7000-8000-0000000000a1"
	h2 = "00000000-0000-7000-8000-0000000000a2"
	hf = "00000000-0000-7000-8000-0000000000af"

	doc1     = "00000000-0000-7000-8000-000000000001"
	off1     = "00000000-0000-7000-8000-000000000002"
	offOff   = "00000000-0000-7000-8000-000000000003" // disabled
	doc2     = "00000000-0000-7000-8000-000000000004"
	reviewer = "00000000-0000-7000-8000-000000000005"
	farRev   = "00000000-0000-7000-8000-000000000006"
	farOff   = "00000000-0000-7000-8000-000000000007"
)

type fixture struct {
	db    *database.DB
	clock *clock.Fake
}

func setup(t *testing.T) *fixture {
	t.Helper()
	db, _ := testsupport.NewDB(t)
	ctx := context.Background()
	exec := func(q string, args ...any) {
		t.Helper()
		if err := db.Conn(ctx).Exec(q, args...).Error; err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec(`INSERT INTO regions (code, name) VALUES ('370100', '济南市'), ('110000', '北京市')`)
	exec(`INSERT INTO hospitals (id, code, name, level, region_code) VALUES (?, 'H37010200001', '一院', 3, '370100'),
		(?, 'H37010200002', '二院', 3, '370100'), (?, 'H11010100001', '外地医院', 3, '110000')`, h1, h2, hf)
	users := []struct {
		id, name, region, hospital, role, kind, domain string
		disabled                                       bool
	}{
		{doc1, "doc1", "370100", h1, "clinician", "hospital", h1, false},
		{off1, "off1", "370100", h1, "hospital_office", "hospital", h1, false},
		{offOff, "off.gone", "370100", h1, "hospital_office", "hospital", h1, true},
		{doc2, "doc2", "370100", h2, "clinician", "hospital", h2, false},
		{reviewer, "reviewer", "370100", "", "bureau_reviewer", "region", "370100", false},
		{farRev, "far.reviewer", "110000", "", "bureau_reviewer", "region", "110000", false},
		{farOff, "far.office", "110000", hf, "hospital_office", "hospital", hf, false},
	}
	for _, u := range users {
		var hosp any
		if u.hospital != "" {
			hosp = u.hospital
		}
		exec(`INSERT INTO users (id, username, display_name, password_hash, region_code, hospital_id, disabled) VALUES (?, ?, ?, 'x', ?, ?, ?)`,
			u.id, u.name, u.name, u.region, hosp, u.disabled)
		exec(`INSERT INTO user_roles (user_id, role, domain_kind, domain_id) VALUES (?, ?, ?, ?)`, u.id, u.role, u.kind, u.domain)
	}
	return &fixture{db: db, clock: clock.NewFake(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))}
}

func (f *fixture) service(cfg notify.MailConfig) *notify.Service {
	return notify.New(f.db, queue.NewOutbox(f.db, "notifytest"), f.clock, cfg, quiet)
}

func as(user string) context.Context {
	return authz.WithPrincipal(context.Background(), &authz.Principal{UserID: user, Pseudo: []string{authz.PseudoAuthenticated}}, authz.Scope{})
}

func recipients(t *testing.T, f *fixture, kind string) []string {
	t.Helper()
	var ids []string
	if err := f.db.Conn(context.Background()).Raw(`SELECT user_id::text FROM notifications WHERE kind = ? ORDER BY user_id`, kind).Scan(&ids).Error; err != nil {
		t.Fatal(err)
	}
	return ids
}

func same(got []string, want ...string) bool {
	if len(got) != len(want) {
		return false
	}
	m := map[string]bool{}
	for _, g := range got {
		m[g] = true
	}
	for _, w := range want {
		if !m[w] {
			return false
		}
	}
	return true
}

func TestSendResolvesTheAudienceInItsOwnHospitalOrRegionOnly(t *testing.T) {
	f := setup(t)
	s := f.service(notify.MailConfig{})
	ctx := context.Background()
	cases := []struct {
		kind string
		to   notify.Audience
		want []string
	}{
		// the office of h1 (not the disabled one, not the far region's office)
		{"k.office", notify.Audience{Roles: []string{"hospital_office"}, HospitalID: h1}, []string{off1}},
		// the region's reviewers, not Beijing's
		{"k.region", notify.Audience{Roles: []string{"bureau_reviewer"}, RegionCode: "370100"}, []string{reviewer}},
		// listed users plus role holders, each once; the actor left out
		{"k.union", notify.Audience{UserIDs: []string{doc1, doc2}, Roles: []string{"clinician", "hospital_office", "bureau_reviewer"},
			HospitalID: h1, RegionCode: "370100", ExceptUserID: off1}, []string{doc1, doc2, reviewer}},
		// empty roles: nobody beyond the listed users
		{"k.listed", notify.Audience{UserIDs: []string{doc2}, HospitalID: h1, RegionCode: "370100"}, []string{doc2}},
		// a disabled user listed by id is left out
		{"k.disabled", notify.Audience{UserIDs: []string{offOff}}, nil},
		// nobody at all
		{"k.none", notify.Audience{}, nil},
	}
	for _, c := range cases {
		n, err := s.Send(ctx, c.to, notify.Notice{Kind: c.kind, Title: "标题", Body: "正文", Link: "/cases/1"})
		if err != nil {
			t.Fatalf("%s: %v", c.kind, err)
		}
		got := recipients(t, f, c.kind)
		if n != len(c.want) || !same(got, c.want...) {
			t.Errorf("%s: sent %d to %v, want %v", c.kind, n, got, c.want)
		}
	}
}

func TestSendRefusesBadNotices(t *testing.T) {
	f := setup(t)
	s := f.service(notify.MailConfig{})
	ctx := context.Background()
	bad := []struct {
		to notify.Audience
		n  notify.Notice
	}{
		{notify.Audience{UserIDs: []string{doc1}}, notify.Notice{Kind: "Bad Kind", Title: "x"}},
		{notify.Audience{UserIDs: []string{doc1}}, notify.Notice{Kind: "ok", Title: " "}},
		{notify.Audience{UserIDs: []string{doc1}}, notify.Notice{Kind: "ok", Title: "x", Link: "https://evil.example/"}},
		{notify.Audience{UserIDs: []string{doc1}}, notify.Notice{Kind: "ok", Title: "x", Link: "//evil.example/"}},
		{notify.Audience{UserIDs: []string{"not-a-uuid"}}, notify.Notice{Kind: "ok", Title: "x"}},
		{notify.Audience{Roles: []string{"king"}, HospitalID: h1}, notify.Notice{Kind: "ok", Title: "x"}},
	}
	for i, b := range bad {
		if _, err := s.Send(ctx, b.to, b.n); !errors.Is(err, notify.ErrBadNotice) {
			t.Errorf("case %d: %v, want ErrBadNotice", i, err)
		}
	}
}

func TestSendCommitsWithTheCallersTransaction(t *testing.T) {
	f := setup(t)
	s := f.service(notify.MailConfig{})
	boom := errors.New("the caller's change failed")
	err := f.db.WithTx(context.Background(), func(ctx context.Context) error {
		if n, err := s.Send(ctx, notify.Audience{UserIDs: []string{doc1}}, notify.Notice{Kind: "k.tx", Title: "x"}); err != nil || n != 1 {
			t.Fatalf("send: %d %v", n, err)
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatal(err)
	}
	if got := recipients(t, f, "k.tx"); len(got) != 0 {
		t.Fatalf("a rolled-back send left %v", got)
	}
	var outbox int64
	f.db.Conn(context.Background()).Raw(`SELECT count(*) FROM outbox`).Scan(&outbox)
	if outbox != 0 {
		t.Fatalf("without SMTP no outbox row is written, got %d", outbox)
	}
}

func TestListCountAndMarkReadSeeOnlyTheCallersOwn(t *testing.T) {
	f := setup(t)
	s := f.service(notify.MailConfig{})
	for i := 0; i < 5; i++ {
		f.clock.Advance(time.Minute)
		if _, err := s.Send(context.Background(), notify.Audience{UserIDs: []string{doc1, off1}}, notify.Notice{Kind: "k.list", Title: "x",
			Params: map[string]string{"n": string(rune('a' + i))}}); err != nil {
			t.Fatal(err)
		}
	}
	ctx := as(doc1)
	if n, err := s.Unread(ctx); err != nil || n != 5 {
		t.Fatalf("unread %d %v", n, err)
	}
	// pages of two, newest first
	var seen []string
	after := ""
	for {
		p, err := s.List(ctx, notify.ListFilter{After: after, Limit: 2})
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range p.Items {
			seen = append(seen, it.Params["n"])
		}
		if p.Next == "" {
			break
		}
		after = p.Next
	}
	if strings.Join(seen, "") != "edcba" {
		t.Fatalf("pages gave %v", seen)
	}
	// off1's notification ids are ignored when doc1 marks them
	var others []string
	f.db.Conn(context.Background()).Raw(`SELECT id::text FROM notifications WHERE user_id = ?`, off1).Scan(&others)
	if changed, unread, err := s.MarkRead(ctx, others, false); err != nil || changed != 0 || unread != 5 {
		t.Fatalf("marking another's: %d %d %v", changed, unread, err)
	}
	// a cursor naming another's notification shows nothing of theirs
	p, err := s.List(ctx, notify.ListFilter{After: others[0]})
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range p.Items {
		for _, o := range others {
			if it.ID == o {
				t.Fatal("another user's notification listed")
			}
		}
	}
	first, _ := s.List(ctx, notify.ListFilter{Limit: 1})
	if changed, unread, err := s.MarkRead(ctx, []string{first.Items[0].ID}, false); err != nil || changed != 1 || unread != 4 {
		t.Fatalf("mark one: %d %d %v", changed, unread, err)
	}
	onlyUnread, _ := s.List(ctx, notify.ListFilter{Unread: true})
	if len(onlyUnread.Items) != 4 || onlyUnread.Unread != 4 {
		t.Fatalf("unread filter: %d items, %d unread", len(onlyUnread.Items), onlyUnread.Unread)
	}
	if changed, unread, err := s.MarkRead(ctx, nil, true); err != nil || changed != 4 || unread != 0 {
		t.Fatalf("mark all: %d %d %v", changed, unread, err)
	}
	if n, _ := s.Unread(as(off1)); n != 5 {
		t.Fatalf("doc1's mark-all touched off1's: %d unread left", n)
	}
	// bad input
	var ve *notify.ValidationError
	if _, err := s.List(ctx, notify.ListFilter{Limit: 101}); !errors.As(err, &ve) {
		t.Errorf("limit above the cap: %v", err)
	}
	if _, err := s.List(ctx, notify.ListFilter{After: "'; DROP TABLE notifications; --"}); !errors.As(err, &ve) {
		t.Errorf("bad cursor: %v", err)
	}
	if _, _, err := s.MarkRead(ctx, []string{"x"}, false); !errors.As(err, &ve) {
		t.Errorf("bad id: %v", err)
	}
	if _, _, err := s.MarkRead(ctx, nil, false); !errors.As(err, &ve) {
		t.Errorf("neither ids nor all: %v", err)
	}
	if _, err := s.Unread(context.Background()); !errors.Is(err, notify.ErrNoUser) {
		t.Errorf("without a user: %v", err)
	}
}

func TestSettingsVersionedAndValidated(t *testing.T) {
	f := setup(t)
	s := f.service(notify.MailConfig{})
	ctx := as(doc1)
	st, err := s.Settings(ctx)
	if err != nil || st.Version != 0 || st.EmailEnabled || st.MailAvailable {
		t.Fatalf("defaults: %+v %v", st, err)
	}
	var ve *notify.ValidationError
	for _, in := range []notify.SettingsInput{
		{Email: "not an address"}, {Email: "a@b.c\r\nBcc: x@evil.example"}, {Email: "<a@b.cn>"}, {EmailEnabled: true},
	} {
		if _, err := s.UpdateSettings(ctx, in); !errors.As(err, &ve) {
			t.Errorf("%+v: %v, want a validation error", in, err)
		}
	}
	st, err = s.UpdateSettings(ctx, notify.SettingsInput{Email: "chen@example.cn", EmailEnabled: true})
	if err != nil || st.Version != 1 || st.Email != "chen@example.cn" || !st.EmailEnabled {
		t.Fatalf("first save: %+v %v", st, err)
	}
	if _, err := s.UpdateSettings(ctx, notify.SettingsInput{Email: "x@example.cn"}); !errors.Is(err, notify.ErrStale) {
		t.Errorf("a second first save: %v, want stale", err)
	}
	st, err = s.UpdateSettings(ctx, notify.SettingsInput{Version: 1, Email: "chen@example.cn"})
	if err != nil || st.Version != 2 || st.EmailEnabled {
		t.Fatalf("second save: %+v %v", st, err)
	}
	if _, err := s.UpdateSettings(ctx, notify.SettingsInput{Version: 1}); !errors.Is(err, notify.ErrStale) {
		t.Errorf("stale version: %v", err)
	}
	if other, _ := s.Settings(as(off1)); other.Version != 0 || other.Email != "" {
		t.Errorf("another user's settings changed: %+v", other)
	}
}

// smtpServer is a tiny SMTP server: enough of RFC 5321 for net/smtp to
// deliver a message. With fail set it refuses MAIL with a transient error.
type smtpServer struct {
	ln   net.Listener
	mu   sync.Mutex
	fail bool
	got  []received
}

type received struct {
	from string
	to   []string
	data string
}

func startSMTP(t *testing.T) *smtpServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &smtpServer{ln: ln}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go s.serve(c)
		}
	}()
	return s
}

func (s *smtpServer) setFail(v bool) { s.mu.Lock(); s.fail = v; s.mu.Unlock() }

func (s *smtpServer) messages() []received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]received(nil), s.got...)
}

func (s *smtpServer) serve(c net.Conn) {
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(10 * time.Second))
	r := bufio.NewReader(c)
	reply := func(l string) { _, _ = io.WriteString(c, l+"\r\n") }
	reply("220 test.local ESMTP")
	var cur received
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		line = strings.TrimRight(line, "\r\n")
		verb := strings.ToUpper(strings.SplitN(line, " ", 2)[0])
		switch verb {
		case "EHLO", "HELO":
			reply("250-test.local")
			reply("250 8BITMIME")
		case "MAIL":
			s.mu.Lock()
			fail := s.fail
			s.mu.Unlock()
			if fail {
				reply("451 4.3.0 try again later")
				continue
			}
			cur = received{from: line[len("MAIL FROM:"):]}
			reply("250 OK")
		case "RCPT":
			cur.to = append(cur.to, strings.Trim(line[len("RCPT TO:"):], "<> "))
			reply("250 OK")
		case "DATA":
			reply("354 go ahead")
			var b strings.Builder
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
				b.WriteString(strings.TrimPrefix(l, "."))
			}
			cur.data = b.String()
			s.mu.Lock()
			s.got = append(s.got, cur)
			s.mu.Unlock()
			reply("250 OK queued")
		case "RSET", "NOOP":
			reply("250 OK")
		case "QUIT":
			reply("221 bye")
			return
		default:
			reply("502 not implemented")
		}
	}
}

// emailTasks returns the payloads of the outbox rows of the e-mail task.
func emailTasks(t *testing.T, f *fixture) [][]byte {
	t.Helper()
	var rows []struct{ Payload []byte }
	if err := f.db.Conn(context.Background()).Raw(`SELECT payload FROM outbox WHERE kind = ? ORDER BY created_at, id`, notify.TaskEmail).Scan(&rows).Error; err != nil {
		t.Fatal(err)
	}
	out := make([][]byte, len(rows))
	for i, r := range rows {
		out[i] = r.Payload
	}
	return out
}

func TestEmailGoesOnlyToOptedInRecipientsOnceAndRetriesOnFailure(t *testing.T) {
	f := setup(t)
	srv := startSMTP(t)
	s := f.service(notify.MailConfig{Addr: srv.ln.Addr().String(), From: "Teyi <teyi@example.cn>", LinkBase: "https://teyi.example.cn/"})
	if _, err := s.UpdateSettings(as(doc1), notify.SettingsInput{Email: "chen@example.cn", EmailEnabled: true}); err != nil {
		t.Fatal(err)
	}
	// doc2 has an address but did not opt in; off1 has no settings at all
	if _, err := s.UpdateSettings(as(doc2), notify.SettingsInput{Email: "zhou@example.cn"}); err != nil {
		t.Fatal(err)
	}
	title := "申请已退回补正：请于5个工作日内补充材料"
	n, err := s.Send(context.Background(), notify.Audience{UserIDs: []string{doc1, doc2, off1}},
		notify.Notice{Kind: "application.returned", Title: title, Body: "医保局要求补充病程记录。", Link: "/applications/42"})
	if err != nil || n != 3 {
		t.Fatalf("send: %d %v", n, err)
	}
	tasks := emailTasks(t, f)
	if len(tasks) != 1 {
		t.Fatalf("want one outbox row per send, got %d", len(tasks))
	}
	task := asynq.NewTask(notify.TaskEmail, tasks[0])
	if err := s.HandleEmail(context.Background(), task); err != nil {
		t.Fatal(err)
	}
	got := srv.messages()
	if len(got) != 1 {
		t.Fatalf("want one mail (doc1 only), got %d: %+v", len(got), got)
	}
	if len(got[0].to) != 1 || got[0].to[0] != "chen@example.cn" {
		t.Fatalf("recipient %v", got[0].to)
	}
	msg, err := mail.ReadMessage(strings.NewReader(got[0].data))
	if err != nil {
		t.Fatal(err)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil || subject != title {
		t.Fatalf("subject %q (%v), want %q", subject, err, title)
	}
	if to := msg.Header.Get("To"); strings.Contains(to, "zhou") {
		t.Fatalf("another recipient's address in To: %s", to)
	}
	// the task delivered again mails nothing twice
	if err := s.HandleEmail(context.Background(), task); err != nil {
		t.Fatal(err)
	}
	if len(srv.messages()) != 1 {
		t.Fatalf("a repeated task mailed again: %d", len(srv.messages()))
	}

	// a failing server: the task fails (asynq retries it), nothing is marked sent
	srv.setFail(true)
	if _, err := s.Send(context.Background(), notify.Audience{UserIDs: []string{doc1}}, notify.Notice{Kind: "k.retry", Title: "重试"}); err != nil {
		t.Fatal(err)
	}
	tasks = emailTasks(t, f)
	retry := asynq.NewTask(notify.TaskEmail, tasks[len(tasks)-1])
	err = s.HandleEmail(context.Background(), retry)
	if err == nil || errors.Is(err, asynq.SkipRetry) {
		t.Fatalf("a refused mail must fail the task for a retry, got %v", err)
	}
	var emailed int64
	f.db.Conn(context.Background()).Raw(`SELECT count(*) FROM notifications WHERE kind = 'k.retry' AND emailed_at IS NOT NULL`).Scan(&emailed)
	if emailed != 0 {
		t.Fatal("a failed mail was marked sent")
	}
	srv.setFail(false)
	if err := s.HandleEmail(context.Background(), retry); err != nil {
		t.Fatalf("retry: %v", err)
	}
	got = srv.messages()
	if len(got) != 2 || got[1].to[0] != "chen@example.cn" {
		t.Fatalf("the retried mail did not arrive: %+v", got)
	}
	// a closed server is a retry too
	srv.ln.Close()
	if _, err := s.Send(context.Background(), notify.Audience{UserIDs: []string{doc1}}, notify.Notice{Kind: "k.down", Title: "宕机"}); err != nil {
		t.Fatal(err)
	}
	tasks = emailTasks(t, f)
	if err := s.HandleEmail(context.Background(), asynq.NewTask(notify.TaskEmail, tasks[len(tasks)-1])); err == nil {
		t.Fatal("an unreachable server must fail the task")
	}
	// a malformed payload is not retried
	if err := s.HandleEmail(context.Background(), asynq.NewTask(notify.TaskEmail, []byte(`{"ids":["x"]}`))); !errors.Is(err, asynq.SkipRetry) {
		t.Fatalf("bad payload: %v", err)
	}
}
