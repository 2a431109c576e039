package relay

import (
	"context"
	"fmt"

	"github.com/frontdesk-chat/frontdesk/server/conversation"
	"github.com/frontdesk-chat/frontdesk/server/thread"
)

// A customer's message is posted, then its row marked posted. A plugin killed between the two (a
// crash, kill -9, a node lost) leaves the post in the thread and the row pending, and the next
// worker would post it a second time. So a row counts its posting attempts before the post is
// made; a row that was tried before is first looked for in its thread (the post carries the row's
// id, thread.PropMessage) and, when found, only marked posted.

// notePosting records that the message is about to be posted.
func (r *Relay) notePosting(ctx context.Context, m *conversation.Message) error {
	m.Attempts++
	if err := r.store.UpdateDelivery(ctx, m); err != nil {
		return fmt.Errorf("recording a posting attempt: %w", err)
	}
	return nil
}

// postedBefore finds the post an interrupted attempt made, for a message tried before.
func (r *Relay) postedBefore(conv *conversation.Conversation, m *conversation.Message) (string, error) {
	if m.Attempts == 0 || conv.RootPostID == "" {
		return "", nil
	}
	postID, err := r.mm.PostWithProp(conv.RootPostID, thread.PropMessage, m.ID)
	if err != nil {
		return "", fmt.Errorf("looking for an earlier post of message %s: %w", m.ID, err)
	}
	return postID, nil
}
