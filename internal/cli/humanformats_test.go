package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/plancheck/plancheck/internal/check"
)

// chromium finds a Chromium to render the HTML report with, or skips the
// test; browser tests are consumer tests, run when PLANCHECK_CONSUMERS=1.
func chromium(t *testing.T) string {
	t.Helper()
	consumers(t)
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("no Chromium to render the HTML report with (Debian package chromium; .ci/run installs it where it can)")
	return ""
}

// TestHTMLPrintsOnFewPages prints the fixtures' report with headless
// Chromium: the first page is not given to the totals alone (the
// portfolio starts on it, and the first plan by the next), and each plan
// takes at most three pages.
func TestHTMLPrintsOnFewPages(t *testing.T) {
	t.Parallel()
	browser := chromium(t)
	pdftotext, err1 := exec.LookPath("pdftotext")
	pdfinfo, err2 := exec.LookPath("pdfinfo")
	if err1 != nil || err2 != nil {
		t.Skip("no pdftotext and pdfinfo to read the printed pages with (Debian package poppler-utils; .ci/run installs it where it can)")
	}
	paths := lintTo(t, "html")
	abs, _ := filepath.Abs(paths["html"])
	pdf := filepath.Join(t.TempDir(), "report.pdf")
	printToPDF(t, browser, abs, pdf)
	info, err := exec.Command(pdfinfo, pdf).Output()
	if err != nil {
		t.Fatalf("pdfinfo: %v", err)
	}
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)$`).FindSubmatch(info)
	if m == nil {
		t.Fatalf("pdfinfo gave no page count:\n%s", info)
	}
	pages, _ := strconv.Atoi(string(m[1]))
	r := readReport(t, paths["json"])
	if max := 3 * len(r.Plans); pages > max {
		t.Errorf("the report of %d plans prints on %d pages, more than %d", len(r.Plans), pages, max)
	}
	text := func(from, to int) string {
		t.Helper()
		out, err := exec.Command(pdftotext, "-f", strconv.Itoa(from), "-l", strconv.Itoa(to), pdf, "-").Output()
		if err != nil {
			t.Fatalf("pdftotext: %v", err)
		}
		return string(out)
	}
	first := text(1, 1)
	for _, want := range []string{"plancheck report", "Portfolio: 8 plans side by side", "Recommendations most often missed"} {
		if !strings.Contains(first, want) {
			t.Errorf("page 1 does not show %q; it reads:\n%s", want, first)
		}
	}
	// The portfolio of the fixtures' eight plans takes a page or so: the
	// first plan (its title is said nowhere else) starts by page 2.
	if title := r.Plans[0].Plan.Title; !strings.Contains(text(1, 2), title) {
		t.Errorf("the first plan, %q, does not start by page 2", title)
	}
	t.Logf("%d plans on %d pages", len(r.Plans), pages)
}

// TestHTMLCardsAgreeWithTheScore reads each plan's scorecard: the
// frameworks' counts add up to the score (which leaves out the format
// rule, not applicable and skipped), skipped recommendations are said,
// and the format rule is the file's validity, not a framework.
func TestHTMLCardsAgreeWithTheScore(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	page := filepath.Join(dir, "r.html")
	out, _, _ := run(t, "", "", "lint", "--today", "2026-11-21", "--skip", "nao-lessons-learned,wg-data-trust",
		"-f", "json", "-f", "html="+page, "fixtures/plans")
	r := decode(t, out)
	data, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	cat := catalogue(t)
	formatFrameworks := map[string]bool{}
	for _, rule := range cat.OfKind(check.Format) {
		formatFrameworks[cat.Framework(rule.Framework).Title] = true
	}
	articles := strings.Split(string(data), `<article class="plan">`)[1:]
	if len(articles) != len(r.Plans) {
		t.Fatalf("%d plan sections, want %d", len(articles), len(r.Plans))
	}
	score := regexp.MustCompile(`<div class="score"><b>([0-9.]+)%</b><span>(\d+) of (\d+) applicable recommendations met</span>`)
	fwLine := regexp.MustCompile(`<div class="fw-name"><strong>([^<]*)</strong><span>([^<]*)</span>`)
	count := regexp.MustCompile(`^(\d+) (of (\d+) met|missed|waived|not applicable|skipped)$`)
	for i, a := range articles {
		p := r.Plans[i]
		m := score.FindStringSubmatch(a)
		if m == nil {
			t.Errorf("%s: no score", p.File)
			continue
		}
		if want := strconv.FormatFloat(float64(p.Score.Percent), 'f', 1, 64); m[1] != want || m[2] != strconv.Itoa(p.Score.Met) || m[3] != strconv.Itoa(p.Score.Applicable) {
			t.Errorf("%s: card says %s%%, %s of %s; the score is %s%%, %d of %d", p.File, m[1], m[2], m[3], want, p.Score.Met, p.Score.Applicable)
		}
		var met, applicable, skipped int
		for _, fw := range fwLine.FindAllStringSubmatch(a, -1) {
			if formatFrameworks[fw[1]] {
				t.Errorf("%s: the format rule's framework %q has a scorecard", p.File, fw[1])
			}
			for _, part := range strings.Split(fw[2], " · ") {
				c := count.FindStringSubmatch(part)
				if c == nil {
					if part != "none applicable" {
						t.Errorf("%s: %q in %q", p.File, part, fw[2])
					}
					continue
				}
				n, _ := strconv.Atoi(c[1])
				switch {
				case c[3] != "":
					met += n
					all, _ := strconv.Atoi(c[3])
					applicable += all
				case c[2] == "skipped":
					skipped += n
				}
			}
		}
		wantSkipped := 0
		for _, res := range p.Results {
			if rule, _ := cat.Lookup(res.ID); rule.Scored() && res.Status == check.Skipped {
				wantSkipped++
			}
		}
		if met != p.Score.Met || applicable != p.Score.Applicable || skipped != wantSkipped || wantSkipped == 0 {
			t.Errorf("%s: the frameworks count %d of %d met and %d skipped; the score is %d of %d, and %d are skipped",
				p.File, met, applicable, skipped, p.Score.Met, p.Score.Applicable, wantSkipped)
		}
		if !strings.Contains(a, `<div class="validity `) || !strings.Contains(a, "This file ") {
			t.Errorf("%s: no statement of the file's validity", p.File)
		}
	}
}

// TestHumanFormatsKeepPlanTextEscaped puts markup in a plan's values, some
// of it between backticks, where plancheck's messages quote them: HTML
// and Markdown render plancheck's own code spans and none of the plan's
// markup.
func TestHumanFormatsKeepPlanTextEscaped(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	plan := filepath.Join(dir, "plan.yaml")
	write(t, plan, "plancheck: 1\n"+
		"organisation: {name: \"Trust [x](https://evil.example) @team <img src=x>\"}\n"+
		"plan: {title: \"<b>bold</b> `code` | pipe\", period: {start: 2026-01-01, end: 2027-01-01}}\n"+
		"delivery: {approach: \"x `<img src=y onerror=alert(1)>` [l](https://evil.example) @team | y\"}\n"+
		"\"<i>key</i>\": 1\n")
	html, _, _ := run(t, dir, "", "lint", "--today", "2026-11-21", "-f", "html", plan)
	for _, bad := range []string{"<img", "<b>bold", "<i>key"} {
		if strings.Contains(html, bad) {
			t.Errorf("HTML: %q from the plan is markup", bad)
		}
	}
	for _, want := range []string{
		"<code>plancheck schema</code>",
		"unknown key <code>&lt;i&gt;key&lt;/i&gt;</code>",
		"the delivery approach is x <code>&lt;img src=y onerror=alert(1)&gt;</code> [l](https://evil.example) @team | y",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	md, _, _ := run(t, dir, "", "lint", "--today", "2026-11-21", "-f", "markdown", plan)
	for _, want := range []string{
		`Trust \[x\](https\://evil.example) \@team &lt;img src=x&gt;: &lt;b&gt;bold&lt;/b&gt; \` + "`code\\` \\| pipe",
		"unknown key `<i>key</i>`: plan format 1 does not read it",
		"the delivery approach is x `<img src=y onerror=alert(1)>` \\[l\\](https\\://evil.example) \\@team \\| y",
		"`plancheck schema` prints the format",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("Markdown lacks %q", want)
		}
	}
}

// TestMarkdownRendersInGitHubsEngine renders the Markdown report with
// cmark-gfm, GitHub's Markdown engine, with the extensions GitHub turns
// on: a table per plan with three cells a row, plancheck's code spans
// shown as code and no backtick left over, and nothing from a plan that
// becomes a link, an image or HTML.
func TestMarkdownRendersInGitHubsEngine(t *testing.T) {
	t.Parallel()
	cmark, err := exec.LookPath("cmark-gfm")
	if err != nil {
		t.Skip("no cmark-gfm to render the Markdown report with (Debian package cmark-gfm; .ci/run installs it where it can)")
	}
	render := func(md string) string {
		t.Helper()
		// --unsafe keeps raw HTML, so that any that reaches the output
		// is seen here (GitHub would filter some of it).
		cmd := exec.Command(cmark, "--unsafe", "-e", "table", "-e", "autolink", "-e", "strikethrough", "-e", "tagfilter")
		cmd.Stdin = strings.NewReader(md)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("cmark-gfm: %v", err)
		}
		return string(out)
	}
	rowCells := func(html string, cells int) {
		t.Helper()
		for _, row := range regexp.MustCompile(`(?s)<tr>(.*?)</tr>`).FindAllStringSubmatch(html, -1) {
			if n := strings.Count(row[1], "<td") + strings.Count(row[1], "<th"); n != cells {
				t.Errorf("a table row with %d cells, not %d: %s", n, cells, row[1])
			}
		}
	}

	paths := lintTo(t, "markdown")
	data, err := os.ReadFile(paths["markdown"])
	if err != nil {
		t.Fatal(err)
	}
	html := render(string(data))
	r := readReport(t, paths["json"])
	// The portfolio comes first, with a table of the rules (five cells a
	// row: the recommendation, then plans met, missed, waived and not
	// applicable) and one of the plans (four: plan, organisation, score,
	// missed recommendations); then a table per plan.
	portfolio, plans, ok := strings.Cut(html, "<h3><code>")
	if !ok || !strings.Contains(portfolio, "<h3>Portfolio: 8 plans side by side</h3>") {
		t.Fatalf("no portfolio before the plans:\n%.2000s", html)
	}
	rules, planRows, _ := strings.Cut(portfolio[strings.Index(portfolio, "<table>"):], "</table>")
	rowCells(rules, 5)
	rowCells(planRows, 4)
	if n := strings.Count(planRows, "<tr>") - 1; n != len(r.Plans) {
		t.Errorf("the portfolio's table of plans has %d rows, want %d", n, len(r.Plans))
	}
	if n := strings.Count(plans, "<table>"); n != len(r.Plans) {
		t.Errorf("%d tables, want one per plan (%d)", n, len(r.Plans))
	}
	if strings.Contains(html, "`") {
		t.Errorf("a literal backtick in the rendered report: %s", regexp.MustCompile(".{0,60}`.{0,60}").FindString(html))
	}
	if !strings.Contains(html, "<code>plancheck schema</code>") || !strings.Contains(html, "<code>legacy: {systems: []}</code>") {
		t.Error("plancheck's code spans are not rendered as code")
	}
	rowCells(plans, 3)

	dir := t.TempDir()
	plan := filepath.Join(dir, "plan.yaml")
	write(t, plan, "plancheck: 1\n"+
		"organisation: {name: \"Trust [x](https://evil.example) www.evil.example @team <img src=x>\"}\n"+
		"plan: {title: \"<b>bold</b> `code` | pipe\", period: {start: 2026-01-01, end: 2027-01-01}}\n"+
		"delivery: {approach: \"x `<img src=y onerror=alert(1)>` [l](https://evil.example) @team | y\"}\n"+
		"\"<i>key</i>\": 1\n"+
		"waivers:\n  - {recommendation: wg-spend-reprioritised, reason: \"a | b `c|d` <b>x</b> https://evil.example\", approved_by: \"@board\", expires: 2027-03-31}\n")
	md, _, _ := run(t, dir, "", "lint", "--today", "2026-11-21", "-f", "markdown", plan)
	html = render(md)
	for _, bad := range []string{"<a ", "<img", "<b>bold", "<b>x", "<i>key"} {
		if strings.Contains(html, bad) {
			t.Errorf("%q from the plan became HTML:\n%s", bad, html)
		}
	}
	for _, want := range []string{
		"<code>&lt;img src=y onerror=alert(1)&gt;</code>", "<code>&lt;i&gt;key&lt;/i&gt;</code>",
		// A waiver's reason is the plan's text alone: its backticks stay
		// backticks.
		"waived until 2027-03-31: a | b `c|d` &lt;b&gt;x&lt;/b&gt; https://evil.example (approved by @board)", "<code>plancheck schema</code>",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("the rendered Markdown lacks %q", want)
		}
	}
	rowCells(html, 3)
}

// printToPDF prints the page at the absolute path page to pdf with
// headless Chromium, as a reader printing it would, without the header and
// footer Chromium adds.
func printToPDF(t *testing.T, browser, page, pdf string) {
	t.Helper()
	cmd := exec.Command(browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+t.TempDir(), "--print-to-pdf="+pdf, "--no-pdf-header-footer", "file://"+page)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, out)
	}
}
