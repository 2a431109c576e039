package conversations_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

type indicators struct {
	Unread     int `json:"unread"`
	Unanswered int `json:"unanswered"`
	Attention  int `json:"attention"`
}

func (d *desk) indicators(u user) indicators {
	d.t.Helper()
	code, body := d.as(u, http.MethodGet, "/api/v1/indicators", nil)
	if code != http.StatusOK {
		d.t.Fatalf("indicators: %d %s", code, body)
	}
	var ind indicators
	if err := json.Unmarshal(body, &ind); err != nil {
		d.t.Fatal(err)
	}
	return ind
}

// F4: unread (blue) until the agent reads; unanswered (grey) until someone replies; counts per user.
func TestIndicatorsFollowReadsAndReplies(t *testing.T) {
	t.Parallel()
	d := newTelegramDesk(t)
	before := d.indicators(d.agent)
	if before != (indicators{}) {
		t.Fatalf("a new agent starts with %+v", before)
	}
	d.send(d.fake.Text(d.customer, "hello?"))
	conv := d.waitConversation()
	if c := d.conversation(conv.ID); !c.Unread || !c.Unanswered {
		t.Fatalf("new chat: unread=%v unanswered=%v, want both", c.Unread, c.Unanswered)
	}
	if got := d.indicators(d.agent); got != (indicators{Unread: 1, Unanswered: 1, Attention: 1}) {
		t.Fatalf("indicators after a customer message = %+v", got)
	}
	code, body := d.as(d.agent, http.MethodPost, "/api/v1/conversations/"+conv.ID+"/read", nil)
	if code != http.StatusOK {
		t.Fatalf("mark read: %d %s", code, body)
	}
	if c := d.conversation(conv.ID); c.Unread || !c.Unanswered {
		t.Fatalf("read chat: unread=%v unanswered=%v, want grey (read, unanswered)", c.Unread, c.Unanswered)
	}
	if got := d.indicators(d.agent); got != (indicators{Unread: 0, Unanswered: 1, Attention: 1}) {
		t.Fatalf("indicators after reading = %+v", got)
	}
	// Another member of the channel has not read it.
	colleague := newUser(t, "colleague")
	if err := srv.AddToChannel(d.channelID, colleague.Id); err != nil {
		t.Fatal(err)
	}
	if got := d.indicators(colleague); got.Unread != 1 {
		t.Fatalf("colleague indicators = %+v, want unread 1", got)
	}
	p, err := reply(t, d.agent, d.channelID, conv.RootPostID, "Hello! How can we help?")
	if err != nil {
		t.Fatal(err)
	}
	waitState(t, p.Id, "sent")
	if got := d.indicators(d.agent); got != (indicators{}) {
		t.Fatalf("indicators after the reply = %+v, want none", got)
	}
	// A user outside the channel sees nothing of it.
	outsider := newUser(t, "outsider")
	if got := d.indicators(outsider); got != (indicators{}) {
		t.Fatalf("outsider indicators = %+v", got)
	}
	if code, _ := d.as(outsider, http.MethodGet, "/api/v1/conversations/"+conv.ID, nil); code != http.StatusNotFound {
		t.Fatalf("outsider GET conversation = %d, want 404", code)
	}
	if code, _ := d.as(outsider, http.MethodPost, "/api/v1/conversations/"+conv.ID+"/archive", nil); code != http.StatusNotFound {
		t.Fatalf("outsider archive = %d, want 404", code)
	}
}

// F16–F18: archive records who and when; the switch lists it as archived; a customer message
// reopens it by itself; staff reopen by the action or by replying.
func TestArchiveAndReopen(t *testing.T) {
	t.Parallel()
	d := newTelegramDesk(t)
	d.send(d.fake.Text(d.customer, "thanks, all good"))
	conv := d.waitConversation()

	code, body := d.as(d.agent, http.MethodPost, "/api/v1/conversations/"+conv.ID+"/archive", nil)
	if code != http.StatusOK {
		t.Fatalf("archive: %d %s", code, body)
	}
	c := d.conversation(conv.ID)
	if c.Status != "archived" || c.ArchivedBy != d.agent.Id || time.Since(time.UnixMilli(c.ArchivedAt)) > time.Minute {
		t.Fatalf("archived conversation = %+v", c)
	}
	root := rootMessage(t, conv.RootPostID)
	contains(t, root, "**Archived** by @")
	contains(t, root, d.agent.Username) // written without pinging the agent
	if got := d.conversations("archived"); len(got) != 1 || got[0].ID != conv.ID {
		t.Fatalf("archived list = %+v", got)
	}
	if got := d.conversations("active"); len(got) != 0 {
		t.Fatalf("active list still has %d", len(got))
	}

	// The customer writes again: the chat reopens by itself, in the same thread.
	d.send(d.fake.Text(d.customer, "one more question"))
	eventually(t, 20*time.Second, "the chat to reopen", func() bool { return d.conversation(conv.ID).Status == "active" })
	// The header card is rewritten just after the status changes.
	eventually(t, 10*time.Second, "the header card to say active", func() bool {
		return strings.Contains(rootMessage(t, conv.RootPostID), "**Active**")
	})
	waitReplies(t, conv.RootPostID, 2)

	// Archive by the slash command in the thread, reopen by the action.
	if code, text := executeInThread(t, d.agent, d.channelID, conv.RootPostID, "/frontdesk archive"); code != http.StatusOK || !strings.Contains(text, "archived") {
		t.Fatalf("/frontdesk archive: %d %q", code, text)
	}
	if d.conversation(conv.ID).Status != "archived" {
		t.Fatal("slash command did not archive")
	}
	if code, body := d.as(d.agent, http.MethodPost, "/api/v1/conversations/"+conv.ID+"/reopen", nil); code != http.StatusOK {
		t.Fatalf("reopen: %d %s", code, body)
	}
	if d.conversation(conv.ID).Status != "active" {
		t.Fatal("reopen action did not reopen")
	}

	// Archive again, then simply reply: writing reopens (F17).
	d.as(d.agent, http.MethodPost, "/api/v1/conversations/"+conv.ID+"/archive", nil)
	if _, err := reply(t, d.agent, d.channelID, conv.RootPostID, "Following up on your question"); err != nil {
		t.Fatal(err)
	}
	eventually(t, 20*time.Second, "a reply to reopen the chat", func() bool { return d.conversation(conv.ID).Status == "active" })
}

// /frontdesk status describes the chat of the thread; outside a thread it says where to use it.
func TestStatusCommand(t *testing.T) {
	t.Parallel()
	d := newTelegramDesk(t)
	d.send(d.fake.Text(d.customer, "hi"))
	conv := d.waitConversation()
	code, text := executeInThread(t, d.agent, d.channelID, conv.RootPostID, "/frontdesk status")
	if code != http.StatusOK || !strings.Contains(text, "Anna Nowak") || !strings.Contains(text, "allowed any time") {
		t.Fatalf("/frontdesk status: %d %q", code, text)
	}
	code, text = executeInThread(t, d.agent, d.channelID, "", "/frontdesk archive")
	if code != http.StatusOK || !strings.Contains(text, "inside a chat's thread") {
		t.Fatalf("/frontdesk archive outside a thread: %d %q", code, text)
	}
}
