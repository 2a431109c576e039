package whatsapp_test

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/channel/whatsapp/whatsapptest"
)

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	t.Cleanup(cancel)
	return c
}

func TestSendText(t *testing.T) {
	a, fake := setup(t)
	res, err := a.Send(ctx(t), channel.Outbound{To: "16505551234", Text: "hello", ReplyTo: "wamid.IN1", Metadata: "post:p1"})
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	sent := fake.Sent()
	if len(sent) != 1 {
		t.Fatalf("sent %d messages", len(sent))
	}
	want := whatsapptest.Sent{ID: string(res.MessageID), Type: "text", To: "16505551234", Text: "hello",
		ReplyTo: "wamid.IN1", Metadata: "post:p1"}
	if !reflect.DeepEqual(sent[0], want) {
		t.Fatalf("sent %+v, want %+v", sent[0], want)
	}
	if !strings.HasPrefix(string(res.MessageID), "wamid.") || res.At.IsZero() {
		t.Fatalf("result %+v", res)
	}
	calls := fake.Calls()
	if len(calls) != 1 || calls[0].Method != "POST" || calls[0].Path != "/106540352242922/messages" {
		t.Fatalf("calls %+v", calls)
	}
}

func TestSendTextLimit(t *testing.T) {
	a, fake := setup(t)
	// 4096 characters pass even when they are multi-byte.
	if _, err := a.Send(ctx(t), channel.Outbound{To: "16505551234", Text: strings.Repeat("é", 4096)}); err != nil {
		t.Fatalf("4096 chars: %v", err)
	}
	_, err := a.Send(ctx(t), channel.Outbound{To: "16505551234", Text: strings.Repeat("a", 4097)})
	wantError(t, err, channel.ClassPermanent, "text_too_long")
	_, err = a.Send(ctx(t), channel.Outbound{To: "16505551234", Text: "  "})
	wantError(t, err, channel.ClassPermanent, "")
	if n := len(fake.Calls()); n != 1 {
		t.Fatalf("%d calls; refused messages must not reach the provider", n)
	}
}

func TestSendToBSUID(t *testing.T) {
	a, fake := setup(t)
	if _, err := a.Send(ctx(t), channel.Outbound{To: "US.13491208655302741918", Text: "hi"}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Send(ctx(t), channel.Outbound{To: "+16505551234", Text: "hi"}); err != nil {
		t.Fatal(err)
	}
	s := fake.Sent()
	if s[0].Recipient != "US.13491208655302741918" || s[0].To != "" || s[1].To != "16505551234" || s[1].Recipient != "" {
		t.Fatalf("sent %+v", s)
	}
}

func TestSendMediaUpload(t *testing.T) {
	a, fake := setup(t)
	png := []byte("\x89PNG\r\n\x1a\n fake image")
	res, err := a.Send(ctx(t), channel.Outbound{To: "16505551234", Text: "the part",
		Media: &channel.OutboundMedia{Kind: channel.Image, Data: png}})
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	calls := fake.Calls()
	if len(calls) != 2 || calls[0].Path != "/106540352242922/media" || calls[1].Path != "/106540352242922/messages" {
		t.Fatalf("calls %+v; want upload then send", calls)
	}
	s := fake.Sent()
	if len(s) != 1 || s[0].Type != "image" || s[0].Caption != "the part" || s[0].MediaID == "" || s[0].ID != string(res.MessageID) {
		t.Fatalf("sent %+v", s)
	}
	m, ok := fake.MediaByID(s[0].MediaID)
	if !ok || string(m.Data) != string(png) || m.MIMEType != "image/png" {
		t.Fatalf("uploaded %+v (MIME sniffed from the bytes)", m)
	}
}

func TestSendDocumentByLink(t *testing.T) {
	a, fake := setup(t)
	_, err := a.Send(ctx(t), channel.Outbound{To: "16505551234", Text: "invoice",
		Media: &channel.OutboundMedia{Kind: channel.File, FileName: "inv.pdf", URL: "https://files.example.com/inv.pdf"}})
	if err != nil {
		t.Fatal(err)
	}
	s := fake.Sent()[0]
	if s.Type != "document" || s.MediaLink != "https://files.example.com/inv.pdf" || s.FileName != "inv.pdf" || s.Caption != "invoice" {
		t.Fatalf("sent %+v", s)
	}
	_, err = a.Send(ctx(t), channel.Outbound{To: "16505551234", Media: &channel.OutboundMedia{Kind: channel.File, URL: "file:///etc/passwd"}})
	wantError(t, err, channel.ClassPermanent, "")
}

func TestSendAudioTextFollows(t *testing.T) {
	a, fake := setup(t)
	res, err := a.Send(ctx(t), channel.Outbound{To: "16505551234", Text: "listen",
		Media: &channel.OutboundMedia{Kind: channel.Audio, MIMEType: "audio/ogg; codecs=opus", FileName: "note.ogg", Data: []byte("OggS...")}})
	if err != nil {
		t.Fatal(err)
	}
	s := fake.Sent()
	if len(s) != 2 || s[0].Type != "audio" || s[0].Caption != "" || s[1].Type != "text" || s[1].Text != "listen" {
		t.Fatalf("sent %+v; want audio without caption, then the text", s)
	}
	if res.MessageID != channel.MessageID(s[0].ID) {
		t.Fatalf("result %s, want the audio's id %s", res.MessageID, s[0].ID)
	}
	m, _ := fake.MediaByID(s[0].MediaID)
	if m.MIMEType != "audio/ogg" {
		t.Fatalf("upload type %q; want the bare MIME type", m.MIMEType)
	}
}

func TestSendMediaTooLarge(t *testing.T) {
	a, fake := setup(t)
	_, err := a.Send(ctx(t), channel.Outbound{To: "16505551234",
		Media: &channel.OutboundMedia{Kind: channel.Image, MIMEType: "image/jpeg", Data: make([]byte, 5<<20+1)}})
	wantError(t, err, channel.ClassPermanent, "media_too_large")
	if len(fake.Calls()) != 0 {
		t.Fatal("oversized image was uploaded")
	}
}

func TestReactAndMarkRead(t *testing.T) {
	a, fake := setup(t)
	if _, err := a.React(ctx(t), "16505551234", "wamid.IN1", "👍"); err != nil {
		t.Fatal(err)
	}
	if err := a.MarkRead(ctx(t), "16505551234", "wamid.IN1"); err != nil {
		t.Fatal(err)
	}
	s := fake.Sent()
	want := []whatsapptest.Sent{
		{ID: s[0].ID, Type: "reaction", To: "16505551234", ReactTo: "wamid.IN1", Emoji: "👍"},
		{Type: "read", ReadID: "wamid.IN1"},
	}
	if !reflect.DeepEqual(s, want) {
		t.Fatalf("sent %+v\nwant %+v", s, want)
	}
	wantError(t, a.MarkRead(ctx(t), "16505551234", ""), channel.ClassPermanent, "")
}

func TestSendErrors(t *testing.T) {
	tests := []struct {
		name  string
		setup func(*whatsapptest.Server)
		class channel.Class
		code  string
		retry time.Duration
	}{
		{"window closed (sync form)", func(f *whatsapptest.Server) {
			f.FailNext(1, whatsapptest.Failure{Code: 131047, Message: "Re-engagement message"})
		}, channel.ClassWindowClosed, "131047", 0},
		{"throughput with Retry-After", func(f *whatsapptest.Server) {
			f.FailNext(1, whatsapptest.Failure{Status: 429, Code: 130429, Message: "Rate limit hit", RetryAfter: 7})
		}, channel.ClassRetryable, "130429", 7 * time.Second},
		{"pair rate limit", func(f *whatsapptest.Server) {
			f.FailNext(1, whatsapptest.Failure{Code: 131056, Message: "Pair rate limit hit"})
		}, channel.ClassRetryable, "131056", 0},
		{"recipient unreachable", func(f *whatsapptest.Server) {
			f.FailNext(1, whatsapptest.Failure{Code: 131026, Message: "Message undeliverable"})
		}, channel.ClassPermanent, "131026", 0},
		{"token expired", func(f *whatsapptest.Server) { f.ExpireToken() }, channel.ClassSyncLost, "190/463", 0},
		{"permission revoked", func(f *whatsapptest.Server) {
			f.FailNext(1, whatsapptest.Failure{Status: 403, Code: 200, Message: "Permissions error"})
		}, channel.ClassSyncLost, "200", 0},
		{"outage", func(f *whatsapptest.Server) { f.SetDown(true) }, channel.ClassRetryable, "2", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, fake := setup(t)
			tt.setup(fake)
			_, err := a.Send(ctx(t), channel.Outbound{To: "16505551234", Text: "hi"})
			ce := classError(t, err, tt.class, tt.code)
			if ce.RetryAfter != tt.retry {
				t.Fatalf("RetryAfter = %v, want %v", ce.RetryAfter, tt.retry)
			}
			if ce.Reason == "" {
				t.Fatal("provider reason lost")
			}
		})
	}
}

func TestWrongTokenIsSyncLost(t *testing.T) {
	a, fake := setup(t)
	// Same fake, adapter built with another token.
	creds := fake.Credentials()
	creds.AccessToken = "EAAother"
	b, err := newAdapterFor(t, fake, creds)
	if err != nil {
		t.Fatal(err)
	}
	_, err = b.Send(ctx(t), channel.Outbound{To: "16505551234", Text: "hi"})
	wantError(t, err, channel.ClassSyncLost, "190")
	wantError(t, b.Health(ctx(t)), channel.ClassSyncLost, "190")
	if err := a.Health(ctx(t)); err != nil {
		t.Fatalf("Health with the right token: %v", err)
	}
}

func TestFailureRecovers(t *testing.T) {
	a, fake := setup(t)
	fake.FailNext(2, whatsapptest.Failure{Status: 500, Code: 131000, Message: "Something went wrong"})
	for i := 0; i < 2; i++ {
		_, err := a.Send(ctx(t), channel.Outbound{To: "16505551234", Text: "hi"})
		wantError(t, err, channel.ClassRetryable, "131000")
	}
	if _, err := a.Send(ctx(t), channel.Outbound{To: "16505551234", Text: "hi"}); err != nil {
		t.Fatalf("third try: %v", err)
	}
}

// The fake and the adapter are used from many goroutines by the core's outbox workers.
func TestConcurrentSends(t *testing.T) {
	a, fake := setup(t)
	const n = 20
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		go func() {
			_, err := a.Send(ctx(t), channel.Outbound{To: "16505551234", Text: "hi"})
			errs <- err
		}()
	}
	for i := 0; i < n; i++ {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	ids := map[string]bool{}
	for _, s := range fake.Sent() {
		ids[s.ID] = true
	}
	if len(ids) != n {
		t.Fatalf("%d distinct message ids for %d sends", len(ids), n)
	}
}
