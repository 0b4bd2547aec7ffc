// Package catalogue reads the recommendation catalogue from the METADATA
// annotations of the policies, so that titles, severities and sources are
// written once, next to the rule they describe.
package catalogue

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
)

// Severity says what missing a recommendation costs.
type Severity string

// Severities, from the most to the least serious.
const (
	Must   Severity = "must"
	Should Severity = "should"
)

// Rank orders severities: a higher rank is more serious.
func (s Severity) Rank() int {
	switch s {
	case Must:
		return 2
	case Should:
		return 1
	}
	return 0
}

// Source is the passage a recommendation rests on.
type Source struct {
	Document string `json:"document"`
	Section  string `json:"section"`
	URL      string `json:"url"`
	Quote    string `json:"quote,omitempty"`
}

// Entry is one recommendation.
type Entry struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	Framework   string   `json:"framework"`
	Severity    Severity `json:"severity"`
	Summary     string   `json:"summary"`
	Remediation string   `json:"remediation"`
	Source      Source   `json:"source"`
	// Meets and Advice list, in words, what meets the recommendation and
	// what is advised; Example is a plan fragment that meets it.
	Meets     []string `json:"meets"`
	Advice    []string `json:"advice,omitempty"`
	AppliesTo string   `json:"applies_when,omitempty"`
	Example   string   `json:"example"`
	File      string   `json:"-"`
}

// Catalogue is the set of recommendations, sorted by id.
type Catalogue struct {
	Entries []Entry
	byID    map[string]int
}

// Namespace is where recommendation packages live: each is
// data.plancheck.rules["<id>"].
var Namespace = ast.MustParseRef("data.plancheck.rules")

// PlanFormat is the result that carries the loader's own checks of a plan.
var PlanFormat = Entry{
	ID:          "plan-format",
	Title:       "Plan follows plan format version 1",
	Framework:   "plancheck",
	Severity:    Must,
	Summary:     "The plan file has the required keys, values of the right types, values inside each closed list, known keys, and valid waivers.",
	Remediation: "Fix the fields named in the findings; `plancheck schema` prints the format for editors, and `plancheck init` writes a template.",
	Source: Source{
		Document: "plancheck plan format, version 1",
		Section:  "Rules of the format",
		URL:      "spec/plan-format.md",
	},
}

var (
	idPattern        = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)+$`)
	frameworkPattern = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)
)

// FromModules builds the catalogue from the package annotations of the
// modules in Namespace; other modules (the library) are ignored. Every
// entry must carry the whole METADATA contract; all that is wrong is
// reported at once, with the file and line of each annotation.
func FromModules(modules map[string]*ast.Module) (*Catalogue, error) {
	c := &Catalogue{byID: map[string]int{}}
	var errs []error
	files := make([]string, 0, len(modules))
	for f := range modules {
		files = append(files, f)
	}
	sort.Strings(files)
	seen := map[string]string{}
	for _, file := range files {
		m := modules[file]
		path := m.Package.Path
		if !path.HasPrefix(Namespace) {
			continue
		}
		if len(path) != len(Namespace)+1 {
			errs = append(errs, fmt.Errorf("%s:%d: a recommendation's package is %s[\"<id>\"], not %v", file, m.Package.Location.Row, Namespace, path))
			continue
		}
		key, ok := path[len(Namespace)].Value.(ast.String)
		if !ok {
			errs = append(errs, fmt.Errorf("%s:%d: the package key must be the recommendation id as a string", file, m.Package.Location.Row))
			continue
		}
		var pkg *ast.Annotations
		for _, a := range m.Annotations {
			if a.Scope == "package" {
				pkg = a
			}
		}
		if pkg == nil {
			if _, dup := seen[string(key)]; !dup {
				errs = append(errs, fmt.Errorf("%s:%d: package %s has no METADATA block", file, m.Package.Location.Row, path))
			}
			continue
		}
		e, err := entry(file, pkg)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if e.ID != string(key) {
			errs = append(errs, fmt.Errorf("%s:%d: METADATA id %q differs from the package key %q", file, pkg.Location.Row, e.ID, string(key)))
			continue
		}
		if e.ID == PlanFormat.ID {
			errs = append(errs, fmt.Errorf("%s:%d: %s is plancheck's own result; give the recommendation an id of its own", file, pkg.Location.Row, e.ID))
			continue
		}
		if prev, dup := seen[e.ID]; dup {
			errs = append(errs, fmt.Errorf("%s:%d: recommendation %s is already described in %s", file, pkg.Location.Row, e.ID, prev))
			continue
		}
		seen[e.ID] = file
		c.Entries = append(c.Entries, e)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	sort.Slice(c.Entries, func(i, j int) bool { return c.Entries[i].ID < c.Entries[j].ID })
	for i, e := range c.Entries {
		c.byID[e.ID] = i
	}
	return c, nil
}

// Lookup returns the entry with the given id; plan-format is known too.
func (c *Catalogue) Lookup(id string) (Entry, bool) {
	if id == PlanFormat.ID {
		return PlanFormat, true
	}
	i, ok := c.byID[id]
	if !ok {
		return Entry{}, false
	}
	return c.Entries[i], true
}

// Frameworks lists the frameworks of the catalogue, sorted.
func (c *Catalogue) Frameworks() []string {
	set := map[string]bool{}
	for _, e := range c.Entries {
		set[e.Framework] = true
	}
	out := make([]string, 0, len(set))
	for f := range set {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}

func entry(file string, a *ast.Annotations) (Entry, error) {
	at := fmt.Sprintf("%s:%d", file, a.Location.Row)
	r := reader{custom: a.Custom}
	e := Entry{
		ID:          r.str("id"),
		Title:       strings.TrimSpace(a.Title),
		Framework:   r.str("framework"),
		Severity:    Severity(r.str("severity")),
		Summary:     strings.TrimSpace(a.Description),
		Remediation: r.str("remediation"),
		Meets:       r.list("meets"),
		Advice:      r.list("advice"),
		AppliesTo:   r.str("applies_when"),
		Example:     r.str("example"),
		File:        file,
	}
	src := reader{custom: r.mapping("source")}
	e.Source = Source{Document: src.str("document"), Section: src.str("section"), URL: src.str("url"), Quote: src.str("quote")}
	var missing []string
	for _, f := range []struct{ name, value string }{
		{"title", e.Title}, {"description", e.Summary}, {"custom.id", e.ID}, {"custom.framework", e.Framework},
		{"custom.severity", string(e.Severity)}, {"custom.remediation", e.Remediation},
		{"custom.source.document", e.Source.Document}, {"custom.source.section", e.Source.Section}, {"custom.source.url", e.Source.URL},
		{"custom.example", e.Example},
	} {
		if f.value == "" {
			missing = append(missing, f.name)
		}
	}
	if len(e.Meets) == 0 {
		missing = append(missing, "custom.meets")
	}
	var problems []string
	if len(missing) > 0 {
		problems = append(problems, "METADATA lacks "+strings.Join(missing, ", "))
	}
	problems = append(problems, r.problems...)
	problems = append(problems, src.problems...)
	if e.ID != "" && !idPattern.MatchString(e.ID) {
		problems = append(problems, fmt.Sprintf("id %q is not a lower-case slug such as wg-digital-inclusion", e.ID))
	}
	if e.Framework != "" && !frameworkPattern.MatchString(e.Framework) {
		problems = append(problems, fmt.Sprintf("framework %q is not a lower-case slug", e.Framework))
	}
	if e.Severity != "" && e.Severity.Rank() == 0 {
		problems = append(problems, fmt.Sprintf("severity %q is neither must nor should", e.Severity))
	}
	// METADATA reaches terminals and reports: no control characters, and
	// line breaks only where a text may run over lines.
	for _, f := range []struct {
		name, value string
		lines       bool
	}{
		{"title", e.Title, false}, {"custom.id", e.ID, false}, {"custom.framework", e.Framework, false},
		{"custom.source.document", e.Source.Document, false}, {"custom.source.section", e.Source.Section, false},
		{"custom.source.url", e.Source.URL, false}, {"custom.source.quote", e.Source.Quote, false},
		{"description", e.Summary, true}, {"custom.remediation", e.Remediation, true},
		{"custom.example", e.Example, true}, {"custom.meets", strings.Join(e.Meets, " "), false},
		{"custom.advice", strings.Join(e.Advice, " "), false},
	} {
		if hasControl(f.value, f.lines) {
			problems = append(problems, fmt.Sprintf("%s holds a control character", f.name))
		}
	}
	if len(problems) > 0 {
		return Entry{}, fmt.Errorf("%s: %s", at, strings.Join(problems, "; "))
	}
	return e, nil
}

func hasControl(s string, lines bool) bool {
	for _, r := range s {
		if (r < 0x20 && !(lines && (r == '\n' || r == '\t'))) || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return true
		}
	}
	return false
}

// reader takes typed values out of a METADATA custom mapping and notes
// those of the wrong type.
type reader struct {
	custom   map[string]any
	problems []string
}

func (r *reader) str(key string) string {
	v, ok := r.custom[key]
	if !ok || v == nil {
		return ""
	}
	s, ok := v.(string)
	if !ok {
		r.problems = append(r.problems, fmt.Sprintf("%s must be text", key))
	}
	return strings.TrimSpace(s)
}

func (r *reader) list(key string) []string {
	v, ok := r.custom[key]
	if !ok || v == nil {
		return nil
	}
	items, ok := v.([]any)
	if !ok {
		r.problems = append(r.problems, fmt.Sprintf("%s must be a list of text", key))
		return nil
	}
	out := make([]string, 0, len(items))
	for _, it := range items {
		s, ok := it.(string)
		if !ok {
			r.problems = append(r.problems, fmt.Sprintf("%s must be a list of text", key))
			return nil
		}
		out = append(out, s)
	}
	return out
}

func (r *reader) mapping(key string) map[string]any {
	v, ok := r.custom[key]
	if !ok || v == nil {
		return nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		r.problems = append(r.problems, fmt.Sprintf("%s must be a mapping", key))
	}
	return m
}
