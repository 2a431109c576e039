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
	"github.com/frontdesk-chat/frontdesk/server/channel/whatsapp/whatsapptest"
)

// whatsappSim plays the WhatsApp Cloud API. Deliveries are signed with the app secret; the webhook URL
// comes from -webhook, /webhook or -frontdesk, as Meta has no registration call the fake could learn
// it from. The verify token (-secret) is only used for the verification GET.
type whatsappSim struct {
	creds    whatsapptest.Credentials
	fake     *whatsapptest.Server
	customer whatsapptest.User
}

func registerWhatsApp(fs *flag.FlagSet) func() (provider, error) {
	ex := whatsapptest.ExampleCredentials()
	c := &whatsapptest.Credentials{}
	fs.StringVar(&c.PhoneNumberID, "phone-number-id", ex.PhoneNumberID, "phone_number_id of the connection")
	fs.StringVar(&c.WABAID, "waba-id", ex.WABAID, "WhatsApp Business Account id of the connection")
	fs.StringVar(&c.AccessToken, "access-token", ex.AccessToken, "access token of the connection")
	fs.StringVar(&c.AppSecret, "app-secret", ex.AppSecret, "app secret of the connection (signs deliveries)")
	fs.StringVar(&c.DisplayPhoneNumber, "display-phone", ex.DisplayPhoneNumber, "the business number, digits only")
	phone := fs.String("customer-phone", "15551234567", "the customer's WhatsApp number, digits only")
	name := fs.String("customer-name", "Sim Customer", "the customer's profile name")
	return func() (provider, error) {
		return &whatsappSim{creds: *c, fake: whatsapptest.New(*c), customer: whatsapptest.User{WaID: *phone, Name: *name}}, nil
	}
}

func (w *whatsappSim) Handler() http.Handler          { return w.fake }
func (w *whatsappSim) Started(string)                 {}
func (w *whatsappSim) Credentials() map[string]string { return w.creds.Map() }

func (w *whatsappSim) VerifyRequest(ctx context.Context, webhook, token string) (*http.Request, string, error) {
	return metaVerifyRequest(ctx, webhook, token)
}

func (w *whatsappSim) Request(ctx context.Context, webhook, _ string, in input) (*http.Request, error) {
	now := time.Now()
	var d whatsapptest.Delivery
	switch {
	case in.Status != channel.StateUnknown:
		last := w.lastSentID()
		if last == "" {
			return nil, errors.New("nothing sent by Frontdesk yet")
		}
		d = w.fake.Status(w.customer, last, in.Status.String(), now)
	case in.Media != nil:
		kind := map[channel.MediaKind]string{channel.Image: "image", channel.Audio: "audio", channel.Video: "video"}[in.Media.Kind]
		if kind == "" {
			kind = "document"
		}
		d = w.fake.Media(w.customer, kind, w.fake.AddMedia(in.Media.Data, in.Media.MIMEType), "", now)
	default:
		d = w.fake.Text(w.customer, in.Text, now)
	}
	return metaPost(ctx, webhook, d.Body, d.Header)
}

func (w *whatsappSim) lastSentID() string {
	sent := w.fake.Sent()
	for i := len(sent) - 1; i >= 0; i-- {
		if sent[i].ID != "" {
			return sent[i].ID
		}
	}
	return ""
}

func (w *whatsappSim) Outgoing() []string {
	sent := w.fake.Sent()
	out := make([]string, 0, len(sent))
	for _, m := range sent {
		var b strings.Builder
		fmt.Fprintf(&b, "%s to %s", m.Type, m.To)
		if m.ID != "" {
			fmt.Fprintf(&b, " (%s)", m.ID)
		}
		for _, v := range []string{m.Text, m.Caption, m.Template, m.Emoji} {
			if v != "" {
				fmt.Fprintf(&b, " %q", v)
			}
		}
		if m.FileName != "" || m.MediaLink != "" {
			fmt.Fprintf(&b, " [%s%s]", m.FileName, m.MediaLink)
		}
		out = append(out, b.String())
	}
	return out
}
