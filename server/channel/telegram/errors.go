package telegram

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/channel"
)

// classify maps a failed Bot API answer to a channel class (docs/providers/reference.md §6.6). Code is Telegram's
// error_code (normally the HTTP status too) and Reason its description, kept for display.
func classify(status int, header http.Header, env apiResponse) *channel.Error {
	code := env.ErrorCode
	if code == 0 {
		code = status
	}
	if code == 0 || code == http.StatusOK {
		// {"ok": false} without a code, or an unreadable 200: the call may have gone through.
		code = http.StatusBadGateway
	}
	e := &channel.Error{Code: strconv.Itoa(code), Reason: env.Description}
	if e.Reason == "" {
		e.Reason = http.StatusText(code)
	}
	e.Class = classFor(code, e.Reason)
	if e.Class == channel.ClassRetryable {
		e.RetryAfter = retryAfter(header, env)
	}
	return e
}

func classFor(code int, description string) channel.Class {
	switch {
	case code == http.StatusUnauthorized:
		return channel.ClassSyncLost // token revoked or regenerated in @BotFather
	case code == http.StatusNotFound && !strings.Contains(description, "file"):
		// The API answers 404 to a malformed token, and to a base URL that is not a Bot API server.
		return channel.ClassSyncLost
	case code == http.StatusTooManyRequests || code >= 500:
		return channel.ClassRetryable
	case code == http.StatusForbidden && strings.Contains(description, "blocked by the user"):
		return channel.ClassOptedOut // until the customer unblocks the bot (a my_chat_member update)
	default:
		// 400 (chat not found, message too long, file is too big), 403 (user is deactivated, bot
		// can't initiate conversation), 409 (webhook/getUpdates conflict, a
		// configuration matter a retry will not fix), 413 (upload too large).
		return channel.ClassPermanent
	}
}

func retryAfter(header http.Header, env apiResponse) time.Duration {
	if env.Parameters != nil && env.Parameters.RetryAfter > 0 {
		if s := env.Parameters.RetryAfter; s < int(channel.MaxRetryAfter/time.Second) {
			return time.Duration(s) * time.Second
		}
		return channel.MaxRetryAfter
	}
	return channel.RetryAfter(header)
}
