package cli

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/plancheck/plancheck/internal/check"
	"github.com/plancheck/plancheck/internal/report"
)

// matrixDOM is the portfolio page's matrix as Chromium lays it out.
type matrixDOM struct {
	Columns []string            `json:"columns"`
	Rows    []matrixRow         `json:"rows"`
	Totals  map[string][]string `json:"totals"`
	Buttons int                 `json:"buttons"`
	Sorted  map[string]string   `json:"sorted"`
}

// matrixRow is a row of the matrix: its plan's file, the class of each
// rule's cell, and the score.
type matrixRow struct {
	File  string   `json:"file"`
	Marks []string `json:"marks"`
	Score string   `json:"score"`
}

const readMatrix = `(() => {
  const t = document.querySelector('table.matrix');
  const cols = [...t.querySelectorAll('thead tr.cols th')].map(th => th.textContent.trim());
  return {
    columns: cols,
    rows: [...t.tBodies[0].rows].map(tr => ({
      file: tr.querySelector('th .file').textContent,
      marks: [...tr.cells].slice(2, -1).map(td => td.className),
      score: tr.cells[tr.cells.length - 1].textContent,
    })),
    totals: Object.fromEntries([...t.tFoot.rows].map(tr => [tr.cells[0].textContent, [...tr.cells].slice(1).map(td => td.textContent)])),
    buttons: t.querySelectorAll('thead th button').length,
    sorted: Object.fromEntries([...t.querySelectorAll('thead th[aria-sort]')].map(th => [th.textContent.trim(), th.getAttribute('aria-sort')])),
  };
})()`

// markClass is the class of a result's cell in the matrix.
func markClass(r check.Result) string {
	switch r.Status {
	case check.Met:
		if r.Advice() {
			return "a"
		}
		return "m"
	case check.Missed:
		return "x"
	case check.Waived:
		return "w"
	case check.NotApplicable:
		return "n"
	case check.Skipped:
		return "s"
	}
	return "o"
}

// TestPortfolioPageInChromium checks the portfolio page of 500 plans in
// headless Chromium: it loads with no console message (no script error,
// nothing the page's content security policy blocks); every plan has its
// row, each cell its plan's result and each row its score, as the JSON
// report of the same run says; the column totals are the JSON
// portfolio's counts; and the buttons in the headers sort the rows, by
// mouse and by keyboard, and again the other way.
func TestPortfolioPageInChromium(t *testing.T) {
	t.Parallel()
	browser := chromium(t)
	dir := t.TempDir()
	const n = 500
	generatedPlans(t, dir, n)
	jsonFile, page := filepath.Join(dir, "report.json"), filepath.Join(dir, "portfolio.html")
	_, stderr, code := run(t, dir, "", "lint", "-q", "--today", "2026-11-21", "-f", "json="+jsonFile, "-f", "portfolio="+page, "plans")
	if code != 1 {
		t.Fatalf("exit %d: %.500s", code, stderr)
	}
	r := readReport(t, jsonFile)
	if r.Portfolio == nil || r.Portfolio.Plans != n || len(r.Plans) != n {
		t.Fatalf("the JSON report has %d plans and portfolio %+v", len(r.Plans), r.Portfolio)
	}
	if info, err := os.Stat(page); err == nil {
		t.Logf("the page of %d plans weighs %d bytes", n, info.Size())
	}

	ctx, said := browserTab(t, browser, 1400)
	var m matrixDOM
	start := time.Now()
	if err := chromedp.Run(ctx, chromedp.Navigate("file://"+page), chromedp.WaitReady("table.matrix"), chromedp.Evaluate(readMatrix, &m)); err != nil {
		t.Fatal(err)
	}
	t.Logf("Chromium loaded and read the page in %v", time.Since(start).Round(time.Millisecond))

	// The columns: organisation, type, a rule each in the catalogue's
	// framework order, the score.
	cat := catalogue(t)
	var rules []string
	for _, f := range cat.Frameworks {
		for _, rule := range cat.Rules {
			if rule.Framework == f.ID {
				rules = append(rules, rule.ID)
			}
		}
	}
	if want := append(append([]string{"Organisation and plan", "Type"}, rules...), "Score"); !slices.Equal(m.Columns, want) {
		t.Fatalf("columns %v, want %v", m.Columns, want)
	}
	if m.Buttons != len(m.Columns) {
		t.Errorf("%d sort buttons for %d columns", m.Buttons, len(m.Columns))
	}

	// Every plan's row, its cells and score as the JSON report has them.
	byFile := map[string]report.Plan{}
	for _, p := range r.Plans {
		byFile[p.File] = p
	}
	if len(m.Rows) != n {
		t.Fatalf("%d rows, want %d", len(m.Rows), n)
	}
	var types []string
	for _, row := range m.Rows {
		p, ok := byFile[row.File]
		if !ok {
			t.Fatalf("a row for %q, which the JSON report does not have", row.File)
		}
		delete(byFile, row.File)
		status := map[string]string{}
		for _, res := range p.Results {
			status[res.ID] = markClass(res)
		}
		for i, id := range rules {
			if row.Marks[i] != status[id] {
				t.Errorf("%s, %s: the cell is %q, the report says %q", row.File, id, row.Marks[i], status[id])
			}
		}
		if want := fmt.Sprintf("%d/%d %.1f%%", p.Score.Met, p.Score.Applicable, float64(p.Score.Percent)); p.Score.Applicable > 0 && row.Score != want {
			t.Errorf("%s: score %q, want %q", row.File, row.Score, want)
		}
		types = append(types, p.Organisation.Type)
	}
	// Plans that name no type come last.
	named := slices.IndexFunc(types, func(s string) bool { return s == "" })
	if named < 0 {
		named = len(types)
	}
	if !slices.IsSorted(types[:named]) || slices.ContainsFunc(types[named:], func(s string) bool { return s != "" }) {
		t.Error("the rows are not grouped by organisation type")
	}

	// The column totals are the portfolio's counts.
	counts := map[string]report.PortfolioRuleReport{}
	for _, rule := range r.Portfolio.Rules {
		counts[rule.ID] = rule
	}
	for label, count := range map[string]func(report.PortfolioRuleReport) int{
		"Plans met":    func(r report.PortfolioRuleReport) int { return r.Met },
		"Plans missed": func(r report.PortfolioRuleReport) int { return r.Missed },
		"Plans waived": func(r report.PortfolioRuleReport) int { return r.Waived },
	} {
		got, ok := m.Totals[label]
		if !ok {
			t.Errorf("no row of totals %q: %v", label, m.Totals)
			continue
		}
		for i, id := range rules {
			if got[i] != strconv.Itoa(count(counts[id])) {
				t.Errorf("%s, %s: %s, the JSON portfolio says %d", label, id, got[i], count(counts[id]))
			}
		}
	}

	// Sorting by the most missed rule (that some plans meet) puts its
	// misses first, then the other way puts them last; the keyboard does
	// the same.
	i := slices.IndexFunc(r.Portfolio.MostMissed, func(id string) bool { return counts[id].Missed < n })
	if i < 0 {
		t.Fatalf("every plan misses every rule missed: %v", r.Portfolio.MostMissed)
	}
	most := r.Portfolio.MostMissed[i]
	col := slices.Index(m.Columns, most)
	button := fmt.Sprintf(`table.matrix thead tr.cols th:nth-child(%d) button`, col+1)
	missed := counts[most].Missed
	firstMarks := func(m matrixDOM, k int) []string {
		var out []string
		for _, row := range m.Rows[:k] {
			out = append(out, row.Marks[col-2])
		}
		return out
	}
	var asc, desc, byScore matrixDOM
	if err := chromedp.Run(ctx,
		chromedp.Click(button, chromedp.ByQuery), chromedp.Evaluate(readMatrix, &asc),
		chromedp.Focus(button, chromedp.ByQuery), chromedp.KeyEvent("\r"), chromedp.Evaluate(readMatrix, &desc),
		chromedp.Click(`table.matrix thead tr.cols th:last-child button`, chromedp.ByQuery), chromedp.Evaluate(readMatrix, &byScore),
	); err != nil {
		t.Fatal(err)
	}
	if got := firstMarks(asc, missed); slices.ContainsFunc(got, func(c string) bool { return c != "x" }) || asc.Rows[missed].Marks[col-2] == "x" {
		t.Errorf("sorted by %s: the first %d rows are not its misses, alone: %v", most, missed, got)
	}
	if asc.Sorted[most] != "ascending" || desc.Sorted[most] != "descending" || len(asc.Sorted) != 1 {
		t.Errorf("aria-sort %v then %v", asc.Sorted, desc.Sorted)
	}
	if last := desc.Rows[n-missed:]; slices.ContainsFunc(last, func(r matrixRow) bool { return r.Marks[col-2] != "x" }) {
		t.Errorf("sorted the other way (by keyboard), %s's misses are not last", most)
	}
	var scores []float64
	for _, row := range byScore.Rows {
		if f, err := strconv.ParseFloat(strings.TrimSuffix(row.Score[strings.LastIndexByte(row.Score, ' ')+1:], "%"), 64); err == nil {
			scores = append(scores, f)
		}
	}
	if len(scores) < n/2 || !slices.IsSorted(scores) {
		t.Errorf("sorted by score, the scores are not in order: %v", scores[:min(len(scores), 20)])
	}
	// How long the page takes to load and to sort, with the layout that
	// follows, as Chromium measures them: for the note in the README.
	var load, sortMS float64
	if err := chromedp.Run(ctx,
		chromedp.Evaluate(`(() => { const e = performance.getEntriesByType("navigation")[0]; return e.loadEventEnd - e.startTime; })()`, &load),
		chromedp.Evaluate(`(() => { const b = document.querySelector("table.matrix thead tr.cols th:first-child button"); const t0 = performance.now(); b.click(); document.body.offsetHeight; return performance.now() - t0; })()`, &sortMS),
	); err != nil {
		t.Fatal(err)
	}
	t.Logf("Chromium: the page of %d plans loads in %.0f ms and sorts in %.0f ms", n, load, sortMS)
	if shots := os.Getenv("PLANCHECK_SCREENSHOTS"); shots != "" {
		// The top of the page, and the matrix's top once sorted by the
		// most missed rule.
		var top, matrix []byte
		if err := chromedp.Run(ctx, chromedp.Reload(), chromedp.WaitReady("table.matrix"),
			chromedp.Evaluate("window.scrollTo(0, 0)", nil), chromedp.CaptureScreenshot(&top),
			chromedp.Click(button, chromedp.ByQuery), chromedp.ScrollIntoView("#matrix", chromedp.ByQuery), chromedp.CaptureScreenshot(&matrix)); err != nil {
			t.Fatal(err)
		}
		for name, png := range map[string][]byte{"portfolio-top.png": top, "portfolio-matrix.png": matrix} {
			if err := os.WriteFile(filepath.Join(shots, name), png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, line := range said() {
		t.Errorf("Chromium said: %s", line)
	}
}

// TestPortfolioPagePrintsOnA4Across prints the portfolio page of 150
// plans with headless Chromium: A4 landscape, the matrix from a page of
// its own, and its column headers on every page it takes, so that each
// page of the board pack reads alone.
func TestPortfolioPagePrintsOnA4Across(t *testing.T) {
	t.Parallel()
	browser := chromium(t)
	pdftotext, err1 := exec.LookPath("pdftotext")
	pdfinfo, err2 := exec.LookPath("pdfinfo")
	if err1 != nil || err2 != nil {
		t.Skip("no pdftotext and pdfinfo to read the printed pages with (Debian package poppler-utils; .ci/run installs it where it can)")
	}
	dir := t.TempDir()
	generatedPlans(t, dir, 150)
	page := filepath.Join(dir, "portfolio.html")
	if _, stderr, code := run(t, dir, "", "lint", "-q", "--today", "2026-11-21", "-f", "portfolio="+page, "plans"); code != 1 {
		t.Fatalf("exit %d: %.500s", code, stderr)
	}
	pdf := filepath.Join(dir, "portfolio.pdf")
	printToPDF(t, browser, page, pdf)
	info, err := exec.Command(pdfinfo, pdf).Output()
	if err != nil {
		t.Fatalf("pdfinfo: %v", err)
	}
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)$`).FindSubmatch(info)
	size := regexp.MustCompile(`(?m)^Page size:\s+([\d.]+) x ([\d.]+) pts`).FindSubmatch(info)
	if m == nil || size == nil {
		t.Fatalf("pdfinfo gave no page count or size:\n%s", info)
	}
	pages, _ := strconv.Atoi(string(m[1]))
	w, _ := strconv.ParseFloat(string(size[1]), 64)
	h, _ := strconv.ParseFloat(string(size[2]), 64)
	if w < h || w < 840 || w > 843 {
		t.Errorf("pages of %sx%s points, not A4 across", size[1], size[2])
	}
	var matrixPages []int
	for p := 1; p <= pages; p++ {
		out, err := exec.Command(pdftotext, "-f", strconv.Itoa(p), "-l", strconv.Itoa(p), pdf, "-").Output()
		if err != nil {
			t.Fatalf("pdftotext: %v", err)
		}
		text := string(out)
		if p == 1 && !strings.Contains(text, "Recommendations most often missed") {
			t.Errorf("page 1 does not start with the recommendations most often missed:\n%.600s", text)
		}
		if strings.Contains(text, "plans/plan-") {
			matrixPages = append(matrixPages, p)
			if !strings.Contains(text, "Organisation and plan") || !strings.Contains(text, "Score") {
				t.Errorf("page %d has rows of the matrix without its headers", p)
			}
		}
	}
	if len(matrixPages) < 3 {
		t.Errorf("the matrix of 150 plans prints on pages %v: want it on several, to see its headers repeated", matrixPages)
	}
	t.Logf("150 plans on %d pages, the matrix on %d of them", pages, len(matrixPages))
}
