package thread

import (
	"testing"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/channel/providertest"
	"github.com/frontdesk-chat/frontdesk/server/channel/sms"
	"github.com/frontdesk-chat/frontdesk/server/channel/telegram"
	"github.com/frontdesk-chat/frontdesk/server/conversation"
	"github.com/frontdesk-chat/frontdesk/server/locale"
)

// The header card's opt-out line speaks the site's language, for the notes the adapters word and
// the default; the patterns follow the adapters' English, so a changed wording fails here.
func TestOptOutNotesInTheSiteLanguage(t *testing.T) {
	l, err := locale.Load("../../assets/i18n", nil, func() string { return "pl" })
	if err != nil {
		t.Fatal(err)
	}
	pl, en := &Thread{texts: l}, &Thread{}
	tests := []struct {
		name string
		a    channel.Adapter
		want string
	}{
		{"SMS", &sms.Adapter{}, "_Klient odpisał STOP: odpowiedzi czekają, aż wyśle START._"},
		{"Telegram", &telegram.Adapter{}, "_Klient zablokował wiadomości Telegram z tego konta: odpowiedzi czekają, aż je odblokuje._"},
		{"the default", providertest.NewScripted(channel.WhatsApp).Minimal(), "_Klient zablokował wiadomości WhatsApp z tego konta: odpowiedzi czekają, aż je odblokuje._"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			note := conversation.OptOutNote(tt.a)
			if got := pl.optOutNote(note); got != tt.want {
				t.Errorf("Polish: %q, want %q", got, tt.want)
			}
			if got := en.optOutNote(note); got != note {
				t.Errorf("English: %q, want %q", got, note)
			}
		})
	}
}
