package conversations_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/channel/messenger/messengertest"
)

// fbDesk is a desk on a fake Facebook Page.
type fbDesk struct {
	*desk
	fake     *messengertest.Server
	pageID   string
	customer string // the customer's page-scoped id (PSID)
}

func newMessengerDesk(t *testing.T) *fbDesk {
	t.Helper()
	n := seq.Add(1)
	pageID := fmt.Sprintf("1040000%08d", n)
	creds := map[string]string{
		"page_id":           pageID,
		"page_access_token": "EAAfake-page-token-for-tests",
		"app_secret":        "fake-messenger-app-secret",
	}
	fake := messengertest.New(creds)
	d := newDesk(t, "messenger", creds, fake)
	fake.SetURL(d.provider.URL)
	return &fbDesk{desk: d, fake: fake, pageID: pageID, customer: fmt.Sprintf("2600000%08d", n)}
}

// send delivers events to Frontdesk as Meta would, signed with the app secret.
func (d *fbDesk) send(events ...messengertest.Event) int {
	d.t.Helper()
	return deliver(d.t, d.fake.Webhook(events...).Request(d.conn.WebhookURL))
}

// messages is what the Page sent to customers, sender actions left out.
func (d *fbDesk) messages() []messengertest.Sent {
	var out []messengertest.Sent
	for _, s := range d.fake.Sent() {
		if s.Action == "" {
			out = append(out, s)
		}
	}
	return out
}

// actions is the sender actions (mark_seen, typing_on) the Page sent to one customer.
func (d *fbDesk) actions(action, to string) int {
	n := 0
	for _, s := range d.fake.Sent() {
		if s.Action == action && s.To == to {
			n++
		}
	}
	return n
}

// open delivers one customer text (at the given time) and waits for its thread and post.
func (d *fbDesk) open(text string, at time.Time) conversationJSON {
	d.t.Helper()
	posted := srv.CountOutcomes(d.t, d.conn.ID, "posted")
	if code := d.send(d.fake.Text(d.customer, text).At(at)); code != http.StatusOK {
		d.t.Fatalf("webhook answered %d", code)
	}
	conv := d.waitConversation()
	waitReplies(d.t, conv.RootPostID, 1)
	// The post shows a moment before its row is marked posted; a read in between would have
	// nothing the provider could mark.
	srv.WaitOutcome(d.t, d.conn.ID, "posted", posted+1)
	return conv
}

// F13: eight days after the customer's last message the reply is refused, naming the 7-day rule and
// linking to m.me; once the customer writes again, replying works.
func TestMessengerReplyAfterSevenDaysIsRefusedUntilCustomerWrites(t *testing.T) {
	t.Parallel()
	d := newMessengerDesk(t)
	conv := d.open("Is the tablet fixed?", time.Now().Add(-8*24*time.Hour))
	if c := d.conversation(conv.ID); c.Window.State != "closed" || c.Window.DeepLink != "https://m.me/"+d.pageID {
		t.Fatalf("window = %+v, want closed with link https://m.me/%s", c.Window, d.pageID)
	}
	_, err := reply(t, d.agent, d.channelID, conv.RootPostID, "Yes, come and pick it up.")
	if err == nil {
		t.Fatal("a reply 8 days after the customer's last message was accepted")
	}
	contains(t, err.Error(), "7 days")
	contains(t, err.Error(), "https://m.me/"+d.pageID)
	if got := thread(t, conv.RootPostID); len(got) != 1 {
		t.Fatalf("the refused reply left a post: %v", messages(got))
	}

	d.send(d.fake.Text(d.customer, "Hello? Anyone there?"))
	waitReplies(t, conv.RootPostID, 2)
	p, err := reply(t, d.agent, d.channelID, conv.RootPostID, "Yes, come and pick it up.")
	if err != nil {
		t.Fatalf("reply after the customer wrote again was refused: %v", err)
	}
	waitState(t, p.Id, "sent")
	sent := d.messages()
	if len(sent) != 1 || sent[0].Text != "Yes, come and pick it up." || sent[0].To != d.customer {
		t.Fatalf("sent = %+v", sent)
	}
	if sent[0].Tag != "" || sent[0].MessagingType != "RESPONSE" {
		t.Fatalf("a reply inside 24 hours went with messaging_type %q tag %q, want RESPONSE and no tag", sent[0].MessagingType, sent[0].Tag)
	}
}

// F13: between 24 hours and 7 days a reply goes out with the HUMAN_AGENT tag.
func TestMessengerReplyAfterThreeDaysCarriesHumanAgentTag(t *testing.T) {
	t.Parallel()
	d := newMessengerDesk(t)
	conv := d.open("Can I bring it on Monday?", time.Now().Add(-3*24*time.Hour))
	if c := d.conversation(conv.ID); c.Window.State != "human_agent" {
		t.Fatalf("window state %q, want human_agent", c.Window.State)
	}
	p, err := reply(t, d.agent, d.channelID, conv.RootPostID, "Sure, any time after 9.")
	if err != nil {
		t.Fatalf("reply 3 days after the customer's message refused: %v", err)
	}
	waitState(t, p.Id, "sent")
	sent := d.messages()
	if len(sent) != 1 || sent[0].Tag != "HUMAN_AGENT" || sent[0].MessagingType != "MESSAGE_TAG" {
		t.Fatalf("sent = %+v, want one message with messaging_type MESSAGE_TAG and tag HUMAN_AGENT", sent)
	}
}

// F11: a read watermark after a sent reply marks the reply read, with the time of reading.
func TestMessengerReadWatermarkShowsReplyRead(t *testing.T) {
	t.Parallel()
	d := newMessengerDesk(t)
	conv := d.open("What time do you close?", time.Now())
	p, err := reply(t, d.agent, d.channelID, conv.RootPostID, "At 6 pm.")
	if err != nil {
		t.Fatal(err)
	}
	waitState(t, p.Id, "sent")
	readAt := time.Now()
	if code := d.send(d.fake.ReadWatermark(d.customer, readAt).At(readAt)); code != http.StatusOK {
		t.Fatalf("read webhook answered %d", code)
	}
	st := waitState(t, p.Id, "read")
	at, ok := st["read_at"].(float64)
	if !ok || int64(at) != readAt.UnixMilli() {
		t.Fatalf("delivery prop %v: read_at should be the read event's time %d", st, readAt.UnixMilli())
	}
	if got := thread(t, conv.RootPostID); len(got) != 2 {
		t.Fatalf("a read receipt added posts: %v", messages(got))
	}
}

// F12: when the agent reads the chat the customer sees it seen (mark_seen); nothing new, nothing sent.
func TestMessengerAgentReadSendsMarkSeenOnce(t *testing.T) {
	t.Parallel()
	d := newMessengerDesk(t)
	conv := d.open("Hi, I left my phone with you yesterday", time.Now())
	eventually(t, 20*time.Second, "the customer's message to count as the last customer message", func() bool {
		return d.conversation(conv.ID).LastCustomerAt != 0
	})
	code, body := d.as(d.agent, http.MethodPost, "/api/v1/conversations/"+conv.ID+"/read", nil)
	if code != http.StatusOK {
		t.Fatalf("mark read: %d %s", code, body)
	}
	eventually(t, 10*time.Second, "mark_seen at the fake Page", func() bool { return d.actions("mark_seen", d.customer) == 1 })
	code, body = d.as(d.agent, http.MethodPost, "/api/v1/conversations/"+conv.ID+"/read", nil)
	if code != http.StatusOK {
		t.Fatalf("second mark read: %d %s", code, body)
	}
	// No wait: marking read calls the provider before the API answers.
	if n := d.actions("mark_seen", d.customer); n != 1 {
		t.Fatalf("mark_seen sent %d times; a second read with nothing new must send nothing", n)
	}
	if len(d.messages()) != 0 {
		t.Fatalf("reading sent messages: %+v", d.messages())
	}
}

// No loops: Meta's echo of Frontdesk's own send adds no post.
func TestMessengerEchoOfOwnSendAddsNoPost(t *testing.T) {
	t.Parallel()
	d := newMessengerDesk(t)
	conv := d.open("hi", time.Now())
	p, err := reply(t, d.agent, d.channelID, conv.RootPostID, "Hello from the shop")
	if err != nil {
		t.Fatal(err)
	}
	waitState(t, p.Id, "sent")
	sent := d.messages()
	if len(sent) != 1 {
		t.Fatalf("sent = %+v", sent)
	}
	if code := d.send(d.fake.EchoOf(sent[0])); code != http.StatusOK {
		t.Fatalf("echo webhook answered %d", code)
	}
	waitOutcome(t, d.conn.ID, "own_echo", 1)
	if n := countOutcomes(t, d.conn.ID, "native_echo"); n != 0 {
		t.Fatalf("the echo of our own send was taken for a message from the Page Inbox")
	}
	if got := thread(t, conv.RootPostID); len(got) != 2 {
		t.Fatalf("the echo of our own send changed the thread: %v", messages(got))
	}
	if n := len(d.messages()); n != 1 {
		t.Fatalf("the echo was relayed back: %d messages sent", n)
	}
}

// Staff answering from the Page Inbox is mirrored into the thread, and not sent again.
func TestMessengerPageInboxEchoIsMirrored(t *testing.T) {
	t.Parallel()
	d := newMessengerDesk(t)
	conv := d.open("hi", time.Now())
	if code := d.send(messengertest.PageInboxEcho(d.fake, d.customer, "We open at 9 tomorrow")); code != http.StatusOK {
		t.Fatalf("echo webhook answered %d", code)
	}
	posts := waitReplies(t, conv.RootPostID, 2)
	contains(t, posts[1].Message, "Sent from the Messenger app")
	contains(t, posts[1].Message, "We open at 9 tomorrow")
	// A mirrored echo is posted as sent and is never queued: no outbox row can send it later.
	waitOutcome(t, d.conn.ID, "native_echo", 1)
	waitOutcome(t, d.conn.ID, "posted", 2)
	var queued int
	if err := srv.DB().QueryRow(`SELECT COUNT(*) FROM frontdesk_messages WHERE connection_id=$1 AND state='sending'`, d.conn.ID).Scan(&queued); err != nil || queued != 0 {
		t.Fatalf("%d messages queued for the customer (%v)", queued, err)
	}
	if len(d.fake.Sent()) != 0 {
		t.Fatalf("a mirrored echo was sent to the customer: %+v", d.fake.Sent())
	}
}

// Another app's broadcast from the Page to people who never wrote opens no thread per recipient:
// only chats the desk has are mirrored (finding 13 of issue 11).
func TestMessengerBroadcastEchoOpensNoThreads(t *testing.T) {
	t.Parallel()
	d := newMessengerDesk(t)
	for i := range 3 {
		if code := d.send(messengertest.PageInboxEcho(d.fake, fmt.Sprintf("%s%d", d.customer, i), "Sale today only")); code != http.StatusOK {
			t.Fatalf("echo webhook answered %d", code)
		}
	}
	waitOutcome(t, d.conn.ID, "no_conversation", 3)
	var n int
	if err := srv.DB().QueryRow(`SELECT COUNT(*) FROM frontdesk_conversations WHERE connection_id=$1`, d.conn.ID).Scan(&n); err != nil || n != 0 {
		t.Fatalf("%d chats opened by a broadcast (%v)", n, err)
	}
}

// Meta's GET handshake answers the challenge only for the connection's verify token.
func TestMessengerWebhookVerificationHandshake(t *testing.T) {
	t.Parallel()
	d := newMessengerDesk(t)
	get := func(token string) (int, string) {
		q := url.Values{"hub.mode": {"subscribe"}, "hub.verify_token": {token}, "hub.challenge": {"123"}}
		resp, err := http.Get(d.conn.WebhookURL + "?" + q.Encode())
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if d.conn.VerifyToken == "" {
		t.Fatal("the connection has no verify token")
	}
	if code, body := get(d.conn.VerifyToken); code != http.StatusOK || body != "123" {
		t.Fatalf("handshake with the right token: %d %q, want 200 \"123\"", code, body)
	}
	if code, body := get("not-the-token"); code != http.StatusForbidden {
		t.Fatalf("handshake with a wrong token: %d %q, want 403", code, body)
	}
}

// A delivery with a bad X-Hub-Signature-256 is refused and stores nothing.
func TestMessengerBadSignatureIsRefusedAndStoresNothing(t *testing.T) {
	t.Parallel()
	d := newMessengerDesk(t)
	forged := d.fake.Webhook(d.fake.Text(d.customer, "forged")).SignedWith("someone-elses-secret")
	if code := deliver(t, forged.Request(d.conn.WebhookURL)); code != http.StatusUnauthorized {
		t.Fatalf("forged webhook answered %d, want 401", code)
	}
	var n int
	if err := srv.DB().QueryRow(`SELECT COUNT(*) FROM frontdesk_conversations WHERE connection_id=$1`, d.conn.ID).Scan(&n); err != nil || n != 0 {
		t.Fatalf("stored conversations = %d (%v), want 0", n, err)
	}
	if err := srv.DB().QueryRow(`SELECT COUNT(*) FROM frontdesk_messages WHERE connection_id=$1`, d.conn.ID).Scan(&n); err != nil || n != 0 {
		t.Fatalf("stored messages = %d (%v), want 0", n, err)
	}
}

// F10: Messenger allows no first message to someone who never wrote: a clear 409, nothing sent.
func TestMessengerStartWithNeverSeenCustomerIsRefused(t *testing.T) {
	t.Parallel()
	d := newMessengerDesk(t)
	code, body := d.as(d.agent, http.MethodPost, "/api/v1/conversations", map[string]any{
		"connection_id": d.conn.ID, "customer_id": d.customer, "text": "Hello, your repair is done",
	})
	if code != http.StatusConflict {
		t.Fatalf("start: %d %s, want 409", code, body)
	}
	var e struct{ Message string }
	if err := json.Unmarshal(body, &e); err != nil {
		t.Fatal(err)
	}
	contains(t, e.Message, "7 days")
	if got := d.conversations("all"); len(got) != 0 {
		t.Fatalf("a refused start opened %d threads", len(got))
	}
	// Refused before anything was stored: nothing queued can be sent later.
	var stored int
	if err := srv.DB().QueryRow(`SELECT COUNT(*) FROM frontdesk_messages WHERE connection_id=$1`, d.conn.ID).Scan(&stored); err != nil || stored != 0 {
		t.Fatalf("a refused start stored %d messages (%v)", stored, err)
	}
	if len(d.fake.Sent()) != 0 {
		t.Fatalf("a refused start sent %+v", d.fake.Sent())
	}
}

// F6: the header card names the customer. The webhook carries only the PSID; the name comes from the
// Page's profile API.
func TestMessengerHeaderShowsCustomerName(t *testing.T) {
	t.Parallel()
	d := newMessengerDesk(t)
	d.fake.SetProfile(d.customer, messengertest.Profile{FirstName: "Anna", LastName: "Nowak"})
	conv := d.open("hello", time.Now())
	root := rootMessage(t, conv.RootPostID)
	contains(t, root, "Messenger")
	if !strings.Contains(root, "Anna Nowak") {
		t.Fatalf("header card %q lacks the customer's name Anna Nowak (the fake's profile API knows it): "+
			"the core never asks the adapter's channel.ProfileFetcher", root)
	}
}

// A Send API refusal because the window closed meanwhile fails the reply with the reason; nothing
// is retried.
func TestMessengerSendRefusedOutsideWindowFailsWithReason(t *testing.T) {
	t.Parallel()
	d := newMessengerDesk(t)
	conv := d.open("hi", time.Now())
	d.fake.FailNext(1, messengertest.WindowClosed)
	p, err := reply(t, d.agent, d.channelID, conv.RootPostID, "Too late?")
	if err != nil {
		t.Fatal(err)
	}
	st := waitState(t, p.Id, "failed")
	reason, _ := st["reason"].(string)
	contains(t, strings.ToLower(reason), "window")
	// Failed for good: a failed reply is sent again only by the agent's Retry.
	waitOutcome(t, d.conn.ID, "send_failed", 1)
	if n := countOutcomes(t, d.conn.ID, "retry_scheduled"); n != 0 {
		t.Fatalf("a window refusal was scheduled for a retry %d times", n)
	}
	if n := len(d.messages()); n != 0 {
		t.Fatalf("a window refusal was retried: %d messages sent", n)
	}
	if st := delivery(t, p.Id); st["state"] != "failed" {
		t.Fatalf("state after a window refusal = %v", st)
	}
}
