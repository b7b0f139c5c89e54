package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"teyi/backend/internal/account"
	"teyi/backend/internal/app"
	"teyi/backend/internal/casefile"
	"teyi/backend/internal/casefile/synth"
	"teyi/backend/internal/seed"
)

func init() { commands = append(commands, newImportCmd) }

func newImportCmd() *cobra.Command {
	var hospital, format string
	cmd := &cobra.Command{Use: "import FILE --hospital CODE", Short: "Import a settlement-list file (CSV, XLSX or national JSON) for a hospital",
		Long: "Validates the whole file, then groups, prices, checks and commits it in one transaction: a file\n" +
			"with any row error commits nothing and its error report is written next to it (FILE.errors.csv).\n" +
			"Re-importing a settlement id adds a new version and keeps the old one.",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if hospital == "" {
				return withExit(2, errors.New("--hospital CODE is required"))
			}
			f := format
			if f == "" {
				f = args[0]
			}
			fm, err := casefile.ParseFormat(f)
			if err != nil {
				return withExit(2, err)
			}
			boundMemory()
			a, err := connect(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Close()
			out, err := importFile(cmd.Context(), a, args[0], hospital, fm, cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			w := cmd.OutOrStdout()
			switch out.Status {
			case "committed":
				fmt.Fprintf(w, "committed %d cases (%d new, %d replaced)\n", out.Rows, out.New, out.Replaced)
			default:
				report := args[0] + ".errors.csv"
				if err := writeReport(report, out.Report); err != nil {
					return err
				}
				fmt.Fprintf(w, "rejected: %d row errors, nothing was imported; the report is in %s\n", out.Errors, report)
				for i, e := range out.Report {
					if i == 10 {
						fmt.Fprintf(w, "  …\n")
						break
					}
					fmt.Fprintf(w, "  line %d %s: %s\n", e.Line, e.Field, e.Reason)
				}
				return withExit(1, errors.New("the file was rejected"))
			}
			return nil
		}}
	cmd.Flags().StringVar(&hospital, "hospital", "", "the hospital's code (or id)")
	cmd.Flags().StringVar(&format, "format", "", "csv, xlsx or json (default: from the file name)")
	return cmd
}

func importFile(ctx context.Context, a *app.App, path, hospital string, fm casefile.Format, progress io.Writer) (*casefile.Outcome, error) {
	svc := a.Cases()
	sys := account.SystemContext(ctx, "cli:import")
	h, err := svc.HospitalFor(sys, hospital)
	if err != nil {
		return nil, withExit(2, fmt.Errorf("hospital %s: %w", hospital, err))
	}
	im, err := svc.CreateImport(sys, casefile.NewImport{Hospital: h, Source: "cli", FileName: filepath.Base(path), Format: fm, SpoolPath: path})
	if err != nil {
		return nil, err
	}
	start := time.Now()
	last := time.Time{}
	out, err := svc.RunImport(sys, im.ID, func(phase string, done, total int64) {
		if progress == nil || (time.Since(last) < time.Second && done != total) {
			return
		}
		last = time.Now()
		pct := 0
		if total > 0 {
			pct = int(100 * done / total)
		}
		fmt.Fprintf(progress, "%s %3d%% (%s)\n", phase, pct, time.Since(start).Round(100*time.Millisecond))
	})
	if err != nil {
		return nil, err
	}
	if out == nil {
		return nil, errors.New("the import was already run")
	}
	return out, nil
}

func writeReport(path string, errs []casefile.RowError) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	f.WriteString("\ufeff") //nolint:errcheck
	w := csv.NewWriter(f)
	w.Write([]string{"line", "field", "value", "reason"}) //nolint:errcheck
	for _, e := range errs {
		w.Write([]string{strconv.Itoa(e.Line), e.Field, casefile.SafeCell(e.Value), e.Reason}) //nolint:errcheck
	}
	w.Flush()
	return w.Error()
}

// seedCasesCmd is `teyi seed cases`.
func seedCasesCmd() *cobra.Command {
	var n, months, hospitals int
	var ifEmpty bool
	var hospital, out string
	var seedN int64
	cmd := &cobra.Command{Use: "cases --n N [--hospital CODE] [--out FILE]", Short: "Generate realistic synthetic settlement lists",
		Long: "Generates N synthetic cases from the real code lists and the demo pricing, discharged over the last\n" +
			"--months months. With --out they are written to FILE in the CSV import layout; without it they are\n" +
			"imported directly, spread over the demo region's hospitals (or the one --hospital names).\n" +
			"--hospitals N first makes sure the demo region has N hospitals (adding benchmark hospitals).",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if n <= 0 || n > 10_000_000 {
				return withExit(2, errors.New("--n must be between 1 and 10000000"))
			}
			if months < 1 || months > 36 {
				return withExit(2, errors.New("--months must be between 1 and 36"))
			}
			now := time.Now().In(casefile.Beijing())
			to := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, casefile.Beijing()).AddDate(0, 1, 0)
			if to.After(now) {
				to = now.Truncate(time.Hour)
			}
			from := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, casefile.Beijing()).AddDate(0, -(months - 1), 0)
			if out != "" && hospital != "" && hospitals == 0 {
				// No database needed: the hospital's level and region
				// default to the demo's tertiary hospital in 370100.
				level, region := 3, seed.DemoRegion
				for _, h := range seed.Hospitals {
					if h.Code == hospital {
						level = h.Level
					}
				}
				return writeSynth(out, []synth.Hospital{{Code: hospital, Level: level, Region: region}}, n, from, to, seedN)
			}
			a, err := connect(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Close()
			a.Wire()
			ctx := account.SystemContext(cmd.Context(), "cli:seed")
			if ifEmpty && out == "" {
				var have int64
				if err := a.DB.Conn(ctx).Raw(`SELECT count(*) FROM (SELECT 1 FROM cases WHERE region_code = ? LIMIT 1) x`, seed.DemoRegion).Scan(&have).Error; err != nil {
					return err
				}
				if have > 0 {
					fmt.Fprintln(cmd.OutOrStdout(), "the demo region has cases already; nothing generated")
					return nil
				}
			}
			if hospitals > 0 {
				if err := ensureHospitals(ctx, a, hospitals); err != nil {
					return err
				}
			}
			hs, err := synthHospitals(ctx, a, hospital)
			if err != nil {
				return err
			}
			if out != "" {
				return writeSynth(out, hs, n, from, to, seedN)
			}
			// Import per hospital: an import belongs to one hospital.
			per := n / len(hs)
			rest := n % len(hs)
			dir, err := os.MkdirTemp("", "teyi-seed-")
			if err != nil {
				return err
			}
			defer os.RemoveAll(dir)
			total := 0
			for i, h := range hs {
				k := per
				if i < rest {
					k++
				}
				if k == 0 {
					continue
				}
				path := filepath.Join(dir, h.Code+".csv")
				if err := writeSynth(path, []synth.Hospital{h}, k, from, to, seedN+int64(i)); err != nil {
					return err
				}
				res, err := importFile(cmd.Context(), a, path, h.Code, casefile.FormatCSV, nil)
				if err != nil {
					return err
				}
				if res.Status != "committed" {
					return fmt.Errorf("hospital %s: generated cases were rejected (%d errors; first: line %d %s)", h.Code, res.Errors,
						res.Report[0].Line, res.Report[0].Reason)
				}
				total += res.Rows
				fmt.Fprintf(cmd.OutOrStdout(), "%s: %d cases\n", h.Code, res.Rows)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "imported %d cases for %d hospitals\n", total, len(hs))
			return nil
		}}
	cmd.Flags().IntVar(&n, "n", 1000, "number of cases")
	cmd.Flags().StringVar(&hospital, "hospital", "", "one hospital's code (default: every hospital of the demo region)")
	cmd.Flags().StringVar(&out, "out", "", "write the CSV here instead of importing")
	cmd.Flags().IntVar(&months, "months", 12, "discharges spread over this many months up to today")
	cmd.Flags().IntVar(&hospitals, "hospitals", 0, "make sure the demo region has this many hospitals first")
	cmd.Flags().Int64Var(&seedN, "seed", 1, "random seed (the same seed gives the same cases)")
	cmd.Flags().BoolVar(&ifEmpty, "if-empty", false, "do nothing when the demo region has cases already")
	return cmd
}

func writeSynth(path string, hs []synth.Hospital, n int, from, to time.Time, s int64) error {
	g, err := synth.New(synth.Options{Seed: s, Hospitals: hs, From: from, To: to})
	if err != nil {
		return withExit(2, err)
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	if err := synth.WriteCSV(bw, g, n); err != nil {
		f.Close()
		return err
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func synthHospitals(ctx context.Context, a *app.App, code string) ([]synth.Hospital, error) {
	var rows []struct {
		Code, RegionCode string
		Level            int
	}
	q := a.DB.Conn(ctx).Raw(`SELECT code, region_code, level FROM hospitals WHERE active AND region_code = ? ORDER BY code`, seed.DemoRegion)
	if code != "" {
		q = a.DB.Conn(ctx).Raw(`SELECT code, region_code, level FROM hospitals WHERE code = ?`, code)
	}
	if err := q.Scan(&rows).Error; err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		if code != "" {
			return nil, withExit(2, fmt.Errorf("no hospital %s", code))
		}
		return nil, withExit(2, errors.New("the demo region has no hospitals: run `teyi seed demo` first"))
	}
	out := make([]synth.Hospital, len(rows))
	for i, r := range rows {
		out[i] = synth.Hospital{Code: r.Code, Level: r.Level, Region: r.RegionCode}
	}
	return out, nil
}

// ensureHospitals adds benchmark hospitals to the demo region until it has n.
func ensureHospitals(ctx context.Context, a *app.App, n int) error {
	var have int64
	if err := a.DB.Conn(ctx).Raw(`SELECT count(*) FROM hospitals WHERE region_code = ?`, seed.DemoRegion).Scan(&have).Error; err != nil {
		return err
	}
	for i := int(have); i < n; i++ {
		code := fmt.Sprintf("H3701BENCH%04d", i+1)
		level := 1 + i%3
		if _, err := a.Accounts.CreateHospital(ctx, account.HospitalInput{Code: code, Name: fmt.Sprintf("压测医院%04d", i+1),
			Level: level, RegionCode: seed.DemoRegion}); err != nil && !errors.Is(err, account.ErrConflict) {
			return err
		}
	}
	return nil
}

// boundMemory makes the garbage collector keep a bulk import within a
// 512 MB budget (a soft limit; GOMEMLIMIT overrides it).
func boundMemory() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(400 << 20)
	}
}
