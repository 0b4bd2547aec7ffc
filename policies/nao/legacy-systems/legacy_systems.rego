# METADATA
# title: Legacy systems have a plan
# description: >-
#   The plan lists its legacy systems and says, for each, whether it will be
#   replaced, retired or retained, and by when. A system already out of
#   support when the plan starts is replaced or retired within the plan.
# related_resources:
#   - ref: https://www.nao.org.uk/reports/the-use-of-digital-technology-in-the-nhs/
#     description: National Audit Office, Digital transformation in the NHS (HC 317, 15 May 2020)
# custom:
#   id: nao-legacy-systems
#   framework: nao
#   severity: must
#   source:
#     document: National Audit Office, Digital transformation in the NHS (HC 317, 15 May 2020)
#     section: Report conclusions
#     url: https://www.nao.org.uk/reports/the-use-of-digital-technology-in-the-nhs/
#     quote: outdated IT systems that do not connect to other systems and competing demands on their resources
#   remediation: >-
#     List each legacy system under legacy.systems with its end_of_support
#     date, an action (replace, retire or retain) and a "by" date; replace or
#     retire within the plan period any system that is out of support when the
#     plan starts. Write `legacy: {systems: []}` when there are none.
#   meets:
#     - legacy.systems is given as a list (an empty list when there are no legacy systems)
#     - every system has an action and a by date
#     - >-
#       a system whose end_of_support is before the plan's start has the action replace or retire, with a by
#       date no later than the end of the plan period (a by before the start means it is done already)
#   advice:
#     - every system has an end_of_support date
#   example: |
#     legacy:
#       systems:
#         - {name: Legacy PAS, end_of_support: 2027-06-30, action: replace, by: 2027-03-31}
package plancheck.rules["nao-legacy-systems"]

import data.plancheck.lib
import input.plan

# A system is past support when its support ended before the plan starts;
# on the start day itself it is still supported. Such a system is replaced
# or retired by the end of the plan period (or already was, before the
# start): the finding is at the field to change, and names the date it is
# compared with.
out_of_support contains [i, s, end] if {
	some i, s in lib.items(plan.legacy.systems)
	end := s.end_of_support
	end < lib.period_start
	lib.is_date(end)
}

# period_end_note gives the plan period's end, in brackets, for a message;
# nothing when the plan has no valid end (plan-format reports it), so that
# the finding, which needs only the start, is not lost with it.
default period_end_note := ""

period_end_note := sprintf(" (%s)", [lib.period_end])

removed(action) if lib.token(action) in object.keys(done)

done := {"replace": "replaced", "retire": "retired"}

findings contains lib.miss("legacy.systems", msg) if {
	not plan.legacy.systems
	msg := "legacy systems are not listed: list them, or write `legacy: {systems: []}` when there are none"
}

findings contains lib.miss("legacy.systems", msg) if {
	systems := plan.legacy.systems
	not is_array(systems)
	msg := "legacy.systems is not a list: list each system, or write `legacy: {systems: []}` when there are none"
}

findings contains lib.miss(sprintf("legacy.systems[%d].action", [i]), msg) if {
	some i, s in lib.items(plan.legacy.systems)
	not s.action
	msg := sprintf("legacy system %s has no action (replace, retire or retain)", [lib.name(s, i)])
}

findings contains lib.miss(sprintf("legacy.systems[%d].by", [i]), msg) if {
	some i, s in lib.items(plan.legacy.systems)
	not s.by
	msg := sprintf("legacy system %s has no date by which its action is done", [lib.name(s, i)])
}

findings contains lib.miss(sprintf("legacy.systems[%d].by", [i]), msg) if {
	some i, s in lib.items(plan.legacy.systems)
	by := s.by
	not lib.is_date(by)
	msg := sprintf("legacy system %s: by %v is not a date (write it as YYYY-MM-DD)", [lib.name(s, i), by])
}

findings contains lib.miss(sprintf("legacy.systems[%d].action", [i]), msg) if {
	some [i, s, end] in out_of_support
	action := s.action
	not removed(action)
	msg := sprintf(
		concat(" ", [
			"legacy system %s lost support on %s, before the plan starts (%s), but",
			"its action is %s: replace or retire it by the end of the plan period%s",
		]),
		[
			lib.name(s, i), end, lib.period_start, lib.quote(action), period_end_note,
		],
	)
}

findings contains lib.miss(sprintf("legacy.systems[%d].by", [i]), msg) if {
	some [i, s, end] in out_of_support
	removed(s.action)
	by := s.by
	by > lib.period_end
	lib.is_date(by)
	msg := sprintf(
		concat(" ", [
			"legacy system %s lost support on %s, before the plan starts (%s): it",
			"is to be %s by %s, after the plan period ends (%s); bring that date",
			"within the plan period",
		]),
		[
			lib.name(s, i), end, lib.period_start, done[lib.token(s.action)], by, lib.period_end,
		],
	)
}

findings contains lib.advice(sprintf("legacy.systems[%d].end_of_support", [i]), msg) if {
	some i, s in lib.items(plan.legacy.systems)
	not s.end_of_support
	msg := sprintf("legacy system %s has no end-of-support date", [lib.name(s, i)])
}

findings contains lib.advice(sprintf("legacy.systems[%d].end_of_support", [i]), msg) if {
	some i, s in lib.items(plan.legacy.systems)
	end := s.end_of_support
	not lib.is_date(end)
	msg := sprintf("legacy system %s: end of support %v is not a date (write it as YYYY-MM-DD)", [lib.name(s, i), end])
}
