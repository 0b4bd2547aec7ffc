# METADATA
# title: Lessons from past programmes applied
# description: >-
#   The plan records what was learned from earlier strategies and national
#   programmes, where each lesson comes from, and how this plan acts on it,
#   so that past failures are not repeated.
# related_resources:
#   - ref: https://www.nao.org.uk/reports/the-use-of-digital-technology-in-the-nhs/
#     description: National Audit Office, Digital transformation in the NHS (HC 317, 15 May 2020)
# custom:
#   id: nao-lessons-learned
#   framework: nao
#   severity: must
#   source:
#     document: National Audit Office, Digital transformation in the NHS (HC 317, 15 May 2020)
#     section: Content and scope of the report
#     url: https://www.nao.org.uk/reports/the-use-of-digital-technology-in-the-nhs/
#     quote: strategy and implementation plans, including lessons from past strategies and progress made to date
#   remediation: >-
#     List under lessons at least one lesson with its source (the programme or
#     strategy it comes from), the lesson itself, and how this plan applies it;
#     draw on national programmes such as NPfIT (the National Programme for IT)
#     or care.data as well as local experience.
#   meets:
#     - lessons has at least one entry with a source, a lesson and how it is applied
#   advice:
#     - a lesson's source names a national programme (the national programmes vocabulary)
#   vocabulary: [national_programmes]
#   changes:
#     - version: 2
#       what: >-
#         national programmes in a lesson's source are matched against the national programmes
#         vocabulary (advice only)
#   example: |
#     lessons:
#       - {source: NPfIT, lesson: centrally imposed systems without local clinical ownership failed,
#          applied: local clinical design authority signs off configuration}
package plancheck.rules["nao-lessons-learned"]

import data.plancheck.lib
import input.plan

# What a planner is told when a lesson lacks a field.
lacking := {
	"source": "does not say which programme or strategy it comes from",
	"lesson": "does not say what was learned",
	"applied": "does not say how it is applied",
}

any_complete if {
	some l in lib.items(plan.lessons)
	l.source
	l.lesson
	l.applied
}

# A lesson's source names a national programme of the vocabulary (NPfIT,
# care.data, GPDPR, the Global Digital Exemplars, the Spine ...).
names_national_programme if {
	some l in lib.items(plan.lessons)
	source := l.source
	is_string(source)
	lib.matches("national_programmes", source)
}

findings contains lib.miss("lessons", msg) if {
	not lib.filled_at(["lessons"])
	msg := "no lessons from past programmes are given: say what was learned, where from, and how this plan applies it"
}

# When no lesson is complete, each gap of each lesson is a finding; one
# complete lesson meets the recommendation.
findings contains lib.miss(sprintf("lessons[%d].%s", [i, field]), msg) if {
	not any_complete
	some i, l in lib.items(plan.lessons)
	lib.says(l)
	some field, text in lacking
	not l[field]
	msg := sprintf("lesson %d %s", [i + 1, text])
}

findings contains lib.advice("lessons", msg) if {
	not names_national_programme
	lib.filled_at(["lessons"])
	msg := concat(" ", [
		"no lesson's source names a past national programme, such as NPfIT (the",
		"National Programme for IT) or care.data",
	])
}
