package clients_test

import (
	"context"
	"errors"
	"testing"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/server/access"
	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/clients"
	"github.com/frontdesk-chat/frontdesk/server/conversation"
	"github.com/frontdesk-chat/frontdesk/server/coretest"
	"github.com/frontdesk-chat/frontdesk/server/helpdesk"
)

// F2: the helpdesk's clients are refused to someone the access policy does not allow with the plain
// reason; someone allowed who is in no connected channel is told that instead.
func TestClientsRefuseWhoMayNotUseChatsPlainly(t *testing.T) {
	ctx := context.Background()
	k := coretest.NewCore(t, channel.Telegram, nil)
	hd := &oneClient{client: helpdesk.Client{ID: "c1", Name: "Anna Nowak"}}
	s := clients.New(clients.Deps{Store: &links{by: map[string]conversation.ClientLink{}}, MM: k.MM, Chats: k.Inbox, Connections: k.Connections,
		Helpdesk: func() (helpdesk.Helpdesk, string, error) { return hd, "test", nil }, Log: k.Log, BotID: k.BotID, Audit: k.Audit})
	refused, elsewhere := model.NewId(), model.NewId()
	k.MM.SetMember(k.ChannelID, refused, true)
	k.MM.SetMember(model.NewId(), elsewhere, true)
	k.MM.SetUsername(elsewhere, "listed")
	k.MM.SetAccess(access.Settings{Mode: access.ModeRestricted, Users: []string{"listed"}})
	if _, err := s.Client(ctx, refused, "c1"); !errors.Is(err, conversation.ErrMayNotUseChats) {
		t.Fatalf("a member not allowed: %v", err)
	}
	if _, err := s.Client(ctx, elsewhere, "c1"); !errors.Is(err, conversation.ErrForbidden) || errors.Is(err, conversation.ErrMayNotUseChats) {
		t.Fatalf("an allowed user in no connected channel: %v", err)
	}
	if _, err := s.Client(ctx, k.Admin, "c1"); err != nil {
		t.Fatalf("the admin: %v", err)
	}
}
