package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/mattermost/mattermost/server/public/plugin"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/clients"
	"github.com/frontdesk-chat/frontdesk/server/command"
	"github.com/frontdesk-chat/frontdesk/server/connection"
	"github.com/frontdesk-chat/frontdesk/server/conversation"
	"github.com/frontdesk-chat/frontdesk/server/helpdesk"
	"github.com/frontdesk-chat/frontdesk/server/inbox"
	"github.com/frontdesk-chat/frontdesk/server/locale"
	"github.com/frontdesk-chat/frontdesk/server/thread"
)

// chats is what the commands do with chats and connections.
type chats interface {
	ChannelAccess(channelID, userID string) error
	ByRoot(ctx context.Context, userID, rootPostID string) (*conversation.Conversation, error)
	Archive(ctx context.Context, userID, id string) (*conversation.Conversation, error)
	Reopen(ctx context.Context, userID, id string) (*conversation.Conversation, error)
	Note(ctx context.Context, userID, id, text string) error
	SendTemplateInThread(ctx context.Context, userID, id, name, language string, params []string) error
	Templates(ctx context.Context, userID, connectionID string) ([]channel.Template, error)
	WindowOf(c *conversation.Connection, conv *conversation.Conversation) (channel.Window, string)
	Start(ctx context.Context, userID string, in inbox.StartInput) (*conversation.Conversation, error)
}

// clientCards is what the commands do with chats' clients.
type clientCards interface {
	CardOf(ctx context.Context, userID, conversationID string) (clients.Card, error)
	Link(ctx context.Context, userID, conversationID, clientID string) (clients.Card, error)
	Unlink(ctx context.Context, userID, conversationID string) (clients.Card, error)
	Search(ctx context.Context, userID, text string) ([]clients.Client, error)
	CreateDocument(ctx context.Context, userID, conversationID string, kind helpdesk.DocumentKind, title, description string) (clients.Document, error)
}

type connections interface {
	List(ctx context.Context, userID string) ([]*conversation.Connection, error)
	Get(ctx context.Context, id string) (*conversation.Connection, error)
	Adapter(c *conversation.Connection) (channel.Adapter, error)
	ReconnectAdvice(userID string, c *conversation.Connection) string
	ConsoleURL() string
	Test(ctx context.Context, userID, id string) error
	IsAdmin(userID string) bool
}

var (
	_ chats       = (*inbox.Inbox)(nil)
	_ connections = (*connection.Service)(nil)
	_ clientCards = (*clients.Service)(nil)
)

func newCommands() *command.Registry {
	r := command.NewRegistry()
	r.Add(command.Spec{Name: "archive", Help: "Archive the chat of this thread"})
	r.Add(command.Spec{Name: "reopen", Help: "Reopen the archived chat of this thread"})
	r.Add(command.Spec{Name: "note", Hint: "<text>", Help: "Write a private note in this chat: the customer never sees it", MinArgs: 1})
	r.Add(command.Spec{Name: "status", Help: "Show the chat of this thread: customer, connection, sending window"})
	r.Add(command.Spec{Name: "client", Help: "Show the client this chat is linked to, with their documents"})
	r.Add(command.Spec{Name: "link", Hint: "<name, phone, email or client id>", Help: "Link this chat to a client of the helpdesk", MinArgs: 1})
	r.Add(command.Spec{Name: "unlink", Help: "Unlink this chat from its client"})
	r.Add(command.Spec{Name: "doc", Hint: "<order|estimate|lead> [title]", Help: "Create an order, estimate or lead for this chat's client, with the customer's last message", MinArgs: 1})
	r.Add(command.Spec{Name: "template", Hint: "<name> <language> [parameters...]", Help: "Send an approved WhatsApp template to the chat of this thread", MinArgs: 2})
	r.Add(command.Spec{Name: "templates", Help: "List the approved WhatsApp templates of this chat's connection"})
	r.Add(command.Spec{Name: "start", Hint: "[provider] <phone or customer id> <message>", Help: "Start a chat with a customer from a connected channel", MinArgs: 2})
	r.Add(command.Spec{Name: "connections", Help: "List connections and their sync state", AdminOnly: true})
	r.Add(command.Spec{Name: "check", Help: "Test every connection's credentials", AdminOnly: true})
	addStaffCommands(r)
	return r
}

// ExecuteCommand runs /frontdesk. Answers are ephemeral: only the caller sees them, in their language.
func (p *Plugin) ExecuteCommand(c *plugin.Context, args *model.CommandArgs) (*model.CommandResponse, *model.AppError) {
	if cmd, err := p.commands.Parse(args.Command); err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if resp, ok := p.staffCommand(ctx, cmd, args); ok {
			return resp, nil
		}
	}
	resp, appErr := p.executeCommand(c, args)
	return p.localizeAnswer(args.UserId, resp), appErr
}

// Texts of the chat, connection and start commands, in the caller's language.
var (
	textStatusSummary   = locale.Text{ID: "status.summary", Other: "**{{.Customer}}** on {{.Provider}} ({{.Connection}}) · {{.Status}}"}
	textStatusActive    = locale.Text{ID: "status.active", Other: "active"}
	textStatusArchived  = locale.Text{ID: "status.archived", Other: "archived"}
	textWindowAlways    = locale.Text{ID: "status.window.always", Other: "Sending: allowed any time."}
	textWindowOpen      = locale.Text{ID: "status.window.open", Other: "Sending: open until {{.Until}}."}
	textWindowHuman     = locale.Text{ID: "status.window.human_agent", Other: "Sending: open for human replies until {{.Until}}."}
	textWindowClosed    = locale.Text{ID: "status.window.closed", Other: "Sending: closed. {{.Why}}"}
	textWindowNoReason  = locale.Text{ID: "status.window.closed_default", Other: "The provider does not allow messages to this customer now."}
	textStatusSyncLost  = locale.Text{ID: "status.sync_lost", Other: "The connection lost sync with the provider: {{.Reason}}. {{.Advice}}"}
	textOpenInApp       = locale.Text{ID: "status.open_in_app", Other: "Open in the {{.Provider}} app: {{.Link}}"}
	textNoTemplates     = locale.Text{ID: "templates.none", Other: "No approved templates. Create them in WhatsApp Manager; they appear here once approved."}
	textTemplatesHeader = locale.Text{ID: "templates.header", Other: "| Template | Language | Parameters | Text |"}
	textNoConnections   = locale.Text{ID: "connections.none", Other: "No connections yet. Connect a provider account in the System Console: {{.URL}}"}
	textConnsHeader     = locale.Text{ID: "connections.header", Other: "| Connection | Provider | Account | State |"}
	textConnConnected   = locale.Text{ID: "connections.connected", Other: "connected"}
	textConnFailed      = locale.Text{ID: "connections.failed", Other: "failed: {{.Error}}"}
	textConnTested      = locale.Text{ID: "connections.tested", Other: "ok (tested now)"}
	textConnSyncLost    = locale.Text{ID: "connections.sync_lost", Other: "lost sync: {{.Reason}}"}
	textStartNoChannel  = locale.Text{ID: "start.no_channel", Other: "Use /frontdesk start in a channel connected to WhatsApp, Messenger, Instagram, Telegram or SMS."}
	textStartSeveral    = locale.Text{ID: "start.several", Other: "Several providers are connected to this channel: name one first, e.g. /frontdesk start sms +15551234567 Hello"}
	textStartDone       = locale.Text{ID: "start.done", Other: "Chat started: {{.Link}}"}
)

// startUsage is the usage line of /frontdesk start (said with textUsage).
const startUsage = "/frontdesk start [provider] <phone or customer id> <message>"

// The moment a sending window closes, as /frontdesk status says it.
const windowTimeFormat = "2006-01-02 15:04 MST"

func (p *Plugin) executeCommand(_ *plugin.Context, args *model.CommandArgs) (*model.CommandResponse, *model.AppError) {
	cmd, err := p.commands.Parse(args.Command)
	if err != nil {
		return ephemeral(err.Error()), nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	isAdmin := p.connections.IsAdmin(args.UserId)
	spec := specOf(p.commands, cmd.Name)
	if spec.AdminOnly && !isAdmin {
		return ephemeral(p.texts.ForUser(args.UserId, textAdminsOnly, nil)), nil
	}
	switch cmd.Name {
	case "archive", "reopen", "note", "status", "template", "templates", "client", "link", "unlink", "doc":
		return p.threadCommand(ctx, cmd, args), nil
	case "start":
		return ephemeral(p.startCommand(ctx, cmd, args)), nil
	case "connections", "check":
		return ephemeral(p.connectionsText(ctx, args.UserId, cmd.Name == "check")), nil
	default:
		return ephemeral(p.helpText(args.UserId, isAdmin)), nil
	}
}

func specOf(r *command.Registry, name command.Name) command.Spec {
	for _, s := range r.Specs() {
		if s.Name == name {
			return s
		}
	}
	return command.Spec{}
}

// threadCommand runs a command that acts on the chat of the thread it was typed in.
func (p *Plugin) threadCommand(ctx context.Context, cmd command.Command, args *model.CommandArgs) *model.CommandResponse {
	u := args.UserId
	if args.RootId == "" {
		return ephemeral(p.texts.ForUser(u, textNotInThread, map[string]any{"Command": string(cmd.Name)}))
	}
	var chats chats = p.inbox
	conv, err := chats.ByRoot(ctx, u, args.RootId)
	if errors.Is(err, conversation.ErrNotFound) {
		return ephemeral(p.texts.ForUser(u, textNotAChat, nil))
	}
	if err != nil {
		return ephemeral(p.failure(u, err, "command", string(cmd.Name)))
	}
	switch cmd.Name {
	case "archive":
		if _, err = chats.Archive(ctx, u, conv.ID); err == nil {
			return ephemeral(p.texts.ForUser(u, textArchived, nil))
		}
	case "reopen":
		if _, err = chats.Reopen(ctx, u, conv.ID); err == nil {
			return ephemeral(p.texts.ForUser(u, textReopened, nil))
		}
	case "note":
		if err = chats.Note(ctx, u, conv.ID, cmd.TextAfter(0)); err == nil {
			return &model.CommandResponse{}
		}
	case "status":
		var text string
		if text, err = p.statusText(ctx, u, conv); err == nil {
			return ephemeral(text)
		}
	case "template":
		if err = chats.SendTemplateInThread(ctx, u, conv.ID, cmd.Args[0], cmd.Args[1], cmd.Args[2:]); err == nil {
			return &model.CommandResponse{}
		}
	case "templates":
		var text string
		if text, err = p.templatesText(ctx, u, conv); err == nil {
			return ephemeral(text)
		}
	case "client", "link", "unlink", "doc":
		var text string
		if text, err = p.clientCommand(ctx, cmd, u, conv.ID); err == nil {
			return ephemeral(text)
		}
	}
	return ephemeral(p.failure(u, err, "command", string(cmd.Name)))
}

// failure is a failed command's answer in the user's language; a cause the user cannot act on (a
// database error) is logged and answered in general words.
func (p *Plugin) failure(userID string, err error, kv ...any) string {
	said, internal := command.Explain(err)
	if internal {
		p.client.Log.Error("Frontdesk: command failed", append(kv, "err", err.Error())...)
	}
	return said.In(p.texts, userID)
}

// statusText is a chat's summary for /frontdesk status: customer, connection, sending window.
func (p *Plugin) statusText(ctx context.Context, userID string, conv *conversation.Conversation) (string, error) {
	var conns connections = p.connections
	c, err := conns.Get(ctx, conv.ConnectionID)
	if err != nil {
		return "", err
	}
	a, err := conns.Adapter(c)
	if err != nil {
		return "", err
	}
	var chats chats = p.inbox
	w, link := chats.WindowOf(c, conv)
	say := func(t locale.Text, data map[string]any) string { return p.texts.ForUser(userID, t, data) }
	status := string(conv.Status)
	switch conv.Status {
	case conversation.Active:
		status = say(textStatusActive, nil)
	case conversation.Archived:
		status = say(textStatusArchived, nil)
	}
	var b strings.Builder
	b.WriteString(say(textStatusSummary, map[string]any{
		"Customer": thread.CustomerTitle(conv), "Provider": c.Kind.Name(), "Connection": c.Name, "Status": status,
	}) + "\n")
	switch w.State {
	case channel.WindowAlways:
		b.WriteString(say(textWindowAlways, nil))
	case channel.WindowOpen:
		b.WriteString(say(textWindowOpen, map[string]any{"Until": w.Until.UTC().Format(windowTimeFormat)}))
	case channel.WindowHumanAgent:
		b.WriteString(say(textWindowHuman, map[string]any{"Until": w.Until.UTC().Format(windowTimeFormat)}))
	default:
		b.WriteString(say(textWindowClosed, map[string]any{"Why": p.closedWindow(userID, a)}))
	}
	if c.SyncLost() {
		advice := conns.ReconnectAdvice(userID, c)
		b.WriteString("\n" + say(textStatusSyncLost, map[string]any{"Reason": c.SyncReason, "Advice": advice}))
	}
	if link != "" {
		b.WriteString("\n" + say(textOpenInApp, map[string]any{"Provider": c.Kind.Name(), "Link": link}))
	}
	return b.String(), nil
}

// closedWindow says why a provider allows no message now: the provider's own sentence, translated
// like the reply refusal that says the same.
func (p *Plugin) closedWindow(userID string, a channel.Adapter) string {
	if _, ok := a.(channel.WindowExplainer); !ok {
		return p.texts.ForUser(userID, textWindowNoReason, nil)
	}
	const lead = "Frontdesk: "
	return strings.TrimPrefix(p.localizeRefusal(userID, lead+conversation.ClosedWindow(a)), lead)
}

// templatesText lists a chat's approved templates for /frontdesk templates.
func (p *Plugin) templatesText(ctx context.Context, userID string, conv *conversation.Conversation) (string, error) {
	var chats chats = p.inbox
	list, err := chats.Templates(ctx, userID, conv.ConnectionID)
	if err != nil {
		return "", err
	}
	if len(list) == 0 {
		return p.texts.ForUser(userID, textNoTemplates, nil), nil
	}
	var b strings.Builder
	b.WriteString(p.texts.ForUser(userID, textTemplatesHeader, nil) + "\n|---|---|---|---|\n")
	for _, t := range list {
		fmt.Fprintf(&b, "| %s | %s | %d | %s |\n", t.Name, t.Language, t.Parameters, strings.ReplaceAll(t.Body, "\n", " "))
	}
	return b.String(), nil
}

func (p *Plugin) connectionsText(ctx context.Context, userID string, check bool) string {
	var conns connections = p.connections
	list, err := conns.List(ctx, userID)
	if err != nil {
		return p.failure(userID, err, "command", "connections")
	}
	if len(list) == 0 {
		return p.texts.ForUser(userID, textNoConnections, map[string]any{"URL": conns.ConsoleURL()})
	}
	var b strings.Builder
	b.WriteString(p.texts.ForUser(userID, textConnsHeader, nil) + "\n|---|---|---|---|\n")
	for _, c := range list {
		state := p.texts.ForUser(userID, textConnConnected, nil)
		if check {
			if err := conns.Test(ctx, userID, c.ID); err != nil {
				state = p.texts.ForUser(userID, textConnFailed, map[string]any{"Error": err.Error()})
			} else {
				state = p.texts.ForUser(userID, textConnTested, nil)
			}
		} else if c.SyncLost() {
			state = p.texts.ForUser(userID, textConnSyncLost, map[string]any{"Reason": c.SyncReason}) + ". " +
				conns.ReconnectAdvice(userID, c)
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", c.Name, c.Kind.Name(), c.AccountName, state)
	}
	return b.String()
}

func ephemeral(text string) *model.CommandResponse {
	return &model.CommandResponse{ResponseType: model.CommandResponseTypeEphemeral, Text: text}
}

// startCommand starts a chat from the connected channel the command is typed in (F10, F21 in docs/features.md). When
// several providers share the channel, the first argument names one.
func (p *Plugin) startCommand(ctx context.Context, cmd command.Command, args *model.CommandArgs) string {
	u := args.UserId
	var conns connections = p.connections
	list, err := conns.List(ctx, u)
	if err != nil {
		return p.failure(u, err, "command", "start")
	}
	var here []*conversation.Connection
	for _, c := range list {
		if c.ChannelID == args.ChannelId {
			here = append(here, c)
		}
	}
	rest, skip := cmd.Args, 1
	if len(here) > 1 && len(rest) > 2 {
		var picked []*conversation.Connection
		for _, c := range here {
			if strings.EqualFold(string(c.Kind), rest[0]) {
				picked = append(picked, c)
			}
		}
		if len(picked) == 1 {
			here, rest, skip = picked, rest[1:], 2
		}
	}
	var chats chats = p.inbox
	switch {
	case len(here) == 0:
		if err := chats.ChannelAccess(args.ChannelId, u); errors.Is(err, conversation.ErrMayNotUseChats) {
			return p.failure(u, err, "command", "start") // a member of a channel they may not use chats in
		}
		return p.texts.ForUser(u, textStartNoChannel, nil)
	case len(here) > 1:
		return p.texts.ForUser(u, textStartSeveral, nil)
	case len(rest) < 2:
		return p.texts.ForUser(u, textUsage, map[string]any{"Usage": startUsage})
	}
	conv, err := chats.Start(ctx, u, inbox.StartInput{
		ConnectionID: here[0].ID, CustomerID: channel.CustomerID(rest[0]), Text: cmd.TextAfter(skip),
	})
	if err != nil {
		return p.failure(u, err, "command", "start")
	}
	site := strings.TrimRight(p.mm.SiteURL(), "/")
	return p.texts.ForUser(u, textStartDone, map[string]any{"Link": fmt.Sprintf("%s/_redirect/pl/%s", site, conv.RootPostID)})
}
