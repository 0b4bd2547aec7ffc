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
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/plancheck/plancheck/internal/atomicfile"
	"github.com/plancheck/plancheck/internal/engine"
	"github.com/plancheck/plancheck/internal/loader"
	"github.com/plancheck/plancheck/internal/report"
	"github.com/plancheck/plancheck/internal/safetext"
	"github.com/plancheck/plancheck/internal/suggest"
)

// version is set at build time with -ldflags "-X …/internal/cli.version=…".
var version = "0.1.0"

// IO is the world a command runs in: where it reads and writes, its
// working folder and its environment. Commands reach the process's own
// only through it, so that commands can run side by side in one process,
// each in a folder and an environment of its own.
type IO struct {
	In       io.Reader
	Out, Err io.Writer
	// Dir is the working folder: relative paths are taken from it, and
	// .plancheck.yaml is looked for in it and its parents. "" is the
	// process's own.
	Dir string
	// Env is the environment, as os.Environ gives it.
	Env []string
	// Engines compiles the catalogue; commands that share one compile the
	// built-in catalogue once. Nil compiles it for each command.
	Engines *engine.Cache
	// Build identifies this build of plancheck in the keys of the results
	// cache; "" reads it from the running executable. Tests set it to
	// stand for another build.
	Build string
	// Files holds the files a command writes until it puts them in place
	// at its end. The caller may abort it from another goroutine, as
	// plancheck does on a second signal before it exits, to remove their
	// temporary files. Nil gives the command a group of its own.
	Files *atomicfile.Group
}

// files is the group the command's files are written in.
func (stdio IO) files() *atomicfile.Group {
	if stdio.Files != nil {
		return stdio.Files
	}
	return new(atomicfile.Group)
}

// getenv returns an environment variable's value, or "".
func (stdio IO) getenv(key string) string {
	for _, kv := range stdio.Env {
		if k, v, ok := strings.Cut(kv, "="); ok && k == key {
			return v
		}
	}
	return ""
}

// path is where a path given to a command is: relative paths are taken
// from the working folder.
func (stdio IO) path(p string) string { return loader.In(stdio.Dir, p) }

// exitError carries an exit code out of a command.
type exitError struct {
	code int
	err  error
	// hint is said on a line of its own after the error: where to read
	// the usage.
	hint string
	// plain errors start with the place they are about (file:line:col:)
	// and are printed without plancheck's name before them.
	plain bool
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// usageError is a mistake in how the command was called: exit code 2.
func usageError(format string, args ...any) error {
	return &exitError{code: report.ExitError, err: fmt.Errorf(format, args...)}
}

// failure is a command that could not do its work although it was called
// right (policies that do not compile, a file that cannot be written):
// exit code 2, as for a usage error, with the cause as it is.
func failure(err error) error {
	return &exitError{code: report.ExitError, err: err}
}

// Main runs the command line and returns the exit code.
func Main(ctx context.Context, args []string, stdio IO) int {
	if stdio.Dir == "" {
		if wd, err := os.Getwd(); err == nil {
			stdio.Dir = wd
		}
	}
	stdio.Out = stdoutWriter{w: stdio.Out}
	root := newRoot(ctx, stdio)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return report.ExitPassed
	}
	// The reader of standard output has what it wanted (head, less that
	// was quit): the command stopped and threw its files away, and says
	// nothing, as a process ended by SIGPIPE would.
	var closed *closedPipeError
	if errors.As(err, &closed) {
		return ExitPipeClosed
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil && ee.err.Error() != "" && ee.plain {
			// It starts with a file's name, which could be made to
			// read as a workflow command.
			fmt.Fprintln(safetext.CILog(stdio.Err), safetext.Clean(ee.err.Error()))
			return ee.code
		}
		if ee.err != nil && ee.err.Error() != "" {
			// An error of several lines (a policy's compile errors) is
			// printed a line at a time, each cleaned on its own.
			lines := strings.Split(ee.err.Error(), "\n")
			fmt.Fprintf(stdio.Err, "plancheck: %s\n", safetext.Clean(lines[0]))
			for _, l := range lines[1:] {
				fmt.Fprintf(stdio.Err, "  %s\n", safetext.Clean(l))
			}
		}
		if ee.hint != "" {
			fmt.Fprintln(stdio.Err, safetext.Clean(ee.hint))
		}
		return ee.code
	}
	// cobra's own errors: unknown commands, wrong arguments. They repeat
	// what was typed, so they are cleaned like any user text.
	fmt.Fprintf(stdio.Err, "plancheck: %s%s\nRun 'plancheck --help' for usage.\n", safetext.Clean(err.Error()), commandHint(root, err))
	return report.ExitError
}

// commandHint suggests the command meant by an unknown one. cobra's own
// suggestions are turned off: they come on lines of their own, inside
// the error, which is cleaned as one line.
func commandHint(root *cobra.Command, err error) string {
	rest, ok := strings.CutPrefix(err.Error(), "unknown command ")
	if !ok {
		return ""
	}
	quoted, qerr := strconv.QuotedPrefix(rest)
	if qerr != nil {
		return ""
	}
	name, _ := strconv.Unquote(quoted)
	var names []string
	for _, c := range root.Commands() {
		if !c.Hidden {
			names = append(names, c.Name())
		}
	}
	return didYouMean(suggest.Similar(name, names), "")
}

// flagHint suggests the flag meant by an unknown one, from the command's
// flags.
func flagHint(c *cobra.Command, err error) string {
	rest, ok := strings.CutPrefix(err.Error(), "unknown flag: --")
	if !ok {
		return ""
	}
	var names []string
	c.Flags().VisitAll(func(f *pflag.Flag) {
		if !f.Hidden {
			names = append(names, f.Name)
		}
	})
	return didYouMean(suggest.Similar(rest, names), "--")
}

// didYouMean says " (did you mean --format?)" for the names found, each
// with its prefix, or "" for none.
func didYouMean(found []string, prefix string) string {
	if len(found) == 0 {
		return ""
	}
	for i, f := range found {
		found[i] = prefix + f
	}
	list := found[0]
	if n := len(found); n > 1 {
		list = strings.Join(found[:n-1], ", ") + " or " + found[n-1]
	}
	return " (did you mean " + list + "?)"
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
	// Unknown commands are suggested by commandHint, on the error's line.
	root.DisableSuggestions = true
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return &exitError{
			code: report.ExitError,
			err:  fmt.Errorf("%w%s", err, flagHint(c, err)),
			hint: fmt.Sprintf("Run '%s --help' for usage.", c.CommandPath()),
		}
	})
	root.AddCommand(
		newLintCommand(stdio),
		newRulesCommand(stdio),
		newExplainCommand(stdio),
		newVersionCommand(stdio),
		newSchemaCommand(stdio),
		newInitCommand(stdio),
		newBundleCommand(stdio),
		newServeCommand(stdio),
		newDiffCommand(stdio),
	)
	return root
}
