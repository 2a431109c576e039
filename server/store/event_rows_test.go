package store_test

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/conversation"
	"github.com/frontdesk-chat/frontdesk/server/store"
)

// insertRawEvent queues an inbound row the way an earlier Frontdesk left it, bypassing the store's
// encoding.
func insertRawEvent(t *testing.T, s *store.Store, id, convID, connID, event string) {
	t.Helper()
	if _, err := s.DB().Exec(`INSERT INTO frontdesk_messages (id, conversation_id, connection_id, direction,
		provider_message_id, event, state, provider_at, create_at, update_at)
		VALUES ($1, $2, $3, 'in', $1, $4, 'pending', 1, 1, 1)`, id, convID, connID, event); err != nil {
		t.Fatal(err)
	}
}

// A message queued before the upgrade, in the untagged form, is posted after it with its event intact.
func TestUnversionedEventRowIsReadBack(t *testing.T) {
	s, c, conv := seedConversation(t)
	old, err := os.ReadFile(filepath.Join("testdata", "legacy_message.json"))
	if err != nil {
		t.Fatal(err)
	}
	insertRawEvent(t, s, "msg00000000000000000000001", conv.ID, c.ID, string(old))
	pending, err := s.PendingInbound(context.Background(), conv.ID, 1<<62)
	if err != nil || len(pending) != 1 {
		t.Fatalf("pending = %+v, %v", pending, err)
	}
	want := &channel.Event{Type: channel.EventMessage, MessageID: "wamid.HBgL",
		Customer:  channel.Customer{ID: "48600100200", Name: "Anna Nowak", Phone: "+48600100200", AltID: "PL.1234"},
		Account:   channel.Account{ID: "1029384756", Name: "+48 22 100 20 30"},
		Timestamp: time.Date(2025, 11, 30, 21, 25, 51, 0, time.UTC),
		Text:      "Czy macie rozmiar 38?",
		Media:     []channel.Media{{Kind: channel.Image, Ref: "media-1", MIMEType: "image/jpeg", FileName: "but.jpg", Caption: "ten"}},
		ReplyTo:   "wamid.PREV"}
	if got := pending[0].Event; !reflect.DeepEqual(got, want) {
		t.Fatalf("event read back\n got %+v\nwant %+v", got, want)
	}
}

// New rows hold the versioned form, with the state by name.
func TestEventIsStoredVersioned(t *testing.T) {
	s, c, conv := seedConversation(t)
	ctx := context.Background()
	ev := &channel.Event{Type: channel.EventStatus, MessageID: "st-1", Customer: channel.Customer{ID: "42"},
		TargetID: "42:7", State: channel.StateRead, Timestamp: time.Date(2025, 11, 30, 21, 25, 51, 7, time.UTC)}
	m := &conversation.Message{ID: "msg00000000000000000000001", ConversationID: conv.ID, ConnectionID: c.ID,
		Direction: conversation.In, ProviderMessageID: "st-1", State: conversation.StatePending, Event: ev, ProviderAt: 1, CreateAt: 1}
	if ok, err := s.InsertMessage(ctx, m); !ok || err != nil {
		t.Fatalf("insert: %v, %v", ok, err)
	}
	var v, state, customer, timestamp string
	var untagged bool
	if err := s.DB().QueryRow(`SELECT event->>'v', event->>'state', event->'customer'->>'id', event->>'timestamp',
		event ? 'Type' FROM frontdesk_messages WHERE id=$1`, m.ID).Scan(&v, &state, &customer, &timestamp, &untagged); err != nil {
		t.Fatal(err)
	}
	if v != "1" || state != "read" || customer != "42" || timestamp != "2025-11-30T21:25:51.000000007Z" || untagged {
		t.Fatalf("stored v=%q state=%q customer=%q timestamp=%q untagged=%v", v, state, customer, timestamp, untagged)
	}
	got, err := s.MessageByID(ctx, m.ID)
	if err != nil || !reflect.DeepEqual(got.Event, ev) {
		t.Fatalf("read back %+v, %v; want %+v", got.Event, err, ev)
	}
}

// A row written by a newer Frontdesk fails loudly, naming the version, instead of posting an empty
// message.
func TestUnknownEventVersionRowIsAnError(t *testing.T) {
	s, c, conv := seedConversation(t)
	ctx := context.Background()
	insertRawEvent(t, s, "msg00000000000000000000001", conv.ID, c.ID, `{"v":2,"type":"message","body":{"text":"hi"}}`)
	_, _, err := s.Work(ctx, conv.ID, 1<<62)
	if err == nil || !strings.HasPrefix(err.Error(), "store: list work: ") ||
		!strings.Contains(err.Error(), "msg00000000000000000000001") || !strings.Contains(err.Error(), "version 2") {
		t.Fatalf("pending: %v; want an error naming the operation, the row and the version", err)
	}
	if _, err := s.MessageByID(ctx, "msg00000000000000000000001"); err == nil || !strings.Contains(err.Error(), "version 2") {
		t.Fatalf("by id: %v", err)
	}
}
