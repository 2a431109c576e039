package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/channel/instagram"
	"github.com/frontdesk-chat/frontdesk/server/channel/messenger"
	"github.com/frontdesk-chat/frontdesk/server/channel/sms"
	"github.com/frontdesk-chat/frontdesk/server/channel/telegram"
	"github.com/frontdesk-chat/frontdesk/server/channel/whatsapp"
)

const (
	adminToken = "admin-login-token"
	demoChan   = "4xq8n1rw3jdb7e6kzq5p9m2tfa" // 26 characters, like a Mattermost id
)

// fakeFrontdesk plays Frontdesk's connections API and webhook endpoint as the plugin serves them on
// a Mattermost site: the admin's bearer token, strict JSON bodies, the adapter built from the
// connection with its webhook URL and verify token, the webhook registered where the provider has
// registration, and every delivery authenticated and parsed by that adapter.
type fakeFrontdesk struct {
	t      *testing.T
	url    string
	events chan channel.Event
	denied chan error

	mu    sync.Mutex
	conns map[string]*fakeConn
	seq   int
	posts int
	patch int
}

type fakeConn struct {
	connection
	adapter channel.Adapter
}

var specs = map[string]channel.Spec{
	"whatsapp": whatsapp.Spec, "messenger": messenger.Spec, "instagram": instagram.Spec,
	"telegram": telegram.Spec, "sms": sms.Spec,
}

func newFakeFrontdesk(t *testing.T) *fakeFrontdesk {
	f := &fakeFrontdesk{t: t, conns: map[string]*fakeConn{}, events: make(chan channel.Event, 10), denied: make(chan error, 10)}
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+connectionsPath, f.auth(f.list))
	mux.HandleFunc("POST "+connectionsPath, f.auth(f.create))
	mux.HandleFunc("PATCH "+connectionsPath+"/{id}", f.auth(f.update))
	mux.HandleFunc("/plugins/frontdesk/webhooks/{id}", f.webhook)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	f.url = srv.URL
	return f
}

func apiErr(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": code, "message": msg})
}

func (f *fakeFrontdesk) auth(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+adminToken {
			apiErr(w, http.StatusUnauthorized, "unauthorized", "a Mattermost login or access token is required")
			return
		}
		next(w, r)
	}
}

func (f *fakeFrontdesk) list(w http.ResponseWriter, _ *http.Request) {
	f.mu.Lock()
	out := []connection{}
	for _, c := range f.conns {
		out = append(out, c.connection)
	}
	f.mu.Unlock()
	_ = json.NewEncoder(w).Encode(out)
}

func decodeBody(w http.ResponseWriter, r *http.Request) (connectionBody, bool) {
	var b connectionBody
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&b); err != nil {
		apiErr(w, http.StatusBadRequest, "invalid", "invalid JSON body: "+err.Error())
		return b, false
	}
	if r.Header.Get("Content-Type") != "application/json" {
		apiErr(w, http.StatusBadRequest, "invalid", "JSON expected")
		return b, false
	}
	if b.ChannelID != demoChan {
		apiErr(w, http.StatusBadRequest, "invalid", "channel_id must be a Mattermost channel id")
		return b, false
	}
	return b, true
}

func (f *fakeFrontdesk) create(w http.ResponseWriter, r *http.Request) {
	b, ok := decodeBody(w, r)
	if !ok {
		return
	}
	f.mu.Lock()
	f.seq++
	f.posts++
	c := &fakeConn{connection: connection{ID: fmt.Sprintf("conn%d", f.seq), Kind: b.Kind, VerifyToken: fmt.Sprintf("vt-%d", f.seq)}}
	f.mu.Unlock()
	c.WebhookURL = f.url + "/plugins/frontdesk/webhooks/" + c.ID
	f.apply(w, r, c, b, http.StatusCreated)
}

func (f *fakeFrontdesk) update(w http.ResponseWriter, r *http.Request) {
	b, ok := decodeBody(w, r)
	if !ok {
		return
	}
	f.mu.Lock()
	c := f.conns[r.PathValue("id")]
	f.patch++
	f.mu.Unlock()
	if c == nil {
		apiErr(w, http.StatusNotFound, "not_found", "not found")
		return
	}
	if b.Kind != "" && b.Kind != c.Kind {
		apiErr(w, http.StatusBadRequest, "invalid", "the kind of a connection cannot change")
		return
	}
	f.apply(w, r, c, b, http.StatusOK)
}

// apply builds the adapter as the core does, registers its webhook and stores the connection.
func (f *fakeFrontdesk) apply(w http.ResponseWriter, r *http.Request, c *fakeConn, b connectionBody, status int) {
	spec, ok := specs[c.Kind]
	if !ok || b.Name == "" {
		apiErr(w, http.StatusBadRequest, "invalid", "kind and name are required")
		return
	}
	a, err := spec.New(channel.Config{Credentials: b.Credentials, BaseURL: b.APIBaseURL, WebhookURL: c.WebhookURL, VerifyToken: c.VerifyToken})
	if err != nil {
		apiErr(w, http.StatusBadRequest, "invalid", err.Error())
		return
	}
	if reg, ok := a.(channel.WebhookRegistrar); ok {
		if err := reg.RegisterWebhook(r.Context()); err != nil {
			apiErr(w, http.StatusBadGateway, "provider", err.Error())
			return
		}
	}
	f.mu.Lock()
	c.Name, c.ChannelID, c.adapter = b.Name, b.ChannelID, a
	f.conns[c.ID] = c
	out := c.connection
	f.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(out)
}

func (f *fakeFrontdesk) webhook(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	c := f.conns[r.PathValue("id")]
	f.mu.Unlock()
	if c == nil {
		apiErr(w, http.StatusNotFound, "not_found", "unknown connection")
		return
	}
	serveWebhook(w, r, c.adapter, c.WebhookURL, f.events, f.denied)
}

func (f *fakeFrontdesk) adapter(t *testing.T, id string) channel.Adapter {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.conns[id] == nil {
		t.Fatalf("no connection %s", id)
	}
	return f.conns[id].adapter
}

func (f *fakeFrontdesk) feed() (<-chan channel.Event, <-chan error) { return f.events, f.denied }

func (f *fakeFrontdesk) counts() (posts, patches int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.posts, f.patch
}

// writeDevFile writes a credentials file as make dev does.
func writeDevFile(t *testing.T, siteURL string) string {
	t.Helper()
	data, err := json.MarshalIndent(map[string]any{
		"url": siteURL, "password": "Frontdesk-dev-1", "team_id": "t1", "team_name": "demo",
		"channel_id": demoChan, "channel_name": "customers",
		"users": map[string]any{
			"admin":  map[string]string{"id": "u1", "username": "admin", "role": "system admin", "token": adminToken},
			"agent1": map[string]string{"id": "u2", "username": "agent1", "role": "agent", "token": "agent-token"},
		},
	}, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "credentials.json")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestFrontdeskModeWhatsApp is the newcomer's path: -dev with make dev's file creates the connection
// with the simulator's credentials and base URL, Meta's verification GET passes with the returned
// verify token, and a typed line reaches Frontdesk signed. A second run reuses the connection
// (PATCH with the new base URL) instead of leaving a dead one behind, and sending goes to the new fake.
func TestFrontdeskModeWhatsApp(t *testing.T) {
	fd := newFakeFrontdesk(t)
	dev := writeDevFile(t, fd.url)

	p := startSim(t, "-provider", "whatsapp", "-dev", dev, "-customer-phone", "15550001111")
	line := p.expect(t, "Frontdesk connection")
	if !strings.Contains(line, `"Simulated whatsapp" created (id conn1)`) || !strings.Contains(line, demoChan) {
		t.Fatalf("connection line %q", line)
	}
	p.expect(t, "webhook: "+fd.url+"/plugins/frontdesk/webhooks/conn1")
	p.expect(t, "-> webhook verified")
	p.typeLine(t, "hola")
	ev := nextEvent(t, fd)
	if ev.Type != channel.EventMessage || ev.Text != "hola" || ev.Customer.ID != "15550001111" {
		t.Fatalf("event %+v", ev)
	}
	p.expect(t, "-> delivered to Frontdesk: 200 OK")

	again := startSim(t, "-provider", "whatsapp", "-dev", dev, "-customer-phone", "15550001111")
	again.expect(t, `"Simulated whatsapp" updated (id conn1)`)
	again.expect(t, "-> webhook verified")
	// The second fake must not hand out the first run's message ids: Frontdesk would drop the
	// message as a duplicate of the one it already has.
	again.typeLine(t, "hola otra vez")
	if ev2 := nextEvent(t, fd); ev2.Text != "hola otra vez" || ev2.MessageID == ev.MessageID {
		t.Fatalf("second run's event %+v reuses the first run's id %s", ev2, ev.MessageID)
	}
	if posts, patches := fd.counts(); posts != 1 || patches != 1 {
		t.Fatalf("%d creations and %d updates, want 1 and 1", posts, patches)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := fd.adapter(t, "conn1").Send(ctx, channel.Outbound{To: "15550001111", Text: "welcome back"}); err != nil {
		t.Fatal(err)
	}
	again.expect(t, `<- frontdesk: text to 15550001111`)
}

// TestFrontdeskModeTelegram uses the explicit flags. Frontdesk registers its webhook at the fake
// while creating the connection, and the simulator delivers with the connection's verify token as
// the secret token, which the adapter checks.
func TestFrontdeskModeTelegram(t *testing.T) {
	fd := newFakeFrontdesk(t)
	p := startSim(t, "-provider", "telegram", "-frontdesk", fd.url+"/", "-token", adminToken, "-channel", demoChan,
		"-name", "Support bot", "-customer-id", "900002")
	p.expect(t, `"Support bot" created (id conn1)`)
	p.typeLine(t, "hello bot")
	ev := nextEvent(t, fd)
	if ev.Type != channel.EventMessage || ev.Text != "hello bot" || ev.Customer.ID != "900002" {
		t.Fatalf("event %+v", ev)
	}
}

// TestFrontdeskModeSMS: Twilio signs the exact webhook URL, so it must be the one Frontdesk returned.
func TestFrontdeskModeSMS(t *testing.T) {
	fd := newFakeFrontdesk(t)
	p := startSim(t, "-provider", "sms", "-dev", writeDevFile(t, fd.url))
	p.expect(t, `"Simulated sms" created`)
	p.typeLine(t, "text me back")
	if ev := nextEvent(t, fd); ev.Text != "text me back" || ev.Customer.ID != "+15551234567" {
		t.Fatalf("event %+v", ev)
	}
}

// TestFrontdeskModeRefused: a stale token stops the simulator with Frontdesk's answer and a hint,
// before anything is typed.
func TestFrontdeskModeRefused(t *testing.T) {
	fd := newFakeFrontdesk(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := run(ctx, []string{"-provider", "messenger", "-frontdesk", fd.url, "-token", "stale", "-channel", demoChan},
		strings.NewReader(""), io.Discard)
	if err == nil || !strings.Contains(err.Error(), "401 Unauthorized") || !strings.Contains(err.Error(), "make dev writes new ones") {
		t.Fatalf("err = %v", err)
	}
	err = run(ctx, []string{"-provider", "messenger", "-frontdesk", fd.url, "-token", adminToken, "-channel", "nope"},
		strings.NewReader(""), io.Discard)
	if err == nil || !strings.Contains(err.Error(), "channel_id must be a Mattermost channel id") {
		t.Fatalf("err = %v", err)
	}
}

func TestFrontdeskFlags(t *testing.T) {
	for _, args := range [][]string{
		{"-provider", "sms", "-frontdesk", "http://mm"},
		{"-provider", "sms", "-token", "x", "-channel", demoChan},
		{"-provider", "sms", "-frontdesk", "http://mm", "-token", "x", "-channel", demoChan, "-webhook", "http://x"},
		{"-provider", "sms", "-dev", filepath.Join(t.TempDir(), "missing.json")},
	} {
		if _, err := parseArgs(args, io.Discard); err == nil {
			t.Errorf("%v accepted", args)
		}
	}
	cfg, err := parseArgs([]string{"-provider", "instagram", "-dev", writeDevFile(t, "http://mm.test"), "-channel", "other"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	want := frontdeskTarget{siteURL: "http://mm.test", token: adminToken, channelID: "other", name: "Simulated instagram"}
	if cfg.frontdesk != want {
		t.Errorf("target %+v, want %+v (flags win over the dev file)", cfg.frontdesk, want)
	}
}

// TestProvidersAreKinds: -frontdesk sends the provider's name as the connection kind, and its
// credentials must be fields the kind knows (Frontdesk refuses unknown ones).
func TestProvidersAreKinds(t *testing.T) {
	for name, reg := range providers() {
		spec, ok := specs[name]
		if !ok || spec.Kind != channel.Kind(name) {
			t.Errorf("provider %s is not a connection kind", name)
			continue
		}
		prov, err := reg(newFlagSet())()
		if err != nil {
			t.Fatalf("%s with default flags: %v", name, err)
		}
		known := map[string]bool{}
		for _, f := range spec.Fields {
			known[f.Name] = true
		}
		for k := range prov.Credentials() {
			if !known[k] {
				t.Errorf("%s: credential %q unknown to the kind", name, k)
			}
		}
	}
}

func newFlagSet() *flag.FlagSet { return flag.NewFlagSet("test", flag.ContinueOnError) }
