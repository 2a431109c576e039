package whatsapp

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/frontdesk-chat/frontdesk/server/channel"
)

// sendRequest is the body of POST /<phone_number_id>/messages for every kind of send, mark-as-read
// included (docs/providers/reference.md §5.4).
type sendRequest struct {
	MessagingProduct string        `json:"messaging_product"`
	RecipientType    string        `json:"recipient_type,omitempty"`
	To               string        `json:"to,omitempty"`
	Recipient        string        `json:"recipient,omitempty"` // a BSUID, when no phone number is known
	Type             string        `json:"type,omitempty"`
	Context          *replyContext `json:"context,omitempty"`
	Text             *textBody     `json:"text,omitempty"`
	Image            *outMedia     `json:"image,omitempty"`
	Audio            *outMedia     `json:"audio,omitempty"`
	Video            *outMedia     `json:"video,omitempty"`
	Document         *outMedia     `json:"document,omitempty"`
	Sticker          *outMedia     `json:"sticker,omitempty"`
	Reaction         *reaction     `json:"reaction,omitempty"`
	Template         *templateBody `json:"template,omitempty"`
	BizOpaque        string        `json:"biz_opaque_callback_data,omitempty"`
	Status           string        `json:"status,omitempty"`
	MessageID        string        `json:"message_id,omitempty"`
}

type replyContext struct {
	MessageID string `json:"message_id"`
}

type textBody struct {
	Body       string `json:"body"`
	PreviewURL bool   `json:"preview_url"`
}

type outMedia struct {
	ID       string `json:"id,omitempty"`
	Link     string `json:"link,omitempty"`
	Caption  string `json:"caption,omitempty"`
	Filename string `json:"filename,omitempty"`
}

type sendResponse struct {
	Messages []struct {
		ID string `json:"id"`
	} `json:"messages"`
}

// maxBizOpaque is the Cloud API's limit on biz_opaque_callback_data ⚠ unverified (512); longer
// metadata is dropped rather than failing the send.
const maxBizOpaque = 512

// Send delivers text, or one attachment with the text as its caption. Audio and stickers take no
// caption (and a caption has a shorter limit than a text), so such text follows as a second message;
// the attachment's id is returned. If that second message fails, the error comes back together with
// the attachment's SendResult so the caller can tell the attachment already went out.
func (a *Adapter) Send(ctx context.Context, msg channel.Outbound) (channel.SendResult, error) {
	if strings.TrimSpace(string(msg.To)) == "" {
		return channel.SendResult{}, &channel.Error{Class: channel.ClassPermanent, Reason: "no recipient"}
	}
	if n := utf8.RuneCountInString(msg.Text); n > MaxTextLen {
		return channel.SendResult{}, &channel.Error{Class: channel.ClassPermanent, Code: "text_too_long",
			Reason: fmt.Sprintf("text has %d characters; WhatsApp allows %d", n, MaxTextLen)}
	}
	if msg.Media == nil {
		if strings.TrimSpace(msg.Text) == "" {
			return channel.SendResult{}, &channel.Error{Class: channel.ClassPermanent, Reason: "empty message"}
		}
		req := a.newSend(msg.To, msg.Metadata)
		req.Type = "text"
		req.Text = &textBody{Body: msg.Text}
		setReply(&req, msg.ReplyTo)
		return a.post(ctx, req)
	}

	kind := outKind(msg.Media.Kind)
	obj, err := a.mediaObject(ctx, kind, msg.Media)
	if err != nil {
		return channel.SendResult{}, err
	}
	var followUp string
	if msg.Text != "" {
		if captioned(kind) && utf8.RuneCountInString(msg.Text) <= MaxCaptionLen {
			obj.Caption = msg.Text
		} else {
			followUp = msg.Text
		}
	}
	req := a.newSend(msg.To, msg.Metadata)
	req.Type = kind
	setMedia(&req, kind, obj)
	setReply(&req, msg.ReplyTo)
	res, err := a.post(ctx, req)
	if err != nil || followUp == "" {
		return res, err
	}
	textReq := a.newSend(msg.To, msg.Metadata)
	textReq.Type = "text"
	textReq.Text = &textBody{Body: followUp}
	if _, err := a.post(ctx, textReq); err != nil {
		return res, fmt.Errorf("attachment sent, its text was not: %w", err)
	}
	return res, nil
}

// React sets (or, with an empty emoji, removes) the business's reaction to a customer's message.
func (a *Adapter) React(ctx context.Context, to channel.CustomerID, target channel.MessageID, emoji string) (channel.SendResult, error) {
	req := a.newSend(to, "")
	req.Type = "reaction"
	req.Reaction = &reaction{MessageID: string(target), Emoji: emoji}
	return a.post(ctx, req)
}

// MarkRead marks the customer's message (and the earlier ones) read: blue ticks on their phone.
func (a *Adapter) MarkRead(ctx context.Context, _ channel.CustomerID, last channel.MessageID) error {
	if last == "" {
		return &channel.Error{Class: channel.ClassPermanent, Reason: "no message to mark as read"}
	}
	req := sendRequest{MessagingProduct: "whatsapp", Status: "read", MessageID: string(last)}
	var out struct {
		Success bool `json:"success"`
	}
	if err := a.graph.Do(ctx, http.MethodPost, a.messagesPath(), nil, req, &out); err != nil {
		return err
	}
	if !out.Success {
		return &channel.Error{Class: channel.ClassRetryable, Reason: "mark as read not confirmed"}
	}
	return nil
}

func (a *Adapter) newSend(to channel.CustomerID, metadata string) sendRequest {
	req := sendRequest{MessagingProduct: "whatsapp", RecipientType: "individual"}
	id := strings.TrimPrefix(strings.TrimSpace(string(to)), "+")
	if allDigits(id) {
		req.To = id
	} else {
		// A business-scoped user id (CC.xxxx) goes in "recipient" (BSP docs; ⚠ not read on Meta's page).
		req.Recipient = id
	}
	if len(metadata) <= maxBizOpaque {
		req.BizOpaque = metadata
	}
	return req
}

func setReply(req *sendRequest, id channel.MessageID) {
	if id != "" {
		req.Context = &replyContext{MessageID: string(id)}
	}
}

func (a *Adapter) messagesPath() string { return "/" + a.phoneNumberID + "/messages" }

func (a *Adapter) post(ctx context.Context, req sendRequest) (channel.SendResult, error) {
	if req.To == "" && req.Recipient == "" {
		return channel.SendResult{}, &channel.Error{Class: channel.ClassPermanent, Reason: "no recipient"}
	}
	var out sendResponse
	if err := a.graph.Do(ctx, http.MethodPost, a.messagesPath(), nil, req, &out); err != nil {
		return channel.SendResult{}, err
	}
	if len(out.Messages) == 0 || out.Messages[0].ID == "" {
		// Accepted without an id: retrying could send twice, so this is final.
		return channel.SendResult{}, &channel.Error{Class: channel.ClassPermanent, Reason: "no message id in the answer"}
	}
	return channel.SendResult{MessageID: channel.MessageID(out.Messages[0].ID), At: a.now()}, nil
}
