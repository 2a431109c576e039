package api

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/channel/telegram"
	"github.com/frontdesk-chat/frontdesk/server/coretest"
	"github.com/frontdesk-chat/frontdesk/server/quickreply"
)

// An API error's message is in the calling user's Mattermost language (the web app shows it inside
// its own translated sentence); its code stays as it is for programs, and an English caller reads
// the message as it always read.
func TestErrorMessagesInTheCallersLanguage(t *testing.T) {
	k := coretest.NewCore(t, channel.SMS, nil)
	polka := model.NewId()
	k.MM.SetMember(k.ChannelID, polka, true)
	texts := coretest.PolishFor(t, polka)
	router := New(Deps{Inbox: k.Inbox, QuickReply: quickreply.New(k.Store, k.MM, func() int { return k.MaxLength }),
		Users: k.MM, Log: &recordingLog{}, Texts: texts})
	// The provider lets the business write first only to customers who wrote (Telegram's words).
	k.Provider.SetFirstContact((&telegram.Adapter{}).FirstContact())
	do := func(user, method, path, body string) (int, errorBody) {
		req := httptest.NewRequest(method, "/api/v1"+path, strings.NewReader(body))
		req.Header.Set(userHeader, user)
		rec := httptest.NewRecorder()
		router.ServeHTTP(rec, req)
		var out errorBody
		if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
			t.Fatalf("%s %s: %v (%s)", method, path, err, rec.Body)
		}
		return rec.Code, out
	}
	start := `{"connection_id":"` + k.Conn.ID + `","customer_id":"+48601000009","text":"Hej"}`
	tests := []struct {
		name, user, method, path, body string
		status                         int
		code, message                  string
	}{
		{"a quick reply's bad name, Polish", polka, "PUT", "/teams/team/quick-replies/a.b", `{"text":"x"}`, 400, "invalid",
			"nieprawidłowe żądanie. (nazwa szybkiej odpowiedzi może zawierać tylko litery, cyfry, - i _)"},
		{"a quick reply's bad name, English", k.Agent, "PUT", "/teams/team/quick-replies/a.b", `{"text":"x"}`, 400, "invalid",
			"invalid request: a quick reply's name has only letters, digits, - and _"},
		{"an empty quick reply, Polish", polka, "PUT", "/teams/team/quick-replies/hours", `{"text":" "}`, 400, "invalid",
			"nieprawidłowe żądanie. (szybka odpowiedź musi mieć tekst)"},
		{"a chat without its fields, Polish", polka, "POST", "/conversations", `{"connection_id":"` + k.Conn.ID + `"}`, 400, "invalid",
			"nieprawidłowe żądanie. (potrzebne są customer_id i tekst (albo szablon))"},
		{"a chat the provider refuses, Polish", polka, "POST", "/conversations", start, 409, "not_allowed",
			"zasady dostawcy na to nie pozwalają. (ten klient nie uruchomił jeszcze bota Telegram; poproś go, by otworzył bota i nacisnął Start)"},
		{"a chat the provider refuses, English", k.Agent, "POST", "/conversations", start, 409, "not_allowed",
			"not allowed by the provider's rules: this customer has not started the Telegram bot yet; ask them to open the bot and press Start"},
		{"a bad JSON body, Polish", polka, "POST", "/conversations", `{"nope":1}`, 400, "invalid",
			`nieprawidłowe żądanie. (nieprawidłowa treść JSON: json: unknown field "nope")`},
		{"a list's bad status, Polish", polka, "GET", "/conversations?status=bogus", "", 400, "invalid",
			"nieprawidłowe żądanie. (status musi być active, archived albo all)"},
		{"a chat not found, Polish", polka, "GET", "/conversations/" + model.NewId(), "", 404, "not_found",
			"nie znaleziono tego albo nie masz do tego dostępu."},
		{"a chat not found, English", k.Agent, "GET", "/conversations/" + model.NewId(), "", 404, "not_found", "not found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, got := do(tt.user, tt.method, tt.path, tt.body)
			if status != tt.status || got.Error != tt.code || got.Message != tt.message {
				t.Fatalf("%d %+v, want %d {%s %q}", status, got, tt.status, tt.code, tt.message)
			}
		})
	}
}
