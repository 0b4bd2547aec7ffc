package loader

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/plancheck/plancheck/internal/plan"
	"github.com/plancheck/plancheck/internal/planschema"
)

// same reports whether two trees hold the same values, ignoring positions
// and the order of mapping keys.
func same(a, b *plan.Node) bool {
	if a.Kind != b.Kind || a.Text != b.Text || len(a.Fields) != len(b.Fields) || len(a.Items) != len(b.Items) {
		return false
	}
	for _, f := range a.Fields {
		o := b.Get(f.Key)
		if o == nil || !same(f.Value, o) {
			return false
		}
	}
	for i := range a.Items {
		if !same(a.Items[i], b.Items[i]) {
			return false
		}
	}
	return true
}

func load(t *testing.T, name string) *plan.Document {
	t.Helper()
	d, err := Loader{}.LoadFile(name)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return d
}

func TestThreeFormatsHoldTheSameTree(t *testing.T) {
	y := load(t, "../../fixtures/plans/northshire.yaml")
	for _, name := range []string{"../../fixtures/plans/northshire.json", "../../fixtures/plans/northshire.toml"} {
		if d := load(t, name); !same(y.Root, d.Root) {
			t.Errorf("%s does not hold the same plan as northshire.yaml", name)
		}
	}
	if got := y.Root.Get("funding").Get("total_gbp").Text; got != "12500000" {
		t.Errorf("total_gbp = %q", got)
	}
	if got := y.Root.Get("plan").Get("period").Get("start"); got.Kind != plan.String || got.Text != "2026-04-01" {
		t.Errorf("a YAML date should stay the text written, got %v %q", got.Kind, got.Text)
	}
}

// lineOf finds the 1-based line and column where text first appears.
func lineOf(t *testing.T, file, text string, nth int) plan.Pos {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for i, line := range strings.Split(string(data), "\n") {
		if c := strings.Index(line, text); c >= 0 {
			if nth--; nth < 0 {
				return plan.Pos{Line: i + 1, Column: len([]rune(line[:c])) + 1}
			}
		}
	}
	t.Fatalf("%q not in %s", text, file)
	return plan.Pos{}
}

func TestLocateFindsKeysInEachFormat(t *testing.T) {
	cases := []struct {
		path string
		// the text of the key as written in yaml, json, toml, and which
		// occurrence of it (0 = first) the path means
		yaml, json, toml string
		yn, jn, tn       int
	}{
		{"governance.owner.role", "role:", `"role"`, "role =", 0, 0, 0},
		{"waivers[0].expires", "expires:", `"expires"`, "expires =", 0, 0, 0},
		{"legacy.systems[0].by", "by:", `"by"`, "by =", 3, 3, 3},
		{"funding.total_gbp", "total_gbp", `"total_gbp"`, "total_gbp", 0, 0, 0},
		{"objectives[0].metric", "metric:", `"metric"`, "metric =", 0, 0, 0},
		// an absent key points at its nearest existing ancestor
		{"governance.owner.email", "owner:", `"owner"`, "owner =", 0, 0, 0},
	}
	for _, format := range []string{"yaml", "json", "toml"} {
		file := "../../fixtures/plans/northshire." + format
		d := load(t, file)
		for _, c := range cases {
			text, n := c.yaml, c.yn
			switch format {
			case "json":
				text, n = c.json, c.jn
			case "toml":
				text, n = c.toml, c.tn
			}
			want := lineOf(t, file, text, n)
			if got := d.Locate(c.path); got != want {
				t.Errorf("%s: Locate(%q) = %v, want %v", format, c.path, got, want)
			}
		}
		if got := d.Locate("no_such_section.x"); got != (plan.Pos{Line: 1, Column: 1}) && format != "toml" {
			t.Errorf("%s: an absent top-level key should point at the top, got %v", format, got)
		}
	}
}

// TestYAMLIndentationMistakes gives the mistakes of indentation and
// punctuation a person makes in a plan: each is placed at the line of the
// mistake, not where the YAML library gave up, and said in plain words.
func TestYAMLIndentationMistakes(t *testing.T) {
	const top = "plancheck: 1\ngovernance:\n"
	cases := []struct {
		name, text string
		line, col  int
		message    string
	}{
		{"a key one space too far", top + "  owner:\n    name: X\n     role: Y\n", 5, 6,
			"`role` at line 5 column 6 is indented differently from `name` at line 4 column 5: keys of one mapping line up"},
		{"a key one space too far after a value", top + "  owner: X\n   board: Y\n", 4, 4,
			"`board` at line 4 column 4 is indented differently from `owner` at line 3 column 3: keys of one mapping line up"},
		{"a key one space too little", top + "  owner:\n    name: X\n   role: Y\n", 5, 4,
			"`role` at line 5 column 4 is indented differently from `name` at line 4 column 5: keys of one mapping line up"},
		{"a key between two levels", top + "  owner:\n    name: X\n    role: Y\n board: z\n", 6, 2,
			"`board` at line 6 column 2 is indented differently from `owner` at line 3 column 3"},
		{"a key after a value on its own line", "plancheck: 1\norganisation:\n  name:\n    Northshire\n   type: trust\n", 5, 4,
			"`type` at line 5 column 4 is indented differently from `name` at line 3 column 3"},
		{"the first key of a mapping one space too far", "plancheck: 1\norganisation:\n   name: X\n  code: QXX\n  type: icb\nplan: {}\n", 3, 4,
			"`name` at line 3 column 4 is indented differently from `code` at line 4 column 3 and the lines below it: keys of one mapping line up"},
		{"a key in a list item", "plancheck: 1\nlist:\n  - a: 1\n    b: 2\n  - a: 3\n     b: 4\n", 6, 6,
			"`b` at line 6 column 6 is indented differently from `a` at line 5 column 5"},
		{"a key after a block text", "plancheck: 1\nnotes: |\n  some: text\n   more\nplan:\n  title: x\n   period: 3\n", 7, 4,
			"`period` at line 7 column 4 is indented differently from `title` at line 6 column 3"},
		{"a missing colon before a block", top + "  owner\n    name: X\n", 3, 3,
			"`owner` at line 3 column 3 is not a key: a key is followed by ':', as in `owner:`"},
		{"a missing colon before a value", "plancheck: 1\nplan:\n  title Foo\n  period: x\n", 3, 3,
			"`title Foo` at line 3 column 3 is not a key: a key is followed by ':', as in `title: Foo`"},
		{"a missing colon at the end", "plancheck: 1\nplan:\n  title: Foo\n  period\n", 4, 3,
			"`period` at line 4 column 3 is not a key"},
		{"a value in line with its key", "plancheck: 1\norganisation:\n  name:\n  Northshire\n  type: trust\n", 4, 3,
			"`Northshire` at line 4 column 3 lines up with `name` at line 3 column 3, whose value it seems to be"},
		{"a value further out than its key", "plancheck: 1\norganisation:\n  name:\n Northshire\n  type: trust\n", 4, 2,
			"`Northshire` at line 4 column 2 is indented less than `name` at line 3 column 3, whose value it seems to be"},
		{"a colon in a value", "plancheck: 1\nplan:\n  title: Plan: 2026\n", 3, 14,
			"the value of `title` holds ': ', which YAML reads as the start of another key: put the value in quotes"},
		// Not modelled: the library's place, in plain words.
		{"a list item among keys", "plancheck: 1\nplan:\n  title: x\n  - y\n", 4, 3, "this line is not in line with the keys above it"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Loader{}.Parse("plan.yaml", []byte(c.text))
			e, ok := err.(*Error)
			if !ok {
				t.Fatalf("want *Error, got %v", err)
			}
			if e.Line != c.line || e.Column != c.col || !strings.Contains(e.Message, c.message) {
				t.Errorf("got %v, want plan.yaml:%d:%d: …%s…", e, c.line, c.col, c.message)
			}
		})
	}
}

// TestYAMLIndentationReadingOfGoodFiles reads the project's own YAML as if
// the library had stopped at each of its lines: the reading finds no
// mistake in any, so that it never blames a good line near a real one.
func TestYAMLIndentationReadingOfGoodFiles(t *testing.T) {
	files, _ := filepath.Glob("../../fixtures/plans/*.yaml")
	files = append(files, "../../policies/vocabulary.yaml", "../../action.yml", "../../.pre-commit-hooks.yaml", "../../.regal/config.yaml")
	texts := map[string][]byte{"the init template": []byte(planschema.Template("trust", "2026-11-21", true))}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts[f] = data
	}
	for name, data := range texts {
		for mark := 1; mark <= strings.Count(string(data), "\n")+1; mark++ {
			if e := indentProblem(data, mark, 0); e != nil {
				t.Errorf("%s, stopped at line %d: %v", name, mark, e)
				break
			}
		}
	}
}

func TestBadInputIsAPositionedError(t *testing.T) {
	cases := []struct {
		name, format, text string
		line, col          int
		message            string
	}{
		{"tab indent", "yaml", "plan:\n\ttitle: x\n", 2, 1, "tab character used for indentation"},
		{"bad yaml", "yaml", "plan:\n  title: [x\n", 3, 1, "did not find expected"},
		{"duplicate yaml key", "yaml", "plan:\n  title: a\n  title: b\n", 3, 3, `duplicate key "title" (first at line 2)`},
		{"two documents", "yaml", "plancheck: 1\n---\nplancheck: 1\n", 2, 1, "more than one YAML document"},
		{"only comments", "yaml", "# nothing\n# here\n", 1, 1, "only comments"},
		{"empty", "yaml", "\n  \n", 1, 1, "the file is empty"},
		{"top level list", "yaml", "- a\n- b\n", 1, 1, "must be a mapping of keys, not a list"},
		{"trailing comma", "json", "{\n  \"a\": 1,\n}\n", 3, 1, "trailing comma before }"},
		{"missing comma", "json", "{\"a\": 1\n \"b\": 2}", 2, 2, "missing comma"},
		{"duplicate json key", "json", "{\"a\": 1,\n \"a\": 2}", 2, 2, `duplicate key "a" (first at line 1)`},
		{"unclosed json", "json", "{\"a\": [1, 2", 1, 12, "unexpected end of file"},
		{"json comment", "json", "{\n // hi\n \"a\": 1}", 2, 2, "JSON does not allow comments"},
		{"json comment first", "json", "# plan\n{}", 1, 1, "JSON does not allow comments"},
		{"json text after the end", "json", "{}\nx", 2, 1, "unexpected text after the end"},
		{"json top scalar", "json", "42", 1, 1, "not a number"},
		{"toml duplicate", "toml", "a = 1\na = 2\n", 2, 1, `duplicate key "a" (first at line 1)`},
		{"toml duplicate in a table", "toml", "x = 1\n[org]\nname = 1\nname = 2\n", 4, 1, `duplicate key "name" (first at line 3)`},
		{"toml duplicate dotted", "toml", "a.b = 1\na.b = 2\n", 2, 1, `duplicate key "b" (first at line 1)`},
		{"toml duplicate inline", "toml", "x = {a = 1, a = 2}\n", 1, 1, `duplicate key "a" (first at line 1)`},
		{"toml table twice", "toml", "[a]\nx = 1\n[a]\ny = 2\n", 3, 2, "table [a] is defined twice (first at line 1)"},
		{"toml table with a dot twice", "toml", "[\"a.b\"]\nx = 1\n[\"a.b\"]\n", 3, 2, `table ["a.b"] is defined twice (first at line 1)`},
		{"toml table in an array table twice", "toml", "[[s]]\n[s.t]\nx = 1\n[s.t]\n", 4, 2, "table [s.t] is defined twice (first at line 2)"},
		{"toml duplicate in an array table", "toml", "[[s]]\nn = 1\n[[s]]\nn = 2\nn = 3\n", 5, 1, `duplicate key "n" (first at line 4)`},
		{"toml syntax", "toml", "a = \n", 1, 5, ""},
		{"toml only comments", "toml", "# x\n", 1, 1, "only comments"},
		{"binary", "yaml", "a: 1\x00\n", 1, 5, "binary file"},
		{"utf-16 without a byte-order mark", "yaml", "a\x00:\x00 \x001\x00", 1, 1, "the file is UTF-16 text, not UTF-8"},
		{"utf-16 big-endian without a byte-order mark", "toml", "\x00a\x00=\x001", 1, 1, "the file is UTF-16 text, not UTF-8"},
		{"utf-32 with a byte-order mark", "json", "\xff\xfe\x00\x00{\x00\x00\x00}\x00\x00\x00", 1, 1, "the file is UTF-32 text, not UTF-8"},
		{"NUL beside text is binary", "yaml", "\x00\x00a: 1\n", 1, 1, "binary file"},
		{"line separator", "yaml", "a: 1\u2028 b: 2\n", 2, 2, "`b` at line 2 column 2 is indented differently from `a` at line 1 column 1"},
		{"not utf-8", "yaml", "a: caf\xe9\n", 1, 7, "not UTF-8"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, _ := plan.ParseSyntax(c.format)
			_, err := Loader{Syntax: f}.Parse("plan."+c.format, []byte(c.text))
			e, ok := err.(*Error)
			if !ok {
				t.Fatalf("want *Error, got %v", err)
			}
			if e.Line != c.line || e.Column != c.col || !strings.Contains(e.Message, c.message) {
				t.Errorf("got %v, want plan.%s:%d:%d: …%s…", e, c.format, c.line, c.col, c.message)
			}
			if !strings.HasPrefix(e.Error(), "plan."+c.format+":") {
				t.Errorf("error does not start with the file name: %v", e)
			}
		})
	}
}

func TestAcceptsBOMAndCRLF(t *testing.T) {
	text := "\xEF\xBB\xBFplancheck: 1\r\nplan:\r\n  title: x\r\n"
	d, err := Loader{}.Parse("p.yaml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	if got := d.Root.Get("plan").Get("title").Text; got != "x" {
		t.Errorf("title = %q", got)
	}
	if got := d.Locate("plan.title"); got != (plan.Pos{Line: 3, Column: 3}) {
		t.Errorf("plan.title at %v", got)
	}
	if _, err := (Loader{Syntax: plan.JSON}).Parse("p.json", []byte("\xEF\xBB\xBF{\"a\": 1}\r\n")); err != nil {
		t.Errorf("JSON with BOM and CRLF: %v", err)
	}
}

func TestYAMLAliasesAndMergeKeys(t *testing.T) {
	text := "defaults: &d {meets: monthly, name: Board}\ngovernance:\n  board:\n    <<: *d\n    name: Digital Board\n"
	d, err := Loader{}.Parse("p.yaml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	board := d.Root.Get("governance").Get("board")
	if board.Get("name").Text != "Digital Board" || board.Get("meets").Text != "monthly" {
		t.Errorf("merge: got name=%q meets=%q", board.Get("name").Text, board.Get("meets").Text)
	}
}

func TestLimits(t *testing.T) {
	laughs := "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
	prev := "a"
	for _, n := range []string{"b", "c", "d", "e", "f", "g", "h"} {
		laughs += n + ": &" + n + " [*" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + "]\n"
		prev = n
	}
	deepJSON := strings.Repeat("[", 300) + strings.Repeat("]", 300)
	deepTOML := "a = " + strings.Repeat("[", 300) + strings.Repeat("]", 300) + "\n"
	cases := []struct {
		name, format, text, message string
	}{
		{"billion laughs", "yaml", laughs, "expands to more than"},
		{"deep yaml", "yaml", "a: " + deepJSON + "\n", "deeper than 200"},
		{"deep json", "json", "{\"a\": " + deepJSON + "}", "deeper than 200"},
		{"deep toml", "toml", deepTOML, "deeper than 200"},
		{"long yaml list", "yaml", "a: [" + strings.Repeat("1,", 300_000) + "1]\n", "too large to be a plan"},
		{"long toml list", "toml", "a = [" + strings.Repeat("1,", 300_000) + "1]\n", "too large to be a plan"},
		{"long json list", "json", `{"a": [` + strings.Repeat("1,", 300_000) + "1]}", "holds more than"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, _ := plan.ParseSyntax(c.format)
			_, err := Loader{Syntax: f, Limits: Limits{MaxNodes: 100_000}}.Parse("p", []byte(c.text))
			if err == nil || !strings.Contains(err.Error(), c.message) {
				t.Errorf("got %v, want …%s…", err, c.message)
			}
		})
	}
}

func TestFileLimitsAndFormats(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.yaml")
	if err := os.WriteFile(big, []byte("a: "+strings.Repeat("x", 2000)+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Loader{Limits: Limits{MaxFileSize: 1024}}.LoadFile(big)
	if err == nil || !strings.Contains(err.Error(), "larger than the limit of 1.0 KiB") {
		t.Errorf("large file: %v", err)
	}
	txt := filepath.Join(dir, "plan.txt")
	os.WriteFile(txt, []byte("a: 1\n"), 0o644)
	if _, err := (Loader{}).LoadFile(txt); err == nil || !strings.Contains(err.Error(), "cannot tell the format") {
		t.Errorf("unknown extension: %v", err)
	}
	if _, err := (Loader{Syntax: plan.YAML}).LoadFile(txt); err != nil {
		t.Errorf("an explicit format should read any file: %v", err)
	}
	if _, err := (Loader{}).LoadReader("<stdin>", strings.NewReader(`{"plancheck": 1}`)); err != nil {
		t.Errorf("stdin as YAML: %v", err)
	}
}

func TestExpandWalksFoldersInOrder(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"b.yaml", "a.json", "sub/c.toml", "sub/notes.md", ".git/x.yaml", "d.YML", ".plancheck.yaml", "sub/.hidden.json"} {
		p := filepath.Join(dir, f)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte("a: 1\n"), 0o644)
	}
	files, errs := Expand("", []string{dir, filepath.Join(dir, "b.yaml"), filepath.Join(dir, "missing.yaml")})
	var rel []string
	for _, f := range files {
		r, _ := filepath.Rel(dir, f)
		rel = append(rel, filepath.ToSlash(r))
	}
	if got := strings.Join(rel, " "); got != "a.json b.yaml d.YML sub/c.toml" {
		t.Errorf("files = %s", got)
	}
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "missing.yaml: no such file or folder") {
		t.Errorf("errs = %v", errs)
	}
}

// TestNumbersReadTheSameInEveryFormat checks that a number means the same
// whatever the format, and that numbers no plan needs stay text.
func TestNumbersReadTheSameInEveryFormat(t *testing.T) {
	cases := []struct {
		yaml, json, toml string
		kind             plan.Kind
		text             string
	}{
		{"1", "1", "1", plan.Number, "1"},
		{"1.0", "1.0", "1.0", plan.Number, "1"},
		{"12_500_000", "12500000", "12_500_000", plan.Number, "12500000"},
		{"3.5", "3.5", "3.5", plan.Number, "3.5"},
		{"1e3", "1e3", "1e3", plan.Number, "1000"},
		{"0x10", "16", "0x10", plan.Number, "16"},
		{"1e400", "1e400", "", plan.String, "1e400"},
		{strings.Repeat("9", 50), strings.Repeat("9", 50), "", plan.String, strings.Repeat("9", 50)},
	}
	for _, c := range cases {
		for _, f := range []struct {
			format plan.Syntax
			text   string
		}{{plan.YAML, "a: " + c.yaml}, {plan.JSON, `{"a": ` + c.json + `}`}, {plan.TOML, "a = " + c.toml}} {
			if strings.HasSuffix(f.text, "= ") {
				continue // TOML refuses numbers it cannot hold
			}
			doc, err := Loader{Syntax: f.format}.Parse("p", []byte(f.text))
			if err != nil {
				t.Errorf("%s %q: %v", f.format, f.text, err)
				continue
			}
			if n := doc.Root.Get("a"); n.Kind != c.kind || n.Text != c.text {
				t.Errorf("%s %q: %v %q, want %v %q", f.format, f.text, n.Kind, n.Text, c.kind, c.text)
			}
		}
	}
}

func TestColumnsOnOneLongLine(t *testing.T) {
	text := `{"café": "é", "b": [1, {"c": "ü"}], "d": 2}`
	doc, err := Loader{Syntax: plan.JSON}.Parse("p.json", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]plan.Pos{"café": {Line: 1, Column: 2}, "b": {Line: 1, Column: 15}, "b[1].c": {Line: 1, Column: 25}, "d": {Line: 1, Column: 37}}
	for path, pos := range want {
		if got := doc.Locate(path); got != pos {
			t.Errorf("%s at %v, want %v", path, got, pos)
		}
	}
	// TOML counts characters too, as the other formats do.
	doc, err = Loader{Syntax: plan.TOML}.Parse("p.toml", []byte(`a = { "café" = "é", d = 2 }`))
	if err != nil {
		t.Fatal(err)
	}
	if got := doc.Locate("a.d"); got != (plan.Pos{Line: 1, Column: 21}) {
		t.Errorf("TOML a.d at %v, want 1:21", got)
	}
}

// TestLargeTOMLLoadsQuickly loads a 4 MB TOML plan: its positions are
// found in one pass (they once took the square of the size, 25 s here),
// and the last key is still placed right.
func TestLargeTOMLLoadsQuickly(t *testing.T) {
	data := bigTOML(4 << 20)
	start := time.Now()
	doc, err := Loader{Syntax: plan.TOML, Limits: Limits{MaxNodes: 1_000_000}}.Parse("big.toml", data)
	if err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("a 4 MB TOML plan took %v to load", took)
	}
	objectives := doc.Root.Get("objectives").Items
	last := fmt.Sprintf("objectives[%d].description", len(objectives)-1)
	lines := strings.Split(string(data), "\n")
	want := plan.Pos{Line: len(lines) - 1, Column: 1}
	if !strings.HasPrefix(lines[want.Line-1], "description = ") {
		t.Fatalf("the generated plan does not end with a description: %q", lines[want.Line-1])
	}
	if got := doc.Locate(last); got != want {
		t.Errorf("Locate(%q) = %v, want %v", last, got, want)
	}
}

// TestTOMLKeysHoldingAnyCharacter writes keys with a NUL, a dot and
// brackets beside the real keys they could be mistaken for: every key is
// placed where it is written, as in the same plan in YAML.
func TestTOMLKeysHoldingAnyCharacter(t *testing.T) {
	tomlText := `plancheck = 1
"plan\u0000title" = "decoy"
"objectives\u0000#0" = "decoy"
"plan.period" = "decoy"
"objectives[0]" = { "name" = "decoy" }
objectives = [{ name = "O" }]
[plan]
title = "T"
period = { start = 2026-01-01, end = 2026-12-31 }
`
	yamlText := `plancheck: 1
"plan\0title": decoy
"objectives\0#0": decoy
"plan.period": decoy
"objectives[0]": {"name": decoy}
objectives: [{name: O}]
plan:
  title: T
  period: {start: 2026-01-01, end: 2026-12-31}
`
	tdoc, err := Loader{Syntax: plan.TOML}.Parse("p.toml", []byte(tomlText))
	if err != nil {
		t.Fatal(err)
	}
	ydoc, err := Loader{Syntax: plan.YAML}.Parse("p.yaml", []byte(yamlText))
	if err != nil {
		t.Fatal(err)
	}
	if !same(tdoc.Root, ydoc.Root) {
		t.Fatal("the TOML and YAML plans differ")
	}
	for _, path := range []string{"plan.title", "plan.period", "objectives[0]", "objectives[0].name", "plan\x00title"} {
		if got, want := tdoc.Locate(path).Line, ydoc.Locate(path).Line; got != want {
			t.Errorf("Locate(%q): TOML line %d, YAML line %d", path, got, want)
		}
	}
	// Keys a dotted path cannot name are compared field by field.
	var walk func(tn, yn *plan.Node, at string)
	walk = func(tn, yn *plan.Node, at string) {
		for _, yf := range yn.Fields {
			tf := fieldOf(tn, yf.Key)
			if tf == nil {
				t.Errorf("%s: no key %q in TOML", at, yf.Key)
				continue
			}
			if tf.KeyPos.Line != yf.KeyPos.Line {
				t.Errorf("%s: key %q on TOML line %d, YAML line %d", at, yf.Key, tf.KeyPos.Line, yf.KeyPos.Line)
			}
			walk(tf.Value, yf.Value, at+"/"+yf.Key)
		}
		for i := range yn.Items {
			item := fmt.Sprintf("%s[%d]", at, i)
			if tn.Items[i].Pos.Line != yn.Items[i].Pos.Line {
				t.Errorf("%s: on TOML line %d, YAML line %d", item, tn.Items[i].Pos.Line, yn.Items[i].Pos.Line)
			}
			walk(tn.Items[i], yn.Items[i], item)
		}
	}
	walk(tdoc.Root, ydoc.Root, "")
}

func fieldOf(n *plan.Node, key string) *plan.Field {
	for i := range n.Fields {
		if n.Fields[i].Key == key {
			return &n.Fields[i]
		}
	}
	return nil
}

// TestYAMLAliasesCopyBoundedText repeats a long string by alias, as a
// value, as a key and inside a mapping: the text aliases copy may not
// pass the file size limit, and the refusal points at the alias that
// passes it.
func TestYAMLAliasesCopyBoundedText(t *testing.T) {
	long := strings.Repeat("A", 1024)
	repeat := func(item string, n int) string { return strings.Repeat("  - "+item+"\n", n) }
	cases := []struct {
		name, text string
		line, col  int // 0: accepted
	}{
		{"values within the limit", "x: &n " + long + "\nl:\n" + repeat("*n", 8), 0, 0},
		{"values", "x: &n " + long + "\nl:\n" + repeat("*n", 9), 11, 5},
		{"keys", "x: &n " + long + "\nl:\n" + repeat("{*n : 1}", 9), 11, 6},
		// the key "a" is copied too: eight copies pass 8 KiB
		{"inside a mapping", "x: &m {a: " + long + "}\nl:\n" + repeat("*m", 8), 10, 5},
		// y's own aliases copy 3 KiB, and each *m 3 KiB more
		{"inside a nested alias", "x: &n " + long + "\ny: &m [*n, *n, *n]\nl:\n" + repeat("*m", 2), 5, 5},
		{"by merge keys", "x: &m {a: " + long + "}\nl:\n" + repeat("{<<: *m}", 8), 10, 10},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Loader{Limits: Limits{MaxFileSize: 8 << 10}}.Parse("p.yaml", []byte(c.text))
			if c.line == 0 {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			e, ok := err.(*Error)
			if !ok {
				t.Fatalf("want *Error, got %v", err)
			}
			want := "YAML aliases copy more than 8.0 KiB of text into the plan"
			if e.Line != c.line || e.Column != c.col || !strings.Contains(e.Message, want) {
				t.Errorf("got %v, want p.yaml:%d:%d: %s…", e, c.line, c.col, want)
			}
		})
	}
}

// TestExpandFollowsLinksItIsGiven names links to a folder, one of them
// called x.yaml: each is walked as the folder, while links to folders met
// inside a walk are passed over, whatever their name.
func TestExpandFollowsLinksItIsGiven(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"real/a.yaml", "real/sub/b.json", "other/c.yaml"} {
		p := filepath.Join(dir, f)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("a: 1\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for link, target := range map[string]string{
		"linkdir":           "real",
		"x.yaml":            "real",
		"real/inner":        "../other",
		"real/looped.yaml":  ".",
		"real/linked.yaml":  "a.yaml",
		"real/dangling.yml": "missing",
	} {
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Skipf("cannot make links here: %v", err)
		}
	}
	want := map[string]string{
		"linkdir":  "linkdir/a.yaml linkdir/dangling.yml linkdir/linked.yaml linkdir/sub/b.json",
		"linkdir/": "linkdir/a.yaml linkdir/dangling.yml linkdir/linked.yaml linkdir/sub/b.json",
		"x.yaml":   "x.yaml/a.yaml x.yaml/dangling.yml x.yaml/linked.yaml x.yaml/sub/b.json",
		"real":     "real/a.yaml real/dangling.yml real/linked.yaml real/sub/b.json",
	}
	for root, files := range want {
		got, errs := Expand(dir, []string{root})
		if strings.Join(got, " ") != files || len(errs) != 0 {
			t.Errorf("Expand(%s) = %s, %v; want %s", root, strings.Join(got, " "), errs, files)
		}
	}
	if _, err := (Loader{Dir: dir}).LoadFile("linkdir/linked.yaml"); err != nil {
		t.Errorf("a link to a plan: %v", err)
	}
	loop := filepath.Join(dir, "loop")
	if err := os.Symlink("loop", loop); err != nil {
		t.Fatal(err)
	}
	if files, errs := Expand(dir, []string{"loop"}); len(files) != 0 || len(errs) != 1 || !strings.Contains(errs[0].Error(), "loop: too many levels of symbolic links") {
		t.Errorf("a link to itself: %v, %v", files, errs)
	}
}

// TestKeySpansInEachFormat checks the end the document gives each key of
// the example plan, in the three syntaxes: the span from the key's
// position to its end is the key as written (quoted in JSON), and a
// string item of a list spans the item.
func TestKeySpansInEachFormat(t *testing.T) {
	for _, format := range []string{"yaml", "json", "toml"} {
		file := "../../fixtures/plans/northshire." + format
		d := load(t, file)
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(string(data), "\n")
		span := func(from, to plan.Pos) string {
			if from.Line != to.Line || from.Line < 1 || from.Line > len(lines) {
				t.Fatalf("%s: a span over lines: %v to %v", format, from, to)
			}
			r := []rune(lines[from.Line-1])
			if to.Column-1 > len(r) || from.Column >= to.Column {
				t.Fatalf("%s: span %v to %v outside line %q", format, from, to, lines[from.Line-1])
			}
			return string(r[from.Column-1 : to.Column-1])
		}
		keys, items := 0, 0
		var walk func(n *plan.Node)
		walk = func(n *plan.Node) {
			for _, f := range n.Fields {
				got := span(f.KeyPos, d.End(f.KeyPos))
				if got != f.Key && got != `"`+f.Key+`"` || format == "json" && got != `"`+f.Key+`"` {
					t.Errorf("%s: key %q at %v spans %q", format, f.Key, f.KeyPos, got)
				}
				keys++
				walk(f.Value)
			}
			for _, item := range n.Items {
				if item.Kind == plan.String && !strings.Contains(item.Text, "\n") {
					if got := strings.Trim(span(item.Pos, d.End(item.Pos)), `"'`); got != item.Text {
						t.Errorf("%s: item %q at %v spans %q", format, item.Text, item.Pos, got)
					}
					items++
				}
				walk(item)
			}
		}
		walk(d.Root)
		if keys < 50 || items < 5 {
			t.Errorf("%s: %d keys and %d items checked", format, keys, items)
		}
	}
}

// TestStandardInputInAnotherSyntax reads plans in TOML and JSON from a
// reader, as standard input is read, without a syntax: each is refused
// with what it looks like and the flag that reads it.
func TestStandardInputInAnotherSyntax(t *testing.T) {
	toml, err := os.ReadFile("../../fixtures/plans/northshire.toml")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, text, want string
	}{
		{"a TOML plan", string(toml), "standard input is read as YAML; it looks like TOML: pass --input-format toml"},
		{"broken TOML", "plancheck = 1\n[plan\ntitle = \"x\"\n", "it looks like TOML: pass --input-format toml"},
		{"broken JSON", "{\"plancheck\": 1,\n \"plan\": {\"title\": \"x\"\n", "it looks like JSON: pass --input-format json"},
		{"broken YAML", "plancheck: 1\nplan:\n  title: [x\n", "did not find expected"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Loader{}.LoadReader("<stdin>", strings.NewReader(c.text))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v, want …%s…", err, c.want)
			}
		})
	}
	// Told which syntax to read, the loader says what is wrong in it.
	_, err = Loader{Syntax: plan.YAML}.LoadReader("<stdin>", strings.NewReader(string(toml)))
	if err == nil || strings.Contains(err.Error(), "looks like") {
		t.Errorf("with --input-format yaml: %v", err)
	}
	if _, err := (Loader{}).LoadReader("<stdin>", strings.NewReader("plancheck: 1\n")); err != nil {
		t.Errorf("a YAML plan: %v", err)
	}
}

func TestHumanBytes(t *testing.T) {
	for n, want := range map[int64]string{1: "1 byte", 2: "2 bytes", 1536: "1.5 KiB", 8 << 20: "8 MiB"} {
		if got := humanBytes(n); got != want {
			t.Errorf("humanBytes(%d) = %q, want %q", n, got, want)
		}
	}
}
