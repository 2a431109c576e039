package conversations_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/server/channel/telegram/telegramtest"
)

// Nothing lost: a chat whose thread moved or vanished, a reply posted while Frontdesk was off, an
// attachment the provider could not hand over just now.

// newRootOf waits until the chat has a thread other than old and returns the conversation.
func (d *desk) newRootOf(convID, old string) conversationJSON {
	d.t.Helper()
	var c conversationJSON
	eventually(d.t, 30*time.Second, "a new thread", func() bool {
		c = d.conversation(convID)
		return c.RootPostID != "" && c.RootPostID != old
	})
	return c
}

// F3: after the connection moves to another channel, the customer's next message opens a
// new thread there, linked to the old one, instead of being retried forever; a reply in the old
// thread is refused with a link to the new one and never reaches the customer; a reply in the
// new thread does.
func TestMovedConnectionOpensANewThreadInItsNewChannel(t *testing.T) {
	t.Parallel()
	d := newTelegramDesk(t)
	d.send(d.fake.Text(d.customer, "hello"))
	conv := d.waitConversation()
	waitReplies(t, conv.RootPostID, 1)
	newCh, err := srv.CreateChannel(team.Id, fmt.Sprintf("moved-%d", seq.Add(1)))
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.AddToChannel(newCh.Id, d.agent.Id); err != nil {
		t.Fatal(err)
	}
	if code, body := d.admin(http.MethodPatch, "/api/v1/connections/"+d.conn.ID, map[string]any{"channel_id": newCh.Id}); code != http.StatusOK {
		t.Fatalf("moving the connection: %d %s", code, body)
	}
	if code := d.send(d.fake.Text(d.customer, "after the move")); code != http.StatusOK {
		t.Fatalf("webhook answered %d", code)
	}
	moved := d.newRootOf(conv.ID, conv.RootPostID)
	if root := postOf(t, moved.RootPostID); root.ChannelId != newCh.Id {
		t.Fatalf("new thread in channel %s, want %s", root.ChannelId, newCh.Id)
	}
	got := waitReplies(t, moved.RootPostID, 2)
	contains(t, got[0].Message, "Earlier messages: ")
	contains(t, got[0].Message, "/_redirect/pl/"+conv.RootPostID)
	contains(t, got[1].Message, "after the move")
	waitOutcome(t, d.conn.ID, "thread_moved", 1)
	old := thread(t, conv.RootPostID)
	contains(t, old[len(old)-1].Message, "moved to a new thread")

	_, err = reply(t, d.agent, d.channelID, conv.RootPostID, "answer in the old thread")
	if err == nil || !strings.Contains(err.Error(), "does not reach the customer") || !strings.Contains(err.Error(), moved.RootPostID) {
		t.Fatalf("reply in the old thread: %v", err)
	}
	p, err := reply(t, d.agent, newCh.Id, moved.RootPostID, "answer in the new thread")
	if err != nil {
		t.Fatal(err)
	}
	waitState(t, p.Id, "sent")
	if got := d.sentTexts(); len(got) != 1 || got[0] != "answer in the new thread" {
		t.Fatalf("sent = %v", got)
	}
	// The next message goes straight into the new thread: nothing is stuck behind the move.
	d.send(d.fake.Text(d.customer, "thanks"))
	waitReplies(t, moved.RootPostID, 4)
	if n := countOutcomes(t, d.conn.ID, "post_retry"); n != 0 {
		t.Fatalf("%d retries of posting", n)
	}
}

// F3: a deleted header card (an admin, data retention) gives the chat a new thread in the
// same channel that says so, and the customer's message lands there.
func TestDeletedHeaderCardOpensANewThread(t *testing.T) {
	t.Parallel()
	d := newTelegramDesk(t)
	d.send(d.fake.Text(d.customer, "hello"))
	conv := d.waitConversation()
	waitReplies(t, conv.RootPostID, 1)
	if _, err := srv.Client(srv.AdminToken).DeletePost(context.Background(), conv.RootPostID); err != nil {
		t.Fatal(err)
	}
	d.send(d.fake.Text(d.customer, "anyone?"))
	moved := d.newRootOf(conv.ID, conv.RootPostID)
	if root := postOf(t, moved.RootPostID); root.ChannelId != d.channelID {
		t.Fatalf("new thread in channel %s, want %s", root.ChannelId, d.channelID)
	}
	got := waitReplies(t, moved.RootPostID, 2)
	contains(t, got[0].Message, "earlier thread was deleted")
	contains(t, got[1].Message, "anyone?")
}

// F3: a transient failure to fetch an attachment (Telegram answering 500) is retried with
// backoff and the photo arrives; a permanent one (an invalid file) posts the customer's text at
// once with a notice.
func TestInboundMediaIsRetriedOrNamedNotDropped(t *testing.T) {
	t.Parallel()
	d := newTelegramDesk(t)
	d.send(d.fake.Text(d.customer, "hello"))
	conv := d.waitConversation()
	waitReplies(t, conv.RootPostID, 1)

	d.fake.FailNext(1, telegramtest.Failure{Method: "getFile", Status: http.StatusBadRequest, Description: "Bad Request: invalid file_id"})
	d.send(d.fake.Photo(d.customer, []byte("\xff\xd8\xff\xe0 gone photo"), "the gone one"))
	got := waitReplies(t, conv.RootPostID, 2)
	contains(t, got[1].Message, "the gone one")
	contains(t, got[1].Message, "could not be downloaded")
	if n := countOutcomes(t, d.conn.ID, "post_retry"); n != 0 {
		t.Fatalf("a permanent failure was retried %d times", n)
	}
	waitOutcome(t, d.conn.ID, "media_failed", 1)

	d.fake.FailNext(2, telegramtest.Failure{Method: "getFile", Status: http.StatusInternalServerError, Description: "Internal Server Error"})
	d.send(d.fake.Photo(d.customer, []byte("\xff\xd8\xff\xe0 good photo"), "the crack"))
	waitOutcome(t, d.conn.ID, "post_retry", 2)
	got = waitReplies(t, conv.RootPostID, 3)
	contains(t, got[2].Message, "the crack")
	if strings.Contains(got[2].Message, "could not be downloaded") || len(got[2].FileIds) != 1 {
		t.Fatalf("after the retries: %q with %d files", got[2].Message, len(got[2].FileIds))
	}
}

// F3: a reply posted while Frontdesk is disabled is sent once when it is enabled again (the
// sweep at activation); one posted more than a day ago is marked failed with Retry instead.
//
// Not parallel: disabling the plugin would break every test running beside it.
func TestRepliesPostedWhileDisabledAreSweptOnce(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	d := newTelegramDesk(t)
	d.send(d.fake.Text(d.customer, "hi"))
	conv := d.waitConversation()
	waitReplies(t, conv.RootPostID, 1)
	if err := srv.AddToChannel(d.channelID, srv.Admin.Id); err != nil {
		t.Fatal(err)
	}
	if err := srv.DisablePlugin(ctx); err != nil {
		t.Fatal(err)
	}
	enabled := false
	defer func() {
		if !enabled {
			_ = srv.EnablePlugin(context.Background())
		}
	}()
	missed, err := reply(t, d.agent, d.channelID, conv.RootPostID, "posted while Frontdesk was off")
	if err != nil {
		t.Fatal(err)
	}
	// Frontdesk was off for more than a day: its sweep last looked 26 hours ago, and a reply was
	// posted 25 hours ago (a system admin may set a post's time).
	dayAgo := time.Now().Add(-25 * time.Hour).UnixMilli()
	if _, err := srv.DB().Exec(`UPDATE frontdesk_sweeps SET swept_to=$1 WHERE name='replies'`, dayAgo-time.Hour.Milliseconds()); err != nil {
		t.Fatal(err)
	}
	old, _, err := srv.Client(srv.AdminToken).CreatePost(ctx, &model.Post{ChannelId: d.channelID, RootId: conv.RootPostID,
		Message: "posted a day ago", CreateAt: dayAgo})
	if err != nil {
		t.Fatal(err)
	}
	if old.CreateAt != dayAgo {
		t.Fatalf("the old reply was created at %d, want %d", old.CreateAt, dayAgo)
	}
	if err := srv.EnablePlugin(ctx); err != nil {
		t.Fatal(err)
	}
	enabled = true
	waitStateWithin(t, missed.Id, "sent", 60*time.Second)
	st := waitState(t, old.Id, "failed")
	contains(t, fmt.Sprint(st["reason"]), "more than a day ago")
	if !hasAction(t, old.Id, "retry") {
		t.Fatal("the old reply offers no Retry")
	}
	// Exactly once, whatever else runs: the hook, the periodic sweep, the due job.
	time.Sleep(6 * time.Second)
	if got := d.sentTexts(); len(got) != 1 || got[0] != "posted while Frontdesk was off" {
		t.Fatalf("sent = %v", got)
	}
	if n := countOutcomes(t, d.conn.ID, "swept"); n != 1 {
		t.Fatalf("swept %d times", n)
	}
	if n := countOutcomes(t, d.conn.ID, "swept_too_old"); n != 1 {
		t.Fatalf("marked %d times", n)
	}
}

// F3: Telegram redelivering an edit it already delivered (the same update) after a newer
// edit does not undo the newer one; a redelivered block after the customer came back does not
// block them again.
func TestReplayedEditAndBlockAreNotAppliedAgain(t *testing.T) {
	t.Parallel()
	d := newTelegramDesk(t)
	first := d.fake.Text(d.customer, "I will come at 5")
	d.send(first)
	conv := d.waitConversation()
	waitReplies(t, conv.RootPostID, 1)
	edit6 := d.fake.Edit(d.customer, first.MessageID, "I will come at 6")
	d.send(edit6)
	waitOutcome(t, d.conn.ID, "updated", 1)
	d.send(d.fake.Edit(d.customer, first.MessageID, "I will come at 7"))
	waitOutcome(t, d.conn.ID, "updated", 2)
	if code := d.send(edit6); code != http.StatusOK {
		t.Fatalf("replay answered %d", code)
	}
	waitOutcome(t, d.conn.ID, "duplicate", 1)
	if ps := thread(t, conv.RootPostID); !strings.Contains(ps[0].Message, "at 7") {
		t.Fatalf("after the replay the post says %q", ps[0].Message)
	}
	block := d.fake.CustomerBlocks(d.customer, true)
	d.send(block)
	d.send(d.fake.CustomerBlocks(d.customer, false))
	waitOutcome(t, d.conn.ID, "opted_out_changed", 2)
	d.send(block)
	waitOutcome(t, d.conn.ID, "duplicate", 2)
	if c := d.conversation(conv.ID); c.OptedOutAt != 0 {
		t.Fatal("a replayed block undid the customer's coming back")
	}
}
