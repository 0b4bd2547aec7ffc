package cli

import (
	"errors"
	"os"
	"path/filepath"
	"strings"

	"github.com/plancheck/plancheck/internal/atomicfile"
	"github.com/plancheck/plancheck/internal/lint"
	"github.com/plancheck/plancheck/internal/loader"
	"github.com/plancheck/plancheck/internal/render"
)

// reportFile is a report file or a plan, as checkOutputs compares them.
type reportFile struct {
	arg    string // as the user gave it
	format render.Format
	// canon is the file's path with every symbolic link followed, or,
	// for a file not there yet, its folder's.
	canon string
	// named is the path as given, with its folder's links followed but
	// not its own: a folder walk finds a link by its own name.
	named string
	info  os.FileInfo // nil when there is no file yet
}

func (a reportFile) same(b reportFile) bool {
	return a.canon == b.canon || (a.info != nil && b.info != nil && os.SameFile(a.info, b.info))
}

// checkOutputs refuses, before anything is checked, report files that
// would lose what they replace or cannot be written: a folder, two reports
// in one file (one would replace the other), and a report over a plan the
// run reads, named or in a named folder. Paths are compared once resolved:
// relative to the working folder, symbolic links followed where they
// exist, and the same file found by os.SameFile where both exist. A report
// written straight through (a device, a FIFO, /dev/stdout) replaces
// nothing, and is not compared.
func checkOutputs(stdio IO, outs []output, args []string) error {
	var files []reportFile
	for _, o := range outs {
		if o.path == "" {
			continue
		}
		if os.IsPathSeparator(o.path[len(o.path)-1]) {
			return usageError("%s names a folder: give the %s report a file name", o.path, o.format)
		}
		p := stdio.path(o.path)
		target, inPlace, err := atomicfile.Target(p)
		if errors.Is(err, atomicfile.ErrFolder) {
			return usageError("%s is a folder: give the %s report a file name", o.path, o.format)
		}
		if err != nil {
			return usageError("cannot write %s: %v", o.path, err)
		}
		if inPlace {
			continue
		}
		f := reportFile{arg: o.path, format: o.format, canon: canonical(target), named: canonical(filepath.Dir(p)) + string(filepath.Separator) + filepath.Base(p)}
		f.info, _ = os.Stat(target)
		for _, prev := range files {
			if prev.same(f) {
				return usageError("the %s and %s reports would be written to the same file (%s, %s): give each its own", prev.format, f.format, prev.arg, f.arg)
			}
		}
		files = append(files, f)
	}
	for _, arg := range args {
		if arg == lint.Stdin {
			continue
		}
		p := stdio.path(arg)
		info, err := os.Stat(p)
		if err != nil {
			continue // the run reports it as a file it cannot read
		}
		plan := reportFile{arg: arg, canon: canonical(p), info: info}
		for _, f := range files {
			switch {
			case !info.IsDir() && plan.same(f):
				return usageError("the %s report %s would replace the plan %s: write it elsewhere", f.format, f.arg, arg)
			case info.IsDir() && (walked(plan.canon, f.canon) || walked(plan.canon, f.named)):
				return usageError("the %s report %s would be in %s, among the plans this run checks: write it elsewhere, or give it a name that is not checked", f.format, f.arg, arg)
			}
		}
	}
	return nil
}

// canonical is p with every symbolic link followed; for a path not there
// yet, its folder's links are followed.
func canonical(p string) string {
	if real, err := filepath.EvalSymlinks(p); err == nil {
		return real
	}
	dir, base := filepath.Split(p)
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		return filepath.Join(real, base)
	}
	return filepath.Clean(p)
}

// walked tells whether a walk of the folder dir would check the file p:
// p is inside dir, no folder on the way and not p itself is hidden, and
// p has a plan's extension. These are loader.Expand's rules.
func walked(dir, p string) bool {
	rel, err := filepath.Rel(dir, p)
	if err != nil || rel == "." || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return false
	}
	for _, part := range strings.Split(rel, string(filepath.Separator)) {
		if strings.HasPrefix(part, ".") {
			return false
		}
	}
	_, ok := loader.SyntaxOf(p)
	return ok
}
