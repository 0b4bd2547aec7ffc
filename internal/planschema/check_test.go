package planschema

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/plancheck/plancheck/internal/loader"
	"github.com/plancheck/plancheck/internal/plan"
)

// ids are the ids the tests' waivers may name, and the one they may not.
var ids = RuleIDs{
	Waivable: []string{"wg-data-trust", "wg-spend-reprioritised", "nao-interoperability"},
	Fixed:    []string{"plan-format"},
}

const today = "2026-11-21"

func parse(t *testing.T, yaml string) *plan.Document {
	t.Helper()
	doc, err := loader.Loader{Syntax: plan.YAML}.Parse("p.yaml", []byte(yaml))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// findingsWith checks a plan and lists its findings, each placed as the
// engine places it: at its path, or at the misspelt key whose intended
// key it runs through, with the misspelling's note.
func findingsWith(t *testing.T, yaml string, run Run) []string {
	t.Helper()
	doc := parse(t, yaml)
	res := Check(doc, run, ids)
	var out []string
	for _, f := range res.Findings {
		at, msg := doc.Locate(f.Path), f.Message
		for _, m := range res.Misspelt {
			if m.Covers(f.Path) {
				at, msg = m.Pos, msg+m.Note()
				break
			}
		}
		out = append(out, fmt.Sprintf("%d:%d %s %s: %s", at.Line, at.Column, f.Level, f.Path, msg))
	}
	return out
}

func findings(t *testing.T, yaml string) []string {
	t.Helper()
	return findingsWith(t, yaml, Run{Today: today})
}

// files stands in for the disk: the files that exist, and every name
// looked for.
type files struct {
	have   []string
	looked []string
}

func (f *files) exists(name string) bool {
	f.looked = append(f.looked, name)
	return slices.Contains(f.have, name)
}

func TestExamplePlanFollowsTheFormat(t *testing.T) {
	for _, f := range []string{"northshire.yaml", "northshire.json", "northshire.toml"} {
		doc, err := loader.Loader{}.LoadFile("../../fixtures/plans/" + f)
		if err != nil {
			t.Fatal(err)
		}
		// Its evidence is looked for on the disk, beside it.
		exists := func(name string) bool {
			info, err := os.Stat(filepath.FromSlash(name))
			return err == nil && !info.IsDir()
		}
		run := Run{Today: today, Evidence: Evidence{Checked: true, Root: "../../fixtures/plans", Exists: exists}}
		if got := Check(doc, run, ids); len(got.Findings) != 0 || len(got.Misspelt) != 0 {
			t.Errorf("%s: %v", f, got)
		}
	}
}

const minimal = "plancheck: 1\norganisation: {name: N}\nplan:\n  title: T\n  period: {start: 2026-04-01, end: 2029-03-31}\n"

type findingCase struct {
	name, yaml string
	want       []string
}

func runCases(t *testing.T, cases []findingCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := findings(t, c.yaml)
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("got\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(c.want, "\n  "))
			}
		})
	}
}

func TestFindings(t *testing.T) {
	runCases(t, []findingCase{
		{"minimal plan", minimal, nil},
		{"missing required keys", "organisation: {code: X}\n", []string{
			"1:1 miss organisation.name: required key organisation.name is missing",
			"1:1 miss plancheck: required key plancheck is missing",
			"1:1 miss plan: required key plan is missing",
		}},
		{"empty title", strings.Replace(minimal, "title: T", `title: " "`, 1), []string{
			"4:3 miss plan.title: required key plan.title is empty",
		}},
		{"wrong version", strings.Replace(minimal, "plancheck: 1", "plancheck: 2", 1), []string{
			"1:1 miss plancheck: plancheck must be 1, found 2",
		}},
		{"period as text", strings.Replace(minimal, "period: {start: 2026-04-01, end: 2029-03-31}", "period: next year", 1), []string{
			`5:3 miss plan.period: plan.period should be a mapping, found text "next year"`,
		}},
		{"period backwards", strings.Replace(minimal, "end: 2029-03-31", "end: 2025-03-31", 1), []string{
			"5:31 miss plan.period.end: the plan period ends on 2025-03-31, which is not after its start on 2026-04-01",
		}},
		{"owner as a list", minimal + "governance:\n  owner: [{name: A}, {name: B}]\n", []string{
			"7:3 miss governance.owner: governance.owner should be a mapping, found a list of 2 entries",
		}},
		{"notice as an empty list", minimal + "data:\n  transparency_notice: []\n", []string{
			"7:3 miss data.transparency_notice: data.transparency_notice should be text, found an empty list",
		}},
		{"owner as one entry", minimal + "governance:\n  owner: [{name: A}]\n", []string{
			"7:3 miss governance.owner: governance.owner should be a mapping, found a list of 1 entry",
		}},
		{"owner as text", minimal + "governance:\n  owner: Digital Board\n", []string{
			`7:3 miss governance.owner: governance.owner should be a mapping, found text "Digital Board"`,
		}},
		{"text for a number", minimal + "funding: {total_gbp: lots}\n", []string{
			`6:11 miss funding.total_gbp: funding.total_gbp should be a number, found text "lots"`,
		}},
		{"fraction for a whole number", minimal + "patients: {user_research: {participants: 12.5}}\n", []string{
			"6:28 miss patients.user_research.participants: patients.user_research.participants should be a whole number, found the number 12.5",
		}},
		{"text for a boolean", minimal + "foundations_first: \"yes\"\n", []string{
			`6:1 miss foundations_first: foundations_first should be true or false, found text "yes"`,
		}},
		{"null is absent", minimal + "governance: {owner: ~}\n", nil},
		{"control characters are escaped", minimal + "funding: {total_gbp: \"\\e[31mred\"}\n", []string{
			`6:11 miss funding.total_gbp: funding.total_gbp should be a number, found text "\x1b[31mred"`,
		}},
		{"funding sources", minimal + "funding:\n  sources:\n    - {name: Capital, amount_gbp: 8000000, status: secured}\n    - {name: Bid, amount_gbp: lots, status: Bid}\n    - {name: Hope, amount_gbp: 1, status: hoped}\n", []string{
			`9:19 miss funding.sources[1].amount_gbp: funding.sources[1].amount_gbp should be a number, found text "lots"`,
			`9:37 advice funding.sources[1].status: funding.sources[1].status is "Bid", which plancheck reads as "bid": write "bid", the listed form`,
			`10:35 miss funding.sources[2].status: funding.sources[2].status is "hoped", not one of secured, bid, assumed`,
		}},
	})
}

func TestDates(t *testing.T) {
	runCases(t, []findingCase{
		{"native and quoted dates alike", strings.Replace(minimal, "end: 2029-03-31", `end: "2029-03-31"`, 1), nil},
		{"first and last days", strings.Replace(strings.Replace(minimal, "2026-04-01", "0001-01-01", 1), "2029-03-31", `"9999-12-31"`, 1), nil},
		{"not a calendar day", strings.Replace(minimal, "start: 2026-04-01", "start: 2026-02-30", 1), []string{
			`5:12 miss plan.period.start: plan.period.start should be a date, but "2026-02-30" is not a day of the calendar`,
		}},
		{"year 0", strings.Replace(minimal, "start: 2026-04-01", `start: "0000-12-31"`, 1), []string{
			`5:12 miss plan.period.start: plan.period.start should be a date, but "0000-12-31" is not a day of the calendar`,
		}},
		{"date as TBC", minimal + "  approved: {by: Board, date: TBC}\n", []string{
			`6:25 miss plan.approved.date: plan.approved.date should be a date (YYYY-MM-DD), found text "TBC"`,
		}},
		{"date and time", strings.Replace(minimal, "start: 2026-04-01", `start: "2026-04-01T10:00"`, 1), []string{
			`5:12 miss plan.period.start: plan.period.start should be a date (YYYY-MM-DD), found text "2026-04-01T10:00"`,
		}},
		{"short year", strings.Replace(minimal, "start: 2026-04-01", `start: "26-04-01"`, 1), []string{
			`5:12 miss plan.period.start: plan.period.start should be a date (YYYY-MM-DD), found text "26-04-01"`,
		}},
	})
}

func TestApprovalDate(t *testing.T) {
	runCases(t, []findingCase{
		{"approved before today", minimal + "  approved: {by: Board, date: 2026-03-12}\n", nil},
		{"approved today", minimal + "  approved: {by: Board, date: 2026-11-21}\n", nil},
		{"approved after today", minimal + "  approved: {by: Board, date: 2026-12-01}\n", []string{
			"6:25 advice plan.approved.date: the plan is approved on 2026-12-01, after today (2026-11-21): it is not approved yet, so recent evidence is judged against today",
		}},
	})
	// Without a run date there is nothing to compare with.
	if got := findingsWith(t, minimal+"  approved: {by: Board, date: 2026-12-01}\n", Run{}); len(got) != 0 {
		t.Errorf("without today: %v", got)
	}
}

func TestClosedLists(t *testing.T) {
	meets := func(v string) string { return minimal + "governance: {board: {meets: " + v + "}}\n" }
	allowed := "weekly, fortnightly, monthly, six_weekly, bimonthly, quarterly"
	runCases(t, []findingCase{
		{"the listed form", meets("six_weekly"), nil},
		{"another case", meets("Monthly"), []string{
			`6:22 advice governance.board.meets: governance.board.meets is "Monthly", which plancheck reads as "monthly": write "monthly", the listed form`,
		}},
		{"a hyphen", meets("bi-monthly"), []string{
			`6:22 advice governance.board.meets: governance.board.meets is "bi-monthly", which plancheck reads as "bimonthly": write "bimonthly", the listed form`,
		}},
		{"a space", meets("six weekly"), []string{
			`6:22 advice governance.board.meets: governance.board.meets is "six weekly", which plancheck reads as "six_weekly": write "six_weekly", the listed form`,
		}},
		{"organisation type in capitals", strings.Replace(minimal, "{name: N}", "{name: N, type: ICB}", 1), []string{
			`2:25 advice organisation.type: organisation.type is "ICB", which plancheck reads as "icb": write "icb", the listed form`,
		}},
		{"a near spelling", meets("fortnighly"), []string{
			`6:22 miss governance.board.meets: governance.board.meets is "fortnighly", not one of ` + allowed + ` (did you mean "fortnightly"?)`,
		}},
		{"a near spelling in another case", meets("Montly"), []string{
			`6:22 miss governance.board.meets: governance.board.meets is "Montly", not one of ` + allowed + ` (did you mean "monthly"?)`,
		}},
		{"a swap", strings.Replace(minimal, "plancheck: 1\n", "plancheck: 1\ndelivery: {approach: hybird}\n", 1), []string{
			`2:12 miss delivery.approach: delivery.approach is "hybird", not one of agile, iterative, hybrid, waterfall (did you mean "hybrid"?)`,
		}},
		// Another real value is not offered as a correction.
		{"another value, not a typo", meets("bi-weekly"), []string{
			`6:22 miss governance.board.meets: governance.board.meets is "bi-weekly", not one of ` + allowed,
		}},
		{"another value with a prefix changed", meets("tri-monthly"), []string{
			`6:22 miss governance.board.meets: governance.board.meets is "tri-monthly", not one of ` + allowed,
		}},
		{"a word cut short", meets("month"), []string{
			`6:22 miss governance.board.meets: governance.board.meets is "month", not one of ` + allowed,
		}},
		{"nothing near", minimal + "funding: {confidence: unsure}\n", []string{
			`6:11 miss funding.confidence: funding.confidence is "unsure", not one of low, medium, high`,
		}},
		{"every closed list", minimal + "data: {dspt: Standards Met}\nlegacy: {systems: [{action: RETIRE}]}\nmaturity: {framework: What Good Looks Like}\ngovernance: {assurance: [{type: internal-audit}]}\n", []string{
			`6:8 advice data.dspt: data.dspt is "Standards Met", which plancheck reads as "standards_met": write "standards_met", the listed form`,
			`7:21 advice legacy.systems[0].action: legacy.systems[0].action is "RETIRE", which plancheck reads as "retire": write "retire", the listed form`,
			`8:12 advice maturity.framework: maturity.framework is "What Good Looks Like", which plancheck reads as "what_good_looks_like": write "what_good_looks_like", the listed form`,
			`9:27 advice governance.assurance[0].type: governance.assurance[0].type is "internal-audit", which plancheck reads as "internal_audit": write "internal_audit", the listed form`,
		}},
	})
}

func TestTokenListsAndFreeText(t *testing.T) {
	runCases(t, []findingCase{
		{"tokens in other forms", minimal + "interoperability: {standards: [NHS number, FHIR UK Core, snomed-ct, DM_D]}\n", nil},
		{"unlisted tokens are accepted", minimal + "interoperability: {standards: [dicom, openEHR]}\n", nil},
		{"a near spelling of a token", minimal + "interoperability: {standards: [nhs_number, fihr_uk_core, dm+d]}\n", []string{
			`6:44 advice interoperability.standards[1]: "fihr_uk_core" is not a value plancheck lists here (did you mean "fhir_uk_core"?)`,
			`6:58 advice interoperability.standards[2]: "dm+d" is not a value plancheck lists here (did you mean "dm_d"?)`,
		}},
		// A word that differs at an end may be another word: no guess.
		{"a letter cut from the end", minimal + "interoperability: {standards: [fhir_uk_cor]}\n", nil},
		{"a singular for a plural", strings.Replace(minimal, "  title: T\n", "  title: T\n  in_scope: [Medicine, Patient App, emerging-technology]\n", 1), []string{
			`5:14 advice plan.in_scope[0]: "Medicine" is not a value plancheck lists here (did you mean "medicines"?)`,
		}},
		{"another standard, not a typo", minimal + "interoperability: {standards: [hl7v3]}\n", nil},
		{"free text", minimal + "delivery: {team: [clinician, enginer, Data Analyst]}\ninclusion: {groups_considered: [dissability]}\npatients: {journeys: [Diabetis care]}\nobjectives: [{journey: Maternaty}]\n", nil},
	})
}

func TestMisspeltKeys(t *testing.T) {
	runCases(t, []findingCase{
		{"a letter left out of a section", minimal + "goverance:\n  owner: {name: A}\n", []string{
			"6:1 miss goverance: unknown key `goverance` (did you mean `governance`? nothing under it is read)",
		}},
		{"another case", minimal + "Governance: {}\n", []string{
			"6:1 miss Governance: unknown key `Governance` (did you mean `governance`? nothing under it is read)",
		}},
		{"hyphens", minimal + "data: {national-data-opt-out: true}\n", []string{
			"6:8 miss data.national-data-opt-out: unknown key `national-data-opt-out` (did you mean `national_data_opt_out`? nothing under it is read)",
		}},
		{"two letters swapped", minimal + "funding: {contingency_gpb: 3}\n", []string{
			"6:11 miss funding.contingency_gpb: unknown key `contingency_gpb` (did you mean `contingency_gbp`? nothing under it is read)",
		}},
		{"two edits in a long key", minimal + "patients: {jurneyz: [A]}\n", []string{
			"6:12 miss patients.jurneyz: unknown key `jurneyz` (did you mean `journeys`? nothing under it is read)",
		}},
		{"one edit in a short key", minimal + "skills: {role: [{role: r, fte: 1}]}\n", []string{
			"6:10 miss skills.role: unknown key `role` (did you mean `roles`? nothing under it is read)",
		}},
		{"a required key misspelt", strings.Replace(minimal, "organisation:", "organistion:", 1), []string{
			"2:1 miss organistion: unknown key `organistion` (did you mean `organisation`? nothing under it is read)",
			"2:1 miss organisation: required key organisation is missing (the plan has `organistion` at line 2: did you mean `organisation`?)",
		}},
		{"inside a list", minimal + "objectives:\n  - {name: A, metirc: m}\n", []string{
			"7:15 miss objectives[0].metirc: unknown key `metirc` (did you mean `metric`? nothing under it is read)",
		}},
		// Two edits are too many for a short key: id is not by.
		{"id is not by", minimal + "objectives:\n  - {name: A, id: 3}\n", []string{
			"7:15 advice objectives[0].id: unknown key `id`: plan format 1 does not read it",
		}},
		{"three edits in a long key", minimal + "governance: {ownr_nme: x}\n", []string{
			"6:14 advice governance.ownr_nme: unknown key `ownr_nme`: plan format 1 does not read it",
		}},
		{"near nothing", minimal + "budget: 3\n", []string{
			"6:1 advice budget: unknown key `budget`: plan format 1 does not read it",
		}},
		{"near a key the plan has", minimal + "governance: {}\ngovernence: {}\n", []string{
			"7:1 advice governence: unknown key `governence`: plan format 1 does not read it (did you mean `governance`? the plan has that key too)",
		}},
		{"a null misspelt key", minimal + "organisation2: ~\n", []string{
			"6:1 advice organisation2: unknown key `organisation2`: plan format 1 does not read it (did you mean `organisation`? the plan has that key too)",
		}},
		{"a key with a backtick is quoted", minimal + "\"gov`ernance\": 1\n", []string{
			"6:1 miss gov`ernance: unknown key \"gov`ernance\" (did you mean `governance`? nothing under it is read)",
		}},
	})
}

func TestMisspellingsAreReturned(t *testing.T) {
	doc := parse(t, minimal+"funding: {contingency_gpb: 3}\ngoverance:\n  owner: {name: A}\n")
	got := Check(doc, Run{}, ids).Misspelt
	want := []Misspelling{
		{Path: "funding.contingency_gpb", Key: "contingency_gpb", Intended: "funding.contingency_gbp", Want: "contingency_gbp", Pos: plan.Pos{Line: 6, Column: 11}},
		{Path: "goverance", Key: "goverance", Intended: "governance", Want: "governance", Pos: plan.Pos{Line: 7, Column: 1}},
	}
	if !slices.Equal(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	m := want[1]
	for p, covers := range map[string]bool{"governance": true, "governance.owner.name": true, "governance[0]": true, "governance_x": false, "goverance": false, "plan": false} {
		if m.Covers(p) != covers {
			t.Errorf("Covers(%q) = %v", p, !covers)
		}
	}
	if n := m.Note(); n != " (the plan has `goverance` at line 7: did you mean `governance`?)" {
		t.Errorf("Note() = %q", n)
	}
}

func TestWaivers(t *testing.T) {
	waiver := func(fields string) string { return minimal + "waivers:\n  - {" + fields + "}\n" }
	runCases(t, []findingCase{
		{"complete", waiver("recommendation: wg-data-trust, reason: r, approved_by: b, expires: 2027-01-01"), nil},
		// Expiry is the policies' business: an expired waiver is complete.
		{"expired but complete", waiver("recommendation: wg-data-trust, reason: r, approved_by: b, expires: 2020-01-01"), nil},
		{"no reason or approver, and no date", waiver("recommendation: wg-data-trust, expires: soon"), []string{
			"7:5 miss waivers[0].reason: the waiver for `wg-data-trust` is incomplete, so it waives nothing: it does not give a reason; it does not give who approved it; its expiry date should be a date (YYYY-MM-DD), found text \"soon\"",
		}},
		{"no expiry", waiver("recommendation: wg-data-trust, reason: r, approved_by: b"), []string{
			"7:5 miss waivers[0].expires: the waiver for `wg-data-trust` is incomplete, so it waives nothing: it has no expiry date",
		}},
		{"blank reason", waiver(`recommendation: wg-data-trust, reason: " ", approved_by: b, expires: 2027-01-01`), []string{
			"7:37 miss waivers[0].reason: the waiver for `wg-data-trust` is incomplete, so it waives nothing: it does not give a reason",
		}},
		{"an unknown id", waiver("recommendation: wg-nope, reason: r, approved_by: b, expires: 2027-01-01"), []string{
			"7:6 miss waivers[0].recommendation: the waiver for `wg-nope` is incomplete, so it waives nothing: `wg-nope` is not a recommendation id (see plancheck rules)",
		}},
		{"plan-format cannot be waived", waiver("recommendation: plan-format, reason: r, approved_by: b, expires: 2027-01-01"), []string{
			"7:6 miss waivers[0].recommendation: the waiver for `plan-format` is incomplete, so it waives nothing: `plan-format` cannot be waived",
		}},
		{"no id", waiver("reason: r, approved_by: b, expires: 2027-01-01"), []string{
			"7:5 miss waivers[0].recommendation: this waiver is incomplete, so it waives nothing: it names no recommendation",
		}},
		{"an id that is not text", waiver("recommendation: [a, b], reason: 3, approved_by: b, expires: 2027-01-01"), []string{
			"7:6 miss waivers[0].recommendation: this waiver is incomplete, so it waives nothing: it names a list of 2 entries, not a recommendation id; reason should be text, found the number 3",
		}},
		{"a misspelt key in a waiver", waiver("recommendation: wg-data-trust, reasn: r, approved_by: b, expires: 2027-01-01"), []string{
			"7:37 miss waivers[0].reasn: unknown key `reasn` (did you mean `reason`? nothing under it is read)",
			"7:37 miss waivers[0].reason: the waiver for `wg-data-trust` is incomplete, so it waives nothing: it does not give a reason (the plan has `reasn` at line 7: did you mean `reason`?)",
		}},
		{"a waiver that is not a mapping", minimal + "waivers: [wg-data-trust]\n", []string{
			`6:11 miss waivers[0]: waivers[0] should be a mapping, found text "wg-data-trust"`,
		}},
	})
}

func TestLooksLikeFile(t *testing.T) {
	for ref, want := range map[string]bool{
		"docs/ehia.pdf":                         true,
		`..\dpia.docx`:                          true,
		`C:\docs\dpia.pdf`:                      true,
		"/srv/evidence/workforce.xlsx":          true,
		"report.final":                          true,
		"https://northshire.example/ehia.pdf":   false,
		"file:///srv/ehia.pdf":                  false,
		"www.northshire.example/ehia.pdf":       false,
		"IG/DPIA/2025/017":                      false,
		"EPR-EHIA-01":                           false,
		"EHIA v3 on the intranet":               false,
		"docs/ehia.pdf on the shared drive":     false,
		"video.mp4":                             false, // an extension of letters only
		"archive.backup":                        false, // more than 5 letters
		"":                                      false,
		"docs/ehia.pdf\n":                       false,
		"urn:nhs:evidence:ehia.pdf":             false,
		"mailto:digital@northshire.example.org": false,
	} {
		if got := LooksLikeFile(ref); got != want {
			t.Errorf("LooksLikeFile(%q) = %v, want %v", ref, got, want)
		}
	}
}

func TestEvidence(t *testing.T) {
	plan := minimal + "inclusion: {impact_assessment: {reference: REF}}\n"
	with := func(ref string) string { return strings.Replace(plan, "REF", ref, 1) }
	cases := []struct {
		name, ref string
		ev        Evidence
		have      []string
		want      []string
		looked    []string
	}{
		{"found", "docs/ehia.pdf", Evidence{Checked: true, Root: "plans"}, []string{"plans/docs/ehia.pdf"}, nil, []string{"plans/docs/ehia.pdf"}},
		{"missing", "docs/ehia.pdf", Evidence{Checked: true, Root: "fixtures/plans"}, nil, []string{
			"6:33 miss inclusion.impact_assessment.reference: evidence `docs/ehia.pdf` not found (looked in fixtures/plans)",
		}, []string{"fixtures/plans/docs/ehia.pdf"}},
		{"in the working folder", "ehia.pdf", Evidence{Checked: true, Root: "."}, nil, []string{
			"6:33 miss inclusion.impact_assessment.reference: evidence `ehia.pdf` not found (looked in the working folder)",
		}, []string{"ehia.pdf"}},
		{"an absolute root", "ehia.pdf", Evidence{Checked: true, Root: "/srv/evidence"}, []string{"/srv/evidence/ehia.pdf"}, nil, []string{"/srv/evidence/ehia.pdf"}},
		{"backslashes and a parent", `..\dpia.docx`, Evidence{Checked: true, Root: "plans/q3"}, []string{"plans/dpia.docx"}, nil, []string{"plans/dpia.docx"}},
		{"a Windows path is absolute", `C:\docs\dpia.pdf`, Evidence{Checked: true, Root: "plans"}, nil, []string{
			"6:33 miss inclusion.impact_assessment.reference: evidence `C:\\docs\\dpia.pdf` not found",
		}, []string{"C:/docs/dpia.pdf"}},
		{"an absolute path", "/srv/ehia.pdf", Evidence{Checked: true, Root: "plans"}, []string{"/srv/ehia.pdf"}, nil, []string{"/srv/ehia.pdf"}},
		{"a URL", "https://northshire.example/ehia.pdf", Evidence{Checked: true, Root: "plans"}, nil, nil, nil},
		{"a reference code", "IG/DPIA/2025/017", Evidence{Checked: true, Root: "plans"}, nil, nil, nil},
		{"free text", "EHIA v3 on the intranet", Evidence{Checked: true, Root: "plans"}, nil, nil, nil},
		{"not checked", "docs/ehia.pdf", Evidence{Root: "plans"}, nil, nil, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fs := &files{have: c.have}
			c.ev.Exists = fs.exists
			got := findingsWith(t, with(c.ref), Run{Today: today, Evidence: c.ev})
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("got\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(c.want, "\n  "))
			}
			if !slices.Equal(fs.looked, c.looked) {
				t.Errorf("looked for %q, want %q", fs.looked, c.looked)
			}
		})
	}
	// Every field that points at a document is checked.
	fs := &files{}
	all := minimal + "inclusion: {impact_assessment: {reference: a.pdf}}\ndata: {dpia: {reference: b.pdf}, target_architecture: c.pdf}\nskills: {capability_assessment: {reference: d.pdf}, workforce_plan: e.pdf}\nfunding: {basis: f.pdf}\n"
	findingsWith(t, all, Run{Evidence: Evidence{Checked: true, Root: "r", Exists: fs.exists}})
	if want := []string{"r/a.pdf", "r/b.pdf", "r/c.pdf", "r/d.pdf", "r/e.pdf"}; !slices.Equal(fs.looked, want) {
		t.Errorf("looked for %q, want %q", fs.looked, want)
	}
}

func TestToken(t *testing.T) {
	for in, want := range map[string]string{
		"FHIR UK Core": "fhirukcore",
		"fhir_uk_core": "fhirukcore",
		"bi-monthly":   "bimonthly",
		"Six weekly":   "sixweekly",
		"ICB":          "icb",
		"dm+d":         "dm+d",
		" a\tb ":       "a\tb",
	} {
		if got := Token(in); got != want {
			t.Errorf("Token(%q) = %q, want %q", in, got, want)
		}
	}
}
