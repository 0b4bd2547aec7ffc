# METADATA
# title: Plan follows plan format version 1
# description: >-
#   The plan file has the required keys, values of the right types, values
#   inside each closed list, known keys, and valid waivers.
# custom:
#   id: plan-format
#   kind: format
#   framework: plancheck
#   severity: must
#   source:
#     document: plancheck plan format, version 1
#     section: Rules of the format
#     url: spec/plan-format.md
#   remediation: >-
#     Fix the fields named in the findings; `plancheck schema` prints the
#     format for editors, and `plancheck init` writes a template.
#   meets:
#     - plancheck is 1, and organisation.name, plan.title and plan.period (start and end) are given
#     - the plan period ends after it starts
#     - every value has the type the format gives its key, and a value of a closed list is one of the listed values
#     - >-
#       every waiver names a recommendation that can be waived, a reason, who approved it and an expiry date
#       that has not passed
#   advice:
#     - every key is one the format defines (a near spelling gets "did you mean")
#   changes:
#     - version: 2
#       what: >-
#         an organisation.type outside the list is a miss; an approval dated after today is advice
#         and an approval date that is not a date a miss
#     - version: 2
#       what: >-
#         an incomplete waiver (no known recommendation, reason, approver or expiry) waives nothing
#         and is a miss; a waiver is valid through its expiry date
#     - version: 2
#       what: >-
#         evidence a plan cites by file name must exist (evidence references resolve); a near
#         spelling of a defined key is a miss
#   example: |
#     plancheck: 1
#     organisation: {name: Northshire Integrated Care Board, type: icb}
#     plan:
#       title: Northshire Digital Strategy 2026-2029
#       period: {start: 2026-04-01, end: 2029-03-31}
package plancheck.rules["plan-format"]

# The plan format's checks (required keys, types, closed lists, unknown
# and misspelt keys, incomplete waivers, evidence files) run before
# evaluation, where the file's own values are at hand, blanks and nulls
# included, and the catalogue's ids and the file system are known; they
# arrive as input.schema_findings.
findings contains f if some f in input.schema_findings

# Whether a plan follows its own format cannot be explained away.
waivable := false
