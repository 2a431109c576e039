package whatsapp_test

import (
	"bytes"
	"errors"
	"net/http"
	"net/url"
	"testing"

	"github.com/frontdesk-chat/frontdesk/server/channel"
)

// Known vectors: HMAC-SHA256 keyed with "test-app-secret" (the example credentials' app secret),
// computed once outside Go (openssl dgst -sha256 -hmac) and hard-coded.
const (
	vectorBody = `{"object":"whatsapp_business_account","entry":[]}`
	vectorSig  = "sha256=c84a394cc475525991e78ff16e430b02e47f953877d2af0ade26956ce6f384dc"
	// Meta signs its unicode-escaped JSON: "äöå" arrives as \u00e4\u00f6\u00e5.
	escapedBody = `{"object":"whatsapp_business_account","entry":[],"note":"\u00e4\u00f6\u00e5"}`
	escapedSig  = "sha256=b246860f6c7a014bd02ca8134383ed242fa4a171b93598b024352461864cec5b"
)

func webhook(body, sig string) channel.WebhookRequest {
	h := http.Header{}
	if sig != "" {
		h.Set("X-Hub-Signature-256", sig)
	}
	return channel.WebhookRequest{Method: http.MethodPost, Header: h, Body: []byte(body)}
}

func TestAuthenticate(t *testing.T) {
	a, _ := setup(t)
	tests := []struct {
		name string
		req  channel.WebhookRequest
		want error
	}{
		{"known vector", webhook(vectorBody, vectorSig), nil},
		{"escaped unicode vector", webhook(escapedBody, escapedSig), nil},
		{"re-encoded body fails", webhook(`{"object":"whatsapp_business_account","entry":[],"note":"äöå"}`, escapedSig), channel.ErrUnauthorized},
		{"one byte changed", webhook(vectorBody+" ", vectorSig), channel.ErrUnauthorized},
		{"uppercase hex still the same bytes", webhook(vectorBody, "sha256=C84A394CC475525991E78FF16E430B02E47F953877D2AF0ADE26956CE6F384DC"), nil},
		{"missing header", webhook(vectorBody, ""), channel.ErrUnauthorized},
		{"sha1 header only", webhook(vectorBody, "sha1=0123"), channel.ErrUnauthorized},
		{"not hex", webhook(vectorBody, "sha256=zz"), channel.ErrUnauthorized},
		{"oversized body", webhook(string(bytes.Repeat([]byte("a"), channel.MaxWebhookBody+1)), vectorSig), channel.ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := a.Authenticate(tt.req)
			if tt.want == nil && err != nil {
				t.Fatalf("Authenticate = %v, want nil", err)
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Fatalf("Authenticate = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestAuthenticateFakeDeliveries(t *testing.T) {
	a, fake := setup(t)
	d := fake.Text(customer, "hello", at)
	if err := a.Authenticate(d.WebhookRequest()); err != nil {
		t.Fatalf("fake delivery rejected: %v", err)
	}
	// The same body signed with another app's secret is refused.
	other := webhook(string(d.Body), "sha256=c84a394cc475525991e78ff16e430b02e47f953877d2af0ade26956ce6f384dc")
	if err := a.Authenticate(other); !errors.Is(err, channel.ErrUnauthorized) {
		t.Fatalf("foreign signature: %v", err)
	}
}

func TestVerifyChallenge(t *testing.T) {
	a, _ := setup(t)
	q := url.Values{"hub.mode": {"subscribe"}, "hub.verify_token": {verifyToken}, "hub.challenge": {"1158201444"}}
	got, err := a.VerifyChallenge(q)
	if err != nil || got != "1158201444" {
		t.Fatalf("VerifyChallenge = %q, %v", got, err)
	}
	q.Set("hub.verify_token", "wrong")
	if _, err := a.VerifyChallenge(q); !errors.Is(err, channel.ErrUnauthorized) {
		t.Fatalf("wrong token: %v", err)
	}
}
