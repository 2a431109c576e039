package thread

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/mattermost/mattermost/server/public/pluginapi"

	"github.com/frontdesk-chat/frontdesk/server/conversation"
	"github.com/frontdesk-chat/frontdesk/server/locale"
)

// Ensure gives a chat a thread in its connection's current channel, and reports whether it opened
// one. A chat with no thread gets its first. When the root was deleted (by an admin, by data
// retention) or stays in a channel the connection no longer posts in, the old root is retired and
// a new thread opens in the current channel, with a link to the old thread where it still exists
// and, in the old thread, a pointer to the new one. The caller holds the conversation's lock.
func (t *Thread) Ensure(ctx context.Context, c *conversation.Connection, conv *conversation.Conversation) (bool, error) {
	if conv.RootPostID == "" {
		return true, t.open(ctx, c, conv)
	}
	root, err := t.mm.GetPost(conv.RootPostID)
	switch {
	case err == nil && root.DeleteAt == 0 && root.ChannelId == c.ChannelID:
		return false, nil
	case err != nil && !errors.Is(err, pluginapi.ErrNotFound):
		return false, fmt.Errorf("checking the thread's root: %w", err) // transient: try again later
	}
	old, oldChannel := conv.RootPostID, ""
	if err == nil && root.DeleteAt == 0 {
		oldChannel = root.ChannelId
	}
	if err := t.store.RetireThread(ctx, old, conv.ID, oldChannel, model.GetMillis()); err != nil {
		return false, err
	}
	conv.RootPostID = ""
	if err := t.open(ctx, c, conv); err != nil {
		conv.RootPostID = old
		return false, err
	}
	t.linkThreads(c, conv, old, oldChannel)
	conversation.LogOutcome(t.log, conversation.OutcomeThreadMoved, "connection_id", c.ID, "conversation_id", conv.ID, "post_id", conv.RootPostID)
	return true, nil
}

// Permalink is a link to a post that works whatever its team.
func (t *Thread) Permalink(postID string) string {
	return strings.TrimRight(t.mm.SiteURL(), "/") + "/_redirect/pl/" + postID
}

// linkThreads tells each thread about the other: the new one where the earlier messages are (or
// that they were deleted), the old one where the chat goes on. A failure only loses the hint.
func (t *Thread) linkThreads(c *conversation.Connection, conv *conversation.Conversation, old, oldChannel string) {
	text := t.say(textEarlierDeleted)
	if oldChannel != "" {
		text = t.texts.ForSite(textContinuesHere, map[string]any{"Link": t.Permalink(old)})
	}
	note := &model.Post{UserId: t.botID, ChannelId: c.ChannelID, RootId: conv.RootPostID, Message: text}
	note.AddProp(PropConversation, conv.ID)
	if _, err := t.mm.CreatePost(note); err != nil {
		t.log.Warn("Frontdesk: linking a chat's new thread to its old one", "conversation_id", conv.ID, "err", err.Error())
	}
	if oldChannel == "" {
		return
	}
	moved := &model.Post{UserId: t.botID, ChannelId: oldChannel, RootId: old,
		Message: t.texts.ForSite(textMovedAway, map[string]any{"Link": t.Permalink(conv.RootPostID)})}
	if _, err := t.mm.CreatePost(moved); err != nil {
		t.log.Warn("Frontdesk: pointing a chat's old thread to its new one", "conversation_id", conv.ID, "err", err.Error())
	}
}

// The notices that link a chat's threads, in the site's language.
var (
	textEarlierDeleted = locale.Text{ID: "thread.moved.earlier_deleted", Other: "This chat's earlier thread was deleted; the chat continues here."}
	textContinuesHere  = locale.Text{ID: "thread.moved.continues_here", Other: "This chat continues here. Earlier messages: {{.Link}}"}
	textMovedAway      = locale.Text{ID: "thread.moved.moved_away", Other: "This chat moved to a new thread; replies here no longer reach the customer: {{.Link}}"}
)
