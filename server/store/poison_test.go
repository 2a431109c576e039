package store_test

import (
	"context"
	"testing"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/conversation"
)

// A NUL character (which jsonb refuses) or invalid UTF-8 in an event does not make the claim fail,
// or the provider would retry the delivery forever: the stored event has it removed or replaced.
func TestClaimOfAnEventWithNULAndInvalidUTF8(t *testing.T) {
	s, c, conv := seedConversation(t)
	ctx := context.Background()
	ev := &channel.Event{Type: channel.EventMessage, MessageID: "m1", Text: "a\x00b \xff end",
		Customer: channel.Customer{ID: "42", Name: "An\x00na"}, Account: channel.Account{Name: "Shop\x00"},
		Media: []channel.Media{{Kind: channel.Image, Ref: "r", Caption: "cap\x00tion", FileName: "x\x00.png"}}, Emoji: "\x00"}
	claimed, err := s.ClaimMessage(ctx, &conversation.Message{ID: "msg00000000000000000000001", ConversationID: conv.ID,
		ConnectionID: c.ID, Direction: conversation.In, ProviderMessageID: "m1", Event: ev, State: conversation.StatePending,
		ProviderAt: 5, CreateAt: 5})
	if err != nil || !claimed {
		t.Fatalf("claim = %v, %v", claimed, err)
	}
	pending, err := s.PendingInbound(ctx, conv.ID, 10)
	if err != nil || len(pending) != 1 {
		t.Fatalf("pending = %v, %v", pending, err)
	}
	got := pending[0].Event
	if got.Text != "ab \uFFFD end" || got.Customer.Name != "Anna" || got.Account.Name != "Shop" ||
		got.Media[0].Caption != "caption" || got.Media[0].FileName != "x.png" || got.Emoji != "" {
		t.Fatalf("stored event = %+v", got)
	}
}
