package conversations_test

import (
	"context"
	"testing"
	"time"

	"github.com/mattermost/mattermost/server/public/model"
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

// A user can put Frontdesk's buttons into a post of their own (post props are the poster's to
// write). A colleague's click on such a copy does nothing: a button acts only from the post it
// belongs to (finding 13 of issue 11).
func TestACopiedButtonDoesNothing(t *testing.T) {
	t.Parallel()
	d := newTelegramDesk(t)
	d.send(d.fake.Text(d.customer, "hello"))
	conv := d.waitConversation()
	fake := &model.Post{ChannelId: d.channelID, Message: "click me"}
	fake.AddProp(model.PostPropsAttachments, []*model.MessageAttachment{{Actions: []*model.PostAction{{
		Id: "archive", Type: model.PostActionTypeButton, Name: "Archive",
		Integration: &model.PostActionIntegration{URL: "/plugins/frontdesk/api/v1/actions/archive", Context: map[string]any{"conversation_id": conv.ID}},
	}}}})
	mallory := newUser(t, "mallory")
	if err := srv.AddToChannel(d.channelID, mallory.Id); err != nil {
		t.Fatal(err)
	}
	posted, _, err := mallory.client().CreatePost(context.Background(), fake)
	if err != nil {
		t.Fatal(err)
	}
	if !hasAction(t, posted.Id, "archive") {
		t.Fatalf("the copy carries no button (actions %v): this test proves nothing", actionIDs(t, posted.Id))
	}
	if _, err := d.agent.client().DoPostAction(context.Background(), posted.Id, "archive"); err != nil {
		t.Fatalf("the click: %v", err)
	}
	if c := d.conversation(conv.ID); c.Status != "active" {
		t.Fatalf("a click on a copied button archived the chat: %+v", c)
	}
	// The real button still works.
	if _, err := d.agent.client().DoPostAction(context.Background(), conv.RootPostID, "archive"); err != nil {
		t.Fatal(err)
	}
	if c := d.conversation(conv.ID); c.Status != "archived" {
		t.Fatalf("the header card's Archive did not archive: %+v", c)
	}
}
