package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"teyi/backend/internal/grouper"
)

// The grouper's command line: batch grouping (teyi group) and plan
// management (teyi plan import | list). Packs imported here are stored as
// files in TEYI_PLAN_DIR; the grouper package itself knows no storage.

func init() { commands = append(commands, newGroupCmd, newPlanCmd) }

const defaultPlanDir = ".data/plans"

func planDir() string {
	if d := os.Getenv("TEYI_PLAN_DIR"); d != "" {
		return d
	}
	return defaultPlanDir
}

// storedPack is a pack file of the plan directory.
type storedPack struct {
	pack *grouper.Pack
	path string
}

func loadStoredPacks() ([]storedPack, error) {
	paths, err := filepath.Glob(filepath.Join(planDir(), "*.pack"))
	if err != nil {
		return nil, err
	}
	slices.Sort(paths)
	var out []storedPack
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		p, err := grouper.UnmarshalPack(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		out = append(out, storedPack{p, path})
	}
	return out, nil
}

// registry returns the shipped plans plus the stored ones.
func registry() (*grouper.Registry, []storedPack, error) {
	reg := grouper.NewShippedRegistry()
	stored, err := loadStoredPacks()
	if err != nil {
		return nil, nil, err
	}
	for _, s := range stored {
		if err := reg.Add(s.pack); err != nil {
			return nil, nil, fmt.Errorf("%s: %w", s.path, err)
		}
	}
	return reg, stored, nil
}

func newGroupCmd() *cobra.Command {
	var planID, in, out, format string
	var trace, qy, translate bool
	cmd := &cobra.Command{
		Use:   "group",
		Short: "Group cases from CSV or JSON Lines with a DRG plan",
		Long: `Group reads cases (CSV with the columns Index,gender,age,ageDay,weight,dept,
inHospitalTime,leavingType,zdList,ssList — code lists separated by '|' — or JSON
Lines with the same keys) and writes one result per case in the same format:
Index,status,mdc,adrg,drg, then names, the CC/MCC used and the reason.
A row that cannot be read is reported on stderr with its line number and skipped.`,
		Example: `  teyi group --plan chs-drg-1.1 --in cases.csv --out groups.csv
  teyi group --format jsonl --trace < cases.jsonl`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			reg, _, err := registry()
			if err != nil {
				return withExit(2, err)
			}
			pack, err := reg.ByID(planID)
			if err != nil {
				return withExit(2, err)
			}
			if cmd.Flags().Changed("qy") || cmd.Flags().Changed("translate") {
				info := pack.Info()
				if !cmd.Flags().Changed("qy") {
					qy = info.QY
				}
				if !cmd.Flags().Changed("translate") {
					translate = info.Translate
				}
				if pack, err = pack.WithSwitches(qy, translate); err != nil {
					return withExit(2, err)
				}
			}
			if format == "" {
				format = "csv"
				if ext := strings.ToLower(filepath.Ext(in)); ext == ".jsonl" || ext == ".ndjson" {
					format = "jsonl"
				}
			}
			f, err := grouper.ParseFormat(format)
			if err != nil {
				return withExit(2, err)
			}
			src, closeIn, err := openIn(cmd, in)
			if err != nil {
				return withExit(2, err)
			}
			defer closeIn()
			dst, closeOut, err := openOut(cmd, out)
			if err != nil {
				return withExit(2, err)
			}
			errw := bufio.NewWriter(cmd.ErrOrStderr())
			start := time.Now()
			st, runErr := grouper.RunBatch(pack, src, dst, grouper.BatchOptions{Format: f, Errors: errw, Trace: trace})
			elapsed := time.Since(start)
			if err := closeOut(); runErr == nil {
				runErr = err
			}
			rate := float64(st.Written) / max(elapsed.Seconds(), 1e-9)
			fmt.Fprintf(errw, "teyi group: plan %s: %d rows, %d written (%d grouped, %d validation failed, %d not translatable, %d ungroupable), %d bad, %s (%.0f cases/s)\n",
				pack.ID(), st.Rows, st.Written, st.Grouped, st.ValidationFailed, st.NotTranslatable, st.Ungroupable, st.Bad, elapsed.Round(time.Millisecond), rate)
			errw.Flush()
			if runErr != nil {
				return withExit(1, runErr)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&planID, "plan", grouper.ShippedPlanID, "plan id (see teyi plan list)")
	cmd.Flags().StringVar(&in, "in", "-", "input file, - for stdin")
	cmd.Flags().StringVar(&out, "out", "-", "output file, - for stdout")
	cmd.Flags().StringVar(&format, "format", "", "csv or jsonl (default: from the input file name, else csv)")
	cmd.Flags().BoolVar(&trace, "trace", false, "include the decision trace (jsonl output)")
	cmd.Flags().BoolVar(&qy, "qy", false, "override the plan's 歧义组 (QY) switch")
	cmd.Flags().BoolVar(&translate, "translate", false, "override the plan's code-translation switch")
	return cmd
}

func openIn(cmd *cobra.Command, name string) (io.Reader, func(), error) {
	if name == "-" || name == "" {
		return cmd.InOrStdin(), func() {}, nil
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, nil, err
	}
	return f, func() { f.Close() }, nil
}

func openOut(cmd *cobra.Command, name string) (io.Writer, func() error, error) {
	if name == "-" || name == "" {
		return cmd.OutOrStdout(), func() error { return nil }, nil
	}
	f, err := os.Create(name)
	if err != nil {
		return nil, nil, err
	}
	return f, f.Close, nil
}

func newPlanCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "plan",
		Short: "Import and list DRG grouping plans",
	}
	cmd.AddCommand(newPlanImportCmd(), newPlanListCmd())
	return cmd
}

func newPlanImportCmd() *cobra.Command {
	var opt grouper.CompileOptions
	cmd := &cobra.Command{
		Use:   "import DIR",
		Short: "Compile a plan directory (1_MDC.txt … 7_CCE.txt, MDC/*.dat, 0_PLAN.txt) and store it",
		Long: `Import compiles a plan laid out like the NHSA text (1_MDC.txt, 2_ADRG.txt,
3_DRG.txt, 4_ADRG_DETAIL.txt, 5_MCC.txt, 6_CC.txt, 7_CCE.txt, MDC/<MDC>.dat) with
its manifest 0_PLAN.txt, prints every problem as file:line, and on success stores
the pack as <id>.pack in $TEYI_PLAN_DIR (default .data/plans).`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := args[0]
			if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
				return withExit(2, fmt.Errorf("plan import: %s is not a directory", dir))
			}
			start := time.Now()
			pack, probs, err := grouper.Compile(os.DirFS(dir), opt)
			errw := cmd.ErrOrStderr()
			nerr, nwarn := 0, 0
			for _, p := range probs {
				if p.File != "" {
					p.File = filepath.Join(dir, p.File)
				}
				fmt.Fprintln(errw, p.String())
				if p.Level == grouper.LevelError {
					nerr++
				} else {
					nwarn++
				}
			}
			if err != nil {
				if errors.Is(err, grouper.ErrPlanInvalid) {
					return withExit(1, fmt.Errorf("plan import: %d error(s), %d warning(s); nothing stored", nerr, nwarn))
				}
				return withExit(1, err)
			}
			info := pack.Info()
			if slices.Contains(grouper.ShippedPlanIDs(), info.ID) {
				return withExit(1, fmt.Errorf("plan import: id %s belongs to a shipped plan; choose another with --id", info.ID))
			}
			data, err := pack.MarshalBinary()
			if err != nil {
				return withExit(1, err)
			}
			path := filepath.Join(planDir(), info.ID+".pack")
			if err := writeFileAtomic(path, data); err != nil {
				return withExit(1, err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "imported %s (%s): %d MDC / %d ADRG / %d DRG, %d warning(s), compiled in %s\nstored %s (%d bytes, digest %s)\n",
				info.ID, info.Name, info.MDCs, info.ADRGs, info.DRGs, nwarn, time.Since(start).Round(time.Millisecond), path, len(data), info.Digest[:16])
			return nil
		},
	}
	cmd.Flags().StringVar(&opt.ID, "id", "", "plan id (overrides the manifest)")
	cmd.Flags().StringVar(&opt.Name, "name", "", "plan name (overrides the manifest)")
	cmd.Flags().StringVar(&opt.ValidFrom, "valid-from", "", "first discharge date the plan applies to, YYYY-MM-DD")
	cmd.Flags().StringVar(&opt.ValidTo, "valid-to", "", "first discharge date the plan no longer applies to, YYYY-MM-DD")
	return cmd
}

func writeFileAtomic(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".pack-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

func newPlanListCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List the shipped and stored plans",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			reg, stored, err := registry()
			if err != nil {
				return withExit(2, err)
			}
			source := map[string]string{}
			for _, id := range grouper.ShippedPlanIDs() {
				source[id] = "shipped"
			}
			for _, s := range stored {
				source[s.pack.ID()] = s.path
			}
			infos, err := reg.Infos()
			if err != nil {
				return withExit(1, err)
			}
			tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tNAME\tVALID FROM\tVALID TO\tMDC\tADRG\tDRG\tDIGEST\tSOURCE")
			for _, i := range infos {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%d\t%d\t%s\t%s\n", i.ID, i.Name, dash(i.ValidFrom), dash(i.ValidTo), i.MDCs, i.ADRGs, i.DRGs, i.Digest[:12], source[i.ID])
			}
			return tw.Flush()
		},
	}
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
