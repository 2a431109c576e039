package coretest_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/conversation"
)

type ctxT = context.Context

func conversationCustomer(i int) channel.CustomerID {
	return channel.CustomerID(fmt.Sprintf("customer-%d", i+1))
}

// staffStore is what the staff features keep: assignees and quick replies.
type staffStore interface {
	SetAssignee(ctx ctxT, id, userID string) (bool, error)
	QuickReplies(ctx ctxT, teamID string) ([]conversation.QuickReply, error)
	QuickReply(ctx ctxT, teamID, name string) (conversation.QuickReply, error)
	PutQuickReply(ctx ctxT, q conversation.QuickReply) error
	DeleteQuickReply(ctx ctxT, teamID, name string) error
}

func init() {
	behaviours = append(behaviours,
		behaviour{"the list searches, filters by assignee and fetches one row more", func(t *testing.T, s coreStore) {
			ss := s.(staffStore)
			c := addConnection(t, s, 1)
			people := []struct{ name, username, phone string }{
				{"Zofia Kowalska Łąka", "zosia", "+48601111222"}, {"Jan Nowak", "jan_n", "+48602333444"}, {"Anna Kowal", "", "+48603555666"},
			}
			for i, p := range people {
				conv, err := s.EnsureConversation(ctx, &conversation.Conversation{ID: id("conv", i+1), ConnectionID: c.ID,
					CustomerID: conversationCustomer(i), CustomerName: p.name, CustomerUsername: p.username, CustomerPhone: p.phone, CreateAt: 10})
				must(t, err)
				must(t, s.SetRootPost(ctx, conv.ID, id("root", i+1)))
				must(t, s.RecordMessage(ctx, conv.ID, true, int64(100+i)))
			}
			changed, err := ss.SetAssignee(ctx, id("conv", 2), "agent")
			must(t, err)
			if !changed {
				t.Fatal("the first assignment changed nothing")
			}
			if changed, _ := ss.SetAssignee(ctx, id("conv", 2), "agent"); changed {
				t.Fatal("the same assignment changed something")
			}
			if getConv(t, s, id("conv", 2)).AssigneeID != "agent" {
				t.Fatal("the assignee is not kept")
			}
			all := []string{c.ID}
			for _, tc := range []struct {
				name string
				f    conversation.ListFilter
				want []string
			}{
				{"name in any case", conversation.ListFilter{Query: "KOWAL"}, []string{id("conv", 3), id("conv", 1)}},
				{"username", conversation.ListFilter{Query: "jan_"}, []string{id("conv", 2)}},
				{"a Polish letter in any case", conversation.ListFilter{Query: "ŁĄK"}, []string{id("conv", 1)}},
				{"phone digits", conversation.ListFilter{Query: "+48 603-555"}, []string{id("conv", 3)}},
				{"LIKE wildcards are literal", conversation.ListFilter{Query: "%"}, nil},
				{"an underscore is literal", conversation.ListFilter{Query: "ja_"}, nil},
				{"assigned to one user", conversation.ListFilter{Assigned: "agent"}, []string{id("conv", 2)}},
				{"assigned to nobody", conversation.ListFilter{Assigned: conversation.Unassigned}, []string{id("conv", 3), id("conv", 1)}},
				{"one row more", conversation.ListFilter{PerPage: 1, More: true}, []string{id("conv", 3), id("conv", 2)}},
				{"one row more on the last page", conversation.ListFilter{PerPage: 2, Page: 1, More: true}, []string{id("conv", 1)}},
			} {
				tc.f.ConnectionIDs = all
				if tc.f.PerPage == 0 {
					tc.f.PerPage = 10
				}
				got, err := s.ListConversations(ctx, tc.f)
				must(t, err)
				sameIDs(t, tc.name, convIDs(got), tc.want...)
			}
			_, err = ss.SetAssignee(ctx, id("conv", 2), "")
			must(t, err)
			if getConv(t, s, id("conv", 2)).AssigneeID != "" {
				t.Fatal("unassigning kept the assignee")
			}
		}},
		behaviour{"quick replies are kept per team by name", func(t *testing.T, s coreStore) {
			ss := s.(staffStore)
			team, other := model.NewId(), model.NewId()
			must(t, ss.PutQuickReply(ctx, conversation.QuickReply{TeamID: team, Name: "hours", Text: "9-17", UpdatedBy: "u1", UpdatedAt: 1}))
			must(t, ss.PutQuickReply(ctx, conversation.QuickReply{TeamID: team, Name: "address", Text: "Main St", UpdatedBy: "u1", UpdatedAt: 2}))
			must(t, ss.PutQuickReply(ctx, conversation.QuickReply{TeamID: team, Name: "hours", Text: "10-18", UpdatedBy: "u2", UpdatedAt: 3}))
			must(t, ss.PutQuickReply(ctx, conversation.QuickReply{TeamID: other, Name: "hours", Text: "other", UpdatedBy: "u3", UpdatedAt: 4}))
			list, err := ss.QuickReplies(ctx, team)
			must(t, err)
			if len(list) != 2 || list[0].Name != "address" || list[1].Name != "hours" || list[1].Text != "10-18" || list[1].UpdatedBy != "u2" || list[1].UpdatedAt != 3 {
				t.Fatalf("list = %+v", list)
			}
			q, err := ss.QuickReply(ctx, other, "hours")
			must(t, err)
			if q.Text != "other" {
				t.Fatalf("other team's = %+v", q)
			}
			must(t, ss.DeleteQuickReply(ctx, team, "hours"))
			if _, err := ss.QuickReply(ctx, team, "hours"); !errors.Is(err, conversation.ErrNotFound) {
				t.Fatalf("a deleted quick reply: %v", err)
			}
			if err := ss.DeleteQuickReply(ctx, team, "hours"); !errors.Is(err, conversation.ErrNotFound) {
				t.Fatalf("deleting twice: %v", err)
			}
			if empty, err := ss.QuickReplies(ctx, model.NewId()); err != nil || empty == nil || len(empty) != 0 {
				t.Fatalf("a team without quick replies: %v, %v (want an empty list)", empty, err)
			}
			fails(t, "a name over 32 characters", ss.PutQuickReply(ctx, conversation.QuickReply{TeamID: team,
				Name: "abcdefghijklmnopqrstuvwxyz0123456", Text: "x", UpdatedAt: 5}))
		}},
	)
}
