package compare

import (
	"errors"
	"strings"
	"testing"

	"github.com/plancheck/plancheck/internal/check"
)

// aReport is a report of two plans in report format version 2, laid out
// as plancheck writes it.
const aReport = `{
  "report_version": 2,
  "tool": {"name": "plancheck", "version": "0.1.0"},
  "catalogue_version": 2,
  "today": "2026-11-21",
  "selection": {"only": [], "skip": [], "source": "none"},
  "summary": {"plans": 2, "unreadable": 1, "met": 1, "missed": 2, "waived": 0, "not_applicable": 0, "skipped": 1, "passed": false, "fail_on": "must"},
  "plans": [
    {"file": "z.yaml", "format": "yaml", "organisation": {"name": "Zed", "code": "Z1"}, "plan": {"title": "Zed plan"}, "evidence": {"checked": false}, "score": {"met": 0, "applicable": 1, "percent": 0.0}, "results": [
      {"id": "wg-one", "title": "One", "framework": "wade-gery", "severity": "must", "status": "missed", "findings": [{"level": "miss", "path": "a.b", "message": "no b", "line": 4, "column": 3}, {"level": "advice", "path": "a.c", "message": "c?"}], "remediation": "Give b.", "source": {"document": "d", "section": "s", "url": "u"}},
      {"id": "wg-two", "title": "Two", "framework": "wade-gery", "severity": "should", "status": "skipped", "findings": [], "remediation": "", "source": {"document": "d", "section": "s", "url": "u"}}
    ]},
    {"file": "a.yaml", "format": "yaml", "organisation": {}, "plan": {}, "evidence": {"checked": true, "root": "."}, "score": {"met": 1, "applicable": 2, "percent": 50.0}, "results": [
      {"id": "wg-one", "title": "One", "framework": "wade-gery", "severity": "must", "status": "met", "findings": [{"level": "advice", "path": "a.c", "message": "c?"}], "remediation": "Give b.", "source": {"document": "d", "section": "s", "url": "u"}},
      {"id": "wg-three", "title": "Three", "framework": "wade-gery", "severity": "must", "status": "missed", "findings": [{"level": "miss", "path": "x", "message": "no x"}], "remediation": "Give x.", "source": {"document": "d", "section": "s", "url": "u"}}
    ]}
  ],
  "skipped_files": [],
  "errors": [{"file": "broken.yaml", "line": 2, "column": 1, "message": "tabs"}]
}
`

func TestReadReport(t *testing.T) {
	r, err := Read("old.json", strings.NewReader(aReport), ReadOptions{Findings: true})
	if err != nil {
		t.Fatal(err)
	}
	if r.Kind != KindReport || r.CatalogueVersion != 2 || r.Today != "2026-11-21" || r.Tool.Version != "0.1.0" || r.Name != "old.json" {
		t.Errorf("run %+v", r)
	}
	if strings.Join(r.Rules, " ") != "wg-one wg-three wg-two" {
		t.Errorf("rules %v", r.Rules)
	}
	if len(r.Plans) != 2 || r.Plans[0].File != "a.yaml" || r.Plans[1].Organisation.Code != "Z1" {
		t.Fatalf("plans, by file: %+v", r.Plans)
	}
	z := r.Plans[1].Results
	// A miss keeps its misses and no advice; other results keep no
	// findings.
	if len(z[0].Findings) != 1 || z[0].Findings[0].Line != 4 || z[0].Title != "One" || z[0].Severity != check.Must || z[1].Status != check.Skipped {
		t.Errorf("z.yaml results %+v", z)
	}
	if len(r.Plans[0].Results[0].Findings) != 0 || r.Plans[1].Title != "Zed plan" {
		t.Errorf("a met result keeps no findings: %+v", r.Plans[0])
	}
	// Read for a baseline, no findings are kept.
	if r, err := Read("old.json", strings.NewReader(aReport), ReadOptions{}); err != nil || r.Plans[1].Results[0].Findings != nil {
		t.Errorf("findings kept: %v", err)
	}
	if len(r.Errors) != 1 || r.Errors[0].File != "broken.yaml" {
		t.Errorf("errors %+v", r.Errors)
	}
}

func TestReadRefusesWithThePlace(t *testing.T) {
	baseline := "{\n  \"baseline_version\": 1,\n  \"tool\": {\"name\": \"plancheck\", \"version\": \"1\"},\n  \"catalogue_version\": 2,\n  \"rules\": [\"wg-one\"],\n  \"plans\": [\n    {\"file\": \"a.yaml\", \"missed\": [\"wg-one\"]}\n  ]\n}\n"
	if _, err := Read("b.json", strings.NewReader(baseline), ReadOptions{}); err != nil {
		t.Fatalf("a good baseline: %v", err)
	}
	for _, c := range []struct {
		name, data, want string
	}{
		{"empty", "", "b.json: the file is empty"},
		{"blank", " \n", "b.json: the file is empty"},
		{"not JSON", "{\n  \"baseline_version\": 1,\n  oops\n}", "b.json:3:3: not valid JSON: invalid character 'o'"},
		{"cut short", "{\n  \"baseline_version\": 1,\n  \"plans\": [", "b.json:3:13: not valid JSON: the file ends early"},
		{"a list", "\n  [1, 2]", "b.json:2:3: not a plancheck JSON report or baseline file: it is not a JSON object"},
		{"text after", baseline + "{}", "b.json:10:1: not valid JSON: more follows the object"},
		{"neither", "{\"plans\": []}", "b.json:1:1: neither a plancheck JSON report (it has no report_version) nor a baseline file"},
		{"report version 1", strings.Replace(aReport, `"report_version": 2`, `"report_version": 1`, 1), "b.json:2:21: report format version 1: plancheck reads reports of version 2"},
		{"baseline version 7", strings.Replace(baseline, `"baseline_version": 1`, `"baseline_version": 7`, 1), "b.json:2:23: baseline format version 7: plancheck reads baseline files of version 1"},
		{"a status that is none", strings.Replace(aReport, `"status": "skipped"`, `"status": "skiped"`, 1), "b.json:11:98: plans[0].results[1].status: value must be one of 'met', 'missed'"},
		{"no tool", strings.Replace(baseline, "  \"tool\": {\"name\": \"plancheck\", \"version\": \"1\"},\n", "", 1), "b.json:1:1: the file: missing property 'tool'"},
		{"a key too many", strings.Replace(baseline, `"missed": ["wg-one"]`, `"missed": ["wg-one"], "mised": []`, 1), "b.json:7:5: plans[0]: additional properties 'mised' not allowed"},
		{"an id that is none", strings.Replace(baseline, `"missed": ["wg-one"]`, `"missed": ["WG ONE"]`, 1), "b.json:7:35: plans[0].missed[0]: 'WG ONE' does not match pattern"},
		{"a wrong type at the top", strings.Replace(baseline, `"catalogue_version": 2`, `"catalogue_version": "2"`, 1), "b.json:4:24: catalogue_version: got string, want integer"},
		{"a plan twice", strings.Replace(baseline, `{"file": "a.yaml", "missed": ["wg-one"]}`, `{"file": "a.yaml", "missed": []}, {"file": "a.yaml", "missed": []}`, 1), "b.json:7:39: plans[1]: the plan a.yaml is listed twice"},
		{"a literal cut short", strings.Replace(baseline, `"catalogue_version": 2`, `"catalogue_version": tru`, 1), "b.json:4:27: not valid JSON: invalid character ',' in literal true"},
		{"plans before the version", "{\"plans\": [{\"file\": \"a.yaml\", \"missed\": [1]}], \"baseline_version\": 1}", "b.json:1:42: plans[0].missed[0]: got number, want string"},
		{"plans not a list", strings.Replace(baseline, "\"plans\": [", "\"plans\": {\"a\": [", 1), "b.json:6:12: plans: not a list"},
		{"a key twice", strings.Replace(baseline, `"rules": ["wg-one"],`, `"rules": [], "rules": [],`, 1), "b.json:5:16: the key \"rules\" is given twice"},
	} {
		_, err := Read("b.json", strings.NewReader(c.data), ReadOptions{})
		var re *ReadError
		if err == nil || !errors.As(err, &re) || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%s: got %v, want %q…", c.name, err, c.want)
		}
	}
}
