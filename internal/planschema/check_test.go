package planschema

import (
	"fmt"
	"strings"
	"testing"

	"github.com/plancheck/plancheck/internal/loader"
	"github.com/plancheck/plancheck/internal/plan"
)

// waivable are the ids the tests' waivers may name.
var waivable = []string{"wg-data-trust", "wg-spend-reprioritised", "nao-interoperability"}

// findings checks a plan and lists its findings, each placed as the
// engine places it.
func findings(t *testing.T, yaml string) []string {
	t.Helper()
	doc, err := loader.Loader{Syntax: plan.YAML}.Parse("p.yaml", []byte(yaml))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range Check(doc, waivable) {
		at := doc.Locate(f.Path)
		out = append(out, fmt.Sprintf("%d:%d %s %s: %s", at.Line, at.Column, f.Level, f.Path, f.Message))
	}
	return out
}

func TestExamplePlanFollowsTheFormat(t *testing.T) {
	for _, f := range []string{"northshire.yaml", "northshire.json", "northshire.toml"} {
		doc, err := loader.Loader{}.LoadFile("../../fixtures/plans/" + f)
		if err != nil {
			t.Fatal(err)
		}
		if got := Check(doc, waivable); len(got) != 0 {
			t.Errorf("%s: %v", f, got)
		}
	}
}

const minimal = "plancheck: 1\norganisation: {name: N}\nplan:\n  title: T\n  period: {start: 2026-04-01, end: 2029-03-31}\n"

func TestFindings(t *testing.T) {
	cases := []struct {
		name, yaml string
		want       []string
	}{
		{"minimal plan", minimal, nil},
		{"missing required keys", "organisation: {code: X}\n", []string{
			"1:1 must organisation.name: required key organisation.name is missing",
			"1:1 must plancheck: required key plancheck is missing",
			"1:1 must plan: required key plan is missing",
		}},
		{"empty title", strings.Replace(minimal, "title: T", `title: " "`, 1), []string{
			"4:3 must plan.title: required key plan.title is empty",
		}},
		{"wrong version", strings.Replace(minimal, "plancheck: 1", "plancheck: 2", 1), []string{
			"1:1 must plancheck: plancheck must be 1, found 2",
		}},
		{"period as text", strings.Replace(minimal, "period: {start: 2026-04-01, end: 2029-03-31}", "period: next year", 1), []string{
			`5:3 must plan.period: plan.period should be a mapping, found text "next year"`,
		}},
		{"period backwards", strings.Replace(minimal, "end: 2029-03-31", "end: 2025-03-31", 1), []string{
			"5:31 must plan.period.end: the plan period ends on 2025-03-31, which is not after its start on 2026-04-01",
		}},
		{"not a calendar day", strings.Replace(minimal, "start: 2026-04-01", "start: 2026-02-30", 1), []string{
			`5:12 must plan.period.start: plan.period.start should be a date, but "2026-02-30" is not a day of the calendar`,
		}},
		{"owner as a list", minimal + "governance:\n  owner: [{name: A}, {name: B}]\n", []string{
			"7:3 must governance.owner: governance.owner should be a mapping, found a list of 2",
		}},
		{"text for a number", minimal + "funding: {total_gbp: lots}\n", []string{
			`6:11 must funding.total_gbp: funding.total_gbp should be a number, found text "lots"`,
		}},
		{"fraction for a whole number", minimal + "patients: {user_research: {participants: 12.5}}\n", []string{
			"6:28 must patients.user_research.participants: patients.user_research.participants should be a whole number, found the number 12.5",
		}},
		{"text for a boolean", minimal + "foundations_first: \"yes\"\n", []string{
			`6:1 must foundations_first: foundations_first should be true or false, found text "yes"`,
		}},
		{"enum typo", minimal + "governance: {board: {meets: montly}}\n", []string{
			`6:22 must governance.board.meets: governance.board.meets is "montly", not one of weekly, fortnightly, monthly, quarterly (did you mean "monthly"?)`,
		}},
		{"enum without a near value", minimal + "funding: {confidence: unsure}\n", []string{
			`6:11 must funding.confidence: funding.confidence is "unsure", not one of low, medium, high`,
		}},
		{"unknown keys", minimal + "govrnance: {}\nbudget: 3\n", []string{
			`6:1 should govrnance: unknown key "govrnance" (did you mean "governance"?)`,
			`7:1 should budget: unknown key "budget": plan format 1 does not read it`,
		}},
		{"typo in a known value", minimal + "interoperability: {standards: [nhs_number, fhir_uk_cor, dicom]}\n", []string{
			`6:44 should interoperability.standards[1]: "fhir_uk_cor" is not a value plancheck knows here (did you mean "fhir_uk_core"?)`,
		}},
		{"incomplete waiver", minimal + "waivers:\n  - {recommendation: wg-data-trust, expires: soon}\n", []string{
			`7:37 must waivers[0].expires: waivers[0].expires should be a date (YYYY-MM-DD), found text "soon"`,
			"7:5 must waivers[0].reason: required key waivers[0].reason is missing",
			"7:5 must waivers[0].approved_by: required key waivers[0].approved_by is missing",
		}},
		{"waiver for no rule", minimal + "waivers:\n  - {recommendation: wg-nope, reason: r, approved_by: b, expires: 2027-01-01}\n", []string{
			`7:6 must waivers[0].recommendation: the waiver names "wg-nope", which is not a recommendation id (see plancheck rules)`,
		}},
		{"null is absent", minimal + "organisation2: ~\ngovernance: {owner: ~}\n", []string{
			`6:1 should organisation2: unknown key "organisation2" (did you mean "organisation"?)`,
		}},
		{"control characters are escaped", minimal + "funding: {total_gbp: \"\\e[31mred\"}\n", []string{
			`6:11 must funding.total_gbp: funding.total_gbp should be a number, found text "\x1b[31mred"`,
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := findings(t, c.yaml)
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("got\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(c.want, "\n  "))
			}
		})
	}
}
