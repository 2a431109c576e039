package inbox

import (
	"context"
	"fmt"
	"strings"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/server/audit"
	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/conversation"
	"github.com/frontdesk-chat/frontdesk/server/locale"
	"github.com/frontdesk-chat/frontdesk/server/thread"
)

// Archive closes a chat, recording who and when (F16).
func (in *Inbox) Archive(ctx context.Context, userID, id string) (*conversation.Conversation, error) {
	return in.setStatus(ctx, userID, id, conversation.Archived)
}

// Reopen makes an archived chat active again (F17).
func (in *Inbox) Reopen(ctx context.Context, userID, id string) (*conversation.Conversation, error) {
	return in.setStatus(ctx, userID, id, conversation.Active)
}

func (in *Inbox) setStatus(ctx context.Context, userID, id string, status conversation.Status) (*conversation.Conversation, error) {
	conv, c, err := in.conversationFor(ctx, userID, id)
	if err != nil {
		return nil, err
	}
	by, at := "", int64(0)
	if status == conversation.Archived {
		by, at = userID, conversation.Millis(in.now())
	}
	changed, err := in.store.SetStatus(ctx, conv.ID, status, by, at)
	if err != nil {
		return nil, err
	}
	if changed {
		action := audit.ConversationReopen
		if status == conversation.Archived {
			action = audit.ConversationArchive
		}
		in.audit.Record(ctx, userID, action, audit.TargetConversation, conv.ID, "connection "+c.Name)
		in.thread.Announce(ctx, c, conv.ID)
	}
	return in.store.GetConversation(ctx, conv.ID)
}

// textNoteMarker heads a private note: a post everyone in the channel reads, in the site's language.
var textNoteMarker = locale.Text{ID: "note.marker", Other: "🔒 **Internal note** (not sent to the customer)"}

// Note posts a private note by the user in the chat's thread. Its post type is never relayed.
func (in *Inbox) Note(ctx context.Context, userID, id, text string) error {
	conv, c, err := in.conversationFor(ctx, userID, id)
	if err != nil {
		return err
	}
	if err := in.mayPost(c.ChannelID, userID); err != nil {
		return err
	}
	if strings.TrimSpace(text) == "" {
		return fmt.Errorf("%w: the note is empty", conversation.ErrInvalid)
	}
	post := &model.Post{UserId: userID, ChannelId: c.ChannelID, RootId: conv.RootPostID, Type: thread.NotePostType,
		Message: in.texts.ForSite(textNoteMarker, nil) + "\n" + text}
	post.AddProp(thread.PropConversation, conv.ID)
	_, err = in.mm.CreatePost(post)
	return err
}

// Retry queues a failed reply again (the Retry action on the post).
func (in *Inbox) Retry(ctx context.Context, userID, postID string) error {
	m, err := in.store.MessageByPost(ctx, postID)
	if err != nil {
		return err
	}
	conv, c, err := in.conversationFor(ctx, userID, m.ConversationID)
	if err != nil {
		return err
	}
	if m.Direction != conversation.Out || m.State != channel.StateFailed.String() {
		return fmt.Errorf("%w: only a failed reply can be retried", conversation.ErrInvalid)
	}
	if c.SyncLost() {
		return in.syncLost(userID, c)
	}
	m.State, m.Reason, m.Attempts, m.NextAttemptAt = channel.StateSending.String(), "", 0, 0
	if err := in.store.UpdateDelivery(ctx, m); err != nil {
		return err
	}
	in.thread.ShowDelivery(c, m)
	in.relay.Kick(conv.ID)
	return nil
}

// SyncLostError refuses work on a connection that lost sync with its provider. Advice, in the
// reader's language, says what they can do: admins get the connection's System Console link,
// others are told to ask a system admin.
type SyncLostError struct {
	Advice string
}

func (e *SyncLostError) Error() string {
	return conversation.ErrNotAllowed.Error() + ": the connection lost sync with the provider. " + e.Advice
}

// Unwrap makes it an ErrNotAllowed (the API answers 409 not_allowed).
func (e *SyncLostError) Unwrap() error { return conversation.ErrNotAllowed }

// syncLost is the refusal of work on c to a user.
func (in *Inbox) syncLost(userID string, c *conversation.Connection) error {
	return &SyncLostError{Advice: in.conns.ReconnectAdvice(userID, c)}
}
