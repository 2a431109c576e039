package sms_test

import (
	"strings"
	"testing"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/channel/sms"
)

func TestNewValidatesCredentials(t *testing.T) {
	full := func() map[string]string { return testCreds.Map() }
	tests := []struct {
		name    string
		edit    func(map[string]string)
		wantErr string // "" for success
	}{
		{"from number", func(map[string]string) {}, ""},
		{"messaging service only", func(m map[string]string) {
			delete(m, sms.FieldFromNumber)
			m[sms.FieldMessagingServiceSID] = testService
		}, ""},
		{"missing account", func(m map[string]string) { delete(m, sms.FieldAccountSID) }, "account_sid is required"},
		{"account is not an AC sid", func(m map[string]string) { m[sms.FieldAccountSID] = "SK123" }, "account_sid must start with AC"},
		{"missing token", func(m map[string]string) { m[sms.FieldAuthToken] = "  " }, "auth_token is required"},
		{"no sender", func(m map[string]string) { delete(m, sms.FieldFromNumber) }, "from_number or messaging_service_sid is required"},
		{"bad service sid", func(m map[string]string) { m[sms.FieldMessagingServiceSID] = "PN1" }, "messaging_service_sid must start with MG"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			creds := full()
			tt.edit(creds)
			_, err := sms.Spec.New(channel.Config{Credentials: creds})
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("New: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("New = %v, want error containing %q", err, tt.wantErr)
			}
		})
	}
	if _, err := sms.New(channel.Config{Credentials: full(), BaseURL: "not a url"}); err == nil {
		t.Error("New accepted a base URL without scheme and host")
	}
}

func TestSpec(t *testing.T) {
	if sms.Spec.Kind != channel.SMS {
		t.Errorf("Kind = %s", sms.Spec.Kind)
	}
	want := map[string]channel.Field{
		"account_sid":           {Name: "account_sid", Required: true},
		"auth_token":            {Name: "auth_token", Secret: true, Required: true},
		"from_number":           {Name: "from_number"},
		"messaging_service_sid": {Name: "messaging_service_sid"},
	}
	if len(sms.Spec.Fields) != len(want) {
		t.Fatalf("fields = %+v", sms.Spec.Fields)
	}
	for _, f := range sms.Spec.Fields {
		w, ok := want[f.Name]
		if !ok || f.Secret != w.Secret || f.Required != w.Required || f.Label == "" {
			t.Errorf("field %+v", f)
		}
	}
}

func TestWindowAlwaysOpen(t *testing.T) {
	a := offlineAdapter(t)
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	for _, last := range []time.Time{{}, now, now.Add(-23 * time.Hour), now.Add(-25 * time.Hour), now.Add(-8 * 24 * time.Hour), now.Add(-400 * 24 * time.Hour)} {
		w := a.Window(last, now)
		if w.State != channel.WindowAlways || !w.Until.IsZero() || !w.CanSend() {
			t.Errorf("Window(%v) = %+v", last, w)
		}
	}
}

func TestDeepLink(t *testing.T) {
	a := offlineAdapter(t)
	tests := []struct {
		c    channel.Customer
		want string
	}{
		{channel.Customer{ID: customer, Phone: customer}, "sms:+15551234567"},
		{channel.Customer{ID: customer}, "sms:+15551234567"},
		{channel.Customer{}, ""},
	}
	for _, tt := range tests {
		if got := a.DeepLink(tt.c, channel.Account{ID: testNumber}); got != tt.want {
			t.Errorf("DeepLink(%+v) = %q, want %q", tt.c, got, tt.want)
		}
	}
	if a.Kind() != channel.SMS {
		t.Errorf("Kind = %s", a.Kind())
	}
}

func TestNormalizePhone(t *testing.T) {
	tests := []struct {
		in, want string // want "" means an error
	}{
		{"+1 (555) 123-4567", "+15551234567"},
		{"  +44 20 7946 0958 ", "+442079460958"},
		{"0044.20.7946.0958", "+442079460958"},
		{"+5511987654321", "+5511987654321"},
		{"5551234567", ""},
		{"+1555abc4567", ""},
		{"+123", ""},
		{"+1234567890123456", ""},
		{"+0123456789", ""},
		{"", ""},
	}
	for _, tt := range tests {
		got, err := sms.NormalizePhone(tt.in)
		if tt.want == "" {
			if err == nil {
				t.Errorf("NormalizePhone(%q) = %q, want an error", tt.in, got)
			}
			continue
		}
		if err != nil || string(got) != tt.want {
			t.Errorf("NormalizePhone(%q) = %q, %v, want %q", tt.in, got, err, tt.want)
		}
	}
}
