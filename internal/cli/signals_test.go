package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
)

// cancelOnWrite is standard output that a signal hits as soon as the
// report starts going to it, which the JSON report does only once every
// plan is checked: at the final write.
type cancelOnWrite struct {
	cancel context.CancelFunc
	mu     sync.Mutex
	n      int
}

func (c *cancelOnWrite) Write(p []byte) (int, error) {
	c.cancel()
	c.mu.Lock()
	c.n += len(p)
	c.mu.Unlock()
	return len(p), nil
}

// TestSignalDuringTheFinalWrite stops a run while its reports are being
// finished: no report file is replaced, none is left half written, and
// the run exits 130.
func TestSignalDuringTheFinalWrite(t *testing.T) {
	t.Parallel()
	dir := plansIn(t)
	for _, f := range []string{"r.sarif", "r.html"} {
		write(t, filepath.Join(dir, f), "the last report")
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := &cancelOnWrite{cancel: cancel}
	var errOut strings.Builder
	code := Main(ctx, []string{"lint", "--today", "2026-11-21", "-f", "json", "-f", "sarif=r.sarif", "-f", "html=r.html", "-f", "junit=r.xml", "plan.yaml"},
		IO{Dir: dir, In: strings.NewReader(""), Out: out, Err: &errOut, Engines: &engines})
	if code != ExitInterrupted {
		t.Errorf("exit %d, want %d (%s)", code, ExitInterrupted, errOut.String())
	}
	if out.n == 0 {
		t.Fatal("the run never reached its final write")
	}
	files := snapshot(t, dir)
	for _, f := range []string{"r.sarif", "r.html"} {
		if files[f] != "the last report" {
			t.Errorf("%s changed: %.40q", f, files[f])
		}
	}
	if len(files) != 4 {
		t.Errorf("files left: %v", keys(files))
	}
}

// closedPipe is standard output whose reader has gone.
type closedPipe struct{}

func (closedPipe) Write([]byte) (int, error) {
	return 0, &os.PathError{Op: "write", Path: "/dev/stdout", Err: syscall.EPIPE}
}

// TestClosedStandardOutput stops a run whose standard output's reader has
// gone, as `| head -1` does: no report file is replaced or left half
// written, nothing is said, and the exit code is 141, as for SIGPIPE.
func TestClosedStandardOutput(t *testing.T) {
	t.Parallel()
	dir := plansIn(t)
	write(t, filepath.Join(dir, "r.json"), "the last report")
	var errOut strings.Builder
	code := Main(context.Background(), []string{"lint", "--today", "2026-11-21", "-f", "text", "-f", "json=r.json", "-f", "html=r.html", "plan.yaml"},
		IO{Dir: dir, In: strings.NewReader(""), Out: closedPipe{}, Err: &errOut, Engines: &engines})
	if code != ExitPipeClosed || errOut.Len() != 0 {
		t.Errorf("exit %d, stderr %q; want %d and nothing", code, errOut.String(), ExitPipeClosed)
	}
	files := snapshot(t, dir)
	if files["r.json"] != "the last report" || len(files) != 3 {
		t.Errorf("files after: %v", keys(files))
	}
	// Any command stops the same way.
	errOut.Reset()
	if code := Main(context.Background(), []string{"rules"}, IO{Dir: dir, Out: closedPipe{}, Err: &errOut, Engines: &engines}); code != ExitPipeClosed || errOut.Len() != 0 {
		t.Errorf("rules: exit %d, stderr %q", code, errOut.String())
	}
}
