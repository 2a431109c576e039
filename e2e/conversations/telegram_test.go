package conversations_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/server/channel/telegram/telegramtest"
)

// telegramToken is the bot token of every Telegram desk's fake.
const telegramToken = "7000001:AAH-fake-token-for-tests"

// tgDesk is a desk on a fake Telegram Bot API.
type tgDesk struct {
	*desk
	fake     *telegramtest.Server
	customer telegramtest.User
}

func newTelegramDesk(t *testing.T) *tgDesk {
	t.Helper()
	creds := telegramtest.Credentials{BotToken: telegramToken, BotUsername: "shop_bot"}
	fake := telegramtest.New(creds)
	d := newDesk(t, "telegram", creds.Map(), fake)
	customer := telegramtest.User{ID: 900000 + seq.Add(1), FirstName: "Anna", LastName: "Nowak", Username: "anna_n"}
	return &tgDesk{desk: d, fake: fake, customer: customer}
}

// send delivers a Telegram update to Frontdesk as Telegram would, with the registered secret.
func (d *tgDesk) send(del telegramtest.Delivery) int {
	d.t.Helper()
	req, err := del.Request(context.Background(), d.conn.WebhookURL, d.conn.VerifyToken)
	if err != nil {
		d.t.Fatal(err)
	}
	return deliver(d.t, req)
}

func (d *tgDesk) sentTexts() []string {
	var out []string
	for _, s := range d.fake.Sent() {
		out = append(out, s.Text)
	}
	return out
}

func TestConnectionRegistersTelegramWebhook(t *testing.T) {
	t.Parallel()
	d := newTelegramDesk(t)
	url, secret, _ := d.fake.Webhook()
	if url != d.conn.WebhookURL || secret != d.conn.VerifyToken || secret == "" {
		t.Fatalf("registered webhook %q with secret %q; connection has %q / %q", url, secret, d.conn.WebhookURL, d.conn.VerifyToken)
	}
	if !strings.HasSuffix(d.conn.WebhookURL, "/plugins/frontdesk/webhooks/"+d.conn.ID) {
		t.Fatalf("webhook URL %q", d.conn.WebhookURL)
	}
	if d.conn.Credentials["bot_token"] != "********" || d.conn.Credentials["bot_username"] != "shop_bot" {
		t.Fatalf("credentials not masked as expected: %v", d.conn.Credentials)
	}
}

// F3: the first message opens a thread with a header card; later ones are replies, in order.
func TestFirstMessageOpensThreadAndLaterOnesReply(t *testing.T) {
	t.Parallel()
	d := newTelegramDesk(t)
	if code := d.send(d.fake.Text(d.customer, "Hello, is my phone ready?")); code != http.StatusOK {
		t.Fatalf("webhook answered %d", code)
	}
	conv := d.waitConversation()
	root := rootMessage(t, conv.RootPostID)
	for _, want := range []string{"Anna Nowak", "Telegram", "anna_n", "Active"} {
		contains(t, root, want)
	}
	d.send(d.fake.Text(d.customer, "Second message"))
	d.send(d.fake.Text(d.customer, "Third message"))
	posts := waitReplies(t, conv.RootPostID, 3)
	for i, want := range []string{"Hello, is my phone ready?", "Second message", "Third message"} {
		contains(t, posts[i].Message, want)
	}
	if got := d.conversations("active"); len(got) != 1 || got[0].ID != conv.ID || got[0].Kind != "telegram" || got[0].ConnectionName != "telegram desk" {
		t.Fatalf("one telegram thread expected, got %+v", got)
	}
	if len(d.fake.Sent()) != 0 {
		t.Fatalf("bot posts were sent to the customer: %v", d.sentTexts())
	}
}

// Nothing twice: the same update delivered three times at once gives exactly one post.
func TestSameWebhookThreeTimesConcurrentlyGivesOnePost(t *testing.T) {
	t.Parallel()
	d := newTelegramDesk(t)
	del := d.fake.Text(d.customer, "only once please")
	var wg sync.WaitGroup
	codes := make([]int, 3)
	for i := range codes {
		wg.Add(1)
		go func() { defer wg.Done(); codes[i] = d.send(del) }()
	}
	wg.Wait()
	for _, c := range codes {
		if c != http.StatusOK {
			t.Fatalf("webhook answers %v, want three 200s", codes)
		}
	}
	conv := d.waitConversation()
	// Each delivery is claimed or discarded before its 200; one claim can make only one post. The
	// claim is logged before its post, so once the post is read the claims are all counted.
	waitOutcome(t, d.conn.ID, "duplicate", 2)
	waitOutcome(t, d.conn.ID, "posted", 1)
	if n := countOutcomes(t, d.conn.ID, "claimed"); n != 1 {
		t.Fatalf("the update was claimed %d times, want once", n)
	}
	waitReplies(t, conv.RootPostID, 1)
	var n int
	if err := srv.DB().QueryRow(`SELECT COUNT(*) FROM frontdesk_messages WHERE conversation_id=$1`, conv.ID).Scan(&n); err != nil || n != 1 {
		t.Fatalf("stored messages = %d (%v), want 1", n, err)
	}
}

// A forged delivery gets a clear 4xx and changes nothing.
func TestForgedWebhookIsRefusedAndChangesNothing(t *testing.T) {
	t.Parallel()
	d := newTelegramDesk(t)
	req, err := d.fake.Text(d.customer, "forged").Request(context.Background(), d.conn.WebhookURL, "wrong-secret")
	if err != nil {
		t.Fatal(err)
	}
	if code := deliver(t, req); code != http.StatusUnauthorized {
		t.Fatalf("forged webhook answered %d, want 401", code)
	}
	req, _ = http.NewRequest(http.MethodPost, d.conn.WebhookURL, strings.NewReader("{not json"))
	req.Header.Set(telegramtest.SecretHeader, d.conn.VerifyToken)
	if code := deliver(t, req); code != http.StatusBadRequest {
		t.Fatalf("malformed webhook answered %d, want 400", code)
	}
	if got := d.conversations("all"); len(got) != 0 {
		t.Fatalf("a refused webhook created %d conversations", len(got))
	}
	var n int
	_ = srv.DB().QueryRow(`SELECT COUNT(*) FROM frontdesk_conversations WHERE connection_id=$1`, d.conn.ID).Scan(&n)
	if n != 0 {
		t.Fatalf("stored conversations = %d", n)
	}
}

// Agent replies reach the customer once, and their post shows the delivery state.
func TestAgentReplyIsRelayedOnceWithState(t *testing.T) {
	t.Parallel()
	d := newTelegramDesk(t)
	d.send(d.fake.Text(d.customer, "hi"))
	conv := d.waitConversation()
	p, err := reply(t, d.agent, d.channelID, conv.RootPostID, "Your phone is ready.")
	if err != nil {
		t.Fatal(err)
	}
	waitState(t, p.Id, "sent")
	sent := d.fake.Sent()
	if len(sent) != 1 || sent[0].Text != "Your phone is ready." || sent[0].ChatID != d.customer.ID {
		t.Fatalf("sent = %+v", sent)
	}
	// The delivery state is the post's, not the agent's words: the reply must not show as edited.
	if got, _, err := srv.Client(srv.AdminToken).GetPost(context.Background(), p.Id, ""); err != nil || got.EditAt != 0 || got.Message != "Your phone is ready." {
		t.Fatalf("reply after its delivery update: %+v, %v", got, err)
	}
	// Mattermost runs the hook once per post; the outbox row unique on the post id makes a second
	// run a no-op. Prove the constraint on the real schema.
	_, err = srv.DB().Exec(`INSERT INTO frontdesk_messages (id, conversation_id, connection_id, direction, post_id, state,
		provider_at, create_at, update_at) VALUES ('dupdupdupdupdupdupdupdupdu', $1, $2, 'out', $3, 'sending', 0, 0, 0)`,
		conv.ID, d.conn.ID, p.Id)
	if err == nil {
		t.Fatal("a second outbox row for the same post was accepted")
	}
	if c := d.conversation(conv.ID); c.Unanswered {
		t.Fatal("conversation still unanswered after the agent's reply")
	}
}

// F8: a reply over 1000 characters is refused before it is stored, with a clear message.
func TestReplyOver1000CharactersIsRefused(t *testing.T) {
	t.Parallel()
	d := newTelegramDesk(t)
	d.send(d.fake.Text(d.customer, "hi"))
	conv := d.waitConversation()
	_, err := reply(t, d.agent, d.channelID, conv.RootPostID, strings.Repeat("ą", 1001))
	if err == nil || !strings.Contains(err.Error(), "at most 1000") {
		t.Fatalf("long reply error = %v", err)
	}
	if _, err := reply(t, d.agent, d.channelID, conv.RootPostID, strings.Repeat("ą", 1000)); err != nil {
		t.Fatalf("a 1000-character reply was refused: %v", err)
	}
	eventually(t, 20*time.Second, "the 1000-character reply to be sent", func() bool { return len(d.fake.Sent()) == 1 })
	if n := len([]rune(d.fake.Sent()[0].Text)); n != 1000 {
		t.Fatalf("sent %d characters", n)
	}
}

// Private notes never reach the customer and are marked internal.
func TestPrivateNoteIsNeverSent(t *testing.T) {
	t.Parallel()
	d := newTelegramDesk(t)
	d.send(d.fake.Text(d.customer, "hi"))
	conv := d.waitConversation()
	code, body := executeInThread(t, d.agent, d.channelID, conv.RootPostID, "/frontdesk note check the warranty first")
	if code != http.StatusOK {
		t.Fatalf("note command: %d %s", code, body)
	}
	posts := waitReplies(t, conv.RootPostID, 2)
	note := posts[1]
	if note.Type != "custom_frontdesk_note" || !strings.Contains(note.Message, "Internal note") || note.UserId != d.agent.Id {
		t.Fatalf("note post = %+v", note)
	}
	// A note is never queued, so it ends in no outcome to wait on. A reply posted after it is the
	// marker: replies leave in the order they were posted, so a queued note would go out first.
	p, err := reply(t, d.agent, d.channelID, conv.RootPostID, "after the note")
	if err != nil {
		t.Fatal(err)
	}
	waitOutcome(t, d.conn.ID, "sent", 1)
	waitState(t, p.Id, "sent")
	if got := d.sentTexts(); len(got) != 1 || got[0] != "after the note" {
		t.Fatalf("a note reached the customer: %v", got)
	}
	var queued int
	if err := srv.DB().QueryRow(`SELECT COUNT(*) FROM frontdesk_messages WHERE post_id=$1`, note.Id).Scan(&queued); err != nil || queued != 0 {
		t.Fatalf("the note was queued for the customer: %d rows (%v)", queued, err)
	}
}

// Media arrive as Mattermost file attachments.
func TestMediaArriveAsAttachments(t *testing.T) {
	t.Parallel()
	d := newTelegramDesk(t)
	img := []byte("\x89PNG\r\n\x1a\n" + strings.Repeat("x", 2000))
	d.send(d.fake.Photo(d.customer, img, "the broken screen"))
	conv := d.waitConversation()
	posts := waitReplies(t, conv.RootPostID, 1)
	contains(t, posts[0].Message, "the broken screen")
	if data := attachment(t, d.conn.ID, posts[0]); string(data) != string(img) {
		t.Fatalf("file content differs (%d bytes)", len(data))
	}
}

// An image Mattermost cannot decode is kept as a plain file, not lost.
func TestUndecodableImageIsKeptAsAFile(t *testing.T) {
	t.Parallel()
	d := newTelegramDesk(t)
	broken := []byte("GIF89a\x01\x00\x01\x00 truncated")
	d.send(d.fake.Document(d.customer, broken, "scan.gif", "image/gif", "my receipt"))
	conv := d.waitConversation()
	posts := waitReplies(t, conv.RootPostID, 1)
	if strings.Contains(posts[0].Message, "could not") {
		t.Fatalf("post %q says the file could not be kept", posts[0].Message)
	}
	if data := attachment(t, d.conn.ID, posts[0]); string(data) != string(broken) {
		t.Fatalf("file content differs (%d bytes)", len(data))
	}
}

// A customer's edit is applied to the post.
func TestCustomerEditIsApplied(t *testing.T) {
	t.Parallel()
	d := newTelegramDesk(t)
	first := d.fake.Text(d.customer, "I will come at 5")
	d.send(first)
	conv := d.waitConversation()
	waitReplies(t, conv.RootPostID, 1)
	d.send(d.fake.Edit(d.customer, first.MessageID, "I will come at 6"))
	eventually(t, 20*time.Second, "the edit", func() bool {
		ps := thread(t, conv.RootPostID)
		return len(ps) == 1 && strings.Contains(ps[0].Message, "at 6")
	})
}

// A customer's edit and reaction that arrive before their message is posted wait for it and are
// applied in order, never dropped.
func TestEditAndReactionRightBehindTheirMessageAreApplied(t *testing.T) {
	t.Parallel()
	d := newTelegramDesk(t)
	first := d.fake.Text(d.customer, "I will come at 5")
	d.send(first)
	d.send(d.fake.Edit(d.customer, first.MessageID, "I will come at 7"))
	d.send(d.fake.Reaction(d.customer, first.MessageID, "👍"))
	conv := d.waitConversation()
	eventually(t, 20*time.Second, "the edit and the reaction", func() bool {
		ps := thread(t, conv.RootPostID)
		if len(ps) != 1 || !strings.Contains(ps[0].Message, "at 7") {
			return false
		}
		rs, _, err := srv.Client(srv.AdminToken).GetReactions(context.Background(), ps[0].Id)
		return err == nil && len(rs) == 1 && rs[0].EmojiName == "+1"
	})
}

// F15: lost sync blocks sending with a notice; reconnecting makes it work again.
func TestLostSyncBlocksSendingUntilReconnected(t *testing.T) {
	t.Parallel()
	d := newTelegramDesk(t)
	d.send(d.fake.Text(d.customer, "hi"))
	conv := d.waitConversation()
	d.fake.RevokeToken()
	p, err := reply(t, d.agent, d.channelID, conv.RootPostID, "first try")
	if err != nil {
		t.Fatal(err)
	}
	st := waitState(t, p.Id, "failed")
	contains(t, st["reason"].(string), "lost its connection")
	if c := d.conversation(conv.ID); !c.SyncLost {
		t.Fatal("conversation does not show lost sync")
	}
	_, err = reply(t, d.agent, d.channelID, conv.RootPostID, "second try")
	if err == nil || !strings.Contains(err.Error(), "reconnect") {
		t.Fatalf("reply with lost sync: err = %v", err)
	}

	// Reconnect with a new token: the fake accepts the new one.
	newToken := "7000001:AAH-renewed-token"
	d.fake.SetToken(newToken)
	code, body := d.admin(http.MethodPatch, "/api/v1/connections/"+d.conn.ID, map[string]any{
		"credentials": map[string]string{"bot_token": newToken}})
	if code != http.StatusOK || strings.Contains(string(body), `"sync_lost":true`) {
		t.Fatalf("reconnect: %d %s", code, body)
	}
	p2, err := reply(t, d.agent, d.channelID, conv.RootPostID, "after reconnect")
	if err != nil {
		t.Fatalf("reply after reconnect refused: %v", err)
	}
	waitState(t, p2.Id, "sent")
	// The failed one can be retried now.
	code, body = d.as(d.agent, http.MethodPost, "/api/v1/posts/"+p.Id+"/retry", nil)
	if code != http.StatusOK {
		t.Fatalf("retry: %d %s", code, body)
	}
	waitState(t, p.Id, "sent")
	if got := strings.Join(d.sentTexts(), "|"); got != "after reconnect|first try" {
		t.Fatalf("sent = %s", got)
	}
}

// An agent's attachment reaches the customer as the file itself.
func TestAgentAttachmentIsSent(t *testing.T) {
	t.Parallel()
	d := newTelegramDesk(t)
	d.send(d.fake.Text(d.customer, "can you send the invoice?"))
	conv := d.waitConversation()
	pdf := []byte("%PDF-1.4\n" + strings.Repeat("invoice ", 300))
	up, _, err := d.agent.client().UploadFile(context.Background(), pdf, d.channelID, "invoice.pdf")
	if err != nil {
		t.Fatal(err)
	}
	p, _, err := d.agent.client().CreatePost(context.Background(), &model.Post{ChannelId: d.channelID, RootId: conv.RootPostID,
		Message: "Here it is", FileIds: []string{up.FileInfos[0].Id}})
	if err != nil {
		t.Fatal(err)
	}
	waitState(t, p.Id, "sent")
	sent := d.fake.Sent()
	if len(sent) != 1 || sent[0].MediaType != "document" || string(sent[0].Data) != string(pdf) || sent[0].Text != "Here it is" {
		t.Fatalf("sent = %+v", sent)
	}
}

// An agent's edit and delete reach the customer where the provider supports them (Telegram does).
func TestAgentEditAndDeleteAreForwarded(t *testing.T) {
	t.Parallel()
	d := newTelegramDesk(t)
	d.send(d.fake.Text(d.customer, "what time do you close?"))
	conv := d.waitConversation()
	p, err := reply(t, d.agent, d.channelID, conv.RootPostID, "We close at 5")
	if err != nil {
		t.Fatal(err)
	}
	waitState(t, p.Id, "sent")
	newText := "We close at 6"
	if _, _, err := d.agent.client().PatchPost(context.Background(), p.Id, &model.PostPatch{Message: &newText}); err != nil {
		t.Fatal(err)
	}
	eventually(t, 20*time.Second, "the edit to reach Telegram", func() bool {
		s := d.fake.Sent()
		return len(s) == 1 && s[0].Edited && s[0].Text == newText
	})
	tooLong := strings.Repeat("x", 1001)
	if _, _, err := d.agent.client().PatchPost(context.Background(), p.Id, &model.PostPatch{Message: &tooLong}); err == nil ||
		!strings.Contains(err.Error(), "at most 1000") {
		t.Fatalf("an edit over 1000 characters: err = %v", err)
	}
	if s := d.fake.Sent(); s[0].Text != newText {
		t.Fatalf("the refused edit reached Telegram: %q", s[0].Text)
	}
	if _, err := d.agent.client().DeletePost(context.Background(), p.Id); err != nil {
		t.Fatal(err)
	}
	eventually(t, 20*time.Second, "the delete to reach Telegram", func() bool {
		s := d.fake.Sent()
		return len(s) == 1 && s[0].Deleted
	})
}

// F10: Telegram lets a bot write only to customers who started it; others get a clear refusal with
// the bot's link, and a customer who wrote before can be written to again from the API.
func TestTelegramStartNeedsCustomerWhoStartedTheBot(t *testing.T) {
	t.Parallel()
	d := newTelegramDesk(t)
	code, body := d.as(d.agent, http.MethodPost, "/api/v1/conversations", map[string]any{
		"connection_id": d.conn.ID, "customer_id": "123456789", "text": "Hello!"})
	if code != http.StatusConflict || !strings.Contains(string(body), "https://t.me/shop_bot") {
		t.Fatalf("start with a stranger: %d %s", code, body)
	}
	if got := d.conversations("all"); len(got) != 0 {
		t.Fatalf("a refused start left %d conversations", len(got))
	}
	d.send(d.fake.Text(d.customer, "hi"))
	d.waitConversation()
	code, body = d.as(d.agent, http.MethodPost, "/api/v1/conversations", map[string]any{
		"connection_id": d.conn.ID, "customer_id": fmt.Sprint(d.customer.ID), "text": "Your order shipped"})
	if code != http.StatusCreated {
		t.Fatalf("start with a known customer: %d %s", code, body)
	}
	eventually(t, 20*time.Second, "the message to reach Telegram", func() bool {
		s := d.fake.Sent()
		return len(s) == 1 && s[0].Text == "Your order shipped"
	})
}

// A customer's reaction shows as a real reaction on the post, in every client; changing it swaps it.
func TestCustomerReactionShowsOnThePost(t *testing.T) {
	t.Parallel()
	d := newTelegramDesk(t)
	d.send(d.fake.Text(d.customer, "is it fixed?"))
	conv := d.waitConversation()
	p, err := reply(t, d.agent, d.channelID, conv.RootPostID, "Yes, come and pick it up")
	if err != nil {
		t.Fatal(err)
	}
	waitState(t, p.Id, "sent")
	sent := d.fake.Sent()[0]
	reactions := func() []string {
		rs, _, err := srv.Client(srv.AdminToken).GetReactions(context.Background(), p.Id)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, r := range rs {
			names = append(names, r.EmojiName)
		}
		return names
	}
	d.send(d.fake.Reaction(d.customer, sent.MessageID, "👍"))
	eventually(t, 20*time.Second, "the 👍 reaction", func() bool { return strings.Join(reactions(), ",") == "+1" })
	d.send(d.fake.Reaction(d.customer, sent.MessageID, "❤"))
	eventually(t, 20*time.Second, "the reaction to change to ❤", func() bool { return strings.Join(reactions(), ",") == "heart" })
	if got, _, _ := srv.Client(srv.AdminToken).GetPost(context.Background(), p.Id, ""); got.Message != "Yes, come and pick it up" {
		t.Fatalf("the agent's text changed: %q", got.Message)
	}
}
