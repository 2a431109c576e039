package inbox_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/channel/providertest"
	"github.com/frontdesk-chat/frontdesk/server/command"
	"github.com/frontdesk-chat/frontdesk/server/conversation"
	"github.com/frontdesk-chat/frontdesk/server/coretest"
	"github.com/frontdesk-chat/frontdesk/server/inbox"
)

// Starting a chat (POST /conversations, /frontdesk start) or retrying a reply on a connection that
// lost sync is refused with what the reader can do about it, in their language: admins get the
// connection's System Console link, everyone else is told to ask a system admin.
func TestLostSyncRefusalsSayHowToReconnect(t *testing.T) {
	k := coretest.NewCore(t, channel.Telegram, nil)
	polka := model.NewId()
	k.MM.SetMember(k.ChannelID, polka, true)
	l := coretest.PolishFor(t, polka)
	k.Connections.SetTexts(l)
	k.Deliver(t, coretest.Message("42", "m1", "hello", k.Now()))
	k.Relay.Process(ctx, k.Conversation(t, "42").ID)
	conv := k.Conversation(t, "42")
	k.Provider.FailNext("Send", 1, providertest.ClassError(channel.ClassPermanent, "rejected"))
	_, failed := k.Reply(t, k.Agent, conv.RootPostID, "Ready")
	k.Relay.Process(ctx, conv.ID)
	k.Provider.SetHealth(providertest.ClassError(channel.ClassSyncLost, "token revoked"))
	_ = k.Connections.Test(ctx, k.Admin, k.Conn.ID)

	link := coretest.DefaultSiteURL + "/admin_console/plugins/plugin_frontdesk?connection=" + k.Conn.ID
	readers := []struct {
		name, user, said string
	}{
		{"an admin", k.Admin, "Frontdesk: the connection lost sync with the provider. Reconnect it in the System Console: " + link},
		{"an agent", k.Agent, "Frontdesk: the connection lost sync with the provider. Ask a system admin to reconnect it."},
		{"a Polish agent", polka, "Frontdesk: połączenie straciło synchronizację z dostawcą. Poproś administratora systemu o ponowne połączenie."},
	}
	actions := []struct {
		name string
		do   func(userID string) error
	}{
		{"start", func(userID string) error {
			_, err := k.Inbox.Start(ctx, userID, inbox.StartInput{ConnectionID: k.Conn.ID, CustomerID: "43", Text: "hi"})
			return err
		}},
		{"retry", func(userID string) error { return k.Inbox.Retry(ctx, userID, failed.Id) }},
	}
	for _, a := range actions {
		for _, r := range readers {
			t.Run(a.name+" by "+r.name, func(t *testing.T) {
				err := a.do(r.user)
				var lost *inbox.SyncLostError
				if !errors.As(err, &lost) || !errors.Is(err, conversation.ErrNotAllowed) {
					t.Fatalf("err = %v, want a lost-sync refusal", err)
				}
				// The API's message (409 not_allowed) carries the same advice.
				if advice := strings.SplitN(r.said, ". ", 2)[1]; !strings.HasSuffix(err.Error(), advice) {
					t.Fatalf("the API's message %q lacks %q", err.Error(), advice)
				}
				said, internal := command.Explain(err)
				if got := said.In(l, r.user); got != r.said || internal {
					t.Fatalf("said %q (internal %v), want %q", got, internal, r.said)
				}
			})
		}
	}
}
