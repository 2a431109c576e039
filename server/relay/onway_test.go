package relay

import (
	"testing"
	"time"

	"github.com/mattermost/mattermost/server/public/model"
)

// The replies on their way hold back exactly the replies posted after them, whatever order their
// hooks run in, and a pass that read its queue before an earlier reply was queued.
func TestRepliesOnTheirWayHoldBackOnlyLaterReplies(t *testing.T) {
	now := time.Unix(1_000, 0)
	reply := func(author string, createAt int64) *model.Post {
		return &model.Post{UserId: author, RootId: "root", CreateAt: createAt}
	}
	t.Run("an earlier reply not queued yet holds a later one back", func(t *testing.T) {
		var w onTheirWay
		w.let(reply("ann", 0), nil, 100, now)
		w.let(reply("ann", 0), nil, 110, now)
		second := w.arrived(reply("ann", 115))
		if second == nil || second.since != 110 {
			t.Fatalf("the second reply matched %+v, want the one let through at 110", second)
		}
		w.done(second, "b", nil)
		stamp := w.stamp()
		if !w.holdsBack("root", "b", 115, stamp, now) {
			t.Fatal("the second reply went ahead of the first")
		}
		if w.holdsBack("other root", "b", 115, stamp, now) || w.holdsBack("root", "b", 99, stamp, now) {
			t.Fatal("another thread, or a reply older than the first, was held back")
		}
		w.done(w.arrived(reply("ann", 105)), "a", nil)
		if !w.holdsBack("root", "b", 115, stamp, now) {
			t.Fatal("a pass that read its queue before the first reply was queued sent the second")
		}
		if w.holdsBack("root", "b", 115, w.stamp(), now) {
			t.Fatal("a pass that read the queue after both were queued was held back")
		}
	})
	t.Run("a hook that takes a later reply's place never frees an earlier one", func(t *testing.T) {
		var w onTheirWay
		w.let(reply("ann", 0), nil, 100, now) // x: its hook is slow
		w.let(reply("ann", 0), nil, 110, now) // b
		w.let(reply("ann", 0), nil, 120, now) // y
		// b was created after y was let through: its hook takes y's place, b's own stays.
		w.done(w.arrived(reply("ann", 125)), "b", nil)
		w.done(w.arrived(reply("ann", 130)), "y", nil) // y's hook
		if !w.holdsBack("root", "b", 125, w.stamp(), now) {
			t.Fatal("b went ahead of x, whose hook has not run")
		}
		w.done(w.arrived(reply("ann", 105)), "a", nil)
		if w.holdsBack("root", "y", 130, w.stamp(), now) {
			t.Fatal("held back with every reply queued")
		}
	})
	t.Run("a reply queued after its pass took its stamp is not held back by itself", func(t *testing.T) {
		var w onTheirWay
		w.let(reply("ann", 0), nil, 100, now)
		stamp := w.stamp()
		w.done(w.arrived(reply("ann", 105)), "a", nil)
		if w.holdsBack("root", "a", 105, stamp, now) {
			t.Fatal("a reply was held back by its own queueing")
		}
	})
	t.Run("another author's reply is never taken for this one", func(t *testing.T) {
		var w onTheirWay
		w.let(reply("ann", 0), nil, 100, now)
		if e := w.arrived(reply("bob", 105)); e != nil {
			t.Fatalf("bob's post matched ann's reply %+v", e)
		}
	})
	t.Run("a reply that never comes stops holding back after hookSettle", func(t *testing.T) {
		var w onTheirWay
		w.let(reply("ann", 0), nil, 100, now)
		if !w.holdsBack("root", "b", 200, w.stamp(), now.Add(hookSettle-time.Millisecond)) {
			t.Fatal("not held back before hookSettle")
		}
		if w.holdsBack("root", "b", 200, w.stamp(), now.Add(hookSettle)) {
			t.Fatal("still held back after hookSettle")
		}
		if len(w.threads) != 0 {
			t.Fatalf("%d threads kept after their replies expired", len(w.threads))
		}
	})
}
