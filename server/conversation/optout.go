package conversation

import (
	"context"
	"errors"
	"fmt"

	"github.com/frontdesk-chat/frontdesk/server/channel"
)

// applyOptOut records that a customer blocked the business or unsubscribed, or came back, and
// shows it on the chat's header. Nothing is stored for a customer Frontdesk has no chat with.
func (s *Service) applyOptOut(ctx context.Context, c *Connection, ev *channel.Event) (Outcome, error) {
	conv, err := s.store.ConversationByCustomer(ctx, c.ID, ev.Customer.ID)
	if errors.Is(err, ErrNotFound) {
		return OutcomeTargetUnknown, nil
	}
	if err != nil {
		return "", err
	}
	var at int64
	if ev.OptedOut {
		if at = Millis(ev.Timestamp); ev.Timestamp.IsZero() {
			at = Millis(s.now())
		}
	}
	return OutcomeUpdated, s.setOptedOut(ctx, c, conv.ID, at)
}

// setOptedOut changes the chat's opt-out and, when that changed it, its header and everyone's list.
func (s *Service) setOptedOut(ctx context.Context, c *Connection, conversationID string, at int64) error {
	changed, err := s.store.SetOptedOut(ctx, conversationID, at)
	if err != nil || !changed {
		return err
	}
	s.log.Info("Frontdesk: customer reachability changed", "conversation_id", conversationID, "channel_kind", string(c.Kind), "opted_out", at != 0)
	s.announce(ctx, c, conversationID)
	return nil
}

// optOutRefusal explains why nothing can be sent to a customer who left, and what brings them back.
func optOutRefusal(kind channel.Kind) string {
	switch kind {
	case channel.Telegram:
		return "Frontdesk: the customer blocked this bot on Telegram, so nothing reaches them. Replying works again as soon as they unblock it."
	case channel.SMS:
		return "Frontdesk: the customer replied STOP, so the provider delivers nothing to this number until they text START."
	}
	return fmt.Sprintf("Frontdesk: the customer blocked this %s account, so nothing reaches them.", KindName(kind))
}

// optOutNote is the line the chat's header shows while the customer is away.
func optOutNote(kind channel.Kind) string {
	if kind == channel.SMS {
		return "_The customer replied STOP: replies are held until they text START._"
	}
	return "_The customer blocked " + KindName(kind) + " messages from this account: replies are held until they unblock it._"
}
