//go:build unix

package loader

import (
	"os"
	"syscall"
)

// openRegular opens a file for reading without waiting: a FIFO that took
// the place of a regular file would otherwise block the open until a
// writer came. The caller checks what was opened, then makes its reads
// blocking again with blocking.
func openRegular(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}

// blocking clears the O_NONBLOCK openRegular set, once f is known to be a
// regular file.
func blocking(f *os.File) error {
	raw, err := f.SyscallConn()
	if err != nil {
		return err
	}
	var setErr error
	if err := raw.Control(func(fd uintptr) { setErr = syscall.SetNonblock(int(fd), false) }); err != nil {
		return err
	}
	return setErr
}
