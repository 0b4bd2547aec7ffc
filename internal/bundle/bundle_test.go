package bundle

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage/inmem"

	"github.com/plancheck/plancheck/internal/check"
	"github.com/plancheck/plancheck/internal/engine"
	"github.com/plancheck/plancheck/internal/loader"
	"github.com/plancheck/plancheck/internal/plan"
	"github.com/plancheck/plancheck/internal/plangen"
	"github.com/plancheck/plancheck/internal/planschema"
)

var engines engine.Cache

const today = "2026-11-21"

func builtin(t *testing.T) *engine.Engine {
	t.Helper()
	e, err := engines.Get(context.Background(), engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func build(t *testing.T, e *engine.Engine, opts Options) ([]byte, Info) {
	t.Helper()
	var buf bytes.Buffer
	info, err := Build(&buf, e, opts)
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), info
}

// entries unpacks a bundle: file name to contents.
func entries(t *testing.T, data []byte) map[string][]byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(zr)
	out := map[string][]byte{}
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		out[strings.TrimPrefix(h.Name, "/")] = b
	}
}

// repack writes a bundle again with change applied to its files.
func repack(t *testing.T, data []byte, change func(files map[string][]byte)) []byte {
	t.Helper()
	files := entries(t, data)
	change(files)
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	for _, n := range names {
		if err := tw.WriteHeader(&tar.Header{Name: "/" + n, Mode: 0o644, Size: int64(len(files[n])), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write(files[n]); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// plans are every fixture plan and n generated ones, some with blanks, in
// the three syntaxes.
func plans(t *testing.T, n int) []*plan.Document {
	t.Helper()
	var docs []*plan.Document
	files, _ := filepath.Glob("../../fixtures/plans/*.*")
	for _, f := range files {
		doc, err := loader.Loader{}.LoadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, doc)
	}
	opts := plangen.DefaultOptions
	opts.Blanks = 0.03
	opts.Syntaxes = []plan.Syntax{plan.YAML, plan.JSON, plan.TOML}
	g := plangen.New(opts)
	for i := range n {
		name, data, err := g.Plan(i)
		if err != nil {
			t.Fatal(err)
		}
		syntax, _ := loader.SyntaxOf(name)
		doc, err := loader.Loader{Syntax: syntax}.Parse(name, data)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, doc)
	}
	return docs
}

// TestBundleHoldsWhatTheEngineCompiled: the policies without their tests,
// server.rego, data.plancheck as the store holds it and the schema, a
// manifest that claims plancheck's namespace alone.
func TestBundleHoldsWhatTheEngineCompiled(t *testing.T) {
	t.Parallel()
	e := builtin(t)
	data, info := build(t, e, Options{Version: "test"})
	files := entries(t, data)
	for name := range files {
		if strings.HasSuffix(name, "_test.rego") {
			t.Errorf("the bundle holds a test file, %s", name)
		}
	}
	for _, f := range e.Source().Files {
		if !bytes.Equal(files[f.Name], f.Src) {
			t.Errorf("%s is not in the bundle as written", f.Name)
		}
	}
	if !bytes.Equal(files[serverFile], serverRego) {
		t.Errorf("the bundle lacks %s", serverFile)
	}
	var manifest struct {
		Revision    string         `json:"revision"`
		Roots       []string       `json:"roots"`
		RegoVersion int            `json:"rego_version"`
		Metadata    map[string]any `json:"metadata"`
	}
	if err := json.Unmarshal(files[".manifest"], &manifest); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(manifest.Roots, []string{"plancheck"}) || !slices.Equal(info.Roots, manifest.Roots) {
		t.Errorf("roots %v", manifest.Roots)
	}
	if manifest.RegoVersion != 1 || manifest.Revision != info.Revision || !revisionPattern.MatchString(info.Revision) || !strings.HasPrefix(info.Revision, "catalogue-2-") {
		t.Errorf("manifest %+v, info %+v", manifest, info)
	}
	meta, _ := manifest.Metadata["plancheck"].(map[string]any)
	if meta["version"] != "test" || meta["entrypoint"] != Entrypoint {
		t.Errorf("metadata %v", manifest.Metadata)
	}
	var stored map[string]map[string]any
	if err := json.Unmarshal(files["data.json"], &stored); err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(e.Data())
	got, _ := json.Marshal(map[string]any{"vocabulary": stored["plancheck"]["vocabulary"], "vocabulary_index": stored["plancheck"]["vocabulary_index"]})
	if !bytes.Equal(got, want) {
		t.Error("the bundle's vocabularies are not what the engine's store holds")
	}
	schema, _ := planschema.JSONSchema()
	var wantSchema any
	_ = json.Unmarshal(schema, &wantSchema)
	if !equalJSON(stored["plancheck"]["schema"], wantSchema) {
		t.Error("the bundle's schema is not plancheck schema's")
	}
	// The same policies make the same revision.
	if _, again := build(t, e, Options{Version: "other"}); again.Revision != info.Revision {
		t.Errorf("revision %s, then %s", info.Revision, again.Revision)
	}
}

func equalJSON(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}

// TestLintWithABundleIsLintWithTheCatalogue: the engine compiled from a
// bundle gives every plan the same report, places and all.
func TestLintWithABundleIsLintWithTheCatalogue(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := builtin(t)
	data, info := build(t, e, Options{Version: "test"})
	loaded, err := Read(data, ReadOptions{Name: "catalogue.tar.gz"})
	if err != nil {
		t.Fatal(err)
	}
	if loaded.Revision != info.Revision || loaded.Version != "test" || loaded.Signed || loaded.Verified {
		t.Errorf("loaded %+v", loaded)
	}
	for _, f := range loaded.Source.Files {
		if f.Name == serverFile {
			t.Error("the server package is compiled for lint")
		}
	}
	fromBundle, err := engine.New(ctx, engine.Options{Base: &loaded.Source})
	if err != nil {
		t.Fatal(err)
	}
	if !equalJSON(fromBundle.Catalogue(), e.Catalogue()) {
		t.Error("the bundle's catalogue differs")
	}
	for _, doc := range plans(t, 30) {
		run := planschema.Run{Today: today}
		want, err := e.Check(ctx, doc, run)
		if err != nil {
			t.Fatal(err)
		}
		got, err := fromBundle.Check(ctx, doc, run)
		if err != nil {
			t.Fatal(err)
		}
		if !equalJSON(got, want) {
			t.Errorf("%s: the bundle's report differs", doc.File)
		}
	}
}

// TestServerAgreesWithTheEngine evaluates the server entrypoint in process,
// as an OPA server would (OPA's own capabilities), on plans as written,
// and holds its statuses and findings to the engine's. The test with a
// real OPA server is TestOPAServer in internal/cli (build tag opa).
func TestServerAgreesWithTheEngine(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := builtin(t)
	data, _ := build(t, e, Options{Version: "test"})
	query := serverQuery(t, data)
	counts := map[string]int{}
	for _, doc := range plans(t, 60) {
		want, err := e.Check(ctx, doc, planschema.Run{Today: today})
		if err != nil {
			t.Fatal(err)
		}
		input := ast.NewObject(
			[2]*ast.Term{ast.StringTerm("plan"), ast.NewTerm(engine.Raw(doc.Root))},
			[2]*ast.Term{ast.StringTerm("today"), ast.StringTerm(today)},
		)
		rs, err := query.Eval(ctx, rego.EvalParsedInput(input))
		if err != nil || len(rs) != 1 {
			t.Fatalf("%s: %v %v", doc.File, rs, err)
		}
		var got Decision
		b, _ := json.Marshal(rs[0].Bindings["x"])
		if err := json.Unmarshal(b, &got); err != nil {
			t.Fatal(err)
		}
		for _, d := range Compare(want.Results, formatRules(e), got) {
			t.Errorf("%s: %s", doc.File, d)
		}
		counts[fmt.Sprintf("%s/%s", formatStatus(want.Results), got.Status["plan-format"])]++
	}
	t.Logf("plan-format, plancheck/server: %v", counts)
}

func formatStatus(rs []check.Result) string {
	for _, r := range rs {
		if r.ID == "plan-format" {
			return fmt.Sprintf("%s(%d)", r.Status, len(r.Findings))
		}
	}
	return ""
}

func formatRules(e *engine.Engine) []string {
	var ids []string
	for _, r := range e.Catalogue().Rules {
		if r.Kind == check.Format {
			ids = append(ids, r.ID)
		}
	}
	return ids
}

func serverQuery(t *testing.T, data []byte) rego.PreparedEvalQuery {
	t.Helper()
	files := entries(t, data)
	modules := map[string]*ast.Module{}
	for name, src := range files {
		if strings.HasSuffix(name, ".rego") {
			m, err := ast.ParseModuleWithOpts(name, string(src), ast.ParserOptions{RegoVersion: ast.RegoV1, ProcessAnnotation: true})
			if err != nil {
				t.Fatal(err)
			}
			modules[name] = m
		}
	}
	compiler := ast.NewCompiler().WithStrict(true)
	compiler.Compile(modules)
	if compiler.Failed() {
		t.Fatal(compiler.Errors)
	}
	var stored map[string]any
	if err := json.Unmarshal(files["data.json"], &stored); err != nil {
		t.Fatal(err)
	}
	query, err := rego.New(rego.Query("x := data.plancheck.server.report"), rego.Compiler(compiler), rego.Store(inmem.NewFromObject(stored))).PrepareForEval(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return query
}

func keys(t *testing.T) (rsaPriv, rsaPub, ecPriv, ecPub []byte) {
	t.Helper()
	rk, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	ek, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	enc := func(typ string, b []byte) []byte { return pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: b}) }
	rpub, _ := x509.MarshalPKIXPublicKey(&rk.PublicKey)
	epriv, _ := x509.MarshalECPrivateKey(ek)
	epub, _ := x509.MarshalPKIXPublicKey(&ek.PublicKey)
	return enc("RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(rk)), enc("PUBLIC KEY", rpub), enc("EC PRIVATE KEY", epriv), enc("PUBLIC KEY", epub)
}

// TestSignedBundles: a signature verifies with its public key, and a
// bundle changed after signing, signed by another key, or not signed is
// refused when a key is given.
func TestSignedBundles(t *testing.T) {
	t.Parallel()
	e := builtin(t)
	rsaPriv, rsaPub, ecPriv, ecPub := keys(t)
	for _, c := range []struct {
		alg       string
		priv, pub []byte
		other     []byte
	}{{"RS256", rsaPriv, rsaPub, ecPub}, {"ES256", ecPriv, ecPub, rsaPub}} {
		data, info := build(t, e, Options{Version: "test", Signing: &Signing{Key: c.priv, Alg: c.alg}})
		if !info.Signed || entries(t, data)[".signatures.json"] == nil {
			t.Fatalf("%s: not signed", c.alg)
		}
		loaded, err := Read(data, ReadOptions{Name: "b", VerificationKey: c.pub})
		if err != nil || !loaded.Signed || !loaded.Verified {
			t.Fatalf("%s: %v %+v", c.alg, err, loaded)
		}
		if loaded, err := Read(data, ReadOptions{Name: "b"}); err != nil || !loaded.Signed || loaded.Verified {
			t.Errorf("%s, read without a key: %v %+v", c.alg, err, loaded)
		}
		tampered := repack(t, data, func(files map[string][]byte) {
			files["wade-gery/digital-inclusion/digital_inclusion.rego"] = append(files["wade-gery/digital-inclusion/digital_inclusion.rego"], []byte("\napplicable := false\n")...)
		})
		if _, err := Read(tampered, ReadOptions{Name: "b", VerificationKey: c.pub}); err == nil || !strings.Contains(err.Error(), "does not verify") || !strings.Contains(err.Error(), "digest mismatch") {
			t.Errorf("%s, tampered: %v", c.alg, err)
		}
		if _, err := Read(data, ReadOptions{Name: "b", VerificationKey: c.other}); err == nil || !strings.Contains(err.Error(), "does not verify") {
			t.Errorf("%s, another key: %v", c.alg, err)
		}
		if _, err := Read(data, ReadOptions{Name: "b", VerificationKey: c.priv}); err == nil || !strings.Contains(err.Error(), "private key") {
			t.Errorf("%s, a private key to verify: %v", c.alg, err)
		}
	}
	unsigned, _ := build(t, e, Options{Version: "test"})
	if _, err := Read(unsigned, ReadOptions{Name: "b", VerificationKey: rsaPub}); err == nil || !strings.Contains(err.Error(), "not signed") {
		t.Errorf("unsigned: %v", err)
	}
	var buf bytes.Buffer
	if _, err := Build(&buf, e, Options{Signing: &Signing{Key: rsaPriv, Alg: "ES256"}}); err == nil || !strings.Contains(err.Error(), "for RS256, not ES256") {
		t.Errorf("a key for another algorithm: %v", err)
	}
	if _, err := Build(&buf, e, Options{Signing: &Signing{Key: rsaPub, Alg: "RS256"}}); err == nil || !strings.Contains(err.Error(), "public key") {
		t.Errorf("a public key to sign: %v", err)
	}
}

// TestBundlesPlancheckDoesNotUnderstand are refused, each with a reason.
func TestBundlesPlancheckDoesNotUnderstand(t *testing.T) {
	t.Parallel()
	e := builtin(t)
	good, info := build(t, e, Options{Version: "test"})
	manifest := func(change func(m map[string]any)) []byte {
		return repack(t, good, func(files map[string][]byte) {
			var m map[string]any
			_ = json.Unmarshal(files[".manifest"], &m)
			change(m)
			files[".manifest"], _ = json.Marshal(m)
		})
	}
	var bomb bytes.Buffer
	zw := gzip.NewWriter(&bomb)
	tw := tar.NewWriter(zw)
	_ = tw.WriteHeader(&tar.Header{Name: "/data.json", Mode: 0o644, Size: MaxUnpacked + 1, Typeflag: tar.TypeReg})
	_, _ = io.CopyN(tw, zeros{}, MaxUnpacked+1)
	_ = tw.Close()
	_ = zw.Close()
	for _, c := range []struct {
		name string
		data []byte
		want string
	}{
		{"not gzip", []byte("plancheck: 1\n"), "not gzip-compressed"},
		{"a bomb", bomb.Bytes(), "unpacks to more than 64 MiB"},
		{"changed", repack(t, good, func(files map[string][]byte) {
			files["lib/lib.rego"] = append(files["lib/lib.rego"], '\n')
		}), "was changed after plancheck bundle wrote it"},
		{"another revision", manifest(func(m map[string]any) { m["revision"] = "v1.2.3" }), `has revision "v1.2.3", which plancheck does not understand`},
		{"another catalogue", manifest(func(m map[string]any) {
			m["revision"] = strings.Replace(info.Revision, "catalogue-2-", "catalogue-3-", 1)
		}), "holds catalogue version 3 (written by plancheck test); this plancheck reads catalogue version 2"},
		{"not plancheck's", manifest(func(m map[string]any) { delete(m, "metadata") }), "not written by plancheck bundle"},
		{"rego v0", manifest(func(m map[string]any) { m["rego_version"] = 0 }), "not Rego v1"},
		{"other data", repack(t, good, func(files map[string][]byte) {
			files["other/data.json"] = []byte(`{"x": 1}`)
		}), "manifest roots [plancheck] do not permit data at path '/other'"},
		{"data plancheck does not write", repack(t, good, func(files map[string][]byte) {
			files["plancheck/extra/data.json"] = []byte(`{"x": 1}`)
		}), "holds data.plancheck.extra, which plancheck bundle never writes"},
		{"no manifest", repack(t, good, func(files map[string][]byte) { delete(files, ".manifest") }), "has no manifest"},
		{"a wrong index", repack(t, good, func(files map[string][]byte) {
			files["data.json"] = bytes.Replace(files["data.json"], []byte(`"vocabulary_index":{`), []byte(`"vocabulary_index":{"extra":{},`), 1)
		}), "changed after"},
	} {
		_, err := Read(c.data, ReadOptions{Name: "b.tar.gz"})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// TestCustomPacksGoIn as lint takes them, each under custom/ in a folder
// named after its own; a helper outside data.plancheck is a root of its
// own, and the rules lint applies to a pack apply here.
func TestCustomPacksGoIn(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	helpers := filepath.Join(dir, "trust")
	if err := os.MkdirAll(helpers, 0o755); err != nil {
		t.Fatal(err)
	}
	src, _ := os.ReadFile("../../fixtures/custom/trust/clinical_safety.rego")
	_ = os.WriteFile(filepath.Join(helpers, "clinical_safety.rego"), bytes.ReplaceAll(src, []byte("local-clinical-safety"), []byte("local-clinical-safety-two")), 0o644)
	_ = os.WriteFile(filepath.Join(helpers, "helpers.rego"), []byte("package eastfield.helpers\n\nanswer := 42\n"), 0o644)
	e, err := engine.New(ctx, engine.Options{Custom: []string{helpers, "../../fixtures/custom/trust"}})
	if err != nil {
		t.Fatal(err)
	}
	data, info := build(t, e, Options{})
	files := entries(t, data)
	for _, name := range []string{"custom/trust/clinical_safety.rego", "custom/trust/helpers.rego", "custom/trust-2/clinical_safety.rego"} {
		if files[name] == nil {
			t.Errorf("the bundle lacks %s", name)
		}
	}
	if !slices.Equal(info.Roots, []string{"eastfield/helpers", "plancheck"}) {
		t.Errorf("roots %v", info.Roots)
	}
	loaded, err := Read(data, ReadOptions{Name: "b"})
	if err != nil {
		t.Fatal(err)
	}
	fromBundle, err := engine.New(ctx, engine.Options{Base: &loaded.Source})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := fromBundle.Catalogue().Lookup("local-clinical-safety"); !ok {
		t.Error("the custom recommendation is not in the bundle's catalogue")
	}
	if _, err := engine.New(ctx, engine.Options{Custom: []string{"../../fixtures/custom/library"}}); err == nil {
		t.Error("a pack lint refuses was taken")
	}
}

// TestServerSaysWhatToPost: an input that is not a plan and a date is
// answered with what to post; without today, the server's own date is
// used, and the decision says which.
func TestServerSaysWhatToPost(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	data, _ := build(t, builtin(t), Options{Version: "test"})
	query := serverQuery(t, data)
	decide := func(input string) Decision {
		t.Helper()
		v, err := ast.ParseTerm(input)
		if err != nil {
			t.Fatal(err)
		}
		rs, err := query.Eval(ctx, rego.EvalParsedInput(v.Value))
		if err != nil || len(rs) != 1 {
			t.Fatalf("%s: %v %v", input, rs, err)
		}
		var d Decision
		b, _ := json.Marshal(rs[0].Bindings["x"])
		if err := json.Unmarshal(b, &d); err != nil {
			t.Fatal(err)
		}
		return d
	}
	for input, want := range map[string]string{
		`{"today": "2026-11-21"}`:                           "post the plan as input.plan",
		`{"plan": [1, 2], "today": "2026-11-21"}`:           "input.plan is array, not a mapping of keys",
		`{"plan": {"plancheck": 1}, "today": "21/11/2026"}`: "input.today is 21/11/2026, not a date written YYYY-MM-DD",
	} {
		if d := decide(input); len(d.Errors) != 1 || !strings.Contains(d.Errors[0], want) || d.Status != nil {
			t.Errorf("%s: %+v, want %q", input, d, want)
		}
	}
	d := decide(`{"plan": {"plancheck": 1, "organisation": {"name": " "}, "plan": {"title": null}}}`)
	if !regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`).MatchString(d.Today) || d.Status["plan-format"] != check.Missed {
		t.Errorf("without today: %+v", d)
	}
	want := []string{"miss organisation.name", "miss plan.period", "miss plan.title"}
	if got := pairs(d.Findings["plan-format"]); !slices.Equal(got, want) {
		t.Errorf("plan-format on the server: %v, want %v", got, want)
	}
}
