package whatsapp_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/channel/whatsapp"
	"github.com/frontdesk-chat/frontdesk/server/channel/whatsapp/whatsapptest"
)

func fuzzAdapter(f *testing.F) *whatsapp.Adapter {
	a, err := whatsapp.New(channel.Config{Credentials: whatsapptest.ExampleCredentials().Map(), BaseURL: "http://127.0.0.1:1"})
	if err != nil {
		f.Fatal(err)
	}
	return a
}

func seedFixtures(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.json"))
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

// FuzzParse: no panic, and every error wraps ErrMalformed (or ErrTooLarge).
func FuzzParse(f *testing.F) {
	a := fuzzAdapter(f)
	seedFixtures(f)
	f.Add([]byte(`{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"messages":[{"id":"x","timestamp":12,"type":"image"}]}}]}]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		evs, err := a.Parse(channel.WebhookRequest{Body: body})
		if err != nil {
			if !errors.Is(err, channel.ErrMalformed) && !errors.Is(err, channel.ErrTooLarge) {
				t.Fatalf("error %v wraps neither ErrMalformed nor ErrTooLarge", err)
			}
			return
		}
		for _, ev := range evs {
			if ev.MessageID == "" {
				t.Fatalf("event without a dedupe key: %+v", ev)
			}
		}
	})
}

// FuzzAuthenticate: any header and body either pass (only with the right signature) or fail with
// ErrUnauthorized / ErrTooLarge, never panic.
func FuzzAuthenticate(f *testing.F) {
	a := fuzzAdapter(f)
	f.Add([]byte(vectorBody), vectorSig)
	f.Add([]byte("{}"), "sha256=")
	f.Add([]byte(""), "")
	f.Fuzz(func(t *testing.T, body []byte, sig string) {
		req := webhook(string(body), sig)
		err := a.Authenticate(req)
		if err == nil && (string(body) != vectorBody || (sig != vectorSig && !equalFoldHex(sig, vectorSig))) {
			t.Fatalf("accepted body %q with signature %q", body, sig)
		}
		if err != nil && !errors.Is(err, channel.ErrUnauthorized) && !errors.Is(err, channel.ErrTooLarge) {
			t.Fatalf("unexpected error %v", err)
		}
	})
}

func equalFoldHex(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'F' {
			x += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}
