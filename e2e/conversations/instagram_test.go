package conversations_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/channel/instagram/instagramtest"
)

// igDesk is a desk on a fake Instagram professional account (Instagram Login flavour).
type igDesk struct {
	*desk
	fake     *instagramtest.Server
	customer string // the customer's Instagram-scoped id (IGSID)
}

func newInstagramDesk(t *testing.T) *igDesk {
	t.Helper()
	n := seq.Add(1)
	creds := map[string]string{
		"account_id":   fmt.Sprintf("1784000%08d", n),
		"access_token": "IGAAfake-user-token-for-tests",
		"app_secret":   "fake-instagram-app-secret",
		"username":     "fixit_shop",
	}
	fake := instagramtest.New(creds)
	d := newDesk(t, "instagram", creds, fake)
	fake.SetURL(d.provider.URL)
	customer := fmt.Sprintf("5310000%08d", n)
	fake.SetProfile(customer, instagramtest.Profile{Name: "Ola Kowalska", Username: "ola.repairs"})
	return &igDesk{desk: d, fake: fake, customer: customer}
}

func (d *igDesk) send(events ...instagramtest.Event) int {
	d.t.Helper()
	return deliver(d.t, d.fake.Webhook(events...).Request(d.conn.WebhookURL))
}

func (d *igDesk) messages() []instagramtest.Sent {
	var out []instagramtest.Sent
	for _, s := range d.fake.Sent() {
		if s.Action == "" {
			out = append(out, s)
		}
	}
	return out
}

// F6: an Instagram chat shows the customer's nickname (username) on its header card. The webhook
// carries only the IGSID; the name and username come from the profile API.
func TestInstagramHeaderShowsCustomerUsername(t *testing.T) {
	t.Parallel()
	d := newInstagramDesk(t)
	if code := d.send(d.fake.Text(d.customer, "Do you fix iPads?")); code != http.StatusOK {
		t.Fatalf("webhook answered %d", code)
	}
	conv := d.waitConversation()
	posts := waitReplies(t, conv.RootPostID, 1)
	contains(t, posts[0].Message, "Do you fix iPads?")
	root := rootMessage(t, conv.RootPostID)
	contains(t, root, "Instagram")
	if !strings.Contains(root, "ola.repairs") {
		t.Fatalf("header card %q lacks the customer's Instagram username ola.repairs (the fake's profile API knows it; "+
			"API customer = %+v): the core never asks the adapter's channel.ProfileFetcher for the name and username", root, d.conversation(conv.ID).Customer)
	}
	if c := d.conversation(conv.ID); c.Customer.Username != "ola.repairs" {
		t.Fatalf("API customer username %q, want ola.repairs", c.Customer.Username)
	}
}

// Instagram counts text in bytes (1000): 1000 ASCII characters go out whole; 600 two-byte characters
// (1200 bytes, within Mattermost's 1000-character limit) are never sent cut, and the agent is told.
func TestInstagramReplyWithinAndOverByteLimit(t *testing.T) {
	t.Parallel()
	d := newInstagramDesk(t)
	d.send(d.fake.Text(d.customer, "hi"))
	conv := d.waitConversation()
	waitReplies(t, conv.RootPostID, 1)

	long := strings.Repeat("a", 1000)
	p, err := reply(t, d.agent, d.channelID, conv.RootPostID, long)
	if err != nil {
		t.Fatalf("a 1000-character ASCII reply was refused: %v", err)
	}
	waitState(t, p.Id, "sent")
	if sent := d.messages(); len(sent) != 1 || sent[0].Text != long {
		t.Fatalf("sent %d messages; want the 1000 characters whole", len(sent))
	}

	wide := strings.Repeat("ż", 600)
	p, err = reply(t, d.agent, d.channelID, conv.RootPostID, wide)
	if err != nil {
		t.Logf("refused when posted: %v", err)
		contains(t, err.Error(), "1000")
		waitOutcome(t, d.conn.ID, "refused", 1) // refused before it was stored: nothing to send
	} else {
		t.Log("accepted when posted; expecting it to fail at the provider's limit")
		st := waitState(t, p.Id, "failed")
		reason, _ := st["reason"].(string)
		contains(t, reason, "1000 bytes")
		waitOutcome(t, d.conn.ID, "send_failed", 1) // failed for good: never tried again
	}
	if n := len(d.messages()); n != 1 {
		t.Fatalf("a reply over Instagram's 1000 bytes reached the provider: %d messages sent", n)
	}
}

// F13 on Instagram: past 7 days the refusal links to the account's ig.me conversation.
func TestInstagramReplyAfterSevenDaysLinksToIgMe(t *testing.T) {
	t.Parallel()
	d := newInstagramDesk(t)
	d.send(d.fake.Text(d.customer, "old question").At(time.Now().Add(-8 * 24 * time.Hour)))
	conv := d.waitConversation()
	waitReplies(t, conv.RootPostID, 1)
	_, err := reply(t, d.agent, d.channelID, conv.RootPostID, "Sorry for the delay")
	if err == nil {
		t.Fatal("a reply 8 days after the customer's last message was accepted")
	}
	contains(t, err.Error(), "7 days")
	contains(t, err.Error(), "https://ig.me/m/fixit_shop")
}

// Instagram echoes carry no metadata, and an echo can arrive before the send it echoes has
// returned: it must not be mirrored into the thread as a message from the Instagram app, and the
// reply must still be recorded as sent, once.
func TestInstagramEchoOvertakingItsSendIsNotMirrored(t *testing.T) {
	t.Parallel()
	d := newInstagramDesk(t)
	d.send(d.fake.Text(d.customer, "price for a screen?"))
	conv := d.waitConversation()
	var inbound string
	if err := srv.DB().QueryRow(`SELECT provider_message_id FROM frontdesk_messages WHERE conversation_id=$1`, conv.ID).Scan(&inbound); err != nil {
		t.Fatal(err)
	}
	var n int
	if _, err := fmt.Sscanf(inbound, "m_in%d", &n); err != nil {
		t.Fatalf("unexpected fake id %q: %v", inbound, err)
	}
	next := fmt.Sprintf("m_fake%06d", n+1) // the fake numbers sends after the customer's message
	if code := d.send(d.fake.Echo(d.customer, next, "120 EUR", "", "")); code != http.StatusOK {
		t.Fatalf("early echo answered %d", code)
	}
	// Not yet known as Frontdesk's own: claimed as an echo from the app, held for the echo grace.
	waitOutcome(t, d.conn.ID, "native_echo", 1)
	p, err := reply(t, d.agent, d.channelID, conv.RootPostID, "120 EUR")
	if err != nil {
		t.Fatal(err)
	}
	waitState(t, p.Id, "sent")
	if sent := d.messages(); len(sent) != 1 || sent[0].MessageID != next {
		t.Fatalf("sent = %+v; the test expected one message with id %s", sent, next)
	}
	waitOutcome(t, d.conn.ID, "sent", 1)
	// The send drops the held echo claim, so nothing is left that the job could mirror later: the
	// message id is stored once, on the reply.
	var rows int
	if err := srv.DB().QueryRow(`SELECT COUNT(*) FROM frontdesk_messages WHERE connection_id=$1 AND provider_message_id=$2`,
		d.conn.ID, next).Scan(&rows); err != nil || rows != 1 {
		t.Fatalf("rows with the sent message's id = %d (%v), want only the reply's", rows, err)
	}
	if n := countOutcomes(t, d.conn.ID, "posted"); n != 1 {
		t.Fatalf("%d messages posted, want only the customer's", n)
	}
	for _, post := range thread(t, conv.RootPostID) {
		if strings.Contains(post.Message, "Sent from the Instagram app") {
			t.Fatalf("Frontdesk's own reply was mirrored as a native-app message: %q", post.Message)
		}
	}
	if got := len(thread(t, conv.RootPostID)); got != 2 {
		t.Fatalf("thread has %d replies, want the customer's and the agent's", got)
	}
}

// F15 prevented: Instagram-Login tokens are renewed before they expire, stored sealed, and used from
// then on — the channel keeps working after the old token stops.
//
// Not parallel: restarting the plugin would break every test running beside it.
func TestInstagramTokenIsRenewed(t *testing.T) {
	d := newInstagramDesk(t)
	before := d.fake.Token()
	// The renewal sweep runs soon after the plugin starts, then hourly.
	ctx := context.Background()
	if err := srv.DisablePlugin(ctx); err != nil {
		t.Fatal(err)
	}
	if err := srv.EnablePlugin(ctx); err != nil {
		t.Fatal(err)
	}
	var conn connectionJSON
	eventually(t, 60*time.Second, "the token to be renewed", func() bool {
		code, body := d.admin(http.MethodGet, "/api/v1/connections/"+d.conn.ID, nil)
		return code == http.StatusOK && json.Unmarshal(body, &conn) == nil && conn.Credentials["token_expires_at"] != ""
	})
	if d.fake.Token() == before {
		t.Fatal("the fake issued no new token")
	}
	if conn.Credentials["access_token"] != "********" {
		t.Fatalf("the renewed token is not masked: %q", conn.Credentials["access_token"])
	}
	d.fake.RetireOldTokens()
	d.send(d.fake.Text(d.customer, "still open today?"))
	c := d.waitConversation()
	p, err := reply(t, d.agent, d.channelID, c.RootPostID, "Until 6 pm")
	if err != nil {
		t.Fatal(err)
	}
	waitState(t, p.Id, "sent")
}
