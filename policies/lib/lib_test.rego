package plancheck.lib_test

import data.plancheck.lib
import data.plancheck.lib.testing as t

# The input leaves empty values out, as the engine does, so a plain
# reference tells presence; a list's entries stay, blank or not.
test_empty_values_are_left_out if {
	p := t.set("/inclusion", {"mitigations": [], "reference": "  ", "nested": {"x": null}, "kept": [""]}).plan
	p.inclusion == {"kept": [""]}
	q := t.set("/lessons/0/lesson", " ").plan
	not q.lessons[0].lesson
}

# An empty list is not present ("Present" means present and not "", [],
# {} or null), but where the plan format makes it an answer: legacy:
# {systems: []} says there are no legacy systems.
test_empty_lists_are_left_out_but_where_they_answer if {
	p := t.patch([
		{"op": "add", "path": "/data/transparency_notice", "value": []},
		{"op": "add", "path": "/legacy", "value": {"systems": []}},
	]).plan
	not p.data.transparency_notice
	p.legacy == {"systems": []}
	q := t.set("/legacy", {"systems": [], "note": " "}).plan
	q.legacy == {"systems": []}
	r := t.set("/legacy", {"systems": null}).plan
	not r.legacy
	s := t.set("/governance/owner", {"systems": [], "name": "x"}).plan
	s.governance.owner == {"name": "x"}
}

test_is_date if {
	lib.is_date("2026-04-01")
	not lib.is_date("2026-02-30")
	not lib.is_date("2026-4-1")
	not lib.is_date(input.x) with input as {"x": 20260401}
	not lib.is_date("2026-04-01T00:00:00Z")
	not lib.is_date("2026-04-31")
	not lib.is_date("2026-13-01")
	not lib.is_date("2026-00-10")
}

# Dates run from 0001-01-01 to 9999-12-31, as the plan format's own check
# reads them: the nanosecond clock of time.parse_ns ends in 2262.
test_is_date_across_the_calendar if {
	lib.is_date("9999-12-31")
	lib.is_date("2263-01-01")
	lib.is_date("0001-01-01")
	not lib.is_date("0000-01-01")
	not lib.is_date("10000-01-01")
	lib.is_date("2028-02-29")
	lib.is_date("2000-02-29")
	not lib.is_date("2100-02-29")
	not lib.is_date("2026-02-29")
}

test_add_years_stays_inside_the_calendar if {
	lib.add_years("2028-02-29", 1) == "2029-02-28"
	lib.add_years("2028-02-29", -4) == "2024-02-29"
	lib.add_years("9999-06-30", 1) == "9999-12-31"
	lib.add_years("0001-06-30", -2) == "0001-01-01"
}

test_plan_date_is_approval_date_else_today if {
	lib.plan_date == "2026-03-12" with input as t.good
	lib.plan_date == t.today with input as t.without("/plan/approved")
	lib.plan_date == t.today with input as t.set("/plan/approved/date", "March")
}

test_recent_window if {
	lib.recent_from == "2024-04-01" with input as t.good
	lib.recent("2024-04-01") with input as t.good
	lib.recent("2026-03-12") with input as t.good
	not lib.recent("2024-03-31") with input as t.good
	not lib.recent("2026-03-13") with input as t.good
}

test_recent_window_without_a_start_uses_the_plan_date if {
	lib.recent_from == "2024-03-12" with input as t.without("/plan/period")
	msg := lib.not_recent("2020-01-01") with input as t.without("/plan/period")
	msg == "it is dated 2020-01-01, more than 24 months before 2026-03-12 (the plan date)"
}

test_add_years if {
	lib.add_years("2026-04-01", -2) == "2024-04-01"
	lib.add_years("2028-02-29", -2) == "2026-02-28"
	lib.add_years("2028-02-29", -4) == "2024-02-29"
	lib.add_years("2100-02-28", 0) == "2100-02-28"
	not lib.leap_year(2100)
	lib.leap_year(2000)
}

test_not_recent_explains if {
	lib.not_recent("2020-01-01") == "it is dated 2020-01-01, more than 24 months before 2026-04-01 (the plan's start)" with input as t.good
	lib.not_recent("soon") == "soon is not a date (write it as YYYY-MM-DD)" with input as t.good
	not lib.not_recent("2025-01-01") with input as t.good
}

test_in_period if {
	lib.in_period("2026-04-01") with input as t.good
	lib.in_period("2029-03-31") with input as t.good
	not lib.in_period("2029-04-01") with input as t.good
	lib.not_in_period("2030-01-01") == "2030-01-01 is outside the plan period (2026-04-01 to 2029-03-31)" with input as t.good
	not lib.not_in_period("2030-01-01") with input as t.without("/plan/period")
}

test_items_scope_and_names if {
	lib.items([1]) == [1]
	lib.items("x") == []
	lib.in_scope("ai") with input as t.good
	not lib.in_scope("emerging_technology") with input as t.good
	lib.name({"name": "PAS"}, 0) == `"PAS"`
	lib.name({}, 2) == "number 3"
	lib.quote("a") == `"a"`
	lib.quote(3) == "3"
}

test_words_normalise_case_separators_and_one_plural_s if {
	lib.words("Consultant Psychiatrists") == ["consultant", "psychiatrist"]
	lib.words("IT-consultant/clinical_lead (ccio)") == ["it", "consultant", "clinical", "lead", "ccio"]
	lib.words("care.data") == ["care", "data"]
	lib.words("Boss's  class") == ["bos", "clas"]
	lib.words(" -- ") == []
}

test_matches_a_contiguous_run_in_order if {
	lib.matches("sponsor_titles.large", "Interim Chief Executive")
	not lib.matches("sponsor_titles.large", "Chief Operating Officer and Executive Director")
	lib.matches("clinical_roles", "consultant psychiatrist")
	not lib.matches("clinical_roles", "IT consultant")
	lib.matches("clinical_roles", "Midwives")
	lib.matches("digital_roles", "software developers")
	not lib.matches("committee_words", "Boardman")
	lib.matches("national_programmes", "Care.Data (2014)")
}

test_tokens_ignore_case_and_separators if {
	lib.token("FHIR UK Core") == lib.token("fhir_uk_core")
	lib.token("Six-Weekly") == "sixweekly"
	lib.in_scope("emerging_technology") with input as t.set("/plan/in_scope", ["Emerging Technology"])
	not lib.in_scope("ai") with input as t.set("/plan/in_scope", ["records"])
}

test_organisation_groups if {
	lib.org_type == "icb" with input as t.good
	lib.large with input as t.good
	lib.primary_care with input as t.set("/organisation/type", "GP practice")
	lib.primary_care with input as t.set("/organisation/type", "PCN")
	lib.large with input as t.set("/organisation/type", "Mental Health Trust")
	lib.large with input as t.without("/organisation/type")
	lib.org_type == "foundation_trust" with input as t.set("/organisation/type", "Foundation-Trust")
}

test_plan_date_is_today_when_approved_after_today if {
	lib.plan_date == t.today with input as t.set("/plan/approved/date", "2026-11-22")
	lib.plan_date == t.today with input as t.set("/plan/approved/date", t.today)
	lib.plan_date == "2026-11-20" with input as t.set("/plan/approved/date", "2026-11-20")
}

test_days_between_dates if {
	lib.days_between("2026-11-21", "2027-01-20") == 60
	lib.days_between("2028-02-28", "2028-03-01") == 2
	lib.days_between("2027-02-28", "2027-03-01") == 1
	lib.days_between("0001-01-01", "9999-12-31") == 3652058
	lib.days_between("2026-11-21", "2026-11-20") == -1
}

test_pounds if {
	lib.pounds(12500000) == "£12,500,000"
	lib.pounds(999) == "£999"
	lib.pounds(1000) == "£1,000"
	lib.pounds(0) == "£0"
	lib.pounds(-2500) == "-£2,500"
	lib.pounds(1200000.5) == "£1,200,000.50"
	lib.pounds(199999.99) == "£199,999.99"
	lib.pounds(1234567.89) == "£1,234,567.89"
	lib.pounds(50000.01) == "£50,000.01"
	lib.pounds(250000 - 199999.99) == "£50,000.01"
	lib.pounds(0.999) == "£1"
	lib.pounds(-0.5) == "-£0.50"
	lib.pounds(-0.001) == "£0"
}

# lib.prune is the engine's pruning written in Rego, for plans posted to
# an OPA server as written: it leaves out what plancheck.prune (the
# engine's own) leaves out. The Go tests hold the two equal on every
# fixture and on generated plans; these are the corners.
test_prune_is_the_engines_pruning if {
	values := [
		{"a": {"b": {"c": null, "d": " "}, "e": [null, {}, {"f": ""}, ""]}, "g": {}, "h": [{"i": {"j": {}}}], "k": 0, "l": false},
		{"x": {"y": {"z": {"w": null}}}, "v": "\t\n "},
		{"list": [], "text": "kept", "deep": {"list": [[{"blank": " "}]]}},
		{"0": {"1": null}, "2": [{"0": "", "1": "x"}]},
		{},
		{"plan": null, "waivers": [{"reason": null, "expires": "2027-01-01"}]},
		{"legacy": {"systems": []}, "data": {"transparency_notice": [], "dpia": {"reference": []}}, "list": [[], {"x": []}]},
		{"legacy": {"systems": [], "note": ""}, "other": {"legacy": {"systems": []}}},
		{"legacy": {"systems": null}, "systems": []},
		{"legacy": []},
		{"legacy.systems": [], "": {"legacy": {"systems": []}}, "legacy": {"systems.x": [], "systems": [], "s": {"systems": []}}},
	]
	every x in values {
		lib.prune(x) == plancheck.prune(x)
	}
}

test_prune_keeps_the_plan_itself if {
	lib.prune({"a": null}) == {}
	lib.prune({"a": {"b": [null]}}) == {"a": {"b": [null]}}
}

# A list of text is given by an entry that says something, or by text
# where the list belongs (plan-format reports its type); filled_at, for
# lists whose entries are checked, asks for a list.
test_given_at if {
	lib.given_at(["m"]) with input.plan as {"m": ["", "interviews"]}
	lib.given_at(["m"]) with input.plan as {"m": "interviews"}
	not lib.given_at(["m"]) with input.plan as {"m": [""]}
	not lib.given_at(["m"]) with input.plan as {"m": []}
	not lib.given_at(["m"]) with input.plan as {"m": false}
	not lib.given_at(["m"]) with input.plan as {"m": true}
	not lib.given_at(["m"]) with input.plan as {"m": 2}
	not lib.given_at(["m"]) with input.plan as {"m": {"a": "interviews"}}
	not lib.given_at(["m"]) with input.plan as {}
	not lib.filled_at(["m"]) with input.plan as {"m": "interviews"}
}
