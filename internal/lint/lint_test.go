package lint

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/plancheck/plancheck/internal/engine"
	"github.com/plancheck/plancheck/internal/report"
)

// TestPlansComeInFileOrder checks many files on many workers: reports come
// in sorted file order, unreadable files are listed, nothing is lost.
func TestPlansComeInFileOrder(t *testing.T) {
	dir := t.TempDir()
	good, _ := os.ReadFile("../../fixtures/plans/northshire.yaml")
	want := 0
	for i := range 60 {
		name := filepath.Join(dir, fmt.Sprintf("plan-%03d.yaml", i))
		data := good
		if i%7 == 3 {
			data = []byte("plancheck: 1\n\tbroken: tab\n")
		} else {
			want++
		}
		if err := os.WriteFile(name, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	eng, err := engine.New(context.Background(), engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	errs, err := Run(context.Background(), eng, Options{Paths: []string{dir}, Today: "2026-11-21", Workers: 8}, func(p *report.Plan) error {
		got = append(got, p.File)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != want || len(errs) != 60-want {
		t.Fatalf("%d plans and %d errors, want %d and %d", len(got), len(errs), want, 60-want)
	}
	for i := 1; i < len(got); i++ {
		if got[i-1] >= got[i] {
			t.Fatalf("out of order: %s before %s", got[i-1], got[i])
		}
	}
	for _, e := range errs {
		if e.Line != 2 || !strings.Contains(e.Message, "tab character") {
			t.Errorf("error %+v", e)
		}
	}
}

func TestEmitErrorStopsTheRun(t *testing.T) {
	eng, err := engine.New(context.Background(), engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	stop := fmt.Errorf("disk full")
	n := 0
	_, err = Run(context.Background(), eng, Options{Paths: []string{"../../fixtures/plans"}, Today: "2026-11-21"}, func(*report.Plan) error {
		n++
		return stop
	})
	if err != stop || n != 1 {
		t.Errorf("err %v after %d plans", err, n)
	}
	if _, err := Run(context.Background(), eng, Options{}, nil); err != ErrNoPlans {
		t.Errorf("no paths: %v", err)
	}
}
