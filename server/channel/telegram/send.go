package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/frontdesk-chat/frontdesk/server/channel"
)

// Send implements channel.Adapter: plain text with sendMessage (no parse_mode, so nothing the staff
// type is read as markup), or one attachment with its text as caption.
func (a *Adapter) Send(ctx context.Context, msg channel.Outbound) (channel.SendResult, error) {
	chatID, err := parseChatID(msg.To)
	if err != nil {
		return channel.SendResult{}, &channel.Error{Class: channel.ClassPermanent, Reason: err.Error()}
	}
	var replyTo int64
	if msg.ReplyTo != "" {
		if c, m, err := parseMessageID(msg.ReplyTo); err == nil && c == chatID {
			replyTo = m
		}
	}
	var sent sentMessage
	if msg.Media != nil {
		err = a.sendMedia(ctx, chatID, replyTo, msg.Text, msg.Media, &sent)
	} else {
		err = a.sendText(ctx, chatID, replyTo, msg.Text, &sent)
	}
	if err != nil {
		return channel.SendResult{}, err
	}
	return channel.SendResult{MessageID: messageID(chatID, sent.MessageID), At: unix(sent.Date)}, nil
}

func (a *Adapter) sendText(ctx context.Context, chatID, replyTo int64, text string, out *sentMessage) error {
	if err := checkText(text, TextLimit, "message"); err != nil {
		return err
	}
	params := map[string]any{"chat_id": chatID, "text": text}
	if replyTo != 0 {
		params["reply_parameters"] = replyParameters(replyTo)
	}
	return a.api.call(ctx, "sendMessage", params, out)
}

// mediaMethods maps a kind to the send method and its file field.
var mediaMethods = map[channel.MediaKind][2]string{
	channel.Image:   {"sendPhoto", "photo"},
	channel.Video:   {"sendVideo", "video"},
	channel.File:    {"sendDocument", "document"},
	channel.Sticker: {"sendSticker", "sticker"},
}

func mediaMethod(m *channel.OutboundMedia) (method, field string) {
	if m.Kind == channel.Audio {
		// sendVoice shows a voice note and wants OGG/Opus; other audio goes as a music file.
		if strings.Contains(m.MIMEType, "ogg") || strings.Contains(m.MIMEType, "opus") {
			return "sendVoice", "voice"
		}
		return "sendAudio", "audio"
	}
	if mm, ok := mediaMethods[m.Kind]; ok {
		return mm[0], mm[1]
	}
	return "sendDocument", "document"
}

func (a *Adapter) sendMedia(ctx context.Context, chatID, replyTo int64, caption string, m *channel.OutboundMedia, out *sentMessage) error {
	if caption != "" {
		if err := checkText(caption, CaptionLimit, "caption"); err != nil {
			return err
		}
	}
	method, field := mediaMethod(m)
	switch {
	case len(m.Data) > 0:
		fields := map[string]string{"chat_id": strconv.FormatInt(chatID, 10)}
		if caption != "" && method != "sendSticker" {
			fields["caption"] = caption
		}
		if replyTo != 0 {
			b, _ := json.Marshal(replyParameters(replyTo))
			fields["reply_parameters"] = string(b)
		}
		name := m.FileName
		if name == "" {
			name = field
		}
		return a.api.upload(ctx, method, fields, field, name, m.Data, out)
	case m.URL != "":
		// Telegram fetches the URL itself (smaller size limits than an upload).
		params := map[string]any{"chat_id": chatID, field: m.URL}
		if caption != "" && method != "sendSticker" {
			params["caption"] = caption
		}
		if replyTo != 0 {
			params["reply_parameters"] = replyParameters(replyTo)
		}
		return a.api.call(ctx, method, params, out)
	default:
		return &channel.Error{Class: channel.ClassPermanent, Reason: "attachment has neither data nor URL"}
	}
}

// replyParameters quotes a message; allow_sending_without_reply keeps the send working when the
// customer deleted the quoted message.
func replyParameters(msgID int64) map[string]any {
	return map[string]any{"message_id": msgID, "allow_sending_without_reply": true}
}

// checkText refuses empty or over-long text before any call. Telegram counts entity offsets in UTF-16
// code units; counting the limit the same way can only be stricter than counting characters.
func checkText(text string, limit int, what string) error {
	if strings.TrimSpace(text) == "" {
		return &channel.Error{Class: channel.ClassPermanent, Code: "empty", Reason: "Telegram cannot send an empty " + what}
	}
	if n := len(utf16.Encode([]rune(text))); n > limit {
		return &channel.Error{Class: channel.ClassPermanent, Code: "too_long",
			Reason: fmt.Sprintf("Telegram %s is limited to %d characters (this one has %d)", what, limit, n)}
	}
	return nil
}

// Edit implements channel.Editor for text messages the bot sent.
func (a *Adapter) Edit(ctx context.Context, to channel.CustomerID, id channel.MessageID, text string) error {
	chatID, msgID, err := targetMessage(to, id)
	if err != nil {
		return &channel.Error{Class: channel.ClassPermanent, Reason: err.Error()}
	}
	if err := checkText(text, TextLimit, "message"); err != nil {
		return err
	}
	params := map[string]any{"chat_id": chatID, "message_id": msgID, "text": text}
	err = a.api.call(ctx, "editMessageText", params, nil)
	var e *channel.Error
	if errors.As(err, &e) && strings.Contains(e.Reason, "message is not modified") {
		return nil // the text is already what we want
	}
	return err
}

// Delete implements channel.Deleter. ⚠ unverified: Telegram documents that a bot may delete its own
// messages in private chats only within 48 hours; later attempts fail with a permanent 400.
func (a *Adapter) Delete(ctx context.Context, to channel.CustomerID, id channel.MessageID) error {
	chatID, msgID, err := targetMessage(to, id)
	if err != nil {
		return &channel.Error{Class: channel.ClassPermanent, Reason: err.Error()}
	}
	return a.api.call(ctx, "deleteMessage", map[string]any{"chat_id": chatID, "message_id": msgID}, nil)
}
