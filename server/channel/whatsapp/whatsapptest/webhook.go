package whatsapptest

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/channel"
)

// User is a customer as WhatsApp describes them in webhooks. WaID is empty for a user whose phone
// number is withheld; UserID is the business-scoped user id (BSUID).
type User struct {
	WaID   string
	UserID string
	Name   string
}

// Delivery is one signed webhook POST as Meta sends it.
type Delivery struct {
	ID     string // the wamid of the message, echo or status it carries
	Body   []byte
	Header http.Header
}

// Request builds the POST to url.
func (d Delivery) Request(url string) *http.Request {
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(d.Body))
	if err != nil {
		panic("whatsapptest: bad webhook URL: " + err.Error())
	}
	req.Header = d.Header.Clone()
	return req
}

// WebhookRequest is the delivery as the adapter's Authenticate and Parse take it.
func (d Delivery) WebhookRequest() channel.WebhookRequest {
	return channel.WebhookRequest{Method: http.MethodPost, Header: d.Header.Clone(), Body: d.Body}
}

// Sign wraps any body (a fixture, a hand-built payload) in a delivery signed with the app secret.
func (s *Server) Sign(body []byte) Delivery {
	mac := hmac.New(sha256.New, []byte(s.creds.AppSecret))
	mac.Write(body)
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	h.Set("X-Hub-Signature-256", "sha256="+hex.EncodeToString(mac.Sum(nil)))
	return Delivery{Body: body, Header: h}
}

// Text is a customer's text message.
func (s *Server) Text(from User, text string, at time.Time) Delivery {
	return s.message(from, "text", map[string]any{"body": text}, at)
}

// Media is a customer's image, audio, video, document or sticker; mediaID comes from AddMedia.
func (s *Server) Media(from User, kind, mediaID, caption string, at time.Time) Delivery {
	obj := map[string]any{"id": mediaID}
	if m, ok := s.MediaByID(mediaID); ok {
		obj["mime_type"] = m.MIMEType
		sum := sha256.Sum256(m.Data)
		obj["sha256"] = hex.EncodeToString(sum[:])
	}
	if caption != "" {
		obj["caption"] = caption
	}
	if kind == "document" {
		obj["filename"] = "document.pdf"
	}
	if kind == "audio" {
		obj["voice"] = true
	}
	return s.message(from, kind, obj, at)
}

// Location is a shared location pin.
func (s *Server) Location(from User, lat, long float64, name, address string, at time.Time) Delivery {
	return s.message(from, "location", map[string]any{
		"latitude": lat, "longitude": long, "name": name, "address": address}, at)
}

// Contact is a shared contact card with one phone number.
func (s *Server) Contact(from User, name, phone string, at time.Time) Delivery {
	card := map[string]any{
		"name":   map[string]string{"formatted_name": name},
		"phones": []any{map[string]string{"phone": phone, "type": "CELL"}},
	}
	return s.message(from, "contacts", []any{card}, at)
}

// Reaction is the customer reacting to one of the business's messages; an empty emoji removes it
// (WhatsApp then omits the field).
func (s *Server) Reaction(from User, target, emoji string, at time.Time) Delivery {
	r := map[string]any{"message_id": target}
	if emoji != "" {
		r["emoji"] = emoji
	}
	return s.message(from, "reaction", r, at)
}

// Echo is a text the business sent from the WhatsApp Business app (smb_message_echoes).
func (s *Server) Echo(to User, text string, at time.Time) Delivery {
	id := s.newID()
	m := map[string]any{"from": s.creds.DisplayPhoneNumber, "to": to.WaID, "id": id,
		"timestamp": stamp(at), "type": "text", "text": map[string]string{"body": text}}
	return s.change("smb_message_echoes", map[string]any{"message_echoes": []any{m}}, id)
}

// Standby is a customer's text delivered on the standby field (Meta Business Agent holds the thread).
func (s *Server) Standby(from User, text string, at time.Time) Delivery {
	id := s.newID()
	m := s.messageObject(from, id, "text", map[string]any{"body": text}, at)
	return s.change("standby", map[string]any{"contacts": contacts(from), "messages": []any{m}}, id)
}

// Status reports sent, delivered, read or played for a message the business sent.
func (s *Server) Status(to User, messageID, status string, at time.Time) Delivery {
	return s.status(to, messageID, status, at, nil)
}

// Failed reports a failed send with WhatsApp's error (131047 when the window had closed).
func (s *Server) Failed(to User, messageID string, code int, title, details string, at time.Time) Delivery {
	e := map[string]any{"code": code, "title": title, "message": title,
		"error_data": map[string]string{"details": details}}
	return s.status(to, messageID, "failed", at, []any{e})
}

func (s *Server) status(to User, messageID, status string, at time.Time, errs []any) Delivery {
	st := map[string]any{"id": messageID, "status": status, "timestamp": stamp(at),
		"recipient_id": to.WaID,
		"pricing":      map[string]any{"billable": true, "pricing_model": "PMP", "category": "service"}}
	if to.UserID != "" {
		st["recipient_user_id"] = to.UserID
	}
	if errs != nil {
		st["errors"] = errs
	}
	return s.change("messages", map[string]any{"statuses": []any{st}}, messageID)
}

func (s *Server) message(from User, typ string, obj any, at time.Time) Delivery {
	id := s.newID()
	m := s.messageObject(from, id, typ, obj, at)
	return s.change("messages", map[string]any{"contacts": contacts(from), "messages": []any{m}}, id)
}

func (s *Server) messageObject(from User, id, typ string, obj any, at time.Time) map[string]any {
	m := map[string]any{"id": id, "timestamp": stamp(at), "type": typ, typ: obj}
	if from.WaID != "" {
		m["from"] = from.WaID
	}
	if from.UserID != "" {
		m["from_user_id"] = from.UserID
	}
	return m
}

func contacts(u User) []any {
	c := map[string]any{"profile": map[string]string{"name": u.Name}}
	if u.WaID != "" {
		c["wa_id"] = u.WaID
	}
	if u.UserID != "" {
		c["user_id"] = u.UserID
	}
	return []any{c}
}

// change wraps a value in the whatsapp_business_account envelope and signs it.
func (s *Server) change(field string, value map[string]any, id string) Delivery {
	value["messaging_product"] = "whatsapp"
	value["metadata"] = map[string]string{
		"display_phone_number": s.creds.DisplayPhoneNumber,
		"phone_number_id":      s.creds.PhoneNumberID,
	}
	body, err := json.Marshal(map[string]any{
		"object": "whatsapp_business_account",
		"entry": []any{map[string]any{
			"id":      s.creds.WABAID,
			"changes": []any{map[string]any{"field": field, "value": value}},
		}},
	})
	if err != nil {
		panic("whatsapptest: " + err.Error())
	}
	d := s.Sign(body)
	d.ID = id
	return d
}

func (s *Server) newID() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.nextMessageID()
}

func stamp(t time.Time) string { return strconv.FormatInt(t.Unix(), 10) }
