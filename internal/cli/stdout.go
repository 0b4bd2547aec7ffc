package cli

import (
	"errors"
	"fmt"
	"io"
	"syscall"
)

// stdoutWriter is standard output as commands write to it: a write that
// fails because the reader has gone (head has read its lines) says so, to
// be told apart from a report file that cannot be written.
type stdoutWriter struct{ w io.Writer }

func (s stdoutWriter) Write(p []byte) (int, error) {
	n, err := s.w.Write(p)
	if err != nil && errors.Is(err, syscall.EPIPE) {
		err = &closedPipeError{err: err}
	}
	return n, err
}

// closedPipeError is a write to standard output after its reader went.
type closedPipeError struct{ err error }

func (e *closedPipeError) Error() string { return fmt.Sprintf("standard output was closed: %v", e.err) }
func (e *closedPipeError) Unwrap() error { return e.err }

// ExitPipeClosed is the exit code of a run whose standard output was
// closed by its reader, as shells report a process ended by SIGPIPE.
const ExitPipeClosed = 141
