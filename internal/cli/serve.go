package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/plancheck/plancheck/internal/lint"
	"github.com/plancheck/plancheck/internal/report"
	"github.com/plancheck/plancheck/internal/serve"
)

// DefaultAddr is where plancheck serve listens unless told: this machine
// only, so that a planner's laptop serves nobody else by accident.
const DefaultAddr = "127.0.0.1:8080"

func newServeCommand(stdio IO) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "serve [flags]",
		Short: "Serve the checks over HTTP, with a page where a planner drops a plan and sees its scorecard",
		Long: `Serve the checks over HTTP: an API for planning portals, and a web page where
a planner drops a plan (or pastes it) and sees its scorecard.

  POST /v1/check        a plan (YAML, JSON or TOML) in the body, or files in a
                        multipart/form-data upload; the answer is the report:
                        JSON by default, or ?report= or Accept for another format
  GET  /v1/rules        the catalogue; /v1/rules/ID explains one rule
  GET  /healthz         the process is up; /readyz: the policies are compiled
  GET  /metrics         Prometheus metrics
  GET  /                the page

The service keeps nothing between requests: run as many copies as needed
behind a load balancer. A plan sent to it has no folder, so the evidence
files it cites are looked for only in --evidence-root, and its report says
when they were not. SIGINT or SIGTERM stops it gracefully: it stops
accepting connections, answers the requests in flight, and exits 0.`,
		Example: `  plancheck serve --open
  plancheck serve --addr :8080 --policy policies/trust
  curl -H 'Content-Type: application/yaml' --data-binary @plan.yaml http://127.0.0.1:8080/v1/check`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runServe(cmd, stdio) },
	}
	f := cmd.Flags()
	f.String("addr", DefaultAddr, "listen on `HOST:PORT` (:8080 for every interface; port 0 picks a free one)")
	f.StringArray("policy", nil, "also check against the custom policies in `DIR` (repeatable)")
	f.String("max-file-size", "8MiB", "refuse requests larger than this: the size limit of a plan, such as 512KiB or 8MiB")
	f.Duration("timeout", lint.DefaultTimeout, "give up on a request whose plans take longer than this to check (422)")
	f.String("evidence-root", "", "look for the evidence files plans cite in `DIR`; without it, evidence is not checked, as a plan sent over HTTP has no folder")
	f.Bool("no-evidence-check", false, "do not check that the evidence files plans cite exist")
	f.String("fail-on", "must", "the gate each report's summary is judged against: must, should or never")
	f.StringSlice("only", nil, "report only these recommendation `ids` or frameworks (comma-separated or repeated)")
	f.StringSlice("skip", nil, "leave these recommendation `ids` or frameworks out of every report")
	f.Int("max-checks", 0, "check at most this many requests at once (default: one per CPU)")
	f.Int("queue", 0, "let at most this many more requests wait for a check, then answer 429 (default: 8 per check)")
	f.Duration("read-timeout", 30*time.Second, "give up on a request that takes longer than this to arrive")
	f.Duration("write-timeout", 0, "give up on an answer that takes longer than this from the end of the request's headers (default: --timeout plus 30s)")
	f.Duration("idle-timeout", 2*time.Minute, "close a kept-alive connection idle for this long")
	f.Duration("shutdown-timeout", 0, "on SIGTERM, wait this long for the requests in flight (default: --timeout plus 10s)")
	f.String("log-level", "info", "log `LEVEL`: debug (also health checks and metrics scrapes), info, warn or error")
	f.Bool("open", false, "open the page in the default browser once the service is ready")
	return cmd
}

func runServe(cmd *cobra.Command, stdio IO) error {
	ctx := cmd.Context()
	cfg, err := loadConfig(cmd, stdio)
	if err != nil {
		return err
	}
	failOn, err := report.ParseFailOn(cfg.str("fail_on"))
	if err != nil {
		return usageError("%v", err)
	}
	maxSize, err := parseSize(cfg.str("max_file_size"))
	if err != nil {
		return usageError("max-file-size: %v", err)
	}
	durations := map[string]time.Duration{}
	for _, key := range []string{"timeout", "read_timeout", "write_timeout", "idle_timeout", "shutdown_timeout"} {
		d, err := time.ParseDuration(cfg.str(key))
		if err != nil || d < 0 || (d == 0 && (key == "timeout" || key == "read_timeout" || key == "idle_timeout")) {
			return usageError("%s must be a duration such as 10s or 1m, not %q", settings[key], cfg.str(key))
		}
		durations[key] = d
	}
	counts := map[string]int{}
	for _, key := range []string{"max_checks", "queue"} {
		n, err := strconv.Atoi(cfg.str(key))
		if err != nil || n < 0 {
			return usageError("%s must be a whole number, 0 for the default, not %q", settings[key], cfg.str(key))
		}
		counts[key] = n
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(cfg.str("log_level"))); err != nil {
		return usageError("log-level must be debug, info, warn or error, not %q", cfg.str("log_level"))
	}
	evidenceCheck, err := cfg.evidenceCheck(cmd)
	if err != nil {
		return err
	}
	evidenceRoot := cfg.str("evidence_root")
	if evidenceRoot != "" && evidenceCheck {
		if info, err := os.Stat(stdio.path(evidenceRoot)); err != nil || !info.IsDir() {
			return usageError("evidence-root %s is not a folder", evidenceRoot)
		}
	}
	logger := slog.New(slog.NewJSONHandler(stdio.Err, &slog.HandlerOptions{Level: level}))
	srv, err := serve.New(serve.Config{
		// The engine is built when the service starts, from the settings
		// resolved here: the built-in catalogue and the custom policies.
		Engine: func(ctx context.Context) (serve.Engine, error) {
			eng, err := compile(cmd, stdio, cfg)
			if err != nil {
				return nil, err
			}
			return eng, nil
		},
		Tool:            report.Tool{Name: "plancheck", Version: version},
		FailOn:          failOn,
		Only:            cfg.list("only"),
		Skip:            cfg.list("skip"),
		SelectionSource: cfg.source(cmd, stdio, "only", "skip"),
		MaxBodySize:     maxSize,
		Timeout:         durations["timeout"],
		MaxChecks:       counts["max_checks"],
		Queue:           counts["queue"],
		Dir:             stdio.Dir,
		EvidenceRoot:    evidenceRoot,
		NoEvidenceCheck: !evidenceCheck,
		ReadTimeout:     durations["read_timeout"],
		WriteTimeout:    durations["write_timeout"],
		IdleTimeout:     durations["idle_timeout"],
		ShutdownTimeout: durations["shutdown_timeout"],
		Logger:          logger,
	})
	if err != nil {
		return usageError("%v", err)
	}
	addr := cfg.str("addr")
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		return failure(fmt.Errorf("listening on %s: %w", addr, err))
	}
	open, _ := cmd.Flags().GetBool("open")
	// The browser is opened beside the service; the command waits for
	// the opener before it returns, so that nothing is written after.
	var opening sync.WaitGroup
	err = srv.Run(ctx, ln, func(a net.Addr) {
		url := pageURL(a)
		fmt.Fprintf(stdio.Out, "plancheck: serving on %s (stop with Ctrl+C)\n", url)
		if !open {
			return
		}
		opening.Add(1)
		go func() {
			defer opening.Done()
			// Opened once the page can check a plan.
			if srv.Prepare(ctx) != nil || ctx.Err() != nil {
				return
			}
			if err := openBrowser(ctx, stdio, url); err != nil && ctx.Err() == nil {
				fmt.Fprintf(stdio.Out, "plancheck: could not open a browser (%v): open %s in yours\n", err, url)
			}
		}()
	})
	opening.Wait()
	if err != nil {
		return failure(err)
	}
	return nil
}

// pageURL is the page's address for a browser on this machine: a service
// on every interface is reached on the loopback one.
func pageURL(a net.Addr) string {
	host, port, err := net.SplitHostPort(a.String())
	if err != nil {
		return "http://" + a.String() + "/"
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "127.0.0.1"
		if ip != nil && ip.To4() == nil {
			host = "::1"
		}
	}
	return "http://" + net.JoinHostPort(host, port) + "/"
}

// browsers are the commands that open an address in the default browser,
// by system: $BROWSER first when it is set, as on Linux desktops.
func browsers(stdio IO) [][]string {
	var out [][]string
	if b := strings.TrimSpace(stdio.getenv("BROWSER")); b != "" {
		out = append(out, []string{b})
	}
	switch runtime.GOOS {
	case "darwin":
		out = append(out, []string{"open"})
	case "windows":
		out = append(out, []string{"rundll32", "url.dll,FileProtocolHandler"})
	default:
		out = append(out, []string{"xdg-open"})
	}
	return out
}

// openBrowser opens url with the first of the system's openers that
// works, found on the IO's PATH and run in its environment.
func openBrowser(ctx context.Context, stdio IO, url string) error {
	var errs []error
	for _, c := range browsers(stdio) {
		bin, err := lookPath(c[0], stdio.getenv("PATH"))
		if err != nil {
			errs = append(errs, err)
			continue
		}
		octx, cancel := context.WithTimeout(ctx, 10*time.Second)
		run := exec.CommandContext(octx, bin, append(c[1:], url)...)
		run.Env, run.Dir = stdio.Env, stdio.Dir
		err = run.Run()
		cancel()
		if err == nil {
			return nil
		}
		errs = append(errs, fmt.Errorf("%s: %w", c[0], err))
	}
	return errors.Join(errs...)
}

// lookPath finds an executable on a PATH that is given, not the
// process's own.
func lookPath(name, pathList string) (string, error) {
	if strings.ContainsRune(name, filepath.Separator) {
		return name, nil
	}
	exts := []string{""}
	if runtime.GOOS == "windows" {
		exts = []string{".exe", ".com", ".bat", ".cmd"}
	}
	for _, dir := range filepath.SplitList(pathList) {
		if dir == "" {
			continue
		}
		for _, ext := range exts {
			p := filepath.Join(dir, name+ext)
			if info, err := os.Stat(p); err == nil && info.Mode().IsRegular() && (runtime.GOOS == "windows" || info.Mode().Perm()&0o111 != 0) {
				return p, nil
			}
		}
	}
	return "", fmt.Errorf("%s: %w", name, fs.ErrNotExist)
}
