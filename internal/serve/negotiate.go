package serve

import (
	"mime"
	"sort"
	"strconv"
	"strings"

	"github.com/plancheck/plancheck/internal/plan"
	"github.com/plancheck/plancheck/internal/render"
)

// syntaxOf reads a request body's media type as a plan syntax. A body
// without a type, or of a type that says nothing (text/plain,
// application/octet-stream), is read as YAML, as standard input is; known
// is false for a type that is not a plan's at all (a form, an image).
func syntaxOf(contentType string) (syntax plan.Syntax, known bool) {
	if strings.TrimSpace(contentType) == "" {
		return plan.YAML, true
	}
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return "", false
	}
	switch mt {
	case "application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml":
		return plan.YAML, true
	case "application/json", "text/json":
		return plan.JSON, true
	case "application/toml", "text/toml", "text/x-toml", "application/x-toml":
		return plan.TOML, true
	case "text/plain", "application/octet-stream":
		return plan.YAML, true
	}
	if strings.HasSuffix(mt, "+json") {
		return plan.JSON, true
	}
	if strings.HasSuffix(mt, "+yaml") {
		return plan.YAML, true
	}
	return "", false
}

// planTypes lists the media types a plan may be sent as, for errors.
const planTypes = "application/yaml, application/json or application/toml (or text/plain, read as YAML)"

// contentTypes are the media types of the report formats.
var contentTypes = map[render.Format]string{
	render.JSON:     "application/json",
	render.SARIF:    "application/sarif+json",
	render.JUnit:    "application/xml; charset=utf-8",
	render.Markdown: "text/markdown; charset=utf-8",
	render.HTML:     "text/html; charset=utf-8",
	render.Text:     "text/plain; charset=utf-8",
	render.GitHub:   "text/plain; charset=utf-8",
}

// accepted maps the media types an Accept header may name to the report
// format each asks for. text/plain is the text report; the GitHub format
// is asked for only by name (?report=github).
var accepted = map[string]render.Format{
	"application/json":       render.JSON,
	"application/sarif+json": render.SARIF,
	"application/sarif":      render.SARIF,
	"application/xml":        render.JUnit,
	"text/xml":               render.JUnit,
	"application/junit+xml":  render.JUnit,
	"text/markdown":          render.Markdown,
	"text/x-markdown":        render.Markdown,
	"text/html":              render.HTML,
	"text/plain":             render.Text,
	"text/*":                 render.Text,
	"application/*":          render.JSON,
	"*/*":                    render.JSON,
}

// negotiate picks the report format an Accept header prefers: the
// acceptable type of the highest quality that plancheck writes, the
// first named among equals; JSON when the header is absent. ok is false
// when the header names only types plancheck does not write.
func negotiate(accept string) (render.Format, bool) {
	if strings.TrimSpace(accept) == "" {
		return render.JSON, true
	}
	type choice struct {
		f     render.Format
		q     float64
		exact bool
		i     int
	}
	var choices []choice
	for i, part := range strings.Split(accept, ",") {
		mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		q := 1.0
		if v, ok := params["q"]; ok {
			if q, err = strconv.ParseFloat(v, 64); err != nil || q < 0 || q > 1 {
				continue
			}
		}
		if f, ok := accepted[mt]; ok && q > 0 {
			choices = append(choices, choice{f: f, q: q, exact: !strings.HasSuffix(mt, "/*"), i: i})
		}
	}
	if len(choices) == 0 {
		return "", false
	}
	// A type named outright wins over a wildcard of the same quality, as
	// RFC 9110 ranks specific ranges above general ones.
	sort.SliceStable(choices, func(a, b int) bool {
		ca, cb := choices[a], choices[b]
		if ca.q != cb.q {
			return ca.q > cb.q
		}
		if ca.exact != cb.exact {
			return ca.exact
		}
		return ca.i < cb.i
	})
	return choices[0].f, true
}

// reportTypes lists what the Accept header may ask for, for errors.
const reportTypes = "application/json, application/sarif+json, application/xml (JUnit), text/markdown, text/html or text/plain"
