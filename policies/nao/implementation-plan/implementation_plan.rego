# METADATA
# title: Implementation plan with measurable objectives
# description: >-
#   The plan turns its ambition into objectives that can be measured, each
#   with a metric, a baseline, a target and a date inside the plan period,
#   and into dated delivery milestones.
# related_resources:
#   - ref: https://www.nao.org.uk/reports/the-use-of-digital-technology-in-the-nhs/
#     description: National Audit Office, Digital transformation in the NHS (HC 317, 15 May 2020)
# custom:
#   id: nao-implementation-plan
#   framework: nao
#   severity: must
#   source:
#     document: National Audit Office, Digital transformation in the NHS (HC 317, 15 May 2020)
#     section: Report conclusions
#     url: https://www.nao.org.uk/reports/the-use-of-digital-technology-in-the-nhs/
#     quote: >-
#       set a clear direction for local organisations and to ensure resources are directed to the right
#       priorities nationally
#   remediation: >-
#     Give at least one objective with a metric, a numeric baseline and target,
#     and a "by" date inside the plan period, and list delivery milestones with
#     due dates, including intermediate ones in the plan's first year.
#   meets:
#     - objectives has at least one entry
#     - every objective has a metric, a numeric baseline and target, and a by date inside the plan period
#     - delivery.milestones has at least one entry with a due date
#   advice:
#     - a milestone falls within 12 months of the plan's start (an intermediate target)
#   example: |
#     objectives:
#       - name: More outpatient appointments booked digitally
#         metric: share of outpatient appointments booked in the NHS App
#         baseline: 5
#         target: 40
#         by: 2028-03-31
#     delivery:
#       milestones:
#         - {name: Shared care record live, due: 2026-11-30}
package plancheck.rules["nao-implementation-plan"]

import data.plancheck.lib
import input.plan

objectives := lib.items(object.get(plan, "objectives", []))

milestones := lib.items(object.get(plan, ["delivery", "milestones"], []))

findings contains lib.miss("objectives", msg) if {
	not lib.filled_at(["objectives"])
	msg := concat(" ", [
		"no objectives are given: say what the plan will change, and how it",
		"will be measured",
	])
}

findings contains lib.miss(sprintf("objectives[%d].metric", [i]), msg) if {
	some i, o in objectives
	lib.says(o)
	not o.metric
	msg := sprintf("objective %s has no metric", [lib.name(o, i)])
}

findings contains lib.miss(sprintf("objectives[%d].%s", [i, field]), msg) if {
	some i, o in objectives
	lib.says(o)
	some field in ["baseline", "target"]
	not is_number(object.get(o, field, null))
	msg := sprintf("objective %s has no numeric %s", [lib.name(o, i), field])
}

findings contains lib.miss(sprintf("objectives[%d].by", [i]), msg) if {
	some i, o in objectives
	lib.says(o)
	not o.by
	msg := sprintf("objective %s has no date to be met by", [lib.name(o, i)])
}

findings contains lib.miss(sprintf("objectives[%d].by", [i]), msg) if {
	some i, o in objectives
	lib.says(o)
	why := lib.not_in_period(o.by)
	msg := sprintf("objective %s: %s", [lib.name(o, i), why])
}

findings contains lib.miss("delivery.milestones", "no delivery milestone has a due date") if {
	count(dated) == 0
}

findings contains lib.advice("delivery.milestones", msg) if {
	count(dated) > 0
	start := lib.period_start
	first_year_end := lib.add_years(start, 1)
	every d in dated {
		not within(d, start, first_year_end)
	}
	msg := sprintf(
		concat(" ", [
			"no milestone falls in the plan's first 12 months (%s to %s): add",
			"intermediate targets",
		]),
		[start, first_year_end],
	)
}

dated contains m.due if {
	some m in milestones
	lib.is_date(m.due)
}

within(d, from, to) if {
	d >= from
	d <= to
}
