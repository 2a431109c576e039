// Package retention keeps each chat's thread within the admin's limit of messages (F9 in
// docs/features.md): the oldest posts and their files are deleted, and the header card says how
// many were removed.
package retention

import (
	"context"

	"github.com/frontdesk-chat/frontdesk/server/conversation"
)

// Store is what retention reads and records.
type Store interface {
	PrunableMessages(ctx context.Context, conversationID string, keep int) ([]*conversation.Message, error)
	MarkPruned(ctx context.Context, id string) error
	AddPruned(ctx context.Context, id string, n int) error
}

// Mattermost deletes posts (with their files).
type Mattermost interface {
	DeletePost(id string) error
}

// Header rewrites a chat's header card.
type Header interface {
	Refresh(ctx context.Context, conversationID string)
}

// Pruner applies the limit. Keep returns the current setting (0 keeps all).
type Pruner struct {
	Store  Store
	MM     Mattermost
	Header Header
	Keep   func() int
	Log    conversation.Logger
}

// Prune deletes a conversation's posts beyond the limit, oldest first.
func (p *Pruner) Prune(ctx context.Context, conversationID string) {
	keep := p.Keep()
	if keep <= 0 {
		return
	}
	old, err := p.Store.PrunableMessages(ctx, conversationID, keep)
	if err != nil {
		p.Log.Warn("Frontdesk: listing posts beyond retention", "conversation_id", conversationID, "err", err.Error())
		return
	}
	n := 0
	for _, m := range old {
		// Marked first: the delete hook must know this is retention, not an agent deleting a reply
		// (which would be forwarded to the customer).
		if err := p.Store.MarkPruned(ctx, m.ID); err != nil {
			p.Log.Warn("Frontdesk: marking a post pruned", "conversation_id", conversationID, "err", err.Error())
			break
		}
		n++
		if err := p.MM.DeletePost(m.PostID); err != nil {
			p.Log.Warn("Frontdesk: pruning a post", "post_id", m.PostID, "err", err.Error())
		}
	}
	if n > 0 {
		if err := p.Store.AddPruned(ctx, conversationID, n); err == nil {
			p.Header.Refresh(ctx, conversationID)
		}
	}
}
