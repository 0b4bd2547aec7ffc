//go:build e2e

package cli

// The tests in this file run the real command, built once with go build:
// its peak memory, and how it dies on a signal. They take a minute, so
// they are left out of a plain go test ./... and run by .ci/run:
//
//	go test -tags e2e -run E2E ./internal/cli

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

var (
	buildOnce sync.Once
	binary    string
	buildErr  error
)

// plancheckBinary builds the command once, for the tests that need a real
// process: its peak memory, and how it dies on a signal.
func plancheckBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "plancheck-bin")
		if err != nil {
			buildErr = err
			return
		}
		binary = filepath.Join(dir, "plancheck")
		out, err := exec.Command("go", "build", "-o", binary, "../../cmd/plancheck").CombinedOutput()
		if err != nil {
			buildErr = err
			t.Log(string(out))
		}
	})
	if buildErr != nil {
		t.Fatalf("building plancheck: %v", buildErr)
	}
	return binary
}

// command runs the built plancheck with the results cache off: a run
// takes as long as it does without one (the signal tests need long runs of
// copies of one plan, which the cache would make quick), and nothing is
// written to the user's cache folder. TestE2ECache turns it on.
func command(bin string, args ...string) *exec.Cmd {
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "PLANCHECK_NO_CACHE=true")
	return cmd
}

// TestE2EGoodPlanBesideTheBrokenCorpusInOneProcess runs the real command on a
// good plan and every broken file: the good plan's verdicts are those it
// gets alone, the exit code is 2, and the process stays small.
func TestE2EGoodPlanBesideTheBrokenCorpusInOneProcess(t *testing.T) {
	bin := plancheckBinary(t)
	run := func(paths ...string) (map[string]any, int, int64) {
		cmd := command(bin, append([]string{"lint", "--today", "2026-11-21", "-f", "json"}, paths...)...)
		cmd.Dir = root
		out, _ := cmd.Output()
		var r map[string]any
		if err := json.Unmarshal(out, &r); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		rss := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss // KiB on Linux
		return r, cmd.ProcessState.ExitCode(), rss
	}
	alone, code, _ := run("fixtures/plans/northshire.yaml")
	if code != 0 {
		t.Fatalf("alone: exit %d", code)
	}
	mixed, code, rss := run("fixtures/broken", "fixtures/plans/northshire.yaml")
	if code != 2 {
		t.Errorf("beside the broken files: exit %d, want 2", code)
	}
	a, _ := json.Marshal(alone["plans"])
	m, _ := json.Marshal(mixed["plans"])
	if string(a) != string(m) {
		t.Error("the good plan's report changed beside the broken files")
	}
	broken, _ := filepath.Glob(filepath.Join(root, "fixtures/broken/*"))
	if errs, _ := mixed["errors"].([]any); len(errs) != len(broken) {
		t.Errorf("%d errors for %d broken files", len(errs), len(broken))
	}
	if rss > 100*1024 {
		t.Errorf("peak memory %d KiB, want under 100 MiB", rss)
	}
	t.Logf("peak memory %d KiB", rss)
}

// manyPlans writes n copies of a plan that misses recommendations, for
// runs long enough to be stopped.
func manyPlans(t *testing.T, n int) string {
	t.Helper()
	plans := t.TempDir()
	data, err := os.ReadFile("../../fixtures/plans/sparse.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		write(t, filepath.Join(plans, fmt.Sprintf("plan-%04d.yaml", i)), string(data))
	}
	return plans
}

// listDir names a folder's entries, hidden ones too.
func listDir(dir string) []string {
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// TestE2EInterruptLeavesNoPartialReport stops long runs with SIGINT,
// SIGTERM and SIGHUP: the report file keeps what it held before, and no
// temporary file is left.
func TestE2EInterruptLeavesNoPartialReport(t *testing.T) {
	bin := plancheckBinary(t)
	plans := manyPlans(t, 4000)
	for _, sig := range []os.Signal{os.Interrupt, syscall.SIGTERM, syscall.SIGHUP} {
		t.Run(sig.String(), func(t *testing.T) {
			out := t.TempDir()
			target := filepath.Join(out, "report.json")
			write(t, target, "the last report\n")
			cmd := command(bin, "lint", "--today", "2026-11-21", "-f", "json", "-f", "sarif="+filepath.Join(out, "report.sarif"), "-o", target, plans)
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			// Signal once the reports are being written: their temporary
			// files exist.
			deadline := time.Now().Add(20 * time.Second)
			for {
				entries, _ := os.ReadDir(out)
				if len(entries) >= 3 || time.Now().After(deadline) {
					break
				}
				time.Sleep(5 * time.Millisecond)
			}
			cmd.Process.Signal(sig)
			cmd.Wait()
			if code := cmd.ProcessState.ExitCode(); code != ExitInterrupted {
				t.Errorf("exit %d, want %d", code, ExitInterrupted)
			}
			if data, _ := os.ReadFile(target); string(data) != "the last report\n" {
				t.Errorf("the report file changed: %.60q", data)
			}
			if names := listDir(out); len(names) != 1 {
				t.Errorf("files left behind: %v", names)
			}
		})
	}
}

// TestE2EClosedStandardOutput pipes the text report into a reader that
// stops after one line, as | head -1 does, while other reports go to
// files: the run stops quietly with 141, as a process ended by SIGPIPE,
// the old report is kept and no temporary file is left.
func TestE2EClosedStandardOutput(t *testing.T) {
	bin := plancheckBinary(t)
	plans := manyPlans(t, 1500)
	out := t.TempDir()
	write(t, filepath.Join(out, "p.json"), "the last report\n")
	cmd := command(bin, "lint", "--today", "2026-11-21", "-f", "text", "-f", "json="+filepath.Join(out, "p.json"), "-f", "html="+filepath.Join(out, "p.html"), plans)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || !strings.Contains(line, "plan-0000.yaml") {
		t.Errorf("first line %q, %v", line, err)
	}
	stdout.Close()
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		t.Fatal("still running a minute after its standard output was closed")
	}
	if code := cmd.ProcessState.ExitCode(); code != ExitPipeClosed {
		t.Errorf("exit %d (%v), want %d", code, cmd.ProcessState, ExitPipeClosed)
	}
	if stderr.Len() != 0 {
		t.Errorf("stderr: %q", stderr.String())
	}
	if data, _ := os.ReadFile(filepath.Join(out, "p.json")); string(data) != "the last report\n" {
		t.Errorf("the report file changed: %.60q", data)
	}
	if names := listDir(out); len(names) != 1 {
		t.Errorf("files left behind: %v", names)
	}
}

// TestE2ESecondSignalLeavesNoTemporaryFile sends two SIGINTs in quick
// succession to long runs: the second ends the process at once, and
// leaves no temporary file either.
func TestE2ESecondSignalLeavesNoTemporaryFile(t *testing.T) {
	bin := plancheckBinary(t)
	plans := manyPlans(t, 4000)
	for i := range 5 {
		out := t.TempDir()
		target := filepath.Join(out, "report.json")
		write(t, target, "the last report\n")
		cmd := command(bin, "lint", "--today", "2026-11-21", "-f", "json", "-f", "sarif="+filepath.Join(out, "report.sarif"), "-f", "html="+filepath.Join(out, "report.html"), "-o", target, plans)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(20 * time.Second)
		for len(listDir(out)) < 4 && time.Now().Before(deadline) {
			time.Sleep(time.Millisecond)
		}
		time.Sleep(time.Duration(i) * 20 * time.Millisecond)
		cmd.Process.Signal(os.Interrupt)
		time.Sleep(time.Millisecond)
		cmd.Process.Signal(os.Interrupt)
		cmd.Wait()
		if code := cmd.ProcessState.ExitCode(); code != ExitInterrupted {
			t.Errorf("run %d: exit %d (%v), want %d", i, code, cmd.ProcessState, ExitInterrupted)
		}
		if names := listDir(out); len(names) != 1 {
			t.Errorf("run %d: files left behind: %v", i, names)
		}
	}
}

// TestE2ESecondSignalWhileWaitingForAFIFO stops a run that cannot stop by
// itself (it waits for a FIFO's reader, to write a report to it): the
// first SIGINT asks, the second ends the process, and neither leaves a
// temporary file.
func TestE2ESecondSignalWhileWaitingForAFIFO(t *testing.T) {
	bin := plancheckBinary(t)
	out := t.TempDir()
	fifo := filepath.Join(out, "report.fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := command(bin, "lint", "--today", "2026-11-21", "-f", "json="+filepath.Join(out, "report.json"), "-f", "html="+fifo, "fixtures/plans")
	cmd.Dir = root
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for len(listDir(out)) < 2 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	cmd.Process.Signal(os.Interrupt)
	time.Sleep(200 * time.Millisecond)
	cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		cmd.Process.Kill()
		t.Fatal("still running 5 s after the second SIGINT")
	}
	if code := cmd.ProcessState.ExitCode(); code != ExitInterrupted {
		t.Errorf("exit %d (%v), want %d", code, cmd.ProcessState, ExitInterrupted)
	}
	if info, err := os.Lstat(fifo); err != nil || info.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the FIFO became %v (%v)", info.Mode(), err)
	}
	if names := listDir(out); len(names) != 1 {
		t.Errorf("files left behind: %v", names)
	}
}

// TestE2EInterruptWhileReadingStandardInput stops a run that waits on a pipe
// that never ends: the first SIGINT ends it.
func TestE2EInterruptWhileReadingStandardInput(t *testing.T) {
	bin := plancheckBinary(t)
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	cmd := command(bin, "lint", "-")
	cmd.Stdin = r
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	r.Close()
	time.Sleep(300 * time.Millisecond)
	cmd.Process.Signal(os.Interrupt)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
		if code := cmd.ProcessState.ExitCode(); code != ExitInterrupted {
			t.Errorf("exit %d, want %d", code, ExitInterrupted)
		}
	case <-time.After(5 * time.Second):
		cmd.Process.Kill()
		t.Fatal("still running 5 s after SIGINT")
	}
}

// TestE2EServeStopsGracefullyOnSIGTERM runs plancheck serve as a process,
// holds a check in flight (a custom policy that runs until its deadline)
// and sends SIGTERM: the service stops taking connections, answers the
// check in flight, and exits 0.
func TestE2EServeStopsGracefullyOnSIGTERM(t *testing.T) {
	bin := plancheckBinary(t)
	cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--policy", "fixtures/custom/slow", "--timeout", "2s")
	cmd.Dir = root
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var log strings.Builder
	cmd.Stderr = &log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	m := regexp.MustCompile(`(http://[^ ]+/)`).FindString(line)
	if err != nil || m == "" {
		t.Fatalf("serve said %q: %v", line, err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		resp, err := http.Get(m + "readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("not ready: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	answered := make(chan int, 1)
	go func() {
		resp, err := http.Post(m+"v1/check", "application/yaml", strings.NewReader("plancheck: 1\norganisation: {name: slow}\n"))
		if err != nil {
			answered <- 0
			return
		}
		resp.Body.Close()
		answered <- resp.StatusCode
	}()
	time.Sleep(300 * time.Millisecond) // the check is in flight
	start := time.Now()
	cmd.Process.Signal(syscall.SIGTERM)
	time.Sleep(200 * time.Millisecond)
	if c, err := net.DialTimeout("tcp", strings.TrimSuffix(strings.TrimPrefix(m, "http://"), "/"), time.Second); err == nil {
		c.Close()
		t.Error("the service still takes connections after SIGTERM")
	}
	if code := <-answered; code != http.StatusUnprocessableEntity {
		t.Errorf("the check in flight was answered %d, want its deadline's 422", code)
	}
	if err := cmd.Wait(); err != nil {
		t.Errorf("serve exited with %v after SIGTERM:\n%s", err, log.String())
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("the shutdown took %v", d)
	}
	for _, want := range []string{`"msg":"shutting down","in_flight":1`, `"msg":"stopped"`} {
		if !strings.Contains(log.String(), want) {
			t.Errorf("the log lacks %s:\n%s", want, log.String())
		}
	}
}

// TestE2ECache runs the real command over one cache folder from several
// processes at once, cold, then warm: every report is the report of a run
// without the cache, and no entry is left half written.
func TestE2ECache(t *testing.T) {
	bin := plancheckBinary(t)
	cache := t.TempDir()
	plans := manyPlans(t, 50)
	for _, f := range []string{"northshire.yaml", "northshire.json", "northshire.toml", "waivers.yaml", "sparse.yaml"} {
		data, err := os.ReadFile(filepath.Join(root, "fixtures/plans", f))
		if err != nil {
			t.Fatal(err)
		}
		write(t, filepath.Join(plans, "fixtures", f), string(data))
	}
	lint := func(flags ...string) (string, error) {
		cmd := exec.Command(bin, append(append([]string{"lint", "--today", "2026-11-21", "-f", "json"}, flags...), plans)...)
		cmd.Env = append(os.Environ(), "PLANCHECK_CACHE_DIR="+cache)
		out, err := cmd.Output()
		if code := cmd.ProcessState.ExitCode(); code != 1 {
			return string(out), fmt.Errorf("exit %d: %v", code, err)
		}
		return string(out), nil
	}
	want, err := lint("--no-cache")
	if err != nil {
		t.Fatal(err)
	}
	for _, round := range []string{"cold", "warm"} {
		var wg sync.WaitGroup
		for p := range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				out, err := lint()
				if err != nil || out != want {
					t.Errorf("%s, process %d: %v; the report differs from one without the cache: %v", round, p, err, out != want)
				}
			}()
		}
		wg.Wait()
	}
	if tmp, _ := filepath.Glob(filepath.Join(cache, "v1", "*", ".tmp-*")); len(tmp) > 0 {
		t.Errorf("temporary files left: %v", tmp)
	}
	if entries, _ := filepath.Glob(filepath.Join(cache, "v1", "*", "*")); len(entries) != 6 {
		t.Errorf("%d entries for 6 different plans", len(entries))
	}
}
