package providertest

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/channel"
)

var ctx = context.Background()

func TestScriptedAuthenticatesAndParses(t *testing.T) {
	s := NewScripted(channel.Telegram)
	msg := channel.Event{Type: channel.EventMessage, MessageID: "m1", Customer: channel.Customer{ID: "42", Name: "Anna"},
		Text: "hi", Timestamp: time.UnixMilli(1000).UTC()}
	req := s.Request(msg)
	if err := s.Authenticate(req); err != nil {
		t.Fatal(err)
	}
	for name, h := range map[string]http.Header{"no header": {}, "wrong secret": {ScriptedHeader: {"nope"}}} {
		if err := s.Authenticate(channel.WebhookRequest{Header: h}); !errors.Is(err, channel.ErrUnauthorized) {
			t.Fatalf("%s: %v, want ErrUnauthorized", name, err)
		}
	}
	got, err := s.Parse(req)
	if err != nil || len(got) != 1 || got[0].Text != "hi" || got[0].Customer.ID != "42" || !got[0].Timestamp.Equal(msg.Timestamp) {
		t.Fatalf("parsed %+v, %v", got, err)
	}
	tiny := channel.WebhookRequest{Body: []byte(`[{"Type":"edit","TargetID":"m1","Text":"hello"}]`)}
	if got, err := s.Parse(tiny); err != nil || got[0].Type != channel.EventEdit || got[0].TargetID != "m1" {
		t.Fatalf("hand-written body: %+v, %v", got, err)
	}
	if _, err := s.Parse(channel.WebhookRequest{Body: []byte("{")}); !errors.Is(err, channel.ErrMalformed) {
		t.Fatalf("bad body: %v, want ErrMalformed", err)
	}
	s.QueueParse([]channel.Event{{Type: channel.EventOptOut, OptedOut: true}}, nil)
	if got, _ := s.Parse(req); len(got) != 1 || got[0].Type != channel.EventOptOut {
		t.Fatalf("queued parse = %+v", got)
	}
	if got, _ := s.Parse(req); got[0].Type != channel.EventMessage {
		t.Fatal("a queued parse answered twice")
	}
	s.SetSecret("other")
	if err := s.Authenticate(req); err == nil {
		t.Fatal("an old secret still works")
	}
	if c, err := s.VerifyChallenge(url.Values{"hub.verify_token": {"other"}, "hub.challenge": {"123"}}); c != "123" || err != nil {
		t.Fatalf("challenge = %q, %v", c, err)
	}
}

func TestScriptedSendsAnswerInOrderThenSucceed(t *testing.T) {
	s := NewScripted(channel.WhatsApp)
	s.ScriptSend(Reply{Err: ClassError(channel.ClassRetryable, "busy")}, Reply{Result: channel.SendResult{MessageID: "wamid.1"}})
	s.FailNext("Send", 1, ClassError(channel.ClassWindowClosed, "closed"))
	var classes []channel.Class
	var ids []channel.MessageID
	for i := range 4 {
		res, err := s.Send(ctx, channel.Outbound{To: "42", Text: "hi", Media: &channel.OutboundMedia{Data: []byte{byte(i)}}})
		if err != nil {
			classes = append(classes, channel.ClassOf(err))
		}
		ids = append(ids, res.MessageID)
	}
	if len(classes) != 2 || classes[0] != channel.ClassRetryable || classes[1] != channel.ClassWindowClosed {
		t.Fatalf("failures = %v", classes)
	}
	if ids[0] != "" || ids[1] != "wamid.1" || ids[2] != "" || ids[3] == "" {
		t.Fatalf("ids = %q", ids)
	}
	if len(s.Sends()) != 4 || len(s.Sent()) != 2 || s.Sent()[1].Media.Data[0] != 3 {
		t.Fatalf("sends = %+v", s.Sends())
	}
}

func TestScriptedPanicsWhenAsked(t *testing.T) {
	s := NewScripted(channel.SMS)
	s.PanicOn("Send", true)
	func() {
		defer func() {
			if recover() == nil {
				t.Fatal("Send did not panic")
			}
		}()
		_, _ = s.Send(ctx, channel.Outbound{})
	}()
	s.PanicOn("Send", false)
	if _, err := s.Send(ctx, channel.Outbound{}); err != nil { // and the lock was released
		t.Fatal(err)
	}
}

func TestScriptedRecordsCapabilities(t *testing.T) {
	s := NewScripted(channel.Messenger)
	s.FailNext("Edit", 1, ClassError(channel.ClassPermanent, "too old"))
	if err := s.Edit(ctx, "42", "m1", "new"); channel.ClassOf(err) != channel.ClassPermanent {
		t.Fatalf("edit = %v", err)
	}
	if err := s.Edit(ctx, "42", "m1", "newer"); err != nil {
		t.Fatal(err)
	}
	if calls := s.Calls("Edit"); len(calls) != 2 || calls[1].Text != "newer" || calls[0].Err == nil || calls[1].Target != "m1" {
		t.Fatalf("edit calls = %+v", calls)
	}
	s.SetTextLimit(3)
	if s.CheckText("abc") != nil || s.CheckText("abcd") == nil {
		t.Fatal("text limit not applied")
	}
	if c, err := s.NormalizeCustomer("+48 600-100-200"); c.ID != "48600100200" || c.Phone != "+48600100200" || err != nil {
		t.Fatalf("normalized %+v, %v", c, err)
	}
	s.SetHealth(ClassError(channel.ClassSyncLost, "expired"))
	if channel.ClassOf(s.Health(ctx)) != channel.ClassSyncLost {
		t.Fatal("health not scripted")
	}
	s.SetMedia("ref", channel.Download{Data: []byte("x"), MIMEType: "image/png"})
	if d, err := s.FetchMedia(ctx, channel.Media{Ref: "ref"}); err != nil || string(d.Data) != "x" {
		t.Fatalf("media = %+v, %v", d, err)
	}
	if _, err := s.FetchMedia(ctx, channel.Media{Ref: "other"}); channel.ClassOf(err) != channel.ClassPermanent {
		t.Fatalf("unknown media = %v", err)
	}
	s.SetWindow(channel.Window{State: channel.WindowClosed})
	if s.Window(time.Now(), time.Now()).CanSend() {
		t.Fatal("window not scripted")
	}
	if _, err := s.SendTemplate(ctx, "42", "hello", "en", []string{"Anna"}); err != nil {
		t.Fatal(err)
	}
	if c := s.Calls("SendTemplate"); len(c) != 1 || c[0].Language != "en" || c[0].Params[0] != "Anna" {
		t.Fatalf("template calls = %+v", c)
	}
}

func TestSpecBuildsTheSharedAdapterWithOrWithoutCapabilities(t *testing.T) {
	spec, s := ScriptedSpec(channel.Instagram)
	a, err := spec.New(channel.Config{Credentials: map[string]string{"token": "t"}, VerifyToken: "v"})
	if err != nil || a != channel.Adapter(s) || spec.Kind != channel.Instagram {
		t.Fatalf("New = %v, %v", a, err)
	}
	if cfg := s.Configs(); len(cfg) != 1 || cfg[0].Credentials["token"] != "t" {
		t.Fatalf("configs = %+v", cfg)
	}
	s.FailNext("New", 1, errors.New("bad credentials"))
	if _, err := spec.New(channel.Config{}); err == nil {
		t.Fatal("New did not fail")
	}

	minimal, _ := s.SpecOf(s.Minimal()).New(channel.Config{})
	if _, ok := minimal.(channel.Editor); ok {
		t.Fatal("Minimal can edit")
	}
	if n := capabilities(s.Minimal()); n != 0 {
		t.Fatalf("Minimal has %d capabilities", n)
	}
	if capabilities(s) != 16 {
		t.Fatal("Scripted lacks a capability")
	}
	if err := s.Minimal().Authenticate(s.Request()); err != nil {
		t.Fatal("Minimal is not scripted through s")
	}
}

func capabilities(a channel.Adapter) int {
	n := 0
	for _, ok := range []bool{
		is[channel.Verifier](a), is[channel.WebhookRegistrar](a), is[channel.ReadMarker](a), is[channel.ProfileFetcher](a),
		is[channel.Editor](a), is[channel.Deleter](a), is[channel.Reactor](a), is[channel.CredentialRefresher](a),
		is[channel.TextChecker](a), is[channel.AccountDescriber](a), is[channel.CustomerNormalizer](a), is[channel.TemplateSender](a),
		is[channel.Acknowledger](a), is[channel.WindowExplainer](a), is[channel.FirstContactGate](a), is[channel.OptOutExplainer](a),
	} {
		if ok {
			n++
		}
	}
	return n
}

func is[T any](a channel.Adapter) bool {
	_, ok := a.(T)
	return ok
}
