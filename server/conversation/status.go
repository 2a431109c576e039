package conversation

import (
	"context"
	"errors"

	"github.com/frontdesk-chat/frontdesk/server/channel"
)

// applyStatus moves the delivery state of Frontdesk's own messages forward. Statuses never create
// posts: they update the database, the post's delivery prop and the webapp's ticks.
func (s *Service) applyStatus(ctx context.Context, c *Connection, ev *channel.Event) (Outcome, error) {
	if !ev.Watermark.IsZero() {
		return s.applyWatermark(ctx, c, ev)
	}
	m, err := s.store.MessageByProviderID(ctx, c.ID, ev.TargetID)
	if errors.Is(err, ErrNotFound) {
		// The send may not have recorded its id yet: keep the status for it (a day at most).
		st := EarlyStatus{ConnectionID: c.ID, ProviderMessageID: ev.TargetID, State: ev.State, At: Millis(ev.Timestamp)}
		if ev.Err != nil {
			st.Reason, st.Class = ev.Err.Reason, ev.Err.Class
		}
		return OutcomeStatusEarly, s.store.KeepEarlyStatus(ctx, st)
	}
	if err != nil {
		return "", err
	}
	if m.Direction != Out {
		return OutcomeStatusUnknown, nil
	}
	return OutcomeStatusApplied, s.advance(ctx, c, m, ev.State, Millis(ev.Timestamp), ev.Err)
}

// applyEarlyStatuses applies what arrived before a send recorded its provider id.
func (s *Service) applyEarlyStatuses(ctx context.Context, c *Connection, m *Message) {
	early, err := s.store.TakeEarlyStatuses(ctx, c.ID, m.ProviderMessageID)
	if err != nil {
		s.log.Warn("Frontdesk: reading early statuses", "post_id", m.PostID, "err", err.Error())
		return
	}
	for _, st := range early {
		var perr *channel.Error
		if st.State == channel.StateFailed {
			perr = &channel.Error{Class: st.Class, Reason: st.Reason}
		}
		if err := s.advance(ctx, c, m, st.State, st.At, perr); err != nil {
			s.log.Warn("Frontdesk: applying an early status", "post_id", m.PostID, "err", err.Error())
		}
	}
}

// applyWatermark marks every message sent at or before the watermark (Messenger reads and deliveries).
func (s *Service) applyWatermark(ctx context.Context, c *Connection, ev *channel.Event) (Outcome, error) {
	conv, err := s.store.ConversationByCustomer(ctx, c.ID, ev.Customer.ID)
	if errors.Is(err, ErrNotFound) {
		return OutcomeNoConversation, nil
	}
	if err != nil {
		return "", err
	}
	ms, err := s.store.SentUpTo(ctx, conv.ID, Millis(ev.Watermark), ev.State.String())
	if err != nil {
		return "", err
	}
	for _, m := range ms {
		if err := s.advance(ctx, c, m, ev.State, Millis(ev.Timestamp), nil); err != nil {
			return "", err
		}
	}
	return OutcomeStatusApplied, nil
}

// advance applies a state monotonically and shows it on the post.
func (s *Service) advance(ctx context.Context, c *Connection, m *Message, next channel.DeliveryState, at int64, perr *channel.Error) error {
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
			m.Reason = "The customer-service window is closed: " + perr.Reason
		case channel.ClassSyncLost:
			s.markSync(ctx, c, perr)
		case channel.ClassOptedOut:
			if err := s.setOptedOut(ctx, c, m.ConversationID, Millis(s.now())); err != nil {
				return err
			}
		}
	}
	if err := s.store.UpdateDelivery(ctx, m); err != nil {
		return err
	}
	s.showDelivery(c, m)
	return nil
}

// applyChange applies a customer's edit, delete or reaction to the post of the message it names.
func (s *Service) applyChange(ctx context.Context, c *Connection, ev *channel.Event) (Outcome, error) {
	m, err := s.store.MessageByProviderID(ctx, c.ID, ev.TargetID)
	if errors.Is(err, ErrNotFound) || err == nil && m.PostID == "" {
		return OutcomeTargetUnknown, nil
	}
	if err != nil {
		return "", err
	}
	return s.changePost(ctx, c, m, ev)
}

// changePost applies a change to the post of its posted message m.
func (s *Service) changePost(ctx context.Context, c *Connection, m *Message, ev *channel.Event) (Outcome, error) {
	post, err := s.mm.GetPost(m.PostID)
	if err != nil {
		return OutcomeTargetUnknown, nil
	}
	conv, err := s.store.GetConversation(ctx, m.ConversationID)
	if err != nil {
		return "", err
	}
	switch ev.Type {
	case channel.EventEdit:
		post.Message = messageText(c.Kind, conv, m.Direction, ev, 0)
	case channel.EventDelete:
		post.Message = "_The customer deleted this message._"
		post.FileIds = nil
	case channel.EventReaction:
		old, _ := post.GetProp(propReaction).(string)
		if ev.Emoji == "" {
			post.DelProp(propReaction)
		} else {
			post.AddProp(propReaction, ev.Emoji)
		}
		if err := s.mm.UpdatePost(post); err != nil {
			return "", err
		}
		// After the update: reacting changes the post, and an update with an older copy would hide it.
		s.swapReaction(post.Id, old, ev.Emoji)
		return OutcomeUpdated, nil
	}
	if err := s.mm.UpdatePost(post); err != nil {
		return "", err
	}
	return OutcomeUpdated, nil
}

// swapReaction shows the customer's new reaction as a real Mattermost reaction by the bot, where
// the emoji has a Mattermost name, in place of the old one.
func (s *Service) swapReaction(postID, old, emoji string) {
	if name := emojiName(old); name != "" {
		if err := s.mm.RemoveReaction(postID, name); err != nil {
			s.log.Warn("Frontdesk: removing a customer reaction", "post_id", postID, "err", err.Error())
		}
	}
	if name := emojiName(emoji); name != "" {
		if err := s.mm.AddReaction(postID, name); err != nil {
			s.log.Warn("Frontdesk: showing a customer reaction", "post_id", postID, "err", err.Error())
		}
	}
}

// showDelivery writes the delivery state on the agent's post; Mattermost sends post_edited to
// the channel's members, which keeps every open client current.
func (s *Service) showDelivery(c *Connection, m *Message) {
	if m.PostID == "" {
		return
	}
	post, err := s.mm.GetPost(m.PostID)
	if err != nil {
		return
	}
	d := map[string]any{"state": m.State}
	if m.Reason != "" {
		d["reason"] = m.Reason
	}
	if m.ReadAt != 0 {
		d["read_at"] = m.ReadAt
	}
	post.AddProp(propDelivery, d)
	setRetryAction(post, m)
	if err := s.mm.UpdatePost(post); err != nil {
		s.log.Warn("Frontdesk: showing delivery state", "post_id", m.PostID, "err", err.Error())
	}
	s.mm.PublishToChannel("delivery", map[string]any{"post_id": m.PostID, "state": m.State, "reason": m.Reason, "read_at": m.ReadAt}, c.ChannelID)
}
