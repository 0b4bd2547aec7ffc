package render

import (
	"reflect"
	"regexp"
	"strings"
	"testing"
)

func TestSpans(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []span
	}{
		{"no code", []span{{text: "no code"}}},
		{"`plancheck schema` prints it", []span{{text: "plancheck schema", code: true}, {text: " prints it"}}},
		{"a `b` c `d`", []span{{text: "a "}, {text: "b", code: true}, {text: " c "}, {text: "d", code: true}}},
		{"one ` alone", []span{{text: "one ` alone"}}},
		{"`a` and ` alone", []span{{text: "a", code: true}, {text: " and ` alone"}}},
		{"empty `` pair", []span{{text: "empty `` pair"}}},
		{"``", []span{{text: "``"}}},
		{"", nil},
	} {
		if got := spans(c.in); !reflect.DeepEqual(got, c.want) {
			t.Errorf("spans(%q) = %+v, want %+v", c.in, got, c.want)
		}
	}
}

// hostile is a finding's message as a policy would build it with values
// from a plan that tries every trick: markup inside and outside code,
// an unpaired backtick, a table pipe, a link, a mention and an image.
const hostile = "unknown key `<img src=x onerror=alert(1)>|[l](https://evil.example)`: the approach is " +
	"</code><script>alert(2)</script> ![i](https://evil.example/i.png) @team `a|b` and a lone ` here"

func TestMarkupHTMLEscapesEverything(t *testing.T) {
	got := string(markupHTML(hostile))
	for _, tag := range regexp.MustCompile(`<[^>]*>`).FindAllString(got, -1) {
		if tag != "<code>" && tag != "</code>" {
			t.Errorf("a tag from the text survives: %q in %s", tag, got)
		}
	}
	want := "unknown key <code>&lt;img src=x onerror=alert(1)&gt;|[l](https://evil.example)</code>"
	if !strings.HasPrefix(got, want) {
		t.Errorf("the code span is not rendered as escaped code:\n got %s\nwant %s…", got, want)
	}
	if !strings.Contains(got, "&lt;/code&gt;&lt;script&gt;") {
		t.Errorf("text outside code is not escaped: %s", got)
	}
	// The plan's own backticks pair up too: the most they do is set the
	// plan's words as code, escaped like the rest.
	if !strings.HasSuffix(got, "@team <code>a|b</code> and a lone ` here") {
		t.Errorf("later pairs or the unpaired backtick: %s", got)
	}
	if markupHTML("`plancheck schema` prints the format") != "<code>plancheck schema</code> prints the format" {
		t.Error("plancheck's own code span is not rendered")
	}
}

func TestMarkupMarkdownEscapesOutsideCode(t *testing.T) {
	got := markupMarkdown(hostile, true)
	want := "unknown key `<img src=x onerror=alert(1)>\\|[l](https://evil.example)`: "
	if !strings.HasPrefix(got, want) {
		t.Errorf("the code span:\n got %s\nwant %s…", got, want)
	}
	// Outside code, nothing links, mentions, shows an image or adds HTML,
	// and no pipe ends a table cell.
	rest := strings.TrimPrefix(got, want)
	for _, bad := range []string{"<script", "</code>", "![", "https://", " @team", "|"} {
		if strings.Contains(strings.ReplaceAll(rest, `\|`, ""), bad) {
			t.Errorf("%q survives outside code in %q", bad, rest)
		}
	}
	if !strings.HasSuffix(rest, "\\@team `a\\|b` and a lone \\` here") {
		t.Errorf("later pairs or the unpaired backtick: %q", rest)
	}
	// Outside a table a pipe in code needs no escape, and gets none.
	if got := markupMarkdown("write `a|b`", false); got != "write `a|b`" {
		t.Errorf("a list item's code: %q", got)
	}
	if got := markupMarkdown("`plancheck schema` prints the format", true); got != "`plancheck schema` prints the format" {
		t.Errorf("plancheck's own code span: %q", got)
	}
	if got := markupMarkdown("`\x1b[2J` and `\n`", false); strings.ContainsAny(got, "\x1b\n") {
		t.Errorf("a control character reached the Markdown: %q", got)
	}
}
