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
)

// chats is what the commands do with chats and connections.
type chats interface {
	ByRoot(ctx context.Context, userID, rootPostID string) (*conversation.Conversation, error)
	Archive(ctx context.Context, userID, id string) (*conversation.Conversation, error)
	Reopen(ctx context.Context, userID, id string) (*conversation.Conversation, error)
	Note(ctx context.Context, userID, id, text string) error
	Describe(ctx context.Context, userID, id string) (string, error)
	SendTemplateInThread(ctx context.Context, userID, id, name, language string, params []string) error
	TemplatesText(ctx context.Context, userID, id string) (string, error)
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
		return ephemeral("Only system admins can use this command."), nil
	}
	switch cmd.Name {
	case "archive", "reopen", "note", "status", "template", "templates", "client", "link", "unlink", "doc":
		return p.threadCommand(ctx, cmd, args), nil
	case "start":
		return ephemeral(p.startCommand(ctx, cmd, args)), nil
	case "connections", "check":
		return ephemeral(p.connectionsText(ctx, args.UserId, cmd.Name == "check")), nil
	default:
		return ephemeral(p.commands.HelpText(isAdmin)), nil
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
	if args.RootId == "" {
		return ephemeral(fmt.Sprintf("Use /frontdesk %s inside a chat's thread.", cmd.Name))
	}
	var chats chats = p.inbox
	conv, err := chats.ByRoot(ctx, args.UserId, args.RootId)
	if errors.Is(err, conversation.ErrNotFound) {
		return ephemeral("This thread is not a Frontdesk chat, or you are not a member of its channel.")
	}
	if err != nil {
		return ephemeral(p.failure(err, "command", string(cmd.Name)))
	}
	switch cmd.Name {
	case "archive":
		if _, err = chats.Archive(ctx, args.UserId, conv.ID); err == nil {
			return ephemeral("Chat archived. It reopens by itself when the customer writes.")
		}
	case "reopen":
		if _, err = chats.Reopen(ctx, args.UserId, conv.ID); err == nil {
			return ephemeral("Chat reopened.")
		}
	case "note":
		if err = chats.Note(ctx, args.UserId, conv.ID, cmd.TextAfter(0)); err == nil {
			return &model.CommandResponse{}
		}
	case "status":
		var text string
		if text, err = chats.Describe(ctx, args.UserId, conv.ID); err == nil {
			return ephemeral(text)
		}
	case "template":
		if err = chats.SendTemplateInThread(ctx, args.UserId, conv.ID, cmd.Args[0], cmd.Args[1], cmd.Args[2:]); err == nil {
			return &model.CommandResponse{}
		}
	case "templates":
		var text string
		if text, err = chats.TemplatesText(ctx, args.UserId, conv.ID); err == nil {
			return ephemeral(text)
		}
	case "client", "link", "unlink", "doc":
		var text string
		if text, err = p.clientCommand(ctx, cmd, args.UserId, conv.ID); err == nil {
			return ephemeral(text)
		}
	}
	return ephemeral(p.failure(err, "command", string(cmd.Name)))
}

// failure is a failed command's answer; a cause the user cannot act on (a database error) is
// logged and answered in general words.
func (p *Plugin) failure(err error, kv ...any) string {
	text, internal := command.ErrorText(err)
	if internal {
		p.client.Log.Error("Frontdesk: command failed", append(kv, "err", err.Error())...)
	}
	return text
}

func (p *Plugin) connectionsText(ctx context.Context, userID string, check bool) string {
	var conns connections = p.connections
	list, err := conns.List(ctx, userID)
	if err != nil {
		return p.failure(err, "command", "connections")
	}
	if len(list) == 0 {
		return "No connections yet. Connect a provider account in the System Console: " + p.connections.ConsoleURL()
	}
	var b strings.Builder
	b.WriteString("| Connection | Provider | Account | State |\n|---|---|---|---|\n")
	for _, c := range list {
		state := "connected"
		if check {
			if err := conns.Test(ctx, userID, c.ID); err != nil {
				state = "failed: " + err.Error()
			} else {
				state = "ok (tested now)"
			}
		} else if c.SyncLost() {
			state = "lost sync: " + c.SyncReason
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
	var conns connections = p.connections
	list, err := conns.List(ctx, args.UserId)
	if err != nil {
		return p.failure(err, "command", "start")
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
	switch {
	case len(here) == 0:
		return "Use /frontdesk start in a channel connected to WhatsApp, Messenger, Instagram, Telegram or SMS."
	case len(here) > 1:
		return "Several providers are connected to this channel: name one first, e.g. /frontdesk start sms +15551234567 Hello"
	case len(rest) < 2:
		return "Usage: /frontdesk start [provider] <phone or customer id> <message>"
	}
	var chats chats = p.inbox
	conv, err := chats.Start(ctx, args.UserId, inbox.StartInput{
		ConnectionID: here[0].ID, CustomerID: channel.CustomerID(rest[0]), Text: cmd.TextAfter(skip),
	})
	if err != nil {
		return p.failure(err, "command", "start")
	}
	site := ""
	if cfg := p.API.GetConfig(); cfg != nil && cfg.ServiceSettings.SiteURL != nil {
		site = strings.TrimRight(*cfg.ServiceSettings.SiteURL, "/")
	}
	return fmt.Sprintf("Chat started: %s/_redirect/pl/%s", site, conv.RootPostID)
}
