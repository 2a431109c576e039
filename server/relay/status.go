package relay

import (
	"context"
	"errors"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/conversation"
	"github.com/frontdesk-chat/frontdesk/server/locale"
	"github.com/frontdesk-chat/frontdesk/server/thread"
)

// applyStatus moves the delivery state of Frontdesk's own messages forward. Statuses never create
// posts: they update the database, the post's delivery prop and the webapp's ticks.
func (r *Relay) applyStatus(ctx context.Context, c *conversation.Connection, ev *channel.Event) (conversation.Outcome, error) {
	if !ev.Watermark.IsZero() {
		return r.applyWatermark(ctx, c, ev)
	}
	m, err := r.store.MessageByProviderID(ctx, c.ID, ev.TargetID)
	if errors.Is(err, conversation.ErrNotFound) {
		// The send may not have recorded its id yet: keep the status for it (a day at most).
		st := conversation.EarlyStatus{ConnectionID: c.ID, ProviderMessageID: ev.TargetID, State: ev.State, At: conversation.Millis(ev.Timestamp)}
		if ev.Err != nil {
			st.Reason, st.Class = ev.Err.Reason, ev.Err.Class
		}
		return conversation.OutcomeStatusEarly, r.store.KeepEarlyStatus(ctx, st)
	}
	if err != nil {
		return "", err
	}
	if m.Direction != conversation.Out {
		return conversation.OutcomeStatusUnknown, nil
	}
	return conversation.OutcomeStatusApplied, r.advance(ctx, c, m, ev.State, conversation.Millis(ev.Timestamp), ev.Err)
}

// applyEarlyStatuses applies what arrived before a send recorded its provider id.
func (r *Relay) applyEarlyStatuses(ctx context.Context, c *conversation.Connection, m *conversation.Message) {
	early, err := r.store.TakeEarlyStatuses(ctx, c.ID, m.ProviderMessageID)
	if err != nil {
		r.log.Warn("Frontdesk: reading early statuses", "post_id", m.PostID, "err", err.Error())
		return
	}
	for _, st := range early {
		var perr *channel.Error
		if st.State == channel.StateFailed {
			perr = &channel.Error{Class: st.Class, Reason: st.Reason}
		}
		if err := r.advance(ctx, c, m, st.State, st.At, perr); err != nil {
			r.log.Warn("Frontdesk: applying an early status", "post_id", m.PostID, "err", err.Error())
		}
	}
}

// applyWatermark marks every message sent at or before the watermark (Messenger reads and deliveries).
func (r *Relay) applyWatermark(ctx context.Context, c *conversation.Connection, ev *channel.Event) (conversation.Outcome, error) {
	conv, err := r.store.ConversationByCustomer(ctx, c.ID, ev.Customer.ID)
	if errors.Is(err, conversation.ErrNotFound) {
		return conversation.OutcomeNoConversation, nil
	}
	if err != nil {
		return "", err
	}
	ms, err := r.store.SentUpTo(ctx, conv.ID, conversation.Millis(ev.Watermark), ev.State.String())
	if err != nil {
		return "", err
	}
	for _, m := range ms {
		if err := r.advance(ctx, c, m, ev.State, conversation.Millis(ev.Timestamp), nil); err != nil {
			return "", err
		}
	}
	return conversation.OutcomeStatusApplied, nil
}

// advance applies a state monotonically and shows it on the post.
func (r *Relay) advance(ctx context.Context, c *conversation.Connection, m *conversation.Message, next channel.DeliveryState, at int64, perr *channel.Error) error {
	cur := channel.ParseDeliveryState(m.State)
	got := cur.Advance(next)
	if got == cur {
		return nil
	}
	m.State = got.String()
	if got == channel.StateRead && m.ReadAt == 0 {
		m.ReadAt = at
	}
	if got == channel.StateFailed && perr != nil {
		m.Reason = perr.Reason
		switch perr.Class {
		case channel.ClassWindowClosed:
			m.Reason = r.texts.ForSite(textFailedWindowClosed, map[string]any{"Reason": perr.Reason})
		case channel.ClassSyncLost:
			r.conns.MarkSync(ctx, c, perr)
		case channel.ClassOptedOut:
			if err := r.setOptedOut(ctx, c, m.ConversationID, conversation.Millis(r.now())); err != nil {
				return err
			}
		}
	}
	if err := r.store.UpdateDelivery(ctx, m); err != nil {
		return err
	}
	r.thread.ShowDelivery(c, m)
	return nil
}

// applyChange applies a customer's edit, delete or reaction to the post of the message it names.
func (r *Relay) applyChange(ctx context.Context, c *conversation.Connection, ev *channel.Event) (conversation.Outcome, error) {
	m, err := r.store.MessageByProviderID(ctx, c.ID, ev.TargetID)
	if errors.Is(err, conversation.ErrNotFound) || err == nil && m.PostID == "" {
		return conversation.OutcomeTargetUnknown, nil
	}
	if err != nil {
		return "", err
	}
	return r.changePost(ctx, c, m, ev)
}

// changePost applies a change to the post of its posted message m.
func (r *Relay) changePost(ctx context.Context, c *conversation.Connection, m *conversation.Message, ev *channel.Event) (conversation.Outcome, error) {
	post, err := r.mm.GetPost(m.PostID)
	if err != nil {
		return conversation.OutcomeTargetUnknown, nil
	}
	conv, err := r.store.GetConversation(ctx, m.ConversationID)
	if err != nil {
		return "", err
	}
	switch ev.Type {
	case channel.EventEdit:
		post.Message = thread.MessageText(r.texts, c.Kind, conv, m.Direction, ev, 0)
	case channel.EventDelete:
		post.Message = r.texts.ForSite(textCustomerDeleted, nil)
		post.FileIds = nil
	case channel.EventReaction:
		old, _ := post.GetProp(thread.PropReaction).(string)
		if ev.Emoji == "" {
			post.DelProp(thread.PropReaction)
		} else {
			post.AddProp(thread.PropReaction, ev.Emoji)
		}
		if err := r.mm.UpdatePost(post); err != nil {
			return "", err
		}
		// After the update: reacting changes the post, and an update with an older copy would hide it.
		r.swapReaction(post.Id, old, ev.Emoji)
		return conversation.OutcomeUpdated, nil
	}
	if err := r.mm.UpdatePost(post); err != nil {
		return "", err
	}
	return conversation.OutcomeUpdated, nil
}

// swapReaction shows the customer's new reaction as a real Mattermost reaction by the bot, where
// the emoji has a Mattermost name, in place of the old one.
func (r *Relay) swapReaction(postID, old, emoji string) {
	if name := emojiName(old); name != "" {
		if err := r.mm.RemoveReaction(postID, name); err != nil {
			r.log.Warn("Frontdesk: removing a customer reaction", "post_id", postID, "err", err.Error())
		}
	}
	if name := emojiName(emoji); name != "" {
		if err := r.mm.AddReaction(postID, name); err != nil {
			r.log.Warn("Frontdesk: showing a customer reaction", "post_id", postID, "err", err.Error())
		}
	}
}

var textCustomerDeleted = locale.Text{ID: "relay.customer_deleted", Other: "_The customer deleted this message._"}
