// Package lint runs a check over many plan files: it expands the paths,
// loads and evaluates the plans on a pool of workers, and hands each plan's
// report on in file order, so that output is the same however the work
// was scheduled.
package lint

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/plancheck/plancheck/internal/cache"
	"github.com/plancheck/plancheck/internal/check"
	"github.com/plancheck/plancheck/internal/loader"
	"github.com/plancheck/plancheck/internal/plan"
	"github.com/plancheck/plancheck/internal/planschema"
	"github.com/plancheck/plancheck/internal/report"
	"github.com/plancheck/plancheck/internal/resultcache"
)

// Checker judges one plan against every rule; *engine.Engine is the one
// plancheck uses. It must be safe for concurrent use.
type Checker interface {
	Check(ctx context.Context, doc *plan.Document, run planschema.Run) (*report.Plan, error)
}

// Stdin is the path that names standard input.
const Stdin = "-"

// StdinName is how standard input is named in reports.
const StdinName = "<stdin>"

// Options describe one run.
type Options struct {
	// Paths are the files and folders to check, relative to Dir (the
	// working folder when ""); "-" is standard input.
	Paths []string
	Dir   string
	// Stdin is read when Paths holds "-".
	Stdin io.Reader
	// Syntax, when set, is the syntax of every input; standard input is
	// read as YAML when it is unset.
	Syntax plan.Syntax
	Limits loader.Limits
	Today  string
	// Workers is the number of plans checked at once; 0 means one per CPU.
	Workers int
	// Progress, when set, is told how many files are done of how many,
	// from the goroutine that emits.
	Progress func(done, total int)
	// Timeout bounds the evaluation of one plan; 0 means DefaultTimeout.
	Timeout time.Duration
	// Selection is the rules reported; nil reports all.
	Selection *check.Selection
	// EvidenceRoot, when set, is the folder (relative to Dir, or
	// absolute) that the relative names of evidence files are taken from,
	// instead of each plan's own folder. A plan read from standard input
	// has its evidence looked for only there.
	EvidenceRoot string
	// NoEvidenceCheck leaves evidence files unchecked.
	NoEvidenceCheck bool
	// Cache, when set, keeps each plan's results, and gives them back
	// instead of checking the plan again when nothing they depend on has
	// changed.
	Cache *resultcache.Cache
}

// evidence says where a plan's evidence files are looked for.
func (opts Options) evidence(file string, exists func(string) bool) planschema.Evidence {
	if opts.NoEvidenceCheck {
		return planschema.Evidence{}
	}
	root := filepath.ToSlash(opts.EvidenceRoot)
	if root == "" {
		if file == Stdin {
			// Standard input has no folder to take names from.
			return planschema.Evidence{}
		}
		root = path.Dir(filepath.ToSlash(file))
	}
	return planschema.Evidence{Checked: true, Root: path.Clean(root), Exists: exists}
}

// existsIn tells whether files exist, taking relative names from dir (the
// working folder when ""), so that a run never depends on the process's
// own working folder when it has been given one.
func existsIn(dir string) func(string) bool {
	return func(name string) bool {
		p := filepath.FromSlash(name)
		switch {
		case filepath.IsAbs(p):
		case planschema.IsAbs(name):
			// Absolute on another system, such as a drive letter off
			// Windows: no file here has that name.
			return false
		default:
			p = loader.In(dir, p)
		}
		info, err := os.Stat(p)
		return err == nil && !info.IsDir()
	}
}

// DefaultTimeout is how long one plan's evaluation may take.
const DefaultTimeout = 10 * time.Second

// ErrNoPlans is returned when the paths hold no plan file.
var ErrNoPlans = errors.New("no plan files found (looked for .yaml, .yml, .json and .toml)")

// Result is what a run found besides the plans it emitted: the files that
// are not plans, and those that could not be read or checked, each sorted.
type Result struct {
	Skipped []report.SkippedFile
	Errors  []report.FileError
}

// Run checks every plan and calls emit with each plan's report, in file
// order, from a single goroutine. It returns the files that were skipped
// or could not be read or checked. An error from emit stops the run.
func Run(ctx context.Context, eng Checker, opts Options, emit func(*report.Plan) error) (Result, error) {
	// Standard input is read once, however often "-" is given.
	var files, paths []string
	var fileErrs []report.FileError
	for _, p := range opts.Paths {
		switch {
		case p != Stdin:
			paths = append(paths, p)
		case len(files) == 0:
			files = append(files, Stdin)
		}
	}
	if len(paths) > 0 {
		expanded, errs := loader.Expand(opts.Dir, paths)
		files = append(files, expanded...)
		for _, e := range errs {
			fileErrs = append(fileErrs, fileError(e))
		}
	}
	if len(files) == 0 && len(fileErrs) == 0 {
		return Result{}, ErrNoPlans
	}

	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	type outcome struct {
		plan    *report.Plan
		skipped *report.SkippedFile
		err     *report.FileError
	}
	// A plan may be checked only while it is within window of the next
	// one to emit, so that a slow file holds back at most window reports
	// and memory does not grow with the number of files. Plan i reports
	// through done[i%window]: a slot is freed only once the plan a window
	// before it has been received, so no two plans in flight share one.
	window := workers * 4
	slots := make(chan struct{}, window)
	jobs := make(chan int)
	done := make([]chan outcome, window)
	for i := range done {
		done[i] = make(chan outcome, 1)
	}
	ld := loader.Loader{Limits: opts.Limits, Syntax: opts.Syntax, Dir: opts.Dir}
	exists := existsIn(opts.Dir)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				p, skip, fe := checkOne(ctx, eng, ld, input{file: files[i]}, opts, exists)
				select {
				case done[i%window] <- outcome{p, skip, fe}:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() {
		defer close(jobs)
		for i := range files {
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				return
			}
			select {
			case jobs <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	var runErr error
	var skipped []report.SkippedFile
	for i := range files {
		var o outcome
		select {
		case o = <-done[i%window]:
		case <-ctx.Done():
			runErr = ctx.Err()
		}
		if runErr != nil {
			break
		}
		<-slots
		if opts.Progress != nil {
			opts.Progress(i+1, len(files))
		}
		if o.err != nil {
			fileErrs = append(fileErrs, *o.err)
			continue
		}
		if o.skipped != nil {
			skipped = append(skipped, *o.skipped)
			continue
		}
		for _, problem := range o.plan.Problems {
			// A broken policy is said once, however many plans met it.
			if !slices.Contains(fileErrs, problem) {
				fileErrs = append(fileErrs, problem)
			}
		}
		if err := emit(o.plan); err != nil {
			runErr = err
			break
		}
	}
	cancel()
	// A run that stops early (interrupted, or emit failed) does not wait:
	// a worker may still be blocked reading standard input or parsing a
	// large file. A run that finished has nothing left to wait for.
	if runErr == nil {
		wg.Wait()
	}
	report.SortErrors(fileErrs)
	return Result{Skipped: skipped, Errors: fileErrs}, runErr
}

// CheckReader checks one plan read from r, named name in its report, as a
// plan read from standard input is checked: it has no folder of its own,
// so the evidence it cites is looked for only under opts.EvidenceRoot, and
// it is read as opts.Syntax (YAML when unset, saying so when it looks like
// another syntax) within opts.Limits and opts.Timeout. A service that is
// sent plans checks each this way. It returns the plan's report, or the
// reason it is not a plan, or why it could not be read or checked;
// opts.Paths and opts.Stdin are not used.
func CheckReader(ctx context.Context, eng Checker, opts Options, name string, r io.Reader) (*report.Plan, *report.SkippedFile, *report.FileError) {
	ld := loader.Loader{Limits: opts.Limits, Syntax: opts.Syntax, Dir: opts.Dir}
	return checkOne(ctx, eng, ld, input{name: name, r: r}, opts, existsIn(opts.Dir))
}

// input is one plan to check: a file, or a reader (standard input in a
// run, a plan handed to CheckReader) and the name reports give it.
type input struct {
	file, name string
	r          io.Reader
}

// checkOne reads, parses and checks one plan within the run's deadline
// for a plan: everything done for a plan (parsing, the plan format's own
// checks, the policies) counts against --timeout, so that no plan can
// hold up the run. A plan over the deadline is that plan's error; the work
// on it is abandoned and the run goes on.
func checkOne(ctx context.Context, eng Checker, ld loader.Loader, in input, opts Options, exists func(string) bool) (*report.Plan, *report.SkippedFile, *report.FileError) {
	timeout := opts.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	if in.file == Stdin {
		in.name, in.r = StdinName, opts.Stdin
	}
	name := in.file
	if in.r != nil {
		name = in.name
	}
	// A reader is read before the deadline starts: a plan typed or piped
	// in slowly is not a slow plan.
	var data []byte
	if in.r != nil {
		d, err := loader.ReadAll(in.r, ld.Limits)
		if err != nil {
			return nil, nil, &report.FileError{File: name, Message: err.Error()}
		}
		data = d
	}
	cctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	type outcome struct {
		p    *report.Plan
		skip *report.SkippedFile
		fe   *report.FileError
	}
	done := make(chan outcome, 1)
	go func() {
		var o outcome
		// A bug met on one file must not cost the others their results:
		// it becomes that file's error.
		defer func() {
			if r := recover(); r != nil {
				o = outcome{fe: &report.FileError{File: name, Message: fmt.Sprintf("plancheck failed on this file (a bug; please report it): %v", r)}}
			}
			done <- o
		}()
		o.p, o.skip, o.fe = checkFile(cctx, eng, ld, in, data, opts, exists)
	}()
	select {
	case o := <-done:
		return o.p, o.skip, o.fe
	case <-cctx.Done():
		if ctx.Err() != nil {
			return nil, nil, &report.FileError{File: name, Message: "interrupted"}
		}
		return nil, nil, &report.FileError{File: name, Message: fmt.Sprintf("checking this plan took longer than %v (raise it with --timeout)", timeout)}
	}
}

// checkFile reads a file (or takes a reader's bytes), and gives its
// results: from the cache when they are there, else by parsing and
// checking it.
func checkFile(ctx context.Context, eng Checker, ld loader.Loader, in input, data []byte, opts Options, exists func(string) bool) (*report.Plan, *report.SkippedFile, *report.FileError) {
	name, syntax := in.file, ld.Syntax
	// A plan read from a reader has no folder: its evidence is looked for
	// as standard input's is.
	where := in.file
	if in.r != nil {
		name, where = in.name, Stdin
		if syntax == "" {
			syntax = plan.YAML
		}
	} else {
		var err error
		if data, syntax, err = ld.Read(in.file); err != nil {
			return nil, nil, loadError(err, in.file)
		}
	}
	ev := opts.evidence(where, exists)
	rc := opts.Cache
	var key cache.Key
	if rc != nil {
		key = rc.Key(resultcache.Input{Data: data, Syntax: syntax, Today: opts.Today, Limits: opts.Limits, Evidence: ev})
		if o, ok := rc.Get(key, ev.Exists); ok {
			if o.Plan == nil {
				return nil, &report.SkippedFile{File: name, Reason: o.NotAPlan}, nil
			}
			o.Plan.File = name
			o.Plan.Finish(opts.Selection.Includes)
			return o.Plan, nil, nil
		}
	}
	var doc *plan.Document
	var err error
	if in.r != nil {
		// Read as YAML when no syntax is given, saying so when the text
		// is in another syntax.
		doc, err = ld.ParseInput(name, data)
	} else {
		ld.Syntax = syntax
		doc, err = ld.Parse(name, data)
	}
	if err != nil {
		return nil, nil, loadError(err, name)
	}
	if reason, ok := planschema.NotAPlan(doc); ok {
		if rc != nil {
			rc.Put(key, resultcache.Outcome{NotAPlan: reason})
		}
		return nil, &report.SkippedFile{File: doc.File, Reason: reason}, nil
	}
	// The evidence files the checks look for are known only now: they
	// are noted for the cache, to be looked for again on a hit.
	var looked *resultcache.Recorder
	if rc != nil && ev.Exists != nil {
		looked = resultcache.Record(ev.Exists)
		ev.Exists = looked.Exists
	}
	p, err := eng.Check(ctx, doc, planschema.Run{Today: opts.Today, Evidence: ev})
	if err != nil {
		return nil, nil, &report.FileError{File: doc.File, Message: err.Error()}
	}
	if rc != nil {
		// Kept before the selection is applied, so that a run with
		// another --only or --skip uses it too.
		rc.Put(key, resultcache.Outcome{Plan: p, Evidence: looked.Looked()})
	}
	p.Finish(opts.Selection.Includes)
	return p, nil, nil
}

func loadError(err error, file string) *report.FileError {
	fe := fileError(err)
	if fe.File == "" {
		fe.File = file
	}
	return &fe
}

func fileError(err error) report.FileError {
	var le *loader.Error
	if errors.As(err, &le) {
		return report.FileError{File: le.File, Line: le.Line, Column: le.Column, Message: le.Message}
	}
	return report.FileError{Message: err.Error()}
}
