package smstest

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/channel/sms"
)

// Delivery is one webhook post as Twilio sends it: form fields, signed when turned into a request.
type Delivery struct {
	Form url.Values
}

// Media is an attachment of an inbound MMS.
type Media struct {
	ContentType string
	Data        []byte
}

// Message describes an inbound message from a customer.
type Message struct {
	From        string // customer's E.164 number
	Text        string
	ProfileName string // only WhatsApp/RCS senders have one; empty for SMS
	Media       []Media
}

// Text is an inbound SMS from a customer. Like Twilio, STOP opts the number out of every send
// (21610) and START opts it back in.
func (s *Server) Text(from, text string) Delivery {
	switch strings.ToUpper(strings.TrimSpace(text)) {
	case "STOP":
		s.OptOut(from)
	case "START":
		s.mu.Lock()
		delete(s.optedOut, from)
		s.mu.Unlock()
	}
	return s.Inbound(Message{From: from, Text: text})
}

// Inbound is an inbound SMS or MMS, with the fields Twilio posts to "A message comes in". Its media is
// stored in the fake and downloadable with the connection's credentials.
func (s *Server) Inbound(m Message) Delivery {
	prefix := "SM"
	if len(m.Media) > 0 {
		prefix = "MM"
	}
	sid := s.nextSID(prefix)
	f := url.Values{
		"MessageSid":    {sid},
		"SmsMessageSid": {sid},
		"SmsSid":        {sid},
		"AccountSid":    {s.creds.AccountSID},
		"From":          {m.From},
		"To":            {s.number()},
		"Body":          {m.Text},
		"NumMedia":      {strconv.Itoa(len(m.Media))},
		"NumSegments":   {"1"},
		"SmsStatus":     {"received"},
		"ApiVersion":    {sms.APIVersion},
		"FromCountry":   {"US"},
		"ToCountry":     {"US"},
	}
	if s.creds.MessagingServiceSID != "" {
		f.Set("MessagingServiceSid", s.creds.MessagingServiceSID)
	}
	if m.ProfileName != "" {
		f.Set("ProfileName", m.ProfileName)
	}
	for i, md := range m.Media {
		n := strconv.Itoa(i)
		f.Set("MediaUrl"+n, s.AddMedia(sid, md.ContentType, md.Data))
		f.Set("MediaContentType"+n, md.ContentType)
	}
	return Delivery{Form: f}
}

// Status is the status callback Twilio posts for an earlier send (messageSID from Sent or the
// adapter's SendResult). errorCode is added when non-zero, as for failed and undelivered.
func (s *Server) Status(messageSID, status string, errorCode int) Delivery {
	to, from, service := "", s.number(), s.creds.MessagingServiceSID
	for _, m := range s.Sent() {
		if m.SID == messageSID {
			to = m.To
		}
	}
	f := url.Values{
		"MessageSid":    {messageSID},
		"SmsSid":        {messageSID},
		"MessageStatus": {status},
		"SmsStatus":     {status},
		"AccountSid":    {s.creds.AccountSID},
		"From":          {from},
		"To":            {to},
		"ApiVersion":    {sms.APIVersion},
	}
	if service != "" {
		f.Set("MessagingServiceSid", service)
	}
	if errorCode != 0 {
		f.Set("ErrorCode", strconv.Itoa(errorCode))
	}
	return Delivery{Form: f}
}

func (s *Server) number() string {
	if s.creds.FromNumber != "" {
		return s.creds.FromNumber
	}
	return DefaultNumber
}

// Body is the urlencoded form.
func (d Delivery) Body() []byte { return []byte(d.Form.Encode()) }

// Header returns the headers Twilio sends, with X-Twilio-Signature for publicURL and authToken.
func (d Delivery) Header(publicURL, authToken string) http.Header {
	h := http.Header{}
	h.Set("Content-Type", "application/x-www-form-urlencoded")
	h.Set("User-Agent", "TwilioProxy/1.1")
	h.Set(sms.SignatureHeader, sms.Signature(authToken, publicURL, d.Form))
	return h
}

// Request is the signed POST to publicURL.
func (d Delivery) Request(publicURL, authToken string) *http.Request {
	req, err := http.NewRequest(http.MethodPost, publicURL, bytes.NewReader(d.Body()))
	if err != nil {
		panic("smstest: bad webhook URL: " + err.Error())
	}
	req.Header = d.Header(publicURL, authToken)
	return req
}

// WebhookRequest is the delivery as the core hands it to the adapter.
func (d Delivery) WebhookRequest(publicURL, authToken string) channel.WebhookRequest {
	return channel.WebhookRequest{
		Method:    http.MethodPost,
		PublicURL: publicURL,
		Header:    d.Header(publicURL, authToken),
		Body:      d.Body(),
	}
}
