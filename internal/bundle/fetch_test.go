package bundle

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// quickRetry stands in for the second Fetch waits before its retry, so
// that the cases that retry do not each cost the test a second.
const quickRetry = 10 * time.Millisecond

// TestFetch: a bundle comes over http within a time and a size; a failure
// to answer is retried once, nothing more, and nothing but http(s) is
// fetched.
func TestFetch(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	var calls atomic.Int32
	var agent atomic.Value
	mux := http.NewServeMux()
	mux.HandleFunc("/ok", func(w http.ResponseWriter, r *http.Request) {
		agent.Store(r.UserAgent())
		_, _ = w.Write([]byte("bundle"))
	})
	mux.HandleFunc("/flaky", func(w http.ResponseWriter, _ *http.Request) {
		if calls.Add(1)%2 == 1 {
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		_, _ = w.Write([]byte("bundle"))
	})
	var down atomic.Int32
	mux.HandleFunc("/down", func(w http.ResponseWriter, _ *http.Request) {
		down.Add(1)
		http.Error(w, "down", http.StatusBadGateway)
	})
	var missing atomic.Int32
	mux.HandleFunc("/missing", func(w http.ResponseWriter, r *http.Request) {
		missing.Add(1)
		http.NotFound(w, r)
	})
	mux.HandleFunc("/huge", func(w http.ResponseWriter, _ *http.Request) {
		chunk := make([]byte, 1<<20)
		for range MaxSize>>20 + 1 {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	mux.HandleFunc("/elsewhere", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "file:///etc/passwd", http.StatusFound)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	if data, err := Fetch(ctx, srv.URL+"/ok", "plancheck/test"); err != nil || string(data) != "bundle" || agent.Load() != "plancheck/test" {
		t.Errorf("ok: %q %v %v", data, err, agent.Load())
	}
	if data, err := fetch(ctx, srv.URL+"/flaky", "plancheck/test", FetchTimeout, quickRetry); err != nil || string(data) != "bundle" {
		t.Errorf("flaky: %q %v", data, err)
	}
	if _, err := fetch(ctx, srv.URL+"/down", "plancheck/test", FetchTimeout, quickRetry); err == nil || !strings.Contains(err.Error(), "502") || down.Load() != 2 {
		t.Errorf("down: %v after %d tries", err, down.Load())
	}
	if _, err := fetch(ctx, srv.URL+"/missing", "plancheck/test", FetchTimeout, quickRetry); err == nil || !strings.Contains(err.Error(), "404") || missing.Load() != 1 {
		t.Errorf("missing: %v after %d tries", err, missing.Load())
	}
	if _, err := fetch(ctx, srv.URL+"/huge", "plancheck/test", FetchTimeout, quickRetry); err == nil || !strings.Contains(err.Error(), "over the limit of 16 MiB") {
		t.Errorf("huge: %v", err)
	}
	start := time.Now()
	if _, err := fetch(ctx, srv.URL+"/slow", "plancheck/test", 300*time.Millisecond, retryDelay); err == nil || time.Since(start) > 3*time.Second {
		t.Errorf("slow: %v after %v", err, time.Since(start))
	}
	if _, err := fetch(ctx, srv.URL+"/elsewhere", "plancheck/test", FetchTimeout, quickRetry); err == nil || !strings.Contains(err.Error(), "not http(s)") {
		t.Errorf("a redirect to a file: %v", err)
	}
	for _, addr := range []string{"ftp://127.0.0.1/b.tar.gz", "file:///etc/passwd"} {
		if _, err := fetch(ctx, addr, "plancheck/test", FetchTimeout, quickRetry); err == nil || !strings.Contains(err.Error(), "http or https only") {
			t.Errorf("%s: %v", addr, err)
		}
	}
}
