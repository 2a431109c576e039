package sms_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/channel/sms"
	"github.com/frontdesk-chat/frontdesk/server/channel/sms/smstest"
)

func TestSendTextFromNumber(t *testing.T) {
	a, fake := newAdapter(t, testCreds)
	before := time.Now().Add(-2 * time.Second)
	res, err := a.Send(context.Background(), channel.Outbound{To: customer, Text: "Yes, open until 6 pm.", HumanAgent: true, Metadata: "post1"})
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	sent := fake.Sent()
	if len(sent) != 1 {
		t.Fatalf("Sent = %+v, want one message", sent)
	}
	want := smstest.Sent{SID: string(res.MessageID), To: customer, From: testNumber, Body: "Yes, open until 6 pm.", StatusCallback: testHook}
	if got := sent[0]; got.SID != want.SID || got.To != want.To || got.From != want.From || got.Body != want.Body ||
		got.StatusCallback != want.StatusCallback || got.MessagingServiceSID != "" || len(got.MediaURLs) != 0 {
		t.Errorf("Sent = %+v, want %+v", got, want)
	}
	if !strings.HasPrefix(string(res.MessageID), "SM") {
		t.Errorf("MessageID = %q, want an SM sid", res.MessageID)
	}
	if res.At.Before(before) || res.At.After(time.Now().Add(2*time.Second)) {
		t.Errorf("At = %v, want the date_created Twilio returned (now)", res.At)
	}
	calls := fake.Calls()
	if len(calls) != 1 {
		t.Fatalf("Calls = %+v", calls)
	}
	c := calls[0]
	if c.Method != http.MethodPost || c.Path != "/2010-04-01/Accounts/"+testAccount+"/Messages.json" || !c.Authorized || c.Status != http.StatusCreated {
		t.Errorf("call = %+v", c)
	}
	// Nothing Twilio does not know is sent (no tag, no metadata).
	for name := range c.Form {
		switch name {
		case "To", "From", "Body", "StatusCallback":
		default:
			t.Errorf("unexpected form field %q", name)
		}
	}
}

func TestSendThroughMessagingService(t *testing.T) {
	creds := smstest.Credentials{AccountSID: testAccount, AuthToken: testToken, MessagingServiceSID: testService}
	a, fake := newAdapter(t, creds)
	if _, err := a.Send(context.Background(), channel.Outbound{To: customer, Text: "hi"}); err != nil {
		t.Fatalf("Send: %v", err)
	}
	c := fake.Calls()[0]
	if c.Form.Get("MessagingServiceSid") != testService || c.Form.Has("From") {
		t.Errorf("form = %v, want MessagingServiceSid and no From", c.Form)
	}
}

func TestSendMediaByURL(t *testing.T) {
	a, fake := newAdapter(t, testCreds)
	media := &channel.OutboundMedia{Kind: channel.Image, URL: "https://chat.example.com/plugins/frontdesk/media/abc?sig=1", MIMEType: "image/png"}
	res, err := a.Send(context.Background(), channel.Outbound{To: customer, Text: "your invoice", Media: media})
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	s := fake.Sent()[0]
	if len(s.MediaURLs) != 1 || s.MediaURLs[0] != media.URL || s.Body != "your invoice" || !strings.HasPrefix(s.SID, "MM") || string(res.MessageID) != s.SID {
		t.Errorf("Sent = %+v, result %+v", s, res)
	}
}

func TestSendRefusedBeforeCalling(t *testing.T) {
	tests := []struct {
		name   string
		msg    channel.Outbound
		reason string
	}{
		{"media with bytes only", channel.Outbound{To: customer, Media: &channel.OutboundMedia{Kind: channel.Image, Data: []byte{1, 2}}}, "public URL"},
		{"relative media URL", channel.Outbound{To: customer, Media: &channel.OutboundMedia{URL: "/media/1"}}, "absolute"},
		{"over 1600 characters", channel.Outbound{To: customer, Text: strings.Repeat("a", 1601)}, "1601 characters"},
		{"emoji count twice", channel.Outbound{To: customer, Text: strings.Repeat("😀", 801)}, "1602 characters"},
		{"empty", channel.Outbound{To: customer}, "nothing to send"},
		{"no recipient", channel.Outbound{Text: "hi"}, "no recipient"},
	}
	a, fake := newAdapter(t, testCreds)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := a.Send(context.Background(), tt.msg)
			e := classOf(t, err)
			if e.Class != channel.ClassPermanent || !strings.Contains(e.Reason, tt.reason) {
				t.Errorf("error = %v, want permanent mentioning %q", e, tt.reason)
			}
		})
	}
	if n := len(fake.Calls()); n != 0 {
		t.Errorf("%d calls made, want none", n)
	}
	// Exactly at the limit goes through.
	if _, err := a.Send(context.Background(), channel.Outbound{To: customer, Text: strings.Repeat("é", sms.MaxBodyChars)}); err != nil {
		t.Fatalf("Send of 1600 characters: %v", err)
	}
}

func TestSendErrors(t *testing.T) {
	tests := []struct {
		name       string
		fail       smstest.Failure
		class      channel.Class
		code       string
		reason     string
		retryAfter time.Duration
	}{
		{"unsubscribed", smstest.Failure{Status: 400, Code: 21610, Message: "Attempt to send to unsubscribed recipient"},
			channel.ClassOptedOut, "21610", "opted out", 0},
		{"invalid number", smstest.Failure{Status: 400, Code: 21211, Message: "The 'To' number is not a valid phone number."},
			channel.ClassPermanent, "21211", "not valid", 0},
		{"not a mobile number", smstest.Failure{Status: 400, Code: 21614, Message: "'To' number is not a valid mobile number"},
			channel.ClassPermanent, "21614", "not a mobile number", 0},
		{"auth", smstest.Failure{Status: 401, Code: 20003, Message: "Authenticate"},
			channel.ClassSyncLost, "20003", "Auth Token", 0},
		{"throttled", smstest.Failure{Status: 429, Code: 20429, Message: "Too Many Requests", RetryAfter: 7 * time.Second},
			channel.ClassRetryable, "20429", "Too Many Requests", 7 * time.Second},
		{"server error", smstest.Failure{Status: 500, Code: 20500, Message: "Internal Server Error"},
			channel.ClassRetryable, "20500", "Internal Server Error", 0},
		{"unknown 4xx", smstest.Failure{Status: 400, Code: 21999, Message: "Something new"},
			channel.ClassPermanent, "21999", "Something new", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, fake := newAdapter(t, testCreds)
			fake.FailNext(1, tt.fail)
			_, err := a.Send(context.Background(), channel.Outbound{To: customer, Text: "hi"})
			e := classOf(t, err)
			if e.Class != tt.class || e.Code != tt.code || !strings.Contains(e.Reason, tt.reason) || e.RetryAfter != tt.retryAfter {
				t.Errorf("error = %+v, want class %s code %s reason ~%q retry %v", e, tt.class, tt.code, tt.reason, tt.retryAfter)
			}
			if len(fake.Sent()) != 0 {
				t.Errorf("a failed call recorded a send")
			}
			// The failure was for one call only.
			if _, err := a.Send(context.Background(), channel.Outbound{To: customer, Text: "hi"}); err != nil {
				t.Errorf("second Send: %v", err)
			}
		})
	}
}

func TestSendProviderStates(t *testing.T) {
	t.Run("recipient opted out", func(t *testing.T) {
		a, fake := newAdapter(t, testCreds)
		fake.OptOut(customer)
		_, err := a.Send(context.Background(), channel.Outbound{To: customer, Text: "hi"})
		if e := classOf(t, err); e.Class != channel.ClassOptedOut || e.Code != "21610" || !strings.Contains(e.Reason, "STOP") {
			t.Errorf("error = %+v", e)
		}
	})
	t.Run("invalid recipient", func(t *testing.T) {
		a, _ := newAdapter(t, testCreds)
		_, err := a.Send(context.Background(), channel.Outbound{To: "5551234", Text: "hi"})
		if e := classOf(t, err); e.Class != channel.ClassPermanent || e.Code != "21211" {
			t.Errorf("error = %+v", e)
		}
	})
	t.Run("auth token rotated", func(t *testing.T) {
		a, fake := newAdapter(t, testCreds)
		fake.RotateAuthToken("new-token")
		_, err := a.Send(context.Background(), channel.Outbound{To: customer, Text: "hi"})
		if e := classOf(t, err); e.Class != channel.ClassSyncLost || e.Code != "20003" {
			t.Errorf("error = %+v", e)
		}
		if c := fake.Calls()[0]; c.Authorized || c.Status != http.StatusUnauthorized {
			t.Errorf("call = %+v", c)
		}
	})
	t.Run("outage", func(t *testing.T) {
		a, fake := newAdapter(t, testCreds)
		fake.SetDown(true)
		_, err := a.Send(context.Background(), channel.Outbound{To: customer, Text: "hi"})
		if e := classOf(t, err); e.Class != channel.ClassRetryable {
			t.Errorf("error = %+v", e)
		}
		fake.SetDown(false)
		if _, err := a.Send(context.Background(), channel.Outbound{To: customer, Text: "hi"}); err != nil {
			t.Errorf("Send after outage: %v", err)
		}
	})
	t.Run("unreachable", func(t *testing.T) {
		a, fake := newAdapter(t, testCreds)
		fake.Close()
		_, err := a.Send(context.Background(), channel.Outbound{To: customer, Text: "hi"})
		if e := classOf(t, err); e.Class != channel.ClassRetryable || e.Err == nil {
			t.Errorf("error = %+v", e)
		}
	})
	t.Run("wrong sender number", func(t *testing.T) {
		fake := smstest.Start(testCreds)
		defer fake.Close()
		creds := testCreds
		creds.FromNumber = "+15550009999"
		a, err := sms.New(channel.Config{Credentials: creds.Map(), BaseURL: fake.URL()})
		if err != nil {
			t.Fatal(err)
		}
		_, err = a.Send(context.Background(), channel.Outbound{To: customer, Text: "hi"})
		if e := classOf(t, err); e.Class != channel.ClassPermanent || e.Code != "21606" {
			t.Errorf("error = %+v", e)
		}
		if fake.Calls()[0].Form.Has("StatusCallback") {
			t.Errorf("StatusCallback sent without a webhook URL")
		}
	})
	t.Run("context cancelled", func(t *testing.T) {
		a, _ := newAdapter(t, testCreds)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := a.Send(ctx, channel.Outbound{To: customer, Text: "hi"})
		if e := classOf(t, err); e.Class != channel.ClassRetryable {
			t.Errorf("error = %+v", e)
		}
	})
}
