package messenger

import (
	"bytes"
	"errors"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/channel"
)

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func signed(body []byte, sig string) channel.WebhookRequest {
	h := http.Header{}
	if sig != "" {
		h.Set("X-Hub-Signature-256", sig)
	}
	return channel.WebhookRequest{Method: http.MethodPost, Header: h, Body: body}
}

func TestAuthenticateKnownVectors(t *testing.T) {
	// Vectors computed once outside Go (HMAC-SHA256, lowercase hex) and hard-coded.
	a := newOffline(t, "key")
	if err := a.Authenticate(signed([]byte(`{"object":"page","entry":[]}`),
		"sha256=fcd8acdc760f083b676a1d992ae5325e2d4320c2b7e2a6ff0f231b7aee8fefae")); err != nil {
		t.Fatalf("literal vector: %v", err)
	}
	b := newOffline(t, "messenger-test-secret")
	body := fixture(t, "text.json")
	good := "sha256=33b426846598883030110f94170953507de7b15e615dbb524db3fa6af7f63632"
	if err := b.Authenticate(signed(body, good)); err != nil {
		t.Fatalf("fixture vector: %v", err)
	}
	bad := []struct {
		name string
		req  channel.WebhookRequest
	}{
		{"missing header", signed(body, "")},
		{"sha1 only", signed(body, "sha1=33b426846598883030110f94170953507de7b15e")},
		{"not hex", signed(body, "sha256=zz")},
		{"wrong secret", signed(body, "sha256=fcd8acdc760f083b676a1d992ae5325e2d4320c2b7e2a6ff0f231b7aee8fefae")},
		{"body changed", signed(append(bytes.Clone(body), ' '), good)},
		{"uppercase hex of another body", signed([]byte("{}"), good)},
	}
	for _, tc := range bad {
		if err := b.Authenticate(tc.req); !errors.Is(err, channel.ErrUnauthorized) {
			t.Errorf("%s: got %v, want ErrUnauthorized", tc.name, err)
		}
	}
}

func TestAuthenticateOversized(t *testing.T) {
	a := newOffline(t, "s")
	big := make([]byte, channel.MaxWebhookBody+1)
	if err := a.Authenticate(signed(big, "sha256=00")); !errors.Is(err, channel.ErrTooLarge) {
		t.Fatalf("got %v, want ErrTooLarge", err)
	}
	if _, err := a.Parse(signed(big, "")); !errors.Is(err, channel.ErrTooLarge) {
		t.Fatalf("parse: got %v, want ErrTooLarge", err)
	}
}

func TestVerifyChallenge(t *testing.T) {
	a := newOffline(t, "s")
	q := url.Values{"hub.mode": {"subscribe"}, "hub.verify_token": {"vt-123"}, "hub.challenge": {"1158201444"}}
	got, err := a.VerifyChallenge(q)
	if err != nil || got != "1158201444" {
		t.Fatalf("got %q, %v", got, err)
	}
	q.Set("hub.verify_token", "other")
	if _, err := a.VerifyChallenge(q); !errors.Is(err, channel.ErrUnauthorized) {
		t.Fatalf("wrong token: %v", err)
	}
}

const (
	page = "1122334455"
	psid = "7001002003"
)

var at = time.UnixMilli(1701427704837).UTC()

func ev(typ channel.EventType, mid string) channel.Event {
	return channel.Event{Type: typ, MessageID: channel.MessageID(mid), Customer: channel.Customer{ID: psid},
		Account: channel.Account{ID: page}, Timestamp: at}
}

func TestParseFixtures(t *testing.T) {
	cdn := "https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=1&signature=abc"
	with := func(e channel.Event, f func(*channel.Event)) channel.Event { f(&e); return e }
	cases := []struct {
		file string
		want []channel.Event
	}{
		{"text.json", []channel.Event{with(ev(channel.EventMessage, "m_text1"), func(e *channel.Event) { e.Text = "hello"; e.ReplyTo = "m_prev" })}},
		{"image.json", []channel.Event{with(ev(channel.EventMessage, "m_img1"), func(e *channel.Event) { e.Media = []channel.Media{{Kind: channel.Image, Ref: cdn}} })}},
		{"audio.json", []channel.Event{with(ev(channel.EventMessage, "m_aud1"), func(e *channel.Event) { e.Media = []channel.Media{{Kind: channel.Audio, Ref: cdn + "&a"}} })}},
		{"video.json", []channel.Event{with(ev(channel.EventMessage, "m_vid1"), func(e *channel.Event) { e.Media = []channel.Media{{Kind: channel.Video, Ref: cdn + "&v"}} })}},
		{"file.json", []channel.Event{with(ev(channel.EventMessage, "m_file1"), func(e *channel.Event) {
			e.Media = []channel.Media{{Kind: channel.File, Ref: "https://cdn.fbsbx.com/v/t59/invoice.pdf?oh=1"}}
		})}},
		{"sticker_transition.json", []channel.Event{with(ev(channel.EventMessage, "m_stk1"), func(e *channel.Event) { e.Media = []channel.Media{{Kind: channel.Sticker, Ref: cdn + "&s"}} })}},
		{"sticker_legacy.json", []channel.Event{with(ev(channel.EventMessage, "m_stk2"), func(e *channel.Event) { e.Media = []channel.Media{{Kind: channel.Sticker, Ref: cdn + "&old"}} })}},
		{"location.json", []channel.Event{with(ev(channel.EventMessage, "m_loc1"), func(e *channel.Event) {
			e.Text = "Location: 48.8584, 2.2945 https://www.openstreetmap.org/?mlat=48.8584&mlon=2.2945"
		})}},
		{"fallback.json", []channel.Event{with(ev(channel.EventMessage, "m_fb1"), func(e *channel.Event) { e.Text = "Shared a link: Example: https://example.com/a\nlook" })}},
		{"echo_own.json", []channel.Event{with(ev(channel.EventEcho, "m_echo1"), func(e *channel.Event) {
			e.Text, e.AppID, e.Metadata = "our reply", "1517776481860111", "fd:post1"
		})}},
		{"echo_page_inbox.json", []channel.Event{with(ev(channel.EventEcho, "m_echo2"), func(e *channel.Event) { e.Text, e.AppID = "typed in inbox", "263902037430900" })}},
		{"read.json", []channel.Event{with(ev(channel.EventStatus, "read:7001002003:1458668856253"), func(e *channel.Event) {
			e.Timestamp = time.UnixMilli(1458668856463).UTC()
			e.State, e.Watermark = channel.StateRead, time.UnixMilli(1458668856253).UTC()
		})}},
		{"delivery.json", []channel.Event{
			with(ev(channel.EventStatus, "delivery:mid.1458668856218:ed81099e15d3f4f233"), func(e *channel.Event) {
				e.State, e.TargetID = channel.StateDelivered, "mid.1458668856218:ed81099e15d3f4f233"
			}),
			with(ev(channel.EventStatus, "delivery:7001002003:1458668856253"), func(e *channel.Event) {
				e.State, e.Watermark = channel.StateDelivered, time.UnixMilli(1458668856253).UTC()
			}),
		}},
		{"reaction.json", []channel.Event{with(ev(channel.EventReaction, "reaction:m_out1:7001002003:1701427704837"), func(e *channel.Event) { e.TargetID, e.Emoji = "m_out1", "\u2764\ufe0f" })}},
		{"unreact.json", []channel.Event{with(ev(channel.EventReaction, "reaction:m_out1:7001002003:1701427704837"), func(e *channel.Event) { e.TargetID = "m_out1" })}},
		{"edit.json", []channel.Event{with(ev(channel.EventEdit, "edit:m_text1:1"), func(e *channel.Event) { e.TargetID, e.Text = "m_text1", "hello again" })}},
		{"postback.json", []channel.Event{with(ev(channel.EventMessage, "m_pb1"), func(e *channel.Event) { e.Text = "Get Started" })}},
		{"standby.json", []channel.Event{with(ev(channel.EventMessage, "m_sb1"), func(e *channel.Event) { e.Text, e.Standby = "owned by inbox", true })}},
		{"unknown.json", nil},
		// Another Page of the same app: its events name that Page, and the core routes them to the
		// connection that owns it.
		{"other_page.json", []channel.Event{with(ev(channel.EventMessage, "m_other"), func(e *channel.Event) {
			e.Text, e.Account = "not ours", channel.Account{ID: "999"}
		})}},
		{"not_page.json", nil},
		{"batch.json", []channel.Event{
			with(ev(channel.EventMessage, "m_b1"), func(e *channel.Event) { e.Text = "one" }),
			with(ev(channel.EventMessage, "m_b2"), func(e *channel.Event) { e.Text = "two"; e.Timestamp = time.UnixMilli(1701427704900).UTC() }),
			with(ev(channel.EventMessage, "m_b3"), func(e *channel.Event) { e.Text = "three"; e.Customer.ID = "7001002004" }),
			with(ev(channel.EventStatus, "read:7001002003:1701427704000"), func(e *channel.Event) {
				e.State, e.Watermark, e.Standby = channel.StateRead, time.UnixMilli(1701427704000).UTC(), true
			}),
		}},
	}
	a := newOffline(t, "s")
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			got, err := a.Parse(signed(fixture(t, tc.file), ""))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestParseMalformed(t *testing.T) {
	a := newOffline(t, "s")
	for _, body := range [][]byte{fixture(t, "malformed.json"), []byte(""), []byte("[]"), []byte(`"page"`), []byte(`{}`), []byte(`{"object":"page","entry":{}}`)} {
		if _, err := a.Parse(signed(body, "")); !errors.Is(err, channel.ErrMalformed) {
			t.Errorf("%q: got %v, want ErrMalformed", body, err)
		}
	}
}

func FuzzParse(f *testing.F) {
	entries, _ := os.ReadDir("testdata")
	for _, e := range entries {
		if b, err := os.ReadFile(filepath.Join("testdata", e.Name())); err == nil {
			f.Add(b)
		}
	}
	a := newOffline(f, "s")
	f.Fuzz(func(t *testing.T, body []byte) {
		events, err := a.Parse(signed(body, ""))
		if err != nil && !errors.Is(err, channel.ErrMalformed) {
			t.Fatalf("error does not wrap ErrMalformed: %v", err)
		}
		for _, e := range events {
			if e.MessageID == "" || e.Type == "" {
				t.Fatalf("event without id or type: %+v", e)
			}
		}
	})
}

func newOffline(t testing.TB, secret string) *Adapter {
	t.Helper()
	a, err := New(channel.Config{
		Credentials: map[string]string{FieldPageID: page, FieldPageToken: "page-token", FieldAppSecret: secret},
		VerifyToken: "vt-123",
		BaseURL:     "http://127.0.0.1:1", // nothing listens: these tests make no calls
	})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestOwnsAccount(t *testing.T) {
	a := newOffline(t, "s")
	if !a.OwnsAccount(page) || a.OwnsAccount("999") || a.OwnsAccount("") {
		t.Error("only the connection's own Page is owned")
	}
}
