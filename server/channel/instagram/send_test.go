package instagram

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/channel/instagram/instagramtest"
)

func credsFor(flavour Flavour) map[string]string {
	c := map[string]string{FieldAccountID: account, FieldAccessToken: "ig-token", FieldAppSecret: "fb-app-secret",
		FieldInstagramAppSecret: "ig-app-secret", FieldUsername: "acme.shop", FieldFlavour: string(flavour)}
	if flavour == FacebookLogin {
		c[FieldAccessToken] = "ig-page-token"
	}
	return c
}

func setup(t *testing.T, flavour Flavour) (*Adapter, *instagramtest.Server) {
	t.Helper()
	c := credsFor(flavour)
	fake := instagramtest.New(c)
	base := fake.Start()
	t.Cleanup(fake.Close)
	a, err := New(channel.Config{Credentials: c, BaseURL: base + "/v26.0"})
	if err != nil {
		t.Fatal(err)
	}
	return a, fake
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	t.Cleanup(cancel)
	return c
}

func chErr(t *testing.T, err error) *channel.Error {
	t.Helper()
	var e *channel.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v is not a *channel.Error", err)
	}
	return e
}

func TestSendPerFlavour(t *testing.T) {
	cases := []struct {
		flavour Flavour
		path    string
		proof   string
	}{
		{InstagramLogin, "/" + account + "/messages", ""},
		// HMAC-SHA256("fb-app-secret", "ig-page-token"), computed once outside Go.
		{FacebookLogin, "/me/messages", "767cebecd2881650b06f46e7b22d8263830e7e987b03290ad91be349d31ffe9c"},
	}
	for _, tc := range cases {
		t.Run(string(tc.flavour), func(t *testing.T) {
			a, fake := setup(t, tc.flavour)
			res, err := a.Send(ctx(t), channel.Outbound{To: igsid, Text: "hello", Metadata: "fd:1"})
			if err != nil {
				t.Fatal(err)
			}
			s := fake.Sent()[0]
			if string(res.MessageID) != s.MessageID || s.To != igsid || s.Text != "hello" || s.MessagingType != "" || s.Metadata != "" {
				t.Fatalf("sent %+v res %+v", s, res)
			}
			c := fake.Calls()[0]
			if c.Method != http.MethodPost || c.Path != tc.path || c.Query.Get("appsecret_proof") != tc.proof {
				t.Fatalf("call %+v", c)
			}
		})
	}
}

func TestSendHumanAgentAndActions(t *testing.T) {
	a, fake := setup(t, InstagramLogin)
	if _, err := a.Send(ctx(t), channel.Outbound{To: igsid, Text: "late", HumanAgent: true}); err != nil {
		t.Fatal(err)
	}
	if err := a.MarkRead(ctx(t), igsid, "m1"); err != nil {
		t.Fatal(err)
	}
	s := fake.Sent()
	if len(s) != 2 || s[0].MessagingType != "MESSAGE_TAG" || s[0].Tag != "HUMAN_AGENT" || s[1].Action != "mark_seen" {
		t.Fatalf("sent %+v", s)
	}
}

func TestTextLimitIsBytes(t *testing.T) {
	a, fake := setup(t, InstagramLogin)
	if _, err := a.Send(ctx(t), channel.Outbound{To: igsid, Text: strings.Repeat("a", MaxTextBytes)}); err != nil {
		t.Fatalf("1000 ASCII bytes refused: %v", err)
	}
	// 600 characters but 1200 bytes: within the 1000 characters of F8 (docs/features.md), over Instagram's 1000 bytes.
	_, err := a.Send(ctx(t), channel.Outbound{To: igsid, Text: strings.Repeat("é", 600)})
	if e := chErr(t, err); e.Class != channel.ClassPermanent || e.Code != "text_too_long" {
		t.Fatalf("got %+v", e)
	}
	if n := len(fake.Calls()); n != 1 {
		t.Fatalf("over-long text reached the provider: %d calls", n)
	}
}

func TestSendMedia(t *testing.T) {
	a, fake := setup(t, InstagramLogin)
	_, err := a.Send(ctx(t), channel.Outbound{To: igsid, Media: &channel.OutboundMedia{Kind: channel.Video, URL: "https://files.example.com/v.mp4"}})
	if err != nil {
		t.Fatal(err)
	}
	if s := fake.Sent()[0]; s.Media == nil || s.Media.Type != "video" || s.Media.URL != "https://files.example.com/v.mp4" {
		t.Fatalf("sent %+v", s)
	}
	_, err = a.Send(ctx(t), channel.Outbound{To: igsid, Media: &channel.OutboundMedia{Kind: channel.Image, Data: []byte("png")}})
	if e := chErr(t, err); e.Class != channel.ClassPermanent || e.Code != "media_url_required" {
		t.Fatalf("upload: %+v", e)
	}
	if n := len(fake.Calls()); n != 1 {
		t.Fatalf("calls %d", n)
	}
}

func TestErrors(t *testing.T) {
	cases := []struct {
		fail  instagramtest.Failure
		class channel.Class
		code  string
	}{
		{instagramtest.WindowClosed, channel.ClassWindowClosed, "10/2534022"},
		{instagramtest.NoSuchUser, channel.ClassPermanent, "100/2534014"},
		{instagramtest.AccessDisabled, channel.ClassSyncLost, "200/2534041"},
		{instagramtest.RateLimited, channel.ClassRetryable, "613/2534040"},
		{instagramtest.TokenExpired, channel.ClassSyncLost, "190/463"},
		{instagramtest.Temporary, channel.ClassRetryable, "2"},
		{instagramtest.Failure{Code: 10, Subcode: 2018278, Message: "(#10) This message is sent outside of allowed window."}, channel.ClassWindowClosed, "10/2018278"},
		{instagramtest.Failure{Code: 10, Subcode: 1893063, Message: "temporarily restricted"}, channel.ClassPermanent, "10/1893063"},
		{instagramtest.Failure{Code: 100, Subcode: 2534029, Message: "blocked from the API"}, channel.ClassSyncLost, "100/2534029"},
		{instagramtest.Failure{Code: 551, Message: "This person isn't available right now."}, channel.ClassPermanent, "551"},
	}
	for _, tc := range cases {
		t.Run(tc.code, func(t *testing.T) {
			a, fake := setup(t, FacebookLogin)
			fake.FailNext(1, tc.fail)
			_, err := a.Send(ctx(t), channel.Outbound{To: igsid, Text: "hi"})
			e := chErr(t, err)
			if e.Class != tc.class || e.Code != tc.code || e.Reason != tc.fail.Message {
				t.Fatalf("got %+v", e)
			}
			if tc.fail.RetryAfter > 0 && e.RetryAfter != tc.fail.RetryAfter {
				t.Fatalf("retry after %v", e.RetryAfter)
			}
		})
	}
}

func TestHealthProfileRegister(t *testing.T) {
	for _, flavour := range []Flavour{InstagramLogin, FacebookLogin} {
		t.Run(string(flavour), func(t *testing.T) {
			a, fake := setup(t, flavour)
			if err := a.Health(ctx(t)); err != nil {
				t.Fatal(err)
			}
			fake.SetProfile(igsid, instagramtest.Profile{Name: "Grace", Username: "grace.h"})
			c, err := a.Profile(ctx(t), igsid)
			if err != nil || c.Name != "Grace" || c.Username != "grace.h" {
				t.Fatalf("profile %+v %v", c, err)
			}
			if err := a.RegisterWebhook(ctx(t)); err != nil {
				t.Fatal(err)
			}
			want, path := InstagramLoginFields, "/"+account+"/subscribed_apps"
			if flavour == FacebookLogin {
				want, path = FacebookLoginFields, "/me/subscribed_apps"
			}
			if got := strings.Join(fake.Subscribed(), ","); got != strings.Join(want, ",") {
				t.Fatalf("fields %q", got)
			}
			calls := fake.Calls()
			if c := calls[len(calls)-1]; c.Path != path || c.Method != http.MethodPost {
				t.Fatalf("register call %+v", c)
			}
			fake.ExpireToken()
			if e := chErr(t, a.Health(ctx(t))); e.Class != channel.ClassSyncLost {
				t.Fatalf("expired %+v", e)
			}
			fake.RenewToken()
			fake.SetDown(true)
			if e := chErr(t, a.Health(ctx(t))); e.Class != channel.ClassRetryable {
				t.Fatalf("down %+v", e)
			}
		})
	}
}

func TestWrongTokenCaught(t *testing.T) {
	fake := instagramtest.New(credsFor(InstagramLogin))
	base := fake.Start()
	defer fake.Close()
	c := credsFor(InstagramLogin)
	c[FieldAccessToken] = "stale-token"
	a, err := New(channel.Config{Credentials: c, BaseURL: base})
	if err != nil {
		t.Fatal(err)
	}
	_, err = a.Send(ctx(t), channel.Outbound{To: igsid, Text: "hi"})
	if e := chErr(t, err); e.Class != channel.ClassSyncLost || e.Code != "190" {
		t.Fatalf("got %+v", e)
	}
	if len(fake.Sent()) != 0 {
		t.Fatal("accepted a wrong token")
	}
}

func TestFetchMedia(t *testing.T) {
	a, fake := setup(t, InstagramLogin)
	u := fake.AddMedia([]byte("jpeg"), "image/jpeg; charset=binary")
	d, err := a.FetchMedia(ctx(t), channel.Media{Kind: channel.Image, Ref: u})
	if err != nil || string(d.Data) != "jpeg" || d.MIMEType != "image/jpeg" {
		t.Fatalf("%+v %v", d, err)
	}
	if _, err := a.FetchMedia(ctx(t), channel.Media{Ref: "not a url"}); chErr(t, err).Class != channel.ClassPermanent {
		t.Fatal(err)
	}
	fake.ExpireMedia(u)
	if _, err := a.FetchMedia(ctx(t), channel.Media{Ref: u}); chErr(t, err).Code != "403" {
		t.Fatal(err)
	}
}

func TestFakeRoundTrip(t *testing.T) {
	a, fake := setup(t, InstagramLogin)
	res, err := a.Send(ctx(t), channel.Outbound{To: igsid, Text: "thanks"})
	if err != nil {
		t.Fatal(err)
	}
	in := fake.Text(igsid, "first")
	d := fake.Webhook(
		in,
		fake.Media(igsid, channel.Audio, []byte("voice"), "audio/mp4"),
		fake.EchoOf(fake.Sent()[0]),
		fake.ReadMID(igsid, string(res.MessageID)),
		fake.Reaction(igsid, string(res.MessageID), ""),
		fake.Edit(igsid, in.MID(), "first!"),
		fake.Unsend(igsid, in.MID()),
	).SignedWith("ig-app-secret") // Instagram Login apps may sign with the Instagram app secret
	req := channel.WebhookRequest{Header: d.Header, Body: d.Body}
	if err := a.Authenticate(req); err != nil {
		t.Fatal(err)
	}
	events, err := a.Parse(req)
	if err != nil || len(events) != 7 {
		t.Fatalf("%v %+v", err, events)
	}
	want := []channel.EventType{channel.EventMessage, channel.EventMessage, channel.EventEcho, channel.EventStatus,
		channel.EventReaction, channel.EventEdit, channel.EventDelete}
	for i, e := range events {
		if e.Type != want[i] || e.Customer.ID != igsid || e.Account.Name != "@acme.shop" {
			t.Errorf("event %d: %+v", i, e)
		}
	}
	if dl, err := a.FetchMedia(ctx(t), events[1].Media[0]); err != nil || string(dl.Data) != "voice" || events[1].Media[0].Kind != channel.Audio {
		t.Errorf("audio %+v %v", dl, err)
	}
	if events[2].MessageID != res.MessageID || events[3].TargetID != res.MessageID || events[4].Emoji != "" ||
		events[5].TargetID != channel.MessageID(in.MID()) || events[6].TargetID != channel.MessageID(in.MID()) {
		t.Errorf("ids: %+v", events)
	}
}
