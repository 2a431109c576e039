package main

import (
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/server/api"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/channel/instagram"
	"github.com/frontdesk-chat/frontdesk/server/channel/meta/messaging"
	"github.com/frontdesk-chat/frontdesk/server/channel/sms"
	"github.com/frontdesk-chat/frontdesk/server/channel/telegram"
	"github.com/frontdesk-chat/frontdesk/server/channel/whatsapp"
	"github.com/frontdesk-chat/frontdesk/server/conversation"
	"github.com/frontdesk-chat/frontdesk/server/coretest"
	"github.com/frontdesk-chat/frontdesk/server/locale"
)

// Every reply refusal the relay words is told to a Polish author in Polish; the patterns follow the
// providers' own wording, so a changed English text fails here.
func TestRefusalsInTheAuthorsLanguage(t *testing.T) {
	l, err := locale.Load("../assets/i18n", func(id string) string { return map[string]string{"pl-user": "pl", "en-user": "en"}[id] }, nil)
	if err != nil {
		t.Fatal(err)
	}
	p := &Plugin{texts: l}
	// Worded as the relay words them (refusalReason): Instagram's own checker, and a provider
	// without its own opt-out or window words.
	instagramTooLong := "Frontdesk: " + conversation.Reason((&instagram.Adapter{}).CheckText(strings.Repeat("a", instagram.MaxTextBytes+1))) + ". Shorten the reply."
	plain := plainAdapter{}
	tests := []struct{ name, reason, want string }{
		{"too long", "Frontdesk: this reply has 1200 characters; a customer message holds at most 1000. Shorten it or split it in two.",
			"ta odpowiedź ma 1200 znaków; wiadomość do klienta może mieć najwyżej 1000"},
		{"outsider", "Frontdesk: only members of the chat's channel who may use chats can answer the customer; this message was not posted. Join the channel to reply, or ask a system admin for access to chats.",
			"klientowi mogą odpowiadać tylko członkowie kanału"},
		{"lost sync", `Frontdesk: the Telegram connection "Shop" lost sync with the provider (token revoked). Ask a system admin to reconnect it.`,
			`połączenie Telegram "Shop" straciło synchronizację z dostawcą (token revoked). Ask a system admin`},
		{"WhatsApp window", "Frontdesk: " + (&whatsapp.Adapter{}).ClosedWindow() + " Continue in the WhatsApp app: https://wa.me/48601",
			"WhatsApp pozwala na dowolne odpowiedzi tylko w ciągu 24 godzin"},
		{"Messenger window with a link", "Frontdesk: " + messaging.ClosedWindow("Messenger") + " Continue in the Messenger app: https://m.me/1",
			"Messenger pozwala odpowiadać tylko w ciągu 7 dni od ostatniej wiadomości klienta. Gdy klient napisze ponownie, odpowiadanie stąd znów zadziała. Kontynuuj w aplikacji Messenger: https://m.me/1"},
		{"Instagram window", "Frontdesk: " + messaging.ClosedWindow("Instagram"), "Instagram pozwala odpowiadać tylko w ciągu 7 dni"},
		{"several attachments", "Frontdesk: Telegram takes one attachment per message; this reply has 2 and was not posted. Send the files one per message.",
			"Frontdesk: Telegram przyjmuje jeden załącznik na wiadomość; ta odpowiedź ma ich 2 i nie została wysłana."},
		{"an edit too long", "Frontdesk: this reply would have 1200 characters; a customer message holds at most 1000.",
			"Frontdesk: po tej zmianie odpowiedź miałaby 1200 znaków; wiadomość do klienta może mieć najwyżej 1000."},
		{"a former thread", "Frontdesk: this is an earlier thread of the chat, in a place its connection no longer posts in; this message was not posted and does not reach the customer. Reply in its current thread: https://chat.example.com/_redirect/pl/abc",
			"Frontdesk: to wcześniejszy wątek czatu, w miejscu, w którym jego połączenie już nie publikuje; ta wiadomość nie została wysłana i nie trafi do klienta. Odpowiedz w jego obecnym wątku: https://chat.example.com/_redirect/pl/abc"},
		{"a former thread whose current one cannot be found", "Frontdesk: this is an earlier thread of the chat, in a place its connection no longer posts in; this message was not posted and does not reach the customer.",
			"Frontdesk: to wcześniejszy wątek czatu, w miejscu, w którym jego połączenie już nie publikuje; ta wiadomość nie została wysłana i nie trafi do klienta."},
		{"SMS STOP", "Frontdesk: " + (&sms.Adapter{}).OptOutRefusal(), "klient odpisał STOP"},
		{"Telegram block", "Frontdesk: " + (&telegram.Adapter{}).OptOutRefusal(), "klient zablokował tego bota w Telegramie"},
		{"WhatsApp window with a link", "Frontdesk: " + (&whatsapp.Adapter{}).ClosedWindow() + " Continue in the WhatsApp app: https://wa.me/48601",
			"albo poczekaj, aż klient napisze. Kontynuuj w aplikacji WhatsApp: https://wa.me/48601"},
		{"Instagram's text limit", instagramTooLong,
			fmt.Sprintf("Frontdesk: Instagram przyjmuje najwyżej %d bajtów tekstu; ta wiadomość ma %d. Skróć odpowiedź.", instagram.MaxTextBytes, instagram.MaxTextBytes+1)},
		{"another checker's refusal", "Frontdesk: the provider refuses links. Shorten the reply.",
			"Frontdesk: dostawca nie przyjmie tego tekstu (the provider refuses links). Skróć odpowiedź."},
		{"a connection that cannot be used", "Frontdesk: this chat's connection cannot be used: unknown kind",
			"Frontdesk: połączenia tego czatu nie można teraz użyć: unknown kind"},
		{"a blocked account", conversation.OptOutRefusal(plain), "Frontdesk: klient zablokował to konto WhatsApp, więc nic do niego nie dotrze."},
		{"a closed window in general words", "Frontdesk: " + conversation.ClosedWindow(plain),
			"Frontdesk: dostawca nie pozwala teraz pisać do tego klienta."},
		{"a closed window in general words with a link", "Frontdesk: " + conversation.ClosedWindow(plain) + " Continue in the WhatsApp app: https://wa.me/1",
			"Frontdesk: dostawca nie pozwala teraz pisać do tego klienta. Kontynuuj w aplikacji WhatsApp: https://wa.me/1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := p.localizeRefusal("pl-user", tt.reason); !strings.Contains(got, tt.want) {
				t.Fatalf("Polish: %q does not contain %q", got, tt.want)
			}
			if got := p.localizeRefusal("en-user", tt.reason); got != tt.reason {
				t.Fatalf("English: %q, want the reason as written", got)
			}
		})
	}
	if got := p.localizeRefusal("pl-user", "Frontdesk: something new"); got != "Frontdesk: something new" {
		t.Fatalf("an unknown reason: %q", fmt.Sprint(got))
	}
}

// plainAdapter is a provider with no words of its own for a blocked customer or a closed window.
type plainAdapter struct{ channel.Adapter }

func (plainAdapter) Kind() channel.Kind { return channel.WhatsApp }

// A chat started from the web app and refused like a reply (here: too long) is answered in the
// author's language, as the ephemeral of a refused reply is; the error's code stays.
func TestStartRefusalInTheAuthorsLanguage(t *testing.T) {
	k := coretest.NewCore(t, channel.SMS, nil)
	polka := model.NewId()
	k.MM.SetMember(k.ChannelID, polka, true)
	l, err := locale.Load("../assets/i18n", func(id string) string {
		if id == polka {
			return "pl"
		}
		return ""
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	p := &Plugin{texts: l}
	router := api.New(api.Deps{Inbox: k.Inbox, Log: k.Log, Texts: l, Refusal: p.localizeRefusal})
	body := `{"connection_id":"` + k.Conn.ID + `","customer_id":"+48601000009","text":"` + strings.Repeat("a", k.MaxLength+1) + `"}`
	for user, want := range map[string]string{
		polka:   fmt.Sprintf("ta odpowiedź ma %d znaków; wiadomość do klienta może mieć najwyżej %d. Skróć ją albo podziel na dwie.", k.MaxLength+1, k.MaxLength),
		k.Agent: fmt.Sprintf("not allowed by the provider's rules: this reply has %d characters; a customer message holds at most %d. Shorten it or split it in two.", k.MaxLength+1, k.MaxLength),
	} {
		req := httptest.NewRequest("POST", "/api/v1/conversations", strings.NewReader(body))
		req.Header.Set("Mattermost-User-ID", user)
		rec := httptest.NewRecorder()
		router.ServeHTTP(rec, req)
		var got struct{ Error, Message string }
		if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
			t.Fatal(err)
		}
		if rec.Code != 409 || got.Error != "not_allowed" || got.Message != want {
			t.Errorf("%d %+v, want 409 not_allowed %q", rec.Code, got, want)
		}
	}
}
