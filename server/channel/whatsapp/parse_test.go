package whatsapp_test

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/channel"
)

func sec(s int64) time.Time { return time.Unix(s, 0).UTC() }

var (
	sheena = channel.Customer{ID: "16505551234", Name: "Sheena Nelson", Phone: "+16505551234",
		AltID: "US.13491208655302741918"}
	recipient = channel.Customer{ID: "16505551234", Phone: "+16505551234"}
	business  = channel.Account{ID: "106540352242922", Name: "+15550783881"}
)

func msgEvent(id, text string, media ...channel.Media) channel.Event {
	return channel.Event{Type: channel.EventMessage, MessageID: channel.MessageID(id), Customer: sheena,
		Account: business, Timestamp: sec(1749416383), Text: text, Media: media}
}

const inID = "wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQUE5"

func TestParseFixtures(t *testing.T) {
	a, _ := setup(t)
	reply := msgEvent(inID, "Yes please")
	reply.ReplyTo = "wamid.OURS1"
	reaction := msgEvent(inID, "")
	reaction.Type, reaction.TargetID, reaction.Emoji = channel.EventReaction, "wamid.OURS1", "👍"
	unreact := reaction
	unreact.Emoji = ""
	standby := msgEvent("wamid.STANDBY1", "Talking to the agent")
	standby.Standby = true

	tests := []struct {
		file string
		want []channel.Event
	}{
		{"text.json", []channel.Event{msgEvent(inID, "Does it come in another color?")}},
		{"reply.json", []channel.Event{reply}},
		{"image.json", []channel.Event{msgEvent(inID, "This is a caption", channel.Media{Kind: channel.Image,
			Ref: "2754859441498128", MIMEType: "image/jpeg", Caption: "This is a caption"})}},
		{"audio.json", []channel.Event{msgEvent(inID, "", channel.Media{Kind: channel.Audio,
			Ref: "1003383421387256", MIMEType: "audio/ogg; codecs=opus"})}},
		{"video.json", []channel.Event{msgEvent(inID, "look", channel.Media{Kind: channel.Video,
			Ref: "1184441682829223", MIMEType: "video/mp4", Caption: "look"})}},
		{"document.json", []channel.Event{msgEvent(inID, "", channel.Media{Kind: channel.File,
			Ref: "1258483195422069", MIMEType: "application/pdf", FileName: "invoice.pdf"})}},
		{"sticker.json", []channel.Event{msgEvent(inID, "", channel.Media{Kind: channel.Sticker,
			Ref: "1420214508766939", MIMEType: "image/webp"})}},
		{"location.json", []channel.Event{msgEvent(inID, "Location: Philz Coffee\n101 Forest Ave, Palo Alto, CA 94301\n"+
			"37.4839, -122.1483\nhttps://maps.google.com/?q=37.4839%2C-122.1483")}},
		{"contacts.json", []channel.Event{msgEvent(inID, "Contact: Barbara Johnson\nCompany: Lucky Shrub\n"+
			"Phone: +1 (940) 555-1234 (home)\nEmail: bjohnson@example.com (work)")}},
		{"interactive.json", []channel.Event{msgEvent(inID, "Yes, book it")}},
		{"reaction.json", []channel.Event{reaction}},
		{"reaction_removed.json", []channel.Event{unreact}},
		{"unsupported.json", []channel.Event{msgEvent(inID,
			"[Unsupported WhatsApp message (unsupported): open WhatsApp to see it] Message type unknown")}},
		{"status_delivered.json", []channel.Event{{Type: channel.EventStatus, MessageID: "wamid.OURS1:delivered",
			TargetID: "wamid.OURS1", State: channel.StateDelivered, Customer: recipient, Account: business,
			Timestamp: sec(1694492484)}}},
		{"status_read.json", []channel.Event{{Type: channel.EventStatus, MessageID: "wamid.OURS1:read",
			TargetID: "wamid.OURS1", State: channel.StateRead, Account: business, Timestamp: sec(1694492500),
			Metadata: "post:abc123",
			Customer: channel.Customer{ID: "16505551234", Phone: "+16505551234", AltID: "US.13491208655302741918"}}}},
		{"status_failed.json", []channel.Event{{Type: channel.EventStatus, MessageID: "wamid.OURS2:failed",
			TargetID: "wamid.OURS2", State: channel.StateFailed, Customer: recipient, Account: business,
			Timestamp: sec(1694492600), Err: &channel.Error{Class: channel.ClassWindowClosed, Code: "131047",
				Reason: "Message failed to send because more than 24 hours have passed since the customer last replied to this number."}}}},
		{"echo.json", []channel.Event{{Type: channel.EventEcho, MessageID: "wamid.ECHO1", Customer: recipient,
			Account: business, Timestamp: sec(1749416400), Text: "Sent from the phone"}}},
		{"standby.json", []channel.Event{standby}},
		{"bsuid_only.json", []channel.Event{{Type: channel.EventMessage, MessageID: "wamid.BSUID1",
			Customer: channel.Customer{ID: "IN.1410018717833190", AltID: "IN.1410018717833190", Name: "Anon", Username: "anon.user"},
			Account:  business, Timestamp: sec(1749416383), Text: "hi"}}},
		{"batch.json", []channel.Event{
			{Type: channel.EventMessage, MessageID: "wamid.B1", Customer: sheena, Account: business, Timestamp: sec(1749416001), Text: "one"},
			{Type: channel.EventMessage, MessageID: "wamid.B2", Customer: sheena, Account: business, Timestamp: sec(1749416002), Text: "two"},
			{Type: channel.EventStatus, MessageID: "wamid.OURS1:sent", TargetID: "wamid.OURS1", State: channel.StateSent,
				Customer: recipient, Account: business, Timestamp: sec(1749416003)},
			{Type: channel.EventStatus, MessageID: "wamid.OURS1:played", TargetID: "wamid.OURS1", State: channel.StateRead,
				Customer: recipient, Account: business, Timestamp: sec(1749416004)},
		}},
		// Another number of the same app: its events name that number, and the core routes them to
		// the connection that owns it (TestOwnsAccount).
		{"other_number.json", []channel.Event{{Type: channel.EventMessage, MessageID: "wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQUE5",
			Customer: sheena, Account: channel.Account{ID: "999999999999999", Name: "+15550783881"},
			Timestamp: sec(1749416383), Text: "for another number"}}},
		// Authentic deliveries Frontdesk does not handle give no events and no error (Meta would retry).
		{"other_field.json", nil},
		{"not_whatsapp.json", nil},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got, err := a.Parse(channel.WebhookRequest{Body: fixture(t, tt.file)})
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("Parse(%s)\n got %+v\nwant %+v", tt.file, got, tt.want)
			}
		})
	}
}

func TestParseMalformed(t *testing.T) {
	a, _ := setup(t)
	for _, body := range [][]byte{
		fixture(t, "malformed.json"),
		[]byte(""),
		[]byte("not json"),
		[]byte(`{"object":"whatsapp_business_account","entry":{"id":1}}`),
		[]byte(`{"object":"whatsapp_business_account","entry":[]} {"again":1}`),
	} {
		if _, err := a.Parse(channel.WebhookRequest{Body: body}); !errors.Is(err, channel.ErrMalformed) {
			t.Errorf("Parse(%q) = %v, want ErrMalformed", body, err)
		}
	}
	big := make([]byte, channel.MaxWebhookBody+1)
	if _, err := a.Parse(channel.WebhookRequest{Body: big}); !errors.Is(err, channel.ErrTooLarge) {
		t.Errorf("oversized body: %v, want ErrTooLarge", err)
	}
}

// The fake's deliveries are what the core's and simulator's tests feed the adapter: they must parse
// into the events they describe.
func TestParseFakeDeliveries(t *testing.T) {
	a, fake := setup(t)
	img := fake.AddMedia([]byte("\x89PNG fake"), "image/png")

	parse := func(t *testing.T, req channel.WebhookRequest) channel.Event {
		t.Helper()
		if err := a.Authenticate(req); err != nil {
			t.Fatalf("Authenticate: %v", err)
		}
		evs, err := a.Parse(req)
		if err != nil || len(evs) != 1 {
			t.Fatalf("Parse = %+v, %v; want one event", evs, err)
		}
		return evs[0]
	}

	d := fake.Text(customer, "hello", at)
	if ev := parse(t, d.WebhookRequest()); ev.Type != channel.EventMessage || ev.Text != "hello" ||
		string(ev.MessageID) != d.ID || ev.Customer != sheena || !ev.Timestamp.Equal(at) {
		t.Errorf("text: %+v", ev)
	}
	if ev := parse(t, fake.Media(customer, "image", img, "pic", at).WebhookRequest()); len(ev.Media) != 1 ||
		ev.Media[0].Ref != img || ev.Media[0].MIMEType != "image/png" || ev.Media[0].Kind != channel.Image {
		t.Errorf("media: %+v", ev)
	}
	if ev := parse(t, fake.Location(customer, 1.5, 2.25, "Shop", "Main St", at).WebhookRequest()); ev.Text == "" {
		t.Errorf("location: %+v", ev)
	}
	if ev := parse(t, fake.Contact(customer, "Bob", "+1 555", at).WebhookRequest()); ev.Text != "Contact: Bob\nPhone: +1 555 (cell)" {
		t.Errorf("contact: %q", ev.Text)
	}
	if ev := parse(t, fake.Reaction(customer, "wamid.X", "❤️", at).WebhookRequest()); ev.Type != channel.EventReaction ||
		ev.TargetID != "wamid.X" || ev.Emoji != "❤️" {
		t.Errorf("reaction: %+v", ev)
	}
	if ev := parse(t, fake.Echo(customer, "from the phone", at).WebhookRequest()); ev.Type != channel.EventEcho ||
		ev.Customer.ID != "16505551234" || ev.Text != "from the phone" {
		t.Errorf("echo: %+v", ev)
	}
	if ev := parse(t, fake.Standby(customer, "to the agent", at).WebhookRequest()); !ev.Standby || ev.Text != "to the agent" {
		t.Errorf("standby: %+v", ev)
	}
	for _, st := range []struct {
		status string
		state  channel.DeliveryState
	}{{"sent", channel.StateSent}, {"delivered", channel.StateDelivered}, {"read", channel.StateRead}} {
		ev := parse(t, fake.Status(customer, "wamid.OUT", st.status, at).WebhookRequest())
		if ev.Type != channel.EventStatus || ev.TargetID != "wamid.OUT" || ev.State != st.state || string(ev.Customer.AltID) != customer.UserID {
			t.Errorf("status %s: %+v", st.status, ev)
		}
	}
	ev := parse(t, fake.Failed(customer, "wamid.OUT", 131026, "Message undeliverable", "", at).WebhookRequest())
	if ev.State != channel.StateFailed || ev.Err == nil || ev.Err.Class != channel.ClassPermanent || ev.Err.Code != "131026" {
		t.Errorf("failed: %+v (%+v)", ev, ev.Err)
	}
	// A BSUID-only user: no phone, BSUID is the id.
	anon := parse(t, fake.Text(whatsappUser("", "BR.abc123", "Anon"), "oi", at).WebhookRequest())
	if anon.Customer.ID != "BR.abc123" || anon.Customer.Phone != "" || anon.Customer.AltID != "BR.abc123" {
		t.Errorf("bsuid: %+v", anon.Customer)
	}
}

func TestOwnsAccount(t *testing.T) {
	a, _ := setup(t)
	events, err := a.Parse(channel.WebhookRequest{Body: fixture(t, "text.json")})
	if err != nil || len(events) != 1 {
		t.Fatalf("%v %+v", err, events)
	}
	if !a.OwnsAccount(events[0].Account.ID) {
		t.Errorf("own number %q not owned", events[0].Account.ID)
	}
	if a.OwnsAccount("999999999999999") || a.OwnsAccount("") {
		t.Error("another number (or none) owned")
	}
}
