package main

import (
	"bufio"
	"context"
	"errors"
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
	"github.com/frontdesk-chat/frontdesk/server/channel/telegram"
)

const (
	simToken  = "123456789:sim-token"
	simSecret = "conn-verify_token-1"
)

// frontdesk stands in for Frontdesk's webhook endpoint: it answers Meta's verification GET and
// authenticates and parses each delivery with the adapter itself, answering 403, 401 or 400 as the
// real endpoint does.
type frontdesk struct {
	mu        sync.Mutex // guards adapter and publicURL, set once the simulator's base URL is known
	adapter   channel.Adapter
	publicURL string // the webhook URL as Frontdesk knows it (Twilio signs it)
	events    chan channel.Event
	denied    chan error
}

func (f *frontdesk) set(a channel.Adapter, publicURL string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.adapter, f.publicURL = a, publicURL
}

func (f *frontdesk) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	adapter, publicURL := f.adapter, f.publicURL
	f.mu.Unlock()
	serveWebhook(w, r, adapter, publicURL, f.events, f.denied)
}

// serveWebhook is the webhook endpoint's logic, shared with the fake Frontdesk API of frontdesk_test.go.
func serveWebhook(w http.ResponseWriter, r *http.Request, adapter channel.Adapter, publicURL string, events chan<- channel.Event, denied chan<- error) {
	if r.Method == http.MethodGet {
		v, ok := adapter.(channel.Verifier)
		if !ok {
			http.Error(w, "not found", http.StatusNotFound)
			return
		}
		challenge, err := v.VerifyChallenge(r.URL.Query())
		if err != nil {
			http.Error(w, "verify token mismatch", http.StatusForbidden)
			return
		}
		_, _ = io.WriteString(w, challenge)
		return
	}
	body, _ := io.ReadAll(io.LimitReader(r.Body, channel.MaxWebhookBody))
	req := channel.WebhookRequest{Method: r.Method, PublicURL: publicURL, Header: r.Header, Query: r.URL.Query(), Body: body}
	if err := adapter.Authenticate(req); err != nil {
		denied <- err
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return
	}
	evs, err := adapter.Parse(req)
	if err != nil {
		http.Error(w, "malformed", http.StatusBadRequest)
		return
	}
	for _, ev := range evs {
		events <- ev
	}
}

// simProcess runs the simulator with pipes for its standard input and output.
type simProcess struct {
	stdin *io.PipeWriter
	lines chan string
	done  chan error
	base  string
}

func startSim(t *testing.T, args ...string) *simProcess {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	p := &simProcess{stdin: inW, lines: make(chan string, 100), done: make(chan error, 1)}
	go func() {
		p.done <- run(ctx, args, inR, outW)
		outW.Close()
	}()
	go func() {
		sc := bufio.NewScanner(outR)
		for sc.Scan() {
			p.lines <- sc.Text()
		}
		close(p.lines)
	}()
	t.Cleanup(func() {
		inW.Close()
		cancel()
		select {
		case err := <-p.done:
			if err != nil && !errors.Is(err, context.Canceled) {
				t.Errorf("simulator stopped with %v", err)
			}
		case <-time.After(5 * time.Second):
			t.Error("simulator did not stop")
		}
	})
	line := p.expect(t, " API at ")
	_, p.base, _ = strings.Cut(line, " API at ")
	return p
}

// expect waits for an output line containing want and returns it.
func (p *simProcess) expect(t *testing.T, want string) string {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		select {
		case line, ok := <-p.lines:
			if !ok {
				t.Fatalf("output ended before %q", want)
			}
			if strings.Contains(line, want) {
				return line
			}
		case <-deadline:
			t.Fatalf("no output line with %q", want)
		}
	}
}

func (p *simProcess) typeLine(t *testing.T, line string) {
	t.Helper()
	if _, err := io.WriteString(p.stdin, line+"\n"); err != nil {
		t.Fatal(err)
	}
}

func newFrontdesk(t *testing.T, baseURL, webhookURL, secret string) *frontdesk {
	t.Helper()
	return watch(newTelegram(t, baseURL, webhookURL, secret))
}

func watch(a channel.Adapter) *frontdesk {
	return &frontdesk{adapter: a, events: make(chan channel.Event, 10), denied: make(chan error, 10)}
}

// writeFile writes a file for /image or /file in the test's temporary folder.
func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func newTelegram(t *testing.T, baseURL, webhookURL, secret string) *telegram.Adapter {
	t.Helper()
	a, err := telegram.New(channel.Config{
		Credentials: map[string]string{telegram.FieldBotToken: simToken, telegram.FieldBotUsername: "frontdesk_sim_bot"},
		BaseURL:     baseURL, WebhookURL: webhookURL, VerifyToken: secret,
	})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// eventSource is a stand-in Frontdesk that reports what its webhook accepted and refused.
type eventSource interface {
	feed() (events <-chan channel.Event, denied <-chan error)
}

func (f *frontdesk) feed() (<-chan channel.Event, <-chan error) { return f.events, f.denied }

func nextEvent(t *testing.T, f eventSource) channel.Event {
	t.Helper()
	events, denied := f.feed()
	select {
	case ev := <-events:
		return ev
	case err := <-denied:
		t.Fatalf("Frontdesk refused the delivery: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("no delivery reached Frontdesk")
	}
	return channel.Event{}
}

// TestTelegramSimulator drives the simulator as a person would, with Frontdesk's side played by the
// Telegram adapter: the webhook is registered through the fake, deliveries are authenticated with the
// adapter's own Authenticate, media is fetched back, and what Frontdesk sends is printed.
func TestTelegramSimulator(t *testing.T) {
	fd := newFrontdesk(t, "", "", "")
	hook := httptest.NewServer(fd)
	defer hook.Close()

	p := startSim(t, "-provider", "telegram", "-listen", "127.0.0.1:0", "-bot-token", simToken,
		"-customer-id", "700001", "-customer-name", "Ann Lee", "-customer-username", "annlee")

	// Frontdesk, configured with the printed api_base_url, registers its webhook at the fake.
	tg := newTelegram(t, p.base, hook.URL, simSecret)
	fd.set(tg, "")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := tg.RegisterWebhook(ctx); err != nil {
		t.Fatalf("RegisterWebhook against the simulator: %v", err)
	}

	p.typeLine(t, "hello from the simulator")
	ev := nextEvent(t, fd)
	if ev.Type != channel.EventMessage || ev.Text != "hello from the simulator" || ev.Customer.ID != "700001" ||
		ev.Customer.Name != "Ann Lee" || ev.Customer.Username != "annlee" {
		t.Fatalf("event %+v", ev)
	}
	p.expect(t, "-> delivered to Frontdesk: 200 OK")

	img := filepath.Join(t.TempDir(), "receipt.jpg")
	data := []byte("\xff\xd8\xff\xe0 fake jpeg")
	if err := os.WriteFile(img, data, 0o600); err != nil {
		t.Fatal(err)
	}
	p.typeLine(t, "/image "+img)
	ev = nextEvent(t, fd)
	if len(ev.Media) != 1 || ev.Media[0].Kind != channel.Image {
		t.Fatalf("image event %+v", ev)
	}
	dl, err := tg.FetchMedia(ctx, ev.Media[0])
	if err != nil || string(dl.Data) != string(data) {
		t.Fatalf("fetching the image back: %v (%q)", err, dl.Data)
	}

	res, err := tg.Send(ctx, channel.Outbound{To: "700001", Text: "Thanks, Ann!", ReplyTo: ev.MessageID})
	if err != nil {
		t.Fatal(err)
	}
	p.expect(t, `<- frontdesk: #3 to 700001 (reply to #2) "Thanks, Ann!"`)
	if err := tg.Edit(ctx, "700001", res.MessageID, "Thanks, Ann."); err != nil {
		t.Fatal(err)
	}
	p.expect(t, `"Thanks, Ann." (edited)`)

	p.typeLine(t, "/read")
	p.expect(t, "telegram has no delivery or read receipts")

	// /block: Frontdesk hears of it and the fake refuses sends until /unblock.
	p.typeLine(t, "/block")
	if ev = nextEvent(t, fd); ev.Type != channel.EventOptOut || !ev.OptedOut || ev.Customer.ID != "700001" {
		t.Fatalf("block event %+v", ev)
	}
	if _, err := tg.Send(ctx, channel.Outbound{To: "700001", Text: "hello?"}); channel.ClassOf(err) != channel.ClassOptedOut {
		t.Fatalf("send to a customer who blocked the bot: %v", err)
	}
	p.typeLine(t, "/unblock")
	if ev = nextEvent(t, fd); ev.Type != channel.EventOptOut || ev.OptedOut {
		t.Fatalf("unblock event %+v", ev)
	}
	if _, err := tg.Send(ctx, channel.Outbound{To: "700001", Text: "welcome back"}); err != nil {
		t.Fatalf("send after the unblock: %v", err)
	}
	p.typeLine(t, "/nonsense")
	p.expect(t, "unknown command /nonsense")
}

// TestSimulatorWithWrongSecretIsRefused checks the other side of authentication: a simulator told
// the wrong secret is turned away by the adapter, and says so.
func TestSimulatorWithWrongSecretIsRefused(t *testing.T) {
	fd := newFrontdesk(t, "", "", simSecret)
	hook := httptest.NewServer(fd)
	defer hook.Close()
	p := startSim(t, "-provider=telegram", "-webhook", hook.URL, "-secret", "not-the-secret", "-bot-token", simToken)
	p.typeLine(t, "hello")
	select {
	case err := <-fd.denied:
		if !strings.Contains(err.Error(), "mismatch") {
			t.Errorf("refused for %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("delivery did not arrive")
	}
	p.expect(t, "401 Unauthorized")
}

func TestParseArgs(t *testing.T) {
	if _, err := parseArgs([]string{"-provider", "fax"}, io.Discard); err == nil || !strings.Contains(err.Error(), "telegram") {
		t.Errorf("unknown provider: %v", err)
	}
	cfg, err := parseArgs([]string{"--provider=telegram", "-webhook", "http://x/hook", "-bot-username", "b"}, io.Discard)
	if err != nil || cfg.provider != "telegram" || cfg.webhook != "http://x/hook" || cfg.listen != "127.0.0.1:0" {
		t.Errorf("cfg %+v, err %v", cfg, err)
	}
	if _, err := parseArgs([]string{"-provider", "telegram", "-app-secret", "x"}, io.Discard); err == nil {
		t.Error("another provider's flag accepted")
	}
}
