package sms_test

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/channel/sms"
)

// The expected values below were computed once outside Go (openssl dgst -sha1 -hmac, base64; and a
// short Python script for the fixture) and hard-coded, so they check the algorithm, not itself.

var vectorForm = url.Values{
	"MessageSid": {"SM11111111111111111111111111111111"},
	"AccountSid": {testAccount},
	"From":       {"+15551234567"},
	"To":         {"+15557654321"},
	"Body":       {"Hello, world & more: 50% off?"},
	"NumMedia":   {"0"},
}

func TestSignatureKnownVectors(t *testing.T) {
	tests := []struct {
		name, token, url string
		form             url.Values
		want             string
	}{
		{"SMS webhook", testToken, testHook, vectorForm, "4Xl4jX+IGvlUEy1+jJV5j8WkQyk="},
		{"same webhook with explicit :443", testToken,
			"https://chat.example.com:443/plugins/frontdesk/webhooks/sms/c0nn3ct10n", vectorForm, "WRHEwrKpF5n9GETby9Le8RvZrbU="},
		// The example request Twilio's request validators are tested with (token "12345").
		{"Twilio validator example", "12345", "https://mycompany.com/myapp.php?foo=1&bar=2", url.Values{
			"CallSid": {"CA1234567890ABCDE"}, "Caller": {"+14158675309"}, "Digits": {"1234"},
			"From": {"+14158675309"}, "To": {"+18005551212"},
		}, "RSOYDt4T1cUTdK1PDd93/VVr8B8="},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := sms.Signature(tt.token, tt.url, tt.form); got != tt.want {
				t.Errorf("Signature = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestAuthenticateFixtureSignedElsewhere(t *testing.T) {
	a := offlineAdapter(t)
	h := http.Header{}
	h.Set("Content-Type", "application/x-www-form-urlencoded")
	h.Set(sms.SignatureHeader, "3m+M7Nd3+B8VyS/H+vJ+RoJGE7I=") // computed by a Python script from the fixture
	req := channel.WebhookRequest{Method: http.MethodPost, PublicURL: testHook, Header: h, Body: fixture(t, "inbound_text.form")}
	if err := a.Authenticate(req); err != nil {
		t.Fatalf("Authenticate: %v", err)
	}
}

func TestAuthenticate(t *testing.T) {
	body := []byte(vectorForm.Encode())
	header := func(sig string) http.Header {
		h := http.Header{}
		h.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
		if sig != "" {
			h.Set(sms.SignatureHeader, sig)
		}
		return h
	}
	const good = "4Xl4jX+IGvlUEy1+jJV5j8WkQyk="
	const withPort = "WRHEwrKpF5n9GETby9Le8RvZrbU="
	jsonBody := []byte(`{"MessageSid":"SM1"}`)
	const jsonHook = "https://chat.example.com/hook?bodySHA256=b4fd85f2ce8bfebc5cbc4a67ac690906953178daf04df41e183024cc01315de4"
	tests := []struct {
		name string
		req  channel.WebhookRequest
		want error // nil for success
	}{
		{"valid", channel.WebhookRequest{Method: "POST", PublicURL: testHook, Header: header(good), Body: body}, nil},
		{"signed with default port, URL without", channel.WebhookRequest{Method: "POST", PublicURL: testHook, Header: header(withPort), Body: body}, nil},
		{"signed without port, URL with", channel.WebhookRequest{Method: "POST",
			PublicURL: "https://chat.example.com:443/plugins/frontdesk/webhooks/sms/c0nn3ct10n", Header: header(good), Body: body}, nil},
		{"public URL falls back to the configured webhook URL", channel.WebhookRequest{Method: "POST", Header: header(good), Body: body}, nil},
		{"missing header", channel.WebhookRequest{Method: "POST", PublicURL: testHook, Header: header(""), Body: body}, channel.ErrUnauthorized},
		{"signature of another URL (proxy rewrote https to http)", channel.WebhookRequest{Method: "POST",
			PublicURL: strings.Replace(testHook, "https:", "http:", 1), Header: header(good), Body: body}, channel.ErrUnauthorized},
		{"tampered body", channel.WebhookRequest{Method: "POST", PublicURL: testHook, Header: header(good),
			Body: []byte(strings.Replace(string(body), "50", "90", 1))}, channel.ErrUnauthorized},
		{"extra field added", channel.WebhookRequest{Method: "POST", PublicURL: testHook, Header: header(good),
			Body: append(append([]byte{}, body...), "&Extra=1"...)}, channel.ErrUnauthorized},
		{"signature truncated", channel.WebhookRequest{Method: "POST", PublicURL: testHook, Header: header(good[:10]), Body: body}, channel.ErrUnauthorized},
		{"signed with another token", channel.WebhookRequest{Method: "POST", PublicURL: testHook,
			Header: header(sms.Signature("other-token", testHook, vectorForm)), Body: body}, channel.ErrUnauthorized},
		{"GET", channel.WebhookRequest{Method: "GET", PublicURL: testHook, Header: header(good)}, channel.ErrMalformed},
		{"JSON content type", channel.WebhookRequest{Method: "POST", PublicURL: testHook,
			Header: http.Header{"Content-Type": {"application/json"}, sms.SignatureHeader: {good}}, Body: body}, channel.ErrMalformed},
		{"oversized", channel.WebhookRequest{Method: "POST", PublicURL: testHook, Header: header(good),
			Body: []byte("Body=" + strings.Repeat("a", 300<<10))}, channel.ErrTooLarge},
		{"bodySHA256 variant", channel.WebhookRequest{Method: "POST", PublicURL: jsonHook,
			Header: http.Header{sms.SignatureHeader: {"CgLB3qLmlPPLtKXTmaFBDOTODHw="}}, Body: jsonBody}, nil},
		{"bodySHA256 variant, body changed", channel.WebhookRequest{Method: "POST", PublicURL: jsonHook,
			Header: http.Header{sms.SignatureHeader: {"CgLB3qLmlPPLtKXTmaFBDOTODHw="}}, Body: []byte(`{"MessageSid":"SM2"}`)}, channel.ErrUnauthorized},
	}
	a := offlineAdapter(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := a.Authenticate(tt.req)
			switch {
			case tt.want == nil && err != nil:
				t.Fatalf("Authenticate: %v", err)
			case tt.want != nil && !errors.Is(err, tt.want):
				t.Fatalf("Authenticate = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestAuthenticateRepeatedFieldsSortValues(t *testing.T) {
	a := offlineAdapter(t)
	form := url.Values{"MessageSid": {"SM1"}, "Tag": {"b", "a"}}
	// openssl over testHook + "MessageSidSM1" + "Taga" + "Tagb": names sorted, then the values of a
	// repeated name sorted, as Twilio's SDK validators do.
	h := http.Header{}
	h.Set(sms.SignatureHeader, "EDItwY0Xp5S32fHB/3tWS/9Ggd0=")
	req := channel.WebhookRequest{Method: "POST", PublicURL: testHook, Header: h, Body: []byte(form.Encode())}
	if err := a.Authenticate(req); err != nil {
		t.Fatalf("Authenticate: %v", err)
	}
}
