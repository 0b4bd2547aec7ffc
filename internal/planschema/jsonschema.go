package planschema

import (
	"encoding/json"
)

// SchemaID names the JSON Schema of plan format version 1.
const SchemaID = "urn:plancheck:schema:plan:1"

// SchemaFile is the name `plancheck init` gives the schema it writes beside
// a plan, for editors to find.
const SchemaFile = "plancheck.schema.json"

// JSONSchema writes plan format version 1 as a JSON Schema (draft
// 2020-12), from the same description the plan-format checks use, so that
// editors complete and validate what plancheck will accept. It asks for
// what the checks' must findings ask for: required keys, types, dates and
// closed lists. An absent or null optional value is allowed, and so are
// unknown keys, which plancheck reports only as advice.
//
// Some rules need more than the one file, or more than a JSON Schema
// says, and are checked by plancheck alone: a date's calendar validity
// beyond the schema's "format", a period that ends after it starts,
// misspelt keys (a near spelling of a key the mapping lacks; to a JSON
// Schema it is one more unknown key), a waiver's id (the catalogue is not
// in the schema) and evidence files. A closed list asks for the listed
// forms only: plancheck also reads "Monthly" or "six weekly" as the listed
// value, and advises writing the listed form, which is what an editor
// that follows the schema asks for.
func JSONSchema() ([]byte, error) {
	root := schemaOf(Schema, true)
	root["$schema"] = "https://json-schema.org/draft/2020-12/schema"
	root["$id"] = SchemaID
	root["title"] = "plancheck plan, format version 1"
	return json.MarshalIndent(root, "", "  ")
}

// schemaOf describes one field; required fields may not be null.
func schemaOf(f *Field, required bool) map[string]any {
	s := map[string]any{}
	if f.Description != "" {
		s["description"] = f.Description
	}
	typ := func(t string) {
		if required {
			s["type"] = t
		} else {
			s["type"] = []string{t, "null"}
		}
	}
	switch f.Type {
	case Object:
		typ("object")
		props := map[string]any{}
		var req []string
		for _, c := range f.Fields {
			props[c.Name] = schemaOf(c, c.Required)
			if c.Required {
				req = append(req, c.Name)
			}
		}
		s["properties"] = props
		if len(req) > 0 {
			s["required"] = req
		}
	case List:
		typ("array")
		s["items"] = schemaOf(f.Items, true)
	case Text:
		typ("string")
		if required {
			s["pattern"] = `\S`
		}
		if len(f.Values) > 0 {
			s["examples"] = f.Values
		}
	case Integer:
		typ("integer")
		if f.Const != "" {
			var c any
			_ = json.Unmarshal([]byte(f.Const), &c)
			s["const"] = c
		}
	case Number:
		typ("number")
	case Boolean:
		typ("boolean")
	case Date:
		typ("string")
		s["format"] = "date"
		// Years 0001 to 9999: there is no year 0.
		s["pattern"] = `^([0-9]{3}[1-9]|[0-9]{2}[1-9][0-9]|[0-9][1-9][0-9]{2}|[1-9][0-9]{3})-[0-9]{2}-[0-9]{2}$`
	case Enum:
		values := make([]any, 0, len(f.Values)+1)
		for _, v := range f.Values {
			values = append(values, v)
		}
		if !required {
			values = append(values, nil)
		}
		s["enum"] = values
	}
	return s
}
