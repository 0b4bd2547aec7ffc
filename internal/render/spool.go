package render

import (
	"bytes"
	"fmt"
	"io"
	"os"
)

// spool holds bytes written now and read back once at the end: in memory
// up to a limit, then in a temporary file, so that a report on 100,000
// plans costs disk, not memory.
type spool struct {
	limit int
	mem   bytes.Buffer
	file  *os.File
	// remove is set when the file could not be unlinked while open (as on
	// Windows) and must be removed on Close.
	remove bool
}

const spoolLimit = 4 << 20

func (s *spool) Write(p []byte) (int, error) {
	if s.file == nil && s.mem.Len()+len(p) > s.limit {
		f, err := os.CreateTemp("", "plancheck-*.spool")
		if err != nil {
			return 0, err
		}
		// Unlinked at once where the system allows, so that nothing is left
		// behind however the process ends.
		s.remove = os.Remove(f.Name()) != nil
		s.file = f
		if _, err := s.mem.WriteTo(f); err != nil {
			return 0, err
		}
		s.mem = bytes.Buffer{}
	}
	if s.file != nil {
		return s.file.Write(p)
	}
	return s.mem.Write(p)
}

// copyTo writes everything spooled to w.
func (s *spool) copyTo(w io.Writer) error {
	if s.file == nil {
		_, err := w.Write(s.mem.Bytes())
		return err
	}
	if _, err := s.file.Seek(0, io.SeekStart); err != nil {
		return err
	}
	_, err := io.Copy(w, s.file)
	return err
}

func (s *spool) Close() error {
	if s.file == nil {
		return nil
	}
	err := s.file.Close()
	if s.remove {
		if rmErr := os.Remove(s.file.Name()); rmErr != nil && err == nil {
			err = fmt.Errorf("removing the report's spool file: %w", rmErr)
		}
	}
	s.file = nil
	return err
}
