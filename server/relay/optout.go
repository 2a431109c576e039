package relay

import (
	"context"
	"errors"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/conversation"
)

// applyOptOut records that a customer blocked the business or unsubscribed, or came back, and
// shows it on the chat's header. Nothing is stored for a customer Frontdesk has no chat with.
func (r *Relay) applyOptOut(ctx context.Context, c *conversation.Connection, ev *channel.Event) (string, conversation.Outcome, error) {
	if dup, err := r.replayed(ctx, c, ev); err != nil || dup {
		return "", conversation.OutcomeDuplicate, err
	}
	conv, err := r.store.ConversationByCustomer(ctx, c.ID, ev.Customer.ID)
	if errors.Is(err, conversation.ErrNotFound) {
		return "", conversation.OutcomeNoConversation, nil
	}
	if err != nil {
		return "", "", err
	}
	var at int64
	if ev.OptedOut {
		if at = conversation.Millis(ev.Timestamp); ev.Timestamp.IsZero() {
			at = conversation.Millis(r.now())
		}
	}
	if err := r.setOptedOut(ctx, c, conv.ID, at); err != nil {
		return "", "", err
	}
	r.markApplied(ctx, c, ev)
	return conv.ID, conversation.OutcomeOptOutChanged, nil
}

// setOptedOut changes the chat's opt-out and, when that changed it, its header and everyone's list.
func (r *Relay) setOptedOut(ctx context.Context, c *conversation.Connection, conversationID string, at int64) error {
	changed, err := r.store.SetOptedOut(ctx, conversationID, at)
	if err != nil || !changed {
		return err
	}
	r.log.Info("Frontdesk: customer reachability changed", "conversation_id", conversationID, "channel_kind", string(c.Kind), "opted_out", at != 0)
	r.thread.Announce(ctx, c, conversationID)
	return nil
}
