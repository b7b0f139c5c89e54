package casefile

import (
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"log/slog"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"

	"teyi/backend/internal/platform/database"
	"teyi/backend/internal/platform/pgcopy"
)

// MaxReportedErrors is how many row errors an import keeps for its report;
// the count goes on.
const MaxReportedErrors = 10000

// Progress reports an import's progress: in phase "validate" done/total are
// bytes of the file, in phase "commit" they are rows.
type Progress func(phase string, done, total int64)

// Outcome is the result of one import.
type Outcome struct {
	Status   string // committed or rejected
	Rows     int
	New      int
	Replaced int
	Errors   int        // row errors found (all of them)
	Report   []RowError // the first MaxReportedErrors
	Encoding string
}

// Importer runs imports: validate the whole file, then group, price, check
// and commit it in one transaction. A file with any row error commits
// nothing.
type Importer struct {
	DB      *database.DB
	Env     *Env
	Log     *slog.Logger
	Workers int // parse/process goroutines; 0: GOMAXPROCS
	// Rules are the region's screening rules (zero value: Env.Rules).
	Rules *ScreenRules
	// BeforeCommit runs in the import's transaction after the cases are
	// written (the import's own status row commits with them).
	BeforeCommit func(ctx context.Context, tx pgx.Tx, rows, replaced int) error
}

// Opener opens the file again for each pass, with its size in bytes.
type Opener func() (Source, int64, func() int64, error)

type rowJob struct {
	rec  Record
	line int
	err  error
}

// pipeline reads rows on one goroutine and hands batches to workers.
func pipeline(ctx context.Context, src Source, workers int, work func(w int, batch []rowJob) error) error {
	const batchSize = 256
	ch := make(chan []rowJob, workers*2)
	pool := sync.Pool{New: func() any { s := make([]rowJob, 0, batchSize); return &s }}
	var wg sync.WaitGroup
	var workErr error
	var once sync.Once
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for batch := range ch {
				if ctx.Err() == nil {
					if err := work(w, batch); err != nil {
						once.Do(func() { workErr = err; cancel() })
					}
				}
				b := batch[:0]
				pool.Put(&b)
			}
		}()
	}
	var readErr error
	batch := *(pool.Get().(*[]rowJob))
	for ctx.Err() == nil {
		batch = append(batch, rowJob{})
		j := &batch[len(batch)-1]
		line, err := src.Next(&j.rec)
		if err == io.EOF {
			batch = batch[:len(batch)-1]
			break
		}
		j.line, j.err = line, err
		if err != nil {
			if _, ok := AsRowError(err); !ok {
				readErr = err
				batch = batch[:len(batch)-1]
				break
			}
		}
		if len(batch) == batchSize {
			select {
			case ch <- batch:
			case <-ctx.Done():
			}
			batch = *(pool.Get().(*[]rowJob))
		}
	}
	if len(batch) > 0 && ctx.Err() == nil {
		ch <- batch
	}
	close(ch)
	wg.Wait()
	if workErr != nil {
		return workErr
	}
	if readErr != nil {
		return readErr
	}
	return ctx.Err()
}

type patientStay struct {
	key     int64
	in, out int64 // unix seconds
	// planned is that stay's own dscg_31days_rinp_flag: a readmission
	// within 31 days was announced at its discharge.
	planned bool
}

// scan is what the first, light pass learns of a file: it reads only the
// identifiers and the stay dates of each row.
type scan struct {
	rows     int
	dups     []RowError // duplicate settlement ids within the file
	replace  []string   // settlement ids already stored (their versions are replaced)
	stays    []patientStay
	encoding string
	fileErr  *FileError
}

// errorSink collects row errors from the workers.
type errorSink struct {
	mu     sync.Mutex
	count  int
	report []RowError
	failed atomic.Bool
}

func (e *errorSink) add(errs []RowError) {
	if len(errs) == 0 {
		return
	}
	e.failed.Store(true)
	e.mu.Lock()
	e.count += len(errs)
	if room := MaxReportedErrors - len(e.report); room > 0 {
		e.report = append(e.report, errs[:min(room, len(errs))]...)
	}
	e.mu.Unlock()
}

// Run imports a file for hospital h under import id. It returns the
// outcome of a rejected file without error; an error means the import
// failed for a reason of ours (the database, say) and nothing was committed.
//
// Two passes read the file. The first reads identifiers only: duplicate
// settlement ids, the versions it replaces, and the patients' stays (for the
// 31-day readmission check, which needs stays later in the file). The second
// parses, validates, groups, prices, checks and COPYs every row inside one
// transaction; at the first row error it stops writing, goes on validating
// for the report, and rolls back.
func (im *Importer) Run(ctx context.Context, importID string, h Hospital, open Opener, progress Progress) (Outcome, error) {
	workers := im.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if progress == nil {
		progress = func(string, int64, int64) {}
	}
	existing, err := im.storedSettlements(ctx, h.ID)
	if err != nil {
		return Outcome{}, err
	}
	t0 := time.Now()
	sc, err := im.scan(ctx, open, existing, progress)
	if err != nil {
		return Outcome{}, err
	}
	if im.Log != nil {
		im.Log.Debug("import scanned", "import", importID, "rows", sc.rows, "seconds", time.Since(t0).Seconds())
	}
	out := Outcome{Rows: sc.rows, Encoding: sc.encoding}
	if sc.fileErr != nil {
		out.Status, out.Errors = "rejected", 1
		out.Report = []RowError{{Line: sc.fileErr.Line, Reason: sc.fileErr.Reason}}
		return out, nil
	}
	if sc.rows == 0 {
		out.Status, out.Errors = "rejected", 1
		out.Report = []RowError{{Line: 1, Reason: "the file has no cases"}}
		return out, nil
	}
	sink := &errorSink{}
	sink.add(sc.dups)
	replaced, err := im.commit(ctx, importID, h, open, workers, sc, sink, progress)
	if err != nil {
		return Outcome{}, err
	}
	if sink.count > 0 {
		slices.SortStableFunc(sink.report, func(a, b RowError) int { return a.Line - b.Line })
		out.Status, out.Errors, out.Report = "rejected", sink.count, sink.report
		return out, nil
	}
	out.Status, out.Replaced, out.New = "committed", replaced, sc.rows-replaced
	return out, nil
}

var seed = maphash.MakeSeed()

func hashID(s string) uint64 { return maphash.String(seed, s) }

func (im *Importer) storedSettlements(ctx context.Context, hospitalID string) (map[uint64]struct{}, error) {
	set := map[uint64]struct{}{}
	err := im.DB.Raw(ctx, func(c *pgx.Conn) error {
		rows, err := c.Query(ctx, `SELECT settlement_id FROM cases WHERE hospital_id = $1 AND current`, hospitalID)
		if err != nil {
			return err
		}
		defer rows.Close()
		var sid string
		for rows.Next() {
			if err := rows.Scan(&sid); err != nil {
				return err
			}
			set[hashID(sid)] = struct{}{}
		}
		return rows.Err()
	})
	return set, err
}

func (im *Importer) scan(ctx context.Context, open Opener, existing map[uint64]struct{}, progress Progress) (*scan, error) {
	src, size, pos, err := open()
	if err != nil {
		var fe *FileError
		if errors.As(err, &fe) {
			return &scan{fileErr: fe}, nil
		}
		return nil, err
	}
	sc := &scan{encoding: src.Encoding()}
	seen := make(map[uint64]int32, 1024)
	var rec Record
	var last time.Time
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		line, err := src.Next(&rec)
		if err == io.EOF {
			break
		}
		if err != nil {
			if _, ok := AsRowError(err); ok {
				sc.rows++
				continue // the second pass reports it
			}
			var fe *FileError
			if errors.As(err, &fe) {
				sc.fileErr = fe
				return sc, nil
			}
			return nil, err
		}
		sc.rows++
		if sc.rows&1023 == 0 && time.Since(last) > 300*time.Millisecond {
			last = time.Now()
			progress("validate", pos(), size)
		}
		sid := trimSpace(rec[ColSettlementID])
		if sid != "" {
			k := hashID(sid)
			if first, dup := seen[k]; dup {
				sc.dups = append(sc.dups, RowError{Line: line, Field: Columns[ColSettlementID].Name, Value: sid,
					Reason: fmt.Sprintf("duplicates the settlement id of line %d", first)})
			} else {
				seen[k] = int32(line)
				if _, ok := existing[k]; ok {
					sc.replace = append(sc.replace, sid)
				}
			}
		}
		if id := trimSpace(rec[ColIDNumber]); id != "" && im.Env.Sealer != nil {
			in, ok1 := parseTime(rec[ColAdmittedAt])
			out, ok2 := parseTime(rec[ColDischargedAt])
			if ok1 && ok2 {
				sc.stays = append(sc.stays, patientStay{key: im.Env.Sealer.Blind(id), in: in.Unix(), out: out.Unix(),
					planned: trimSpace(rec[ColReadmit31]) == "2"})
			}
		}
	}
	progress("validate", size, size)
	return sc, nil
}

// checkCase applies the rules that need more than the row itself: the
// hospital code, the plan for the discharge date, personal data storage.
func (im *Importer) checkCase(c *Case, h Hospital, line int, plans *sync.Map) []RowError {
	var errs []RowError
	if c.HospitalCode != "" && c.HospitalCode != h.Code {
		errs = append(errs, RowError{Line: line, Field: Columns[ColHospitalCode].Name, Value: c.HospitalCode,
			Reason: "is another hospital's code; import a hospital's cases under its own account"})
	}
	k := monthKey(c.DischargedAt)
	ok, seen := plans.Load(k)
	if !seen {
		_, err := im.Env.Plans.ForDischarge(c.DischargedAt.In(beijing))
		ok = err == nil
		plans.Store(k, ok)
	}
	if !ok.(bool) {
		errs = append(errs, RowError{Line: line, Field: Columns[ColDischargedAt].Name, Value: FormatTime(c.DischargedAt),
			Reason: "no grouping plan covers this discharge date"})
	}
	if im.Env.Sealer == nil && (c.Patient.Name != "" || c.Patient.IDNumber != "") {
		errs = append(errs, RowError{Line: line, Field: Columns[ColName].Name,
			Reason: "the server has no TEYI_SECRET_KEY, so personal data cannot be stored"})
	}
	return errs
}

func trimSpace(s string) string {
	for len(s) > 0 && (s[0] == ' ' || s[0] == '\t') {
		s = s[1:]
	}
	for len(s) > 0 && (s[len(s)-1] == ' ' || s[len(s)-1] == '\t') {
		s = s[:len(s)-1]
	}
	return s
}

// staysIndex answers "the previous discharge of this patient before an
// admission".
type staysIndex []patientStay

func (x staysIndex) previous(key int64, admitted int64) (time.Time, bool) {
	i, _ := slices.BinarySearchFunc(x, key, func(s patientStay, k int64) int {
		switch {
		case s.key < k:
			return -1
		case s.key > k:
			return 1
		}
		return 0
	})
	var best int64
	planned := false
	for ; i < len(x) && x[i].key == key; i++ {
		if x[i].out < admitted && x[i].out > best {
			best, planned = x[i].out, x[i].planned
		}
	}
	if best == 0 {
		return time.Time{}, false
	}
	return time.Unix(best, 0), planned
}

func (im *Importer) commit(ctx context.Context, importID string, h Hospital, open Opener, workers int,
	sc *scan, sink *errorSink, progress Progress) (int, error) {
	if sink.failed.Load() {
		// Already rejected: validate the rest for the report, write nothing.
		return 0, im.copyCases(ctx, nil, importID, h, open, workers, sc.rows, nil, staysIndex(sc.stays), sink, progress)
	}
	replaced := 0
	err := im.DB.Raw(ctx, func(c *pgx.Conn) error {
		tx, err := c.Begin(ctx)
		if err != nil {
			return err
		}
		defer tx.Rollback(context.WithoutCancel(ctx)) //nolint:errcheck
		versions := map[string]int{}
		for chunk := range slices.Chunk(sc.replace, 10000) {
			rows, err := tx.Query(ctx, `UPDATE cases SET current = false, superseded_at = now()
				WHERE hospital_id = $1 AND current AND settlement_id = ANY($2) RETURNING settlement_id, version`, h.ID, chunk)
			if err != nil {
				return err
			}
			var sid string
			var ver int
			for rows.Next() {
				if err := rows.Scan(&sid, &ver); err != nil {
					rows.Close()
					return err
				}
				versions[sid] = ver
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
		}
		replaced = len(versions)
		stays, err := im.priorStays(ctx, tx, h.ID, sc.stays)
		if err != nil {
			return err
		}
		if err := im.copyCases(ctx, tx.Conn(), importID, h, open, workers, sc.rows, versions, stays, sink, progress); err != nil {
			return err
		}
		if sink.failed.Load() {
			return nil // rolled back by the deferred Rollback
		}
		if im.BeforeCommit != nil {
			if err := im.BeforeCommit(ctx, tx, sc.rows, replaced); err != nil {
				return err
			}
		}
		return tx.Commit(ctx)
	})
	return replaced, err
}

// priorStays adds the stored stays of the file's patients to the file's own,
// sorted for lookup.
func (im *Importer) priorStays(ctx context.Context, tx pgx.Tx, hospitalID string, stays []patientStay) (staysIndex, error) {
	if len(stays) > 0 {
		keys := make(map[int64]struct{}, len(stays))
		for _, s := range stays {
			keys[s.key] = struct{}{}
		}
		// One pass over the hospital's stored stays (no index on the key:
		// it would slow every import more than this scan costs).
		rows, err := tx.Query(ctx, `SELECT patient_key, admitted_at, discharged_at, readmit_planned FROM cases
			WHERE hospital_id = $1 AND current AND patient_key <> 0`, hospitalID)
		if err != nil {
			return nil, err
		}
		var key int64
		var in, out time.Time
		var planned bool
		for rows.Next() {
			if err := rows.Scan(&key, &in, &out, &planned); err != nil {
				rows.Close()
				return nil, err
			}
			if _, ok := keys[key]; ok {
				stays = append(stays, patientStay{key: key, in: in.Unix(), out: out.Unix(), planned: planned})
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	slices.SortFunc(stays, func(a, b patientStay) int {
		if a.key != b.key {
			if a.key < b.key {
				return -1
			}
			return 1
		}
		return int(a.out - b.out)
	})
	return staysIndex(stays), nil
}

// errRejected stops the COPY of a file with row errors.
var errRejected = errors.New("the file has row errors")

// copyCases is the second pass. With c nil it only validates (the file is
// already rejected); otherwise it COPYs into the transaction on c until the
// first row error, after which it only validates.
func (im *Importer) copyCases(ctx context.Context, c *pgx.Conn, importID string, h Hospital, open Opener, workers int,
	total int, versions map[string]int, stays staysIndex, sink *errorSink, progress Progress) error {
	src, _, _, err := open()
	if err != nil {
		return err
	}
	chunks := make(chan *[]byte, workers*2)
	bufPool := sync.Pool{New: func() any { b := make([]byte, 0, 1<<20); return &b }}
	var done atomic.Int64
	// The registered 除外支付 items: one lookup for the whole import.
	var reg *Registered
	if im.Env.Registry != nil && c != nil {
		if reg, err = im.Env.Registry(h.Region, h.ID); err != nil {
			return fmt.Errorf("registered items: %w", err)
		}
	}
	ws := make([]*Worker, workers)
	for i := range ws {
		ws[i] = im.Env.NewWorker(h).WithRegistered(reg)
		if im.Rules != nil {
			ws[i].WithRules(*im.Rules)
		}
	}
	plans := &sync.Map{}
	produce := func() error {
		defer close(chunks)
		return pipeline(ctx, src, workers, func(w int, batch []rowJob) error {
			bp := bufPool.Get().(*[]byte)
			b := (*bp)[:0]
			var errs []RowError
			for i := range batch {
				j := &batch[i]
				if j.err != nil {
					re, _ := AsRowError(j.err)
					errs = append(errs, re)
					continue
				}
				cs, rowErrs := Parse(&j.rec, j.line)
				if len(rowErrs) == 0 {
					rowErrs = im.checkCase(&cs, h, j.line, plans)
				}
				if len(rowErrs) > 0 {
					errs = append(errs, rowErrs...)
					continue
				}
				if c == nil || sink.failed.Load() || len(errs) > 0 {
					continue // validating only
				}
				var prev time.Time
				planned := false
				if cs.Patient.IDNumber != "" && im.Env.Sealer != nil {
					prev, planned = stays.previous(im.Env.Sealer.Blind(cs.Patient.IDNumber), cs.AdmittedAt.Unix())
				}
				p, err := ws[w].ProcessWith(cs, prev, planned)
				if err != nil {
					return fmt.Errorf("line %d: %w", j.line, err)
				}
				version := 1
				if old, ok := versions[cs.SettlementID]; ok {
					version = old + 1
				}
				if b, err = ws[w].AppendCopyRow(b, importID, version, &p); err != nil {
					return err
				}
			}
			sink.add(errs)
			done.Add(int64(len(batch)))
			if c == nil || sink.failed.Load() {
				bufPool.Put(bp)
				return nil
			}
			*bp = b
			select {
			case chunks <- bp:
			case <-ctx.Done():
				return ctx.Err()
			}
			return nil
		})
	}
	if c == nil {
		go func() {
			for range chunks {
			}
		}()
		return produce()
	}
	pr, pw := io.Pipe()
	prodErr := make(chan error, 1)
	writeErr := make(chan error, 1)
	go func() { prodErr <- produce() }()
	go func() {
		var last time.Time
		// binary COPY: the header, the workers' rows, then the trailer
		_, err := pw.Write(pgcopy.Header(nil))
		for bp := range chunks {
			if err == nil && !sink.failed.Load() {
				_, err = pw.Write(*bp)
			}
			bufPool.Put(bp)
			if time.Since(last) > 500*time.Millisecond {
				last = time.Now()
				progress("commit", done.Load(), int64(total))
			}
		}
		if perr := <-prodErr; perr != nil {
			err = perr
		}
		if err == nil && sink.failed.Load() {
			err = errRejected // abort the COPY: nothing of the file is kept
		}
		if err == nil { // only a complete stream ends with the trailer
			_, err = pw.Write(pgcopy.Trailer(nil))
		}
		pw.CloseWithError(err)
		writeErr <- err
	}()
	_, copyErr := c.PgConn().CopyFrom(ctx, pr, "COPY cases ("+CopyColumns+") FROM STDIN (FORMAT binary)")
	pr.CloseWithError(io.ErrClosedPipe)
	genErr := <-writeErr
	if errors.Is(genErr, errRejected) {
		return nil // the caller sees sink.failed and rolls back
	}
	if genErr != nil && !errors.Is(genErr, io.ErrClosedPipe) {
		return genErr
	}
	if copyErr != nil {
		return copyErr
	}
	if genErr != nil {
		return genErr
	}
	progress("commit", int64(total), int64(total))
	return nil
}
