package bundle

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
	opabundle "github.com/open-policy-agent/opa/v1/bundle"

	"github.com/plancheck/plancheck/internal/catalogue"
	"github.com/plancheck/plancheck/internal/engine"
	"github.com/plancheck/plancheck/policies"
)

// Limits on a bundle read: MaxSize bounds the file or the download, and
// MaxUnpacked what its files come to once unpacked, so that a small file
// that unpacks without end is refused. plancheck's own bundles are a few
// hundred kilobytes.
const (
	MaxSize     = 16 << 20
	MaxUnpacked = 64 << 20
	maxEntries  = 10000
)

// ReadOptions say how to read a bundle.
type ReadOptions struct {
	// Name is what messages call the bundle: its file name or address.
	Name string
	// VerificationKey, when set, is the public key (PEM: RSA for RS256,
	// ECDSA P-256 for ES256) the bundle must be signed with; then an
	// unsigned bundle, a signature by another key and a file changed
	// after signing are all refused.
	VerificationKey []byte
}

// Loaded is a bundle read for lint.
type Loaded struct {
	// Source is the catalogue to compile (engine.Options.Base): the
	// bundle's policies but the server package, and its vocabularies.
	Source engine.Source
	// Revision is the manifest's revision, and Version the plancheck
	// that built the bundle.
	Revision, Version string
	// Signed tells whether the bundle carries a signature, and Verified
	// whether it was checked against VerificationKey.
	Signed, Verified bool
}

// Read reads a bundle that plancheck bundle wrote, and refuses one whose
// revision or shape it does not understand: another catalogue version,
// contents that do not match the revision's digest, data or files plancheck
// does not write.
//
// The server package (plancheck.server) is left out of Source: it calls
// json.match_schema, which plancheck's engine does not allow (it may
// fetch a schema's references), and lint runs the plan format's own
// checks, which it approximates for OPA servers. What lint compiles is
// otherwise exactly what an OPA server loads.
func Read(data []byte, opts ReadOptions) (*Loaded, error) {
	name := opts.Name
	signed, manifest, err := scan(data)
	if err != nil {
		return nil, fmt.Errorf("%s is not a bundle plancheck can read: %w", name, err)
	}
	// The manifest is read first, so that a bundle of another catalogue
	// version or of old Rego is refused for that, not for what OPA makes
	// of its files.
	var m opabundle.Manifest
	if err := json.Unmarshal(manifest, &m); err != nil || manifest == nil {
		return nil, fmt.Errorf("%s was not written by plancheck bundle: it has no manifest plancheck can read", name)
	}
	described, err := checkManifest(m, name)
	if err != nil {
		return nil, err
	}
	r := opabundle.NewReader(bytes.NewReader(data)).WithSizeLimitBytes(MaxUnpacked)
	if opts.VerificationKey != nil {
		if !signed {
			return nil, fmt.Errorf("%s is not signed, and a verification key was given: refusing it", name)
		}
		alg, err := keyAlgorithm(opts.VerificationKey)
		if err != nil {
			return nil, fmt.Errorf("the verification key: %w", err)
		}
		// The key id is fixed here, so the key given is the one used
		// whatever key id the signature names.
		keys := map[string]*opabundle.KeyConfig{DefaultKeyID: {Key: string(opts.VerificationKey), Algorithm: alg}}
		r = r.WithBundleVerificationConfig(opabundle.NewVerificationConfig(keys, DefaultKeyID, "", nil))
	} else {
		r = r.WithSkipBundleVerification(true)
	}
	b, err := r.Read()
	if err != nil {
		if opts.VerificationKey != nil {
			return nil, fmt.Errorf("%s does not verify against the verification key, so it is refused: %w", name, err)
		}
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	loaded, err := understand(&b, name, described)
	if err != nil {
		return nil, err
	}
	loaded.Signed = signed
	loaded.Verified = opts.VerificationKey != nil
	return loaded, nil
}

// scan reads the tar.gz through once, within MaxUnpacked and maxEntries,
// before OPA reads it (OPA bounds each file, not their sum); it tells
// whether the bundle holds a signature, and returns its manifest.
func scan(data []byte) (signed bool, manifest []byte, err error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return false, nil, errors.New("it is not gzip-compressed (a bundle is a .tar.gz)")
	}
	tr := tar.NewReader(zr)
	var total int64
	for n := 0; ; n++ {
		h, err := tr.Next()
		if err == io.EOF {
			return signed, manifest, nil
		}
		if err != nil {
			return false, nil, fmt.Errorf("it is not a tar archive: %w", err)
		}
		if n >= maxEntries {
			return false, nil, fmt.Errorf("it holds more than %d files", maxEntries)
		}
		var buf bytes.Buffer
		copied, err := io.Copy(&buf, io.LimitReader(tr, MaxUnpacked-total+1))
		total += copied
		if err != nil {
			return false, nil, fmt.Errorf("unpacking it: %w", err)
		}
		if total > MaxUnpacked {
			return false, nil, fmt.Errorf("it unpacks to more than %d MiB", MaxUnpacked>>20)
		}
		switch strings.TrimPrefix(h.Name, "/") {
		case ".signatures.json":
			signed = true
		case ".manifest":
			manifest = buf.Bytes()
		}
	}
}

// described is what a manifest says of the bundle.
type described struct {
	catalogue int
	digest    string
	version   string
}

// checkManifest refuses a manifest plancheck bundle would not write: no
// plancheck metadata, a revision of another form or catalogue version,
// Rego other than v1, roots without plancheck's.
func checkManifest(m opabundle.Manifest, name string) (described, error) {
	meta, _ := m.Metadata["plancheck"].(map[string]any)
	if meta == nil {
		return described{}, fmt.Errorf("%s was not written by plancheck bundle: its manifest names no plancheck version", name)
	}
	version, _ := meta["version"].(string)
	match := revisionPattern.FindStringSubmatch(m.Revision)
	if match == nil {
		return described{}, fmt.Errorf("%s has revision %q, which plancheck does not understand (plancheck bundle writes catalogue-<version>-<digest>)", name, m.Revision)
	}
	catVersion, _ := strconv.Atoi(match[1])
	want, err := builtinCatalogueVersion()
	if err != nil {
		return described{}, err
	}
	if catVersion != want {
		return described{}, fmt.Errorf("%s holds catalogue version %d (written by plancheck %s); this plancheck reads catalogue version %d: rebuild the bundle with this plancheck, or use the plancheck that wrote it", name, catVersion, version, want)
	}
	if m.RegoVersion == nil || *m.RegoVersion != 1 {
		return described{}, fmt.Errorf("%s is not Rego v1 (its manifest's rego_version is not 1)", name)
	}
	if m.Roots == nil || !contains(*m.Roots, Root) {
		return described{}, fmt.Errorf("%s does not claim the root %s", name, Root)
	}
	return described{catalogue: catVersion, digest: match[2], version: version}, nil
}

// understand checks a bundle's data and files against what plancheck
// bundle writes, and makes its catalogue a Source.
func understand(b *opabundle.Bundle, name string, d described) (*Loaded, error) {
	if len(b.WasmModules) > 0 || len(b.PlanModules) > 0 || len(b.Wasm) > 0 || b.Type() != opabundle.SnapshotBundleType {
		return nil, fmt.Errorf("%s holds Wasm, plans or patches, which plancheck bundle never writes", name)
	}
	vocab, index, err := plancheckData(b.Data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	var files []file
	var source []engine.File
	var mainVersion int
	for _, mf := range b.Modules {
		path := strings.TrimPrefix(mf.Path, "/")
		files = append(files, file{path: path, src: mf.Raw})
		pkg := mf.Parsed.Package.Path
		if pkg.HasPrefix(server) {
			continue
		}
		if pkg.Equal(catalogue.Entrypoint) {
			if mainVersion, err = catalogueVersion(path, mf.Raw); err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
		}
		source = append(source, engine.File{Name: path, Path: path, Src: mf.Raw})
	}
	digest, err := contentDigest(files, b.Data)
	if err != nil {
		return nil, err
	}
	if digest != d.digest {
		return nil, fmt.Errorf("%s was changed after plancheck bundle wrote it: its contents' digest is %s, its revision says %s", name, digest, d.digest)
	}
	if mainVersion != d.catalogue {
		return nil, fmt.Errorf("%s: its revision says catalogue version %d, its catalogue says %d", name, d.catalogue, mainVersion)
	}
	return &Loaded{
		Source:   engine.Source{Name: "bundle " + name, Files: source, Vocabulary: vocab, Index: index},
		Revision: b.Manifest.Revision,
		Version:  d.version,
	}, nil
}

// plancheckData reads data.plancheck: the vocabularies and their index, and
// the schema; the bundle may hold no other data.
func plancheckData(data map[string]any) (vocab, index map[string]any, err error) {
	for k := range data {
		if k != Root {
			return nil, nil, fmt.Errorf("it holds data outside data.%s (data.%s)", Root, k)
		}
	}
	pc, _ := data[Root].(map[string]any)
	vocab, _ = pc["vocabulary"].(map[string]any)
	index, _ = pc["vocabulary_index"].(map[string]any)
	if vocab == nil || index == nil {
		return nil, nil, fmt.Errorf("it lacks data.%s.vocabulary or data.%s.vocabulary_index", Root, Root)
	}
	for k := range pc {
		switch k {
		case "vocabulary", "vocabulary_index", "schema":
		default:
			return nil, nil, fmt.Errorf("it holds data.%s.%s, which plancheck bundle never writes", Root, k)
		}
	}
	return vocab, index, nil
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if strings.Trim(y, "/") == x {
			return true
		}
	}
	return false
}

// catalogueVersion reads the catalogue version from the METADATA of the
// catalogue's entrypoint, lib/main.rego.
func catalogueVersion(name string, src []byte) (int, error) {
	m, err := policies.ParseFile(name, src)
	if err != nil {
		return 0, err
	}
	var ann *ast.Annotations
	for _, a := range m.Annotations {
		if a.Scope == "package" {
			ann = a
		}
	}
	if ann == nil {
		return 0, fmt.Errorf("%s has no catalogue METADATA", name)
	}
	cat, err := catalogue.FromModules(map[string]*ast.Module{name: m})
	if err != nil {
		return 0, err
	}
	return cat.Version, nil
}

// builtinCatalogueVersion is the catalogue version plancheck carries, and
// the one it reads bundles of.
func builtinCatalogueVersion() (int, error) {
	src, err := policies.FS.ReadFile("lib/main.rego")
	if err != nil {
		return 0, fmt.Errorf("reading the catalogue: %w", err)
	}
	return catalogueVersion("lib/main.rego", src)
}
