// Package inbox is what staff do with chats: see them (lists, indicators, read marks), archive and
// reopen them, start one, send a WhatsApp template, write a private note, retry a failed reply.
// Every call checks that the user is a member of the chat's channel (F2 in docs/features.md);
// to anyone else a chat does not exist.
package inbox

import (
	"context"
	"time"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/server/audit"
	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/conversation"
	"github.com/frontdesk-chat/frontdesk/server/locale"
)

// Store is the persistence the inbox needs.
type Store interface {
	EnsureConversation(ctx context.Context, c *conversation.Conversation) (*conversation.Conversation, error)
	GetConversation(ctx context.Context, id string) (*conversation.Conversation, error)
	GetConversationByRoot(ctx context.Context, rootPostID string) (*conversation.Conversation, error)
	ConversationByCustomer(ctx context.Context, connectionID string, customer channel.CustomerID) (*conversation.Conversation, error)
	SetStatus(ctx context.Context, id string, status conversation.Status, by string, at int64) (bool, error)
	RecordMessage(ctx context.Context, id string, fromCustomer bool, at int64) error
	ListConversations(ctx context.Context, f conversation.ListFilter) ([]*conversation.Conversation, error)
	Indicators(ctx context.Context, userID string, connectionIDs []string) (unread, unanswered, attention int, err error)
	ReadState(ctx context.Context, userID, conversationID string) (int64, error)
	MarkRead(ctx context.Context, userID, conversationID string, at int64) error
	LastInbound(ctx context.Context, conversationID string) (channel.MessageID, error)
	WithConversationLock(ctx context.Context, conversationID string, fn func(context.Context) error) error
	InsertMessage(ctx context.Context, m *conversation.Message) (bool, error)
	UpdateDelivery(ctx context.Context, m *conversation.Message) error
	MessageByPost(ctx context.Context, postID string) (*conversation.Message, error)
	SetAssignee(ctx context.Context, id, userID string) (bool, error)
}

// Mattermost is what the inbox needs of the server.
type Mattermost interface {
	CreatePost(post *model.Post) (*model.Post, error)
	// MayUseChats reports whether a user may use the chats of a channel (F2): the access policy.
	MayUseChats(channelID, userID string) bool
	// ChatAccess says why a user may not use a channel's chats: conversation.ErrNotFound to a
	// non-member, conversation.ErrMayNotUseChats to a member the policy does not allow.
	ChatAccess(channelID, userID string) error
	// MayPost is Mattermost's own create_post permission in the channel, channel moderation
	// included: what Frontdesk posts on a user's behalf needs it.
	MayPost(channelID, userID string) bool
	PublishToUser(event string, payload map[string]any, userID string)
	DisplayName(userID string) string
	// Username is a user's username; "" when the user cannot be loaded.
	Username(userID string) string
	// DirectChannel is the bot's direct message channel with a user.
	DirectChannel(userID string) (string, error)
	SiteURL() string
}

// Connections load connections, their adapters, and those a user may see.
type Connections interface {
	Get(ctx context.Context, id string) (*conversation.Connection, error)
	For(ctx context.Context, userID, id string) (*conversation.Connection, error)
	Visible(ctx context.Context, userID string, wanted []string) ([]*conversation.Connection, error)
	Adapter(c *conversation.Connection) (channel.Adapter, error)
	MarkSync(ctx context.Context, c *conversation.Connection, err error)
	// ReconnectAdvice says what a user can do about lost sync, in their language.
	ReconnectAdvice(userID string, c *conversation.Connection) string
}

// Thread shows chats in Mattermost.
type Thread interface {
	Open(ctx context.Context, c *conversation.Connection, conv *conversation.Conversation) error
	Refresh(ctx context.Context, conversationID string)
	Announce(ctx context.Context, c *conversation.Connection, conversationID string)
	Changed(c *conversation.Connection, conversationID string)
	ShowDelivery(c *conversation.Connection, m *conversation.Message)
}

// Relay is what the inbox asks of the relay: process a conversation now (a retried reply), post
// and queue a message on an agent's behalf (a chat's first message).
type Relay interface {
	Kick(conversationID string)
	PostAsAgent(ctx context.Context, post *model.Post) error
}

// Deps gathers what New needs.
type Deps struct {
	Store       Store
	MM          Mattermost
	Connections Connections
	Thread      Thread
	Relay       Relay
	Log         conversation.Logger
	BotID       string
	// Audit records archives and reopens.
	Audit audit.Recorder
	// Now is the clock (tests move it); nil means time.Now.
	Now func() time.Time
	// StartLimit caps each user's chat starts and templates; zero means DefaultStartLimit.
	StartLimit StartLimit
	// Texts speaks the inbox's texts in the reader's language; nil speaks English.
	Texts *locale.Locale
}

// Inbox is safe for concurrent use.
type Inbox struct {
	store  Store
	mm     Mattermost
	conns  Connections
	thread Thread
	relay  Relay
	log    conversation.Logger
	botID  string
	now    func() time.Time
	audit  audit.Recorder
	texts  *locale.Locale
	limit  *limiter
}

// New builds the inbox.
func New(d Deps) *Inbox {
	in := &Inbox{store: d.Store, mm: d.MM, conns: d.Connections, thread: d.Thread, relay: d.Relay,
		log: conversation.Scrubbed(d.Log), botID: d.BotID, now: d.Now, audit: d.Audit, limit: newLimiter(d.StartLimit),
		texts: d.Texts}
	if in.now == nil {
		in.now = time.Now
	}
	return in
}

// conversationFor loads a conversation and its connection if the user may use it. Non-members of
// its channel get ErrNotFound, which reveals nothing; members the access policy does not allow are
// told so (ErrMayNotUseChats).
func (in *Inbox) conversationFor(ctx context.Context, userID, id string) (*conversation.Conversation, *conversation.Connection, error) {
	conv, err := in.store.GetConversation(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	c, err := in.conns.Get(ctx, conv.ConnectionID)
	if err != nil {
		return nil, nil, err
	}
	if err := in.mm.ChatAccess(c.ChannelID, userID); err != nil {
		return nil, nil, err
	}
	return conv, c, nil
}

// ChannelAccess says why a user may not use the chats of a channel (F2): conversation.ErrNotFound
// to a non-member, conversation.ErrMayNotUseChats to a member the access policy does not allow.
func (in *Inbox) ChannelAccess(channelID, userID string) error {
	return in.mm.ChatAccess(channelID, userID)
}

// Get returns one chat for a user.
func (in *Inbox) Get(ctx context.Context, userID, id string) (*conversation.Conversation, *conversation.Connection, error) {
	return in.conversationFor(ctx, userID, id)
}

// ByRoot finds the chat of a thread for a user (slash commands run in threads).
func (in *Inbox) ByRoot(ctx context.Context, userID, rootPostID string) (*conversation.Conversation, error) {
	conv, err := in.store.GetConversationByRoot(ctx, rootPostID)
	if err != nil {
		return nil, err
	}
	conv, _, err = in.conversationFor(ctx, userID, conv.ID)
	return conv, err
}
