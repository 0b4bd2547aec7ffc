package serve

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"runtime/debug"
	"strings"
	"time"
)

// recorder is a response writer that remembers the status and the bytes
// written, for the access log and the metrics.
type recorder struct {
	http.ResponseWriter
	status int
	bytes  int64
	wrote  bool
}

func (rec *recorder) WriteHeader(code int) {
	if !rec.wrote {
		rec.status, rec.wrote = code, true
	}
	rec.ResponseWriter.WriteHeader(code)
}

func (rec *recorder) Write(p []byte) (int, error) {
	if !rec.wrote {
		rec.WriteHeader(http.StatusOK)
	}
	n, err := rec.ResponseWriter.Write(p)
	rec.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (rec *recorder) Unwrap() http.ResponseWriter { return rec.ResponseWriter }

// requestInfo is what a handler tells the access log about a request
// beyond its status: never the plans' contents, only how many there were
// and what was wrong with the request.
type requestInfo struct {
	plans  int
	report string
	// detail is the problem the request was answered with.
	detail string
	// gone is set when the client went away before its answer.
	gone bool
}

type infoKey struct{}

// info returns the request's log record; a request that did not come
// through observe (none does not) gets one that nobody reads.
func info(r *http.Request) *requestInfo {
	if i, ok := r.Context().Value(infoKey{}).(*requestInfo); ok {
		return i
	}
	return &requestInfo{}
}

// statusClientGone is logged for a request whose client went away before
// it was answered, as nginx logs it.
const statusClientGone = 499

// probes are the routes a load balancer or Prometheus calls every few
// seconds: logged at debug level, so that the log shows the traffic.
var probes = map[string]bool{"/healthz": true, "/readyz": true, "/metrics": true}

// observe wraps the routes with what every request gets: a request id,
// recovery from a panic, the metrics and the access log.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := requestID(r)
		w.Header().Set("X-Request-Id", id)
		w.Header().Set("X-Content-Type-Options", "nosniff")
		ri := &requestInfo{}
		r = r.WithContext(context.WithValue(r.Context(), infoKey{}, ri))
		rec := &recorder{ResponseWriter: w, status: http.StatusOK}
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.cfg.Logger.Error("panic", "request_id", id, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				if !rec.wrote {
					s.problem(rec, r, http.StatusInternalServerError, "the service failed on this request (a bug; please report it with the request id "+id+")")
				}
			}
			// The mux set the pattern it matched on r, which it was given.
			route := routeOf(r)
			status := rec.status
			if ri.gone && !rec.wrote {
				status = statusClientGone
			}
			elapsed := time.Since(start)
			s.metrics.requests.WithLabelValues(route, fmt.Sprint(status)).Inc()
			s.metrics.duration.WithLabelValues(route).Observe(elapsed.Seconds())
			level := slog.LevelInfo
			switch {
			case probes[route] && status < 500:
				level = slog.LevelDebug
			case status >= 500:
				level = slog.LevelWarn
			}
			attrs := []slog.Attr{
				slog.String("request_id", id),
				slog.String("method", r.Method),
				slog.String("route", route),
				slog.Int("status", status),
				slog.Int64("bytes", rec.bytes),
				slog.Float64("duration_ms", float64(elapsed.Microseconds())/1000),
				slog.String("remote", r.RemoteAddr),
			}
			if fwd := r.Header.Get("X-Forwarded-For"); fwd != "" {
				attrs = append(attrs, slog.String("forwarded_for", clip(fwd, 200)))
			}
			if ri.plans > 0 {
				attrs = append(attrs, slog.Int("plans", ri.plans), slog.String("report", ri.report))
			}
			if ri.detail != "" {
				attrs = append(attrs, slog.String("problem", ri.detail))
			}
			s.cfg.Logger.LogAttrs(r.Context(), level, "request", attrs...)
		}()
		next.ServeHTTP(rec, r)
	})
}

// routeOf is the path pattern a request matched ("/v1/rules/{id}"), so
// that metrics and logs have one series per route, not per path.
func routeOf(r *http.Request) string {
	if r.Pattern == "" {
		return "unmatched"
	}
	if _, path, ok := strings.Cut(r.Pattern, " "); ok {
		return path
	}
	return r.Pattern
}

var requestIDPattern = regexp.MustCompile(`^[A-Za-z0-9._:-]{1,64}$`)

// requestID is the id a proxy gave the request in X-Request-Id, when it is
// a plain token, else a new random one: it ties a log line to a client's
// report of a problem.
func requestID(r *http.Request) string {
	if id := r.Header.Get("X-Request-Id"); requestIDPattern.MatchString(id) {
		return id
	}
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// clip cuts a client's text for the log.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// clientGone tells whether an error means the client went away.
func clientGone(r *http.Request, err error) bool {
	return r.Context().Err() != nil && (errors.Is(err, context.Canceled) || errors.Is(err, r.Context().Err()))
}
