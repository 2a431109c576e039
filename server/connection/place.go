package connection

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/server/conversation"
	"github.com/frontdesk-chat/frontdesk/server/locale"
)

// Place is the Mattermost channel a connection feeds, as admins see it.
type Place struct {
	ChannelName string // the channel's display name
	Type        model.ChannelType
	Deleted     bool
	TeamID      string
	TeamName    string // the team's display name
}

// ErrNoChannel is the seam's answer for a channel id that names no channel.
var ErrNoChannel = errors.New("no such channel")

// PublicWarning is added to the answer when a connection feeds a public channel: anyone on the team
// may join it, and membership of the channel is what gives access to the chats (F2).
const PublicWarning = "everyone on the team can join this public channel and read its chats; map the connection to a private channel to keep them to its members"

// checkChannel refuses a channel that cannot hold chats: one that does not exist, an archived one,
// a direct or group message.
func (s *Service) checkChannel(channelID string) error {
	p, err := s.mm.Channel(channelID)
	if errors.Is(err, ErrNoChannel) {
		return fmt.Errorf("%w: channel %s does not exist: pick an existing channel or create one first", conversation.ErrInvalid, channelID)
	}
	if err != nil {
		return fmt.Errorf("loading the channel: %w", err)
	}
	switch {
	case p.Deleted:
		return fmt.Errorf("%w: channel %q is archived: pick a channel in use", conversation.ErrInvalid, p.ChannelName)
	case p.Type == model.ChannelTypeDirect || p.Type == model.ChannelTypeGroup:
		return fmt.Errorf("%w: a direct or group message cannot hold customer chats: pick a team channel", conversation.ErrInvalid)
	}
	return nil
}

// PlaceOf describes a connection's channel; zero when it cannot be loaded (it was deleted since).
func (s *Service) PlaceOf(c *conversation.Connection) Place {
	p, err := s.mm.Channel(c.ChannelID)
	if err != nil {
		return Place{}
	}
	return p
}

// LastMessageAt is when the connection's newest message came in or went out (0: none, or unknown).
func (s *Service) LastMessageAt(ctx context.Context, connectionID string) int64 {
	at, err := s.store.LastMessageAt(ctx, connectionID)
	if err != nil {
		s.log.Warn("Frontdesk: loading the last message time", "connection_id", connectionID, "err", err.Error())
	}
	return at
}

// Warning is what an admin should know about a connection's channel, or "".
func (s *Service) Warning(c *conversation.Connection) string {
	if s.PlaceOf(c).Type == model.ChannelTypeOpen {
		return PublicWarning
	}
	return ""
}

// ReconnectURL is where an admin reconnects a connection: the Frontdesk section of the plugin's
// System Console page, opened on that connection.
func (s *Service) ReconnectURL(c *conversation.Connection) string {
	return strings.TrimRight(s.mm.SiteURL(), "/") + ReconnectPath(s.pluginID, c.ID)
}

// ConsoleURL is the plugin's System Console page, where admins manage connections.
func (s *Service) ConsoleURL() string {
	return strings.TrimRight(s.mm.SiteURL(), "/") + "/admin_console/plugins/plugin_" + s.pluginID
}

// ReconnectPath is the System Console path of a connection (the page is Mattermost's; the
// Frontdesk section on it reads the connection parameter).
func ReconnectPath(pluginID, connectionID string) string {
	return "/admin_console/plugins/plugin_" + pluginID + "?connection=" + url.QueryEscape(connectionID)
}

// ReconnectAdvice tells a user what to do about a connection that lost sync: admins get the link,
// others are told to ask a system admin.
// It speaks the user's language.
func (s *Service) ReconnectAdvice(userID string, c *conversation.Connection) string {
	if s.mm.IsSystemAdmin(userID) {
		return s.texts.ForUser(userID, adviceAdmin, map[string]any{"URL": s.ReconnectURL(c)})
	}
	return s.texts.ForUser(userID, adviceOthers, nil)
}

var (
	adviceAdmin  = locale.Text{ID: "connection.reconnect.admin", Other: "Reconnect it in the System Console: {{.URL}}"}
	adviceOthers = locale.Text{ID: "connection.reconnect.others", Other: "Ask a system admin to reconnect it."}
)

// SetTexts gives the service its texts; without them it speaks English. Called once, before use.
func (s *Service) SetTexts(l *locale.Locale) { s.texts = l }
