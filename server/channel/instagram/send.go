package instagram

import (
	"context"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/channel/meta/messaging"
)

// Send delivers text (≤ 1000 bytes) and/or one attachment by public URL. HumanAgent sends
// messaging_type MESSAGE_TAG with tag HUMAN_AGENT (⚠ unverified on graph.instagram.com; it is what
// open-source clients send on both flavours). Sending a file (PDF) is ⚠ unverified on Instagram.
func (a *Adapter) Send(ctx context.Context, msg channel.Outbound) (channel.SendResult, error) {
	return a.sender.Send(ctx, msg)
}

// MarkRead sends mark_seen for the conversation.
func (a *Adapter) MarkRead(ctx context.Context, to channel.CustomerID, _ channel.MessageID) error {
	return a.sender.Action(ctx, to, messaging.ActionMarkSeen)
}
