package command

import (
	"errors"

	"github.com/frontdesk-chat/frontdesk/server/connection"
	"github.com/frontdesk-chat/frontdesk/server/conversation"
	"github.com/frontdesk-chat/frontdesk/server/helpdesk"
	"github.com/frontdesk-chat/frontdesk/server/inbox"
)

// Failed is the answer to a command that failed for a reason the user cannot act on.
const Failed = "Frontdesk could not do that; try again. If it keeps failing, a system admin finds the details in the server log."

// ErrorText is a failed command's answer. The errors the core words for people (an invalid
// request, a provider's rule, a refused permission, a rate limit, a helpdesk's answer) are said as
// they are; anything else (a database error) is Failed, with internal true: the caller logs it.
func ErrorText(err error) (text string, internal bool) {
	var limited *inbox.RateLimitedError
	switch {
	case errors.As(err, &limited):
		return "Frontdesk: " + limited.Error() + ".", false
	case errors.Is(err, connection.ErrCredentialsUnreadable):
		return "Frontdesk: the connection's credentials cannot be opened with the current encryption key; a system admin must reconnect it with new credentials.", false
	case errors.Is(err, helpdesk.ErrUnauthorized):
		return "Frontdesk: the helpdesk refused Frontdesk's API key; a system admin must fix it in the System Console.", false
	case errors.Is(err, helpdesk.ErrRateLimited), errors.Is(err, helpdesk.ErrUnavailable):
		return "Frontdesk: the helpdesk is not answering now; try again in a moment.", false
	case errors.Is(err, conversation.ErrInvalid), errors.Is(err, conversation.ErrNotAllowed),
		errors.Is(err, conversation.ErrForbidden), errors.Is(err, conversation.ErrNotFound),
		errors.Is(err, helpdesk.ErrNotFound), errors.Is(err, helpdesk.ErrInvalid),
		errors.Is(err, helpdesk.ErrConflict), errors.Is(err, helpdesk.ErrUnsupported):
		return "Frontdesk: " + err.Error(), false
	}
	return Failed, true
}
