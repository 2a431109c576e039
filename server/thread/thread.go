// Package thread is how a chat looks in Mattermost: the thread's header card (customer, contact,
// account, status, buttons), the text of relayed messages, and the delivery marks on agents'
// replies. Post text reads well in every client, mobile apps included; props are display hints
// for the webapp, never the truth (the database decides).
package thread

import (
	"context"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/conversation"
	"github.com/frontdesk-chat/frontdesk/server/locale"
)

// Post props Frontdesk sets.
const (
	PropConversation = "frontdesk_conversation_id"
	PropDirection    = "frontdesk_direction"
	PropProviderAt   = "frontdesk_provider_at"
	PropMessage      = "frontdesk_message_id"
	PropDelivery     = "frontdesk_delivery"
	PropReaction     = "frontdesk_reaction"
	PropRoot         = "frontdesk_root"
	PropStatus       = "frontdesk_status"
)

// NotePostType marks a private note: never relayed. The gesture that makes one is explicit
// (/frontdesk note), so an ordinary reply can never become a note nor a note reach the customer.
const NotePostType = "custom_frontdesk_note"

// Store is what the thread reads and records.
type Store interface {
	GetConversation(ctx context.Context, id string) (*conversation.Conversation, error)
	SetRootPost(ctx context.Context, id, postID string) error
	RetireThread(ctx context.Context, rootPostID, conversationID, channelID string, at int64) error
	ListConversations(ctx context.Context, f conversation.ListFilter) ([]*conversation.Conversation, error)
}

// Mattermost is what the thread needs of the server.
type Mattermost interface {
	CreatePost(post *model.Post) (*model.Post, error)
	GetPost(id string) (*model.Post, error)
	UpdatePost(post *model.Post) error
	PublishToChannel(event string, payload map[string]any, channelID string)
	DisplayName(userID string) string
	Username(userID string) string
	SiteURL() string
}

// Connections load a conversation's connection and its adapter (for the provider's wording).
type Connections interface {
	Get(ctx context.Context, id string) (*conversation.Connection, error)
	Adapter(c *conversation.Connection) (channel.Adapter, error)
	// ReconnectURL is the System Console place where an admin reconnects c.
	ReconnectURL(c *conversation.Connection) string
}

// Thread renders and updates chats' threads. It is safe for concurrent use.
type Thread struct {
	store Store
	mm    Mattermost
	conns Connections
	log   conversation.Logger
	botID string
	texts *locale.Locale
	// onOpen runs before a chat's thread is opened (its members are made to follow it).
	onOpen func(c *conversation.Connection)
}

// OnOpen sets what runs before a chat's thread is opened: the channel's members are made to follow
// the chat's thread, so that no customer message goes unseen. Set it before the first Open.
func (t *Thread) OnOpen(fn func(c *conversation.Connection)) { t.onOpen = fn }

// say renders a text of a shared post in the site's language.
func (t *Thread) say(text locale.Text) string { return t.texts.ForSite(text, nil) }

// SetTexts makes the thread speak the site's language on shared posts; without it, English.
func (t *Thread) SetTexts(l *locale.Locale) { t.texts = l }

// New builds a Thread posting as the bot.
func New(store Store, mm Mattermost, conns Connections, log conversation.Logger, botID string) *Thread {
	return &Thread{store: store, mm: mm, conns: conns, log: conversation.Scrubbed(log), botID: botID}
}

// Open gives a conversation its thread in the connection's current channel, as Ensure does (a
// chat started from Mattermost after its connection moved continues in a new thread there). The
// caller holds the conversation's lock.
func (t *Thread) Open(ctx context.Context, c *conversation.Connection, conv *conversation.Conversation) error {
	_, err := t.Ensure(ctx, c, conv)
	return err
}

// open posts the header card of a conversation that has none and records it as the thread's root.
func (t *Thread) open(ctx context.Context, c *conversation.Connection, conv *conversation.Conversation) error {
	if t.onOpen != nil {
		t.onOpen(c)
	}
	p := &model.Post{UserId: t.botID, ChannelId: c.ChannelID, Message: t.headerText(c, conv)}
	p.AddProp(PropConversation, conv.ID)
	p.AddProp(PropRoot, true)
	setRootActions(p, conv, t.say)
	root, err := t.mm.CreatePost(p)
	if err != nil {
		return err
	}
	if err := t.store.SetRootPost(ctx, conv.ID, root.Id); err != nil {
		return err
	}
	conv.RootPostID = root.Id
	return nil
}

// Refresh rewrites the header card after a status, name, opt-out or retention change.
func (t *Thread) Refresh(ctx context.Context, conversationID string) {
	conv, err := t.store.GetConversation(ctx, conversationID)
	if err != nil || conv.RootPostID == "" {
		return
	}
	c, err := t.conns.Get(ctx, conv.ConnectionID)
	if err != nil {
		return
	}
	post, err := t.mm.GetPost(conv.RootPostID)
	if err != nil {
		return
	}
	text := t.headerText(c, conv)
	if post.Message == text {
		return
	}
	post.Message = text
	post.AddProp(PropStatus, string(conv.Status))
	setRootActions(post, conv, t.say)
	if err := t.mm.UpdatePost(post); err != nil {
		t.log.Warn("Frontdesk: updating thread header", "conversation_id", conv.ID, "err", err.Error())
	}
}

// syncRefreshLimit bounds the header cards rewritten when a connection's sync state changes: the
// most recent active chats are the ones staff look at.
const syncRefreshLimit = 200

// RefreshConnection rewrites the header cards of a connection's most recent active chats after its
// sync state changed, so each card says whether replies can reach the customer.
func (t *Thread) RefreshConnection(ctx context.Context, c *conversation.Connection) {
	convs, err := t.store.ListConversations(ctx, conversation.ListFilter{
		ConnectionIDs: []string{c.ID}, Status: conversation.Active, PerPage: syncRefreshLimit,
	})
	if err != nil {
		t.log.Warn("Frontdesk: listing chats to update their header cards", "connection_id", c.ID, "err", err.Error())
		return
	}
	for _, conv := range convs {
		t.Refresh(ctx, conv.ID)
	}
}

// Announce refreshes the header card and tells the channel's members the chat changed.
func (t *Thread) Announce(ctx context.Context, c *conversation.Connection, conversationID string) {
	t.Refresh(ctx, conversationID)
	t.Changed(c, conversationID)
}

// Changed tells the channel's members a chat changed (their lists and badges follow).
func (t *Thread) Changed(c *conversation.Connection, conversationID string) {
	t.mm.PublishToChannel("conversation_updated", map[string]any{"conversation_id": conversationID}, c.ChannelID)
}

// DeliveryProp is the PropDelivery of a reply in the state m records.
func DeliveryProp(m *conversation.Message) map[string]any {
	d := map[string]any{"state": m.State}
	if m.Reason != "" {
		d["reason"] = m.Reason
	}
	if m.ReadAt != 0 {
		d["read_at"] = m.ReadAt
	}
	return d
}

// ShowDelivery writes the delivery state on the agent's post; Mattermost sends post_edited to
// the channel's members, which keeps every open client current.
func (t *Thread) ShowDelivery(c *conversation.Connection, m *conversation.Message) {
	if m.PostID == "" {
		return
	}
	post, err := t.mm.GetPost(m.PostID)
	if err != nil {
		return
	}
	post.AddProp(PropDelivery, DeliveryProp(m))
	setRetryAction(post, m, t.say)
	if err := t.mm.UpdatePost(post); err != nil {
		t.log.Warn("Frontdesk: showing delivery state", "post_id", m.PostID, "err", err.Error())
	}
	t.mm.PublishToChannel("delivery", map[string]any{"post_id": m.PostID, "state": m.State, "reason": m.Reason, "read_at": m.ReadAt}, c.ChannelID)
}
