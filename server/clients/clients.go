// Package clients links chats to the helpdesk's client records (F7, F19, F20 in
// docs/features.md): the client card of a chat (the client, their documents, their chats on every
// provider), linking and unlinking with a visible event in the thread, automatic linking of a new
// chat whose phone or handle matches exactly one client, and orders, estimates and leads created
// from a chat. The helpdesk itself (built-in or external) is behind helpdesk.Helpdesk.
package clients

import (
	"context"
	"time"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/server/audit"
	"github.com/frontdesk-chat/frontdesk/server/conversation"
	"github.com/frontdesk-chat/frontdesk/server/helpdesk"
	"github.com/frontdesk-chat/frontdesk/server/locale"
)

// Store keeps the links.
type Store interface {
	LinkClient(ctx context.Context, l conversation.ClientLink) (bool, error)
	UnlinkClient(ctx context.Context, conversationID string) (conversation.ClientLink, error)
	ClientLinkOf(ctx context.Context, conversationID string) (conversation.ClientLink, error)
	ConversationsOfClient(ctx context.Context, clientID string) ([]*conversation.Conversation, error)
	LastCustomerPost(ctx context.Context, conversationID string) (string, error)
}

// Mattermost is what the client card needs of the server.
type Mattermost interface {
	CreatePost(post *model.Post) (*model.Post, error)
	GetPost(id string) (*model.Post, error)
	PublishToChannel(event string, payload map[string]any, channelID string)
	DisplayName(userID string) string
	// ChatsAllowed reports whether the access policy (F2) lets a user use chats at all.
	ChatsAllowed(userID string) bool
}

// Chats gives a user's access to chats: a chat a user may not use does not exist for them.
type Chats interface {
	Get(ctx context.Context, userID, id string) (*conversation.Conversation, *conversation.Connection, error)
}

// Connections are those a user may see: the member of a connected channel uses chats.
type Connections interface {
	Visible(ctx context.Context, userID string, wanted []string) ([]*conversation.Connection, error)
}

// Helpdesks returns the helpdesk the admin chose, and its name for the card.
type Helpdesks func() (helpdesk.Helpdesk, string, error)

// Deps gathers what New needs.
type Deps struct {
	Store       Store
	MM          Mattermost
	Chats       Chats
	Connections Connections
	Helpdesk    Helpdesks
	Log         conversation.Logger
	BotID       string
	Now         func() time.Time
	// Audit records links and unlinks.
	Audit audit.Recorder
	// Texts speaks the notes in a chat's thread in the site's language; nil speaks English.
	Texts *locale.Locale
}

// Service is safe for concurrent use.
type Service struct {
	store    Store
	mm       Mattermost
	chats    Chats
	conns    Connections
	helpdesk Helpdesks
	log      conversation.Logger
	texts    *locale.Locale
	botID    string
	now      func() time.Time
	audit    audit.Recorder
}

// New builds the service.
func New(d Deps) *Service {
	s := &Service{store: d.Store, mm: d.MM, chats: d.Chats, conns: d.Connections, helpdesk: d.Helpdesk,
		log: conversation.Scrubbed(d.Log), botID: d.BotID, now: d.Now, audit: d.Audit, texts: d.Texts}
	if s.now == nil {
		s.now = time.Now
	}
	return s
}

// ChangedEvent is the websocket event (prefixed custom_frontdesk_ by Mattermost) telling a
// channel's members that a chat's client card changed.
const ChangedEvent = "client_changed"

// Chat is one of a client's chats, on any provider.
type Chat struct {
	ConversationID string `json:"conversation_id"`
	Kind           string `json:"kind"`
	ConnectionName string `json:"connection_name"`
	RootPostID     string `json:"root_post_id"`
	LastMessageAt  int64  `json:"last_message_at"`
}

// Card is what the sidebar shows of a chat's client.
type Card struct {
	Helpdesk            string     `json:"helpdesk"`
	Linked              bool       `json:"linked"`
	Client              *Client    `json:"client"`
	LinkedBy            string     `json:"linked_by,omitempty"`
	LinkedAt            int64      `json:"linked_at,omitempty"`
	Documents           []Document `json:"documents"`
	Chats               []Chat     `json:"chats"`
	Candidates          []Client   `json:"candidates"`
	LastCustomerMessage string     `json:"last_customer_message"`
}

// Client is a helpdesk client as the API shows it.
type Client struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Phones  []string `json:"phones"`
	Emails  []string `json:"emails"`
	Handles []Handle `json:"handles"`
	Address string   `json:"address"`
	Notes   string   `json:"notes"`
	URL     string   `json:"url"`
}

// Handle is who a client is on one provider.
type Handle struct {
	Provider string `json:"provider"`
	ID       string `json:"id"`
	Username string `json:"username,omitempty"`
}

// Document is an order, estimate, lead or invoice as the API shows it (date in epoch ms).
type Document struct {
	ID       string `json:"id"`
	Kind     string `json:"kind"`
	Number   string `json:"number"`
	Date     int64  `json:"date"`
	Status   string `json:"status"`
	Title    string `json:"title"`
	Amount   string `json:"amount"`
	Currency string `json:"currency"`
	URL      string `json:"url"`
}

func clientView(c helpdesk.Client) Client {
	v := Client{ID: c.ID, Name: c.Name, Phones: nonNil(c.Phones), Emails: nonNil(c.Emails), Handles: []Handle{},
		Address: c.Address, Notes: c.Notes, URL: c.URL}
	for _, h := range c.Handles {
		v.Handles = append(v.Handles, Handle{Provider: h.Kind, ID: h.ID, Username: h.Username})
	}
	return v
}

func documentView(d helpdesk.Document) Document {
	return Document{ID: d.ID, Kind: string(d.Kind), Number: d.Number, Date: d.Date.UnixMilli(), Status: d.Status,
		Title: d.Title, Amount: d.Amount, Currency: d.Currency, URL: d.URL}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
