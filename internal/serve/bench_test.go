package serve

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/plancheck/plancheck/internal/lint"
)

// BenchmarkCheckRequest measures a whole POST /v1/check of the example
// plan through the handler (no network): reading, checking, writing the
// JSON report and the access log's bookkeeping. BenchmarkCheckReader is
// the check alone, for the overhead's share.
func BenchmarkCheckRequest(b *testing.B) {
	s := newServer(b, Config{MaxChecks: 64})
	plan := fixture(b, "fixtures/plans/northshire.yaml")
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req := httptest.NewRequest(http.MethodPost, "/v1/check?today="+today, bytes.NewReader(plan))
			req.Header.Set("Content-Type", "application/yaml")
			rec := httptest.NewRecorder()
			s.Handler().ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				b.Fatal(rec.Code)
			}
		}
	})
}

func BenchmarkCheckReader(b *testing.B) {
	eng, err := builtin(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	plan := fixture(b, "fixtures/plans/northshire.yaml")
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			p, _, fe := lint.CheckReader(context.Background(), eng, lint.Options{Today: today, NoEvidenceCheck: true}, "plan.yaml", bytes.NewReader(plan))
			if p == nil {
				b.Fatal(fe)
			}
		}
	})
}
