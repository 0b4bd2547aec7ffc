# METADATA
# title: plancheck entrypoint
# description: |
#   Evaluates every recommendation for one plan in a single query: the
#   engine prepares data.plancheck.main.report once and evaluates it per
#   plan. Recommendations live at data.plancheck.rules[id], each with a set
#   of findings and, when it applies only to some plans, applicable.
#
#   Statuses are worked out on whole sets (comprehensions, set difference)
#   rather than by a rule per id: looking a partial rule up by key makes
#   OPA evaluate its body again, and that cost a third of the evaluation.
package plancheck.main

import data.plancheck.lib
import input.plan

# METADATA
# entrypoint: true
# description: |
#   status: each recommendation's verdict (met, missed, waived or
#   not_applicable); findings: each one's findings; waived: the waiver
#   applied to each waived one; waivers: findings about the plan's waivers.
report := {
	"status": status,
	"findings": findings,
	"waived": waived,
	"waivers": waiver_findings,
}

findings := {id: fs | some id; fs := data.plancheck.rules[id].findings}

not_applicable := {id | some id; data.plancheck.rules[id].applicable == false}

# A recommendation is missed when it has a must finding, unless it is not
# applicable or a valid waiver covers it.
with_must := {id |
	some id, fs in findings
	some f in fs
	f.level == "must"
}

applicable_misses := with_must - not_applicable

# The first valid waiver, in the plan's order, waives a recommendation.
waived := {id: ws[0] |
	some id in applicable_misses
	ws := [w | some w in valid_waivers; w.recommendation == id]
	count(ws) > 0
}

missed := applicable_misses - object.keys(waived)

met := (object.keys(findings) - with_must) - not_applicable

status := object.union_n([
	{id: "met" | some id in met},
	{id: "missed" | some id in missed},
	{id: "waived" | some id, _ in waived},
	{id: "not_applicable" | some id in not_applicable},
])

# A waiver is valid when it names a recommendation, gives a reason and who
# approved it, as text, and an expiry date that has not passed.
valid_waivers := [w |
	some w in lib.items(plan.waivers)
	is_string(w.recommendation)
	is_string(w.reason)
	is_string(w.approved_by)
	lib.is_date(w.expires)
	w.expires >= lib.today
]

waiver_findings contains lib.must(sprintf("waivers[%d].expires", [i]), msg) if {
	some i, w in lib.items(plan.waivers)
	w.expires < lib.today
	lib.is_date(w.expires)
	msg := sprintf("the waiver for %v expired on %s, so it no longer applies", [w.recommendation, w.expires])
}

waiver_findings contains lib.must(sprintf("waivers[%d].recommendation", [i]), msg) if {
	some i, w in lib.items(plan.waivers)
	id := w.recommendation
	is_string(id)
	not findings[id]
	msg := sprintf("the waiver names %q, which is not a recommendation id (see plancheck rules)", [id])
}
