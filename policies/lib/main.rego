# METADATA
# title: plancheck entrypoint
# description: |
#   Evaluates every recommendation for one plan in a single query: the
#   engine prepares data.plancheck.main.report once and evaluates it per
#   plan. Recommendations live at data.plancheck.rules[id], each with a set
#   of findings and, when it applies only to some plans, applicable.
package plancheck.main

import data.plancheck.lib

# METADATA
# entrypoint: true
# description: Each recommendation's status and findings, and the findings about the plan's waivers.
report := {"results": results, "waivers": waiver_findings}

results[id] := outcome(id, findings) if {
	some id
	findings := data.plancheck.rules[id].findings
}

# A recommendation is not applicable when its package says so; else it is
# missed when it has a must finding, unless a valid waiver covers it.
outcome(id, findings) := {"status": "not_applicable", "findings": []} if {
	data.plancheck.rules[id].applicable == false
} else := {"status": "met", "findings": findings} if {
	not has_must(findings)
} else := {"status": "waived", "findings": findings, "waiver": waiver} if {
	waiver := valid_waivers(id)[0]
} else := {"status": "missed", "findings": findings}

has_must(findings) if {
	some f in findings
	f.level == "must"
}

# valid_waivers lists, in the plan's order, the valid waivers for id; the
# first one waives it.
valid_waivers(id) := [w |
	some w in lib.items(lib.plan.waivers)
	w.recommendation == id
	valid(w)
]

# A waiver is valid when it gives a reason, who approved it, and an expiry
# date that has not passed.
valid(w) if {
	lib.present(w.reason)
	lib.present(w.approved_by)
	lib.is_date(w.expires)
	w.expires >= lib.today
}

waiver_findings contains lib.must(sprintf("waivers[%d].expires", [i]), msg) if {
	some i, w in lib.items(lib.plan.waivers)
	lib.is_date(w.expires)
	w.expires < lib.today
	msg := sprintf("the waiver for %v expired on %s, so it no longer applies", [w.recommendation, w.expires])
}

waiver_findings contains lib.must(sprintf("waivers[%d].recommendation", [i]), msg) if {
	some i, w in lib.items(lib.plan.waivers)
	is_string(w.recommendation)
	not results[w.recommendation]
	msg := sprintf("the waiver names %q, which is not a recommendation id (see plancheck rules)", [w.recommendation])
}
