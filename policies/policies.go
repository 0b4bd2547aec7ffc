// Package policies holds the rule catalogue as Rego: a folder per
// framework, in it a folder per rule with its tests, and the shared
// library and entrypoint under lib/. The files are embedded so that the
// binary carries its catalogue; the patterns take in any new framework's
// folder without a change here.
package policies

import (
	"embed"
	"io/fs"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
)

// FS holds every .rego file of the catalogue, tests included.
//
//go:embed */*.rego */*/*.rego
var FS embed.FS

// Vocabulary is vocabulary.yaml: the words the policies recognise in a
// plan's free text, which they read as data.plancheck.vocabulary.
//
//go:embed vocabulary.yaml
var Vocabulary []byte

// VocabularyFile is the name of a vocabulary file, in the catalogue and in
// a custom policy folder (where it adds words to the catalogue's lists).
const VocabularyFile = "vocabulary.yaml"

// Parse reads every .rego file of fsys as a Rego v1 module with its METADATA
// annotations, keyed by path. Test files (*_test.rego) are read only when
// tests is set: the engine never compiles them.
func Parse(fsys fs.FS, tests bool) (map[string]*ast.Module, error) {
	return ParseAs(fsys, "", tests)
}

// ParseAs is Parse with each file named prefix/path, as messages about a
// folder of custom policies should name it.
func ParseAs(fsys fs.FS, prefix string, tests bool) (map[string]*ast.Module, error) {
	sources, err := ReadAs(fsys, prefix, tests)
	if err != nil {
		return nil, err
	}
	modules := make(map[string]*ast.Module, len(sources))
	for name, src := range sources {
		m, err := ParseFile(name, src)
		if err != nil {
			return nil, err
		}
		modules[name] = m
	}
	return modules, nil
}

// ReadAs reads the source of every .rego file of fsys, keyed by
// prefix/path (path alone when prefix is ""), tests only when tests is
// set. The sources are kept so that a bundle carries the files as they
// were written, not as OPA would print them.
func ReadAs(fsys fs.FS, prefix string, tests bool) (map[string][]byte, error) {
	sources := map[string][]byte{}
	err := fs.WalkDir(fsys, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(path, ".rego") {
			return nil
		}
		if !tests && strings.HasSuffix(path, "_test.rego") {
			return nil
		}
		src, err := fs.ReadFile(fsys, path)
		if err != nil {
			return err
		}
		name := path
		if prefix != "" {
			name = prefix + "/" + path
		}
		sources[name] = src
		return nil
	})
	if err != nil {
		return nil, err
	}
	return sources, nil
}

// ParseFile reads one file as the catalogue's files are read: a Rego v1
// module with its METADATA annotations, named name in messages.
func ParseFile(name string, src []byte) (*ast.Module, error) {
	return ast.ParseModuleWithOpts(name, string(src), ast.ParserOptions{ProcessAnnotation: true, RegoVersion: ast.RegoV1})
}
