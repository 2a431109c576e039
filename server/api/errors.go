package api

import (
	"errors"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/connection"
	"github.com/frontdesk-chat/frontdesk/server/conversation"
	"github.com/frontdesk-chat/frontdesk/server/helpdesk"
	"github.com/frontdesk-chat/frontdesk/server/inbox"
)

// Error is an error with its HTTP answer.
type Error struct {
	Status  int
	Code    string
	Message string
	// RetryAfter, when set, is sent as the Retry-After header (whole seconds, rounded up).
	RetryAfter time.Duration
}

func (e *Error) Error() string { return e.Message }

var (
	ErrUnauthorized = &Error{Status: http.StatusUnauthorized, Code: "unauthorized", Message: "a Mattermost session or access token is required"}
	ErrNotFound     = &Error{Status: http.StatusNotFound, Code: "not_found", Message: "not found"}
)

// Invalid is a 400 with a message saying what to fix.
func Invalid(msg string) *Error {
	return &Error{Status: http.StatusBadRequest, Code: "invalid", Message: msg}
}

// httpError is the one mapping from the core's and the adapters' sentinel errors to HTTP answers.
func httpError(err error) *Error {
	var he *Error
	var limited *inbox.RateLimitedError
	switch {
	case errors.As(err, &he):
		return he
	case errors.As(err, &limited):
		return &Error{Status: http.StatusTooManyRequests, Code: "rate_limited", Message: limited.Error(), RetryAfter: limited.RetryAfter}
	case errors.Is(err, conversation.ErrNotFound):
		return &Error{Status: http.StatusNotFound, Code: "not_found", Message: err.Error()}
	case errors.Is(err, conversation.ErrForbidden):
		return &Error{Status: http.StatusForbidden, Code: "forbidden", Message: err.Error()}
	case errors.Is(err, conversation.ErrInvalid):
		return &Error{Status: http.StatusBadRequest, Code: "invalid", Message: err.Error()}
	case errors.Is(err, conversation.ErrNotAllowed):
		return &Error{Status: http.StatusConflict, Code: "not_allowed", Message: err.Error()}
	case errors.Is(err, helpdesk.ErrNotFound):
		return &Error{Status: http.StatusNotFound, Code: "not_found", Message: "no such client or document in the helpdesk"}
	case errors.Is(err, helpdesk.ErrInvalid):
		return &Error{Status: http.StatusBadRequest, Code: "invalid", Message: err.Error()}
	case errors.Is(err, helpdesk.ErrConflict):
		return &Error{Status: http.StatusConflict, Code: "conflict", Message: err.Error()}
	case errors.Is(err, helpdesk.ErrUnsupported):
		return &Error{Status: http.StatusNotImplemented, Code: "unsupported", Message: err.Error()}
	case errors.Is(err, helpdesk.ErrUnauthorized):
		return &Error{Status: http.StatusBadGateway, Code: "helpdesk_unauthorized", Message: "the helpdesk refused Frontdesk's API key; an admin must fix it in the System Console"}
	case errors.Is(err, helpdesk.ErrRateLimited), errors.Is(err, helpdesk.ErrUnavailable):
		return &Error{Status: http.StatusServiceUnavailable, Code: "helpdesk_unavailable", Message: "the helpdesk is not answering now; try again in a moment"}
	case errors.Is(err, connection.ErrCredentialsUnreadable):
		// Not the server's fault, and over once an admin reconnects: providers retry a 503.
		return &Error{Status: http.StatusServiceUnavailable, Code: "credentials_unreadable",
			Message: "the connection's credentials cannot be opened with the current encryption key; an admin must reconnect it with new credentials"}
	case errors.Is(err, channel.ErrUnauthorized):
		return &Error{Status: http.StatusUnauthorized, Code: "unauthorized", Message: "webhook authentication failed"}
	case errors.Is(err, channel.ErrTooLarge):
		return &Error{Status: http.StatusRequestEntityTooLarge, Code: "too_large", Message: err.Error()}
	case errors.Is(err, channel.ErrMalformed):
		return &Error{Status: http.StatusBadRequest, Code: "malformed", Message: err.Error()}
	}
	return &Error{Status: http.StatusInternalServerError, Code: "internal", Message: "internal error"}
}

// setRetryAfter sends an answer's Retry-After header, if it has one.
func setRetryAfter(w http.ResponseWriter, he *Error) {
	if he.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(he.RetryAfter.Seconds()))))
	}
}
