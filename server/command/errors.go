package command

import (
	"errors"
	"math"
	"strings"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/connection"
	"github.com/frontdesk-chat/frontdesk/server/conversation"
	"github.com/frontdesk-chat/frontdesk/server/helpdesk"
	"github.com/frontdesk-chat/frontdesk/server/inbox"
	"github.com/frontdesk-chat/frontdesk/server/locale"
)

// Failed is the answer to a command that failed for a reason the user cannot act on.
const Failed = "Frontdesk could not do that; try again. If it keeps failing, a system admin finds the details in the server log."

// The answers to failures, in the reader's language. The common kinds keep the error's English
// wording ({{.Message}}) in English; a translation leads with what happened in its own words and
// keeps the detail ({{.Detail}}, the message without its kind) as the core wrote it.
var (
	TextFailed        = locale.Text{ID: "error.failed", Other: Failed}
	TextNotFound      = locale.Text{ID: "error.not_found", Other: "Frontdesk: {{.Message}}"}
	TextForbidden     = locale.Text{ID: "error.forbidden", Other: "Frontdesk: {{.Message}}"}
	TextMayNotUse     = locale.Text{ID: "error.may_not_use_chats", Other: "You may not use Frontdesk chats. Ask a system admin."}
	TextInvalid       = locale.Text{ID: "error.invalid", Other: "Frontdesk: {{.Message}}"}
	TextNotAllowed    = locale.Text{ID: "error.not_allowed", Other: "Frontdesk: {{.Message}}"}
	TextSyncLost      = locale.Text{ID: "error.sync_lost_advice", Other: "Frontdesk: the connection lost sync with the provider. {{.Advice}}"}
	TextOther         = locale.Text{ID: "error.other", Other: "Frontdesk: {{.Message}}"}
	TextHelpdeskError = locale.Text{ID: "error.helpdesk", Other: "Frontdesk: {{.Message}}"}
	TextRateLimited   = locale.Text{ID: "error.rate_limited", Other: "Frontdesk: too many chats started or templates sent: at most {{.Burst}} at once and {{.PerMinute}} a minute; try again in {{.Seconds}} s."}
	TextUnreadable    = locale.Text{ID: "error.credentials_unreadable", Other: "Frontdesk: the connection's credentials cannot be opened with the current encryption key; a system admin must reconnect it with new credentials."}
	TextHelpdeskKey   = locale.Text{ID: "error.helpdesk_unauthorized", Other: "Frontdesk: the helpdesk refused Frontdesk's API key; a system admin must fix it in the System Console."}
	TextHelpdeskDown  = locale.Text{ID: "error.helpdesk_unavailable", Other: "Frontdesk: the helpdesk is not answering now; try again in a moment."}
)

// Said is an answer about a failure: a text and its data, to render in the reader's language.
type Said struct {
	Text locale.Text
	Data map[string]any
}

// In renders the answer with l (nil: English) for a user.
func (s Said) In(l *locale.Locale, userID string) string {
	return l.ForUser(userID, s.Text, s.Data)
}

// ErrorText is a failed command's answer in English. The errors the core words for people (an
// invalid request, a provider's rule, a refused permission, a rate limit, a helpdesk's answer) are
// said as they are; anything else (a database error) is Failed, with internal true: the caller logs it.
func ErrorText(err error) (text string, internal bool) {
	said, internal := Explain(err)
	return said.In(nil, ""), internal
}

// Explain is a failed command's or button's answer, to render in the reader's language; internal
// is true for a cause the user cannot act on (said as Failed; the caller logs it).
func Explain(err error) (Said, bool) {
	var limited *inbox.RateLimitedError
	var syncLost *inbox.SyncLostError
	switch {
	case errors.As(err, &limited):
		every := limited.Limit.Every
		if every <= 0 {
			every = time.Minute
		}
		return Said{TextRateLimited, map[string]any{
			"Burst": limited.Limit.Burst, "PerMinute": int(time.Minute / every),
			"Seconds": int(math.Ceil(limited.RetryAfter.Seconds())),
		}}, false
	case errors.Is(err, connection.ErrCredentialsUnreadable):
		return Said{Text: TextUnreadable}, false
	case errors.Is(err, helpdesk.ErrUnauthorized):
		return Said{Text: TextHelpdeskKey}, false
	case errors.Is(err, helpdesk.ErrRateLimited), errors.Is(err, helpdesk.ErrUnavailable):
		return Said{Text: TextHelpdeskDown}, false
	case errors.As(err, &syncLost):
		return Said{TextSyncLost, map[string]any{"Advice": syncLost.Advice}}, false
	case errors.Is(err, conversation.ErrInvalid):
		return kindOf(TextInvalid, err, conversation.ErrInvalid), false
	case errors.Is(err, conversation.ErrNotAllowed):
		return kindOf(TextNotAllowed, err, conversation.ErrNotAllowed), false
	case errors.Is(err, conversation.ErrMayNotUseChats):
		return Said{Text: TextMayNotUse}, false
	case errors.Is(err, conversation.ErrForbidden):
		return kindOf(TextForbidden, err, conversation.ErrForbidden), false
	case errors.Is(err, conversation.ErrNotFound):
		return kindOf(TextNotFound, err, conversation.ErrNotFound), false
	case errors.Is(err, helpdesk.ErrNotFound), errors.Is(err, helpdesk.ErrInvalid),
		errors.Is(err, helpdesk.ErrConflict), errors.Is(err, helpdesk.ErrUnsupported):
		return kindOf(TextHelpdeskError, err, nil), false
	}
	return Said{Text: TextFailed}, true
}

// ByCode is the answer for an error known only by its API code and message (the API's own
// errors): the common kinds get their lead, the rest is said as written.
func ByCode(code, message string) Said {
	t := TextOther
	switch code {
	case "not_found":
		t = TextNotFound
	case "forbidden":
		t = TextForbidden
	case "invalid":
		t = TextInvalid
	case "not_allowed":
		t = TextNotAllowed
	}
	return Said{t, map[string]any{"Message": message, "Detail": detail(message, "")}}
}

// kindOf keeps an error's message, and its detail without the kind's own words.
func kindOf(t locale.Text, err, kind error) Said {
	prefix := ""
	if kind != nil {
		prefix = kind.Error()
	}
	return Said{t, map[string]any{"Message": err.Error(), "Detail": detail(err.Error(), prefix)}}
}

// detail drops a kind's words ("not found", "invalid request: ") from the front of a message; what
// is left is the detail a translation keeps ("" when there is none).
func detail(message, kind string) string {
	d := message
	for _, k := range []string{kind, conversation.ErrNotFound.Error(), conversation.ErrForbidden.Error(),
		conversation.ErrInvalid.Error(), conversation.ErrNotAllowed.Error()} {
		if k != "" && strings.HasPrefix(d, k) {
			d = strings.TrimPrefix(d, k)
			break
		}
	}
	return strings.TrimSpace(strings.TrimLeft(d, ":; "))
}
