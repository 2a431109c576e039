// Package retention keeps each chat's thread within the admin's limit of messages (F9 in
// docs/features.md): the oldest posts and their files are deleted, and the header card says how
// many were removed. It works in batches off the posting path: a pass that posted marks its chat
// due, and Run prunes every due chat at once, so that a busy chat's messages are not each followed
// by a delete and a header rewrite (whose cost in Mattermost grows with the thread).
package retention

import (
	"context"
	"sync"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/conversation"
)

// Store is what retention reads and records.
type Store interface {
	// OverLimit names those of the conversations with more than keep posted messages not pruned yet.
	OverLimit(ctx context.Context, conversationIDs []string, keep int) ([]string, error)
	PrunableMessages(ctx context.Context, conversationID string, keep int) ([]*conversation.Message, error)
	MarkPruned(ctx context.Context, id string) error
	AddPruned(ctx context.Context, id string, n int) error
	TryConversationLock(ctx context.Context, conversationID string, fn func(context.Context) error) (bool, error)
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

	mu  sync.Mutex
	due map[string]bool
}

// Prune marks a conversation due for pruning; the next Run applies the limit to it. It costs no
// database or Mattermost call.
func (p *Pruner) Prune(_ context.Context, conversationID string) {
	if p.Keep() <= 0 {
		return
	}
	p.mu.Lock()
	if p.due == nil {
		p.due = map[string]bool{}
	}
	p.due[conversationID] = true
	p.mu.Unlock()
}

// lockPrefix names retention's lock of a conversation, apart from the conversation's own lock.
const lockPrefix = "retention:"

// Run prunes every due conversation over the limit: one query finds them among all the due ones,
// and only those are locked and pruned. One another server is pruning right now stays due for the
// next Run, as does every due one when that query fails.
func (p *Pruner) Run(ctx context.Context) {
	p.mu.Lock()
	due := make([]string, 0, len(p.due))
	for id := range p.due {
		due = append(due, id)
	}
	p.due = nil
	p.mu.Unlock()
	if len(due) == 0 {
		return
	}
	ids, err := p.Store.OverLimit(ctx, due, p.Keep())
	if err != nil {
		p.Log.Warn("Frontdesk: finding the chats beyond retention", "err", err.Error())
		for _, id := range due {
			p.Prune(ctx, id)
		}
		return
	}
	for _, id := range ids {
		if ctx.Err() != nil {
			p.Prune(ctx, id)
			continue
		}
		// Its own lock, not the conversation's: two servers never prune one chat at once, and a
		// batch of deletes never holds up the posting of the chat's new messages.
		got, err := p.Store.TryConversationLock(ctx, lockPrefix+id, func(ctx context.Context) error {
			p.pruneNow(ctx, id)
			return nil
		})
		if err != nil || !got {
			p.Prune(ctx, id)
		}
	}
}

// Start runs Run every interval until the returned stop is called (which waits for a running Run).
func (p *Pruner) Start(interval time.Duration) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
				p.Run(ctx)
				cancel()
			}
		}
	}()
	var once sync.Once
	return func() {
		once.Do(func() {
			close(done)
			<-finished
		})
	}
}

// pruneNow deletes a conversation's posts beyond the limit, oldest first, and refreshes the header
// card once for the batch. The caller holds the conversation's retention lock.
func (p *Pruner) pruneNow(ctx context.Context, conversationID string) {
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
