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
#   catalogue_version: 2
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
#   findings: each one's findings, with the advice about the waivers that
#   name it; waived: the waiver applied to each waived one.
report := {
	"status": status,
	"findings": findings,
	"waived": waived,
}

rule_findings[id] := fs if {
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
	some id, fs in rule_findings
	some f in fs
	miss_levels[f.level]
}

# "must" is the level's name in report format 1, which a custom policy
# written then may still use. (A lookup in a set costs less than "in".)
miss_levels := {"miss", "must"}

applicable_misses := with_must - not_applicable

missed := applicable_misses - object.keys(waived)

met := (object.keys(rule_findings) - with_must) - not_applicable

status := object.union_n([
	{id: "met" | some id in met},
	{id: "missed" | some id in missed},
	{id: "waived" | some id, _ in waived},
	{id: "not_applicable" | some id in not_applicable},
])

# A rule that does not apply keeps only the advice about its waivers: its
# own findings were worked out whatever the plan's scope.
findings := object.union(rule_or_none, {id: noted |
	some id, ns in notes
	noted := rule_or_none[id] | ns
})

rule_or_none := object.union(object.remove(rule_findings, not_applicable), {id: set() | some id in not_applicable})

notes[id] contains f if some [id, f] in waiver_notes

# Waivers ("comply or explain"). A waiver is complete when it names a rule
# that can be waived and gives a reason, an approver and an expiry date;
# plan-format reports one that is not, and it does nothing else. A complete
# waiver is valid through its expiry date.
complete contains i if {
	some i, w in lib.items(plan.waivers)
	is_string(w.reason)
	is_string(w.approved_by)
	lib.is_date(w.expires)
	rule_findings[w.recommendation]
	not data.plancheck.rules[w.recommendation].waivable == false
}

valid contains i if {
	some i in complete
	plan.waivers[i].expires >= lib.today
}

# The first valid waiver, in the plan's order, waives a missed rule.
first_valid[id] := min(is) if {
	some id, is in valid_for
	id in applicable_misses
}

# valid_for gives the valid waivers of each rule that one names.
valid_for[id] contains i if {
	some i in valid
	id := plan.waivers[i].recommendation
}

waived[id] := plan.waivers[i] if some id, i in first_valid

# Every other thing to say about a complete waiver is advice on the rule
# it names, as [id, finding] pairs.
waiver_notes contains [w.recommendation, lib.advice(sprintf("waivers[%d].expires", [i]), msg)] if {
	some i in complete
	w := plan.waivers[i]
	w.expires < lib.today
	msg := expired_note(w.recommendation, w.expires)
}

waiver_notes contains [id, lib.advice(sprintf("waivers[%d].expires", [i]), msg)] if {
	some id, i in first_valid
	expires := plan.waivers[i].expires
	lib.days_between(lib.today, expires) <= 60
	msg := sprintf(
		concat(" ", [
			"the waiver for %s expires on %s, within 60 days: renew it or meet the",
			"recommendation",
		]),
		[id, expires],
	)
}

waiver_notes contains [id, lib.advice(sprintf("waivers[%d]", [i]), msg)] if {
	some i in valid
	id := plan.waivers[i].recommendation
	not id in applicable_misses
	msg := sprintf("the waiver for %s is not needed: the recommendation is %s", [id, unwaived_status(id)])
}

waiver_notes contains [id, lib.advice(sprintf("waivers[%d]", [i]), msg)] if {
	some i in valid
	id := plan.waivers[i].recommendation
	first := first_valid[id]
	i != first
	msg := sprintf("another waiver for %s applies (waivers[%d]); this one is not used", [id, first])
}

# An expired waiver of a rule that is missed without it is to be renewed,
# or the rule met; one of a rule that is met, or does not apply, is no
# longer needed, and the planner is not told to renew it.
expired_note(id, expires) := msg if {
	id in applicable_misses
	msg := sprintf(
		concat(" ", [
			"the waiver for %s expired on %s, so it is judged as if unwaived: renew",
			"the waiver or meet it",
		]),
		[id, expires],
	)
} else := sprintf("the waiver for %s expired on %s and is not needed: the recommendation is %s", [
	id, expires, unwaived_status(id),
])

unwaived_status(id) := "met" if {
	id in met
} else := "not applicable to this plan"
