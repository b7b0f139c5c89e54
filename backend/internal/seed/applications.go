package seed

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"teyi/backend/internal/account"
	"teyi/backend/internal/app"
	"teyi/backend/internal/platform/audit"
	"teyi/backend/internal/platform/authz"
	"teyi/backend/internal/platform/calendar"
	"teyi/backend/internal/platform/clock"
	"teyi/backend/internal/specialcase"
	"teyi/backend/internal/specialcase/settings"
)

// DemoMarker starts the justification of every seeded application; the
// seed finds its own applications by it.
const DemoMarker = "【演示】"

// seedHistoryDays is how far back the seeded histories start: the demo's
// settings are in force from then, and the oldest applications were
// submitted then (so that some are overdue at intake today).
const seedHistoryDays = 40

// step is one act of a seeded application's history.
type step struct {
	user string // demo user
	cmd  string // a machine command, or "evidence", "message", "assign", "create"
	// reason code and note (for commands), message text (for messages)
	reason, note string
}

// scenario is one seeded application: its hospital, when its history
// starts (days before today) and the acts, an hour or so apart (a step
// "+Nd" in cmd moves the clock N days on).
type scenario struct {
	hospital int // index into Hospitals
	daysAgo  int
	steps    []step
}

func s(user, cmd string) step { return step{user: user, cmd: cmd} }
func sr(user, cmd, reason, note string) step {
	return step{user: user, cmd: cmd, reason: reason, note: note}
}
func msg(user, text string) step { return step{user: user, cmd: "message", note: text} }
func wait(days int) step         { return step{cmd: fmt.Sprintf("+%dd", days)} }
func path(st ...step) []step     { return st }
func draft(doc string) []step    { return path(s(doc, "create"), s(doc, "evidence")) }
func submitted(doc, office string) []step {
	return append(draft(doc), s(doc, "send_to_office"), s(office, "forward"))
}
func officeSubmitted(office string) []step {
	return path(s(office, "create"), s(office, "evidence"), s(office, "forward"))
}
func then(a []step, more ...step) []step { return append(append([]step(nil), a...), more...) }
func info(reviewer, note string) step {
	return sr(reviewer, "request_info", "missing_fee_detail", note)
}
func replyWith(user, note string) step { return sr(user, "reply", "", note) }
func reject(reviewer, reason, note string) step {
	return sr(reviewer, "reject_at_intake", reason, note)
}
func returnToDoctor(office, reason, n string) step {
	return sr(office, "return_to_clinician", reason, n)
}

// scenarios are the seeded queue: applications in every state of this
// issue, across the demo hospitals (h3 has no clinician: its office applies).
func scenarios() []scenario {
	const rev, adm = "bureau.reviewer", "bureau.admin"
	return []scenario{
		// DRAFT
		{0, 1, path(s("h1.doctor", "create"))},
		{1, 2, draft("h2.doctor")},
		{0, 4, then(draft("h1.doctor"), s("h1.doctor", "send_to_office"),
			returnToDoctor("h1.office", "incomplete", "请补充病程记录和高值耗材使用说明后再提交。"))},
		// HOSPITAL_REVIEW
		{0, 2, then(draft("h1.doctor"), s("h1.doctor", "send_to_office"))},
		{1, 1, then(draft("h2.doctor"), s("h2.doctor", "send_to_office"))},
		{1, 3, then(draft("h2.doctor"), s("h2.doctor", "send_to_office"), msg("h2.office", "已收到，正在核对费用明细。"))},
		// SUBMITTED: fresh, assigned, overdue at intake, answered
		{0, 1, submitted("h1.doctor", "h1.office")},
		{1, 3, then(submitted("h2.doctor", "h2.office"), s(adm, "assign"))},
		{2, 2, then(officeSubmitted("h3.office"), s(adm, "assign"))},
		{0, 25, submitted("h1.doctor", "h1.office")},
		{1, seedHistoryDays - 2, then(submitted("h2.doctor", "h2.office"), s(adm, "assign"))},
		{0, 10, then(submitted("h1.doctor", "h1.office"), wait(3), info(rev, "请补充高值耗材的费用明细及使用记录。"),
			wait(2), s("h1.doctor", "evidence"), replyWith("h1.doctor", "已上传耗材使用记录和费用明细。"))},
		// RETURNED_FOR_INFO
		{0, 3, then(submitted("h1.doctor", "h1.office"), wait(2), info(rev, "请补充费用明细清单。"))},
		{1, 4, then(submitted("h2.doctor", "h2.office"), wait(2), msg(rev, "该病例住院天数较长，请说明延长住院的原因。"),
			sr(rev, "request_info", "unclear_justification", "请说明延长住院的临床原因。"))},
		{2, 1, then(officeSubmitted("h3.office"), info(rev, "请补充出院记录。"))},
		// ACCEPTED
		{0, 20, then(submitted("h1.doctor", "h1.office"), wait(2), info(rev, "请补充手术记录。"), wait(1),
			s("h1.doctor", "evidence"), replyWith("h1.doctor", "手术记录已上传。"), wait(1), s(rev, "accept"))},
		{1, 15, then(submitted("h2.doctor", "h2.office"), wait(3), s(rev, "accept"), msg(rev, "已受理，将提交专家评审。"))},
		{2, 12, then(officeSubmitted("h3.office"), wait(4), s(rev, "accept"))},
		// more accepted ones for the expert review (some get panels in `seed reviews`)
		{0, 14, then(submitted("h1.doctor", "h1.office"), wait(2), s(rev, "accept"))},
		{1, 13, then(submitted("h2.doctor", "h2.office"), wait(2), s(rev, "accept"))},
		{0, 11, then(submitted("h1.doctor", "h1.office"), wait(1), s(rev, "accept"))},
		{1, 10, then(submitted("h2.doctor", "h2.office"), wait(1), s(rev, "accept"))},
		// REJECTED_AT_INTAKE
		{1, 9, then(submitted("h2.doctor", "h2.office"), wait(2), reject(rev, "not_eligible", "费用偏高主要由自费项目造成，不符合特例单议条件。"))},
		{0, 7, then(submitted("h1.doctor", "h1.office"), wait(1), reject(rev, "incomplete", "缺少病案首页，材料不全。"))},
		// WITHDRAWN
		{0, 5, then(draft("h1.doctor"), sr("h1.doctor", "withdraw", "", "患者转院，撤回申请。"))},
		{1, 8, then(submitted("h2.doctor", "h2.office"), wait(1), sr("h2.office", "withdraw", "", "医院复核后决定不再申请。"))},
	}
}

// demoPDF is a small generated PDF (one page with a line of text).
func demoPDF(title string, n int) []byte {
	text := fmt.Sprintf("Teyi demo evidence %d: %s", n, title)
	stream := fmt.Sprintf("BT /F1 12 Tf 40 760 Td (%s) Tj ET", text)
	objs := []string{
		"<</Type/Catalog/Pages 2 0 R>>",
		"<</Type/Pages/Kids[3 0 R]/Count 1>>",
		"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources<</Font<</F1 4 0 R>>>>/Contents 5 0 R>>",
		"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
		fmt.Sprintf("<</Length %d>>stream\n%s\nendstream", len(stream), stream),
	}
	var b strings.Builder
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return []byte(b.String())
}

// Applications sets the demo region's special-case settings (when it has
// none) and seeds the queue of scenarios, once: when seeded applications
// exist already it does nothing. It needs the demo users and cases (`teyi
// seed demo`, `teyi seed cases`). The histories are replayed through the
// workflow service on a clock that starts seedHistoryDays ago, so that the
// timelines, deadlines and overdue flags are real.
func Applications(ctx context.Context, a *app.App) (string, error) {
	sys := account.SystemContext(ctx, "seed")
	db := a.DB.Conn(sys)
	var have int64
	if err := db.Raw(`SELECT count(*) FROM special_applications WHERE region_code = ? AND justification LIKE ?`,
		DemoRegion, DemoMarker+"%").Scan(&have).Error; err != nil {
		return "", err
	}
	if have > 0 {
		return fmt.Sprintf("applications: %d demo applications exist already; nothing added\n", have), nil
	}
	users, err := loadPrincipals(sys, a)
	if err != nil {
		return "", err
	}
	if users["bureau.admin"] == nil {
		return "", errors.New("seed applications: the demo users are missing: run `teyi seed demo` first")
	}
	now := a.Clock.Now()
	start := now.Add(-seedHistoryDays * 24 * time.Hour)
	var b strings.Builder
	note, err := demoSettings(ctx, a, users["bureau.admin"], start)
	if err != nil {
		return "", err
	}
	b.WriteString(note)

	svc := a.Applications()
	clk := clock.NewFake(start)
	// The same workflow, on the seed's clock.
	seedSvc := &specialcase.Service{DB: svc.DB, Audit: svc.Audit, Outbox: svc.Outbox, Clock: clk, Log: svc.Log,
		Cases: svc.Cases, Rules: svc.Rules, Files: svc.Files, Notify: svc.Notify}
	hospitalIDs, err := demoHospitalIDs(sys, a)
	if err != nil {
		return "", err
	}
	picked := map[int][]demoCase{}
	states := map[specialcase.Status]int{}
	var errs []error
	for i, sc := range scenarios() {
		h := hospitalIDs[Hospitals[sc.hospital].Code]
		if h == "" {
			return "", fmt.Errorf("seed applications: demo hospital %s is missing: run `teyi seed demo` first", Hospitals[sc.hospital].Code)
		}
		if picked[sc.hospital] == nil {
			if picked[sc.hospital], err = candidateCases(sys, a, h, now.Add(-(seedHistoryDays+5)*24*time.Hour)); err != nil {
				return "", err
			}
		}
		if len(picked[sc.hospital]) == 0 {
			return "", fmt.Errorf("seed applications: hospital %s has no free high-cost or long-stay cases: run `teyi seed cases` first",
				Hospitals[sc.hospital].Code)
		}
		c := picked[sc.hospital][0]
		picked[sc.hospital] = picked[sc.hospital][1:]
		clk.Set(now.Add(-time.Duration(sc.daysAgo)*24*time.Hour - 6*time.Hour))
		st, err := play(ctx, a, seedSvc, clk, users, c, sc, i)
		if err != nil {
			errs = append(errs, fmt.Errorf("seed application %d (%s): %w", i+1, Hospitals[sc.hospital].Code, err))
			continue
		}
		states[st]++
	}
	var parts []string
	total := 0
	for _, st := range specialcase.Statuses {
		if n := states[st]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", st, n))
			total += n
		}
	}
	fmt.Fprintf(&b, "applications: %d demo applications (%s)\n", total, strings.Join(parts, ", "))
	return b.String(), errors.Join(errs...)
}

// demoSettings stores the demo region's settings from start when the
// region has none: window any time (the default quarterly window would
// refuse the demo cases on most days), the national DRG 5 % quota, the
// default deadlines.
func demoSettings(ctx context.Context, a *app.App, admin *authz.Principal, start time.Time) (string, error) {
	hist, err := a.Settings.History(account.SystemContext(ctx, "seed"), DemoRegion)
	if err != nil {
		return "", err
	}
	if len(hist) > 0 {
		return "", nil
	}
	st := settings.Default()
	st.Window = settings.Window{Kind: settings.WindowAnyTime}
	st.EffectiveFrom = calendar.DateOf(start)
	// The settings service dates the version; this one starts the history.
	back := settings.New(a.DB, a.Audit, clock.NewFake(start))
	actx, err := asUser(ctx, a, admin, "update-specialcase-settings")
	if err != nil {
		return "", err
	}
	if _, err := back.Update(actx, 0, st); err != nil {
		return "", fmt.Errorf("seed settings: %w", err)
	}
	a.Settings.Invalidate(DemoRegion)
	return fmt.Sprintf("special-case settings of %s from %s: window any time, quota DRG 5 %% of discharges per quarter, default deadlines\n",
		DemoRegion, st.EffectiveFrom), nil
}

type demoCase struct {
	ID       int64
	Reasons  int32
	Total    decimal.Decimal
	Standard decimal.NullDecimal
}

// candidateCases are a hospital's current high-cost or long-stay cases
// discharged before the seeded histories, without an open application,
// costliest first.
func candidateCases(ctx context.Context, a *app.App, hospitalID string, before time.Time) ([]demoCase, error) {
	var out []demoCase
	err := a.DB.Conn(ctx).Raw(`SELECT c.id, c.reasons, c.total_cost AS total, c.payment_standard AS standard FROM cases c
		WHERE c.hospital_id = ? AND c.current AND c.reasons & 3 <> 0 AND c.discharged_at < ?
		AND NOT EXISTS (SELECT 1 FROM special_applications s WHERE s.case_id = c.id)
		ORDER BY c.total_cost DESC, c.id LIMIT 40`, hospitalID, before).Scan(&out).Error
	return out, err
}

func demoHospitalIDs(ctx context.Context, a *app.App) (map[string]string, error) {
	var rows []struct{ ID, Code string }
	if err := a.DB.Conn(ctx).Raw(`SELECT id::text AS id, code FROM hospitals WHERE region_code = ?`, DemoRegion).Scan(&rows).Error; err != nil {
		return nil, err
	}
	m := map[string]string{}
	for _, r := range rows {
		m[r.Code] = r.ID
	}
	return m, nil
}

// loadPrincipals reads the demo users with their grants, as a session
// would carry them.
func loadPrincipals(ctx context.Context, a *app.App) (map[string]*authz.Principal, error) {
	var rows []struct {
		ID, Username, DisplayName, Role, DomainKind, DomainID, Region string
	}
	if err := a.DB.Conn(ctx).Raw(`SELECT u.id::text AS id, u.username, u.display_name, ur.role, ur.domain_kind, ur.domain_id,
		coalesce(h.region_code, u.region_code, '') AS region FROM users u JOIN user_roles ur ON ur.user_id = u.id
		LEFT JOIN hospitals h ON ur.domain_kind = 'hospital' AND h.id::text = ur.domain_id
		WHERE u.username IN ?`, demoUsernames()).Scan(&rows).Error; err != nil {
		return nil, err
	}
	out := map[string]*authz.Principal{}
	for _, r := range rows {
		p := out[r.Username]
		if p == nil {
			p = &authz.Principal{UserID: r.ID, Username: r.Username, DisplayName: r.DisplayName, Pseudo: []string{authz.PseudoAuthenticated}}
			out[r.Username] = p
		}
		region := strings.TrimSpace(r.Region)
		if r.DomainKind == authz.KindRegion {
			region = r.DomainID
		}
		p.Grants = append(p.Grants, authz.Grant{Role: r.Role, Kind: r.DomainKind, ID: r.DomainID, Region: region})
	}
	return out, nil
}

func demoUsernames() []string {
	out := make([]string, 0, len(Users))
	for _, u := range Users {
		out = append(out, u.Username)
	}
	return out
}

// asUser is the context of a request of p for op, scoped as the
// authorization middleware scopes it.
func asUser(ctx context.Context, a *app.App, p *authz.Principal, op string) (context.Context, error) {
	g, ok := a.Authz.Allowed(p, op)
	if !ok {
		return nil, fmt.Errorf("seed: %s may not %s", p.Username, op)
	}
	ctx = audit.WithActor(ctx, audit.Actor{UserID: p.UserID, Name: p.Username, Role: g.Role, Domain: g.Kind + ":" + g.ID})
	return authz.WithPrincipal(ctx, p, authz.ScopeOf(g)), nil
}

var evidenceTitles = []struct {
	kind  specialcase.EvidenceKind
	title string
}{
	{"discharge_record", "discharge record"}, {"front_page", "front page"}, {"special_use", "high-value consumables"},
	{"reports", "laboratory reports"}, {"progress_notes", "progress notes"},
}

// play replays one scenario and returns the application's final state.
func play(ctx context.Context, a *app.App, svc *specialcase.Service, clk *clock.Fake, users map[string]*authz.Principal,
	c demoCase, sc scenario, n int) (specialcase.Status, error) {
	ty, why := specialcase.HighCost, "住院总费用远高于病组支付标准：病情危重，使用了高值耗材并延长了重症监护。"
	if c.Reasons&1 == 0 {
		ty, why = specialcase.LongStay, "住院时间远超病组平均住院日：术后并发感染，需延长住院治疗。"
	}
	claimed := c.Total
	if c.Standard.Valid && c.Total.GreaterThan(c.Standard.Decimal) {
		claimed = c.Total.Sub(c.Standard.Decimal)
	}
	claimed = claimed.Round(2)
	var id string
	var version, files int
	status := specialcase.Status("")
	as := func(user, op string) (context.Context, error) {
		p := users[user]
		if p == nil {
			return nil, fmt.Errorf("demo user %s is missing", user)
		}
		return asUser(ctx, a, p, op)
	}
	for _, st := range sc.steps {
		clk.Advance(time.Duration(40+n%5*7) * time.Minute)
		var days int
		if _, err := fmt.Sscanf(st.cmd, "+%dd", &days); err == nil {
			clk.Advance(time.Duration(days) * 24 * time.Hour)
			continue
		}
		switch st.cmd {
		case "create":
			uctx, err := as(st.user, "create-application")
			if err != nil {
				return "", err
			}
			d, err := svc.Create(uctx, specialcase.NewApplication{CaseID: c.ID, Types: []specialcase.Type{ty},
				Justification: DemoMarker + why, ClaimedAmount: &claimed})
			if err != nil {
				return "", fmt.Errorf("create: %w", err)
			}
			id, version, status = d.ID, d.Version, d.Status
		case "evidence":
			uctx, err := as(st.user, "upload-application-evidence")
			if err != nil {
				return "", err
			}
			e := evidenceTitles[(n+files)%len(evidenceTitles)]
			if _, err := svc.AddEvidence(uctx, id, specialcase.Upload{Kind: e.kind, FileName: e.title + ".pdf",
				Body: strings.NewReader(string(demoPDF(e.title, n*10+files)))}); err != nil {
				return "", fmt.Errorf("evidence: %w", err)
			}
			files++
		case "message":
			uctx, err := as(st.user, "post-application-message")
			if err != nil {
				return "", err
			}
			if _, err := svc.PostMessage(uctx, id, st.note, nil); err != nil {
				return "", fmt.Errorf("message: %w", err)
			}
		case "assign":
			uctx, err := as(st.user, "assign-applications")
			if err != nil {
				return "", err
			}
			r, err := svc.Do(uctx, id, specialcase.CommandInput{Command: specialcase.Assign, Version: version,
				ReviewerID: users["bureau.reviewer"].UserID})
			if err != nil {
				return "", fmt.Errorf("assign: %w", err)
			}
			version = r.Version
		default:
			uctx, err := as(st.user, "transition-application")
			if err != nil {
				return "", err
			}
			r, err := svc.Do(uctx, id, specialcase.CommandInput{Command: specialcase.Command(st.cmd), Version: version,
				ReasonCode: st.reason, Note: st.note})
			if err != nil {
				return "", fmt.Errorf("%s: %w", st.cmd, err)
			}
			version, status = r.Version, r.Status
		}
	}
	return status, nil
}
