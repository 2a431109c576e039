package remonline

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	// The Go team's token bucket: one limiter shared by every goroutine, and Wait gives up
	// when the caller's context ends instead of queueing past it.
	"golang.org/x/time/rate"

	"github.com/frontdesk-chat/frontdesk/server/helpdesk"
)

// maxBody bounds what we read of an answer: a page of 50 documents is a few dozen kilobytes.
const maxBody = 8 << 20

// transport makes paced, retried, authenticated calls and caches reads. Nothing it returns or
// wraps carries a client's name, phone or email: errors name the operation and the HTTP status,
// and the API's own message only after redaction.
type transport struct {
	cfg     Config
	limiter *rate.Limiter
	cache   *cache
	sleep   func(context.Context, time.Duration) error

	tokenMu  sync.Mutex
	token    string
	tokenExp time.Time
}

func newTransport(cfg Config) *transport {
	return &transport{
		cfg:     cfg,
		limiter: rate.NewLimiter(rate.Limit(cfg.RatePerSecond), cfg.Burst),
		cache:   newCache(cfg.CacheTTL, cfg.CacheEntries),
		sleep:   sleepCtx,
	}
}

// apiError is a final non-2xx answer.
type apiError struct {
	Status int
	Msg    string
	Err    error // the helpdesk sentinel it maps to
}

func (e *apiError) Error() string {
	if e.Msg != "" {
		return fmt.Sprintf("HTTP %d: %s: %v", e.Status, e.Msg, e.Err)
	}
	return fmt.Sprintf("HTTP %d: %v", e.Status, e.Err)
}

func (e *apiError) Unwrap() error { return e.Err }

// get reads a resource, from the cache when fresh.
func (t *transport) get(ctx context.Context, path string, query url.Values) ([]byte, error) {
	key := path + "?" + query.Encode()
	if body, ok := t.cache.get(key); ok {
		return body, nil
	}
	body, err := t.do(ctx, http.MethodGet, path, query, nil)
	if err != nil {
		return nil, err
	}
	t.cache.put(key, body)
	return body, nil
}

// write sends a POST or PATCH and empties the cache: whatever we cached may now be stale.
func (t *transport) write(ctx context.Context, method, path string, body any) ([]byte, error) {
	defer t.cache.clear()
	return t.do(ctx, method, path, nil, body)
}

// do runs one call with pacing and retries. GET and PATCH (idempotent) are retried on 429, 5xx
// and transport errors; POST only on 429, which the API answers before doing anything: a POST
// that failed with a 5xx may still have created the order, and a duplicate repair order is worse
// than asking the agent to try again.
func (t *transport) do(ctx context.Context, method, path string, query url.Values, body any) ([]byte, error) {
	var payload []byte
	if body != nil {
		var err error
		if payload, err = json.Marshal(body); err != nil {
			return nil, fmt.Errorf("encoding request: %w", err)
		}
	}
	refreshed := false
	var last error
	for attempt := 1; ; attempt++ {
		if err := t.limiter.Wait(ctx); err != nil {
			return nil, fmt.Errorf("waiting for the rate limit: %w: %w", helpdesk.ErrUnavailable, err)
		}
		status, header, respBody, err := t.once(ctx, method, path, query, payload)
		var wait time.Duration
		switch {
		case err != nil:
			if ctx.Err() != nil {
				return nil, fmt.Errorf("%w: %w", helpdesk.ErrUnavailable, ctx.Err())
			}
			if errors.Is(err, helpdesk.ErrUnauthorized) { // the token exchange refused the key
				return nil, err
			}
			last = fmt.Errorf("%w: %w", helpdesk.ErrUnavailable, err)
			if method == http.MethodPost {
				return nil, last
			}
		case status >= 200 && status < 300:
			return respBody, nil
		case status == http.StatusUnauthorized || status == http.StatusForbidden:
			if t.cfg.AuthMode == AuthToken && !refreshed {
				// The token may have expired before our TTL said so: one fresh token, once.
				t.dropToken()
				refreshed = true
				attempt--
				continue
			}
			return nil, &apiError{Status: status, Msg: "check the RemOnline API key", Err: helpdesk.ErrUnauthorized}
		case status == http.StatusNotFound:
			return nil, &apiError{Status: status, Err: helpdesk.ErrNotFound}
		case status == http.StatusTooManyRequests:
			last = &apiError{Status: status, Err: helpdesk.ErrRateLimited}
			if ra := retryAfter(header); ra > 0 {
				if ra > t.cfg.MaxRetryAfter {
					return nil, last
				}
				wait = ra
			}
		case status >= 500:
			last = &apiError{Status: status, Err: helpdesk.ErrUnavailable}
			if method == http.MethodPost {
				return nil, last
			}
		default: // 400, 409, 422 …: our input was refused; retrying changes nothing
			return nil, &apiError{Status: status, Msg: apiMessage(respBody), Err: helpdesk.ErrInvalid}
		}
		if attempt >= t.cfg.MaxAttempts {
			return nil, fmt.Errorf("after %d attempts: %w", attempt, last)
		}
		if wait == 0 {
			wait = t.backoff(attempt)
		}
		if err := t.sleep(ctx, wait); err != nil {
			return nil, fmt.Errorf("%w: %w", helpdesk.ErrUnavailable, err)
		}
	}
}

// backoff is exponential with ±20% jitter, so that several nodes retrying do not stay in step.
func (t *transport) backoff(attempt int) time.Duration {
	d := t.cfg.BackoffBase << (attempt - 1)
	if d <= 0 || d > t.cfg.BackoffMax {
		d = t.cfg.BackoffMax
	}
	return time.Duration(float64(d) * (0.8 + 0.4*rand.Float64()))
}

func (t *transport) once(ctx context.Context, method, path string, query url.Values, payload []byte) (int, http.Header, []byte, error) {
	q := url.Values{}
	for k, v := range query {
		q[k] = v
	}
	req, err := http.NewRequestWithContext(ctx, method, t.cfg.BaseURL+path, nil)
	if err != nil {
		return 0, nil, nil, err
	}
	switch t.cfg.AuthMode {
	case AuthToken:
		tok, err := t.currentToken(ctx)
		if err != nil {
			return 0, nil, nil, err
		}
		q.Set("token", tok)
	default:
		req.Header.Set("Authorization", "Bearer "+t.cfg.APIKey)
	}
	req.URL.RawQuery = q.Encode()
	req.Header.Set("Accept", "application/json")
	if payload != nil {
		req.Body = io.NopCloser(bytes.NewReader(payload))
		req.ContentLength = int64(len(payload))
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := t.cfg.HTTPClient.Do(req)
	if err != nil {
		return 0, nil, nil, redactURLError(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return 0, nil, nil, err
	}
	return resp.StatusCode, resp.Header, body, nil
}

// currentToken returns the exchanged token, fetching a new one when it is missing or old. The
// exchange itself is one call: it is not retried here (do retries the whole call).
func (t *transport) currentToken(ctx context.Context) (string, error) {
	t.tokenMu.Lock()
	defer t.tokenMu.Unlock()
	if t.token != "" && time.Now().Before(t.tokenExp) {
		return t.token, nil
	}
	if err := t.limiter.Wait(ctx); err != nil {
		return "", err
	}
	payload, _ := json.Marshal(map[string]string{"api_key": t.cfg.APIKey})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, t.cfg.BaseURL+t.cfg.TokenPath, bytes.NewReader(payload))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	resp, err := t.cfg.HTTPClient.Do(req)
	if err != nil {
		return "", fmt.Errorf("getting a token: %w", redactURLError(err))
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<16))
	if resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden {
		return "", &apiError{Status: resp.StatusCode, Msg: "the RemOnline API key was refused", Err: helpdesk.ErrUnauthorized}
	}
	var answer struct {
		Token string `json:"token"`
	}
	if resp.StatusCode != http.StatusOK || json.Unmarshal(body, &answer) != nil || answer.Token == "" {
		return "", fmt.Errorf("getting a token: HTTP %d", resp.StatusCode)
	}
	t.token, t.tokenExp = answer.Token, time.Now().Add(t.cfg.TokenTTL)
	return t.token, nil
}

func (t *transport) dropToken() {
	t.tokenMu.Lock()
	t.token = ""
	t.tokenMu.Unlock()
}

// retryAfter reads Retry-After in seconds or as an HTTP date.
func retryAfter(h http.Header) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(v); err == nil && s >= 0 {
		return time.Duration(s) * time.Second
	}
	if at, err := http.ParseTime(v); err == nil {
		return max(time.Until(at), 0)
	}
	return 0
}

var (
	digitRun = regexp.MustCompile(`\+?\d[\d\s\-()]{4,}\d`)
	emailish = regexp.MustCompile(`\S+@\S+`)
)

// apiMessage extracts the API's explanation of a refusal, with anything that looks like a phone
// number or an email address removed: errors end up in logs.
func apiMessage(body []byte) string {
	var answer struct {
		Message any `json:"message"`
		Error   any `json:"error"`
		Detail  any `json:"detail"`
	}
	if json.Unmarshal(body, &answer) != nil {
		return ""
	}
	var msg string
	for _, v := range []any{answer.Message, answer.Error, answer.Detail} {
		if v == nil {
			continue
		}
		if s, ok := v.(string); ok {
			msg = s
		} else if b, err := json.Marshal(v); err == nil {
			msg = string(b)
		}
		break
	}
	msg = emailish.ReplaceAllString(msg, "…")
	msg = digitRun.ReplaceAllString(msg, "…")
	if len(msg) > 200 {
		msg = msg[:200] + "…"
	}
	return msg
}

// redactURLError drops the URL from a transport error: in token mode it carries the token, and
// a search URL carries the phone or name searched for.
func redactURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return fmt.Errorf("%s request: %w", ue.Op, ue.Err)
	}
	return err
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}

// cache is a small TTL cache of read answers, keyed by path and query.
type cache struct {
	ttl     time.Duration
	max     int
	mu      sync.Mutex
	entries map[string]cacheEntry
}

type cacheEntry struct {
	body []byte
	exp  time.Time
}

func newCache(ttl time.Duration, size int) *cache {
	return &cache{ttl: ttl, max: size, entries: map[string]cacheEntry{}}
}

func (c *cache) get(key string) ([]byte, bool) {
	if c.ttl < 0 {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	if !ok || time.Now().After(e.exp) {
		delete(c.entries, key)
		return nil, false
	}
	return e.body, true
}

func (c *cache) put(key string, body []byte) {
	if c.ttl < 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries) >= c.max {
		// Drop the expired first; when none are, drop any: the cache only saves calls.
		now := time.Now()
		for k, e := range c.entries {
			if now.After(e.exp) {
				delete(c.entries, k)
			}
		}
		for k := range c.entries {
			if len(c.entries) < c.max {
				break
			}
			delete(c.entries, k)
		}
	}
	c.entries[key] = cacheEntry{body: body, exp: time.Now().Add(c.ttl)}
}

func (c *cache) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	clear(c.entries)
}
