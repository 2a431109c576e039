package coretest_test

import (
	"slices"
	"testing"

	"github.com/frontdesk-chat/frontdesk/server/conversation"
)

func init() {
	behaviours = append(behaviours,
		behaviour{"due conversations come longest waiting first", func(t *testing.T, s coreStore) {
			c := addConnection(t, s, 1)
			var convs []*conversation.Conversation
			for n := 1; n <= 4; n++ {
				convs = append(convs, addConversation(t, s, c.ID, n))
			}
			// Conversation 1 keeps failing (due at 50); 2 is due since 10; 3 since 30; 4 since 10
			// too but its row is newer than 2's.
			late := inbound(convs[0].ID, c.ID, 1, 5)
			late.NextAttemptAt = 50
			early := outbound(convs[1].ID, c.ID, 2, 7)
			early.NextAttemptAt = 10
			mid := inbound(convs[2].ID, c.ID, 3, 1)
			mid.NextAttemptAt = 30
			tie := inbound(convs[3].ID, c.ID, 4, 9)
			tie.NextAttemptAt = 10
			tieOld := inbound(convs[3].ID, c.ID, 5, 8)
			tieOld.NextAttemptAt = 60
			insert(t, s, late, early, mid, tie, tieOld)
			got, err := s.DueConversations(ctx, 100, 10)
			must(t, err)
			want := []string{convs[1].ID, convs[3].ID, convs[2].ID, convs[0].ID}
			if !slices.Equal(got, want) {
				t.Fatalf("due = %v, want %v", got, want)
			}
			got, err = s.DueConversations(ctx, 100, 2)
			must(t, err)
			if !slices.Equal(got, want[:2]) {
				t.Fatalf("limited = %v, want %v", got, want[:2])
			}
		}},

		behaviour{"a retired thread names its conversation and keeps its first record", func(t *testing.T, s coreStore) {
			c, conv := seed(t, s)
			notFound(t, "an unknown root", func() error { _, err := s.RetiredThread(ctx, id("root", 1)); return err }())
			must(t, s.RetireThread(ctx, id("root", 1), conv.ID, c.ChannelID, 5))
			must(t, s.RetireThread(ctx, id("root", 1), conv.ID, "", 6))
			if got, err := s.RetiredThread(ctx, id("root", 1)); err != nil || got != conv.ID {
				t.Fatalf("retired = %q, %v", got, err)
			}
			fails(t, "a retired thread of an unknown conversation", s.RetireThread(ctx, id("root", 2), id("conv", 99), "", 1))
			must(t, s.DeleteConnection(ctx, c.ID))
			notFound(t, "a retired thread of a deleted chat", func() error { _, err := s.RetiredThread(ctx, id("root", 1)); return err }())
		}},

		behaviour{"the chat of a thread is found by its current or its former root", func(t *testing.T, s coreStore) {
			c, conv := seed(t, s)
			must(t, s.SetRootPost(ctx, conv.ID, id("root", 2)))
			must(t, s.RetireThread(ctx, id("root", 1), conv.ID, c.ChannelID, 5))
			for _, tc := range []struct {
				root    string
				retired bool
			}{{id("root", 2), false}, {id("root", 1), true}} {
				got, retired, err := s.ChatOfThread(ctx, tc.root)
				if err != nil || got.ID != conv.ID || retired != tc.retired || got.RootPostID != id("root", 2) {
					t.Fatalf("chat of %s = %+v retired %v, %v; want %s retired %v", tc.root, got, retired, err, conv.ID, tc.retired)
				}
			}
			notFound(t, "a root of no chat", func() error { _, _, err := s.ChatOfThread(ctx, id("root", 3)); return err }())
		}},

		behaviour{"a sweep's watermark starts at zero and only moves forward", func(t *testing.T, s coreStore) {
			if at, err := s.SweptTo(ctx, "replies"); err != nil || at != 0 {
				t.Fatalf("fresh watermark = %d, %v", at, err)
			}
			must(t, s.SetSweptTo(ctx, "replies", 1_796_000_000_500))
			must(t, s.SetSweptTo(ctx, "replies", 1_796_000_000_100))
			must(t, s.SetSweptTo(ctx, "other", 7))
			if at, err := s.SweptTo(ctx, "replies"); err != nil || at != 1_796_000_000_500 {
				t.Fatalf("watermark = %d, %v", at, err)
			}
		}},

		behaviour{"unqueued posts are those no message row holds, in the order given", func(t *testing.T, s coreStore) {
			c, conv := seed(t, s)
			insert(t, s, outbound(conv.ID, c.ID, 1, 1), outbound(conv.ID, c.ID, 3, 1))
			got, err := s.UnqueuedPosts(ctx, []string{id("post", 4), id("post", 1), id("post", 2), id("post", 3)})
			must(t, err)
			if !slices.Equal(got, []string{id("post", 4), id("post", 2)}) {
				t.Fatalf("unqueued = %v", got)
			}
			if got, err := s.UnqueuedPosts(ctx, nil); err != nil || got != nil {
				t.Fatalf("none = %v, %v", got, err)
			}
		}},
	)
}

func init() {
	behaviours = append(behaviours, behaviour{"applied events are remembered per connection until dropped", func(t *testing.T, s coreStore) {
		c := addConnection(t, s, 1)
		other := addConnection(t, s, 2)
		if got, err := s.EventApplied(ctx, c.ID, "edit:1"); err != nil || got {
			t.Fatalf("unknown event = %v, %v", got, err)
		}
		must(t, s.RecordAppliedEvent(ctx, c.ID, "edit:1", 100))
		must(t, s.RecordAppliedEvent(ctx, c.ID, "edit:1", 300)) // a second record keeps the first
		must(t, s.RecordAppliedEvent(ctx, c.ID, "edit:2", 200))
		fails(t, "an event of an unknown connection", s.RecordAppliedEvent(ctx, id("conn", 99), "x", 1))
		if got, err := s.EventApplied(ctx, other.ID, "edit:1"); err != nil || got {
			t.Fatalf("another connection's event = %v, %v", got, err)
		}
		must(t, s.DropAppliedEvents(ctx, 150))
		if got, _ := s.EventApplied(ctx, c.ID, "edit:1"); got {
			t.Fatal("an event older than the cut survived")
		}
		if got, _ := s.EventApplied(ctx, c.ID, "edit:2"); !got {
			t.Fatal("a newer event was dropped")
		}
		must(t, s.DeleteConnection(ctx, c.ID))
		if got, _ := s.EventApplied(ctx, c.ID, "edit:2"); got {
			t.Fatal("a deleted connection's event survived")
		}
	}})
}
