package access_test

import (
	"testing"

	"github.com/frontdesk-chat/frontdesk/server/access"
	"github.com/frontdesk-chat/frontdesk/server/coretest"
)

// Who may use a channel's chats, in each mode: members by default; in restricted mode only listed
// users and members of listed groups who are also in the channel; system admins always.
func TestWhoMayUseChats(t *testing.T) {
	const ch, other = "channel", "other-channel"
	mm := coretest.NewMattermost()
	users := map[string]string{"admin": "root", "listed": "Anna", "grouped": "piotr", "plain": "ewa", "outsider": "jan"}
	for id, name := range users {
		mm.SetUsername(id, name)
		if id != "outsider" {
			mm.SetMember(ch, id, true)
		}
	}
	mm.SetMember(other, "outsider", true)
	mm.SetAdmin("admin", true)
	mm.SetGroups("grouped", "Support")
	mm.SetGroups("plain", "sales")
	restricted := access.Settings{Mode: access.ModeRestricted, Groups: access.ParseList(" support, @vip ,"), Users: access.ParseList("@anna")}

	tests := []struct {
		name     string
		settings access.Settings
		user     string
		want     bool
	}{
		{"members: a member", access.Settings{}, "plain", true},
		{"members: a non-member", access.Settings{Mode: access.ModeMembers}, "outsider", false},
		{"restricted: a listed user (any case, @ dropped)", restricted, "listed", true},
		{"restricted: a member of a listed group", restricted, "grouped", true},
		{"restricted: a member not listed", restricted, "plain", false},
		{"restricted: a listed user outside the channel", access.Settings{Mode: access.ModeRestricted, Users: []string{"jan"}}, "outsider", false},
		{"restricted: a system admin", restricted, "admin", true},
		{"restricted: nobody listed", access.Settings{Mode: access.ModeRestricted}, "plain", false},
		{"no user", access.Settings{}, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mm.SetAccess(tt.settings)
			if got := mm.MayUseChats(ch, tt.user); got != tt.want {
				t.Fatalf("MayUseChats = %v, want %v", got, tt.want)
			}
		})
	}
}
