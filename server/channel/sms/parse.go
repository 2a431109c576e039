package sms

import (
	"fmt"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/channel"
)

// maxInboundMedia bounds the NumMedia loop: Twilio sends at most ten, a forged count must not spin.
const maxInboundMedia = 50

// Parse implements channel.Adapter. One delivery is one inbound message or one status callback;
// anything else Twilio may post (other products, unknown statuses) yields no events.
//
// Twilio's form posts carry no timestamp, so events are stamped with the time of parsing. Statuses
// still merge correctly because DeliveryState.Advance is monotonic.
func (a *Adapter) Parse(req channel.WebhookRequest) ([]channel.Event, error) {
	if len(req.Body) > maxFormBody {
		return nil, fmt.Errorf("%w: %d bytes", channel.ErrTooLarge, len(req.Body))
	}
	form, err := parseForm(req)
	if err != nil {
		return nil, err
	}
	sid := form.Get("MessageSid")
	if sid == "" {
		sid = form.Get("SmsSid") // older name of the same field
	}
	if sid == "" {
		return nil, nil // not a messaging webhook (e.g. a voice callback on the same URL)
	}
	now := time.Now().UTC()
	status := strings.ToLower(form.Get("MessageStatus"))
	if status != "" && status != "received" && status != "receiving" {
		ev, ok := statusEvent(form, sid, status, now)
		if !ok {
			return nil, nil
		}
		return []channel.Event{ev}, nil
	}
	ev, err := messageEvent(form, sid, now)
	if err != nil {
		return nil, err
	}
	events := []channel.Event{ev}
	if optedOut, ok := optOutKeyword(form); ok {
		// The keyword is shown as the customer's message; what Twilio does with it follows.
		events = append(events, channel.Event{Type: channel.EventOptOut, MessageID: channel.MessageID(sid + ":opt"),
			Customer: ev.Customer, Account: ev.Account, Timestamp: now, OptedOut: optedOut})
	}
	return events, nil
}

// Twilio's default keywords: after an opt-out one it refuses to send to the number (21610) until
// an opt-in one. A message is a keyword when it is the word alone, in any case.
var (
	optOutWords = map[string]bool{"STOP": true, "STOPALL": true, "UNSUBSCRIBE": true, "CANCEL": true, "END": true,
		"QUIT": true, "OPTOUT": true, "REVOKE": true}
	optInWords = map[string]bool{"START": true, "YES": true, "UNSTOP": true}
)

// optOutKeyword reports whether the message opts the customer out (true) or back in (false). With
// Advanced Opt-Out Twilio names the kind in OptOutType (⚠ the parameter name is not confirmed; the
// default keywords decide without it).
func optOutKeyword(form url.Values) (optedOut, ok bool) {
	switch strings.ToUpper(form.Get("OptOutType")) {
	case "STOP":
		return true, true
	case "START":
		return false, true
	}
	word := strings.ToUpper(strings.TrimRight(strings.TrimSpace(form.Get("Body")), ".!"))
	switch {
	case optOutWords[word]:
		return true, true
	case optInWords[word]:
		return false, true
	}
	return false, false
}

func messageEvent(form url.Values, sid string, now time.Time) (channel.Event, error) {
	from := form.Get("From")
	if from == "" {
		return channel.Event{}, fmt.Errorf("%w: message without From", channel.ErrMalformed)
	}
	ev := channel.Event{
		Type:      channel.EventMessage,
		MessageID: channel.MessageID(sid),
		Customer: channel.Customer{
			ID:    channel.CustomerID(from),
			Phone: from,
			Name:  form.Get("ProfileName"), // only WhatsApp/RCS senders have one
		},
		Account:   channel.Account{ID: form.Get("To")},
		Timestamp: now,
		Text:      form.Get("Body"),
	}
	if loc := location(form); loc != "" {
		ev.Text = joinText(ev.Text, loc)
	}
	if n := form.Get("NumMedia"); n != "" {
		count, err := strconv.Atoi(n)
		if err != nil || count < 0 {
			return channel.Event{}, fmt.Errorf("%w: NumMedia %q", channel.ErrMalformed, n)
		}
		ev.Media = inboundMedia(form, min(count, maxInboundMedia))
	}
	return ev, nil
}

func inboundMedia(form url.Values, count int) []channel.Media {
	var media []channel.Media
	for i := range count {
		ref := form.Get("MediaUrl" + strconv.Itoa(i))
		if ref == "" {
			continue
		}
		mt := strings.ToLower(form.Get("MediaContentType" + strconv.Itoa(i)))
		media = append(media, channel.Media{
			Kind:     channel.MediaKindOf(mt),
			Ref:      ref,
			MIMEType: mt,
			FileName: fileName(ref, mt),
		})
	}
	return media
}

// location renders a shared location (sent by WhatsApp-capable senders; plain SMS has none).
func location(form url.Values) string {
	lat, lon := form.Get("Latitude"), form.Get("Longitude")
	if lat == "" || lon == "" {
		return ""
	}
	text := "Location: " + lat + ", " + lon
	for _, f := range []string{"Label", "Address"} {
		if v := form.Get(f); v != "" {
			text += "\n" + v
		}
	}
	return text
}

func joinText(a, b string) string {
	if a == "" {
		return b
	}
	return a + "\n" + b
}

// fileName names an attachment after its Media SID (the last path segment of the URL).
func fileName(ref, mimeType string) string {
	u, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	base := path.Base(u.Path)
	if base == "." || base == "/" {
		return ""
	}
	return base + extension(mimeType)
}

// statusEvent maps a status callback. Customer is To: the callback describes our own message.
func statusEvent(form url.Values, sid, status string, now time.Time) (channel.Event, bool) {
	state, ok := statusStates[status]
	if !ok {
		return channel.Event{}, false
	}
	ev := channel.Event{
		Type:      channel.EventStatus,
		MessageID: channel.MessageID(sid + ":" + status),
		TargetID:  channel.MessageID(sid),
		State:     state,
		Customer:  channel.Customer{ID: channel.CustomerID(form.Get("To")), Phone: form.Get("To")},
		Account:   channel.Account{ID: form.Get("From")},
		Timestamp: now,
	}
	if state == channel.StateFailed {
		ev.Err = statusError(form.Get("ErrorCode"), form.Get("ErrorMessage"), status)
	}
	return ev, true
}

// statusStates maps MessageStatus values (docs/providers/reference.md §7.6). "partially_delivered" counts as sent:
// not every part is known to have arrived. "read" only exists for WhatsApp/RCS senders.
var statusStates = map[string]channel.DeliveryState{
	"accepted":            channel.StateSending,
	"scheduled":           channel.StateSending,
	"queued":              channel.StateSending,
	"sending":             channel.StateSending,
	"sent":                channel.StateSent,
	"partially_delivered": channel.StateSent,
	"delivered":           channel.StateDelivered,
	"read":                channel.StateRead,
	"undelivered":         channel.StateFailed,
	"failed":              channel.StateFailed,
	"canceled":            channel.StateFailed,
}
