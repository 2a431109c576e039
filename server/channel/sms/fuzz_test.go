package sms

import (
	"errors"
	"net/http"
	"testing"

	"github.com/frontdesk-chat/frontdesk/server/channel"
)

func fuzzAdapter(f *testing.F) *Adapter {
	a, err := New(channel.Config{Credentials: map[string]string{
		FieldAccountSID: "AC00000000000000000000000000000001", FieldAuthToken: "token", FieldFromNumber: "+15557654321",
	}, WebhookURL: "https://chat.example.com/hook"})
	if err != nil {
		f.Fatal(err)
	}
	return a
}

func seedForms(f *testing.F) {
	f.Add([]byte("MessageSid=SM1&From=%2B15551234567&To=%2B15557654321&Body=hi&NumMedia=0"))
	f.Add([]byte("MessageSid=MM1&From=%2B1&NumMedia=2&MediaUrl0=https%3A%2F%2Fapi.twilio.com%2Fx%2FME1&MediaContentType0=image%2Fpng"))
	f.Add([]byte("MessageSid=SM1&MessageStatus=undelivered&ErrorCode=30003&To=%2B1&From=%2B2"))
	f.Add([]byte("MessageSid=SM1&From=x&Latitude=1&Longitude=2&Label=L"))
	f.Add([]byte("CallSid=CA1&CallStatus=ringing"))
	f.Add([]byte("%zz=&&=&;"))
	f.Add([]byte(""))
}

// FuzzParse: no panic, and every failure wraps ErrMalformed or ErrTooLarge.
func FuzzParse(f *testing.F) {
	seedForms(f)
	a := fuzzAdapter(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		req := channel.WebhookRequest{Method: http.MethodPost, PublicURL: "https://chat.example.com/hook", Body: body,
			Header: http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}}
		events, err := a.Parse(req)
		if err != nil {
			if !errors.Is(err, channel.ErrMalformed) && !errors.Is(err, channel.ErrTooLarge) {
				t.Fatalf("error %v wraps neither ErrMalformed nor ErrTooLarge", err)
			}
			return
		}
		for _, ev := range events {
			if ev.MessageID == "" {
				t.Fatalf("event without id: %+v", ev)
			}
		}
	})
}

// FuzzAuthenticate: no panic, never accepts a random signature, and failures wrap the sentinels.
func FuzzAuthenticate(f *testing.F) {
	seedForms(f)
	a := fuzzAdapter(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		req := channel.WebhookRequest{Method: http.MethodPost, PublicURL: "https://chat.example.com/hook", Body: body,
			Header: http.Header{SignatureHeader: {"AAAAAAAAAAAAAAAAAAAAAAAAAAA="}}}
		err := a.Authenticate(req)
		if err == nil {
			t.Fatal("accepted a fixed signature")
		}
		if !errors.Is(err, channel.ErrUnauthorized) && !errors.Is(err, channel.ErrMalformed) && !errors.Is(err, channel.ErrTooLarge) {
			t.Fatalf("error %v wraps no webhook sentinel", err)
		}
	})
}

// FuzzClassify: any answer body becomes a classified error without panicking.
func FuzzClassify(f *testing.F) {
	f.Add(400, []byte(`{"code":21610,"message":"Attempt to send to unsubscribed recipient","status":400}`))
	f.Add(401, []byte(`{"code":"20003"}`))
	f.Add(503, []byte(`<html>`))
	f.Add(429, []byte(``))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		e := classify(status, http.Header{}, body)
		if e == nil || e.Class == "" || e.Code == "" {
			t.Fatalf("classify(%d, %q) = %+v", status, body, e)
		}
	})
}
