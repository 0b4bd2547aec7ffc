package cli

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/plancheck/plancheck/internal/check"
	"github.com/plancheck/plancheck/internal/report"
)

// chromiumPath is the headless browser the page is driven with, or the
// test is skipped with one line that says so.
func chromiumPath(t *testing.T) string {
	t.Helper()
	consumers(t)
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("no Chromium to drive the service's page with (Debian package chromium; .ci/run installs it where it can)")
	return ""
}

// browserTab starts Chromium as the machine allows it (headless, no
// sandbox, no GPU, nothing fetched in the background, a fresh profile)
// and returns a tab width pixels wide, with the console messages, script
// errors and blocked loads it reports.
func browserTab(t *testing.T, chrome string, width int) (context.Context, func() []string) {
	t.Helper()
	// A fresh profile, removed once Chromium has gone: its helpers may
	// still be writing in it for a moment after the browser ends, which
	// t.TempDir's removal would take for a failure.
	profile, err := os.MkdirTemp("", "plancheck-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chrome),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(width, 1000),
	)
	ctx, cancelTab := chromedp.NewContext(alloc)
	ctx, cancelTime := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() {
		cancelTime()
		cancelTab()
		cancelAlloc()
		for range 100 {
			if os.RemoveAll(profile) == nil {
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
		t.Logf("could not remove Chromium's profile %s", profile)
	})
	var mu sync.Mutex
	var said []string
	chromedp.ListenTarget(ctx, func(ev any) {
		var line string
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			var args []string
			for _, a := range ev.Args {
				args = append(args, string(a.Value))
			}
			line = fmt.Sprintf("console.%s: %s", ev.Type, strings.Join(args, " "))
		case *runtime.EventExceptionThrown:
			line = "exception: " + ev.ExceptionDetails.Error()
		case *cdplog.EventEntryAdded:
			line = fmt.Sprintf("%s %s: %s %s", ev.Entry.Level, ev.Entry.Source, ev.Entry.Text, ev.Entry.URL)
		}
		if line != "" {
			mu.Lock()
			said = append(said, line)
			mu.Unlock()
		}
	})
	if err := chromedp.Run(ctx, cdplog.Enable()); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	return ctx, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), said...)
	}
}

// scorecard is what the page shows, read from its DOM.
type scorecard struct {
	Verdict string `json:"verdict"`
	Plans   []struct {
		File    string `json:"file"`
		Score   string `json:"score"`
		Results []struct {
			ID       string   `json:"id"`
			Status   string   `json:"status"`
			Findings int      `json:"findings"`
			Excerpts []string `json:"excerpts"`
		} `json:"results"`
		// Validity is the plan format's check, said above the score.
		Validity []struct {
			Valid    bool     `json:"valid"`
			Findings int      `json:"findings"`
			Excerpts []string `json:"excerpts"`
		} `json:"validity"`
	} `json:"plans"`
	// Links are the download links: their text and data: address.
	Links map[string]string `json:"links"`
}

const readScorecard = `(() => ({
  verdict: document.querySelector('.verdict').textContent,
  plans: [...document.querySelectorAll('article.plan')].map(a => ({
    file: a.querySelector('.file').textContent,
    score: a.querySelector('.score b').textContent,
    results: [...a.querySelectorAll('table.results tbody tr')].map(tr => ({
      id: tr.querySelector('.rec-id').textContent,
      status: tr.className,
      findings: tr.querySelectorAll('ul.findings > li').length,
      excerpts: [...tr.querySelectorAll('pre.excerpt .ln')].map(e => e.textContent),
    })),
    validity: [...a.querySelectorAll('.validity')].map(v => ({
      valid: v.classList.contains('valid'),
      findings: v.querySelectorAll('ul.findings > li').length,
      excerpts: [...v.querySelectorAll('pre.excerpt .ln')].map(e => e.textContent),
    })),
  })),
  links: Object.fromEntries([...document.querySelectorAll('nav.prelude a[download]')].map(a => [a.textContent, a.getAttribute('href')])),
}))()`

// lintReport is plancheck lint's JSON report on one fixture.
func lintReport(t *testing.T, name string) report.Report {
	t.Helper()
	out, stderr, code := run(t, "", "", "lint", "--today", "2026-11-21", "-f", "json", name)
	if code > 1 {
		t.Fatalf("lint %s: exit %d %s", name, code, stderr)
	}
	return decode(t, out)
}

// compareScorecard checks the page's scorecard against lint's report on
// the same plan: every recommendation's verdict, its findings, the line
// of each finding shown beside it, the score, the verdict; and the JSON
// download holds lint's results.
func compareScorecard(t *testing.T, label string, sc scorecard, want report.Report) {
	t.Helper()
	if len(sc.Plans) != 1 || len(want.Plans) != 1 {
		t.Fatalf("%s: %d plans on the page, lint reports %d", label, len(sc.Plans), len(want.Plans))
	}
	page, lint := sc.Plans[0], want.Plans[0]
	if v := map[bool]string{true: "Passed", false: "Failed"}[want.Summary.Passed]; sc.Verdict != v {
		t.Errorf("%s: the page says %s, lint %s", label, sc.Verdict, v)
	}
	if s := fmt.Sprintf("%.1f%%", float64(lint.Score.Percent)); page.Score != s {
		t.Errorf("%s: score %s, lint %s", label, page.Score, s)
	}
	shown, excerpts := map[string]int{}, 0
	for _, r := range page.Results {
		shown[r.ID]++
		excerpts += len(r.Excerpts)
	}
	t.Logf("%s: %d verdicts, %d findings beside their lines, %s %s", label, len(page.Results), excerpts, page.Score, sc.Verdict)
	excerptLines := func(fs []check.Finding) string {
		var lines []string
		for _, f := range fs {
			if f.Line > 0 && !(f.Line == 1 && f.Column == 1) {
				lines = append(lines, fmt.Sprintf("line %d", f.Line))
			}
		}
		sort.Strings(lines)
		return strings.Join(lines, ",")
	}
	// The JSON report gives no rule's kind: the catalogue does.
	isFormat := map[string]bool{}
	for _, rule := range catalogue(t).OfKind(check.Format) {
		isFormat[rule.ID] = true
	}
	recommendations := 0
	for _, r := range lint.Results {
		if isFormat[r.ID] {
			// The file's validity, above the score: a block of its own.
			if len(page.Validity) != 1 {
				t.Errorf("%s: %d plan format blocks on the page", label, len(page.Validity))
				continue
			}
			v := page.Validity[0]
			excerpts := append([]string(nil), v.Excerpts...)
			sort.Strings(excerpts)
			if v.Valid != (r.Status == check.Met) || v.Findings != len(r.Findings) || strings.Join(excerpts, ",") != excerptLines(r.Findings) {
				t.Errorf("%s: the plan format block is valid %v with %d findings at %v; lint: %s with %d findings", label, v.Valid, v.Findings, excerpts, r.Status, len(r.Findings))
			}
			continue
		}
		recommendations++
		var got *struct {
			ID       string   `json:"id"`
			Status   string   `json:"status"`
			Findings int      `json:"findings"`
			Excerpts []string `json:"excerpts"`
		}
		for i := range page.Results {
			if page.Results[i].ID == r.ID {
				got = &page.Results[i]
			}
		}
		if got == nil || shown[r.ID] != 1 {
			t.Errorf("%s: %s is shown %d times", label, r.ID, shown[r.ID])
			continue
		}
		if got.Status != string(r.Status) || got.Findings != len(r.Findings) {
			t.Errorf("%s: %s is %s with %d findings on the page, %s with %d in lint's report", label, r.ID, got.Status, got.Findings, r.Status, len(r.Findings))
		}
		var lines []string
		for _, f := range r.Findings {
			if f.Line > 0 && !(f.Line == 1 && f.Column == 1) {
				lines = append(lines, fmt.Sprintf("line %d", f.Line))
			}
		}
		sort.Strings(lines)
		excerpts := append([]string(nil), got.Excerpts...)
		sort.Strings(excerpts)
		if strings.Join(lines, ",") != strings.Join(excerpts, ",") {
			t.Errorf("%s: %s shows the plan's %v beside its findings, want %v", label, r.ID, excerpts, lines)
		}
	}
	if len(page.Results) != recommendations {
		t.Errorf("%s: %d recommendations on the page, %d in lint's report", label, len(page.Results), recommendations)
	}
	href := sc.Links["JSON"]
	data, err := base64.StdEncoding.DecodeString(href[strings.Index(href, ",")+1:])
	if err != nil {
		t.Fatalf("%s: the JSON download: %v", label, err)
	}
	got := decode(t, string(data))
	if len(got.Plans) != 1 || resultsOf(t, got.Plans[0].Results) != resultsOf(t, lint.Results) {
		t.Errorf("%s: the JSON download's results are not lint's", label)
	}
	for _, kind := range []string{"HTML", "Markdown"} {
		if !strings.HasPrefix(sc.Links[kind], "data:") {
			t.Errorf("%s: no %s download", label, kind)
		}
	}
}

func resultsOf(t *testing.T, rs []check.Result) string {
	t.Helper()
	data, err := json.Marshal(rs)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestServePageInChromium drives the page in headless Chromium: it
// uploads each example plan through the form, and the scorecard shows
// lint's verdicts on it; a plan dropped on the page, a pasted plan and a
// form sent with scripts off are checked alike; the form is reached by
// keyboard; nothing is logged to the console (no script error, nothing
// blocked or fetched). With -update it writes the screenshots in docs/.
func TestServePageInChromium(t *testing.T) {
	t.Parallel()
	chrome := chromiumPath(t)
	// Evidence is looked for where lint looks for it, beside the fixtures.
	url, _, _ := startServe(t, nil, "--evidence-root", "fixtures/plans")
	form := url + "?today=2026-11-21"
	ctx, console := browserTab(t, chrome, 1100)

	upload := func(name string) scorecard {
		t.Helper()
		var sc scorecard
		err := chromedp.Run(ctx,
			chromedp.Navigate(form),
			chromedp.WaitVisible("#plan", chromedp.ByID),
			chromedp.SetUploadFiles("#plan", []string{filepath.Join(root, name)}, chromedp.ByID),
			chromedp.Click("#check", chromedp.ByID),
			chromedp.WaitVisible("article.plan", chromedp.ByQuery),
			chromedp.Evaluate(readScorecard, &sc),
		)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return sc
	}
	fixtures, err := filepath.Glob(filepath.Join(root, "fixtures/plans/*.*"))
	if err != nil || len(fixtures) < 6 {
		t.Fatalf("fixtures: %v %v", fixtures, err)
	}
	for _, abs := range fixtures {
		name, _ := filepath.Rel(root, abs)
		sc := upload(name)
		compareScorecard(t, name, sc, lintReport(t, name))
		if f := sc.Plans[0].File; f != filepath.Base(name)+" ("+strings.TrimPrefix(filepath.Ext(name), ".")+")" {
			t.Errorf("%s: the page names the plan %q", name, f)
		}
	}

	// Dropped on the page: the script hands the file to the form.
	toml, err := os.ReadFile(filepath.Join(root, "fixtures/plans/northshire.toml"))
	if err != nil {
		t.Fatal(err)
	}
	var dropped []any
	var sc scorecard
	err = chromedp.Run(ctx,
		chromedp.Navigate(form),
		chromedp.WaitVisible("#plan", chromedp.ByID),
		chromedp.Evaluate(fmt.Sprintf(`(() => {
  const dt = new DataTransfer();
  dt.items.add(new File([%q], "northshire.toml", {type: "application/toml"}));
  document.querySelector("footer").dispatchEvent(new DragEvent("drop", {dataTransfer: dt, bubbles: true, cancelable: true}));
  return [document.getElementById("plan").files.length, document.getElementById("plan-chosen").textContent];
})()`, toml), &dropped),
		chromedp.Click("#check", chromedp.ByID),
		chromedp.WaitVisible("article.plan", chromedp.ByQuery),
		chromedp.Evaluate(readScorecard, &sc),
	)
	if err != nil {
		t.Fatalf("dropping a plan: %v", err)
	}
	if fmt.Sprint(dropped) != "[1 Chosen: northshire.toml]" {
		t.Errorf("after the drop: %v", dropped)
	}
	compareScorecard(t, "dropped northshire.toml", sc, lintReport(t, "fixtures/plans/northshire.toml"))

	// Pasted, its syntax worked out from the text.
	sparse, err := os.ReadFile(filepath.Join(root, "fixtures/plans/sparse.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	err = chromedp.Run(ctx,
		chromedp.Navigate(form),
		chromedp.Click("summary", chromedp.ByQuery),
		chromedp.SetValue("#text", string(sparse), chromedp.ByID),
		chromedp.Click("#check", chromedp.ByID),
		chromedp.WaitVisible("article.plan", chromedp.ByQuery),
		chromedp.Evaluate(readScorecard, &sc),
	)
	if err != nil {
		t.Fatalf("pasting a plan: %v", err)
	}
	compareScorecard(t, "pasted sparse.yaml", sc, lintReport(t, "fixtures/plans/sparse.yaml"))

	// Submitting nothing: the script says so, and the form is not sent.
	var said string
	err = chromedp.Run(ctx,
		chromedp.Navigate(form),
		chromedp.Click("#check", chromedp.ByID),
		chromedp.Evaluate(`document.getElementById("plan-chosen").textContent + "|" + location.pathname`, &said),
	)
	if err != nil || said != "Choose a plan file, or paste a plan’s text, first.|/" {
		t.Errorf("an empty form: %q %v", said, err)
	}

	// By keyboard: Tab reaches the skip link, the file, the paste, the
	// format and the button, in that order.
	var order []string
	err = chromedp.Run(ctx, chromedp.Navigate(form), chromedp.WaitVisible("#plan", chromedp.ByID))
	for i := 0; err == nil && i < 6; i++ {
		var at string
		err = chromedp.Run(ctx,
			chromedp.KeyEvent("\t"),
			chromedp.Evaluate(`document.activeElement.id || document.activeElement.tagName.toLowerCase()`, &at),
		)
		order = append(order, at)
	}
	if err != nil || strings.Join(order, " ") != "a plan summary format check a" {
		t.Errorf("Tab order: %v %v", order, err)
	}

	if *update {
		// As a planner meets it: a service with its default settings.
		plain, _, _ := startServe(t, nil)
		plainForm := plain + "?today=2026-11-21"
		screenshot(t, ctx, plainForm, "", filepath.Join(root, "docs/serve-page.png"))
		screenshot(t, ctx, plainForm, "fixtures/plans/sparse.yaml", filepath.Join(root, "docs/serve-scorecard.png"))
	}

	for _, line := range console() {
		t.Errorf("Chromium said: %s", line)
	}
}

// TestServePageWithoutScripts sends the form with JavaScript off: the
// plain form posts the file, the answer is the scorecard, and its links
// download the report as JSON, HTML and Markdown.
func TestServePageWithoutScripts(t *testing.T) {
	t.Parallel()
	chrome := chromiumPath(t)
	url, _, _ := startServe(t, nil, "--evidence-root", "fixtures/plans")
	ctx, console := browserTab(t, chrome, 1100)
	var chosen string
	var sc scorecard
	err := chromedp.Run(ctx,
		emulation.SetScriptExecutionDisabled(true),
		chromedp.Navigate(url+"?today=2026-11-21"),
		chromedp.WaitVisible("#plan", chromedp.ByID),
		chromedp.SetUploadFiles("#plan", []string{filepath.Join(root, "fixtures/plans/waivers.yaml")}, chromedp.ByID),
		chromedp.Text("#plan-chosen", &chosen, chromedp.ByID),
		chromedp.Click("#check", chromedp.ByID),
		chromedp.WaitVisible("article.plan", chromedp.ByQuery),
		chromedp.Evaluate(readScorecard, &sc),
	)
	if err != nil {
		t.Fatal(err)
	}
	if chosen != "" {
		t.Errorf("the page's script ran with scripts off: %q", chosen)
	}
	want := lintReport(t, "fixtures/plans/waivers.yaml")
	compareScorecard(t, "waivers.yaml without scripts", sc, want)

	// The download links work as plain links: each saves its report.
	dir := t.TempDir()
	if err := chromedp.Run(ctx, browser.SetDownloadBehavior(browser.SetDownloadBehaviorBehaviorAllow).WithDownloadPath(dir)); err != nil {
		t.Fatal(err)
	}
	for _, ext := range []string{"json", "html", "md"} {
		if err := chromedp.Run(ctx, chromedp.Click(`nav.prelude a[download$=".`+ext+`"]`, chromedp.ByQuery)); err != nil {
			t.Fatalf("the %s download: %v", ext, err)
		}
	}
	saved := map[string][]byte{}
	deadline := time.Now().Add(20 * time.Second)
	for len(saved) < 3 && time.Now().Before(deadline) {
		for _, ext := range []string{"json", "html", "md"} {
			if data, err := os.ReadFile(filepath.Join(dir, "plancheck-waivers."+ext)); err == nil && len(data) > 0 {
				saved[ext] = data
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	if len(saved) != 3 {
		entries, _ := os.ReadDir(dir)
		t.Fatalf("downloaded %d reports of 3: %v", len(saved), entries)
	}
	got := decode(t, string(saved["json"]))
	if len(got.Plans) != 1 || resultsOf(t, got.Plans[0].Results) != resultsOf(t, want.Plans[0].Results) {
		t.Error("the downloaded JSON report's results are not lint's")
	}
	if !strings.Contains(string(saved["html"]), `<pre class="excerpt">`) || !strings.Contains(string(saved["md"]), "| status | recommendation |") {
		t.Error("the downloaded HTML or Markdown report is not the scorecard's")
	}
	for _, line := range console() {
		t.Errorf("Chromium said: %s", line)
	}
}

// screenshot saves the page as a planner sees it: the form, or the
// scorecard of a plan uploaded through it.
func screenshot(t *testing.T, ctx context.Context, form, plan, path string) {
	t.Helper()
	var png []byte
	steps := chromedp.Tasks{
		chromedp.EmulateViewport(1100, 1000),
		chromedp.Navigate(form),
		chromedp.WaitVisible("#plan", chromedp.ByID),
	}
	if plan != "" {
		steps = append(steps,
			chromedp.SetUploadFiles("#plan", []string{filepath.Join(root, plan)}, chromedp.ByID),
			chromedp.Click("#check", chromedp.ByID),
			chromedp.WaitVisible("article.plan", chromedp.ByQuery),
			chromedp.EmulateViewport(1100, 1500),
		)
	}
	steps = append(steps, chromedp.CaptureScreenshot(&png))
	if err := chromedp.Run(ctx, steps); err != nil {
		t.Fatalf("screenshot of %s: %v", path, err)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
}
