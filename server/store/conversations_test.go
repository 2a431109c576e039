package store_test

import (
	"context"
	"testing"

	"github.com/frontdesk-chat/frontdesk/server/conversation"
)

// A message from a customer whose chat exists and whose details did not change rewrites nothing
// (every rewrite is a commit waiting for the disk); new details are still stored.
func TestEnsuringAKnownChatWritesOnlyNewDetails(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	conn := seedConnection(t, ctx, s)
	ensure := func(id, name string) *conversation.Conversation {
		t.Helper()
		c, err := s.EnsureConversation(ctx, &conversation.Conversation{ID: id, ConnectionID: conn.ID, CustomerID: "cust-1", CustomerName: name, CreateAt: 1})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	version := func(id string) string {
		t.Helper()
		var xmin string
		if err := s.DB().QueryRow(`SELECT xmin::text FROM frontdesk_conversations WHERE id = $1`, id).Scan(&xmin); err != nil {
			t.Fatal(err)
		}
		return xmin
	}
	first := ensure("conv-1", "Anna")
	before := version(first.ID)
	if again := ensure("conv-2", "Anna"); again.ID != first.ID {
		t.Fatalf("a second chat %s was opened for the same customer", again.ID)
	}
	if ensure("conv-3", "").ID != first.ID || version(first.ID) != before {
		t.Fatal("a message with the same or no details rewrote the chat's row")
	}
	if renamed := ensure("conv-4", "Anna Nowak"); renamed.ID != first.ID || renamed.CustomerName != "Anna Nowak" {
		t.Fatalf("new details not stored: %+v", renamed)
	}
	if version(first.ID) == before {
		t.Fatal("new details did not write the row")
	}
}
