package serve

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/plancheck/plancheck/internal/engine"
	"github.com/plancheck/plancheck/internal/plan"
	"github.com/plancheck/plancheck/internal/planschema"
	"github.com/plancheck/plancheck/internal/report"
)

// engines compiles the built-in catalogue once for the test binary.
var engines engine.Cache

// root is the repository's root, where the fixtures are.
var root = func() string {
	dir, err := filepath.Abs("../..")
	if err != nil {
		panic(err)
	}
	return dir
}()

const today = "2026-11-21"

func builtin(ctx context.Context) (Engine, error) {
	e, err := engines.Get(ctx, engine.Options{})
	if err != nil {
		return nil, err
	}
	return e, nil
}

// newServer builds a ready service on the built-in catalogue unless cfg
// names another engine.
func newServer(t testing.TB, cfg Config) *Server {
	t.Helper()
	if cfg.Engine == nil {
		cfg.Engine = builtin
	}
	cfg.Tool = report.Tool{Name: "plancheck", Version: "test"}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Prepare(context.Background()); err != nil {
		t.Fatal(err)
	}
	return s
}

// serveHTTP sends a request to the service's handler.
func serveHTTP(s *Server, req *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, req)
	return rec
}

// post sends body to target with the given headers, in pairs.
func post(s *Server, target string, body []byte, headers ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, target, bytes.NewReader(body))
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return serveHTTP(s, req)
}

func get(s *Server, target string, headers ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, target, nil)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return serveHTTP(s, req)
}

// fixture reads a file of the repository.
func fixture(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// part is one part of a multipart upload: a file when filename is set
// (even to ""), else a field.
type part struct {
	field, filename, contentType string
	file                         bool
	data                         []byte
}

func fileOfFixture(t *testing.T, name string) part {
	return part{field: "plan", filename: filepath.Base(name), file: true, data: fixture(t, name)}
}

// multipartBody builds a multipart/form-data body and its content type.
func multipartBody(t *testing.T, parts ...part) ([]byte, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for _, p := range parts {
		h := textproto.MIMEHeader{}
		if p.file {
			h.Set("Content-Disposition", `form-data; name="`+p.field+`"; filename="`+p.filename+`"`)
			ct := p.contentType
			if ct == "" {
				ct = "application/octet-stream"
			}
			h.Set("Content-Type", ct)
		} else {
			h.Set("Content-Disposition", `form-data; name="`+p.field+`"`)
		}
		w, err := mw.CreatePart(h)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(p.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes(), mw.FormDataContentType()
}

var reportSchema = sync.OnceValues(func() (*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(report.Schema))
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("report.schema.json", doc); err != nil {
		return nil, err
	}
	return c.Compile("report.schema.json")
})

// decodeReport reads a JSON report after checking it against the
// report's JSON Schema.
func decodeReport(t *testing.T, body []byte) report.Report {
	t.Helper()
	schema, err := reportSchema()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("not JSON: %v\n%.300s", err, body)
	}
	if err := schema.Validate(doc); err != nil {
		t.Errorf("the JSON report does not follow the report's schema: %v", err)
	}
	var r report.Report
	if err := json.Unmarshal(body, &r); err != nil {
		t.Fatalf("not a JSON report: %v", err)
	}
	return r
}

// decodeProblem reads an error answer.
func decodeProblem(t *testing.T, rec *httptest.ResponseRecorder) problem {
	t.Helper()
	if ct := rec.Header().Get("Content-Type"); ct != "application/problem+json" {
		t.Errorf("an error answered as %q", ct)
	}
	var p problem
	if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil {
		t.Fatalf("not a problem: %v %s", err, rec.Body)
	}
	if p.Status != rec.Code || p.Title != http.StatusText(rec.Code) || p.Detail == "" {
		t.Errorf("problem %+v for status %d", p, rec.Code)
	}
	return p
}

// gatedEngine checks plans with the built-in engine, but only once its
// gate lets each check through (or its context ends), so that tests can
// hold checks in flight.
type gatedEngine struct {
	Engine
	gate    chan struct{}
	started chan struct{}
	// stubborn checks wait for the gate even past their deadline, as an
	// evaluation that does not look at its context would.
	stubborn bool
}

func newGated(t *testing.T) *gatedEngine {
	t.Helper()
	e, err := builtin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return &gatedEngine{Engine: e, gate: make(chan struct{}), started: make(chan struct{}, 100)}
}

func (g *gatedEngine) Check(ctx context.Context, doc *plan.Document, run planschema.Run) (*report.Plan, error) {
	g.started <- struct{}{}
	if g.stubborn {
		<-g.gate
	}
	select {
	case <-g.gate:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	return g.Engine.Check(ctx, doc, run)
}

func (g *gatedEngine) build(context.Context) (Engine, error) { return g, nil }

// syncBuffer is a buffer that a logger writes from a request's goroutine
// while a test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// lines splits a JSON log into its records.
func logRecords(t *testing.T, log string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(log), "\n") {
		if line == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("a log line is not JSON: %q", line)
		}
		out = append(out, m)
	}
	return out
}

// httptestRequestChunked is a POST whose body's length is not declared,
// as a client streaming it sends it.
func httptestRequestChunked(body []byte) *http.Request {
	req := httptest.NewRequest(http.MethodPost, "/v1/check", io.MultiReader(bytes.NewReader(body)))
	req.Header.Set("Content-Type", "application/yaml")
	return req
}
