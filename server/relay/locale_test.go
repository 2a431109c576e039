package relay_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/channel/providertest"
	"github.com/frontdesk-chat/frontdesk/server/conversation"
	"github.com/frontdesk-chat/frontdesk/server/coretest"
	"github.com/frontdesk-chat/frontdesk/server/locale"
	"github.com/frontdesk-chat/frontdesk/server/relay"
)

// polish gives a core's relay the bundled texts with the agent speaking Polish and the site's
// default language site.
func polish(t *testing.T, k *coretest.Core, site string) {
	t.Helper()
	l, err := locale.Load("../../assets/i18n", func(id string) string {
		if id == k.Agent {
			return "pl"
		}
		return ""
	}, func() string { return site })
	if err != nil {
		t.Fatal(err)
	}
	k.Relay.SetTexts(l)
}

// The relay's ephemerals about an edit, a delete or a reaction the customer does not see speak the
// agent's language; an English reader gets them as before.
func TestChangeAndReactionNoticesInTheAgentsLanguage(t *testing.T) {
	k := coretest.NewCore(t, channel.SMS, (*providertest.Scripted).Minimal)
	polish(t, k, "")
	k.Deliver(t, coretest.Message(customer, "m1", "hello", k.Now()))
	conv := k.Conversation(t, customer)
	k.Relay.Process(ctx, conv.ID)
	conv = k.Conversation(t, customer)
	for _, user := range []string{k.Agent, k.Admin} {
		_, post := k.Reply(t, user, conv.RootPostID, "Your phone is ready")
		k.Relay.Process(ctx, conv.ID)
		edited := post.Clone()
		edited.Message = "Your phone is ready now"
		k.Relay.AgentEdited(ctx, edited, post)
		k.Relay.AgentDeleted(ctx, post)
	}
	want := map[string][]string{
		k.Agent: {
			"Frontdesk: SMS nie pozwala zmieniać wysłanej wiadomości; klient nadal widzi oryginał. Twoja zmiana obowiązuje tylko tutaj.",
			"Frontdesk: SMS nie pozwala zmieniać wysłanej wiadomości; klient nadal widzi oryginał. Usunięcie obowiązuje tylko tutaj.",
		},
		k.Admin: {
			"Frontdesk: SMS does not support changing a sent message; the customer still sees the original. Your edit applies here only.",
			"Frontdesk: SMS does not support changing a sent message; the customer still sees the original. Your delete applies here only.",
		},
	}
	for user, texts := range want {
		var got []string
		for _, e := range k.MM.Ephemerals(user) {
			got = append(got, e.Message)
		}
		if strings.Join(got, "\n") != strings.Join(texts, "\n") {
			t.Errorf("ephemerals of %s:\n%s\nwant\n%s", user, strings.Join(got, "\n"), strings.Join(texts, "\n"))
		}
	}

	r := coretest.NewCore(t, channel.Telegram, nil)
	polish(t, r, "")
	r.Deliver(t, coretest.Message(customer, "m1", "hello", r.Now()))
	conv = r.Conversation(t, customer)
	r.Relay.Process(ctx, conv.ID)
	conv = r.Conversation(t, customer)
	var customerPost string
	for _, p := range r.MM.Thread(conv.RootPostID) {
		if p.Id != conv.RootPostID {
			customerPost = p.Id
		}
	}
	r.Relay.AgentReacted(ctx, &model.Reaction{UserId: r.Agent, PostId: customerPost, EmojiName: "frontdesk_custom"}, false)
	r.Provider.FailNext("React", 1, providertest.ClassError(channel.ClassPermanent, "busy"))
	r.Relay.AgentReacted(ctx, &model.Reaction{UserId: r.Agent, PostId: customerPost, EmojiName: "+1"}, false)
	var got []string
	for _, e := range r.MM.Ephemerals(r.Agent) {
		got = append(got, e.Message)
	}
	if len(got) != 2 || got[0] != "Frontdesk: Telegram nie ma odpowiednika reakcji :frontdesk_custom:; klient jej nie zobaczy." ||
		!strings.HasPrefix(got[1], "Frontdesk: reakcja nie dotarła do klienta: ") {
		t.Fatalf("reaction ephemerals: %q", got)
	}
}

// sitePolish gives a core the bundled texts with the site's default language Polish.
func sitePolish(t *testing.T, k *coretest.Core) {
	t.Helper()
	l, err := locale.Load("../../assets/i18n", nil, func() string { return "pl" })
	if err != nil {
		t.Fatal(err)
	}
	k.SetTexts(l)
}

// The posts the relay and the thread add to a chat for everyone speak the site's language: a
// message the customer deleted, a message that could not be shown, and the notices that link a
// moved chat's threads.
func TestThreadNoticesInTheSiteLanguage(t *testing.T) {
	k, conv := started(t)
	sitePolish(t, k)
	k.MM.FailNext("CreatePost", relay.MaxAttempts-1, errors.New("the database is read-only"))
	k.Deliver(t, coretest.Message(customer, "m3", "stuck", k.Now()))
	for range relay.MaxAttempts - 1 {
		k.Relay.Process(ctx, conv.ID)
		k.Advance(10 * time.Minute)
	}
	k.MM.FailNext("CreatePost", 1, errors.New("the database is read-only"))
	k.Relay.Process(ctx, conv.ID)
	k.Deliver(t, coretest.Message(customer, "m2", "oops", k.Now()))
	k.Relay.Process(ctx, conv.ID)
	k.Deliver(t, channel.Event{Type: channel.EventDelete, MessageID: "d2", TargetID: "m2", Customer: channel.Customer{ID: customer}})
	k.Relay.Process(ctx, conv.ID)
	got := texts(k.MM.Thread(conv.RootPostID)[1:])
	for _, want := range []string{
		"_Klient usunął tę wiadomość._",
		"_Nie udało się pokazać tutaj wiadomości od klienta (2026-03-02 09:00 UTC) mimo 16 prób. Poproś klienta, aby wysłał ją ponownie._",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the thread %q lacks %q", got, want)
		}
	}

	oldRoot := conv.RootPostID
	moveChannel(t, k)
	k.Deliver(t, coretest.Message(customer, "m4", "still there?", k.Now()))
	k.Relay.Process(ctx, conv.ID)
	moved := k.Conversation(t, customer)
	if got, want := texts(k.MM.Thread(moved.RootPostID)[1:2]), "Ten czat jest kontynuowany tutaj. Wcześniejsze wiadomości: "+coretest.DefaultSiteURL+"/_redirect/pl/"+oldRoot; got != want {
		t.Errorf("the new thread begins %q, want %q", got, want)
	}
	old := k.MM.Thread(oldRoot)
	if got, want := old[len(old)-1].Message, "Ten czat przeniósł się do nowego wątku; odpowiedzi tutaj nie docierają już do klienta: "+coretest.DefaultSiteURL+"/_redirect/pl/"+moved.RootPostID; got != want {
		t.Errorf("the old thread ends %q, want %q", got, want)
	}
}

// The reason a failed reply shows everyone speaks the site's language; the provider's own reason
// follows as it gave it.
func TestDeliveryFailuresInTheSiteLanguage(t *testing.T) {
	tests := []struct {
		class channel.Class
		want  string
	}{
		{channel.ClassSyncLost, "Konto u dostawcy straciło połączenie: token revoked. Połącz je ponownie, a potem ponów wysyłkę."},
		{channel.ClassWindowClosed, "Okno obsługi klienta jest zamknięte: token revoked"},
	}
	for _, tt := range tests {
		t.Run(string(tt.class), func(t *testing.T) {
			k, conv := started(t)
			sitePolish(t, k)
			k.Provider.FailNext("Send", 1, providertest.ClassError(tt.class, "token revoked"))
			_, post := k.Reply(t, k.Agent, conv.RootPostID, "Your phone is ready")
			k.Relay.Process(ctx, conv.ID)
			if m, err := k.Store.MessageByPost(ctx, post.Id); err != nil || m.Reason != tt.want {
				t.Fatalf("message = %+v, %v; want the reason %q", m, err, tt.want)
			}
		})
	}

	t.Run("swept too old", func(t *testing.T) {
		k, conv := started(t)
		sitePolish(t, k)
		k.Relay.Sweep(ctx)
		old, err := k.MM.UserPost(&model.Post{UserId: k.Agent, ChannelId: k.ChannelID, RootId: conv.RootPostID, Message: "old reply"})
		if err != nil {
			t.Fatal(err)
		}
		k.MM.Backdate(old.Id, conversation.Millis(k.Now()))
		k.Advance(relay.SweepTooOld + time.Hour)
		k.Relay.Sweep(ctx)
		want := "Nie wysłano: ta odpowiedź powstała, gdy Frontdesk nie działał, ponad dobę temu. Ponów, aby wysłać ją teraz."
		if m, err := k.Store.MessageByPost(ctx, old.Id); err != nil || m.Reason != want {
			t.Fatalf("message = %+v, %v; want the reason %q", m, err, want)
		}
	})
}
