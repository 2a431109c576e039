package retention_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/coretest"
)

// F9: a chat keeps the newest messages the admin allows; the oldest posts go, and the header card
// says how many.
func TestOldestPostsBeyondTheLimitArePruned(t *testing.T) {
	ctx := context.Background()
	k := coretest.NewCore(t, channel.Telegram, nil)
	k.Retention = 10
	for i := 1; i <= 12; i++ {
		k.Deliver(t, coretest.Message("42", fmt.Sprintf("m%d", i), fmt.Sprintf("message %d", i), k.Now().Add(timeMs(i))))
	}
	conv := k.Conversation(t, "42")
	k.Relay.Process(ctx, conv.ID)
	k.Pruner.Run(ctx)
	conv = k.Conversation(t, "42")
	if conv.PrunedCount != 2 {
		t.Fatalf("pruned %d, want 2", conv.PrunedCount)
	}
	var live []string
	for _, p := range k.MM.LivePosts(k.ChannelID) {
		if p.RootId != "" {
			live = append(live, p.Message)
		}
	}
	if len(live) != 10 || !strings.Contains(live[0], "message 3") {
		t.Fatalf("posts left: %q", live)
	}
	if root, _ := k.MM.Post(conv.RootPostID); !strings.Contains(root.Message, "2 older messages were removed") {
		t.Fatalf("header = %q", root.Message)
	}
	k.Retention = 0 // keep everything from now on
	k.Deliver(t, coretest.Message("42", "m13", "message 13", k.Now().Add(timeMs(13))))
	k.Relay.Process(ctx, conv.ID)
	k.Pruner.Run(ctx)
	if got := k.Conversation(t, "42").PrunedCount; got != 2 {
		t.Fatalf("with retention off, pruned %d", got)
	}
}

// Retention works in batches: passes that post one message each delete nothing and leave the
// header card alone; the next batch keeps the newest N and rewrites the card once.
func TestRetentionPrunesInOneBatchOffThePostingPath(t *testing.T) {
	ctx := context.Background()
	k := coretest.NewCore(t, channel.Telegram, nil)
	k.Retention = 5
	k.Deliver(t, coretest.Message("42", "m1", "message 1", k.Now().Add(timeMs(1))))
	conv := k.Conversation(t, "42")
	k.Relay.Process(ctx, conv.ID)
	updates, deletes := k.MM.Calls("UpdatePost"), k.MM.Calls("DeletePost")
	for i := 2; i <= 20; i++ {
		k.Deliver(t, coretest.Message("42", fmt.Sprintf("m%d", i), fmt.Sprintf("message %d", i), k.Now().Add(timeMs(i))))
		k.Relay.Process(ctx, conv.ID)
	}
	if got := k.MM.Calls("DeletePost") - deletes; got != 0 {
		t.Fatalf("%d posts deleted on the posting path", got)
	}
	if got := k.MM.Calls("UpdatePost") - updates; got != 0 {
		t.Fatalf("header card rewritten %d times while posting", got)
	}
	// Another chat got posts too, and is under the limit: due, left alone.
	k.Deliver(t, coretest.Message("43", "n1", "a short chat", k.Now()))
	k.Relay.Process(ctx, k.Conversation(t, "43").ID)
	k.Pruner.Run(ctx)
	if got := k.Conversation(t, "42").PrunedCount; got != 15 {
		t.Fatalf("pruned %d, want 15", got)
	}
	if got := k.Conversation(t, "43").PrunedCount; got != 0 {
		t.Fatalf("pruned %d of a chat under the limit", got)
	}
	var live []string
	for _, p := range k.MM.LivePosts(k.ChannelID) {
		if p.RootId != "" {
			live = append(live, p.Message)
		}
	}
	if len(live) != 6 || !strings.Contains(live[0], "message 16") || !strings.Contains(live[5], "a short chat") {
		t.Fatalf("posts left: %q", live)
	}
	if got := k.MM.Calls("UpdatePost") - updates; got != 1 {
		t.Fatalf("header card rewritten %d times for one batch, want 1", got)
	}
	// Nothing new: the next batch does nothing.
	k.Pruner.Run(ctx)
	if got := k.MM.Calls("UpdatePost") - updates; got != 1 {
		t.Fatalf("header card rewritten %d times after an empty batch, want 1", got)
	}
}

// A conversation another server is pruning stays due and is pruned by a later batch; one being
// processed (its conversation lock held) is pruned anyway: deletes never wait for posting, nor
// posting for deletes.
func TestRetentionLeavesAConversationBeingPrunedForTheNextBatch(t *testing.T) {
	ctx := context.Background()
	k := coretest.NewCore(t, channel.Telegram, nil)
	k.Retention = 2
	for i := 1; i <= 4; i++ {
		k.Deliver(t, coretest.Message("42", fmt.Sprintf("m%d", i), fmt.Sprintf("message %d", i), k.Now().Add(timeMs(i))))
	}
	conv := k.Conversation(t, "42")
	k.Relay.Process(ctx, conv.ID)
	err := k.Store.WithConversationLock(ctx, "retention:"+conv.ID, func(context.Context) error {
		k.Pruner.Run(ctx)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := k.Conversation(t, "42").PrunedCount; got != 0 {
		t.Fatalf("pruned %d while another pruner held the chat", got)
	}
	err = k.Store.WithConversationLock(ctx, conv.ID, func(context.Context) error {
		k.Pruner.Run(ctx)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := k.Conversation(t, "42").PrunedCount; got != 2 {
		t.Fatalf("pruned %d while the chat was being processed, want 2", got)
	}
}

func timeMs(i int) time.Duration { return time.Duration(i) * time.Millisecond }
