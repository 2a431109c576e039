package conversations_test

import (
	"context"
	"testing"
	"time"
)

// actionIDs lists the button ids on a post.
func actionIDs(t *testing.T, postID string) []string {
	t.Helper()
	p, _, err := srv.Client(srv.AdminToken).GetPost(context.Background(), postID, "")
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, a := range p.Attachments() {
		for _, act := range a.Actions {
			ids = append(ids, act.Id)
		}
	}
	return ids
}

func hasAction(t *testing.T, postID, id string) bool {
	for _, a := range actionIDs(t, postID) {
		if a == id {
			return true
		}
	}
	return false
}

// The header card carries Archive / Reopen buttons that work in every client (F16, F17); a user
// outside the channel cannot use them.
func TestHeaderButtonsArchiveAndReopen(t *testing.T) {
	t.Parallel()
	d := newTelegramDesk(t)
	d.send(d.fake.Text(d.customer, "hello"))
	conv := d.waitConversation()
	if !hasAction(t, conv.RootPostID, "archive") {
		t.Fatalf("header card actions = %v, want archive", actionIDs(t, conv.RootPostID))
	}
	outsider := newUser(t, "btnoutsider")
	if _, err := outsider.client().DoPostAction(context.Background(), conv.RootPostID, "archive"); err == nil {
		t.Fatal("a user outside the channel could press Archive")
	}
	if d.conversation(conv.ID).Status != "active" {
		t.Fatal("the outsider's click archived the chat")
	}
	if _, err := d.agent.client().DoPostAction(context.Background(), conv.RootPostID, "archive"); err != nil {
		t.Fatal(err)
	}
	if c := d.conversation(conv.ID); c.Status != "archived" || c.ArchivedBy != d.agent.Id {
		t.Fatalf("after Archive: %+v", c)
	}
	eventually(t, 10*time.Second, "the Reopen button", func() bool { return hasAction(t, conv.RootPostID, "reopen") })
	if _, err := d.agent.client().DoPostAction(context.Background(), conv.RootPostID, "reopen"); err != nil {
		t.Fatal(err)
	}
	if c := d.conversation(conv.ID); c.Status != "active" {
		t.Fatalf("after Reopen: %+v", c)
	}
}

// A reply that finally failed shows why and a Retry button; Retry sends it once the cause is gone.
func TestFailedReplyShowsReasonAndRetryButton(t *testing.T) {
	t.Parallel()
	d := newTelegramDesk(t)
	d.send(d.fake.Text(d.customer, "hello"))
	conv := d.waitConversation()
	d.fake.Block(d.customer.ID, true)
	p, err := reply(t, d.agent, d.channelID, conv.RootPostID, "We have your part")
	if err != nil {
		t.Fatal(err)
	}
	st := waitState(t, p.Id, "failed")
	contains(t, st["reason"].(string), "blocked")
	if !hasAction(t, p.Id, "retry") {
		t.Fatalf("failed reply actions = %v, want retry", actionIDs(t, p.Id))
	}
	got, _, err := srv.Client(srv.AdminToken).GetPost(context.Background(), p.Id, "")
	if err != nil || got.Type != "" || got.Message != "We have your part" {
		t.Fatalf("the agent's post changed: type %q message %q", got.Type, got.Message)
	}
	d.fake.Block(d.customer.ID, false)
	if _, err := d.agent.client().DoPostAction(context.Background(), p.Id, "retry"); err != nil {
		t.Fatal(err)
	}
	waitState(t, p.Id, "sent")
	if hasAction(t, p.Id, "retry") {
		t.Fatal("Retry is still offered after the reply was sent")
	}
	if sent := d.fake.Sent(); len(sent) != 1 || sent[0].Text != "We have your part" {
		t.Fatalf("sent = %+v", sent)
	}
}
