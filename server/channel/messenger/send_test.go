package messenger

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/channel/messenger/messengertest"
	"github.com/frontdesk-chat/frontdesk/server/channel/meta/messaging"
)

var creds = map[string]string{FieldPageID: page, FieldPageToken: "page-token", FieldAppSecret: "app-secret"}

func setup(t *testing.T) (*Adapter, *messengertest.Server) {
	t.Helper()
	fake := messengertest.New(creds)
	base := fake.Start()
	t.Cleanup(fake.Close)
	a, err := New(channel.Config{Credentials: creds, BaseURL: base + "/v26.0", VerifyToken: "vt"})
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

func classOf(t *testing.T, err error) *channel.Error {
	t.Helper()
	var e *channel.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v is not a *channel.Error", err)
	}
	return e
}

func TestSendText(t *testing.T) {
	a, fake := setup(t)
	res, err := a.Send(ctx(t), channel.Outbound{To: psid, Text: "héllo", Metadata: "fd:post1"})
	if err != nil {
		t.Fatal(err)
	}
	sent := fake.Sent()
	if len(sent) != 1 || res.MessageID == "" || string(res.MessageID) != sent[0].MessageID {
		t.Fatalf("result %+v, sent %+v", res, sent)
	}
	s := sent[0]
	if s.To != psid || s.Text != "héllo" || s.MessagingType != "RESPONSE" || s.Tag != "" || s.Metadata != "fd:post1" {
		t.Fatalf("sent %+v", s)
	}
	c := fake.Calls()[0]
	// appsecret_proof = HMAC-SHA256("app-secret", "page-token"), computed once outside Go.
	if c.Method != http.MethodPost || c.Path != "/"+page+"/messages" ||
		c.Query.Get("appsecret_proof") != "d8b448b9cc7d64c51098271805b3cc20b5b715e52bd587eb71b610259587c856" {
		t.Fatalf("call %+v", c)
	}
}

func TestSendHumanAgent(t *testing.T) {
	a, fake := setup(t)
	if _, err := a.Send(ctx(t), channel.Outbound{To: psid, Text: "late answer", HumanAgent: true}); err != nil {
		t.Fatal(err)
	}
	if s := fake.Sent()[0]; s.MessagingType != "MESSAGE_TAG" || s.Tag != "HUMAN_AGENT" {
		t.Fatalf("sent %+v", s)
	}
}

func TestSendTextLimit(t *testing.T) {
	a, fake := setup(t)
	ok := strings.Repeat("é", MaxTextChars) // 2000 characters, 4000 bytes: allowed
	if _, err := a.Send(ctx(t), channel.Outbound{To: psid, Text: ok}); err != nil {
		t.Fatalf("2000 characters refused: %v", err)
	}
	_, err := a.Send(ctx(t), channel.Outbound{To: psid, Text: ok + "x"})
	if e := classOf(t, err); e.Class != channel.ClassPermanent || e.Code != "text_too_long" {
		t.Fatalf("got %+v", e)
	}
	if n := len(fake.Calls()); n != 1 {
		t.Fatalf("over-long text reached the provider: %d calls", n)
	}
}

func TestSendUpload(t *testing.T) {
	a, fake := setup(t)
	data := []byte("\x89PNG fake image")
	_, err := a.Send(ctx(t), channel.Outbound{To: psid, Metadata: "fd:p2", HumanAgent: true,
		Media: &channel.OutboundMedia{Kind: channel.Image, FileName: "pic.png", MIMEType: "image/png", Data: data}})
	if err != nil {
		t.Fatal(err)
	}
	s := fake.Sent()[0]
	if s.Media == nil || s.Media.Type != "image" || s.Media.FileName != "pic.png" || s.Media.MIMEType != "image/png" ||
		string(s.Media.Data) != string(data) || s.Tag != "HUMAN_AGENT" || s.Metadata != "fd:p2" {
		t.Fatalf("sent %+v media %+v", s, s.Media)
	}
	// Meta refuses audio uploads without an audio/* type; the fake does too.
	_, err = a.Send(ctx(t), channel.Outbound{To: psid, Media: &channel.OutboundMedia{Kind: channel.Audio, Data: data}})
	if e := classOf(t, err); e.Class != channel.ClassPermanent || e.Code != "100/2018047" {
		t.Fatalf("got %+v", e)
	}
}

func TestSendMediaURLThenText(t *testing.T) {
	a, fake := setup(t)
	res, err := a.Send(ctx(t), channel.Outbound{To: psid, Text: "see attached", Metadata: "fd:p3",
		Media: &channel.OutboundMedia{Kind: channel.File, URL: "https://files.example.com/a.pdf"}})
	if err != nil {
		t.Fatal(err)
	}
	sent := fake.Sent()
	if len(sent) != 2 || sent[0].Media == nil || sent[0].Media.Type != "file" || sent[0].Media.URL != "https://files.example.com/a.pdf" ||
		sent[1].Text != "see attached" || sent[0].Metadata != "fd:p3" || sent[1].Metadata != "fd:p3" {
		t.Fatalf("sent %+v", sent)
	}
	if string(res.MessageID) != sent[1].MessageID {
		t.Fatalf("result names %s, want the last message %s", res.MessageID, sent[1].MessageID)
	}
}

func TestSenderActions(t *testing.T) {
	a, fake := setup(t)
	if err := a.MarkRead(ctx(t), psid, "m_1"); err != nil {
		t.Fatal(err)
	}
	sent := fake.Sent()
	if len(sent) != 1 || sent[0].Action != "mark_seen" || sent[0].To != psid || sent[0].MessageID != "" {
		t.Fatalf("sent %+v", sent)
	}
}

func TestSendErrors(t *testing.T) {
	cases := []struct {
		name       string
		fail       messengertest.Failure
		class      channel.Class
		code       string
		retryAfter time.Duration
	}{
		{"window closed", messengertest.WindowClosed, channel.ClassWindowClosed, "10/2018278", 0},
		{"rate limited", messengertest.RateLimited, channel.ClassRetryable, "613", 2 * time.Second},
		{"person unavailable", messengertest.Unavailable, channel.ClassPermanent, "551/1545041", 0},
		{"not receiving", messengertest.NotReceiving, channel.ClassPermanent, "10/2018108", 0},
		{"token expired", messengertest.TokenExpired, channel.ClassSyncLost, "190/463", 0},
		{"temporary", messengertest.Temporary, channel.ClassRetryable, "2", 0},
		{"invalid json reply", messengertest.Failure{Code: 1, Subcode: 1357046, Message: "Received Invalid JSON reply."}, channel.ClassPermanent, "1/1357046", 0},
		{"permission removed", messengertest.Failure{Code: 200, Message: "Requires pages_messaging permission"}, channel.ClassSyncLost, "200", 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a, fake := setup(t)
			fake.FailNext(1, tc.fail)
			_, err := a.Send(ctx(t), channel.Outbound{To: psid, Text: "hi"})
			e := classOf(t, err)
			if e.Class != tc.class || e.Code != tc.code || e.Reason != tc.fail.Message || e.RetryAfter != tc.retryAfter {
				t.Fatalf("got %+v", e)
			}
			// The failure was one-shot: the next send goes through.
			if _, err := a.Send(ctx(t), channel.Outbound{To: psid, Text: "hi"}); err != nil {
				t.Fatalf("after failure: %v", err)
			}
		})
	}
}

func TestOutageAndBadToken(t *testing.T) {
	a, fake := setup(t)
	fake.SetDown(true)
	_, err := a.Send(ctx(t), channel.Outbound{To: psid, Text: "hi"})
	if e := classOf(t, err); e.Class != channel.ClassRetryable {
		t.Fatalf("outage: %+v", e)
	}
	fake.SetDown(false)

	other := messengertest.New(map[string]string{FieldPageID: page, FieldPageToken: "another-token", FieldAppSecret: "app-secret"})
	base := other.Start()
	defer other.Close()
	b, err := New(channel.Config{Credentials: creds, BaseURL: base})
	if err != nil {
		t.Fatal(err)
	}
	if e := classOf(t, b.Health(ctx(t))); e.Class != channel.ClassSyncLost || e.Code != "190" {
		t.Fatalf("mismatched token: %+v", e)
	}
	if len(other.Sent()) != 0 {
		t.Fatal("a call with a wrong token was accepted")
	}
}

func TestHealthProfileRegister(t *testing.T) {
	a, fake := setup(t)
	if err := a.Health(ctx(t)); err != nil {
		t.Fatal(err)
	}
	if name, err := a.PageName(ctx(t)); err != nil || name != "Fake Page" {
		t.Fatalf("page name %q, %v", name, err)
	}
	fake.SetProfile(psid, messengertest.Profile{FirstName: "Ada", LastName: "Lovelace"})
	c, err := a.Profile(ctx(t), psid)
	if err != nil || c.Name != "Ada Lovelace" || c.ID != psid {
		t.Fatalf("profile %+v, %v", c, err)
	}
	_, err = a.Profile(ctx(t), "unknown")
	if e := classOf(t, err); e.Class != channel.ClassPermanent || e.Code != "100/33" {
		t.Fatalf("unknown profile: %+v", e)
	}
	if err := a.RegisterWebhook(ctx(t)); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(fake.Subscribed(), ","); got != strings.Join(SubscribedFields, ",") {
		t.Fatalf("subscribed %q", got)
	}
	for _, c := range fake.Calls() {
		if c.Path != "/unknown" && c.Status != http.StatusOK || c.Query.Get("appsecret_proof") == "" {
			t.Fatalf("call %+v", c)
		}
	}
	fake.ExpireToken()
	if e := classOf(t, a.Health(ctx(t))); e.Class != channel.ClassSyncLost || e.Code != "190/463" {
		t.Fatalf("expired: %+v", e)
	}
}

func TestFetchMedia(t *testing.T) {
	a, fake := setup(t)
	u := fake.AddMedia([]byte("audio-bytes"), "audio/mp4")
	d, err := a.FetchMedia(ctx(t), channel.Media{Kind: channel.Audio, Ref: u})
	if err != nil || string(d.Data) != "audio-bytes" || d.MIMEType != "audio/mp4" {
		t.Fatalf("download %+v, %v", d, err)
	}
	fake.ExpireMedia(u)
	_, err = a.FetchMedia(ctx(t), channel.Media{Ref: u})
	if e := classOf(t, err); e.Class != channel.ClassPermanent || e.Code != "403" {
		t.Fatalf("expired: %+v", e)
	}
	small, err := New(channel.Config{Credentials: creds, BaseURL: fake.URL(), MaxMediaBytes: 4})
	if err != nil {
		t.Fatal(err)
	}
	u2 := fake.AddMedia([]byte("12345"), "image/jpeg")
	_, err = small.FetchMedia(ctx(t), channel.Media{Ref: u2})
	if e := classOf(t, err); e.Class != channel.ClassPermanent || e.Code != "media_too_large" {
		t.Fatalf("too large: %+v", e)
	}
	fake.SetDown(true)
	_, err = a.FetchMedia(ctx(t), channel.Media{Ref: u2})
	if e := classOf(t, err); e.Class != channel.ClassRetryable {
		t.Fatalf("down: %+v", e)
	}
}

// TestFakeRoundTrip drives the adapter with deliveries built by the fake, as the core's tests will.
func TestFakeRoundTrip(t *testing.T) {
	a, fake := setup(t)
	res, err := a.Send(ctx(t), channel.Outbound{To: psid, Text: "our reply", Metadata: "fd:p9"})
	if err != nil {
		t.Fatal(err)
	}
	when := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
	d := fake.Webhook(
		fake.Text(psid, "hi").At(when),
		fake.Media(psid, channel.Sticker, []byte("stk"), "image/png"),
		fake.EchoOf(fake.Sent()[0]),
		messengertest.PageInboxEcho(fake, psid, "from the inbox"),
		fake.ReadWatermark(psid, when.Add(time.Minute)),
		fake.Reaction(psid, string(res.MessageID), "👍"),
		fake.Text(psid, "while the inbox owns the thread").Standby(),
	)
	req := channel.WebhookRequest{Method: http.MethodPost, Header: d.Header, Body: d.Body}
	if err := a.Authenticate(req); err != nil {
		t.Fatal(err)
	}
	events, err := a.Parse(req)
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != 7 {
		t.Fatalf("got %d events: %+v", len(events), events)
	}
	if e := events[0]; e.Type != channel.EventMessage || e.Text != "hi" || !e.Timestamp.Equal(when) || e.Customer.ID != psid {
		t.Errorf("text %+v", e)
	}
	if e := events[1]; len(e.Media) != 1 || e.Media[0].Kind != channel.Sticker {
		t.Errorf("sticker %+v", e)
	} else if dl, err := a.FetchMedia(ctx(t), e.Media[0]); err != nil || string(dl.Data) != "stk" {
		t.Errorf("sticker download %+v %v", dl, err)
	}
	if e := events[2]; e.Type != channel.EventEcho || e.MessageID != res.MessageID || e.Metadata != "fd:p9" || e.AppID != messengertest.AppID {
		t.Errorf("own echo %+v", e)
	}
	if e := events[3]; e.Type != channel.EventEcho || e.AppID != messaging.PageInboxAppID || e.Text != "from the inbox" {
		t.Errorf("inbox echo %+v", e)
	}
	if e := events[4]; e.State != channel.StateRead || !e.Watermark.Equal(when.Add(time.Minute)) {
		t.Errorf("read %+v", e)
	}
	if e := events[5]; e.Type != channel.EventReaction || e.TargetID != res.MessageID || e.Emoji != "👍" {
		t.Errorf("reaction %+v", e)
	}
	if e := events[6]; !e.Standby || e.Text != "while the inbox owns the thread" {
		t.Errorf("standby %+v", e)
	}
	// A delivery signed with another secret is refused.
	forged := d.SignedWith("not-the-secret")
	if err := a.Authenticate(channel.WebhookRequest{Header: forged.Header, Body: forged.Body}); !errors.Is(err, channel.ErrUnauthorized) {
		t.Fatalf("forged: %v", err)
	}
}
