package inbox

import (
	"context"
	"fmt"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/server/audit"
	"github.com/frontdesk-chat/frontdesk/server/conversation"
	"github.com/frontdesk-chat/frontdesk/server/locale"
	"github.com/frontdesk-chat/frontdesk/server/thread"
)

// Texts of assignment: the events in the thread (the site's language) and the assignee's notice
// (theirs).
var (
	textAssigned   = locale.Text{ID: "assign.event.assigned", Other: "{{.Actor}} assigned this chat to @{{.Assignee}}."}
	textTook       = locale.Text{ID: "assign.event.took", Other: "{{.Actor}} took this chat."}
	textUnassigned = locale.Text{ID: "assign.event.unassigned", Other: "{{.Actor}} unassigned this chat."}
	textNotice     = locale.Text{ID: "assign.notice", Other: "{{.Actor}} assigned you the chat with **{{.Customer}}**: {{.Link}}"}
	textNotAllowed = locale.Text{ID: "assign.refused", Other: "{{.Who}} cannot be assigned this chat: they are not a member of its channel or may not use chats."}
)

// PropEvent marks the bot's event posts in a thread (an assignment) with their kind.
const PropEvent = "frontdesk_event"

// Assign gives a chat to a user who may use it ("" unassigns). The change is posted in the thread as
// an event, shown on the header card, audited, announced to the channel's members, and the
// assignee is told in a direct message with a link to the thread.
func (in *Inbox) Assign(ctx context.Context, userID, id, assigneeID string) (*conversation.Conversation, error) {
	conv, c, err := in.conversationFor(ctx, userID, id)
	if err != nil {
		return nil, err
	}
	if assigneeID != "" && !in.mm.MayUseChats(c.ChannelID, assigneeID) {
		who := "@" + in.mm.Username(assigneeID)
		if who == "@" {
			who = in.texts.ForUser(userID, textUnknownUser, nil)
		}
		return nil, fmt.Errorf("%w: %s", conversation.ErrInvalid, in.texts.ForUser(userID, textNotAllowed, map[string]any{"Who": who}))
	}
	changed, err := in.store.SetAssignee(ctx, conv.ID, assigneeID)
	if err != nil {
		return nil, err
	}
	if changed {
		in.announceAssignment(ctx, userID, assigneeID, c, conv)
	}
	return in.store.GetConversation(ctx, conv.ID)
}

var textUnknownUser = locale.Text{ID: "assign.unknown_user", Other: "That user"}

func (in *Inbox) announceAssignment(ctx context.Context, userID, assigneeID string, c *conversation.Connection, conv *conversation.Conversation) {
	// The actor is named without a mention (they know what they did); the assignee is mentioned.
	actor := "@\u200b" + thread.EscapeLine(in.mm.Username(userID))
	assignee := thread.EscapeLine(in.mm.Username(assigneeID))
	var text string
	switch assigneeID {
	case "":
		text = in.texts.ForSite(textUnassigned, map[string]any{"Actor": actor})
	case userID:
		text = in.texts.ForSite(textTook, map[string]any{"Actor": actor})
	default:
		text = in.texts.ForSite(textAssigned, map[string]any{"Actor": actor, "Assignee": assignee})
	}
	post := &model.Post{UserId: in.botID, ChannelId: c.ChannelID, RootId: conv.RootPostID, Message: text}
	post.AddProp(thread.PropConversation, conv.ID)
	post.AddProp(PropEvent, "assign")
	if _, err := in.mm.CreatePost(post); err != nil {
		in.log.Warn("Frontdesk: posting the assignment event", "conversation_id", conv.ID, "err", err.Error())
	}
	detail := "connection " + c.Name + "; unassigned"
	if assigneeID != "" {
		detail = "connection " + c.Name + "; to @" + in.mm.Username(assigneeID)
	}
	in.audit.Record(ctx, userID, audit.ConversationAssign, audit.TargetConversation, conv.ID, detail)
	in.thread.Announce(ctx, c, conv.ID)
	if assigneeID != "" && assigneeID != userID {
		in.notifyAssignee(userID, assigneeID, conv)
	}
}

// notifyAssignee tells the assignee in the bot's direct message, with a link to the thread.
func (in *Inbox) notifyAssignee(userID, assigneeID string, conv *conversation.Conversation) {
	dm, err := in.mm.DirectChannel(assigneeID)
	if err != nil {
		in.log.Warn("Frontdesk: opening the assignee's direct message", "conversation_id", conv.ID, "err", err.Error())
		return
	}
	text := in.texts.ForUser(assigneeID, textNotice, map[string]any{
		"Actor":    "@" + thread.EscapeLine(in.mm.Username(userID)),
		"Customer": thread.EscapeLine(thread.CustomerTitle(conv)),
		"Link":     in.Permalink(conv),
	})
	post := &model.Post{UserId: in.botID, ChannelId: dm, Message: text}
	post.AddProp(thread.PropConversation, conv.ID)
	if _, err := in.mm.CreatePost(post); err != nil {
		in.log.Warn("Frontdesk: notifying the assignee", "conversation_id", conv.ID, "err", err.Error())
	}
}

// AssigneeName is the username of the person a chat is assigned to ("" when nobody).
func (in *Inbox) AssigneeName(conv *conversation.Conversation) string {
	if conv.AssigneeID == "" {
		return ""
	}
	return in.mm.Username(conv.AssigneeID)
}

// Permalink is the link that opens a chat's thread.
func (in *Inbox) Permalink(conv *conversation.Conversation) string {
	return trimSlash(in.mm.SiteURL()) + "/_redirect/pl/" + conv.RootPostID
}

func trimSlash(s string) string {
	for len(s) > 0 && s[len(s)-1] == '/' {
		s = s[:len(s)-1]
	}
	return s
}
