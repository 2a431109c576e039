package audit_test

import (
	"context"
	"testing"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/server/audit"
	"github.com/frontdesk-chat/frontdesk/server/coretest"
)

// A change of who may use chats is saved in the System Console, and Mattermost's configuration
// hook runs on every server of the cluster without saying who saved: the trail has one entry for
// it, shown as made in the System Console.
func TestASettingChangeIsOneEntryFromTheSystemConsole(t *testing.T) {
	ctx := context.Background()
	store, mm, admin := coretest.NewStore(), coretest.NewMattermost(), model.NewId()
	mm.SetAdmin(admin, true)
	servers := []*audit.Trail{audit.New(store, mm, &coretest.Log{}), audit.New(store, mm, &coretest.Log{}), audit.New(store, mm, &coretest.Log{})}
	for _, detail := range []string{"mode restricted; users anna", "mode members"} {
		for _, trail := range servers {
			trail.RecordSettingChange(ctx, audit.AccessChange, "ChatAccess", detail)
		}
	}
	entries, err := servers[0].List(ctx, admin, 0, 10)
	if err != nil || len(entries) != 2 {
		t.Fatalf("entries = %+v, %v; want one per change", entries, err)
	}
	for _, e := range entries {
		if e.Action != audit.AccessChange || e.TargetType != audit.TargetSettings || e.UserID != "" ||
			e.Username != "System Console" || e.Via != audit.ViaSystemConsole {
			t.Fatalf("entry = %+v", e)
		}
	}
}
