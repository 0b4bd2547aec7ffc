// Package plangen makes synthetic plans that follow plan format version 1,
// with the variety of real estates of plans: sections left out, values
// mistyped, waivers valid and expired, in YAML, JSON and TOML. The same
// seed gives the same plans.
package plangen

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"time"

	toml "github.com/pelletier/go-toml/v2"
	"go.yaml.in/yaml/v4"

	"github.com/plancheck/plancheck/internal/plan"
)

// Options tune the variety.
type Options struct {
	Seed uint64
	// Syntaxes to write plans in, taken in turn; empty means YAML only.
	Syntaxes []plan.Syntax
	// Gaps is the chance that an optional section or field is left out,
	// and Errors the chance that a value is mistyped or out of its list.
	Gaps, Errors float64
	// Blanks is the chance that a value under a key is written empty (null,
	// blank text, an empty mapping), as in a plan half filled in from the
	// template: plancheck leaves such values out before any policy reads
	// the plan, and an OPA server given the plan as written must too. A
	// TOML plan, which has no null, gets the other kinds.
	Blanks float64
}

// DefaultOptions give a realistic estate: most plans miss something.
var DefaultOptions = Options{Seed: 1, Gaps: 0.06, Errors: 0.02}

// Generator makes plans one at a time.
type Generator struct {
	opts Options
}

// New returns a generator.
func New(opts Options) *Generator {
	if len(opts.Syntaxes) == 0 {
		opts.Syntaxes = []plan.Syntax{plan.YAML}
	}
	return &Generator{opts: opts}
}

// Plan returns plan number i: its file name and contents. Each plan has a
// random stream of its own, so plans can be made in any order, or in
// parallel, with the same result.
func (g *Generator) Plan(i int) (string, []byte, error) {
	r := rand.New(rand.NewPCG(g.opts.Seed, uint64(i)))
	p := (&builder{r: r, gaps: g.opts.Gaps, errors: g.opts.Errors}).plan(i)
	format := g.opts.Syntaxes[i%len(g.opts.Syntaxes)]
	if g.opts.Blanks > 0 {
		blank(r, p, g.opts.Blanks, format != plan.TOML)
	}
	data, err := Encode(p, format)
	if err != nil {
		return "", nil, err
	}
	return fmt.Sprintf("plan-%06d.%s", i, format), data, nil
}

// Encode writes a plan in a format. Dates are written as quoted text, so
// that every tool reads the same value whatever its YAML or TOML library
// makes of native dates.
func Encode(p map[string]any, f plan.Syntax) ([]byte, error) {
	switch f {
	case plan.YAML:
		return yaml.Marshal(p)
	case plan.JSON:
		data, err := json.MarshalIndent(p, "", "  ")
		return append(data, '\n'), err
	case plan.TOML:
		return toml.Marshal(p)
	}
	return nil, fmt.Errorf("unknown format %q", f)
}

// blank empties values under m's keys, and inside its lists, with the
// given chance, visiting keys in order so that a seed gives one plan.
func blank(r *rand.Rand, m map[string]any, chance float64, null bool) {
	empties := []func() any{func() any { return "" }, func() any { return "  " }, func() any { return map[string]any{} }}
	if null {
		empties = append(empties, func() any { return nil })
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var visit func(v any)
	visit = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			blank(r, v, chance, null)
		case []any:
			for _, e := range v {
				visit(e)
			}
		}
	}
	for _, k := range keys {
		if k == "plancheck" {
			continue
		}
		if r.Float64() < chance {
			m[k] = empties[r.IntN(len(empties))]()
			continue
		}
		visit(m[k])
	}
}

type builder struct {
	r            *rand.Rand
	gaps, errors float64
	start        time.Time
}

func (b *builder) gap() bool  { return b.r.Float64() < b.gaps }
func (b *builder) typo() bool { return b.r.Float64() < b.errors }

func (b *builder) pick(xs ...string) string { return xs[b.r.IntN(len(xs))] }

func (b *builder) some(xs ...string) []any {
	n := 1 + b.r.IntN(len(xs))
	perm := b.r.Perm(len(xs))[:n]
	out := make([]any, n)
	for i, j := range perm {
		out[i] = xs[j]
	}
	return out
}

// date is a day offset from the plan's start.
func (b *builder) date(days int) string {
	return b.start.AddDate(0, 0, days).Format("2006-01-02")
}

// set puts a value in a section unless a gap leaves it out.
func (b *builder) set(m map[string]any, key string, v any) {
	if !b.gap() {
		m[key] = v
	}
}

// enum returns one of the allowed values, or now and then a misspelt one.
func (b *builder) enum(values ...string) any {
	v := b.pick(values...)
	if b.typo() {
		return v[:len(v)-1]
	}
	return v
}

// number returns n, or now and then n written as text.
func (b *builder) number(n int) any {
	if b.typo() {
		return fmt.Sprintf("about %d", n)
	}
	return n
}

var (
	orgKinds  = []string{"icb", "trust", "foundation_trust", "gp_practice", "pcn", "local_authority"}
	places    = []string{"Northshire", "Riverside", "Eastfield", "Westmoor", "Southvale", "Highcliff", "Lowbridge", "Kingsmead"}
	journeys  = []string{"Diabetes care", "Maternity", "Urgent care", "Mental health", "Cancer", "Elective surgery", "Frailty"}
	standards = []string{"nhs_number", "fhir_uk_core", "snomed_ct", "dm_d", "gp_connect", "nhs_login", "ihe_xds", "hl7v2"}
	// Team roles as plans write them: free text, clinical, digital and
	// neither, so that the vocabularies are matched as in real plans.
	team = []string{
		"consultant psychiatrist", "mental health nurse", "clinical lead", "GP partner", "CCIO",
		"product manager", "user researchers", "software developers", "data analyst", "service designer",
		"project manager", "patient representative", "finance lead",
	}
	programmes = []string{"NPfIT", "care.data", "GPDPR", "Global Digital Exemplar", "local e-prescribing pilot", "2018 EPR procurement"}
	scopeTags  = []string{"medicines", "records", "patient_app", "ai", "emerging_technology"}
)

func (b *builder) plan(i int) map[string]any {
	b.start = time.Date(2025+b.r.IntN(3), time.Month(1+3*b.r.IntN(4)), 1, 0, 0, 0, 0, time.UTC)
	place := b.pick(places...)
	p := map[string]any{
		"plancheck": 1,
		"organisation": map[string]any{
			"name": fmt.Sprintf("%s %s %d", place, b.pick("Integrated Care Board", "Hospitals NHS Trust", "Primary Care Network", "Health Partnership"), i),
			"code": fmt.Sprintf("Q%02d", i%100),
			"type": b.enum(orgKinds...),
		},
		"plan": map[string]any{
			"title":    fmt.Sprintf("%s Digital Plan %d", place, b.start.Year()),
			"period":   map[string]any{"start": b.date(0), "end": b.date(365*(2+b.r.IntN(3)) - 1)},
			"in_scope": b.some(scopeTags...),
		},
	}
	if !b.gap() {
		p["plan"].(map[string]any)["approved"] = map[string]any{"by": "Board", "date": b.date(-10 - b.r.IntN(60))}
	}
	sections := []struct {
		key  string
		make func() any
	}{
		{"governance", b.governance},
		{"patients", b.patients},
		{"inclusion", b.inclusion},
		{"data", b.data},
		{"funding", b.funding},
		{"skills", b.skills},
		{"delivery", b.delivery},
		{"objectives", b.objectives},
		{"benefits", b.benefits},
		{"interoperability", b.interoperability},
		{"legacy", b.legacy},
		{"maturity", b.maturity},
		{"lessons", b.lessons},
		{"risks", b.risks},
	}
	for _, s := range sections {
		b.set(p, s.key, s.make())
	}
	b.set(p, "foundations_first", b.r.IntN(5) > 0)
	if w := b.waivers(); len(w) > 0 {
		p["waivers"] = w
	}
	return p
}

func (b *builder) governance() any {
	g := map[string]any{}
	owner := map[string]any{"name": "Dr " + b.pick("Asha Patel", "Sam Okafor", "Jo Smith", "Li Wei"), "role": b.pick("Chief Digital and Information Officer", "Chair of the Digital Board", "Digital Programme Board")}
	b.set(owner, "board_member", b.r.IntN(4) > 0)
	if b.typo() {
		g["owner"] = "Digital Steering Group"
	} else {
		b.set(g, "owner", owner)
	}
	b.set(g, "sponsor", map[string]any{"name": "Priya Shah", "role": b.pick("Chief Executive", "CEO", "Chief Operating Officer", "Deputy Chief Executive", "Senior Partner", "Clinical Director")})
	b.set(g, "board", map[string]any{"name": "Digital Transformation Board", "meets": b.enum("weekly", "fortnightly", "monthly", "six_weekly", "bimonthly", "quarterly")})
	b.set(g, "digital_in_transformation", b.r.IntN(6) > 0)
	b.set(g, "assurance", []any{map[string]any{"type": b.enum("internal_audit", "gateway_review", "external_review"), "date": b.date(b.r.IntN(300))}})
	return g
}

func (b *builder) patients() any {
	m := map[string]any{}
	b.set(m, "user_research", map[string]any{"methods": b.some("interviews", "usability_testing", "surveys", "diary_studies"), "participants": b.number(5 + b.r.IntN(200))})
	b.set(m, "involvement", map[string]any{"methods": b.some("patient_panel", "co_design", "citizens_jury"), "seldom_heard_groups": b.r.IntN(3) > 0})
	b.set(m, "journeys", b.some(journeys...))
	return m
}

func (b *builder) inclusion() any {
	m := map[string]any{}
	b.set(m, "impact_assessment", map[string]any{"type": "ehia", "completed": b.date(-30 - b.r.IntN(900)), "reference": "docs/ehia.pdf"})
	b.set(m, "groups_considered", b.some("age", "disability", "language", "deprivation", "rurality", "ethnicity"))
	b.set(m, "non_digital_alternative", b.r.IntN(6) > 0)
	b.set(m, "mitigations", b.some("digital champions in libraries", "assisted telephone route", "translated letters", "device loans"))
	return m
}

func (b *builder) data() any {
	m := map[string]any{}
	b.set(m, "transparency_notice", "https://example.org/how-we-use-your-data")
	b.set(m, "dpia", map[string]any{"completed": b.date(-b.r.IntN(400)), "reference": "docs/dpia.pdf"})
	b.set(m, "national_data_opt_out", b.r.IntN(8) > 0)
	b.set(m, "public_engagement", map[string]any{"methods": b.some("citizens_jury", "survey", "workshops"), "date": b.date(-b.r.IntN(200))})
	b.set(m, "dspt", b.enum("standards_exceeded", "standards_met", "approaching_standards", "not_met"))
	b.set(m, "target_architecture", "docs/target-architecture.pdf")
	return m
}

func (b *builder) funding() any {
	total := 1_000_000 * (1 + b.r.IntN(40))
	m := map[string]any{"total_gbp": b.number(total)}
	b.set(m, "capital_gbp", total*2/3)
	b.set(m, "revenue_gbp", total/3)
	b.set(m, "whole_life_years", 3+b.r.IntN(10))
	b.set(m, "confidence", b.enum("low", "medium", "high"))
	b.set(m, "basis", "bottom-up from supplier quotes")
	b.set(m, "contingency_gbp", total/10)
	b.set(m, "reprioritised", map[string]any{"amount_gbp": total / 8, "from": []any{"paper records storage contract"}})
	b.set(m, "sources", []any{
		map[string]any{"name": "Frontline digitisation capital", "amount_gbp": total * 2 / 3, "status": "secured"},
		map[string]any{"name": "Recurrent allocation", "amount_gbp": total / 3, "status": b.enum("secured", "bid", "assumed")},
	})
	b.set(m, "digital_share_pct", float64(10+b.r.IntN(70))/10)
	return m
}

func (b *builder) skills() any {
	m := map[string]any{}
	b.set(m, "capability_assessment", map[string]any{"completed": b.date(-30 - b.r.IntN(900)), "reference": "docs/capability.pdf"})
	b.set(m, "workforce_plan", "docs/workforce-plan.pdf")
	b.set(m, "roles", []any{map[string]any{"role": "clinical safety officer", "fte": 1}, map[string]any{"role": "data engineer", "fte": b.number(1 + b.r.IntN(5))}})
	b.set(m, "board_training", b.r.IntN(3) > 0)
	return m
}

func (b *builder) delivery() any {
	m := map[string]any{}
	b.set(m, "team", b.some(team...))
	b.set(m, "approach", b.enum("agile", "iterative", "hybrid", "waterfall"))
	b.set(m, "change_team", map[string]any{"fte": 1 + b.r.IntN(20), "full_time": b.r.IntN(4) > 0})
	var ms []any
	for k := range 1 + b.r.IntN(4) {
		ms = append(ms, map[string]any{"name": fmt.Sprintf("Milestone %d", k+1), "due": b.date(90 + b.r.IntN(900))})
	}
	b.set(m, "milestones", ms)
	return m
}

func (b *builder) objectives() any {
	var out []any
	for k := range 1 + b.r.IntN(4) {
		o := map[string]any{"name": fmt.Sprintf("Objective %d", k+1), "metric": "share of appointments booked online"}
		b.set(o, "baseline", b.number(b.r.IntN(30)))
		b.set(o, "target", 30+b.r.IntN(60))
		b.set(o, "by", b.date(200+b.r.IntN(1200)))
		b.set(o, "journey", b.pick(journeys...))
		out = append(out, o)
	}
	return out
}

func (b *builder) benefits() any {
	var out []any
	for k := range b.r.IntN(4) {
		o := map[string]any{"name": fmt.Sprintf("Benefit %d", k+1), "metric": "DNA rate", "baseline": 8, "target": 5}
		b.set(o, "by", b.date(300+b.r.IntN(900)))
		b.set(o, "owner", "COO")
		out = append(out, o)
	}
	return out
}

func (b *builder) interoperability() any {
	m := map[string]any{}
	b.set(m, "standards", b.some(standards...))
	b.set(m, "nhs_number_primary_identifier", b.r.IntN(6) > 0)
	return m
}

func (b *builder) legacy() any {
	var systems []any
	for k := range b.r.IntN(4) {
		s := map[string]any{"name": fmt.Sprintf("Legacy system %d", k+1), "end_of_support": b.date(-200 + b.r.IntN(900))}
		b.set(s, "action", b.enum("replace", "retire", "retain"))
		b.set(s, "by", b.date(b.r.IntN(1000)))
		systems = append(systems, s)
	}
	return map[string]any{"systems": systems}
}

func (b *builder) maturity() any {
	m := map[string]any{}
	framework := b.enum("what_good_looks_like", "digital_maturity_assessment", "other")
	b.set(m, "framework", framework)
	b.set(m, "completed", b.date(-30-b.r.IntN(900)))
	if framework == "what_good_looks_like" {
		scores := map[string]any{}
		for _, k := range []string{"well_led", "smart_foundations", "safe_practice", "support_people", "empower_citizens", "improve_care", "healthy_populations"} {
			b.set(scores, k, 1+b.r.IntN(5))
		}
		m["scores"] = scores
	}
	return m
}

func (b *builder) lessons() any {
	var out []any
	for range b.r.IntN(3) {
		l := map[string]any{"source": b.pick(programmes...), "lesson": "local clinical ownership matters"}
		b.set(l, "applied", "clinical design authority signs off configuration")
		out = append(out, l)
	}
	return out
}

func (b *builder) risks() any {
	return []any{map[string]any{"description": "supplier delay", "owner": "CDIO", "mitigation": "phased contract"}}
}

var waivable = []string{"wg-spend-reprioritised", "nao-benefits-realisation", "nao-legacy-systems", "wg-digital-skills", "nao-digital-maturity"}

func (b *builder) waivers() []any {
	var out []any
	for range b.r.IntN(3) {
		id := b.pick(waivable...)
		if b.typo() {
			id = strings.TrimPrefix(id, "wg-")
		}
		out = append(out, map[string]any{
			"recommendation": id,
			"reason":         "funded nationally until the next spending review",
			"approved_by":    "Board",
			// Some waivers have expired by the benchmark's run date.
			"expires": b.date(b.r.IntN(1200) - 300),
		})
	}
	return out
}
