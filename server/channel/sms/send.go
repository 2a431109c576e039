package sms

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/frontdesk-chat/frontdesk/server/channel"
)

// message is the part of Twilio's Message resource we read.
type message struct {
	SID         string `json:"sid"`
	Status      string `json:"status"`
	DateCreated string `json:"date_created"` // RFC 2822, e.g. "Thu, 24 Aug 2023 05:01:45 +0000"
}

// Send implements channel.Adapter: one POST to the Messages resource. Text goes in Body, media by
// public URL in MediaUrl (Twilio fetches it); the connection's webhook URL is the StatusCallback.
// ReplyTo, HumanAgent and Metadata have no SMS equivalent and are ignored.
func (a *Adapter) Send(ctx context.Context, msg channel.Outbound) (channel.SendResult, error) {
	if msg.To == "" {
		return channel.SendResult{}, permanent("no recipient phone number")
	}
	// Twilio counts characters as UTF-16 units, so an emoji counts twice; counting the same way is
	// never more lenient than Twilio.
	if n := len(utf16.Encode([]rune(msg.Text))); n > MaxBodyChars {
		return channel.SendResult{}, &channel.Error{Class: channel.ClassPermanent, Code: "21617",
			Reason: "text is " + strconv.Itoa(n) + " characters; SMS allows at most " + strconv.Itoa(MaxBodyChars)}
	}
	form := url.Values{"To": {string(msg.To)}}
	if a.serviceSID != "" {
		// The service picks the sender from its pool; giving From as well would pin one number.
		form.Set("MessagingServiceSid", a.serviceSID)
	} else {
		form.Set("From", a.from)
	}
	if msg.Text != "" {
		form.Set("Body", msg.Text)
	}
	if m := msg.Media; m != nil {
		if m.URL == "" {
			return channel.SendResult{}, permanent("Twilio only sends media it can fetch from a public URL; this attachment has no URL")
		}
		if u, err := url.Parse(m.URL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return channel.SendResult{}, permanent("media URL must be an absolute http(s) URL")
		}
		form.Set("MediaUrl", m.URL)
	}
	if msg.Text == "" && msg.Media == nil {
		return channel.SendResult{}, permanent("nothing to send: no text and no media")
	}
	if a.webhookURL != "" {
		form.Set("StatusCallback", a.webhookURL)
	}
	var out message
	if err := a.client.do(ctx, http.MethodPost, a.apiURL("Messages.json"), form, &out); err != nil {
		return channel.SendResult{}, err
	}
	if out.SID == "" {
		return channel.SendResult{}, permanent("Twilio accepted the message but returned no sid")
	}
	at, err := time.Parse(time.RFC1123Z, strings.TrimSpace(out.DateCreated))
	if err != nil {
		at = time.Now()
	}
	return channel.SendResult{MessageID: channel.MessageID(out.SID), At: at.UTC()}, nil
}

func permanent(reason string) *channel.Error {
	return &channel.Error{Class: channel.ClassPermanent, Reason: reason}
}
