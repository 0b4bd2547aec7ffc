package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/plancheck/plancheck/internal/atomicfile"
	"github.com/plancheck/plancheck/internal/check"
	"github.com/plancheck/plancheck/internal/compare"
	"github.com/plancheck/plancheck/internal/lint"
	"github.com/plancheck/plancheck/internal/loader"
	"github.com/plancheck/plancheck/internal/report"
)

// located is a problem in a file the user named, said as
// file:line:col: what is wrong, at the start of its line so that editors
// and CI logs take it for a place: exit code 2.
func located(err error) error {
	return &exitError{code: report.ExitError, err: err, plain: true}
}

// readRun reads a report or baseline file named by the user. It is read
// as a stream, so a report on every plan of a large estate costs what
// the comparison keeps of it, not its size; it must be a regular file,
// which is read again to place a problem.
func readRun(stdio IO, name string, opts compare.ReadOptions) (*compare.Run, error) {
	problem := func(what string) error {
		return located(&compare.ReadError{FileError: report.FileError{File: name, Message: what}})
	}
	f, err := os.Open(stdio.path(name))
	if err != nil {
		return nil, problem(loader.DescribeOSError(err))
	}
	defer f.Close()
	info, err := f.Stat()
	switch {
	case err != nil:
		return nil, problem(loader.DescribeOSError(err))
	case info.IsDir():
		return nil, problem("is a folder, not a report or baseline file")
	case !info.Mode().IsRegular():
		return nil, problem("is not a regular file: give a report or baseline file saved on disk")
	}
	run, err := compare.Read(name, f, opts)
	if err != nil {
		return nil, located(err)
	}
	return run, nil
}

// sameCatalogue refuses a run made by another catalogue version, unless
// the user allows it: verdicts can differ between versions for reasons
// other than the plans.
func sameCatalogue(run *compare.Run, version int, anyVersion bool) error {
	if run.CatalogueVersion == version || anyVersion {
		return nil
	}
	return usageError("%s was made with catalogue version %d, and this plancheck checks against version %d: results may differ for reasons other than the plans. Pass --baseline-any-version (setting baseline_any_version) to compare anyway; the report then lists the recommendations that changed between the versions",
		run.Name, run.CatalogueVersion, version)
}

// onDisk tells whether a file a baseline names is still there, taken
// from the working folder as lint takes plans. Standard input is never
// there.
func onDisk(stdio IO) func(string) bool {
	return func(file string) bool {
		if file == lint.StdinName || file == lint.Stdin {
			return false
		}
		_, err := os.Stat(stdio.path(file))
		return err == nil
	}
}

// lookedIn tells whether a file is where a run over paths looks: one of
// the paths, or in a folder among them; standard input when the run reads
// it.
func lookedIn(stdio IO, paths []string) func(string) bool {
	var where []string
	stdin := false
	for _, p := range paths {
		if p == lint.Stdin {
			stdin = true
			continue
		}
		where = append(where, filepath.Clean(stdio.path(p)))
	}
	return func(file string) bool {
		if file == lint.StdinName || file == lint.Stdin {
			return stdin
		}
		f := filepath.Clean(stdio.path(file))
		for _, w := range where {
			switch {
			case f == w, w == "." && !filepath.IsAbs(f) && !strings.HasPrefix(f, ".."+string(filepath.Separator)):
				return true
			case strings.HasPrefix(f, strings.TrimSuffix(w, string(filepath.Separator))+string(filepath.Separator)):
				return true
			}
		}
		return false
	}
}

// withBaselineFile adds the baseline file lint writes (none when path is
// "") to its reports, for checkOutputs: it may not replace a plan or a
// report either.
func withBaselineFile(outs []output, path string) []output {
	if path == "" {
		return outs
	}
	return append(append([]output{}, outs...), output{format: "baseline", path: path})
}

// baselines is what lint does with baselines: compare with one
// (--baseline) and write one (--write-baseline).
type baselines struct {
	compare *compare.Comparer
	header  *report.Baseline
	write   *compare.Writer
	// writeTo is the baseline file to write, as the user named it.
	writeTo string
}

// setUpBaselines reads the baselines the settings name. A baseline file
// to write is started from the --baseline run, or else from the file
// itself when it is there, so that a run over some of the plans keeps
// the others' entries.
func setUpBaselines(cmd *cobra.Command, stdio IO, cfg *config, cat *check.Catalogue, paths []string) (*baselines, error) {
	name := cfg.str("baseline")
	failOnNew, err := cfg.boolean("fail_on_new")
	if err != nil {
		return nil, err
	}
	anyVersion, err := cfg.boolean("baseline_any_version")
	if err != nil {
		return nil, err
	}
	writeTo, _ := cmd.Flags().GetString("write-baseline")
	if failOnNew && name == "" {
		return nil, usageError("--fail-on-new needs a baseline to tell new misses from known ones: give --baseline FILE (a JSON report or a baseline file), or drop --fail-on-new")
	}
	b := &baselines{writeTo: writeTo}
	var old *compare.Run
	if name != "" {
		if old, err = readRun(stdio, name, compare.ReadOptions{}); err != nil {
			return nil, err
		}
		if err := sameCatalogue(old, cat.Version, anyVersion); err != nil {
			return nil, err
		}
		b.compare = compare.NewComparer(old, compare.Options{
			Present:   onDisk(stdio),
			Covered:   lookedIn(stdio, paths),
			Changed:   compare.Changes(cat, old.CatalogueVersion, old.Rules, cat.Version, cat.IDs()),
			FailOnNew: failOnNew,
		})
		b.header = b.compare.Header()
	}
	if writeTo == "" {
		return b, nil
	}
	base := old
	if base == nil {
		if _, err := os.Stat(stdio.path(writeTo)); err == nil {
			if base, err = readRun(stdio, writeTo, compare.ReadOptions{}); err != nil {
				return nil, err
			}
			if err := sameCatalogue(base, cat.Version, anyVersion); err != nil {
				return nil, err
			}
		} else if !errors.Is(err, fs.ErrNotExist) {
			return nil, failure(fmt.Errorf("cannot write the baseline %s: %w", writeTo, err))
		}
	}
	b.write = compare.NewWriter(base, compare.Options{Present: onDisk(stdio), Covered: lookedIn(stdio, paths)}, cat, report.Tool{Name: "plancheck", Version: version})
	return b, nil
}

// plan marks a plan's results against the baseline and records it in
// the baseline to write; it is called before the plan is counted.
func (b *baselines) plan(p *report.Plan) {
	if b.compare != nil {
		b.compare.Plan(p)
	}
	if b.write != nil {
		b.write.Plan(p)
	}
}

// end is what the run found against its baseline, nil without one.
func (b *baselines) end() *report.Baseline {
	if b.compare == nil {
		return nil
	}
	return b.compare.End()
}

// writeFile writes the baseline file among the run's files, to be put in
// place with its reports.
func (b *baselines) writeFile(stdio IO, files *atomicfile.Group) error {
	if b.write == nil {
		return nil
	}
	f, err := files.Create(stdio.path(b.writeTo))
	if err != nil {
		return err
	}
	if err := b.write.Write(f); err != nil {
		return fmt.Errorf("writing the baseline %s: %w", b.writeTo, err)
	}
	return nil
}
