package conversations_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/server/channel/sms/smstest"
)

// smsDesk is a desk on a fake Twilio account with one number.
type smsDesk struct {
	*desk
	fake  *smstest.Server
	phone string // the customer's number
}

func newSMSDesk(t *testing.T) *smsDesk {
	t.Helper()
	n := seq.Add(1)
	creds := smstest.Credentials{
		AccountSID: fmt.Sprintf("AC%032d", n),
		AuthToken:  "fake-twilio-auth-token",
		FromNumber: "+15557654321",
	}
	fake := smstest.New(creds)
	d := newDesk(t, "sms", creds.Map(), fake)
	fake.SetBaseURL(d.provider.URL)
	return &smsDesk{desk: d, fake: fake, phone: fmt.Sprintf("+1555%07d", n)}
}

// send posts a Twilio webhook signed for the connection's webhook URL with the account's token.
func (d *smsDesk) send(del smstest.Delivery) int {
	d.t.Helper()
	return deliver(d.t, del.Request(d.conn.WebhookURL, d.fake.Credentials().AuthToken))
}

// F10: a chat can be started with a number that never wrote; the status callback then shows
// delivered on the agent's post.
func TestSMSStartChatWithNeverSeenNumberThenDelivered(t *testing.T) {
	t.Parallel()
	d := newSMSDesk(t)
	const phone = "+15551230001"
	code, body := d.as(d.agent, http.MethodPost, "/api/v1/conversations", map[string]any{
		"connection_id": d.conn.ID, "customer_id": phone, "text": "Your laptop is ready for pickup.",
	})
	if code != http.StatusCreated {
		t.Fatalf("start: %d %s", code, body)
	}
	var conv conversationJSON
	if err := json.Unmarshal(body, &conv); err != nil {
		t.Fatal(err)
	}
	if conv.RootPostID == "" || conv.Customer.Phone != phone {
		t.Fatalf("started conversation = %s", body)
	}
	root := rootMessage(t, conv.RootPostID)
	contains(t, root, "SMS")
	contains(t, root, phone)
	contains(t, root, "to +15557654321") // the number the customer texts, not the Twilio account's name
	posts := waitReplies(t, conv.RootPostID, 1)
	if posts[0].UserId != d.agent.Id {
		t.Fatalf("the first message is posted by %s, want the agent %s", posts[0].UserId, d.agent.Id)
	}
	waitState(t, posts[0].Id, "sent")
	sent := d.fake.Sent()
	if len(sent) != 1 || sent[0].To != phone || sent[0].Body != "Your laptop is ready for pickup." || sent[0].From != "+15557654321" {
		t.Fatalf("sent = %+v", sent)
	}
	if sent[0].StatusCallback != d.conn.WebhookURL {
		t.Fatalf("status callback %q, want the connection's webhook URL %q", sent[0].StatusCallback, d.conn.WebhookURL)
	}
	if code := d.send(d.fake.Status(sent[0].SID, "delivered", 0)); code != http.StatusOK {
		t.Fatalf("status callback answered %d", code)
	}
	waitState(t, posts[0].Id, "delivered")
	if got := thread(t, conv.RootPostID); len(got) != 1 {
		t.Fatalf("the status callback added posts: %v", messages(got))
	}
}

// Twilio's signature covers the webhook URL: a wrong token or a delivery signed for another URL
// gets 401 and stores nothing.
func TestSMSWebhookSignatureIsCheckedAgainstWebhookURL(t *testing.T) {
	t.Parallel()
	d := newSMSDesk(t)
	del := d.fake.Text(d.phone, "forged")
	if code := deliver(t, del.Request(d.conn.WebhookURL, "not-the-auth-token")); code != http.StatusUnauthorized {
		t.Fatalf("wrong-token signature answered %d, want 401", code)
	}
	// Signed correctly, but for another URL, then replayed to ours.
	req := del.Request(d.conn.WebhookURL, d.fake.Credentials().AuthToken)
	req.Header = del.Header("https://elsewhere.example/plugins/frontdesk/webhooks/"+d.conn.ID, d.fake.Credentials().AuthToken)
	if code := deliver(t, req); code != http.StatusUnauthorized {
		t.Fatalf("signature for another URL answered %d, want 401", code)
	}
	var n int
	if err := srv.DB().QueryRow(`SELECT COUNT(*) FROM frontdesk_messages WHERE connection_id=$1`, d.conn.ID).Scan(&n); err != nil || n != 0 {
		t.Fatalf("stored messages = %d (%v), want 0", n, err)
	}
	// The genuine delivery is accepted and answered with TwiML.
	if code := d.send(del); code != http.StatusOK {
		t.Fatalf("genuine delivery answered %d", code)
	}
	conv := d.waitConversation()
	contains(t, waitReplies(t, conv.RootPostID, 1)[0].Message, "forged")
}

// SMS has no customer-service window: a reply a month after the customer's last message is sent.
func TestSMSReplyWorksAnyTime(t *testing.T) {
	t.Parallel()
	d := newSMSDesk(t)
	if code := d.send(d.fake.Text(d.phone, "Is the screen replaced?")); code != http.StatusOK {
		t.Fatalf("webhook answered %d", code)
	}
	conv := d.waitConversation()
	waitReplies(t, conv.RootPostID, 1)
	eventually(t, 20*time.Second, "the customer's message to be recorded", func() bool {
		return d.conversation(conv.ID).LastCustomerAt != 0
	})
	monthAgo := time.Now().Add(-30 * 24 * time.Hour).UnixMilli()
	if _, err := srv.DB().Exec(`UPDATE frontdesk_conversations SET last_customer_at=$2 WHERE id=$1`, conv.ID, monthAgo); err != nil {
		t.Fatal(err)
	}
	if c := d.conversation(conv.ID); c.Window.State != "always" {
		t.Fatalf("SMS window state %q, want always", c.Window.State)
	}
	p, err := reply(t, d.agent, d.channelID, conv.RootPostID, "Yes, done.")
	if err != nil {
		t.Fatalf("an SMS reply a month later was refused: %v", err)
	}
	waitState(t, p.Id, "sent")
	if sent := d.fake.Sent(); len(sent) != 1 || sent[0].To != d.phone || sent[0].Body != "Yes, done." {
		t.Fatalf("sent = %+v", sent)
	}
}

// F2: per-channel access. A team member outside the connection's channel sees nothing and can do
// nothing; a non-admin cannot connect channels; secrets are masked and admin-only fields hidden.
func TestChannelAccessIsEnforcedAndSecretsHidden(t *testing.T) {
	t.Parallel()
	d := newSMSDesk(t)
	d.send(d.fake.Text(d.phone, "hello"))
	conv := d.waitConversation()
	outsider := newUser(t, "outsider")

	if code, body := d.as(outsider, http.MethodGet, "/api/v1/conversations/"+conv.ID, nil); code != http.StatusNotFound {
		t.Fatalf("outsider GET conversation: %d %s, want 404", code, body)
	}
	code, body := d.as(outsider, http.MethodGet, "/api/v1/conversations?status=all", nil)
	if code != http.StatusOK || strings.TrimSpace(string(body)) != "[]" {
		t.Fatalf("outsider list: %d %s, want 200 []", code, body)
	}
	code, body = d.as(outsider, http.MethodGet, "/api/v1/conversations?status=all&connection_id="+d.conn.ID, nil)
	if code != http.StatusOK || strings.TrimSpace(string(body)) != "[]" {
		t.Fatalf("outsider list of the connection: %d %s, want 200 []", code, body)
	}
	code, body = d.as(outsider, http.MethodGet, "/api/v1/indicators", nil)
	var ind struct{ Unread, Unanswered int }
	if code != http.StatusOK || json.Unmarshal(body, &ind) != nil || ind.Unread != 0 || ind.Unanswered != 0 {
		t.Fatalf("outsider indicators: %d %s, want zeros", code, body)
	}
	for _, path := range []string{"/archive", "/reopen", "/read"} {
		if code, body := d.as(outsider, http.MethodPost, "/api/v1/conversations/"+conv.ID+path, nil); code != http.StatusNotFound {
			t.Fatalf("outsider POST %s: %d %s, want 404", path, code, body)
		}
	}
	if c := d.conversation(conv.ID); c.Status != "active" {
		t.Fatalf("an outsider changed the conversation: status %s", c.Status)
	}
	code, body = d.as(outsider, http.MethodPost, "/api/v1/conversations", map[string]any{
		"connection_id": d.conn.ID, "customer_id": "+15559990000", "text": "hi"})
	if code != http.StatusNotFound {
		t.Fatalf("outsider start: %d %s, want 404", code, body)
	}
	if code, body := d.as(outsider, http.MethodGet, "/api/v1/connections/"+d.conn.ID, nil); code != http.StatusNotFound {
		t.Fatalf("outsider GET connection: %d %s, want 404", code, body)
	}
	// Each refusal above came before anything was queued; nothing queued cannot be sent later.
	var queued int
	if err := srv.DB().QueryRow(`SELECT COUNT(*) FROM frontdesk_messages WHERE connection_id=$1 AND direction='out'`, d.conn.ID).Scan(&queued); err != nil || queued != 0 {
		t.Fatalf("an outsider's request queued %d messages (%v)", queued, err)
	}
	if n := len(d.fake.Sent()); n != 0 {
		t.Fatalf("an outsider's request sent %d messages", n)
	}

	// Only system admins connect channels.
	code, body = d.as(d.agent, http.MethodPost, "/api/v1/connections", map[string]any{
		"kind": "sms", "name": "sneaky", "channel_id": d.channelID, "credentials": d.fake.Credentials().Map()})
	if code != http.StatusForbidden {
		t.Fatalf("non-admin create connection: %d %s, want 403", code, body)
	}

	// The admin sees the secret masked and the webhook URL; the member sees neither secrets nor
	// the webhook URL nor the verify token.
	code, body = d.admin(http.MethodGet, "/api/v1/connections/"+d.conn.ID, nil)
	var asAdmin connectionJSON
	if code != http.StatusOK || json.Unmarshal(body, &asAdmin) != nil {
		t.Fatalf("admin GET connection: %d %s", code, body)
	}
	if asAdmin.Credentials["auth_token"] != "********" || asAdmin.Credentials["account_sid"] != d.fake.Credentials().AccountSID ||
		asAdmin.WebhookURL != d.conn.WebhookURL || asAdmin.VerifyToken == "" {
		t.Fatalf("admin view = %s", body)
	}
	if d.conn.Credentials["auth_token"] != "********" {
		t.Fatalf("the create answer shows the auth token: %v", d.conn.Credentials)
	}
	for _, path := range []string{"/api/v1/connections/" + d.conn.ID, "/api/v1/connections"} {
		code, body = d.as(d.agent, http.MethodGet, path, nil)
		if code != http.StatusOK {
			t.Fatalf("member GET %s: %d %s", path, code, body)
		}
		s := string(body)
		for _, leak := range []string{"fake-twilio-auth-token", asAdmin.VerifyToken, `"webhook_url"`, `"verify_token"`, `"api_base_url"`} {
			if strings.Contains(s, leak) {
				t.Fatalf("member GET %s shows %s: %s", path, leak, s)
			}
		}
		if !strings.Contains(s, d.conn.ID) {
			t.Fatalf("member GET %s does not show the connection: %s", path, s)
		}
	}
}

// A send that Twilio later reports undelivered fails the reply with Twilio's reason.
func TestSMSUndeliveredStatusFailsReply(t *testing.T) {
	t.Parallel()
	d := newSMSDesk(t)
	d.send(d.fake.Text(d.phone, "hi"))
	conv := d.waitConversation()
	waitReplies(t, conv.RootPostID, 1)
	p, err := reply(t, d.agent, d.channelID, conv.RootPostID, "We will call you")
	if err != nil {
		t.Fatal(err)
	}
	waitState(t, p.Id, "sent")
	sent := d.fake.Sent()
	if len(sent) != 1 {
		t.Fatalf("sent = %+v", sent)
	}
	if code := d.send(d.fake.Status(sent[0].SID, "undelivered", 30003)); code != http.StatusOK {
		t.Fatalf("status callback answered %d", code)
	}
	st := waitState(t, p.Id, "failed")
	if reason, _ := st["reason"].(string); reason == "" {
		t.Fatalf("failed without a reason: %v", st)
	}
}

// F21: /frontdesk start in a connected channel starts a chat with a typed number; outside one it
// says where to use it.
func TestStartCommandInConnectedChannel(t *testing.T) {
	t.Parallel()
	d := newSMSDesk(t)
	code, text := executeInThread(t, d.agent, d.channelID, "", "/frontdesk start +1-555-777-0001 Your repair is done")
	if code != http.StatusOK || !strings.Contains(text, "Chat started") {
		t.Fatalf("/frontdesk start: %d %q", code, text)
	}
	conv := d.waitConversation()
	if conv.Customer.ID != "+15557770001" {
		t.Fatalf("customer id = %q, want the E.164 number", conv.Customer.ID)
	}
	eventually(t, 20*time.Second, "the SMS to be sent", func() bool {
		for _, s := range d.fake.Sent() {
			if s.To == "+15557770001" && s.Body == "Your repair is done" {
				return true
			}
		}
		return false
	})
	other, err := srv.CreateChannel(team.Id, fmt.Sprintf("plain-%d", seq.Add(1)))
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.AddToChannel(other.Id, d.agent.Id); err != nil {
		t.Fatal(err)
	}
	code, text = executeInThread(t, d.agent, other.Id, "", "/frontdesk start +15557770002 hi")
	if code != http.StatusOK || !strings.Contains(text, "channel connected to") {
		t.Fatalf("/frontdesk start outside a connected channel: %d %q", code, text)
	}
}

// The server log never holds a customer's number or what was said, even when a send fails with a
// provider message that quotes the number.
func TestServerLogHoldsNoNumbersOrMessageText(t *testing.T) {
	t.Parallel()
	d := newSMSDesk(t)
	d.send(d.fake.Text(d.phone, "My door code is bluebird"))
	conv := d.waitConversation()
	waitReplies(t, conv.RootPostID, 1)
	d.fake.FailNext(1, smstest.Failure{Status: http.StatusBadRequest, Code: 21211,
		Message: "The 'To' number " + d.phone + " is not a valid phone number."})
	p, err := reply(t, d.agent, d.channelID, conv.RootPostID, "We will ring kestrel at the gate")
	if err != nil {
		t.Fatal(err)
	}
	waitState(t, p.Id, "failed")

	var log string
	eventually(t, 10*time.Second, "the failed send in the server log", func() bool {
		data, err := os.ReadFile(srv.LogPath())
		log = string(data)
		return err == nil && strings.Contains(log, p.Id)
	})
	// The debug log too: the core's outcome entries are written there.
	debug, err := os.ReadFile(srv.DebugLogPath())
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{d.phone, strings.TrimPrefix(d.phone, "+"), "bluebird", "kestrel"} {
		if strings.Contains(log, secret) {
			t.Errorf("the server log holds %q", secret)
		}
		if strings.Contains(string(debug), secret) {
			t.Errorf("the server's debug log holds %q", secret)
		}
	}
}

// SMS cannot change a sent message: an agent's edit stays in Mattermost, and the agent is told the
// customer still sees the original.
func TestSMSAgentEditIsNotForwardedAndSaysSo(t *testing.T) {
	t.Parallel()
	d := newSMSDesk(t)
	d.send(d.fake.Text(d.phone, "When do you open?"))
	conv := d.waitConversation()
	p, err := reply(t, d.agent, d.channelID, conv.RootPostID, "We open at 9")
	if err != nil {
		t.Fatal(err)
	}
	waitState(t, p.Id, "sent")
	ws := listen(t, d.agent)
	msg := "We open at 10"
	if _, _, err := d.agent.client().PatchPost(context.Background(), p.Id, &model.PostPatch{Message: &msg}); err != nil {
		t.Fatal(err)
	}
	eventually(t, 20*time.Second, "the note that SMS cannot edit", func() bool {
		return ws.told("SMS does not support changing a sent message")
	})
	if sent := d.fake.Sent(); len(sent) != 1 || sent[0].Body != "We open at 9" {
		t.Fatalf("sent = %+v", sent)
	}
}
