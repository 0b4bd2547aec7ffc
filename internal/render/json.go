package render

import (
	"bytes"
	"encoding/json"
	"io"

	"github.com/plancheck/plancheck/internal/report"
)

// jsonWriter writes report format version 2 with the spec's key order:
// the summary comes before the plans, so plans are encoded as they arrive
// and spooled, encoded, until the end.
type jsonWriter struct {
	w     io.Writer
	h     Header
	plans spool
	buf   []byte
	n     int
}

func newJSONWriter(w io.Writer, h Header) *jsonWriter {
	return &jsonWriter{w: w, h: h, plans: spool{limit: spoolLimit}}
}

func (j *jsonWriter) Plan(p *report.Plan) error {
	data, err := json.Marshal(p)
	if err != nil {
		return err
	}
	j.buf = j.buf[:0]
	if j.n > 0 {
		j.buf = append(j.buf, ",\n"...)
	}
	j.buf = append(j.buf, "    "...)
	// A plan's own keys and each result go on a line of their own: diffs
	// read per recommendation, and the report stays a third of the size
	// that indenting every level would make it.
	j.buf = appendIndented(j.buf, data, "    ", 2)
	j.n++
	_, err = j.plans.Write(j.buf)
	return err
}

func (j *jsonWriter) Close() error { return j.plans.Close() }

func (j *jsonWriter) End(t report.Tail) error {
	var b bytes.Buffer
	field := func(name string, v any, last bool) error {
		data, err := json.MarshalIndent(v, "  ", "  ")
		if err != nil {
			return err
		}
		b.WriteString("  \"" + name + "\": ")
		b.Write(data)
		if !last {
			b.WriteString(",")
		}
		b.WriteString("\n")
		return nil
	}
	b.WriteString("{\n")
	if err := field("report_version", report.Version, false); err != nil {
		return err
	}
	if err := field("tool", j.h.Tool, false); err != nil {
		return err
	}
	if err := field("catalogue_version", j.h.Catalogue.Version, false); err != nil {
		return err
	}
	if err := field("today", j.h.Today, false); err != nil {
		return err
	}
	sel := j.h.Selection
	if sel.Only == nil {
		sel.Only = []string{}
	}
	if sel.Skip == nil {
		sel.Skip = []string{}
	}
	if sel.Source == "" {
		sel.Source = "none"
	}
	if err := field("selection", sel, false); err != nil {
		return err
	}
	if t.Baseline != nil {
		if err := field("baseline", t.Baseline, false); err != nil {
			return err
		}
	}
	if err := field("summary", t.Summary, false); err != nil {
		return err
	}
	// The portfolio comes before the plans, so that a dashboard reads it
	// without reading them; a run of one plan has none, and its report
	// is as it was before portfolios.
	if t.Portfolio.Shown() {
		if err := field("portfolio", t.Portfolio.Report(), false); err != nil {
			return err
		}
	}
	if j.n == 0 {
		b.WriteString("  \"plans\": [],\n")
	} else {
		b.WriteString("  \"plans\": [\n")
		if _, err := j.w.Write(b.Bytes()); err != nil {
			return err
		}
		b.Reset()
		if err := j.plans.copyTo(j.w); err != nil {
			return err
		}
		b.WriteString("\n  ],\n")
	}
	skipped, errs := t.SkippedFiles, t.Errors
	if skipped == nil {
		skipped = []report.SkippedFile{}
	}
	if err := field("skipped_files", skipped, false); err != nil {
		return err
	}
	if errs == nil {
		errs = []report.FileError{}
	}
	if err := field("errors", errs, true); err != nil {
		return err
	}
	b.WriteString("}\n")
	if _, err := j.w.Write(b.Bytes()); err != nil {
		return err
	}
	return j.plans.Close()
}
