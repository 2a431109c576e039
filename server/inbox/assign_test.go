package inbox_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/server/audit"
	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/conversation"
	"github.com/frontdesk-chat/frontdesk/server/coretest"
)

// Assignment: who may be assigned, what the thread, the header card, the assignee and the trail see.
func TestAssign(t *testing.T) {
	bob, outsider := model.NewId(), model.NewId()
	tests := []struct {
		name     string
		by       func(k *coretest.Core) string
		to       func(k *coretest.Core) string
		wantErr  error
		event    string // in the thread; "" for none
		header   string
		notice   bool // bob gets a direct message
		assignee func(k *coretest.Core) string
	}{
		{"to a teammate", func(k *coretest.Core) string { return k.Agent }, func(*coretest.Core) string { return bob },
			nil, "assigned this chat to @bob", "Assigned to @bob", true, func(*coretest.Core) string { return bob }},
		{"taken by oneself", func(k *coretest.Core) string { return k.Agent }, func(k *coretest.Core) string { return k.Agent },
			nil, "took this chat", "Assigned to @alice", false, func(k *coretest.Core) string { return k.Agent }},
		{"to someone outside the channel", func(k *coretest.Core) string { return k.Agent }, func(*coretest.Core) string { return outsider },
			conversation.ErrInvalid, "", "", false, func(*coretest.Core) string { return "" }},
		{"by someone outside the channel", func(*coretest.Core) string { return outsider }, func(*coretest.Core) string { return bob },
			conversation.ErrNotFound, "", "", false, func(*coretest.Core) string { return "" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := coretest.NewCore(t, channel.SMS, nil)
			k.MM.SetMember(k.ChannelID, bob, true)
			k.MM.SetUsername(bob, "bob")
			k.MM.SetUsername(k.Agent, "alice")
			k.MM.SetUsername(outsider, "eve")
			k.MM.SetSiteURL("https://chat.example.com")
			k.Deliver(t, coretest.Message("c1", "m1", "Hello", k.Now()))
			k.Relay.Process(ctx, k.Conversation(t, "c1").ID)
			conv := k.Conversation(t, "c1")
			before := len(k.MM.Thread(conv.RootPostID))
			got, err := k.Inbox.Assign(ctx, tt.by(k), conv.ID, tt.to(k))
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				if tt.wantErr == conversation.ErrInvalid && !strings.Contains(err.Error(), "@eve cannot be assigned") {
					t.Fatalf("refusal %q names nobody", err)
				}
				if len(k.MM.Thread(conv.RootPostID)) != before {
					t.Fatal("a refused assignment posted in the thread")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.AssigneeID != tt.assignee(k) {
				t.Fatalf("assignee = %q", got.AssigneeID)
			}
			th := k.MM.Thread(conv.RootPostID)
			if len(th) != before+1 || !strings.Contains(th[len(th)-1].Message, tt.event) || th[len(th)-1].UserId != k.BotID {
				var msgs []string
				for _, p := range th {
					msgs = append(msgs, p.Message)
				}
				t.Fatalf("thread = %q, want an event saying %q", msgs, tt.event)
			}
			if root, _ := k.MM.Post(conv.RootPostID); !strings.Contains(root.Message, tt.header) {
				t.Fatalf("header card %q lacks %q", root.Message, tt.header)
			}
			dm, _ := k.MM.DirectChannel(bob)
			notices := k.MM.Posts(dm)
			if tt.notice != (len(notices) == 1) {
				t.Fatalf("notices to bob = %v", notices)
			}
			if tt.notice && !strings.Contains(notices[0].Message, "https://chat.example.com/_redirect/pl/"+conv.RootPostID) {
				t.Fatalf("notice %q has no link to the thread", notices[0].Message)
			}
			if len(k.MM.EventsNamed("conversation_updated")) == 0 {
				t.Fatal("no conversation_updated event")
			}
			entries, _ := k.Store.ListAudit(ctx, 0, 10)
			audited := 0
			for _, e := range entries {
				if e.Action == audit.ConversationAssign && e.TargetID == conv.ID && e.UserID == tt.by(k) {
					audited++
				}
			}
			if audited != 1 {
				t.Fatalf("audit = %+v", entries)
			}
			// The same assignment again changes nothing and says nothing.
			if _, err := k.Inbox.Assign(ctx, tt.by(k), conv.ID, tt.to(k)); err != nil || len(k.MM.Thread(conv.RootPostID)) != before+1 {
				t.Fatalf("repeated assignment: err %v, thread %d posts", err, len(k.MM.Thread(conv.RootPostID)))
			}
			// Unassigning clears the header card's line.
			if _, err := k.Inbox.Assign(ctx, tt.by(k), conv.ID, ""); err != nil {
				t.Fatal(err)
			}
			if root, _ := k.MM.Post(conv.RootPostID); strings.Contains(root.Message, "Assigned to") {
				t.Fatalf("header card after unassigning: %q", root.Message)
			}
		})
	}
}

// The list's search, assignee filter and paging.
func TestListPageFilters(t *testing.T) {
	k := coretest.NewCore(t, channel.SMS, nil)
	customers := []struct{ id, name string }{{"+48601111222", "Zofia Kowalska"}, {"+48602333444", "Jan Nowak"}, {"+48603555666", "Anna Kowal"}}
	for i, c := range customers {
		ev := coretest.Message(channel.CustomerID(c.id), "m"+c.id, "Hi", k.Now().Add(time.Duration(i)*time.Minute))
		ev.Customer.Name, ev.Customer.Phone = c.name, c.id
		k.Deliver(t, ev)
		k.Relay.Process(ctx, k.Conversation(t, channel.CustomerID(c.id)).ID)
	}
	jan := k.Conversation(t, "+48602333444")
	if _, err := k.Inbox.Assign(ctx, k.Agent, jan.ID, k.Agent); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		f       conversation.ListFilter
		want    []string
		hasMore bool
	}{
		{"name, any case", conversation.ListFilter{Query: "KOWAL"}, []string{"Anna Kowal", "Zofia Kowalska"}, false},
		{"phone digits written any way", conversation.ListFilter{Query: "602 333"}, []string{"Jan Nowak"}, false},
		{"nothing matches", conversation.ListFilter{Query: "Wiśniewski"}, nil, false},
		{"a LIKE wildcard is literal", conversation.ListFilter{Query: "%"}, nil, false},
		{"assigned to the agent", conversation.ListFilter{Assigned: k.Agent}, []string{"Jan Nowak"}, false},
		{"assigned to nobody", conversation.ListFilter{Assigned: conversation.Unassigned}, []string{"Anna Kowal", "Zofia Kowalska"}, false},
		{"first page of two", conversation.ListFilter{PerPage: 2}, []string{"Anna Kowal", "Jan Nowak"}, true},
		{"last page", conversation.ListFilter{PerPage: 2, Page: 1}, []string{"Zofia Kowalska"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := k.Inbox.ListPage(ctx, k.Agent, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, c := range p.Conversations {
				got = append(got, c.CustomerName)
			}
			if strings.Join(got, ",") != strings.Join(tt.want, ",") || p.HasMore != tt.hasMore {
				t.Fatalf("got %v (more %v), want %v (more %v)", got, p.HasMore, tt.want, tt.hasMore)
			}
		})
	}
}
