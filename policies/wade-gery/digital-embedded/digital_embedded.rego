# METADATA
# title: Digital at the heart of service transformation
# description: >-
#   Digital is part of how care is transformed, not a separate project: digital
#   leadership sits inside service transformation, and the plan's objectives
#   serve the care journeys that the plan is organised around.
# related_resources:
#   - ref: https://www.gov.uk/government/publications/putting-data-digital-and-tech-at-the-heart-of-transforming-the-nhs/putting-data-digital-and-tech-at-the-heart-of-transforming-the-nhs
#     description: Putting data, digital and tech at the heart of transforming the NHS
# custom:
#   id: wg-digital-embedded
#   framework: wade-gery
#   severity: must
#   source:
#     document: Putting data, digital and tech at the heart of transforming the NHS (Wade-Gery review, November 2021)
#     section: Recommendations, as reported on publication (25 November 2021)
#     url: https://www.gov.uk/government/publications/putting-data-digital-and-tech-at-the-heart-of-transforming-the-nhs/putting-data-digital-and-tech-at-the-heart-of-transforming-the-nhs
#     quote: digital technology should be central to transforming care
#   remediation: >-
#     Set governance.digital_in_transformation to true when digital leadership sits
#     inside service transformation, list the care journeys under patients.journeys,
#     and give each objective the journey it serves, spelt as in that list.
#   meets:
#     - governance.digital_in_transformation is true
#     - at least one objective names a journey that is listed in patients.journeys
#   advice:
#     - every objective names the care journey it serves
#   example: |
#     governance:
#       digital_in_transformation: true
#     patients:
#       journeys: [Diabetes care, Maternity]
#     objectives:
#       - name: More outpatient appointments booked digitally
#         metric: share of outpatient appointments booked in the NHS App
#         baseline: 5
#         target: 40
#         by: 2028-03-31
#         journey: Diabetes care
package plancheck.rules["wg-digital-embedded"]

import data.plancheck.lib
import input.plan

# An objective serves a listed journey when its journey is one of
# patients.journeys, whatever the case and the white space. The first
# rule is the common case, the same text in both lists, without
# normalising every journey.
serves_listed_journey if {
	journeys := plan.patients.journeys
	is_array(journeys)
	objectives := plan.objectives
	is_array(objectives)
	some o in objectives
	j := o.journey
	is_string(j)
	j in journeys
}

serves_listed_journey if {
	some o in lib.items(plan.objectives)
	key(o.journey) in listed
}

# The listed journeys, normalised. A list keeps its empty entries (null,
# blank text, [] and {}): they name no journey. A journey written as text
# where the list belongs lists that one journey (plan-format reports the
# type), as wg-patient-centred takes it as given.
listed contains k if {
	some j in plan_journeys
	k := key(j)
	not k in {"", null, [], {}}
}

# plan_journeys are the journeys as the plan writes them.
plan_journeys := [j] if {
	j := plan.patients.journeys
	is_string(j)
} else := lib.items(plan.patients.journeys)

# key is how journeys are compared: equal after lower-casing and collapsing
# white space ("Diabetes  care" is "diabetes care").
key(j) := regex.replace(lower(trim_space(j)), `\s+`, " ") if {
	is_string(j)
} else := j

findings contains lib.miss("governance.digital_in_transformation", msg) if {
	not plan.governance.digital_in_transformation == true
	msg := "digital leadership is not said to sit inside service transformation (digital_in_transformation is not true)"
}

findings contains lib.miss("objectives", msg) if {
	not serves_listed_journey
	count(listed) > 0
	written := [lib.quote(j) | some j in plan_journeys; not key(j) in {"", null, [], {}}]
	msg := sprintf("no objective names one of the care journeys in patients.journeys (%s)", [concat(", ", written)])
}

findings contains lib.miss("objectives", msg) if {
	not serves_listed_journey
	count(listed) == 0
	msg := "no objective can name a care journey the plan lists: patients.journeys lists none"
}

findings contains lib.advice(sprintf("objectives[%d].journey", [i]), msg) if {
	some i, o in lib.items(plan.objectives)
	not o.journey
	msg := sprintf("objective %s does not name the care journey it serves", [lib.name(o, i)])
}
