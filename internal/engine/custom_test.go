package engine

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/plancheck/plancheck/internal/check"
	"github.com/plancheck/plancheck/internal/loader"
	"github.com/plancheck/plancheck/internal/plan"
	"github.com/plancheck/plancheck/internal/report"
)

func TestCustomPolicyAddsARecommendation(t *testing.T) {
	t.Parallel()
	plain := newEngine(t, Options{})
	e := newEngine(t, Options{Custom: []string{"../../fixtures/custom/trust"}})
	if _, ok := e.Catalogue().Lookup("local-clinical-safety"); !ok {
		t.Fatal("the custom recommendation is not in the catalogue")
	}
	p := checkFile(t, e, "../../fixtures/plans/northshire.yaml")
	if r := result(t, p, "local-clinical-safety"); r.Status != check.Missed || r.Findings[0].Path != "governance.assurance" || r.Findings[0].Line == 0 {
		t.Errorf("custom result %+v", r)
	}
	// The built-in verdicts are those of a run without it.
	without := checkFile(t, plain, "../../fixtures/plans/northshire.yaml")
	var got []check.Result
	for _, r := range p.Results {
		if r.ID != "local-clinical-safety" {
			got = append(got, r)
		}
	}
	if verdicts(&report.Plan{Results: got}) != verdicts(without) {
		t.Error("a custom policy changed built-in verdicts")
	}
	text := strings.Replace(readFile(t, "../../fixtures/plans/northshire.yaml"), "{type: internal_audit, date: 2026-09-30}", "{type: clinical_safety_review, date: 2026-09-30}", 1)
	doc, err := loader.Loader{Syntax: plan.YAML}.Parse("p.yaml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	p, err = e.Check(context.Background(), doc, onToday)
	if err != nil {
		t.Fatal(err)
	}
	if r := result(t, p, "local-clinical-safety"); r.Status != check.Met {
		t.Errorf("with a clinical safety review: %s", r.Status)
	}
}

func TestCustomPoliciesAreRefused(t *testing.T) {
	t.Parallel()
	cases := []struct {
		dir  string
		want []string
	}{
		{"forbidden", []string{
			"fixtures/custom/forbidden/phone_home.rego:15:2: time.now_ns is not allowed in plancheck policies: it reads the clock",
			"fixtures/custom/forbidden/phone_home.rego:19:10: http.send is not allowed in plancheck policies: it makes network requests",
		}},
		{"override", []string{"fixtures/custom/override/inclusion.rego:3: wg-digital-inclusion is a built-in recommendation; a custom policy cannot change it"}},
		{"library", []string{"fixtures/custom/library/lib.rego:2: package data.plancheck.lib is plancheck's own"}},
		{"reach", []string{"fixtures/custom/reach/reach.rego:2: package data.plancheck is plancheck's own"}},
		{"missing", []string{"custom policies: stat fixtures/custom/missing: no such file or directory"}},
		{"planformat", []string{"plan-format is a built-in recommendation"}},
	}
	for _, c := range cases {
		t.Run(c.dir, func(t *testing.T) {
			_, err := New(context.Background(), Options{Custom: []string{"../../fixtures/custom/" + c.dir}})
			if err == nil {
				t.Fatal("loaded")
			}
			for _, w := range c.want {
				if w = strings.Replace(w, "fixtures/", "../../fixtures/", 1); !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
		})
	}
}

// TestCustomFileNamedLikeABuiltInOne loads a custom folder whose file has
// the same relative name as a built-in policy: both stay.
func TestCustomFileNamedLikeABuiltInOne(t *testing.T) {
	// Not parallel: it runs in the custom folder's parent, so that the
	// folder's relative name is the built-in one's.
	t.Chdir("../../fixtures/custom/shadow")
	e, err := New(context.Background(), Options{Custom: []string{"wade-gery"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"wg-digital-inclusion", "local-harmless"} {
		if _, ok := e.Catalogue().Lookup(id); !ok {
			t.Errorf("%s is missing from the catalogue", id)
		}
	}
}

func TestRecommendationWithoutFindingsIsRefused(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	src := readFile(t, "../../fixtures/custom/trust/clinical_safety.rego")
	src = strings.Replace(src, "findings contains", "finding contains", 1)
	if err := os.WriteFile(dir+"/p.rego", []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := New(context.Background(), Options{Custom: []string{dir}})
	if err == nil || !strings.Contains(err.Error(), "recommendation local-clinical-safety defines no findings rule") {
		t.Errorf("a recommendation without findings: %v", err)
	}
}

func TestEvaluationDeadline(t *testing.T) {
	t.Parallel()
	e := newEngine(t, Options{Custom: []string{"../../fixtures/custom/slow"}})
	slow, _ := loader.Loader{Syntax: plan.YAML}.Parse("slow.yaml", []byte("plancheck: 1\norganisation: {name: slow}\n"))
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := e.Check(ctx, slow, onToday)
	if err == nil || !strings.Contains(err.Error(), "cancel") || time.Since(start) > 5*time.Second {
		t.Fatalf("a slow plan: %v after %v, want the evaluation cancelled", err, time.Since(start))
	}
	quick, _ := loader.Loader{}.LoadFile("../../fixtures/plans/sparse.yaml")
	if _, err := e.Check(context.Background(), quick, onToday); err != nil {
		t.Errorf("a quick plan: %v", err)
	}
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestCustomPolicyFileSizeLimit refuses a .rego file over the limit, by
// name, before it is parsed.
func TestCustomPolicyFileSizeLimit(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	src := readFile(t, "../../fixtures/custom/trust/clinical_safety.rego")
	padding := strings.Repeat("# padding\n", MaxPolicyFileSize/10)
	if err := os.WriteFile(filepath.Join(dir, "big.rego"), []byte(src+padding), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := New(context.Background(), Options{Custom: []string{dir}})
	want := filepath.Join(dir, "big.rego") + ": file is 1.0 MiB, larger than the limit of 1 MiB"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("a policy over the limit: %v", err)
	}
}

func writeFile(name, text string) error { return os.WriteFile(name, []byte(text), 0o644) }

// TestAllowedBuiltinsGiveTheSameResultEveryRun checks the capabilities
// every policy is compiled with: no builtin that reads the clock, draws
// randomness or reaches the network is left in.
func TestAllowedBuiltinsGiveTheSameResultEveryRun(t *testing.T) {
	t.Parallel()
	allowed := map[string]bool{}
	for _, b := range Capabilities().Builtins {
		allowed[b.Name] = true
		if b.Nondeterministic {
			t.Errorf("%s is allowed, but OPA marks it nondeterministic", b.Name)
		}
		if why, bad := forbiddenReason(b); bad {
			t.Errorf("%s is allowed, but refused because %s", b.Name, why)
		}
	}
	for _, name := range []string{
		"time.now_ns", "rand.intn", "uuid.rfc4122", "http.send", "opa.runtime", "net.lookup_ip_addr", "net.cidr_contains",
		"io.jwt.decode_verify", "io.jwt.encode_sign", "io.jwt.encode_sign_raw", "json.match_schema", "json.verify_schema",
		"crypto.x509.parse_and_verify_certificates", "crypto.x509.parse_and_verify_certificates_with_options",
	} {
		if allowed[name] {
			t.Errorf("%s is allowed", name)
		}
	}
	for _, name := range []string{"time.parse_ns", "time.add_date", "io.jwt.decode", "crypto.sha256", "regex.match"} {
		if !allowed[name] {
			t.Errorf("%s, which gives the same result every run, is refused", name)
		}
	}
}

func TestPolicyThatSignsOrVerifiesTokensIsRefused(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	src := strings.Replace(readFile(t, "../../fixtures/custom/trust/clinical_safety.rego"), "import input.plan", `import input.plan

signed := io.jwt.encode_sign({"alg": "ES256"}, {"sub": "x"}, {"kty": "EC"})

checked := io.jwt.decode_verify(signed, {"cert": "x"})`, 1)
	if err := writeFile(dir+"/p.rego", src); err != nil {
		t.Fatal(err)
	}
	_, err := New(context.Background(), Options{Custom: []string{dir}})
	for _, want := range []string{
		"io.jwt.encode_sign is not allowed in plancheck policies: its signatures are random for ECDSA keys",
		"io.jwt.decode_verify is not allowed in plancheck policies: it checks a token's expiry against the clock",
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q: %v", want, err)
		}
	}
}

// TestBrokenCustomRuleCostsOnlyItsOwnResult checks a custom rule whose
// finding has a level plancheck cannot read: the rule is reported, by its
// file, and every other verdict is what it is without it.
func TestBrokenCustomRuleCostsOnlyItsOwnResult(t *testing.T) {
	t.Parallel()
	e := newEngine(t, Options{Custom: []string{"../../fixtures/custom/malformed"}})
	p := checkFile(t, e, "../../fixtures/plans/sparse.yaml")
	if len(p.Problems) != 1 || p.Problems[0].File != "../../fixtures/custom/malformed/critical.rego" ||
		p.Problems[0].Message != `recommendation local-critical is broken: a finding's level is "critical", not miss or advice` {
		t.Errorf("problems %+v", p.Problems)
	}
	for _, r := range p.Results {
		if r.ID == "local-critical" {
			t.Error("the broken rule has a result")
		}
	}
	if got, want := verdicts(p), verdicts(checkFile(t, newEngine(t, Options{}), "../../fixtures/plans/sparse.yaml")); got != want {
		t.Errorf("a broken custom rule changed the other verdicts:\n%s\nvs\n%s", got, want)
	}
}

func TestFindingsThatAreNotASetAreRefused(t *testing.T) {
	t.Parallel()
	_, err := New(context.Background(), Options{Custom: []string{"../../fixtures/custom/notaset"}})
	if err == nil || !strings.Contains(err.Error(), "five.rego:17: recommendation local-five: findings must be a set of findings") {
		t.Errorf("findings := 5: %v", err)
	}
}

// TestCompileErrorsAreBounded: a policy that provokes many errors, or one
// nested so deep its error is huge, yields a bounded list of short lines.
func TestCompileErrorsAreBounded(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("package plancheck_bad\n\n")
	for i := range 60 {
		fmt.Fprintf(&b, "r%d := undefined_thing_%d\n", i, i)
	}
	if err := writeFile(dir+"/many.rego", b.String()); err != nil {
		t.Fatal(err)
	}
	_, err := New(context.Background(), Options{Custom: []string{dir}})
	if err == nil {
		t.Fatal("compiled")
	}
	lines := strings.Split(err.Error(), "\n")
	if len(lines) > maxErrors+1 || !strings.Contains(lines[0], "many.rego:") {
		t.Errorf("%d lines: %v", len(lines), lines)
	}
	deep := t.TempDir()
	if err := writeFile(deep+"/deep.rego", "package plancheck_deep\n\nx := "+strings.Repeat("[", 5000)+strings.Repeat("]", 4999)+"\n"); err != nil {
		t.Fatal(err)
	}
	_, err = New(context.Background(), Options{Custom: []string{deep}})
	if err == nil {
		t.Fatal("compiled")
	}
	for _, l := range strings.Split(err.Error(), "\n") {
		if len([]rune(l)) > maxErrorLength+100 {
			t.Errorf("a line of %d characters", len([]rune(l)))
		}
	}
}
