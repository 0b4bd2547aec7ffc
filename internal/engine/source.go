package engine

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"

	"github.com/plancheck/plancheck/policies"
)

// Source is a catalogue as it is handed around: its Rego files as written
// and its vocabularies. The engine compiles the built-in one unless it is
// given another (Options.Base), such as one read from a bundle, and says
// what it compiled (Engine.Source), so that a bundle carries exactly that.
type Source struct {
	// Name says where the files came from, for messages, such as
	// "bundle catalogue.tar.gz"; "" for the built-in catalogue.
	Name string
	// Files are the Rego files, without their tests.
	Files []File
	// Vocabulary is data.plancheck.vocabulary: the words the policies
	// recognise, list by list, as vocabulary.yaml writes them.
	Vocabulary map[string]any
	// Index, when set, is the data.plancheck.vocabulary_index the source
	// came with: the engine refuses it unless it is the index it makes of
	// Vocabulary, since an OPA server reads the index as given.
	Index map[string]any
}

// File is one Rego file of a catalogue or of a custom policy folder.
type File struct {
	// Name is the file's name in messages and in the catalogue: a
	// catalogue file's path in the catalogue ("lib/main.rego"), a custom
	// one's path prefixed with its folder.
	Name string
	// Pack is the custom policy folder the file came from, as given to
	// Options.Custom, and Path its path inside that folder; Pack is ""
	// for the catalogue's own files.
	Pack, Path string
	// Src is the file as written.
	Src []byte
}

// builtinSource is the catalogue plancheck carries.
func builtinSource() (*Source, error) {
	sources, err := policies.ReadAs(policies.FS, "", false)
	if err != nil {
		return nil, fmt.Errorf("reading the policies: %w", err)
	}
	vocab, err := parseVocabulary("policies/"+policies.VocabularyFile, policies.Vocabulary)
	if err != nil {
		return nil, fmt.Errorf("reading the vocabulary: %w", err)
	}
	src := &Source{Vocabulary: vocab}
	for name, b := range sources {
		src.Files = append(src.Files, File{Name: name, Path: name, Src: b})
	}
	sortFiles(src.Files)
	return src, nil
}

func sortFiles(files []File) {
	sort.Slice(files, func(i, j int) bool { return files[i].Name < files[j].Name })
}

// checkSource makes sure a catalogue from elsewhere has vocabularies the
// policies can read, and that the index it came with is theirs.
func checkSource(src *Source) error {
	if src.Vocabulary == nil {
		return fmt.Errorf("%s: it has no data.plancheck.vocabulary", src.Name)
	}
	if err := checkVocabulary(src.Vocabulary, ""); err != nil {
		return fmt.Errorf("%s: data.plancheck.vocabulary: %w", src.Name, err)
	}
	if src.Index != nil {
		want, err1 := asJSON(vocabularyIndex(src.Vocabulary))
		got, err2 := asJSON(src.Index)
		if err1 != nil || err2 != nil || !reflect.DeepEqual(want, got) {
			return fmt.Errorf("%s: data.plancheck.vocabulary_index is not the index of data.plancheck.vocabulary", src.Name)
		}
	}
	return nil
}

// copyJSON copies a JSON-shaped value (maps, lists, text), so that merging
// custom words into a catalogue's vocabularies never changes the Source
// they came from.
func copyJSON(v map[string]any) map[string]any {
	out := make(map[string]any, len(v))
	for k, x := range v {
		out[k] = copyValue(x)
	}
	return out
}

func copyValue(x any) any {
	switch x := x.(type) {
	case map[string]any:
		return copyJSON(x)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = copyValue(e)
		}
		return out
	}
	return x
}

// asJSON gives a value as encoding/json decodes it, so that two values
// built in different ways ([]string or []any, float64 or json.Number)
// compare by what they would say in a file.
func asJSON(v any) (any, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var out any
	err = json.Unmarshal(b, &out)
	return out, err
}
