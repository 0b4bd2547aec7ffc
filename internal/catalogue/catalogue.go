// Package catalogue reads the rule catalogue from the METADATA annotations
// of the policies, so that titles, severities, sources and frameworks are
// written once, next to the rule they describe.
package catalogue

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/plancheck/plancheck/internal/check"
	"github.com/plancheck/plancheck/internal/safetext"
)

// Namespace is where rule packages live: each is
// data.plancheck.rules["<id>"].
var Namespace = ast.MustParseRef("data.plancheck.rules")

// Entrypoint is the package whose METADATA describes the catalogue as a
// whole: its version and its frameworks, in the order reports show them.
var Entrypoint = ast.MustParseRef("data.plancheck.main")

var (
	idPattern        = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)+$`)
	frameworkPattern = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)
)

// FromModules builds the catalogue from the package annotations of the
// modules in Namespace and of the entrypoint; other modules (the library)
// are ignored. Every rule must carry the whole METADATA contract; all that
// is wrong is reported at once, with the file and line of each annotation.
func FromModules(modules map[string]*ast.Module) (*check.Catalogue, error) {
	var rules []check.Rule
	var version int
	var frameworks []check.Framework
	var errs []error
	files := make([]string, 0, len(modules))
	for f := range modules {
		files = append(files, f)
	}
	sort.Strings(files)
	seen := map[string]string{}
	for _, file := range files {
		m := modules[file]
		// Messages name the file as it was read (a custom policy's key in
		// modules is prefixed to keep it apart from built-in files).
		if loc := m.Package.Location; loc != nil && loc.File != "" {
			file = loc.File
		}
		path := m.Package.Path
		if path.Equal(Entrypoint) {
			if a := packageAnnotation(m); a != nil {
				var err error
				version, frameworks, err = describe(file, a)
				if err != nil {
					errs = append(errs, err)
				}
			}
			continue
		}
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
		pkg := packageAnnotation(m)
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
		if prev, dup := seen[e.ID]; dup {
			errs = append(errs, fmt.Errorf("%s:%d: recommendation %s is already described in %s", file, pkg.Location.Row, e.ID, prev))
			continue
		}
		seen[e.ID] = file
		rules = append(rules, e)
	}
	// A change is made by a version the catalogue has reached: a record
	// of a later one is a typing mistake, and would go unshown.
	for _, r := range rules {
		for i, c := range r.Changes {
			if version > 0 && c.Version > version {
				errs = append(errs, fmt.Errorf("%s: METADATA custom.changes[%d] is of version %d, after the catalogue's version %d", r.File, i, c.Version, version))
			}
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return check.NewCatalogue(version, rules, frameworks), nil
}

func packageAnnotation(m *ast.Module) *ast.Annotations {
	for _, a := range m.Annotations {
		if a.Scope == "package" {
			return a
		}
	}
	return nil
}

// describe reads the catalogue's own METADATA: its version and the
// frameworks its rules belong to.
func describe(file string, a *ast.Annotations) (int, []check.Framework, error) {
	at := fmt.Sprintf("%s:%d", file, a.Location.Row)
	version, err := strconv.Atoi(strings.TrimSpace(fmt.Sprint(a.Custom["catalogue_version"])))
	if err != nil || version < 1 {
		return 0, nil, fmt.Errorf("%s: METADATA lacks custom.catalogue_version, a whole number", at)
	}
	items, _ := a.Custom["frameworks"].([]any)
	var out []check.Framework
	var problems []string
	for i, it := range items {
		m, _ := it.(map[string]any)
		r := reader{custom: m}
		f := check.Framework{ID: r.str("id"), Title: r.str("title"), Citation: r.str("citation")}
		problems = append(problems, r.problems...)
		if f.ID == "" || f.Title == "" || !frameworkPattern.MatchString(f.ID) {
			problems = append(problems, fmt.Sprintf("frameworks[%d] needs an id (a lower-case slug) and a title", i))
		}
		if safetext.HasUnsafe(f.Title, false) || safetext.HasUnsafe(f.Citation, false) {
			problems = append(problems, fmt.Sprintf("frameworks[%d] holds a control character", i))
		}
		out = append(out, f)
	}
	if len(problems) > 0 {
		return 0, nil, fmt.Errorf("%s: %s", at, strings.Join(problems, "; "))
	}
	return version, out, nil
}

func entry(file string, a *ast.Annotations) (check.Rule, error) {
	at := fmt.Sprintf("%s:%d", file, a.Location.Row)
	r := reader{custom: a.Custom}
	e := check.Rule{
		ID:          r.str("id"),
		Kind:        check.Kind(r.str("kind")),
		Title:       strings.TrimSpace(a.Title),
		Framework:   r.str("framework"),
		Severity:    check.Severity(r.str("severity")),
		Summary:     strings.TrimSpace(a.Description),
		Remediation: r.str("remediation"),
		Meets:       r.list("meets"),
		Advice:      r.list("advice"),
		AppliesTo:   r.str("applies_when"),
		Example:     r.str("example"),
		Vocabulary:  r.list("vocabulary"),
		Changes:     r.changes("changes"),
		File:        file,
	}
	src := reader{custom: r.mapping("source")}
	e.Source = check.Source{Document: src.str("document"), Section: src.str("section"), URL: src.str("url"), Quote: src.str("quote")}
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
	switch e.Kind {
	case "":
		e.Kind = check.Recommendation
	case check.Recommendation, check.Format:
	default:
		problems = append(problems, fmt.Sprintf("kind %q is neither %s nor %s", e.Kind, check.Recommendation, check.Format))
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
		{"custom.changes", changesText(e.Changes), false},
	} {
		if safetext.HasUnsafe(f.value, f.lines) {
			problems = append(problems, fmt.Sprintf("%s holds a control character", f.name))
		}
	}
	if len(problems) > 0 {
		return check.Rule{}, fmt.Errorf("%s: %s", at, strings.Join(problems, "; "))
	}
	return e, nil
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

// changes reads the record of what catalogue versions changed in a rule:
// a list of {version, what}, each version a whole number from 2 (version
// 1 changed nothing: it was the first) and each what a sentence.
func (r *reader) changes(key string) []check.Change {
	v, ok := r.custom[key]
	if !ok || v == nil {
		return nil
	}
	items, ok := v.([]any)
	if !ok {
		r.problems = append(r.problems, fmt.Sprintf("custom.%s must be a list of {version, what}", key))
		return nil
	}
	out := make([]check.Change, 0, len(items))
	for i, it := range items {
		m, _ := it.(map[string]any)
		item := reader{custom: m}
		what := item.str("what")
		version, err := strconv.Atoi(strings.TrimSpace(fmt.Sprint(m["version"])))
		if m == nil || err != nil || version < 2 || what == "" || len(item.problems) > 0 {
			r.problems = append(r.problems, fmt.Sprintf("custom.%s[%d] needs a version (a whole number from 2) and what changed, in words", key, i))
			continue
		}
		if i > 0 && version < out[len(out)-1].Version {
			r.problems = append(r.problems, fmt.Sprintf("custom.%s[%d] is of an earlier version than the change before it: list changes oldest first", key, i))
		}
		out = append(out, check.Change{Version: version, What: what})
	}
	return out
}

// changesText joins what changed, for the check for control characters.
func changesText(cs []check.Change) string {
	var b strings.Builder
	for _, c := range cs {
		b.WriteString(c.What + " ")
	}
	return b.String()
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
