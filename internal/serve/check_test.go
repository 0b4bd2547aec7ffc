package serve

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/plancheck/plancheck/internal/check"
	"github.com/plancheck/plancheck/internal/lint"
	"github.com/plancheck/plancheck/internal/report"
)

// lintPlan is the report plancheck lint gives a fixture, checked with
// the same engine and date.
func lintPlan(t *testing.T, name string) *report.Plan {
	t.Helper()
	eng, err := builtin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var got *report.Plan
	_, err = lint.Run(context.Background(), eng, lint.Options{Paths: []string{name}, Dir: root, Today: today}, func(p *report.Plan) error {
		got = p
		return nil
	})
	if err != nil || got == nil {
		t.Fatalf("lint %s: %v", name, err)
	}
	return got
}

func resultsJSON(t *testing.T, rs []check.Result) string {
	t.Helper()
	data, err := json.Marshal(rs)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestCheckAnswersAsLintReports sends each fixture in each syntax, told by
// its Content-Type or by ?format=: the answer is a JSON report of format
// version 2, valid against its schema, with one plan whose results (with
// their places) are lint's for the same file, evidence looked for in the
// same folder.
func TestCheckAnswersAsLintReports(t *testing.T) {
	t.Parallel()
	s := newServer(t, Config{Dir: root, EvidenceRoot: "fixtures/plans"})
	cases := []struct{ file, contentType, query string }{
		{"fixtures/plans/northshire.yaml", "application/yaml", ""},
		{"fixtures/plans/northshire.json", "application/json", ""},
		{"fixtures/plans/northshire.toml", "application/toml", ""},
		{"fixtures/plans/northshire.toml", "text/plain", "&format=toml"},
		{"fixtures/plans/sparse.yaml", "", ""},
		{"fixtures/plans/waivers.yaml", "text/yaml; charset=utf-8", ""},
		{"fixtures/plans/harbour-pcn.yaml", "application/octet-stream", "&format=yaml"},
	}
	for _, c := range cases {
		t.Run(c.file+" "+c.contentType, func(t *testing.T) {
			t.Parallel()
			rec := post(s, "/v1/check?today="+today+c.query, fixture(t, c.file), "Content-Type", c.contentType)
			if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "application/json" {
				t.Fatalf("%d %s: %s", rec.Code, rec.Header().Get("Content-Type"), rec.Body)
			}
			r := decodeReport(t, rec.Body.Bytes())
			if r.ReportVersion != 2 || r.Today != today || len(r.Plans) != 1 || r.Summary.Plans != 1 || len(r.Errors) != 0 {
				t.Fatalf("report: version %d, today %s, %d plans, errors %v", r.ReportVersion, r.Today, len(r.Plans), r.Errors)
			}
			got, want := r.Plans[0], lintPlan(t, c.file)
			if g, w := resultsJSON(t, got.Results), resultsJSON(t, want.Results); g != w {
				t.Errorf("results differ from lint's:\n got %.400s\nwant %.400s", g, w)
			}
			if got.Score != want.Score || got.Evidence != want.Evidence || got.Format != want.Format {
				t.Errorf("score %+v evidence %+v format %s, lint says %+v %+v %s", got.Score, got.Evidence, got.Format, want.Score, want.Evidence, want.Format)
			}
			if !strings.HasPrefix(got.File, "plan.") {
				t.Errorf("the plan is named %q", got.File)
			}
		})
	}
}

// TestUploadedPlanEvidenceIsAsStandardInput: without an evidence root the
// evidence a plan cites is not looked for, and the report says so; with
// one, it is looked for there; --no-evidence-check leaves it unchecked.
func TestUploadedPlanEvidenceIsAsStandardInput(t *testing.T) {
	t.Parallel()
	body := fixture(t, "fixtures/plans/northshire.yaml")
	for _, c := range []struct {
		cfg     Config
		checked bool
		root    string
	}{
		{Config{}, false, ""},
		{Config{Dir: root, EvidenceRoot: "fixtures/plans"}, true, "fixtures/plans"},
		{Config{Dir: root, EvidenceRoot: "fixtures/plans", NoEvidenceCheck: true}, false, ""},
		// A root without the files: each one cited is a miss of plan-format.
		{Config{Dir: root, EvidenceRoot: "fixtures/edge"}, true, "fixtures/edge"},
	} {
		rec := post(newServer(t, c.cfg), "/v1/check?today="+today, body, "Content-Type", "application/yaml")
		p := decodeReport(t, rec.Body.Bytes()).Plans[0]
		if p.Evidence.Checked != c.checked || p.Evidence.Root != c.root {
			t.Errorf("%+v: evidence %+v", c.cfg, p.Evidence)
		}
		for _, r := range p.Results {
			if r.ID == "plan-format" && (r.Status == check.Met) != (c.root != "fixtures/edge") {
				t.Errorf("%+v: plan-format %s %v", c.cfg, r.Status, r.Findings)
			}
		}
	}
}

// TestBrokenPlanIsAResult: a plan that cannot be read is a 200 whose
// report has it in errors, with its place, as lint reports it.
func TestBrokenPlanIsAResult(t *testing.T) {
	t.Parallel()
	s := newServer(t, Config{})
	for file, line := range map[string]int{"fixtures/broken/tabs.yaml": 3, "fixtures/broken/trailing-comma.json": 0, "fixtures/broken/duplicate-key.toml": 0} {
		rec := post(s, "/v1/check?name="+strings.TrimPrefix(file, "fixtures/broken/")+"&format="+file[strings.LastIndex(file, ".")+1:], fixture(t, file))
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: %d %s", file, rec.Code, rec.Body)
		}
		r := decodeReport(t, rec.Body.Bytes())
		if len(r.Plans) != 0 || len(r.Errors) != 1 || r.Summary.Unreadable != 1 || r.Summary.Passed {
			t.Fatalf("%s: %d plans, errors %v, summary %+v", file, len(r.Plans), r.Errors, r.Summary)
		}
		e := r.Errors[0]
		if e.File != strings.TrimPrefix(file, "fixtures/broken/") || e.Line == 0 || (line > 0 && e.Line != line) || e.Message == "" {
			t.Errorf("%s: error %+v", file, e)
		}
	}
	// Not a plan at all: listed as skipped, as lint lists it.
	rec := post(s, "/v1/check", []byte(`{"$schema": "https://json-schema.org/draft/2020-12/schema"}`), "Content-Type", "application/json")
	if r := decodeReport(t, rec.Body.Bytes()); len(r.SkippedFiles) != 1 || len(r.Plans) != 0 {
		t.Errorf("a JSON Schema: %+v", r.SkippedFiles)
	}
}

// TestMultipartUploadChecksEveryFile sends files of each syntax, a broken
// one, one whose format cannot be told, two of the same name and pasted
// text: one report holds them all, plans in name order.
func TestMultipartUploadChecksEveryFile(t *testing.T) {
	t.Parallel()
	s := newServer(t, Config{})
	body, ct := multipartBody(t,
		fileOfFixture(t, "fixtures/plans/northshire.toml"),
		fileOfFixture(t, "fixtures/plans/northshire.json"),
		part{field: "files[]", filename: `C:\Users\planner\plans\sparse.yaml`, file: true, data: fixture(t, "fixtures/plans/sparse.yaml")},
		part{field: "other", filename: "sparse.yaml", file: true, data: fixture(t, "fixtures/plans/sparse.yaml")},
		fileOfFixture(t, "fixtures/broken/tabs.yaml"),
		part{field: "plan", filename: "notes.txt", file: true, data: []byte("plancheck: 1\n")},
		part{field: "plan", filename: "typed", contentType: "application/json", file: true, data: fixture(t, "fixtures/plans/northshire.json")},
		part{field: "plan", filename: "", file: true}, // a file input left empty
		part{field: "text", data: fixture(t, "fixtures/plans/waivers.yaml")},
	)
	rec := post(s, "/v1/check?today="+today, body, "Content-Type", ct)
	if rec.Code != http.StatusOK {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
	r := decodeReport(t, rec.Body.Bytes())
	var names []string
	for _, p := range r.Plans {
		names = append(names, p.File+" "+p.Format)
	}
	want := "northshire.json json,northshire.toml toml,pasted-plan.yaml yaml,sparse (2).yaml yaml,sparse.yaml yaml,typed json"
	if strings.Join(names, ",") != want {
		t.Errorf("plans %s\nwant  %s", strings.Join(names, ","), want)
	}
	if len(r.Errors) != 2 || r.Errors[0].File != "notes.txt" || !strings.Contains(r.Errors[0].Message, "cannot tell the format") || r.Errors[1].File != "tabs.yaml" || r.Errors[1].Line != 3 {
		t.Errorf("errors %+v", r.Errors)
	}
	if r.Summary.Plans != 6 || r.Summary.Unreadable != 2 {
		t.Errorf("summary %+v", r.Summary)
	}
	// ?format= reads every file in that syntax, whatever its name.
	body, ct = multipartBody(t, part{field: "plan", filename: "plan.txt", file: true, data: fixture(t, "fixtures/plans/northshire.toml")})
	rec = post(s, "/v1/check?format=toml", body, "Content-Type", ct)
	if r := decodeReport(t, rec.Body.Bytes()); len(r.Plans) != 1 || r.Plans[0].Format != "toml" {
		t.Errorf("?format=toml: %s", rec.Body)
	}
}

// TestReportFormats asks for each format by ?report= and by Accept.
func TestReportFormats(t *testing.T) {
	t.Parallel()
	s := newServer(t, Config{})
	body := fixture(t, "fixtures/plans/sparse.yaml")
	cases := []struct {
		query, accept, contentType, contains string
	}{
		{"", "", "application/json", `"report_version": 2`},
		{"", "*/*", "application/json", `"report_version": 2`},
		{"", "application/json", "application/json", `"report_version": 2`},
		{"report=sarif", "", "application/sarif+json", `"version": "2.1.0"`},
		{"", "application/sarif+json", "application/sarif+json", `"version": "2.1.0"`},
		{"report=junit", "", "application/xml; charset=utf-8", "<testsuites"},
		{"", "application/xml", "application/xml; charset=utf-8", "<testsuites"},
		{"report=markdown", "", "text/markdown; charset=utf-8", "| status |"},
		{"", "text/markdown", "text/markdown; charset=utf-8", "| status |"},
		{"report=html", "", "text/html; charset=utf-8", `<article class="plan">`},
		// A browser's Accept header asks for HTML.
		{"", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html; charset=utf-8", `<pre class="excerpt">`},
		{"report=text", "", "text/plain; charset=utf-8", "score: 1 of 19"},
		{"", "text/plain", "text/plain; charset=utf-8", "score: 1 of 19"},
		{"report=github", "", "text/plain; charset=utf-8", "::error file=plan.yaml"},
		// The query wins over the header; quality values are weighed.
		{"report=json", "text/html", "application/json", `"report_version": 2`},
		{"", "text/html;q=0.5, text/markdown", "text/markdown; charset=utf-8", "| status |"},
		{"", "image/png, */*;q=0.1", "application/json", `"report_version": 2`},
	}
	for _, c := range cases {
		rec := post(s, "/v1/check?today="+today+"&"+c.query, body, "Content-Type", "application/yaml", "Accept", c.accept)
		if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != c.contentType || !strings.Contains(rec.Body.String(), c.contains) {
			t.Errorf("?%s Accept %q: %d %q, want %q holding %q\n%.300s", c.query, c.accept, rec.Code, rec.Header().Get("Content-Type"), c.contentType, c.contains, rec.Body)
		}
		if rec.Header().Get("Vary") != "Accept" || rec.Header().Get("Cache-Control") != "no-store" {
			t.Errorf("?%s: Vary %q, Cache-Control %q", c.query, rec.Header().Get("Vary"), rec.Header().Get("Cache-Control"))
		}
	}
	rec := post(s, "/v1/check", body, "Accept", "image/png")
	if rec.Code != http.StatusNotAcceptable || !strings.Contains(decodeProblem(t, rec).Detail, "text/markdown") {
		t.Errorf("Accept image/png: %d %s", rec.Code, rec.Body)
	}
	rec = post(s, "/v1/check?report=pdf", body)
	if rec.Code != http.StatusBadRequest || !strings.Contains(decodeProblem(t, rec).Detail, `unknown format "pdf"`) {
		t.Errorf("?report=pdf: %d %s", rec.Code, rec.Body)
	}
	rec = post(s, "/v1/check?report=html", body)
	if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("an HTML report without a content security policy: %q", csp)
	}
}

// TestMalformedRequestsSayWhatIsWrong: each mistake in a request is a 4xx
// whose problem details name it.
func TestMalformedRequestsSayWhatIsWrong(t *testing.T) {
	t.Parallel()
	s := newServer(t, Config{})
	plan := fixture(t, "fixtures/plans/northshire.yaml")
	tooMany := make([]part, MaxPlans+1)
	for i := range tooMany {
		tooMany[i] = part{field: "plan", filename: fmt.Sprintf("p%d.yaml", i), file: true, data: []byte("plancheck: 1\n")}
	}
	many, manyType := multipartBody(t, tooMany...)
	unknownField, unknownType := multipartBody(t, part{field: "colour", data: []byte("blue")}, fileOfFixture(t, "fixtures/plans/sparse.yaml"))
	empty, emptyType := multipartBody(t, part{field: "plan", filename: "", file: true}, part{field: "text", data: []byte("  \n")})
	badFormat, badFormatType := multipartBody(t, part{field: "format", data: []byte("xml")}, fileOfFixture(t, "fixtures/plans/sparse.yaml"))
	cases := []struct {
		name, target, contentType string
		body                      []byte
		status                    int
		detail                    string
	}{
		{"unknown parameter", "/v1/check?reprot=sarif", "application/yaml", plan, 400, `unknown parameter "reprot" (did you mean "report"?)`},
		{"unknown syntax", "/v1/check?format=xml", "application/yaml", plan, 400, `unknown plan format "xml"`},
		{"bad date", "/v1/check?today=21/11/2026", "application/yaml", plan, 400, "today must be a date"},
		{"impossible date", "/v1/check?today=2026-02-30", "application/yaml", plan, 400, "today must be a date"},
		{"empty body", "/v1/check", "application/yaml", nil, 400, "the request has no plan"},
		{"blank body", "/v1/check", "application/yaml", []byte("\n  \n"), 400, "the request has no plan"},
		{"a form", "/v1/check", "application/x-www-form-urlencoded", plan, 415, "give its format with ?format="},
		{"an image", "/v1/check", "image/png", plan, 415, `cannot be sent as "image/png"`},
		{"multipart without boundary", "/v1/check", "multipart/form-data", plan, 400, "reading the multipart upload"},
		{"unknown field", "/v1/check", unknownType, unknownField, 400, `unknown form field "colour"`},
		{"no plan in the upload", "/v1/check", emptyType, empty, 400, "the upload holds no plan"},
		{"too many plans", "/v1/check", manyType, many, 400, fmt.Sprintf("more than %d plans", MaxPlans)},
		{"unknown format field", "/v1/check", badFormatType, badFormat, 400, `unknown plan format "xml" in the field "format"`},
	}
	for _, c := range cases {
		rec := post(s, c.target, c.body, "Content-Type", c.contentType)
		if rec.Code != c.status {
			t.Errorf("%s: %d %s, want %d", c.name, rec.Code, rec.Body, c.status)
			continue
		}
		if p := decodeProblem(t, rec); !strings.Contains(p.Detail, c.detail) {
			t.Errorf("%s: %q does not say %q", c.name, p.Detail, c.detail)
		}
	}
	// A route that exists answers other methods with 405 and what it allows.
	rec := get(s, "/v1/check")
	if rec.Code != http.StatusMethodNotAllowed || rec.Header().Get("Allow") != "POST" {
		t.Errorf("GET /v1/check: %d, Allow %q", rec.Code, rec.Header().Get("Allow"))
	}
	if rec := get(s, "/v2/check"); rec.Code != http.StatusNotFound {
		t.Errorf("GET /v2/check: %d", rec.Code)
	}
}

// TestBodyLimit: a request over --max-file-size is refused with 413,
// whether its length is declared or not, and so is a file of a multipart
// upload over it.
func TestBodyLimit(t *testing.T) {
	t.Parallel()
	s := newServer(t, Config{MaxBodySize: 1 << 10})
	big := []byte("plancheck: 1\n" + strings.Repeat("# padding\n", 200))
	rec := post(s, "/v1/check", big, "Content-Type", "application/yaml")
	if rec.Code != http.StatusRequestEntityTooLarge || !strings.Contains(decodeProblem(t, rec).Detail, "larger than the limit of 1 KiB") {
		t.Errorf("declared length: %d %s", rec.Code, rec.Body)
	}
	// Sent in chunks, with no length declared: refused once read past it.
	req := httptestRequestChunked(big)
	rec = serveHTTP(s, req)
	if rec.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("chunked: %d %s", rec.Code, rec.Body)
	}
	body, ct := multipartBody(t, part{field: "plan", filename: "big.yaml", file: true, data: big})
	if rec := post(s, "/v1/check", body, "Content-Type", ct); rec.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("a file of an upload: %d %s", rec.Code, rec.Body)
	}
	// At the limit, a plan is checked; an upload may add its framing.
	fits := append([]byte("plancheck: 1\n"), big[13:1<<10]...)
	if rec := post(s, "/v1/check", fits, "Content-Type", "application/yaml"); rec.Code != http.StatusOK {
		t.Errorf("a plan at the limit: %d %s", rec.Code, rec.Body)
	}
	body, ct = multipartBody(t, part{field: "plan", filename: "fits.yaml", file: true, data: fits})
	if rec := post(s, "/v1/check", body, "Content-Type", ct); rec.Code != http.StatusOK {
		t.Errorf("an upload of a plan at the limit: %d %s", rec.Code, rec.Body)
	}
}

// TestSelection: rules left out by the service's --only and --skip are
// recorded in every report as skipped, with where that was said; an
// unknown name stops the service from starting.
func TestSelection(t *testing.T) {
	t.Parallel()
	s := newServer(t, Config{Skip: []string{"wg-spend-reprioritised", "nao"}, SelectionSource: "flag"})
	r := decodeReport(t, post(s, "/v1/check?today="+today, fixture(t, "fixtures/plans/sparse.yaml")).Body.Bytes())
	if fmt.Sprint(r.Selection.Skip) != "[wg-spend-reprioritised nao]" || r.Selection.Source != "flag" || len(r.Selection.Only) != 0 {
		t.Errorf("selection %+v", r.Selection)
	}
	for _, res := range r.Plans[0].Results {
		skipped := res.ID == "wg-spend-reprioritised" || res.Framework == "nao"
		if (res.Status == check.Skipped) != skipped {
			t.Errorf("%s is %s", res.ID, res.Status)
		}
	}
	if r.Summary.Skipped != 11 {
		t.Errorf("summary %+v", r.Summary)
	}
	bad, err := New(Config{Engine: builtin, Only: []string{"wg-digital-inclusio"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := bad.Prepare(context.Background()); err == nil || !strings.Contains(err.Error(), "wg-digital-inclusion") {
		t.Errorf("an unknown rule: %v", err)
	}
}
