package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/conversation"
	"github.com/frontdesk-chat/frontdesk/server/store"
)

func seedConnection(t *testing.T, ctx context.Context, s interface {
	CreateConnection(context.Context, *conversation.Connection) error
}) *conversation.Connection {
	t.Helper()
	c := &conversation.Connection{ID: "conn0000000000000000000001", Kind: channel.Telegram, Name: "bot",
		ChannelID: "chan0000000000000000000001", Sealed: []byte{1}, VerifyToken: "t", CreatedBy: "u", CreateAt: 1, UpdateAt: 1}
	if err := s.CreateConnection(ctx, c); err != nil {
		t.Fatal(err)
	}
	return c
}

// seedConversation is a fresh store with one connection and the conversation of its customer 42.
func seedConversation(t *testing.T) (*store.Store, *conversation.Connection, *conversation.Conversation) {
	t.Helper()
	s := newStore(t)
	ctx := context.Background()
	c := seedConnection(t, ctx, s)
	conv, err := s.EnsureConversation(ctx, &conversation.Conversation{ID: "conv0000000000000000000001", ConnectionID: c.ID, CustomerID: "42", CreateAt: 1})
	if err != nil {
		t.Fatal(err)
	}
	return s, c, conv
}

// Concurrent first messages of one customer open exactly one conversation.
func TestEnsureConversationConcurrently(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	c := seedConnection(t, ctx, s)
	ids := make(chan string, 10)
	var wg sync.WaitGroup
	for i := 0; i < 10; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			conv, err := s.EnsureConversation(ctx, &conversation.Conversation{
				ID: fmt.Sprintf("conv%022d", i), ConnectionID: c.ID, CustomerID: "42", CustomerName: "Anna", CreateAt: 1})
			if err != nil {
				t.Error(err)
				return
			}
			ids <- conv.ID
		}()
	}
	wg.Wait()
	close(ids)
	seen := map[string]bool{}
	for id := range ids {
		seen[id] = true
	}
	if len(seen) != 1 {
		t.Fatalf("concurrent first messages opened %d conversations", len(seen))
	}
}

// The same provider message claimed by many deliveries at once is claimed exactly once; the same
// post queued twice is queued once.
func TestClaimsAreUniqueUnderConcurrency(t *testing.T) {
	s, c, conv := seedConversation(t)
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		msg  func(i int) *conversation.Message
	}{
		{"inbound claim", func(i int) *conversation.Message {
			return &conversation.Message{ID: fmt.Sprintf("in%024d", i), ConversationID: conv.ID, ConnectionID: c.ID,
				Direction: conversation.In, ProviderMessageID: "42:7", State: conversation.StatePending,
				Event: &channel.Event{Type: channel.EventMessage, Text: "hi"}, ProviderAt: 1, CreateAt: 1}
		}},
		{"outbox row", func(i int) *conversation.Message {
			return &conversation.Message{ID: fmt.Sprintf("out%023d", i), ConversationID: conv.ID, ConnectionID: c.ID,
				Direction: conversation.Out, PostID: "post0000000000000000000001", State: "sending", ProviderAt: 1, CreateAt: 1}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var won atomic.Int32
			var wg sync.WaitGroup
			for i := 0; i < 8; i++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					ok, err := s.InsertMessage(ctx, tc.msg(i))
					if err != nil {
						t.Error(err)
					}
					if ok {
						won.Add(1)
					}
				}()
			}
			wg.Wait()
			if won.Load() != 1 {
				t.Fatalf("%d of 8 concurrent inserts won, want exactly 1", won.Load())
			}
		})
	}
	pending, err := s.PendingInbound(ctx, conv.ID, 1<<62)
	if err != nil || len(pending) != 1 || pending[0].Event == nil || pending[0].Event.Text != "hi" {
		t.Fatalf("pending = %+v, %v", pending, err)
	}
}

// The conversation lock serialises work across connections to the database, as across nodes.
func TestConversationLockSerialises(t *testing.T) {
	s := newStore(t)
	var inside, maxInside atomic.Int32
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := s.WithConversationLock(context.Background(), "conv-a", func(context.Context) error {
				n := inside.Add(1)
				if n > maxInside.Load() {
					maxInside.Store(n)
				}
				time.Sleep(50 * time.Millisecond)
				inside.Add(-1)
				return nil
			})
			if err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if maxInside.Load() != 1 {
		t.Fatalf("%d holders at once, want 1", maxInside.Load())
	}
}

// Delivery state and read marks only move forward.
func TestRecordMessageAndReadsMoveForward(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	c := seedConnection(t, ctx, s)
	conv, _ := s.EnsureConversation(ctx, &conversation.Conversation{ID: "conv0000000000000000000001", ConnectionID: c.ID, CustomerID: "42", CreateAt: 1})
	if err := s.RecordMessage(ctx, conv.ID, true, 200); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordMessage(ctx, conv.ID, false, 100); err != nil { // late, older delivery
		t.Fatal(err)
	}
	got, _ := s.GetConversation(ctx, conv.ID)
	if got.LastMessageAt != 200 || !got.LastFromCustomer || got.LastCustomerAt != 200 {
		t.Fatalf("an older message moved the marks back: %+v", got)
	}
	_ = s.MarkRead(ctx, "u1", conv.ID, 300)
	_ = s.MarkRead(ctx, "u1", conv.ID, 250)
	if at, _ := s.ReadState(ctx, "u1", conv.ID); at != 300 {
		t.Fatalf("read mark = %d, want 300", at)
	}
}

// A list for a user carries that user's read marks and can keep only the chats they have not read.
func TestListConversationsForAViewer(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	c := seedConnection(t, ctx, s)
	var ids []string
	for i, customer := range []string{"read-one", "unread-one"} {
		conv, err := s.EnsureConversation(ctx, &conversation.Conversation{ID: fmt.Sprintf("conv%022d", i), ConnectionID: c.ID,
			CustomerID: channel.CustomerID(customer), CreateAt: 1})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.SetRootPost(ctx, conv.ID, fmt.Sprintf("root%022d", i)); err != nil {
			t.Fatal(err)
		}
		if err := s.RecordMessage(ctx, conv.ID, true, int64(100+i)); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, conv.ID)
	}
	if err := s.MarkRead(ctx, "viewer", ids[0], 500); err != nil {
		t.Fatal(err)
	}
	all, err := s.ListConversations(ctx, conversation.ListFilter{ConnectionIDs: []string{c.ID}, Viewer: "viewer", PerPage: 10})
	if err != nil || len(all) != 2 {
		t.Fatalf("list = %d, %v", len(all), err)
	}
	marks := map[string]int64{}
	for _, conv := range all {
		marks[conv.ID] = conv.ViewerReadAt
		if conv.Viewer != "viewer" {
			t.Fatalf("viewer = %q", conv.Viewer)
		}
	}
	if marks[ids[0]] != 500 || marks[ids[1]] != 0 {
		t.Fatalf("read marks = %v", marks)
	}
	unread, err := s.ListConversations(ctx, conversation.ListFilter{ConnectionIDs: []string{c.ID}, Viewer: "viewer", UnreadFor: "viewer", PerPage: 10})
	if err != nil || len(unread) != 1 || unread[0].ID != ids[1] {
		t.Fatalf("unread list = %+v, %v", unread, err)
	}
}

// A change queued behind its message leaves the pending list once applied, keeps no event, and the
// message the customer changed stays the last inbound one; a row is found by its id.
func TestQueuedChangeIsAppliedOnce(t *testing.T) {
	s, c, conv := seedConversation(t)
	ctx := context.Background()
	msg := &conversation.Message{ID: "msg00000000000000000000001", ConversationID: conv.ID, ConnectionID: c.ID,
		Direction: conversation.In, ProviderMessageID: "42:7", State: conversation.StatePending,
		Event: &channel.Event{Type: channel.EventMessage, Text: "at 5"}, ProviderAt: 10, CreateAt: 1}
	edit := &conversation.Message{ID: "edit0000000000000000000001", ConversationID: conv.ID, ConnectionID: c.ID,
		Direction: conversation.In, ProviderMessageID: "42:7:edit:9", State: conversation.StatePending,
		Event: &channel.Event{Type: channel.EventEdit, TargetID: "42:7", Text: "at 6"}, ProviderAt: 10, CreateAt: 2}
	for _, m := range []*conversation.Message{msg, edit} {
		if ok, err := s.InsertMessage(ctx, m); !ok || err != nil {
			t.Fatalf("insert %s: %v, %v", m.ID, ok, err)
		}
	}
	pending, err := s.PendingInbound(ctx, conv.ID, 1<<62)
	if err != nil || len(pending) != 2 || pending[0].ID != msg.ID || pending[1].ID != edit.ID {
		t.Fatalf("pending = %+v, %v; want the message, then its edit", pending, err)
	}
	if err := s.MarkPosted(ctx, conversation.Posted{ID: msg.ID, PostID: "post0000000000000000000001", State: conversation.StatePosted}); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkApplied(ctx, edit.ID); err != nil {
		t.Fatal(err)
	}
	if pending, err := s.PendingInbound(ctx, conv.ID, 1<<62); err != nil || len(pending) != 0 {
		t.Fatalf("pending after applying = %+v, %v", pending, err)
	}
	got, err := s.MessageByID(ctx, edit.ID)
	if err != nil || got.State != conversation.StateApplied || got.Event != nil {
		t.Fatalf("applied edit = %+v, %v", got, err)
	}
	if last, err := s.LastInbound(ctx, conv.ID); err != nil || last != "42:7" {
		t.Fatalf("last inbound = %q, %v; want the posted message, not its edit", last, err)
	}
	if _, err := s.MessageByID(ctx, "nosuchrow00000000000000001"); !errors.Is(err, conversation.ErrNotFound) {
		t.Fatalf("unknown id: %v, want ErrNotFound", err)
	}
}

// Opting out and back in changes the conversation once each way.
func TestSetOptedOutReportsChanges(t *testing.T) {
	s, _, conv := seedConversation(t)
	ctx := context.Background()
	at := time.Now().UnixMilli()
	for i, step := range []struct {
		at      int64
		changed bool
	}{{at, true}, {at + 5, false}, {0, true}, {0, false}} {
		changed, err := s.SetOptedOut(ctx, conv.ID, step.at)
		if err != nil || changed != step.changed {
			t.Fatalf("step %d: SetOptedOut(%d) = %v, %v; want %v", i, step.at, changed, err, step.changed)
		}
	}
	got, err := s.GetConversation(ctx, conv.ID)
	if err != nil || got.OptedOut() {
		t.Fatalf("after opting back in: %+v, %v", got, err)
	}
}

// A claim records the customer's message on its conversation in the same statement; a duplicate
// claim records nothing.
func TestClaimMessageRecordsOnce(t *testing.T) {
	s, c, conv := seedConversation(t)
	ctx := context.Background()
	claim := func(id string, at int64) bool {
		ok, err := s.ClaimMessage(ctx, &conversation.Message{ID: id, ConversationID: conv.ID, ConnectionID: c.ID,
			Direction: conversation.In, ProviderMessageID: "42:7", State: conversation.StatePending,
			Event: &channel.Event{Type: channel.EventMessage, Text: "hi"}, ProviderAt: at, CreateAt: at})
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	if !claim("msg00000000000000000000001", 1000) {
		t.Fatal("the first claim was not taken")
	}
	if claim("msg00000000000000000000002", 5000) {
		t.Fatal("a duplicate claim was taken")
	}
	got, err := s.GetConversation(ctx, conv.ID)
	if err != nil || got.LastCustomerAt != 1000 || got.LastMessageAt != 1000 || !got.LastFromCustomer {
		t.Fatalf("conversation after the claims = %+v, %v; want the first claim's time, from the customer", got, err)
	}
}
