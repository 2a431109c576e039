package conversations_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/channel/instagram/instagramtest"
	"github.com/frontdesk-chat/frontdesk/server/channel/messenger/messengertest"
	"github.com/frontdesk-chat/frontdesk/server/channel/whatsapp/whatsapptest"
)

// Several accounts on one Meta app. Meta allows one callback URL per app, so every number, Page or
// Instagram account of the app has its events delivered to the URL of whichever connection the
// admin entered. Each event lands in the channel of the connection that owns its account; an
// account nobody connected is acknowledged with the outcome unknown_account, never posted anywhere.

// newWhatsAppNumber is a WhatsApp desk for one more number of the same app (same app secret).
func newWhatsAppNumber(t *testing.T) *waDesk {
	t.Helper()
	creds := whatsapptest.ExampleCredentials()
	creds.PhoneNumberID = fmt.Sprintf("1065%011d", seq.Add(1))
	creds.DisplayPhoneNumber = fmt.Sprintf("1555%07d", seq.Add(1))
	fake := whatsapptest.New(creds)
	d := newDesk(t, "whatsapp", fake.Credentials().Map(), fake)
	return &waDesk{desk: d, fake: fake, customer: whatsapptest.User{WaID: fmt.Sprintf("4861%07d", seq.Add(1)), Name: "Ewa Nowak"}}
}

func TestWhatsAppSecondNumberOnTheSameAppReachesItsOwnChannel(t *testing.T) {
	t.Parallel()
	a, b := newWhatsAppNumber(t), newWhatsAppNumber(t)
	// Number B's message arrives at A's URL, as Meta sends it once A's URL is the app's callback.
	if code := deliver(t, b.fake.Text(b.customer, "written to number B", time.Now()).Request(a.conn.WebhookURL)); code != http.StatusOK {
		t.Fatalf("webhook answered %d", code)
	}
	conv := b.waitConversation()
	posts := waitReplies(t, conv.RootPostID, 1)
	contains(t, posts[0].Message, "written to number B")
	if got := a.conversations("all"); len(got) != 0 {
		t.Fatalf("number A's channel got %d chats for number B's customer", len(got))
	}
	// A reply from B's channel goes out through number B.
	b.sendReply(conv.RootPostID, "answered from B")
	if n := len(a.fake.Sent()); n != 0 {
		t.Fatalf("number A sent %d messages for number B's chat", n)
	}

	// A number of the app that no connection owns: acknowledged, named, posted nowhere.
	unknown := whatsapptest.ExampleCredentials()
	unknown.PhoneNumberID = fmt.Sprintf("1066%011d", seq.Add(1))
	stray := whatsapptest.New(unknown)
	if code := deliver(t, stray.Text(a.customer, "to a number nobody connected", time.Now()).Request(a.conn.WebhookURL)); code != http.StatusOK {
		t.Fatalf("webhook answered %d for an unknown number", code)
	}
	waitOutcome(t, a.conn.ID, "unknown_account", 1)
	if got := a.conversations("all"); len(got) != 0 {
		t.Fatalf("number A's channel got a chat for a number nobody connected: %+v", got)
	}
}

// Another app's number is never fed by this app: its connection cannot verify the signature.
func TestWhatsAppNumberOfAnotherAppIsNotRouted(t *testing.T) {
	t.Parallel()
	a := newWhatsAppNumber(t)
	creds := whatsapptest.ExampleCredentials()
	creds.PhoneNumberID = fmt.Sprintf("1067%011d", seq.Add(1))
	creds.AppSecret = "another-apps-secret"
	other := whatsapptest.New(creds)
	otherDesk := newDesk(t, "whatsapp", other.Credentials().Map(), other)
	// Signed with A's app secret but naming the other app's number.
	forged := whatsapptest.New(func() whatsapptest.Credentials { c := creds; c.AppSecret = a.fake.Credentials().AppSecret; return c }())
	if code := deliver(t, forged.Text(a.customer, "forged", time.Now()).Request(a.conn.WebhookURL)); code != http.StatusOK {
		t.Fatalf("webhook answered %d", code)
	}
	waitOutcome(t, a.conn.ID, "unknown_account", 1)
	if got := otherDesk.conversations("all"); len(got) != 0 {
		t.Fatalf("a delivery signed by one app was stored under another app's number: %+v", got)
	}
}

func TestMessengerSecondPageOnTheSameAppReachesItsOwnChannel(t *testing.T) {
	t.Parallel()
	a, b := newMessengerDesk(t), newMessengerDesk(t)
	if code := deliver(t, b.fake.Webhook(b.fake.Text(b.customer, "written to Page B")).Request(a.conn.WebhookURL)); code != http.StatusOK {
		t.Fatalf("webhook answered %d", code)
	}
	conv := b.waitConversation()
	contains(t, waitReplies(t, conv.RootPostID, 1)[0].Message, "written to Page B")
	if got := a.conversations("all"); len(got) != 0 {
		t.Fatalf("Page A's channel got %d chats for Page B's customer", len(got))
	}
	stray := messengertest.New(map[string]string{"page_id": fmt.Sprintf("1041000%08d", seq.Add(1)),
		"page_access_token": "EAAfake", "app_secret": "fake-messenger-app-secret"})
	if code := deliver(t, stray.Webhook(stray.Text(a.customer, "to a Page nobody connected")).Request(a.conn.WebhookURL)); code != http.StatusOK {
		t.Fatalf("webhook answered %d for an unknown Page", code)
	}
	waitOutcome(t, a.conn.ID, "unknown_account", 1)
	if got := a.conversations("all"); len(got) != 0 {
		t.Fatalf("Page A's channel got a chat for a Page nobody connected")
	}
}

// Instagram events were not filtered by account at all: account B's messages landed in account A's
// channel. Now they reach B's.
func TestInstagramSecondAccountOnTheSameAppReachesItsOwnChannel(t *testing.T) {
	t.Parallel()
	a, b := newInstagramDesk(t), newInstagramDesk(t)
	if code := deliver(t, b.fake.Webhook(b.fake.Text(b.customer, "written to account B")).Request(a.conn.WebhookURL)); code != http.StatusOK {
		t.Fatalf("webhook answered %d", code)
	}
	conv := b.waitConversation()
	contains(t, waitReplies(t, conv.RootPostID, 1)[0].Message, "written to account B")
	if got := a.conversations("all"); len(got) != 0 {
		t.Fatalf("account A's channel got %d chats for account B's customer", len(got))
	}
	// An id no connection owns stays with the receiving connection (the id Meta sends may differ
	// from the one the admin copied): kept, not lost.
	stray := instagramtest.New(map[string]string{"account_id": fmt.Sprintf("1785000%08d", seq.Add(1)),
		"access_token": "IGAAfake", "app_secret": "fake-instagram-app-secret"})
	if code := deliver(t, stray.Webhook(stray.Text(a.customer, "to the app-scoped id")).Request(a.conn.WebhookURL)); code != http.StatusOK {
		t.Fatalf("webhook answered %d", code)
	}
	kept := a.waitConversation()
	contains(t, waitReplies(t, kept.RootPostID, 1)[0].Message, "to the app-scoped id")
}
