package main

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/channel/sms"
)

var simSMSCreds = map[string]string{
	sms.FieldAccountSID: "AC00000000000000000000000000000001",
	sms.FieldAuthToken:  "sim-auth-token",
	sms.FieldFromNumber: "+15005550006",
}

// TestSMSSimulator plays Twilio against the SMS adapter: posts are signed over the connection's
// webhook URL with the auth token and pass Authenticate, an MMS's file is downloadable with the
// connection's credentials, a send prints, /delivered is its status callback and /read is refused.
func TestSMSSimulator(t *testing.T) {
	fd := watch(nil)
	hook := httptest.NewServer(fd)
	defer hook.Close()
	webhook := hook.URL + "/plugins/frontdesk/webhooks/conn1"
	p := startSim(t, "-provider", "sms", "-webhook", webhook, "-customer-phone", "+15551230000")
	a, err := sms.New(channel.Config{Credentials: simSMSCreds, BaseURL: p.base, WebhookURL: webhook})
	if err != nil {
		t.Fatal(err)
	}
	fd.set(a, webhook)

	p.typeLine(t, "Is my order ready?")
	ev := nextEvent(t, fd)
	if ev.Type != channel.EventMessage || ev.Text != "Is my order ready?" || ev.Customer.ID != "+15551230000" {
		t.Fatalf("event %+v", ev)
	}
	p.expect(t, "-> delivered to Frontdesk: 200 OK")

	photo := []byte("\xff\xd8\xff\xe0 fake jpeg")
	p.typeLine(t, "/image "+writeFile(t, "door.jpg", photo))
	ev = nextEvent(t, fd)
	if len(ev.Media) != 1 || ev.Media[0].Kind != channel.Image {
		t.Fatalf("MMS event %+v", ev)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	dl, err := a.FetchMedia(ctx, ev.Media[0])
	if err != nil || string(dl.Data) != string(photo) {
		t.Fatalf("fetching the photo back: %v (%q)", err, dl.Data)
	}

	res, err := a.Send(ctx, channel.Outbound{To: ev.Customer.ID, Text: "Ready at 5pm"})
	if err != nil {
		t.Fatal(err)
	}
	p.expect(t, `<- frontdesk: `+string(res.MessageID)+` to +15551230000 "Ready at 5pm"`)
	p.typeLine(t, "/delivered")
	ev = nextEvent(t, fd)
	if ev.Type != channel.EventStatus || ev.State != channel.StateDelivered || ev.TargetID != res.MessageID {
		t.Fatalf("status event %+v", ev)
	}
	p.typeLine(t, "/block")
	p.expect(t, "sends no notice when a customer blocks the business")
	p.typeLine(t, "/read")
	p.expect(t, "sms has no read receipts")
}

// TestSMSSimulatorSignsTheExactURL checks what makes Twilio set-ups fail in practice: a signature over
// another URL than the one Frontdesk knows (here, -webhook without the path) is refused.
func TestSMSSimulatorSignsTheExactURL(t *testing.T) {
	fd := watch(nil)
	hook := httptest.NewServer(fd)
	defer hook.Close()
	webhook := hook.URL + "/plugins/frontdesk/webhooks/conn1"
	p := startSim(t, "-provider", "sms", "-webhook", hook.URL)
	a, err := sms.New(channel.Config{Credentials: simSMSCreds, BaseURL: p.base, WebhookURL: webhook})
	if err != nil {
		t.Fatal(err)
	}
	fd.set(a, webhook)
	p.typeLine(t, "hello")
	select {
	case err := <-fd.denied:
		if !strings.Contains(err.Error(), "signature mismatch") {
			t.Errorf("refused for %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("delivery did not arrive")
	}
	p.expect(t, "401 Unauthorized")
}
