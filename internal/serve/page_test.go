package serve

import (
	"encoding/base64"
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// TestPageIsAFormThatWorksWithoutScript: the page is a real form posting
// multipart/form-data, every control labelled, nothing fetched from
// elsewhere, a script of its own only.
func TestPageIsAFormThatWorksWithoutScript(t *testing.T) {
	t.Parallel()
	s := newServer(t, Config{MaxBodySize: 512 << 10})
	rec := get(s, "/?today="+today)
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "text/html; charset=utf-8" {
		t.Fatalf("/: %d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
	page := rec.Body.String()
	for _, want := range []string{
		`<form id="check-form" method="post" action="/check?today=` + today + `" enctype="multipart/form-data">`,
		`<label class="label" for="plan">`, `<input type="file" id="plan" name="plan"`,
		`<label class="label" for="text">`, `<textarea id="text" name="text"`,
		`<label class="label" for="format">`, `<select id="format" name="format">`,
		`<button type="submit"`, `<html lang="en">`, `<main id="main">`, `up to 512 KiB`,
		`<script src="/page.js" defer></script>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
	// Nothing from the network: no address outside the service.
	if m := regexp.MustCompile(`(?i)(src|href|action)="(https?:)?//`).FindString(page); m != "" {
		t.Errorf("the page fetches from elsewhere: %s", m)
	}
	csp := rec.Header().Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'none'", "script-src 'self'", "form-action 'self'", "frame-ancestors 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %s", csp, want)
		}
	}
	js := get(s, "/page.js")
	if js.Code != http.StatusOK || !strings.HasPrefix(js.Header().Get("Content-Type"), "text/javascript") || !strings.Contains(js.Body.String(), "dataTransfer") {
		t.Errorf("/page.js: %d %s", js.Code, js.Header().Get("Content-Type"))
	}
	if rec := get(s, "/?utm_source=newsletter"); rec.Code != http.StatusOK {
		t.Errorf("a shared link with another site's parameter: %d", rec.Code)
	}
	if rec := get(s, "/?today=yesterday"); rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "Today must be a date") {
		t.Errorf("a bad date on the page: %d %s", rec.Code, rec.Body)
	}
}

var dataLink = regexp.MustCompile(`<a download="([^"]+)" href="data:([^;]+);charset=utf-8;base64,([^"]+)"`)

// TestPageCheckShowsTheScorecard posts the form as a browser does with
// scripts off: the answer is the HTML scorecard, each finding beside its
// line of the plan, with links to the report as HTML, JSON and Markdown
// that hold the same report the API gives.
func TestPageCheckShowsTheScorecard(t *testing.T) {
	t.Parallel()
	s := newServer(t, Config{})
	body, ct := multipartBody(t,
		fileOfFixture(t, "fixtures/plans/sparse.yaml"),
		part{field: "text", data: nil},
		part{field: "format", data: nil},
	)
	rec := post(s, "/check?today="+today, body, "Content-Type", ct)
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "text/html; charset=utf-8" {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
	page := rec.Body.String()
	if !strings.Contains(page, `<article class="plan">`) || !strings.Contains(page, `<a href="/?today=`+today+`">Check another plan</a>`) {
		t.Error("no scorecard, or no way back to the form")
	}
	if !strings.Contains(page, "evidence files the plan cites were not looked for") {
		t.Error("the page does not say the evidence was not checked")
	}
	// sparse.yaml:14:28, "meets: montly", is a miss of plan-format.
	if !strings.Contains(page, `<span class="sr">line </span>14</span>  board: {name: PCN Board, <mark>meets: montly}</mark>`) {
		t.Errorf("no excerpt of line 14:\n%s", grep(page, ">14<"))
	}
	links := dataLink.FindAllStringSubmatch(page, -1)
	if len(links) != 3 {
		t.Fatalf("%d download links", len(links))
	}
	api := post(s, "/v1/check?name=sparse.yaml&today="+today, fixture(t, "fixtures/plans/sparse.yaml"), "Content-Type", "application/yaml").Body.String()
	for _, l := range links {
		data, err := base64.StdEncoding.DecodeString(html.UnescapeString(l[3]))
		if err != nil {
			t.Fatalf("%s: %v", l[1], err)
		}
		switch l[2] {
		case "application/json":
			if l[1] != "plancheck-sparse.json" || string(data) != api {
				t.Errorf("the JSON download (%s) is not the API's report", l[1])
			}
			decodeReport(t, data)
		case "text/html":
			if !strings.Contains(string(data), `<pre class="excerpt">`) || strings.Contains(string(data), "Check another plan") {
				t.Errorf("the HTML download (%s) is not the scorecard alone", l[1])
			}
		case "text/markdown":
			if !strings.Contains(string(data), "| status | recommendation |") {
				t.Errorf("the Markdown download (%s): %.200s", l[1], data)
			}
		default:
			t.Errorf("a download of type %s", l[2])
		}
	}
}

// TestPageErrorsArePages: what goes wrong with the form is said on a
// page with a way back, with the status it is.
func TestPageErrorsArePages(t *testing.T) {
	t.Parallel()
	s := newServer(t, Config{MaxBodySize: 1 << 10})
	empty, emptyType := multipartBody(t, part{field: "plan", filename: "", file: true}, part{field: "text", data: []byte(" ")}, part{field: "format"})
	big, bigType := multipartBody(t, part{field: "plan", filename: "big.yaml", file: true, data: []byte(strings.Repeat("# x\n", 400))})
	for _, c := range []struct {
		name, target, contentType string
		body                      []byte
		status                    int
		says                      string
	}{
		{"nothing chosen", "/check?today=" + today, emptyType, empty, 400, "The upload holds no plan"},
		{"too large", "/check", bigType, big, 413, "larger than the limit of 1 KiB"},
		{"not a form", "/check", "application/yaml", []byte("plancheck: 1\n"), 415, "multipart/form-data"},
		{"bad date", "/check?today=soon", emptyType, empty, 400, "Today must be a date"},
	} {
		rec := post(s, c.target, c.body, "Content-Type", c.contentType)
		page := rec.Body.String()
		if rec.Code != c.status || !strings.Contains(page, c.says) || !strings.Contains(page, `role="alert"`) || !strings.Contains(page, "Back to the form") {
			t.Errorf("%s: %d\n%s", c.name, rec.Code, page)
		}
	}
	rec := post(s, "/check?today="+today, empty, "Content-Type", emptyType)
	if !strings.Contains(rec.Body.String(), `href="/?today=`+today+`"`) {
		t.Error("the way back forgets the date")
	}
}
