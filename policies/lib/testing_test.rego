# Helpers for the recommendations' tests: the plan format's example plan
# (fixtures/plans/northshire.json, which meets every recommendation), ways
# to change one field of it, and assertions on findings. A Go test keeps
# the copy below equal to the fixture.
package plancheck.lib.testing

today := "2026-11-21"

# run gives the input the engine passes for plan p: with its empty values
# left out, as the engine leaves them out.
run(p) := {"plan": prune(p), "today": today}

# prune removes empty values (null, blank text and {}) held under a key,
# as the engine does, and keeps lists; three passes reach a mapping emptied by an
# earlier one, deeper than any test needs.
prune(x) := p3 if {
	p1 := json.remove(x, empty_paths(x))
	p2 := json.remove(p1, empty_paths(p1))
	p3 := json.remove(p2, empty_paths(p2))
}

# empty_paths lists, as "a/0/b" strings (json.remove skips array paths
# that hold list indexes), the keys whose values are empty.
empty_paths(x) := [concat("/", [sprintf("%v", [s]) | some s in path]) |
	walk(x, [path, v])
	count(path) > 0
	is_string(path[count(path) - 1])
	empty(v)
]

empty(null)

empty(v) if {
	is_string(v)
	trim_space(v) == ""
}

empty({})

# good is the example plan as the engine passes it.
good := run(example)

# without removes the field at a JSON pointer, such as "/inclusion/mitigations".
without(pointer) := run(json.remove(example, [trim_prefix(pointer, "/")]))

# set gives the field at a JSON pointer a new value.
set(pointer, value) := run(json.patch(example, [{"op": "add", "path": pointer, "value": value}]))

# must_paths and should_paths list the paths of a set of findings by level.
must_paths(findings) := {f.path | some f in findings; f.level == "must"}

should_paths(findings) := {f.path | some f in findings; f.level == "should"}

# only_must holds when the findings hold must findings at exactly the
# given paths (a set) and no other must finding.
only_must(findings, paths) if must_paths(findings) == paths

# only_should holds when the findings are advice at exactly the given paths.
only_should(findings, paths) if {
	must_paths(findings) == set()
	should_paths(findings) == paths
}

# message_of gives the message of the finding at path, for tests that
# check what the planner is told.
message_of(findings, path) := f.message if {
	some f in findings
	f.path == path
}

example := {
	"plancheck": 1,
	"organisation": {
		"name": "Northshire Integrated Care Board",
		"code": "QXX",
		"type": "icb",
	},
	"plan": {
		"title": "Northshire Digital Strategy 2026-2029",
		"period": {
			"start": "2026-04-01",
			"end": "2029-03-31",
		},
		"approved": {
			"by": "ICB Board",
			"date": "2026-03-12",
		},
		"in_scope": ["medicines", "records", "patient_app", "ai"],
	},
	"governance": {
		"owner": {
			"name": "Dr Asha Patel",
			"role": "Chief Digital and Information Officer",
			"board_member": true,
		},
		"sponsor": {
			"name": "Jo Smith",
			"role": "Chief Executive",
		},
		"board": {
			"name": "Digital Transformation Board",
			"meets": "monthly",
		},
		"digital_in_transformation": true,
		"assurance": [
			{
				"type": "internal_audit",
				"date": "2026-09-30",
			},
		],
	},
	"patients": {
		"user_research": {
			"methods": ["interviews", "usability_testing"],
			"participants": 120,
		},
		"involvement": {
			"methods": ["patient_panel", "co_design"],
			"seldom_heard_groups": true,
		},
		"journeys": ["Diabetes care", "Maternity"],
	},
	"inclusion": {
		"impact_assessment": {
			"type": "ehia",
			"completed": "2026-02-01",
			"reference": "docs/ehia.pdf",
		},
		"groups_considered": ["age", "disability", "language", "deprivation", "rurality"],
		"non_digital_alternative": true,
		"mitigations": ["digital champions in libraries", "assisted telephone route"],
	},
	"data": {
		"transparency_notice": "https://northshire.example/how-we-use-your-data",
		"dpia": {
			"completed": "2026-01-15",
			"reference": "docs/dpia.pdf",
		},
		"national_data_opt_out": true,
		"public_engagement": {
			"methods": ["citizens_jury"],
			"date": "2026-01-20",
		},
		"dspt": "standards_met",
		"target_architecture": "docs/target-architecture.pdf",
	},
	"funding": {
		"total_gbp": 12500000,
		"capital_gbp": 8000000,
		"revenue_gbp": 4500000,
		"whole_life_years": 10,
		"confidence": "medium",
		"basis": "bottom-up from supplier quotes and reference-class data",
		"contingency_gbp": 1200000,
		"reprioritised": {
			"amount_gbp": 2000000,
			"from": ["paper records storage contract"],
		},
		"digital_share_pct": 3.5,
	},
	"skills": {
		"capability_assessment": {
			"completed": "2026-01-10",
			"reference": "docs/capability.pdf",
		},
		"workforce_plan": "docs/workforce-plan.pdf",
		"roles": [
			{
				"role": "clinical safety officer",
				"fte": 1,
			},
			{
				"role": "data engineer",
				"fte": 3,
			},
		],
		"board_training": true,
	},
	"delivery": {
		"team": ["clinician", "product_manager", "user_researcher", "engineer", "data_analyst"],
		"approach": "agile",
		"change_team": {
			"fte": 4,
			"full_time": true,
		},
		"milestones": [
			{
				"name": "Shared care record live",
				"due": "2026-11-30",
			},
		],
	},
	"objectives": [
		{
			"name": "More outpatient appointments booked digitally",
			"metric": "share of outpatient appointments booked in the NHS App",
			"baseline": 5,
			"target": 40,
			"by": "2028-03-31",
			"journey": "Diabetes care",
		},
	],
	"benefits": [
		{
			"name": "Fewer missed appointments",
			"metric": "DNA rate",
			"baseline": 8,
			"target": 5,
			"by": "2028-03-31",
			"owner": "COO",
		},
	],
	"interoperability": {
		"standards": ["nhs_number", "fhir_uk_core", "snomed_ct", "dm_d"],
		"nhs_number_primary_identifier": true,
	},
	"legacy": {
		"systems": [
			{
				"name": "Legacy PAS",
				"end_of_support": "2027-06-30",
				"action": "replace",
				"by": "2027-03-31",
			},
		],
	},
	"maturity": {
		"framework": "what_good_looks_like",
		"completed": "2025-11-01",
		"scores": {
			"well_led": 3,
			"smart_foundations": 2,
			"safe_practice": 3,
			"support_people": 2,
			"empower_citizens": 2,
			"improve_care": 2,
			"healthy_populations": 1,
		},
	},
	"foundations_first": true,
	"lessons": [
		{
			"source": "NPfIT",
			"lesson": "centrally imposed systems without local clinical ownership failed",
			"applied": "local clinical design authority signs off configuration",
		},
	],
	"risks": [
		{
			"description": "supplier delay",
			"owner": "CDIO",
			"mitigation": "phased contract with exit points",
		},
	],
	"waivers": [
		{
			"recommendation": "wg-spend-reprioritised",
			"reason": "capital allocation fixed by the ICS until April 2027",
			"approved_by": "ICB Board, minute 2026/041",
			"expires": "2027-04-30",
		},
	],
}
