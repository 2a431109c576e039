package whatsapp

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/channel/meta"
)

// Webhook fields Frontdesk reads. Everything else the app may be subscribed to is skipped.
const (
	fieldMessages = "messages"
	fieldEchoes   = "smb_message_echoes" // WhatsApp Business app coexistence: staff replies from the phone
	fieldStandby  = "standby"            // Meta Business Agent holds the conversation ⚠ shape per BSP docs
)

// VerifyChallenge answers Meta's GET handshake with the connection's verify token.
func (a *Adapter) VerifyChallenge(q url.Values) (string, error) {
	return meta.VerifyChallenge(q, a.verifyToken)
}

// Authenticate checks X-Hub-Signature-256 over the raw body with the app secret.
func (a *Adapter) Authenticate(req channel.WebhookRequest) error {
	if len(req.Body) > channel.MaxWebhookBody {
		return fmt.Errorf("whatsapp webhook: %w", channel.ErrTooLarge)
	}
	return meta.VerifySignature(req.Body, req.Header.Get(meta.SignatureHeader), a.appSecret)
}

// Parse turns an authenticated delivery into events, iterating every entry, change, message, echo and
// status. Each event names the phone number id it is for: Meta sends every number of an app to one
// callback URL, so changes for another number are returned too, and the core routes them to the
// connection that owns that number (OwnsAccount).
func (a *Adapter) Parse(req channel.WebhookRequest) ([]channel.Event, error) {
	if len(req.Body) > channel.MaxWebhookBody {
		return nil, fmt.Errorf("whatsapp webhook: %w", channel.ErrTooLarge)
	}
	var n notification
	dec := json.NewDecoder(bytes.NewReader(req.Body))
	if err := dec.Decode(&n); err != nil {
		return nil, fmt.Errorf("%w: whatsapp: %v", channel.ErrMalformed, err)
	}
	if dec.More() {
		return nil, fmt.Errorf("%w: whatsapp: trailing data after the JSON object", channel.ErrMalformed)
	}
	if n.Object != "whatsapp_business_account" {
		return nil, nil // authentic but not ours to handle: acknowledged and ignored
	}
	var events []channel.Event
	for _, e := range n.Entry {
		for _, ch := range e.Changes {
			if ch.Field != fieldMessages && ch.Field != fieldEchoes && ch.Field != fieldStandby {
				continue
			}
			v := ch.Value
			acct := a.account(v.Metadata)
			standby := ch.Field == fieldStandby
			for _, m := range v.Messages {
				if ev, ok := messageEvent(m, v.Contacts, acct); ok {
					ev.Standby = standby
					events = append(events, ev)
				}
			}
			for _, m := range v.MessageEchoes {
				if ev, ok := echoEvent(m, v.Contacts, acct); ok {
					ev.Standby = standby
					events = append(events, ev)
				}
			}
			for _, s := range v.Statuses {
				if ev, ok := statusEvent(s, v.Contacts, acct); ok {
					ev.Standby = standby
					events = append(events, ev)
				}
			}
		}
	}
	return events, nil
}

func (a *Adapter) account(md metadata) channel.Account {
	id := md.PhoneNumberID
	if id == "" {
		id = a.phoneNumberID
	}
	name := md.DisplayPhoneNumber
	if name == "" && id == a.phoneNumberID {
		name = a.displayPhone
	}
	if name != "" && !strings.HasPrefix(name, "+") && allDigits(name) {
		name = "+" + name
	}
	return channel.Account{ID: id, Name: name}
}

// OwnsAccount reports whether an event's account (a phone number id) is this connection's number.
func (a *Adapter) OwnsAccount(id string) bool { return id == a.phoneNumberID }

func messageEvent(m message, contacts []contact, acct channel.Account) (channel.Event, bool) {
	if m.ID == "" {
		return channel.Event{}, false // nothing to dedupe on
	}
	ev := channel.Event{
		Type:      channel.EventMessage,
		MessageID: channel.MessageID(m.ID),
		Customer:  customerFor(m.From, m.FromUserID, contacts),
		Account:   acct,
		Timestamp: parseTime(m.Timestamp),
	}
	if m.Context != nil {
		ev.ReplyTo = channel.MessageID(m.Context.ID)
	}
	if m.Type == "reaction" && m.Reaction != nil {
		// An absent emoji means the customer removed the reaction.
		ev.Type = channel.EventReaction
		ev.TargetID = channel.MessageID(m.Reaction.MessageID)
		ev.Emoji = m.Reaction.Emoji
		return ev, true
	}
	ev.Text, ev.Media = content(m)
	return ev, true
}

// echoEvent: a message the business sent from the WhatsApp Business app (or Meta Business Agent); "to"
// is the customer.
func echoEvent(m message, contacts []contact, acct channel.Account) (channel.Event, bool) {
	if m.ID == "" {
		return channel.Event{}, false
	}
	ev := channel.Event{
		Type:      channel.EventEcho,
		MessageID: channel.MessageID(m.ID),
		Customer:  customerFor(m.To, m.ToUserID, contacts),
		Account:   acct,
		Timestamp: parseTime(m.Timestamp),
	}
	if m.Context != nil {
		ev.ReplyTo = channel.MessageID(m.Context.ID)
	}
	ev.Text, ev.Media = content(m)
	return ev, true
}

var statusStates = map[string]channel.DeliveryState{
	"sent":      channel.StateSent,
	"delivered": channel.StateDelivered,
	"read":      channel.StateRead,
	"played":    channel.StateRead, // voice message played: it was certainly read
	"failed":    channel.StateFailed,
}

func statusEvent(s status, contacts []contact, acct channel.Account) (channel.Event, bool) {
	state, ok := statusStates[s.Status]
	if !ok || s.ID == "" {
		return channel.Event{}, false
	}
	ev := channel.Event{
		Type: channel.EventStatus,
		// One message gets one webhook per state; the pair is the dedupe key (docs/providers/reference.md §5.3).
		MessageID: channel.MessageID(s.ID + ":" + s.Status),
		TargetID:  channel.MessageID(s.ID),
		State:     state,
		Customer:  customerFor(s.RecipientID, s.RecipientUserID, contacts),
		Account:   acct,
		Timestamp: parseTime(s.Timestamp),
		Metadata:  s.BizOpaque,
	}
	if state == channel.StateFailed {
		ev.Err = statusError(s.Errors)
	}
	return ev, true
}

// customerFor builds the customer from a message's sender (or a status's recipient) and the contacts
// array. wa_id is the id while it is present; the business-scoped user id goes in AltID. A customer
// whose phone number is withheld (usernames, 2026) has the BSUID as both ID and AltID, so the core can
// match them with earlier conversations by AltID.
func customerFor(waID, userID string, contacts []contact) channel.Customer {
	var ct *contact
	for i := range contacts {
		c := &contacts[i]
		if (waID != "" && c.WaID == waID) || (userID != "" && c.UserID == userID) {
			ct = c
			break
		}
	}
	if ct == nil && len(contacts) == 1 && (waID == "" || contacts[0].WaID == "") {
		ct = &contacts[0]
	}
	var c channel.Customer
	if ct != nil {
		if waID == "" {
			waID = ct.WaID
		}
		if userID == "" {
			userID = ct.UserID
		}
		c.Name = ct.Profile.Name
		c.Username = ct.Username
		if c.Username == "" {
			c.Username = ct.Profile.Username
		}
	}
	c.AltID = channel.CustomerID(userID)
	if waID != "" {
		c.ID = channel.CustomerID(waID)
		c.Phone = "+" + waID
	} else {
		c.ID = channel.CustomerID(userID)
	}
	return c
}

// parseTime reads epoch seconds sent as a string. A bad value gives the zero time rather than failing
// the whole delivery (which Meta would retry for days).
func parseTime(e epoch) time.Time {
	s := string(e)
	sec, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || sec <= 0 {
		return time.Time{}
	}
	return time.Unix(sec, 0).UTC()
}
