package whatsapp_test

import (
	"strings"
	"testing"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/channel/whatsapp"
	"github.com/frontdesk-chat/frontdesk/server/channel/whatsapp/whatsapptest"
)

func TestSpecFields(t *testing.T) {
	if whatsapp.Spec.Kind != channel.WhatsApp {
		t.Fatalf("kind = %q", whatsapp.Spec.Kind)
	}
	secret := map[string]bool{}
	for _, f := range whatsapp.Spec.Fields {
		secret[f.Name] = f.Secret
	}
	// The fake's Map must use exactly the adapter's field names.
	for name := range whatsapptest.ExampleCredentials().Map() {
		if _, ok := secret[name]; !ok {
			t.Errorf("fake credential %q is not a Spec field", name)
		}
	}
	if !secret["access_token"] || !secret["app_secret"] || secret["phone_number_id"] || secret["waba_id"] {
		t.Errorf("secret flags wrong: %v", secret)
	}
}

func TestNewValidatesCredentials(t *testing.T) {
	full := whatsapptest.ExampleCredentials().Map()
	for _, field := range []string{"phone_number_id", "waba_id", "access_token", "app_secret"} {
		creds := map[string]string{}
		for k, v := range full {
			creds[k] = v
		}
		delete(creds, field)
		_, err := whatsapp.Spec.New(channel.Config{Credentials: creds})
		if err == nil || !strings.Contains(err.Error(), field) {
			t.Errorf("without %s: err = %v, want it named", field, err)
		}
	}
	// The display number is optional.
	creds := map[string]string{}
	for k, v := range full {
		creds[k] = v
	}
	delete(creds, "display_phone_number")
	a, err := whatsapp.Spec.New(channel.Config{Credentials: creds})
	if err != nil || a == nil || a.Kind() != channel.WhatsApp {
		t.Fatalf("without display number: %v, %v", a, err)
	}
	// A phone number typed where the id belongs is caught.
	creds["phone_number_id"] = "+1 555 078 3881"
	if _, err := whatsapp.Spec.New(channel.Config{Credentials: creds}); err == nil {
		t.Fatal("phone number accepted as phone_number_id")
	}
}

func TestSpecNewReturnsUntypedNilOnError(t *testing.T) {
	a, err := whatsapp.Spec.New(channel.Config{})
	if err == nil || a != nil {
		t.Fatalf("Spec.New(empty) = %#v, %v; want nil adapter and an error", a, err)
	}
}
