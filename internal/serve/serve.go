// Package serve is plancheck's checking service: an HTTP API that checks
// plans sent to it and answers with a report in any of plancheck's
// formats, the rule catalogue, health and readiness probes, Prometheus
// metrics, and a web page where a planner drops a plan and sees its
// scorecard.
//
// A server holds no state between requests beyond the compiled policies
// and its metrics, so that it scales by running more copies behind any
// load balancer. Each request's plans are checked as plancheck lint
// checks a plan read from standard input (lint.CheckReader), and written
// by the same report writers.
package serve

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/plancheck/plancheck/internal/check"
	"github.com/plancheck/plancheck/internal/lint"
	"github.com/plancheck/plancheck/internal/loader"
	"github.com/plancheck/plancheck/internal/report"
)

// Engine checks plans and describes its rules; *engine.Engine is the one
// plancheck uses. It must be safe for concurrent use.
type Engine interface {
	lint.Checker
	Catalogue() *check.Catalogue
	// Vocabulary returns the word lists the rules match free text
	// against, by name.
	Vocabulary() map[string][]string
	// Misses returns what a plan without what the rule asks for is told.
	Misses(ctx context.Context, r check.Rule, today time.Time) ([]check.Finding, error)
}

// Config describes a service. The zero value of a duration or a count
// means its default.
type Config struct {
	// Engine builds the engine plans are checked with. It is called once,
	// when the service starts (Prepare or Run); the service is ready once
	// it returns. The command passes one that compiles the built-in
	// catalogue and the custom policies; any other source of policies
	// (a bundle) is another such function.
	Engine func(ctx context.Context) (Engine, error)
	// Tool names the program in reports.
	Tool report.Tool
	// FailOn is the gate each report's summary is judged against.
	FailOn report.FailOn
	// Only and Skip leave rules out of every report, as lint's --only and
	// --skip do (rule ids or frameworks); SelectionSource says where they
	// were set, for reports to record ("none" when unset).
	Only, Skip      []string
	SelectionSource string
	// MaxBodySize bounds a request's body, as --max-file-size bounds a plan
	// file; default loader.DefaultMaxFileSize. A multipart upload may add
	// MultipartOverhead for its framing.
	MaxBodySize int64
	// Timeout bounds the checking of one request's plans; default
	// lint.DefaultTimeout.
	Timeout time.Duration
	// MaxChecks is how many requests are checked at once; default one per
	// CPU, as plans are checked on a CPU each.
	MaxChecks int
	// Queue is how many more requests may wait for a check to finish,
	// each for at most Timeout; default 8 per check. Beyond it a request
	// is refused at once with 429.
	Queue int
	// Dir is the folder an evidence root is taken from.
	Dir string
	// EvidenceRoot, when set, is the folder the evidence files that plans
	// cite are looked for in. An uploaded plan has no folder of its own:
	// without a root its evidence is not checked, and its report says so.
	EvidenceRoot string
	// NoEvidenceCheck leaves evidence unchecked even with a root.
	NoEvidenceCheck bool
	// ReadTimeout, WriteTimeout and IdleTimeout bound a connection: the
	// request, the response (from the end of the request's headers), and
	// the wait for the next request. Defaults 30s, Timeout+30s and 2m.
	ReadTimeout, WriteTimeout, IdleTimeout time.Duration
	// ShutdownTimeout is how long a shutdown waits for requests in flight
	// to finish; default Timeout+10s.
	ShutdownTimeout time.Duration
	// Logger receives the access log and the server's own messages;
	// default none.
	Logger *slog.Logger
	// Now is the clock, for a report's date when the request gives none;
	// default time.Now.
	Now func() time.Time
}

// MultipartOverhead is what a multipart upload may add to MaxBodySize for
// its boundaries, part headers and form fields.
const MultipartOverhead = 64 << 10

// MaxPlans bounds the plans of one request: a request is checked as one
// unit, within one deadline.
const MaxPlans = 100

func (c Config) withDefaults() Config {
	if c.MaxBodySize <= 0 {
		c.MaxBodySize = loader.DefaultMaxFileSize
	}
	if c.Timeout <= 0 {
		c.Timeout = lint.DefaultTimeout
	}
	if c.MaxChecks <= 0 {
		c.MaxChecks = runtime.GOMAXPROCS(0)
	}
	if c.Queue <= 0 {
		c.Queue = 8 * c.MaxChecks
	}
	if c.ReadTimeout <= 0 {
		c.ReadTimeout = 30 * time.Second
	}
	if c.WriteTimeout <= 0 {
		c.WriteTimeout = c.Timeout + 30*time.Second
	}
	if c.IdleTimeout <= 0 {
		c.IdleTimeout = 2 * time.Minute
	}
	if c.ShutdownTimeout <= 0 {
		c.ShutdownTimeout = c.Timeout + 10*time.Second
	}
	if c.FailOn == "" {
		c.FailOn = report.FailOnMust
	}
	if c.SelectionSource == "" {
		c.SelectionSource = "none"
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return c
}

// Server is the service.
type Server struct {
	cfg     Config
	handler http.Handler
	metrics *metrics
	limit   *limiter
	// eng is set once the engine is built: until then the service is not
	// ready.
	eng      atomic.Pointer[ready]
	draining atomic.Bool
	prepare  sync.Once
	prepErr  error
	explain  explanations
}

// ready is what the service holds once it is ready.
type ready struct {
	eng Engine
	cat *check.Catalogue
	// sel is the rules reported, and rules those rules.
	sel   *check.Selection
	rules []check.Rule
}

// New builds a service; it checks nothing until Prepare or Run has built
// its engine.
func New(cfg Config) (*Server, error) {
	if cfg.Engine == nil {
		return nil, errors.New("serve: no engine to check plans with")
	}
	if _, err := report.ParseFailOn(string(cfg.FailOn)); cfg.FailOn != "" && err != nil {
		return nil, err
	}
	cfg = cfg.withDefaults()
	if cfg.WriteTimeout <= cfg.Timeout {
		return nil, fmt.Errorf("the write timeout (%v) must be longer than the check timeout (%v), or every slow check would lose its answer", cfg.WriteTimeout, cfg.Timeout)
	}
	s := &Server{cfg: cfg, limit: newLimiter(cfg.MaxChecks, cfg.Queue, cfg.Timeout)}
	s.metrics = newMetrics(s)
	s.handler = s.routes()
	return s, nil
}

// Handler is the service's HTTP handler: every route, with the access
// log, metrics and recovery from a handler's panic.
func (s *Server) Handler() http.Handler { return s.handler }

// Prepare builds the engine, once; the service is ready when it returns
// nil. Run calls it; tests call it to use Handler without a listener.
func (s *Server) Prepare(ctx context.Context) error {
	s.prepare.Do(func() {
		start := time.Now()
		eng, err := s.cfg.Engine(ctx)
		if err != nil {
			s.prepErr = fmt.Errorf("compiling the policies: %w", err)
			return
		}
		cat := eng.Catalogue()
		sel, err := check.Select(cat, s.cfg.Only, s.cfg.Skip)
		if err != nil {
			s.prepErr = fmt.Errorf("choosing the rules to report: %w", err)
			return
		}
		s.eng.Store(&ready{eng: eng, cat: cat, sel: sel, rules: sel.Rules(cat)})
		s.metrics.ready(cat)
		s.cfg.Logger.Info("ready", "rules", len(cat.Rules), "catalogue_version", cat.Version, "compile_ms", time.Since(start).Milliseconds())
	})
	return s.prepErr
}

// state is the ready service, or nil while the engine is being built.
func (s *Server) state() *ready { return s.eng.Load() }

// Run serves on ln until ctx is done, then shuts down gracefully: it stops
// accepting connections, says it is not ready, lets the requests in
// flight finish (for at most ShutdownTimeout) and returns nil. It builds
// the engine while it already answers /healthz, and returns the error
// when the engine cannot be built. listening, when set, is called with
// the service's address once it accepts connections.
func (s *Server) Run(ctx context.Context, ln net.Listener, listening func(addr net.Addr)) error {
	cfg := s.cfg
	srv := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: min(cfg.ReadTimeout, 10*time.Second),
		ReadTimeout:       cfg.ReadTimeout,
		WriteTimeout:      cfg.WriteTimeout,
		IdleTimeout:       cfg.IdleTimeout,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(cfg.Logger.Handler(), slog.LevelWarn),
		// Requests are not cancelled by a shutdown: a check in flight
		// finishes and is answered.
		BaseContext: func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	cfg.Logger.Info("listening", "addr", ln.Addr().String(), "max_checks", cfg.MaxChecks, "queue", cfg.Queue, "timeout", cfg.Timeout.String(), "max_body_bytes", cfg.MaxBodySize)
	if listening != nil {
		listening(ln.Addr())
	}
	prepared := make(chan error, 1)
	go func() { prepared <- s.Prepare(ctx) }()

	var runErr error
	select {
	case <-ctx.Done():
	case err := <-served:
		// Serve returns only on a listener's failure before a shutdown.
		return fmt.Errorf("serving on %s: %w", ln.Addr(), err)
	case err := <-prepared:
		if err != nil {
			runErr = err
			break
		}
		select {
		case <-ctx.Done():
		case err := <-served:
			return fmt.Errorf("serving on %s: %w", ln.Addr(), err)
		}
	}
	s.draining.Store(true)
	cfg.Logger.Info("shutting down", "in_flight", s.limit.running(), "queued", s.limit.waiting(), "grace", cfg.ShutdownTimeout.String())
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		_ = srv.Close()
		return errors.Join(runErr, fmt.Errorf("shutting down: requests still in flight after %v: %w", cfg.ShutdownTimeout, err))
	}
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return errors.Join(runErr, fmt.Errorf("serving on %s: %w", ln.Addr(), err))
	}
	cfg.Logger.Info("stopped")
	return runErr
}

// routes are the service's endpoints. Patterns name methods, so that the
// mux answers 405 with Allow for the others.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/check", s.handleCheck)
	mux.HandleFunc("GET /v1/rules", s.handleRules)
	mux.HandleFunc("GET /v1/rules/{id}", s.handleRule)
	mux.HandleFunc("GET /healthz", s.handleHealth)
	mux.HandleFunc("GET /readyz", s.handleReady)
	mux.Handle("GET /metrics", s.metrics.handler())
	mux.HandleFunc("GET /{$}", s.handlePage)
	mux.HandleFunc("POST /check", s.handlePageCheck)
	mux.HandleFunc("GET /page.js", s.handleScript)
	return s.observe(mux)
}

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("ok\n"))
}

// handleReady says whether the service takes checks: not before the
// policies are compiled, and not once it is shutting down, so that a load
// balancer sends requests elsewhere.
func (s *Server) handleReady(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	switch {
	case s.draining.Load():
		s.problem(w, r, http.StatusServiceUnavailable, "the service is shutting down")
	case s.state() == nil:
		w.Header().Set("Retry-After", "1")
		s.problem(w, r, http.StatusServiceUnavailable, "the policies are still being compiled")
	default:
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("ready\n"))
	}
}
