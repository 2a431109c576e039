package store

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/channel"
)

// eventVersion is the version of the stored event form this code writes. Bump it, and keep reading
// the old one, for any change an older reader would misread; a new optional field needs no bump
// (older readers ignore keys they do not know).
const eventVersion = 1

// storedEvent is how a queued inbound channel.Event is kept in frontdesk_messages.event. The store
// owns this shape so that renaming a field of channel.Event cannot change, or fail to read, the
// rows already stored. Empty fields are left out.
//
// Times are RFC 3339 in UTC with nanoseconds rather than Unix milliseconds: the round trip is
// lossless (a provider's time keeps its full precision), the layout is the one the previous,
// untagged form already used, and a row stays readable in psql.
type storedEvent struct {
	V         int            `json:"v"`
	Type      string         `json:"type,omitempty"`
	MessageID string         `json:"message_id,omitempty"`
	Customer  storedCustomer `json:"customer,omitzero"`
	Account   storedAccount  `json:"account,omitzero"`
	Timestamp string         `json:"timestamp,omitempty"`
	Text      string         `json:"text,omitempty"`
	Media     []storedMedia  `json:"media,omitempty"`
	ReplyTo   string         `json:"reply_to,omitempty"`
	Standby   bool           `json:"standby,omitempty"`
	AppID     string         `json:"app_id,omitempty"`
	Metadata  string         `json:"metadata,omitempty"`
	TargetID  string         `json:"target_id,omitempty"`
	State     string         `json:"state,omitempty"` // DeliveryState's name: the int's order may change
	Watermark string         `json:"watermark,omitempty"`
	Error     *storedError   `json:"error,omitempty"`
	Emoji     string         `json:"emoji,omitempty"`
	OptedOut  bool           `json:"opted_out,omitempty"`
}

type storedCustomer struct {
	ID       string `json:"id,omitempty"`
	Name     string `json:"name,omitempty"`
	Phone    string `json:"phone,omitempty"`
	Username string `json:"username,omitempty"`
	AltID    string `json:"alt_id,omitempty"`
}

type storedAccount struct {
	ID   string `json:"id,omitempty"`
	Name string `json:"name,omitempty"`
}

type storedMedia struct {
	Kind     string `json:"kind,omitempty"`
	Ref      string `json:"ref,omitempty"`
	MIMEType string `json:"mime_type,omitempty"`
	FileName string `json:"file_name,omitempty"`
	Caption  string `json:"caption,omitempty"`
}

// storedError keeps what a failed status said. channel.Error's wrapped transport error is not kept:
// it is not part of the provider's answer and has no stable form.
type storedError struct {
	Class  string `json:"class,omitempty"`
	Code   string `json:"code,omitempty"`
	Reason string `json:"reason,omitempty"`
	// RetryAfter is a Go duration ("1m30s"): exact to the nanosecond and carries its unit.
	RetryAfter string `json:"retry_after,omitempty"`
}

// encodeEvent gives the stored form of an event. Every text goes through channel.CleanText:
// jsonb refuses a NUL character, and one such message must not fail the claim of its delivery.
func encodeEvent(e *channel.Event) ([]byte, error) {
	se := storedEvent{
		V:         eventVersion,
		Type:      string(e.Type),
		MessageID: string(e.MessageID),
		Customer: storedCustomer{ID: string(e.Customer.ID), Name: e.Customer.Name, Phone: e.Customer.Phone,
			Username: e.Customer.Username, AltID: string(e.Customer.AltID)},
		Account:   storedAccount{ID: e.Account.ID, Name: e.Account.Name},
		Timestamp: formatEventTime(e.Timestamp),
		Text:      e.Text,
		ReplyTo:   string(e.ReplyTo),
		Standby:   e.Standby,
		AppID:     e.AppID,
		Metadata:  e.Metadata,
		TargetID:  string(e.TargetID),
		Watermark: formatEventTime(e.Watermark),
		Emoji:     e.Emoji,
		OptedOut:  e.OptedOut,
	}
	for _, m := range e.Media {
		se.Media = append(se.Media, storedMedia{Kind: string(m.Kind), Ref: m.Ref, MIMEType: m.MIMEType,
			FileName: m.FileName, Caption: m.Caption})
	}
	if e.State != channel.StateUnknown {
		name := e.State.String()
		if channel.ParseDeliveryState(name) != e.State {
			// String falls back to "unknown": storing that would silently lose the state.
			return nil, fmt.Errorf("delivery state %d has no name", int(e.State))
		}
		se.State = name
	}
	if e.Err != nil {
		se.Error = &storedError{Class: string(e.Err.Class), Code: e.Err.Code, Reason: e.Err.Reason}
		if e.Err.RetryAfter != 0 {
			se.Error.RetryAfter = e.Err.RetryAfter.String()
		}
	}
	se.clean()
	return json.Marshal(se)
}

func (se *storedEvent) clean() {
	for _, p := range []*string{&se.Type, &se.MessageID, &se.Customer.ID, &se.Customer.Name, &se.Customer.Phone,
		&se.Customer.Username, &se.Customer.AltID, &se.Account.ID, &se.Account.Name, &se.Text, &se.ReplyTo,
		&se.AppID, &se.Metadata, &se.TargetID, &se.Emoji} {
		*p = channel.CleanText(*p)
	}
	for i := range se.Media {
		m := &se.Media[i]
		for _, p := range []*string{&m.Kind, &m.Ref, &m.MIMEType, &m.FileName, &m.Caption} {
			*p = channel.CleanText(*p)
		}
	}
	if se.Error != nil {
		for _, p := range []*string{&se.Error.Class, &se.Error.Code, &se.Error.Reason} {
			*p = channel.CleanText(*p)
		}
	}
}

// decodeEvent reads a stored event in any form Frontdesk has written: the current versioned one,
// or the untagged form earlier versions left in rows that were still queued at the upgrade. A
// version it does not know is an error, never an empty event.
func decodeEvent(b []byte) (*channel.Event, error) {
	var probe struct {
		V json.RawMessage `json:"v"`
	}
	if err := json.Unmarshal(b, &probe); err != nil {
		return nil, err
	}
	if probe.V == nil {
		return decodeLegacyEvent(b)
	}
	var v int
	if err := json.Unmarshal(probe.V, &v); err != nil {
		return nil, fmt.Errorf("event format version %s is not a number", probe.V)
	}
	if v != eventVersion {
		return nil, fmt.Errorf("event format version %d is unknown: this Frontdesk reads version %d (was the row written by a newer one?)", v, eventVersion)
	}
	var se storedEvent
	if err := json.Unmarshal(b, &se); err != nil {
		return nil, fmt.Errorf("event format version %d: %w", v, err)
	}
	return se.event()
}

func (se *storedEvent) event() (*channel.Event, error) {
	e := &channel.Event{
		Type:      channel.EventType(se.Type),
		MessageID: channel.MessageID(se.MessageID),
		Customer: channel.Customer{ID: channel.CustomerID(se.Customer.ID), Name: se.Customer.Name,
			Phone: se.Customer.Phone, Username: se.Customer.Username, AltID: channel.CustomerID(se.Customer.AltID)},
		Account:  channel.Account{ID: se.Account.ID, Name: se.Account.Name},
		Text:     se.Text,
		ReplyTo:  channel.MessageID(se.ReplyTo),
		Standby:  se.Standby,
		AppID:    se.AppID,
		Metadata: se.Metadata,
		TargetID: channel.MessageID(se.TargetID),
		Emoji:    se.Emoji,
		OptedOut: se.OptedOut,
	}
	var err error
	if e.Timestamp, err = parseEventTime("timestamp", se.Timestamp); err != nil {
		return nil, err
	}
	if e.Watermark, err = parseEventTime("watermark", se.Watermark); err != nil {
		return nil, err
	}
	for _, m := range se.Media {
		e.Media = append(e.Media, channel.Media{Kind: channel.MediaKind(m.Kind), Ref: m.Ref, MIMEType: m.MIMEType,
			FileName: m.FileName, Caption: m.Caption})
	}
	if se.State != "" {
		e.State = channel.ParseDeliveryState(se.State)
		if e.State.String() != se.State {
			return nil, fmt.Errorf("unknown delivery state %q", se.State)
		}
	}
	if se.Error != nil {
		e.Err = &channel.Error{Class: channel.Class(se.Error.Class), Code: se.Error.Code, Reason: se.Error.Reason}
		if se.Error.RetryAfter != "" {
			if e.Err.RetryAfter, err = time.ParseDuration(se.Error.RetryAfter); err != nil {
				return nil, fmt.Errorf("error.retry_after: %w", err)
			}
		}
	}
	return e, nil
}

func formatEventTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

func parseEventTime(field, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%s: %w", field, err)
	}
	return utcUnlessZero(t), nil
}

// legacyEvent is the untagged JSON that earlier versions stored: encoding/json applied to
// channel.Event as it was then, keyed by Go field names, every field present, State as an int.
// It is frozen on purpose and uses no channel types: it describes rows already on disk, so it must
// not follow later changes to channel.Event.
type legacyEvent struct {
	Type      string
	MessageID string
	Customer  legacyCustomer
	Account   legacyAccount
	Timestamp time.Time // RFC 3339, as time.Time marshals itself
	Text      string
	Media     []legacyMedia
	ReplyTo   string
	Standby   bool
	AppID     string
	Metadata  string
	TargetID  string
	State     int
	Watermark time.Time
	Err       *legacyError
	Emoji     string
	OptedOut  bool
}

type legacyCustomer struct {
	ID, Name, Phone, Username, AltID string
}

type legacyAccount struct {
	ID, Name string
}

type legacyMedia struct {
	Kind, Ref, MIMEType, FileName, Caption string
}

type legacyError struct {
	Class, Code, Reason string
	RetryAfter          int64 // nanoseconds: time.Duration marshals as its integer
}

// legacyStateNames are the names of the State ints the untagged form stored, in the order
// channel.DeliveryState had then; mapping through names keeps old rows right if that order changes.
var legacyStateNames = [...]string{"unknown", "sending", "sent", "delivered", "read", "failed"}

func decodeLegacyEvent(b []byte) (*channel.Event, error) {
	var le legacyEvent
	if err := json.Unmarshal(b, &le); err != nil {
		return nil, fmt.Errorf("unversioned event: %w", err)
	}
	if le.State < 0 || le.State >= len(legacyStateNames) {
		return nil, fmt.Errorf("unversioned event: unknown delivery state %d", le.State)
	}
	state := channel.ParseDeliveryState(legacyStateNames[le.State])
	if state.String() != legacyStateNames[le.State] {
		return nil, fmt.Errorf("unversioned event: delivery state %q is no longer known", legacyStateNames[le.State])
	}
	e := &channel.Event{
		Type:      channel.EventType(le.Type),
		MessageID: channel.MessageID(le.MessageID),
		Customer: channel.Customer{ID: channel.CustomerID(le.Customer.ID), Name: le.Customer.Name,
			Phone: le.Customer.Phone, Username: le.Customer.Username, AltID: channel.CustomerID(le.Customer.AltID)},
		Account:   channel.Account{ID: le.Account.ID, Name: le.Account.Name},
		Timestamp: utcUnlessZero(le.Timestamp),
		Text:      le.Text,
		ReplyTo:   channel.MessageID(le.ReplyTo),
		Standby:   le.Standby,
		AppID:     le.AppID,
		Metadata:  le.Metadata,
		TargetID:  channel.MessageID(le.TargetID),
		State:     state,
		Watermark: utcUnlessZero(le.Watermark),
		Emoji:     le.Emoji,
		OptedOut:  le.OptedOut,
	}
	for _, m := range le.Media {
		e.Media = append(e.Media, channel.Media{Kind: channel.MediaKind(m.Kind), Ref: m.Ref, MIMEType: m.MIMEType,
			FileName: m.FileName, Caption: m.Caption})
	}
	if le.Err != nil {
		e.Err = &channel.Error{Class: channel.Class(le.Err.Class), Code: le.Err.Code, Reason: le.Err.Reason,
			RetryAfter: time.Duration(le.Err.RetryAfter)}
	}
	return e, nil
}

// utcUnlessZero gives decoded times one location whichever form they came from; the zero time stays
// the zero value so IsZero and == keep working.
func utcUnlessZero(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.UTC()
}
