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
	"github.com/frontdesk-chat/frontdesk/server/locale"
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

// A Polish reader gets each common kind of failure with a Polish lead sentence and the detail as
// the core wrote it; the English wording stays the error as written.
func TestErrorTextInPolish(t *testing.T) {
	l, err := locale.Load("../../assets/i18n", func(string) string { return "pl" }, nil)
	if err != nil {
		t.Fatal(err)
	}
	syncLost := &inbox.SyncLostError{Advice: "Ask a system admin to reconnect it."}
	tests := []struct {
		err      error
		pl, en   string
		internal bool
	}{
		{fmt.Errorf("%w: the note is empty", conversation.ErrInvalid),
			"Frontdesk: nieprawidłowe żądanie. (the note is empty)", "Frontdesk: invalid request: the note is empty", false},
		{conversation.ErrNotFound, "Frontdesk: nie znaleziono tego albo nie masz do tego dostępu.", "Frontdesk: not found", false},
		{fmt.Errorf("%w: you may not post", conversation.ErrForbidden),
			"Frontdesk: nie masz do tego uprawnień. (you may not post)", "Frontdesk: forbidden: you may not post", false},
		{fmt.Errorf("%w: only inside its window", conversation.ErrNotAllowed),
			"Frontdesk: zasady dostawcy na to nie pozwalają. (only inside its window)", "Frontdesk: not allowed by the provider's rules: only inside its window", false},
		{syncLost, "Frontdesk: połączenie straciło synchronizację z dostawcą. Ask a system admin",
			"Frontdesk: the connection lost sync with the provider. Ask a system admin to reconnect it.", false},
		{&inbox.RateLimitedError{RetryAfter: 3 * time.Second, Limit: inbox.DefaultStartLimit},
			"Frontdesk: za dużo rozpoczętych czatów lub wysłanych szablonów: najwyżej 10 naraz i 10 na minutę; spróbuj ponownie za 3 s.",
			"Frontdesk: " + (&inbox.RateLimitedError{RetryAfter: 3 * time.Second, Limit: inbox.DefaultStartLimit}).Error() + ".", false},
		{helpdesk.ErrUnavailable, "Frontdesk: system obsługi teraz nie odpowiada", "Frontdesk: the helpdesk is not answering now; try again in a moment.", false},
		{errors.New("pq: boom"), "Frontdesk nie mógł tego zrobić", Failed, true},
	}
	for _, tt := range tests {
		said, internal := Explain(tt.err)
		if got := said.In(l, "u"); !strings.HasPrefix(got, tt.pl) || internal != tt.internal {
			t.Errorf("Polish for %v = %q, %v; want %q…, %v", tt.err, got, internal, tt.pl, tt.internal)
		}
		if got, _ := ErrorText(tt.err); got != tt.en {
			t.Errorf("English for %v = %q, want %q", tt.err, got, tt.en)
		}
	}
	if got := ByCode("not_found", "not found").In(l, "u"); got != "Frontdesk: nie znaleziono tego albo nie masz do tego dostępu." {
		t.Errorf("an API error by its code: %q", got)
	}
}
