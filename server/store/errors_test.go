package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/conversation"
	"github.com/frontdesk-chat/frontdesk/server/store"
)

// Every failing call names its operation in one style, and the cause stays reachable: a log line
// tells which query failed, and callers still act on context errors.
func TestErrorsNameTheirOperation(t *testing.T) {
	s := newStore(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	msg := &conversation.Message{ID: "msg00000000000000000000001", ConversationID: "conv", ConnectionID: "conn",
		Direction: conversation.In, State: conversation.StatePending, Event: &channel.Event{Type: channel.EventMessage}}
	ids := []string{"conn"}
	for _, tc := range []struct {
		op   string
		call func() error
	}{
		{"create migrations table", func() error { _, err := s.Migrate(ctx); return err }},
		{"create connection", func() error { return s.CreateConnection(ctx, &conversation.Connection{ID: "conn"}) }},
		{"update connection", func() error { return s.UpdateConnection(ctx, &conversation.Connection{ID: "conn"}) }},
		{"set sync lost", func() error { return s.SetSyncLost(ctx, "conn", 1, "gone") }},
		{"get connection", func() error { _, err := s.GetConnection(ctx, "conn"); return err }},
		{"list connections", func() error { _, err := s.ListConnections(ctx); return err }},
		{"delete connection", func() error { return s.DeleteConnection(ctx, "conn") }},
		{"ensure conversation", func() error {
			_, err := s.EnsureConversation(ctx, &conversation.Conversation{ID: "conv", ConnectionID: "conn"})
			return err
		}},
		{"get conversation", func() error { _, err := s.GetConversation(ctx, "conv"); return err }},
		{"get conversation by root post", func() error { _, err := s.GetConversationByRoot(ctx, "root"); return err }},
		{"set opted out", func() error { _, err := s.SetOptedOut(ctx, "conv", 1); return err }},
		{"set root post", func() error { return s.SetRootPost(ctx, "conv", "root") }},
		{"set conversation status", func() error {
			_, err := s.SetStatus(ctx, "conv", conversation.Archived, "u", 1)
			return err
		}},
		{"record message", func() error { return s.RecordMessage(ctx, "conv", true, 1) }},
		{"add pruned count", func() error { return s.AddPruned(ctx, "conv", 1) }},
		{"list conversations", func() error {
			_, err := s.ListConversations(ctx, conversation.ListFilter{ConnectionIDs: ids, PerPage: 1})
			return err
		}},
		{"count indicators", func() error { _, _, _, err := s.Indicators(ctx, "u", ids); return err }},
		{"read state", func() error { _, err := s.ReadState(ctx, "u", "conv"); return err }},
		{"mark read", func() error { return s.MarkRead(ctx, "u", "conv", 1) }},
		{"lock conversation", func() error {
			return s.WithConversationLock(ctx, "conv", func(context.Context) error { return nil })
		}},
		{"find conversation by customer", func() error { _, err := s.ConversationByCustomer(ctx, "conn", "42"); return err }},
		{"keep early status", func() error { return s.KeepEarlyStatus(ctx, conversation.EarlyStatus{ConnectionID: "conn"}) }},
		{"take early statuses", func() error { _, err := s.TakeEarlyStatuses(ctx, "conn", "m"); return err }},
		{"drop early statuses", func() error { return s.DropEarlyStatuses(ctx, 1) }},
		{"insert message", func() error { _, err := s.InsertMessage(ctx, msg); return err }},
		{"claim message", func() error { _, err := s.ClaimMessage(ctx, msg); return err }},
		{"list work", func() error { _, _, err := s.Work(ctx, "conv", 1); return err }},
		{"drop echo claim", func() error { return s.DropEchoClaim(ctx, "conn", "m") }},
		{"mark posted", func() error {
			return s.MarkPosted(ctx, conversation.Posted{ID: msg.ID, PostID: "post", State: conversation.StatePosted})
		}},
		{"mark applied", func() error { return s.MarkApplied(ctx, msg.ID) }},
		{"retry outbox now", func() error { _, err := s.RetryOutboxNow(ctx, "conn"); return err }},
		{"list due conversations", func() error { _, err := s.DueConversations(ctx, 1, 1); return err }},
		{"update delivery", func() error { return s.UpdateDelivery(ctx, msg) }},
		{"find message by provider id", func() error { _, err := s.MessageByProviderID(ctx, "conn", "m"); return err }},
		{"find message by post", func() error { _, err := s.MessageByPost(ctx, "post"); return err }},
		{"find message by id", func() error { _, err := s.MessageByID(ctx, msg.ID); return err }},
		{"list sent up to watermark", func() error { _, err := s.SentUpTo(ctx, "conv", 1, "read"); return err }},
		{"list prunable messages", func() error { _, err := s.PrunableMessages(ctx, "conv", 1); return err }},
		{"mark pruned", func() error { return s.MarkPruned(ctx, msg.ID) }},
		{"find last inbound", func() error { _, err := s.LastInbound(ctx, "conv"); return err }},
	} {
		err := tc.call()
		if want := "store: " + tc.op + ": "; err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%s: error %v, want it to start with %q", tc.op, err, want)
			continue
		}
		if !errors.Is(err, context.Canceled) {
			t.Errorf("%s: %v does not wrap context.Canceled", tc.op, err)
		}
	}
}

// A missing row is ErrNotFound for errors.Is, whichever way the store finds out, and still says
// which operation looked for it.
func TestNotFoundIsWrappedNotLost(t *testing.T) {
	s, _, conv := seedConversation(t)
	ctx := context.Background()
	for _, tc := range []struct {
		op   string
		call func() error
	}{
		{"get connection", func() error { _, err := s.GetConnection(ctx, "nosuchconnection"); return err }},
		{"get conversation", func() error { _, err := s.GetConversation(ctx, "nosuchconversation"); return err }},
		{"find message by id", func() error { _, err := s.MessageByID(ctx, "nosuchmessage"); return err }},
		{"find last inbound", func() error { _, err := s.LastInbound(ctx, conv.ID); return err }},
		{"mark posted", func() error {
			return s.MarkPosted(ctx, conversation.Posted{ID: "nosuchmessage", PostID: "post", State: conversation.StatePosted})
		}},
		{"delete connection", func() error { return s.DeleteConnection(ctx, "nosuchconnection") }},
	} {
		err := tc.call()
		if !errors.Is(err, conversation.ErrNotFound) || !errors.Is(err, store.ErrNotFound) {
			t.Errorf("%s: %v, want ErrNotFound", tc.op, err)
		}
		if want := "store: " + tc.op + ": not found"; err == nil || err.Error() != want {
			t.Errorf("%s: error %v, want %q", tc.op, err, want)
		}
	}
}
