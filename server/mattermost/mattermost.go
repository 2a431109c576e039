// Package mattermost is the seam between the core and the Mattermost server: posts, files,
// ephemerals, websocket events and permission checks, over pluginapi.
package mattermost

import (
	"bytes"
	"fmt"
	"io"
	"sync"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/mattermost/mattermost/server/public/pluginapi"

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
	// updating holds the posts Frontdesk itself is updating right now: Mattermost runs the
	// plugin's own MessageWillBeUpdated inside that call, in this process, and the hook must not
	// take Frontdesk's changes (a reaction, a delivery mark) for a user's forged props.
	updating sync.Map
}

// New wraps the plugin API client; posts and ephemerals go out as the bot.
func New(client *pluginapi.Client, botID string) *Server {
	return &Server{client: client, botID: botID}
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

// PublishToChannel broadcasts to the channel's members only: the server filters by membership.
func (s *Server) PublishToChannel(event string, payload map[string]any, channelID string) {
	s.client.Frontend.PublishWebSocketEvent(event, payload, &model.WebsocketBroadcast{ChannelId: channelID})
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

// IsBot says whether a user is a bot account. A user it cannot load counts as a person: the
// channel membership check still applies, and an agent's reply is not lost to a passing error.
func (s *Server) IsBot(userID string) bool {
	u, err := s.client.User.Get(userID)
	return err == nil && u.IsBot
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

func (s *Server) SiteURL() string {
	if cfg := s.client.Configuration.GetConfig(); cfg != nil && cfg.ServiceSettings.SiteURL != nil {
		return *cfg.ServiceSettings.SiteURL
	}
	return ""
}
