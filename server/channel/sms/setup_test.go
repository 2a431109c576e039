package sms_test

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/channel/sms"
	"github.com/frontdesk-chat/frontdesk/server/channel/sms/smstest"
)

// The connection every test uses; fixtures in testdata are written for this account.
const (
	testAccount = "AC00000000000000000000000000000001"
	testService = "MG00000000000000000000000000000002"
	testToken   = "f0e1d2c3b4a5968778695a4b3c2d1e0f"
	testNumber  = "+15557654321"
	testHook    = "https://chat.example.com/plugins/frontdesk/webhooks/sms/c0nn3ct10n"
	customer    = "+15551234567"
)

var testCreds = smstest.Credentials{AccountSID: testAccount, AuthToken: testToken, FromNumber: testNumber}

// newAdapter builds an adapter bound to a started fake.
func newAdapter(t *testing.T, creds smstest.Credentials) (*sms.Adapter, *smstest.Server) {
	t.Helper()
	fake := smstest.Start(creds)
	t.Cleanup(fake.Close)
	a, err := sms.New(channel.Config{Credentials: creds.Map(), BaseURL: fake.URL(), WebhookURL: testHook})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return a, fake
}

// offlineAdapter is an adapter for tests that make no provider call.
func offlineAdapter(t *testing.T) *sms.Adapter {
	t.Helper()
	a, err := sms.New(channel.Config{Credentials: testCreds.Map(), WebhookURL: testHook})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return a
}

func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// signedRequest is body posted to testHook, signed with token.
func signedRequest(t *testing.T, body []byte, token string) channel.WebhookRequest {
	t.Helper()
	form, err := url.ParseQuery(string(body))
	if err != nil {
		// Malformed fixtures cannot be signed; the adapter must reject them before the signature matters.
		form = url.Values{}
	}
	h := http.Header{}
	h.Set("Content-Type", "application/x-www-form-urlencoded")
	h.Set(sms.SignatureHeader, sms.Signature(token, testHook, form))
	return channel.WebhookRequest{Method: http.MethodPost, PublicURL: testHook, Header: h, Body: body}
}

func classOf(t *testing.T, err error) *channel.Error {
	t.Helper()
	e, ok := err.(*channel.Error)
	if !ok {
		t.Fatalf("error %v (%T) is not a *channel.Error", err, err)
	}
	return e
}
