package bundle

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// FetchTimeout bounds a download, retry included: a bundle server that
// does not answer must not hold a CI job up.
const FetchTimeout = 30 * time.Second

// retryDelay is the pause before the one retry.
const retryDelay = time.Second

// IsURL tells whether a bundle is named by an address rather than a file.
func IsURL(s string) bool {
	return strings.Contains(s, "://")
}

// Fetch downloads a bundle from an http or https address within
// FetchTimeout and MaxSize. A failure to connect, or an answer of 429 or
// 5xx, is retried once; nothing else is. A redirect may not leave http(s)
// nor go from https to http.
func Fetch(ctx context.Context, address, userAgent string) ([]byte, error) {
	return fetch(ctx, address, userAgent, FetchTimeout, retryDelay)
}

// fetch is Fetch with its bounds as arguments: timeout for the whole
// download, pause before the retry.
func fetch(ctx context.Context, address, userAgent string, timeout, pause time.Duration) ([]byte, error) {
	u, err := url.Parse(address)
	if err != nil {
		return nil, fmt.Errorf("bundle address %q: %w", address, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("bundle address %q: plancheck fetches bundles over http or https only", address)
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	client := &http.Client{CheckRedirect: func(req *http.Request, via []*http.Request) error {
		switch {
		case len(via) >= 5:
			return redirectError("more than 5 redirects")
		case req.URL.Scheme != "http" && req.URL.Scheme != "https":
			return redirectError("a redirect to " + req.URL.Scheme + ", which is not http(s)")
		case via[0].URL.Scheme == "https" && req.URL.Scheme == "http":
			return redirectError("a redirect from https to http")
		}
		return nil
	}}
	var data []byte
	for attempt := 0; attempt < 2; attempt++ {
		if attempt > 0 {
			select {
			case <-ctx.Done():
				return nil, fmt.Errorf("fetching %s: %w", address, ctx.Err())
			case <-time.After(pause):
			}
		}
		var retry bool
		data, retry, err = get(ctx, client, u.String(), userAgent)
		if err == nil || !retry {
			break
		}
	}
	if err != nil {
		return nil, fmt.Errorf("fetching %s: %w", address, err)
	}
	return data, nil
}

// redirectError is a redirect Fetch refuses to follow.
type redirectError string

func (e redirectError) Error() string { return string(e) }

// get makes one request, and says whether its failure is worth a retry.
func get(ctx context.Context, client *http.Client, address, userAgent string) ([]byte, bool, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, address, nil)
	if err != nil {
		return nil, false, err
	}
	req.Header.Set("User-Agent", userAgent)
	resp, err := client.Do(req)
	if err != nil {
		// A refused redirect is final; a connection that failed may not be.
		var refused redirectError
		retry := ctx.Err() == nil && !errors.As(err, &refused)
		return nil, retry, err
	}
	defer func() { _ = resp.Body.Close() }()
	if resp.StatusCode != http.StatusOK {
		retry := resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500
		return nil, retry, fmt.Errorf("the server answered %s", resp.Status)
	}
	if resp.ContentLength > MaxSize {
		return nil, false, fmt.Errorf("the bundle is %d bytes, over the limit of %d MiB", resp.ContentLength, MaxSize>>20)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, MaxSize+1))
	if err != nil {
		return nil, ctx.Err() == nil, err
	}
	if len(data) > MaxSize {
		return nil, false, fmt.Errorf("the bundle is over the limit of %d MiB", MaxSize>>20)
	}
	return data, false, nil
}
