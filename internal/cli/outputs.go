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

// output is one report the run writes: a format, and a file or, when
// path is "", standard output.
type output struct {
	format render.Format
	path   string
}

// formatHelp is how --help tells the format setting's rule.
const formatHelp = `Reports: -f FORMAT writes to standard output (or --output); -f FORMAT=FILE
writes a file, its name being everything after the first "=", commas
included; a value without "=" may list formats separated by commas
(-f json,sarif=r.sarif is refused: give each file its own -f). Items of
a format list in .plancheck.yaml are read the same way; in PLANCHECK_FORMAT
and a format string in .plancheck.yaml, commas separate the entries.

A report file is written whole or not at all: it is written beside its
target and renamed over it once the run is complete, keeping the old file's
permissions; several report files are renamed together at the very end. A
symbolic link is followed, and its target replaced. A device, a FIFO or
/dev/stdout is written to as it is, with no temporary file. A report may not
name a folder, another report's file, or a plan the run reads (named, or in
a named folder).`

// splitFormat reads one --format value, or one item of a format list in
// .plancheck.yaml: "FORMAT=FILE" is one entry whatever the file name
// holds, so that a name may have commas; "a,b" lists formats.
func splitFormat(value string) []string {
	if strings.Contains(value, "=") {
		return []string{value}
	}
	return splitList(value)
}

// splitList splits a comma-separated list of entries, dropping empty ones.
func splitList(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

// parseOutputs reads the format entries: "json", or "sarif=out.sarif" to
// write that format to a file. One format at most goes to standard output
// (or to --output).
func parseOutputs(specs []string, outputFlag string) ([]output, error) {
	if len(specs) == 0 {
		specs = []string{string(render.Text)}
	}
	var outs []output
	toStdout := 0
	for _, spec := range specs {
		name, path, hasFile := strings.Cut(spec, "=")
		name = strings.TrimSpace(name)
		if hasFile && strings.Contains(name, ",") {
			return nil, usageError("%q: a list of formats cannot take a file; give each report file its own --format, as in -f json -f sarif=report.sarif", spec)
		}
		f, err := render.ParseFormat(name)
		if err != nil {
			return nil, usageError("%v", err)
		}
		path = strings.TrimSpace(path)
		// A name such as "a.sarif,json=b.json" is read as one file; it was
		// surely meant as two reports, so it is refused rather than
		// written under that name.
		for _, part := range strings.Split(path, ",")[1:] {
			if other, _, ok := strings.Cut(part, "="); ok {
				if _, err := render.ParseFormat(strings.TrimSpace(other)); err == nil {
					return nil, usageError("%q names one file, %q; to write several reports give each its own --format, as in -f %s=… -f %s", spec, path, name, strings.TrimSpace(part))
				}
			}
		}
		if hasFile && path == "" {
			return nil, usageError("%q names no file: give format=FILE, or the format alone for standard output", spec)
		}
		if path == "" {
			toStdout++
			path = outputFlag
		}
		outs = append(outs, output{format: f, path: path})
	}
	if toStdout > 1 {
		return nil, usageError("only one format can go to %s; give the others a file, as in --format sarif=report.sarif", map[bool]string{true: "--output", false: "standard output"}[outputFlag != ""])
	}
	return outs, nil
}

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
