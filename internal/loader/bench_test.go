package loader

import (
	"encoding/json"
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
