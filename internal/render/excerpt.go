package render

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/plancheck/plancheck/internal/safetext"
)

// An excerpt shows a finding beside the line of the plan it is about: the
// line's number, and its text with the part from the finding's column on
// marked. A long line (minified JSON) is cut to a window around the
// column, so that a report stays readable and small.
type htmlExcerpt struct {
	Line             int
	Lead, At, Follow string
}

// Around the column, an excerpt keeps this many characters before it and
// marks at most this many from it.
const (
	excerptBefore = 40
	excerptMarked = 160
)

// sourceLines are a plan's lines, as its positions count them: the loader
// counts lines on LF once CRLF and lone CRs are made LF.
type sourceLines [][]byte

func splitLines(data []byte) sourceLines {
	if data == nil {
		return nil
	}
	data = bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF})
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	data = bytes.ReplaceAll(data, []byte("\r"), []byte("\n"))
	return bytes.Split(data, []byte("\n"))
}

// excerpt is the line at line (1-based) with the text from column
// (1-based, in characters) marked; nil when the line is not there, holds
// nothing to show, or is the start of the file.
func (s sourceLines) excerpt(line, column int) *htmlExcerpt {
	// 1:1 is also where a finding about the plan as a whole is placed (a
	// section it lacks): the first line, often a comment, is not what it
	// is about.
	if line < 1 || line > len(s) || (line == 1 && column == 1) || !utf8.Valid(s[line-1]) {
		return nil
	}
	text := []rune(strings.TrimRight(strings.ReplaceAll(string(s[line-1]), "\t", " "), " "))
	if len(strings.TrimSpace(string(text))) == 0 {
		return nil
	}
	col := min(max(column, 1), len(text)+1) - 1
	from := max(col-excerptBefore, 0)
	to := min(col+excerptMarked, len(text))
	e := &htmlExcerpt{Line: line, Lead: string(text[from:col]), At: string(text[col:to])}
	if from > 0 {
		e.Lead = "…" + e.Lead
	}
	if to < len(text) {
		e.Follow = "…"
	}
	// A plan's text may hold control characters: they are shown escaped,
	// as everywhere else a report quotes a plan.
	e.Lead, e.At = safetext.Clean(e.Lead), safetext.Clean(e.At)
	return e
}
