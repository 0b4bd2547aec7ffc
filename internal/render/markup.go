package render

import (
	"html/template"
	"strings"

	"github.com/plancheck/plancheck/internal/safetext"
)

// plancheck's own text (a remediation, a finding's message) marks code the
// way Markdown does: `plancheck schema`, `legacy: {systems: []}`. A
// finding's message also carries values from the plan, and the plan
// format's messages put the plan's keys between backticks themselves, so
// the humans' formats cannot tell plancheck's backticks from the plan's.
// The rule that keeps them safe: a pair of backticks becomes code, and
// everything, code or not, is escaped by the format as plan text is. The
// writer, not the text, writes the code's delimiters, so that the most a
// plan's backticks can do is set some of its own words as code: they can
// open no link, tag, mention or table cell, and hide no text.

// span is a run of text, or of code when it stood between backticks.
type span struct {
	text string
	code bool
}

// spans splits text at its pairs of backticks. A backtick without a
// partner, and an empty pair, stay as text: there is no code to show.
func spans(s string) []span {
	var out []span
	text := func(t string) {
		if t == "" {
			return
		}
		if n := len(out); n > 0 && !out[n-1].code {
			out[n-1].text += t
			return
		}
		out = append(out, span{text: t})
	}
	for s != "" {
		open := strings.IndexByte(s, '`')
		if open < 0 {
			text(s)
			break
		}
		end := strings.IndexByte(s[open+1:], '`')
		if end < 0 {
			text(s)
			break
		}
		end += open + 1
		text(s[:open])
		if end == open+1 {
			text("``")
		} else {
			out = append(out, span{text: s[open+1 : end], code: true})
		}
		s = s[end+1:]
	}
	return out
}

// markupHTML renders text with code spans as HTML, every character of it
// escaped.
func markupHTML(s string) template.HTML {
	var b strings.Builder
	for _, sp := range spans(s) {
		if sp.code {
			b.WriteString("<code>" + template.HTMLEscapeString(sp.text) + "</code>")
		} else {
			b.WriteString(template.HTMLEscapeString(sp.text))
		}
	}
	// Every character came through HTMLEscapeString: only the <code>
	// tags written here are markup.
	return template.HTML(b.String())
}

// markupMarkdown renders text with code spans as Markdown. Text is escaped
// as md escapes plan text. A code span's text is shown as it is by
// Markdown, links, mentions and tags included, and holds no backtick to
// end it early; in a table cell a pipe would still end the cell, so there
// it is escaped, which GitHub's tables allow inside code.
func markupMarkdown(s string, cell bool) string {
	var b strings.Builder
	for _, sp := range spans(s) {
		if !sp.code {
			b.WriteString(md(sp.text))
			continue
		}
		c := safetext.Clean(sp.text)
		if cell {
			c = strings.ReplaceAll(c, "|", `\|`)
		}
		// A code span's first and last spaces are dropped by Markdown when
		// both are there; one more on each side keeps the text as it is.
		if strings.HasPrefix(c, " ") && strings.HasSuffix(c, " ") && strings.Trim(c, " ") != "" {
			c = " " + c + " "
		}
		b.WriteString("`" + c + "`")
	}
	return b.String()
}
