# METADATA
# title: Transformation designed around patients
# description: >-
#   The plan shows how patients shaped it: what user research was done and
#   how patients and the public are involved in designing the services, so
#   that change is built around patients' needs rather than the organisation.
# related_resources:
#   - ref: https://www.gov.uk/government/publications/putting-data-digital-and-tech-at-the-heart-of-transforming-the-nhs/putting-data-digital-and-tech-at-the-heart-of-transforming-the-nhs
#     description: Putting data, digital and tech at the heart of transforming the NHS
# custom:
#   id: wg-patient-centred
#   framework: wade-gery
#   severity: must
#   source:
#     document: Putting data, digital and tech at the heart of transforming the NHS (Wade-Gery review, November 2021)
#     section: Recommendations, as reported on publication (25 November 2021)
#     url: https://www.gov.uk/government/publications/putting-data-digital-and-tech-at-the-heart-of-transforming-the-nhs/putting-data-digital-and-tech-at-the-heart-of-transforming-the-nhs
#     quote: making future service transformation more patient centred
#   remediation: >-
#     Under patients, list the user research methods used (interviews, usability
#     testing…) and how many people took part, the ways patients are involved in
#     design (patient panel, co-design…), whether seldom-heard groups are reached,
#     and the care journeys the plan is organised around.
#   meets:
#     - patients.user_research.methods lists at least one research method
#     - patients.involvement.methods lists at least one way of involving patients
#   advice:
#     - patients.journeys names the care journeys the plan is organised around
#     - patients.involvement.seldom_heard_groups is true
#     - patients.user_research.participants is at least 10
#   example: |
#     patients:
#       user_research: {methods: [interviews, usability_testing], participants: 120}
#       involvement: {methods: [patient_panel, co_design], seldom_heard_groups: true}
#       journeys: [Diabetes care, Maternity]
package plancheck.rules["wg-patient-centred"]

import data.plancheck.lib
import input.plan

findings contains lib.miss("patients.user_research.methods", msg) if {
	not lib.given_at(["patients", "user_research", "methods"])
	msg := "no user research methods are given: say how the plan learned what patients need"
}

findings contains lib.miss("patients.involvement.methods", msg) if {
	not lib.given_at(["patients", "involvement", "methods"])
	msg := "no ways of involving patients in designing the services are given (patient panel, co-design…)"
}

findings contains lib.advice("patients.journeys", msg) if {
	not lib.given_at(["patients", "journeys"])
	msg := "the plan does not name the care journeys it is organised around"
}

findings contains lib.advice("patients.involvement.seldom_heard_groups", msg) if {
	not plan.patients.involvement.seldom_heard_groups == true
	msg := "patient involvement is not said to reach seldom-heard groups (seldom_heard_groups is not true)"
}

findings contains lib.advice("patients.user_research.participants", msg) if {
	not plan.patients.user_research.participants
	msg := "the number of people who took part in user research is not given"
}

findings contains lib.advice("patients.user_research.participants", msg) if {
	participants := plan.patients.user_research.participants
	not is_number(participants)
	msg := sprintf("the number of people who took part in user research is %s, not a number", [lib.quote(participants)])
}

findings contains lib.advice("patients.user_research.participants", msg) if {
	participants := plan.patients.user_research.participants
	participants < 10
	is_number(participants)
	msg := sprintf("%v people took part in user research; at least 10 are advised", [participants])
}
