package main

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/channel/instagram"
)

// TestInstagramSimulator plays a Facebook Login account (the flavour whose fake demands
// appsecret_proof) against the Instagram adapter: signed deliveries pass Authenticate, the photo and
// profile are served back, /read reports the sent message as seen and /delivered is refused.
func TestInstagramSimulator(t *testing.T) {
	fd := watch(nil)
	hook := httptest.NewServer(fd)
	defer hook.Close()
	p := startSim(t, "-provider", "instagram", "-webhook", hook.URL, "-api-flavour", "facebook_login",
		"-customer-igsid", "1700000000000042", "-customer-name", "Bo Chen", "-customer-username", "bochen")
	a, err := instagram.New(channel.Config{
		Credentials: map[string]string{instagram.FieldAccountID: "17841400000000001", instagram.FieldAccessToken: "IGsim-access-token",
			instagram.FieldAppSecret: "sim-app-secret", instagram.FieldFlavour: string(instagram.FacebookLogin)},
		BaseURL: p.base, WebhookURL: hook.URL,
	})
	if err != nil {
		t.Fatal(err)
	}
	fd.set(a, hook.URL)

	p.typeLine(t, "is this in stock?")
	ev := nextEvent(t, fd)
	if ev.Type != channel.EventMessage || ev.Text != "is this in stock?" || ev.Customer.ID != "1700000000000042" {
		t.Fatalf("event %+v", ev)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	who, err := a.Profile(ctx, ev.Customer.ID)
	if err != nil || who.Name != "Bo Chen" || who.Username != "bochen" {
		t.Fatalf("profile %+v, %v", who, err)
	}

	img := []byte("\x89PNG fake screenshot")
	p.typeLine(t, "/image "+writeFile(t, "shot.png", img))
	ev = nextEvent(t, fd)
	if len(ev.Media) != 1 || ev.Media[0].Kind != channel.Image {
		t.Fatalf("image event %+v", ev)
	}
	dl, err := a.FetchMedia(ctx, ev.Media[0])
	if err != nil || string(dl.Data) != string(img) {
		t.Fatalf("fetching the image back: %v (%q)", err, dl.Data)
	}

	res, err := a.Send(ctx, channel.Outbound{To: ev.Customer.ID, Text: "Yes, in stock"})
	if err != nil {
		t.Fatal(err)
	}
	p.expect(t, `<- frontdesk: message to 1700000000000042 (`+string(res.MessageID)+`) "Yes, in stock"`)
	p.typeLine(t, "/read")
	ev = nextEvent(t, fd)
	if ev.Type != channel.EventStatus || ev.State != channel.StateRead || ev.TargetID != res.MessageID {
		t.Fatalf("read event %+v", ev)
	}
	p.typeLine(t, "/delivered")
	p.expect(t, "instagram has no delivery receipts")
}
