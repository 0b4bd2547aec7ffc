package render

import (
	"bytes"
	"encoding/json"
	"io"

	"github.com/plancheck/plancheck/internal/report"
)

// jsonWriter writes report format version 1 with the spec's key order:
// the summary comes before the plans, so plans are encoded as they arrive
// and held, encoded, until the end.
type jsonWriter struct {
	w     io.Writer
	h     Header
	plans bytes.Buffer
	n     int
}

func newJSONWriter(w io.Writer, h Header) *jsonWriter { return &jsonWriter{w: w, h: h} }

func (j *jsonWriter) Plan(p *report.Plan) error {
	data, err := json.MarshalIndent(p, "    ", "  ")
	if err != nil {
		return err
	}
	if j.n > 0 {
		j.plans.WriteString(",\n")
	}
	j.plans.WriteString("    ")
	j.plans.Write(data)
	j.n++
	return nil
}

func (j *jsonWriter) End(errs []report.FileError, s report.Summary) error {
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
	if err := field("catalogue_version", j.h.CatalogueVersion, false); err != nil {
		return err
	}
	if err := field("today", j.h.Today, false); err != nil {
		return err
	}
	if err := field("summary", s, false); err != nil {
		return err
	}
	if j.n == 0 {
		b.WriteString("  \"plans\": [],\n")
	} else {
		b.WriteString("  \"plans\": [\n")
		b.Write(j.plans.Bytes())
		b.WriteString("\n  ],\n")
	}
	if errs == nil {
		errs = []report.FileError{}
	}
	if err := field("errors", errs, true); err != nil {
		return err
	}
	b.WriteString("}\n")
	_, err := j.w.Write(b.Bytes())
	return err
}
