// Package bundle writes the catalogue as an OPA bundle, which a stock OPA
// server loads as it is, and reads such a bundle back for lint --bundle.
// Beside the engine and the catalogue reader, it is the one package that
// knows OPA.
//
// A bundle holds the policies an engine compiled (the catalogue's, without
// their tests, and any custom packs), data.plancheck as the engine's store
// holds it (the vocabularies as written and their index) with the plan
// format's JSON Schema, and one more package, plancheck.server: the
// decision an OPA server makes for a plan posted as written (see
// server.rego). Its manifest claims plancheck's namespace and names the
// catalogue version and a digest of the contents in its revision; it may
// be signed in OPA's own format (.signatures.json).
package bundle

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
	opabundle "github.com/open-policy-agent/opa/v1/bundle"
	"github.com/open-policy-agent/opa/v1/storage"

	"github.com/plancheck/plancheck/internal/engine"
	"github.com/plancheck/plancheck/internal/planschema"
)

// Entrypoint is the decision an OPA server makes for a plan posted as
// written: POST /v1/data/plancheck/server/report.
const Entrypoint = "plancheck/server/report"

// Root is the namespace the catalogue claims on an OPA server: its
// packages and its data are all under data.plancheck.
const Root = "plancheck"

// serverFile is where the bundle keeps server.rego; custom packs go under
// customFolder, a folder each.
const (
	serverFile   = "server/server.rego"
	customFolder = "custom"
)

// server is the package of the decision an OPA server makes. plancheck's
// own engine never compiles it (see Read).
var server = ast.MustParseRef("data.plancheck.server")

var plancheckRef = ast.MustParseRef("data.plancheck")

//go:embed server.rego
var serverRego []byte

// Algorithms are the signing algorithms plancheck writes and verifies:
// RSA and ECDSA (P-256) with SHA-256, which every OPA release verifies.
var Algorithms = []string{"RS256", "ES256"}

// Signing says how to sign a bundle.
type Signing struct {
	// Key is the private key, PEM encoded: RSA for RS256, ECDSA P-256 for
	// ES256.
	Key []byte
	// Alg is RS256 or ES256.
	Alg string
	// KeyID names the key in the signature, for an OPA server's keys
	// configuration; "" is DefaultKeyID.
	KeyID string
}

// DefaultKeyID is the key id a signature names unless told otherwise.
const DefaultKeyID = "plancheck"

// Options say what goes into a bundle besides the engine's policies.
type Options struct {
	// Version is plancheck's version, named in the manifest.
	Version string
	// Signing, when set, signs the bundle.
	Signing *Signing
}

// Info describes a bundle written.
type Info struct {
	Revision string
	Roots    []string
	// Files counts the Rego files.
	Files  int
	Signed bool
}

// file is one file of the bundle, at its path inside it.
type file struct {
	path string
	src  []byte
}

// Build writes eng's policies as a bundle to w.
func Build(w io.Writer, eng *engine.Engine, opts Options) (Info, error) {
	src := eng.Source()
	files, err := layout(src.Files)
	if err != nil {
		return Info{}, err
	}
	modules := make([]opabundle.ModuleFile, len(files))
	parsed := make([]*ast.Module, len(files))
	for i, f := range files {
		m, err := ast.ParseModuleWithOpts(f.path, string(f.src), ast.ParserOptions{RegoVersion: ast.RegoV1})
		if err != nil {
			return Info{}, fmt.Errorf("reading %s: %w", f.path, err)
		}
		parsed[i] = m
		modules[i] = opabundle.ModuleFile{URL: f.path, Path: f.path, RelativePath: f.path, Raw: f.src, Parsed: m}
	}
	roots, err := rootsOf(parsed)
	if err != nil {
		return Info{}, err
	}
	data, err := bundleData(eng.Data())
	if err != nil {
		return Info{}, err
	}
	digest, err := contentDigest(files, data)
	if err != nil {
		return Info{}, err
	}
	version := eng.Catalogue().Version
	manifest := opabundle.Manifest{
		Revision: revision(version, digest),
		Roots:    &roots,
		Metadata: map[string]any{"plancheck": map[string]any{
			"version":           opts.Version,
			"catalogue_version": version,
			"entrypoint":        Entrypoint,
		}},
	}
	manifest.SetRegoVersion(ast.RegoV1)
	b := opabundle.Bundle{Manifest: manifest, Data: data, Modules: modules}
	if opts.Signing != nil {
		if err := sign(&b, *opts.Signing); err != nil {
			return Info{}, err
		}
	}
	// The files go in as written: OPA would otherwise reformat them, and
	// the revision's digest is of what was written.
	if err := opabundle.NewWriter(w).DisableFormat(true).Write(b); err != nil {
		return Info{}, fmt.Errorf("writing the bundle: %w", err)
	}
	return Info{Revision: manifest.Revision, Roots: roots, Files: len(files), Signed: opts.Signing != nil}, nil
}

// layout places the files in the bundle: the catalogue's at their paths in
// the catalogue, each custom pack under custom/ in a folder named after
// its own, and server.rego.
func layout(src []engine.File) ([]file, error) {
	packs := map[string]string{}
	used := map[string]bool{}
	var files []file
	for _, f := range src {
		path := f.Name
		if f.Pack != "" {
			name, ok := packs[f.Pack]
			if !ok {
				name = packName(f.Pack, used)
				packs[f.Pack] = name
			}
			path = customFolder + "/" + name + "/" + f.Path
		}
		files = append(files, file{path: path, src: f.Src})
	}
	files = append(files, file{path: serverFile, src: serverRego})
	seen := map[string]bool{}
	for _, f := range files {
		if seen[f.path] {
			return nil, fmt.Errorf("two files would be %s in the bundle", f.path)
		}
		seen[f.path] = true
	}
	sort.Slice(files, func(i, j int) bool { return files[i].path < files[j].path })
	return files, nil
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// packName names a custom pack's folder in the bundle after the pack's own
// folder, without the rest of its path (which says where it was on the
// machine that built the bundle), and apart from every other pack's.
func packName(dir string, used map[string]bool) string {
	base := strings.Trim(unsafeName.ReplaceAllString(filepath.Base(dir), "_"), ".")
	if base == "" {
		base = "pack"
	}
	name := base
	for n := 2; used[name]; n++ {
		name = fmt.Sprintf("%s-%d", base, n)
	}
	used[name] = true
	return name
}

// rootsOf are the bundle's roots: plancheck's namespace, and the package of
// each custom helper that lies outside it (a helper's package may be
// anything outside data.plancheck), so that no root claims more than the
// bundle's own packages.
func rootsOf(modules []*ast.Module) ([]string, error) {
	paths := [][]string{{Root}}
	for _, m := range modules {
		if m.Package.Path.HasPrefix(plancheckRef) {
			continue
		}
		p, err := storage.NewPathForRef(m.Package.Path)
		if err != nil {
			return nil, fmt.Errorf("%s: package %v cannot be a bundle root: %w", m.Package.Location.File, m.Package.Path, err)
		}
		for _, seg := range p {
			if seg == "" || strings.Contains(seg, "/") {
				return nil, fmt.Errorf("%s: package %v cannot be a bundle root", m.Package.Location.File, m.Package.Path)
			}
		}
		paths = append(paths, p)
	}
	// A root inside another is covered by it; OPA refuses overlapping
	// roots.
	sort.Slice(paths, func(i, j int) bool { return len(paths[i]) < len(paths[j]) })
	var roots []string
	var kept [][]string
	for _, p := range paths {
		covered := false
		for _, k := range kept {
			if len(k) <= len(p) && equal(k, p[:len(k)]) {
				covered = true
				break
			}
		}
		if !covered {
			kept = append(kept, p)
			roots = append(roots, strings.Join(p, "/"))
		}
	}
	sort.Strings(roots)
	return roots, nil
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// bundleData is the bundle's data.json: data.plancheck as the engine's
// store holds it, and the plan format's JSON Schema, which the server
// package checks plans against.
func bundleData(policyData map[string]any) (map[string]any, error) {
	schemaJSON, err := planschema.JSONSchema()
	if err != nil {
		return nil, fmt.Errorf("writing the plan format's JSON Schema: %w", err)
	}
	schema, err := decodeJSON(schemaJSON)
	if err != nil {
		return nil, fmt.Errorf("reading the plan format's JSON Schema: %w", err)
	}
	plancheck := map[string]any{"schema": schema}
	for k, v := range policyData {
		plancheck[k] = v
	}
	return map[string]any{Root: plancheck}, nil
}

// revision is the manifest's revision: the catalogue version, which says
// what the policies expect of a plan and of plancheck, and a digest of the
// contents, which tells one build from another.
func revision(version int, digest string) string {
	return fmt.Sprintf("catalogue-%d-%s", version, digest)
}

var revisionPattern = regexp.MustCompile(`^catalogue-([1-9][0-9]{0,5})-([0-9a-f]{16})$`)

// contentDigest is the first 16 hex digits of a SHA-256 of the Rego files
// (in path order, each with its path and length) and of the data as
// canonical JSON (keys sorted, numbers as written).
func contentDigest(files []file, data any) (string, error) {
	sorted := append([]file(nil), files...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].path < sorted[j].path })
	h := sha256.New()
	for _, f := range sorted {
		fmt.Fprintf(h, "%s\x00%d\x00", f.path, len(f.src))
		h.Write(f.src)
	}
	canonical, err := canonicalJSON(data)
	if err != nil {
		return "", fmt.Errorf("digesting the bundle's data: %w", err)
	}
	fmt.Fprintf(h, "data.json\x00%d\x00", len(canonical))
	h.Write(canonical)
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}

// canonicalJSON writes a value as JSON the same way whether it was built
// in Go or read from a file: decoded with numbers kept as written, then
// encoded with map keys sorted.
func canonicalJSON(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	x, err := decodeJSON(b)
	if err != nil {
		return nil, err
	}
	return json.Marshal(x)
}

func decodeJSON(b []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var x any
	if err := dec.Decode(&x); err != nil {
		return nil, err
	}
	return x, nil
}

// sign signs the bundle as opa build --signing-key does, after checking
// that the key is of the kind the algorithm needs: OPA's own message for a
// mismatch names neither.
func sign(b *opabundle.Bundle, s Signing) error {
	if err := checkKey(s.Key, s.Alg, true); err != nil {
		return err
	}
	id := s.KeyID
	if id == "" {
		id = DefaultKeyID
	}
	if err := b.GenerateSignature(opabundle.NewSigningConfig(string(s.Key), s.Alg, ""), id, false); err != nil {
		return fmt.Errorf("signing the bundle: %w", err)
	}
	return nil
}

// checkKey makes sure a PEM key, private or public, suits an algorithm.
func checkKey(pemData []byte, alg string, private bool) error {
	block, _ := pem.Decode(pemData)
	if block == nil {
		return errors.New("the key is not PEM (a file that starts -----BEGIN)")
	}
	var key any
	var err error
	switch block.Type {
	case "RSA PRIVATE KEY":
		key, err = x509.ParsePKCS1PrivateKey(block.Bytes)
	case "EC PRIVATE KEY":
		key, err = x509.ParseECPrivateKey(block.Bytes)
	case "PRIVATE KEY":
		key, err = x509.ParsePKCS8PrivateKey(block.Bytes)
	case "PUBLIC KEY":
		key, err = x509.ParsePKIXPublicKey(block.Bytes)
	case "RSA PUBLIC KEY":
		key, err = x509.ParsePKCS1PublicKey(block.Bytes)
	default:
		return fmt.Errorf("the key is a PEM %q block, not a key plancheck reads", block.Type)
	}
	if err != nil {
		return fmt.Errorf("reading the key: %w", err)
	}
	isPrivate := false
	kind := ""
	switch k := key.(type) {
	case *rsa.PrivateKey:
		isPrivate, kind = true, "RS256"
	case *rsa.PublicKey:
		kind = "RS256"
	case *ecdsa.PrivateKey:
		isPrivate = true
		if k.Curve == elliptic.P256() {
			kind = "ES256"
		}
	case *ecdsa.PublicKey:
		if k.Curve == elliptic.P256() {
			kind = "ES256"
		}
	}
	switch {
	case private && !isPrivate:
		return errors.New("the signing key is a public key: sign with the private key, verify with the public one")
	case !private && isPrivate:
		return errors.New("the verification key is a private key: verify with the public key, and keep the private one to sign")
	case kind == "":
		return errors.New("the key is neither RSA nor ECDSA on P-256")
	case alg != "" && kind != alg:
		return fmt.Errorf("the key is for %s, not %s", kind, alg)
	}
	return nil
}

// keyAlgorithm is the algorithm a public key verifies.
func keyAlgorithm(pemData []byte) (string, error) {
	for _, alg := range Algorithms {
		if checkKey(pemData, alg, false) == nil {
			return alg, nil
		}
	}
	return "", checkKey(pemData, "", false)
}
