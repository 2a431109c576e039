package relay_test

import (
	"strings"
	"testing"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/channel/providertest"
	"github.com/frontdesk-chat/frontdesk/server/coretest"
	"github.com/frontdesk-chat/frontdesk/server/locale"
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
