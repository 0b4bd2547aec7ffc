package cli

import (
	"errors"
	"fmt"
	"io"
	"math/big"
	"os"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/plancheck/plancheck/internal/atomicfile"
	"github.com/plancheck/plancheck/internal/check"
	"github.com/plancheck/plancheck/internal/lint"
	"github.com/plancheck/plancheck/internal/loader"
	"github.com/plancheck/plancheck/internal/plan"
	"github.com/plancheck/plancheck/internal/render"
	"github.com/plancheck/plancheck/internal/report"
	"github.com/plancheck/plancheck/internal/safetext"
)

func newLintCommand(stdio IO) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "lint [flags] PATH...",
		Short: "Check plan files and folders against the catalogue",
		Long: `Check plan files, and the .yaml, .yml, .json and .toml files in folders,
against the recommendation catalogue. "-" reads a plan from standard input.

Evidence a plan cites by file name (an impact assessment's reference, the
workforce plan, the target architecture…) must exist: relative names are
taken from the plan's folder, or from --evidence-root. Addresses and
reference codes are not checked; --no-evidence-check checks no file.

With --baseline FILE (a JSON report of an earlier run, or a baseline file
that --write-baseline wrote) each result is marked new (missed now, not
then), fixed, persisting or unchanged, plans being matched by file, or by
organisation code when a file moved; --fail-on-new fails only on new
misses. --write-baseline FILE writes the misses of this run as a baseline,
keeping the entries of plans this run did not check.

Exit codes: 0 when every plan was read and nothing at or above --fail-on is
missed (new since the baseline, with --fail-on-new); 1 when something is;
2 for a usage error or a file that could not be read (the other files are
still checked);
130 when stopped by SIGINT, SIGTERM or SIGHUP; 141 when standard output was closed
by its reader (as by head).

A run over more than one plan shows them side by side in every report but
junit: the portfolio, with the recommendations most often missed and the
findings their plans share, each recommendation's count of plans met and
missed, and each plan's score (in json, the "portfolio" object). -f portfolio
writes it as a page of its own for a board pack: a matrix of plans by
recommendation, sortable by any column, that prints on A4 across.

` + formatHelp,
		Example: `  plancheck lint fixtures/plans/
  plancheck lint --format json --output report.json --fail-on must plans/*.yaml
  cat plan.json | plancheck lint --input-format json -
  plancheck lint --bundle https://policy.example.nhs.uk/catalogue.tar.gz --verification-key catalogue.pub plans/
  plancheck lint --baseline .plancheck-baseline.json --fail-on-new plans/
  plancheck lint --baseline .plancheck-baseline.json --write-baseline .plancheck-baseline.json plans/`,
		RunE: func(cmd *cobra.Command, args []string) error { return runLint(cmd, args, stdio) },
	}
	f := cmd.Flags()
	f.StringArrayP("format", "f", nil, "report `format`: "+formatNames()+"; repeat it, or give format=FILE (the file name is all after the \"=\", commas included), for several reports from one run (default text)")
	f.StringP("output", "o", "", "write the report to `FILE` instead of standard output (a file is replaced atomically)")
	f.BoolP("quiet", "q", false, "show no progress bar, and do not say where report files were written")
	f.String("fail-on", "must", "exit 1 when a recommendation of this severity or above is missed: must, should or never")
	f.String("today", "", "the run date as `YYYY-MM-DD`, that waivers expire against (default: today)")
	f.StringSlice("only", nil, "check only these recommendation `ids` or frameworks (comma-separated or repeated)")
	f.StringSlice("skip", nil, "skip these recommendation `ids` or frameworks")
	f.String("input-format", "", "read standard input, and files of other extensions, as yaml, json or toml")
	f.StringArray("policy", nil, "also check against the custom policies in `DIR` (repeatable); see the README")
	addBundleFlags(f)
	f.Duration("timeout", lint.DefaultTimeout, "give up on a plan whose evaluation takes longer than this")
	f.String("max-file-size", "8MiB", "refuse plan files larger than this: a whole number of bytes, such as 512KiB or 8MiB, up to 1TiB")
	f.String("evidence-root", "", "look for the evidence files plans cite in `DIR`, not beside each plan (a plan read from standard input has its evidence checked only then)")
	f.Bool("no-evidence-check", false, "do not check that the evidence files plans cite exist (setting evidence_check: false)")
	f.String("cache-dir", "", "keep plans' results in `DIR`, so that a later run skips the plans, policies and settings that have not changed (default: plancheck in the user cache folder, such as ~/.cache/plancheck)")
	f.Bool("no-cache", false, "neither use nor keep cached results (setting no_cache)")
	f.String("cache-max-size", "256MiB", "bound the cache folder to this size, removing the results used least recently")
	f.Bool("sarif-waived", false, "keep waived findings in SARIF reports, as suppressed results; they are left out by default, since GitHub code scanning shows them as open alerts (setting sarif_waived)")
	f.String("baseline", "", "compare with the earlier run recorded in `FILE`, a JSON report or a baseline file: each result is marked new, fixed, persisting or unchanged (setting baseline)")
	f.Bool("fail-on-new", false, "exit 1 only for misses at or above --fail-on that are new since the baseline (setting fail_on_new)")
	f.String("write-baseline", "", "write this run's misses as a baseline to `FILE`, keeping the entries of plans this run did not check (merged with --baseline, else with FILE itself)")
	f.Bool("baseline-any-version", false, "compare with a baseline made with another catalogue version, listing the recommendations that changed (setting baseline_any_version)")
	return cmd
}

func formatNames() string {
	names := make([]string, len(render.Formats))
	for i, f := range render.Formats {
		names[i] = string(f)
	}
	return strings.Join(names, ", ")
}

func runLint(cmd *cobra.Command, args []string, stdio IO) error {
	ctx := cmd.Context()
	cfg, err := loadConfig(cmd, stdio)
	if err != nil {
		return err
	}
	outputFlag, _ := cmd.Flags().GetString("output")
	outs, err := parseOutputs(cfg.formats(), outputFlag)
	if err != nil {
		if cfg.from("format") == "default" {
			return err
		}
		return usageError("%s: %w", cfg.where("format"), err)
	}
	const failOnWant = "use must, should or never"
	failOnText, err := cfg.scalar("fail_on", failOnWant)
	if err != nil {
		return err
	}
	failOn, err := report.ParseFailOn(failOnText)
	if err != nil {
		return cfg.invalid("fail_on", failOnWant)
	}
	today, err := cfg.today()
	if err != nil {
		return err
	}
	var syntax plan.Syntax
	if s, _ := cmd.Flags().GetString("input-format"); s != "" {
		f, ok := plan.ParseSyntax(s)
		if !ok {
			return usageError("unknown input format %q: use yaml, json or toml", s)
		}
		syntax = f
	}
	if len(args) == 0 {
		return usageError("give the plan files or folders to check, or - to read standard input")
	}
	writeBaseline, _ := cmd.Flags().GetString("write-baseline")
	if err := checkOutputs(stdio, withBaselineFile(outs, writeBaseline), args); err != nil {
		return err
	}
	sizeText, err := cfg.scalar("max_file_size", "give a size such as 8MiB")
	if err != nil {
		return err
	}
	maxSize, err := parseSize(sizeText)
	if err != nil {
		return cfg.invalid("max_file_size", err.Error())
	}
	const timeoutWant = "give a duration such as 10s or 1m"
	timeoutText, err := cfg.scalar("timeout", timeoutWant)
	if err != nil {
		return err
	}
	timeout, err := time.ParseDuration(timeoutText)
	if err != nil || timeout <= 0 {
		return cfg.invalid("timeout", timeoutWant)
	}
	evidenceCheck, err := cfg.evidenceCheck(cmd)
	if err != nil {
		return err
	}
	sarifWaived, err := cfg.boolean("sarif_waived")
	if err != nil {
		return err
	}
	evidenceRoot, err := cfg.scalar("evidence_root", "give one folder")
	if err != nil {
		return err
	}
	if evidenceRoot != "" && evidenceCheck {
		// A root that is not there would make every cited file "not
		// found": say what is wrong once.
		if info, err := os.Stat(stdio.path(evidenceRoot)); err != nil || !info.IsDir() {
			return cfg.invalid("evidence_root", "not a folder")
		}
	}
	eng, err := compile(cmd, stdio, cfg)
	if err != nil {
		return err
	}
	results, err := resultCache(stdio, cfg, eng)
	var exit *exitError
	if errors.As(err, &exit) {
		return err
	}
	if err != nil {
		warn(stdio, err)
	}
	cat := eng.Catalogue()
	only, skip := cfg.list("only"), cfg.list("skip")
	selection, err := check.Select(cat, only, skip)
	if err != nil {
		// Said with the setting that named it: --only, --skip, their
		// variables or the settings file.
		key := "skip"
		var unknown *check.UnknownNameError
		if errors.As(err, &unknown) && slices.Contains(only, unknown.Name) {
			key = "only"
		}
		return usageError("%s: %w", cfg.where(key), err)
	}
	base, err := setUpBaselines(cmd, stdio, cfg, cat, args)
	if err != nil {
		return err
	}
	header := render.Header{
		Tool:      report.Tool{Name: "plancheck", Version: version},
		Today:     today,
		Catalogue: cat,
		Rules:     selection.Rules(cat),
		Selection: report.Selection{Only: only, Skip: skip, Source: cfg.source(cmd, stdio, "only", "skip")},
		FailOn:    failOn,
		Baseline:  base.header,
	}

	// Each report goes to its own file, or to standard output; all are
	// written from the one evaluation, and the files are put in place
	// together at the end.
	files := stdio.files()
	defer files.Abort()
	var writers []render.Writer
	textOnStdout := false
	// toStdout: a report goes to standard output; replaced: the report
	// files put in place at the end.
	toStdout := false
	var replaced []output
	var summaryFile *os.File
	stepSummary := stdio.getenv("GITHUB_STEP_SUMMARY")
	for _, o := range outs {
		var dest io.Writer = stdio.Out
		if o.path != "" {
			f, err := files.Create(stdio.path(o.path))
			if err != nil {
				if ctx.Err() != nil {
					return interrupted()
				}
				return failure(err)
			}
			dest = f
			if _, inPlace, err := atomicfile.Target(stdio.path(o.path)); err == nil && !inPlace {
				replaced = append(replaced, o)
			}
		} else {
			toStdout = true
			if o.format == render.Text {
				textOnStdout = true
			}
			// Standard output may be a CI log: no line a plan's text
			// starts may read as a workflow command (the github format
			// writes commands on purpose, each one escaped).
			if o.format != render.GitHub {
				dest = safetext.CILog(dest)
			}
		}
		colour := o.format == render.Text && o.path == "" && isTerminal(stdio.Out) && stdio.getenv("NO_COLOR") == ""
		opts := render.Options{Colour: colour, SARIFWaived: sarifWaived, Root: stdio.sarifRoot}
		if o.format == render.GitHub {
			// The annotations GitHub shows are few: the closing line says
			// where the rest can be read.
			if stepSummary != "" {
				opts.Elsewhere = append(opts.Elsewhere, "the job summary")
			}
			opts.Elsewhere = append(opts.Elsewhere, wholeReports(outs)...)
		}
		w, err := render.New(o.format, dest, header, opts)
		if err != nil {
			return usageError("%v", err)
		}
		writers = append(writers, w)
		// The job summary is written once, however many github reports
		// the run writes.
		if o.format == render.GitHub && stepSummary != "" && summaryFile == nil {
			summary, err := os.OpenFile(stdio.path(stepSummary), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
			if err != nil {
				return failure(fmt.Errorf("cannot write the job summary: %w", err))
			}
			// Closed, with its error checked, once the summary is
			// written (below); this close is for an early return, and
			// after that one it can only fail harmlessly.
			defer func() { _ = summary.Close() }()
			summaryFile = summary
			// GitHub's limit is on the step's whole summary, so what
			// earlier commands of the step wrote there counts against it
			// (nothing, if its size cannot be read).
			budget := render.JobSummaryBudget
			if info, err := summary.Stat(); err == nil {
				budget = max(budget-int(min(info.Size(), int64(budget))), 0)
			}
			writers = append(writers, render.NewJobSummary(summary, header, budget, render.Options{Elsewhere: wholeReports(outs)}))
		}
	}
	w := render.Multi(writers...)
	// Close releases the writers' spool files when the run stops early;
	// after End it has nothing left to do, and a run that stopped has an
	// error of its own to report.
	defer func() { _ = w.Close() }()

	summary := report.NewSummary(failOn)
	summary.FailOnNew = base.header != nil && base.header.FailOnNew
	// The plans side by side, for every report to show when there is
	// more than one; each plan's row is kept only for a format that
	// draws the matrix.
	keepRows := false
	for _, o := range outs {
		keepRows = keepRows || render.KeepsPortfolioRows(o.format)
	}
	portfolio := report.NewPortfolio(cat, keepRows)
	progress := newProgress(stdio, cmd, textOnStdout && isTerminal(stdio.Out))
	opts := lint.Options{
		Paths: args, Dir: stdio.Dir, Stdin: stdio.In, Syntax: syntax, Today: today,
		Progress: progress.update, Timeout: timeout, Selection: selection,
		Limits:       loader.Limits{MaxFileSize: maxSize},
		EvidenceRoot: evidenceRoot, NoEvidenceCheck: !evidenceCheck,
		Cache: results,
	}
	res, err := lint.Run(ctx, eng, opts, func(p *report.Plan) error {
		base.plan(p)
		summary.Add(p)
		portfolio.Add(p)
		return w.Plan(p)
	})
	progress.done()
	if errors.Is(err, lint.ErrNoPlans) {
		return usageError("%v in %s", err, strings.Join(args, ", "))
	}
	if ctx.Err() != nil {
		// Interrupted: the deferred abort removes the reports' temporary
		// files, so no report is left half written.
		return interrupted()
	}
	if err != nil {
		return failure(err)
	}
	fileErrs := res.Errors
	if summary.Plans == 0 && len(fileErrs) == 0 && len(res.Skipped) > 0 {
		var names []string
		for _, f := range res.Skipped {
			names = append(names, fmt.Sprintf("%s (%s)", f.File, f.Reason))
		}
		return usageError("no plans found in %s: skipped %s", strings.Join(args, ", "), strings.Join(names, ", "))
	}
	summary.AddUnreadable(len(fileErrs))
	if err := w.End(report.Tail{SkippedFiles: res.Skipped, Errors: fileErrs, Summary: summary, Baseline: base.end(), Portfolio: portfolio.Portfolio()}); err != nil {
		if ctx.Err() != nil {
			return interrupted()
		}
		return failure(fmt.Errorf("writing the report: %w", err))
	}
	if err := base.writeFile(stdio, files); err != nil {
		if ctx.Err() != nil {
			return interrupted()
		}
		return failure(err)
	}
	// The reports are whole: they are renamed into place together, unless
	// a signal came first, which leaves every old report as it was.
	if err := files.Commit(ctx); err != nil {
		if ctx.Err() != nil || errors.Is(err, atomicfile.ErrAborted) {
			return interrupted()
		}
		return failure(err)
	}
	if summaryFile != nil {
		if err := summaryFile.Close(); err != nil {
			return failure(fmt.Errorf("writing the job summary: %w", err))
		}
	}
	if results != nil {
		// A cache that could not be written or trimmed costs the next run
		// its speed, never this run its results: it is said once.
		_ = results.Store.Trim()
		if err := results.Store.Err(); err != nil {
			warn(stdio, fmt.Errorf("%w; results are not cached", err))
		}
	}
	// A text report on standard output already lists unreadable files;
	// otherwise they are also said on standard error, for the person
	// watching the run.
	if !textOnStdout {
		for _, f := range res.Skipped {
			fmt.Fprintf(stdio.Err, "plancheck: skipped %s\n", safetext.Clean(f.File+": "+f.Reason))
		}
		for _, e := range fileErrs {
			// An error line starts with the file's name, which could be
			// made to read as a workflow command.
			fmt.Fprintln(safetext.CILog(stdio.Err), safetext.Clean(e.String()))
		}
	}
	// A run whose every report went to a file would otherwise end in
	// silence: it says where each went.
	if quiet, _ := cmd.Flags().GetBool("quiet"); !toStdout && !quiet {
		for _, o := range replaced {
			fmt.Fprintf(stdio.Err, "wrote %s (%s)\n", safetext.Clean(o.path), o.format)
		}
	}
	if code := summary.ExitCode(); code != report.ExitPassed {
		return &exitError{code: code, err: errors.New("")}
	}
	return nil
}

// warn says something on standard error that does not stop the run.
func warn(stdio IO, err error) {
	// The message may name a folder the user gave, which could read as a
	// workflow command.
	fmt.Fprintf(safetext.CILog(stdio.Err), "plancheck: warning: %s\n", safetext.Clean(err.Error()))
}

// wholeReports names the reports of a run that hold every finding: its
// report files, and a report on standard output, except the github
// format's, which holds only what GitHub shows.
func wholeReports(outs []output) []string {
	var names []string
	for _, o := range outs {
		switch {
		case o.format == render.GitHub:
		case o.path == "":
			names = append(names, fmt.Sprintf("the %s report on standard output", o.format))
		default:
			names = append(names, o.path)
		}
	}
	return names
}

// ExitInterrupted is the exit code of a run stopped by SIGINT, SIGTERM or
// SIGHUP, as shells report a process ended by SIGINT.
const ExitInterrupted = 130

func interrupted() error {
	return &exitError{code: ExitInterrupted, err: errors.New("interrupted; no report file was replaced")}
}

// maxSize is the largest --max-file-size: a plan is read whole, and no
// plan comes near it.
const maxSize = 1 << 40

// sizeUnits are the units --max-file-size takes, with their bytes.
var sizeUnits = map[string]int64{
	"": 1, "B": 1,
	"KB": 1e3, "kB": 1e3, "MB": 1e6, "GB": 1e9, "TB": 1e12,
	"KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30, "TiB": 1 << 40,
}

var sizePattern = regexp.MustCompile(`^([0-9]+(?:\.[0-9]+)?) *([A-Za-z]*)$`)

// parseSize reads a size such as 8MiB, 512KiB, 1.5MB or 1000000 (bytes):
// decimal digits, a fraction at most, and a unit, making a whole number
// of bytes from 1 to 1 TiB. It is parsed exactly: a float would take
// NaN, Inf, 1e-9 or 0x10 for numbers.
func parseSize(s string) (int64, error) {
	s = strings.TrimSpace(s)
	m := sizePattern.FindStringSubmatch(s)
	scale, known := int64(0), false
	if m != nil {
		scale, known = sizeUnits[m[2]]
	}
	if !known {
		return 0, fmt.Errorf("%q is not a size: give a number of bytes, or a number and a unit (KB, MB, GB, TB, KiB, MiB, GiB, TiB), such as 512KiB or 8MiB", s)
	}
	n, ok := new(big.Rat).SetString(m[1])
	if !ok {
		return 0, fmt.Errorf("%q is not a size such as 8MiB", s)
	}
	n.Mul(n, new(big.Rat).SetInt64(scale))
	switch {
	case !n.IsInt():
		return 0, fmt.Errorf("%q is not a whole number of bytes", s)
	case n.Sign() <= 0:
		return 0, fmt.Errorf("%q is too small: the limit is at least 1 byte", s)
	case n.Cmp(new(big.Rat).SetInt64(maxSize)) > 0:
		return 0, fmt.Errorf("%q is over the largest limit, 1 TiB", s)
	}
	return n.Num().Int64(), nil
}
