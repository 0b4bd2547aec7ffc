package serve

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestDeadline: a request whose plans take longer than --timeout to check
// is a 422 that says why, and is counted.
func TestDeadline(t *testing.T) {
	t.Parallel()
	g := newGated(t) // never opened: every check waits for its deadline
	s := newServer(t, Config{Engine: g.build, Timeout: 50 * time.Millisecond})
	start := time.Now()
	rec := post(s, "/v1/check", fixture(t, "fixtures/plans/sparse.yaml"), "Content-Type", "application/yaml")
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
	if p := decodeProblem(t, rec); !strings.Contains(p.Detail, "took longer than 50ms") || !strings.Contains(p.Detail, "--timeout") {
		t.Errorf("detail %q", p.Detail)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("the deadline of 50ms took %v", d)
	}
	if m := get(s, "/metrics").Body.String(); !strings.Contains(m, `plancheck_checks_rejected_total{reason="deadline"} 1`) {
		t.Error("the missed deadline is not counted")
	}
	// The page says it in words, on a page.
	body, ct := multipartBody(t, fileOfFixture(t, "fixtures/plans/sparse.yaml"))
	rec = post(s, "/check", body, "Content-Type", ct)
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "took longer than 50ms") || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
		t.Errorf("the page: %d %s", rec.Code, rec.Body)
	}
}

// TestConcurrencyCapAndQueue holds one check in flight with one request
// queued behind it: the next request is refused at once with 429 and
// Retry-After; once the check is let through, both held requests are
// answered. A request that waits in the queue longer than the check
// timeout is refused too.
func TestConcurrencyCapAndQueue(t *testing.T) {
	t.Parallel()
	g := newGated(t)
	s := newServer(t, Config{Engine: g.build, MaxChecks: 1, Queue: 1, Timeout: 5 * time.Second})
	plan := fixture(t, "fixtures/plans/sparse.yaml")
	var wg sync.WaitGroup
	codes := make([]int, 2)
	for i := range codes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i] = post(s, "/v1/check", plan, "Content-Type", "application/yaml").Code
		}()
		if i == 0 {
			<-g.started // the first is checking
		}
	}
	waitFor(t, func() bool { return s.limit.waiting() == 1 })
	metrics := get(s, "/metrics").Body.String()
	if !strings.Contains(metrics, "plancheck_checks_in_flight 1") || !strings.Contains(metrics, "plancheck_checks_queued 1") {
		t.Errorf("in flight and queued gauges:\n%s", grep(metrics, "plancheck_checks_"))
	}
	rec := post(s, "/v1/check", plan, "Content-Type", "application/yaml")
	if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") != "1" {
		t.Fatalf("beyond the queue: %d, Retry-After %q", rec.Code, rec.Header().Get("Retry-After"))
	}
	if p := decodeProblem(t, rec); !strings.Contains(p.Detail, "queue is full") {
		t.Errorf("detail %q", p.Detail)
	}
	// A request refused for a full queue is refused before its body is
	// read: refusing must cost less than checking.
	var read atomic.Bool
	req := httptest.NewRequest(http.MethodPost, "/v1/check", readerFunc(func([]byte) (int, error) {
		read.Store(true)
		return 0, io.EOF
	}))
	if rec := serveHTTP(s, req); rec.Code != http.StatusTooManyRequests || read.Load() {
		t.Errorf("a second request beyond the queue: %d, body read %v", rec.Code, read.Load())
	}
	close(g.gate)
	wg.Wait()
	if codes[0] != http.StatusOK || codes[1] != http.StatusOK {
		t.Errorf("the held requests: %v", codes)
	}
	if m := get(s, "/metrics").Body.String(); !strings.Contains(m, `plancheck_checks_rejected_total{reason="queue_full"} 2`) || !strings.Contains(m, `plancheck_http_requests_total{code="429",route="/v1/check"} 2`) {
		t.Errorf("the refusal is not counted:\n%s", grep(m, "rejected"))
	}

	// A request behind a check that does not stop at its deadline (it
	// ignores its context) is answered within about the check timeout
	// too: either its wait in the queue runs out (429), or lint gives up
	// on the held check at its deadline, the slot frees, and the waiting
	// request's own check runs out (422). (TestLimiter holds the queue's
	// own bound alone.)
	g2 := newGated(t)
	g2.stubborn = true
	s2 := newServer(t, Config{Engine: g2.build, MaxChecks: 1, Queue: 4, Timeout: 100 * time.Millisecond, WriteTimeout: time.Second})
	done := make(chan int)
	go func() { done <- post(s2, "/v1/check", plan, "Content-Type", "application/yaml").Code }()
	<-g2.started
	start := time.Now()
	rec = post(s2, "/v1/check", plan, "Content-Type", "application/yaml")
	if rec.Code != http.StatusTooManyRequests && rec.Code != http.StatusUnprocessableEntity || time.Since(start) > 2*time.Second {
		t.Errorf("a request behind a stubborn check: %d after %v %s", rec.Code, time.Since(start), rec.Body)
	}
	close(g2.gate)
	// The held check ends after its deadline: refused, or answered late
	// when its evaluation finished before the deadline's cancellation ran.
	if code := <-done; code != http.StatusUnprocessableEntity && code != http.StatusOK {
		t.Errorf("the held check past its deadline: %d", code)
	}
}

// TestLimiter: slots and queue are counted and given back, and a client
// that goes away leaves the queue.
func TestLimiter(t *testing.T) {
	t.Parallel()
	l := newLimiter(2, 1, time.Minute)
	ctx := context.Background()
	r1, err1 := l.acquire(ctx)
	r2, err2 := l.acquire(ctx)
	if err1 != nil || err2 != nil || l.running() != 2 || l.waiting() != 0 {
		t.Fatalf("two slots: %v %v, running %d", err1, err2, l.running())
	}
	gone, cancel := context.WithCancel(ctx)
	waited := make(chan error)
	go func() {
		_, err := l.acquire(gone)
		waited <- err
	}()
	waitFor(t, func() bool { return l.waiting() == 1 })
	if _, err := l.acquire(ctx); !errors.Is(err, errQueueFull) {
		t.Errorf("past the queue: %v", err)
	}
	cancel()
	if err := <-waited; !errors.Is(err, context.Canceled) || l.waiting() != 0 {
		t.Errorf("a client gone from the queue: %v, %d waiting", err, l.waiting())
	}
	r1()
	r3, err := l.acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	r2()
	r3()
	if l.running() != 0 || l.waiting() != 0 {
		t.Errorf("after release: %d running, %d waiting", l.running(), l.waiting())
	}
}

// TestNotReadyUntilCompiled: before the engine is built the service is
// alive but not ready, and says so to checks; once built it is ready.
func TestNotReadyUntilCompiled(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	s, err := New(Config{Engine: func(ctx context.Context) (Engine, error) {
		<-release
		return builtin(ctx)
	}})
	if err != nil {
		t.Fatal(err)
	}
	if rec := get(s, "/healthz"); rec.Code != http.StatusOK || rec.Body.String() != "ok\n" {
		t.Errorf("/healthz: %d %q", rec.Code, rec.Body)
	}
	for _, rec := range []*httptest.ResponseRecorder{
		get(s, "/readyz"),
		post(s, "/v1/check", []byte("plancheck: 1\n")),
		get(s, "/v1/rules"),
		get(s, "/v1/rules/plan-format"),
	} {
		if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") != "1" {
			t.Errorf("before the policies are compiled: %d, Retry-After %q", rec.Code, rec.Header().Get("Retry-After"))
		}
		decodeProblem(t, rec)
	}
	body, ct := multipartBody(t, fileOfFixture(t, "fixtures/plans/sparse.yaml"))
	if rec := post(s, "/check", body, "Content-Type", ct); rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "still starting") {
		t.Errorf("the page's check before ready: %d", rec.Code)
	}
	close(release)
	if err := s.Prepare(context.Background()); err != nil {
		t.Fatal(err)
	}
	if rec := get(s, "/readyz"); rec.Code != http.StatusOK {
		t.Errorf("/readyz once compiled: %d %s", rec.Code, rec.Body)
	}
	s.draining.Store(true)
	if rec := get(s, "/readyz"); rec.Code != http.StatusServiceUnavailable || !strings.Contains(decodeProblem(t, rec).Detail, "shutting down") {
		t.Errorf("/readyz while shutting down: %d", rec.Code)
	}
}

// TestEngineThatFailsStopsTheService: policies that do not compile are
// the service's error, said once.
func TestEngineThatFailsStopsTheService(t *testing.T) {
	t.Parallel()
	s, err := New(Config{Engine: func(context.Context) (Engine, error) { return nil, errors.New("policy x.rego: rego_parse_error") }})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Prepare(context.Background()); err == nil || !strings.Contains(err.Error(), "compiling the policies: policy x.rego") {
		t.Errorf("Prepare: %v", err)
	}
	if rec := get(s, "/readyz"); rec.Code != http.StatusServiceUnavailable {
		t.Errorf("/readyz: %d", rec.Code)
	}
}

// TestConfigIsChecked: settings that cannot work are refused when the
// service is built.
func TestConfigIsChecked(t *testing.T) {
	t.Parallel()
	if _, err := New(Config{}); err == nil {
		t.Error("a service with no engine")
	}
	if _, err := New(Config{Engine: builtin, Timeout: time.Minute, WriteTimeout: 30 * time.Second}); err == nil || !strings.Contains(err.Error(), "write timeout") {
		t.Errorf("a write timeout shorter than a check: %v", err)
	}
	if _, err := New(Config{Engine: builtin, FailOn: "sometimes"}); err == nil {
		t.Error("an unknown gate")
	}
	s, err := New(Config{Engine: builtin})
	if err != nil {
		t.Fatal(err)
	}
	c := s.cfg
	if c.MaxChecks < 1 || c.Queue != 8*c.MaxChecks || c.MaxBodySize != 8<<20 || c.WriteTimeout <= c.Timeout || c.ShutdownTimeout <= c.Timeout {
		t.Errorf("defaults: %+v", c)
	}
}

// waitFor polls cond for up to five seconds.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("timed out waiting")
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// grep keeps the lines of text that hold s.
func grep(text, s string) string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		if strings.Contains(line, s) {
			out = append(out, line)
		}
	}
	return strings.Join(out, "\n")
}

type readerFunc func([]byte) (int, error)

func (f readerFunc) Read(p []byte) (int, error) { return f(p) }
