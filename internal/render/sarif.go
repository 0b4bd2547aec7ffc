package render

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/plancheck/plancheck/internal/check"
	"github.com/plancheck/plancheck/internal/report"
)

// SARIF 2.1.0, as GitHub code scanning and other static-analysis tools read
// it: one run, a rule per recommendation, a result per finding. What code
// scanning needs shapes it: files named relative to the repository's root
// (%SRCROOT%), regions with an end, a fingerprint in the one key GitHub
// reads (primaryLocationLineHash), and no waived results unless asked for,
// since GitHub shows suppressed results as open alerts.

const sarifSchema = "https://json.schemastore.org/sarif-2.1.0.json"

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool               sarifTool                `json:"tool"`
	AutomationDetails  sarifAutomation          `json:"automationDetails"`
	Invocations        []sarifInvocation        `json:"invocations"`
	OriginalURIBaseIDs map[string]sarifArtifact `json:"originalUriBaseIds,omitempty"`
	ColumnKind         string                   `json:"columnKind"`
	Properties         map[string]any           `json:"properties,omitempty"`
	// Results is a placeholder: the results are streamed from the spool
	// in its place, so that a large run is never held in memory.
	Results string `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifAutomation struct {
	ID string `json:"id"`
}

type sarifDriver struct {
	Name            string      `json:"name"`
	FullName        string      `json:"fullName"`
	Version         string      `json:"version"`
	SemanticVersion string      `json:"semanticVersion"`
	InformationURI  string      `json:"informationUri,omitempty"`
	Rules           []sarifRule `json:"rules"`
}

type sarifText struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifRule struct {
	ID                   string         `json:"id"`
	Name                 string         `json:"name"`
	ShortDescription     sarifText      `json:"shortDescription"`
	FullDescription      sarifText      `json:"fullDescription"`
	Help                 sarifText      `json:"help"`
	HelpURI              string         `json:"helpUri,omitempty"`
	DefaultConfiguration sarifConfig    `json:"defaultConfiguration"`
	Properties           map[string]any `json:"properties"`
}

type sarifConfig struct {
	Level string `json:"level"`
}

type sarifInvocation struct {
	ExecutionSuccessful bool `json:"executionSuccessful"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Suppressions        []sarifSuppress   `json:"suppressions,omitempty"`
	Properties          map[string]any    `json:"properties,omitempty"`
	// BaselineState is set on every result of a run compared with a
	// baseline (lint --baseline), and on none otherwise.
	BaselineState string `json:"baselineState,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
	EndLine     int `json:"endLine"`
	EndColumn   int `json:"endColumn,omitempty"`
}

type sarifSuppress struct {
	Kind          string `json:"kind"`
	Status        string `json:"status"`
	Justification string `json:"justification"`
}

type sarifWriter struct {
	w     io.Writer
	h     Header
	opts  Options
	index map[string]int
	// unreadable is the rule that files that cannot be read are reported
	// under: the catalogue's format rule.
	unreadable string
	// base is the folder %SRCROOT% stands for: the root of the first
	// file the report names (see artifact).
	base    string
	results spool
	n       int
}

// srcRoot is the base id that code scanning resolves against the
// repository's checkout.
const srcRoot = "%SRCROOT%"

func newSARIFWriter(w io.Writer, h Header, opts Options) *sarifWriter {
	// A file that cannot be read is a result of the format rule even when
	// the run does not report that rule, so its rule is always listed.
	s := &sarifWriter{w: w, h: h, opts: opts, results: spool{limit: spoolLimit}}
	if s.h.FailOn == "" {
		s.h.FailOn = report.FailOnMust
	}
	if format := h.Catalogue.OfKind(check.Format); len(format) > 0 {
		s.unreadable = format[0].ID
		if !slices.ContainsFunc(h.Rules, func(r check.Rule) bool { return r.ID == s.unreadable }) {
			s.h.Rules = append(append([]check.Rule{}, h.Rules...), format[0])
		}
	}
	s.index = make(map[string]int, len(s.h.Rules))
	for i, r := range s.h.Rules {
		s.index[r.ID] = i
	}
	return s
}

// missLevel is the SARIF level of a miss of a rule of severity sev: an
// error when such a miss fails the run (--fail-on), else a warning.
func (s *sarifWriter) missLevel(sev check.Severity) string {
	if s.h.FailOn.Fails(sev) {
		return "error"
	}
	return "warning"
}

// level is a finding's SARIF level: advice is a note, a miss as its
// rule's severity and the gate make it. With --fail-on-new, a miss that
// is not new does not fail the run, and is a warning, as GitHub's
// annotations and JUnit have it.
func (s *sarifWriter) level(f check.Finding, r *check.Result) string {
	if f.Level == check.Advice {
		return "note"
	}
	if b := s.h.Baseline; b != nil && b.FailOnNew && r.Status == check.Missed && !s.h.fails(r) {
		return "warning"
	}
	return s.missLevel(r.Severity)
}

// problemSeverity is what GitHub shows as a rule's severity: a must
// recommendation is an error, a should one a warning, whatever the gate.
func problemSeverity(s check.Severity) string {
	if s == check.Must {
		return "error"
	}
	return "warning"
}

// artifact names a report's file as a SARIF artifact, and gives the name
// its fingerprints are keyed on. A file under the run's root is a path
// relative to %SRCROOT%, the same from whichever folder plancheck ran; the
// run's root is the root of the first file the report names, and a file
// outside it (in another work tree) is an absolute file URI. Standard
// input is named as the report names it, relative to nothing.
func (s *sarifWriter) artifact(file string) (sarifArtifact, string) {
	if s.opts.Root == nil {
		if filepath.IsAbs(file) {
			return sarifArtifact{URI: fileURI(file)}, filepath.ToSlash(file)
		}
		return sarifArtifact{URI: relativeURI(file), URIBaseID: srcRoot}, filepath.ToSlash(file)
	}
	root, abs := s.opts.Root(file)
	if abs == "" {
		return sarifArtifact{URI: relativeURI(file)}, file
	}
	if s.base == "" {
		s.base = root
	}
	rel, err := filepath.Rel(s.base, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		return sarifArtifact{URI: fileURI(abs)}, filepath.ToSlash(abs)
	}
	rel = filepath.ToSlash(rel)
	return sarifArtifact{URI: relativeURI(rel), URIBaseID: srcRoot}, rel
}

// relativeURI writes a relative path as a URI reference. A colon is
// escaped too, so that no first segment reads as a scheme.
func relativeURI(p string) string {
	parts := strings.Split(filepath.ToSlash(p), "/")
	for i, part := range parts {
		parts[i] = strings.ReplaceAll(url.PathEscape(part), ":", "%3A")
	}
	return strings.Join(parts, "/")
}

// fileURI writes an absolute path as a file URI: file:///home/x/plan.yaml,
// or file:///C:/x/plan.yaml.
func fileURI(p string) string {
	p = filepath.ToSlash(p)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	parts := strings.Split(p, "/")
	for i, part := range parts {
		parts[i] = url.PathEscape(part)
	}
	return "file://" + strings.Join(parts, "/")
}

// fingerprint identifies a finding across runs by what it is about: the
// file (relative to the repository's root), the rule, the finding's path
// and its level, and not its line or its words, so that moving a section
// or rewording a message keeps the alert. Findings alike in all four (two
// messages about one key) are told apart by their order among
// themselves, which follows their messages: the first is ":1", the
// next ":2", as GitHub numbers its own fingerprints.
func fingerprint(parts ...string) string {
	sum := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return hex.EncodeToString(sum[:16])
}

// occurrences numbers fingerprints that are alike.
type occurrences map[string]int

func (o occurrences) next(fp string) string {
	o[fp]++
	return fp + ":" + strconv.Itoa(o[fp])
}

// fingerprints carries a result's fingerprint in the key code scanning
// reads.
func fingerprints(fp string) map[string]string {
	return map[string]string{"primaryLocationLineHash": fp}
}

// region is a result's place: start and end, or none for a finding
// without a place. An end the finding does not know is one character.
func region(line, col, endLine, endCol int) *sarifRegion {
	if line < 1 {
		return nil
	}
	r := &sarifRegion{StartLine: line, EndLine: line}
	if col < 1 {
		return r // the whole line
	}
	r.StartColumn, r.EndColumn = col, col+1
	if endLine > line || endLine == line && endCol > col {
		r.EndLine, r.EndColumn = endLine, endCol
	}
	return r
}

// add spools one result, on a line of its own.
func (s *sarifWriter) add(res sarifResult) error {
	data, err := json.Marshal(res)
	if err != nil {
		return err
	}
	line := make([]byte, 0, len(data)+12)
	if s.n > 0 {
		line = append(line, ",\n"...)
	}
	line = append(line, "          "...)
	line = append(line, data...)
	s.n++
	_, err = s.results.Write(line)
	return err
}

func (s *sarifWriter) Plan(p *report.Plan) error {
	// The file is named once it has a result, so that the run's root is
	// that of a file the report points at.
	var art sarifArtifact
	var name string
	named := false
	for i := range p.Results {
		r := &p.Results[i]
		switch {
		case r.Status == check.NotApplicable || r.Status == check.Skipped || len(r.Findings) == 0:
			continue
		case r.Status == check.Waived && !s.opts.SARIFWaived:
			continue
		}
		if !named {
			art, name = s.artifact(p.File)
			named = true
		}
		seen := occurrences{}
		for _, f := range r.Findings {
			res := sarifResult{
				RuleID:              r.ID,
				RuleIndex:           s.index[r.ID],
				Level:               s.level(f, r),
				Message:             sarifText{Text: f.Message},
				Locations:           []sarifLocation{sarifAt(art, region(f.Line, f.Column, f.EndLine, f.EndColumn))},
				PartialFingerprints: fingerprints(seen.next(fingerprint(name, r.ID, f.Path, string(f.Level)))),
				Properties:          map[string]any{"path": f.Path, "status": r.Status},
			}
			res.BaselineState = s.baselineState(r.Baseline)
			if r.Status == check.Waived && r.Waiver != nil {
				res.Suppressions = []sarifSuppress{{
					Kind: "external", Status: "accepted",
					Justification: r.Waiver.Reason + " (approved by " + r.Waiver.ApprovedBy + ", until " + r.Waiver.Expires + ")",
				}}
			}
			if err := s.add(res); err != nil {
				return fmt.Errorf("sarif: %w", err)
			}
		}
	}
	return nil
}

// baselineState is SARIF's word for a result's mark: a new miss is new;
// a persisting one, or advice on a result that was not missed either
// time, is unchanged; the findings a fixed result still has (advice, or
// a waived miss with --sarif-waived) are updated, since the result was
// reported missed in the baseline and is reported otherwise now. SARIF's
// absent (in the baseline, gone now) is not written: GitHub code scanning
// would show such a result as an open alert.
func (s *sarifWriter) baselineState(m check.Mark) string {
	if s.h.Baseline == nil {
		return ""
	}
	switch m {
	case check.MarkNew:
		return "new"
	case check.MarkFixed:
		return "updated"
	}
	return "unchanged"
}

func sarifAt(a sarifArtifact, r *sarifRegion) sarifLocation {
	return sarifLocation{PhysicalLocation: sarifPhysical{ArtifactLocation: a, Region: r}}
}

// unreadableKind stands in for a finding's level in the fingerprint of
// an unreadable file: one alert per file, whatever the error says.
const unreadableKind = "unreadable"

func (s *sarifWriter) End(t report.Tail) error {
	errs, sum := t.Errors, t.Summary
	// A file that cannot be read is an error of the format rule, at its place.
	seen := occurrences{}
	for _, e := range errs {
		art, name := s.artifact(e.File)
		line := e.Line
		if line < 1 {
			// A file that could not be read at all (not found, too
			// large, too slow to check) has no place in it; code
			// scanning rejects a result without a region, so it points
			// at the file's first line.
			line = 1
		}
		res := sarifResult{
			RuleID:              s.unreadable,
			RuleIndex:           s.index[s.unreadable],
			Level:               "error",
			Message:             sarifText{Text: "the file could not be read: " + e.Message},
			Locations:           []sarifLocation{sarifAt(art, region(line, e.Column, 0, 0))},
			PartialFingerprints: fingerprints(seen.next(fingerprint(name, s.unreadable, "", unreadableKind))),
			// A baseline does not record which files could not be read:
			// one that cannot be read now is taken to be new.
			BaselineState: s.baselineState(check.MarkNew),
		}
		if err := s.add(res); err != nil {
			return fmt.Errorf("sarif: %w", err)
		}
	}
	rules := make([]sarifRule, len(s.h.Rules))
	for i, e := range s.h.Rules {
		rules[i] = sarifRule{
			ID:               e.ID,
			Name:             ruleName(e.ID),
			ShortDescription: sarifText{Text: e.Title},
			FullDescription:  sarifText{Text: e.Summary},
			Help: sarifText{
				Text:     e.Remediation + "\n\nSource: " + sourceLine(e.Source),
				Markdown: e.Remediation + "\n\n**Source:** " + sourceLine(e.Source),
			},
			HelpURI:              absoluteURL(e.Source.URL),
			DefaultConfiguration: sarifConfig{Level: s.missLevel(e.Severity)},
			Properties: map[string]any{
				"framework": e.Framework,
				"severity":  e.Severity,
				"source":    map[string]string{"document": e.Source.Document, "section": e.Source.Section, "url": e.Source.URL},
				"tags":      []string{e.Framework, string(e.Severity)},
				// Every check is deterministic: Rego without the clock,
				// the network or randomness, on the plan's own text.
				"precision":        "very-high",
				"problem.severity": problemSeverity(e.Severity),
			},
		}
	}
	props := map[string]any{"summary": sum, "today": s.h.Today, "catalogueVersion": s.h.Catalogue.Version}
	if t.Portfolio.Shown() {
		// The JSON report's portfolio object, in the run's property bag.
		props["portfolio"] = t.Portfolio.Report()
	}
	var bases map[string]sarifArtifact
	if s.base != "" {
		bases = map[string]sarifArtifact{srcRoot: {URI: strings.TrimSuffix(fileURI(s.base), "/") + "/"}}
	}
	log := sarifLog{
		Schema:  sarifSchema,
		Version: "2.1.0",
		Runs: []sarifRun{{
			Tool: sarifTool{Driver: sarifDriver{
				Name:     s.h.Tool.Name,
				FullName: s.h.Tool.Name + " " + s.h.Tool.Version + ", NHS digital transformation plan checks",
				Version:  s.h.Tool.Version, SemanticVersion: s.h.Tool.Version,
				Rules: rules,
			}},
			// The category code scanning files the run's alerts under.
			AutomationDetails:  sarifAutomation{ID: "plancheck/"},
			Invocations:        []sarifInvocation{{ExecutionSuccessful: sum.Unreadable == 0}},
			OriginalURIBaseIDs: bases,
			ColumnKind:         "unicodeCodePoints",
			Properties:         props,
			Results:            resultsMark,
		}},
	}
	data, err := json.MarshalIndent(log, "", "  ")
	if err != nil {
		return fmt.Errorf("sarif: %w", err)
	}
	head, tail, ok := strings.Cut(string(data), `"`+resultsMark+`"`)
	if !ok {
		return errors.New("sarif: results placeholder lost")
	}
	if _, err := io.WriteString(s.w, head+"[\n"); err != nil {
		return err
	}
	if err := s.results.copyTo(s.w); err != nil {
		return err
	}
	if _, err := io.WriteString(s.w, "\n        ]"+tail+"\n"); err != nil {
		return err
	}
	return s.results.Close()
}

const resultsMark = "__plancheck_results__"

func (s *sarifWriter) Close() error { return s.results.Close() }

// ruleName turns an id into the PascalCase name SARIF suggests.
func ruleName(id string) string {
	var b strings.Builder
	for _, part := range strings.Split(id, "-") {
		if part != "" {
			b.WriteString(strings.ToUpper(part[:1]) + part[1:])
		}
	}
	return b.String()
}

func sourceLine(s check.Source) string {
	parts := []string{s.Document}
	if s.Section != "" {
		parts = append(parts, s.Section)
	}
	if s.URL != "" {
		parts = append(parts, s.URL)
	}
	return strings.Join(parts, ", ")
}

// absoluteURL keeps only absolute http(s) addresses: helpUri must be one.
func absoluteURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") {
		return ""
	}
	return s
}
