package conversations_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/server/channel/whatsapp/whatsapptest"
)

// waDesk is a desk on a fake WhatsApp Cloud API number.
type waDesk struct {
	*desk
	fake     *whatsapptest.Server
	customer whatsapptest.User
}

func newWhatsAppDesk(t *testing.T) *waDesk {
	t.Helper()
	fake := whatsapptest.New(whatsapptest.ExampleCredentials())
	d := newDesk(t, "whatsapp", fake.Credentials().Map(), fake)
	customer := whatsapptest.User{WaID: fmt.Sprintf("4860%07d", seq.Add(1)), Name: "Jan Kowalski"}
	return &waDesk{desk: d, fake: fake, customer: customer}
}

func (d *waDesk) send(del whatsapptest.Delivery) int {
	d.t.Helper()
	return deliver(d.t, del.Request(d.conn.WebhookURL))
}

// open delivers one customer text (at the given time) and waits for its thread and post.
func (d *waDesk) open(text string, at time.Time) conversationJSON {
	d.t.Helper()
	posted := srv.CountOutcomes(d.t, d.conn.ID, "posted")
	if code := d.send(d.fake.Text(d.customer, text, at)); code != http.StatusOK {
		d.t.Fatalf("webhook answered %d", code)
	}
	conv := d.waitConversation()
	waitReplies(d.t, conv.RootPostID, 1)
	// The post shows a moment before its row is marked posted; a read in between would have
	// nothing the provider could mark.
	srv.WaitOutcome(d.t, d.conn.ID, "posted", posted+1)
	return conv
}

// sentOf returns what the fake accepted of one type (text, template, image, read...).
func (d *waDesk) sentOf(typ string) []whatsapptest.Sent {
	var out []whatsapptest.Sent
	for _, s := range d.fake.Sent() {
		if s.Type == typ {
			out = append(out, s)
		}
	}
	return out
}

// sendReply posts an agent's reply, waits until it is sent and returns its post id and wamid.
func (d *waDesk) sendReply(rootID, text string) (postID, wamid string) {
	d.t.Helper()
	p, err := reply(d.t, d.agent, d.channelID, rootID, text)
	if err != nil {
		d.t.Fatalf("reply %q refused: %v", text, err)
	}
	waitState(d.t, p.Id, "sent")
	for _, s := range d.sentOf("text") {
		if s.Text == text {
			return p.Id, s.ID
		}
	}
	d.t.Fatalf("the fake received no text %q: %+v", text, d.fake.Sent())
	return "", ""
}

// F14: 25 hours after the customer's last message a free-form reply is refused with the reason and
// what to do; an approved template starts the chat again, and the approved templates are listed.
func TestWhatsAppOutsideWindowOnlyTemplates(t *testing.T) {
	t.Parallel()
	d := newWhatsAppDesk(t)
	conv := d.open("Is my phone ready?", time.Now().Add(-25*time.Hour))
	if c := d.conversation(conv.ID); c.Window.State != "closed" || c.Window.DeepLink != "https://wa.me/"+d.customer.WaID {
		t.Fatalf("window = %+v, want closed with link https://wa.me/%s", c.Window, d.customer.WaID)
	}
	_, err := reply(t, d.agent, d.channelID, conv.RootPostID, "Yes, it is ready.")
	if err == nil {
		t.Fatal("a free-form reply 25 hours after the customer's message was accepted")
	}
	contains(t, err.Error(), "24 hours")
	contains(t, err.Error(), "template")

	d.fake.AddTemplate(whatsapptest.Template{Name: "order_ready", Language: "en_US", Category: "UTILITY",
		Body: "Hello {{1}}, your order is ready for pickup."})
	code, body := d.as(d.agent, http.MethodPost, "/api/v1/conversations", map[string]any{
		"connection_id": d.conn.ID, "customer_id": d.customer.WaID,
		"template": "order_ready", "language": "en_US", "parameters": []string{"Jan"},
	})
	if code != http.StatusCreated {
		t.Fatalf("template start: %d %s", code, body)
	}
	var started conversationJSON
	if err := json.Unmarshal(body, &started); err != nil {
		t.Fatal(err)
	}
	if started.ID != conv.ID {
		t.Fatalf("the template opened conversation %s; the customer's is %s", started.ID, conv.ID)
	}
	tpl := d.sentOf("template")
	if len(tpl) != 1 || tpl[0].Template != "order_ready" || tpl[0].Language != "en_US" || tpl[0].To != d.customer.WaID ||
		strings.Join(tpl[0].Params, ",") != "Jan" {
		t.Fatalf("templates sent = %+v", tpl)
	}
	if n := len(d.sentOf("text")); n != 0 {
		t.Fatalf("%d free-form texts were sent outside the window", n)
	}
	posts := waitReplies(t, conv.RootPostID, 2)
	contains(t, posts[1].Message, "order_ready")

	// The composer offers the approved templates only.
	d.fake.AddTemplate(whatsapptest.Template{Name: "promo_blast", Language: "en_US", Category: "MARKETING",
		Status: "REJECTED", Body: "Big sale!"})
	code, body = d.as(d.agent, http.MethodGet, "/api/v1/connections/"+d.conn.ID+"/templates", nil)
	if code != http.StatusOK {
		t.Fatalf("templates: %d %s", code, body)
	}
	var list []map[string]any
	if err := json.Unmarshal(body, &list); err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 {
		t.Fatalf("templates = %s, want only the approved order_ready", body)
	}
	if list[0]["name"] != "order_ready" || list[0]["language"] != "en_US" {
		t.Errorf("template entry %s: want JSON fields \"name\": \"order_ready\" and \"language\": \"en_US\" like the rest of the API "+
			"(the handler writes channel.Template, which has no json tags)", body)
	}
}

// Statuses move a reply to delivered then read; a late failure (131047) on another reply says the
// window closed; a repeated status changes nothing.
func TestWhatsAppStatusesDeliveredReadAndLateFailure(t *testing.T) {
	t.Parallel()
	d := newWhatsAppDesk(t)
	conv := d.open("hi", time.Now())
	p1, id1 := d.sendReply(conv.RootPostID, "First answer")

	if code := d.send(d.fake.Status(d.customer, id1, "delivered", time.Now())); code != http.StatusOK {
		t.Fatalf("status webhook answered %d", code)
	}
	waitState(t, p1, "delivered")
	readAt := time.Now().Truncate(time.Second) // WhatsApp timestamps are in seconds
	readStatus := d.fake.Status(d.customer, id1, "read", readAt)
	d.send(readStatus)
	st := waitState(t, p1, "read")
	if at, _ := st["read_at"].(float64); int64(at) != readAt.UnixMilli() {
		t.Fatalf("delivery prop %v: read_at should be %d", st, readAt.UnixMilli())
	}

	before := postOf(t, p1)
	if code := d.send(readStatus); code != http.StatusOK {
		t.Fatalf("repeated status answered %d", code)
	}
	d.send(d.fake.Status(d.customer, id1, "delivered", time.Now()))
	// delivered, read, read again, delivered late: all four handled, the last two as no-ops.
	waitOutcome(t, d.conn.ID, "status_applied", 4)
	after := postOf(t, p1)
	if after.UpdateAt != before.UpdateAt {
		t.Fatalf("a repeated or late status rewrote the post (update_at %d → %d), delivery now %v",
			before.UpdateAt, after.UpdateAt, after.GetProp("frontdesk_delivery"))
	}
	if st := delivery(t, p1); st["state"] != "read" {
		t.Fatalf("state after a repeated status = %v, want read", st)
	}

	p2, id2 := d.sendReply(conv.RootPostID, "Second answer")
	d.send(d.fake.Failed(d.customer, id2, 131047, "Re-engagement message",
		"Message failed to send because more than 24 hours have passed since the customer last replied to this number.", time.Now()))
	st = waitState(t, p2, "failed")
	reason, _ := st["reason"].(string)
	contains(t, strings.ToLower(reason), "window")
	if got := thread(t, conv.RootPostID); len(got) != 3 {
		t.Fatalf("statuses added posts: %v", messages(got))
	}
}

// A customer's image arrives as a file attachment with its caption; the header shows the phone.
func TestWhatsAppImageArrivesAsAttachment(t *testing.T) {
	t.Parallel()
	d := newWhatsAppDesk(t)
	img := []byte("\xff\xd8\xff\xe0" + strings.Repeat("j", 3000))
	id := d.fake.AddMedia(img, "image/jpeg")
	if code := d.send(d.fake.Media(d.customer, "image", id, "the cracked screen", time.Now())); code != http.StatusOK {
		t.Fatalf("webhook answered %d", code)
	}
	conv := d.waitConversation()
	root := rootMessage(t, conv.RootPostID)
	for _, want := range []string{"Jan Kowalski", "WhatsApp", "+" + d.customer.WaID} {
		contains(t, root, want)
	}
	posts := waitReplies(t, conv.RootPostID, 1)
	contains(t, posts[0].Message, "the cracked screen")
	if data := attachment(t, d.conn.ID, posts[0]); string(data) != string(img) {
		t.Fatalf("file content differs (%d bytes)", len(data))
	}
}

// postOf loads a post as it is now.
func postOf(t *testing.T, id string) *model.Post {
	t.Helper()
	p, _, err := srv.Client(srv.AdminToken).GetPost(context.Background(), id, "")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// F12 as docs/api.md promises for WhatsApp: when the agent reads the chat, the customer's last
// message is marked read at WhatsApp (status "read" with that message's wamid); once only.
func TestWhatsAppAgentReadMarksCustomerMessageRead(t *testing.T) {
	t.Parallel()
	d := newWhatsAppDesk(t)
	first := d.fake.Text(d.customer, "Hello, any news?", time.Now())
	d.send(first)
	conv := d.waitConversation()
	waitReplies(t, conv.RootPostID, 1)
	waitOutcome(t, d.conn.ID, "posted", 1) // its row is marked posted just after the post shows
	eventually(t, 20*time.Second, "the customer's message to be recorded", func() bool {
		return d.conversation(conv.ID).LastCustomerAt != 0
	})
	for range 2 {
		if code, body := d.as(d.agent, http.MethodPost, "/api/v1/conversations/"+conv.ID+"/read", nil); code != http.StatusOK {
			t.Fatalf("mark read: %d %s", code, body)
		}
	}
	// No wait: marking read calls the provider before the API answers.
	reads := d.sentOf("read")
	if len(reads) != 1 || reads[0].ReadID != first.ID {
		t.Fatalf("read receipts sent = %+v, want one for the customer's message %s "+
			"(the core's MarkRead passes no message id to channel.ReadMarker, and WhatsApp needs the wamid)", reads, first.ID)
	}
}

// F10: an approved template starts a chat with a number written as a phone number (+E.164); when
// that customer answers, the answer lands in the same thread, not a second one.
func TestWhatsAppTemplateStartThenCustomerAnswersInSameThread(t *testing.T) {
	t.Parallel()
	d := newWhatsAppDesk(t)
	d.fake.AddTemplate(whatsapptest.Template{Name: "order_ready", Language: "en_US", Category: "UTILITY",
		Body: "Hello {{1}}, your order is ready for pickup."})
	phone := "+" + d.customer.WaID
	code, body := d.as(d.agent, http.MethodPost, "/api/v1/conversations", map[string]any{
		"connection_id": d.conn.ID, "customer_id": phone, "customer_name": "Jan Kowalski",
		"template": "order_ready", "language": "en_US", "parameters": []string{"Jan"},
	})
	if code != http.StatusCreated {
		t.Fatalf("template start with a never-seen number: %d %s", code, body)
	}
	var started conversationJSON
	if err := json.Unmarshal(body, &started); err != nil {
		t.Fatal(err)
	}
	if tpl := d.sentOf("template"); len(tpl) != 1 || tpl[0].To != d.customer.WaID {
		t.Fatalf("templates sent = %+v, want one to %s", tpl, d.customer.WaID)
	}
	contains(t, rootMessage(t, started.RootPostID), phone)

	d.send(d.fake.Text(d.customer, "Great, I will come today", time.Now()))
	eventually(t, 20*time.Second, "the customer's answer to be posted", func() bool {
		var n int
		_ = srv.DB().QueryRow(`SELECT COUNT(*) FROM frontdesk_messages WHERE connection_id=$1 AND direction='in' AND post_id IS NOT NULL`,
			d.conn.ID).Scan(&n)
		return n == 1
	})
	if got := d.conversations("all"); len(got) != 1 {
		ids := make([]string, 0, len(got))
		for _, c := range got {
			ids = append(ids, c.ID+" customer "+c.Customer.ID)
		}
		t.Fatalf("the customer's answer opened a second thread: %d conversations %v; Start keeps customer_id %q as given "+
			"while WhatsApp webhooks name the customer by wa_id %q", len(got), ids, phone, d.customer.WaID)
	}
	posts := waitReplies(t, started.RootPostID, 2)
	contains(t, posts[1].Message, "Great, I will come today")
}

// F14 from the thread itself: /frontdesk templates lists the approved ones and /frontdesk template
// sends one to the chat's customer when the window is closed.
func TestWhatsAppTemplateCommandsInThread(t *testing.T) {
	t.Parallel()
	d := newWhatsAppDesk(t)
	conv := d.open("Can you call me?", time.Now().Add(-30*time.Hour))
	d.fake.AddTemplate(whatsapptest.Template{Name: "callback", Language: "pl", Category: "UTILITY",
		Body: "Dzień dobry {{1}}, oddzwonimy dziś."})
	code, text := executeInThread(t, d.agent, d.channelID, conv.RootPostID, "/frontdesk templates")
	if code != http.StatusOK || !strings.Contains(text, "callback") || !strings.Contains(text, "| pl |") {
		t.Fatalf("/frontdesk templates: %d %q", code, text)
	}
	code, text = executeInThread(t, d.agent, d.channelID, conv.RootPostID, "/frontdesk template callback pl Jan")
	if code != http.StatusOK {
		t.Fatalf("/frontdesk template: %d %q", code, text)
	}
	tpl := d.sentOf("template")
	if len(tpl) != 1 || tpl[0].Template != "callback" || tpl[0].Language != "pl" || strings.Join(tpl[0].Params, ",") != "Jan" {
		t.Fatalf("templates sent = %+v", tpl)
	}
	posts := waitReplies(t, conv.RootPostID, 2)
	contains(t, posts[1].Message, "callback")
	code, text = executeInThread(t, d.agent, d.channelID, conv.RootPostID, "/frontdesk template missing_one en_US")
	if code != http.StatusOK || !strings.Contains(text, "Frontdesk:") {
		t.Fatalf("an unknown template: %d %q", code, text)
	}
}

// WhatsApp may report a status before the send call that it is about has returned: the status is
// kept and applied when the send records the message id, so the tick is not lost.
func TestWhatsAppStatusBeforeSendReturnsIsKept(t *testing.T) {
	t.Parallel()
	d := newWhatsAppDesk(t)
	conv := d.open("hello", time.Now())
	// The fake numbers messages in one sequence: the reply gets the number after the customer's.
	var inbound string
	if err := srv.DB().QueryRow(`SELECT provider_message_id FROM frontdesk_messages WHERE conversation_id=$1`, conv.ID).Scan(&inbound); err != nil {
		t.Fatal(err)
	}
	var n int
	if _, err := fmt.Sscanf(inbound, "wamid.HBgLFAKE%d", &n); err != nil {
		t.Fatalf("unexpected fake id %q: %v", inbound, err)
	}
	next := fmt.Sprintf("wamid.HBgLFAKE%08d", n+1)
	readAt := time.Now().Add(time.Second).Truncate(time.Second)
	if code := d.send(d.fake.Status(d.customer, next, "read", readAt)); code != http.StatusOK {
		t.Fatalf("early status answered %d", code)
	}
	p, err := reply(t, d.agent, d.channelID, conv.RootPostID, "Your phone is ready")
	if err != nil {
		t.Fatal(err)
	}
	st := waitState(t, p.Id, "read")
	if sent := d.sentOf("text"); len(sent) != 1 || sent[0].ID != next {
		t.Fatalf("sent = %+v; the test expected the id %s", sent, next)
	}
	if got := int64(st["read_at"].(float64)); got != readAt.UnixMilli() {
		t.Fatalf("read_at = %d, want %d", got, readAt.UnixMilli())
	}
	var left int
	_ = srv.DB().QueryRow(`SELECT COUNT(*) FROM frontdesk_early_statuses WHERE connection_id=$1`, d.conn.ID).Scan(&left)
	if left != 0 {
		t.Fatalf("%d early statuses left after they were applied", left)
	}
}

// An agent's reaction on a customer's message reaches WhatsApp; taking it back removes it there.
func TestWhatsAppAgentReactionIsForwarded(t *testing.T) {
	t.Parallel()
	d := newWhatsAppDesk(t)
	conv := d.open("Thanks for the quick repair!", time.Now())
	customerPost := waitReplies(t, conv.RootPostID, 1)[0]
	// React the moment the post appears: the post names its message row even before the row is marked.
	var wamid string
	if err := srv.DB().QueryRow(`SELECT provider_message_id FROM frontdesk_messages WHERE id=$1`, customerPost.GetProp("frontdesk_message_id")).Scan(&wamid); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, _, err := d.agent.client().SaveReaction(ctx, &model.Reaction{UserId: d.agent.Id, PostId: customerPost.Id, EmojiName: "+1"}); err != nil {
		t.Fatal(err)
	}
	eventually(t, 20*time.Second, "the reaction at WhatsApp", func() bool {
		r := d.sentOf("reaction")
		return len(r) == 1 && r[0].Emoji == "👍" && r[0].ReactTo == wamid
	})
	if _, err := d.agent.client().DeleteReaction(ctx, &model.Reaction{UserId: d.agent.Id, PostId: customerPost.Id, EmojiName: "+1"}); err != nil {
		t.Fatal(err)
	}
	eventually(t, 20*time.Second, "the reaction to be taken back", func() bool {
		r := d.sentOf("reaction")
		return len(r) == 2 && r[1].Emoji == "" && r[1].ReactTo == wamid
	})
	// A reaction with no WhatsApp equivalent stays in Mattermost; the agent is told so instead of
	// anything being sent, which is what the wait is on.
	agentEvents := listen(t, d.agent)
	if _, _, err := d.agent.client().SaveReaction(ctx, &model.Reaction{UserId: d.agent.Id, PostId: customerPost.Id, EmojiName: "white_circle"}); err != nil {
		t.Fatal(err)
	}
	eventually(t, 20*time.Second, "the agent to be told the reaction stays in Mattermost", func() bool {
		return agentEvents.told("has no WhatsApp equivalent")
	})
	if n := len(d.sentOf("reaction")); n != 2 {
		t.Fatalf("%d reactions sent, want 2", n)
	}
}
