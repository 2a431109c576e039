package channel

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Sentinel errors for webhook handling; adapters wrap them so the HTTP layer maps them to 401/400.
var (
	ErrUnauthorized = errors.New("webhook authentication failed")
	ErrMalformed    = errors.New("malformed webhook payload")
	ErrTooLarge     = errors.New("payload too large")
)

// Class says what the core should do about a failed provider call.
type Class string

const (
	// ClassRetryable: 5xx, timeouts, throttling. Retry with backoff (RetryAfter when the provider said).
	ClassRetryable Class = "retryable"
	// ClassWindowClosed: the customer-service window is over (Meta 10/2018278, WhatsApp 131047).
	ClassWindowClosed Class = "window_closed"
	// ClassSyncLost: credentials invalid or expired (Graph 190, Telegram 401, Twilio 20003). Reconnect.
	ClassSyncLost Class = "sync_lost"
	// ClassPermanent: this message cannot be delivered (bad recipient, unsupported media...).
	ClassPermanent Class = "permanent"
	// ClassOptedOut: the customer blocked the business or unsubscribed (Telegram 403 "bot was
	// blocked by the user", Twilio 21610 after STOP); nothing reaches them until they opt back in.
	ClassOptedOut Class = "opted_out"
)

// Error is a classified provider failure. Reason is the provider's own words, kept for display.
type Error struct {
	Class      Class
	Code       string // provider code, e.g. "190/463", "131047", "20003", "403"
	Reason     string
	RetryAfter time.Duration
	Err        error `json:"-"` // underlying transport error, if any
}

func (e *Error) Error() string {
	if e.Code != "" {
		return fmt.Sprintf("%s (%s): %s", e.Class, e.Code, e.Reason)
	}
	return fmt.Sprintf("%s: %s", e.Class, e.Reason)
}

func (e *Error) Unwrap() error { return e.Err }

// ClassOf returns the class of err: the class of a wrapped *Error, otherwise ClassRetryable for
// anything unclassified (a transport failure is worth another try).
func ClassOf(err error) Class {
	var e *Error
	if errors.As(err, &e) {
		return e.Class
	}
	return ClassRetryable
}

// MaxRetryAfter caps how long a provider's Retry-After can hold a message back; beyond it the
// usual backoff takes over.
const MaxRetryAfter = time.Hour

// CapRetryAfter bounds a provider's wait to [0, MaxRetryAfter].
func CapRetryAfter(d time.Duration) time.Duration {
	return min(max(d, 0), MaxRetryAfter)
}

// RetryAfter reads a Retry-After header in seconds or as an HTTP date; zero when absent, capped at
// MaxRetryAfter. Every provider that throttles says how long to wait this way.
func RetryAfter(h http.Header) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if s, err := strconv.ParseUint(v, 10, 64); err == nil || errors.Is(err, strconv.ErrRange) {
		if err != nil || s > uint64(MaxRetryAfter/time.Second) {
			return MaxRetryAfter
		}
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := time.Until(t); d > 0 {
			return CapRetryAfter(d)
		}
	}
	return 0
}
