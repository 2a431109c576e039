package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/server/audit"
	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/channel/instagram"
	"github.com/frontdesk-chat/frontdesk/server/connection"
	"github.com/frontdesk-chat/frontdesk/server/conversation"
	"github.com/frontdesk-chat/frontdesk/server/inbox"
	"github.com/frontdesk-chat/frontdesk/server/relay"
)

// recordingLog keeps what the API logs.
type recordingLog struct {
	mu    sync.Mutex
	lines []string
}

func (l *recordingLog) add(level, msg string, kv []any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, level+" "+msg+" "+fmt.Sprintln(kv...))
}
func (l *recordingLog) Debug(msg string, kv ...any) { l.add("debug", msg, kv) }
func (l *recordingLog) Info(msg string, kv ...any)  { l.add("info", msg, kv) }
func (l *recordingLog) Warn(msg string, kv ...any)  { l.add("warn", msg, kv) }
func (l *recordingLog) Error(msg string, kv ...any) { l.add("error", msg, kv) }

func (l *recordingLog) errors() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for _, s := range l.lines {
		if strings.HasPrefix(s, "error ") {
			out = append(out, s)
		}
	}
	return out
}

// webhookRelay answers webhooks with whatever the test sets: a panic, an error or a 200.
type webhookRelay struct {
	handle func() (relay.WebhookAnswer, error)
}

func (r *webhookRelay) HandleWebhook(context.Context, *conversation.Connection, channel.WebhookRequest) (relay.WebhookAnswer, error) {
	return r.handle()
}

func (r *webhookRelay) MediaFile(string, string, string) (*conversation.File, error) {
	return nil, conversation.ErrNotFound
}

type siteURL struct{ Connections }

func (siteURL) WebhookURL(id string) string { return "http://mm.test/plugins/frontdesk/webhooks/" + id }

// unknownConnection is the one id the fake connections do not know.
var unknownConnection = model.NewId()

func (siteURL) Get(_ context.Context, id string) (*conversation.Connection, error) {
	if id == unknownConnection {
		return nil, conversation.ErrNotFound
	}
	return &conversation.Connection{ID: id}, nil
}

func newRouter(t *testing.T, r *webhookRelay) (http.Handler, *recordingLog) {
	t.Helper()
	log := &recordingLog{}
	return New(Deps{Version: "test", Connections: siteURL{}, Relay: r, Log: log}), log
}

func do(h http.Handler, method, path string) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(method, path, strings.NewReader("{}")))
	return w
}

func TestPanicInAHandlerIsRecoveredLoggedAndCounted(t *testing.T) {
	r := &webhookRelay{handle: func() (relay.WebhookAnswer, error) { panic("adapter bug") }}
	h, log := newRouter(t, r)
	id := model.NewId()
	w := do(h, http.MethodPost, "/webhooks/"+id)
	if w.Code != http.StatusInternalServerError || !strings.Contains(w.Body.String(), `"internal"`) {
		t.Fatalf("panicking webhook answered %d %s", w.Code, w.Body)
	}
	errs := log.errors()
	if len(errs) != 1 || !strings.Contains(errs[0], "recovered from a panic") || !strings.Contains(errs[0], "/webhooks/{connection_id}") ||
		!strings.Contains(errs[0], id) || !strings.Contains(errs[0], "adapter bug") {
		t.Fatalf("logged %q", errs)
	}
	// The plugin keeps serving, and says how many panics it survived.
	r.handle = func() (relay.WebhookAnswer, error) {
		return relay.WebhookAnswer{Status: http.StatusOK, ContentType: "text/plain", Body: "ok"}, nil
	}
	if w := do(h, http.MethodPost, "/webhooks/"+id); w.Code != http.StatusOK {
		t.Fatalf("after a panic the webhook answered %d", w.Code)
	}
	w = do(h, http.MethodGet, "/health")
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"panics_recovered":1`) {
		t.Fatalf("health = %d %s", w.Code, w.Body)
	}
}

func TestServerErrorsAreLoggedOnceWithRouteAndIDsAndClientErrorsAreNot(t *testing.T) {
	r := &webhookRelay{handle: func() (relay.WebhookAnswer, error) {
		return relay.WebhookAnswer{}, fmt.Errorf("storing event: %w", errors.New("store: claim message: connection refused"))
	}}
	h, log := newRouter(t, r)
	id := model.NewId()
	w := do(h, http.MethodPost, "/webhooks/"+id)
	if w.Code != http.StatusInternalServerError {
		t.Fatalf("status %d", w.Code)
	}
	body, _ := io.ReadAll(w.Body)
	if strings.Contains(string(body), "connection refused") {
		t.Fatalf("the answer leaks the cause: %s", body)
	}
	errs := log.errors()
	if len(errs) != 1 || !strings.Contains(errs[0], "request failed") || !strings.Contains(errs[0], "route /webhooks/{connection_id}") ||
		!strings.Contains(errs[0], "connection_id "+id) || !strings.Contains(errs[0], "store: claim message") {
		t.Fatalf("logged %q", errs)
	}

	for _, err := range []error{channel.ErrUnauthorized, fmt.Errorf("%w: no JSON", channel.ErrMalformed), conversation.ErrNotFound} {
		r.handle = func() (relay.WebhookAnswer, error) { return relay.WebhookAnswer{}, err }
		if w := do(h, http.MethodPost, "/webhooks/"+id); w.Code >= 500 {
			t.Fatalf("%v answered %d", err, w.Code)
		}
	}
	if n := len(log.errors()); n != 1 {
		t.Fatalf("4xx answers were logged as errors: %d error lines", n)
	}
}

func TestAPIRequiresAUser(t *testing.T) {
	h, _ := newRouter(t, &webhookRelay{})
	if w := do(h, http.MethodGet, "/api/v1/conversations"); w.Code != http.StatusUnauthorized {
		t.Fatalf("no user: %d", w.Code)
	}
}

// A webhook for a connection whose credentials cannot be opened (the encryption key changed) is
// answered 503 with the reason, not 500: the provider retries, and the admin sees what to do.
func TestWebhookOfAnUnreadableConnectionIsUnavailable(t *testing.T) {
	he := httpError(fmt.Errorf("connection x: %w", connection.ErrCredentialsUnreadable))
	if he.Status != http.StatusServiceUnavailable || !strings.Contains(he.Message, "reconnect") {
		t.Fatalf("answer = %+v", he)
	}
}

// countingBody records how much of a request body was read.
type countingBody struct {
	r    io.Reader
	read int
}

func (b *countingBody) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	b.read += n
	return n, err
}

// A webhook for a connection that does not exist is answered 404 before its body is read: a
// stranger cannot make the plugin buffer megabytes for nothing.
func TestWebhookOfAnUnknownConnectionIsNotReadAndAnswered404(t *testing.T) {
	called := false
	h, _ := newRouter(t, &webhookRelay{handle: func() (relay.WebhookAnswer, error) {
		called = true
		return relay.WebhookAnswer{Status: http.StatusOK}, nil
	}})
	body := &countingBody{r: strings.NewReader(strings.Repeat("x", 3<<20))}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/webhooks/"+unknownConnection, body))
	if w.Code != http.StatusNotFound || called || body.read != 0 {
		t.Fatalf("unknown connection: answered %d, relay called %v, %d bytes read", w.Code, called, body.read)
	}
	// A known one is read and handed on.
	body = &countingBody{r: strings.NewReader("{}")}
	w = httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/webhooks/"+model.NewId(), body))
	if w.Code != http.StatusOK || !called || body.read != 2 {
		t.Fatalf("known connection: answered %d, relay called %v, %d bytes read", w.Code, called, body.read)
	}
}

// A start over the user's limit is answered 429 with Retry-After in whole seconds and the reason.
func TestRateLimitedIsAnswered429WithRetryAfter(t *testing.T) {
	h := &handler{Deps: Deps{Log: &recordingLog{}}}
	w := httptest.NewRecorder()
	err := fmt.Errorf("start: %w", &inbox.RateLimitedError{RetryAfter: 4200 * time.Millisecond, Limit: inbox.DefaultStartLimit})
	h.fail(w, httptest.NewRequest(http.MethodPost, "/api/v1/conversations", nil), err)
	if w.Code != http.StatusTooManyRequests || w.Header().Get("Retry-After") != "5" ||
		!strings.Contains(w.Body.String(), `"rate_limited"`) || !strings.Contains(w.Body.String(), "try again in 5 s") {
		t.Fatalf("answered %d, Retry-After %q, %s", w.Code, w.Header().Get("Retry-After"), w.Body)
	}
}

// A setting saved in the System Console is answered with no user, the console's name and
// via "system_console"; an entry with a user has no via.
func TestAuditEntryFromTheSystemConsole(t *testing.T) {
	console, _ := json.Marshal(entryJSON(audit.Entry{AuditEntry: conversation.AuditEntry{Action: audit.AccessChange, TargetType: audit.TargetSettings},
		Username: audit.SystemConsoleName, Via: audit.ViaSystemConsole}))
	if s := string(console); !strings.Contains(s, `"user_id":"","username":"System Console"`) || !strings.Contains(s, `"via":"system_console"`) {
		t.Fatalf("the console's entry: %s", s)
	}
	user, _ := json.Marshal(entryJSON(audit.Entry{AuditEntry: conversation.AuditEntry{UserID: "u1"}, Username: "boss"}))
	if strings.Contains(string(user), "via") {
		t.Fatalf("a user's entry: %s", user)
	}
}

// kindsOf answers Kinds with the providers' real specs.
type kindsOf struct {
	siteURL
	specs []channel.Spec
}

func (k kindsOf) Kinds() []channel.Spec { return k.specs }

// GET /kinds offers the console's form only the fields an admin fills in: Instagram's token times,
// which Frontdesk keeps itself, are not among them (they stay in the kind's spec for Frontdesk).
func TestKindsLeaveOutInternalFields(t *testing.T) {
	h := New(Deps{Version: "test", Connections: kindsOf{specs: []channel.Spec{instagram.Spec}}, Relay: &webhookRelay{}, Log: &recordingLog{}})
	req := httptest.NewRequest(http.MethodGet, "/api/v1/kinds", nil)
	req.Header.Set(userHeader, model.NewId())
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	var kinds []struct {
		Kind   string `json:"kind"`
		Fields []struct {
			Name string `json:"name"`
		} `json:"fields"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &kinds); err != nil || w.Code != http.StatusOK || len(kinds) != 1 {
		t.Fatalf("GET /kinds: %d %s", w.Code, w.Body)
	}
	var names []string
	for _, f := range kinds[0].Fields {
		names = append(names, f.Name)
	}
	got := strings.Join(names, ",")
	if got != "account_id,access_token,app_secret,instagram_app_secret,username,api_flavour" {
		t.Fatalf("fields offered: %s", got)
	}
	internal := 0
	for _, f := range instagram.Spec.Fields {
		if f.Internal {
			internal++
		}
	}
	if internal != 2 {
		t.Fatalf("the spec keeps %d internal fields, want the two token times", internal)
	}
}
