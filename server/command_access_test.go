package main

import (
	"context"
	"testing"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/server/access"
	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/coretest"
	"github.com/frontdesk-chat/frontdesk/server/quickreply"
)

// F2: every command a member of a chat's channel may not use is refused plainly, in their
// language; someone outside the channel is told the thread is not a chat they can see.
func TestCommandsTellAMemberNotAllowedPlainly(t *testing.T) {
	ctx := context.Background()
	k := coretest.NewCore(t, channel.Telegram, nil)
	k.Deliver(t, coretest.Message("42", "m1", "hello", k.Now()))
	k.Relay.Process(ctx, k.Conversation(t, "42").ID)
	conv := k.Conversation(t, "42")
	refused, polka, outsider := model.NewId(), model.NewId(), model.NewId()
	k.MM.SetMember(k.ChannelID, refused, true)
	k.MM.SetMember(k.ChannelID, polka, true)
	k.MM.SetMember(model.NewId(), outsider, true)
	k.MM.SetAccess(access.Settings{Mode: access.ModeRestricted})
	l := coretest.PolishFor(t, polka)
	p := &Plugin{texts: l, inbox: k.Inbox, connections: k.Connections, commands: newCommands(),
		quickReplies: quickreply.New(k.Store, k.MM, func() int { return k.MaxLength })}
	run := func(user, rootID, cmd string) string {
		resp, appErr := p.ExecuteCommand(nil, &model.CommandArgs{UserId: user, ChannelId: k.ChannelID, TeamId: "team", RootId: rootID, Command: cmd})
		if appErr != nil {
			t.Fatalf("%s: %v", cmd, appErr)
		}
		return resp.Text
	}
	const plain = "You may not use Frontdesk chats. Ask a system admin."
	inThread := []string{"archive", "reopen", "note hidden", "status", "client", "link Matrix", "unlink", "doc order x", "templates",
		"template a b", "assign me", "unassign", "reply matrix", "read"}
	for _, cmd := range inThread {
		if got := run(refused, conv.RootPostID, "/frontdesk "+cmd); got != plain {
			t.Errorf("/frontdesk %s by a member not allowed: %q", cmd, got)
		}
		if got := run(polka, conv.RootPostID, "/frontdesk "+cmd); got != "Nie możesz korzystać z czatów Frontdesk. Poproś administratora systemu." {
			t.Errorf("/frontdesk %s by a Polish member not allowed: %q", cmd, got)
		}
		if got := run(outsider, conv.RootPostID, "/frontdesk "+cmd); got != "This thread is not a Frontdesk chat, or you are not a member of its channel." {
			t.Errorf("/frontdesk %s by an outsider: %q", cmd, got)
		}
	}
	// Outside a thread: starting a chat in the channel, the team's quick replies.
	for _, cmd := range []string{"start 43 hi", "replies", "replies save hours We open at 10", "replies delete hours"} {
		if got := run(refused, "", "/frontdesk "+cmd); got != plain {
			t.Errorf("/frontdesk %s by a member not allowed: %q", cmd, got)
		}
	}
	if c := k.Conversation(t, "42"); c.Status != conv.Status || c.AssigneeID != "" {
		t.Fatalf("the refused commands changed the chat: %+v", c)
	}
}
