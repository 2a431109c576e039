package relay_test

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/conversation"
	"github.com/frontdesk-chat/frontdesk/server/coretest"
)

// Text no database or Mattermost would take never blocks a conversation: a NUL character is
// dropped, invalid UTF-8 replaced, and a text over Mattermost's post limit truncated with a note.
func TestPoisonTextIsClaimedAndPosted(t *testing.T) {
	long := strings.Repeat("x", 20000)
	tests := []struct {
		name string
		ev   func(k *coretest.Core) channel.Event
		want func(post string) bool
	}{
		{"a NUL character", func(k *coretest.Core) channel.Event {
			ev := coretest.Message(customer, "p1", "door\x00code", k.Now())
			ev.Customer.Name = "Anna\x00"
			return ev
		}, func(p string) bool { return p == "**Anna:** doorcode" }},
		{"invalid UTF-8", func(k *coretest.Core) channel.Event {
			return coretest.Message(customer, "p2", "caf\xe9", k.Now())
		}, func(p string) bool { return p == "**Anna Nowak:** caf\uFFFD" }},
		{"a name longer than the store keeps", func(k *coretest.Core) channel.Event {
			ev := coretest.Message(customer, "p4", "hi", k.Now())
			ev.Customer.Name = strings.Repeat("N", 300)
			ev.Customer.Username = strings.Repeat("u", 200)
			return ev
		}, func(p string) bool { return p == "**"+strings.Repeat("N", 256)+":** hi" }},
		{"a text over the post limit", func(k *coretest.Core) channel.Event {
			return coretest.Message(customer, "p3", long, k.Now())
		}, func(p string) bool {
			return utf8.RuneCountInString(p) <= 16383 && strings.HasPrefix(p, "**Anna Nowak:** xxx") &&
				strings.HasSuffix(p, fmt.Sprintf("_(message truncated: %d characters)_", len(long)))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := coretest.NewCore(t, channel.Telegram, nil)
			outcomes(t, k.Deliver(t, tt.ev(k)), conversation.OutcomeClaimed)
			conv := k.Conversation(t, customer)
			k.Relay.Process(ctx, conv.ID)
			thread := k.MM.Thread(k.Conversation(t, customer).RootPostID)
			if len(thread) != 2 || !tt.want(thread[1].Message) {
				n := len(thread)
				last := ""
				if n > 0 {
					last = thread[n-1].Message
				}
				if len(last) > 200 {
					last = last[:100] + "…" + last[len(last)-100:]
				}
				t.Fatalf("thread has %d posts, the last %q; outcomes %v", n, last, k.Log.Outcomes())
			}
		})
	}
}
