package serve

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

// problem is an error answer: RFC 9457 problem details, which HTTP
// clients and API gateways read, with what is wrong in plain words.
type problem struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail"`
}

// problem answers with an error and records it for the access log.
func (s *Server) problem(w http.ResponseWriter, r *http.Request, status int, detail string) {
	info(r).detail = detail
	data, err := json.MarshalIndent(problem{Type: "about:blank", Title: http.StatusText(status), Status: status, Detail: detail}, "", "  ")
	if err != nil {
		// A struct of strings and an int always encodes; were it not to,
		// the client still learns what went wrong.
		http.Error(w, detail, status)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/problem+json")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Length", strconv.Itoa(len(data)+1))
	w.WriteHeader(status)
	_, _ = w.Write(append(data, '\n'))
}

// retryAfter tells a refused client when to try again.
func retryAfter(w http.ResponseWriter, d time.Duration) {
	w.Header().Set("Retry-After", strconv.Itoa(max(int(d.Round(time.Second)/time.Second), 1)))
}
