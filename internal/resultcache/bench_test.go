package resultcache

import (
	"testing"

	"github.com/plancheck/plancheck/internal/cache"
	"github.com/plancheck/plancheck/internal/plan"
	"github.com/plancheck/plancheck/internal/plangen"
)

// benchOutcomes are the cached outcomes of generated plans.
func benchOutcomes(b *testing.B, n int) []Outcome {
	b.Helper()
	e := builtin(b)
	g := plangen.New(plangen.DefaultOptions)
	out := make([]Outcome, n)
	for i := range out {
		name, data, err := g.Plan(i)
		if err != nil {
			b.Fatal(err)
		}
		out[i] = checked(b, e, name, data, plan.YAML)
	}
	return out
}

// BenchmarkDecode measures reading an entry's value back into a report.
func BenchmarkDecode(b *testing.B) {
	outcomes := benchOutcomes(b, 100)
	cat := builtin(b).Catalogue()
	values := make([][]byte, len(outcomes))
	size := 0
	for i, o := range outcomes {
		values[i] = encode(o)
		size += len(values[i])
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := decode(values[i%len(values)], cat); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(size)/float64(len(values)), "bytes/entry")
}

// BenchmarkGet measures a hit: the entry read from disk, checked and
// decoded.
func BenchmarkGet(b *testing.B) {
	outcomes := benchOutcomes(b, 100)
	e := builtin(b)
	c := &Cache{Store: cache.Open(b.TempDir(), 0), Build: "bench", Policies: e.Digest(), Catalogue: e.Catalogue()}
	keys := make([]cache.Key, len(outcomes))
	for i, o := range outcomes {
		keys[i] = c.Key(Input{Data: []byte{byte(i)}})
		c.Put(keys[i], o)
	}
	exists := func(string) bool { return true }
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, ok := c.Get(keys[i%len(keys)], exists); !ok {
			b.Fatal("miss")
		}
	}
}
