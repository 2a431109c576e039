package telegram

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/channel/telegram/telegramtest"
)

var (
	ann   = telegramtest.User{ID: 888888, FirstName: "Ann", LastName: "Lee", Username: "annlee"}
	creds = telegramtest.Credentials{BotToken: testToken, BotUsername: "acme_bot"}
)

// setup starts a fake Bot API and an adapter pointed at it.
func setup(t *testing.T) (*Adapter, *telegramtest.Server) {
	t.Helper()
	fake := telegramtest.New(creds)
	ts := httptest.NewServer(fake)
	t.Cleanup(ts.Close)
	return newTestAdapter(t, ts.URL), fake
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return c
}

func wantClass(t *testing.T, err error, class channel.Class, code string) {
	t.Helper()
	_ = classError(t, err, class, code)
}

// classError is wantClass for a test that goes on to inspect the error.
func classError(t *testing.T, err error, class channel.Class, code string) *channel.Error {
	t.Helper()
	var e *channel.Error
	if !errors.As(err, &e) {
		t.Fatalf("err = %v, want *channel.Error of class %s", err, class)
	}
	if e.Class != class || code != "" && e.Code != code {
		t.Fatalf("err = %v, want class %s code %q", e, class, code)
	}
	return e
}

func TestNewValidatesCredentials(t *testing.T) {
	if _, err := New(channel.Config{Credentials: map[string]string{}}); err == nil || !strings.Contains(err.Error(), FieldBotToken) {
		t.Errorf("missing token: err = %v, want it to name %s", err, FieldBotToken)
	}
	for _, bad := range []string{"abcdef", "98765", ":xyz", "12a:xyz", "987:"} {
		if _, err := New(channel.Config{Credentials: map[string]string{FieldBotToken: bad}}); err == nil {
			t.Errorf("token %q accepted", bad)
		} else if strings.Contains(err.Error(), bad) {
			t.Errorf("error repeats the token: %v", err)
		}
	}
	a, err := Spec.New(channel.Config{Credentials: map[string]string{FieldBotToken: testToken, FieldBotUsername: "@acme_bot"}})
	if err != nil {
		t.Fatal(err)
	}
	ta := a.(*Adapter)
	if ta.api.base != DefaultBaseURL || ta.api.http == nil || ta.maxMedia != channel.DefaultMaxMediaBytes {
		t.Errorf("defaults not filled: base %q, client %v, max %d", ta.api.base, ta.api.http, ta.maxMedia)
	}
	if ta.account() != (channel.Account{ID: "123456789", Name: "@acme_bot"}) || ta.BotLink() != "https://t.me/acme_bot" {
		t.Errorf("account %+v, bot link %q", ta.account(), ta.BotLink())
	}
	if Spec.Kind != channel.Telegram || !Spec.Fields[0].Secret || !Spec.Fields[0].Required || Spec.Fields[1].Secret {
		t.Errorf("Spec fields: %+v", Spec.Fields)
	}
}

func TestRegisterWebhook(t *testing.T) {
	a, fake := setup(t)
	if err := a.RegisterWebhook(ctx(t)); err != nil {
		t.Fatal(err)
	}
	url, secret, allowed := fake.Webhook()
	if url != a.webhookURL || secret != "s3cret_Token-1" || strings.Join(allowed, ",") != "message,edited_message,message_reaction,my_chat_member" {
		t.Errorf("registered %q %q %v", url, secret, allowed)
	}
	call := fake.Calls()[0]
	if call.Method != "setWebhook" || call.Params["drop_pending_updates"] != "false" {
		t.Errorf("call %+v", call)
	}

	// A verify token Telegram would refuse is caught before any call.
	a.secret = "has space"
	wantClass(t, a.RegisterWebhook(ctx(t)), channel.ClassPermanent, "")
	if n := len(fake.Calls()); n != 1 {
		t.Errorf("%d calls, want no new call", n)
	}
}

func TestSendText(t *testing.T) {
	a, fake := setup(t)
	fake.AddUser(ann)
	res, err := a.Send(ctx(t), channel.Outbound{To: "888888", Text: "Hi Ann <b>not html</b>", ReplyTo: "888888:5"})
	if err != nil {
		t.Fatal(err)
	}
	if res.MessageID != "888888:1" || res.At.IsZero() {
		t.Errorf("result %+v", res)
	}
	sent := fake.Sent()
	if len(sent) != 1 || sent[0].Method != "sendMessage" || sent[0].Text != "Hi Ann <b>not html</b>" || sent[0].ReplyTo != 5 {
		t.Fatalf("sent %+v", sent)
	}
	if p := fake.Calls()[0].Params; p["chat_id"] != "888888" || p["parse_mode"] != "" ||
		!strings.Contains(p["reply_parameters"], `"allow_sending_without_reply":true`) {
		t.Errorf("params %v", p)
	}
}

func TestSendRefusesBadTextBeforeCalling(t *testing.T) {
	a, fake := setup(t)
	fake.AddUser(ann)
	for name, msg := range map[string]channel.Outbound{
		"too long":         {To: "888888", Text: strings.Repeat("a", TextLimit+1)},
		"too long utf16":   {To: "888888", Text: strings.Repeat("😀", TextLimit/2+1)}, // 2 code units each
		"empty":            {To: "888888", Text: "  "},
		"caption too long": {To: "888888", Text: strings.Repeat("a", CaptionLimit+1), Media: &channel.OutboundMedia{Kind: channel.Image, Data: []byte("x")}},
		"bad recipient":    {To: "annlee", Text: "hi"},
		"no media source":  {To: "888888", Media: &channel.OutboundMedia{Kind: channel.File}},
	} {
		if _, err := a.Send(ctx(t), msg); channel.ClassOf(err) != channel.ClassPermanent {
			t.Errorf("%s: err = %v, want permanent", name, err)
		}
	}
	if _, err := a.Send(ctx(t), channel.Outbound{To: "888888", Text: strings.Repeat("a", TextLimit)}); err != nil {
		t.Errorf("exactly %d characters: %v", TextLimit, err)
	}
	if n := len(fake.Calls()); n != 1 {
		t.Errorf("%d calls reached Telegram, want only the valid one", n)
	}
}

func TestSendMediaUpload(t *testing.T) {
	a, fake := setup(t)
	fake.AddUser(ann)
	for _, tt := range []struct {
		media  channel.OutboundMedia
		method string
		field  string
	}{
		{channel.OutboundMedia{Kind: channel.Image, FileName: "a.jpg", MIMEType: "image/jpeg"}, "sendPhoto", "photo"},
		{channel.OutboundMedia{Kind: channel.File, FileName: "a.pdf", MIMEType: "application/pdf"}, "sendDocument", "document"},
		{channel.OutboundMedia{Kind: channel.Audio, FileName: "a.ogg", MIMEType: "audio/ogg; codecs=opus"}, "sendVoice", "voice"},
		{channel.OutboundMedia{Kind: channel.Audio, FileName: "a.mp3", MIMEType: "audio/mpeg"}, "sendAudio", "audio"},
		{channel.OutboundMedia{Kind: channel.Video, FileName: "a.mp4", MIMEType: "video/mp4"}, "sendVideo", "video"},
	} {
		m := tt.media
		m.Data = []byte("bytes of " + m.FileName)
		res, err := a.Send(ctx(t), channel.Outbound{To: "888888", Text: "caption " + m.FileName, Media: &m})
		if err != nil {
			t.Fatalf("%s: %v", tt.method, err)
		}
		sent := fake.Sent()
		got := sent[len(sent)-1]
		if got.Method != tt.method || got.MediaType != tt.field || got.FileName != m.FileName ||
			!bytes.Equal(got.Data, m.Data) || got.Text != "caption "+m.FileName || res.MessageID != messageID(888888, got.MessageID) {
			t.Errorf("%s: sent %+v, result %+v", tt.method, got, res)
		}
	}
}

func TestSendMediaByURL(t *testing.T) {
	a, fake := setup(t)
	fake.AddUser(ann)
	_, err := a.Send(ctx(t), channel.Outbound{To: "888888", Text: "menu", ReplyTo: "888888:3",
		Media: &channel.OutboundMedia{Kind: channel.Image, URL: "https://files.example.com/menu.jpg"}})
	if err != nil {
		t.Fatal(err)
	}
	got := fake.Sent()[0]
	if got.Method != "sendPhoto" || got.URL != "https://files.example.com/menu.jpg" || got.Data != nil || got.Text != "menu" || got.ReplyTo != 3 {
		t.Errorf("sent %+v", got)
	}
}

func TestSendErrorsAreClassified(t *testing.T) {
	for _, tt := range []struct {
		name  string
		fail  func(*telegramtest.Server)
		class channel.Class
		code  string
		retry time.Duration
		text  string
	}{
		{"blocked", func(s *telegramtest.Server) { s.Block(ann.ID, true) }, channel.ClassOptedOut, "403", 0, "bot was blocked by the user"},
		{"never started", func(s *telegramtest.Server) { s.FailNext(1, telegramtest.ChatNotFound) }, channel.ClassPermanent, "400", 0, "chat not found"},
		{"flood", func(s *telegramtest.Server) { s.FailNext(1, telegramtest.TooManyRequests(7)) }, channel.ClassRetryable, "429", 7 * time.Second, "retry after 7"},
		{"token revoked", func(s *telegramtest.Server) { s.RevokeToken() }, channel.ClassSyncLost, "401", 0, "Unauthorized"},
		{"outage", func(s *telegramtest.Server) { s.SetDown(true) }, channel.ClassRetryable, "503", 0, "Service Unavailable"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a, fake := setup(t)
			fake.AddUser(ann)
			tt.fail(fake)
			_, err := a.Send(ctx(t), channel.Outbound{To: "888888", Text: "hello"})
			e := classError(t, err, tt.class, tt.code)
			if e.RetryAfter != tt.retry || !strings.Contains(e.Reason, tt.text) {
				t.Errorf("err %+v: want retry %v and reason with %q", e, tt.retry, tt.text)
			}
			if len(fake.Sent()) != 0 {
				t.Error("a failed send was recorded as sent")
			}
		})
	}
}

func TestFailNextThenRecovers(t *testing.T) {
	a, fake := setup(t)
	fake.AddUser(ann)
	fake.FailNext(2, telegramtest.Failure{Method: "sendMessage", Status: 502, Description: "Bad Gateway"})
	for range 2 {
		_, err := a.Send(ctx(t), channel.Outbound{To: "888888", Text: "hello"})
		wantClass(t, err, channel.ClassRetryable, "502")
	}
	if _, err := a.Send(ctx(t), channel.Outbound{To: "888888", Text: "hello"}); err != nil {
		t.Fatalf("third try: %v", err)
	}
}

func TestEditDelete(t *testing.T) {
	a, fake := setup(t)
	fake.AddUser(ann)
	res, err := a.Send(ctx(t), channel.Outbound{To: "888888", Text: "first"})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Edit(ctx(t), "888888", res.MessageID, "second"); err != nil {
		t.Fatal(err)
	}
	// Telegram refuses an edit to the same text; for us that is done.
	if err := a.Edit(ctx(t), "888888", res.MessageID, "second"); err != nil {
		t.Fatalf("unchanged edit: %v", err)
	}
	if s := fake.Sent()[0]; s.Text != "second" || !s.Edited {
		t.Errorf("after edit %+v", s)
	}
	if err := a.Delete(ctx(t), "888888", res.MessageID); err != nil {
		t.Fatal(err)
	}
	if !fake.Sent()[0].Deleted {
		t.Error("not deleted")
	}
	wantClass(t, a.Delete(ctx(t), "888888", res.MessageID), channel.ClassPermanent, "400")
	wantClass(t, a.Edit(ctx(t), "999", res.MessageID, "x"), channel.ClassPermanent, "")
	wantClass(t, a.Edit(ctx(t), "888888", "garbage", "x"), channel.ClassPermanent, "")
}

func TestFetchMedia(t *testing.T) {
	a, fake := setup(t)
	photo := bytes.Repeat([]byte{0xff, 0xd8, 0xff, 0xe0}, 100)
	events, err := a.Parse(channel.WebhookRequest{Body: fake.Photo(ann, photo, "receipt").Body})
	if err != nil || len(events) != 1 || len(events[0].Media) != 1 {
		t.Fatalf("parse: %v %+v", err, events)
	}
	dl, err := a.FetchMedia(ctx(t), events[0].Media[0])
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(dl.Data, photo) || dl.MIMEType != "image/jpeg" || dl.FileName != "file_2_photo.jpg" {
		t.Errorf("download %q %q (%d bytes)", dl.MIMEType, dl.FileName, len(dl.Data))
	}

	doc := []byte("%PDF-1.4 invoice")
	events, _ = a.Parse(channel.WebhookRequest{Body: fake.Document(ann, doc, "invoice.pdf", "application/pdf", "").Body})
	dl, err = a.FetchMedia(ctx(t), events[0].Media[0])
	if err != nil || dl.FileName != "invoice.pdf" || dl.MIMEType != "application/pdf" || !bytes.Equal(dl.Data, doc) {
		t.Errorf("document: %v %+v", err, dl)
	}

	// Over the connection's cap: refused from getFile's size, before downloading.
	a.maxMedia = 100
	calls := len(fake.Calls())
	_, err = a.FetchMedia(ctx(t), channel.Media{Ref: fake.AddFile(make([]byte, 101), "big.bin")})
	wantClass(t, err, channel.ClassPermanent, "too_large")
	if got := fake.Calls(); len(got) != calls+1 || got[calls].Method != "getFile" {
		t.Errorf("calls after the cap: %+v", got[calls:])
	}

	// Telegram's own 20 MB limit and an unknown file id are permanent too.
	a.maxMedia = channel.DefaultMaxMediaBytes
	fake.FailNext(1, telegramtest.FileTooBig)
	wantClass(t, func() error { _, err := a.FetchMedia(ctx(t), events[0].Media[0]); return err }(), channel.ClassPermanent, "400")
	wantClass(t, func() error { _, err := a.FetchMedia(ctx(t), channel.Media{Ref: "nope"}); return err }(), channel.ClassPermanent, "400")
}

func TestDownloadCapWithoutFileSize(t *testing.T) {
	// getFile may omit file_size: the download itself stops at the cap.
	mux := http.NewServeMux()
	mux.HandleFunc("POST /bot"+testToken+"/getFile", func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(`{"ok":true,"result":{"file_id":"x","file_path":"photos/file_1.jpg"}}`))
	})
	mux.HandleFunc("GET /file/bot"+testToken+"/photos/file_1.jpg", func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write(make([]byte, 2048))
	})
	ts := httptest.NewServer(mux)
	defer ts.Close()
	a := newTestAdapter(t, ts.URL)
	a.maxMedia = 1024
	_, err := a.FetchMedia(ctx(t), channel.Media{Ref: "x"})
	wantClass(t, err, channel.ClassPermanent, "too_large")
}

func TestProfileAndHealth(t *testing.T) {
	a, fake := setup(t)
	fake.AddUser(ann)
	c, err := a.Profile(ctx(t), "888888")
	if err != nil {
		t.Fatal(err)
	}
	if c != (channel.Customer{ID: "888888", Name: "Ann Lee", Username: "annlee"}) {
		t.Errorf("profile %+v", c)
	}
	_, err = a.Profile(ctx(t), "424242")
	wantClass(t, err, channel.ClassPermanent, "400")

	// Webhook not (or no longer) registered to this connection: reconnect.
	wantClass(t, a.Health(ctx(t)), channel.ClassSyncLost, "webhook")
	if err := a.RegisterWebhook(ctx(t)); err != nil {
		t.Fatal(err)
	}
	if err := a.Health(ctx(t)); err != nil {
		t.Fatalf("healthy: %v", err)
	}
	fake.RevokeToken()
	wantClass(t, a.Health(ctx(t)), channel.ClassSyncLost, "401")
}

func TestTransportErrorsHideToken(t *testing.T) {
	ts := httptest.NewServer(http.NotFoundHandler())
	ts.Close() // nothing listens there any more
	a := newTestAdapter(t, ts.URL)
	_, err := a.Send(ctx(t), channel.Outbound{To: "1", Text: "hi"})
	e := classError(t, err, channel.ClassRetryable, "")
	if strings.Contains(err.Error(), testToken) || strings.Contains(e.Err.Error(), testToken) {
		t.Errorf("token leaked: %v", e.Err)
	}
}

func TestWindowAndDeepLink(t *testing.T) {
	a := newTestAdapter(t, "")
	now := time.Date(2026, 9, 1, 12, 0, 0, 0, time.UTC)
	for _, last := range []time.Time{{}, now, now.Add(-25 * time.Hour), now.Add(-30 * 24 * time.Hour)} {
		if w := a.Window(last, now); w.State != channel.WindowAlways || !w.Until.IsZero() || !w.CanSend() {
			t.Errorf("Window(%v) = %+v", last, w)
		}
	}
	if got := a.DeepLink(channel.Customer{ID: "888888", Username: "annlee"}, a.account()); got != "https://t.me/annlee" {
		t.Errorf("deep link %q", got)
	}
	if got := a.DeepLink(channel.Customer{ID: "888888"}, a.account()); got != "" {
		t.Errorf("deep link without username %q", got)
	}
}

// TestRoundTrip plays a whole exchange through the fake: registration, an authenticated delivery,
// and a reply quoting the customer's message.
func TestRoundTrip(t *testing.T) {
	a, fake := setup(t)
	if err := a.RegisterWebhook(ctx(t)); err != nil {
		t.Fatal(err)
	}
	url, secret, _ := fake.Webhook()
	d := fake.Text(ann, "where is my order?")
	req, err := d.Request(ctx(t), url, secret)
	if err != nil {
		t.Fatal(err)
	}
	wr := channel.WebhookRequest{Method: req.Method, PublicURL: url, Header: req.Header, Body: d.Body}
	if err := a.Authenticate(wr); err != nil {
		t.Fatal(err)
	}
	events, err := a.Parse(wr)
	if err != nil || len(events) != 1 {
		t.Fatalf("%v %+v", err, events)
	}
	ev := events[0]
	if ev.Customer.ID != "888888" || ev.Text != "where is my order?" || ev.MessageID != messageID(888888, d.MessageID) {
		t.Fatalf("event %+v", ev)
	}
	res, err := a.Send(ctx(t), channel.Outbound{To: ev.Customer.ID, Text: "on its way", ReplyTo: ev.MessageID})
	if err != nil {
		t.Fatal(err)
	}
	if res.MessageID != messageID(888888, d.MessageID+1) || fake.Sent()[0].ReplyTo != d.MessageID {
		t.Errorf("reply %+v, sent %+v", res, fake.Sent()[0])
	}
	// A reaction and an edit refer back to the right messages.
	evs, _ := a.Parse(channel.WebhookRequest{Body: fake.Reaction(ann, d.MessageID+1, "❤").Body})
	if len(evs) != 1 || evs[0].TargetID != res.MessageID || evs[0].Emoji != "❤" {
		t.Errorf("reaction %+v", evs)
	}
	evs, _ = a.Parse(channel.WebhookRequest{Body: fake.Edit(ann, d.MessageID, "where is order 42?").Body})
	if len(evs) != 1 || evs[0].Type != channel.EventEdit || evs[0].TargetID != ev.MessageID {
		t.Errorf("edit %+v", evs)
	}
	// Blocking the bot: the update says so, and sends fail as opted out until the unblock.
	evs, _ = a.Parse(channel.WebhookRequest{Body: fake.CustomerBlocks(ann, true).Body})
	if len(evs) != 1 || evs[0].Type != channel.EventOptOut || !evs[0].OptedOut || evs[0].Customer.ID != ev.Customer.ID {
		t.Errorf("block %+v", evs)
	}
	if _, err := a.Send(ctx(t), channel.Outbound{To: ev.Customer.ID, Text: "hello?"}); channel.ClassOf(err) != channel.ClassOptedOut {
		t.Errorf("send to a customer who blocked the bot: %v", err)
	}
	evs, _ = a.Parse(channel.WebhookRequest{Body: fake.CustomerBlocks(ann, false).Body})
	if len(evs) != 1 || evs[0].Type != channel.EventOptOut || evs[0].OptedOut {
		t.Errorf("unblock %+v", evs)
	}
	if _, err := a.Send(ctx(t), channel.Outbound{To: ev.Customer.ID, Text: "welcome back"}); err != nil {
		t.Errorf("send after the unblock: %v", err)
	}
}

func TestConcurrentSendsGetDistinctIDs(t *testing.T) {
	a, fake := setup(t)
	fake.AddUser(ann)
	const n = 20
	ids := make(chan channel.MessageID, n)
	errs := make(chan error, n)
	for range n {
		go func() {
			res, err := a.Send(ctx(t), channel.Outbound{To: "888888", Text: "hi"})
			ids <- res.MessageID
			errs <- err
		}()
	}
	seen := map[channel.MessageID]bool{}
	for range n {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
		seen[<-ids] = true
	}
	if len(seen) != n || len(fake.Sent()) != n {
		t.Errorf("%d distinct ids, %d sent, want %d", len(seen), len(fake.Sent()), n)
	}
}
