package conversations_test

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// A Telegram customer who blocks the bot: the header says so and replies are refused with the
// reason, nothing lost; once they unblock it, replying works again.
func TestTelegramCustomerWhoBlocksTheBotIsNotWrittenTo(t *testing.T) {
	t.Parallel()
	d := newTelegramDesk(t)
	d.send(d.fake.Text(d.customer, "hi"))
	conv := d.waitConversation()
	waitReplies(t, conv.RootPostID, 1)

	if code := d.send(d.fake.CustomerBlocks(d.customer, true)); code != http.StatusOK {
		t.Fatalf("my_chat_member answered %d", code)
	}
	eventually(t, 20*time.Second, "the header to say the bot is blocked", func() bool {
		return strings.Contains(rootMessage(t, conv.RootPostID), "blocked")
	})
	if c := d.conversation(conv.ID); c.OptedOutAt == 0 {
		t.Fatal("the API does not show the opt-out")
	}
	if _, err := reply(t, d.agent, d.channelID, conv.RootPostID, "Are you there?"); err == nil || !strings.Contains(err.Error(), "blocked this bot") {
		t.Fatalf("reply to a customer who blocked the bot: err = %v", err)
	}
	if len(d.fake.Sent()) != 0 {
		t.Fatalf("sent while blocked: %v", d.sentTexts())
	}

	d.send(d.fake.CustomerBlocks(d.customer, false))
	eventually(t, 20*time.Second, "the header to drop the block", func() bool {
		return !strings.Contains(rootMessage(t, conv.RootPostID), "blocked")
	})
	p, err := reply(t, d.agent, d.channelID, conv.RootPostID, "Welcome back")
	if err != nil {
		t.Fatalf("reply after the unblock: %v", err)
	}
	waitState(t, p.Id, "sent")
	if got := d.sentTexts(); len(got) != 1 || got[0] != "Welcome back" {
		t.Fatalf("sent = %v", got)
	}
}

// A block Frontdesk only learns from a failed send: the reply fails with Telegram's words and the
// next one is refused before it is stored.
func TestTelegramBlockLearntFromASendHoldsLaterReplies(t *testing.T) {
	t.Parallel()
	d := newTelegramDesk(t)
	d.send(d.fake.Text(d.customer, "hi"))
	conv := d.waitConversation()
	waitReplies(t, conv.RootPostID, 1)
	d.fake.Block(d.customer.ID, true)
	p, err := reply(t, d.agent, d.channelID, conv.RootPostID, "Your phone is ready")
	if err != nil {
		t.Fatal(err)
	}
	st := waitState(t, p.Id, "failed")
	contains(t, st["reason"].(string), "blocked by the user")
	eventually(t, 20*time.Second, "the opt-out", func() bool { return d.conversation(conv.ID).OptedOutAt != 0 })
	if _, err := reply(t, d.agent, d.channelID, conv.RootPostID, "Hello?"); err == nil || !strings.Contains(err.Error(), "blocked this bot") {
		t.Fatalf("second reply: err = %v", err)
	}
}

// An SMS customer who texts STOP: the STOP shows in the thread, replies and new chats are refused
// until they text START, and then the reply is delivered.
func TestSMSStopHoldsRepliesUntilStart(t *testing.T) {
	t.Parallel()
	d := newSMSDesk(t)
	d.send(d.fake.Text(d.phone, "When will my laptop be ready?"))
	conv := d.waitConversation()
	waitReplies(t, conv.RootPostID, 1)
	d.send(d.fake.Text(d.phone, "STOP"))
	eventually(t, 20*time.Second, "the STOP in the thread and the header", func() bool {
		ps := thread(t, conv.RootPostID)
		return len(ps) == 2 && strings.Contains(ps[1].Message, "STOP") && strings.Contains(rootMessage(t, conv.RootPostID), "replied STOP")
	})
	if _, err := reply(t, d.agent, d.channelID, conv.RootPostID, "Tomorrow"); err == nil || !strings.Contains(err.Error(), "text START") {
		t.Fatalf("reply after STOP: err = %v", err)
	}
	code, body := d.as(d.agent, http.MethodPost, "/api/v1/conversations", map[string]any{
		"connection_id": d.conn.ID, "customer_id": d.phone, "text": "Your laptop is ready"})
	if code != http.StatusConflict || !strings.Contains(string(body), "START") {
		t.Fatalf("start a chat after STOP: %d %s", code, body)
	}

	d.send(d.fake.Text(d.phone, "start"))
	eventually(t, 20*time.Second, "the opt-in", func() bool { return d.conversation(conv.ID).OptedOutAt == 0 })
	p, err := reply(t, d.agent, d.channelID, conv.RootPostID, "Tomorrow at 10")
	if err != nil {
		t.Fatalf("reply after START: %v", err)
	}
	waitState(t, p.Id, "sent")
	if sent := d.fake.Sent(); len(sent) != 1 || sent[0].Body != "Tomorrow at 10" {
		t.Fatalf("sent = %+v", sent)
	}
}
