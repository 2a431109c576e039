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
	if got := k.Conversation(t, "42").PrunedCount; got != 2 {
		t.Fatalf("with retention off, pruned %d", got)
	}
}

func timeMs(i int) time.Duration { return time.Duration(i) * time.Millisecond }
