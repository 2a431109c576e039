package conversation

import (
	"context"

	"github.com/frontdesk-chat/frontdesk/server/channel"
)

// Store is the persistence the core needs; the store package implements it on PostgreSQL.
type Store interface {
	CreateConnection(ctx context.Context, c *Connection) error
	UpdateConnection(ctx context.Context, c *Connection) error
	SetSyncLost(ctx context.Context, id string, at int64, reason string) error
	GetConnection(ctx context.Context, id string) (*Connection, error)
	ListConnections(ctx context.Context) ([]*Connection, error)
	DeleteConnection(ctx context.Context, id string) error

	EnsureConversation(ctx context.Context, c *Conversation) (*Conversation, error)
	GetConversation(ctx context.Context, id string) (*Conversation, error)
	GetConversationByRoot(ctx context.Context, rootPostID string) (*Conversation, error)
	ConversationByCustomer(ctx context.Context, connectionID string, customer channel.CustomerID) (*Conversation, error)
	SetRootPost(ctx context.Context, id, postID string) error
	SetOptedOut(ctx context.Context, id string, at int64) (bool, error)
	SetStatus(ctx context.Context, id string, status Status, by string, at int64) (bool, error)
	RecordMessage(ctx context.Context, id string, fromCustomer bool, at int64) error
	AddPruned(ctx context.Context, id string, n int) error
	ListConversations(ctx context.Context, f ListFilter) ([]*Conversation, error)
	Indicators(ctx context.Context, userID string, connectionIDs []string) (unread, unanswered, attention int, err error)
	ReadState(ctx context.Context, userID, conversationID string) (int64, error)
	MarkRead(ctx context.Context, userID, conversationID string, at int64) error
	WithConversationLock(ctx context.Context, conversationID string, fn func(context.Context) error) error

	InsertMessage(ctx context.Context, m *Message) (bool, error)
	ClaimMessage(ctx context.Context, m *Message) (bool, error)
	PendingInbound(ctx context.Context, conversationID string, now int64) ([]*Message, error)
	DropEchoClaim(ctx context.Context, connectionID string, id channel.MessageID) error
	MarkPosted(ctx context.Context, id, postID, state string) error
	MarkApplied(ctx context.Context, id string) error
	Outbox(ctx context.Context, conversationID string) ([]*Message, error)
	RetryOutboxNow(ctx context.Context, connectionID string) ([]string, error)
	DueConversations(ctx context.Context, now int64, limit int) ([]string, error)
	UpdateDelivery(ctx context.Context, m *Message) error
	MessageByProviderID(ctx context.Context, connectionID string, id channel.MessageID) (*Message, error)
	MessageByPost(ctx context.Context, postID string) (*Message, error)
	MessageByID(ctx context.Context, id string) (*Message, error)
	LastInbound(ctx context.Context, conversationID string) (channel.MessageID, error)
	SentUpTo(ctx context.Context, conversationID string, watermark int64, behind string) ([]*Message, error)
	PrunableMessages(ctx context.Context, conversationID string, keep int) ([]*Message, error)
	MarkPruned(ctx context.Context, id string) error

	KeepEarlyStatus(ctx context.Context, st EarlyStatus) error
	TakeEarlyStatuses(ctx context.Context, connectionID string, id channel.MessageID) ([]EarlyStatus, error)
	DropEarlyStatuses(ctx context.Context, before int64) error
}
