package serve

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/plancheck/plancheck/internal/check"
	"github.com/plancheck/plancheck/internal/plan"
	"github.com/plancheck/plancheck/internal/render"
)

// TestRules: the catalogue, and one rule explained with what a bare plan
// is told about it; an unknown id is a 404 with a suggestion.
func TestRules(t *testing.T) {
	t.Parallel()
	s := newServer(t, Config{Now: func() time.Time { return time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC) }})
	rec := get(s, "/v1/rules")
	var cat catalogueJSON
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "application/json" || json.Unmarshal(rec.Body.Bytes(), &cat) != nil {
		t.Fatalf("/v1/rules: %d %s", rec.Code, rec.Body)
	}
	st := s.state()
	if cat.CatalogueVersion != st.cat.Version || len(cat.Rules) != len(st.cat.Rules) || len(cat.Frameworks) == 0 || cat.Rules[0].Source.Document == "" || cat.Rules[0].Remediation == "" {
		t.Errorf("catalogue: version %d, %d rules, %d frameworks", cat.CatalogueVersion, len(cat.Rules), len(cat.Frameworks))
	}
	for _, id := range []string{"wg-digital-inclusion", "wg-multidisciplinary-delivery", "plan-format"} {
		rec := get(s, "/v1/rules/"+id)
		var e struct {
			check.Rule
			Misses []check.Finding     `json:"misses"`
			Words  map[string][]string `json:"words"`
		}
		if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &e) != nil {
			t.Fatalf("/v1/rules/%s: %d %s", id, rec.Code, rec.Body)
		}
		if e.ID != id || e.Title == "" || len(e.Meets) == 0 || e.Example == "" || len(e.Misses) == 0 {
			t.Errorf("%s explained as %+v", id, e)
		}
		for _, list := range e.Vocabulary {
			if len(e.Words[list]) == 0 {
				t.Errorf("%s: no words for %s", id, list)
			}
		}
		// Twice the same: the explanation is kept for the day.
		if again := get(s, "/v1/rules/"+id); again.Body.String() != rec.Body.String() {
			t.Errorf("%s: a second explanation differs", id)
		}
	}
	rec = get(s, "/v1/rules/wg-digital-inclusio")
	if rec.Code != http.StatusNotFound || !strings.Contains(decodeProblem(t, rec).Detail, `did you mean "wg-digital-inclusion"?`) {
		t.Errorf("an unknown rule: %d %s", rec.Code, rec.Body)
	}
}

// TestMetrics: the Prometheus text format from the service's own
// registry, counting requests by route and status, checks, plans and
// verdicts; nothing from the process's default registry.
func TestMetrics(t *testing.T) {
	t.Parallel()
	s := newServer(t, Config{})
	post(s, "/v1/check?today="+today, fixture(t, "fixtures/plans/northshire.yaml"), "Content-Type", "application/yaml")
	post(s, "/v1/check", fixture(t, "fixtures/broken/tabs.yaml"), "Content-Type", "application/yaml")
	post(s, "/v1/check?reprot=1", nil)
	get(s, "/v1/rules/nope")
	get(s, "/no/such/page")
	rec := get(s, "/metrics")
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/plain; version=0.0.4") {
		t.Fatalf("/metrics: %d %q", rec.Code, rec.Header().Get("Content-Type"))
	}
	m := rec.Body.String()
	for _, want := range []string{
		`plancheck_http_requests_total{code="200",route="/v1/check"} 2`,
		`plancheck_http_requests_total{code="400",route="/v1/check"} 1`,
		`plancheck_http_requests_total{code="404",route="/v1/rules/{id}"} 1`,
		`plancheck_http_requests_total{code="404",route="unmatched"} 1`,
		`plancheck_check_duration_seconds_count 2`,
		`plancheck_plans_checked_total{outcome="checked"} 1`,
		`plancheck_plans_checked_total{outcome="unreadable"} 1`,
		`plancheck_verdicts_total{recommendation="wg-digital-inclusion",status="met"} 1`,
		`plancheck_verdicts_total{recommendation="wg-digital-inclusion",status="missed"} 0`,
		`plancheck_checks_in_flight 0`,
		`plancheck_build_info{catalogue_version="2",version="test"} 1`,
		`# TYPE plancheck_check_duration_seconds histogram`,
		`plancheck_http_request_duration_seconds_bucket{route="/v1/check",le="+Inf"} 3`,
		`process_resident_memory_bytes`,
		`go_goroutines`,
	} {
		if !strings.Contains(m, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	// Two services count apart: each has a registry of its own.
	if other := get(newServer(t, Config{}), "/metrics").Body.String(); strings.Contains(other, `route="/v1/check"`) {
		t.Error("a second service shows the first one's requests")
	}
}

// TestAccessLog: a JSON line per request with its route, status, size,
// time and id, and nothing of the plan it carried.
func TestAccessLog(t *testing.T) {
	t.Parallel()
	var log syncBuffer
	s := newServer(t, Config{Logger: slog.New(slog.NewJSONHandler(&log, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	secret := "Secret Valley Health Board 7f3a"
	plan := bytes.Replace(fixture(t, "fixtures/plans/sparse.yaml"), []byte("Riverside Primary Care Network"), []byte(secret), 1)
	rec := post(s, "/v1/check?name=upload.yaml", plan, "Content-Type", "application/yaml", "X-Request-Id", "portal-42", "X-Forwarded-For", "203.0.113.9")
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), secret) || rec.Header().Get("X-Request-Id") != "portal-42" {
		t.Fatalf("%d, request id %q", rec.Code, rec.Header().Get("X-Request-Id"))
	}
	post(s, "/v1/check?format=xml", plan)
	get(s, "/healthz")
	text := log.String()
	if strings.Contains(text, secret) || strings.Contains(text, "Riverside") {
		t.Errorf("the log holds the plan's contents:\n%s", text)
	}
	var reqs []map[string]any
	for _, r := range logRecords(t, text) {
		if r["msg"] == "request" {
			reqs = append(reqs, r)
		}
	}
	if len(reqs) != 3 {
		t.Fatalf("%d request lines:\n%s", len(reqs), text)
	}
	first := reqs[0]
	for k, v := range map[string]any{"request_id": "portal-42", "method": "POST", "route": "/v1/check", "status": 200.0, "plans": 1.0, "report": "json", "forwarded_for": "203.0.113.9", "level": "INFO"} {
		if first[k] != v {
			t.Errorf("%s is %v, want %v", k, first[k], v)
		}
	}
	if first["bytes"].(float64) != float64(rec.Body.Len()) || first["duration_ms"] == nil || first["remote"] == nil {
		t.Errorf("size, time or remote: %v", first)
	}
	if reqs[1]["status"] != 400.0 || !strings.Contains(reqs[1]["problem"].(string), "unknown plan format") {
		t.Errorf("a refused request: %v", reqs[1])
	}
	if reqs[2]["route"] != "/healthz" || reqs[2]["level"] != "DEBUG" {
		t.Errorf("a probe: %v", reqs[2])
	}
	// An id that is not a plain token is replaced, not logged.
	rec = post(s, "/v1/check", plan, "Content-Type", "application/yaml", "X-Request-Id", "a\"b c")
	if id := rec.Header().Get("X-Request-Id"); !regexp.MustCompile(`^[0-9a-f]{16}$`).MatchString(id) {
		t.Errorf("request id %q", id)
	}
}

// TestPanicIsA500: a handler that fails answers 500 with the request id,
// and the service goes on.
func TestPanicIsA500(t *testing.T) {
	t.Parallel()
	var log syncBuffer
	s := newServer(t, Config{Logger: slog.New(slog.NewJSONHandler(&log, nil))})
	h := s.observe(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") }))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	if rec.Code != http.StatusInternalServerError || !strings.Contains(decodeProblem(t, rec).Detail, rec.Header().Get("X-Request-Id")) {
		t.Errorf("%d %s", rec.Code, rec.Body)
	}
	if !strings.Contains(log.String(), `"panic":"boom"`) {
		t.Errorf("the panic is not logged: %s", log.String())
	}
}

// TestGracefulShutdown runs the service on a loopback port, holds a check
// in flight and stops the service: it stops taking connections, answers
// the check in flight, and Run returns nil.
func TestGracefulShutdown(t *testing.T) {
	t.Parallel()
	g := newGated(t)
	s := newServer(t, Config{Engine: g.build, ShutdownTimeout: 10 * time.Second})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	ran := make(chan error, 1)
	addrs := make(chan net.Addr, 1)
	go func() { ran <- s.Run(ctx, ln, func(a net.Addr) { addrs <- a }) }()
	url := "http://" + (<-addrs).String()
	waitFor(t, func() bool {
		resp, err := http.Get(url + "/readyz")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	})
	type answer struct {
		code int
		body string
		err  error
	}
	answered := make(chan answer, 1)
	go func() {
		resp, err := http.Post(url+"/v1/check?today="+today, "application/yaml", bytes.NewReader(fixture(t, "fixtures/plans/sparse.yaml")))
		if err != nil {
			answered <- answer{err: err}
			return
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		answered <- answer{resp.StatusCode, string(body), err}
	}()
	<-g.started
	stop() // as SIGTERM does
	waitFor(t, func() bool {
		c, err := net.DialTimeout("tcp", ln.Addr().String(), 100*time.Millisecond)
		if err != nil {
			return true
		}
		c.Close()
		return false
	})
	if !s.draining.Load() {
		t.Error("the service does not say it is shutting down")
	}
	select {
	case err := <-ran:
		t.Fatalf("Run returned before the check in flight was answered: %v", err)
	default:
	}
	close(g.gate)
	a := <-answered
	if a.err != nil || a.code != http.StatusOK || !strings.Contains(a.body, `"report_version": 2`) {
		t.Errorf("the check in flight: %d %v %.200s", a.code, a.err, a.body)
	}
	if err := <-ran; err != nil {
		t.Errorf("Run: %v", err)
	}
}

// TestShutdownGivesUpAfterItsTimeout: a check that will not finish does
// not hold the process for ever.
func TestShutdownGivesUpAfterItsTimeout(t *testing.T) {
	t.Parallel()
	g := newGated(t)
	g.stubborn = true
	defer close(g.gate)
	s := newServer(t, Config{Engine: g.build, ShutdownTimeout: 100 * time.Millisecond})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	ran := make(chan error, 1)
	go func() { ran <- s.Run(ctx, ln, nil) }()
	go func() {
		resp, err := http.Post("http://"+ln.Addr().String()+"/v1/check", "application/yaml", strings.NewReader("plancheck: 1\n"))
		if err == nil {
			resp.Body.Close()
		}
	}()
	<-g.started
	stop()
	select {
	case err := <-ran:
		if err == nil || !strings.Contains(err.Error(), "still in flight") {
			t.Errorf("Run: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the shutdown did not give up")
	}
}

// TestRunFailsWhenThePoliciesDoNot: Run returns the engine's error.
func TestRunFailsWhenThePoliciesDoNot(t *testing.T) {
	t.Parallel()
	s, err := New(Config{Engine: func(context.Context) (Engine, error) { return nil, errors.New("bad policy") }})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Run(context.Background(), ln, nil); err == nil || !strings.Contains(err.Error(), "bad policy") {
		t.Errorf("Run: %v", err)
	}
	if _, err := net.Dial("tcp", ln.Addr().String()); err == nil {
		t.Error("the listener is still open")
	}
}

func TestNegotiate(t *testing.T) {
	t.Parallel()
	for accept, want := range map[string]render.Format{
		"":                                  render.JSON,
		"*/*":                               render.JSON,
		"application/*":                     render.JSON,
		"text/*":                            render.Text,
		"text/html":                         render.HTML,
		"text/html;q=0.1, application/json": render.JSON,
		"*/*;q=0.9, text/markdown;q=0.9":    render.Markdown,
		"application/xml;q=0.2, text/plain;q=0.3": render.Text,
		"image/png, nonsense, */*;q=0.5":          render.JSON,
		"text/html;q=0, application/sarif+json":   render.SARIF,
	} {
		if got, ok := negotiate(accept); !ok || got != want {
			t.Errorf("Accept %q: %q, want %q", accept, got, want)
		}
	}
	for _, accept := range []string{"image/png", "text/html;q=0", "application/pdf;q=1"} {
		if f, ok := negotiate(accept); ok {
			t.Errorf("Accept %q: %q, want none", accept, f)
		}
	}
}

func TestSyntaxOfContentType(t *testing.T) {
	t.Parallel()
	for ct, want := range map[string]plan.Syntax{
		"": plan.YAML, "application/yaml": plan.YAML, "text/x-yaml; charset=utf-8": plan.YAML,
		"application/json": plan.JSON, "application/vnd.nhs.plan+json": plan.JSON,
		"application/toml": plan.TOML, "text/plain": plan.YAML, "application/octet-stream": plan.YAML,
	} {
		if got, ok := syntaxOf(ct); !ok || got != want {
			t.Errorf("%q: %q %v, want %q", ct, got, ok, want)
		}
	}
	for _, ct := range []string{"image/png", "application/x-www-form-urlencoded", "text/html", ";;"} {
		if got, ok := syntaxOf(ct); ok {
			t.Errorf("%q read as %q", ct, got)
		}
	}
}

func TestSniffAndNames(t *testing.T) {
	t.Parallel()
	for text, want := range map[string]plan.Syntax{
		"  {\"plancheck\": 1}":              plan.JSON,
		"# a plan\nplancheck = 1\n":         plan.TOML,
		"[organisation]\nname = \"x\"\n":    plan.TOML,
		"plancheck: 1\n":                    plan.YAML,
		"# comment\n- a list\n":             plan.YAML,
		"organisation: {name: \"a = b\"}\n": plan.YAML,
	} {
		if got := sniff([]byte(text)); got != want {
			t.Errorf("sniff(%q) = %q, want %q", text, got, want)
		}
	}
	for in, want := range map[string]string{
		"plan.yaml":               "plan.yaml",
		`C:\Users\me\plan.yaml`:   "plan.yaml",
		"../../etc/passwd":        "passwd",
		"/":                       "",
		"..":                      "",
		"bad\x1b[31mname.yaml":    "bad_[31mname.yaml",
		strings.Repeat("a", 300):  strings.Repeat("a", 120),
		"Plan für Nordshire.yaml": "Plan für Nordshire.yaml",
	} {
		if got := cleanName(in); got != want {
			t.Errorf("cleanName(%q) = %q, want %q", in, got, want)
		}
	}
	us := []upload{{name: "plan.yaml"}, {name: "plan.yaml"}, {name: "other"}, {name: "plan.yaml"}}
	uniqueNames(us)
	if us[0].name != "plan.yaml" || us[1].name != "plan (2).yaml" || us[3].name != "plan (3).yaml" || us[2].name != "other" {
		t.Errorf("names %+v", us)
	}
	if n := downloadName([]upload{{name: "Trust plan 2026.yaml"}}); n != "plancheck-Trust-plan-2026" {
		t.Errorf("download name %q", n)
	}
	if n := downloadName([]upload{{name: "a"}, {name: "b"}}); n != "plancheck-report" {
		t.Errorf("download name for two plans %q", n)
	}
}

// TestConnectionTimeouts runs the service on loopback ports with short
// timeouts: a request that arrives too slowly is cut off, an answer that
// is ready only after the write timeout is not sent, and an idle
// kept-alive connection is closed.
func TestConnectionTimeouts(t *testing.T) {
	t.Parallel()
	// listen runs a service until the test ends and returns its address.
	listen := func(cfg Config) string {
		s := newServer(t, cfg)
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		ctx, stop := context.WithCancel(context.Background())
		ran := make(chan error, 1)
		go func() { ran <- s.Run(ctx, ln, nil) }()
		t.Cleanup(func() {
			stop()
			<-ran
		})
		return ln.Addr().String()
	}
	// closedWithin reads from c until the service closes it.
	closedWithin := func(c net.Conn, d time.Duration) (string, bool) {
		_ = c.SetReadDeadline(time.Now().Add(d))
		data, err := io.ReadAll(c)
		var ne net.Error
		return string(data), !(errors.As(err, &ne) && ne.Timeout())
	}
	dial := func(addr, request string) net.Conn {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		if _, err := io.WriteString(c, request); err != nil {
			t.Fatal(err)
		}
		return c
	}
	short := Config{Timeout: 50 * time.Millisecond, WriteTimeout: 300 * time.Millisecond, ReadTimeout: 300 * time.Millisecond, IdleTimeout: 300 * time.Millisecond}
	addr := listen(short)

	start := time.Now()
	slow := dial(addr, "POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/yaml\r\nContent-Length: 100\r\n\r\nplancheck: 1\n")
	if answer, closed := closedWithin(slow, 5*time.Second); !closed || time.Since(start) > 3*time.Second || strings.Contains(answer, "200 OK") {
		t.Errorf("a request that never finishes arriving: closed %v after %v, answered %q", closed, time.Since(start), answer)
	}

	start = time.Now()
	idle := dial(addr, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
	answer, closed := closedWithin(idle, 5*time.Second)
	if !closed || !strings.HasPrefix(answer, "HTTP/1.1 200 OK") || time.Since(start) > 3*time.Second {
		t.Errorf("an idle kept-alive connection: closed %v after %v, answered %q", closed, time.Since(start), answer)
	}

	// A check that does not stop at its deadline (it ignores its context)
	// still does not hold the connection: lint gives up on the plan at the
	// deadline, and the answer is a 422 long before the check ends.
	g := newGated(t)
	g.stubborn = true
	held := short
	held.Engine = g.build
	addr = listen(held)
	start = time.Now()
	c := dial(addr, "POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/yaml\r\nContent-Length: 13\r\n\r\nplancheck: 1\n")
	<-g.started
	time.AfterFunc(2*time.Second, func() { close(g.gate) })
	answer, _ = closedWithin(c, 5*time.Second)
	if !strings.HasPrefix(answer, "HTTP/1.1 422 ") || time.Since(start) > 1500*time.Millisecond {
		t.Errorf("a check that ignores its deadline: answered after %v: %q", time.Since(start), answer)
	}
}
