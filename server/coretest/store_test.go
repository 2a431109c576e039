package coretest_test

import (
	"testing"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/conversation"
	"github.com/frontdesk-chat/frontdesk/server/coretest"
)

// The store's own clock can be moved, so a test ages early statuses without waiting a day.
func TestEarlyStatusesAgeOnTheStoresClock(t *testing.T) {
	s := coretest.NewStore()
	day0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	s.SetNow(func() time.Time { return day0 })
	must(t, s.KeepEarlyStatus(ctx, conversation.EarlyStatus{ConnectionID: "c", ProviderMessageID: "old", State: channel.StateRead}))
	s.SetNow(func() time.Time { return day0.Add(23 * time.Hour) })
	must(t, s.KeepEarlyStatus(ctx, conversation.EarlyStatus{ConnectionID: "c", ProviderMessageID: "new", State: channel.StateRead}))
	must(t, s.DropEarlyStatuses(ctx, day0.Add(time.Hour).UnixMilli()))
	if got, _ := s.TakeEarlyStatuses(ctx, "c", "old"); got != nil {
		t.Fatalf("old status kept: %+v", got)
	}
	if got, _ := s.TakeEarlyStatuses(ctx, "c", "new"); len(got) != 1 {
		t.Fatalf("new status dropped: %+v", got)
	}
}

// Statuses come back in the order they were kept, which the SQL does not promise but a test wants.
func TestEarlyStatusesComeBackInTheOrderKept(t *testing.T) {
	s := coretest.NewStore()
	for _, st := range []channel.DeliveryState{channel.StateRead, channel.StateDelivered, channel.StateFailed} {
		must(t, s.KeepEarlyStatus(ctx, conversation.EarlyStatus{ConnectionID: "c", ProviderMessageID: "m", State: st}))
	}
	got, _ := s.TakeEarlyStatuses(ctx, "c", "m")
	if len(got) != 3 || got[0].State != channel.StateRead || got[2].State != channel.StateFailed {
		t.Fatalf("taken %+v", got)
	}
}
