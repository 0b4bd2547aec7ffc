package cli

import (
	"os"
	"path/filepath"

	"github.com/plancheck/plancheck/internal/lint"
)

// workTreeTop returns the top of the git work tree that holds dir: the
// nearest folder, dir or a parent, with a .git entry (a folder, or the
// file a linked work tree or a submodule has). It looks for the entry and
// does not run git, which a CI image may lack. "" when there is none.
func workTreeTop(dir string) string {
	for {
		if _, err := os.Lstat(filepath.Join(dir, ".git")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// sarifRoot places a report's file for SARIF (see render.Root): the top
// of the work tree the file is in, else the working folder, and the
// file's absolute path. Both come from the path and the working folder,
// not from where the command ran, so a run from a subfolder names every
// file as a run from the top does.
func (stdio IO) sarifRoot(file string) (root, abs string) {
	dir := filepath.Clean(stdio.Dir)
	if file == lint.StdinName {
		return dir, ""
	}
	abs = filepath.Clean(stdio.path(file))
	if top := workTreeTop(filepath.Dir(abs)); top != "" {
		return top, abs
	}
	return dir, abs
}
