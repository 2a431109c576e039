package telegram

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/channel"
)

// Parse implements channel.Adapter. Telegram sends one update per request. Updates from groups,
// supergroups and channels are skipped: only a private chat with the bot is a customer conversation.
// Update types other than AllowedUpdates are skipped too.
func (a *Adapter) Parse(req channel.WebhookRequest) ([]channel.Event, error) {
	if len(req.Body) > channel.MaxWebhookBody {
		return nil, fmt.Errorf("telegram: %w", channel.ErrTooLarge)
	}
	var u update
	dec := json.NewDecoder(bytes.NewReader(req.Body))
	if err := dec.Decode(&u); err != nil {
		return nil, fmt.Errorf("telegram: %w: %v", channel.ErrMalformed, err)
	}
	if u.UpdateID == nil {
		return nil, fmt.Errorf("telegram: %w: no update_id", channel.ErrMalformed)
	}
	switch {
	case u.Message != nil:
		return a.messageEvents(u.Message, channel.EventMessage, *u.UpdateID), nil
	case u.EditedMessage != nil:
		return a.messageEvents(u.EditedMessage, channel.EventEdit, *u.UpdateID), nil
	case u.MessageReaction != nil:
		return a.reactionEvents(u.MessageReaction, *u.UpdateID), nil
	case u.MyChatMember != nil:
		return a.blockEvents(u.MyChatMember, *u.UpdateID), nil
	}
	return nil, nil
}

// blockEvents turns the customer blocking the bot ("kicked") or unblocking it into an opt-out
// event. In groups the bot's membership is not about a customer.
func (a *Adapter) blockEvents(m *chatMemberEdit, updateID int64) []channel.Event {
	if m.Chat.Type != "private" {
		return nil
	}
	var optedOut bool
	switch m.NewChatMember.Status {
	case "kicked":
		optedOut = true
	case "member":
	default:
		return nil
	}
	return []channel.Event{{
		Type:      channel.EventOptOut,
		MessageID: eventID(m.Chat.ID, 0, "member", updateID),
		Customer:  customer(m.Chat, m.From),
		Account:   a.account(),
		Timestamp: unix(m.Date),
		OptedOut:  optedOut,
	}}
}

func (a *Adapter) messageEvents(m *message, typ channel.EventType, updateID int64) []channel.Event {
	if m.Chat.Type != "private" || m.From != nil && m.From.IsBot {
		return nil
	}
	text, media := content(m)
	if text == "" && len(media) == 0 {
		return nil // service messages (pinned, payments...) carry nothing to show
	}
	ev := channel.Event{
		Type:      typ,
		MessageID: messageID(m.Chat.ID, m.MessageID),
		Customer:  customer(m.Chat, m.From),
		Account:   a.account(),
		Timestamp: unix(m.Date),
		Text:      text,
		Media:     media,
	}
	if m.ReplyToMessage != nil {
		ev.ReplyTo = messageID(m.Chat.ID, m.ReplyToMessage.MessageID)
	}
	if typ == channel.EventEdit {
		ev.TargetID = ev.MessageID
		if ev.Text == "" && len(media) > 0 {
			ev.Text = media[0].Caption // an edit of a media message changes its caption
		}
		ev.MessageID = eventID(m.Chat.ID, m.MessageID, "edit", updateID)
		if m.EditDate != 0 {
			ev.Timestamp = unix(m.EditDate)
		}
	}
	return []channel.Event{ev}
}

func (a *Adapter) reactionEvents(r *messageReaction, updateID int64) []channel.Event {
	if r.Chat.Type != "private" || r.User == nil || r.User.IsBot {
		return nil
	}
	emoji, ok := reactionEmoji(r.OldReaction, r.NewReaction)
	if !ok {
		return nil
	}
	return []channel.Event{{
		Type:      channel.EventReaction,
		MessageID: eventID(r.Chat.ID, r.MessageID, "reaction", updateID),
		TargetID:  messageID(r.Chat.ID, r.MessageID),
		Customer:  customer(r.Chat, r.User),
		Account:   a.account(),
		Timestamp: unix(r.Date),
		Emoji:     emoji,
	}}
}

// reactionEmoji picks the one emoji to show: a newly added one, else one still set, else "" when every
// reaction was removed. Custom emoji (Premium) and paid reactions cannot be shown as text: a change
// that leaves only those is skipped.
func reactionEmoji(old, now []reactionType) (string, bool) {
	had := map[string]bool{}
	for _, r := range old {
		had[r.Type+r.Emoji] = true
	}
	kept := ""
	for _, r := range now {
		if r.Type != "emoji" || r.Emoji == "" {
			continue
		}
		if !had[r.Type+r.Emoji] {
			return r.Emoji, true
		}
		if kept == "" {
			kept = r.Emoji
		}
	}
	if kept != "" {
		return kept, true
	}
	if len(now) == 0 {
		return "", true
	}
	return "", false
}

func customer(c chat, from *user) channel.Customer {
	cu := channel.Customer{
		ID:       channel.CustomerID(fmt.Sprint(c.ID)),
		Name:     fullName(c.FirstName, c.LastName),
		Username: c.Username,
	}
	if from != nil {
		if n := fullName(from.FirstName, from.LastName); n != "" {
			cu.Name = n
		}
		if from.Username != "" {
			cu.Username = from.Username
		}
	}
	return cu
}

func fullName(first, last string) string {
	return strings.TrimSpace(first + " " + last)
}

func unix(s int64) time.Time {
	if s <= 0 {
		return time.Time{}
	}
	return time.Unix(s, 0).UTC()
}
