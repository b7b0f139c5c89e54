package publication_test

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/shopspring/decimal"

	"teyi/backend/internal/platform/audit"
	"teyi/backend/internal/platform/authz"
	"teyi/backend/internal/platform/pgcopy"
	"teyi/backend/internal/platform/testsupport"
	"teyi/backend/internal/publication"
	"teyi/backend/internal/specialcase/settings"
)

// BenchmarkBuild measures the publication of a half-year over a region of
// 1,000,000 cases (TEYI_BENCH_PUBLICATION_CASES overrides) in 50 hospitals
// with 5,000 applications, about half of them decided (some on appeal).
// The cases are written by binary COPY (pgcopy) into the real cases table
// with all its indexes; the setup takes a minute or two and runs only
// under -bench:
//
//	go test -run '^$' -bench BenchmarkBuild -benchtime 10x ./backend/internal/publication/
//
// The cases are laid out hospital after hospital, as imports write them;
// TEYI_BENCH_PUBLICATION_INTERLEAVE=1 mixes the hospitals row by row (the
// worst layout for the first builds, which still visit the heap).
//
// Build is what drafting reads (BuildConsistent: one repeatable-read
// snapshot). "cold_ms" is the first build right after the load: it is the
// first reader of the new rows and sets their hint bits; "novacuum_ms" the
// second, before any VACUUM has set the visibility map (DischargeScan then
// counts region-wide); ns/op the builds after a VACUUM (what autovacuum
// gives a table soon after an import), by per-hospital index-only scans.
func BenchmarkBuild(b *testing.B) {
	n := 1_000_000
	if v := os.Getenv("TEYI_BENCH_PUBLICATION_CASES"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1 {
			b.Fatalf("TEYI_BENCH_PUBLICATION_CASES=%q", v)
		}
	}
	const hospitals, apps = 50, 5000
	db, dsn := testsupport.NewDB(b)
	ctx := context.Background()
	hs := make([]string, hospitals)
	testsupport.AdminExec(b, dsn, `INSERT INTO regions (code, name) VALUES ('370100', '济南市')`,
		`INSERT INTO users (id, username, display_name, password_hash) VALUES ('`+uuid.NewString()+`', 'bench.doctor', '压测', 'x')`)
	for i := range hs {
		hs[i] = uuid.NewString()
		testsupport.AdminExec(b, dsn, fmt.Sprintf(`INSERT INTO hospitals (id, code, name, level, region_code) VALUES ('%s', 'H3701BENCH%04d', '压测医院%04d', %d, '370100')`,
			hs[i], i+1, i+1, 1+i%3))
	}

	start := time.Now()
	interleave := os.Getenv("TEYI_BENCH_PUBLICATION_INTERLEAVE") != ""
	if err := copyCases(ctx, dsn, hs, n, interleave); err != nil {
		b.Fatal(err)
	}
	loaded := time.Since(start)

	// applications submitted over the half-year: 5 % rejected at intake, 5 %
	// withdrawn, 40 % pending in some state, 50 % decided (a tenth of those
	// on appeal, the appeal's decision confirmed)
	start = time.Now()
	testsupport.AdminExec(b, dsn, fmt.Sprintf(`INSERT INTO special_applications (id, no, region_code, hospital_id, case_id, settlement_id,
			discharged_on, types, status, open, created_by, quota_key, quota_period, quota_held, created_at, updated_at, submitted_at)
		SELECT gen_random_uuid(), 'TY2026' || lpad(g::text, 6, '0'), '370100', h.id, g, 'S' || g,
			date '2026-01-01' + (g %% 180), '{HIGH_COST}',
			CASE WHEN g %% 20 = 0 THEN 'REJECTED_AT_INTAKE' WHEN g %% 20 = 1 THEN 'WITHDRAWN' WHEN g %% 10 < 6 THEN 'DECIDED'
				WHEN g %% 10 = 6 THEN 'SUBMITTED' WHEN g %% 10 = 7 THEN 'ACCEPTED' ELSE 'EXPERT_REVIEW' END,
			true, (SELECT id FROM users LIMIT 1), '370100', '2026Q1', g %% 20 <> 0, now(), now(),
			timestamptz '2026-01-01 00:00+08' + (g %% 181) * interval '1 day' + (g %% 86400) * interval '1 second'
		FROM generate_series(1, %d) g
		JOIN (SELECT id, row_number() OVER (ORDER BY code) - 1 AS k FROM hospitals) h ON h.k = g %% %d`, apps, hospitals),
		`INSERT INTO special_application_events (application_id, seq, at, actor_name, actor_role, command, from_status, to_status)
		SELECT id, 1, submitted_at, 'x', 'hospital_office', 'forward', 'HOSPITAL_REVIEW', 'SUBMITTED' FROM special_applications`,
		`INSERT INTO special_application_events (application_id, seq, at, actor_name, actor_role, command, from_status, to_status)
		SELECT id, 2, submitted_at, 'x', 'bureau_reviewer', 'accept', 'SUBMITTED', 'ACCEPTED' FROM special_applications
		WHERE status NOT IN ('SUBMITTED', 'REJECTED_AT_INTAKE')`,
		`INSERT INTO panels (id, application_id, region_code, hospital_id, round, size, status, created_at, updated_at)
		SELECT gen_random_uuid(), id, region_code, hospital_id, 1, 3, 'CONFIRMED', now(), now() FROM special_applications WHERE status = 'DECIDED'`,
		`INSERT INTO panels (id, application_id, region_code, hospital_id, round, size, status, created_at, updated_at)
		SELECT gen_random_uuid(), id, region_code, hospital_id, 2, 3, 'CONFIRMED', now(), now() FROM special_applications
		WHERE status = 'DECIDED' AND case_id % 100 < 10`,
		`INSERT INTO review_decisions (id, application_id, panel_id, region_code, hospital_id, version, vote_round, outcome,
			deduction_total, approved_amount, rule_version, tally, status, created_at)
		SELECT gen_random_uuid(), p.application_id, p.id, p.region_code, p.hospital_id, p.round, 1,
			(ARRAY['APPROVED_ITEM_BASED', 'APPROVED_ADJUSTED_STANDARD', 'REJECTED'])[1 + (a.case_id + p.round) % 3],
			(a.case_id % 500)::numeric / 4, 20000 + a.case_id % 9000, 'v1', '{}', 'CONFIRMED', now()
		FROM panels p JOIN special_applications a ON a.id = p.application_id`,
		`VACUUM ANALYZE special_applications, special_application_events, panels, review_decisions`,
		`ANALYZE cases`)
	b.Logf("loaded %d cases (interleaved: %v) in %s, %d applications in %s", n, interleave, loaded.Round(time.Millisecond), apps,
		time.Since(start).Round(time.Millisecond))

	alog := audit.New(db, nil)
	svc := &publication.Service{DB: db, Audit: alog, Rules: settings.New(db, alog, nil)}
	p, _ := publication.ParsePeriod("2026H1")
	plan, _ := publication.DischargeScan(ctx, db)
	start = time.Now()
	r, err := svc.BuildConsistent(ctx, "370100", p)
	if err != nil {
		b.Fatal(err)
	}
	cold := time.Since(start)
	if r.Totals.Discharges != n || r.Totals.Submitted != apps || len(r.Hospitals) != hospitals {
		b.Fatalf("totals %+v over %d hospitals", r.Totals, len(r.Hospitals))
	}
	b.Logf("first build (no VACUUM yet, discharges by %s scan): %s; totals %+v", plan, cold.Round(time.Millisecond), r.Totals)
	start = time.Now()
	if _, err := svc.BuildConsistent(ctx, "370100", p); err != nil {
		b.Fatal(err)
	}
	second := time.Since(start)
	b.Logf("second build (hint bits set, visibility map not yet): %s", second.Round(time.Millisecond))
	testsupport.AdminExec(b, dsn, `VACUUM ANALYZE cases`)
	plan, _ = publication.DischargeScan(ctx, db)
	b.Logf("after VACUUM: discharges by %s scan", plan)

	admin := authz.WithPrincipal(audit.WithActor(ctx, audit.Actor{Name: "bureau.admin"}), &authz.Principal{},
		authz.Scope{Kind: authz.KindRegion, RegionCode: "370100", Role: authz.RoleBureauAdmin})
	start = time.Now()
	if _, err := svc.Draft(admin, "2026H1"); err != nil {
		b.Fatal(err)
	}
	b.Logf("draft (build + store): %s", time.Since(start).Round(time.Millisecond))

	b.ResetTimer()
	for b.Loop() {
		if _, err := svc.BuildConsistent(ctx, "370100", p); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(cold.Milliseconds()), "cold_ms")
	b.ReportMetric(float64(second.Milliseconds()), "novacuum_ms")
	b.ReportMetric(float64(n), "cases")
}

// copyCases writes n current cases of the hospitals, discharged uniformly
// over 2026H1, by binary COPY as the owner (like an import, without the
// grouping and pricing work: the report reads the indexed columns only).
// The hospitals' cases follow each other, as imports (one per hospital)
// write them; interleave mixes them row by row instead, the worst layout
// for reading one hospital's rows.
func copyCases(ctx context.Context, dsn string, hs []string, n int, interleave bool) error {
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	imp := uuid.NewString()
	from := time.Date(2026, 1, 1, 0, 0, 0, 0, publication.Beijing)
	span := time.Date(2026, 7, 1, 0, 0, 0, 0, publication.Beijing).Sub(from)
	rng := rand.New(rand.NewPCG(1, 2))
	detail := make([]byte, 200)
	for i := range detail {
		detail[i] = byte(rng.IntN(256))
	}
	const cols = `region_code, hospital_id, import_id, settlement_id, version, visit_id, sex, age, insurance_type, admitted_at,
		discharged_at, discharge_month, los, principal_dx, total_cost, plan_id, group_status, mdc, adrg, drg, weight, cost_ratio, reasons, detail`
	pr, pw := io.Pipe()
	go func() {
		buf := pgcopy.Header(make([]byte, 0, 1<<20))
		var err error
		for i := 0; i < n && err == nil; i++ {
			h := hs[i*len(hs)/n]
			if interleave {
				h = hs[i%len(hs)]
			}
			dis := from.Add(time.Duration(rng.Int64N(int64(span)))).Truncate(time.Second)
			los := 1 + rng.IntN(30)
			buf = pgcopy.BeginRow(buf, 24)
			buf = pgcopy.Text(buf, "370100")
			buf, _ = pgcopy.UUID(buf, h)
			buf, _ = pgcopy.UUID(buf, imp)
			buf = pgcopy.Text(buf, "S"+strconv.Itoa(i))
			buf = pgcopy.Int4(buf, 1)
			buf = pgcopy.Text(buf, "V"+strconv.Itoa(i))
			buf = pgcopy.Int2(buf, int16(1+i%2))
			buf = pgcopy.Int2(buf, int16(20+rng.IntN(70)))
			buf = pgcopy.Text(buf, "310")
			buf = pgcopy.Timestamptz(buf, dis.Add(-time.Duration(los)*24*time.Hour))
			buf = pgcopy.Timestamptz(buf, dis)
			d := dis.In(publication.Beijing)
			buf = pgcopy.Date(buf, time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, time.UTC))
			buf = pgcopy.Int4(buf, int32(los))
			buf = pgcopy.Text(buf, "I21.000")
			buf = pgcopy.Numeric(buf, decimal.New(int64(2000+rng.IntN(200000)), 0))
			buf = pgcopy.Text(buf, "chs-drg-1.1")
			buf = pgcopy.Text(buf, "grouped")
			buf = pgcopy.Text(buf, "MDCF")
			buf = pgcopy.Text(buf, "FM1")
			buf = pgcopy.Text(buf, "FM19")
			buf = pgcopy.Numeric(buf, decimal.New(int64(500+rng.IntN(3000)), -3))
			buf = pgcopy.Numeric(buf, decimal.New(int64(20+rng.IntN(400)), -2))
			buf = pgcopy.Int4(buf, int32(rng.IntN(16)&rng.IntN(16)))
			buf = pgcopy.Bytea(buf, detail)
			if len(buf) > 1<<20-4096 {
				_, err = pw.Write(buf)
				buf = buf[:0]
			}
		}
		if err == nil {
			buf = pgcopy.Trailer(buf)
			_, err = pw.Write(buf)
		}
		pw.CloseWithError(err)
	}()
	tag, err := conn.PgConn().CopyFrom(ctx, pr, "COPY cases ("+cols+") FROM STDIN (FORMAT binary)")
	pr.CloseWithError(io.ErrClosedPipe)
	if err != nil {
		return err
	}
	if tag.RowsAffected() != int64(n) {
		return fmt.Errorf("copied %d cases of %d", tag.RowsAffected(), n)
	}
	return nil
}
