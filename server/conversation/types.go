// Package conversation holds what the parts of Frontdesk's core share: the domain types (connections,
// conversations, messages), the sentinel errors, the named outcomes and the staff-facing wording of
// provider rules. The work itself lives in small packages, one per concern: connection (provider
// accounts), relay (messages both ways), inbox (what staff do with chats), thread (the Mattermost
// thread's header and marks) and retention.
package conversation

import (
	"strings"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/channel"
)

// Connection is one provider account mapped to one Mattermost channel.
type Connection struct {
	ID          string
	Kind        channel.Kind
	Name        string
	ChannelID   string
	Credentials map[string]string // plain, only in memory
	Sealed      []byte            // Credentials sealed with the plugin's key: what the store keeps
	APIBaseURL  string
	VerifyToken string
	AccountID   string
	AccountName string
	SyncLostAt  int64
	SyncReason  string
	CreatedBy   string
	CreateAt    int64
	UpdateAt    int64
	// CredentialsUnreadable, only in memory: the sealed credentials cannot be opened with the
	// current encryption key (it was regenerated or cleared); Credentials is empty.
	CredentialsUnreadable bool
}

// SyncLost reports whether sending is blocked until the connection is reconnected (F15 in
// docs/features.md).
func (c *Connection) SyncLost() bool { return c.SyncLostAt != 0 }

// Status of a conversation.
type Status string

const (
	Active   Status = "active"
	Archived Status = "archived"
)

// Conversation is one customer's chat on one connection: one Mattermost thread.
type Conversation struct {
	ID               string
	ConnectionID     string
	CustomerID       channel.CustomerID
	CustomerName     string
	CustomerPhone    string
	CustomerUsername string
	RootPostID       string
	Status           Status
	ArchivedBy       string
	ArchivedAt       int64
	LastCustomerAt   int64
	LastMessageAt    int64
	LastFromCustomer bool
	PrunedCount      int
	OptedOutAt       int64  // when the customer blocked the business or unsubscribed; 0 when reachable
	ClientID         string // the helpdesk client the chat is linked to; "" when none
	AssigneeID       string // the user the chat is assigned to; "" when unassigned
	CreateAt         int64
	UpdateAt         int64

	// Viewer and ViewerReadAt are set when a conversation is listed for a user: their read mark.
	Viewer       string
	ViewerReadAt int64
}

// OptedOut reports whether the customer blocked the business or unsubscribed: nothing reaches them.
func (c *Conversation) OptedOut() bool { return c.OptedOutAt != 0 }

// Direction of a message.
type Direction string

const (
	In  Direction = "in"
	Out Direction = "out"
)

// Message states beyond channel.DeliveryState names: inbound rows are pending until posted; a
// customer's edit, delete or reaction queued behind its message is applied.
const (
	StatePending = "pending"
	StatePosted  = "posted"
	StateApplied = "applied"
)

// SplitWork parts the rows of a worker's pass, in order, into the claims still pending and the
// outbox (replies being sent).
func SplitWork(rows []*Message) (pending, outbox []*Message) {
	for _, m := range rows {
		if m.State == StatePending {
			pending = append(pending, m)
		} else {
			outbox = append(outbox, m)
		}
	}
	return pending, outbox
}

// Message is one stored message row: an inbound claim or an outbox entry.
type Message struct {
	ID                string
	ConversationID    string
	ConnectionID      string
	Direction         Direction
	ProviderMessageID channel.MessageID
	PostID            string
	Event             *channel.Event // inbound, until posted
	State             string
	Reason            string
	Attempts          int
	NextAttemptAt     int64
	ProviderAt        int64
	ReadAt            int64
	Pruned            bool // retention deleted its post
	CreateAt          int64
}

// Posted is a message's post, to be recorded: the post's id and the state the row takes.
type Posted struct{ ID, PostID, State string }

// File is an attachment of an agent's post, as Mattermost stores it.
type File struct {
	Name     string
	MIMEType string
	Data     []byte
}

// Millis converts a time to Mattermost's epoch milliseconds.
func Millis(t time.Time) int64 { return t.UnixMilli() }

// ListFilter selects conversations for a list.
type ListFilter struct {
	ConnectionIDs []string
	Status        Status // "" for both
	Unanswered    bool
	Phone         string // the customer's phone in E.164: a phone number's chats
	Viewer        string // user whose read marks come with each conversation
	UnreadFor     string // user id: only conversations with customer messages this user has not read
	// Query matches the customer's name or username (case-insensitive) or, when it holds digits,
	// their phone number's digits.
	Query string
	// Assigned is "" for every chat, Unassigned for chats nobody is assigned to, or a user id.
	Assigned      string
	Page, PerPage int
	// More fetches one row past the page, so that the caller knows whether another page exists.
	More bool
}

// Unassigned is the ListFilter.Assigned value that selects chats assigned to nobody.
const Unassigned = "-"

// QuickReply is a saved answer of a team, inserted into a chat reply by name.
type QuickReply struct {
	TeamID    string
	Name      string
	Text      string
	UpdatedBy string
	UpdatedAt int64
}

// ClientLink links a chat to a client of the helpdesk (F7 in docs/features.md).
type ClientLink struct {
	ConversationID string
	ClientID       string
	LinkedBy       string // user id; "" when Frontdesk linked it automatically
	LinkedAt       int64
}

// EarlyStatus is a status that arrived before Frontdesk knew the message it is about.
type EarlyStatus struct {
	ConnectionID      string
	ProviderMessageID channel.MessageID
	State             channel.DeliveryState
	At                int64
	Reason            string
	Class             channel.Class
}

// AuditEntry records who changed what and when (connections, access settings, chats). Detail never
// holds message text or phone numbers.
type AuditEntry struct {
	ID         string
	At         int64
	UserID     string
	Action     string
	TargetType string
	TargetID   string
	Detail     string
}

// Digits keeps the digits of a text: "+48 601-234-567" is "48601234567".
func Digits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}
