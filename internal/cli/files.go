package cli

import (
	"os"

	"golang.org/x/term"
)

func fileExists(p string) bool {
	info, err := os.Stat(p)
	return err == nil && !info.IsDir()
}

// isTerminal tells whether w is a terminal, for colour and the default
// format.
func isTerminal(w any) bool {
	if s, ok := w.(stdoutWriter); ok {
		w = s.w
	}
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
