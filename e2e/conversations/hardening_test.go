package conversations_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/server/channel/meta"
	"github.com/frontdesk-chat/frontdesk/server/channel/sms/smstest"
)

// metaAttachments is a signed Meta delivery of one customer message carrying attachments at the
// given URLs, as a customer's side could make them point anywhere.
func metaAttachments(t *testing.T, object, accountID, customer, secret, webhookURL string, urls ...string) *http.Request {
	t.Helper()
	var atts []any
	for _, u := range urls {
		atts = append(atts, map[string]any{"type": "image", "payload": map[string]any{"url": u}})
	}
	now := time.Now().UnixMilli()
	body, err := json.Marshal(map[string]any{"object": object, "entry": []any{map[string]any{
		"id": accountID, "time": now, "messaging": []any{map[string]any{
			"sender": map[string]any{"id": customer}, "recipient": map[string]any{"id": accountID}, "timestamp": now,
			"message": map[string]any{"mid": fmt.Sprintf("m_ssrf%d", seq.Add(1)), "attachments": atts},
		}},
	}}})
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPost, webhookURL, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(meta.SignatureHeader, meta.SignatureValue(body, secret))
	return req
}

// Issue 11, finding 9 (server-side request forgery): an attachment URL in a Messenger or Instagram
// message is fetched only from a public address or the connection's own API host. A URL aimed at
// the server's own network (a loopback service, the cloud metadata address) is never requested;
// the message is posted with the attachment that could be fetched and a note of the others.
func TestMetaAttachmentsAreFetchedOnlyFromPublicOrProviderHosts(t *testing.T) {
	t.Parallel()
	var hits atomic.Int64
	internal := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		hits.Add(1)
		_, _ = io.WriteString(w, "internal secret")
	}))
	t.Cleanup(internal.Close)
	png := []byte("\x89PNG\r\n\x1a\n fake image bytes")

	check := func(t *testing.T, d *desk, req *http.Request) {
		if code := deliver(t, req); code != http.StatusOK {
			t.Fatalf("webhook answered %d", code)
		}
		conv := d.waitConversation()
		posts := waitReplies(t, conv.RootPostID, 1)
		if len(posts[0].FileIds) != 1 {
			t.Fatalf("the message has %d files, want the one from the provider's host", len(posts[0].FileIds))
		}
		contains(t, posts[0].Message, "2 attachment(s) could not be downloaded")
		if n := hits.Load(); n != 0 {
			t.Fatalf("the internal server was requested %d times", n)
		}
	}
	t.Run("messenger", func(t *testing.T) {
		t.Parallel()
		d := newMessengerDesk(t)
		good := d.fake.AddMedia(png, "image/png")
		check(t, d.desk, metaAttachments(t, "page", d.pageID, d.customer, "fake-messenger-app-secret", d.conn.WebhookURL,
			internal.URL+"/admin.png", "http://169.254.169.254/latest/meta-data/", good))
	})
	t.Run("instagram", func(t *testing.T) {
		t.Parallel()
		d := newInstagramDesk(t)
		good := d.fake.AddMedia(png, "image/png")
		check(t, d.desk, metaAttachments(t, "instagram", d.conn.Credentials["account_id"], d.customer, "fake-instagram-app-secret", d.conn.WebhookURL,
			strings.Replace(internal.URL, "127.0.0.1", "localhost", 1)+"/admin.png", "http://169.254.169.254/latest/meta-data/", good))
	})
}

// answer is a plugin API answer with its headers.
type answer struct {
	StatusCode int
	Header     http.Header
}

// pluginRequest calls the plugin API as a user and returns the whole answer, headers included.
func pluginRequest(t *testing.T, u user, method, path string, body any) (answer, string) {
	t.Helper()
	data, _ := json.Marshal(body)
	req, _ := http.NewRequest(method, srv.URL+"/plugins/frontdesk"+path, bytes.NewReader(data))
	req.Header.Set("Authorization", "Bearer "+u.token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return answer{StatusCode: resp.StatusCode, Header: resp.Header}, string(out)
}

// Issue 11, finding 11: starting chats costs money (an SMS, a template), so each user gets 10 at
// once, then 10 a minute. Over that the API answers 429 with Retry-After and a clear message, the
// slash command says the same in words, and nothing is sent; a colleague is not affected.
func TestStartChatIsRateLimitedPerUser(t *testing.T) {
	t.Parallel()
	d := newSMSDesk(t)
	n := seq.Add(1) % 100000
	start := func(u user, i int) (answer, string) {
		return pluginRequest(t, u, http.MethodPost, "/api/v1/conversations", map[string]any{
			"connection_id": d.conn.ID, "customer_id": fmt.Sprintf("+1555%05d%02d", n, i), "text": "Your repair is done",
		})
	}
	// 10 at once, then one every 6 s: however slow the machine, the starts that succeed are
	// bounded by the burst plus what the elapsed time refilled.
	began, started := time.Now(), 0
	var resp answer
	var body string
	for {
		resp, body = start(d.agent, started)
		if resp.StatusCode == http.StatusTooManyRequests {
			break
		}
		if resp.StatusCode != http.StatusCreated {
			t.Fatalf("start %d: %d %s", started+1, resp.StatusCode, body)
		}
		started++
		if most := 10 + int(time.Since(began)/(6*time.Second)) + 1; started > most {
			t.Fatalf("%d starts in %s were all accepted", started, time.Since(began))
		}
	}
	if started < 10 {
		t.Fatalf("refused after %d starts, want a burst of 10", started)
	}
	after, err := strconv.Atoi(resp.Header.Get("Retry-After"))
	if err != nil || after < 1 || after > 6 {
		t.Fatalf("Retry-After = %q, want 1..6 seconds", resp.Header.Get("Retry-After"))
	}
	contains(t, body, `"rate_limited"`)
	contains(t, body, "try again in")

	// The slash command says the same in words (a token refilled meanwhile starts a chat instead).
	refused := false
	for i := 0; i < 3 && !refused; i++ {
		code, text := executeInThread(t, d.agent, d.channelID, "", fmt.Sprintf("/frontdesk start +1555%05d%02d Hello", n, 50+i))
		switch {
		case code == http.StatusOK && strings.Contains(text, "too many chats started") && strings.Contains(text, "try again in"):
			refused = true
		case code == http.StatusOK && strings.Contains(text, "Chat started"):
			started++
		default:
			t.Fatalf("/frontdesk start over the limit: %d %q", code, text)
		}
	}
	if !refused {
		t.Fatal("the slash command was never refused")
	}
	colleague := newUser(t, "agent")
	if err := srv.AddToChannel(d.channelID, colleague.Id); err != nil {
		t.Fatal(err)
	}
	if resp, body := start(colleague, 90); resp.StatusCode != http.StatusCreated {
		t.Fatalf("a colleague's start: %d %s", resp.StatusCode, body)
	}
	want := started + 1
	eventually(t, 30*time.Second, "the allowed messages to be sent", func() bool { return len(d.fake.Sent()) >= want })
	time.Sleep(time.Second)
	if got := len(d.fake.Sent()); got != want {
		t.Fatalf("%d messages sent, want %d (the accepted starts only)", got, want)
	}
}

// Issue 11, finding 11: Frontdesk posts a chat's first message and notes as the user, so it asks
// Mattermost's own create_post permission in the channel first. Team Edition has no channel
// moderation screen, so the test gives the member, in the database, a channel role that keeps
// reading and slash commands but not create_post: the state a read-only moderation leaves.
// Mattermost itself then refuses the user's posts, and so does Frontdesk, for start (API) and
// note (a slash command typed elsewhere with the chat's thread as root).
func TestStartAndNoteNeedMattermostsPostPermission(t *testing.T) {
	t.Parallel()
	d := newSMSDesk(t)
	code, body := d.as(d.agent, http.MethodPost, "/api/v1/conversations", map[string]any{
		"connection_id": d.conn.ID, "customer_id": d.phone, "text": "Hello from the desk",
	})
	if code != http.StatusCreated {
		t.Fatalf("start: %d %s", code, body)
	}
	conv := d.waitConversation()
	waitReplies(t, conv.RootPostID, 1)

	muted := newUser(t, "muted")
	if err := srv.AddToChannel(d.channelID, muted.Id); err != nil {
		t.Fatal(err)
	}
	role := fmt.Sprintf("read_only_member_%d", seq.Add(1))
	now := model.GetMillis()
	if _, err := srv.DB().Exec(`INSERT INTO roles (id, name, displayname, description, createat, updateat, deleteat, permissions, schememanaged, builtin)
		VALUES ($1, $2, $2, 'channel member without create_post', $3, $3, 0, 'read_channel read_channel_content use_slash_commands add_reaction remove_reaction', false, false)`,
		model.NewId(), role, now); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.DB().Exec(`UPDATE channelmembers SET schemeuser = false, roles = $3 WHERE channelid = $1 AND userid = $2`,
		d.channelID, muted.Id, role); err != nil {
		t.Fatal(err)
	}
	if _, _, err := muted.client().CreatePost(context.Background(), &model.Post{ChannelId: d.channelID, Message: "may I?"}); err == nil {
		t.Fatal("precondition: Mattermost still lets the member post")
	}

	code, body = d.as(muted, http.MethodPost, "/api/v1/conversations", map[string]any{
		"connection_id": d.conn.ID, "customer_id": "+15559990001", "text": "hi",
	})
	if code != http.StatusForbidden || !strings.Contains(string(body), "may not post") {
		t.Fatalf("start by a member who may not post: %d %s", code, body)
	}
	// In the chat's channel Mattermost refuses the command itself; typed in a channel where the
	// user may post, with the chat's thread as root, only Frontdesk's own check stands in the way.
	if code, text := executeInThread(t, muted, d.channelID, conv.RootPostID, "/frontdesk note a private note"); code != http.StatusForbidden {
		t.Fatalf("a command in a channel where the user may not post: %d %q", code, text)
	}
	lobby, err := srv.CreateChannel(team.Id, fmt.Sprintf("lobby-%d", seq.Add(1)))
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.AddToChannel(lobby.Id, muted.Id); err != nil {
		t.Fatal(err)
	}
	code, text := executeInThread(t, muted, lobby.Id, conv.RootPostID, "/frontdesk note a private note")
	if code != http.StatusOK || !strings.Contains(text, "may not post") {
		t.Fatalf("note by a member who may not post in the chat's channel: %d %q", code, text)
	}
	if got := thread(t, conv.RootPostID); len(got) != 1 {
		t.Fatalf("the thread has %v", messages(got))
	}
	if got := len(d.fake.Sent()); got != 1 {
		t.Fatalf("%d messages sent, want only the agent's first", got)
	}
}

// Issue 11, finding 13: a multi-line note or first message keeps its lines.
func TestStartAndNoteKeepTheirLines(t *testing.T) {
	t.Parallel()
	d := newSMSDesk(t)
	code, text := executeInThread(t, d.agent, d.channelID, "", "/frontdesk start "+d.phone+" Hello,\nyour phone is ready.\n\nFixIt")
	if code != http.StatusOK || !strings.Contains(text, "Chat started") {
		t.Fatalf("/frontdesk start: %d %q", code, text)
	}
	conv := d.waitConversation()
	eventually(t, 20*time.Second, "the SMS", func() bool { return len(d.fake.Sent()) == 1 })
	if got := d.fake.Sent()[0].Body; got != "Hello,\nyour phone is ready.\n\nFixIt" {
		t.Fatalf("sent %q", got)
	}
	code, text = executeInThread(t, d.agent, d.channelID, conv.RootPostID, "/frontdesk note Customer called:\n- wants it by Friday\n- pays cash")
	if code != http.StatusOK {
		t.Fatalf("/frontdesk note: %d %q", code, text)
	}
	posts := waitReplies(t, conv.RootPostID, 2)
	contains(t, posts[1].Message, "Customer called:\n- wants it by Friday\n- pays cash")
}

// Issue 11, finding 13: a reply with several files is refused before it is posted, saying why;
// one with a single file goes out with it.
func TestAReplyWithSeveralAttachmentsIsRefused(t *testing.T) {
	t.Parallel()
	d := newSMSDesk(t)
	d.send(d.fake.Text(d.phone, "Send me the invoices"))
	conv := d.waitConversation()
	waitReplies(t, conv.RootPostID, 1)
	var ids []string
	for _, name := range []string{"invoice-1.pdf", "invoice-2.pdf"} {
		up, _, err := d.agent.client().UploadFile(context.Background(), []byte("%PDF-1.4 "+name), d.channelID, name)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, up.FileInfos[0].Id)
	}
	_, _, err := d.agent.client().CreatePost(context.Background(), &model.Post{ChannelId: d.channelID, RootId: conv.RootPostID,
		Message: "Here they are", FileIds: ids})
	if err == nil || !strings.Contains(err.Error(), "one attachment per message") {
		t.Fatalf("a reply with two files: %v", err)
	}
	if got := thread(t, conv.RootPostID); len(got) != 1 {
		t.Fatalf("the refused reply was posted: %v", messages(got))
	}
	p, _, err := d.agent.client().CreatePost(context.Background(), &model.Post{ChannelId: d.channelID, RootId: conv.RootPostID,
		Message: "The first one", FileIds: ids[:1]})
	if err != nil {
		t.Fatalf("a reply with one file: %v", err)
	}
	waitState(t, p.Id, "sent")
	if sent := d.fake.Sent(); len(sent) != 1 || len(sent[0].MediaURLs) != 1 {
		t.Fatalf("sent %+v", sent)
	}
}

// Issue 11, finding 13: a provider's Retry-After is honoured up to an hour; ten years is not.
func TestAHugeRetryAfterIsCappedAtAnHour(t *testing.T) {
	t.Parallel()
	d := newSMSDesk(t)
	d.send(d.fake.Text(d.phone, "Is it ready?"))
	conv := d.waitConversation()
	waitReplies(t, conv.RootPostID, 1)
	d.fake.FailNext(1, smstest.Failure{Status: http.StatusTooManyRequests, Code: 20429, Message: "Too Many Requests",
		RetryAfter: 10 * 365 * 24 * time.Hour})
	retries := countOutcomes(t, d.conn.ID, "retry_scheduled")
	p, err := reply(t, d.agent, d.channelID, conv.RootPostID, "Yes, tomorrow")
	if err != nil {
		t.Fatal(err)
	}
	waitOutcome(t, d.conn.ID, "retry_scheduled", retries+1)
	var next int64
	if err := srv.DB().QueryRow(`SELECT next_attempt_at FROM frontdesk_messages WHERE post_id = $1`, p.Id).Scan(&next); err != nil {
		t.Fatal(err)
	}
	wait := time.Until(time.UnixMilli(next))
	if wait < 50*time.Minute || wait > time.Hour+time.Minute {
		t.Fatalf("the next attempt is in %s, want about an hour", wait)
	}
}

// Issue 11, finding 13: a webhook for a connection that does not exist is answered 404 at once,
// whatever its size.
func TestWebhookOfAnUnknownConnectionIs404(t *testing.T) {
	t.Parallel()
	url := srv.URL + "/plugins/frontdesk/webhooks/" + model.NewId()
	req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(bytes.Repeat([]byte("x"), 3<<20)))
	if code := deliver(t, req); code != http.StatusNotFound {
		t.Fatalf("unknown connection answered %d", code)
	}
}
