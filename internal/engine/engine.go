// Package engine evaluates plan documents against the rule catalogue. It
// compiles the policies once, prepares a single query that returns every
// rule's verdict for a plan, and turns that verdict into a report.Plan with
// the place of every finding. It and the catalogue reader are the only
// packages that know OPA. An Engine is safe for concurrent use.
package engine

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/metrics"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage"
	"github.com/open-policy-agent/opa/v1/storage/inmem"

	"github.com/plancheck/plancheck/internal/catalogue"
	"github.com/plancheck/plancheck/internal/check"
	"github.com/plancheck/plancheck/internal/loader"
	"github.com/plancheck/plancheck/internal/plan"
	"github.com/plancheck/plancheck/internal/planschema"
	"github.com/plancheck/plancheck/internal/report"
	"github.com/plancheck/plancheck/policies"
)

// noMetrics spares each evaluation a metrics collection nobody reads.
var noMetrics = metrics.NoOp()

// Entrypoint is the query the engine prepares: every rule's status and
// findings, and the waiver applied to each waived one.
const Entrypoint = "data.plancheck.main.report"

// Options choose the policies an engine compiles.
type Options struct {
	// Base is the catalogue to compile, such as one read from a bundle;
	// nil is the built-in one.
	Base *Source
	// Custom are folders of custom policies compiled beside the catalogue.
	Custom []string
}

// Engine checks plans.
type Engine struct {
	query rego.PreparedEvalQuery
	cat   *check.Catalogue
	vocab map[string]any
	// files are the Rego files compiled, the catalogue's and the custom
	// ones, as written: what a bundle of this engine's policies carries.
	files []File
	// ids are the ids a waiver may name, and those it may not.
	ids planschema.RuleIDs
	// digest identifies the policies and vocabularies compiled: see
	// Digest.
	digest string
	// txn is one read transaction on the empty store, shared by every
	// evaluation: nothing is ever written, so there is nothing to isolate,
	// and opening one per plan is work for nothing.
	txn storage.Transaction
}

// New compiles the catalogue and prepares its query.
func New(ctx context.Context, opts Options) (*Engine, error) {
	base := opts.Base
	if base == nil {
		var err error
		if base, err = builtinSource(); err != nil {
			return nil, err
		}
	} else if err := checkSource(base); err != nil {
		return nil, err
	}
	modules := make(map[string]*ast.Module, len(base.Files))
	for _, f := range base.Files {
		m, err := policies.ParseFile(f.Name, f.Src)
		if err != nil {
			var parseErrs ast.Errors
			if errors.As(err, &parseErrs) {
				err = compileErrors(parseErrs)
			}
			if base.Name == "" {
				return nil, fmt.Errorf("reading the policies: %w", err)
			}
			return nil, fmt.Errorf("%s:\n%w", base.Name, err)
		}
		modules[f.Name] = m
	}
	files := append([]File(nil), base.Files...)
	if len(opts.Custom) > 0 {
		custom, customFiles, err := loadCustom(opts.Custom, modules)
		if err != nil {
			return nil, err
		}
		// Keyed apart from the built-in files, so that no custom file can
		// take the place of one, whatever its name.
		for name, m := range custom {
			modules["custom:"+name] = m
		}
		files = append(files, customFiles...)
	}
	cat, err := catalogue.FromModules(modules)
	if err != nil {
		return nil, fmt.Errorf("reading the catalogue: %w", err)
	}
	vocab, err := vocabulary(base.Vocabulary, opts.Custom)
	if err != nil {
		return nil, err
	}
	if err := checkFindingsRules(modules, cat); err != nil {
		return nil, err
	}
	// Every policy, built in or custom, is compiled in strict mode with
	// capabilities that leave out the network, the clock and randomness.
	compiler := ast.NewCompiler().
		WithCapabilities(Capabilities()).
		WithStrict(true).
		WithEnablePrintStatements(false)
	compiler.Compile(modules)
	if compiler.Failed() {
		return nil, compileErrors(compiler.Errors)
	}
	store := inmem.NewFromObject(map[string]any{"plancheck": policyData(vocab)})
	txn, err := store.NewTransaction(ctx)
	if err != nil {
		return nil, fmt.Errorf("opening the policies' store: %w", err)
	}
	ids, err := waivableRules(ctx, compiler, store, txn, cat)
	if err != nil {
		return nil, err
	}
	query, err := rego.New(
		rego.Query(Entrypoint),
		rego.Compiler(compiler),
		rego.Store(store),
		rego.Transaction(txn),
		rego.SetRegoVersion(ast.RegoV1),
		// Results are read as AST terms, without a round trip through
		// Go maps.
		rego.GenerateJSON(func(t *ast.Term, _ *rego.EvalContext) (any, error) { return t, nil }),
	).PrepareForEval(ctx)
	if err != nil {
		return nil, fmt.Errorf("compiling the policies: %w", err)
	}
	sum, err := digest(files, vocab)
	if err != nil {
		return nil, err
	}
	return &Engine{query: query, cat: cat, vocab: vocab, files: files, ids: ids, txn: txn, digest: sum}, nil
}

// policyData is data.plancheck as the policies read it beside their
// packages: the vocabularies, as written and indexed.
func policyData(vocab map[string]any) map[string]any {
	return map[string]any{"vocabulary": vocab, "vocabulary_index": vocabularyIndex(vocab)}
}

// PolicyData is data.plancheck for the built-in catalogue alone: the
// policies' tests run with it.
func PolicyData() (map[string]any, error) {
	base, err := builtinSource()
	if err != nil {
		return nil, err
	}
	return policyData(base.Vocabulary), nil
}

// Data is data.plancheck as the engine's store holds it: the vocabularies,
// custom words included, as written and indexed. It is a copy: changing
// it changes nothing the engine evaluates.
func (e *Engine) Data() map[string]any {
	return policyData(copyJSON(e.vocab))
}

// Source is what the engine compiled: the catalogue's Rego files, then
// each custom folder's in the order the folders were given, as written,
// and the vocabularies with the custom words merged in. A bundle of the
// engine's policies is made from it.
func (e *Engine) Source() Source {
	return Source{Files: append([]File(nil), e.files...), Vocabulary: copyJSON(e.vocab)}
}

// vocabulary adds the words of each custom folder's own vocabulary file to
// a copy of the catalogue's vocabularies.
func vocabulary(base map[string]any, custom []string) (map[string]any, error) {
	vocab := copyJSON(base)
	for _, dir := range custom {
		name := filepath.Join(dir, policies.VocabularyFile)
		if _, err := os.Lstat(name); errors.Is(err, fs.ErrNotExist) {
			continue
		}
		data, err := loader.ReadFile(name, MaxPolicyFileSize)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", dir, err)
		}
		extra, err := parseVocabulary(name, data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", dir, err)
		}
		if err := mergeVocabulary(vocab, extra); err != nil {
			return nil, fmt.Errorf("%s: %s: %w", dir, policies.VocabularyFile, err)
		}
	}
	return vocab, nil
}

// Vocabulary returns the words the policies recognise, list by list (a
// nested list by its dotted name, such as "sponsor_titles.large"), custom
// words included.
func (e *Engine) Vocabulary() map[string][]string {
	out := map[string][]string{}
	var walk func(m map[string]any, prefix string)
	walk = func(m map[string]any, prefix string) {
		for k, x := range m {
			switch x := x.(type) {
			case []any:
				for _, w := range x {
					out[prefix+k] = append(out[prefix+k], w.(string))
				}
			case map[string]any:
				walk(x, prefix+k+".")
			}
		}
	}
	walk(e.vocab, "")
	return out
}

// waivableRules lists the rules a waiver may name: all but those whose
// package says waivable := false, which it lists apart.
func waivableRules(ctx context.Context, compiler *ast.Compiler, store storage.Store, txn storage.Transaction, cat *check.Catalogue) (planschema.RuleIDs, error) {
	rs, err := rego.New(
		rego.Query(`{id | data.plancheck.rules[id].waivable == false}`),
		rego.Compiler(compiler), rego.Store(store), rego.Transaction(txn),
	).Eval(ctx)
	if err != nil || len(rs) != 1 || len(rs[0].Expressions) != 1 {
		return planschema.RuleIDs{}, fmt.Errorf("reading which rules can be waived: %v", err)
	}
	not, _ := rs[0].Expressions[0].Value.([]any)
	fixed := map[string]bool{}
	for _, id := range not {
		if s, ok := id.(string); ok {
			fixed[s] = true
		}
	}
	var ids planschema.RuleIDs
	for _, r := range cat.Rules {
		if fixed[r.ID] {
			ids.Fixed = append(ids.Fixed, r.ID)
		} else {
			ids.Waivable = append(ids.Waivable, r.ID)
		}
	}
	return ids, nil
}

// checkFindingsRules makes sure each rule package defines findings, as a
// set: without it the entrypoint would silently skip the rule, and a
// findings rule of another shape (findings := 5) would read as met.
func checkFindingsRules(modules map[string]*ast.Module, cat *check.Catalogue) error {
	has := map[string]bool{}
	var problems []string
	for _, m := range modules {
		id, ok := ruleID(m.Package.Path)
		if !ok {
			continue
		}
		for _, r := range m.Rules {
			if r.Head.Ref().String() != "findings" {
				continue
			}
			has[id] = true
			if r.Head.RuleKind() != ast.MultiValue && notASet(r.Head.Value) {
				problems = append(problems, fmt.Sprintf("%s:%d: recommendation %s: findings must be a set of findings, written as findings contains lib.miss(path, message) if {...}", r.Location.File, r.Location.Row, id))
			}
		}
	}
	for _, r := range cat.Rules {
		if !has[r.ID] {
			problems = append(problems, fmt.Sprintf("%s: recommendation %s defines no findings rule", r.File, r.ID))
		}
	}
	if len(problems) > 0 {
		sort.Strings(problems)
		return errors.New(strings.Join(problems, "\n"))
	}
	return nil
}

// notASet tells whether a complete rule's value is written as something
// that cannot be a set of findings (findings := 5, findings := [...]).
func notASet(v *ast.Term) bool {
	switch v.Value.(type) {
	case ast.Null, ast.Boolean, ast.Number, ast.String, *ast.Array, ast.Object:
		return true
	}
	return false
}

// Digest identifies what the engine evaluates besides a plan: a SHA-256,
// in hexadecimal, of every policy file it compiled (built in or from a
// bundle, and custom, by name) and of the vocabularies, custom words
// included. Two engines with the same digest, in the same build of
// plancheck, give the same verdicts on the same plan and run.
func (e *Engine) Digest() string { return e.digest }

// Catalogue is the catalogue the engine evaluates.
func (e *Engine) Catalogue() *check.Catalogue { return e.cat }

// Check evaluates one plan against every rule. run.Today (YYYY-MM-DD) is
// the run date that waivers expire against and that stands in for a
// missing or future plan date; run.Evidence says whether and where the
// files the plan cites are looked for. The plan's results are sorted and
// scored; a caller that reports only some rules keeps those with
// report.Plan.Finish.
func (e *Engine) Check(ctx context.Context, doc *plan.Document, run planschema.Run) (*report.Plan, error) {
	schema := planschema.Check(doc, run, e.ids)
	schemaTerms := make([]*ast.Term, len(schema.Findings))
	for i, f := range schema.Findings {
		schemaTerms[i] = ast.ObjectTerm(
			[2]*ast.Term{levelKey, ast.StringTerm(string(f.Level))},
			[2]*ast.Term{pathKey, ast.StringTerm(f.Path)},
			[2]*ast.Term{messageKey, ast.StringTerm(f.Message)},
		)
	}
	input := ast.NewObject(
		[2]*ast.Term{ast.StringTerm("plan"), ast.NewTerm(Value(doc.Root))},
		[2]*ast.Term{ast.StringTerm("today"), ast.StringTerm(run.Today)},
		[2]*ast.Term{ast.StringTerm("schema_findings"), ast.ArrayTerm(schemaTerms...)},
	)
	rs, err := e.query.Eval(ctx, rego.EvalParsedInput(input), rego.EvalTransaction(e.txn), rego.EvalMetrics(noMetrics))
	if err != nil {
		return nil, fmt.Errorf("evaluating the policies: %w", err)
	}
	if len(rs) != 1 || len(rs[0].Expressions) != 1 {
		return nil, errors.New("evaluating the policies: the entrypoint gave no report")
	}
	term, ok := rs[0].Expressions[0].Value.(*ast.Term)
	if !ok {
		return nil, errors.New("evaluating the policies: unexpected result")
	}
	out, err := decode(term.Value)
	if err != nil {
		return nil, fmt.Errorf("reading the policies' report: %w", err)
	}
	p := &report.Plan{
		File:   doc.File,
		Format: string(doc.Syntax),
		Organisation: report.Organisation{
			Name: doc.Lookup("organisation.name"),
			Code: doc.Lookup("organisation.code"),
			Type: planschema.Listed("organisation.type", doc.Lookup("organisation.type")),
		},
		Plan:     facts(doc),
		Evidence: report.Evidence{Checked: run.Evidence.Checked},
	}
	if run.Evidence.Checked {
		p.Evidence.Root = run.Evidence.Root
	}
	for id, o := range out {
		rule, ok := e.cat.Lookup(id)
		if !ok {
			continue
		}
		if o.Broken != nil {
			// One rule's bad findings cost that rule its result, never the
			// other rules theirs.
			p.Problems = append(p.Problems, report.FileError{
				File:    rule.File,
				Message: fmt.Sprintf("recommendation %s is broken: %v", id, o.Broken),
			})
			continue
		}
		for i := range o.Findings {
			place(doc, schema.Misspelt, &o.Findings[i])
		}
		r := check.NewResult(rule, o.Status, o.Findings)
		r.Waiver = o.Waiver
		p.Results = append(p.Results, r)
	}
	p.Finish(nil)
	return p, nil
}

// place gives a finding its line and column: where its path is written,
// or, when the path runs through a key the plan misspelt, where the
// misspelt key is, with a note that says so; the finding is about what
// the plan wrote there, which nothing reads. It also records where the
// key or item written there ends, for reports that mark a span.
func place(doc *plan.Document, misspelt []planschema.Misspelling, f *check.Finding) {
	at := func(pos plan.Pos) {
		end := doc.End(pos)
		f.Line, f.Column, f.EndLine, f.EndColumn = pos.Line, pos.Column, end.Line, end.Column
	}
	for _, m := range misspelt {
		if m.Covers(f.Path) {
			at(m.Pos)
			f.Message += m.Note()
			return
		}
	}
	at(doc.Locate(f.Path))
}

type outcome struct {
	Status   check.Status
	Findings []check.Finding
	Waiver   *check.Waiver
	// Broken says what is wrong with the findings a rule gave, when they
	// cannot be read: the rule's result is left out, and the policy is
	// reported instead.
	Broken error
}

// decode reads the entrypoint's value straight from the AST: status,
// findings and waived are objects keyed by rule id.
func decode(v ast.Value) (map[string]outcome, error) {
	obj, ok := v.(ast.Object)
	if !ok {
		return nil, fmt.Errorf("the report is %v, not an object", ast.ValueName(v))
	}
	status, ok1 := get(obj, "status").(ast.Object)
	all, ok2 := get(obj, "findings").(ast.Object)
	waived, ok3 := get(obj, "waived").(ast.Object)
	if !ok1 || !ok2 || !ok3 {
		return nil, errors.New("the report lacks status, findings or waived")
	}
	out := make(map[string]outcome, status.Len())
	err := status.Iter(func(k, v *ast.Term) error {
		id, ok := k.Value.(ast.String)
		if !ok {
			return fmt.Errorf("a status key is %v, not a string", k)
		}
		res := outcome{Status: check.Status(str(v.Value))}
		if fs := get(all, string(id)); fs == nil {
			res.Broken = errors.New("its findings are not a set of findings")
		} else {
			res.Findings, res.Broken = findings(fs)
		}
		if w, ok := get(waived, string(id)).(ast.Object); ok {
			res.Waiver = &check.Waiver{Reason: str(get(w, "reason")), ApprovedBy: str(get(w, "approved_by")), Expires: str(get(w, "expires"))}
		}
		out[string(id)] = res
		return nil
	})
	return out, err
}

var (
	levelKey   = ast.StringTerm("level")
	pathKey    = ast.StringTerm("path")
	messageKey = ast.StringTerm("message")
)

// findings reads a set or array of finding objects.
func findings(v ast.Value) ([]check.Finding, error) {
	var out []check.Finding
	add := func(t *ast.Term) error {
		o, ok := t.Value.(ast.Object)
		if !ok {
			return fmt.Errorf("a finding is %v, not an object", ast.ValueName(t.Value))
		}
		f := check.Finding{Level: check.Level(termStr(o.Get(levelKey))), Path: termStr(o.Get(pathKey)), Message: termStr(o.Get(messageKey))}
		// Catalogue version 1 called the levels must and should; policies
		// written for it keep working.
		switch f.Level {
		case "must":
			f.Level = check.Miss
		case "should":
			f.Level = check.Advice
		}
		if f.Message == "" {
			return errors.New("a finding has no message")
		}
		if f.Level != check.Miss && f.Level != check.Advice {
			return fmt.Errorf("a finding's level is %q, not miss or advice", f.Level)
		}
		out = append(out, f)
		return nil
	}
	switch c := v.(type) {
	case ast.Set:
		return out, c.Iter(add)
	case *ast.Array:
		return out, c.Iter(add)
	case nil:
		return nil, nil
	}
	return nil, fmt.Errorf("findings are %v, not a set", ast.ValueName(v))
}

func get(o ast.Object, key string) ast.Value {
	if t := o.Get(ast.StringTerm(key)); t != nil {
		return t.Value
	}
	return nil
}

func str(v ast.Value) string {
	s, _ := v.(ast.String)
	return string(s)
}

func termStr(t *ast.Term) string {
	if t == nil {
		return ""
	}
	return str(t.Value)
}

// Cache keeps the engine compiled from the built-in catalogue alone, so
// that a process that checks many times (a test binary, a server) compiles
// it once. Engines with custom policies or another catalogue are compiled
// each time: their files may change between runs. The zero Cache is ready
// to use, and a nil *Cache compiles every time.
type Cache struct {
	mu      sync.Mutex
	builtin *Engine
}

// Get returns an engine for opts, compiled now or earlier.
func (c *Cache) Get(ctx context.Context, opts Options) (*Engine, error) {
	if c == nil || len(opts.Custom) > 0 || opts.Base != nil {
		return New(ctx, opts)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.builtin == nil {
		e, err := New(ctx, opts)
		if err != nil {
			return nil, err
		}
		c.builtin = e
	}
	return c.builtin, nil
}

// facts are what a plan says of itself, for a report's readers to join
// on: its title, period and approval, each left out when it is not text.
func facts(doc *plan.Document) report.Facts {
	f := report.Facts{Title: doc.Lookup("plan.title")}
	if p := (report.Period{Start: doc.Lookup("plan.period.start"), End: doc.Lookup("plan.period.end")}); p != (report.Period{}) {
		f.Period = &p
	}
	if a := (report.Approval{By: doc.Lookup("plan.approved.by"), Date: doc.Lookup("plan.approved.date")}); a != (report.Approval{}) {
		f.Approved = &a
	}
	return f
}
