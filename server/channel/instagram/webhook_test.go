package instagram

import (
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/channel"
)

const (
	account = "17841400000000001"
	igsid   = "5500112233"
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

func offline(t testing.TB, c map[string]string) *Adapter {
	t.Helper()
	base := map[string]string{FieldAccountID: account, FieldAccessToken: "ig-token", FieldAppSecret: "fb-app-secret", FieldUsername: "@acme.shop"}
	for k, v := range c {
		base[k] = v
	}
	a, err := New(channel.Config{Credentials: base, VerifyToken: "vt", BaseURL: "http://127.0.0.1:1"})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestAuthenticateEitherSecret(t *testing.T) {
	body := fixture(t, "text.json")
	// Vectors computed once outside Go: HMAC-SHA256 of testdata/text.json.
	byFB := "sha256=867b5945950a67dd37d585e8f54279649a99c659b7e7a7347d8380f757426b35"
	byIG := "sha256=5a0ebfb660a29d29e0411ea36e439dcda1b8e11550f05d88617dc30b3b1a984d"

	both := offline(t, map[string]string{FieldInstagramAppSecret: "ig-app-secret"})
	for _, sig := range []string{byFB, byIG} {
		if err := both.Authenticate(signed(body, sig)); err != nil {
			t.Errorf("%s: %v", sig, err)
		}
	}
	fbOnly := offline(t, nil)
	if err := fbOnly.Authenticate(signed(body, byFB)); err != nil {
		t.Errorf("app secret: %v", err)
	}
	for name, req := range map[string]channel.WebhookRequest{
		"instagram secret not configured": signed(body, byIG),
		"missing":                         signed(body, ""),
		"garbage":                         signed(body, "sha256=nothex"),
		"other body":                      signed([]byte(`{"object":"instagram","entry":[]}`), byFB),
	} {
		if err := fbOnly.Authenticate(req); !errors.Is(err, channel.ErrUnauthorized) {
			t.Errorf("%s: %v", name, err)
		}
	}
	big := make([]byte, channel.MaxWebhookBody+1)
	if err := both.Authenticate(signed(big, byFB)); !errors.Is(err, channel.ErrTooLarge) {
		t.Errorf("oversized: %v", err)
	}
	if _, err := both.Parse(signed(big, byFB)); !errors.Is(err, channel.ErrTooLarge) {
		t.Errorf("oversized parse: %v", err)
	}
}

func TestParseFixtures(t *testing.T) {
	at := time.UnixMilli(1569262485349).UTC()
	cdn := "https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=9&signature=x"
	ev := func(typ channel.EventType, mid string, f func(*channel.Event)) []channel.Event {
		e := channel.Event{Type: typ, MessageID: channel.MessageID(mid), Customer: channel.Customer{ID: igsid},
			Account: channel.Account{ID: account, Name: "@acme.shop"}, Timestamp: at}
		if f != nil {
			f(&e)
		}
		return []channel.Event{e}
	}
	media := func(k channel.MediaKind, ref string) func(*channel.Event) {
		return func(e *channel.Event) { e.Media = []channel.Media{{Kind: k, Ref: ref}} }
	}
	cases := []struct {
		file string
		want []channel.Event
	}{
		{"text.json", ev(channel.EventMessage, "aWdfZAG1", func(e *channel.Event) { e.Text = "hi äöå" })},
		{"image.json", ev(channel.EventMessage, "ig_img", media(channel.Image, cdn))},
		{"audio.json", ev(channel.EventMessage, "ig_aud", media(channel.Audio, cdn+"&a"))},
		{"video.json", ev(channel.EventMessage, "ig_vid", media(channel.Video, cdn+"&v"))},
		{"file.json", ev(channel.EventMessage, "ig_file", media(channel.File, cdn+"&f"))},
		{"share.json", ev(channel.EventMessage, "ig_share", func(e *channel.Event) { e.Text = "Shared a post: https://www.instagram.com/p/abc/" })},
		{"story_reply.json", ev(channel.EventMessage, "ig_story", func(e *channel.Event) {
			e.Text = "Replied to your story\nlove it"
			e.Media = []channel.Media{{Kind: channel.Image, Ref: cdn + "&story", Caption: "story"}}
		})},
		{"echo.json", ev(channel.EventEcho, "ig_echo", func(e *channel.Event) { e.Text = "sent from the app" })},
		{"seen.json", ev(channel.EventStatus, "read:ig_out1", func(e *channel.Event) { e.State, e.TargetID = channel.StateRead, "ig_out1" })},
		{"reaction.json", ev(channel.EventReaction, "reaction:ig_out1:5500112233:1569262485349", func(e *channel.Event) { e.TargetID, e.Emoji = "ig_out1", "\u2764\ufe0f" })},
		{"unreact.json", ev(channel.EventReaction, "reaction:ig_out1:5500112233:1569262485349", func(e *channel.Event) { e.TargetID = "ig_out1" })},
		{"edit.json", ev(channel.EventEdit, "edit:aWdfZAG1:1", func(e *channel.Event) { e.TargetID, e.Text = "aWdfZAG1", "hi again" })},
		{"deleted.json", ev(channel.EventDelete, "delete:aWdfZAG1", func(e *channel.Event) { e.TargetID = "aWdfZAG1" })},
		{"standby.json", ev(channel.EventMessage, "ig_sb", func(e *channel.Event) { e.Text, e.Standby = "standby msg", true })},
		{"seconds.json", ev(channel.EventMessage, "ig_sec", func(e *channel.Event) { e.Text, e.Timestamp = "seconds", time.Unix(1569262485, 0).UTC() })},
		{"unknown.json", nil},
		{"not_instagram.json", nil},
	}
	a := offline(t, nil)
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
	a := offline(t, nil)
	for _, body := range [][]byte{fixture(t, "malformed.json"), nil, []byte("null"), []byte(`{"entry":"x"}`)} {
		if _, err := a.Parse(signed(body, "")); !errors.Is(err, channel.ErrMalformed) {
			t.Errorf("%q: %v", body, err)
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
	a := offline(f, nil)
	f.Fuzz(func(t *testing.T, body []byte) {
		events, err := a.Parse(signed(body, ""))
		if err != nil && !errors.Is(err, channel.ErrMalformed) {
			t.Fatalf("error does not wrap ErrMalformed: %v", err)
		}
		for _, e := range events {
			if e.MessageID == "" || e.Customer.ID == "" {
				t.Fatalf("event without id or customer: %+v", e)
			}
		}
	})
}

func TestOwnsAccount(t *testing.T) {
	a, err := New(channel.Config{Credentials: map[string]string{FieldAccountID: "17841400000000001", FieldAccessToken: "t", FieldAppSecret: "s"}})
	if err != nil {
		t.Fatal(err)
	}
	if !a.OwnsAccount("17841400000000001") || a.OwnsAccount("17841400000000002") {
		t.Error("only the connection's own account is owned")
	}
	if !a.KeepsUnknownAccounts() {
		t.Error("an account no connection owns must stay with the connection that received it")
	}
}
