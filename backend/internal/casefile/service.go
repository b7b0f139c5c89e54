package casefile

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"teyi/backend/internal/platform/audit"
	"teyi/backend/internal/platform/authz"
	"teyi/backend/internal/platform/database"
	"teyi/backend/internal/platform/queue"
	"teyi/backend/internal/pricing"
)

// TaskImport is the task kind that runs an import.
const TaskImport = "casefile:import"

// Errors the HTTP layer maps.
var (
	ErrNotFound   = errors.New("not found")
	ErrInvalid    = errors.New("invalid input")
	ErrNoHospital = errors.New("imports are made for one hospital: choose it")
)

// Service is the case domain's use cases.
type Service struct {
	DB       *database.DB
	Env      *Env
	Audit    *audit.Log
	Outbox   *queue.Outbox
	Log      *slog.Logger
	SpoolDir string
	Workers  int
}

// Import is an import job as the API shows it.
type Import struct {
	ID            string     `json:"id"`
	HospitalID    string     `json:"hospital_id"`
	HospitalName  string     `json:"hospital_name"`
	Source        string     `json:"source" enum:"upload,api,cli"`
	FileName      string     `json:"file_name"`
	Format        string     `json:"format"`
	SizeBytes     int64      `json:"size_bytes"`
	SHA256        string     `json:"sha256"`
	Status        string     `json:"status" enum:"queued,running,committed,rejected,failed"`
	Phase         string     `json:"phase"`
	BytesDone     int64      `json:"bytes_done"`
	RowsTotal     int        `json:"rows_total"`
	RowsDone      int        `json:"rows_done"`
	ErrorCount    int        `json:"error_count"`
	CasesNew      int        `json:"cases_new"`
	CasesReplaced int        `json:"cases_replaced"`
	Message       string     `json:"message"`
	CreatedAt     time.Time  `json:"created_at"`
	StartedAt     *time.Time `json:"started_at,omitempty"`
	FinishedAt    *time.Time `json:"finished_at,omitempty"`
	// Percent is the overall progress, 0–100: validation is the first
	// 30, committing the rest.
	Percent int `json:"percent"`
}

func (im *Import) fill() {
	switch {
	case im.Status == "committed" || im.Status == "rejected" || im.Status == "failed":
		im.Percent = 100
	case im.Phase == "validate" && im.SizeBytes > 0:
		im.Percent = int(30 * im.BytesDone / im.SizeBytes)
	case im.Phase == "commit" && im.RowsTotal > 0:
		im.Percent = 30 + 70*im.RowsDone/im.RowsTotal
	}
}

const importCols = `i.id, i.hospital_id, h.name AS hospital_name, i.source, i.file_name, i.format, i.size_bytes, i.sha256,
 i.status, i.phase, i.bytes_done, i.rows_total, i.rows_done, i.error_count, i.cases_new, i.cases_replaced, i.message,
 i.created_at, i.started_at, i.finished_at`

// scopeSQL limits a query on alias a to the caller's tenancy.
func scopeSQL(ctx context.Context, a string) (string, []any, error) {
	s := authz.ScopeFrom(ctx)
	switch s.Kind {
	case authz.KindHospital:
		if s.HospitalID == "" {
			return "", nil, ErrNotFound
		}
		if s.RegionCode != "" {
			// The region as well: it lets the planner use the region's
			// DRG index for a hospital's DRG filter.
			return a + ".hospital_id = ? AND " + a + ".region_code = ?", []any{s.HospitalID, s.RegionCode}, nil
		}
		return a + ".hospital_id = ?", []any{s.HospitalID}, nil
	case authz.KindRegion:
		if s.RegionCode == "" {
			return "", nil, ErrNotFound
		}
		return a + ".region_code = ?", []any{s.RegionCode}, nil
	case authz.KindSystem:
		return "true", nil, nil
	}
	return "", nil, ErrNotFound
}

// HospitalFor resolves the hospital an import is for: a hospital caller's
// own; a region caller must name one of the region's; the CLI (system
// scope) names any by code or id.
func (s *Service) HospitalFor(ctx context.Context, ref string) (Hospital, error) {
	sc := authz.ScopeFrom(ctx)
	if sc.Kind == authz.KindHospital {
		if ref != "" && ref != sc.HospitalID {
			return Hospital{}, ErrNotFound
		}
		ref = sc.HospitalID
	}
	if ref == "" {
		return Hospital{}, ErrNoHospital
	}
	q := `SELECT id::text, code, name, region_code, level FROM hospitals WHERE `
	if _, err := uuid.Parse(ref); err == nil {
		q += `id = ?`
	} else {
		q += `code = ?`
	}
	var row struct {
		ID, Code, Name, RegionCode string
		Level                      int
	}
	res := s.DB.Conn(ctx).Raw(q, ref).Scan(&row)
	if res.Error != nil {
		return Hospital{}, res.Error
	}
	if res.RowsAffected == 0 || (sc.Kind == authz.KindRegion && row.RegionCode != sc.RegionCode) {
		return Hospital{}, ErrNotFound
	}
	lvl := pricing.Primary
	switch row.Level {
	case 3:
		lvl = pricing.Tertiary
	case 2:
		lvl = pricing.Secondary
	}
	return Hospital{ID: row.ID, Code: row.Code, Name: row.Name, Region: row.RegionCode, Level: lvl}, nil
}

// NewImport is a file to import.
type NewImport struct {
	Hospital Hospital
	Source   string
	FileName string
	Format   Format
	Body     io.Reader
	// SpoolPath, when set, is an existing file to import in place (the CLI);
	// otherwise Body is written to the spool directory.
	SpoolPath string
}

// CreateImport spools the file and queues its import: the import row, its
// audit event and the outbox message commit together.
func (s *Service) CreateImport(ctx context.Context, in NewImport) (*Import, error) {
	id := uuid.Must(uuid.NewV7()).String()
	path, size, sum, err := s.spool(id, in)
	if err != nil {
		return nil, err
	}
	p := authz.PrincipalFrom(ctx)
	var createdBy, tokenID any
	if p.TokenID != "" {
		tokenID = p.TokenID
	} else if p.UserID != "" {
		createdBy = p.UserID
	}
	name := sanitizeFileName(in.FileName)
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		if err := s.DB.Conn(ctx).Exec(`INSERT INTO case_imports (id, region_code, hospital_id, created_by, token_id, source,
			file_name, format, size_bytes, sha256, spool_path) VALUES (?,?,?,?,?,?,?,?,?,?,?)`,
			id, in.Hospital.Region, in.Hospital.ID, createdBy, tokenID, in.Source, name, string(in.Format), size, sum, path).Error; err != nil {
			return err
		}
		if err := s.Audit.Record(ctx, audit.Event{Action: "cases.import.create", ObjectType: "case_import", ObjectID: id,
			New:        map[string]any{"file_name": name, "format": in.Format, "size_bytes": size, "sha256": sum},
			RegionCode: in.Hospital.Region, HospitalID: in.Hospital.ID}); err != nil {
			return err
		}
		if s.Outbox != nil && in.Source != "cli" {
			_, err := s.Outbox.Add(ctx, queue.Message{Kind: TaskImport, Payload: map[string]string{"import_id": id}, BusinessKey: "case-import:" + id})
			return err
		}
		return nil
	})
	if err != nil {
		if in.SpoolPath == "" {
			os.Remove(path) //nolint:errcheck
		}
		return nil, err
	}
	return s.GetImport(authz.WithPrincipal(ctx, p, authz.Scope{Kind: authz.KindHospital, HospitalID: in.Hospital.ID}), id)
}

func sanitizeFileName(n string) string {
	n = filepath.Base(strings.ReplaceAll(n, "\\", "/"))
	n = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, n)
	if len([]rune(n)) > 200 {
		n = string([]rune(n)[:200])
	}
	if n == "." || n == "/" {
		return ""
	}
	return n
}

func (s *Service) spool(id string, in NewImport) (string, int64, string, error) {
	h := sha256.New()
	if in.SpoolPath != "" {
		f, err := os.Open(in.SpoolPath)
		if err != nil {
			return "", 0, "", err
		}
		defer f.Close()
		n, err := io.Copy(h, f)
		if err != nil {
			return "", 0, "", err
		}
		abs, _ := filepath.Abs(in.SpoolPath)
		return abs, n, hex.EncodeToString(h.Sum(nil)), nil
	}
	if err := os.MkdirAll(s.SpoolDir, 0o700); err != nil {
		return "", 0, "", err
	}
	path := filepath.Join(s.SpoolDir, id+"."+string(in.Format))
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return "", 0, "", err
	}
	n, err := io.Copy(io.MultiWriter(f, h), in.Body)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path) //nolint:errcheck
		return "", 0, "", err
	}
	return path, n, hex.EncodeToString(h.Sum(nil)), nil
}

// GetImport returns an import in the caller's scope.
func (s *Service) GetImport(ctx context.Context, id string) (*Import, error) {
	if _, err := uuid.Parse(id); err != nil {
		return nil, ErrNotFound
	}
	where, args, err := scopeSQL(ctx, "i")
	if err != nil {
		return nil, err
	}
	var im Import
	res := s.DB.Conn(ctx).Raw(`SELECT `+importCols+` FROM case_imports i JOIN hospitals h ON h.id = i.hospital_id
		WHERE i.id = ? AND `+where, append([]any{id}, args...)...).Scan(&im)
	if res.Error != nil {
		return nil, res.Error
	}
	if res.RowsAffected == 0 {
		return nil, ErrNotFound
	}
	im.fill()
	return &im, nil
}

// ListImports lists the caller's recent imports, newest first.
func (s *Service) ListImports(ctx context.Context, limit int) ([]Import, error) {
	where, args, err := scopeSQL(ctx, "i")
	if err != nil {
		return nil, err
	}
	if limit <= 0 || limit > 100 {
		limit = 20
	}
	var out []Import
	err = s.DB.Conn(ctx).Raw(`SELECT `+importCols+` FROM case_imports i JOIN hospitals h ON h.id = i.hospital_id
		WHERE `+where+` ORDER BY i.created_at DESC LIMIT ?`, append(args, limit)...).Scan(&out).Error
	for i := range out {
		out[i].fill()
	}
	return out, err
}

// ImportErrors returns the error report of an import in the caller's scope.
func (s *Service) ImportErrors(ctx context.Context, id string) ([]RowError, error) {
	if _, err := s.GetImport(ctx, id); err != nil {
		return nil, err
	}
	var out []RowError
	err := s.DB.Conn(ctx).Raw(`SELECT line, field, value, reason FROM case_import_errors WHERE import_id = ? ORDER BY seq`, id).Scan(&out).Error
	return out, err
}

// RunImport runs a queued import (the task handler, and the CLI). It is
// idempotent: a finished import is left alone, and the commit of the cases
// and of the import's status is one transaction.
func (s *Service) RunImport(ctx context.Context, id string, progress Progress) (*Outcome, error) {
	var claim struct {
		HospitalID, SpoolPath, Format string
	}
	res := s.DB.Conn(ctx).Raw(`UPDATE case_imports SET status = 'running', phase = 'validate', started_at = now(),
		bytes_done = 0, rows_done = 0
		WHERE id = ? AND (status = 'queued' OR (status = 'running' AND started_at < now() - interval '1 hour'))
		RETURNING hospital_id::text, spool_path, format`, id).Scan(&claim)
	if res.Error != nil {
		return nil, res.Error
	}
	if res.RowsAffected == 0 {
		return nil, nil // finished, or running elsewhere
	}
	sys := authz.WithPrincipal(ctx, authz.Anonymous(), authz.Scope{Kind: authz.KindSystem})
	h, err := s.HospitalFor(sys, claim.HospitalID)
	if err != nil {
		return nil, s.fail(ctx, id, err)
	}
	format := Format(claim.Format)
	open := func() (Source, int64, func() int64, error) { return OpenFile(claim.SpoolPath, format) }
	var lastWrite time.Time
	report := func(phase string, done, total int64) {
		if progress != nil {
			progress(phase, done, total)
		}
		if time.Since(lastWrite) < 300*time.Millisecond && done != total {
			return
		}
		lastWrite = time.Now()
		q := `UPDATE case_imports SET phase = 'validate', bytes_done = ? WHERE id = ?`
		if phase == "commit" {
			q = `UPDATE case_imports SET phase = 'commit', rows_done = ?, rows_total = ` + strconv.FormatInt(total, 10) + ` WHERE id = ?`
		}
		if err := s.DB.Conn(context.WithoutCancel(ctx)).Exec(q, done, id).Error; err != nil {
			s.Log.Warn("import progress", "import", id, "err", SafeError(err))
		}
	}
	rules, err := s.RulesFor(ctx, h.Region)
	if err != nil {
		return nil, s.fail(ctx, id, err)
	}
	im := &Importer{DB: s.DB, Env: s.Env, Log: s.Log, Workers: s.Workers, Rules: &rules.Rules}
	im.BeforeCommit = func(ctx context.Context, tx pgx.Tx, rows, replaced int) error {
		_, err := tx.Exec(ctx, `UPDATE case_imports SET status = 'committed', phase = 'commit', rows_total = $2, rows_done = $2,
			cases_new = $3, cases_replaced = $4, error_count = 0, finished_at = now(), spool_path = '' WHERE id = $1`,
			id, rows, rows-replaced, replaced)
		return err
	}
	start := time.Now()
	out, err := im.Run(ctx, id, h, open, report)
	if err != nil {
		return nil, s.fail(ctx, id, err)
	}
	if out.Status == "rejected" {
		if err := s.reject(ctx, id, &out); err != nil {
			return nil, s.fail(ctx, id, err)
		}
	}
	s.Log.Info("case import finished", "import", id, "status", out.Status, "rows", out.Rows, "errors", out.Errors,
		"new", out.New, "replaced", out.Replaced, "encoding", out.Encoding, "seconds", time.Since(start).Seconds())
	s.cleanup(claim.SpoolPath)
	actx := audit.WithActor(ctx, audit.Actor{Name: "system:import"})
	if err := s.Audit.Record(actx, audit.Event{Action: "cases.import." + out.Status, ObjectType: "case_import", ObjectID: id,
		New:        map[string]any{"rows": out.Rows, "errors": out.Errors, "new": out.New, "replaced": out.Replaced},
		RegionCode: h.Region, HospitalID: h.ID}); err != nil {
		s.Log.Warn("audit import", "import", id, "err", SafeError(err))
	}
	return &out, nil
}

func (s *Service) cleanup(path string) {
	if path != "" && strings.HasPrefix(path, filepath.Clean(s.SpoolDir)+string(filepath.Separator)) {
		os.Remove(path) //nolint:errcheck
	}
}

func (s *Service) reject(ctx context.Context, id string, out *Outcome) error {
	return s.DB.Raw(ctx, func(c *pgx.Conn) error {
		tx, err := c.Begin(ctx)
		if err != nil {
			return err
		}
		defer tx.Rollback(context.WithoutCancel(ctx)) //nolint:errcheck
		rows := make([][]any, len(out.Report))
		for i, e := range out.Report {
			rows[i] = []any{id, i + 1, e.Line, e.Field, e.Value, e.Reason}
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"case_import_errors"}, []string{"import_id", "seq", "line", "field", "value", "reason"},
			pgx.CopyFromRows(rows)); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE case_imports SET status = 'rejected', rows_total = $2, error_count = $3,
			finished_at = now(), spool_path = '', message = $4 WHERE id = $1`, id, out.Rows, out.Errors,
			fmt.Sprintf("%d row errors; nothing was imported", out.Errors)); err != nil {
			return err
		}
		return tx.Commit(ctx)
	})
}

func (s *Service) fail(ctx context.Context, id string, cause error) error {
	s.Log.Error("case import failed", "import", id, "err", SafeError(cause))
	if err := s.DB.Conn(context.WithoutCancel(ctx)).Exec(`UPDATE case_imports SET status = 'failed', finished_at = now(),
		message = 'the import failed on the server; nothing was imported. Try again or ask an administrator (server log)'
		WHERE id = ? AND status = 'running'`, id).Error; err != nil {
		s.Log.Error("mark import failed", "import", id, "err", SafeError(err))
	}
	return cause
}

// SafeError describes an error for the log without the data it may quote:
// PostgreSQL's messages and details can hold values from the file.
func SafeError(err error) string {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return "postgres " + pg.Code + " " + pg.ConstraintName
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err.Error()
	}
	var fe *FileError
	if errors.As(err, &fe) {
		return "file error at line " + strconv.Itoa(fe.Line)
	}
	msg := err.Error()
	// Our own errors name lines, never values; cut anything long.
	if len(msg) > 120 {
		msg = msg[:120]
	}
	return msg
}

// OpenFile opens an import file for one pass.
func OpenFile(path string, f Format) (Source, int64, func() int64, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, 0, nil, err
	}
	st, err := file.Stat()
	if err != nil {
		file.Close()
		return nil, 0, nil, err
	}
	cr := &countReader{r: file}
	var src Source
	switch f {
	case FormatCSV:
		src, err = NewCSV(cr)
	case FormatJSON:
		src, err = NewJSON(cr)
	case FormatXLSX:
		src, err = NewXLSX(file, st.Size())
		cr.n = st.Size()
	default:
		err = ErrUnsupported
	}
	if err != nil {
		file.Close()
		return nil, 0, nil, err
	}
	return &closingSource{Source: src, f: file}, st.Size(), func() int64 { return cr.n }, nil
}

type closingSource struct {
	Source
	f *os.File
}

func (c *closingSource) Next(rec *Record) (int, error) {
	line, err := c.Source.Next(rec)
	if err == io.EOF {
		c.f.Close()
	}
	return line, err
}

type countReader struct {
	r io.Reader
	n int64
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// ---- cursors ----

func encodeCursor(parts ...string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strings.Join(parts, "|")))
}

func decodeCursor(c string, n int) ([]string, bool) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return nil, false
	}
	parts := strings.Split(string(b), "|")
	return parts, len(parts) == n
}

func withSystemScope(ctx context.Context) context.Context {
	return authz.WithPrincipal(ctx, authz.PrincipalFrom(ctx), authz.Scope{Kind: authz.KindSystem})
}

// scopeRegion is the region of a region or hospital scope.
func scopeRegion(ctx context.Context) string {
	s := authz.ScopeFrom(ctx)
	if s.Kind == authz.KindRegion || s.Kind == authz.KindHospital {
		return s.RegionCode
	}
	return ""
}

func writeJSON(w io.Writer, v any) {
	enc := json.NewEncoder(w)
	enc.Encode(v) //nolint:errcheck
}
