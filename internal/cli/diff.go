package cli

import (
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/spf13/cobra"

	"github.com/plancheck/plancheck/internal/atomicfile"
	"github.com/plancheck/plancheck/internal/compare"
	"github.com/plancheck/plancheck/internal/engine"
	"github.com/plancheck/plancheck/internal/render"
	"github.com/plancheck/plancheck/internal/report"
	"github.com/plancheck/plancheck/internal/safetext"
)

func newDiffCommand(stdio IO) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "diff [flags] OLD NEW",
		Short: "Compare two saved runs: what is new, fixed and persisting",
		Long: `Compare two saved runs, as lint --baseline compares a run with one: OLD is
a JSON report (lint --format json) or a baseline file (lint
--write-baseline), NEW a JSON report. Plans are matched by file, or by
organisation code when a file moved; each result is new (missed in NEW, not
in OLD), fixed (missed in OLD, not in NEW: met, not applicable or waived),
persisting (missed in both) or unchanged. A plan of OLD whose file is not in
NEW is gone: its misses are listed, and not counted as fixed.

Text is for a terminal, markdown for a pull-request comment, json for tools
(plancheck schema --diff prints its JSON Schema).

Exit codes: 0 when nothing at or above --fail-on is newly missed; 1 when
something is, or when NEW lists files that could not be read; 2 for a usage
error, or a file that is not a plancheck report (or baseline file) of a
version this plancheck reads, or whose catalogue version differs from the
other's without --baseline-any-version.`,
		Example: `  plancheck diff main.json pr.json
  plancheck diff --format markdown --output comment.md .plancheck-baseline.json pr.json`,
		RunE: func(cmd *cobra.Command, args []string) error { return runDiff(cmd, args, stdio) },
	}
	f := cmd.Flags()
	f.StringP("format", "f", "text", "text, markdown or json")
	f.StringP("output", "o", "", "write the diff to `FILE` instead of standard output (replaced atomically)")
	f.String("fail-on", "must", "exit 1 when a recommendation of this severity or above is newly missed: must, should or never (setting fail_on)")
	f.Bool("baseline-any-version", false, "compare runs made with different catalogue versions, listing the recommendations that changed (setting baseline_any_version)")
	return cmd
}

func runDiff(cmd *cobra.Command, args []string, stdio IO) error {
	ctx := cmd.Context()
	cfg, err := loadConfig(cmd, stdio)
	if err != nil {
		return err
	}
	// The format is the flag's alone: the format setting is lint's, and
	// names formats diff does not write.
	name, _ := cmd.Flags().GetString("format")
	format, err := render.ParseFormat(name)
	if err != nil || !slices.Contains(render.DiffFormats, format) {
		return usageError("unknown format %q: diff writes text, markdown or json", name)
	}
	failOn, err := report.ParseFailOn(cfg.str("fail_on"))
	if err != nil {
		return usageError("%v", err)
	}
	anyVersion, err := cfg.boolean("baseline_any_version")
	if err != nil {
		return err
	}
	if len(args) != 2 {
		return usageError("give two files, the older run and the newer: plancheck diff OLD.json NEW.json (OLD a JSON report or a baseline file, NEW a JSON report)")
	}
	// A diff shows the misses of what is new and of what was fixed.
	old, err := readRun(stdio, args[0], compare.ReadOptions{Findings: true})
	if err != nil {
		return err
	}
	cur, err := readRun(stdio, args[1], compare.ReadOptions{Findings: true})
	if err != nil {
		return err
	}
	if cur.Kind != compare.KindReport {
		return usageError("%s is a baseline file, which records misses only: the newer run must be a JSON report (plancheck lint --format json)", args[1])
	}
	if old.CatalogueVersion != cur.CatalogueVersion && !anyVersion {
		return usageError("%s was made with catalogue version %d and %s with version %d: results may differ for reasons other than the plans. Pass --baseline-any-version (setting baseline_any_version) to compare anyway; the diff then lists the recommendations that changed between the versions",
			args[0], old.CatalogueVersion, args[1], cur.CatalogueVersion)
	}
	// The built-in catalogue names the rules a baseline file gives by id,
	// and records what each version changed.
	eng, err := stdio.Engines.Get(ctx, engine.Options{})
	if err != nil {
		return failure(err)
	}
	d := compare.NewDiff(old, cur, eng.Catalogue(), failOn, report.Tool{Name: "plancheck", Version: version})

	files := stdio.files()
	defer files.Abort()
	var out io.Writer = safetext.CILog(stdio.Out)
	if path, _ := cmd.Flags().GetString("output"); path != "" {
		f, err := files.Create(stdio.path(path))
		if err != nil {
			if ctx.Err() != nil {
				return interrupted()
			}
			return failure(err)
		}
		out = f
	}
	if err := render.Diff(out, format, d); err != nil {
		if ctx.Err() != nil {
			return interrupted()
		}
		return failure(fmt.Errorf("writing the diff: %w", err))
	}
	if err := files.Commit(ctx); err != nil {
		if ctx.Err() != nil || errors.Is(err, atomicfile.ErrAborted) {
			return interrupted()
		}
		return failure(err)
	}
	if code := d.ExitCode(); code != report.ExitPassed {
		return &exitError{code: code, err: errors.New("")}
	}
	return nil
}
