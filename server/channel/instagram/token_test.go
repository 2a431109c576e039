package instagram

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/channel/instagram/instagramtest"
)

var refreshNow = time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)

func stamp(d time.Duration) string { return refreshNow.Add(d).Format(time.RFC3339) }

const day = 24 * time.Hour

func TestRefreshDue(t *testing.T) {
	cases := []struct {
		name    string
		flavour Flavour
		creds   map[string]string
		due     bool
	}{
		{"expires in 5 days", InstagramLogin, map[string]string{FieldTokenExpiresAt: stamp(5 * day), FieldTokenRefreshedAt: stamp(-55 * day)}, true},
		{"expires in 5 days, age unknown", InstagramLogin, map[string]string{FieldTokenExpiresAt: stamp(5 * day)}, true},
		{"expires in 30 days", InstagramLogin, map[string]string{FieldTokenExpiresAt: stamp(30 * day), FieldTokenRefreshedAt: stamp(-30 * day)}, false},
		{"unknown expiry, refreshed 2 days ago", InstagramLogin, map[string]string{FieldTokenRefreshedAt: stamp(-2 * day)}, true},
		{"unknown expiry, refreshed 2 hours ago", InstagramLogin, map[string]string{FieldTokenRefreshedAt: stamp(-2 * time.Hour)}, false},
		{"nothing known", InstagramLogin, nil, true},
		{"expires in 5 days but refreshed 2 hours ago", InstagramLogin, map[string]string{FieldTokenExpiresAt: stamp(5 * day), FieldTokenRefreshedAt: stamp(-2 * time.Hour)}, false},
		{"facebook_login", FacebookLogin, map[string]string{FieldTokenExpiresAt: stamp(5 * day)}, false},
		{"facebook_login, nothing known", FacebookLogin, nil, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := map[string]string{FieldFlavour: string(tc.flavour)}
			for k, v := range tc.creds {
				c[k] = v
			}
			a := offline(t, c) // unreachable API: a refresh that is not due must make no call
			if got := a.refreshDue(refreshNow); got != tc.due {
				t.Fatalf("due = %v, want %v", got, tc.due)
			}
			if tc.due {
				return
			}
			creds, changed, err := a.RefreshCredentials(ctx(t), refreshNow)
			if err != nil || changed || creds != nil {
				t.Fatalf("not due: %v %v %v", creds, changed, err)
			}
		})
	}
}

func TestTokenFieldsOptionalAndChecked(t *testing.T) {
	for _, f := range Spec.Fields {
		if (f.Name == FieldTokenRefreshedAt || f.Name == FieldTokenExpiresAt) && (f.Secret || f.Required || f.Label == "") {
			t.Errorf("field %+v", f)
		}
	}
	a := offline(t, map[string]string{FieldTokenExpiresAt: stamp(20 * day), FieldTokenRefreshedAt: stamp(-40 * day)})
	if exp, ok := a.TokenExpiresAt(); !ok || !exp.Equal(refreshNow.Add(20*day)) {
		t.Errorf("expiry %v %v", exp, ok)
	}
	if _, ok := offline(t, nil).TokenExpiresAt(); ok {
		t.Error("expiry known without the field")
	}
	for _, field := range []string{FieldTokenRefreshedAt, FieldTokenExpiresAt} {
		c := credsFor(InstagramLogin)
		c[field] = "next tuesday"
		if _, err := New(channel.Config{Credentials: c}); err == nil || !strings.Contains(err.Error(), field) {
			t.Errorf("bad %s: %v", field, err)
		}
	}
}

// rawPaths serves the fake behind a handler that records the undecoded request paths, so a test
// can see whether a call carried a Graph version.
func rawPaths(t *testing.T, fake *instagramtest.Server) (base string, paths func() []string) {
	t.Helper()
	var mu sync.Mutex
	var seen []string
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.URL.Path)
		mu.Unlock()
		fake.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	fake.SetURL(ts.URL)
	return ts.URL, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), seen...)
	}
}

func TestRefreshAgainstFake(t *testing.T) {
	c := credsFor(InstagramLogin)
	c[FieldTokenExpiresAt] = stamp(3 * day)
	c[FieldTokenRefreshedAt] = stamp(-57 * day)
	fake := instagramtest.New(c)
	base, paths := rawPaths(t, fake)
	cfg := channel.Config{Credentials: c, BaseURL: base + "/v26.0"}
	a, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}

	creds, changed, err := a.RefreshCredentials(ctx(t), refreshNow)
	if err != nil || !changed {
		t.Fatalf("refresh: %v %v", changed, err)
	}
	newToken := fake.Token()
	if newToken == "ig-token" || creds[FieldAccessToken] != newToken {
		t.Fatalf("stored token %q, fake's newest %q", creds[FieldAccessToken], newToken)
	}
	if creds[FieldTokenRefreshedAt] != "2026-05-01T12:00:00Z" ||
		creds[FieldTokenExpiresAt] != refreshNow.Add(5183944*time.Second).Format(time.RFC3339) {
		t.Fatalf("times %q %q", creds[FieldTokenRefreshedAt], creds[FieldTokenExpiresAt])
	}
	for _, f := range []string{FieldAccountID, FieldAppSecret, FieldInstagramAppSecret, FieldUsername, FieldFlavour} {
		if creds[f] != c[f] {
			t.Errorf("%s = %q, want %q", f, creds[f], c[f])
		}
	}
	if c[FieldAccessToken] != "ig-token" || c[FieldTokenExpiresAt] != stamp(3*day) {
		t.Error("the caller's credentials were modified")
	}
	call := fake.Calls()[0]
	if call.Method != http.MethodGet || paths()[0] != "/refresh_access_token" ||
		call.Query.Get("grant_type") != "ig_refresh_token" || call.Query.Get("access_token") != "ig-token" {
		t.Fatalf("call %+v path %q", call, paths()[0])
	}

	// Meta is not known to kill the old token on refresh: the fake keeps it, and so does the adapter
	// until the core rebuilds it from the stored credentials.
	if _, err := a.Send(ctx(t), channel.Outbound{To: igsid, Text: "old token"}); err != nil {
		t.Fatalf("old token after refresh: %v", err)
	}
	cfg.Credentials = creds
	b, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	fake.RetireOldTokens()
	if _, err := a.Send(ctx(t), channel.Outbound{To: igsid, Text: "old token"}); chErr(t, err).Class != channel.ClassSyncLost {
		t.Fatalf("retired token: %v", err)
	}
	if _, err := b.Send(ctx(t), channel.Outbound{To: igsid, Text: "new token"}); err != nil {
		t.Fatalf("rebuilt adapter: %v", err)
	}
	if s := fake.Sent(); len(s) != 2 || s[1].Text != "new token" {
		t.Fatalf("sent %+v", s)
	}

	// Freshly refreshed: nothing due for a day, nor until 10 days before the new expiry.
	for _, later := range []time.Duration{time.Hour, 2 * day, 49 * day} {
		if _, changed, err := b.RefreshCredentials(ctx(t), refreshNow.Add(later)); changed || err != nil {
			t.Fatalf("+%v: %v %v", later, changed, err)
		}
	}
	again, changed, err := b.RefreshCredentials(ctx(t), refreshNow.Add(51*day))
	if err != nil || !changed || again[FieldAccessToken] != fake.Token() || again[FieldAccessToken] == newToken {
		t.Fatalf("second refresh: %v %v %v", again, changed, err)
	}
	if got := fake.Calls()[len(fake.Calls())-1].Query.Get("access_token"); got != newToken {
		t.Fatalf("second refresh presented %q", got)
	}
}

func TestRefreshFailures(t *testing.T) {
	due := map[string]string{FieldTokenExpiresAt: stamp(2 * day)}
	t.Run("190 is sync lost with Meta's reason", func(t *testing.T) {
		a, fake := setup(t, InstagramLogin)
		fake.FailNext(1, instagramtest.TokenExpired)
		_, changed, err := a.RefreshCredentials(ctx(t), refreshNow)
		e := chErr(t, err)
		if changed || e.Class != channel.ClassSyncLost || e.Code != "190/463" || !strings.Contains(e.Reason, "Session has expired") {
			t.Fatalf("%v %+v", changed, e)
		}
		if fake.Token() != "ig-token" {
			t.Fatal("failed refresh changed the token")
		}
	})
	t.Run("expired token", func(t *testing.T) {
		a, fake := setup(t, InstagramLogin)
		fake.ExpireToken()
		_, _, err := a.RefreshCredentials(ctx(t), refreshNow)
		if e := chErr(t, err); e.Class != channel.ClassSyncLost || e.Code != "190/463" {
			t.Fatalf("%+v", e)
		}
	})
	t.Run("unknown token", func(t *testing.T) {
		c := credsFor(InstagramLogin)
		fake := instagramtest.New(c)
		base := fake.Start()
		t.Cleanup(fake.Close)
		c[FieldAccessToken] = "pasted-wrong"
		a, err := New(channel.Config{Credentials: c, BaseURL: base + "/v26.0"})
		if err != nil {
			t.Fatal(err)
		}
		_, _, err = a.RefreshCredentials(ctx(t), refreshNow)
		if e := chErr(t, err); e.Class != channel.ClassSyncLost || e.Code != "190" {
			t.Fatalf("%+v", e)
		}
	})
	t.Run("unreachable is retryable and keeps the token out of the error", func(t *testing.T) {
		a := offline(t, due)
		_, _, err := a.RefreshCredentials(ctx(t), refreshNow)
		if e := chErr(t, err); e.Class != channel.ClassRetryable || strings.Contains(err.Error(), "ig-token") ||
			strings.Contains(e.Err.Error(), "ig-token") {
			t.Fatalf("%v / %v", err, e.Err)
		}
	})
}
