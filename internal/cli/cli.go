// Package cli is plancheck's command line: cobra commands whose settings
// come from flags, PLANCHECK_* environment variables, a .plancheck.yaml in
// the working folder or a parent, and defaults, in that order.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/plancheck/plancheck/internal/render"
	"github.com/plancheck/plancheck/internal/report"
)

// version is set at build time with -ldflags "-X …/internal/cli.version=…".
var version = "0.1.0"

// CatalogueVersion is the version of the recommendation catalogue.
const CatalogueVersion = "1"

// IO is where a command reads and writes.
type IO struct {
	In       io.Reader
	Out, Err io.Writer
	// Getwd stands in for the process's own, so that tests can run
	// commands in folders of their own.
	Getwd func() (string, error)
}

// exitError carries an exit code out of a command.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// usageError is a mistake in how the command was called: exit code 2.
func usageError(format string, args ...any) error {
	return &exitError{code: report.ExitError, err: fmt.Errorf(format, args...)}
}

// Main runs the command line and returns the exit code.
func Main(ctx context.Context, args []string, stdio IO) int {
	if stdio.Getwd == nil {
		stdio.Getwd = os.Getwd
	}
	root := newRoot(ctx, stdio)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return report.ExitPassed
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil && ee.err.Error() != "" {
			fmt.Fprintf(stdio.Err, "plancheck: %s\n", render.Clean(ee.err.Error()))
		}
		return ee.code
	}
	// cobra's own errors: unknown commands and flags, wrong arguments. They
	// repeat what was typed, so they are cleaned like any user text.
	fmt.Fprintf(stdio.Err, "plancheck: %s\nRun 'plancheck --help' for usage.\n", render.Clean(err.Error()))
	return report.ExitError
}

func newRoot(ctx context.Context, stdio IO) *cobra.Command {
	root := &cobra.Command{
		Use:   "plancheck",
		Short: "Check digital transformation plans against the Wade-Gery review and the NAO",
		Long: `plancheck checks organisational digital transformation plans (YAML, JSON or
TOML files) against the recommendations of the Wade-Gery review, "Putting
data, digital and tech at the heart of transforming the NHS" (2021), and the
National Audit Office's "Digital transformation in the NHS" (2020).

Each recommendation is met, missed (with the reasons and where in the file),
waived ("comply or explain"), or not applicable.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       version,
	}
	root.SetIn(stdio.In)
	root.SetOut(stdio.Out)
	root.SetErr(stdio.Err)
	root.SetVersionTemplate("plancheck {{.Version}}\n")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageError("%v\nRun '%s --help' for usage.", err, c.CommandPath())
	})
	root.AddCommand(
		newLintCommand(stdio),
		newRulesCommand(stdio),
		newExplainCommand(stdio),
		newVersionCommand(stdio),
		newSchemaCommand(stdio),
		newInitCommand(stdio),
	)
	return root
}
