// Package safetext decides which characters of untrusted text (a plan's
// values, a custom policy's METADATA, a file name) may reach a terminal, a
// CI log or a report as they are, and escapes the others.
package safetext

import (
	"fmt"
	"strings"
)

// Unsafe tells whether r must not be printed as it is: C0 and C1 control
// characters and DEL, which include the escape that starts a terminal
// control sequence.
func Unsafe(r rune) bool {
	return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0)
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

// Clean shows the unsafe characters of s escaped (\n, \t, \x1b), so that
// the text prints on one line and cannot drive a terminal.
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
		case Unsafe(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
