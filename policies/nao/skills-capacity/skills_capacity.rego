# METADATA
# title: Skills and capacity to deliver
# description: >-
#   The plan knows the digital skills it has and needs: it has a workforce
#   plan, and it names the roles it will staff, with how many full-time
#   equivalents each needs.
# related_resources:
#   - ref: https://www.nao.org.uk/reports/the-use-of-digital-technology-in-the-nhs/
#     description: National Audit Office, Digital transformation in the NHS (HC 317, 15 May 2020)
# custom:
#   id: nao-skills-capacity
#   framework: nao
#   severity: must
#   source:
#     document: National Audit Office, Digital transformation in the NHS (HC 317, 15 May 2020)
#     section: Report conclusions
#     url: https://www.nao.org.uk/reports/the-use-of-digital-technology-in-the-nhs/
#     quote: insufficient skills and capability
#   remediation: >-
#     Point skills.workforce_plan to the digital workforce plan, list under
#     skills.roles the roles needed to deliver with their full-time
#     equivalents (fte), and assess current digital skills and capability.
#   meets:
#     - skills.workforce_plan is given
#     - skills.roles has at least one role with an fte above 0
#   advice:
#     - skills.capability_assessment is given, and its completed date is not after the plan date
#   changes:
#     - version: 2
#       what: >-
#         a capability assessment dated after the plan date is advice, as not done yet
#   example: |
#     skills:
#       capability_assessment: {completed: 2026-01-10, reference: docs/capability.pdf}
#       workforce_plan: docs/workforce-plan.pdf
#       roles: [{role: clinical safety officer, fte: 1}, {role: data engineer, fte: 3}]
package plancheck.rules["nao-skills-capacity"]

import data.plancheck.lib
import input.plan

staffed if {
	some r in lib.items(plan.skills.roles)
	fte := r.fte
	is_number(fte)
	fte > 0
}

findings contains lib.miss("skills.workforce_plan", msg) if {
	not plan.skills.workforce_plan
	msg := "no workforce plan for the digital skills the plan needs is given"
}

findings contains lib.miss("skills.roles", msg) if {
	not lib.filled_at(["skills", "roles"])
	msg := "no roles are listed with the full-time equivalents (fte) needed to deliver the plan"
}

findings contains lib.miss("skills.roles", msg) if {
	not staffed
	lib.filled_at(["skills", "roles"])
	msg := sprintf("%s a number of full-time equivalents (fte) above 0", [roles_lacking])
}

findings contains lib.advice("skills.capability_assessment", msg) if {
	not plan.skills.capability_assessment
	msg := "no assessment of current digital skills and capability is given"
}

# An assessment dated after the plan date has not been done yet: here that
# is advice, as the assessment itself is.
findings contains lib.advice("skills.capability_assessment.completed", msg) if {
	completed := plan.skills.capability_assessment.completed
	completed > lib.plan_date
	lib.is_date(completed)
	msg := sprintf(
		concat(" ", [
			"the capability assessment is dated %s, after the plan date %s: it has",
			"not been done yet",
		]),
		[completed, lib.plan_date],
	)
}

# roles_lacking begins the message of a plan whose roles have no fte,
# in the singular when one role is listed.
roles_lacking := "the one role listed does not have" if {
	lib.filled_count(plan.skills.roles) == 1
} else := sprintf("none of the %d roles listed has", [lib.filled_count(plan.skills.roles)])
