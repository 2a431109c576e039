package sms_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/channel/sms"
	"github.com/frontdesk-chat/frontdesk/server/channel/sms/smstest"
)

func TestStatusCallbackOfOwnSend(t *testing.T) {
	a, fake := newAdapter(t, testCreds)
	res, err := a.Send(context.Background(), channel.Outbound{To: customer, Text: "hi"})
	if err != nil {
		t.Fatal(err)
	}
	req := fake.Status(string(res.MessageID), "undelivered", 30007).WebhookRequest(testHook, testToken)
	if err := a.Authenticate(req); err != nil {
		t.Fatalf("Authenticate: %v", err)
	}
	events, err := a.Parse(req)
	if err != nil || len(events) != 1 {
		t.Fatalf("Parse = %+v, %v", events, err)
	}
	ev := events[0]
	if ev.Type != channel.EventStatus || ev.TargetID != res.MessageID || ev.State != channel.StateFailed ||
		ev.Customer.ID != customer || ev.Account.ID != testNumber || ev.Err == nil || ev.Err.Code != "30007" {
		t.Errorf("event = %+v (err %+v)", ev, ev.Err)
	}
	// A later "delivered" for the same message is a different event (its own dedupe key).
	later, _ := a.Parse(fake.Status(string(res.MessageID), "delivered", 0).WebhookRequest(testHook, testToken))
	if len(later) != 1 || later[0].MessageID == ev.MessageID || later[0].State != channel.StateDelivered {
		t.Errorf("delivered event = %+v", later)
	}
}

// TestWebhookOverHTTP posts a signed delivery through a real HTTP hop behind a "proxy": the handler
// sees a local URL but checks the signature against the configured public URL.
func TestWebhookOverHTTP(t *testing.T) {
	a, fake := newAdapter(t, testCreds)
	var got []channel.Event
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(io.LimitReader(r.Body, channel.MaxWebhookBody))
		if err != nil {
			http.Error(w, "read", http.StatusBadRequest)
			return
		}
		req := channel.WebhookRequest{Method: r.Method, PublicURL: testHook, Header: r.Header, Query: r.URL.Query(), Body: body}
		if err := a.Authenticate(req); err != nil {
			http.Error(w, "forbidden", http.StatusForbidden)
			return
		}
		if got, err = a.Parse(req); err != nil {
			http.Error(w, "malformed", http.StatusBadRequest)
			return
		}
		w.WriteHeader(http.StatusOK)
	}))
	defer hook.Close()

	// post delivers the fixture and answers the status; the body is drained here.
	post := func(token string) int {
		req := fake.Text(customer, "Do you deliver?").Request(testHook, token)
		req.URL, _ = url.Parse(hook.URL + "/plugins/frontdesk/webhooks/sms/c0nn3ct10n")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		_, _ = io.Copy(io.Discard, resp.Body)
		return resp.StatusCode
	}
	if status := post(testToken); status != http.StatusOK {
		t.Fatalf("status %d", status)
	}
	if len(got) != 1 || got[0].Text != "Do you deliver?" || got[0].Customer.ID != customer || got[0].Account.ID != testNumber {
		t.Fatalf("events = %+v", got)
	}
	if status := post("forged"); status != http.StatusForbidden {
		t.Fatalf("forged delivery answered %d", status)
	}
}

func TestFetchInboundMedia(t *testing.T) {
	a, fake := newAdapter(t, testCreds)
	png := []byte("\x89PNG\r\n\x1a\n fake image")
	pdf := []byte("%PDF-1.7 fake")
	req := fake.Inbound(smstest.Message{From: customer, Text: "see attached", Media: []smstest.Media{
		{ContentType: "image/png", Data: png}, {ContentType: "application/pdf", Data: pdf},
	}}).WebhookRequest(testHook, testToken)
	if err := a.Authenticate(req); err != nil {
		t.Fatal(err)
	}
	events, err := a.Parse(req)
	if err != nil || len(events) != 1 || len(events[0].Media) != 2 {
		t.Fatalf("Parse = %+v, %v", events, err)
	}
	for i, want := range [][]byte{png, pdf} {
		m := events[0].Media[i]
		d, err := a.FetchMedia(context.Background(), m)
		if err != nil {
			t.Fatalf("FetchMedia %d: %v", i, err)
		}
		if !bytes.Equal(d.Data, want) || d.MIMEType != m.MIMEType || d.FileName == "" || d.FileName != m.FileName {
			t.Errorf("download %d = %q %s %q", i, d.Data, d.MIMEType, d.FileName)
		}
	}
	if k := events[0].Media[0].Kind; k != channel.Image {
		t.Errorf("kind = %s", k)
	}
	// Each download: the authenticated Media resource, then the redirect to storage.
	calls := fake.Calls()
	if len(calls) != 4 {
		t.Fatalf("calls = %+v", calls)
	}
	if c := calls[0]; c.Method != http.MethodGet || !strings.Contains(c.Path, "/Messages/MM") || !strings.Contains(c.Path, "/Media/ME") ||
		!c.Authorized || c.Status != http.StatusTemporaryRedirect {
		t.Errorf("media call = %+v", c)
	}
	if c := calls[1]; !strings.HasPrefix(c.Path, "/storage/") || c.Status != http.StatusOK {
		t.Errorf("storage call = %+v", c)
	}
}

func TestFetchMediaFailures(t *testing.T) {
	inbound := func(t *testing.T, fake *smstest.Server, a *sms.Adapter, size int) channel.Media {
		t.Helper()
		events, err := a.Parse(fake.Inbound(smstest.Message{From: customer, Media: []smstest.Media{
			{ContentType: "image/jpeg", Data: bytes.Repeat([]byte{7}, size)}}}).WebhookRequest(testHook, testToken))
		if err != nil {
			t.Fatal(err)
		}
		return events[0].Media[0]
	}
	t.Run("over the size cap", func(t *testing.T) {
		fake := smstest.Start(testCreds)
		defer fake.Close()
		a, err := sms.New(channel.Config{Credentials: testCreds.Map(), BaseURL: fake.URL(), MaxMediaBytes: 10})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.FetchMedia(context.Background(), inbound(t, fake, a, 10)); err != nil {
			t.Fatalf("10 bytes: %v", err)
		}
		_, err = a.FetchMedia(context.Background(), inbound(t, fake, a, 11))
		if e := classOf(t, err); e.Class != channel.ClassPermanent || !strings.Contains(e.Reason, "10-byte") {
			t.Errorf("error = %+v", e)
		}
	})
	t.Run("token rotated", func(t *testing.T) {
		a, fake := newAdapter(t, testCreds)
		m := inbound(t, fake, a, 3)
		fake.RotateAuthToken("new")
		_, err := a.FetchMedia(context.Background(), m)
		if e := classOf(t, err); e.Class != channel.ClassSyncLost {
			t.Errorf("error = %+v", e)
		}
	})
	t.Run("deleted media", func(t *testing.T) {
		a, fake := newAdapter(t, testCreds)
		m := inbound(t, fake, a, 3)
		m.Ref = strings.TrimRight(m.Ref, "0123456789abcdef") + "ffff"
		_, err := a.FetchMedia(context.Background(), m)
		if e := classOf(t, err); e.Class != channel.ClassPermanent || e.Code != "20404" {
			t.Errorf("error = %+v", e)
		}
	})
	t.Run("outage", func(t *testing.T) {
		a, fake := newAdapter(t, testCreds)
		m := inbound(t, fake, a, 3)
		fake.SetDown(true)
		_, err := a.FetchMedia(context.Background(), m)
		if e := classOf(t, err); e.Class != channel.ClassRetryable {
			t.Errorf("error = %+v", e)
		}
	})
	t.Run("credentials never go to another host", func(t *testing.T) {
		var hits atomic.Int32
		other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
		defer other.Close()
		a, _ := newAdapter(t, testCreds)
		for _, ref := range []string{other.URL + "/media/1", "http://api.twilio.com/x", "https://twilio.com.evil.example/x", "::bad"} {
			_, err := a.FetchMedia(context.Background(), channel.Media{Kind: channel.Image, Ref: ref})
			if e := classOf(t, err); e.Class != channel.ClassPermanent {
				t.Errorf("%s: error = %+v", ref, e)
			}
		}
		if hits.Load() != 0 {
			t.Errorf("the other host was called")
		}
	})
}

func TestSmstestRejectsBadAuth(t *testing.T) {
	fake := smstest.Start(testCreds)
	defer fake.Close()
	req, _ := http.NewRequest(http.MethodGet, fake.URL()+"/2010-04-01/Accounts/"+testAccount+".json", nil)
	req.SetBasicAuth(testAccount, "wrong")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized || !bytes.Contains(body, []byte(`"code":20003`)) {
		t.Errorf("answer %d %s", resp.StatusCode, body)
	}
}
