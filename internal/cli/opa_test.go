//go:build opa

package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/plancheck/plancheck/internal/bundle"
	"github.com/plancheck/plancheck/internal/check"
	"github.com/plancheck/plancheck/internal/engine"
	"github.com/plancheck/plancheck/internal/loader"
	"github.com/plancheck/plancheck/internal/plan"
	"github.com/plancheck/plancheck/internal/plangen"
)

// The proof that the bundle runs where policy already runs: a stock OPA
// server, built from the OPA module plancheck depends on, loads the signed
// bundle from a bundle server on loopback, decides on every fixture plan
// and 200 generated ones posted as written, and agrees with plancheck lint
// (see bundle.Compare for exactly what is compared); its decision logs
// name the bundle's revision; and a second server refuses a tampered copy.
//
//	go test -tags opa -count=1 -run OPAServer -v ./internal/cli
//
// PLANCHECK_OPA names an opa command to use; without it, opa v1.22.0 is
// built from .ci/opa (which pins the version plancheck embeds) into the
// user's cache folder, once.

const opaVersion = "1.22.0"

const opaToday = "2026-11-21"

func TestOPAServer(t *testing.T) {
	opa := opaCommand(t)
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	dir := t.TempDir()
	private, public := writeKeys(t, dir)
	b := makeBundle(t, dir, "--signing-key", private, "--signing-alg", "RS256")
	signed, err := os.ReadFile(b)
	if err != nil {
		t.Fatal(err)
	}
	loaded, err := bundle.Read(signed, bundle.ReadOptions{Name: b})
	if err != nil {
		t.Fatal(err)
	}
	revision := loaded.Revision

	// Every fixture plan, and 200 generated ones with gaps, wrong values
	// and blanks, in the three syntaxes.
	genDir := filepath.Join(dir, "generated")
	opts := plangen.DefaultOptions
	opts.Seed = 7
	opts.Blanks = 0.03
	opts.Syntaxes = []plan.Syntax{plan.YAML, plan.JSON, plan.TOML}
	g := plangen.New(opts)
	for i := range 200 {
		name, data, err := g.Plan(i)
		if err != nil {
			t.Fatal(err)
		}
		write(t, filepath.Join(genDir, name), string(data))
	}
	results := map[string][]check.Result{}
	for _, folder := range []string{"fixtures/plans", genDir} {
		for file, rs := range lintJSON(t, folder) {
			results[file] = rs
		}
	}
	if len(results) < 207 {
		t.Fatalf("lint reported %d plans", len(results))
	}
	var format []string
	for _, r := range catalogue(t).Rules {
		if r.Kind == check.Format {
			format = append(format, r.ID)
		}
	}

	// The bundle server, on loopback, and the OPA server polling it.
	bundles := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/bundles/catalogue.tar.gz":
			_, _ = w.Write(signed)
		case "/bundles/tampered.tar.gz":
			data, err := rewriteBundle(signed, "wade-gery/digital-inclusion/digital_inclusion.rego", func(src []byte) []byte {
				return append(src, []byte("\napplicable := false\n")...)
			})
			if err != nil {
				http.Error(w, err.Error(), http.StatusInternalServerError)
				return
			}
			_, _ = w.Write(data)
		default:
			http.NotFound(w, r)
		}
	}))
	defer bundles.Close()
	key, err := os.ReadFile(public)
	if err != nil {
		t.Fatal(err)
	}
	server := startOPA(ctx, t, opa, dir, "good", bundles.URL, "catalogue.tar.gz", string(key))
	if !server.waitHealthy(ctx, 90*time.Second) {
		t.Fatalf("the OPA server did not activate the bundle:\n%s", server.log.tail())
	}

	// Each plan, posted as written, and compared.
	var files []string
	for f := range results {
		files = append(files, f)
	}
	sort.Strings(files)
	compared, findings, disagree := 0, 0, 0
	formatTable := map[string]int{}
	for _, file := range files {
		path := file
		if !filepath.IsAbs(path) {
			path = filepath.Join(root, file)
		}
		doc, err := loader.Loader{}.LoadFile(path)
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		raw, err := ast.JSON(engine.Raw(doc.Root))
		if err != nil {
			t.Fatal(err)
		}
		d := server.decide(ctx, t, map[string]any{"plan": raw, "today": opaToday})
		diffs := bundle.Compare(results[file], format, d)
		for _, diff := range diffs {
			t.Errorf("%s: %s", file, diff)
		}
		if len(diffs) > 0 {
			disagree++
		}
		compared++
		for _, r := range results[file] {
			if !contains(format, r.ID) {
				findings += len(r.Findings)
			} else {
				formatTable[fmt.Sprintf("plancheck %s (%s), server %s", r.Status, findingsWord(len(r.Findings)), d.Status[r.ID])]++
			}
		}
	}
	t.Logf("%d plans posted as written to stock OPA %s; %d disagree; %d recommendation results and %d findings compared (status, level and path, waiver)",
		compared, opaVersion, disagree, compared*(len(catalogue(t).Rules)-len(format)), findings)
	for _, k := range sortedKeys(formatTable) {
		t.Logf("plan-format: %s: %d plans", k, formatTable[k])
	}

	// The decision logs name each check with the bundle's revision. The
	// server writes them after it answers, so the last may come a moment
	// after the last response: wait for them, for a while.
	logged := 0
	for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		logged = 0
		for _, line := range strings.Split(server.log.String(), "\n") {
			if strings.Contains(line, `"decision_id"`) && strings.Contains(line, `"revision":"`+revision+`"`) && strings.Contains(line, "plancheck/server/report") {
				logged++
			}
		}
		if logged >= compared || time.Now().After(deadline) {
			break
		}
	}
	if logged < compared {
		t.Errorf("%d decisions logged with revision %s, for %d posted", logged, revision, compared)
	}
	t.Logf("decision logs: %d entries on the console with bundle revision %s", logged, revision)

	// A second server, given a copy changed after signing, refuses it.
	tampered := startOPA(ctx, t, opa, dir, "tampered", bundles.URL, "tampered.tar.gz", string(key))
	refusal := tampered.waitLog(ctx, 60*time.Second, "digest mismatch")
	if refusal == "" {
		t.Fatalf("the tampered bundle was not refused:\n%s", tampered.log.tail())
	}
	t.Logf("tampered bundle refused by the server: %s", refusal)
	if tampered.healthy(ctx) {
		t.Error("the server with the tampered bundle says it is healthy")
	}
	if d := tampered.post(ctx, t, map[string]any{"plan": map[string]any{"plancheck": 1}, "today": opaToday}); d != "{}" {
		t.Errorf("the server with the tampered bundle decided: %s", d)
	}
}

// opaCommand finds or builds the opa command, or skips the test with one
// line that says why.
func opaCommand(t *testing.T) string {
	t.Helper()
	path := os.Getenv("PLANCHECK_OPA")
	if path == "" {
		cache, err := os.UserCacheDir()
		if err != nil {
			t.Skipf("skipped: no opa command (no cache folder to build it in: %v); set PLANCHECK_OPA", err)
		}
		path = filepath.Join(cache, "plancheck-ci", "bin", "opa-v"+opaVersion)
		if _, err := os.Stat(path); err != nil {
			build := exec.Command("go", "build", "-o", path, "github.com/open-policy-agent/opa")
			build.Dir = filepath.Join(root, ".ci", "opa")
			if out, err := build.CombinedOutput(); err != nil {
				t.Skipf("skipped: cannot build opa from .ci/opa (%v: %s); set PLANCHECK_OPA to an opa v%s", err, firstLine(out), opaVersion)
			}
		}
	}
	out, err := exec.Command(path, "version").Output()
	if err != nil {
		t.Skipf("skipped: %s does not run: %v", path, err)
	}
	if !strings.Contains(string(out), "Version: "+opaVersion+"\n") {
		t.Fatalf("%s is not opa v%s:\n%s", path, opaVersion, out)
	}
	return path
}

func firstLine(b []byte) string {
	s, _, _ := strings.Cut(strings.TrimSpace(string(b)), "\n")
	return s
}

// opaServer is an opa run -s started by the test.
type opaServer struct {
	addr string
	log  *syncBuffer
}

// startOPA starts an OPA server on a free loopback port, polling the
// bundle server for resource, verifying signatures with key and logging
// decisions to the console. It is stopped when the test ends.
func startOPA(ctx context.Context, t *testing.T, opa, dir, name, bundleURL, resource, key string) *opaServer {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	config := fmt.Sprintf(`services:
  catalogue:
    url: %s/bundles
bundles:
  plancheck:
    service: catalogue
    resource: %s
    polling:
      min_delay_seconds: 1
      max_delay_seconds: 2
    signing:
      keyid: plancheck
keys:
  plancheck:
    algorithm: RS256
    key: |
%s
decision_logs:
  console: true
`, bundleURL, resource, indent(key, "      "))
	configFile := filepath.Join(dir, name+".yaml")
	write(t, configFile, config)
	logs := &syncBuffer{}
	cmd := exec.CommandContext(ctx, opa, "run", "--server", "--addr", addr, "--config-file", configFile, "--log-format", "json", "--log-level", "info")
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	return &opaServer{addr: addr, log: logs}
}

func indent(s, by string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return by + strings.Join(lines, "\n"+by)
}

func (s *opaServer) healthy(ctx context.Context) bool {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+s.addr+"/health?bundles=true", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return false
	}
	_ = resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

func (s *opaServer) waitHealthy(ctx context.Context, limit time.Duration) bool {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) && ctx.Err() == nil {
		if s.healthy(ctx) {
			return true
		}
		time.Sleep(200 * time.Millisecond)
	}
	return false
}

// waitLog waits for a log line that contains text, and returns it.
func (s *opaServer) waitLog(ctx context.Context, limit time.Duration, text string) string {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) && ctx.Err() == nil {
		for _, line := range strings.Split(s.log.String(), "\n") {
			if strings.Contains(line, text) {
				return line
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	return ""
}

// post sends an input to the server entrypoint and returns the answer.
func (s *opaServer) post(ctx context.Context, t *testing.T, input any) string {
	t.Helper()
	body, err := json.Marshal(map[string]any{"input": input})
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, "http://"+s.addr+"/v1/data/"+bundle.Entrypoint, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	var out bytes.Buffer
	if _, err := out.ReadFrom(resp.Body); err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("the server answered %s: %s", resp.Status, out.String())
	}
	var answer map[string]json.RawMessage
	if err := json.Unmarshal(out.Bytes(), &answer); err != nil {
		t.Fatal(err)
	}
	if r, ok := answer["result"]; ok {
		return string(r)
	}
	return "{}"
}

func (s *opaServer) decide(ctx context.Context, t *testing.T, input any) bundle.Decision {
	t.Helper()
	var d bundle.Decision
	if err := json.Unmarshal([]byte(s.post(ctx, t, input)), &d); err != nil {
		t.Fatal(err)
	}
	return d
}

// lintJSON runs plancheck lint on a folder and returns each plan's
// results, by file as the report names it.
func lintJSON(t *testing.T, folder string) map[string][]check.Result {
	t.Helper()
	out, stderr, code := run(t, "", "", "lint", "--today", opaToday, "--format", "json", folder)
	if code != 0 && code != 1 {
		t.Fatalf("lint %s: exit %d, %s", folder, code, stderr)
	}
	var report struct {
		Plans []struct {
			File    string         `json:"file"`
			Results []check.Result `json:"results"`
		} `json:"plans"`
	}
	if err := json.Unmarshal([]byte(out), &report); err != nil {
		t.Fatal(err)
	}
	results := map[string][]check.Result{}
	for _, p := range report.Plans {
		results[p.File] = p.Results
	}
	return results
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func findingsWord(n int) string {
	if n == 0 {
		return "no findings"
	}
	return "findings"
}

func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// syncBuffer collects a process's output while the test reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func (b *syncBuffer) tail() string {
	s := b.String()
	if len(s) > 4000 {
		s = s[len(s)-4000:]
	}
	return s
}
