package smstest_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/channel/sms"
	"github.com/frontdesk-chat/frontdesk/server/channel/sms/smstest"
)

var creds = smstest.Credentials{AccountSID: "AC00000000000000000000000000000001", AuthToken: "tok", FromNumber: "+15557654321"}

func post(t *testing.T, fake *smstest.Server, method, path string, form url.Values) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(method, fake.URL()+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(creds.AccountSID, creds.AuthToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var out map[string]any
	if err := json.Unmarshal(body, &out); err != nil {
		t.Fatalf("answer is not JSON: %s", body)
	}
	return resp.StatusCode, out
}

// The fake refuses what Twilio refuses, with Twilio's codes in Twilio's envelope.
func TestFakeValidatesSends(t *testing.T) {
	fake := smstest.Start(creds)
	defer fake.Close()
	messages := "/2010-04-01/Accounts/" + creds.AccountSID + "/Messages.json"
	base := func() url.Values {
		return url.Values{"To": {"+15551234567"}, "From": {creds.FromNumber}, "Body": {"hi"}}
	}
	tests := []struct {
		name   string
		method string
		path   string
		edit   func(url.Values)
		status int
		code   float64
	}{
		{"ok", "POST", messages, func(url.Values) {}, 201, 0},
		{"no body", "POST", messages, func(f url.Values) { f.Del("Body") }, 400, 21602},
		{"too long", "POST", messages, func(f url.Values) { f.Set("Body", strings.Repeat("a", 1601)) }, 400, 21617},
		{"too many media", "POST", messages, func(f url.Values) {
			for i := range 11 {
				f.Add("MediaUrl", fmt.Sprintf("https://example.com/%d.png", i))
			}
		}, 400, 21623},
		{"no sender", "POST", messages, func(f url.Values) { f.Del("From") }, 400, 21603},
		{"no recipient", "POST", messages, func(f url.Values) { f.Del("To") }, 400, 21604},
		{"wrong method", "GET", messages, func(url.Values) {}, 405, 20004},
		{"other account", "POST", "/2010-04-01/Accounts/AC2/Messages.json", func(url.Values) {}, 404, 20404},
		{"unknown path", "POST", "/v1/Services", func(url.Values) {}, 404, 20404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := base()
			tt.edit(f)
			status, out := post(t, fake, tt.method, tt.path, f)
			if status != tt.status {
				t.Fatalf("status %d, want %d (%v)", status, tt.status, out)
			}
			if tt.code != 0 && (out["code"] != tt.code || out["more_info"] == nil || out["message"] == "") {
				t.Errorf("envelope %v, want code %v", out, tt.code)
			}
		})
	}
	if n := len(fake.Sent()); n != 1 {
		t.Errorf("Sent has %d messages, want the one valid send", n)
	}
}

func TestFakeConcurrentUse(t *testing.T) {
	fake := smstest.Start(creds)
	defer fake.Close()
	a, err := sms.New(channel.Config{Credentials: creds.Map(), BaseURL: fake.URL()})
	if err != nil {
		t.Fatal(err)
	}
	fake.FailNext(5, smstest.Failure{Status: 500, Code: 20500, Message: "Internal Server Error"})
	var wg sync.WaitGroup
	var mu sync.Mutex
	failed := 0
	for i := range 20 {
		wg.Go(func() {
			_ = fake.Text(fmt.Sprintf("+1555000%04d", i), "hi") // builds deliveries concurrently too
			if _, err := a.Send(context.Background(), channel.Outbound{To: "+15551234567", Text: "hi"}); err != nil {
				mu.Lock()
				failed++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if failed != 5 || len(fake.Sent()) != 15 || len(fake.Calls()) != 20 {
		t.Errorf("failed %d, sent %d, calls %d; want 5, 15, 20", failed, len(fake.Sent()), len(fake.Calls()))
	}
	seen := map[string]bool{}
	for _, s := range fake.Sent() {
		if seen[s.SID] {
			t.Errorf("sid %s assigned twice", s.SID)
		}
		seen[s.SID] = true
	}
}

func TestDeliveryRequestIsSigned(t *testing.T) {
	fake := smstest.New(creds)
	fake.SetBaseURL("https://api.twilio.test")
	d := fake.Inbound(smstest.Message{From: "+15551234567", Text: "hi", ProfileName: "Sam",
		Media: []smstest.Media{{ContentType: "image/png", Data: []byte("x")}}})
	const hook = "https://chat.example.com/hook"
	req := d.Request(hook, creds.AuthToken)
	if req.Method != http.MethodPost || req.URL.String() != hook || req.Header.Get("Content-Type") != "application/x-www-form-urlencoded" {
		t.Fatalf("request %s %s %v", req.Method, req.URL, req.Header)
	}
	body, _ := io.ReadAll(req.Body)
	form, _ := url.ParseQuery(string(body))
	if got, want := req.Header.Get(sms.SignatureHeader), sms.Signature(creds.AuthToken, hook, form); got != want {
		t.Errorf("signature %q, want %q", got, want)
	}
	if form.Get("NumMedia") != "1" || !strings.HasPrefix(form.Get("MediaUrl0"), "https://api.twilio.test/2010-04-01/Accounts/"+creds.AccountSID+"/Messages/MM") ||
		form.Get("ProfileName") != "Sam" || form.Get("To") != creds.FromNumber || !strings.HasPrefix(form.Get("MessageSid"), "MM") {
		t.Errorf("form = %v", form)
	}
}
