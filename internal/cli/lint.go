package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/plancheck/plancheck/internal/atomicfile"
	"github.com/plancheck/plancheck/internal/engine"
	"github.com/plancheck/plancheck/internal/lint"
	"github.com/plancheck/plancheck/internal/plan"
	"github.com/plancheck/plancheck/internal/render"
	"github.com/plancheck/plancheck/internal/report"
)

func newLintCommand(stdio IO) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "lint [flags] PATH...",
		Short: "Check plan files and folders against the catalogue",
		Long: `Check plan files, and the .yaml, .yml, .json and .toml files in folders,
against the recommendation catalogue. "-" reads a plan from standard input.

Exit codes: 0 when every plan was read and nothing at or above --fail-on is
missed; 1 when something at or above --fail-on is missed; 2 for a usage
error or a file that could not be read (the other files are still checked).`,
		Example: `  plancheck lint fixtures/plans/
  plancheck lint --format json --output report.json --fail-on must plans/*.yaml
  cat plan.json | plancheck lint --input-format json -`,
		RunE: func(cmd *cobra.Command, args []string) error { return runLint(cmd, args, stdio) },
	}
	f := cmd.Flags()
	f.StringP("format", "f", "text", "report format: "+formatNames())
	f.StringP("output", "o", "", "write the report to `FILE` (atomically) instead of standard output")
	f.String("fail-on", "must", "exit 1 when a recommendation of this severity or above is missed: must, should or never")
	f.String("today", "", "the run date as `YYYY-MM-DD`, that waivers expire against (default: today)")
	f.StringSlice("only", nil, "check only these recommendation `ids` or frameworks (comma-separated or repeated)")
	f.StringSlice("skip", nil, "skip these recommendation `ids` or frameworks")
	f.String("input-format", "", "read standard input, and files of other extensions, as yaml, json or toml")
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
	format, err := render.ParseFormat(cfg.str("format"))
	if err != nil {
		return usageError("%v", err)
	}
	failOn, err := report.ParseFailOn(cfg.str("fail_on"))
	if err != nil {
		return usageError("%v", err)
	}
	today, err := cfg.today()
	if err != nil {
		return err
	}
	var inputFormat plan.Format
	if s, _ := cmd.Flags().GetString("input-format"); s != "" {
		f, ok := plan.ParseFormat(s)
		if !ok {
			return usageError("unknown input format %q: use yaml, json or toml", s)
		}
		inputFormat = f
	}
	if len(args) == 0 {
		return usageError("give the plan files or folders to check, or - to read standard input")
	}
	eng, err := engine.New(ctx, engine.Options{Only: cfg.list("only"), Skip: cfg.list("skip")})
	if err != nil {
		return usageError("%v", err)
	}

	output, _ := cmd.Flags().GetString("output")
	var dest io.Writer = stdio.Out
	var file *atomicfile.File
	if output != "" {
		file, err = atomicfile.Create(output)
		if err != nil {
			return usageError("%v", err)
		}
		defer file.Abort()
		dest = file
	}
	colour := format == render.Text && output == "" && isTerminal(stdio.Out) && os.Getenv("NO_COLOR") == ""
	header := render.Header{
		Tool:             report.Tool{Name: "plancheck", Version: version},
		CatalogueVersion: CatalogueVersion,
		Today:            today,
	}
	w, err := render.New(format, dest, header, render.Options{Colour: colour})
	if err != nil {
		return usageError("%v", err)
	}
	defer w.Close()
	summary := report.NewSummary(failOn)
	opts := lint.Options{Paths: args, Stdin: stdio.In, Format: inputFormat, Today: today}
	fileErrs, err := lint.Run(ctx, eng, opts, func(p *report.Plan) error {
		summary.Add(p)
		return w.Plan(p)
	})
	if errors.Is(err, lint.ErrNoPlans) {
		return usageError("%v in %s", err, strings.Join(args, ", "))
	}
	if err != nil {
		return &exitError{code: report.ExitError, err: err}
	}
	summary.AddUnreadable(len(fileErrs))
	if err := w.End(fileErrs, summary); err != nil {
		return &exitError{code: report.ExitError, err: fmt.Errorf("writing the report: %w", err)}
	}
	if file != nil {
		if err := file.Commit(); err != nil {
			return &exitError{code: report.ExitError, err: err}
		}
	}
	// The text report on standard output already lists unreadable files;
	// elsewhere they are also said on standard error, for the person
	// watching the run.
	if len(fileErrs) > 0 && (format != render.Text || output != "") {
		for _, e := range fileErrs {
			fmt.Fprintln(stdio.Err, render.Clean(e.String()))
		}
	}
	if code := summary.ExitCode(); code != report.ExitPassed {
		return &exitError{code: code, err: errors.New("")}
	}
	return nil
}
