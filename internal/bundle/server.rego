# METADATA
# title: plancheck on an OPA server
# description: |
#   The decision a stock OPA server makes for a plan posted as its user
#   would post it: the plan's JSON as written, empty values and all, and
#   the run date,
#
#     POST /v1/data/plancheck/server/report
#     {"input": {"plan": <the plan>, "today": "YYYY-MM-DD"}}
#
#   It leaves the plan's empty values out as plancheck's engine does
#   (lib.prune) and evaluates the catalogue's own entrypoint,
#   data.plancheck.main.report, so every recommendation's status, findings
#   and waiver are plancheck's. Without today, the server's own date is
#   used, and the decision says which.
#
#   plan-format is coarser here: its findings come from checking the plan
#   against the plan format's JSON Schema (data.plancheck.schema, what
#   plancheck schema prints) with json.match_schema, not from plancheck's
#   own checks, which also find misspelt keys, periods that end before
#   they start, waivers that name no recommendation and missing evidence
#   files, and word their messages for planners. plancheck lint --bundle
#   runs those checks with this same catalogue.
#
#   plancheck's engine never compiles this package: json.match_schema is
#   outside the capabilities it allows, and lint runs the format checks
#   itself.
package plancheck.server

import data.plancheck.lib

# METADATA
# entrypoint: true
# description: |
#   status, findings and waived as data.plancheck.main.report gives them,
#   keyed by rule id, with the run date used; or, when the input is not a
#   plan and a date, errors that say what to post.
report := {"errors": problems} if {
	count(problems) > 0
} else := object.union(checked, {"today": today}) if {
	# The catalogue reads the plan and the date from the input, as the
	# engine passes them; only `with` hands it the pruned plan here.
	# regal ignore:with-outside-test-context
	checked := data.plancheck.main.report with input as {
		"plan": lib.prune(input.plan),
		"today": today,
		"schema_findings": schema_findings,
	}
}

today := input.today if {
	input.today != null
} else := time.format([time.now_ns(), "Local", "2006-01-02"])

problems contains `post the plan as input.plan: {"input": {"plan": {...}, "today": "YYYY-MM-DD"}}` if {
	not input.plan
}

problems contains sprintf("input.plan is %s, not a mapping of keys", [type_name(p)]) if {
	p := input.plan
	not is_object(p)
}

problems contains sprintf("input.today is %v, not a date written YYYY-MM-DD", [today]) if {
	not lib.is_date(today)
}

# The plan as written, checked against the plan format's JSON Schema:
# each error is a miss of plan-format at the field it is about.
schema_findings := [lib.miss(schema_path(e), e.desc) |
	some e in json.match_schema(input.plan, data.plancheck.schema)[1]
]

# schema_path writes a JSON Schema error's field (organisation.type,
# waivers.0.reason, "(root)") as a plancheck path (waivers[0].reason);
# a required key's path is the key's own.
schema_path(e) := dotted(e.field, trim_suffix(e.desc, " is required")) if {
	e.type == "required"
} else := dotted(e.field, "")

dotted(field, key) := concat(".", [p | some p in [indexed(field), key]; p != ""])

indexed(field) := "" if {
	field == "(root)"
} else := trim_prefix(concat("", [segment(s) | some s in split(field, ".")]), ".")

segment(s) := sprintf("[%s]", [s]) if {
	regex.match(`^[0-9]+$`, s)
} else := concat("", [".", s])
