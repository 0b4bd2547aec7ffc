package loader

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	toml "github.com/pelletier/go-toml/v2"
	yaml3 "go.yaml.in/yaml/v3"

	"github.com/plancheck/plancheck/internal/plan"
	"github.com/plancheck/plancheck/internal/plangen"
)

func corpus(b *testing.B, f plan.Syntax, n int) [][]byte {
	b.Helper()
	opts := plangen.DefaultOptions
	opts.Syntaxes = []plan.Syntax{f}
	g := plangen.New(opts)
	out := make([][]byte, n)
	for i := range out {
		_, data, err := g.Plan(i)
		if err != nil {
			b.Fatal(err)
		}
		out[i] = data
	}
	return out
}

// BenchmarkParse measures the loader on synthetic plans, against decoding
// the same bytes into Go values with the format's plain library (the
// floor): plans/s is the rate of one core.
func BenchmarkParse(b *testing.B) {
	for _, f := range plan.Syntaxes {
		data := corpus(b, f, 100)
		b.Run(string(f), func(b *testing.B) {
			ld := Loader{Syntax: f}
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, err := ld.Parse("p", data[i%len(data)]); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "plans/s")
		})
		b.Run(string(f)+"-floor", func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				var v any
				var err error
				switch f {
				case plan.YAML:
					err = yaml3.Unmarshal(data[i%len(data)], &v)
				case plan.JSON:
					err = json.Unmarshal(data[i%len(data)], &v)
				case plan.TOML:
					err = toml.Unmarshal(data[i%len(data)], &v)
				}
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "plans/s")
		})
	}
}

// bigTOML writes a TOML plan of about size bytes: objectives as an array
// of tables of five keys, one of them a paragraph, some 130 bytes a key
// as in a large real plan.
func bigTOML(size int) []byte {
	paragraph := strings.Repeat("Patients book, change and cancel appointments online. ", 10)
	var b strings.Builder
	b.WriteString("plancheck = 1\n\n[organisation]\nname = \"Big Trust\"\ntype = \"trust\"\n\n[plan]\ntitle = \"A long plan\"\nperiod = { start = 2026-04-01, end = 2029-03-31 }\n")
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "\n[[objectives]]\nname = \"Objective %d\"\nmetric = \"share of referrals\"\nby = 2027-03-31\nowner = \"Director %d\"\ndescription = \"%s\"\n", i, i%97, paragraph)
	}
	return []byte(b.String())
}

// BenchmarkTOMLPositions loads TOML plans of growing size: the time per
// plan must grow with the size, not with its square.
func BenchmarkTOMLPositions(b *testing.B) {
	for _, mb := range []int{1, 2, 4, 8} {
		data := bigTOML(mb << 20)
		b.Run(fmt.Sprintf("%dMB", mb), func(b *testing.B) {
			ld := Loader{Syntax: plan.TOML, Limits: Limits{MaxFileSize: 16 << 20, MaxNodes: 10_000_000}}
			b.SetBytes(int64(len(data)))
			for i := 0; i < b.N; i++ {
				if _, err := ld.Parse("big.toml", data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
