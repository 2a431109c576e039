package providertest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/channel"
)

// Scripted is a channel.Adapter for core tests: no HTTP, no provider. It implements every optional
// capability; Minimal and Without hide them when a test needs an adapter that lacks one. Each
// answer is scripted by the test, each call recorded. It is safe for concurrent use.
//
//   - Authenticate accepts a delivery whose ScriptedHeader carries Secret.
//   - Parse returns the next batch queued with QueueParse, else decodes the body: a JSON array of
//     channel.Event as encoding/json writes it (Request builds one).
//   - Send, React and SendTemplate answer the replies queued with ScriptSend (or FailNext), in order,
//     then succeed with a fresh message id.
//   - Every method that returns an error fails with the errors queued by FailNext first.
//   - PanicOn makes a method panic, to prove the core recovers.
type Scripted struct {
	mu       sync.Mutex
	kind     channel.Kind
	secret   string
	parses   []parseReply
	replies  map[string][]Reply
	panics   map[string]bool
	calls    []Call
	sends    []SendCall
	configs  []channel.Config
	ids      Seq
	window   func(last, now time.Time) channel.Window
	deepLink string
	media    map[string]channel.Download
	health   error
	profiles map[channel.CustomerID]channel.Customer
	tmpls    []channel.Template
	refresh  refreshReply
	maxText  int
	account  channel.Account

	firstContact error
}

var (
	_ channel.Adapter             = (*Scripted)(nil)
	_ channel.Verifier            = (*Scripted)(nil)
	_ channel.WebhookRegistrar    = (*Scripted)(nil)
	_ channel.ReadMarker          = (*Scripted)(nil)
	_ channel.ProfileFetcher      = (*Scripted)(nil)
	_ channel.Editor              = (*Scripted)(nil)
	_ channel.Deleter             = (*Scripted)(nil)
	_ channel.Reactor             = (*Scripted)(nil)
	_ channel.CredentialRefresher = (*Scripted)(nil)
	_ channel.TextChecker         = (*Scripted)(nil)
	_ channel.AccountDescriber    = (*Scripted)(nil)
	_ channel.CustomerNormalizer  = (*Scripted)(nil)
	_ channel.TemplateSender      = (*Scripted)(nil)
	_ channel.Acknowledger        = (*Scripted)(nil)
	_ channel.WindowExplainer     = (*Scripted)(nil)
	_ channel.FirstContactGate    = (*Scripted)(nil)
	_ channel.OptOutExplainer     = (*Scripted)(nil)
)

// ScriptedHeader is the header Authenticate checks, and DefaultSecret the value it wants at first.
const (
	ScriptedHeader = "X-Scripted-Secret"
	DefaultSecret  = "scripted-secret"
)

// Reply is one scripted answer of Send, React or SendTemplate: a result or an error.
type Reply struct {
	Result channel.SendResult
	Err    error
}

// SendCall is one recorded Send: what the core asked for and what it was told.
type SendCall struct {
	Msg    channel.Outbound
	Result channel.SendResult
	Err    error
}

// Call is one recorded call of any method but Send. Fields a method has no use for stay empty.
type Call struct {
	Method   string
	To       channel.CustomerID // MarkRead, Edit, Delete, React, Profile, SendTemplate
	Target   channel.MessageID  // MarkRead (the last message read), Edit, Delete, React
	Text     string             // Edit (new text), React (emoji), CheckText, NormalizeCustomer (typed), SendTemplate (name)
	Language string             // SendTemplate
	Params   []string           // SendTemplate
	Err      error              // what the call returned
}

type parseReply struct {
	events []channel.Event
	err    error
}

type refreshReply struct {
	creds   map[string]string
	changed bool
	during  func() // runs while the renewal is in flight, unlocked
}

// NewScripted returns an adapter of the given kind whose window is always open, whose sends succeed
// and whose deliveries must carry DefaultSecret.
func NewScripted(kind channel.Kind) *Scripted {
	return &Scripted{
		kind:     kind,
		secret:   DefaultSecret,
		replies:  map[string][]Reply{},
		panics:   map[string]bool{},
		window:   func(time.Time, time.Time) channel.Window { return channel.Window{State: channel.WindowAlways} },
		media:    map[string]channel.Download{},
		profiles: map[channel.CustomerID]channel.Customer{},
		account:  channel.Account{ID: "scripted-account", Name: "Scripted account"},
	}
}

// ScriptedFields are the credentials a scripted connection asks for.
var ScriptedFields = []channel.Field{{Name: "token", Label: "Token", Secret: true, Required: true}}

// ScriptedSpec is a spec whose New always returns the one *Scripted it gives the test too.
func ScriptedSpec(kind channel.Kind) (channel.Spec, *Scripted) {
	s := NewScripted(kind)
	return s.Spec(), s
}

// Spec returns a spec of the adapter's kind whose New records the config and returns s itself.
func (s *Scripted) Spec() channel.Spec { return s.SpecOf(s) }

// SpecOf is Spec with New returning a, usually s.Minimal(): the core builds an
// adapter that lacks a capability but is scripted and recorded through s.
func (s *Scripted) SpecOf(a channel.Adapter) channel.Spec {
	return channel.Spec{Kind: s.kind, Fields: ScriptedFields, New: func(cfg channel.Config) (channel.Adapter, error) {
		s.mu.Lock()
		defer s.mu.Unlock()
		if err := s.enter("New"); err != nil {
			return nil, err
		}
		cfg.Credentials = cloneMap(cfg.Credentials)
		s.configs = append(s.configs, cfg)
		return a, nil
	}}
}

// Scripting.

// SetSecret changes the value Authenticate and VerifyChallenge want.
func (s *Scripted) SetSecret(secret string) { s.locked(func() { s.secret = secret }) }

// QueueParse makes the next Parse return these events (or err), whatever the body.
func (s *Scripted) QueueParse(events []channel.Event, err error) {
	s.locked(func() { s.parses = append(s.parses, parseReply{events: slices.Clone(events), err: err}) })
}

// ScriptSend queues the answers of the next sends, in order.
func (s *Scripted) ScriptSend(replies ...Reply) {
	s.locked(func() { s.replies["Send"] = append(s.replies["Send"], replies...) })
}

// ScriptReply queues answers of React or SendTemplate, in order.
func (s *Scripted) ScriptReply(method string, replies ...Reply) {
	s.locked(func() { s.replies[method] = append(s.replies[method], replies...) })
}

// FailNext makes the next n calls of method (e.g. "Send", "Health", "Edit", "New") return err. For
// Send, React and SendTemplate the failures join the queue ScriptSend and ScriptReply fill.
func (s *Scripted) FailNext(method string, n int, err error) {
	s.locked(func() {
		for range n {
			s.replies[method] = append(s.replies[method], Reply{Err: err})
		}
	})
}

// ClassError is a provider failure of the given class, as adapters return them.
func ClassError(class channel.Class, reason string) *channel.Error {
	return &channel.Error{Class: class, Reason: reason}
}

// PanicOn makes every call of method panic (on=true) until PanicOn(method, false).
func (s *Scripted) PanicOn(method string, on bool) { s.locked(func() { s.panics[method] = on }) }

// SetWindow fixes the window Window answers.
func (s *Scripted) SetWindow(w channel.Window) {
	s.locked(func() { s.window = func(time.Time, time.Time) channel.Window { return w } })
}

// SetWindowFunc computes the window from the customer's last message and now.
func (s *Scripted) SetWindowFunc(f func(last, now time.Time) channel.Window) {
	s.locked(func() { s.window = f })
}

// SetDeepLink makes DeepLink answer prefix followed by the customer's id ("" answers "").
func (s *Scripted) SetDeepLink(prefix string) { s.locked(func() { s.deepLink = prefix }) }

// SetMedia makes FetchMedia of ref answer d; an unknown ref is a permanent failure.
func (s *Scripted) SetMedia(ref string, d channel.Download) {
	s.locked(func() {
		s.media[ref] = channel.Download{Data: slices.Clone(d.Data), MIMEType: d.MIMEType, FileName: d.FileName}
	})
}

// SetHealth makes every Health call answer err (nil: healthy).
func (s *Scripted) SetHealth(err error) { s.locked(func() { s.health = err }) }

// SetProfile makes Profile of c.ID answer c; an unknown id answers a customer with only the id.
func (s *Scripted) SetProfile(c channel.Customer) { s.locked(func() { s.profiles[c.ID] = c }) }

// SetTemplates sets what Templates lists.
func (s *Scripted) SetTemplates(t []channel.Template) { s.locked(func() { s.tmpls = slices.Clone(t) }) }

// SetRefresh sets what RefreshCredentials answers (nil, false at first: nothing due).
func (s *Scripted) SetRefresh(creds map[string]string, changed bool) {
	s.locked(func() { s.refresh.creds, s.refresh.changed = cloneMap(creds), changed })
}

// DuringRefresh runs fn inside the next RefreshCredentials calls, after the answer is chosen and
// before the core stores it: a change made while a renewal is in flight.
func (s *Scripted) DuringRefresh(fn func()) { s.locked(func() { s.refresh.during = fn }) }

// SetTextLimit makes CheckText refuse texts longer than n bytes (0: no limit).
func (s *Scripted) SetTextLimit(n int) { s.locked(func() { s.maxText = n }) }

// SetAccount sets what Account answers.
func (s *Scripted) SetAccount(a channel.Account) { s.locked(func() { s.account = a }) }

// Records.

// Sends lists every Send so far, failed ones included, in order.
func (s *Scripted) Sends() []SendCall {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]SendCall, len(s.sends))
	for i, c := range s.sends {
		c.Msg = cloneOutbound(c.Msg)
		out[i] = c
	}
	return out
}

// Sent lists the messages the provider accepted, in order.
func (s *Scripted) Sent() []channel.Outbound {
	var out []channel.Outbound
	for _, c := range s.Sends() {
		if c.Err == nil {
			out = append(out, c.Msg)
		}
	}
	return out
}

// Calls lists the recorded calls of one method (all methods but Send when method is ""), in order.
func (s *Scripted) Calls(method string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Call
	for _, c := range s.calls {
		if method == "" || c.Method == method {
			c.Params = slices.Clone(c.Params)
			out = append(out, c)
		}
	}
	return out
}

// Configs lists the configs the spec's New was given, in order.
func (s *Scripted) Configs() []channel.Config {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]channel.Config, len(s.configs))
	for i, c := range s.configs {
		c.Credentials = cloneMap(c.Credentials)
		out[i] = c
	}
	return out
}

// Request builds an authenticated delivery carrying events in the form Parse decodes.
func (s *Scripted) Request(events ...channel.Event) channel.WebhookRequest {
	body, err := json.Marshal(events)
	if err != nil {
		panic(err) // events are plain data
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return channel.WebhookRequest{Method: http.MethodPost, Header: http.Header{ScriptedHeader: {s.secret}}, Body: body}
}

// The adapter.

func (s *Scripted) locked(f func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f()
}

// maybePanic panics when the test asked it to; the caller's deferred Unlock releases s.mu.
func (s *Scripted) maybePanic(method string) {
	if s.panics[method] {
		panic("providertest: scripted panic in " + method)
	}
}

// enter panics when the test asked it to, else takes the next queued failure of method; s.mu must
// be held.
func (s *Scripted) enter(method string) error {
	s.maybePanic(method)
	if q := s.replies[method]; len(q) > 0 && q[0].Err != nil {
		s.replies[method] = q[1:]
		return q[0].Err
	}
	return nil
}

// next takes the next scripted reply of method, else a success with a fresh id; s.mu must be held.
func (s *Scripted) next(method string) Reply {
	if q := s.replies[method]; len(q) > 0 {
		s.replies[method] = q[1:]
		return q[0]
	}
	return Reply{Result: channel.SendResult{MessageID: channel.MessageID(fmt.Sprintf("scripted-%d", s.ids.Next())), At: time.Now()}}
}

// record runs a call that returns only an error and records it; s.mu must be held.
func (s *Scripted) record(c Call) error {
	c.Err = s.enter(c.Method)
	s.calls = append(s.calls, c)
	return c.Err
}

func (s *Scripted) Kind() channel.Kind {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.kind
}

func (s *Scripted) Authenticate(req channel.WebhookRequest) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.enter("Authenticate"); err != nil {
		return err
	}
	if got := req.Header.Get(ScriptedHeader); got == "" || got != s.secret {
		return fmt.Errorf("scripted: %w", channel.ErrUnauthorized)
	}
	return nil
}

func (s *Scripted) Parse(req channel.WebhookRequest) ([]channel.Event, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.enter("Parse"); err != nil {
		return nil, err
	}
	if len(s.parses) > 0 {
		p := s.parses[0]
		s.parses = s.parses[1:]
		return slices.Clone(p.events), p.err
	}
	if len(req.Body) == 0 {
		return nil, nil
	}
	var events []channel.Event
	if err := json.Unmarshal(req.Body, &events); err != nil {
		return nil, fmt.Errorf("scripted: %w: %v", channel.ErrMalformed, err)
	}
	return events, nil
}

func (s *Scripted) Send(_ context.Context, msg channel.Outbound) (channel.SendResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.maybePanic("Send")
	r := s.next("Send")
	if r.Err != nil {
		r.Result = channel.SendResult{}
	}
	s.sends = append(s.sends, SendCall{Msg: cloneOutbound(msg), Result: r.Result, Err: r.Err})
	return r.Result, r.Err
}

func (s *Scripted) Window(last, now time.Time) channel.Window {
	s.mu.Lock()
	f := s.window
	s.mu.Unlock()
	return f(last, now)
}

func (s *Scripted) DeepLink(c channel.Customer, _ channel.Account) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.deepLink == "" {
		return ""
	}
	return s.deepLink + string(c.ID)
}

func (s *Scripted) FetchMedia(_ context.Context, m channel.Media) (channel.Download, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.enter("FetchMedia"); err != nil {
		return channel.Download{}, err
	}
	d, ok := s.media[m.Ref]
	if !ok {
		return channel.Download{}, ClassError(channel.ClassPermanent, "unknown media "+m.Ref)
	}
	d.Data = slices.Clone(d.Data)
	return d, nil
}

func (s *Scripted) Health(context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.enter("Health"); err != nil {
		return err
	}
	return s.health
}

// VerifyChallenge answers hub.challenge when hub.verify_token is the secret.
func (s *Scripted) VerifyChallenge(query url.Values) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.enter("VerifyChallenge"); err != nil {
		return "", err
	}
	if query.Get("hub.verify_token") != s.secret {
		return "", fmt.Errorf("scripted: %w", channel.ErrUnauthorized)
	}
	return query.Get("hub.challenge"), nil
}

func (s *Scripted) RegisterWebhook(context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.record(Call{Method: "RegisterWebhook"})
}

func (s *Scripted) MarkRead(_ context.Context, to channel.CustomerID, last channel.MessageID) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.record(Call{Method: "MarkRead", To: to, Target: last})
}

func (s *Scripted) Profile(_ context.Context, id channel.CustomerID) (channel.Customer, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.record(Call{Method: "Profile", To: id}); err != nil {
		return channel.Customer{}, err
	}
	if c, ok := s.profiles[id]; ok {
		return c, nil
	}
	return channel.Customer{ID: id}, nil
}

func (s *Scripted) Edit(_ context.Context, to channel.CustomerID, id channel.MessageID, text string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.record(Call{Method: "Edit", To: to, Target: id, Text: text})
}

func (s *Scripted) Delete(_ context.Context, to channel.CustomerID, id channel.MessageID) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.record(Call{Method: "Delete", To: to, Target: id})
}

func (s *Scripted) React(_ context.Context, to channel.CustomerID, target channel.MessageID, emoji string) (channel.SendResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.maybePanic("React")
	r := s.next("React")
	s.calls = append(s.calls, Call{Method: "React", To: to, Target: target, Text: emoji, Err: r.Err})
	if r.Err != nil {
		return channel.SendResult{}, r.Err
	}
	return r.Result, nil
}

func (s *Scripted) RefreshCredentials(context.Context, time.Time) (map[string]string, bool, error) {
	s.mu.Lock()
	if err := s.record(Call{Method: "RefreshCredentials"}); err != nil {
		s.mu.Unlock()
		return nil, false, err
	}
	r := s.refresh
	s.mu.Unlock()
	if r.during != nil {
		r.during()
	}
	return cloneMap(r.creds), r.changed, nil
}

func (s *Scripted) CheckText(text string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.record(Call{Method: "CheckText", Text: text}); err != nil {
		return err
	}
	if s.maxText > 0 && len(text) > s.maxText {
		err := fmt.Errorf("the message is %d bytes; the provider takes at most %d", len(text), s.maxText)
		s.calls[len(s.calls)-1].Err = err
		return err
	}
	return nil
}

func (s *Scripted) Account(context.Context) (channel.Account, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.record(Call{Method: "Account"}); err != nil {
		return channel.Account{}, err
	}
	return s.account, nil
}

// NormalizeCustomer drops spaces, dashes, parentheses and a leading "+"; nothing left is an error.
// An id of digits is a phone number, shown with its "+".
func (s *Scripted) NormalizeCustomer(typed string) (channel.Customer, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.record(Call{Method: "NormalizeCustomer", Text: typed}); err != nil {
		return channel.Customer{}, err
	}
	id := strings.TrimPrefix(strings.NewReplacer(" ", "", "-", "", "(", "", ")", "").Replace(typed), "+")
	if id == "" {
		err := errors.New("no customer id")
		s.calls[len(s.calls)-1].Err = err
		return channel.Customer{}, err
	}
	c := channel.Customer{ID: channel.CustomerID(id)}
	if channel.Numeric(id) {
		c.Phone = "+" + id
	}
	return c, nil
}

// Acknowledge implements channel.Acknowledger with a body tests can recognise.
func (s *Scripted) Acknowledge() (contentType, body string) { return "text/plain", "scripted ok" }

// ClosedWindow implements channel.WindowExplainer.
func (s *Scripted) ClosedWindow() string { return "Scripted allows replies only inside its window." }

// FirstContact implements channel.FirstContactGate: nil (anyone may be written to) until SetFirstContact.
func (s *Scripted) FirstContact() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.firstContact
}

// SetFirstContact makes the provider refuse chats started with customers who never wrote.
func (s *Scripted) SetFirstContact(err error) {
	s.mu.Lock()
	s.firstContact = err
	s.mu.Unlock()
}

// OptOutNote implements channel.OptOutExplainer.
func (s *Scripted) OptOutNote() string { return "_The customer left Scripted._" }

// OptOutRefusal implements channel.OptOutExplainer.
func (s *Scripted) OptOutRefusal() string { return "the customer left Scripted; nothing reaches them." }

func (s *Scripted) Templates(context.Context) ([]channel.Template, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.record(Call{Method: "Templates"}); err != nil {
		return nil, err
	}
	return slices.Clone(s.tmpls), nil
}

func (s *Scripted) SendTemplate(_ context.Context, to channel.CustomerID, name, language string, params []string) (channel.SendResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.maybePanic("SendTemplate")
	r := s.next("SendTemplate")
	s.calls = append(s.calls, Call{Method: "SendTemplate", To: to, Text: name, Language: language, Params: slices.Clone(params), Err: r.Err})
	if r.Err != nil {
		return channel.SendResult{}, r.Err
	}
	return r.Result, nil
}

func cloneMap(m map[string]string) map[string]string {
	if m == nil {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func cloneOutbound(o channel.Outbound) channel.Outbound {
	if o.Media != nil {
		media := *o.Media
		media.Data = slices.Clone(media.Data)
		o.Media = &media
	}
	return o
}
