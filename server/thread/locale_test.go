package thread_test

import (
	"context"
	"strings"
	"testing"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/channel/providertest"
	"github.com/frontdesk-chat/frontdesk/server/conversation"
	"github.com/frontdesk-chat/frontdesk/server/coretest"
	"github.com/frontdesk-chat/frontdesk/server/locale"
	"github.com/frontdesk-chat/frontdesk/server/thread"
)

// The header card and its buttons speak the site's language (everyone in the channel reads the
// same post), and name the assignee.
func TestHeaderCardInTheSiteLanguage(t *testing.T) {
	for _, tt := range []struct {
		site                           string
		active, assigned, take, button string
	}{
		{"en", "**Active** · reply in this thread", "Assigned to @bob", "Assign to me", "Archive"},
		{"pl", "**Aktywny** · odpowiedz w tym wątku", "Przypisany do @bob", "Przypisz do mnie", "Archiwizuj"},
	} {
		t.Run(tt.site, func(t *testing.T) {
			k := coretest.NewCore(t, channel.Telegram, nil)
			l, err := locale.Load("../../assets/i18n", nil, func() string { return tt.site })
			if err != nil {
				t.Fatal(err)
			}
			th := thread.New(k.Store, k.MM, k.Connections, k.Log, k.BotID)
			th.SetTexts(l)
			opened := 0
			th.OnOpen(func(*conversation.Connection) { opened++ })
			bob := model.NewId()
			k.MM.SetUsername(bob, "bob")
			conv, err := k.Store.EnsureConversation(context.Background(), &conversation.Conversation{
				ID: model.NewId(), ConnectionID: k.Conn.ID, CustomerID: "42", CustomerName: "Anna", CreateAt: 1})
			if err != nil {
				t.Fatal(err)
			}
			if err := th.Open(context.Background(), k.Conn, conv); err != nil {
				t.Fatal(err)
			}
			if opened != 1 {
				t.Fatalf("the open hook ran %d times", opened)
			}
			if _, err := k.Store.SetAssignee(context.Background(), conv.ID, bob); err != nil {
				t.Fatal(err)
			}
			th.Refresh(context.Background(), conv.ID)
			root, _ := k.MM.Post(conv.RootPostID)
			for _, want := range []string{tt.active, tt.assigned} {
				if !strings.Contains(root.Message, want) {
					t.Fatalf("header card %q lacks %q", root.Message, want)
				}
			}
			var labels []string
			for _, a := range root.Attachments() {
				for _, act := range a.Actions {
					labels = append(labels, act.Name)
				}
			}
			if strings.Join(labels, ",") != tt.button+","+tt.take {
				t.Fatalf("buttons = %v", labels)
			}
		})
	}
}

// The header card's lost-sync line speaks the site's language too.
func TestHeaderCardSyncLostInTheSiteLanguage(t *testing.T) {
	ctx := context.Background()
	k := coretest.NewCore(t, channel.Telegram, nil)
	l, err := locale.Load("../../assets/i18n", nil, func() string { return "pl" })
	if err != nil {
		t.Fatal(err)
	}
	th := thread.New(k.Store, k.MM, k.Connections, k.Log, k.BotID)
	th.SetTexts(l)
	conv, err := k.Store.EnsureConversation(ctx, &conversation.Conversation{
		ID: model.NewId(), ConnectionID: k.Conn.ID, CustomerID: "42", CustomerName: "Anna", CreateAt: 1})
	if err != nil {
		t.Fatal(err)
	}
	k.Provider.SetHealth(providertest.ClassError(channel.ClassSyncLost, "token revoked"))
	k.Connections.CheckAll(ctx)
	c, err := k.Connections.Get(ctx, k.Conn.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := th.Open(ctx, c, conv); err != nil {
		t.Fatal(err)
	}
	th.Refresh(ctx, conv.ID)
	conv, err = k.Store.GetConversation(ctx, conv.ID)
	if err != nil {
		t.Fatal(err)
	}
	root, _ := k.MM.Post(conv.RootPostID)
	want := "⚠️ **Połączenie straciło synchronizację z dostawcą Telegram** (token revoked): odpowiedzi czekają"
	if root == nil || !strings.Contains(root.Message, want) {
		t.Fatalf("header card %v lacks %q", root, want)
	}
}

// Frontdesk's own words in a relayed message speak the site's language; the customer's stay theirs.
func TestMessageTextInTheSiteLanguage(t *testing.T) {
	l, err := locale.Load("../../assets/i18n", nil, func() string { return "pl" })
	if err != nil {
		t.Fatal(err)
	}
	conv := &conversation.Conversation{CustomerName: "Anna"}
	ev := &channel.Event{Text: "from the phone"}
	if got, want := thread.MessageText(l, channel.Telegram, conv, conversation.Out, ev, 0), "_Wysłano z aplikacji Telegram:_ from the phone"; got != want {
		t.Errorf("Polish: %q, want %q", got, want)
	}
	if got, want := thread.MessageText(nil, channel.Telegram, conv, conversation.Out, ev, 2), "_Sent from the Telegram app:_ from the phone\n_2 attachment(s) could not be downloaded from Telegram._"; got != want {
		t.Errorf("English: %q, want %q", got, want)
	}
	if got, want := thread.MessageText(l, channel.Telegram, conv, conversation.In, ev, 2), "**Anna:** from the phone\n_Liczba załączników, których nie udało się pobrać z serwisu Telegram: 2._"; got != want {
		t.Errorf("Polish, missing attachments: %q, want %q", got, want)
	}
}
