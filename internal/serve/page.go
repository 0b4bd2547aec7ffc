package serve

import (
	"bytes"
	"embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"mime"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/plancheck/plancheck/internal/render"
)

// The page is plain HTML and CSS with a small script that only adds to it:
// with scripts off, its form posts the plans and the answer is the
// scorecard. Nothing is fetched from elsewhere.

//go:embed page
var pageFiles embed.FS

var pageTemplates = template.Must(template.ParseFS(pageFiles, "page/*.html"))

// pageCSP lets the page run its own script and styles and nothing else.
const pageCSP = "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// pageCSS is the page's stylesheet, ours and embedded: trusted.
func pageCSS() template.CSS {
	css, err := pageFiles.ReadFile("page/page.css")
	if err != nil {
		panic(err) // embedded at build time
	}
	return template.CSS(css)
}

// backTo is the form's address, keeping the date a page was opened with.
func backTo(today string) string {
	if today == "" {
		return "/"
	}
	return "/?" + url.Values{"today": {today}}.Encode()
}

// handlePage is GET /: the form. ?today= carries on to the check, for a
// reproducible scorecard.
func (s *Server) handlePage(w http.ResponseWriter, r *http.Request) {
	p, f := s.pageParams(r)
	if f != nil {
		s.pageProblem(w, r, f, "")
		return
	}
	action := "/check"
	if p.today != "" {
		action += "?" + url.Values{"today": {p.today}}.Encode()
	}
	catalogue := "not yet compiled"
	if st := s.state(); st != nil {
		catalogue = strconv.Itoa(st.cat.Version)
	}
	var b bytes.Buffer
	err := pageTemplates.ExecuteTemplate(&b, "index.html", map[string]any{
		"CSS": pageCSS(), "Action": action, "MaxSize": humanBytes(s.cfg.MaxBodySize),
		"Evidence": s.cfg.EvidenceRoot != "" && !s.cfg.NoEvidenceCheck,
		"Version":  s.cfg.Tool.Version, "Catalogue": catalogue,
	})
	if err != nil {
		s.problem(w, r, http.StatusInternalServerError, "the page could not be written")
		return
	}
	h := w.Header()
	h.Set("Content-Security-Policy", pageCSP)
	h.Set("Cache-Control", "no-cache")
	writeHTML(w, http.StatusOK, b.Bytes())
}

// pageParams reads the page's one parameter, today. Others are let be: a
// link shared by people picks up parameters of other sites' making.
func (s *Server) pageParams(r *http.Request) (params, *failure) {
	q := url.Values{}
	if v, ok := r.URL.Query()["today"]; ok {
		q["today"] = v
	}
	return s.readParams(q, []string{"today"})
}

// handleScript is GET /page.js.
func (s *Server) handleScript(w http.ResponseWriter, r *http.Request) {
	js, err := pageFiles.ReadFile("page/page.js")
	if err != nil {
		s.problem(w, r, http.StatusInternalServerError, "the script is missing")
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/javascript; charset=utf-8")
	h.Set("Cache-Control", "public, max-age=300")
	h.Set("Content-Length", strconv.Itoa(len(js)))
	_, _ = w.Write(js)
}

// handlePageCheck is POST /check, where the page's form posts: the plans
// checked, answered with the HTML scorecard, each finding beside its line
// of the plan, with links to the report as HTML, JSON and Markdown. They
// are data: links, so that the report is downloaded without being sent
// again and without the service keeping anything.
func (s *Server) handlePageCheck(w http.ResponseWriter, r *http.Request) {
	ri := info(r)
	ri.report = "page"
	p, f := s.pageParams(r)
	if f != nil {
		s.pageProblem(w, r, f, "")
		return
	}
	back := backTo(p.today)
	st := s.state()
	if st == nil {
		s.pageProblem(w, r, &failure{status: http.StatusServiceUnavailable, detail: "The service is still starting. Try again in a moment.", retry: time.Second}, back)
		return
	}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "multipart/form-data" {
		s.pageProblem(w, r, fail(http.StatusUnsupportedMediaType, "The form must be sent as multipart/form-data, as the page sends it."), back)
		return
	}
	if f := s.busy(); f != nil {
		s.pageProblem(w, r, f, back)
		return
	}
	uploads, f := s.readUploads(w, r, p)
	if f != nil {
		s.pageProblem(w, r, f, back)
		return
	}
	ri.plans = len(uploads)
	today := s.today(p)
	out, f := s.check(r, st, uploads, today)
	if f != nil {
		s.pageProblem(w, r, f, back)
		return
	}
	h := s.header(st, today)
	src := sources(uploads)
	links := map[string]any{"Back": back, "Base": downloadName(uploads), "Evidence": out.evidence}
	for _, d := range []struct {
		key    string
		format render.Format
		opts   render.Options
	}{
		{"HTML", render.HTML, render.Options{Source: src}},
		{"JSON", render.JSON, render.Options{}},
		{"Markdown", render.Markdown, render.Options{}},
	} {
		data, err := write(d.format, h, out, d.opts)
		if err != nil {
			s.cfg.Logger.Error("writing a report", "request_id", w.Header().Get("X-Request-Id"), "error", err.Error())
			s.pageProblem(w, r, fail(http.StatusInternalServerError, "The report could not be written."), back)
			return
		}
		mt, _, _ := strings.Cut(contentTypes[d.format], ";")
		// Our own report, base64-encoded: a URL html/template may trust.
		links[d.key] = template.URL("data:" + mt + ";charset=utf-8;base64," + base64.StdEncoding.EncodeToString(data))
	}
	var prelude bytes.Buffer
	if err := pageTemplates.ExecuteTemplate(&prelude, "prelude.html", links); err != nil {
		s.pageProblem(w, r, fail(http.StatusInternalServerError, "The report could not be written."), back)
		return
	}
	page, err := write(render.HTML, h, out, render.Options{Source: src, Prelude: template.HTML(prelude.String())})
	if err != nil {
		s.pageProblem(w, r, fail(http.StatusInternalServerError, "The report could not be written."), back)
		return
	}
	w.Header().Set("Content-Security-Policy", reportCSP)
	w.Header().Set("Cache-Control", "no-store")
	writeHTML(w, http.StatusOK, page)
}

// downloadName is the name a downloaded report is given: after the plan
// when there is one, in letters a file system takes.
func downloadName(uploads []upload) string {
	if len(uploads) != 1 {
		return "plancheck-report"
	}
	base := strings.TrimSuffix(uploads[0].name, path.Ext(uploads[0].name))
	base = strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_':
			return r
		}
		return '-'
	}, base)
	if strings.Trim(base, "-") == "" {
		return "plancheck-report"
	}
	return "plancheck-" + base
}

// pageProblem answers the page's form with an error page.
func (s *Server) pageProblem(w http.ResponseWriter, r *http.Request, f *failure, back string) {
	if f.gone {
		info(r).gone = true
		return
	}
	info(r).detail = f.detail
	if f.retry > 0 {
		retryAfter(w, f.retry)
	}
	if back == "" {
		back = "/"
	}
	if f.status == http.StatusRequestEntityTooLarge {
		w.Header().Set("Connection", "close")
	}
	var b bytes.Buffer
	detail := f.detail
	if detail != "" {
		detail = strings.ToUpper(detail[:1]) + detail[1:]
	}
	err := pageTemplates.ExecuteTemplate(&b, "problem.html", map[string]any{
		"CSS": pageCSS(), "Title": http.StatusText(f.status), "Detail": detail, "Back": back,
	})
	if err != nil {
		http.Error(w, fmt.Sprintf("%d %s", f.status, f.detail), f.status)
		return
	}
	w.Header().Set("Content-Security-Policy", pageCSP)
	w.Header().Set("Cache-Control", "no-store")
	writeHTML(w, f.status, b.Bytes())
}

func writeHTML(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
