package command

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/connection"
	"github.com/frontdesk-chat/frontdesk/server/conversation"
	"github.com/frontdesk-chat/frontdesk/server/helpdesk"
	"github.com/frontdesk-chat/frontdesk/server/inbox"
)

// Mattermost passes a multi-line command's text whole: the text of a note or a first message
// keeps its lines (and the spaces inside them); only the words before it are split.
func TestTextAfterKeepsLines(t *testing.T) {
	r := testRegistry()
	r.Add(Spec{Name: "note", Hint: "<text>", MinArgs: 1})
	tests := []struct {
		in   string
		skip int
		want string
	}{
		{"/frontdesk note Call back\nat  noon:\n- bring the charger\n", 0, "Call back\nat  noon:\n- bring the charger"},
		{"/frontdesk note\nfirst line\n\nthird line", 0, "first line\n\nthird line"},
		{"/frontdesk start sms +15551234567 Hello,\nyour phone is ready.", 2, "Hello,\nyour phone is ready."},
		{"/frontdesk start +15551234567\tHi\nthere", 1, "Hi\nthere"},
		{"/frontdesk start sms +15551234567", 2, ""},
	}
	for _, tt := range tests {
		cmd, err := r.Parse(tt.in)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tt.in, err)
		}
		if got := cmd.TextAfter(tt.skip); got != tt.want {
			t.Errorf("TextAfter(%d) of %q = %q, want %q", tt.skip, tt.in, got, tt.want)
		}
	}
}

// A command's answer says what the user can act on; anything else (a database error) is a
// generic sentence, and its detail goes only to the log.
func TestErrorText(t *testing.T) {
	dbErr := errors.New(`store: get conversation: pq: relation "frontdesk_conversations" does not exist`)
	tests := []struct {
		err      error
		want     string
		internal bool
	}{
		{fmt.Errorf("%w: the note is empty", conversation.ErrInvalid), "Frontdesk: invalid request: the note is empty", false},
		{fmt.Errorf("%w: only inside its window", conversation.ErrNotAllowed), "only inside its window", false},
		{fmt.Errorf("%w: you may not post", conversation.ErrForbidden), "you may not post", false},
		{&inbox.RateLimitedError{RetryAfter: 3 * time.Second, Limit: inbox.DefaultStartLimit}, "try again in 3 s", false},
		{fmt.Errorf("x: %w", connection.ErrCredentialsUnreadable), "reconnect", false},
		{helpdesk.ErrUnavailable, "helpdesk is not answering", false},
		{fmt.Errorf("%w: no client 7", helpdesk.ErrNotFound), "no client 7", false},
		{dbErr, "Frontdesk could not do that", true},
		{fmt.Errorf("loading: %w", dbErr), "Frontdesk could not do that", true},
	}
	for _, tt := range tests {
		got, internal := ErrorText(tt.err)
		if !strings.Contains(got, tt.want) || internal != tt.internal {
			t.Errorf("ErrorText(%v) = %q, %v; want %q, %v", tt.err, got, internal, tt.want, tt.internal)
		}
		if internal && (strings.Contains(got, "pq:") || strings.Contains(got, "store:")) {
			t.Errorf("the answer leaks the cause: %q", got)
		}
	}
}
