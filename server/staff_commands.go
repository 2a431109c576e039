package main

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/server/api"
	"github.com/frontdesk-chat/frontdesk/server/command"
	"github.com/frontdesk-chat/frontdesk/server/conversation"
	"github.com/frontdesk-chat/frontdesk/server/locale"
	"github.com/frontdesk-chat/frontdesk/server/thread"
)

// The staff commands: quick replies, assignment and the list of chats that need an answer. Each
// has a header-card button or works where the web app's sidebar does not load (mobile).
func addStaffCommands(r *command.Registry) {
	r.Add(command.Spec{Name: "reply", Hint: "<name>", Help: "Send a quick reply of this team as your reply in this chat", MinArgs: 1,
		DynamicList: api.QuickReplyAutocompletePath})
	r.Add(command.Spec{Name: "replies", Hint: "[save <name> <text> | delete <name>]", Help: "List this team's quick replies, save one or delete one"})
	r.Add(command.Spec{Name: "read", Help: "Mark the chat of this thread read for you"})
	r.Add(command.Spec{Name: "assign", Hint: "<@user|me>", Help: "Assign the chat of this thread to a teammate, or take it", MinArgs: 1})
	r.Add(command.Spec{Name: "unassign", Help: "Unassign the chat of this thread"})
	r.Add(command.Spec{Name: "chats", Hint: command.ChatsHint, Suggestions: command.ChatsFilters,
		Help: "List the chats you may answer, newest first, with links: filters, a connection, search words and pages"})
}

// Texts of the commands, in the caller's language.
var (
	textNotInThread   = locale.Text{ID: "command.not_in_thread", Other: "Use /frontdesk {{.Command}} inside a chat's thread."}
	textNotAChat      = locale.Text{ID: "command.not_a_chat", Other: "This thread is not a Frontdesk chat, or you are not a member of its channel."}
	textLoadFailed    = locale.Text{ID: "command.load_failed", Other: "Frontdesk could not load this chat; try again."}
	textAdminsOnly    = locale.Text{ID: "command.admins_only", Other: "Only system admins can use this command."}
	textArchived      = locale.Text{ID: "command.archived", Other: "Chat archived. It reopens by itself when the customer writes."}
	textReopened      = locale.Text{ID: "command.reopened", Other: "Chat reopened."}
	textUnknown       = locale.Text{ID: "command.unknown", Other: "Unknown command {{.Command}}; try /frontdesk help"}
	textUsage         = locale.Text{ID: "command.usage", Other: "Usage: {{.Usage}}"}
	textHelpTitle     = locale.Text{ID: "command.help.title", Other: "#### Frontdesk commands"}
	textNoReply       = locale.Text{ID: "command.reply.unknown", Other: "There is no quick reply named “{{.Name}}” in this team. See /frontdesk replies."}
	textNoReplies     = locale.Text{ID: "command.replies.none", Other: "This team has no quick replies yet. Add one in the chats sidebar or with /frontdesk replies save <name> <text>."}
	textRepliesTitle  = locale.Text{ID: "command.replies.title", Other: "#### Quick replies of this team"}
	textRepliesUse    = locale.Text{ID: "command.replies.use", Other: "Send one in a chat's thread with /frontdesk reply <name>."}
	textAssignedTo    = locale.Text{ID: "command.assign.done", Other: "Chat assigned to @{{.Username}}."}
	textUnassignedAck = locale.Text{ID: "command.unassign.done", Other: "Chat unassigned."}
	textNoSuchUser    = locale.Text{ID: "command.assign.no_user", Other: "There is no user @{{.Username}}."}
	textChatsNone     = locale.Text{ID: "command.chats.no_match", Other: "No chat matches `{{.Command}}`."}
	textChatsHeading  = locale.Text{ID: "command.chats.heading", Other: "#### Chats, page {{.Page}}"}
	textChatUnread    = locale.Text{ID: "command.chats.unread", Other: "unread"}
	textChatUnanswer  = locale.Text{ID: "command.chats.unanswered", Other: "unanswered"}
	textChatArchived  = locale.Text{ID: "command.chats.archived", Other: "archived"}
	textChatsNext     = locale.Text{ID: "command.chats.next", Other: "More on the next page: `{{.Command}}`"}
	textChatsNoConn   = locale.Text{ID: "command.chats.no_connection", Other: "You have no connection named “{{.Name}}”. Yours: {{.Names}}."}
	textChatsPage     = locale.Text{ID: "command.chats.bad_page", Other: "A page is a number from 1: page:2."}
	textChatsSearch   = locale.Text{ID: "command.chats.search_too_long", Other: "Search words have at most {{.Max}} characters."}
	textReplySaved    = locale.Text{ID: "command.replies.saved", Other: "Quick reply “{{.Name}}” saved."}
	textReplyDeleted  = locale.Text{ID: "command.replies.deleted", Other: "Quick reply “{{.Name}}” deleted."}
	textCannotPost    = locale.Text{ID: "command.reply.cannot_post", Other: "Frontdesk: you may not post in this chat's channel (its moderation or your role does not allow it)."}
	textMarkedRead    = locale.Text{ID: "command.read.done", Other: "Chat marked read."}
)

// commandHelp are the help lines of the commands, translated by id "command.help.<name>".
func commandHelp(name command.Name, english string) locale.Text {
	return locale.Text{ID: "command.help." + string(name), Other: english}
}

// staffCommand runs the staff commands; ok is false for the others.
func (p *Plugin) staffCommand(ctx context.Context, cmd command.Command, args *model.CommandArgs) (*model.CommandResponse, bool) {
	u := args.UserId
	switch cmd.Name {
	case "replies":
		return ephemeral(p.repliesCommand(ctx, u, args.TeamId, cmd.Args)), true
	case "chats":
		return ephemeral(p.chatsText(ctx, u, cmd.TextAfter(0))), true
	case "reply", "assign", "unassign", "read":
	default:
		return nil, false
	}
	if args.RootId == "" {
		return ephemeral(p.texts.ForUser(u, textNotInThread, map[string]any{"Command": string(cmd.Name)})), true
	}
	conv, err := p.inbox.ByRoot(ctx, u, args.RootId)
	if errors.Is(err, conversation.ErrNotFound) {
		return ephemeral(p.texts.ForUser(u, textNotAChat, nil)), true
	}
	if errors.Is(err, conversation.ErrMayNotUseChats) {
		return p.failed(u, err), true
	}
	if err != nil {
		return ephemeral(p.texts.ForUser(u, textLoadFailed, nil)), true
	}
	switch cmd.Name {
	case "reply":
		return p.sendQuickReply(ctx, args, conv, cmd.Args[0]), true
	case "read":
		if err := p.inbox.MarkRead(ctx, u, conv.ID); err != nil {
			return p.failed(u, err), true
		}
		return ephemeral(p.texts.ForUser(u, textMarkedRead, nil)), true
	case "unassign":
		if _, err := p.inbox.Assign(ctx, u, conv.ID, ""); err != nil {
			return p.failed(u, err), true
		}
		return ephemeral(p.texts.ForUser(u, textUnassignedAck, nil)), true
	}
	// assign
	target := strings.TrimPrefix(strings.ToLower(cmd.Args[0]), "@")
	assignee := u
	if target != "me" {
		user, err := p.client.User.GetByUsername(target)
		if err != nil {
			return ephemeral(p.texts.ForUser(u, textNoSuchUser, map[string]any{"Username": thread.EscapeLine(target)})), true
		}
		assignee = user.Id
	}
	if _, err := p.inbox.Assign(ctx, u, conv.ID, assignee); err != nil {
		return p.failed(u, err), true
	}
	return ephemeral(p.texts.ForUser(u, textAssignedTo, map[string]any{"Username": p.mm.Username(assignee)})), true
}

func (p *Plugin) failed(userID string, err error) *model.CommandResponse {
	return ephemeral(p.failure(userID, err, "command", "staff"))
}

// sendQuickReply posts a team's quick reply as the user's reply in the chat's thread: it is checked
// and relayed like any reply (the relay's own checks and queue, since the post hooks leave a
// plugin's posts alone).
func (p *Plugin) sendQuickReply(ctx context.Context, args *model.CommandArgs, conv *conversation.Conversation, name string) *model.CommandResponse {
	q, err := p.quickReplies.Get(ctx, args.UserId, args.TeamId, name)
	if errors.Is(err, conversation.ErrNotFound) {
		return ephemeral(p.texts.ForUser(args.UserId, textNoReply, map[string]any{"Name": thread.EscapeLine(name)}))
	}
	if err != nil {
		return p.failed(args.UserId, err)
	}
	c, err := p.connections.Get(ctx, conv.ConnectionID)
	if err != nil {
		return p.failed(args.UserId, err)
	}
	// Posted on the user's behalf: Mattermost's own permission to post there (moderation) applies.
	if !p.mm.MayPost(c.ChannelID, args.UserId) {
		return ephemeral(p.texts.ForUser(args.UserId, textCannotPost, nil))
	}
	post := &model.Post{UserId: args.UserId, ChannelId: c.ChannelID, RootId: conv.RootPostID, Message: q.Text}
	if err := p.relay.PostAsAgent(ctx, post); err != nil {
		return p.failed(args.UserId, err)
	}
	return &model.CommandResponse{}
}

// repliesCommand lists the team's quick replies, or saves or deletes one (where the web app's
// sidebar is not there: the mobile apps).
func (p *Plugin) repliesCommand(ctx context.Context, userID, teamID string, args []string) string {
	if len(args) == 0 {
		return p.repliesText(ctx, userID, teamID)
	}
	switch strings.ToLower(args[0]) {
	case "save":
		if len(args) < 3 {
			return p.texts.ForUser(userID, textUsage, map[string]any{"Usage": "/frontdesk replies save <name> <text>"})
		}
		q, err := p.quickReplies.Put(ctx, userID, teamID, args[1], strings.Join(args[2:], " "))
		if err != nil {
			return p.failure(userID, err, "command", "replies")
		}
		return p.texts.ForUser(userID, textReplySaved, map[string]any{"Name": q.Name})
	case "delete":
		if len(args) != 2 {
			return p.texts.ForUser(userID, textUsage, map[string]any{"Usage": "/frontdesk replies delete <name>"})
		}
		if err := p.quickReplies.Delete(ctx, userID, teamID, args[1]); errors.Is(err, conversation.ErrMayNotUseChats) {
			return p.failure(userID, err, "command", "replies")
		} else if err != nil {
			return p.texts.ForUser(userID, textNoReply, map[string]any{"Name": thread.EscapeLine(args[1])})
		}
		return p.texts.ForUser(userID, textReplyDeleted, map[string]any{"Name": thread.EscapeLine(args[1])})
	}
	return p.texts.ForUser(userID, textUsage, map[string]any{"Usage": "/frontdesk replies [save <name> <text> | delete <name>]"})
}

func (p *Plugin) repliesText(ctx context.Context, userID, teamID string) string {
	list, err := p.quickReplies.List(ctx, userID, teamID)
	if errors.Is(err, conversation.ErrMayNotUseChats) {
		return p.failure(userID, err, "command", "replies")
	}
	if err != nil {
		return p.texts.ForUser(userID, textNoReplies, nil)
	}
	if len(list) == 0 {
		return p.texts.ForUser(userID, textNoReplies, nil)
	}
	var b strings.Builder
	b.WriteString(p.texts.ForUser(userID, textRepliesTitle, nil) + "\n")
	for _, q := range list {
		preview := []rune(strings.ReplaceAll(q.Text, "\n", " "))
		if len(preview) > 80 {
			preview = append(preview[:80], '…')
		}
		fmt.Fprintf(&b, "- `%s` — %s\n", q.Name, thread.EscapeLine(string(preview)))
	}
	b.WriteString(p.texts.ForUser(userID, textRepliesUse, nil))
	return b.String()
}

// chatsShown is the number of chats on a page of /frontdesk chats.
const chatsShown = 20

// chatsText is a page of the chats the user may answer, newest first, as the chats list's REST API
// filters them: active (or archived) chats, assigned to the user, unread, unanswered, of one
// connection, matching search words.
func (p *Plugin) chatsText(ctx context.Context, userID, args string) string {
	q, err := command.ParseChats(args)
	switch {
	case errors.Is(err, command.ErrChatsPage):
		return p.texts.ForUser(userID, textChatsPage, nil)
	case errors.Is(err, command.ErrChatsSearch):
		return p.texts.ForUser(userID, textChatsSearch, map[string]any{"Max": command.MaxSearch})
	}
	f := conversation.ListFilter{Status: conversation.Active, Query: q.Search, Unanswered: q.Unanswered,
		Page: q.Page - 1, PerPage: chatsShown}
	if q.Archived {
		f.Status = conversation.Archived
	}
	if q.Mine {
		f.Assigned = userID
	}
	if q.Unread {
		f.UnreadFor = userID
	}
	if q.Connection != "" {
		ids, names, err := p.connectionsNamed(ctx, userID, q.Connection)
		if err != nil {
			return p.failure(userID, err, "command", "chats")
		}
		if len(ids) == 0 {
			return p.texts.ForUser(userID, textChatsNoConn, map[string]any{"Name": thread.EscapeLine(q.Connection), "Names": thread.EscapeLine(strings.Join(names, ", "))})
		}
		f.ConnectionIDs = ids
	}
	page, err := p.inbox.ListPage(ctx, userID, f)
	if err != nil {
		return p.failure(userID, err, "command", "chats")
	}
	if len(page.Conversations) == 0 {
		return p.texts.ForUser(userID, textChatsNone, map[string]any{"Command": q.Command()})
	}
	var b strings.Builder
	b.WriteString(p.texts.ForUser(userID, textChatsHeading, map[string]any{"Page": q.Page}) + "\n")
	for _, c := range page.Conversations {
		parts := []string{fmt.Sprintf("[%s](%s)", thread.EscapeLine(thread.CustomerTitle(c)), p.inbox.Permalink(c))}
		if c.Status == conversation.Archived {
			parts = append(parts, p.texts.ForUser(userID, textChatArchived, nil))
		}
		if p.inbox.Unread(ctx, userID, c) {
			parts = append(parts, p.texts.ForUser(userID, textChatUnread, nil))
		}
		if c.LastFromCustomer {
			parts = append(parts, p.texts.ForUser(userID, textChatUnanswer, nil))
		}
		if name := p.inbox.AssigneeName(c); name != "" {
			parts = append(parts, "@"+name)
		}
		if conn := page.Connections[c.ConnectionID]; conn != nil {
			parts = append(parts, thread.EscapeLine(conn.Name))
		}
		parts = append(parts, time.UnixMilli(c.LastMessageAt).UTC().Format("2006-01-02 15:04 MST"))
		b.WriteString("- " + strings.Join(parts, " · ") + "\n")
	}
	if page.HasMore {
		next := q
		next.Page++
		b.WriteString(p.texts.ForUser(userID, textChatsNext, map[string]any{"Command": next.Command()}) + "\n")
	}
	return b.String()
}

// connectionsNamed are the ids of the user's connections with a name (any case), and the names of
// all the user's connections, to say which there are when none has it.
func (p *Plugin) connectionsNamed(ctx context.Context, userID, name string) (ids, names []string, err error) {
	conns, err := p.connections.Visible(ctx, userID, nil)
	if err != nil {
		return nil, nil, err
	}
	for _, c := range conns {
		if strings.EqualFold(strings.TrimSpace(c.Name), strings.TrimSpace(name)) {
			ids = append(ids, c.ID)
		}
		names = append(names, c.Name)
	}
	sort.Strings(names)
	return ids, names, nil
}

// helpText is /frontdesk help in the user's language.
func (p *Plugin) helpText(userID string, isAdmin bool) string {
	var b strings.Builder
	b.WriteString(p.texts.ForUser(userID, textHelpTitle, nil) + "\n")
	for _, s := range p.commands.Specs() {
		if s.AdminOnly && !isAdmin {
			continue
		}
		fmt.Fprintf(&b, "- `/%s %s", command.Trigger, s.Name)
		if s.Hint != "" {
			b.WriteString(" " + s.Hint)
		}
		b.WriteString("` — " + p.texts.ForUser(userID, commandHelp(s.Name, s.Help), nil) + "\n")
	}
	return b.String()
}

// The fixed answers of the older commands, translated by their English wording.
var (
	answerTexts = map[string]locale.Text{
		textNotAChat.Other: textNotAChat, textLoadFailed.Other: textLoadFailed, textAdminsOnly.Other: textAdminsOnly,
		textArchived.Other: textArchived, textReopened.Other: textReopened,
	}
	notInThreadRE = regexp.MustCompile(`^Use /frontdesk (\w+) inside a chat's thread\.$`)
	unknownRE     = regexp.MustCompile(`^unknown command ("[^"]*"); try /frontdesk help$`)
	usageRE       = regexp.MustCompile(`^usage: (/frontdesk .*)$`)
)

// localizeAnswer speaks an ephemeral command answer in the user's language: help, refusals and the
// fixed answers. Answers built from data (a chat's status, a client card) stay as they are.
func (p *Plugin) localizeAnswer(userID string, resp *model.CommandResponse) *model.CommandResponse {
	if resp == nil || resp.Text == "" || p.texts.UserLanguage(userID) == "" {
		return resp
	}
	t := resp.Text
	switch {
	case strings.HasPrefix(t, "#### Frontdesk commands\n"):
		resp.Text = p.helpText(userID, p.connections.IsAdmin(userID))
	case answerTexts[t].ID != "":
		resp.Text = p.texts.ForUser(userID, answerTexts[t], nil)
	case notInThreadRE.MatchString(t):
		resp.Text = p.texts.ForUser(userID, textNotInThread, map[string]any{"Command": notInThreadRE.FindStringSubmatch(t)[1]})
	case unknownRE.MatchString(t):
		resp.Text = p.texts.ForUser(userID, textUnknown, map[string]any{"Command": unknownRE.FindStringSubmatch(t)[1]})
	case usageRE.MatchString(t):
		resp.Text = p.texts.ForUser(userID, textUsage, map[string]any{"Usage": usageRE.FindStringSubmatch(t)[1]})
	}
	return resp
}
