package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/channel/instagram"
	"github.com/frontdesk-chat/frontdesk/server/channel/instagram/instagramtest"
)

// instagramSim plays the Instagram messaging API of one professional account, either flavour.
// Deliveries are signed with the app secret; the webhook URL comes from -webhook, /webhook or
// -frontdesk, and the verify token only serves the verification GET. Instagram reports reads
// (messaging_seen) but no deliveries.
type instagramSim struct {
	creds    map[string]string
	fake     *instagramtest.Server
	customer string
}

func registerInstagram(fs *flag.FlagSet) func() (provider, error) {
	account := fs.String("account-id", "17841400000000001", "account_id of the connection (numeric)")
	token := fs.String("access-token", "IGsim-access-token", "access_token of the connection")
	secret := fs.String("app-secret", "sim-app-secret", "app_secret of the connection (signs deliveries)")
	igSecret := fs.String("instagram-app-secret", "", "instagram_app_secret of the connection, if any")
	username := fs.String("username", "frontdesk.sim", "username of the connection (the business account)")
	flavour := fs.String("api-flavour", string(instagram.InstagramLogin), "api_flavour of the connection: instagram_login or facebook_login")
	igsid := fs.String("customer-igsid", "1700000000000001", "the customer's Instagram-scoped id (IGSID)")
	name := fs.String("customer-name", "Sim Customer", "the customer's name")
	handle := fs.String("customer-username", "simcustomer", "the customer's Instagram username")
	return func() (provider, error) {
		creds := map[string]string{
			instagram.FieldAccountID:   *account,
			instagram.FieldAccessToken: *token,
			instagram.FieldAppSecret:   *secret,
			instagram.FieldUsername:    *username,
			instagram.FieldFlavour:     *flavour,
		}
		if *igSecret != "" {
			creds[instagram.FieldInstagramAppSecret] = *igSecret
		}
		if _, err := instagram.New(channel.Config{Credentials: creds}); err != nil {
			return nil, err // the same check Frontdesk makes, before anything listens
		}
		fake := instagramtest.New(creds)
		fake.SetProfile(*igsid, instagramtest.Profile{Name: *name, Username: *handle})
		return &instagramSim{creds: creds, fake: fake, customer: *igsid}, nil
	}
}

func (g *instagramSim) Handler() http.Handler          { return g.fake }
func (g *instagramSim) Started(base string)            { g.fake.SetURL(base) }
func (g *instagramSim) Credentials() map[string]string { return g.creds }

func (g *instagramSim) VerifyRequest(ctx context.Context, webhook, token string) (*http.Request, string, error) {
	return metaVerifyRequest(ctx, webhook, token)
}

func (g *instagramSim) Request(ctx context.Context, webhook, _ string, in input) (*http.Request, error) {
	var ev instagramtest.Event
	switch {
	case in.Status == channel.StateDelivered:
		return nil, fmt.Errorf("instagram has no delivery receipts, only reads: %w", errUnsupported)
	case in.Status == channel.StateRead:
		last := lastMetaMID(g.fake.Sent())
		if last == "" {
			return nil, errors.New("nothing sent by Frontdesk yet")
		}
		ev = g.fake.ReadMID(g.customer, last)
	case in.Media != nil:
		ev = g.fake.Media(g.customer, in.Media.Kind, in.Media.Data, in.Media.MIMEType)
	default:
		ev = g.fake.Text(g.customer, in.Text)
	}
	d := g.fake.Webhook(ev)
	return metaPost(ctx, webhook, d.Body, d.Header)
}

func (g *instagramSim) Outgoing() []string { return describeMetaSent(g.fake.Sent()) }
