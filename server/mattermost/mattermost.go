// Package mattermost is the seam between the core and the Mattermost server: posts, files,
// ephemerals, websocket events and permission checks, over pluginapi.
package mattermost

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/mattermost/mattermost/server/public/pluginapi"

	"github.com/frontdesk-chat/frontdesk/server/access"
	"github.com/frontdesk-chat/frontdesk/server/connection"
	"github.com/frontdesk-chat/frontdesk/server/conversation"
	"github.com/frontdesk-chat/frontdesk/server/inbox"
	"github.com/frontdesk-chat/frontdesk/server/relay"
	"github.com/frontdesk-chat/frontdesk/server/retention"
	"github.com/frontdesk-chat/frontdesk/server/thread"
)

// Server implements what each part of the core needs of Mattermost.
type Server struct {
	client *pluginapi.Client
	botID  string
	access *access.Policy
	// updating holds the posts Frontdesk itself is updating right now: Mattermost runs the
	// plugin's own MessageWillBeUpdated inside that call, in this process, and the hook must not
	// take Frontdesk's changes (a reaction, a delivery mark) for a user's forged props.
	updating sync.Map
	// bots caches IsBot for botFor: each reply in a chat thread asks it in both post hooks.
	bots sync.Map
	// site holds the server settings Frontdesk reads (loaded on first use, again after every
	// configuration change): reading Mattermost's whole configuration over RPC for each webhook
	// and each post cost more than the rest of the message's path in the plugin.
	site atomic.Pointer[siteSettings]
}

// siteSettings are the server settings Frontdesk reads.
type siteSettings struct {
	url, locale string
	clustered   bool
}

// botFor is how long IsBot trusts an answer: an account converted to a bot or back is seen after it.
const botFor = time.Minute

type botEntry struct {
	bot bool
	at  time.Time
}

// New wraps the plugin API client; posts and ephemerals go out as the bot. Who may use chats is
// the access policy over the settings (F2).
func New(client *pluginapi.Client, botID string, settings func() access.Settings) *Server {
	s := &Server{client: client, botID: botID}
	s.access = access.New(s, settings)
	return s
}

// MayUseChats reports whether a user may use the chats of a channel: a member allowed by the policy.
func (s *Server) MayUseChats(channelID, userID string) bool {
	return s.access.MayUseChannel(channelID, userID)
}

// ChatAccess says why a user may not use the chats of a channel (access.Policy.CheckChannel).
func (s *Server) ChatAccess(channelID, userID string) error {
	return s.access.CheckChannel(channelID, userID)
}

// ChatsAllowed reports whether the access policy lets a user use chats at all (channel membership
// aside).
func (s *Server) ChatsAllowed(userID string) bool {
	return s.access.MayUseChats(userID)
}

var (
	_ connection.Mattermost = (*Server)(nil)
	_ relay.Mattermost      = (*Server)(nil)
	_ inbox.Mattermost      = (*Server)(nil)
	_ thread.Mattermost     = (*Server)(nil)
	_ retention.Mattermost  = (*Server)(nil)
)

func (s *Server) CreatePost(post *model.Post) (*model.Post, error) {
	if err := s.client.Post.CreatePost(post); err != nil {
		return nil, err
	}
	return post, nil
}

func (s *Server) UpdatePost(post *model.Post) error {
	s.updating.Store(post.Id, true)
	defer s.updating.Delete(post.Id)
	return s.client.Post.UpdatePost(post)
}

// Updating reports whether Frontdesk itself is updating the post at this moment.
func (s *Server) Updating(postID string) bool {
	_, ok := s.updating.Load(postID)
	return ok
}

func (s *Server) GetPost(id string) (*model.Post, error) { return s.client.Post.GetPost(id) }

// PostWithProp finds the live reply in a thread whose prop key has the value ("" when none).
func (s *Server) PostWithProp(rootID, key, value string) (string, error) {
	list, err := s.client.Post.GetPostThread(rootID)
	if err != nil {
		return "", err
	}
	for _, p := range list.Posts {
		if p.Id != rootID && p.DeleteAt == 0 && p.GetProp(key) == value {
			return p.Id, nil
		}
	}
	return "", nil
}

// PostsSince lists a channel's posts changed after since (Unix ms), deleted ones included.
func (s *Server) PostsSince(channelID string, since int64) ([]*model.Post, error) {
	list, err := s.client.Post.GetPostsSince(channelID, since)
	if err != nil {
		return nil, err
	}
	out := make([]*model.Post, 0, len(list.Order))
	for _, id := range list.Order {
		if p, ok := list.Posts[id]; ok {
			out = append(out, p)
		}
	}
	return out, nil
}

func (s *Server) DeletePost(id string) error { return s.client.Post.DeletePost(id) }

func (s *Server) AddReaction(postID, emojiName string) error {
	return s.client.Post.AddReaction(&model.Reaction{UserId: s.botID, PostId: postID, EmojiName: emojiName})
}

func (s *Server) RemoveReaction(postID, emojiName string) error {
	return s.client.Post.RemoveReaction(&model.Reaction{UserId: s.botID, PostId: postID, EmojiName: emojiName})
}

func (s *Server) UploadFile(data []byte, channelID, name string) (string, error) {
	info, err := s.client.File.Upload(bytes.NewReader(data), name, channelID)
	if err != nil {
		return "", err
	}
	return info.Id, nil
}

func (s *Server) GetFile(fileID string) (*conversation.File, error) {
	info, err := s.client.File.GetInfo(fileID)
	if err != nil {
		return nil, err
	}
	r, err := s.client.File.Get(fileID)
	if err != nil {
		return nil, err
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("reading file: %w", err)
	}
	return &conversation.File{Name: info.Name, MIMEType: info.MimeType, Data: data}, nil
}

// PublishToChannel reaches the channel's members who may use chats. By default that is every
// member, and the server filters the broadcast by membership; in restricted mode the event goes to
// each allowed member alone.
func (s *Server) PublishToChannel(event string, payload map[string]any, channelID string) {
	if !s.access.Restricted() {
		s.client.Frontend.PublishWebSocketEvent(event, payload, &model.WebsocketBroadcast{ChannelId: channelID})
		return
	}
	for page := 0; ; page++ {
		members, err := s.client.Channel.ListMembers(channelID, page, memberPage)
		if err != nil {
			s.client.Log.Warn("Frontdesk: listing channel members for an event", "channel_id", channelID, "err", err.Error())
			return
		}
		for _, m := range members {
			if s.access.MayUseChats(m.UserId) {
				s.PublishToUser(event, payload, m.UserId)
			}
		}
		if len(members) < memberPage {
			return
		}
	}
}

// memberPage is how many channel members one call lists.
const memberPage = 200

// GroupNames lists the names of the Mattermost groups a user belongs to (none when they cannot be
// loaded: access is then refused, never widened).
func (s *Server) GroupNames(userID string) []string {
	groups, err := s.client.Group.ListForUser(userID)
	if err != nil {
		return nil
	}
	names := make([]string, 0, len(groups))
	for _, g := range groups {
		if g.Name != nil {
			names = append(names, *g.Name)
		}
	}
	return names
}

func (s *Server) PublishToUser(event string, payload map[string]any, userID string) {
	s.client.Frontend.PublishWebSocketEvent(event, payload, &model.WebsocketBroadcast{UserId: userID})
}

func (s *Server) SendEphemeral(userID, channelID, rootID, message string) {
	s.client.Post.SendEphemeralPost(userID, &model.Post{UserId: s.botID, ChannelId: channelID, RootId: rootID, Message: message})
}

func (s *Server) IsChannelMember(channelID, userID string) bool {
	if channelID == "" || userID == "" {
		return false
	}
	_, err := s.client.Channel.GetMember(channelID, userID)
	return err == nil
}

// MayPost reports Mattermost's own create_post permission of a user in a channel, channel
// moderation included; what Frontdesk posts on a user's behalf needs it.
func (s *Server) MayPost(channelID, userID string) bool {
	return channelID != "" && userID != "" && s.client.User.HasPermissionToChannel(userID, channelID, model.PermissionCreatePost)
}

// IsBot says whether a user is a bot account. A user it cannot load counts as a person: the
// channel membership check still applies, and an agent's reply is not lost to a passing error.
func (s *Server) IsBot(userID string) bool {
	if e, ok := s.bots.Load(userID); ok && time.Since(e.(botEntry).at) < botFor {
		return e.(botEntry).bot
	}
	u, err := s.client.User.Get(userID)
	if err != nil {
		return false // not cached: asked again next time
	}
	s.bots.Store(userID, botEntry{bot: u.IsBot, at: time.Now()})
	return u.IsBot
}

func (s *Server) IsSystemAdmin(userID string) bool {
	return userID != "" && s.client.User.HasPermissionTo(userID, model.PermissionManageSystem)
}

func (s *Server) DisplayName(userID string) string {
	if userID == "" {
		return "someone"
	}
	u, err := s.client.User.Get(userID)
	if err != nil {
		return "someone"
	}
	if n := u.GetFullName(); n != "" {
		return n
	}
	return "@" + u.Username
}

// SiteURL is the server's Site URL.
func (s *Server) SiteURL() string { return s.settings().url }

// ConfigChanged reloads the server settings Frontdesk keeps: Mattermost runs the plugin's
// OnConfigurationChange after any change of its configuration, on every server of a cluster.
func (s *Server) ConfigChanged() { s.site.Store(s.loadSettings()) }

func (s *Server) settings() *siteSettings {
	if st := s.site.Load(); st != nil {
		return st
	}
	st := s.loadSettings()
	s.site.CompareAndSwap(nil, st)
	return st
}

func (s *Server) loadSettings() *siteSettings {
	st := &siteSettings{}
	cfg := s.client.Configuration.GetConfig()
	if cfg == nil {
		return st
	}
	if cfg.ServiceSettings.SiteURL != nil {
		st.url = *cfg.ServiceSettings.SiteURL
	}
	if cfg.LocalizationSettings.DefaultClientLocale != nil {
		st.locale = *cfg.LocalizationSettings.DefaultClientLocale
	}
	st.clustered = cfg.ClusterSettings.Enable != nil && *cfg.ClusterSettings.Enable
	return st
}

// Channel describes a channel and its team for the connections' checks and the System Console.
func (s *Server) Channel(channelID string) (connection.Place, error) {
	ch, err := s.client.Channel.Get(channelID)
	if err != nil {
		var appErr *model.AppError
		if errors.Is(err, pluginapi.ErrNotFound) || (errors.As(err, &appErr) && appErr.StatusCode == http.StatusNotFound) {
			return connection.Place{}, connection.ErrNoChannel
		}
		return connection.Place{}, err
	}
	p := connection.Place{ChannelName: ch.DisplayName, Type: ch.Type, Deleted: ch.DeleteAt != 0, TeamID: ch.TeamId}
	if ch.TeamId != "" {
		if team, err := s.client.Team.Get(ch.TeamId); err == nil {
			p.TeamName = team.DisplayName
		}
	}
	return p, nil
}

// Username names a user in the audit trail; "" when the user cannot be loaded.
func (s *Server) Username(userID string) string {
	u, err := s.client.User.Get(userID)
	if err != nil {
		return ""
	}
	return u.Username
}

// SystemAdmins lists the active system admins (alerts write to each of them).
func (s *Server) SystemAdmins() ([]string, error) {
	var out []string
	for page := 0; ; page++ {
		users, err := s.client.User.List(&model.UserGetOptions{Role: model.SystemAdminRoleId, Active: true, Page: page, PerPage: memberPage})
		if err != nil {
			return nil, err
		}
		for _, u := range users {
			if !u.IsBot {
				out = append(out, u.Id)
			}
		}
		if len(users) < memberPage {
			return out, nil
		}
	}
}

// DirectChannel is the bot's direct message channel with a user.
func (s *Server) DirectChannel(userID string) (string, error) {
	ch, err := s.client.Channel.GetDirect(s.botID, userID)
	if err != nil {
		return "", err
	}
	return ch.Id, nil
}

// ChatsInTeam says why a user may not use chats in a team (quick replies are the team's):
// conversation.ErrNotFound to someone not on it, conversation.ErrMayNotUseChats to a member the
// access policy does not allow; nil when they may.
func (s *Server) ChatsInTeam(teamID, userID string) error {
	if teamID == "" || userID == "" {
		return conversation.ErrNotFound
	}
	if m, err := s.client.Team.GetMember(teamID, userID); err != nil || m.DeleteAt != 0 {
		return conversation.ErrNotFound
	}
	if !s.access.MayUseChats(userID) {
		return conversation.ErrMayNotUseChats
	}
	return nil
}

// Locale is a user's Mattermost language ("" when unknown).
func (s *Server) Locale(userID string) string {
	u, err := s.client.User.Get(userID)
	if err != nil {
		return ""
	}
	return u.Locale
}

// SiteLocale is the site's default language for its users.
func (s *Server) SiteLocale() string { return s.settings().locale }

// Clustered reports whether the server runs in a cluster (High Availability): a reply may then be
// posted on another server, whose post hooks this plugin process does not see.
func (s *Server) Clustered() bool { return s.settings().clustered }

// FollowChannelThreads makes a channel member follow every thread of the channel
// (channel_auto_follow_threads): each reply, a customer's message included, then counts as unread
// in their Threads view and notifies them by their own preferences. It reports whether it changed
// the member's setting.
func (s *Server) FollowChannelThreads(channelID, userID string) (bool, error) {
	m, err := s.client.Channel.GetMember(channelID, userID)
	if err != nil {
		return false, err
	}
	if m.NotifyProps[model.ChannelAutoFollowThreads] == model.ChannelAutoFollowThreadsOn {
		return false, nil
	}
	_, err = s.client.Channel.UpdateChannelMemberNotifications(channelID, userID,
		map[string]string{model.ChannelAutoFollowThreads: model.ChannelAutoFollowThreadsOn})
	return err == nil, err
}

// MembersNotFollowing lists the members of a channel who do not follow its threads yet
// (channel_auto_follow_threads is not on).
func (s *Server) MembersNotFollowing(channelID string) ([]string, error) {
	var out []string
	for page := 0; ; page++ {
		members, err := s.client.Channel.ListMembers(channelID, page, memberPage)
		if err != nil {
			return nil, err
		}
		for _, m := range members {
			if m.NotifyProps[model.ChannelAutoFollowThreads] != model.ChannelAutoFollowThreadsOn {
				out = append(out, m.UserId)
			}
		}
		if len(members) < memberPage {
			return out, nil
		}
	}
}
