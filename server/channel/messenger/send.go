package messenger

import (
	"context"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/channel/meta/messaging"
)

// Send delivers text (≤ 2000 characters) and/or one attachment, uploaded or by URL. Metadata goes
// with the message so its echo can be recognised; HumanAgent adds the HUMAN_AGENT tag.
func (a *Adapter) Send(ctx context.Context, msg channel.Outbound) (channel.SendResult, error) {
	return a.sender.Send(ctx, msg)
}

// MarkRead sends mark_seen: Messenger marks the customer's last message seen (not one by id).
func (a *Adapter) MarkRead(ctx context.Context, to channel.CustomerID, _ channel.MessageID) error {
	return a.sender.Action(ctx, to, messaging.ActionMarkSeen)
}
