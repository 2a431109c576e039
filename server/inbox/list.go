package inbox

import (
	"context"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/conversation"
)

// List returns the chats a user may see, filtered (F18). Each conversation carries the user's read
// mark (ViewerReadAt); the connections they belong to come along, keyed by id.
func (in *Inbox) List(ctx context.Context, userID string, f conversation.ListFilter) ([]*conversation.Conversation, map[string]*conversation.Connection, error) {
	p, err := in.ListPage(ctx, userID, f)
	return p.Conversations, p.Connections, err
}

// Page is one page of a user's chats and whether another page follows.
type Page struct {
	Conversations []*conversation.Conversation
	Connections   map[string]*conversation.Connection
	HasMore       bool
}

// ListPage is List that also tells whether another page exists: the store fetches one row past
// the page.
func (in *Inbox) ListPage(ctx context.Context, userID string, f conversation.ListFilter) (Page, error) {
	conns, err := in.conns.Visible(ctx, userID, f.ConnectionIDs)
	if err != nil {
		return Page{}, err
	}
	byID := make(map[string]*conversation.Connection, len(conns))
	f.ConnectionIDs = nil
	for _, c := range conns {
		byID[c.ID] = c
		f.ConnectionIDs = append(f.ConnectionIDs, c.ID)
	}
	f.Viewer = userID
	if f.PerPage <= 0 || f.PerPage > 200 {
		f.PerPage = 50
	}
	if f.Page < 0 {
		f.Page = 0
	}
	f.More = true
	list, err := in.store.ListConversations(ctx, f)
	if err != nil {
		return Page{}, err
	}
	p := Page{Conversations: list, Connections: byID}
	if len(list) > f.PerPage {
		p.Conversations, p.HasMore = list[:f.PerPage], true
	}
	return p, nil
}

// Indicators are one user's counts for the red badge (F4).
type Indicators struct {
	Unread     int `json:"unread"`
	Unanswered int `json:"unanswered"`
	// Attention counts chats that are unread or unanswered, each once: the red badge.
	Attention int `json:"attention"`
}

// IndicatorsFor counts the active chats a user may see.
func (in *Inbox) IndicatorsFor(ctx context.Context, userID string) (Indicators, error) {
	conns, err := in.conns.Visible(ctx, userID, nil)
	if err != nil {
		return Indicators{}, err
	}
	ids := make([]string, len(conns))
	for i, c := range conns {
		ids[i] = c.ID
	}
	u, a, n, err := in.store.Indicators(ctx, userID, ids)
	return Indicators{Unread: u, Unanswered: a, Attention: n}, err
}

// Unread reports whether a chat has customer messages the user has not read (blue, F4). A listed
// conversation already carries the user's read mark.
func (in *Inbox) Unread(ctx context.Context, userID string, conv *conversation.Conversation) bool {
	if conv.Viewer == userID {
		return conv.LastCustomerAt > conv.ViewerReadAt
	}
	at, err := in.store.ReadState(ctx, userID, conv.ID)
	return err == nil && conv.LastCustomerAt > at
}

// MarkRead records that a user has read a chat up to now and, where the provider shows it, tells
// the customer (F12).
func (in *Inbox) MarkRead(ctx context.Context, userID, id string) error {
	conv, c, err := in.conversationFor(ctx, userID, id)
	if err != nil {
		return err
	}
	before, err := in.store.ReadState(ctx, userID, conv.ID)
	if err != nil {
		return err
	}
	if err := in.store.MarkRead(ctx, userID, conv.ID, conversation.Millis(in.now())); err != nil {
		return err
	}
	in.mm.PublishToUser("indicators_changed", map[string]any{"conversation_id": conv.ID}, userID)
	if conv.LastCustomerAt <= before {
		return nil // nothing new to acknowledge to the customer
	}
	a, err := in.conns.Adapter(c)
	if err != nil {
		return nil
	}
	if rm, ok := a.(channel.ReadMarker); ok && a.Window(time.UnixMilli(conv.LastCustomerAt), in.now()).CanSend() {
		last, err := in.store.LastInbound(ctx, conv.ID)
		if err != nil {
			return nil // nothing the provider could mark
		}
		if err := rm.MarkRead(ctx, conv.CustomerID, last); err != nil {
			in.log.Warn("Frontdesk: mark as read at the provider", "conversation_id", conv.ID, "err", err.Error())
			in.conns.MarkSync(ctx, c, err)
		}
	}
	return nil
}
