package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/plancheck/plancheck/internal/check"
	"github.com/plancheck/plancheck/internal/report"
)

// lockedBuffer is written by the service's goroutines while a test reads
// it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

var servingOn = regexp.MustCompile(`serving on (http://[^ ]+/)`)

// startServe runs plancheck serve with args in the repository's folder
// until the test ends, and returns the page's address once the service is
// ready, and what it wrote.
func startServe(t *testing.T, env []string, args ...string) (url string, out, errOut *lockedBuffer) {
	t.Helper()
	out, errOut = &lockedBuffer{}, &lockedBuffer{}
	ctx, stop := context.WithCancel(context.Background())
	code := make(chan int, 1)
	go func() {
		code <- Main(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), IO{
			In: strings.NewReader(""), Out: out, Err: errOut, Dir: root, Env: env, Engines: &engines,
		})
	}()
	t.Cleanup(func() {
		stop()
		select {
		case c := <-code:
			if c != 0 {
				t.Errorf("serve exited %d after SIGTERM: %s", c, errOut)
			}
		case <-time.After(20 * time.Second):
			t.Error("serve did not stop")
		}
	})
	deadline := time.Now().Add(20 * time.Second)
	for {
		if m := servingOn.FindStringSubmatch(out.String()); m != nil {
			url = m[1]
			break
		}
		select {
		case c := <-code:
			t.Fatalf("serve exited %d: %s", c, errOut)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve did not say where it listens: %q %q", out, errOut)
		}
		time.Sleep(5 * time.Millisecond)
	}
	for {
		resp, err := http.Get(url + "readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return url, out, errOut
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve did not become ready: %v %s", err, errOut)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestServeChecksAndStops runs the command: it serves the checks with the
// settings it was given (a custom policy folder, the environment's gate),
// logs JSON, and stops cleanly when its context ends, as on SIGTERM.
func TestServeChecksAndStops(t *testing.T) {
	t.Parallel()
	url, _, errOut := startServe(t, []string{"PLANCHECK_FAIL_ON=never"}, "--policy", "fixtures/custom/trust", "--skip", "wg-spend-reprioritised")
	plan, err := os.ReadFile(filepath.Join(root, "fixtures/plans/sparse.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Post(url+"v1/check?today=2026-11-21", "application/yaml", bytes.NewReader(plan))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	r := decode(t, string(body))
	if resp.StatusCode != http.StatusOK || len(r.Plans) != 1 || r.Tool.Version != version || r.Summary.FailOn != report.FailOnNever || !r.Summary.Passed {
		t.Errorf("%d: %d plans, tool %+v, summary %+v", resp.StatusCode, len(r.Plans), r.Tool, r.Summary)
	}
	if r.Selection.Source != "flag" || len(r.Selection.Skip) != 1 {
		t.Errorf("selection %+v", r.Selection)
	}
	custom := false
	for _, res := range r.Plans[0].Results {
		custom = custom || res.ID == "local-clinical-safety"
		if res.ID == "wg-spend-reprioritised" && res.Status != check.Skipped {
			t.Errorf("a rule left out by --skip is %s", res.Status)
		}
	}
	if !custom {
		t.Error("the custom policy was not checked")
	}
	resp, err = http.Get(url + "v1/rules/local-clinical-safety")
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Errorf("the custom rule's explanation: %v %v", err, resp)
	}
	resp.Body.Close()
	log := errOut.String()
	for _, want := range []string{`"msg":"listening"`, `"msg":"ready"`, `"msg":"request"`, `"route":"/v1/check"`} {
		if !strings.Contains(log, want) {
			t.Errorf("the log lacks %s:\n%s", want, log)
		}
	}
	for _, line := range strings.Split(strings.TrimSpace(log), "\n") {
		if !json.Valid([]byte(line)) {
			t.Errorf("a log line is not JSON: %q", line)
		}
	}
}

// TestServeSettingsAreChecked: settings that cannot work are usage errors
// before anything listens.
func TestServeSettingsAreChecked(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		args []string
		env  []string
		says string
	}{
		{[]string{"--timeout", "0s"}, nil, "timeout must be a duration"},
		{[]string{"--read-timeout", "-1s"}, nil, "read-timeout must be a duration"},
		{nil, []string{"PLANCHECK_WRITE_TIMEOUT=soon"}, "write-timeout must be a duration"},
		{[]string{"--timeout", "1m", "--write-timeout", "30s"}, nil, "must be longer than the check timeout"},
		{[]string{"--max-checks", "-1"}, nil, "max-checks must be a whole number"},
		{nil, []string{"PLANCHECK_QUEUE=many"}, "queue must be a whole number"},
		{[]string{"--log-level", "loud"}, nil, "log-level must be debug, info, warn or error"},
		{[]string{"--fail-on", "sometimes"}, nil, "fail-on must be must, should or never"},
		{[]string{"--max-file-size", "lots"}, nil, "max-file-size"},
		{[]string{"--evidence-root", "no/such/folder"}, nil, "evidence-root no/such/folder is not a folder"},
		{[]string{"--addr", "127.0.0.1:99999"}, nil, "listening on 127.0.0.1:99999"},
		{[]string{"extra"}, nil, "unknown command"},
		{[]string{"--addr", "127.0.0.1:0", "--only", "wg-digital-inclusio"}, nil, `did you mean "wg-digital-inclusion"`},
	} {
		_, stderr, code := invoke(t, IO{Env: c.env}, append([]string{"serve"}, c.args...)...)
		if code != 2 || !strings.Contains(stderr, c.says) {
			t.Errorf("serve %v %v: exit %d %q, want 2 and %q", c.args, c.env, code, stderr, c.says)
		}
	}
}

// TestServeOpensTheBrowser: --open runs the system's opener found on the
// IO's PATH, in the IO's environment, with the page's address; without
// one, it prints the address to open.
func TestServeOpensTheBrowser(t *testing.T) {
	t.Parallel()
	if runtime.GOOS != "linux" {
		t.Skip("the opener under test is xdg-open")
	}
	bin := t.TempDir()
	opened := filepath.Join(t.TempDir(), "opened")
	script := "#!/bin/sh\nprintf '%s %s' \"$1\" \"$PLANCHECK_TEST_MARK\" > \"$OPENED\"\n"
	write(t, filepath.Join(bin, "xdg-open"), script)
	if err := os.Chmod(filepath.Join(bin, "xdg-open"), 0o755); err != nil {
		t.Fatal(err)
	}
	url, _, _ := startServe(t, []string{"PATH=" + bin, "OPENED=" + opened, "PLANCHECK_TEST_MARK=from-io"}, "--open")
	deadline := time.Now().Add(10 * time.Second)
	for {
		data, _ := os.ReadFile(opened)
		if string(data) == url+" from-io" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("xdg-open was given %q, want %q", data, url+" from-io")
		}
		time.Sleep(10 * time.Millisecond)
	}

	url, out, _ := startServe(t, []string{"PATH=" + t.TempDir()}, "--open")
	deadline = time.Now().Add(10 * time.Second)
	for !strings.Contains(out.String(), "could not open a browser") {
		if time.Now().After(deadline) {
			t.Fatalf("no word when no browser opens: %q", out)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if !strings.Contains(out.String(), "open "+url+" in yours") {
		t.Errorf("the address is not printed: %q", out)
	}
}

// TestServeDeadlineStopsARealEvaluation: a custom policy that would take
// minutes on a plan is stopped at --timeout, and the request is a 422
// that says why; the service goes on answering.
func TestServeDeadlineStopsARealEvaluation(t *testing.T) {
	t.Parallel()
	url, _, _ := startServe(t, nil, "--policy", "fixtures/custom/slow", "--timeout", "300ms")
	start := time.Now()
	resp, err := http.Post(url+"v1/check", "application/yaml", strings.NewReader("plancheck: 1\norganisation: {name: slow}\n"))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(body), "took longer than 300ms") {
		t.Errorf("%d %s", resp.StatusCode, body)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("the deadline of 300ms took %v", d)
	}
	resp, err = http.Post(url+"v1/check", "application/yaml", strings.NewReader("plancheck: 1\norganisation: {name: quick}\n"))
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Errorf("after a missed deadline: %v %v", err, resp)
	}
	resp.Body.Close()
}
