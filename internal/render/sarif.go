package render

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/url"
	"path/filepath"
	"slices"
	"strings"

	"github.com/plancheck/plancheck/internal/check"
	"github.com/plancheck/plancheck/internal/report"
)

// SARIF 2.1.0, as GitHub code scanning and other static-analysis tools read
// it: one run, a rule per recommendation, a result per finding.

const sarifSchema = "https://json.schemastore.org/sarif-2.1.0.json"

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool        sarifTool         `json:"tool"`
	Invocations []sarifInvocation `json:"invocations"`
	ColumnKind  string            `json:"columnKind"`
	Properties  map[string]any    `json:"properties,omitempty"`
	// Results is a placeholder: the results are streamed from the spool
	// in its place, so that a large run is never held in memory.
	Results string `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name            string      `json:"name"`
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
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
}

type sarifSuppress struct {
	Kind          string `json:"kind"`
	Status        string `json:"status"`
	Justification string `json:"justification"`
}

type sarifWriter struct {
	w     io.Writer
	h     Header
	index map[string]int
	// unreadable is the rule that files that cannot be read are reported
	// under: the catalogue's format rule.
	unreadable string
	results    spool
	n          int
}

func newSARIFWriter(w io.Writer, h Header) *sarifWriter {
	// A file that cannot be read is a result of the format rule even when
	// the run does not report that rule, so its rule is always listed.
	s := &sarifWriter{w: w, h: h, results: spool{limit: spoolLimit}}
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

// level is a finding's SARIF level: an error when it misses a must
// recommendation, a warning when it misses a should one, a note for advice.
func level(f check.Finding, r *check.Result) string {
	switch {
	case f.Level == check.Advice:
		return "note"
	case r.Severity == check.Must:
		return "error"
	}
	return "warning"
}

func severityLevel(s check.Severity) string {
	if s == check.Must {
		return "error"
	}
	return "warning"
}

// artifactURI writes a report path as a URI reference: relative paths
// stay relative to the repository root, as code scanning expects.
func artifactURI(file string) string {
	if filepath.IsAbs(file) {
		return (&url.URL{Scheme: "file", Path: filepath.ToSlash(file)}).String()
	}
	return (&url.URL{Path: filepath.ToSlash(file)}).String()
}

// fingerprint identifies a finding across runs by what it is about, not
// by its line, so that moving a section does not make it a new alert.
func fingerprint(parts ...string) string {
	sum := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return hex.EncodeToString(sum[:16])
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
	for i := range p.Results {
		r := &p.Results[i]
		if r.Status == check.NotApplicable || r.Status == check.Skipped {
			continue
		}
		for _, f := range r.Findings {
			res := sarifResult{
				RuleID:    r.ID,
				RuleIndex: s.index[r.ID],
				Level:     level(f, r),
				Message:   sarifText{Text: f.Message},
				Locations: []sarifLocation{physical(p.File, f.Line, f.Column)},
				PartialFingerprints: map[string]string{
					"plancheckFinding/v1": fingerprint(r.ID, p.File, f.Path, string(f.Level), f.Message),
				},
				Properties: map[string]any{"path": f.Path, "status": r.Status},
			}
			if r.Status == check.Waived && r.Waiver != nil {
				res.Suppressions = []sarifSuppress{{
					Kind: "external", Status: "accepted",
					Justification: r.Waiver.Reason + " (approved by " + r.Waiver.ApprovedBy + ", until " + r.Waiver.Expires + ")",
				}}
			}
			if err := s.add(res); err != nil {
				return err
			}
		}
	}
	return nil
}

func physical(file string, line, col int) sarifLocation {
	loc := sarifLocation{PhysicalLocation: sarifPhysical{ArtifactLocation: sarifArtifact{URI: artifactURI(file)}}}
	if line > 0 {
		loc.PhysicalLocation.Region = &sarifRegion{StartLine: line, StartColumn: col}
	}
	return loc
}

func (s *sarifWriter) End(t report.Tail) error {
	errs, sum := t.Errors, t.Summary
	// A file that cannot be read is an error of the format rule, at its place.
	for _, e := range errs {
		res := sarifResult{
			RuleID:              s.unreadable,
			RuleIndex:           s.index[s.unreadable],
			Level:               "error",
			Message:             sarifText{Text: "the file could not be read: " + e.Message},
			Locations:           []sarifLocation{physical(e.File, e.Line, e.Column)},
			PartialFingerprints: map[string]string{"plancheckFinding/v1": fingerprint(s.unreadable, e.File, "", e.Message)},
		}
		if err := s.add(res); err != nil {
			return err
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
			DefaultConfiguration: sarifConfig{Level: severityLevel(e.Severity)},
			Properties: map[string]any{
				"framework": e.Framework,
				"severity":  e.Severity,
				"source":    map[string]string{"document": e.Source.Document, "section": e.Source.Section, "url": e.Source.URL},
				"tags":      []string{e.Framework, string(e.Severity)},
			},
		}
	}
	log := sarifLog{
		Schema:  sarifSchema,
		Version: "2.1.0",
		Runs: []sarifRun{{
			Tool: sarifTool{Driver: sarifDriver{
				Name: s.h.Tool.Name, Version: s.h.Tool.Version, SemanticVersion: s.h.Tool.Version,
				Rules: rules,
			}},
			Invocations: []sarifInvocation{{ExecutionSuccessful: sum.Unreadable == 0}},
			ColumnKind:  "unicodeCodePoints",
			Properties:  map[string]any{"summary": sum, "today": s.h.Today, "catalogueVersion": s.h.Catalogue.Version},
			Results:     resultsMark,
		}},
	}
	data, err := json.MarshalIndent(log, "", "  ")
	if err != nil {
		return err
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
