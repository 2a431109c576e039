// Package messaging holds what Messenger and Instagram share on top of the Graph basics in package
// meta: the entry[].messaging[] / entry[].standby[] webhook envelope and its events (messages,
// echoes, reads, deliveries, reactions, edits, unsends, postbacks), the Send API with sender
// actions, the 24 h / 7 day window and the download of CDN attachment URLs.
package messaging

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/channel"
)

// Webhook objects of the two products.
const (
	ObjectPage      = "page"
	ObjectInstagram = "instagram"
)

// PageInboxAppID is the app id Meta's Page Inbox (Business Suite) uses on echoes of messages staff
// typed there (widely used constant in open-source code; not on a Meta page we could read).
const PageInboxAppID = "263902037430900"

// Options tell Parse which product it reads.
type Options struct {
	// Object is the expected "object" of the delivery; deliveries for another object are authentic
	// but not ours, so they give no events and no error (a 4xx would make Meta retry for hours).
	Object string
	// Account, when set, skips entries of any other Page/account for the same reason.
	Account string
}

// Parse turns one webhook delivery into events. Only a body that is not a JSON envelope at all is
// malformed; an item that cannot be read is skipped so one odd event never blocks its batch.
func Parse(body []byte, opt Options) ([]channel.Event, error) {
	var env struct {
		Object string            `json:"object"`
		Entry  []json.RawMessage `json:"entry"`
	}
	if err := json.Unmarshal(body, &env); err != nil {
		return nil, fmt.Errorf("%w: %v", channel.ErrMalformed, err)
	}
	if env.Object == "" && env.Entry == nil {
		return nil, fmt.Errorf("%w: no object and no entry", channel.ErrMalformed)
	}
	if opt.Object != "" && env.Object != opt.Object {
		return nil, nil
	}
	var events []channel.Event
	for _, raw := range env.Entry {
		var e entry
		if err := json.Unmarshal(raw, &e); err != nil {
			continue
		}
		if opt.Account != "" && string(e.ID) != "" && string(e.ID) != opt.Account {
			continue
		}
		for _, it := range e.Messaging {
			events = append(events, parseItem(it, string(e.ID), false)...)
		}
		for _, it := range e.Standby {
			events = append(events, parseItem(it, string(e.ID), true)...)
		}
	}
	return events, nil
}

type entry struct {
	ID        flexString        `json:"id"`
	Time      int64             `json:"time"`
	Messaging []json.RawMessage `json:"messaging"`
	Standby   []json.RawMessage `json:"standby"`
}

type party struct {
	ID flexString `json:"id"`
}

type item struct {
	Sender    party     `json:"sender"`
	Recipient party     `json:"recipient"`
	Timestamp flexInt   `json:"timestamp"`
	Message   *message  `json:"message"`
	Read      *read     `json:"read"`
	Delivery  *delivery `json:"delivery"`
	Reaction  *reaction `json:"reaction"`
	Edit      *edit     `json:"message_edit"`
	Postback  *postback `json:"postback"`
}

type message struct {
	MID           string       `json:"mid"`
	Text          string       `json:"text"`
	IsEcho        bool         `json:"is_echo"`
	IsDeleted     bool         `json:"is_deleted"`
	IsUnsupported bool         `json:"is_unsupported"`
	AppID         flexString   `json:"app_id"`
	Metadata      string       `json:"metadata"`
	StickerID     flexString   `json:"sticker_id"`
	ReplyTo       *replyTo     `json:"reply_to"`
	Attachments   []attachment `json:"attachments"`
}

type replyTo struct {
	MID   string `json:"mid"`
	Story *struct {
		URL string `json:"url"`
		ID  string `json:"id"`
	} `json:"story"`
}

type read struct {
	Watermark flexInt `json:"watermark"`
	MID       string  `json:"mid"`
}

type delivery struct {
	MIDs      []string `json:"mids"`
	Watermark flexInt  `json:"watermark"`
}

type reaction struct {
	MID      string `json:"mid"`
	Action   string `json:"action"`
	Reaction string `json:"reaction"`
	Emoji    string `json:"emoji"`
}

type edit struct {
	MID     string  `json:"mid"`
	Text    string  `json:"text"`
	NumEdit flexInt `json:"num_edit"`
}

type postback struct {
	MID     string `json:"mid"`
	Title   string `json:"title"`
	Payload string `json:"payload"`
}

func parseItem(raw json.RawMessage, account string, standby bool) []channel.Event {
	var it item
	if err := json.Unmarshal(raw, &it); err != nil {
		return nil
	}
	at := FromEpoch(int64(it.Timestamp))
	base := channel.Event{
		Customer:  channel.Customer{ID: channel.CustomerID(it.Sender.ID)},
		Account:   channel.Account{ID: account},
		Timestamp: at,
		Standby:   standby,
	}
	if base.Account.ID == "" {
		base.Account.ID = string(it.Recipient.ID)
	}
	switch {
	case it.Message != nil && it.Message.IsEcho:
		// The business sent it: the customer is the recipient.
		base.Customer.ID = channel.CustomerID(it.Recipient.ID)
		if base.Account.ID == "" {
			base.Account.ID = string(it.Sender.ID)
		}
		return one(messageEvent(base, it.Message, channel.EventEcho))
	case base.Customer.ID == "":
		return nil
	case it.Message != nil && it.Message.IsDeleted:
		if it.Message.MID == "" {
			return nil
		}
		base.Type = channel.EventDelete
		base.TargetID = channel.MessageID(it.Message.MID)
		base.MessageID = channel.MessageID("delete:" + it.Message.MID)
		return one(base, true)
	case it.Message != nil:
		return one(messageEvent(base, it.Message, channel.EventMessage))
	case it.Read != nil:
		return readEvents(base, it.Read)
	case it.Delivery != nil:
		return deliveryEvents(base, it.Delivery)
	case it.Reaction != nil:
		return one(reactionEvent(base, it.Reaction, int64(it.Timestamp)))
	case it.Edit != nil:
		if it.Edit.MID == "" {
			return nil
		}
		base.Type = channel.EventEdit
		base.TargetID = channel.MessageID(it.Edit.MID)
		base.Text = it.Edit.Text
		base.MessageID = channel.MessageID("edit:" + it.Edit.MID + ":" + strconv.FormatInt(int64(it.Edit.NumEdit), 10))
		return one(base, true)
	case it.Postback != nil:
		// A tapped button is the customer speaking: show what they tapped.
		base.Type = channel.EventMessage
		base.Text = it.Postback.Title
		if base.Text == "" {
			base.Text = it.Postback.Payload
		}
		base.MessageID = channel.MessageID(it.Postback.MID)
		if base.MessageID == "" {
			base.MessageID = channel.MessageID("postback:" + string(base.Customer.ID) + ":" + strconv.FormatInt(int64(it.Timestamp), 10))
		}
		return one(base, true)
	default:
		return nil // referrals, optins, handover and anything newer: skipped, not an error
	}
}

func one(e channel.Event, ok bool) []channel.Event {
	if !ok {
		return nil
	}
	return []channel.Event{e}
}

func messageEvent(base channel.Event, m *message, typ channel.EventType) (channel.Event, bool) {
	if m.MID == "" || base.Customer.ID == "" {
		return base, false
	}
	base.Type = typ
	base.MessageID = channel.MessageID(m.MID)
	if typ == channel.EventEcho {
		base.AppID = string(m.AppID)
		base.Metadata = m.Metadata
	}
	var lines []string
	if m.ReplyTo != nil {
		base.ReplyTo = channel.MessageID(m.ReplyTo.MID)
		if m.ReplyTo.Story != nil {
			lines = append(lines, "Replied to your story")
			if m.ReplyTo.Story.URL != "" {
				base.Media = append(base.Media, channel.Media{Kind: channel.Image, Ref: m.ReplyTo.Story.URL, Caption: "story"})
			}
		}
	}
	media, text := attachments(m.Attachments, string(m.StickerID) != "")
	base.Media = append(base.Media, media...)
	lines = append(lines, text...)
	if m.Text != "" {
		lines = append(lines, m.Text)
	}
	if m.IsUnsupported && len(lines) == 0 && len(base.Media) == 0 {
		lines = append(lines, "(This message type cannot be shown here. Open the conversation in the app.)")
	}
	base.Text = strings.Join(lines, "\n")
	return base, true
}

func readEvents(base channel.Event, r *read) []channel.Event {
	base.Type = channel.EventStatus
	base.State = channel.StateRead
	switch {
	case r.MID != "": // Instagram: one message seen
		base.TargetID = channel.MessageID(r.MID)
		base.MessageID = channel.MessageID("read:" + r.MID)
	case r.Watermark > 0: // Messenger: everything up to the watermark
		base.Watermark = FromEpoch(int64(r.Watermark))
		base.MessageID = channel.MessageID("read:" + string(base.Customer.ID) + ":" + strconv.FormatInt(int64(r.Watermark), 10))
	default:
		return nil
	}
	return []channel.Event{base}
}

func deliveryEvents(base channel.Event, d *delivery) []channel.Event {
	base.Type = channel.EventStatus
	base.State = channel.StateDelivered
	var out []channel.Event
	for _, mid := range d.MIDs {
		if mid == "" {
			continue
		}
		e := base
		e.TargetID = channel.MessageID(mid)
		e.MessageID = channel.MessageID("delivery:" + mid)
		out = append(out, e)
	}
	if d.Watermark > 0 {
		e := base
		e.Watermark = FromEpoch(int64(d.Watermark))
		e.MessageID = channel.MessageID("delivery:" + string(base.Customer.ID) + ":" + strconv.FormatInt(int64(d.Watermark), 10))
		out = append(out, e)
	}
	return out
}

// reactionEmoji fills in when Meta sends only the reaction's name.
var reactionEmoji = map[string]string{
	"love":    "\u2764\ufe0f",
	"like":    "\U0001F44D",
	"dislike": "\U0001F44E",
	"smile":   "\U0001F606",
	"wow":     "\U0001F62E",
	"sad":     "\U0001F622",
	"angry":   "\U0001F620",
}

func reactionEvent(base channel.Event, r *reaction, ts int64) (channel.Event, bool) {
	if r.MID == "" {
		return base, false
	}
	base.Type = channel.EventReaction
	base.TargetID = channel.MessageID(r.MID)
	if r.Action != "unreact" {
		base.Emoji = r.Emoji
		if base.Emoji == "" {
			base.Emoji = reactionEmoji[r.Reaction]
		}
		if base.Emoji == "" {
			base.Emoji = r.Reaction
		}
	}
	base.MessageID = channel.MessageID(fmt.Sprintf("reaction:%s:%s:%d", r.MID, base.Customer.ID, ts))
	return base, true
}

// FromEpoch reads a Meta timestamp. Documented ones are milliseconds; Instagram's prose does not
// state the unit, so a value too small to be milliseconds after 1973 is taken as seconds.
func FromEpoch(v int64) time.Time {
	switch {
	case v <= 0:
		return time.Time{}
	case v < 1e11:
		return time.Unix(v, 0).UTC()
	default:
		return time.UnixMilli(v).UTC()
	}
}

// flexString accepts a JSON string or number (Messenger sends app_id as a number, ids as strings).
type flexString string

func (f *flexString) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = flexString(s)
		return nil
	}
	if string(b) == "null" {
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return err
	}
	*f = flexString(n.String())
	return nil
}

// flexInt accepts a JSON number (integer or float) or a numeric string.
type flexInt int64

func (f *flexInt) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if string(b) == "null" {
		return nil
	}
	b = bytes.Trim(b, `"`)
	if n, err := strconv.ParseInt(string(b), 10, 64); err == nil {
		*f = flexInt(n)
		return nil
	}
	v, err := strconv.ParseFloat(string(b), 64)
	if err != nil || v > 9e18 || v < -9e18 {
		return fmt.Errorf("not a number: %q", b)
	}
	*f = flexInt(v)
	return nil
}
