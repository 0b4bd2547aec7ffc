package plancheck.rules["nao-lessons-learned_test"]

import data.plancheck.lib.testing as t
import data.plancheck.rules["nao-lessons-learned"] as rule

test_example_plan_meets if {
	fs := rule.findings with input as t.good
	count(fs) == 0
}

test_no_lessons if {
	fs := rule.findings with input as t.without("/lessons")
	t.only_misses(fs, {"lessons"})
	t.advice_paths(fs) == set()
}

test_empty_lessons if {
	fs := rule.findings with input as t.set("/lessons", [])
	t.only_misses(fs, {"lessons"})
}

test_lessons_not_a_list if {
	fs := rule.findings with input as t.set("/lessons", "we learned a lot from NPfIT")
	t.only_misses(fs, {"lessons"})
}

test_lesson_without_applied if {
	fs := rule.findings with input as t.without("/lessons/0/applied")
	t.only_misses(fs, {"lessons[0].applied"})
	t.message_of(fs, "lessons[0].applied") == "lesson 1 does not say how it is applied"
}

# Blank text inside a list entry is left out, as an absent key.
test_lesson_with_empty_lesson if {
	fs := rule.findings with input as t.set("/lessons/0/lesson", " ")
	t.only_misses(fs, {"lessons[0].lesson"})
}

test_lesson_without_source if {
	fs := rule.findings with input as t.without("/lessons/0/source")
	t.only_misses(fs, {"lessons[0].source"})
	t.advice_paths(fs) == {"lessons"}
}

test_each_gap_of_each_lesson if {
	fs := rule.findings with input as t.set("/lessons", [{"source": "NPfIT"}, {"lesson": "x", "applied": "y"}])
	t.only_misses(fs, {"lessons[0].lesson", "lessons[0].applied", "lessons[1].source"})
}

test_lesson_that_is_not_a_mapping if {
	fs := rule.findings with input as t.set("/lessons", ["NPfIT failed"])
	t.only_misses(fs, {"lessons[0].source", "lessons[0].lesson", "lessons[0].applied"})
}

test_one_complete_lesson_is_enough if {
	lessons := [{"source": "NPfIT"}, {"source": "care.data", "lesson": "x", "applied": "y"}]
	fs := rule.findings with input as t.set("/lessons", lessons)
	count(fs) == 0
}

test_local_source_only_is_advice if {
	fs := rule.findings with input as t.set("/lessons/0/source", "our 2019 EPR roll-out")
	t.only_advice(fs, {"lessons"})
}

test_named_national_programmes_are_recognised if {
	every source in [
		"npfit",
		"the National Programme for IT",
		"Connecting for Health",
		"care.data",
		"Care Data",
		"GPDPR",
		"GP Data for Planning and Research",
		"Global Digital Exemplars",
		"GDE evaluation",
		"Digital Aspirants",
		"Fast Followers programme",
		"Frontline Digitisation",
		"shared care records",
		"Summary Care Record",
		"the Spine",
		"NHS App",
		"Federated Data Platform",
	] {
		fs := rule.findings with input as t.set("/lessons/0/source", source)
		count(fs) == 0
	}
}

test_programme_name_inside_a_word_is_not_recognised if {
	every source in ["GDEX supplier review", "Spinelli report", "our app"] {
		fs := rule.findings with input as t.set("/lessons/0/source", source)
		t.only_advice(fs, {"lessons"})
	}
}

test_lessons_as_a_mapping if {
	fs := rule.findings with input as t.set("/lessons", {"source": "NPfIT", "lesson": "x", "applied": "y"})
	t.only_misses(fs, {"lessons"})
	t.advice_paths(fs) == set()
}

# A list whose entries were left unfilled lists nothing, and says so once.
test_unfilled_lessons_are_none if {
	fs := rule.findings with input as t.set("/lessons", [null])
	t.only_misses(fs, {"lessons"})
}
