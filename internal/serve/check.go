package serve

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"path"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/plancheck/plancheck/internal/lint"
	"github.com/plancheck/plancheck/internal/loader"
	"github.com/plancheck/plancheck/internal/plan"
	"github.com/plancheck/plancheck/internal/render"
	"github.com/plancheck/plancheck/internal/report"
	"github.com/plancheck/plancheck/internal/safetext"
	"github.com/plancheck/plancheck/internal/suggest"
)

// failure is a request that cannot be answered with a report: its status
// and what is wrong, in words for the client.
type failure struct {
	status int
	detail string
	// retry, when set, is sent as Retry-After.
	retry time.Duration
	// gone is set when the client went away: nothing is answered.
	gone bool
}

func fail(status int, format string, args ...any) *failure {
	return &failure{status: status, detail: fmt.Sprintf(format, args...)}
}

// upload is one plan sent to be checked.
type upload struct {
	name   string
	syntax plan.Syntax
	data   []byte
	// err, when set, is why the plan cannot be read (its format cannot be
	// told): it is reported as the plan's error, as lint reports a file.
	err string
}

// queryKeys are the parameters /v1/check takes.
var queryKeys = []string{"format", "report", "today", "name"}

// params are what a check request says besides its plans.
type params struct {
	// syntax is the syntax every plan is read as (?format=); "" when each
	// plan's own type or name says.
	syntax plan.Syntax
	today  string
	name   string
}

// readParams reads and checks the query: an unknown parameter is refused
// (a misspelt ?reprot= would otherwise be silently ignored).
func (s *Server) readParams(q url.Values, allowed []string) (params, *failure) {
	var p params
	for k := range q {
		if !contains(allowed, k) {
			return p, fail(http.StatusBadRequest, "unknown parameter %q%s; the parameters are %s", clip(k, 40), suggest.Hint(k, allowed), strings.Join(allowed, ", "))
		}
	}
	if v := q.Get("format"); v != "" {
		syn, ok := plan.ParseSyntax(v)
		if !ok {
			return p, fail(http.StatusBadRequest, "unknown plan format %q: use yaml, json or toml", clip(v, 40))
		}
		p.syntax = syn
	}
	if v := q.Get("today"); v != "" {
		if !validDate(v) {
			return p, fail(http.StatusBadRequest, "today must be a date such as 2026-11-21, not %q", clip(v, 40))
		}
		p.today = v
	}
	if v := q.Get("name"); v != "" {
		p.name = cleanName(v)
	}
	return p, nil
}

var datePattern = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

func validDate(s string) bool {
	_, err := time.Parse("2006-01-02", s)
	return err == nil && datePattern.MatchString(s)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// readUploads reads the plans a request sends: its body, or each file
// (and the pasted text) of a multipart/form-data upload. The body is
// bounded by the size limit of a plan file; a multipart upload may add
// its framing.
func (s *Server) readUploads(w http.ResponseWriter, r *http.Request, p params) ([]upload, *failure) {
	ct := r.Header.Get("Content-Type")
	mt, _, _ := mime.ParseMediaType(ct)
	multi := mt == "multipart/form-data"
	limit := s.cfg.MaxBodySize
	if multi {
		limit += MultipartOverhead
	}
	if r.ContentLength > limit {
		return nil, s.tooLarge()
	}
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	if multi {
		return s.readMultipart(r, p)
	}
	syntax := p.syntax
	if syntax == "" {
		var known bool
		if syntax, known = syntaxOf(ct); !known {
			return nil, &failure{status: http.StatusUnsupportedMediaType, detail: fmt.Sprintf("a plan cannot be sent as %q: send it as %s, give its format with ?format=yaml, json or toml, or upload files as multipart/form-data", clip(ct, 80), planTypes)}
		}
	}
	data, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, s.readFailure(r, err)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fail(http.StatusBadRequest, "the request has no plan: send one as the body, or files as a multipart/form-data upload")
	}
	name := p.name
	if name == "" {
		name = "plan." + string(syntax)
	}
	return []upload{{name: name, syntax: syntax, data: data}}, nil
}

func (s *Server) tooLarge() *failure {
	return fail(http.StatusRequestEntityTooLarge, "the request is larger than the limit of %s for a plan (the service's --max-file-size)", humanBytes(s.cfg.MaxBodySize))
}

// readFailure describes an error met reading a request's body.
func (s *Server) readFailure(r *http.Request, err error) *failure {
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return s.tooLarge()
	case clientGone(r, err):
		return &failure{gone: true}
	}
	return fail(http.StatusBadRequest, "reading the request: %v", err)
}

// Form fields of a multipart upload besides its files: the pasted text of
// a plan, and the format to read the plans as (the page's form has both).
const (
	fieldText   = "text"
	fieldFormat = "format"
)

// readMultipart reads every file of a multipart upload as a plan, whatever
// its field's name, and the text field as one more.
func (s *Server) readMultipart(r *http.Request, p params) ([]upload, *failure) {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, fail(http.StatusBadRequest, "reading the multipart upload: %v", err)
	}
	type file struct {
		upload
		partType string
	}
	var files []file
	var text []byte
	formFormat := ""
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, s.readFailure(r, err)
		}
		data, err := io.ReadAll(io.LimitReader(part, s.cfg.MaxBodySize+1))
		if err != nil {
			return nil, s.readFailure(r, err)
		}
		if int64(len(data)) > s.cfg.MaxBodySize {
			return nil, s.tooLarge()
		}
		isFile, filename := fileOf(part)
		switch field := part.FormName(); {
		case isFile:
			if filename == "" && len(data) == 0 {
				// A file input left empty.
				continue
			}
			if len(files) == MaxPlans {
				return nil, fail(http.StatusBadRequest, "the upload holds more than %d plans: send them in several requests", MaxPlans)
			}
			name := cleanName(filename)
			if name == "" {
				name = "plan"
			}
			files = append(files, file{upload: upload{name: name, data: data}, partType: part.Header.Get("Content-Type")})
		case field == fieldText:
			text = data
		case field == fieldFormat:
			formFormat = strings.TrimSpace(string(data))
		default:
			return nil, fail(http.StatusBadRequest, "unknown form field %q: send plans as files (in fields of any name), or a plan's text in the field %q", clip(field, 40), fieldText)
		}
	}
	syntax := p.syntax
	if syntax == "" && formFormat != "" {
		f, ok := plan.ParseSyntax(formFormat)
		if !ok {
			return nil, fail(http.StatusBadRequest, "unknown plan format %q in the field %q: use yaml, json or toml", clip(formFormat, 40), fieldFormat)
		}
		syntax = f
	}
	var out []upload
	for _, f := range files {
		u := f.upload
		switch ext, extKnown := loader.SyntaxOf(u.name); {
		case syntax != "":
			u.syntax = syntax
		case extKnown:
			u.syntax = ext
		default:
			if st, known := syntaxOf(f.partType); known && specific(f.partType) {
				u.syntax = st
			} else {
				u.err = fmt.Sprintf("cannot tell the format of %q: name it .yaml, .yml, .json or .toml, or give the format (?format=yaml, json or toml)", u.name)
			}
		}
		out = append(out, u)
	}
	if len(bytes.TrimSpace(text)) > 0 {
		if len(out) == MaxPlans {
			return nil, fail(http.StatusBadRequest, "the upload holds more than %d plans: send them in several requests", MaxPlans)
		}
		st := syntax
		if st == "" {
			st = sniff(text)
		}
		out = append(out, upload{name: "pasted-plan." + string(st), syntax: st, data: text})
	}
	if len(out) == 0 {
		return nil, fail(http.StatusBadRequest, "the upload holds no plan: choose a plan file, or paste a plan's text in the field %q", fieldText)
	}
	uniqueNames(out)
	return out, nil
}

// fileOf tells whether a part is a file (its Content-Disposition has a
// filename, even an empty one, as a browser sends for a file input left
// empty) and the file's name.
func fileOf(part *multipart.Part) (bool, string) {
	_, params, err := mime.ParseMediaType(part.Header.Get("Content-Disposition"))
	if err != nil {
		return false, ""
	}
	name, ok := params["filename"]
	return ok, name
}

// specific tells whether a media type names a plan's syntax itself, not
// only "text" or "bytes".
func specific(contentType string) bool {
	mt, _, _ := mime.ParseMediaType(contentType)
	return mt != "" && mt != "text/plain" && mt != "application/octet-stream"
}

// cleanName makes a client's file name fit to name a plan in a report: its
// last element (a browser may send a Windows path), without control
// characters, at most 120 characters.
func cleanName(name string) string {
	name = strings.ReplaceAll(name, `\`, "/")
	name = path.Base(path.Clean("/" + name))
	if name == "/" || name == "." {
		return ""
	}
	name = strings.Map(func(r rune) rune {
		if safetext.Unsafe(r) || r == utf8.RuneError {
			return '_'
		}
		return r
	}, name)
	if r := []rune(name); len(r) > 120 {
		name = string(r[:120])
	}
	return name
}

// uniqueNames tells apart plans sent under the same name (plan.yaml from
// two folders), so that each reads as its own in a report.
func uniqueNames(us []upload) {
	seen := map[string]int{}
	for i := range us {
		n := us[i].name
		seen[n]++
		if k := seen[n]; k > 1 {
			ext := path.Ext(n)
			us[i].name = fmt.Sprintf("%s (%d)%s", strings.TrimSuffix(n, ext), k, ext)
		}
	}
}

var tomlLine = regexp.MustCompile(`^(\[[^\[\]]+\]|[A-Za-z0-9_."-]+\s*=)`)

// sniff tells the syntax of pasted text that does not say: JSON when it
// starts with {, TOML when its first line is a table or a key = value,
// else YAML.
func sniff(text []byte) plan.Syntax {
	t := bytes.TrimSpace(text)
	if bytes.HasPrefix(t, []byte("{")) {
		return plan.JSON
	}
	for _, line := range bytes.Split(t, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		if tomlLine.Match(line) {
			return plan.TOML
		}
		break
	}
	return plan.YAML
}

// outcome is what checking a request's plans found.
type outcome struct {
	plans []*report.Plan
	tail  report.Tail
	// evidence is set when some plan's evidence was looked for.
	evidence bool
}

// busy refuses a request at once when the queue is full.
func (s *Server) busy() *failure {
	if !s.limit.full() {
		return nil
	}
	return s.refused()
}

func (s *Server) refused() *failure {
	s.metrics.rejected.WithLabelValues("queue_full").Inc()
	return &failure{status: http.StatusTooManyRequests, detail: errQueueFull.Error() + "; try again shortly", retry: time.Second}
}

// check checks a request's plans within one check slot and the deadline.
func (s *Server) check(r *http.Request, st *ready, uploads []upload, today string) (*outcome, *failure) {
	release, err := s.limit.acquire(r.Context())
	switch {
	case errors.Is(err, errQueueFull):
		return nil, s.refused()
	case errors.Is(err, errQueueWait):
		s.metrics.rejected.WithLabelValues("queue_wait").Inc()
		return nil, &failure{status: http.StatusTooManyRequests, detail: err.Error() + "; try again shortly", retry: time.Second}
	case err != nil:
		return nil, &failure{gone: true}
	}
	defer release()
	start := time.Now()
	ctx, cancel := context.WithTimeout(r.Context(), s.cfg.Timeout)
	defer cancel()
	opts := lint.Options{
		Dir: s.cfg.Dir, Limits: loader.Limits{MaxFileSize: s.cfg.MaxBodySize}, Today: today, Timeout: s.cfg.Timeout,
		EvidenceRoot: s.cfg.EvidenceRoot, NoEvidenceCheck: s.cfg.NoEvidenceCheck, Selection: st.sel,
	}
	out := &outcome{}
	for _, u := range uploads {
		if u.err != "" {
			out.tail.Errors = append(out.tail.Errors, report.FileError{File: u.name, Message: u.err})
			continue
		}
		opts.Syntax = u.syntax
		p, skip, fe := lint.CheckReader(ctx, st.eng, opts, u.name, bytes.NewReader(u.data))
		if ctx.Err() != nil {
			break
		}
		switch {
		case p != nil:
			out.plans = append(out.plans, p)
			out.evidence = out.evidence || p.Evidence.Checked
		case skip != nil:
			out.tail.SkippedFiles = append(out.tail.SkippedFiles, *skip)
		case fe != nil:
			out.tail.Errors = append(out.tail.Errors, *fe)
		}
	}
	elapsed := time.Since(start)
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded) && r.Context().Err() == nil:
		s.metrics.rejected.WithLabelValues("deadline").Inc()
		return nil, fail(http.StatusUnprocessableEntity, "checking the plans took longer than %v, the service's limit (--timeout): a plan this costly to check is not one plancheck can judge here", s.cfg.Timeout)
	case ctx.Err() != nil:
		return nil, &failure{gone: true}
	}
	s.metrics.checks.Observe(elapsed.Seconds())
	// In name order, as lint orders files.
	sort.SliceStable(out.plans, func(i, j int) bool { return out.plans[i].File < out.plans[j].File })
	sort.SliceStable(out.tail.SkippedFiles, func(i, j int) bool { return out.tail.SkippedFiles[i].File < out.tail.SkippedFiles[j].File })
	report.SortErrors(out.tail.Errors)
	summary := report.NewSummary(s.cfg.FailOn)
	for _, p := range out.plans {
		summary.Add(p)
		s.metrics.plan(p)
	}
	summary.AddUnreadable(len(out.tail.Errors))
	out.tail.Summary = summary
	s.metrics.plans.WithLabelValues("unreadable").Add(float64(len(out.tail.Errors)))
	s.metrics.plans.WithLabelValues("skipped").Add(float64(len(out.tail.SkippedFiles)))
	return out, nil
}

// header is what a report of the service says about its run.
func (s *Server) header(st *ready, today string) render.Header {
	return render.Header{
		Tool: s.cfg.Tool, Today: today, Catalogue: st.cat, Rules: st.rules,
		Selection: report.Selection{Only: nonNil(s.cfg.Only), Skip: nonNil(s.cfg.Skip), Source: s.cfg.SelectionSource},
		FailOn:    s.cfg.FailOn,
	}
}

func nonNil(list []string) []string {
	if list == nil {
		return []string{}
	}
	return list
}

// write renders a report in one format.
func write(f render.Format, h render.Header, out *outcome, opts render.Options) ([]byte, error) {
	var b bytes.Buffer
	w, err := render.New(f, &b, h, opts)
	if err != nil {
		return nil, err
	}
	// After End, Close has nothing left to release; before it, what it
	// releases is all there is to do.
	defer func() { _ = w.Close() }()
	for _, p := range out.plans {
		if err := w.Plan(p); err != nil {
			return nil, fmt.Errorf("writing the %s report: %w", f, err)
		}
	}
	if err := w.End(out.tail); err != nil {
		return nil, fmt.Errorf("writing the %s report: %w", f, err)
	}
	return b.Bytes(), nil
}

// today is the date a request's plans are checked on.
func (s *Server) today(p params) string {
	if p.today != "" {
		return p.today
	}
	return s.cfg.Now().Format("2006-01-02")
}

// handleCheck is POST /v1/check: the plans of the request, checked, and
// the report in the format asked for.
func (s *Server) handleCheck(w http.ResponseWriter, r *http.Request) {
	ri := info(r)
	st := s.state()
	if st == nil {
		retryAfter(w, time.Second)
		s.problem(w, r, http.StatusServiceUnavailable, "the policies are still being compiled; try again shortly")
		return
	}
	q := r.URL.Query()
	p, f := s.readParams(q, queryKeys)
	if f != nil {
		s.answerFailure(w, r, f)
		return
	}
	var format render.Format
	if v := q.Get("report"); v != "" {
		rf, err := render.ParseFormat(v)
		if err != nil {
			s.problem(w, r, http.StatusBadRequest, "report: "+err.Error())
			return
		}
		format = rf
	} else {
		rf, ok := negotiate(r.Header.Get("Accept"))
		if !ok {
			s.problem(w, r, http.StatusNotAcceptable, "the Accept header names no report format plancheck writes: ask for "+reportTypes+", or name the format with ?report=")
			return
		}
		format = rf
	}
	ri.report = string(format)
	if f := s.busy(); f != nil {
		s.answerFailure(w, r, f)
		return
	}
	uploads, f := s.readUploads(w, r, p)
	if f != nil {
		s.answerFailure(w, r, f)
		return
	}
	ri.plans = len(uploads)
	today := s.today(p)
	out, f := s.check(r, st, uploads, today)
	if f != nil {
		s.answerFailure(w, r, f)
		return
	}
	opts := render.Options{}
	if format == render.HTML {
		opts.Source = sources(uploads)
	}
	body, err := write(format, s.header(st, today), out, opts)
	if err != nil {
		s.cfg.Logger.Error("writing a report", "request_id", w.Header().Get("X-Request-Id"), "error", err.Error())
		s.problem(w, r, http.StatusInternalServerError, "the report could not be written")
		return
	}
	h := w.Header()
	h.Set("Content-Type", contentTypes[format])
	h.Set("Vary", "Accept")
	h.Set("Cache-Control", "no-store")
	if format == render.HTML {
		h.Set("Content-Security-Policy", reportCSP)
	}
	h.Set("Content-Length", fmt.Sprint(len(body)))
	_, _ = w.Write(body)
}

// answerFailure answers a request that has no report.
func (s *Server) answerFailure(w http.ResponseWriter, r *http.Request, f *failure) {
	if f.gone {
		info(r).gone = true
		return
	}
	if f.retry > 0 {
		retryAfter(w, f.retry)
	}
	if f.status == http.StatusRequestEntityTooLarge {
		// The rest of the body is not read: the connection cannot carry
		// another request.
		w.Header().Set("Connection", "close")
	}
	s.problem(w, r, f.status, f.detail)
}

// sources gives the HTML report the text of the plans it names.
func sources(uploads []upload) func(string) []byte {
	byName := make(map[string][]byte, len(uploads))
	for _, u := range uploads {
		byName[u.name] = u.data
	}
	return func(name string) []byte { return byName[name] }
}

// reportCSP lets an HTML report do what it does (its own styles, inline
// SVG, links out to its sources) and nothing else: no script, no fetch.
const reportCSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// humanBytes says a size as a person reads it: 8 MiB, 512 KiB.
func humanBytes(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
