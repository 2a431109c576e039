package main

import (
	"context"
	"path/filepath"
	"time"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/mattermost/mattermost/server/public/plugin"

	"github.com/frontdesk-chat/frontdesk/server/conversation"
	"github.com/frontdesk-chat/frontdesk/server/locale"
	"github.com/frontdesk-chat/frontdesk/server/mattermost"
)

// loadTexts reads the bundled translations (assets/i18n); without them the server speaks English.
func (p *Plugin) loadTexts(mm *mattermost.Server) *locale.Locale {
	bundle, err := p.API.GetBundlePath()
	if err != nil {
		p.client.Log.Warn("Frontdesk: the translations cannot be found; texts stay in English", "err", err.Error())
		return nil
	}
	l, err := locale.Load(filepath.Join(bundle, "assets", "i18n"), mm.Locale, mm.SiteLocale)
	if err != nil {
		p.client.Log.Warn("Frontdesk: the translations cannot be read; texts stay in English", "err", err.Error())
		return nil
	}
	return l
}

// followChatThreads makes every member of a connection's channel who may use chats follow each chat
// thread of the channel (channel_auto_follow_threads): every customer message, the first and the
// later ones, is then unread in their Threads view and notifies them by their own preferences,
// whether or not they ever replied.
func (p *Plugin) followChatThreads(c *conversation.Connection) {
	members, err := p.mm.MembersNotFollowing(c.ChannelID)
	if err != nil {
		p.client.Log.Warn("Frontdesk: listing channel members to follow chats", "channel_id", c.ChannelID, "err", err.Error())
		return
	}
	for _, userID := range members {
		p.followChats(c.ChannelID, userID)
	}
}

// followChats makes one member of a connected channel follow its chat threads, when they may use
// chats (bots never).
func (p *Plugin) followChats(channelID, userID string) {
	if userID == p.botID || !p.mm.MayUseChats(channelID, userID) || p.mm.IsBot(userID) {
		return
	}
	if _, err := p.mm.FollowChannelThreads(channelID, userID); err != nil {
		p.client.Log.Warn("Frontdesk: following a channel's chat threads", "channel_id", channelID, "user_id", userID, "err", err.Error())
	}
}

// UserHasJoinedChannel makes a new member of a connected channel follow its chat threads.
func (p *Plugin) UserHasJoinedChannel(_ *plugin.Context, member *model.ChannelMember, _ *model.User) {
	if p.connections == nil || member == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), hookTimeout)
	defer cancel()
	if !p.isConnectedChannel(ctx, member.ChannelId) {
		return
	}
	p.followChats(member.ChannelId, member.UserId)
}

// isConnectedChannel reports whether a channel is a connection's.
func (p *Plugin) isConnectedChannel(ctx context.Context, channelID string) bool {
	conns, err := p.store.ListConnections(ctx)
	if err != nil {
		return false
	}
	for _, c := range conns {
		if c.ChannelID == channelID {
			return true
		}
	}
	return false
}

// followAllChats runs at activation: the members of every connected channel follow its chats.
func (p *Plugin) followAllChats() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	conns, err := p.store.ListConnections(ctx)
	if err != nil {
		p.client.Log.Warn("Frontdesk: listing connections to follow chats", "err", err.Error())
		return
	}
	seen := map[string]bool{}
	for _, c := range conns {
		if seen[c.ChannelID] || ctx.Err() != nil {
			continue
		}
		seen[c.ChannelID] = true
		p.followChatThreads(c)
	}
}

// followAfterAccessChange makes the members newly allowed to use chats follow their channels' chats
// when who may use chats changed (once the core is wired: the audit trail is its last part).
func (p *Plugin) followAfterAccessChange(prev, next *configuration) {
	if p.audit.Load() == nil || prev == nil || prev.accessDetail() == next.accessDetail() {
		return
	}
	go p.followAllChats()
}
