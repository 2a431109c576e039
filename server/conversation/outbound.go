package conversation

import (
	"context"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/server/channel"
)

// Retry policy for retryable send failures: exponential from 2 s, capped at 5 min, failing finally
// after MaxAttempts (about an hour of trying).
const (
	MaxAttempts  = 16
	firstBackoff = 2 * time.Second
	maxBackoff   = 5 * time.Minute
)

// NotePostType marks a private note: never relayed. The gesture that makes one is explicit
// (/frontdesk note), so an ordinary reply can never become a note nor a note reach the customer.
const NotePostType = "custom_frontdesk_note"

// candidate returns the conversation an agent's post replies to, or nil. The cheap checks come first:
// this runs for every post on the server.
func (s *Service) candidate(ctx context.Context, post *model.Post) *Conversation {
	if post.RootId == "" || post.UserId == s.botID || post.Type != "" || post.IsRemote() {
		return nil
	}
	conv, err := s.store.GetConversationByRoot(ctx, post.RootId)
	if err != nil {
		if !errors.Is(err, ErrNotFound) {
			s.log.Error("Frontdesk: loading conversation of a reply", "post_id", post.Id, "err", err.Error())
		}
		return nil
	}
	return conv
}

// WillPost decides, before Mattermost stores an agent's reply, whether it can reach the customer.
// A refusal keeps the text in the composer and says why (F8, F13, F14, F15).
func (s *Service) WillPost(ctx context.Context, post *model.Post) string {
	conv := s.candidate(ctx, post)
	if conv == nil {
		return ""
	}
	limit := s.settings().MaxMessageLength
	if n := utf8.RuneCountInString(post.Message); n > limit {
		return fmt.Sprintf("Frontdesk: this reply has %d characters; a customer message holds at most %d. Shorten it or split it in two.", n, limit)
	}
	c, err := s.Connection(ctx, conv.ConnectionID)
	if err != nil {
		return "Frontdesk: this chat's channel cannot be loaded; try again or ask an admin."
	}
	if a, err := s.adapter(c); err == nil {
		if tc, ok := a.(channel.TextChecker); ok {
			if err := tc.CheckText(post.Message); err != nil {
				return "Frontdesk: " + reasonOf(err) + ". Shorten the reply."
			}
		}
	}
	if c.SyncLost() {
		return fmt.Sprintf("Frontdesk: %s channel %q lost its connection (%s). An admin must reconnect it: %s",
			KindName(c.Kind), c.Name, c.SyncReason, s.reconnectURL(c))
	}
	if conv.OptedOut() {
		return optOutRefusal(c.Kind)
	}
	if msg := s.windowRefusal(c, conv); msg != "" {
		return msg
	}
	return ""
}

// WillEdit refuses an edit of a chat reply that a customer message could not hold (F8): the edit is
// forwarded where the provider allows edits.
func (s *Service) WillEdit(ctx context.Context, newPost, oldPost *model.Post) string {
	if newPost.Message == oldPost.Message || s.candidate(ctx, newPost) == nil {
		return ""
	}
	limit := s.settings().MaxMessageLength
	if n := utf8.RuneCountInString(newPost.Message); n > limit {
		return fmt.Sprintf("Frontdesk: this reply would have %d characters; a customer message holds at most %d.", n, limit)
	}
	return ""
}

// windowRefusal explains a closed customer-service window and where to continue.
func (s *Service) windowRefusal(c *Connection, conv *Conversation) string {
	a, err := s.adapter(c)
	if err != nil {
		return ""
	}
	w := a.Window(time.UnixMilli(conv.LastCustomerAt), s.now())
	if w.CanSend() {
		return ""
	}
	link := a.DeepLink(channel.Customer{ID: conv.CustomerID, Phone: conv.CustomerPhone, Username: conv.CustomerUsername},
		channel.Account{ID: c.AccountID, Name: c.AccountName})
	var why string
	switch c.Kind {
	case channel.WhatsApp:
		why = "WhatsApp allows free-form replies only within 24 hours of the customer's last message. Send an approved template in this thread (/frontdesk template <name> <language> [parameters]; /frontdesk templates lists them) or wait for the customer to write."
	case channel.Messenger, channel.Instagram:
		why = fmt.Sprintf("%s allows replies only within 7 days of the customer's last message. When the customer writes again, replying from here works again.", KindName(c.Kind))
	default:
		why = "The provider does not allow messages to this customer now."
	}
	if link != "" {
		why += " Continue in the " + KindName(c.Kind) + " app: " + link
	}
	return "Frontdesk: " + why
}

func (s *Service) reconnectURL(c *Connection) string {
	return s.mm.SiteURL() + "/plugins/frontdesk/connections/" + c.ID
}

// HasBeenPosted queues an agent's reply: the outbox row, unique on the post, is written before the
// provider is called, so a second call of the hook cannot send twice. Replying reopens (F17).
func (s *Service) HasBeenPosted(ctx context.Context, post *model.Post) {
	conv := s.candidate(ctx, post)
	if conv == nil {
		return
	}
	now := Millis(s.now())
	queued, err := s.store.InsertMessage(ctx, &Message{
		ID:             model.NewId(),
		ConversationID: conv.ID,
		ConnectionID:   conv.ConnectionID,
		Direction:      Out,
		PostID:         post.Id,
		State:          channel.StateSending.String(),
		ProviderAt:     post.CreateAt,
		CreateAt:       now,
	})
	if err != nil {
		s.log.Error("Frontdesk: queueing reply", "conversation_id", conv.ID, "post_id", post.Id, "err", err.Error())
		return
	}
	if !queued {
		return
	}
	if conv.Status == Archived {
		if changed, err := s.store.SetStatus(ctx, conv.ID, Active, "", 0); err == nil && changed {
			s.refreshRoot(ctx, conv.ID)
		}
	}
	s.kick(conv.ID)
}

// sendOutbox sends a conversation's queued replies in order. A retryable failure stops the queue so
// that later replies never overtake an earlier one.
func (s *Service) sendOutbox(ctx context.Context, conversationID string) error {
	queue, err := s.store.Outbox(ctx, conversationID)
	if err != nil || len(queue) == 0 {
		return err
	}
	conv, err := s.store.GetConversation(ctx, conversationID)
	if err != nil {
		return err
	}
	c, err := s.Connection(ctx, conv.ConnectionID)
	if err != nil {
		return err
	}
	now := Millis(s.now())
	for _, m := range queue {
		if m.NextAttemptAt > now {
			return nil
		}
		if stop := s.sendOne(ctx, c, conv, m); stop {
			return nil
		}
	}
	s.mm.PublishToChannel("conversation_updated", map[string]any{"conversation_id": conv.ID}, c.ChannelID)
	s.prune(ctx, conv.ID)
	return nil
}

// sendOne makes one attempt and records its result. It reports whether the queue must wait.
func (s *Service) sendOne(ctx context.Context, c *Connection, conv *Conversation, m *Message) (stop bool) {
	fail := func(reason string) bool {
		m.State, m.Reason = channel.StateFailed.String(), reason
		s.saveDelivery(ctx, c, m)
		return false
	}
	if c.SyncLost() {
		return fail("The channel lost its connection: " + c.SyncReason + ". Reconnect it, then retry.")
	}
	post, err := s.mm.GetPost(m.PostID)
	if err != nil || post.DeleteAt != 0 {
		return fail("The reply was deleted before it could be sent.")
	}
	a, err := s.adapter(c)
	if err != nil {
		return fail(err.Error())
	}
	w := a.Window(time.UnixMilli(conv.LastCustomerAt), s.now())
	if !w.CanSend() {
		return fail(s.windowRefusal(c, conv))
	}
	out, err := s.outbound(conv, post, w)
	if err != nil {
		return fail(err.Error())
	}
	m.Attempts++
	res, err := a.Send(ctx, out)
	if err == nil {
		m.State, m.Reason, m.ProviderMessageID, m.NextAttemptAt = channel.StateSent.String(), "", res.MessageID, 0
		if err := s.store.DropEchoClaim(ctx, c.ID, res.MessageID); err != nil {
			s.log.Warn("Frontdesk: dropping the echo of a send", "post_id", m.PostID, "err", err.Error())
		}
		// The chat is answered before anyone is told the reply was sent.
		if err := s.store.RecordMessage(ctx, conv.ID, false, m.ProviderAt); err != nil {
			s.log.Warn("Frontdesk: recording reply", "conversation_id", conv.ID, "err", err.Error())
		}
		s.saveDelivery(ctx, c, m)
		s.applyEarlyStatuses(ctx, c, m)
		return false
	}
	var perr *channel.Error
	if !errors.As(err, &perr) {
		perr = &channel.Error{Class: channel.ClassRetryable, Reason: err.Error()}
	}
	s.log.Warn("Frontdesk: send failed", "conversation_id", conv.ID, "post_id", m.PostID,
		"channel_kind", string(c.Kind), "outcome", string(perr.Class), "code", perr.Code)
	switch perr.Class {
	case channel.ClassRetryable:
		if m.Attempts >= MaxAttempts {
			return fail("Not delivered after " + fmt.Sprint(m.Attempts) + " attempts: " + perr.Reason)
		}
		m.NextAttemptAt = Millis(s.now().Add(backoff(m.Attempts, perr.RetryAfter)))
		m.Reason = perr.Reason
		s.saveDelivery(ctx, c, m)
		return true
	case channel.ClassSyncLost:
		s.markSync(ctx, c, perr)
		return fail("The channel lost its connection: " + perr.Reason + ". Reconnect it, then retry.")
	case channel.ClassWindowClosed:
		return fail("The customer-service window is closed: " + perr.Reason)
	case channel.ClassOptedOut:
		// Learnt from the send: later replies are refused with the reason instead of failing.
		if err := s.setOptedOut(ctx, c, conv.ID, Millis(s.now())); err != nil {
			s.log.Warn("Frontdesk: recording an opt-out", "conversation_id", conv.ID, "err", err.Error())
		}
		return fail(perr.Reason)
	default:
		return fail(perr.Reason)
	}
}

func backoff(attempts int, retryAfter time.Duration) time.Duration {
	d := firstBackoff << min(attempts-1, 10)
	if d > maxBackoff {
		d = maxBackoff
	}
	if retryAfter > d {
		d = retryAfter
	}
	return d
}

// outbound builds the provider message from the agent's post: its text and its first attachment.
func (s *Service) outbound(conv *Conversation, post *model.Post, w channel.Window) (channel.Outbound, error) {
	out := channel.Outbound{
		To:         conv.CustomerID,
		Text:       post.Message,
		HumanAgent: w.State == channel.WindowHumanAgent,
	}
	if len(post.FileIds) > 0 {
		f, err := s.mm.GetFile(post.FileIds[0])
		if err != nil {
			return out, fmt.Errorf("reading the attachment: %w", err)
		}
		// Both the bytes (for providers that upload) and a signed link (for those that fetch by URL).
		link, err := s.MediaLink(post.FileIds[0])
		if err != nil {
			return out, err
		}
		out.Media = &channel.OutboundMedia{Kind: mediaKindOf(f.MIMEType), FileName: f.Name, MIMEType: f.MIMEType, Data: f.Data, URL: link}
	}
	return out, nil
}

func mediaKindOf(mimeType string) channel.MediaKind {
	switch {
	case len(mimeType) >= 6 && mimeType[:6] == "image/":
		return channel.Image
	case len(mimeType) >= 6 && mimeType[:6] == "audio/":
		return channel.Audio
	case len(mimeType) >= 6 && mimeType[:6] == "video/":
		return channel.Video
	}
	return channel.File
}

func (s *Service) saveDelivery(ctx context.Context, c *Connection, m *Message) {
	if err := s.store.UpdateDelivery(ctx, m); err != nil {
		s.log.Error("Frontdesk: saving delivery state", "post_id", m.PostID, "err", err.Error())
		return
	}
	s.showDelivery(c, m)
}

// Retry queues a failed reply again (the Retry action on the post).
func (s *Service) Retry(ctx context.Context, userID, postID string) error {
	m, err := s.store.MessageByPost(ctx, postID)
	if err != nil {
		return err
	}
	conv, c, err := s.conversationFor(ctx, userID, m.ConversationID)
	if err != nil {
		return err
	}
	if m.Direction != Out || m.State != channel.StateFailed.String() {
		return fmt.Errorf("%w: only a failed reply can be retried", ErrInvalid)
	}
	if c.SyncLost() {
		return fmt.Errorf("%w: the channel lost its connection; reconnect it first", ErrNotAllowed)
	}
	m.State, m.Reason, m.Attempts, m.NextAttemptAt = channel.StateSending.String(), "", 0, 0
	if err := s.store.UpdateDelivery(ctx, m); err != nil {
		return err
	}
	s.showDelivery(c, m)
	s.kick(conv.ID)
	return nil
}
