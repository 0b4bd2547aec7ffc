# METADATA
# title: Patient trust in the use of health data
# description: >-
#   The plan earns patients' trust in how their data is used: it tells them
#   openly, has assessed the privacy risks, respects the national data
#   opt-out, and talks with the public about the use of their data.
# related_resources:
#   - ref: https://www.gov.uk/government/publications/putting-data-digital-and-tech-at-the-heart-of-transforming-the-nhs/putting-data-digital-and-tech-at-the-heart-of-transforming-the-nhs
#     description: Putting data, digital and tech at the heart of transforming the NHS
# custom:
#   id: wg-data-trust
#   framework: wade-gery
#   severity: must
#   source:
#     document: Putting data, digital and tech at the heart of transforming the NHS (Wade-Gery review, November 2021)
#     section: Recommendations, as reported on publication (25 November 2021)
#     url: https://www.gov.uk/government/publications/putting-data-digital-and-tech-at-the-heart-of-transforming-the-nhs/putting-data-digital-and-tech-at-the-heart-of-transforming-the-nhs
#     quote: working to improve patient trust in the use of health data
#   remediation: >-
#     Under data, link the transparency notice that tells patients how their data
#     is used, give the date (and reference) of the completed data protection
#     impact assessment, confirm that the national data opt-out is applied, and
#     describe how the public was engaged and the organisation's DSPT status.
#   meets:
#     - data.transparency_notice is given
#     - data.dpia.completed is a date (YYYY-MM-DD) not after the plan date (a DPIA dated later is not done yet)
#     - data.national_data_opt_out is true
#   advice:
#     - data.public_engagement is given, and its date is not after the plan date
#     - data.dspt is standards_met or standards_exceeded
#   changes:
#     - version: 2
#       what: >-
#         a DPIA dated after the plan date is not done yet (a miss); a public engagement dated
#         after it is advice
#   example: |
#     data:
#       transparency_notice: https://northshire.example/how-we-use-your-data
#       dpia: {completed: 2026-01-15, reference: docs/dpia.pdf}
#       national_data_opt_out: true
#       public_engagement: {methods: [citizens_jury], date: 2026-01-20}
#       dspt: standards_met
package plancheck.rules["wg-data-trust"]

import data.plancheck.lib
import input.plan

findings contains lib.miss("data.transparency_notice", msg) if {
	not plan.data.transparency_notice
	msg := "no transparency notice is given to tell patients how their data is used"
}

findings contains lib.miss("data.dpia.completed", msg) if {
	not plan.data.dpia.completed
	msg := "no completed DPIA date: give the date the data protection impact assessment was completed"
}

findings contains lib.miss("data.dpia.completed", msg) if {
	completed := plan.data.dpia.completed
	not lib.is_date(completed)
	msg := sprintf("the DPIA completion date %v is not a date (write it as YYYY-MM-DD)", [completed])
}

# Evidence of something completed, dated after the plan date, has not been
# done yet.
findings contains lib.miss("data.dpia.completed", msg) if {
	completed := plan.data.dpia.completed
	completed > lib.plan_date
	lib.is_date(completed)
	msg := sprintf(
		concat(" ", [
			"the DPIA is dated %s, after the plan date %s: it has not been",
			"completed yet",
		]),
		[completed, lib.plan_date],
	)
}

findings contains lib.miss("data.national_data_opt_out", msg) if {
	not plan.data.national_data_opt_out == true
	msg := "the national data opt-out is not said to be applied (national_data_opt_out is not true)"
}

findings contains lib.advice("data.public_engagement", msg) if {
	not plan.data.public_engagement
	msg := "no public engagement on the use of health data is described"
}

findings contains lib.advice("data.public_engagement.date", msg) if {
	engaged := plan.data.public_engagement.date
	engaged > lib.plan_date
	lib.is_date(engaged)
	msg := sprintf(
		concat(" ", [
			"the public engagement is dated %s, after the plan date %s: it has not",
			"happened yet",
		]),
		[engaged, lib.plan_date],
	)
}

findings contains lib.advice("data.dspt", msg) if {
	not plan.data.dspt
	msg := "the Data Security and Protection Toolkit (DSPT) status is not given"
}

findings contains lib.advice("data.dspt", msg) if {
	dspt := plan.data.dspt
	not good_dspt(dspt)
	msg := sprintf("the DSPT status is %v; standards_met or standards_exceeded is advised", [dspt])
}

good_dspt(dspt) if {
	some status in ["standards_met", "standards_exceeded"]
	lib.is(dspt, status)
}
