// Package compare compares a run with an earlier one: it reads what the
// earlier run found (a JSON report, or a baseline file that lint
// --write-baseline wrote), matches plans by file or organisation code,
// marks each result new, fixed, persisting or unchanged, writes baseline
// files, and makes the diff of two reports. It knows no policy engine.
package compare

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sort"
	"strconv"
	"sync"
	"unicode/utf8"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/plancheck/plancheck/internal/check"
	"github.com/plancheck/plancheck/internal/report"
)

// Kind is what a file read as a run is.
type Kind string

// The kinds of file a run is read from.
const (
	// KindReport is a JSON report (report format version 2).
	KindReport Kind = "report"
	// KindBaseline is a baseline file (baseline format version 1).
	KindBaseline Kind = "baseline"
)

// Run is what an earlier run found, as its file records it: per plan, the
// status of each rule. A baseline file records misses only, so a run read
// from one has a missed result for each miss and no other.
type Run struct {
	// Name is the file as the user named it.
	Name             string
	Kind             Kind
	CatalogueVersion int
	Tool             report.Tool
	// Today is a report's run date; a baseline has none.
	Today string
	// Rules are the ids of the rules the run knew, sorted: a baseline's
	// list, or every id a report's plans have a result for.
	Rules []string
	// Plans are sorted by file.
	Plans []Plan
	// Errors are the files a report says could not be read.
	Errors []report.FileError
}

// Plan is what a run found of one plan: no more than a comparison shows,
// so that a run of thousands of plans is held in a few megabytes.
type Plan struct {
	File         string
	Organisation report.Organisation
	Title        string
	Results      []Result
}

// Result is a rule's status for a plan; Findings are a missed result's
// misses, kept only when the run was read for them (ReadOptions).
type Result struct {
	ID       string
	Title    string
	Severity check.Severity
	Status   check.Status
	Findings []check.Finding
}

// missed lists the ids of the plan's missed results.
func (p *Plan) missed() []string {
	out := []string{}
	for _, r := range p.Results {
		if r.Status == check.Missed {
			out = append(out, r.ID)
		}
	}
	return out
}

// ReadOptions say what a run is read for.
type ReadOptions struct {
	// Findings keeps the misses of missed results, for a diff to show.
	Findings bool
}

// ReadError is what is wrong with a file read as a run, with its place
// when one is known.
type ReadError struct{ report.FileError }

func (e *ReadError) Error() string { return e.String() }

// Read reads a JSON report or a baseline file, checking it against its
// JSON Schema: a file that does not follow it is refused with the place of
// the first problem, as is a report or baseline of a format version this
// plancheck does not read. The file is read as a stream, a plan at a
// time, checked and decoded on a worker a CPU; it is read again only to
// say where a problem is.
func Read(name string, f io.ReadSeeker, opts ReadOptions) (*Run, error) {
	r := &reader{name: name, f: f, opts: opts}
	return r.read()
}

type reader struct {
	name string
	f    io.ReadSeeker
	opts ReadOptions
	// hint says where to read the format, once it is known.
	hint string
	// data is the whole file, read only when a problem is to be placed.
	data []byte
}

// place is where a problem is: inner bytes into the value that starts
// after offset at, past the separators (white space, ':' and ',') the
// decoder had not read. none is a problem of no place.
type place struct {
	at, inner int64
	none      bool
	// exact places the problem at the byte at, separators or not.
	exact bool
}

var nowhere = place{none: true}

// all is the whole file, for placing a problem.
func (r *reader) all() ([]byte, error) {
	if r.data != nil {
		return r.data, nil
	}
	if _, err := r.f.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	data, err := io.ReadAll(r.f)
	r.data = data
	return data, err
}

// fail is a problem at a place of the file.
func (r *reader) fail(p place, format string, args ...any) error {
	e := &ReadError{report.FileError{File: r.name, Message: fmt.Sprintf(format, args...)}}
	if !p.none {
		if data, err := r.all(); err == nil {
			at := p.at
			if !p.exact {
				at = skipToValue(data, at)
			}
			e.Line, e.Column = position(data, at+p.inner)
		}
	}
	return e
}

// position is the line and column (in characters, from 1) of a byte
// offset.
func position(data []byte, offset int64) (int, int) {
	offset = min(max(offset, 0), int64(len(data)))
	before := data[:offset]
	line := bytes.Count(before, []byte("\n")) + 1
	col := utf8.RuneCount(before[bytes.LastIndexByte(before, '\n')+1:]) + 1
	return line, col
}

// skipToValue is the offset of the value that follows offset, past the
// separators the decoder has not yet read.
func skipToValue(data []byte, offset int64) int64 {
	for offset < int64(len(data)) {
		switch data[offset] {
		case ' ', '\t', '\r', '\n', ':', ',':
			offset++
			continue
		}
		break
	}
	return offset
}

// syntax turns a JSON decoding error into a problem at its place. The
// streaming decoder's offsets differ from error to error, so the place of
// a syntax error is found again by checking the whole file, whose offset
// is always just past the byte that broke the syntax.
func (r *reader) syntax(err error, fallback place) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return r.fail(fallback, "not valid JSON: %v", te)
	}
	data, readErr := r.all()
	if readErr != nil {
		return r.fail(nowhere, "cannot be read: %v", readErr)
	}
	var v json.RawMessage
	check := json.Unmarshal(data, &v)
	var se *json.SyntaxError
	switch {
	case errors.As(check, &se) && se.Offset >= int64(len(data)):
		return r.fail(place{at: int64(len(data)), exact: true}, "not valid JSON: the file ends early")
	case bytes.HasPrefix(data, []byte("\xef\xbb\xbf")):
		return r.fail(place{at: 0, exact: true}, "not JSON: it starts with a byte order mark; save it as UTF-8 without one")
	case notJSON(data):
		// Not JSON at all: an HTML or text report, say, given for the
		// JSON one.
		start := bytes.TrimLeft(data, " \t\r\n")
		shown, _, _ := bytes.Cut(start[:min(len(start), 12)], []byte("\n"))
		return r.fail(place{at: int64(len(data) - len(start)), exact: true}, "not JSON (it starts with %q): give a JSON report (plancheck lint -f json) or a baseline file (--write-baseline)", string(bytes.TrimRight(shown, "\r")))
	case errors.As(check, &se):
		return r.fail(place{at: max(se.Offset-1, 0), exact: true}, "not valid JSON: %v", se)
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return r.fail(place{at: int64(len(data)), exact: true}, "not valid JSON: the file ends early")
	}
	return r.fail(fallback, "not valid JSON: %v", err)
}

// notJSON tells a file whose first character cannot start a JSON value
// (the JSON reader also refuses a bare literal, so a text starting "no"
// is not JSON either).
func notJSON(data []byte) bool {
	start := bytes.TrimLeft(data, " \t\r\n")
	if len(start) == 0 {
		return false
	}
	if start[0] == '{' || start[0] == '[' || start[0] == '"' || start[0] == '-' || (start[0] >= '0' && start[0] <= '9') {
		return false
	}
	for _, lit := range []string{"true", "false", "null"} {
		if bytes.HasPrefix(start, []byte(lit)) {
			return false
		}
	}
	return true
}

type rawValue struct {
	data json.RawMessage
	at   int64
}

// schemas are a format's JSON Schema, whole and its plan alone.
type schemas struct {
	whole, plan *jsonschema.Schema
	decode      func(data []byte, keep ReadOptions, names map[string]string) (Plan, error)
}

func (r *reader) read() (*Run, error) {
	if _, err := r.f.Seek(0, io.SeekStart); err != nil {
		return nil, r.fail(nowhere, "cannot be read: %v", err)
	}
	d := json.NewDecoder(bufio.NewReaderSize(r.f, 64<<10))
	tok, err := d.Token()
	if errors.Is(err, io.EOF) {
		return nil, r.fail(nowhere, "the file is empty: a plancheck JSON report or baseline file is a JSON object")
	}
	if err != nil {
		return nil, r.syntax(err, place{})
	}
	if tok != json.Delim('{') {
		return nil, r.fail(place{}, "not a plancheck JSON report or baseline file: it is not a JSON object")
	}
	top := map[string]rawValue{}
	var s *schemas
	// The plans are checked as they are read, once the file's kind is
	// known: it always is in a file plancheck wrote, whose version comes
	// first; in another, plans read before it wait.
	var waiting []rawValue
	work := newWorkers(r)
	defer work.stop()
	for d.More() {
		keyAt := d.InputOffset()
		tok, err := d.Token()
		if err != nil {
			return nil, r.syntax(err, place{at: keyAt})
		}
		key, _ := tok.(string)
		if _, dup := top[key]; dup {
			return nil, r.fail(place{at: keyAt}, "the key %q is given twice", key)
		}
		at := d.InputOffset()
		if key != "plans" {
			var raw json.RawMessage
			if err := d.Decode(&raw); err != nil {
				return nil, r.syntax(err, place{at: at})
			}
			top[key] = rawValue{raw, at}
			if s == nil {
				if s, err = r.kind(top); err != nil {
					return nil, err
				}
				if s != nil {
					for _, p := range waiting {
						work.add(s, p)
					}
					waiting = nil
				}
			}
			continue
		}
		top[key] = rawValue{json.RawMessage("[]"), at}
		tok, err = d.Token()
		if err != nil {
			return nil, r.syntax(err, place{at: at})
		}
		if tok != json.Delim('[') {
			return nil, r.fail(place{at: at}, "plans: not a list (%s)", r.hint)
		}
		for d.More() {
			itemAt := d.InputOffset()
			var raw json.RawMessage
			if err := d.Decode(&raw); err != nil {
				return nil, r.syntax(err, place{at: itemAt})
			}
			p := rawValue{raw, itemAt}
			if s == nil {
				waiting = append(waiting, p)
				continue
			}
			work.add(s, p)
		}
		if _, err := d.Token(); err != nil {
			return nil, r.syntax(err, place{at: at})
		}
	}
	end := d.InputOffset()
	if _, err := d.Token(); err != nil {
		return nil, r.syntax(err, place{at: end})
	}
	after := d.InputOffset()
	if _, err := d.Token(); !errors.Is(err, io.EOF) {
		return nil, r.fail(place{at: after}, "not valid JSON: more follows the object")
	}
	if s == nil {
		if s, err = r.kind(top); err != nil {
			return nil, err
		}
		if s == nil {
			return nil, r.fail(place{}, "neither a plancheck JSON report (it has no report_version) nor a baseline file (no baseline_version)")
		}
		for _, p := range waiting {
			work.add(s, p)
		}
	}
	plans, err := work.wait()
	if err != nil {
		return nil, err
	}
	if err := r.validateTop(s.whole, top); err != nil {
		return nil, err
	}
	run := &Run{Name: r.name, Plans: plans}
	if err := r.head(run, top); err != nil {
		return nil, err
	}
	return run, r.sortPlans(run, work.at)
}

// kind tells a report from a baseline file by its version key, once one
// is read, and refuses a version this plancheck does not read; nil when
// neither key has been read yet.
func (r *reader) kind(top map[string]rawValue) (*schemas, error) {
	version := func(v rawValue) (int, bool) {
		n, err := strconv.Atoi(string(bytes.TrimSpace(v.data)))
		return n, err == nil
	}
	doc, decode := report.Schema, reportPlan
	if v, ok := top["report_version"]; ok {
		if n, ok := version(v); !ok || n != report.Version {
			return nil, r.fail(place{at: v.at}, "report format version %s: plancheck reads reports of version %d; check the plans again with this plancheck to compare with them", bytes.TrimSpace(v.data), report.Version)
		}
		r.hint = "plancheck schema --report prints the report's JSON Schema"
	} else if v, ok := top["baseline_version"]; ok {
		if n, ok := version(v); !ok || n != BaselineVersion {
			return nil, r.fail(place{at: v.at}, "baseline format version %s: plancheck reads baseline files of version %d; write the baseline again with this plancheck (lint --write-baseline)", bytes.TrimSpace(v.data), BaselineVersion)
		}
		r.hint = "plancheck schema --baseline prints the baseline file's JSON Schema"
		doc, decode = BaselineSchema, baselinePlan
	} else {
		return nil, nil
	}
	whole, plan, err := compileSchemas(doc)
	if err != nil {
		return nil, err
	}
	return &schemas{whole: whole, plan: plan, decode: decode}, nil
}

// validateTop checks the file without its plans against the schema.
func (r *reader) validateTop(s *jsonschema.Schema, top map[string]rawValue) error {
	var rest bytes.Buffer
	rest.WriteString("{")
	keys := make([]string, 0, len(top))
	for k := range top {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for i, k := range keys {
		if i > 0 {
			rest.WriteString(",")
		}
		name, _ := json.Marshal(k)
		rest.Write(name)
		rest.WriteString(":")
		rest.Write(top[k].data)
	}
	rest.WriteString("}")
	return r.placed(r.validate(s, rest.Bytes(), func(loc []string) place {
		if len(loc) == 0 {
			return place{}
		}
		v := top[loc[0]]
		return place{at: v.at, inner: locate(v.data, loc[1:])}
	}))
}

// problem is a problem found by a worker, placed (which reads the file
// again) once the reader is done with it.
type problem struct {
	at  place
	msg string
}

func (p *problem) Error() string { return p.msg }

// placed is the problem said at its place.
func (r *reader) placed(err error) error {
	var p *problem
	if errors.As(err, &p) {
		return r.fail(p.at, "%s", p.msg)
	}
	return err
}

// validate checks a value against a schema, and returns the first
// problem with its place (a *problem); prefix is the value's own place in
// the file, for the message. It reads no file, so that workers may call
// it while the file is being read.
func (r *reader) validate(s *jsonschema.Schema, data []byte, at func([]string) place, prefix ...string) error {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return &problem{at(nil), fmt.Sprintf("not valid JSON: %v", err)}
	}
	err = s.Validate(doc)
	var ve *jsonschema.ValidationError
	if err == nil || !errors.As(err, &ve) {
		return err
	}
	leaf := firstLeaf(ve)
	what := "the file"
	if where := dotted(append(append([]string{}, prefix...), leaf.InstanceLocation...)); where != "" {
		what = where
	}
	// The library's own message says where as a JSON pointer; the place
	// is said here in the words of a plan's paths, and the message is
	// only what is wrong.
	msg := "does not follow the schema"
	if out := leaf.BasicOutput(); out != nil && out.Error != nil {
		msg = out.Error.String()
	}
	return &problem{at(leaf.InstanceLocation), fmt.Sprintf("%s: %s (%s)", what, msg, r.hint)}
}

// firstLeaf is the first of the most specific problems a validation
// found.
func firstLeaf(e *jsonschema.ValidationError) *jsonschema.ValidationError {
	for len(e.Causes) > 0 {
		e = e.Causes[0]
	}
	return e
}

// dotted writes a JSON pointer's tokens as a path: plans[0].results[3].status.
func dotted(tokens []string) string {
	var b bytes.Buffer
	for _, t := range tokens {
		if _, err := strconv.Atoi(t); err == nil {
			b.WriteString("[" + t + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteString(".")
		}
		b.WriteString(t)
	}
	return b.String()
}

// locate finds the offset, from a raw value's first byte, of the value at
// a JSON pointer's tokens inside it, or of the nearest value on the way
// that holds it.
func locate(data []byte, tokens []string) int64 {
	d := json.NewDecoder(bytes.NewReader(data))
	at := skipToValue(data, 0)
	for _, want := range tokens {
		tok, err := d.Token()
		if err != nil {
			break
		}
		found := false
		switch tok {
		case json.Delim('{'):
			for d.More() {
				k, err := d.Token()
				if err != nil {
					break
				}
				valueAt := skipToValue(data, d.InputOffset())
				if k == want {
					at, found = valueAt, true
					break
				}
				var skip json.RawMessage
				if d.Decode(&skip) != nil {
					break
				}
			}
		case json.Delim('['):
			n, err := strconv.Atoi(want)
			if err != nil {
				break
			}
			for i := 0; d.More(); i++ {
				valueAt := skipToValue(data, d.InputOffset())
				if i == n {
					at, found = valueAt, true
					break
				}
				var skip json.RawMessage
				if d.Decode(&skip) != nil {
					break
				}
			}
		}
		if !found {
			break
		}
	}
	return at
}

// compileSchemas compiles a JSON Schema, and its plan definition alone.
func compileSchemas(doc []byte) (whole, plan *jsonschema.Schema, err error) {
	parsed, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		return nil, nil, fmt.Errorf("reading plancheck's own JSON Schema: %w", err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("schema.json", parsed); err != nil {
		return nil, nil, fmt.Errorf("reading plancheck's own JSON Schema: %w", err)
	}
	if whole, err = c.Compile("schema.json"); err != nil {
		return nil, nil, fmt.Errorf("compiling plancheck's own JSON Schema: %w", err)
	}
	if plan, err = c.Compile("schema.json#/$defs/plan"); err != nil {
		return nil, nil, fmt.Errorf("compiling plancheck's own JSON Schema: %w", err)
	}
	return whole, plan, nil
}

// workers check and decode plans as the reader hands them on, a worker a
// CPU: reading a report of thousands of plans is mostly this. The problem
// reported is that of the first plan, in the file's order, that has one.
type workers struct {
	r     *reader
	jobs  chan job
	wg    sync.WaitGroup
	mu    sync.Mutex
	plans []Plan
	errs  []error
	// at is each plan's place, in the file's order.
	at      []int64
	stopped bool
}

type job struct {
	i int
	s *schemas
	p rawValue
}

func newWorkers(r *reader) *workers {
	w := &workers{r: r, jobs: make(chan job, 64)}
	for range runtime.GOMAXPROCS(0) {
		w.wg.Add(1)
		go w.work()
	}
	return w
}

func (w *workers) add(s *schemas, p rawValue) {
	w.mu.Lock()
	i := len(w.at)
	w.at = append(w.at, p.at)
	w.plans = append(w.plans, Plan{})
	w.errs = append(w.errs, nil)
	w.mu.Unlock()
	w.jobs <- job{i: i, s: s, p: p}
}

func (w *workers) work() {
	defer w.wg.Done()
	// Each worker keeps one copy of the ids, titles and statuses that
	// every plan repeats.
	names := map[string]string{}
	for j := range w.jobs {
		p := j.p
		err := w.r.validate(j.s.plan, p.data, func(loc []string) place { return place{at: p.at, inner: locate(p.data, loc)} }, "plans", strconv.Itoa(j.i))
		var plan Plan
		if err == nil {
			if plan, err = j.s.decode(p.data, w.r.opts, names); err != nil {
				// The schema held: a number too large, say.
				err = &problem{place{at: p.at}, fmt.Sprintf("plans[%d]: %v", j.i, err)}
			}
		}
		w.mu.Lock()
		w.plans[j.i], w.errs[j.i] = plan, err
		w.mu.Unlock()
	}
}

// stop ends the workers; wait does, and returns what they made.
func (w *workers) stop() {
	if !w.stopped {
		w.stopped = true
		close(w.jobs)
		w.wg.Wait()
	}
}

func (w *workers) wait() ([]Plan, error) {
	w.stop()
	for _, err := range w.errs {
		if err != nil {
			return nil, w.r.placed(err)
		}
	}
	return w.plans, nil
}

// intern returns the one copy of s that names holds.
func intern(names map[string]string, s string) string {
	if v, ok := names[s]; ok {
		return v
	}
	names[s] = s
	return s
}

// reportPlan decodes a report's plan, keeping what a comparison shows.
func reportPlan(data []byte, keep ReadOptions, names map[string]string) (Plan, error) {
	var p report.Plan
	if err := json.Unmarshal(data, &p); err != nil {
		return Plan{}, err
	}
	out := Plan{File: p.File, Organisation: p.Organisation, Title: p.Plan.Title, Results: make([]Result, len(p.Results))}
	for i, res := range p.Results {
		r := Result{
			ID: intern(names, res.ID), Title: intern(names, res.Title),
			Severity: check.Severity(intern(names, string(res.Severity))), Status: check.Status(intern(names, string(res.Status))),
		}
		if keep.Findings && res.Status == check.Missed {
			r.Findings = misses(res.Findings)
		}
		out.Results[i] = r
	}
	return out, nil
}

// baselinePlan decodes a baseline file's plan: a missed result a miss.
func baselinePlan(data []byte, _ ReadOptions, names map[string]string) (Plan, error) {
	var e Entry
	if err := json.Unmarshal(data, &e); err != nil {
		return Plan{}, err
	}
	p := Plan{File: e.File, Organisation: report.Organisation{Code: e.Code}, Results: make([]Result, len(e.Missed))}
	for i, id := range e.Missed {
		p.Results[i] = Result{ID: intern(names, id), Status: check.Missed}
	}
	return p, nil
}

// head reads what the file says besides its plans.
func (r *reader) head(run *Run, top map[string]rawValue) error {
	var head struct {
		CatalogueVersion int                `json:"catalogue_version"`
		Tool             report.Tool        `json:"tool"`
		Today            string             `json:"today"`
		Errors           []report.FileError `json:"errors"`
		Rules            []string           `json:"rules"`
	}
	for key, v := range top {
		switch key {
		case "catalogue_version", "tool", "today", "errors", "rules":
			obj := append(append([]byte(`{"`+key+`":`), v.data...), '}')
			if err := json.Unmarshal(obj, &head); err != nil {
				return r.syntax(err, place{at: v.at})
			}
		}
	}
	run.CatalogueVersion, run.Tool, run.Today, run.Errors = head.CatalogueVersion, head.Tool, head.Today, head.Errors
	run.Kind = KindBaseline
	if _, ok := top["report_version"]; ok {
		run.Kind = KindReport
		rules := map[string]bool{}
		for _, p := range run.Plans {
			for _, res := range p.Results {
				rules[res.ID] = true
			}
		}
		for id := range rules {
			head.Rules = append(head.Rules, id)
		}
	}
	run.Rules = head.Rules
	sort.Strings(run.Rules)
	return nil
}

// sortPlans orders the plans by file, and refuses a file named twice:
// a run checks each file once.
func (r *reader) sortPlans(run *Run, at []int64) error {
	seen := map[string]bool{}
	for i, p := range run.Plans {
		if seen[p.File] {
			return r.fail(place{at: at[i]}, "plans[%d]: the plan %s is listed twice", i, p.File)
		}
		seen[p.File] = true
	}
	sort.Slice(run.Plans, func(i, j int) bool { return run.Plans[i].File < run.Plans[j].File })
	return nil
}
