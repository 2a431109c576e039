package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/channel/messenger"
	"github.com/frontdesk-chat/frontdesk/server/channel/messenger/messengertest"
)

// messengerSim plays the Graph API of one Facebook Page. Deliveries are signed with the app secret;
// the webhook URL comes from -webhook, /webhook or -frontdesk (Meta has no registration call that
// names it), and the verify token only serves the verification GET.
type messengerSim struct {
	creds    map[string]string
	fake     *messengertest.Server
	customer string
}

func registerMessenger(fs *flag.FlagSet) func() (provider, error) {
	page := fs.String("page-id", "110000000000001", "page_id of the connection (numeric)")
	token := fs.String("page-access-token", "EAAsim-page-token", "page_access_token of the connection")
	secret := fs.String("app-secret", "sim-app-secret", "app_secret of the connection (signs deliveries)")
	psid := fs.String("customer-psid", "2400000000000001", "the customer's page-scoped id (PSID)")
	name := fs.String("customer-name", "Sim Customer", "the customer's first and last name")
	return func() (provider, error) {
		creds := map[string]string{messenger.FieldPageID: *page, messenger.FieldPageToken: *token, messenger.FieldAppSecret: *secret}
		if _, err := messenger.New(channel.Config{Credentials: creds}); err != nil {
			return nil, err // the same check Frontdesk makes, before anything listens
		}
		fake := messengertest.New(creds)
		first, last, _ := strings.Cut(*name, " ")
		fake.SetProfile(*psid, messengertest.Profile{FirstName: first, LastName: last})
		return &messengerSim{creds: creds, fake: fake, customer: *psid}, nil
	}
}

func (m *messengerSim) Handler() http.Handler          { return m.fake }
func (m *messengerSim) Started(base string)            { m.fake.SetURL(base) }
func (m *messengerSim) Credentials() map[string]string { return m.creds }

func (m *messengerSim) VerifyRequest(ctx context.Context, webhook, token string) (*http.Request, string, error) {
	return metaVerifyRequest(ctx, webhook, token)
}

func (m *messengerSim) Request(ctx context.Context, webhook, _ string, in input) (*http.Request, error) {
	var ev messengertest.Event
	switch {
	case in.Status == channel.StateRead:
		// Messenger reads are a watermark: everything sent up to now.
		ev = m.fake.ReadWatermark(m.customer, time.Now())
	case in.Status == channel.StateDelivered:
		last := lastMetaMID(m.fake.Sent())
		if last == "" {
			return nil, errors.New("nothing sent by Frontdesk yet")
		}
		ev = m.fake.Delivered(m.customer, time.Now(), last)
	case in.Media != nil:
		ev = m.fake.Media(m.customer, in.Media.Kind, in.Media.Data, in.Media.MIMEType)
	default:
		ev = m.fake.Text(m.customer, in.Text)
	}
	d := m.fake.Webhook(ev)
	return metaPost(ctx, webhook, d.Body, d.Header)
}

func (m *messengerSim) Outgoing() []string { return describeMetaSent(m.fake.Sent()) }

// lastMetaMID is the id of the newest message (not sender action) the fake accepted.
func lastMetaMID(sent []messengertest.Sent) string {
	for i := len(sent) - 1; i >= 0; i-- {
		if sent[i].MessageID != "" {
			return sent[i].MessageID
		}
	}
	return ""
}

// describeMetaSent prints Messenger and Instagram sends alike: messages and sender actions.
func describeMetaSent(sent []messengertest.Sent) []string {
	out := make([]string, 0, len(sent))
	for _, s := range sent {
		if s.Action != "" {
			out = append(out, fmt.Sprintf("%s to %s", s.Action, s.To))
			continue
		}
		var b strings.Builder
		fmt.Fprintf(&b, "message to %s (%s)", s.To, s.MessageID)
		if s.Tag != "" {
			fmt.Fprintf(&b, " [tag %s]", s.Tag)
		}
		if s.Media != nil {
			src := s.Media.URL
			if src == "" {
				src = fmt.Sprintf("%s, %d bytes", s.Media.FileName, len(s.Media.Data))
			}
			fmt.Fprintf(&b, " [%s: %s]", s.Media.Type, src)
		}
		if s.Text != "" {
			fmt.Fprintf(&b, " %q", s.Text)
		}
		out = append(out, b.String())
	}
	return out
}
