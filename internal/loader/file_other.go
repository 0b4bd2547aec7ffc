//go:build !unix

package loader

import "os"

// openRegular opens a file for reading; systems other than Unix have no
// FIFOs among their files to wait on.
func openRegular(path string) (*os.File, error) { return os.Open(path) }

func blocking(*os.File) error { return nil }
