package messagingtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"strconv"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/channel/meta"
)

// Event is one entry[].messaging[] item of a webhook delivery, built by the Server's builders.
type Event struct {
	item    map[string]any
	standby bool
}

// At sets the event's timestamp (builders use the current time).
func (e Event) At(t time.Time) Event {
	e.item = maps.Clone(e.item)
	e.item["timestamp"] = t.UnixMilli()
	return e
}

// Standby delivers the event in entry[].standby[] (another app owns the thread).
func (e Event) Standby() Event {
	e.standby = true
	return e
}

// MID is the message id the event carries (message, echo), or "" for others.
func (e Event) MID() string {
	if m, ok := e.item["message"].(map[string]any); ok {
		mid, _ := m["mid"].(string)
		return mid
	}
	return ""
}

// Delivery is a signed webhook POST as Meta sends it.
type Delivery struct {
	Body   []byte
	Header http.Header
}

// Request builds the POST to url.
func (d Delivery) Request(url string) *http.Request {
	r, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(d.Body))
	if err != nil {
		panic(err) // only a malformed url gets here: a bug in the test
	}
	r.Header = d.Header.Clone()
	return r
}

// SignedWith re-signs the delivery with another secret (a forged or Instagram-app-signed one).
func (d Delivery) SignedWith(secret string) Delivery {
	h := d.Header.Clone()
	h.Set(meta.SignatureHeader, meta.SignatureValue(d.Body, secret))
	return Delivery{Body: d.Body, Header: h}
}

// Webhook wraps events in one entry of the account, signed with the app secret.
func (s *Server) Webhook(events ...Event) Delivery {
	var messaging, standby []map[string]any
	for _, e := range events {
		if e.standby {
			standby = append(standby, e.item)
		} else {
			messaging = append(messaging, e.item)
		}
	}
	entry := map[string]any{"id": s.cfg.AccountID, "time": time.Now().UnixMilli()}
	if messaging != nil {
		entry["messaging"] = messaging
	}
	if standby != nil {
		entry["standby"] = standby
	}
	body, err := json.Marshal(map[string]any{"object": s.cfg.Object, "entry": []any{entry}})
	if err != nil {
		panic(err)
	}
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	h.Set(meta.SignatureHeader, meta.SignatureValue(body, s.cfg.AppSecret))
	return Delivery{Body: body, Header: h}
}

func (s *Server) nextMID() string {
	return fmt.Sprintf("m_in%06d", s.Next())
}

func (s *Server) fromCustomer(customer string, payload map[string]any) Event {
	item := map[string]any{
		"sender":    map[string]any{"id": customer},
		"recipient": map[string]any{"id": s.cfg.AccountID},
		"timestamp": time.Now().UnixMilli(),
	}
	maps.Copy(item, payload)
	return Event{item: item}
}

// Text is a customer's text message.
func (s *Server) Text(customer, text string) Event {
	return s.fromCustomer(customer, map[string]any{"message": map[string]any{"mid": s.nextMID(), "text": text}})
}

// Media is a customer's attachment of kind; data is stored on the fake CDN so FetchMedia works.
// On Messenger a sticker comes as both a sticker and an image attachment (the 2026 transition).
func (s *Server) Media(customer string, kind channel.MediaKind, data []byte, mimeType string) Event {
	u := s.AddMedia(data, mimeType)
	var atts []any
	switch kind {
	case channel.Sticker:
		atts = append(atts, map[string]any{"type": "sticker", "payload": map[string]any{"url": u, "sticker_id": 369239263222822}})
		if s.cfg.Object == "page" {
			atts = append(atts, map[string]any{"type": "image", "payload": map[string]any{"url": u, "sticker_id": 369239263222822}})
		}
	default:
		atts = append(atts, map[string]any{"type": string(kind), "payload": map[string]any{"url": u}})
	}
	return s.fromCustomer(customer, map[string]any{"message": map[string]any{"mid": s.nextMID(), "attachments": atts}})
}

// Echo is a message the account sent, as its echo arrives; appID "" leaves app_id out (Instagram).
func (s *Server) Echo(customer, mid, text, appID, metadata string) Event {
	if mid == "" {
		mid = s.nextMID()
	}
	m := map[string]any{"is_echo": true, "mid": mid, "text": text}
	if appID != "" {
		if n, err := strconv.ParseInt(appID, 10, 64); err == nil {
			m["app_id"] = n // Messenger sends it as a number
		} else {
			m["app_id"] = appID
		}
	}
	if metadata != "" {
		m["metadata"] = metadata
	}
	return Event{item: map[string]any{
		"sender":    map[string]any{"id": s.cfg.AccountID},
		"recipient": map[string]any{"id": customer},
		"timestamp": time.Now().UnixMilli(),
		"message":   m,
	}}
}

// EchoOf is the echo of a message the fake accepted, with the configured app id.
func (s *Server) EchoOf(sent Sent) Event {
	e := s.Echo(sent.To, sent.MessageID, sent.Text, s.cfg.AppID, sent.Metadata).At(sent.At)
	if sent.Media != nil {
		m := maps.Clone(e.item["message"].(map[string]any))
		u := sent.Media.URL
		if u == "" {
			u = s.AddMedia(sent.Media.Data, sent.Media.MIMEType)
		}
		m["attachments"] = []any{map[string]any{"type": sent.Media.Type, "payload": map[string]any{"url": u}}}
		e.item["message"] = m
	}
	return e
}

// ReadWatermark is Messenger's read: everything sent at or before watermark was read.
func (s *Server) ReadWatermark(customer string, watermark time.Time) Event {
	return s.fromCustomer(customer, map[string]any{"read": map[string]any{"watermark": watermark.UnixMilli()}})
}

// ReadMID is Instagram's messaging_seen: one message was seen.
func (s *Server) ReadMID(customer, mid string) Event {
	return s.fromCustomer(customer, map[string]any{"read": map[string]any{"mid": mid}})
}

// Delivered is Messenger's delivery: a watermark and, sometimes, the delivered mids.
func (s *Server) Delivered(customer string, watermark time.Time, mids ...string) Event {
	d := map[string]any{"watermark": watermark.UnixMilli()}
	if len(mids) > 0 {
		d["mids"] = mids
	}
	return s.fromCustomer(customer, map[string]any{"delivery": d})
}

// Reaction is the customer reacting to mid; emoji "" removes the reaction (unreact).
func (s *Server) Reaction(customer, mid, emoji string) Event {
	r := map[string]any{"mid": mid, "action": "react", "reaction": "other", "emoji": emoji}
	if emoji == "" {
		r = map[string]any{"mid": mid, "action": "unreact"}
	}
	return s.fromCustomer(customer, map[string]any{"reaction": r})
}

// Edit is the customer editing their message mid.
func (s *Server) Edit(customer, mid, text string) Event {
	return s.fromCustomer(customer, map[string]any{"message_edit": map[string]any{"mid": mid, "text": text, "num_edit": 1}})
}

// Unsend is the customer deleting their message mid (Instagram is_deleted).
func (s *Server) Unsend(customer, mid string) Event {
	return s.fromCustomer(customer, map[string]any{"message": map[string]any{"mid": mid, "is_deleted": true}})
}

// Postback is the customer tapping a button (ice breaker, persistent menu, template button).
func (s *Server) Postback(customer, title, payload string) Event {
	return s.fromCustomer(customer, map[string]any{"postback": map[string]any{"mid": s.nextMID(), "title": title, "payload": payload}})
}
