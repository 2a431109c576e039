package access_test

import (
	"errors"
	"testing"

	"github.com/frontdesk-chat/frontdesk/server/access"
	"github.com/frontdesk-chat/frontdesk/server/conversation"
	"github.com/frontdesk-chat/frontdesk/server/coretest"
)

// Who may use a channel's chats, in each mode: members by default; in restricted mode only listed
// users and members of listed groups who are also in the channel; system admins always. A refused
// member of the channel is told plainly (ErrMayNotUseChats, a 403); to a non-member the chats do not
// exist (ErrNotFound).
//
// Guests: a guest who is a member of the channel is treated like any member (Mattermost shows a
// guest only the channels they are invited to, so being invited is the admin's choice), and in
// restricted mode a guest must be listed like anyone else.
func TestWhoMayUseChats(t *testing.T) {
	const ch, other = "channel", "other-channel"
	mm := coretest.NewMattermost()
	users := map[string]string{"admin": "root", "listed": "Anna", "grouped": "piotr", "plain": "ewa", "outsider": "jan",
		"guest": "gosc", "listed guest": "gala"}
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
		refusal  error // CheckChannel's answer
	}{
		{"members: a member", access.Settings{}, "plain", true, nil},
		{"members: a non-member", access.Settings{Mode: access.ModeMembers}, "outsider", false, conversation.ErrNotFound},
		{"members: a guest invited to the channel", access.Settings{}, "guest", true, nil},
		{"restricted: a listed user (any case, @ dropped)", restricted, "listed", true, nil},
		{"restricted: a member of a listed group", restricted, "grouped", true, nil},
		{"restricted: a member not listed", restricted, "plain", false, conversation.ErrMayNotUseChats},
		{"restricted: a listed user outside the channel", access.Settings{Mode: access.ModeRestricted, Users: []string{"jan"}}, "outsider", false, conversation.ErrNotFound},
		{"restricted: a guest in the channel, not listed", restricted, "guest", false, conversation.ErrMayNotUseChats},
		{"restricted: a listed guest in the channel", access.Settings{Mode: access.ModeRestricted, Users: []string{"gala"}}, "listed guest", true, nil},
		{"restricted: a system admin", restricted, "admin", true, nil},
		{"restricted: nobody listed", access.Settings{Mode: access.ModeRestricted}, "plain", false, conversation.ErrMayNotUseChats},
		{"no user", access.Settings{}, "", false, conversation.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mm.SetAccess(tt.settings)
			if got := mm.MayUseChats(ch, tt.user); got != tt.want {
				t.Fatalf("MayUseChats = %v, want %v", got, tt.want)
			}
			if err := mm.ChatAccess(ch, tt.user); !errors.Is(err, tt.refusal) || (tt.refusal == nil) != (err == nil) {
				t.Fatalf("ChatAccess = %v, want %v", err, tt.refusal)
			}
		})
	}
}
