package coretest_test

import (
	"testing"

	"github.com/frontdesk-chat/frontdesk/server/conversation"
)

func init() {
	behaviours = append(behaviours,
		behaviour{"the audit trail lists newest first, pages by time and keeps every field", func(t *testing.T, s coreStore) {
			if got, err := s.ListAudit(ctx, 0, 10); err != nil || len(got) != 0 {
				t.Fatalf("empty trail = %v, %v", got, err)
			}
			// Times are epoch milliseconds: beyond a 32-bit integer.
			const base = int64(1_796_000_000_000)
			for i, at := range []int64{base + 100, base + 300, base + 200, base + 300} {
				must(t, s.AddAudit(ctx, conversation.AuditEntry{ID: id("audit", i), At: at, UserID: id("user", i),
					Action: "connection.update", TargetType: "connection", TargetID: id("conn", i), Detail: "changed name"}))
			}
			fails(t, "a duplicate id", s.AddAudit(ctx, conversation.AuditEntry{ID: id("audit", 0), At: 1, Action: "x"}))
			all, err := s.ListAudit(ctx, 0, 10)
			must(t, err)
			var got []string
			for _, e := range all {
				got = append(got, e.ID)
			}
			sameIDs(t, "all", got, id("audit", 3), id("audit", 1), id("audit", 2), id("audit", 0))
			if e := all[0]; e.At != base+300 || e.UserID != id("user", 3) || e.Action != "connection.update" || e.TargetType != "connection" ||
				e.TargetID != id("conn", 3) || e.Detail != "changed name" {
				t.Fatalf("entry = %+v", e)
			}
			page, err := s.ListAudit(ctx, base+300, 1)
			must(t, err)
			if len(page) != 1 || page[0].ID != id("audit", 2) {
				t.Fatalf("before the newest, one: %+v", page)
			}
		}},
		behaviour{"a sync incident opens once and is fixed once", func(t *testing.T, s coreStore) {
			c := addConnection(t, s, 1)
			steps := []struct {
				open bool
				at   int64
				want bool
			}{
				{false, 10, false}, // nothing to fix
				{true, 20, true},
				{true, 30, false}, // still open: no second alert
				{false, 40, true},
				{false, 50, false}, // fixed already
				{true, 60, true},   // a new incident
			}
			for i, st := range steps {
				var got bool
				var err error
				if st.open {
					got, err = s.OpenIncident(ctx, c.ID, st.at, "token revoked")
				} else {
					got, err = s.FixIncident(ctx, c.ID, st.at)
				}
				must(t, err)
				if got != st.want {
					t.Fatalf("step %d: %v, want %v", i, got, st.want)
				}
			}
			fails(t, "an incident of no connection", func() error { _, err := s.OpenIncident(ctx, id("conn", 9), 1, ""); return err }())
			must(t, s.DeleteConnection(ctx, c.ID))
			c = addConnection(t, s, 1)
			if fixed, err := s.FixIncident(ctx, c.ID, 70); err != nil || fixed {
				t.Fatalf("a deleted connection's incident went with it: %v, %v", fixed, err)
			}
		}},
		behaviour{"a connection's last message time is its newest chat's", func(t *testing.T, s coreStore) {
			c, conv := seed(t, s)
			if at, err := s.LastMessageAt(ctx, c.ID); err != nil || at != 0 {
				t.Fatalf("no messages: %d, %v", at, err)
			}
			other := addConversation(t, s, c.ID, 2)
			must(t, s.RecordMessage(ctx, conv.ID, true, 200))
			must(t, s.RecordMessage(ctx, other.ID, false, 300))
			if at, err := s.LastMessageAt(ctx, c.ID); err != nil || at != 300 {
				t.Fatalf("last = %d, %v", at, err)
			}
			if at, err := s.LastMessageAt(ctx, id("conn", 9)); err != nil || at != 0 {
				t.Fatalf("another connection: %d, %v", at, err)
			}
		}},
	)
}
