package inbox

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/conversation"
	"github.com/frontdesk-chat/frontdesk/server/locale"
	"github.com/frontdesk-chat/frontdesk/server/thread"
)

// StartInput starts a chat with a known customer (F10, F20).
type StartInput struct {
	ConnectionID string
	CustomerID   channel.CustomerID
	CustomerName string
	Text         string
	// Template, for WhatsApp outside the window.
	Template   string
	Language   string
	Parameters []string
}

// Start opens (or finds) the conversation and sends the first message within the provider's rules:
// the adapter says who may be written to first (channel.FirstContactGate) and when (its Window);
// outside the window only a template goes, where the provider has them.
func (in *Inbox) Start(ctx context.Context, userID string, s StartInput) (*conversation.Conversation, error) {
	c, err := in.conns.Get(ctx, s.ConnectionID)
	if err != nil {
		return nil, err
	}
	if err := in.mm.ChatAccess(c.ChannelID, userID); err != nil {
		return nil, err
	}
	if err := in.mayPost(c.ChannelID, userID); err != nil {
		return nil, err
	}
	if s.CustomerID == "" || (s.Text == "" && s.Template == "") {
		return nil, fmt.Errorf("%w: customer_id and text (or template) are required", conversation.ErrInvalid)
	}
	if c.SyncLost() {
		return nil, in.syncLost(userID, c)
	}
	a, err := in.conns.Adapter(c)
	if err != nil {
		return nil, err
	}
	customer := channel.Customer{ID: s.CustomerID}
	if n, ok := a.(channel.CustomerNormalizer); ok {
		if customer, err = n.NormalizeCustomer(string(s.CustomerID)); err != nil {
			return nil, fmt.Errorf("%w: %s", conversation.ErrInvalid, err.Error())
		}
	}
	if err := in.checkFirstContact(ctx, c, a, customer.ID); err != nil {
		return nil, err
	}
	if err := in.limit.take(userID, in.now()); err != nil {
		return nil, err
	}
	conv, err := in.store.EnsureConversation(ctx, &conversation.Conversation{
		ID: model.NewId(), ConnectionID: c.ID, CustomerID: customer.ID, CustomerName: s.CustomerName,
		CustomerPhone: customer.Phone, CreateAt: conversation.Millis(in.now()),
	})
	if err != nil {
		return nil, err
	}
	if conv.OptedOut() {
		return nil, fmt.Errorf("%w: %s", conversation.ErrNotAllowed, conversation.OptOutRefusal(a))
	}
	if s.Template == "" && !a.Window(time.UnixMilli(conv.LastCustomerAt), in.now()).CanSend() {
		return nil, fmt.Errorf("%w: %s", conversation.ErrNotAllowed, conversation.ClosedWindow(a))
	}
	err = in.store.WithConversationLock(ctx, conv.ID, func(ctx context.Context) error {
		return in.thread.Open(ctx, c, conv)
	})
	if err != nil {
		return nil, err
	}
	if conv.Status == conversation.Archived {
		if _, err := in.store.SetStatus(ctx, conv.ID, conversation.Active, "", 0); err != nil {
			return nil, err
		}
		in.thread.Refresh(ctx, conv.ID)
	}
	if s.Template != "" {
		if err := in.sendTemplate(ctx, userID, c, conv, a, s); err != nil {
			return nil, err
		}
	} else {
		// The agent's message is a reply like any other: checked, posted in the thread and queued.
		if err := in.relay.PostAsAgent(ctx, &model.Post{UserId: userID, ChannelId: c.ChannelID, RootId: conv.RootPostID, Message: s.Text}); err != nil {
			return nil, err
		}
	}
	// Teammates' lists show the new chat at once, as they do a customer's first message.
	in.thread.Changed(c, conv.ID)
	return in.store.GetConversation(ctx, conv.ID)
}

// checkFirstContact refuses a chat with someone who never wrote, where the provider lets the
// business write only to customers who wrote first.
func (in *Inbox) checkFirstContact(ctx context.Context, c *conversation.Connection, a channel.Adapter, customer channel.CustomerID) error {
	gate, ok := a.(channel.FirstContactGate)
	if !ok {
		return nil
	}
	refusal := gate.FirstContact()
	if refusal == nil {
		return nil
	}
	conv, err := in.store.ConversationByCustomer(ctx, c.ID, customer)
	if err == nil && conv.LastCustomerAt > 0 {
		return nil
	}
	if err != nil && !errors.Is(err, conversation.ErrNotFound) {
		return err
	}
	return fmt.Errorf("%w: %s", conversation.ErrNotAllowed, refusal.Error())
}

// sendTemplate sends a template at once and records it as a sent reply in the thread.
func (in *Inbox) sendTemplate(ctx context.Context, userID string, c *conversation.Connection, conv *conversation.Conversation, a channel.Adapter, s StartInput) error {
	ts, ok := a.(channel.TemplateSender)
	if !ok {
		return fmt.Errorf("%w: %s has no templates", conversation.ErrNotAllowed, c.Kind.Name())
	}
	res, err := ts.SendTemplate(ctx, conv.CustomerID, s.Template, s.Language, s.Parameters)
	if err != nil {
		in.conns.MarkSync(ctx, c, err)
		return fmt.Errorf("%w: %s", conversation.ErrNotAllowed, conversation.Reason(err))
	}
	post := &model.Post{UserId: in.botID, ChannelId: c.ChannelID, RootId: conv.RootPostID,
		Message: in.texts.ForSite(textTemplateSent, map[string]any{"Template": thread.EscapeLine(s.Template), "Who": thread.EscapeLine(in.mm.DisplayName(userID))})}
	post.AddProp(thread.PropConversation, conv.ID)
	created, err := in.mm.CreatePost(post)
	if err != nil {
		return err
	}
	now := conversation.Millis(in.now())
	_, err = in.store.InsertMessage(ctx, &conversation.Message{ID: model.NewId(), ConversationID: conv.ID, ConnectionID: c.ID,
		Direction: conversation.Out, ProviderMessageID: res.MessageID, PostID: created.Id, State: channel.StateSent.String(),
		ProviderAt: now, CreateAt: now})
	if err != nil {
		return err
	}
	return in.store.RecordMessage(ctx, conv.ID, false, now)
}

// Templates lists a connection's approved templates (WhatsApp).
func (in *Inbox) Templates(ctx context.Context, userID, connectionID string) ([]channel.Template, error) {
	c, err := in.conns.For(ctx, userID, connectionID)
	if err != nil {
		return nil, err
	}
	a, err := in.conns.Adapter(c)
	if err != nil {
		return nil, err
	}
	ts, ok := a.(channel.TemplateSender)
	if !ok {
		return nil, fmt.Errorf("%w: %s has no templates", conversation.ErrNotAllowed, c.Kind.Name())
	}
	list, err := ts.Templates(ctx)
	if err != nil {
		in.conns.MarkSync(ctx, c, err)
		return nil, fmt.Errorf("%w: %s", conversation.ErrNotAllowed, conversation.Reason(err))
	}
	return list, nil
}

// SendTemplateInThread sends an approved template to the chat of a thread (WhatsApp outside the
// 24-hour window), recorded in the thread like any reply.
func (in *Inbox) SendTemplateInThread(ctx context.Context, userID, id, name, language string, params []string) error {
	conv, c, err := in.conversationFor(ctx, userID, id)
	if err != nil {
		return err
	}
	if err := in.mayPost(c.ChannelID, userID); err != nil {
		return err
	}
	if c.SyncLost() {
		return in.syncLost(userID, c)
	}
	a, err := in.conns.Adapter(c)
	if err != nil {
		return err
	}
	if err := in.limit.take(userID, in.now()); err != nil {
		return err
	}
	s := StartInput{ConnectionID: c.ID, CustomerID: conv.CustomerID, Template: name, Language: language, Parameters: params}
	if err := in.sendTemplate(ctx, userID, c, conv, a, s); err != nil {
		return err
	}
	if conv.Status == conversation.Archived {
		if _, err := in.store.SetStatus(ctx, conv.ID, conversation.Active, "", 0); err != nil {
			return err
		}
	}
	in.thread.Announce(ctx, c, conv.ID)
	return nil
}

// WindowOf is the conversation's sending window now and the deep link to continue in the native app.
func (in *Inbox) WindowOf(c *conversation.Connection, conv *conversation.Conversation) (channel.Window, string) {
	a, err := in.conns.Adapter(c)
	if err != nil {
		return channel.Window{State: channel.WindowClosed}, ""
	}
	return a.Window(time.UnixMilli(conv.LastCustomerAt), in.now()), conversation.DeepLink(a, c, conv)
}

var textTemplateSent = locale.Text{ID: "inbox.template_sent", Other: "_Template **{{.Template}}** sent by {{.Who}}._"}
