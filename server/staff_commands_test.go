package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/coretest"
	"github.com/frontdesk-chat/frontdesk/server/locale"
)

// /frontdesk chats lists the chats as the chats list's REST API does: every active chat by default,
// narrowed by mine, unread, unanswered, archived, a connection's name and search words, a page of
// 20 at a time with the command for the next page.
func TestChatsCommandFiltersSearchesAndPages(t *testing.T) {
	ctx := context.Background()
	k := coretest.NewCore(t, channel.SMS, nil)
	polka := model.NewId()
	k.MM.SetMember(k.ChannelID, polka, true)
	k.MM.SetUsername(k.Agent, "agent")
	l, err := locale.Load("../assets/i18n", func(id string) string {
		if id == polka {
			return "pl"
		}
		return ""
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	p := &Plugin{texts: l, inbox: k.Inbox, connections: k.Connections, commands: newCommands()}
	var ids []string
	for i := range 23 {
		phone := fmt.Sprintf("+4860100%04d", i)
		ev := coretest.Message(channel.CustomerID(phone), fmt.Sprintf("m%d", i), "Hello", k.Now())
		ev.Customer.Phone, ev.Customer.Name = phone, fmt.Sprintf("Customer %02d", i)
		k.Deliver(t, ev)
		conv := k.Conversation(t, channel.CustomerID(phone))
		k.Relay.Process(ctx, conv.ID)
		ids = append(ids, conv.ID)
		k.Advance(time.Minute)
	}
	// Chat 0 is read by the agent, 1 answered, 2 assigned to them, 3 archived: 22 active chats.
	if err := k.Inbox.MarkRead(ctx, k.Agent, ids[0]); err != nil {
		t.Fatal(err)
	}
	answered := k.Conversation(t, "+48601000001")
	if reason, _ := k.Reply(t, k.Agent, answered.RootPostID, "Hi"); reason != "" {
		t.Fatal(reason)
	}
	k.Relay.Process(ctx, answered.ID)
	if _, err := k.Inbox.Assign(ctx, k.Agent, ids[2], k.Agent); err != nil {
		t.Fatal(err)
	}
	if _, err := k.Inbox.Archive(ctx, k.Agent, ids[3]); err != nil {
		t.Fatal(err)
	}
	run := func(user, cmd string) string {
		resp, appErr := p.ExecuteCommand(nil, &model.CommandArgs{UserId: user, ChannelId: k.ChannelID, TeamId: "team", Command: cmd})
		if appErr != nil {
			t.Fatalf("%s: %v", cmd, appErr)
		}
		return resp.Text
	}
	rows := func(text string) int { return strings.Count(text, "\n- ") }
	tests := []struct {
		name, user, cmd string
		rows            int
		want, not       []string
	}{
		{"the first page", k.Agent, "/frontdesk chats", 20,
			[]string{"#### Chats, page 1", "[Customer 22](", "/_redirect/pl/", "More on the next page: `/frontdesk chats page:2`"}, []string{"Customer 03"}},
		{"the next page", k.Agent, "/frontdesk chats page:2", 2, []string{"#### Chats, page 2", "[Customer 00](", "[Customer 02]("}, []string{"More on the next page"}},
		{"a page written as two words", k.Agent, "/frontdesk chats page 2", 2, []string{"[Customer 00]("}, nil},
		{"mine", k.Agent, "/frontdesk chats mine", 1, []string{"[Customer 02](", "@agent"}, nil},
		{"unread", k.Agent, "/frontdesk chats unread page:2", 1, []string{"[Customer 02](", "· unread ·"}, []string{"Customer 00"}},
		{"unanswered", k.Agent, "/frontdesk chats unanswered page:2", 1, []string{"[Customer 00](", "· unanswered ·"}, []string{"Customer 01"}},
		{"archived", k.Agent, "/frontdesk chats archived", 1, []string{"[Customer 03](", "· archived ·"}, nil},
		{"search words", k.Agent, "/frontdesk chats customer 17", 1, []string{"[Customer 17]("}, nil},
		{"search by phone", k.Agent, "/frontdesk chats 601000017", 1, []string{"[Customer 17]("}, nil},
		{"a connection by name", k.Agent, "/frontdesk chats mine connection:SUPPORT", 1, []string{"[Customer 02]("}, nil},
		{"an unknown connection", k.Agent, `/frontdesk chats connection:"Shop PL"`, 0, []string{"You have no connection named “Shop PL”. Yours: support."}, nil},
		{"nothing matches", k.Agent, "/frontdesk chats archived mine nobody", 0, []string{"No chat matches `/frontdesk chats mine archived nobody`."}, nil},
		{"a bad page", k.Agent, "/frontdesk chats page:0", 0, []string{"A page is a number from 1"}, nil},
		{"in Polish", polka, "/frontdesk chats unanswered", 20,
			[]string{"#### Czaty, strona 1", "bez odpowiedzi", "Więcej na następnej stronie: `/frontdesk chats unanswered page:2`"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := run(tt.user, tt.cmd)
			if n := rows("\n" + got); n != tt.rows {
				t.Fatalf("%d rows, want %d:\n%s", n, tt.rows, got)
			}
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Fatalf("%q lacks %q", got, w)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(got, w) {
					t.Fatalf("%q has %q", got, w)
				}
			}
		})
	}
}
