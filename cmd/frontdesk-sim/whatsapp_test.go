package main

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/channel/whatsapp"
	"github.com/frontdesk-chat/frontdesk/server/channel/whatsapp/whatsapptest"
)

// TestWhatsAppSimulator checks the WhatsApp wiring: signed deliveries pass the adapter's own
// Authenticate, and /read reports a read status for the last message Frontdesk sent.
func TestWhatsAppSimulator(t *testing.T) {
	fd := watch(nil)
	hook := httptest.NewServer(fd)
	defer hook.Close()
	p := startSim(t, "-provider", "whatsapp", "-webhook", hook.URL, "-customer-phone", "15557654321", "-customer-name", "Bob")
	a, err := whatsapp.New(channel.Config{Credentials: whatsapptest.ExampleCredentials().Map(), BaseURL: p.base})
	if err != nil {
		t.Fatal(err)
	}
	fd.set(a, "")

	p.typeLine(t, "hola")
	ev := nextEvent(t, fd)
	if ev.Type != channel.EventMessage || ev.Text != "hola" || ev.Customer.ID != "15557654321" {
		t.Fatalf("event %+v", ev)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	res, err := a.Send(ctx, channel.Outbound{To: ev.Customer.ID, Text: "hello Bob"})
	if err != nil {
		t.Fatal(err)
	}
	p.expect(t, `<- frontdesk: text to 15557654321 (`+string(res.MessageID)+`) "hello Bob"`)
	p.typeLine(t, "/read")
	ev = nextEvent(t, fd)
	if ev.Type != channel.EventStatus || ev.State != channel.StateRead || ev.TargetID != res.MessageID {
		t.Fatalf("status event %+v", ev)
	}
}
