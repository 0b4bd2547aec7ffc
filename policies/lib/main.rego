# METADATA
# title: plancheck catalogue
# description: |
#   Evaluates every rule for one plan in a single query: the engine
#   prepares data.plancheck.main.report once and evaluates it per plan.
#   Rules live at data.plancheck.rules[id], each with a set of findings;
#   a rule that applies only to some plans defines applicable, and one
#   that cannot be waived defines waivable := false.
#
#   Statuses are worked out on whole sets (comprehensions, set difference)
#   rather than by a rule per id: looking a partial rule up by key makes
#   OPA evaluate its body again, and that cost a third of the evaluation.
#
#   This METADATA describes the catalogue as a whole: its version, and the
#   frameworks its rules belong to, in the order reports show them.
# custom:
#   catalogue_version: 1
#   frameworks:
#     - id: wade-gery
#       title: Wade-Gery review (2021)
#       citation: Wade-Gery review, 2021
#     - id: nao
#       title: National Audit Office (2020)
#       citation: NAO, Digital transformation in the NHS, 2020
#     - id: plancheck
#       title: Plan format
#       citation: plan format, version 1
package plancheck.main

import data.plancheck.lib
import input.plan

# METADATA
# entrypoint: true
# description: |
#   status: each rule's verdict (met, missed, waived or not_applicable);
#   findings: each one's findings; waived: the waiver applied to each
#   waived one.
report := {
	"status": status,
	"findings": findings,
	"waived": waived,
}

findings[id] := fs if {
	some id
	fs := data.plancheck.rules[id].findings
}

not_applicable contains id if {
	some id
	data.plancheck.rules[id].applicable == false
}

# A rule is missed when it has a miss, unless it is not applicable or a
# valid waiver covers it.
with_must contains id if {
	some id, fs in findings
	some f in fs
	f.level == "must"
}

applicable_misses := with_must - not_applicable

# The first valid waiver, in the plan's order, waives a rule.
waived[id] := ws[0] if {
	some id in applicable_misses
	not data.plancheck.rules[id].waivable == false
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
