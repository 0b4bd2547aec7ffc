package serve

import (
	"encoding/json"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/plancheck/plancheck/internal/check"
	"github.com/plancheck/plancheck/internal/suggest"
)

// catalogueJSON is GET /v1/rules: the catalogue's version, its
// frameworks in the order reports show them, and every rule as plancheck
// rules --format json lists it.
type catalogueJSON struct {
	CatalogueVersion int               `json:"catalogue_version"`
	Frameworks       []check.Framework `json:"frameworks"`
	Rules            []check.Rule      `json:"rules"`
}

// explanation is GET /v1/rules/{id}: what plancheck explain says, as
// data. Misses are the findings a plan without what the rule asks for is
// given; Words are the word lists the rule matches a plan's text against.
type explanation struct {
	check.Rule
	Misses []check.Finding     `json:"misses"`
	Words  map[string][]string `json:"words,omitempty"`
}

// explanations keeps each rule's explanation for the day: finding what a
// bare plan is told is a check, and its dates are today's.
type explanations struct {
	mu  sync.Mutex
	day string
	by  map[string][]byte
}

func (s *Server) handleRules(w http.ResponseWriter, r *http.Request) {
	st := s.state()
	if st == nil {
		retryAfter(w, time.Second)
		s.problem(w, r, http.StatusServiceUnavailable, "the policies are still being compiled; try again shortly")
		return
	}
	rules := st.cat.Rules
	if rules == nil {
		rules = []check.Rule{}
	}
	writeJSON(w, catalogueJSON{CatalogueVersion: st.cat.Version, Frameworks: st.cat.Frameworks, Rules: rules})
}

func (s *Server) handleRule(w http.ResponseWriter, r *http.Request) {
	st := s.state()
	if st == nil {
		retryAfter(w, time.Second)
		s.problem(w, r, http.StatusServiceUnavailable, "the policies are still being compiled; try again shortly")
		return
	}
	id := r.PathValue("id")
	rule, ok := st.cat.Lookup(id)
	if !ok {
		s.problem(w, r, http.StatusNotFound, "no rule "+strconv.Quote(clip(id, 60))+suggest.Hint(id, st.cat.IDs())+"; GET /v1/rules lists them")
		return
	}
	now := s.cfg.Now()
	day := now.Format("2006-01-02")
	s.explain.mu.Lock()
	if s.explain.day != day {
		s.explain.day, s.explain.by = day, map[string][]byte{}
	}
	data, ok := s.explain.by[id]
	s.explain.mu.Unlock()
	if !ok {
		misses, err := st.eng.Misses(r.Context(), rule, now)
		if err != nil {
			if clientGone(r, err) {
				info(r).gone = true
				return
			}
			s.cfg.Logger.Error("explaining a rule", "rule", id, "error", err.Error())
			s.problem(w, r, http.StatusInternalServerError, "the rule could not be explained")
			return
		}
		if misses == nil {
			misses = []check.Finding{}
		}
		e := explanation{Rule: rule, Misses: misses}
		vocab := st.eng.Vocabulary()
		for _, list := range rule.Vocabulary {
			if e.Words == nil {
				e.Words = map[string][]string{}
			}
			e.Words[list] = vocab[list]
		}
		if data, err = json.MarshalIndent(e, "", "  "); err != nil {
			s.problem(w, r, http.StatusInternalServerError, "the rule could not be explained")
			return
		}
		s.explain.mu.Lock()
		if s.explain.day == day {
			s.explain.by[id] = data
		}
		s.explain.mu.Unlock()
	}
	writeRaw(w, "application/json", append(data, '\n'))
}

// writeJSON answers with v as indented JSON.
func writeJSON(w http.ResponseWriter, v any) {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		http.Error(w, "encoding the answer failed", http.StatusInternalServerError)
		return
	}
	writeRaw(w, "application/json", append(data, '\n'))
}

func writeRaw(w http.ResponseWriter, contentType string, data []byte) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	// The catalogue changes only when the service is restarted with
	// other policies; a minute's caching spares the service repeats.
	w.Header().Set("Cache-Control", "public, max-age=60")
	_, _ = w.Write(data)
}
