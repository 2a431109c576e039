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
// id, thread.PropMessage) and, when found, only marked posted. A pass counts the attempts of the
// messages it is about to post in one write, and records their posts in one write after, postBatch
// messages at a time.

// notePosting counts an attempt on each of the messages a pass is about to post (the changes apply
// to posts, they post nothing). In memory m.Attempts stays the count before this pass until postOne
// makes the attempt: the checks that read it, and the failure paths that write it, are unchanged.
// A pass cut off before it reached a message leaves that attempt counted: at worst one lookup in
// the thread, and one attempt fewer before the message is given up; postBatch bounds how many.
func (r *Relay) notePosting(ctx context.Context, pending []*conversation.Message) error {
	var ids []string
	for _, m := range pending {
		if m.Event == nil || !isChange(m.Event.Type) {
			ids = append(ids, m.ID)
		}
	}
	if err := r.store.NoteAttempts(ctx, ids); err != nil {
		return fmt.Errorf("recording posting attempts: %w", err)
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
