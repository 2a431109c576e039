package instagram

import (
	"strings"
	"testing"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/channel"
)

func TestNewValidatesAndDefaults(t *testing.T) {
	for _, missing := range []string{FieldAccountID, FieldAccessToken, FieldAppSecret} {
		c := credsFor(InstagramLogin)
		delete(c, missing)
		if _, err := Spec.New(channel.Config{Credentials: c}); err == nil || !strings.Contains(err.Error(), missing) {
			t.Errorf("missing %s: %v", missing, err)
		}
	}
	c := credsFor("graph_api")
	if _, err := New(channel.Config{Credentials: c}); err == nil || !strings.Contains(err.Error(), FieldFlavour) {
		t.Errorf("bad flavour: %v", err)
	}
	c = credsFor(InstagramLogin)
	delete(c, FieldFlavour)
	delete(c, FieldInstagramAppSecret)
	delete(c, FieldUsername)
	a, err := New(channel.Config{Credentials: c})
	if err != nil {
		t.Fatal(err)
	}
	if a.Flavour() != InstagramLogin || a.graph.BaseURL != "https://graph.instagram.com/v26.0" || a.Kind() != channel.Instagram {
		t.Errorf("defaults: %s %s", a.Flavour(), a.graph.BaseURL)
	}
	b, err := New(channel.Config{Credentials: credsFor(FacebookLogin)})
	if err != nil || b.graph.BaseURL != "https://graph.facebook.com/v26.0" {
		t.Fatalf("facebook login: %v", err)
	}
	secret := map[string]bool{}
	for _, f := range Spec.Fields {
		secret[f.Name] = f.Secret
	}
	if !secret[FieldAccessToken] || !secret[FieldAppSecret] || !secret[FieldInstagramAppSecret] || secret[FieldUsername] || secret[FieldAccountID] || secret[FieldFlavour] {
		t.Errorf("secret flags %v", secret)
	}
}

func TestWindowAndDeepLink(t *testing.T) {
	a := offline(t, nil)
	last := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	if w := a.Window(last, last.Add(6*24*time.Hour)); w.State != channel.WindowHumanAgent || !w.Until.Equal(last.Add(7*24*time.Hour)) {
		t.Errorf("6 days: %+v", w)
	}
	if w := a.Window(last, last.Add(7*24*time.Hour+time.Second)); w.CanSend() {
		t.Errorf("after 7 days: %+v", w)
	}
	if got := a.DeepLink(channel.Customer{ID: igsid}, channel.Account{ID: account}); got != "https://ig.me/m/acme.shop" {
		t.Errorf("deep link %q", got)
	}
	noName := offline(t, map[string]string{FieldUsername: ""})
	if got := noName.DeepLink(channel.Customer{}, channel.Account{}); got != "https://www.instagram.com/direct/inbox/" {
		t.Errorf("deep link %q", got)
	}
}
