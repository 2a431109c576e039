package messaging

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/channel/meta"
)

// ActionMarkSeen is the sender action that marks the customer's messages seen.
const ActionMarkSeen = "mark_seen"

// MaxUploadBytes is the Send API's asset limit (25 MB).
const MaxUploadBytes = 25 << 20

// Sender calls one product's Send API: POST <Path> with the recipient and either a message or a
// sender action.
type Sender struct {
	Client *meta.Client
	// Path is the messages edge, e.g. "/<PAGE_ID>/messages" or "/me/messages".
	Path string
	// Query is added to every call (appsecret_proof).
	Query url.Values
	// CheckText refuses a text before any call (each product has its own limit); nil accepts all.
	CheckText func(text string) *channel.Error
	// AlwaysMessagingType sends messaging_type RESPONSE on untagged messages (Messenger). Instagram
	// Login samples never show it, so Instagram only sends it with the HUMAN_AGENT tag.
	AlwaysMessagingType bool
	// Metadata sends Outbound.Metadata with the message (Messenger echoes it back).
	Metadata bool
	// Upload allows multipart uploads of OutboundMedia.Data (Messenger); otherwise media needs a URL.
	Upload bool
	// Now stamps SendResult.At; nil means time.Now.
	Now func() time.Time
}

type sendAnswer struct {
	RecipientID string `json:"recipient_id"`
	MessageID   string `json:"message_id"`
}

// Send delivers text and/or one attachment. Meta allows one attachment per message and no caption,
// so text with media goes as two messages: the attachment first, then the text; the result names
// the last one. Both carry the same metadata, so Messenger echoes of either can be recognised.
func (s *Sender) Send(ctx context.Context, msg channel.Outbound) (channel.SendResult, error) {
	if msg.To == "" {
		return channel.SendResult{}, &channel.Error{Class: channel.ClassPermanent, Code: "no_recipient", Reason: "no recipient"}
	}
	if msg.Text == "" && msg.Media == nil {
		return channel.SendResult{}, &channel.Error{Class: channel.ClassPermanent, Code: "empty", Reason: "nothing to send"}
	}
	if msg.Text != "" && s.CheckText != nil {
		if err := s.CheckText(msg.Text); err != nil {
			return channel.SendResult{}, err
		}
	}
	var res channel.SendResult
	if msg.Media != nil {
		r, err := s.sendMedia(ctx, msg)
		if err != nil {
			return channel.SendResult{}, err
		}
		res = r
	}
	if msg.Text != "" {
		body := s.envelope(msg)
		m := map[string]any{"text": msg.Text}
		if s.Metadata && msg.Metadata != "" {
			m["metadata"] = msg.Metadata
		}
		body["message"] = m
		r, err := s.post(ctx, body)
		if err != nil {
			return res, err
		}
		res = r
	}
	return res, nil
}

// Action sends a sender action such as ActionMarkSeen.
func (s *Sender) Action(ctx context.Context, to channel.CustomerID, action string) error {
	if to == "" {
		return &channel.Error{Class: channel.ClassPermanent, Code: "no_recipient", Reason: "no recipient"}
	}
	body := map[string]any{"recipient": map[string]string{"id": string(to)}, "sender_action": action}
	return s.Client.Do(ctx, http.MethodPost, s.Path, s.Query, body, nil)
}

func (s *Sender) envelope(msg channel.Outbound) map[string]any {
	body := map[string]any{"recipient": map[string]string{"id": string(msg.To)}}
	switch {
	case msg.HumanAgent:
		body["messaging_type"] = "MESSAGE_TAG"
		body["tag"] = "HUMAN_AGENT"
	case s.AlwaysMessagingType:
		body["messaging_type"] = "RESPONSE"
	}
	return body
}

func (s *Sender) post(ctx context.Context, body map[string]any) (channel.SendResult, error) {
	var ans sendAnswer
	if err := s.Client.Do(ctx, http.MethodPost, s.Path, s.Query, body, &ans); err != nil {
		return channel.SendResult{}, err
	}
	return s.result(ans), nil
}

func (s *Sender) result(ans sendAnswer) channel.SendResult {
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	// An answer without message_id still means Meta took the message; the echo will tell more.
	return channel.SendResult{MessageID: channel.MessageID(ans.MessageID), At: now()}
}

func attachmentType(k channel.MediaKind) string {
	switch k {
	case channel.Image, channel.Sticker:
		return "image"
	case channel.Audio:
		return "audio"
	case channel.Video:
		return "video"
	default:
		return "file"
	}
}

func (s *Sender) sendMedia(ctx context.Context, msg channel.Outbound) (channel.SendResult, error) {
	m := msg.Media
	att := map[string]any{"type": attachmentType(m.Kind)}
	message := map[string]any{"attachment": att}
	if s.Metadata && msg.Metadata != "" {
		message["metadata"] = msg.Metadata
	}
	if m.URL != "" {
		att["payload"] = map[string]any{"url": m.URL, "is_reusable": false}
		body := s.envelope(msg)
		body["message"] = message
		return s.post(ctx, body)
	}
	if len(m.Data) == 0 {
		return channel.SendResult{}, &channel.Error{Class: channel.ClassPermanent, Code: "empty_media", Reason: "attachment has neither data nor URL"}
	}
	if !s.Upload {
		return channel.SendResult{}, &channel.Error{Class: channel.ClassPermanent, Code: "media_url_required",
			Reason: "this provider accepts attachments by public URL only"}
	}
	if len(m.Data) > MaxUploadBytes {
		return channel.SendResult{}, &channel.Error{Class: channel.ClassPermanent, Code: "media_too_large",
			Reason: fmt.Sprintf("attachment is %d bytes; the limit is %d", len(m.Data), MaxUploadBytes)}
	}
	att["payload"] = map[string]any{"is_reusable": false}
	return s.upload(ctx, msg, message)
}

// upload sends the file as multipart form data: recipient and message as JSON fields, filedata.
func (s *Sender) upload(ctx context.Context, msg channel.Outbound, message map[string]any) (channel.SendResult, error) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, v := range s.envelope(msg) {
		var field string
		switch v := v.(type) {
		case string:
			field = v
		default:
			b, err := json.Marshal(v)
			if err != nil {
				return channel.SendResult{}, &channel.Error{Class: channel.ClassPermanent, Reason: "cannot encode request", Err: err}
			}
			field = string(b)
		}
		if err := w.WriteField(k, field); err != nil {
			return channel.SendResult{}, &channel.Error{Class: channel.ClassPermanent, Reason: "cannot encode request", Err: err}
		}
	}
	mb, err := json.Marshal(message)
	if err != nil {
		return channel.SendResult{}, &channel.Error{Class: channel.ClassPermanent, Reason: "cannot encode request", Err: err}
	}
	if err := w.WriteField("message", string(mb)); err != nil {
		return channel.SendResult{}, &channel.Error{Class: channel.ClassPermanent, Reason: "cannot encode request", Err: err}
	}
	name := msg.Media.FileName
	if name == "" {
		name = "file"
	}
	mimeType := msg.Media.MIMEType
	if mimeType == "" {
		mimeType = "application/octet-stream"
	}
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="filedata"; filename=%q`, name))
	h.Set("Content-Type", mimeType) // audio needs an audio/* type
	part, err := w.CreatePart(h)
	if err == nil {
		_, err = part.Write(msg.Media.Data)
	}
	if err == nil {
		err = w.Close()
	}
	if err != nil {
		return channel.SendResult{}, &channel.Error{Class: channel.ClassPermanent, Reason: "cannot encode upload", Err: err}
	}
	u := s.Client.BaseURL + s.Path
	if len(s.Query) > 0 {
		u += "?" + s.Query.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, &buf)
	if err != nil {
		return channel.SendResult{}, &channel.Error{Class: channel.ClassPermanent, Reason: "cannot build request", Err: err}
	}
	req.Header.Set("Content-Type", w.FormDataContentType())
	var ans sendAnswer
	if err := s.Client.DoRequest(req, &ans); err != nil {
		return channel.SendResult{}, err
	}
	return s.result(ans), nil
}
