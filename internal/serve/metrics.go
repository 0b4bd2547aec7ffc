package serve

import (
	"log/slog"
	"net/http"
	"strconv"
	"sync/atomic"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/plancheck/plancheck/internal/check"
	"github.com/plancheck/plancheck/internal/report"
)

// metrics are the service's Prometheus metrics, in a registry of its own:
// two servers in one process (as in tests) count apart, and nothing else
// in the process can add to what /metrics shows.
type metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	checks   prometheus.Histogram
	plans    *prometheus.CounterVec
	verdicts *prometheus.CounterVec
	rejected *prometheus.CounterVec
	info     *prometheus.GaugeVec
	errorLog *slog.Logger
	version  string
	checked  prometheus.Counter
	// byVerdict holds each rule's counter of each status, looked up once:
	// a plan counts a verdict per rule.
	byVerdict atomic.Pointer[map[verdict]prometheus.Counter]
}

type verdict struct {
	id     string
	status check.Status
}

func newMetrics(s *Server) *metrics {
	m := &metrics{reg: prometheus.NewRegistry(), errorLog: s.cfg.Logger, version: s.cfg.Tool.Version}
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "plancheck_http_requests_total",
		Help: "HTTP requests answered, by route (the path pattern matched, or unmatched) and status code.",
	}, []string{"route", "code"})
	m.duration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "plancheck_http_request_duration_seconds",
		Help:    "Time from a request's headers to the end of its answer, by route.",
		Buckets: prometheus.ExponentialBuckets(0.0005, 2, 16),
	}, []string{"route"})
	m.checks = prometheus.NewHistogram(prometheus.HistogramOpts{
		Name: "plancheck_check_duration_seconds",
		Help: "Time to check one request's plans, from taking a check slot to having every plan's report (queueing and writing the report left out).",
		// From half a millisecond (a small plan) to about 16 s, past the
		// default deadline.
		Buckets: prometheus.ExponentialBuckets(0.0005, 2, 16),
	})
	m.plans = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "plancheck_plans_checked_total",
		Help: "Plans sent to be checked, by outcome: checked (a report), unreadable (an error in the report), skipped (not a plan).",
	}, []string{"outcome"})
	m.verdicts = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "plancheck_verdicts_total",
		Help: "Verdicts given, by recommendation (rule id) and status.",
	}, []string{"recommendation", "status"})
	m.rejected = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "plancheck_checks_rejected_total",
		Help: "Checks refused or given up, by reason: queue_full and queue_wait (429), deadline (422).",
	}, []string{"reason"})
	m.info = prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "plancheck_build_info",
		Help: "1 once the policies are compiled, labelled with the version and the catalogue's version.",
	}, []string{"version", "catalogue_version"})
	inFlight := prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "plancheck_checks_in_flight",
		Help: "Checks running now.",
	}, func() float64 { return float64(s.limit.running()) })
	queued := prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "plancheck_checks_queued",
		Help: "Requests waiting for a check slot now.",
	}, func() float64 { return float64(s.limit.waiting()) })
	m.reg.MustRegister(m.requests, m.duration, m.checks, m.plans, m.verdicts, m.rejected, m.info, inFlight, queued,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	for _, o := range []string{"checked", "unreadable", "skipped"} {
		m.plans.WithLabelValues(o)
	}
	m.checked = m.plans.WithLabelValues("checked")
	for _, r := range []string{"queue_full", "queue_wait", "deadline"} {
		m.rejected.WithLabelValues(r)
	}
	return m
}

// ready records the catalogue, and starts every verdict's count at 0 so
// that a rate over it has a start.
func (m *metrics) ready(cat *check.Catalogue) {
	m.info.WithLabelValues(m.version, strconv.Itoa(cat.Version)).Set(1)
	by := map[verdict]prometheus.Counter{}
	for _, r := range cat.Rules {
		for _, st := range []check.Status{check.Met, check.Missed, check.Waived, check.NotApplicable, check.Skipped} {
			by[verdict{r.ID, st}] = m.verdicts.WithLabelValues(r.ID, string(st))
		}
	}
	m.byVerdict.Store(&by)
}

// plan counts one plan's verdicts.
func (m *metrics) plan(p *report.Plan) {
	m.checked.Inc()
	var by map[verdict]prometheus.Counter
	if p := m.byVerdict.Load(); p != nil {
		by = *p
	}
	for _, r := range p.Results {
		if c, ok := by[verdict{r.ID, r.Status}]; ok {
			c.Inc()
			continue
		}
		m.verdicts.WithLabelValues(r.ID, string(r.Status)).Inc()
	}
}

func (m *metrics) handler() http.Handler {
	return promhttp.InstrumentMetricHandler(m.reg, promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{
		ErrorLog:            slog.NewLogLogger(m.errorLog.Handler(), slog.LevelError),
		Registry:            m.reg,
		MaxRequestsInFlight: 4,
	}))
}
