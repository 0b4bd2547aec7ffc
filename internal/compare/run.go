// Package compare compares a run with an earlier one: it reads what the
// earlier run found (a JSON report, or a baseline file that lint
// --write-baseline wrote), matches plans by file or organisation code,
// marks each result new, fixed, persisting or unchanged, writes baseline
// files, and makes the diff of two reports. It knows no policy engine.
package compare

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
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
	// Plans are sorted by file. Results keep their findings only when
	// missed, and no remediation or source: a comparison shows what a
	// miss was, not how to mend it.
	Plans []report.Plan
	// Errors are the files a report says could not be read.
	Errors []report.FileError
}

// ReadError is what is wrong with a file read as a run, with its place
// when one is known.
type ReadError struct{ report.FileError }

func (e *ReadError) Error() string { return e.String() }

// Read reads a JSON report or a baseline file, checking it against its
// JSON Schema first: a file that does not follow it is refused with the
// place of the first problem, as is a report or baseline of a format
// version this plancheck does not read. The plans are taken one at a
// time, so that a report on thousands of plans is never held whole as
// generic JSON.
func Read(name string, data []byte) (*Run, error) {
	r := reader{name: name, data: data}
	return r.read()
}

type reader struct {
	name string
	data []byte
	// hint says where to read the format, once it is known.
	hint string
}

// fail is a problem at a byte offset of the file (-1: no place).
func (r *reader) fail(offset int64, format string, args ...any) error {
	e := &ReadError{report.FileError{File: r.name, Message: fmt.Sprintf(format, args...)}}
	if offset >= 0 {
		e.Line, e.Column = position(r.data, offset)
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

// syntax turns a JSON decoding error into a problem at its place. The
// streaming decoder's offsets differ from error to error, so the place of
// a syntax error is found again by checking the whole file, whose offset
// is always just past the byte that broke the syntax.
func (r *reader) syntax(err error, fallback int64) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return r.fail(fallback, "not valid JSON: %v", te)
	}
	var v json.RawMessage
	check := json.Unmarshal(r.data, &v)
	var se *json.SyntaxError
	switch {
	case errors.As(check, &se) && se.Offset >= int64(len(r.data)):
		return r.fail(int64(len(r.data)), "not valid JSON: the file ends early")
	case errors.As(check, &se):
		return r.fail(max(se.Offset-1, 0), "not valid JSON: %v", se)
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return r.fail(int64(len(r.data)), "not valid JSON: the file ends early")
	}
	return r.fail(fallback, "not valid JSON: %v", err)
}

// skipToValue is the offset of the value that follows offset, past the
// separators (white space, ':' and ',') the decoder has not yet read.
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

type rawValue struct {
	data json.RawMessage
	at   int64
}

// split reads the top-level object: each key's value as raw JSON with its
// offset, and each item of plans on its own.
func (r *reader) split() (map[string]rawValue, []rawValue, error) {
	d := json.NewDecoder(bytes.NewReader(r.data))
	tok, err := d.Token()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil, r.fail(-1, "the file is empty: a plancheck JSON report or baseline file is a JSON object")
		}
		return nil, nil, r.syntax(err, 0)
	}
	if tok != json.Delim('{') {
		return nil, nil, r.fail(skipToValue(r.data, 0), "not a plancheck JSON report or baseline file: it is not a JSON object")
	}
	top := map[string]rawValue{}
	var plans []rawValue
	for d.More() {
		keyAt := skipToValue(r.data, d.InputOffset())
		tok, err := d.Token()
		if err != nil {
			return nil, nil, r.syntax(err, keyAt)
		}
		key, _ := tok.(string)
		if _, dup := top[key]; dup {
			return nil, nil, r.fail(keyAt, "the key %q is given twice", key)
		}
		at := skipToValue(r.data, d.InputOffset())
		if key == "plans" && at < int64(len(r.data)) && r.data[at] == '[' {
			if _, err := d.Token(); err != nil {
				return nil, nil, r.syntax(err, at)
			}
			for d.More() {
				itemAt := skipToValue(r.data, d.InputOffset())
				var raw json.RawMessage
				if err := d.Decode(&raw); err != nil {
					return nil, nil, r.syntax(err, itemAt)
				}
				plans = append(plans, rawValue{raw, itemAt})
			}
			if _, err := d.Token(); err != nil {
				return nil, nil, r.syntax(err, at)
			}
			top[key] = rawValue{json.RawMessage("[]"), at}
			continue
		}
		var raw json.RawMessage
		if err := d.Decode(&raw); err != nil {
			return nil, nil, r.syntax(err, at)
		}
		top[key] = rawValue{raw, at}
	}
	if _, err := d.Token(); err != nil {
		return nil, nil, r.syntax(err, d.InputOffset())
	}
	if end := skipToValue(r.data, d.InputOffset()); end < int64(len(r.data)) {
		return nil, nil, r.fail(end, "not valid JSON: more follows the object")
	}
	return top, plans, nil
}

// version reads a top-level whole number.
func version(v rawValue) (int, bool) {
	n, err := strconv.Atoi(string(bytes.TrimSpace(v.data)))
	return n, err == nil
}

func (r *reader) read() (*Run, error) {
	top, plans, err := r.split()
	if err != nil {
		return nil, err
	}
	kind, schemaDoc := KindReport, report.Schema
	if v, ok := top["report_version"]; ok {
		if n, ok := version(v); !ok || n != report.Version {
			return nil, r.fail(v.at, "report format version %s: plancheck reads reports of version %d; check the plans again with this plancheck to compare with them", bytes.TrimSpace(v.data), report.Version)
		}
	} else if v, ok := top["baseline_version"]; ok {
		if n, ok := version(v); !ok || n != BaselineVersion {
			return nil, r.fail(v.at, "baseline format version %s: plancheck reads baseline files of version %d; write the baseline again with this plancheck (lint --write-baseline)", bytes.TrimSpace(v.data), BaselineVersion)
		}
		kind, schemaDoc = KindBaseline, BaselineSchema
	} else {
		return nil, r.fail(0, "neither a plancheck JSON report (it has no report_version) nor a baseline file (no baseline_version)")
	}
	r.hint = "plancheck schema --report prints the report's JSON Schema"
	if kind == KindBaseline {
		r.hint = "plancheck schema --baseline prints the baseline file's JSON Schema"
	}
	whole, plan, err := compileSchemas(schemaDoc)
	if err != nil {
		return nil, err
	}
	// The object without its plans, then each plan, against the schema.
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
	if err := r.validate(whole, rest.Bytes(), func(loc []string) int64 {
		if len(loc) == 0 {
			return 0
		}
		v := top[loc[0]]
		return locate(v.data, v.at, loc[1:])
	}); err != nil {
		return nil, err
	}
	for i, p := range plans {
		if err := r.validate(plan, p.data, func(loc []string) int64 { return locate(p.data, p.at, loc) }, "plans", strconv.Itoa(i)); err != nil {
			return nil, err
		}
	}
	run := &Run{Name: r.name, Kind: kind}
	if kind == KindReport {
		return run, r.readReport(run, top, plans)
	}
	return run, r.readBaseline(run, top, plans)
}

// validate checks a value against a schema, and says the first problem
// at its place; prefix is the value's own place in the file, for the
// message.
func (r *reader) validate(s *jsonschema.Schema, data []byte, at func([]string) int64, prefix ...string) error {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return r.fail(at(nil), "not valid JSON: %v", err)
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
	return r.fail(at(leaf.InstanceLocation), "%s: %s (%s)", what, msg, r.hint)
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
	var b strings.Builder
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

// locate finds the offset of the value at a JSON pointer's tokens inside
// a raw value that starts at offset base, or the nearest value on the
// way that holds it.
func locate(data []byte, base int64, tokens []string) int64 {
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
	return base + at
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

func (r *reader) readReport(run *Run, top map[string]rawValue, plans []rawValue) error {
	var head struct {
		CatalogueVersion int                `json:"catalogue_version"`
		Tool             report.Tool        `json:"tool"`
		Today            string             `json:"today"`
		Errors           []report.FileError `json:"errors"`
	}
	for key, dst := range map[string]any{"catalogue_version": &head.CatalogueVersion, "tool": &head.Tool, "today": &head.Today, "errors": &head.Errors} {
		if err := json.Unmarshal(top[key].data, dst); err != nil {
			return r.syntax(err, top[key].at)
		}
	}
	run.CatalogueVersion, run.Tool, run.Today, run.Errors = head.CatalogueVersion, head.Tool, head.Today, head.Errors
	rules := map[string]bool{}
	for _, raw := range plans {
		var p report.Plan
		if err := json.Unmarshal(raw.data, &p); err != nil {
			return r.syntax(err, raw.at)
		}
		for i := range p.Results {
			res := &p.Results[i]
			rules[res.ID] = true
			res.Remediation, res.Source, res.Baseline = "", check.ReportSource{}, ""
			if res.Status != check.Missed {
				res.Findings = nil
			}
		}
		p.Baseline = nil
		run.Plans = append(run.Plans, p)
	}
	for id := range rules {
		run.Rules = append(run.Rules, id)
	}
	sort.Strings(run.Rules)
	return r.sortPlans(run, plans)
}

func (r *reader) readBaseline(run *Run, top map[string]rawValue, plans []rawValue) error {
	var head struct {
		CatalogueVersion int         `json:"catalogue_version"`
		Tool             report.Tool `json:"tool"`
		Rules            []string    `json:"rules"`
	}
	for key, dst := range map[string]any{"catalogue_version": &head.CatalogueVersion, "tool": &head.Tool, "rules": &head.Rules} {
		if err := json.Unmarshal(top[key].data, dst); err != nil {
			return r.syntax(err, top[key].at)
		}
	}
	run.CatalogueVersion, run.Tool, run.Rules = head.CatalogueVersion, head.Tool, head.Rules
	sort.Strings(run.Rules)
	for _, raw := range plans {
		var e Entry
		if err := json.Unmarshal(raw.data, &e); err != nil {
			return r.syntax(err, raw.at)
		}
		run.Plans = append(run.Plans, e.plan())
	}
	return r.sortPlans(run, plans)
}

// sortPlans orders the plans by file, and refuses a file named twice:
// a run checks each file once.
func (r *reader) sortPlans(run *Run, raw []rawValue) error {
	at := map[string]int64{}
	for i, p := range run.Plans {
		if _, dup := at[p.File]; dup {
			return r.fail(raw[i].at, "plans[%d]: the plan %s is listed twice", i, p.File)
		}
		at[p.File] = raw[i].at
	}
	sort.Slice(run.Plans, func(i, j int) bool { return run.Plans[i].File < run.Plans[j].File })
	return nil
}
