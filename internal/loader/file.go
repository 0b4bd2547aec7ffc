package loader

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// ReadFile reads the regular file at path (a symbolic link to one is
// followed) when it holds at most limit bytes. Plans, custom policies and
// the settings file are all read through it, so that none can make a run
// hang or exhaust memory: a FIFO, a device or a socket is refused before
// it is read (opening a FIFO waits for a writer, and a device such as
// /dev/zero never ends), and so is a file over the limit. The error is an
// *Error naming path, without a line.
func ReadFile(path string, limit int64) ([]byte, error) {
	data, err := readRegular(path, limit)
	if err != nil {
		return nil, err
	}
	return data, nil
}

// readRegular is ReadFile, with its error's concrete type, so that a
// caller can say how to raise the limit.
func readRegular(path string, limit int64) ([]byte, *Error) {
	fail := func(msg string) *Error { return &Error{File: path, Message: msg} }
	info, err := os.Stat(path)
	if err != nil {
		return nil, fail(DescribeOSError(err))
	}
	if !info.Mode().IsRegular() {
		return nil, fail(notRegular(path, info.Mode()))
	}
	f, err := openRegular(path)
	if err != nil {
		return nil, fail(DescribeOSError(err))
	}
	// Read only: closing it cannot lose data.
	defer func() { _ = f.Close() }()
	// The path may have been replaced since it was looked at: what was
	// opened is what counts.
	info, err = f.Stat()
	if err != nil {
		return nil, fail(DescribeOSError(err))
	}
	if !info.Mode().IsRegular() {
		return nil, fail(notRegular(path, info.Mode()))
	}
	if err := blocking(f); err != nil {
		return nil, fail(fmt.Sprintf("cannot read: %v", err))
	}
	if info.Size() > limit {
		return nil, &Error{File: path, Message: tooLarge(info.Size(), limit), tooLarge: true}
	}
	data, readErr := readLimited(f, limit)
	if readErr != nil {
		e := fail(readErr.Error())
		e.tooLarge = errors.Is(readErr, errTooLarge)
		return nil, e
	}
	return data, nil
}

// notRegular says what a path is when it is not a regular file.
func notRegular(path string, mode fs.FileMode) string {
	what := "something other than a file"
	switch {
	case mode.IsDir():
		what = "a folder"
	case mode&fs.ModeNamedPipe != 0:
		what = "a FIFO (named pipe)"
	case mode&fs.ModeSocket != 0:
		what = "a socket"
	case mode&fs.ModeDevice != 0:
		what = "a device"
	}
	if link, err := os.Lstat(path); err == nil && link.Mode()&fs.ModeSymlink != 0 {
		return fmt.Sprintf("is a link to %s, not a regular file", what)
	}
	if mode.IsDir() {
		return "is a folder, not a file"
	}
	return fmt.Sprintf("is %s, not a regular file", what)
}

// errTooLarge marks a read that went past its limit.
var errTooLarge = errors.New("larger than the limit")

// readLimited reads at most limit bytes and fails past it, so that a file
// that grows, or standard input, cannot make us hold more than the limit.
func readLimited(r io.Reader, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read: %w", err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("file is %w of %s", errTooLarge, humanBytes(limit))
	}
	return data, nil
}
