package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	"teyi/backend/internal/account"
	"teyi/backend/internal/publication"
)

func init() { commands = append(commands, newReportCmd) }

func newReportCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "report", Short: "Reports from the shell"}
	var region, period, out string
	var version int
	sc := &cobra.Command{Use: "special-cases --region CODE --period 2026H1 --out FILE.xlsx",
		Short: "The semi-annual special-case publication (特例单议情况公示) of a region as XLSX",
		Long: "Builds the region's report for a half-year from the data, as the bureau's draft would be\n" +
			"(applications by their submission to the bureau; H1 = January–June, H2 = July–December), and\n" +
			"writes it as an XLSX workbook; nothing is stored. --version N writes the published version N\n" +
			"instead (its SHA-256 is checked). A summary line goes to stdout.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			p, err := publication.ParsePeriod(period)
			if err != nil {
				return withExit(2, fmt.Errorf("--period: %w", err))
			}
			if region == "" {
				return withExit(2, errors.New("--region CODE is required"))
			}
			if out == "" {
				return withExit(2, errors.New("--out FILE.xlsx is required (- for stdout)"))
			}
			a, err := connect(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Close()
			a.Wire()
			ctx := account.SystemContext(cmd.Context(), "cli:report")
			start := time.Now()
			var r *publication.PublicationReport
			status := "命令行生成，未发布"
			if version > 0 {
				d, err := findVersion(ctx, a.Publication, region, p.String(), version)
				if err != nil {
					return err
				}
				if !publication.Verify(d) {
					return fmt.Errorf("published version %d of %s %s does not match its SHA-256", version, region, p)
				}
				r, status = &d.Report, publication.StatusLine(d)
			} else {
				r, err = a.Publication.BuildConsistent(ctx, region, p)
				if errors.Is(err, publication.ErrNotFound) {
					return withExit(2, fmt.Errorf("no region %s", region))
				}
				if err != nil {
					return err
				}
			}
			var buf bytes.Buffer
			if err := publication.WriteXLSX(&buf, r, status); err != nil {
				return err
			}
			if out == "-" {
				_, err = cmd.OutOrStdout().Write(buf.Bytes())
				return err
			}
			if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
				return err
			}
			t := r.Totals
			fmt.Fprintf(cmd.OutOrStdout(), "%s %s: %d hospitals, %d discharges, %d applications (%d approved, %d rejected, %d pending); %s in %s\n",
				r.RegionCode, r.Period, len(r.Hospitals), t.Discharges, t.Submitted, t.Approved, t.Rejected, t.Pending, out,
				time.Since(start).Round(time.Millisecond))
			return nil
		}}
	sc.Flags().StringVar(&region, "region", "", "the region's six-digit code")
	sc.Flags().StringVar(&period, "period", "", "the half-year: 2026H1 (January–June) or 2026H2")
	sc.Flags().StringVar(&out, "out", "", "the XLSX file to write (- for stdout)")
	sc.Flags().IntVar(&version, "version", 0, "write this published version instead of building from the data")
	cmd.AddCommand(sc)
	return cmd
}

func findVersion(ctx context.Context, svc *publication.Service, region, period string, version int) (*publication.PublicationDetail, error) {
	list, err := svc.List(ctx, period)
	if err != nil {
		return nil, err
	}
	for _, s := range list {
		if s.Kind == publication.KindPublished && s.RegionCode == region && s.Version == version {
			return svc.Get(ctx, s.ID)
		}
	}
	return nil, withExit(2, fmt.Errorf("no published version %d of %s %s", version, region, period))
}
