package engine

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/plancheck/plancheck/internal/catalogue"
	"github.com/plancheck/plancheck/internal/loader"
	"github.com/plancheck/plancheck/policies"
)

// Custom policies are a trust's own recommendations, in folders of Rego
// that follow the catalogue's METADATA contract. They are compiled with
// the built-in ones under the same restrictions, and they may not write
// into plancheck's own packages, so that they can add verdicts but never
// change one.

// forbidden lists, with why, the builtins no policy may call: a check must
// give the same verdict on every run and must not reach out of the
// process. Besides these, every builtin OPA marks as nondeterministic is
// left out (see Capabilities).
var forbidden = map[string]string{
	"http.send":              "it makes network requests",
	"opa.runtime":            "it reads the process's environment",
	"time.now_ns":            "it reads the clock; use input.today (lib.today)",
	"rand.intn":              "it is random",
	"uuid.rfc4122":           "it is random",
	"io.jwt.decode_verify":   "it checks a token's expiry against the clock",
	"io.jwt.encode_sign":     "its signatures are random for ECDSA keys",
	"io.jwt.encode_sign_raw": "its signatures are random for ECDSA keys",
	"json.match_schema":      "it may fetch a schema's references over the network",
	"json.verify_schema":     "it may fetch a schema's references over the network",
	"net.*":                  "it looks up or probes the network",
	"crypto.x509.parse_and_verify_certificates":              "it checks certificates' validity against the clock",
	"crypto.x509.parse_and_verify_certificates_with_options": "it checks certificates' validity against the clock",
}

func forbiddenReason(b *ast.Builtin) (string, bool) {
	if r, ok := forbidden[b.Name]; ok {
		return r, true
	}
	if strings.HasPrefix(b.Name, "net.") {
		return forbidden["net.*"], true
	}
	if b.Nondeterministic {
		return "it does not give the same result on every run", true
	}
	return "", false
}

// Capabilities are OPA's own, without the forbidden builtins: every policy
// is compiled with them, and so are the policies' tests.
func Capabilities() *ast.Capabilities {
	caps := ast.CapabilitiesForThisVersion()
	kept := caps.Builtins[:0]
	for _, b := range caps.Builtins {
		if _, bad := forbiddenReason(b); !bad {
			kept = append(kept, b)
		}
	}
	caps.Builtins = kept
	return caps
}

// builtinByName finds one of OPA's builtins, allowed or not.
func builtinByName(name string) (*ast.Builtin, bool) {
	b, ok := ast.BuiltinMap[name]
	return b, ok
}

var plancheckRoot = ast.MustParseRef("data.plancheck")

// loadCustom reads custom policy folders and refuses a package that would
// reach into plancheck's own: the library, the entrypoint, or a built-in
// recommendation. Every file read is recorded in src, by its name in
// messages.
func loadCustom(dirs []string, builtin map[string]*ast.Module, src *sources) (map[string]*ast.Module, error) {
	builtinIDs := map[string]bool{}
	for _, m := range builtin {
		if id, ok := ruleID(m.Package.Path); ok {
			builtinIDs[id] = true
		}
	}
	out := map[string]*ast.Module{}
	var problems []string
	for _, dir := range dirs {
		info, err := os.Stat(dir)
		if err != nil {
			return nil, fmt.Errorf("--policy: %w", err)
		}
		if !info.IsDir() {
			return nil, fmt.Errorf("--policy %s: not a folder of .rego files", dir)
		}
		prefix := filepath.ToSlash(filepath.Clean(dir))
		mods, err := policies.ParseAs(src.read(policyFolder{os.DirFS(dir), dir}, "custom:"+prefix+"/"), prefix, false)
		var parseErrs ast.Errors
		if errors.As(err, &parseErrs) {
			return nil, fmt.Errorf("--policy %s:\n%w", dir, compileErrors(parseErrs))
		}
		if err != nil {
			return nil, fmt.Errorf("--policy %s: %w", dir, err)
		}
		if len(mods) == 0 {
			return nil, fmt.Errorf("--policy %s: no .rego files", dir)
		}
		for name, m := range mods {
			if _, dup := out[name]; dup {
				continue
			}
			path := m.Package.Path
			at := fmt.Sprintf("%s:%d", name, m.Package.Location.Row)
			if path.HasPrefix(plancheckRoot) {
				id, ok := ruleID(path)
				switch {
				case !ok:
					problems = append(problems, fmt.Sprintf("%s: package %v is plancheck's own; a custom recommendation's package is plancheck.rules[\"<id>\"], and a helper's may be anything outside data.plancheck", at, path))
					continue
				case builtinIDs[id]:
					problems = append(problems, fmt.Sprintf("%s: %s is a built-in recommendation; a custom policy cannot change it (give yours an id of its own)", at, id))
					continue
				}
			}
			out[name] = m
		}
	}
	if len(problems) > 0 {
		sort.Strings(problems)
		return nil, errors.New(strings.Join(problems, "\n"))
	}
	return out, nil
}

// MaxPolicyFileSize bounds each custom .rego file: the built-in ones are
// a few kilobytes, and compiling a file of tens of megabytes takes
// minutes.
const MaxPolicyFileSize = 1 << 20

// policyFolder reads a custom policy folder's files as plan files are
// read: only regular files, each within MaxPolicyFileSize, so that a .rego
// file that is a FIFO or a link to /dev/zero is refused, not waited on or
// read without end.
type policyFolder struct {
	fs.FS
	dir string
}

// ReadFile is what fs.ReadFile calls.
func (p policyFolder) ReadFile(name string) ([]byte, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "read", Path: name, Err: fs.ErrInvalid}
	}
	return loader.ReadFile(filepath.Join(p.dir, filepath.FromSlash(name)), MaxPolicyFileSize)
}

// ruleID reads the id out of a package path under data.plancheck.rules,
// at any depth below it.
func ruleID(path ast.Ref) (string, bool) {
	if !path.HasPrefix(catalogue.Namespace) || len(path) <= len(catalogue.Namespace) {
		return "", false
	}
	id, ok := path[len(catalogue.Namespace)].Value.(ast.String)
	return string(id), ok
}

// Compile errors are shown to a policy's author one to a line: at most
// maxErrors of them, each cut at maxErrorLength characters, so that a
// policy built to provoke them (nesting thousands deep) cannot flood a
// terminal or a CI log.
const (
	maxErrors      = 20
	maxErrorLength = 300
)

// compileErrors rewrites the compiler's errors in a policy author's terms:
// a forbidden builtin is named with why it is refused.
func compileErrors(errs ast.Errors) error {
	var lines []string
	for _, e := range errs {
		msg := e.Message
		if name, ok := strings.CutPrefix(msg, "undefined function "); ok {
			if b, known := builtinByName(name); known {
				if why, bad := forbiddenReason(b); bad {
					msg = fmt.Sprintf("%s is not allowed in plancheck policies: %s", name, why)
				}
			}
		}
		where := ""
		if e.Location != nil {
			where = fmt.Sprintf("%s:%d:%d: ", e.Location.File, e.Location.Row, e.Location.Col)
		}
		lines = append(lines, shorten(where+strings.Join(strings.Fields(msg), " "), maxErrorLength))
	}
	sort.Strings(lines)
	if n := len(lines); n > maxErrors {
		lines = append(lines[:maxErrors], fmt.Sprintf("and %d more errors", n-maxErrors))
	}
	return errors.New(strings.Join(lines, "\n"))
}

// shorten cuts s to at most n characters, saying so.
func shorten(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
