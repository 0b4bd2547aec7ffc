package planschema

import (
	"fmt"
	"math/big"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/plancheck/plancheck/internal/check"
	"github.com/plancheck/plancheck/internal/plan"
	"github.com/plancheck/plancheck/internal/safetext"
	"github.com/plancheck/plancheck/internal/suggest"
)

// Run is what a plan is checked against besides itself.
type Run struct {
	// Today is the run date (YYYY-MM-DD): an approval dated after it is
	// advice. "" leaves that check out.
	Today string
	// Evidence says whether and where the files the plan cites are
	// looked for.
	Evidence Evidence
}

// Evidence says whether the files a plan cites as evidence are looked for,
// and where. The zero Evidence looks for none.
type Evidence struct {
	Checked bool
	// Root is the folder relative file names are taken from, with `/`
	// separators, named as the user would name it: relative to the working
	// folder when it was given relative.
	Root string
	// Exists tells whether a file exists. The name it is given uses `/`
	// separators and is either absolute (see IsAbs) or relative to the
	// working folder. A function, so that the checks never touch the disk
	// themselves.
	Exists func(name string) bool
}

// RuleIDs are what a waiver may name.
type RuleIDs struct {
	// Waivable are the rules a waiver may name.
	Waivable []string
	// Fixed are rules that exist but cannot be waived, such as
	// plan-format: a waiver that names one is told so.
	Fixed []string
}

// Result is what Check finds in a plan.
type Result struct {
	Findings []check.Finding
	// Misspelt are the plan's misspelt keys, in file order. A finding of
	// any rule about the key one was meant to be belongs at it: see
	// Misspelling.Covers and Misspelling.Note.
	Misspelt []Misspelling
}

// Misspelling is a key of the plan that is a near spelling of a key the
// format defines at the same place, which the plan does not have.
type Misspelling struct {
	// Path is the misspelt key's path ("goverance"), and Key the key as
	// the plan writes it.
	Path, Key string
	// Intended is the path of the key it was meant to be ("governance"),
	// and Want that key.
	Intended, Want string
	// Pos is where the misspelt key is written.
	Pos plan.Pos
}

// Covers tells whether a finding's path runs through the intended key, so
// that the finding is about what the plan wrote under the misspelt one.
func (m Misspelling) Covers(p string) bool {
	if !strings.HasPrefix(p, m.Intended) {
		return false
	}
	rest := p[len(m.Intended):]
	return rest == "" || rest[0] == '.' || rest[0] == '['
}

// Note is what a finding the misspelling covers says, after its own
// message: where the misspelt key is and what it was meant to be.
func (m Misspelling) Note() string {
	return fmt.Sprintf(" (the plan has %s at line %d: did you mean %s?)", code(m.Key), m.Pos.Line, code(m.Want))
}

// Token is the form in which a value of a closed list or a token list is
// compared with the listed ones: lower case, with every `-`, `_` and space
// removed, so that "Six weekly", "six-weekly" and "six_weekly" are one
// value. The policies normalise values the same way, and a test holds the
// two to each other.
func Token(s string) string {
	return tokenSeparators.Replace(strings.ToLower(s))
}

// tokenSeparators is built once: a Replacer is safe for concurrent use,
// and building one for each value cost more than the replacing.
var tokenSeparators = strings.NewReplacer("-", "", "_", "", " ", "")

// Check returns a document's findings against the schema: misses for
// missing required keys, misspelt keys, wrong types, values outside a
// closed list, a period that does not end after it starts, incomplete
// waivers and evidence files that are not there; advice for other unknown
// keys, closed-list values written in another form than the listed one,
// near spellings of listed tokens and an approval dated after today.
// Findings carry paths, not places: the engine places every finding,
// whichever check made it, the same way, and moves those about a
// misspelt key's intended key to the misspelt key.
func Check(doc *plan.Document, run Run, ids RuleIDs) Result {
	c := checker{run: run, ids: ids}
	c.object(Schema, doc.Root, "")
	c.period(doc)
	c.approval(doc)
	return Result{Findings: c.findings, Misspelt: c.misspelt}
}

type checker struct {
	run      Run
	ids      RuleIDs
	findings []check.Finding
	misspelt []Misspelling
}

func (c *checker) add(level check.Level, path string, format string, args ...any) {
	c.findings = append(c.findings, check.Finding{Level: level, Path: path, Message: fmt.Sprintf(format, args...)})
}

// field finds a key's schema.
func (f *Field) field(name string) *Field {
	for _, s := range f.Fields {
		if s.Name == name {
			return s
		}
	}
	return nil
}

// object checks a mapping's keys against the schema.
func (c *checker) object(f *Field, n *plan.Node, path string) {
	c.keys(f, n, path, true)
	for _, s := range f.Fields {
		if !s.Required {
			continue
		}
		v := n.Get(s.Name)
		p := plan.JoinPath(path, s.Name)
		switch {
		case v == nil || v.Kind == plan.Null:
			c.add(check.Miss, p, "required key %s is missing", p)
		case v.Kind == plan.String && strings.TrimSpace(v.Text) == "":
			c.add(check.Miss, p, "required key %s is empty", p)
		}
	}
}

// keys reports a mapping's unknown and misspelt keys and, when values is
// set, checks the values of the keys it knows.
func (c *checker) keys(f *Field, n *plan.Node, path string, values bool) {
	for _, kv := range n.Fields {
		p := plan.JoinPath(path, kv.Key)
		if s := f.field(kv.Key); s != nil {
			if values {
				c.value(s, kv.Value, p)
			}
			continue
		}
		absent, present := nearKeys(kv.Key, f, n)
		switch {
		case absent != nil:
			c.add(check.Miss, p, "unknown key %s (did you mean %s? nothing under it is read)", code(kv.Key), code(absent.Name))
			c.misspelt = append(c.misspelt, Misspelling{
				Path: p, Key: kv.Key,
				Intended: plan.JoinPath(path, absent.Name), Want: absent.Name,
				Pos: kv.KeyPos,
			})
		case present != nil:
			c.add(check.Advice, p, "unknown key %s: plan format 1 does not read it (did you mean %s? the plan has that key too)", code(kv.Key), code(present.Name))
		default:
			c.add(check.Advice, p, "unknown key %s: plan format 1 does not read it", code(kv.Key))
		}
	}
}

// nearKeys finds the key the format defines in f that an unknown key is
// a near spelling of: the nearest that the mapping n lacks (the key is
// misspelt), else the nearest it has. A key is near a defined one when it
// differs only in case or in `-`, `_` and spaces, or when, lower-cased, it
// is within 1 edit of a defined key of up to 5 characters or 2 edits of a
// longer one (Distance: insertions, deletions, substitutions and swaps of
// adjacent characters). The first kind is nearer than any edit; between
// keys equally near, the format's order decides.
func nearKeys(key string, f *Field, n *plan.Node) (absent, present *Field) {
	lower, token := strings.ToLower(key), Token(key)
	bestAbsent, bestPresent := -1, -1
	for _, s := range f.Fields {
		d := 0
		if token != Token(s.Name) {
			limit := 2
			if utf8.RuneCountInString(s.Name) <= 5 {
				limit = 1
			}
			// The distance is at least the difference in length: spare
			// long keys the table.
			if diff := utf8.RuneCountInString(lower) - utf8.RuneCountInString(s.Name); diff > limit || -diff > limit {
				continue
			}
			if d = suggest.Distance(lower, s.Name); d > limit {
				continue
			}
		}
		if hasKey(n, s.Name) {
			if bestPresent < 0 || d < bestPresent {
				present, bestPresent = s, d
			}
		} else if bestAbsent < 0 || d < bestAbsent {
			absent, bestAbsent = s, d
		}
	}
	return absent, present
}

func hasKey(n *plan.Node, key string) bool {
	for _, kv := range n.Fields {
		if kv.Key == key {
			return true
		}
	}
	return false
}

// value checks one value; a null counts as absent, which only a required
// key's parent reports.
func (c *checker) value(f *Field, n *plan.Node, path string) {
	if n.Kind == plan.Null {
		return
	}
	wrong := func() {
		c.add(check.Miss, path, "%s should be %s, found %s", path, f.Type, describe(n))
	}
	switch f.Type {
	case Object:
		if n.Kind != plan.Map {
			wrong()
			return
		}
		c.object(f, n, path)
	case List:
		if n.Kind != plan.List {
			wrong()
			return
		}
		for i, it := range n.Items {
			p := plan.IndexPath(path, i)
			if path == "waivers" && it.Kind == plan.Map {
				// A waiver is judged whole: one finding says everything
				// that keeps it from waiving.
				c.keys(f.Items, it, p, false)
				c.waiver(it, p)
				continue
			}
			c.value(f.Items, it, p)
		}
	case Text:
		if n.Kind != plan.String {
			wrong()
			return
		}
		if len(f.Values) > 0 && !slices.ContainsFunc(f.Values, func(v string) bool { return Token(v) == Token(n.Text) }) {
			if s, ok := nearValue(n.Text, f.Values); ok {
				c.add(check.Advice, path, "%q is not a value plancheck lists here (did you mean %q?)", n.Text, s)
			}
		}
		if f.Evidence {
			c.evidence(n.Text, path)
		}
	case Integer:
		if n.Kind != plan.Number || !isInteger(n.Text) {
			wrong()
			return
		}
		if f.Const != "" && n.Text != f.Const {
			c.add(check.Miss, path, "%s must be %s, found %s", path, f.Const, n.Text)
		}
	case Number:
		if n.Kind != plan.Number {
			wrong()
		}
	case Boolean:
		if n.Kind != plan.Bool {
			wrong()
		}
	case Date:
		if n.Kind != plan.String {
			wrong()
			return
		}
		if _, ok := parseDate(n.Text); !ok {
			if datePattern.MatchString(n.Text) {
				c.add(check.Miss, path, "%s should be a date, but %q is not a day of the calendar", path, n.Text)
			} else {
				wrong()
			}
		}
	case Enum:
		if n.Kind != plan.String {
			wrong()
			return
		}
		if slices.Contains(f.Values, n.Text) {
			return
		}
		for _, v := range f.Values {
			if Token(v) == Token(n.Text) {
				c.add(check.Advice, path, "%s is %q, which plancheck reads as %q: write %q, the listed form", path, n.Text, v, v)
				return
			}
		}
		hint := ""
		if s, ok := nearValue(n.Text, f.Values); ok {
			hint = fmt.Sprintf(" (did you mean %q?)", s)
		}
		c.add(check.Miss, path, "%s is %q, not one of %s%s", path, n.Text, strings.Join(f.Values, ", "), hint)
	}
}

// nearValue finds the listed value that a value outside the list is a near
// spelling of. Compared as tokens (see Token), a listed value is near when
// it is within 1 edit of the value if it has up to 5 characters, or within
// 2 edits if longer (see suggest.Distance), and the two begin with the
// same character and end with the same character, one trailing "s" aside.
// The last condition keeps a different real value from being offered as a
// correction: words that differ at an end are other words ("biweekly" is
// not "weekly", "trimonthly" not "bimonthly", "month" not "monthly"), while
// a slip inside a word keeps its ends ("fortnighly", "montly", "hybird"),
// and a plural keeps its stem's ("medicine" for "medicines"). When two
// listed values are equally near, none is offered.
func nearValue(value string, listed []string) (string, bool) {
	t := Token(value)
	best, bestDist, tie := "", -1, false
	for _, v := range listed {
		u := Token(v)
		if !sameEnds(t, u) {
			continue
		}
		limit := 2
		if utf8.RuneCountInString(u) <= 5 {
			limit = 1
		}
		// The distance is at least the difference in length: a long value
		// is spared the table.
		if diff := utf8.RuneCountInString(t) - utf8.RuneCountInString(u); diff > limit || -diff > limit {
			continue
		}
		d := suggest.Distance(t, u)
		switch {
		case d > limit:
		case bestDist < 0 || d < bestDist:
			best, bestDist, tie = v, d, false
		case d == bestDist:
			tie = true
		}
	}
	return best, bestDist >= 0 && !tie
}

// sameEnds tells whether two tokens begin with the same character and end
// with the same character, a trailing "s" on either left out.
func sameEnds(a, b string) bool {
	a, b = strings.TrimSuffix(a, "s"), strings.TrimSuffix(b, "s")
	if a == "" || b == "" {
		return false
	}
	first := func(s string) rune { r, _ := utf8.DecodeRuneInString(s); return r }
	last := func(s string) rune { r, _ := utf8.DecodeLastRuneInString(s); return r }
	return first(a) == first(b) && last(a) == last(b)
}

var datePattern = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)

// parseDate reads a date as the format writes it: YYYY-MM-DD, a day of
// the calendar from 0001-01-01 to 9999-12-31.
func parseDate(s string) (time.Time, bool) {
	if !datePattern.MatchString(s) {
		return time.Time{}, false
	}
	t, err := time.Parse(time.DateOnly, s)
	// The calendar has no year 0, although time.Parse reads one.
	if err != nil || t.Year() < 1 {
		return time.Time{}, false
	}
	return t, true
}

// period checks that the plan ends after it starts, when both are dates.
func (c *checker) period(doc *plan.Document) {
	p := doc.Root.Get("plan").Get("period")
	start, end := p.Get("start"), p.Get("end")
	if start == nil || end == nil || start.Kind != plan.String || end.Kind != plan.String {
		return
	}
	s, ok1 := parseDate(start.Text)
	e, ok2 := parseDate(end.Text)
	if !ok1 || !ok2 || e.After(s) {
		return
	}
	c.add(check.Miss, "plan.period.end", "the plan period ends on %s, which is not after its start on %s", end.Text, start.Text)
}

// approval tells a plan approved after today that it is not approved yet:
// its plan date, that recent evidence is judged against, is today.
func (c *checker) approval(doc *plan.Document) {
	d := doc.Root.Get("plan").Get("approved").Get("date")
	if d == nil || d.Kind != plan.String {
		return
	}
	approved, ok1 := parseDate(d.Text)
	today, ok2 := parseDate(c.run.Today)
	if !ok1 || !ok2 || !approved.After(today) {
		return
	}
	c.add(check.Advice, "plan.approved.date", "the plan is approved on %s, after today (%s): it is not approved yet, so recent evidence is judged against today", d.Text, c.run.Today)
}

// waiver checks that a waiver is complete: a recommendation that can be
// waived, a reason, who approved it and an expiry date. An incomplete
// waiver waives nothing, and is one finding that says all it lacks, at
// the first thing it lacks.
func (c *checker) waiver(w *plan.Node, path string) {
	var at string
	var problems []string
	lacks := func(key, problem string, args ...any) {
		if at == "" {
			at = plan.JoinPath(path, key)
		}
		problems = append(problems, fmt.Sprintf(problem, args...))
	}
	subject := "this waiver"
	switch id := w.Get("recommendation"); {
	case blank(id):
		lacks("recommendation", "it names no recommendation")
	case id.Kind != plan.String:
		lacks("recommendation", "it names %s, not a recommendation id", describe(id))
	default:
		subject = "the waiver for " + code(id.Text)
		switch {
		case slices.Contains(c.ids.Fixed, id.Text):
			lacks("recommendation", "%s cannot be waived", code(id.Text))
		case !slices.Contains(c.ids.Waivable, id.Text):
			lacks("recommendation", "%s is not a recommendation id (see plancheck rules)", code(id.Text))
		}
	}
	for _, f := range []struct{ key, what string }{{"reason", "a reason"}, {"approved_by", "who approved it"}} {
		switch v := w.Get(f.key); {
		case blank(v):
			lacks(f.key, "it does not give %s", f.what)
		case v.Kind != plan.String:
			lacks(f.key, "%s should be text, found %s", f.key, describe(v))
		}
	}
	switch v := w.Get("expires"); {
	case blank(v):
		lacks("expires", "it has no expiry date")
	case v.Kind != plan.String:
		lacks("expires", "its expiry date should be a date (YYYY-MM-DD), found %s", describe(v))
	default:
		if _, ok := parseDate(v.Text); !ok {
			lacks("expires", "its expiry date should be a date (YYYY-MM-DD), found %s", describe(v))
		}
	}
	if len(problems) > 0 {
		c.add(check.Miss, at, "%s is incomplete, so it waives nothing: %s", subject, strings.Join(problems, "; "))
	}
}

// blank tells whether a value is absent: missing, null or blank text.
func blank(n *plan.Node) bool {
	return n == nil || n.Kind == plan.Null || (n.Kind == plan.String && strings.TrimSpace(n.Text) == "")
}

// schemePattern matches a URL scheme. A single letter before the colon is
// a Windows drive (C:\docs), not a scheme.
var schemePattern = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]+:`)

// extensionPattern matches a file extension of 1 to 5 letters.
var extensionPattern = regexp.MustCompile(`\.[A-Za-z]{1,5}$`)

// LooksLikeFile tells whether an evidence reference names a file, which
// must then exist: it has no URL scheme, no white space, does not start
// with "www." and ends in an extension of 1 to 5 letters. Addresses,
// reference codes (IG/DPIA/2025/017) and free text are not files.
func LooksLikeFile(ref string) bool {
	return ref != "" &&
		!schemePattern.MatchString(ref) &&
		!strings.HasPrefix(strings.ToLower(ref), "www.") &&
		!strings.ContainsFunc(ref, unicode.IsSpace) &&
		extensionPattern.MatchString(ref)
}

// IsAbs tells whether a file name, with `/` separators, is absolute on
// some system: it starts with `/` or with a drive letter (C:/docs).
func IsAbs(name string) bool {
	return strings.HasPrefix(name, "/") ||
		(len(name) >= 3 && name[1] == ':' && name[2] == '/' && (name[0]|0x20 >= 'a' && name[0]|0x20 <= 'z'))
}

// evidence checks that a reference that names a file names one that
// exists: a relative name in the evidence folder, an absolute one as it
// is. `\` counts as `/`, so that plans written on Windows read the same.
func (c *checker) evidence(ref, at string) {
	ev := c.run.Evidence
	if !ev.Checked || ev.Exists == nil || !LooksLikeFile(ref) {
		return
	}
	name := strings.ReplaceAll(ref, `\`, "/")
	if IsAbs(name) {
		if !ev.Exists(name) {
			c.add(check.Miss, at, "evidence %s not found", code(ref))
		}
		return
	}
	root := ev.Root
	if root == "" {
		root = "."
	}
	if ev.Exists(path.Join(root, name)) {
		return
	}
	where := root
	if path.Clean(root) == "." {
		where = "the working folder"
	}
	c.add(check.Miss, at, "evidence %s not found (looked in %s)", code(ref), safetext.Clean(where))
}

func isInteger(num string) bool {
	r, ok := new(big.Rat).SetString(num)
	return ok && r.IsInt()
}

// code shows a key or a value from a plan between backticks, as the
// format's messages do; text that holds a backtick or a character that
// must not reach a terminal is quoted and escaped instead.
func code(s string) string {
	if strings.ContainsRune(s, '`') || safetext.HasUnsafe(s, false) {
		return strconv.Quote(s)
	}
	return "`" + s + "`"
}

// describe names a value for a message, quoting text so that nothing a
// plan holds can reach a terminal unescaped.
func describe(n *plan.Node) string {
	switch n.Kind {
	case plan.String:
		s := n.Text
		if r := []rune(s); len(r) > 60 {
			s = string(r[:57]) + "..."
		}
		return fmt.Sprintf("text %q", s)
	case plan.Number:
		return "the number " + n.Text
	case plan.Bool:
		return n.Text
	case plan.Map:
		return "a mapping"
	case plan.List:
		switch len(n.Items) {
		case 0:
			return "an empty list"
		case 1:
			return "a list of 1 entry"
		}
		return fmt.Sprintf("a list of %d entries", len(n.Items))
	}
	return n.Kind.String()
}
