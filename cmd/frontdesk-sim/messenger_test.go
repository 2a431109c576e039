package main

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/channel/messenger"
)

// TestMessengerSimulator plays a Page against the Messenger adapter: the webhook given with /webhook
// is verified with hub.challenge (refused with the wrong token), signed deliveries pass the adapter's
// own Authenticate, attachments and the customer's profile are served by the fake, and /delivered
// and /read report the message Frontdesk sent.
func TestMessengerSimulator(t *testing.T) {
	fd := watch(nil)
	hook := httptest.NewServer(fd)
	defer hook.Close()
	p := startSim(t, "-provider", "messenger", "-customer-psid", "2400000000000077", "-customer-name", "Ann Lee")
	a, err := messenger.New(channel.Config{
		Credentials: map[string]string{messenger.FieldPageID: "110000000000001", messenger.FieldPageToken: "EAAsim-page-token", messenger.FieldAppSecret: "sim-app-secret"},
		BaseURL:     p.base, WebhookURL: hook.URL, VerifyToken: "vt-messenger",
	})
	if err != nil {
		t.Fatal(err)
	}
	fd.set(a, hook.URL)

	p.typeLine(t, "hello before any webhook")
	p.expect(t, "no webhook URL yet")
	p.typeLine(t, "/webhook "+hook.URL+" not-the-token")
	p.expect(t, "webhook verification refused: 403 Forbidden")
	p.typeLine(t, "/webhook "+hook.URL+" vt-messenger")
	p.expect(t, "-> webhook verified")

	p.typeLine(t, "hi from Messenger")
	ev := nextEvent(t, fd)
	if ev.Type != channel.EventMessage || ev.Text != "hi from Messenger" || ev.Customer.ID != "2400000000000077" {
		t.Fatalf("event %+v", ev)
	}
	p.expect(t, "-> delivered to Frontdesk: 200 OK")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	who, err := a.Profile(ctx, ev.Customer.ID)
	if err != nil || who.Name != "Ann Lee" {
		t.Fatalf("profile %+v, %v", who, err)
	}

	data := []byte("%PDF-1.4 fake invoice")
	p.typeLine(t, "/file "+writeFile(t, "invoice.pdf", data))
	ev = nextEvent(t, fd)
	if len(ev.Media) != 1 || ev.Media[0].Kind != channel.File {
		t.Fatalf("file event %+v", ev)
	}
	dl, err := a.FetchMedia(ctx, ev.Media[0])
	if err != nil || string(dl.Data) != string(data) {
		t.Fatalf("fetching the file back: %v (%q)", err, dl.Data)
	}

	res, err := a.Send(ctx, channel.Outbound{To: ev.Customer.ID, Text: "Hello Ann"})
	if err != nil {
		t.Fatal(err)
	}
	p.expect(t, `<- frontdesk: message to 2400000000000077 (`+string(res.MessageID)+`) "Hello Ann"`)
	if err := a.MarkRead(ctx, ev.Customer.ID, ev.MessageID); err != nil {
		t.Fatal(err)
	}
	p.expect(t, "<- frontdesk: mark_seen to 2400000000000077")

	p.typeLine(t, "/delivered")
	ev = nextEvent(t, fd)
	if ev.Type != channel.EventStatus || ev.State != channel.StateDelivered || ev.TargetID != res.MessageID {
		t.Fatalf("delivery event %+v", ev)
	}
	if ev = nextEvent(t, fd); ev.State != channel.StateDelivered || ev.Watermark.IsZero() {
		t.Fatalf("delivery watermark event %+v", ev)
	}
	p.typeLine(t, "/read")
	ev = nextEvent(t, fd)
	if ev.Type != channel.EventStatus || ev.State != channel.StateRead || ev.Watermark.Before(time.Now().Add(-time.Minute)) {
		t.Fatalf("read event %+v", ev)
	}
}
