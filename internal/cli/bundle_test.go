package cli

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/plancheck/plancheck/internal/render"
)

// writeKeys writes an RSA key pair as PEM files in dir.
func writeKeys(t *testing.T, dir string) (private, public string) {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	pub, err := x509.MarshalPKIXPublicKey(&k.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	private, public = filepath.Join(dir, "private.pem"), filepath.Join(dir, "public.pem")
	write(t, private, string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(k)})))
	write(t, public, string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pub})))
	return private, public
}

// makeBundle runs plancheck bundle, returning the bundle's path.
func makeBundle(t *testing.T, dir string, args ...string) string {
	t.Helper()
	out := filepath.Join(dir, "catalogue.tar.gz")
	_, stderr, code := run(t, "", "", append([]string{"bundle", "-o", out}, args...)...)
	if code != 0 || !strings.Contains(stderr, "wrote "+out+": revision catalogue-2-") {
		t.Fatalf("bundle: exit %d, %s", code, stderr)
	}
	return out
}

// TestLintWithABundle: every report format, positions and plan-format
// included, is the same from the bundle as from the built-in catalogue.
func TestLintWithABundle(t *testing.T) {
	t.Parallel()
	b := makeBundle(t, t.TempDir())
	for _, f := range render.Formats {
		args := []string{"lint", "--today", "2026-11-21", "-f", string(f), "fixtures/plans"}
		want, _, wantCode := run(t, "", "", args...)
		got, stderr, code := run(t, "", "", append([]string{"lint", "--bundle", b}, args[1:]...)...)
		if code != wantCode || got != want || stderr != "" {
			t.Errorf("%s: exit %d (want %d), the report differs: %v; stderr %q", f, code, wantCode, got != want, stderr)
		}
	}
	// rules and explain read the same catalogue.
	want, _, _ := run(t, "", "", "rules", "--format", "json")
	if got, _, code := run(t, "", "", "rules", "--format", "json", "--bundle", b); code != 0 || got != want {
		t.Errorf("rules --bundle: exit %d, the list differs", code)
	}
}

// TestBundleWithCustomPolicies carries a trust's pack, checked as lint
// checks it, and lint --bundle gives its verdicts.
func TestBundleWithCustomPolicies(t *testing.T) {
	t.Parallel()
	b := makeBundle(t, t.TempDir(), "--policy", "fixtures/custom/trust")
	args := []string{"--today", "2026-11-21", "-f", "json", "fixtures/plans"}
	want, _, wantCode := run(t, "", "", append([]string{"lint", "--policy", "fixtures/custom/trust"}, args...)...)
	got, _, code := run(t, "", "", append([]string{"lint", "--bundle", b}, args...)...)
	if code != wantCode || got != want || !strings.Contains(got, "local-clinical-safety") {
		t.Errorf("exit %d (want %d); the reports differ: %v", code, wantCode, got != want)
	}
	_, stderr, code := run(t, "", "", "bundle", "-o", filepath.Join(t.TempDir(), "b.tar.gz"), "--policy", "fixtures/custom/library")
	if code != 2 || !strings.Contains(stderr, "package data.plancheck.lib is plancheck's own") {
		t.Errorf("a pack lint refuses: exit %d, %s", code, stderr)
	}
}

// TestSignedBundleAndTamperedCopy: lint --verification-key takes the
// signed bundle and refuses a copy changed after signing.
func TestSignedBundleAndTamperedCopy(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	private, public := writeKeys(t, dir)
	b := makeBundle(t, dir, "--signing-key", private, "--signing-alg", "RS256")
	plan := "fixtures/plans/northshire.yaml"
	if _, stderr, code := run(t, "", "", "lint", "--bundle", b, "--verification-key", public, "-f", "json", plan); code != 0 || stderr != "" {
		t.Errorf("signed: exit %d, %s", code, stderr)
	}
	if _, stderr, _ := run(t, "", "", "lint", "--bundle", b, "-f", "json", plan); !strings.Contains(stderr, "is signed, but its signature was not checked") {
		t.Errorf("signed, no key: %q", stderr)
	}
	// A copy with one byte of a policy changed: the signature still names
	// the old digest.
	data, err := os.ReadFile(b)
	if err != nil {
		t.Fatal(err)
	}
	tampered := filepath.Join(dir, "tampered.tar.gz")
	write(t, tampered, string(tamper(t, data)))
	_, stderr, code := run(t, "", "", "lint", "--bundle", tampered, "--verification-key", public, plan)
	if code != 2 || !strings.Contains(stderr, "does not verify against the verification key, so it is refused") || !strings.Contains(stderr, "digest mismatch") {
		t.Errorf("tampered: exit %d, %s", code, stderr)
	}
	unsigned := makeBundle(t, t.TempDir())
	if _, stderr, code := run(t, "", "", "lint", "--bundle", unsigned, "--verification-key", public, plan); code != 2 || !strings.Contains(stderr, "is not signed, and a verification key was given") {
		t.Errorf("unsigned: exit %d, %s", code, stderr)
	}
}

// tamper changes a policy inside a bundle, keeping everything else,
// signature included.
func tamper(t *testing.T, data []byte) []byte {
	t.Helper()
	out, err := rewriteBundle(data, "wade-gery/digital-inclusion/digital_inclusion.rego", func(src []byte) []byte {
		return append(src, []byte("\napplicable := false\n")...)
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestBundleOverHTTP: lint fetches a bundle from an address.
func TestBundleOverHTTP(t *testing.T) {
	t.Parallel()
	b := makeBundle(t, t.TempDir())
	data, err := os.ReadFile(b)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/catalogue.tar.gz" {
			http.NotFound(w, r)
			return
		}
		_, _ = w.Write(data)
	}))
	defer srv.Close()
	args := []string{"--today", "2026-11-21", "-f", "sarif", "fixtures/plans/sparse.yaml"}
	want, _, _ := run(t, "", "", append([]string{"lint"}, args...)...)
	if got, stderr, _ := run(t, "", "", append([]string{"lint", "--bundle", srv.URL + "/catalogue.tar.gz"}, args...)...); got != want || stderr != "" {
		t.Errorf("over http: the report differs (%v), %s", got != want, stderr)
	}
	if _, stderr, code := run(t, "", "", "lint", "--bundle", srv.URL+"/other.tar.gz", "fixtures/plans/sparse.yaml"); code != 2 || !strings.Contains(stderr, "404 Not Found") {
		t.Errorf("missing: exit %d, %s", code, stderr)
	}
}

// TestBundleUsage: mistakes in calling bundle, and bundles lint cannot use.
func TestBundleUsage(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	_, public := writeKeys(t, dir)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"bundle"}, "give the bundle's file name with -o"},
		{[]string{"bundle", "-o", filepath.Join(dir, "b.tar.gz"), "--signing-alg", "HS256", "--signing-key", public}, `unknown signing algorithm "HS256"`},
		{[]string{"bundle", "-o", filepath.Join(dir, "b.tar.gz"), "--signing-alg", "ES256"}, "need --signing-key"},
		{[]string{"bundle", "-o", filepath.Join(dir, "b.tar.gz"), "--signing-key", public}, "the signing key is a public key"},
		{[]string{"lint", "--verification-key", public, "fixtures/plans/sparse.yaml"}, "verification-key checks a bundle: give --bundle too"},
		{[]string{"lint", "--bundle", "fixtures/plans/sparse.yaml", "fixtures/plans/sparse.yaml"}, "fixtures/plans/sparse.yaml is not a bundle plancheck can read: it is not gzip-compressed"},
		{[]string{"lint", "--bundle", "ftp://127.0.0.1/b.tar.gz", "fixtures/plans/sparse.yaml"}, "over http or https only"},
		{[]string{"lint", "--bundle", filepath.Join(dir, "none.tar.gz"), "fixtures/plans/sparse.yaml"}, "none.tar.gz"},
	} {
		_, stderr, code := run(t, "", "", c.args...)
		if code != 2 || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, %q; want %q", c.args, code, stderr, c.want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "b.tar.gz")); err == nil {
		t.Error("a refused bundle command wrote its file")
	}
	// The bundle setting, from the environment, names the catalogue too.
	b := makeBundle(t, dir)
	if _, stderr, code := invoke(t, IO{Env: []string{"PLANCHECK_BUNDLE=" + b, "PLANCHECK_VERIFICATION_KEY=" + public}}, "lint", "fixtures/plans/sparse.yaml"); code != 2 || !strings.Contains(stderr, "is not signed") {
		t.Errorf("PLANCHECK_BUNDLE: exit %d, %s", code, stderr)
	}
}

// rewriteBundle changes one file of a bundle (a .tar.gz) and writes the
// rest as it was, in the same order.
func rewriteBundle(data []byte, name string, change func([]byte) []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	tr := tar.NewReader(zr)
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	found := false
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		body, err := io.ReadAll(tr)
		if err != nil {
			return nil, err
		}
		if strings.TrimPrefix(h.Name, "/") == name {
			body, found = change(body), true
			h.Size = int64(len(body))
		}
		if err := tw.WriteHeader(h); err != nil {
			return nil, err
		}
		if _, err := tw.Write(body); err != nil {
			return nil, err
		}
	}
	if !found {
		return nil, fmt.Errorf("the bundle has no %s", name)
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
