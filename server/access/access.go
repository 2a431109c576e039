// Package access decides who may use chats (F2 in docs/features.md): by default every member of a
// connection's channel; in restricted mode only the users and members of the Mattermost groups the
// admin listed, and still only in channels they are members of. System admins always may. Every
// API route, command, button, hook and websocket event asks this one policy.
package access

import (
	"strings"

	"github.com/frontdesk-chat/frontdesk/server/conversation"
)

// Modes of the ChatAccess setting.
const (
	ModeMembers    = "members"
	ModeRestricted = "restricted"
)

// Settings are the System Console's ChatAccess settings.
type Settings struct {
	Mode   string   // ModeMembers ("" too) or ModeRestricted
	Groups []string // Mattermost group names (without @)
	Users  []string // usernames (without @)
}

// Restricted reports whether only listed people may use chats.
func (s Settings) Restricted() bool { return s.Mode == ModeRestricted }

// Mattermost is what the policy needs to know about a user.
type Mattermost interface {
	IsSystemAdmin(userID string) bool
	IsChannelMember(channelID, userID string) bool
	Username(userID string) string
	// GroupNames lists the names of the Mattermost groups the user belongs to.
	GroupNames(userID string) []string
}

// Policy answers who may use chats. It is safe for concurrent use.
type Policy struct {
	mm       Mattermost
	settings func() Settings
}

// New builds the policy over the current settings (read on every question: a change in the System
// Console applies at once).
func New(mm Mattermost, settings func() Settings) *Policy {
	return &Policy{mm: mm, settings: settings}
}

// Restricted reports whether the restricted mode is on.
func (p *Policy) Restricted() bool { return p.settings().Restricted() }

// MayUseChats reports whether the user may use chats at all (channel membership aside).
func (p *Policy) MayUseChats(userID string) bool {
	if userID == "" {
		return false
	}
	s := p.settings()
	if !s.Restricted() || p.mm.IsSystemAdmin(userID) {
		return true
	}
	if name := p.mm.Username(userID); name != "" && containsFold(s.Users, name) {
		return true
	}
	if len(s.Groups) == 0 {
		return false
	}
	for _, g := range p.mm.GroupNames(userID) {
		if containsFold(s.Groups, g) {
			return true
		}
	}
	return false
}

// MayUseChannel reports whether the user may use the chats of a channel: a member of it who may
// use chats.
func (p *Policy) MayUseChannel(channelID, userID string) bool {
	return p.CheckChannel(channelID, userID) == nil
}

// CheckChannel says why a user may not use the chats of a channel: conversation.ErrNotFound to a
// non-member (its chats do not exist for them), conversation.ErrMayNotUseChats to a member the
// policy does not allow; nil when they may.
func (p *Policy) CheckChannel(channelID, userID string) error {
	if !p.mm.IsChannelMember(channelID, userID) {
		return conversation.ErrNotFound
	}
	if !p.MayUseChats(userID) {
		return conversation.ErrMayNotUseChats
	}
	return nil
}

// ParseList reads a comma-separated setting: trimmed, without a leading @, empty items dropped.
func ParseList(v string) []string {
	var out []string
	for _, item := range strings.Split(v, ",") {
		item = strings.TrimPrefix(strings.TrimSpace(item), "@")
		if item != "" {
			out = append(out, item)
		}
	}
	return out
}

func containsFold(list []string, v string) bool {
	for _, item := range list {
		if strings.EqualFold(item, v) {
			return true
		}
	}
	return false
}
