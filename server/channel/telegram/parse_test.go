package telegram

import (
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/channel"
)

const testToken = "123456789:AAE-test-token_x"

func newTestAdapter(t testing.TB, baseURL string) *Adapter {
	t.Helper()
	a, err := New(channel.Config{
		Credentials: map[string]string{FieldBotToken: testToken, FieldBotUsername: "acme_bot"},
		BaseURL:     baseURL,
		WebhookURL:  "https://chat.example.com/plugins/frontdesk/webhooks/conn1",
		VerifyToken: "s3cret_Token-1",
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return a
}

func fixture(t *testing.T, name string) channel.WebhookRequest {
	t.Helper()
	body, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	h := http.Header{}
	h.Set(SecretHeader, "s3cret_Token-1")
	return channel.WebhookRequest{Method: http.MethodPost, Header: h, Body: body}
}

func TestParseFixtures(t *testing.T) {
	ann := channel.Customer{ID: "888888", Name: "Ann Lee", Username: "annlee"}
	bot := channel.Account{ID: "123456789", Name: "@acme_bot"}
	at := func(s int64) time.Time { return time.Unix(s, 0).UTC() }
	msg := func(id string, ts int64) channel.Event {
		return channel.Event{Type: channel.EventMessage, MessageID: channel.MessageID(id), Customer: ann, Account: bot, Timestamp: at(ts)}
	}
	with := func(e channel.Event, f func(*channel.Event)) []channel.Event { f(&e); return []channel.Event{e} }
	media := func(e channel.Event, m channel.Media) []channel.Event {
		e.Media = []channel.Media{m}
		return []channel.Event{e}
	}

	tests := []struct {
		file string
		want []channel.Event
	}{
		{"text.json", with(msg("888888:1509", 1459759719), func(e *channel.Event) { e.Text = "hello"; e.ReplyTo = "888888:1507" })},
		{"photo.json", media(msg("888888:1510", 1459759720), channel.Media{Kind: channel.Image, Ref: "AgAC-large", MIMEType: "image/jpeg", Caption: "my order"})},
		{"document.json", media(msg("888888:1511", 1459759721), channel.Media{Kind: channel.File, Ref: "BQAC-doc", MIMEType: "application/pdf", FileName: "invoice.pdf", Caption: "the invoice"})},
		{"voice.json", media(msg("888888:1512", 1459759722), channel.Media{Kind: channel.Audio, Ref: "AwAC-voice", MIMEType: "audio/ogg"})},
		{"audio.json", media(msg("888888:1513", 1459759723), channel.Media{Kind: channel.Audio, Ref: "CQAC-audio", MIMEType: "audio/mpeg", FileName: "song.mp3"})},
		{"video.json", media(msg("888888:1514", 1459759724), channel.Media{Kind: channel.Video, Ref: "BAAC-video", MIMEType: "video/mp4", FileName: "clip.mp4", Caption: "look"})},
		{"video_note.json", media(msg("888888:1515", 1459759725), channel.Media{Kind: channel.Video, Ref: "DQAC-round", MIMEType: "video/mp4"})},
		{"sticker.json", media(msg("888888:1516", 1459759726), channel.Media{Kind: channel.Sticker, Ref: "CAAC-sticker", MIMEType: "image/webp", Caption: "😀"})},
		{"animated_sticker.json", media(msg("888888:1517", 1459759727), channel.Media{Kind: channel.Sticker, Ref: "AAMC-thumb", Caption: "🎉"})},
		{"animation.json", media(msg("888888:1518", 1459759728), channel.Media{Kind: channel.Video, Ref: "CgAC-gif", MIMEType: "video/mp4", FileName: "funny.mp4"})},
		{"location.json", with(msg("888888:1519", 1459759729), func(e *channel.Event) {
			e.Text = "Location: 48.858370, 2.294481 https://www.openstreetmap.org/?mlat=48.858370&mlon=2.294481"
		})},
		{"venue.json", with(msg("888888:1520", 1459759730), func(e *channel.Event) {
			e.Text = "Location: Eiffel Tower, Champ de Mars, Paris, 48.858370, 2.294481 https://www.openstreetmap.org/?mlat=48.858370&mlon=2.294481"
		})},
		{"contact.json", with(msg("888888:1521", 1459759731), func(e *channel.Event) { e.Text = "Contact: Bob Martin, +33612345678" })},
		{"edited.json", with(msg("888888:1509:edit:345074208", 1459759800), func(e *channel.Event) {
			e.Type, e.TargetID, e.Text = channel.EventEdit, "888888:1509", "hello again"
		})},
		{"reaction.json", []channel.Event{{Type: channel.EventReaction, MessageID: "888888:77:reaction:345074209", TargetID: "888888:77",
			Customer: ann, Account: bot, Timestamp: at(1700000000), Emoji: "👍"}}},
		{"reaction_removed.json", []channel.Event{{Type: channel.EventReaction, MessageID: "888888:77:reaction:345074210", TargetID: "888888:77",
			Customer: ann, Account: bot, Timestamp: at(1700000060), Emoji: ""}}},
		{"blocked.json", []channel.Event{{Type: channel.EventOptOut, MessageID: "888888:0:member:345074211", Customer: ann, Account: bot,
			Timestamp: at(1700000100), OptedOut: true}}},
		{"unblocked.json", []channel.Event{{Type: channel.EventOptOut, MessageID: "888888:0:member:345074212", Customer: ann, Account: bot,
			Timestamp: at(1700000200), OptedOut: false}}},
		{"bot_added_to_group.json", nil}, // the bot's membership of a group is not about a customer
		{"reaction_custom.json", nil},    // a custom emoji cannot be shown
		{"group.json", nil},              // groups are not customer conversations
		{"channel_post.json", nil},       // an update type we did not ask for
		{"service.json", nil},            // pinned message: nothing to show
		{"poll.json", with(msg("888888:1522", 1459759742), func(e *channel.Event) {
			e.Text = "[The customer sent a poll, which cannot be shown here: open Telegram to see it]"
		})},
	}
	a := newTestAdapter(t, "")
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			req := fixture(t, tt.file)
			if err := a.Authenticate(req); err != nil {
				t.Fatalf("Authenticate: %v", err)
			}
			got, err := a.Parse(req)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Parse:\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestParseRejectsMalformedAndOversized(t *testing.T) {
	a := newTestAdapter(t, "")
	for name, body := range map[string][]byte{
		"truncated":    fixture(t, "malformed.json").Body,
		"not json":     []byte("update_id=1"),
		"no update_id": []byte(`{"message": {"message_id": 1, "chat": {"id": 1, "type": "private"}, "text": "x"}}`),
		"empty":        nil,
		"wrong types":  []byte(`{"update_id": "7", "message": {"message_id": "x"}}`),
	} {
		if _, err := a.Parse(channel.WebhookRequest{Body: body}); !errors.Is(err, channel.ErrMalformed) {
			t.Errorf("%s: err = %v, want ErrMalformed", name, err)
		}
	}
	huge := []byte(`{"update_id": 1, "message": {"text": "` + strings.Repeat("a", channel.MaxWebhookBody) + `"}}`)
	if _, err := a.Parse(channel.WebhookRequest{Body: huge}); !errors.Is(err, channel.ErrTooLarge) {
		t.Errorf("oversized: err = %v, want ErrTooLarge", err)
	}
}

func TestAuthenticate(t *testing.T) {
	a := newTestAdapter(t, "")
	body := fixture(t, "text.json").Body
	for _, tt := range []struct {
		name   string
		header string
		ok     bool
	}{
		{"right secret", "s3cret_Token-1", true},
		{"missing", "", false},
		{"wrong", "s3cret_Token-2", false},
		{"prefix only", "s3cret_Token", false},
		{"longer", "s3cret_Token-1x", false},
		{"bot token as secret", testToken, false},
	} {
		h := http.Header{}
		if tt.header != "" {
			h.Set(SecretHeader, tt.header)
		}
		err := a.Authenticate(channel.WebhookRequest{Method: http.MethodPost, Header: h, Body: body})
		if tt.ok && err != nil || !tt.ok && !errors.Is(err, channel.ErrUnauthorized) {
			t.Errorf("%s: err = %v", tt.name, err)
		}
	}

	// A connection without a secret accepts nothing, not everything.
	open, err := New(channel.Config{Credentials: map[string]string{FieldBotToken: testToken}})
	if err != nil {
		t.Fatal(err)
	}
	h := http.Header{}
	h.Set(SecretHeader, "")
	if err := open.Authenticate(channel.WebhookRequest{Header: h, Body: body}); !errors.Is(err, channel.ErrUnauthorized) {
		t.Errorf("no configured secret: err = %v, want ErrUnauthorized", err)
	}
}

func FuzzParse(f *testing.F) {
	entries, _ := os.ReadDir("testdata")
	for _, e := range entries {
		if b, err := os.ReadFile(filepath.Join("testdata", e.Name())); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`{"update_id": 1, "message_reaction": {"chat": {"type": "private"}, "user": {}, "new_reaction": [{}]}}`))
	a := newTestAdapter(f, "")
	f.Fuzz(func(t *testing.T, body []byte) {
		events, err := a.Parse(channel.WebhookRequest{Body: body})
		if err != nil {
			if !errors.Is(err, channel.ErrMalformed) && !errors.Is(err, channel.ErrTooLarge) {
				t.Fatalf("error does not wrap ErrMalformed: %v", err)
			}
			return
		}
		for _, ev := range events {
			if ev.MessageID == "" || ev.Customer.ID == "" {
				t.Fatalf("event without ids: %+v", ev)
			}
		}
	})
}

func FuzzParseMessageID(f *testing.F) {
	for _, s := range []string{"888888:1509", "-100123:7", ":", "1:", "a:b", "1:2:edit:3", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, m, err := parseMessageID(channel.MessageID(s))
		if err != nil {
			return
		}
		c2, m2, err := parseMessageID(messageID(c, m))
		if err != nil || c2 != c || m2 != m {
			t.Fatalf("%q: parsed (%d, %d), re-parsed (%d, %d, %v)", s, c, m, c2, m2, err)
		}
	})
}
