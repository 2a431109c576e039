package coretest_test

import (
	"github.com/frontdesk-chat/frontdesk/server/audit"
	"github.com/frontdesk-chat/frontdesk/server/connection"
	"github.com/frontdesk-chat/frontdesk/server/inbox"
	"github.com/frontdesk-chat/frontdesk/server/relay"
	"github.com/frontdesk-chat/frontdesk/server/retention"
	"github.com/frontdesk-chat/frontdesk/server/thread"

	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/conversation"
	"github.com/frontdesk-chat/frontdesk/server/coretest"
	"github.com/frontdesk-chat/frontdesk/server/store"
	"github.com/frontdesk-chat/frontdesk/server/store/storetest"
)

// behaviour is one store promise, checked on the fake and on PostgreSQL alike.
type behaviour struct {
	name string
	run  func(t *testing.T, s coreStore)
}

// TestStoreConformance runs every behaviour against the in-memory store and the PostgreSQL store:
// a behaviour the fake gets wrong fails here, not in a core test that trusted it.
// coreStore is every store method the core's parts use.
type coreStore interface {
	connection.Store
	relay.Store
	inbox.Store
	thread.Store
	retention.Store
	audit.Store
	alertStore
	// The pending half of Work, checked on its own.
	PendingInbound(ctx context.Context, conversationID string, now int64) ([]*conversation.Message, error)
}

// alertStore is what the sync-lost alerts keep: one incident per connection, opened and fixed once.
type alertStore interface {
	OpenIncident(ctx context.Context, connectionID string, at int64, reason string) (bool, error)
	FixIncident(ctx context.Context, connectionID string, at int64) (bool, error)
}

func TestStoreConformance(t *testing.T) {
	t.Run("memory", func(t *testing.T) {
		for _, b := range behaviours {
			t.Run(b.name, func(t *testing.T) { b.run(t, coretest.NewStore()) })
		}
	})
	t.Run("postgres", func(t *testing.T) {
		pg := store.New(storetest.NewDB(t))
		if _, err := pg.Migrate(context.Background()); err != nil {
			t.Fatalf("migrate: %v", err)
		}
		for _, b := range behaviours {
			t.Run(b.name, func(t *testing.T) {
				// One database for all behaviours, emptied before each: creating one per behaviour is slow.
				if _, err := pg.DB().Exec(`TRUNCATE frontdesk_connections, frontdesk_conversations, frontdesk_messages,
					frontdesk_reads, frontdesk_early_statuses, frontdesk_audit, frontdesk_sweeps, frontdesk_chat_channels, frontdesk_leases, frontdesk_settings_seen, frontdesk_chat_counts CASCADE`); err != nil {
					t.Fatal(err)
				}
				b.run(t, pg)
			})
		}
	})
}

var ctx = context.Background()

// id makes a 26-character id, as Mattermost's are, from a prefix and a number.
func id(prefix string, n int) string { return fmt.Sprintf("%s%0*d", prefix, 26-len(prefix), n) }

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func newConnection(n int, createAt int64) *conversation.Connection {
	return &conversation.Connection{ID: id("conn", n), Kind: channel.Telegram, Name: fmt.Sprintf("bot %d", n),
		ChannelID: id("chan", n), Credentials: map[string]string{"token": "x"}, Sealed: []byte{1, 2, byte(n)},
		APIBaseURL: "http://provider.test", VerifyToken: "verify", AccountID: "acc", AccountName: "Acc",
		CreatedBy: id("user", 1), CreateAt: createAt, UpdateAt: createAt}
}

func addConnection(t *testing.T, s coreStore, n int) *conversation.Connection {
	t.Helper()
	c := newConnection(n, int64(n))
	must(t, s.CreateConnection(ctx, c))
	return c
}

func addConversation(t *testing.T, s coreStore, connectionID string, n int) *conversation.Conversation {
	t.Helper()
	conv, err := s.EnsureConversation(ctx, &conversation.Conversation{ID: id("conv", n), ConnectionID: connectionID,
		CustomerID: channel.CustomerID(fmt.Sprintf("customer-%d", n)), CustomerName: "Anna", CreateAt: 10})
	must(t, err)
	return conv
}

// seed is one connection and one conversation on it.
func seed(t *testing.T, s coreStore) (*conversation.Connection, *conversation.Conversation) {
	t.Helper()
	c := addConnection(t, s, 1)
	return c, addConversation(t, s, c.ID, 1)
}

func inbound(convID, connID string, n int, providerAt int64) *conversation.Message {
	return &conversation.Message{ID: id("in", n), ConversationID: convID, ConnectionID: connID, Direction: conversation.In,
		ProviderMessageID: channel.MessageID(fmt.Sprintf("pm-%d", n)), State: conversation.StatePending,
		Event: &channel.Event{Type: channel.EventMessage, MessageID: channel.MessageID(fmt.Sprintf("pm-%d", n)), Text: "hi",
			Timestamp: time.UnixMilli(providerAt).UTC()},
		ProviderAt: providerAt, CreateAt: providerAt}
}

func outbound(convID, connID string, n int, providerAt int64) *conversation.Message {
	return &conversation.Message{ID: id("out", n), ConversationID: convID, ConnectionID: connID, Direction: conversation.Out,
		PostID: id("post", n), State: "sending", ProviderAt: providerAt, CreateAt: providerAt}
}

func insert(t *testing.T, s coreStore, ms ...*conversation.Message) {
	t.Helper()
	for _, m := range ms {
		ok, err := s.InsertMessage(ctx, m)
		if err != nil || !ok {
			t.Fatalf("insert %s: %v, %v", m.ID, ok, err)
		}
	}
}

func ids(ms []*conversation.Message) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.ID)
	}
	return out
}

func convIDs(cs []*conversation.Conversation) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.ID)
	}
	return out
}

func sameIDs(t *testing.T, what string, got []string, want ...string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Fatalf("%s = %v, want %v", what, got, want)
	}
}

func sameSet(t *testing.T, what string, got []string, want ...string) {
	t.Helper()
	got, want = slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(want))
	sameIDs(t, what, got, want...)
}

func notFound(t *testing.T, what string, err error) {
	t.Helper()
	if !errors.Is(err, conversation.ErrNotFound) {
		t.Fatalf("%s: %v, want ErrNotFound", what, err)
	}
}

func fails(t *testing.T, what string, err error) {
	t.Helper()
	if err == nil {
		t.Fatalf("%s succeeded, want an error", what)
	}
}

func getConv(t *testing.T, s coreStore, id string) *conversation.Conversation {
	t.Helper()
	c, err := s.GetConversation(ctx, id)
	must(t, err)
	return c
}

func getMsg(t *testing.T, s coreStore, id string) *conversation.Message {
	t.Helper()
	m, err := s.MessageByID(ctx, id)
	must(t, err)
	return m
}

var behaviours = []behaviour{
	{"a setting's change is audited once, however many servers report it", func(t *testing.T, s coreStore) {
		entry := func(n int, detail string) conversation.AuditEntry {
			return conversation.AuditEntry{ID: id("audit", n), At: int64(n), Action: audit.AccessChange,
				TargetType: audit.TargetSettings, TargetID: "ChatAccess", Detail: detail}
		}
		// Three servers report the change to restricted at once: one writes it.
		var wg sync.WaitGroup
		var written atomic.Int32
		for n := range 3 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ok, err := s.AddAuditOnChange(ctx, entry(n+1, "mode restricted"))
				if err != nil {
					t.Error(err)
				}
				if ok {
					written.Add(1)
				}
			}()
		}
		wg.Wait()
		if written.Load() != 1 {
			t.Fatalf("%d servers wrote the change", written.Load())
		}
		for n, step := range []struct {
			detail string
			want   bool
		}{{"mode members", true}, {"mode members", false}, {"mode restricted", true}} {
			if ok, err := s.AddAuditOnChange(ctx, entry(10+n, step.detail)); err != nil || ok != step.want {
				t.Fatalf("%q: %v, %v; want %v", step.detail, ok, err, step.want)
			}
		}
		list, err := s.ListAudit(ctx, 0, 100)
		if err != nil || len(list) != 3 || list[0].Detail != "mode restricted" || list[1].Detail != "mode members" {
			t.Fatalf("the trail: %+v, %v", list, err)
		}
	}},
	{"connections are stored, edited and listed", func(t *testing.T, s coreStore) {
		b := newConnection(2, 5)
		a := newConnection(1, 5)
		first := newConnection(3, 1)
		for _, c := range []*conversation.Connection{b, a, first} {
			must(t, s.CreateConnection(ctx, c))
		}
		fails(t, "creating a connection twice", s.CreateConnection(ctx, newConnection(1, 9)))
		got, err := s.GetConnection(ctx, a.ID)
		must(t, err)
		want := *a
		want.Credentials = nil
		if got.Credentials != nil || string(got.Sealed) != string(a.Sealed) || fmt.Sprint(*got) != fmt.Sprint(want) {
			t.Fatalf("stored %+v, want %+v without plain credentials", got, want)
		}
		list, err := s.ListConnections(ctx)
		must(t, err)
		var order []string
		for _, c := range list {
			order = append(order, c.ID)
		}
		sameIDs(t, "connections by creation, then id", order, first.ID, a.ID, b.ID)

		edit := *a
		edit.Kind, edit.Name, edit.ChannelID, edit.Sealed, edit.APIBaseURL = channel.SMS, "renamed", id("chan", 9), []byte{9}, "http://other.test"
		edit.VerifyToken, edit.AccountID, edit.AccountName, edit.SyncLostAt, edit.SyncReason = "changed", "acc2", "Acc2", 7, "expired"
		edit.CreatedBy, edit.CreateAt, edit.UpdateAt = id("user", 2), 99, 100
		must(t, s.UpdateConnection(ctx, &edit))
		got, _ = s.GetConnection(ctx, a.ID)
		if got.Kind != a.Kind || got.VerifyToken != a.VerifyToken || got.CreatedBy != a.CreatedBy || got.CreateAt != a.CreateAt {
			t.Fatalf("update changed a fixed field: %+v", got)
		}
		if got.Name != "renamed" || got.ChannelID != edit.ChannelID || string(got.Sealed) != "\x09" || got.APIBaseURL != edit.APIBaseURL ||
			got.AccountID != "acc2" || got.AccountName != "Acc2" || got.SyncLostAt != 7 || got.SyncReason != "expired" || got.UpdateAt != 100 {
			t.Fatalf("update lost an editable field: %+v", got)
		}
		must(t, s.SetSyncLost(ctx, a.ID, 0, ""))
		if got, _ = s.GetConnection(ctx, a.ID); got.SyncLost() || got.SyncReason != "" {
			t.Fatalf("after regaining sync: %+v", got)
		}

		missing := newConnection(8, 1)
		notFound(t, "get unknown", func() error { _, err := s.GetConnection(ctx, missing.ID); return err }())
		notFound(t, "update unknown", s.UpdateConnection(ctx, missing))
		notFound(t, "sync lost of unknown", s.SetSyncLost(ctx, missing.ID, 1, "x"))
		notFound(t, "delete unknown", s.DeleteConnection(ctx, missing.ID))
	}},

	{"every channel a connection was ever mapped to stays a chat channel", func(t *testing.T, s coreStore) {
		c := newConnection(1, 1)
		must(t, s.CreateConnection(ctx, c))
		first := c.ChannelID
		c.ChannelID = id("chan", 9)
		must(t, s.UpdateConnection(ctx, c))
		must(t, s.DeleteConnection(ctx, c.ID))
		got, err := s.ChatChannels(ctx)
		must(t, err)
		slices.Sort(got)
		if want := []string{first, c.ChannelID}; !slices.Equal(got, want) {
			t.Fatalf("chat channels = %v, want %v", got, want)
		}
	}},

	{"a connection must have sealed credentials, empty ones will do", func(t *testing.T, s coreStore) {
		c := newConnection(1, 1)
		c.Sealed = nil
		fails(t, "creating without sealed credentials", s.CreateConnection(ctx, c))
		c.Sealed = []byte{}
		must(t, s.CreateConnection(ctx, c))
		got, err := s.GetConnection(ctx, c.ID)
		must(t, err)
		if got.Sealed == nil || len(got.Sealed) != 0 {
			t.Fatalf("sealed = %#v, want an empty, non-nil slice", got.Sealed)
		}
		c.Sealed = nil
		fails(t, "updating without sealed credentials", s.UpdateConnection(ctx, c))
	}},

	{"deleting a connection takes its conversations, messages and read marks", func(t *testing.T, s coreStore) {
		c, conv := seed(t, s)
		other := addConnection(t, s, 2)
		otherConv := addConversation(t, s, other.ID, 2)
		insert(t, s, inbound(conv.ID, c.ID, 1, 100))
		stray := inbound(otherConv.ID, c.ID, 2, 100) // names the deleted connection, lives in another's conversation
		insert(t, s, stray)
		must(t, s.MarkRead(ctx, "u1", conv.ID, 5))
		must(t, s.KeepEarlyStatus(ctx, conversation.EarlyStatus{ConnectionID: c.ID, ProviderMessageID: "x", State: channel.StateRead}))
		must(t, s.DeleteConnection(ctx, c.ID))
		notFound(t, "deleted conversation", func() error { _, err := s.GetConversation(ctx, conv.ID); return err }())
		notFound(t, "deleted message", func() error { _, err := s.MessageByID(ctx, id("in", 1)); return err }())
		if at, err := s.ReadState(ctx, "u1", conv.ID); err != nil || at != 0 {
			t.Fatalf("read mark after delete = %d, %v", at, err)
		}
		getMsg(t, s, stray.ID)
		if st, err := s.TakeEarlyStatuses(ctx, c.ID, "x"); err != nil || len(st) != 1 {
			t.Fatalf("early statuses after delete = %+v, %v; they have no foreign key", st, err)
		}
	}},

	{"ensure opens one conversation per customer and refreshes its display data", func(t *testing.T, s coreStore) {
		c := addConnection(t, s, 1)
		first, err := s.EnsureConversation(ctx, &conversation.Conversation{ID: id("conv", 1), ConnectionID: c.ID, CustomerID: "42",
			CustomerName: "Anna", CustomerPhone: "+1", RootPostID: id("root", 1), Status: conversation.Archived,
			LastCustomerAt: 5, OptedOutAt: 5, CreateAt: 10, UpdateAt: 99})
		must(t, err)
		want := conversation.Conversation{ID: id("conv", 1), ConnectionID: c.ID, CustomerID: "42", CustomerName: "Anna",
			CustomerPhone: "+1", Status: conversation.Active, CreateAt: 10, UpdateAt: 10}
		if *first != want {
			t.Fatalf("new conversation = %+v, want %+v", *first, want)
		}
		_, err = s.SetStatus(ctx, first.ID, conversation.Archived, "u", 50)
		must(t, err)
		again, err := s.EnsureConversation(ctx, &conversation.Conversation{ID: id("conv", 2), ConnectionID: c.ID, CustomerID: "42",
			CustomerName: "", CustomerPhone: "+2", CustomerUsername: "anna", CreateAt: 20})
		must(t, err)
		if again.ID != first.ID || again.CustomerName != "Anna" || again.CustomerPhone != "+2" || again.CustomerUsername != "anna" ||
			again.Status != conversation.Archived || again.CreateAt != 10 {
			t.Fatalf("second ensure = %+v; want the same, archived conversation with refreshed display data", again)
		}
		notFound(t, "the second id", func() error { _, err := s.GetConversation(ctx, id("conv", 2)); return err }())
		_, err = s.EnsureConversation(ctx, &conversation.Conversation{ID: id("conv", 1), ConnectionID: c.ID, CustomerID: "43", CreateAt: 1})
		fails(t, "another customer under a taken id", err)
		_, err = s.EnsureConversation(ctx, &conversation.Conversation{ID: id("conv", 3), ConnectionID: id("conn", 9), CustomerID: "42", CreateAt: 1})
		fails(t, "a conversation on an unknown connection", err)
		other := addConnection(t, s, 2)
		onOther, err := s.EnsureConversation(ctx, &conversation.Conversation{ID: id("conv", 4), ConnectionID: other.ID, CustomerID: "42", CreateAt: 1})
		must(t, err)
		if onOther.ID != id("conv", 4) {
			t.Fatalf("the same customer on another connection got %s", onOther.ID)
		}
	}},

	{"concurrent first messages open exactly one conversation", func(t *testing.T, s coreStore) {
		c := addConnection(t, s, 1)
		var wg sync.WaitGroup
		got := make(chan string, 8)
		for i := range 8 {
			wg.Go(func() {
				conv, err := s.EnsureConversation(ctx, &conversation.Conversation{ID: id("conv", i), ConnectionID: c.ID, CustomerID: "42", CreateAt: 1})
				if err != nil {
					t.Error(err)
					return
				}
				got <- conv.ID
			})
		}
		wg.Wait()
		close(got)
		seen := map[string]bool{}
		for id := range got {
			seen[id] = true
		}
		if len(seen) != 1 {
			t.Fatalf("%d conversations opened", len(seen))
		}
	}},

	{"conversations are found by id, root and customer", func(t *testing.T, s coreStore) {
		c, conv := seed(t, s)
		notFound(t, "by root before there is one", func() error { _, err := s.GetConversationByRoot(ctx, ""); return err }())
		notFound(t, "set root of unknown", s.SetRootPost(ctx, id("conv", 9), id("root", 1)))
		must(t, s.SetRootPost(ctx, conv.ID, id("root", 1)))
		must(t, s.SetRootPost(ctx, conv.ID, id("root", 1)))
		if got, err := s.GetConversationByRoot(ctx, id("root", 1)); err != nil || got.ID != conv.ID || got.RootPostID != id("root", 1) {
			t.Fatalf("by root = %+v, %v", got, err)
		}
		if got, err := s.ConversationByCustomer(ctx, c.ID, "customer-1"); err != nil || got.ID != conv.ID {
			t.Fatalf("by customer = %+v, %v", got, err)
		}
		notFound(t, "unknown customer", func() error { _, err := s.ConversationByCustomer(ctx, c.ID, "nobody"); return err }())
		notFound(t, "customer on another connection", func() error { _, err := s.ConversationByCustomer(ctx, id("conn", 2), "customer-1"); return err }())
		notFound(t, "unknown id", func() error { _, err := s.GetConversation(ctx, id("conv", 9)); return err }())
		notFound(t, "unknown root", func() error { _, err := s.GetConversationByRoot(ctx, id("root", 2)); return err }())
		second := addConversation(t, s, c.ID, 2)
		fails(t, "a root another conversation has", s.SetRootPost(ctx, second.ID, id("root", 1)))
	}},

	{"an empty root is a root, not none", func(t *testing.T, s coreStore) {
		c, conv := seed(t, s)
		must(t, s.SetRootPost(ctx, conv.ID, ""))
		if got, err := s.GetConversationByRoot(ctx, ""); err != nil || got.ID != conv.ID {
			t.Fatalf("by empty root = %+v, %v", got, err)
		}
		list, err := s.ListConversations(ctx, conversation.ListFilter{ConnectionIDs: []string{c.ID}, PerPage: 5})
		must(t, err)
		sameIDs(t, "listed", convIDs(list), conv.ID)
		second := addConversation(t, s, c.ID, 2)
		fails(t, "a second empty root", s.SetRootPost(ctx, second.ID, ""))
	}},

	{"opting out and back in change a conversation once each way", func(t *testing.T, s coreStore) {
		_, conv := seed(t, s)
		before := time.Now().UnixMilli()
		for i, step := range []struct {
			at      int64
			changed bool
		}{{0, false}, {100, true}, {105, false}, {0, true}, {0, false}} {
			changed, err := s.SetOptedOut(ctx, conv.ID, step.at)
			if err != nil || changed != step.changed {
				t.Fatalf("step %d: SetOptedOut(%d) = %v, %v; want %v", i, step.at, changed, err, step.changed)
			}
			if step.at == 100 {
				if got := getConv(t, s, conv.ID); got.OptedOutAt != 100 || got.UpdateAt < before {
					t.Fatalf("opted out: %+v", got)
				}
			}
		}
		if changed, err := s.SetOptedOut(ctx, id("conv", 9), 5); changed || err != nil {
			t.Fatalf("unknown conversation: %v, %v", changed, err)
		}
	}},

	{"archive and reopen report whether they changed anything", func(t *testing.T, s coreStore) {
		_, conv := seed(t, s)
		before := time.Now().UnixMilli()
		for i, step := range []struct {
			status  conversation.Status
			by      string
			at      int64
			changed bool
		}{
			{conversation.Active, "x", 1, false},
			{conversation.Archived, id("user", 1), 50, true},
			{conversation.Archived, id("user", 2), 60, false},
			{conversation.Active, "", 0, true},
		} {
			changed, err := s.SetStatus(ctx, conv.ID, step.status, step.by, step.at)
			if err != nil || changed != step.changed {
				t.Fatalf("step %d: %v, %v; want %v", i, changed, err, step.changed)
			}
			if i == 2 {
				if got := getConv(t, s, conv.ID); got.Status != conversation.Archived || got.ArchivedBy != id("user", 1) || got.ArchivedAt != 50 || got.UpdateAt < before {
					t.Fatalf("archived: %+v", got)
				}
			}
		}
		if got := getConv(t, s, conv.ID); got.Status != conversation.Active || got.ArchivedBy != "" || got.ArchivedAt != 0 {
			t.Fatalf("reopened: %+v", got)
		}
		if changed, err := s.SetStatus(ctx, id("conv", 9), conversation.Archived, "", 1); changed || err != nil {
			t.Fatalf("unknown conversation: %v, %v", changed, err)
		}
	}},

	{"last-message marks only move forward", func(t *testing.T, s coreStore) {
		_, conv := seed(t, s)
		for i, step := range []struct {
			from     bool
			at       int64
			customer int64
			last     int64
			fromLast bool
		}{
			{true, 200, 200, 200, true},
			{false, 100, 200, 200, true},  // late, older reply
			{false, 200, 200, 200, false}, // a tie goes to the newer record
			{true, 150, 200, 200, false},  // late, older customer message
			{true, 300, 300, 300, true},
		} {
			must(t, s.RecordMessage(ctx, conv.ID, step.from, step.at))
			got := getConv(t, s, conv.ID)
			if got.LastCustomerAt != step.customer || got.LastMessageAt != step.last || got.LastFromCustomer != step.fromLast {
				t.Fatalf("step %d: %d/%d/%v, want %d/%d/%v", i, got.LastCustomerAt, got.LastMessageAt, got.LastFromCustomer,
					step.customer, step.last, step.fromLast)
			}
		}
		must(t, s.RecordMessage(ctx, id("conv", 9), true, 1))
		must(t, s.AddPruned(ctx, conv.ID, 2))
		must(t, s.AddPruned(ctx, conv.ID, 3))
		must(t, s.AddPruned(ctx, id("conv", 9), 3))
		if got := getConv(t, s, conv.ID); got.PrunedCount != 5 {
			t.Fatalf("pruned = %d", got.PrunedCount)
		}
	}},

	{"read marks only move forward and need their conversation", func(t *testing.T, s coreStore) {
		_, conv := seed(t, s)
		if at, err := s.ReadState(ctx, "u1", conv.ID); at != 0 || err != nil {
			t.Fatalf("unread = %d, %v", at, err)
		}
		must(t, s.MarkRead(ctx, "u1", conv.ID, 300))
		must(t, s.MarkRead(ctx, "u1", conv.ID, 250))
		must(t, s.MarkRead(ctx, "u2", conv.ID, 10))
		if at, _ := s.ReadState(ctx, "u1", conv.ID); at != 300 {
			t.Fatalf("read mark = %d, want 300", at)
		}
		if at, _ := s.ReadState(ctx, "u2", conv.ID); at != 10 {
			t.Fatalf("another user's read mark = %d, want 10", at)
		}
		fails(t, "a read mark on an unknown conversation", s.MarkRead(ctx, "u1", id("conv", 9), 1))
	}},

	{"lists filter, order and page conversations for a viewer", func(t *testing.T, s coreStore) {
		c1 := addConnection(t, s, 1)
		c2 := addConnection(t, s, 2)
		c3 := addConnection(t, s, 3)
		// conv n: connection, last message at, from customer, root, archived
		setup := []struct {
			conn     string
			at       int64
			customer bool
			root     bool
			archived bool
		}{
			1: {c1.ID, 100, true, true, false},
			2: {c1.ID, 300, false, true, false},
			3: {c2.ID, 200, true, true, false},
			4: {c2.ID, 200, true, true, true}, // ties with 3: id decides
			5: {c1.ID, 500, true, false, false},
			6: {c3.ID, 900, true, true, false},
		}
		for n, x := range setup[1:] {
			n++
			conv := addConversation(t, s, x.conn, n)
			must(t, s.RecordMessage(ctx, conv.ID, x.customer, x.at))
			if !x.customer {
				must(t, s.RecordMessage(ctx, conv.ID, true, x.at-50))
			}
			if x.root {
				must(t, s.SetRootPost(ctx, conv.ID, id("root", n)))
			}
			if x.archived {
				_, err := s.SetStatus(ctx, conv.ID, conversation.Archived, "u", 1)
				must(t, err)
			}
		}
		_, err := s.EnsureConversation(ctx, &conversation.Conversation{ConnectionID: c2.ID, CustomerID: "customer-3", CustomerPhone: "+48601234567"})
		must(t, err)
		must(t, s.MarkRead(ctx, "viewer", id("conv", 1), 100)) // read up to the last customer message
		must(t, s.MarkRead(ctx, "viewer", id("conv", 3), 150))
		must(t, s.MarkRead(ctx, "other", id("conv", 2), 999))
		both := []string{c1.ID, c2.ID}
		for _, tc := range []struct {
			name string
			f    conversation.ListFilter
			want []string
		}{
			{"no connections", conversation.ListFilter{PerPage: 10}, nil},
			{"all", conversation.ListFilter{ConnectionIDs: both, PerPage: 10}, []string{id("conv", 2), id("conv", 3), id("conv", 4), id("conv", 1)}},
			{"active", conversation.ListFilter{ConnectionIDs: both, Status: conversation.Active, PerPage: 10}, []string{id("conv", 2), id("conv", 3), id("conv", 1)}},
			{"archived", conversation.ListFilter{ConnectionIDs: both, Status: conversation.Archived, PerPage: 10}, []string{id("conv", 4)}},
			{"unanswered", conversation.ListFilter{ConnectionIDs: both, Unanswered: true, PerPage: 10}, []string{id("conv", 3), id("conv", 4), id("conv", 1)}},
			{"unread", conversation.ListFilter{ConnectionIDs: both, UnreadFor: "viewer", PerPage: 10}, []string{id("conv", 2), id("conv", 3), id("conv", 4)}},
			{"unread by another", conversation.ListFilter{ConnectionIDs: both, UnreadFor: "other", PerPage: 10}, []string{id("conv", 3), id("conv", 4), id("conv", 1)}},
			{"first page", conversation.ListFilter{ConnectionIDs: both, PerPage: 3}, []string{id("conv", 2), id("conv", 3), id("conv", 4)}},
			{"second page", conversation.ListFilter{ConnectionIDs: both, Page: 1, PerPage: 3}, []string{id("conv", 1)}},
			{"past the end", conversation.ListFilter{ConnectionIDs: both, Page: 5, PerPage: 3}, nil},
			{"zero per page", conversation.ListFilter{ConnectionIDs: both}, nil},
			{"one connection", conversation.ListFilter{ConnectionIDs: []string{c2.ID}, PerPage: 10}, []string{id("conv", 3), id("conv", 4)}},
			{"a phone's chats", conversation.ListFilter{ConnectionIDs: both, Phone: "+48601234567", PerPage: 10}, []string{id("conv", 3)}},
		} {
			got, err := s.ListConversations(ctx, tc.f)
			must(t, err)
			if tc.want == nil && got != nil {
				t.Fatalf("%s: %v, want nil", tc.name, convIDs(got))
			}
			sameIDs(t, tc.name, convIDs(got), tc.want...)
		}
		got, err := s.ListConversations(ctx, conversation.ListFilter{ConnectionIDs: both, Viewer: "viewer", PerPage: 10})
		must(t, err)
		marks := map[string]int64{}
		for _, c := range got {
			if c.Viewer != "viewer" {
				t.Fatalf("viewer = %q", c.Viewer)
			}
			marks[c.ID] = c.ViewerReadAt
		}
		if fmt.Sprint(marks) != fmt.Sprint(map[string]int64{id("conv", 1): 100, id("conv", 2): 0, id("conv", 3): 150, id("conv", 4): 0}) {
			t.Fatalf("viewer read marks = %v", marks)
		}
		_, err = s.ListConversations(ctx, conversation.ListFilter{ConnectionIDs: both, PerPage: -1})
		fails(t, "a negative page size", err)
	}},

	{"indicators count active, rooted chats as the badges do", func(t *testing.T, s coreStore) {
		c1 := addConnection(t, s, 1)
		c2 := addConnection(t, s, 2)
		setup := []struct {
			conn     string
			customer int64 // last customer message (0: none)
			reply    int64 // last reply after it (0: none)
			root     bool
			archived bool
			read     int64
		}{
			1: {c1.ID, 100, 0, true, false, 0},     // unread, unanswered
			2: {c1.ID, 100, 0, true, false, 100},   // read, unanswered
			3: {c1.ID, 100, 200, true, false, 0},   // unread, answered
			4: {c1.ID, 100, 200, true, false, 100}, // neither
			5: {c1.ID, 100, 0, false, false, 0},    // no thread yet: not counted
			6: {c1.ID, 100, 0, true, true, 0},      // archived: not counted
			7: {c2.ID, 100, 0, true, false, 0},     // another connection
			8: {c1.ID, 0, 0, true, false, 0},       // no messages
		}
		for n, x := range setup[1:] {
			n++
			conv := addConversation(t, s, x.conn, n)
			if x.customer > 0 {
				must(t, s.RecordMessage(ctx, conv.ID, true, x.customer))
			}
			if x.reply > 0 {
				must(t, s.RecordMessage(ctx, conv.ID, false, x.reply))
			}
			if x.root {
				must(t, s.SetRootPost(ctx, conv.ID, id("root", n)))
			}
			if x.archived {
				_, err := s.SetStatus(ctx, conv.ID, conversation.Archived, "u", 1)
				must(t, err)
			}
			if x.read > 0 {
				must(t, s.MarkRead(ctx, "me", conv.ID, x.read))
			}
		}
		for _, tc := range []struct {
			user                          string
			conns                         []string
			unread, unanswered, attention int
		}{
			{"me", []string{c1.ID}, 2, 2, 3},
			{"me", []string{c1.ID, c2.ID}, 3, 3, 4},
			{"someone", []string{c1.ID}, 4, 2, 4},
			{"me", nil, 0, 0, 0},
			{"me", []string{id("conn", 9)}, 0, 0, 0},
		} {
			u, a, at, err := s.Indicators(ctx, tc.user, tc.conns)
			must(t, err)
			if u != tc.unread || a != tc.unanswered || at != tc.attention {
				t.Fatalf("indicators(%s, %d connections) = %d/%d/%d, want %d/%d/%d", tc.user, len(tc.conns), u, a, at,
					tc.unread, tc.unanswered, tc.attention)
			}
		}
		// A read chat changes after it was read: the counts follow the chat.
		two := id("conv", 2)
		for _, step := range []struct {
			name                          string
			do                            func() error
			unread, unanswered, attention int
		}{
			{"the customer writes again", func() error { return s.RecordMessage(ctx, two, true, 300) }, 3, 2, 3},
			{"it is archived", func() error { _, err := s.SetStatus(ctx, two, conversation.Archived, "u", 2); return err }, 2, 1, 2},
			{"it is reopened", func() error { _, err := s.SetStatus(ctx, two, conversation.Active, "u", 3); return err }, 3, 2, 3},
			{"it is read", func() error { return s.MarkRead(ctx, "me", two, 300) }, 2, 2, 3},
			{"an earlier mark does not move it back", func() error { return s.MarkRead(ctx, "me", two, 50) }, 2, 2, 3},
			{"it is answered", func() error { return s.RecordMessage(ctx, two, false, 400) }, 2, 1, 2},
			{"the customer writes after the answer", func() error { return s.RecordMessage(ctx, two, true, 500) }, 3, 2, 3},
			{"a new chat's thread opens", func() error {
				conv := addConversation(t, s, c1.ID, 9)
				if err := s.RecordMessage(ctx, conv.ID, true, 100); err != nil {
					return err
				}
				return s.SetRootPost(ctx, conv.ID, id("root", 9))
			}, 4, 3, 4},
			{"another connection goes with its chats", func() error { return s.DeleteConnection(ctx, c2.ID) }, 4, 3, 4},
		} {
			must(t, step.do())
			u, a, at, err := s.Indicators(ctx, "me", []string{c1.ID})
			must(t, err)
			if u != step.unread || a != step.unanswered || at != step.attention {
				t.Fatalf("after %s: indicators = %d/%d/%d, want %d/%d/%d", step.name, u, a, at, step.unread, step.unanswered, step.attention)
			}
		}
		if u, a, at, err := s.Indicators(ctx, "me", []string{c1.ID, c2.ID}); err != nil || u != 4 || a != 3 || at != 4 {
			t.Fatalf("with the deleted connection named too: indicators = %d/%d/%d (%v), want 4/3/4", u, a, at, err)
		}
	}},

	{"the conversation lock serialises one conversation, not others", func(t *testing.T, s coreStore) {
		var inside, most atomic.Int32
		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() {
				err := s.WithConversationLock(ctx, "conv-a", func(context.Context) error {
					n := inside.Add(1)
					for {
						m := most.Load()
						if n <= m || most.CompareAndSwap(m, n) {
							break
						}
					}
					time.Sleep(20 * time.Millisecond)
					inside.Add(-1)
					return nil
				})
				if err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		if most.Load() != 1 {
			t.Fatalf("%d holders at once, want 1", most.Load())
		}
		// While one conversation is held, another can be taken.
		err := s.WithConversationLock(ctx, "conv-a", func(context.Context) error {
			done := make(chan error, 1)
			go func() { done <- s.WithConversationLock(ctx, "conv-b", func(context.Context) error { return nil }) }()
			select {
			case err := <-done:
				return err
			case <-time.After(5 * time.Second):
				return errors.New("conv-b waited for conv-a")
			}
		})
		must(t, err)
		boom := errors.New("boom")
		if err := s.WithConversationLock(ctx, "conv-a", func(context.Context) error { return boom }); !errors.Is(err, boom) {
			t.Fatalf("fn's error = %v", err)
		}
		// A waiter gives up when its context ends.
		err = s.WithConversationLock(ctx, "conv-a", func(context.Context) error {
			short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
			defer cancel()
			ran := false
			err := s.WithConversationLock(short, "conv-a", func(context.Context) error { ran = true; return nil })
			if err == nil || ran {
				return fmt.Errorf("a waiter whose context ended: ran %v, err %v", ran, err)
			}
			return nil
		})
		must(t, err)
		canceled, cancel := context.WithCancel(ctx)
		cancel()
		fails(t, "locking with an ended context", s.WithConversationLock(canceled, "conv-c", func(context.Context) error { return nil }))
	}},

	{"the try-lock skips a held conversation and takes a free one", func(t *testing.T, s coreStore) {
		err := s.WithConversationLock(ctx, "conv-t", func(context.Context) error {
			ran := false
			got, err := s.TryConversationLock(ctx, "conv-t", func(context.Context) error { ran = true; return nil })
			if err != nil || got || ran {
				return fmt.Errorf("trying a held conversation: got %v, ran %v, err %v", got, ran, err)
			}
			got, err = s.TryConversationLock(ctx, "conv-u", func(context.Context) error { ran = true; return nil })
			if err != nil || !got || !ran {
				return fmt.Errorf("trying a free conversation: got %v, ran %v, err %v", got, ran, err)
			}
			return nil
		})
		must(t, err)
		boom := errors.New("boom")
		got, err := s.TryConversationLock(ctx, "conv-t", func(context.Context) error { return boom })
		if !got || !errors.Is(err, boom) {
			t.Fatalf("after release: got %v, err %v", got, err)
		}
		// Released after fn's error: the blocking lock takes it at once.
		must(t, s.WithConversationLock(ctx, "conv-t", func(context.Context) error { return nil }))
	}},

	{"message rows are unique on id, claim and post", func(t *testing.T, s coreStore) {
		c, conv := seed(t, s)
		other := addConnection(t, s, 2)
		otherConv := addConversation(t, s, other.ID, 2)
		first := inbound(conv.ID, c.ID, 1, 100)
		insert(t, s, first, outbound(conv.ID, c.ID, 1, 100))
		for _, tc := range []struct {
			name string
			m    func() *conversation.Message
			ok   bool
		}{
			{"the same claim", func() *conversation.Message {
				m := inbound(conv.ID, c.ID, 2, 100)
				m.ProviderMessageID = "pm-1"
				return m
			}, false},
			{"the same id", func() *conversation.Message {
				m := inbound(conv.ID, c.ID, 1, 100)
				m.ProviderMessageID = "pm-x"
				return m
			}, false},
			{"the same post", func() *conversation.Message { m := outbound(conv.ID, c.ID, 2, 100); m.PostID = id("post", 1); return m }, false},
			{"the same provider id on another connection", func() *conversation.Message {
				m := inbound(otherConv.ID, other.ID, 3, 100)
				m.ProviderMessageID = "pm-1"
				return m
			}, true},
			{"no provider id, twice", func() *conversation.Message { return outbound(conv.ID, c.ID, 4, 100) }, true},
			{"no provider id, again", func() *conversation.Message { return outbound(conv.ID, c.ID, 5, 100) }, true},
		} {
			ok, err := s.InsertMessage(ctx, tc.m())
			if err != nil || ok != tc.ok {
				t.Fatalf("%s: %v, %v; want %v", tc.name, ok, err, tc.ok)
			}
		}
		_, err := s.InsertMessage(ctx, inbound(id("conv", 9), c.ID, 6, 100))
		fails(t, "a message of an unknown conversation", err)
		_, err = s.ClaimMessage(ctx, inbound(id("conv", 9), c.ID, 7, 100))
		fails(t, "a claim in an unknown conversation", err)
		got := getMsg(t, s, first.ID)
		want := *first
		want.Event = nil
		gotEvent := got.Event
		got.Event = nil
		if *got != want {
			t.Fatalf("stored %+v, want %+v", *got, want)
		}
		a, _ := json.Marshal(gotEvent)
		b, _ := json.Marshal(first.Event)
		if string(a) != string(b) || !gotEvent.Timestamp.Equal(first.Event.Timestamp) {
			t.Fatalf("event %s, want %s", a, b)
		}
		if getConv(t, s, conv.ID).LastMessageAt != 0 {
			t.Fatal("InsertMessage recorded a message on its conversation; only ClaimMessage does")
		}
	}},

	{"concurrent claims of one message take it once", func(t *testing.T, s coreStore) {
		c, conv := seed(t, s)
		var won atomic.Int32
		var wg sync.WaitGroup
		for i := range 8 {
			wg.Go(func() {
				m := inbound(conv.ID, c.ID, i, 100)
				m.ProviderMessageID = "same"
				ok, err := s.ClaimMessage(ctx, m)
				if err != nil {
					t.Error(err)
				}
				if ok {
					won.Add(1)
				}
			})
		}
		wg.Wait()
		if won.Load() != 1 {
			t.Fatalf("%d of 8 claims won", won.Load())
		}
	}},

	{"a claim records its message on the conversation once", func(t *testing.T, s coreStore) {
		c, conv := seed(t, s)
		claim := func(m *conversation.Message) bool {
			ok, err := s.ClaimMessage(ctx, m)
			must(t, err)
			return ok
		}
		m := inbound(conv.ID, c.ID, 1, 1000)
		m.CreateAt = 1234
		if !claim(m) {
			t.Fatal("first claim not taken")
		}
		got := getConv(t, s, conv.ID)
		if got.LastCustomerAt != 1000 || got.LastMessageAt != 1000 || !got.LastFromCustomer || got.UpdateAt != 1234 {
			t.Fatalf("after the claim: %+v; want the claim's times, update_at from its creation", got)
		}
		dup := inbound(conv.ID, c.ID, 2, 5000)
		dup.ProviderMessageID = m.ProviderMessageID
		if claim(dup) {
			t.Fatal("a duplicate claim was taken")
		}
		if got := getConv(t, s, conv.ID); got.LastMessageAt != 1000 {
			t.Fatalf("a duplicate moved the marks: %+v", got)
		}
		echo := inbound(conv.ID, c.ID, 3, 2000)
		echo.Direction = conversation.Out
		if !claim(echo) {
			t.Fatal("echo claim not taken")
		}
		if got := getConv(t, s, conv.ID); got.LastCustomerAt != 1000 || got.LastMessageAt != 2000 || got.LastFromCustomer {
			t.Fatalf("after an echo: %+v; want the business to have spoken last", got)
		}
	}},

	{"pending inbound is due rows in provider order", func(t *testing.T, s coreStore) {
		c, conv := seed(t, s)
		other := addConversation(t, s, c.ID, 2)
		a := inbound(conv.ID, c.ID, 1, 200)
		b := inbound(conv.ID, c.ID, 2, 100)
		b.CreateAt = 900
		cc := inbound(conv.ID, c.ID, 3, 100)
		cc.CreateAt = 800
		d := inbound(conv.ID, c.ID, 4, 100)
		d.CreateAt = 800 // ties with cc: id decides
		later := inbound(conv.ID, c.ID, 5, 50)
		later.NextAttemptAt = 5000
		echo := inbound(conv.ID, c.ID, 6, 300)
		echo.Direction = conversation.Out
		posted := inbound(conv.ID, c.ID, 7, 10)
		posted.State = conversation.StatePosted
		elsewhere := inbound(other.ID, c.ID, 8, 10)
		insert(t, s, a, b, cc, d, later, echo, posted, elsewhere, outbound(conv.ID, c.ID, 9, 1))
		got, err := s.PendingInbound(ctx, conv.ID, 4999)
		must(t, err)
		sameIDs(t, "pending", ids(got), cc.ID, d.ID, b.ID, a.ID, echo.ID)
		got, err = s.PendingInbound(ctx, conv.ID, 5000)
		must(t, err)
		sameIDs(t, "pending once the retry is due", ids(got), later.ID, cc.ID, d.ID, b.ID, a.ID, echo.ID)
		if got[0].Event == nil || got[0].Event.Text != "hi" {
			t.Fatalf("pending row lost its event: %+v", got[0])
		}
		got, err = s.PendingInbound(ctx, id("conv", 9), 5000)
		if err != nil || got != nil {
			t.Fatalf("pending of an unknown conversation = %v, %v; want nil", got, err)
		}
	}},

	{"posting and applying drop the event; an echo claim is dropped only while unposted", func(t *testing.T, s coreStore) {
		c, conv := seed(t, s)
		msg := inbound(conv.ID, c.ID, 1, 100)
		edit := inbound(conv.ID, c.ID, 2, 100)
		echo := inbound(conv.ID, c.ID, 3, 100)
		echo.Direction = conversation.Out
		postedEcho := inbound(conv.ID, c.ID, 4, 100)
		postedEcho.Direction = conversation.Out
		postedEcho.PostID = id("post", 4)
		insert(t, s, msg, edit, echo, postedEcho)
		must(t, s.MarkPosted(ctx, conversation.Posted{ID: msg.ID, PostID: id("post", 1), State: conversation.StatePosted}))
		must(t, s.MarkApplied(ctx, edit.ID))
		if m := getMsg(t, s, msg.ID); m.Event != nil || m.PostID != id("post", 1) || m.State != conversation.StatePosted {
			t.Fatalf("posted: %+v", m)
		}
		if m := getMsg(t, s, edit.ID); m.Event != nil || m.State != conversation.StateApplied {
			t.Fatalf("applied: %+v", m)
		}
		notFound(t, "posting an unknown row", s.MarkPosted(ctx, conversation.Posted{ID: id("in", 9), PostID: id("post", 9), State: conversation.StatePosted}))
		notFound(t, "applying an unknown row", s.MarkApplied(ctx, id("in", 9)))
		fails(t, "posting to a post another row has", s.MarkPosted(ctx, conversation.Posted{ID: edit.ID, PostID: id("post", 1), State: conversation.StatePosted}))
		must(t, s.DropEchoClaim(ctx, c.ID, echo.ProviderMessageID))
		must(t, s.DropEchoClaim(ctx, c.ID, postedEcho.ProviderMessageID))
		must(t, s.DropEchoClaim(ctx, c.ID, msg.ProviderMessageID))
		must(t, s.DropEchoClaim(ctx, c.ID, "nothing"))
		notFound(t, "the dropped echo", func() error { _, err := s.MessageByID(ctx, echo.ID); return err }())
		getMsg(t, s, postedEcho.ID)
		getMsg(t, s, msg.ID)
	}},

	{"an empty post id counts as posted", func(t *testing.T, s coreStore) {
		c, conv := seed(t, s)
		msg := inbound(conv.ID, c.ID, 1, 100)
		insert(t, s, msg)
		must(t, s.MarkPosted(ctx, conversation.Posted{ID: msg.ID, PostID: "", State: conversation.StatePosted}))
		if m, err := s.MessageByPost(ctx, ""); err != nil || m.ID != msg.ID {
			t.Fatalf("by empty post = %+v, %v", m, err)
		}
		if last, err := s.LastInbound(ctx, conv.ID); err != nil || last != msg.ProviderMessageID {
			t.Fatalf("last inbound = %q, %v", last, err)
		}
	}},

	{"the outbox is unsent replies in posting order; a reconnect makes them due", func(t *testing.T, s coreStore) {
		c, conv := seed(t, s)
		other := addConnection(t, s, 2)
		otherConv := addConversation(t, s, other.ID, 2)
		conv3 := addConversation(t, s, c.ID, 3)
		a := outbound(conv.ID, c.ID, 1, 300)
		b := outbound(conv.ID, c.ID, 2, 100)
		b.NextAttemptAt = 9000
		sent := outbound(conv.ID, c.ID, 3, 50)
		sent.State = "sent"
		d := outbound(conv3.ID, c.ID, 4, 100)
		d.NextAttemptAt = 10
		e := outbound(conv3.ID, c.ID, 5, 100)
		e.NextAttemptAt = 20
		f := outbound(otherConv.ID, other.ID, 6, 100)
		f.NextAttemptAt = 20
		failed := outbound(conv.ID, c.ID, 7, 100)
		failed.State, failed.NextAttemptAt = "failed", 20
		in := inbound(conv.ID, c.ID, 8, 1)
		insert(t, s, a, b, sent, d, e, f, failed, in)
		_, got, err := s.Work(ctx, conv.ID, 0)
		must(t, err)
		sameIDs(t, "outbox", ids(got), b.ID, a.ID)
		retried, err := s.RetryOutboxNow(ctx, c.ID)
		must(t, err)
		sameSet(t, "retried conversations", retried, conv.ID, conv3.ID)
		for _, m := range []*conversation.Message{b, d, e} {
			if got := getMsg(t, s, m.ID); got.NextAttemptAt != 0 {
				t.Fatalf("%s still waits until %d", m.ID, got.NextAttemptAt)
			}
		}
		if getMsg(t, s, f.ID).NextAttemptAt != 20 || getMsg(t, s, failed.ID).NextAttemptAt != 20 {
			t.Fatal("a retry touched another connection's or a failed reply")
		}
		if retried, err := s.RetryOutboxNow(ctx, c.ID); err != nil || retried != nil {
			t.Fatalf("second retry = %v, %v; want nil", retried, err)
		}
	}},

	{"due conversations have pending or sending rows whose time has come", func(t *testing.T, s coreStore) {
		c := addConnection(t, s, 1)
		var convs []*conversation.Conversation
		for n := 1; n <= 5; n++ {
			convs = append(convs, addConversation(t, s, c.ID, n))
		}
		p1 := inbound(convs[0].ID, c.ID, 1, 1)
		p1b := inbound(convs[0].ID, c.ID, 2, 1)
		o2 := outbound(convs[1].ID, c.ID, 3, 1)
		o2.NextAttemptAt = 100
		p3 := inbound(convs[2].ID, c.ID, 4, 1)
		p3.NextAttemptAt = 101
		sent4 := outbound(convs[3].ID, c.ID, 5, 1)
		sent4.State = "sent"
		posted5 := inbound(convs[4].ID, c.ID, 6, 1)
		posted5.State = conversation.StatePosted
		insert(t, s, p1, p1b, o2, p3, sent4, posted5)
		got, err := s.DueConversations(ctx, 100, 10)
		must(t, err)
		sameSet(t, "due", got, convs[0].ID, convs[1].ID)
		got, err = s.DueConversations(ctx, 101, 10)
		must(t, err)
		sameSet(t, "due later", got, convs[0].ID, convs[1].ID, convs[2].ID)
		if got, err = s.DueConversations(ctx, 101, 2); err != nil || len(got) != 2 {
			t.Fatalf("limited = %v, %v", got, err)
		}
		if got, err = s.DueConversations(ctx, 101, 0); err != nil || got != nil {
			t.Fatalf("limit 0 = %v, %v; want nil", got, err)
		}
	}},

	{"a delivery update saves the send's outcome", func(t *testing.T, s coreStore) {
		c, conv := seed(t, s)
		m := outbound(conv.ID, c.ID, 1, 100)
		taken := inbound(conv.ID, c.ID, 2, 100)
		insert(t, s, m, taken)
		upd := *m
		upd.ProviderMessageID, upd.State, upd.Reason, upd.Attempts, upd.NextAttemptAt, upd.ReadAt = "wamid.1", "read", "r", 3, 40, 50
		upd.PostID, upd.ProviderAt, upd.CreateAt, upd.Direction = id("post", 9), 1, 1, conversation.In // not updatable
		must(t, s.UpdateDelivery(ctx, &upd))
		got := getMsg(t, s, m.ID)
		want := *m
		want.ProviderMessageID, want.State, want.Reason, want.Attempts, want.NextAttemptAt, want.ReadAt = "wamid.1", "read", "r", 3, 40, 50
		if *got != want {
			t.Fatalf("after update %+v, want %+v", *got, want)
		}
		if byProvider, err := s.MessageByProviderID(ctx, c.ID, "wamid.1"); err != nil || byProvider.ID != m.ID {
			t.Fatalf("by provider id = %+v, %v", byProvider, err)
		}
		upd.ProviderMessageID = taken.ProviderMessageID
		fails(t, "a provider id another row holds", s.UpdateDelivery(ctx, &upd))
		upd.ProviderMessageID = ""
		must(t, s.UpdateDelivery(ctx, &upd))
		notFound(t, "a cleared provider id", func() error { _, err := s.MessageByProviderID(ctx, c.ID, "wamid.1"); return err }())
		notFound(t, "an empty provider id", func() error { _, err := s.MessageByProviderID(ctx, c.ID, ""); return err }())
		missing := outbound(conv.ID, c.ID, 8, 1)
		notFound(t, "updating an unknown row", s.UpdateDelivery(ctx, missing))
	}},

	{"messages are found by provider id, post and id", func(t *testing.T, s coreStore) {
		c, conv := seed(t, s)
		m := inbound(conv.ID, c.ID, 1, 100)
		o := outbound(conv.ID, c.ID, 2, 100)
		insert(t, s, m, o)
		if got, err := s.MessageByProviderID(ctx, c.ID, m.ProviderMessageID); err != nil || got.ID != m.ID {
			t.Fatalf("by provider id = %+v, %v", got, err)
		}
		if got, err := s.MessageByPost(ctx, o.PostID); err != nil || got.ID != o.ID {
			t.Fatalf("by post = %+v, %v", got, err)
		}
		notFound(t, "provider id on another connection", func() error { _, err := s.MessageByProviderID(ctx, id("conn", 2), m.ProviderMessageID); return err }())
		notFound(t, "unknown post", func() error { _, err := s.MessageByPost(ctx, id("post", 9)); return err }())
		notFound(t, "empty post", func() error { _, err := s.MessageByPost(ctx, ""); return err }())
		notFound(t, "unknown id", func() error { _, err := s.MessageByID(ctx, id("in", 9)); return err }())
	}},

	{"the last inbound message is the newest posted customer message", func(t *testing.T, s coreStore) {
		c, conv := seed(t, s)
		_, err := s.LastInbound(ctx, conv.ID)
		notFound(t, "no messages", err)
		old := inbound(conv.ID, c.ID, 1, 100)
		newer := inbound(conv.ID, c.ID, 2, 200)
		newer.CreateAt = 50
		sameTime := inbound(conv.ID, c.ID, 3, 200)
		sameTime.CreateAt = 40
		unposted := inbound(conv.ID, c.ID, 4, 900)
		reply := outbound(conv.ID, c.ID, 5, 900)
		reply.ProviderMessageID = "sent-1"
		insert(t, s, old, newer, sameTime, unposted, reply)
		for _, m := range []*conversation.Message{old, newer, sameTime} {
			must(t, s.MarkPosted(ctx, conversation.Posted{ID: m.ID, PostID: "p" + m.ID[1:], State: conversation.StatePosted}))
		}
		if last, err := s.LastInbound(ctx, conv.ID); err != nil || last != newer.ProviderMessageID {
			t.Fatalf("last inbound = %q, %v; want %q", last, err, newer.ProviderMessageID)
		}
	}},

	{"watermarks find replies sent up to them that are behind", func(t *testing.T, s coreStore) {
		c, conv := seed(t, s)
		sent := outbound(conv.ID, c.ID, 1, 100)
		sent.State = "sent"
		delivered := outbound(conv.ID, c.ID, 2, 50)
		delivered.State = "delivered"
		read := outbound(conv.ID, c.ID, 3, 60)
		read.State = "read"
		sending := outbound(conv.ID, c.ID, 4, 60)
		late := outbound(conv.ID, c.ID, 5, 300)
		late.State = "sent"
		noPost := outbound(conv.ID, c.ID, 6, 60)
		noPost.State, noPost.PostID = "sent", ""
		customer := inbound(conv.ID, c.ID, 7, 60)
		customer.State = "sent"
		insert(t, s, sent, delivered, read, sending, late, noPost, customer)
		got, err := s.SentUpTo(ctx, conv.ID, 100, "read")
		must(t, err)
		sameIDs(t, "behind read", ids(got), delivered.ID, sent.ID)
		got, err = s.SentUpTo(ctx, conv.ID, 100, "delivered")
		must(t, err)
		sameIDs(t, "behind delivered", ids(got), sent.ID)
		got, err = s.SentUpTo(ctx, conv.ID, 10, "read")
		if err != nil || got != nil {
			t.Fatalf("before every reply = %v, %v; want nil", ids(got), err)
		}
	}},

	{"retention lists posted messages beyond the newest kept ones", func(t *testing.T, s coreStore) {
		c, conv := seed(t, s)
		var all []*conversation.Message
		for n, at := range []int64{100, 200, 300, 300, 400} {
			m := outbound(conv.ID, c.ID, n+1, at)
			m.State = "sent"
			all = append(all, m)
		}
		pending := inbound(conv.ID, c.ID, 6, 50)
		pending.PostID = id("post", 6)
		unposted := inbound(conv.ID, c.ID, 7, 40)
		unposted.State = conversation.StatePosted
		insert(t, s, append(all, pending, unposted)...)
		got, err := s.PrunableMessages(ctx, conv.ID, 2)
		must(t, err)
		sameIDs(t, "prunable", ids(got), all[2].ID, all[1].ID, all[0].ID)
		must(t, s.MarkPruned(ctx, all[0].ID))
		must(t, s.MarkPruned(ctx, id("out", 99)))
		if !getMsg(t, s, all[0].ID).Pruned {
			t.Fatal("not marked pruned")
		}
		got, err = s.PrunableMessages(ctx, conv.ID, 0)
		must(t, err)
		sameIDs(t, "prunable after one was pruned", ids(got), all[4].ID, all[3].ID, all[2].ID, all[1].ID)
		if got, err = s.PrunableMessages(ctx, conv.ID, 10); err != nil || got != nil {
			t.Fatalf("keeping more than there are = %v, %v; want nil", ids(got), err)
		}
		_, err = s.PrunableMessages(ctx, conv.ID, -1)
		fails(t, "a negative keep", err)
		// Four posted messages are not pruned: over a limit of 3, not of 4. An empty chat and an
		// unknown id are under any limit.
		quiet := addConversation(t, s, c.ID, 2)
		for keep, want := range map[int][]string{3: {conv.ID}, 4: nil} {
			over, err := s.OverLimit(ctx, []string{quiet.ID, conv.ID, id("conv", 99)}, keep)
			must(t, err)
			sameIDs(t, fmt.Sprintf("over a limit of %d", keep), over, want...)
		}
	}},

	{"early statuses are kept once per state and taken once", func(t *testing.T, s coreStore) {
		c := addConnection(t, s, 1)
		keep := func(st conversation.EarlyStatus) { must(t, s.KeepEarlyStatus(ctx, st)) }
		delivered := conversation.EarlyStatus{ConnectionID: c.ID, ProviderMessageID: "m1", State: channel.StateDelivered, At: 10}
		failed := conversation.EarlyStatus{ConnectionID: c.ID, ProviderMessageID: "m1", State: channel.StateFailed, At: 20,
			Reason: "no", Class: channel.ClassPermanent}
		keep(delivered)
		keep(conversation.EarlyStatus{ConnectionID: c.ID, ProviderMessageID: "m1", State: channel.StateDelivered, At: 99})
		keep(failed)
		keep(conversation.EarlyStatus{ConnectionID: c.ID, ProviderMessageID: "m2", State: channel.StateRead, At: 30})
		keep(conversation.EarlyStatus{ConnectionID: id("conn", 2), ProviderMessageID: "m1", State: channel.StateRead, At: 40})
		got, err := s.TakeEarlyStatuses(ctx, c.ID, "m1")
		must(t, err)
		slices.SortFunc(got, func(a, b conversation.EarlyStatus) int { return int(a.State - b.State) })
		if fmt.Sprint(got) != fmt.Sprint([]conversation.EarlyStatus{delivered, failed}) {
			t.Fatalf("taken %+v", got)
		}
		if got, err := s.TakeEarlyStatuses(ctx, c.ID, "m1"); err != nil || got != nil {
			t.Fatalf("taken twice: %+v, %v", got, err)
		}
		must(t, s.DropEarlyStatuses(ctx, 0))
		if got, _ := s.TakeEarlyStatuses(ctx, c.ID, "m2"); len(got) != 1 {
			t.Fatalf("dropping nothing dropped: %+v", got)
		}
		must(t, s.DropEarlyStatuses(ctx, time.Now().Add(time.Minute).UnixMilli()))
		if got, _ := s.TakeEarlyStatuses(ctx, id("conn", 2), "m1"); got != nil {
			t.Fatalf("an old status survived: %+v", got)
		}
	}},

	{"values a column cannot hold are refused; an event's text is cleaned", func(t *testing.T, s coreStore) {
		c, conv := seed(t, s)
		_, err := s.EnsureConversation(ctx, &conversation.Conversation{ID: id("conv", 2), ConnectionID: c.ID,
			CustomerID: channel.CustomerID(strings.Repeat("é", 129)), CreateAt: 1})
		fails(t, "a customer id over 128 characters", err)
		if _, err := s.EnsureConversation(ctx, &conversation.Conversation{ID: id("conv", 3), ConnectionID: c.ID,
			CustomerID: channel.CustomerID(strings.Repeat("é", 128)), CreateAt: 1}); err != nil {
			t.Fatalf("128 two-byte characters: %v; the limit counts characters", err)
		}
		_, err = s.EnsureConversation(ctx, &conversation.Conversation{ID: id("conv", 4), ConnectionID: c.ID,
			CustomerID: "nul", CustomerName: "nul \x00 inside", CreateAt: 1})
		fails(t, "a name with a NUL character", err)
		// An event is the exception: its codec cleans every text, so that one poisoned message
		// never fails the claim of its delivery.
		m := inbound(conv.ID, c.ID, 1, 100)
		m.Event.Text = "nul \x00 inside \xff"
		insert(t, s, m)
		if got := getMsg(t, s, m.ID); got.Event.Text != "nul  inside \uFFFD" {
			t.Fatalf("stored text %q", got.Event.Text)
		}
	}},

	{"the account and renewed credentials are written alone, never over an admin's change", func(t *testing.T, s coreStore) {
		c := addConnection(t, s, 1)
		admin := *c
		admin.Name, admin.ChannelID, admin.Sealed, admin.UpdateAt = "renamed", id("chan", 9), []byte{9, 9}, 50
		must(t, s.UpdateConnection(ctx, &admin))

		must(t, s.SetAccount(ctx, c.ID, "acc-2", "Shop 2"))
		got, err := s.GetConnection(ctx, c.ID)
		must(t, err)
		if got.Name != "renamed" || got.ChannelID != id("chan", 9) || string(got.Sealed) != "\x09\x09" || got.UpdateAt != 50 ||
			got.AccountID != "acc-2" || got.AccountName != "Shop 2" {
			t.Fatalf("after SetAccount: %+v", got)
		}

		// A renewal that loaded the row before the admin's change does not write.
		if ok, err := s.SetCredentials(ctx, c.ID, []byte{7}, 60, c.UpdateAt); err != nil || ok {
			t.Fatalf("a stale renewal = %v, %v", ok, err)
		}
		if got, _ := s.GetConnection(ctx, c.ID); string(got.Sealed) != "\x09\x09" || got.UpdateAt != 50 {
			t.Fatalf("a stale renewal wrote: %+v", got)
		}
		if ok, err := s.SetCredentials(ctx, c.ID, []byte{7}, 60, 50); err != nil || !ok {
			t.Fatalf("a current renewal = %v, %v", ok, err)
		}
		if got, _ := s.GetConnection(ctx, c.ID); string(got.Sealed) != "\x07" || got.UpdateAt != 60 || got.Name != "renamed" ||
			got.ChannelID != id("chan", 9) || got.AccountName != "Shop 2" {
			t.Fatalf("after a renewal: %+v", got)
		}
		if err := s.SetAccount(ctx, id("conn", 8), "a", "b"); !errors.Is(err, conversation.ErrNotFound) {
			t.Fatalf("SetAccount of an unknown connection: %v", err)
		}
		if ok, err := s.SetCredentials(ctx, id("conn", 8), []byte{7}, 60, 50); err != nil || ok {
			t.Fatalf("SetCredentials of an unknown connection = %v, %v", ok, err)
		}
	}},

	{"values handed out are copies", func(t *testing.T, s coreStore) {
		c, conv := seed(t, s)
		m := inbound(conv.ID, c.ID, 1, 100)
		insert(t, s, m)
		m.Event.Text, m.State = "changed by the caller", "x"
		gotC, _ := s.GetConnection(ctx, c.ID)
		gotC.Name, gotC.Sealed[0] = "mutated", 99
		gotConv := getConv(t, s, conv.ID)
		gotConv.CustomerName = "mutated"
		gotM := getMsg(t, s, m.ID)
		gotM.Event.Text, gotM.State = "mutated", "x"
		if again, _ := s.GetConnection(ctx, c.ID); again.Name == "mutated" || again.Sealed[0] == 99 {
			t.Fatalf("connection shared: %+v", again)
		}
		if again := getConv(t, s, conv.ID); again.CustomerName == "mutated" {
			t.Fatal("conversation shared")
		}
		if again := getMsg(t, s, m.ID); again.Event.Text != "hi" || again.State != conversation.StatePending {
			t.Fatalf("message shared: %+v %+v", again, again.Event)
		}
	}},
}
