// Package safetext decides which characters of untrusted text (a plan's
// values, a custom policy's METADATA, a file name) may reach a terminal, a
// CI log or a report as they are, and escapes the others.
package safetext

import (
	"fmt"
	"io"
	"strings"
)

// Unsafe tells whether r must not be printed as it is: C0 and C1 control
// characters and DEL, which include the escape that starts a terminal
// control sequence; and the invisible characters that reorder, join or
// break text (bidirectional overrides and isolates, zero-width spaces and
// joiners, the line and paragraph separators, the byte-order mark), with
// which a name can be made to read as something it is not.
func Unsafe(r rune) bool {
	switch {
	case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
		return true
	case r == 0x061c, // Arabic letter mark
		r >= 0x200b && r <= 0x200f, // zero-width space, joiners, marks
		r >= 0x2028 && r <= 0x202e, // line and paragraph separators, embeddings, overrides
		r >= 0x2060 && r <= 0x2069, // word joiner, invisible operators, isolates
		r == 0xfeff:                // zero-width no-break space, the byte-order mark
		return true
	}
	return false
}

// HasUnsafe tells whether s holds an unsafe character; with lines set,
// line feeds and tabs are allowed, for texts that may run over lines.
func HasUnsafe(s string, lines bool) bool {
	for _, r := range s {
		if Unsafe(r) && !(lines && (r == '\n' || r == '\t')) {
			return true
		}
	}
	return false
}

// Clean shows the unsafe characters of s escaped (\n, \t, \x1b, \u202e),
// so that the text prints on one line, as it is written, and cannot drive
// a terminal.
func Clean(s string) string {
	if !HasUnsafe(s, false) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case Unsafe(r) && r < 0x100:
			fmt.Fprintf(&b, `\x%02x`, r)
		case Unsafe(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// CILog guards a stream that may be read as a CI log: GitHub Actions takes
// a line that starts with "::" for a workflow command (::error,
// ::stop-commands), so a file or an organisation named like one could
// issue commands. A space is put before "::" at the start of a line, and
// before a lone ":" that ends a write at the start of a line, since the
// next write may bring the second one.
func CILog(w io.Writer) io.Writer { return &ciLog{w: w, atStart: true} }

type ciLog struct {
	w       io.Writer
	atStart bool
}

func (c *ciLog) Write(p []byte) (int, error) {
	guarded := make([]byte, 0, len(p)+4)
	for i, b := range p {
		if c.atStart && b == ':' && (i+1 == len(p) || p[i+1] == ':') {
			guarded = append(guarded, ' ')
		}
		guarded = append(guarded, b)
		c.atStart = b == '\n'
	}
	if _, err := c.w.Write(guarded); err != nil {
		return 0, err
	}
	return len(p), nil
}
