package messenger

import (
	"strings"
	"testing"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/channel"
)

func TestNewValidates(t *testing.T) {
	for _, missing := range []string{FieldPageID, FieldPageToken, FieldAppSecret} {
		c := map[string]string{FieldPageID: page, FieldPageToken: "t", FieldAppSecret: "s"}
		delete(c, missing)
		_, err := Spec.New(channel.Config{Credentials: c})
		if err == nil || !strings.Contains(err.Error(), missing) {
			t.Errorf("missing %s: %v", missing, err)
		}
	}
	_, err := New(channel.Config{Credentials: map[string]string{FieldPageID: "my-page", FieldPageToken: "t", FieldAppSecret: "s"}})
	if err == nil || !strings.Contains(err.Error(), FieldPageID) {
		t.Errorf("non-numeric page id: %v", err)
	}
	a, err := New(channel.Config{Credentials: map[string]string{FieldPageID: page, FieldPageToken: "t", FieldAppSecret: "s"}})
	if err != nil {
		t.Fatal(err)
	}
	if a.graph.BaseURL != "https://graph.facebook.com/v26.0" || a.http.Timeout == 0 || a.Kind() != channel.Messenger {
		t.Errorf("defaults: %s %v", a.graph.BaseURL, a.http.Timeout)
	}
}

func TestSpecFields(t *testing.T) {
	secret := map[string]bool{}
	for _, f := range Spec.Fields {
		secret[f.Name] = f.Secret
	}
	if Spec.Kind != channel.Messenger || len(Spec.Fields) != 3 || secret[FieldPageID] || !secret[FieldPageToken] || !secret[FieldAppSecret] {
		t.Fatalf("spec %+v", Spec)
	}
}

func TestWindowAndDeepLink(t *testing.T) {
	a := newOffline(t, "s")
	last := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		after time.Duration
		want  channel.WindowState
	}{{time.Hour, channel.WindowOpen}, {25 * time.Hour, channel.WindowHumanAgent}, {8 * 24 * time.Hour, channel.WindowClosed}} {
		if got := a.Window(last, last.Add(tc.after)); got.State != tc.want {
			t.Errorf("after %v: %+v", tc.after, got)
		}
	}
	if got := a.DeepLink(channel.Customer{ID: psid}, channel.Account{}); got != "https://m.me/"+page {
		t.Errorf("deep link %q", got)
	}
	if got := a.DeepLink(channel.Customer{ID: psid}, channel.Account{ID: "55"}); got != "https://m.me/55" {
		t.Errorf("deep link %q", got)
	}
}
