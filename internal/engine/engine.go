// Package engine evaluates plan documents against the recommendation
// catalogue. It compiles the embedded policies once, prepares a single
// query that returns every recommendation's verdict for a plan, and turns
// that verdict into a report.Plan with positions. An Engine is safe for
// concurrent use.
package engine

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/metrics"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage"
	"github.com/open-policy-agent/opa/v1/storage/inmem"

	"github.com/plancheck/plancheck/internal/catalogue"
	"github.com/plancheck/plancheck/internal/plan"
	"github.com/plancheck/plancheck/internal/planformat"
	"github.com/plancheck/plancheck/internal/report"
	"github.com/plancheck/plancheck/internal/suggest"
	"github.com/plancheck/plancheck/policies"
)

// noMetrics spares each evaluation a metrics collection nobody reads.
var noMetrics = metrics.NoOp()

// Entrypoint is the query the engine prepares: every recommendation's
// status and findings, and the findings about waivers.
const Entrypoint = "data.plancheck.main.report"

// Options choose which recommendations a run reports.
type Options struct {
	// Only keeps the recommendations named by id or framework; empty keeps
	// all. Skip drops those named. plan-format is reported unless skipped.
	Only, Skip []string
	// Custom are folders of custom policies compiled beside the catalogue.
	Custom []string
}

// Engine checks plans.
type Engine struct {
	query    rego.PreparedEvalQuery
	cat      *catalogue.Catalogue
	selected map[string]bool
	// txn is one read transaction on the empty store, shared by every
	// evaluation: nothing is ever written, so there is nothing to isolate,
	// and opening one per plan is work for nothing.
	txn storage.Transaction
}

// New compiles the catalogue and prepares its query.
func New(ctx context.Context, opts Options) (*Engine, error) {
	modules, err := policies.Parse(policies.FS, false)
	if err != nil {
		return nil, fmt.Errorf("reading the policies: %w", err)
	}
	if len(opts.Custom) > 0 {
		custom, err := loadCustom(opts.Custom, modules)
		if err != nil {
			return nil, err
		}
		// Keyed apart from the built-in files, so that no custom file can
		// take the place of one, whatever its name.
		for name, m := range custom {
			modules["custom:"+name] = m
		}
	}
	cat, err := catalogue.FromModules(modules)
	if err != nil {
		return nil, fmt.Errorf("reading the catalogue: %w", err)
	}
	if err := checkFindingsRules(modules, cat); err != nil {
		return nil, err
	}
	selected, err := selection(cat, opts.Only, opts.Skip)
	if err != nil {
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
	store := inmem.New()
	txn, err := store.NewTransaction(ctx)
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
	return &Engine{query: query, cat: cat, selected: selected, txn: txn}, nil
}

// checkFindingsRules makes sure each recommendation package defines
// findings; without it the entrypoint would silently skip it.
func checkFindingsRules(modules map[string]*ast.Module, cat *catalogue.Catalogue) error {
	has := map[string]bool{}
	for _, m := range modules {
		id, ok := recommendationID(m.Package.Path)
		if !ok {
			continue
		}
		for _, r := range m.Rules {
			if r.Head.Ref().String() == "findings" {
				has[id] = true
			}
		}
	}
	var missing []string
	for _, e := range cat.Entries {
		if !has[e.ID] {
			missing = append(missing, fmt.Sprintf("%s: recommendation %s defines no findings rule", e.File, e.ID))
		}
	}
	if len(missing) > 0 {
		return errors.New(strings.Join(missing, "\n"))
	}
	return nil
}

// selection resolves --only and --skip into the set of ids reported.
func selection(cat *catalogue.Catalogue, only, skip []string) (map[string]bool, error) {
	frameworks := cat.Frameworks()
	names := []string{catalogue.PlanFormat.ID}
	for _, e := range cat.Entries {
		names = append(names, e.ID)
	}
	names = append(names, frameworks...)
	for _, s := range append(append([]string{}, only...), skip...) {
		if !slices.Contains(names, s) {
			return nil, fmt.Errorf("%q is neither a recommendation id nor a framework%s; see plancheck rules", s, suggest.Hint(s, names))
		}
	}
	named := func(e catalogue.Entry, list []string) bool {
		return slices.Contains(list, e.ID) || slices.Contains(list, e.Framework)
	}
	selected := map[string]bool{}
	for _, e := range cat.Entries {
		selected[e.ID] = (len(only) == 0 || named(e, only)) && !named(e, skip)
	}
	selected[catalogue.PlanFormat.ID] = !named(catalogue.PlanFormat, skip)
	return selected, nil
}

// Catalogue is the catalogue the engine evaluates.
func (e *Engine) Catalogue() *catalogue.Catalogue { return e.cat }

// Selected tells whether a recommendation is reported.
func (e *Engine) Selected(id string) bool { return e.selected[id] }

// Rules lists the recommendations a run reports, plan-format among them,
// sorted by id.
func (e *Engine) Rules() []catalogue.Entry {
	var out []catalogue.Entry
	for _, c := range append([]catalogue.Entry{catalogue.PlanFormat}, e.cat.Entries...) {
		if e.selected[c.ID] {
			out = append(out, c)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Check evaluates one plan. today (YYYY-MM-DD) is the run date that
// waivers expire against and that stands in for a missing plan date.
func (e *Engine) Check(ctx context.Context, doc *plan.Document, today string) (*report.Plan, error) {
	input := ast.NewObject(
		[2]*ast.Term{ast.StringTerm("plan"), ast.NewTerm(Value(doc.Root))},
		[2]*ast.Term{ast.StringTerm("today"), ast.StringTerm(today)},
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
		File:         doc.File,
		Format:       string(doc.Format),
		Organisation: doc.Lookup("organisation.name"),
		Title:        doc.Lookup("plan.title"),
	}
	locate := func(fs []finding) []report.Finding {
		res := make([]report.Finding, 0, len(fs))
		for _, f := range fs {
			pos := doc.Locate(f.Path)
			res = append(res, report.Finding{Level: catalogue.Severity(f.Level), Path: f.Path, Message: f.Message, Line: pos.Line, Column: pos.Column})
		}
		return res
	}
	for id, o := range out.Results {
		entry, ok := e.cat.Lookup(id)
		if !ok || !e.selected[id] {
			continue
		}
		r := report.NewResult(entry, report.Status(o.Status), locate(o.Findings))
		r.Waiver = o.Waiver
		p.Results = append(p.Results, r)
	}
	if e.selected[catalogue.PlanFormat.ID] {
		fs := append(planformat.Check(doc), locate(out.Waivers)...)
		status := report.Met
		for _, f := range fs {
			if f.Level == catalogue.Must {
				status = report.Missed
			}
		}
		p.Results = append(p.Results, report.NewResult(catalogue.PlanFormat, status, fs))
	}
	p.Finish()
	return p, nil
}

type finding struct {
	Level, Path, Message string
}

type outcome struct {
	Status   string
	Findings []finding
	Waiver   *report.Waiver
}

type verdict struct {
	Results map[string]outcome
	Waivers []finding
}

// decode reads the entrypoint's value straight from the AST: status,
// findings and waived are objects keyed by recommendation id.
func decode(v ast.Value) (*verdict, error) {
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
	out := &verdict{Results: make(map[string]outcome, status.Len())}
	err := status.Iter(func(k, v *ast.Term) error {
		id, ok := k.Value.(ast.String)
		if !ok {
			return fmt.Errorf("a status key is %v, not a string", k)
		}
		res := outcome{Status: str(v.Value)}
		if res.Status != string(report.NotApplicable) {
			fs, err := findings(get(all, string(id)))
			if err != nil {
				return fmt.Errorf("%s: %w", id, err)
			}
			res.Findings = fs
		}
		if w, ok := get(waived, string(id)).(ast.Object); ok {
			res.Waiver = &report.Waiver{Reason: str(get(w, "reason")), ApprovedBy: str(get(w, "approved_by")), Expires: str(get(w, "expires"))}
		}
		out.Results[string(id)] = res
		return nil
	})
	if err != nil {
		return nil, err
	}
	out.Waivers, err = findings(get(obj, "waivers"))
	return out, err
}

var (
	levelKey   = ast.StringTerm("level")
	pathKey    = ast.StringTerm("path")
	messageKey = ast.StringTerm("message")
)

// findings reads a set or array of finding objects.
func findings(v ast.Value) ([]finding, error) {
	var out []finding
	add := func(t *ast.Term) error {
		o, ok := t.Value.(ast.Object)
		if !ok {
			return fmt.Errorf("a finding is %v, not an object", ast.ValueName(t.Value))
		}
		f := finding{Level: termStr(o.Get(levelKey)), Path: termStr(o.Get(pathKey)), Message: termStr(o.Get(messageKey))}
		if f.Level != string(catalogue.Must) && f.Level != string(catalogue.Should) {
			return fmt.Errorf("a finding's level is %q, not must or should", f.Level)
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
