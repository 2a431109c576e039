package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"strings"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/channel/sms"
	"github.com/frontdesk-chat/frontdesk/server/channel/sms/smstest"
)

// smsSim plays Twilio Programmable Messaging. Twilio signs each post with the auth token over the
// exact webhook URL, so the URL must be the connection's webhook_url as Frontdesk shows it. Twilio
// reports delivery through status callbacks and has no read receipts for SMS.
type smsSim struct {
	fake     *smstest.Server
	customer string
}

func registerSMS(fs *flag.FlagSet) func() (provider, error) {
	c := &smstest.Credentials{}
	fs.StringVar(&c.AccountSID, "account-sid", "AC00000000000000000000000000000001", "account_sid of the connection")
	fs.StringVar(&c.AuthToken, "auth-token", "sim-auth-token", "auth_token of the connection (signs deliveries)")
	fs.StringVar(&c.FromNumber, "from-number", smstest.DefaultNumber, "from_number of the connection (E.164); empty with -messaging-service-sid")
	fs.StringVar(&c.MessagingServiceSID, "messaging-service-sid", "", "messaging_service_sid of the connection, if any")
	phone := fs.String("customer-phone", "+15551234567", "the customer's phone number (E.164)")
	return func() (provider, error) {
		if _, err := sms.New(channel.Config{Credentials: c.Map()}); err != nil {
			return nil, err // the same check Frontdesk makes, before anything listens
		}
		if !strings.HasPrefix(*phone, "+") {
			return nil, errors.New("-customer-phone must be E.164, like +15551234567")
		}
		return &smsSim{fake: smstest.New(*c), customer: *phone}, nil
	}
}

func (s *smsSim) Handler() http.Handler          { return s.fake }
func (s *smsSim) Started(base string)            { s.fake.SetBaseURL(base) }
func (s *smsSim) Credentials() map[string]string { return s.fake.Credentials().Map() }

func (s *smsSim) Request(ctx context.Context, webhook, _ string, in input) (*http.Request, error) {
	if in.Status == channel.StateRead {
		return nil, fmt.Errorf("sms has no read receipts, only delivery: %w", errUnsupported)
	}
	if webhook == "" {
		return nil, errNoWebhook
	}
	var d smstest.Delivery
	switch {
	case in.Status == channel.StateDelivered:
		last := s.lastSID()
		if last == "" {
			return nil, errors.New("nothing sent by Frontdesk yet")
		}
		d = s.fake.Status(last, "delivered", 0)
	case in.Media != nil:
		// Everything with an attachment is an MMS; the file stays downloadable at its MediaUrl.
		d = s.fake.Inbound(smstest.Message{From: s.customer,
			Media: []smstest.Media{{ContentType: in.Media.MIMEType, Data: in.Media.Data}}})
	default:
		d = s.fake.Text(s.customer, in.Text)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, webhook, bytes.NewReader(d.Body()))
	if err != nil {
		return nil, err
	}
	req.Header = d.Header(webhook, s.fake.Credentials().AuthToken)
	return req, nil
}

func (s *smsSim) lastSID() string {
	sent := s.fake.Sent()
	if len(sent) == 0 {
		return ""
	}
	return sent[len(sent)-1].SID
}

func (s *smsSim) Outgoing() []string {
	sent := s.fake.Sent()
	out := make([]string, 0, len(sent))
	for _, m := range sent {
		var b strings.Builder
		fmt.Fprintf(&b, "%s to %s", m.SID, m.To)
		for _, u := range m.MediaURLs {
			fmt.Fprintf(&b, " [%s]", u)
		}
		if m.Body != "" {
			fmt.Fprintf(&b, " %q", m.Body)
		}
		out = append(out, b.String())
	}
	return out
}
