package quickreply_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/server/access"
	"github.com/frontdesk-chat/frontdesk/server/conversation"
	"github.com/frontdesk-chat/frontdesk/server/coretest"
	"github.com/frontdesk-chat/frontdesk/server/quickreply"
)

var ctx = context.Background()

func TestNormalizeName(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"hours", "hours", true},
		{" Opening_Hours-2 ", "opening_hours-2", true},
		{"godziny_otwarcia", "godziny_otwarcia", true},
		{"cześć", "cześć", true},
		{"", "", false},
		{"two words", "", false},
		{"semi;colon", "", false},
		{strings.Repeat("a", 32), strings.Repeat("a", 32), true},
		{strings.Repeat("a", 33), "", false},
	}
	for _, tt := range tests {
		got, err := quickreply.NormalizeName(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("NormalizeName(%q) = %q, %v; want %q ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
		if err != nil && !errors.Is(err, conversation.ErrInvalid) {
			t.Errorf("NormalizeName(%q) error %v is not ErrInvalid", tt.in, err)
		}
	}
}

// Who may manage a team's quick replies, and what a quick reply may hold.
func TestQuickReplies(t *testing.T) {
	store, mm := coretest.NewStore(), coretest.NewMattermost()
	member, outsider, unlisted := model.NewId(), model.NewId(), model.NewId()
	mm.SetMember("ch1", member, true) // ch1 is in team "team"
	mm.SetMember("ch1", unlisted, true)
	mm.SetUsername(member, "member")
	s := quickreply.New(store, mm, func() int { return 20 })

	tests := []struct {
		name, user, reply, text string
		wantErr                 error
	}{
		{"a member saves one", member, "Hours", "We open at 9.", nil},
		{"the same name again replaces it", member, "hours", "We open at 10.", nil},
		{"an empty text", member, "empty", "  ", conversation.ErrInvalid},
		{"longer than the longest reply", member, "long", strings.Repeat("x", 21), conversation.ErrInvalid},
		{"someone outside the team", outsider, "mine", "hi", conversation.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.Put(ctx, tt.user, "team", tt.reply, tt.text)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
		})
	}
	list, err := s.List(ctx, member, "team")
	if err != nil || len(list) != 1 || list[0].Name != "hours" || list[0].Text != "We open at 10." || list[0].UpdatedBy != member {
		t.Fatalf("list = %+v, %v", list, err)
	}
	if _, err := s.List(ctx, outsider, "team"); !errors.Is(err, conversation.ErrNotFound) {
		t.Fatalf("an outsider listed: %v", err)
	}
	// In restricted mode only the listed users manage them; a member of the team who is not listed
	// is told so plainly (403), someone outside the team still learns nothing.
	mm.SetAccess(access.Settings{Mode: access.ModeRestricted, Users: []string{"member"}})
	if _, err := s.List(ctx, unlisted, "team"); !errors.Is(err, conversation.ErrMayNotUseChats) || !errors.Is(err, conversation.ErrForbidden) {
		t.Fatalf("an unlisted user listed in restricted mode: %v", err)
	}
	if _, err := s.Put(ctx, unlisted, "team", "mine", "hi"); !errors.Is(err, conversation.ErrMayNotUseChats) {
		t.Fatalf("an unlisted user saved in restricted mode: %v", err)
	}
	if _, err := s.List(ctx, outsider, "team"); !errors.Is(err, conversation.ErrNotFound) {
		t.Fatalf("an outsider listed in restricted mode: %v", err)
	}
	if err := s.Delete(ctx, member, "team", "HOURS"); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, member, "team", "hours"); !errors.Is(err, conversation.ErrNotFound) {
		t.Fatalf("deleting twice: %v", err)
	}
}
