package render

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"html"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/plancheck/plancheck/internal/report"
)

// renderPortfolio writes the plans in format f with the portfolio lint
// would give it, rows kept.
func renderPortfolio(t *testing.T, f Format, plans []report.Plan) string {
	t.Helper()
	var b bytes.Buffer
	h := testHeader(plans)
	w, err := New(f, &b, h, Options{})
	if err != nil {
		t.Fatal(err)
	}
	s := report.NewSummary(report.FailOnMust)
	p := report.NewPortfolio(h.Catalogue, true)
	for i := range plans {
		s.Add(&plans[i])
		p.Add(&plans[i])
		if err := w.Plan(&plans[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.End(report.Tail{Summary: s, Portfolio: p.Portfolio()}); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// hostilePlans are the golden plans, the first with markup in what it
// says of itself.
func hostilePlans(t *testing.T) []report.Plan {
	plans := goldenPlans(t)
	plans[0].Organisation = report.Organisation{Name: "<img src=x onerror=alert(1)>", Code: "</td><script>alert(2)</script>", Type: "trust\" onclick=\"alert(3)"}
	plans[0].File = "plans/<b>bold</b>.yaml"
	return plans
}

// TestPortfolioPageIsSelfContained checks the portfolio page loads
// nothing, runs only its own script, which its content security policy
// names by hash as it does its stylesheet, and escapes what plans say.
func TestPortfolioPageIsSelfContained(t *testing.T) {
	page := renderPortfolio(t, Portfolio, hostilePlans(t))
	for _, bad := range []string{`(?i)<link`, `(?i)<[a-z][^>]*\ssrc=`, `(?i)@import`, `(?i)url\(`, `(?i)<img`, `(?i)<iframe`, `(?i)<[^>]*\son[a-z]+=`} {
		if m := regexp.MustCompile(bad).FindString(page); m != "" {
			t.Errorf("the page fetches or runs something: %q", m)
		}
	}
	if n := strings.Count(page, "<script"); n != 1 {
		t.Errorf("%d scripts, want the page's own", n)
	}
	for _, want := range []string{"&lt;img src=x onerror=alert(1)&gt;", "&lt;/td&gt;&lt;script&gt;alert(2)&lt;/script&gt;", "plans/&lt;b&gt;bold&lt;/b&gt;.yaml"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q, escaped", want)
		}
	}
	m := regexp.MustCompile(`<meta http-equiv="Content-Security-Policy" content="([^"]*)">`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no content security policy")
	}
	csp := html.UnescapeString(m[1])
	hash := func(s string) string {
		sum := sha256.Sum256([]byte(s))
		return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
	}
	style := regexp.MustCompile(`(?s)<style>(.*?)</style>`).FindStringSubmatch(page)
	script := regexp.MustCompile(`(?s)<script>(.*?)</script>`).FindStringSubmatch(page)
	if style == nil || script == nil {
		t.Fatal("no inline style or script")
	}
	for _, want := range []string{"default-src 'none'", "style-src " + hash(style[1]), "script-src " + hash(script[1])} {
		if !strings.Contains(csp, want) {
			t.Errorf("the policy %q lacks %q", csp, want)
		}
	}
}

// TestPortfolioInEveryFormat checks each format's portfolio section on
// the golden plans: there with two plans or more, in its place, and not
// with one.
func TestPortfolioInEveryFormat(t *testing.T) {
	plans := goldenPlans(t)
	for _, c := range []struct {
		f    Format
		want string
	}{
		{Text, "portfolio: 8 plans side by side\n"},
		{Markdown, "### Portfolio: 8 plans side by side\n"},
		{HTML, `<h2 id="portfolio">Portfolio: 8 plans side by side</h2>`},
		{JSON, `  "portfolio": {` + "\n"},
		{SARIF, `"portfolio": {`},
	} {
		if got := renderPortfolio(t, c.f, plans); !strings.Contains(got, c.want) {
			t.Errorf("%s: no portfolio %q", c.f, c.want)
		}
		if got := renderPortfolio(t, c.f, plans[:1]); strings.Contains(got, strings.TrimSpace(c.want)) || strings.Contains(strings.ToLower(got), "side by side") {
			t.Errorf("%s: a portfolio of one plan", c.f)
		}
	}
	// Text: after the plans, before the totals; Markdown and HTML before
	// the plans.
	text := renderPortfolio(t, Text, plans)
	if i, last := strings.Index(text, "portfolio: "), strings.LastIndex(text, "  score: "); i < last || i > strings.Index(text, "8 plans checked") {
		t.Error("the text portfolio is not between the plans and the totals")
	}
	md := renderPortfolio(t, Markdown, plans)
	if strings.Index(md, "### Portfolio") > strings.Index(md, "### `") {
		t.Error("the Markdown portfolio comes after a plan")
	}
	page := renderPortfolio(t, HTML, plans)
	if strings.Index(page, `<section class="portfolio"`) > strings.Index(page, `<article class="plan">`) {
		t.Error("the HTML portfolio comes after a plan")
	}
	if strings.Contains(page, "<script") || strings.Contains(page, "<button") {
		t.Error("the HTML report runs a script: its matrix is not sorted in the page")
	}
	// The report lists the first few of the rules most often missed and
	// says how many more there are; the page lists them all.
	port := report.NewPortfolio(testHeader(plans).Catalogue, false)
	for i := range plans {
		port.Add(&plans[i])
	}
	missed := len(port.Portfolio().MostMissed())
	if n := strings.Count(page, `<tr><td class="by">`); n != reportMostMissed || missed <= n ||
		!strings.Contains(page, fmt.Sprintf("And %d more recommendations missed by as many plans or fewer", missed-n)) {
		t.Errorf("the HTML report lists %d of the %d rules missed, and does not say how many more", n, missed)
	}
	if n := strings.Count(renderPortfolio(t, Portfolio, plans), `<tr><td class="by">`); n != missed {
		t.Errorf("the page lists %d of the %d rules missed", n, missed)
	}
}

// TestPortfolioColoursContrast checks the matrix's colours: each mark
// against its cell (WCAG's 4.5:1 for text), and met against missed, whose
// cells differ in lightness by 3:1, as a reader who cannot tell red from
// green (or any hue from another) still sees; the marks tell the rest
// apart.
func TestPortfolioColoursContrast(t *testing.T) {
	css, err := os.ReadFile("templates/portfolio.css")
	if err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{}
	for _, m := range regexp.MustCompile(`--([a-z-]+): (#[0-9a-f]{6})`).FindAllStringSubmatch(string(css), -1) {
		vars[m[1]] = m[2]
	}
	for _, kind := range []string{"met", "missed", "waived", "na", "skipped"} {
		fg, bg := vars["cell-"+kind], vars["cell-"+kind+"-bg"]
		if fg == "" || bg == "" {
			t.Errorf("no colour --cell-%s or --cell-%s-bg in portfolio.css", kind, kind)
			continue
		}
		if r := contrast(fg, bg); r < 4.5 {
			t.Errorf("the %s mark on its cell: contrast %.2f:1, below 4.5:1", kind, r)
		}
	}
	if r := contrast(vars["cell-met-bg"], vars["cell-missed-bg"]); r < 3 {
		t.Errorf("met and missed cells differ by %.2f:1 in lightness, below 3:1", r)
	}
}
