package conversation

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/server/channel"
)

// conversationFor loads a conversation and its connection if the user may use it: membership of
// the mapped channel is the per-channel access list (F2). Others get ErrNotFound, which reveals nothing.
func (s *Service) conversationFor(ctx context.Context, userID, id string) (*Conversation, *Connection, error) {
	conv, err := s.store.GetConversation(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	c, err := s.Connection(ctx, conv.ConnectionID)
	if err != nil {
		return nil, nil, err
	}
	if !s.mm.IsChannelMember(c.ChannelID, userID) {
		return nil, nil, ErrNotFound
	}
	return conv, c, nil
}

// ConversationByRootFor finds the chat of a thread for a user (slash commands run in threads).
func (s *Service) ConversationByRootFor(ctx context.Context, userID, rootPostID string) (*Conversation, error) {
	conv, err := s.store.GetConversationByRoot(ctx, rootPostID)
	if err != nil {
		return nil, err
	}
	conv, _, err = s.conversationFor(ctx, userID, conv.ID)
	return conv, err
}

// Archive closes a chat, recording who and when (F16).
func (s *Service) Archive(ctx context.Context, userID, id string) (*Conversation, error) {
	conv, c, err := s.conversationFor(ctx, userID, id)
	if err != nil {
		return nil, err
	}
	changed, err := s.store.SetStatus(ctx, conv.ID, Archived, userID, Millis(s.now()))
	if err != nil {
		return nil, err
	}
	if changed {
		s.announce(ctx, c, conv.ID)
	}
	return s.store.GetConversation(ctx, conv.ID)
}

// Reopen makes an archived chat active again (F17).
func (s *Service) Reopen(ctx context.Context, userID, id string) (*Conversation, error) {
	conv, c, err := s.conversationFor(ctx, userID, id)
	if err != nil {
		return nil, err
	}
	changed, err := s.store.SetStatus(ctx, conv.ID, Active, "", 0)
	if err != nil {
		return nil, err
	}
	if changed {
		s.announce(ctx, c, conv.ID)
	}
	return s.store.GetConversation(ctx, conv.ID)
}

// announce refreshes the header card and tells the channel's members.
func (s *Service) announce(ctx context.Context, c *Connection, conversationID string) {
	s.refreshRoot(ctx, conversationID)
	s.mm.PublishToChannel("conversation_updated", map[string]any{"conversation_id": conversationID}, c.ChannelID)
}

// Get returns one chat for a user.
func (s *Service) Get(ctx context.Context, userID, id string) (*Conversation, *Connection, error) {
	return s.conversationFor(ctx, userID, id)
}

// List returns the chats a user may see, filtered (F18).
// Each conversation carries the user's read mark (ViewerReadAt); the connections they belong to come
// along, keyed by id.
func (s *Service) List(ctx context.Context, userID string, f ListFilter) ([]*Conversation, map[string]*Connection, error) {
	conns, err := s.visibleConnections(ctx, userID, f.ConnectionIDs)
	if err != nil {
		return nil, nil, err
	}
	byID := make(map[string]*Connection, len(conns))
	f.ConnectionIDs = nil
	for _, c := range conns {
		byID[c.ID] = c
		f.ConnectionIDs = append(f.ConnectionIDs, c.ID)
	}
	f.Viewer = userID
	if f.PerPage <= 0 || f.PerPage > 200 {
		f.PerPage = 50
	}
	if f.Page < 0 {
		f.Page = 0
	}
	list, err := s.store.ListConversations(ctx, f)
	return list, byID, err
}

// visibleConnections narrows the wanted connections (all when empty) to those whose channel the
// user is a member of.
func (s *Service) visibleConnections(ctx context.Context, userID string, wanted []string) ([]*Connection, error) {
	all, err := s.store.ListConnections(ctx)
	if err != nil {
		return nil, err
	}
	want := map[string]bool{}
	for _, id := range wanted {
		want[id] = true
	}
	var out []*Connection
	for _, c := range all {
		if (len(want) == 0 || want[c.ID]) && s.mm.IsChannelMember(c.ChannelID, userID) {
			out = append(out, c)
		}
	}
	return out, nil
}

// Indicators are one user's counts for the red badge (F4).
type Indicators struct {
	Unread     int `json:"unread"`
	Unanswered int `json:"unanswered"`
	// Attention counts chats that are unread or unanswered, each once: the red badge.
	Attention int `json:"attention"`
}

// IndicatorsFor counts the active chats a user may see.
func (s *Service) IndicatorsFor(ctx context.Context, userID string) (Indicators, error) {
	conns, err := s.visibleConnections(ctx, userID, nil)
	if err != nil {
		return Indicators{}, err
	}
	ids := make([]string, len(conns))
	for i, c := range conns {
		ids[i] = c.ID
	}
	u, a, n, err := s.store.Indicators(ctx, userID, ids)
	return Indicators{Unread: u, Unanswered: a, Attention: n}, err
}

// Unread reports whether a chat has customer messages the user has not read (blue, F4). A listed
// conversation already carries the user's read mark.
func (s *Service) Unread(ctx context.Context, userID string, conv *Conversation) bool {
	if conv.Viewer == userID {
		return conv.LastCustomerAt > conv.ViewerReadAt
	}
	at, err := s.store.ReadState(ctx, userID, conv.ID)
	return err == nil && conv.LastCustomerAt > at
}

// MarkRead records that a user has read a chat up to now and, on Messenger, tells the customer (F12).
func (s *Service) MarkRead(ctx context.Context, userID, id string) error {
	conv, c, err := s.conversationFor(ctx, userID, id)
	if err != nil {
		return err
	}
	before, err := s.store.ReadState(ctx, userID, conv.ID)
	if err != nil {
		return err
	}
	if err := s.store.MarkRead(ctx, userID, conv.ID, Millis(s.now())); err != nil {
		return err
	}
	s.mm.PublishToUser("indicators_changed", map[string]any{"conversation_id": conv.ID}, userID)
	if conv.LastCustomerAt <= before {
		return nil // nothing new to acknowledge to the customer
	}
	a, err := s.adapter(c)
	if err != nil {
		return nil
	}
	if rm, ok := a.(channel.ReadMarker); ok && a.Window(time.UnixMilli(conv.LastCustomerAt), s.now()).CanSend() {
		last, err := s.store.LastInbound(ctx, conv.ID)
		if err != nil {
			return nil // nothing the provider could mark
		}
		if err := rm.MarkRead(ctx, conv.CustomerID, last); err != nil {
			s.log.Warn("Frontdesk: mark as read at the provider", "conversation_id", conv.ID, "err", err.Error())
			s.markSync(ctx, c, err)
		}
	}
	return nil
}

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
// SMS and Telegram any time (Telegram only to customers who started the bot, which the provider
// enforces), WhatsApp by template outside the window, Messenger and Instagram only inside it.
func (s *Service) Start(ctx context.Context, userID string, in StartInput) (*Conversation, error) {
	c, err := s.Connection(ctx, in.ConnectionID)
	if err != nil {
		return nil, err
	}
	if !s.mm.IsChannelMember(c.ChannelID, userID) {
		return nil, ErrNotFound
	}
	if in.CustomerID == "" || (in.Text == "" && in.Template == "") {
		return nil, fmt.Errorf("%w: customer_id and text (or template) are required", ErrInvalid)
	}
	if c.SyncLost() {
		return nil, fmt.Errorf("%w: the channel lost its connection; reconnect it first", ErrNotAllowed)
	}
	a, err := s.adapter(c)
	if err != nil {
		return nil, err
	}
	if n, ok := a.(channel.CustomerIDNormalizer); ok {
		id, err := n.NormalizeCustomerID(string(in.CustomerID))
		if err != nil {
			return nil, fmt.Errorf("%w: %s", ErrInvalid, err.Error())
		}
		in.CustomerID = id
	}
	if err := s.checkTelegramStarted(ctx, c, a, in.CustomerID); err != nil {
		return nil, err
	}
	now := Millis(s.now())
	conv, err := s.store.EnsureConversation(ctx, &Conversation{
		ID: model.NewId(), ConnectionID: c.ID, CustomerID: in.CustomerID, CustomerName: in.CustomerName,
		CustomerPhone: phoneFor(c.Kind, in.CustomerID), CreateAt: now,
	})
	if err != nil {
		return nil, err
	}
	if conv.OptedOut() {
		return nil, fmt.Errorf("%w: %s", ErrNotAllowed, optOutRefusal(c.Kind))
	}
	if in.Template == "" && !a.Window(time.UnixMilli(conv.LastCustomerAt), s.now()).CanSend() {
		if c.Kind == channel.WhatsApp {
			return nil, fmt.Errorf("%w: outside the 24-hour window WhatsApp only allows an approved template", ErrNotAllowed)
		}
		return nil, fmt.Errorf("%w: %s only allows writing to a customer who wrote within the last 7 days", ErrNotAllowed, KindName(c.Kind))
	}
	err = s.store.WithConversationLock(ctx, conv.ID, func(ctx context.Context) error {
		if conv.RootPostID == "" {
			root, err := s.mm.CreatePost(s.rootPost(c, conv))
			if err != nil {
				return err
			}
			if err := s.store.SetRootPost(ctx, conv.ID, root.Id); err != nil {
				return err
			}
			conv.RootPostID = root.Id
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if conv.Status == Archived {
		if _, err := s.store.SetStatus(ctx, conv.ID, Active, "", 0); err != nil {
			return nil, err
		}
		s.refreshRoot(ctx, conv.ID)
	}
	if in.Template != "" {
		if err := s.sendTemplate(ctx, userID, c, conv, a, in); err != nil {
			return nil, err
		}
	} else {
		// The agent's message goes through the normal path: a post in the thread, relayed by the hook.
		if _, err := s.mm.CreatePost(&model.Post{UserId: userID, ChannelId: c.ChannelID, RootId: conv.RootPostID, Message: in.Text}); err != nil {
			return nil, err
		}
	}
	return s.store.GetConversation(ctx, conv.ID)
}

// sendTemplate sends a WhatsApp template at once and records it as a sent reply in the thread.
func (s *Service) sendTemplate(ctx context.Context, userID string, c *Connection, conv *Conversation, a channel.Adapter, in StartInput) error {
	ts, ok := a.(channel.TemplateSender)
	if !ok {
		return fmt.Errorf("%w: %s has no templates", ErrNotAllowed, KindName(c.Kind))
	}
	res, err := ts.SendTemplate(ctx, conv.CustomerID, in.Template, in.Language, in.Parameters)
	if err != nil {
		s.markSync(ctx, c, err)
		return fmt.Errorf("%w: %s", ErrNotAllowed, reasonOf(err))
	}
	post := &model.Post{UserId: s.botID, ChannelId: c.ChannelID, RootId: conv.RootPostID,
		Message: fmt.Sprintf("_Template **%s** sent by %s._", in.Template, s.mm.DisplayName(userID))}
	post.AddProp(propConversation, conv.ID)
	created, err := s.mm.CreatePost(post)
	if err != nil {
		return err
	}
	now := Millis(s.now())
	_, err = s.store.InsertMessage(ctx, &Message{ID: model.NewId(), ConversationID: conv.ID, ConnectionID: c.ID,
		Direction: Out, ProviderMessageID: res.MessageID, PostID: created.Id, State: channel.StateSent.String(),
		ProviderAt: now, CreateAt: now})
	if err != nil {
		return err
	}
	return s.store.RecordMessage(ctx, conv.ID, false, now)
}

// phoneFor is the phone shown for a customer a chat was started with: SMS ids are E.164 already,
// WhatsApp ids are the digits without "+".
func phoneFor(kind channel.Kind, id channel.CustomerID) string {
	switch {
	case kind == channel.SMS:
		return string(id)
	case kind == channel.WhatsApp && strings.IndexFunc(string(id), func(r rune) bool { return r < '0' || r > '9' }) < 0:
		return "+" + string(id)
	}
	return ""
}

// Templates lists a connection's approved templates (WhatsApp).
func (s *Service) Templates(ctx context.Context, userID, connectionID string) ([]channel.Template, error) {
	c, err := s.ConnectionFor(ctx, userID, connectionID)
	if err != nil {
		return nil, err
	}
	a, err := s.adapter(c)
	if err != nil {
		return nil, err
	}
	ts, ok := a.(channel.TemplateSender)
	if !ok {
		return nil, fmt.Errorf("%w: %s has no templates", ErrNotAllowed, KindName(c.Kind))
	}
	list, err := ts.Templates(ctx)
	if err != nil {
		s.markSync(ctx, c, err)
		return nil, fmt.Errorf("%w: %s", ErrNotAllowed, reasonOf(err))
	}
	return list, nil
}

// prune deletes posts beyond the retention limit, oldest first, with their files (F9).
func (s *Service) prune(ctx context.Context, conversationID string) {
	keep := s.settings().Retention
	if keep <= 0 {
		return
	}
	old, err := s.store.PrunableMessages(ctx, conversationID, keep)
	if err != nil || len(old) == 0 {
		return
	}
	n := 0
	for _, m := range old {
		// Marked first: the delete hook must know this is retention, not an agent deleting a reply
		// (which would be forwarded to the customer).
		if err := s.store.MarkPruned(ctx, m.ID); err != nil {
			break
		}
		n++
		if err := s.mm.DeletePost(m.PostID); err != nil {
			s.log.Warn("Frontdesk: pruning a post", "post_id", m.PostID, "err", err.Error())
		}
	}
	if n > 0 {
		if err := s.store.AddPruned(ctx, conversationID, n); err == nil {
			s.refreshRoot(ctx, conversationID)
		}
	}
}

// AgentEdited forwards an agent's edit where the provider supports it, and says so where not.
func (s *Service) AgentEdited(ctx context.Context, newPost, oldPost *model.Post) {
	if newPost.Message == oldPost.Message {
		return // a props update (delivery state), not an edit
	}
	s.forwardChange(ctx, newPost, func(a channel.Adapter, to channel.CustomerID, id channel.MessageID) (bool, error) {
		ed, ok := a.(channel.Editor)
		if !ok {
			return false, nil
		}
		return true, ed.Edit(ctx, to, id, newPost.Message)
	}, "edit")
}

// AgentDeleted forwards an agent's delete where the provider supports it, and says so where not.
func (s *Service) AgentDeleted(ctx context.Context, post *model.Post) {
	s.forwardChange(ctx, post, func(a channel.Adapter, to channel.CustomerID, id channel.MessageID) (bool, error) {
		d, ok := a.(channel.Deleter)
		if !ok {
			return false, nil
		}
		return true, d.Delete(ctx, to, id)
	}, "delete")
}

func (s *Service) forwardChange(ctx context.Context, post *model.Post, do func(channel.Adapter, channel.CustomerID, channel.MessageID) (bool, error), what string) {
	if post.RootId == "" || post.UserId == s.botID || post.Type != "" {
		return
	}
	m, err := s.store.MessageByPost(ctx, post.Id)
	if err != nil || m.Direction != Out || m.ProviderMessageID == "" || m.Pruned {
		return
	}
	conv, err := s.store.GetConversation(ctx, m.ConversationID)
	if err != nil {
		return
	}
	c, err := s.Connection(ctx, conv.ConnectionID)
	if err != nil {
		return
	}
	a, err := s.adapter(c)
	if err != nil {
		return
	}
	supported, err := do(a, conv.CustomerID, m.ProviderMessageID)
	switch {
	case !supported:
		s.mm.SendEphemeral(post.UserId, post.ChannelId, post.RootId,
			fmt.Sprintf("Frontdesk: %s does not support changing a sent message; the customer still sees the original. Your %s applies here only.", KindName(c.Kind), what))
	case err != nil:
		s.mm.SendEphemeral(post.UserId, post.ChannelId, post.RootId,
			fmt.Sprintf("Frontdesk: the %s could not be forwarded to the customer: %s", what, reasonOf(err)))
	}
}

// WindowOf is the conversation's sending window now and the deep link to continue in the native app.
func (s *Service) WindowOf(c *Connection, conv *Conversation) (channel.Window, string) {
	a, err := s.adapter(c)
	if err != nil {
		return channel.Window{State: channel.WindowClosed}, ""
	}
	link := a.DeepLink(channel.Customer{ID: conv.CustomerID, Phone: conv.CustomerPhone, Username: conv.CustomerUsername},
		channel.Account{ID: c.AccountID, Name: c.AccountName})
	return a.Window(time.UnixMilli(conv.LastCustomerAt), s.now()), link
}

// Note posts a private note by the user in the chat's thread. Its post type is never relayed.
func (s *Service) Note(ctx context.Context, userID, id, text string) error {
	conv, c, err := s.conversationFor(ctx, userID, id)
	if err != nil {
		return err
	}
	if strings.TrimSpace(text) == "" {
		return fmt.Errorf("%w: the note is empty", ErrInvalid)
	}
	post := &model.Post{UserId: userID, ChannelId: c.ChannelID, RootId: conv.RootPostID, Type: NotePostType,
		Message: "🔒 **Internal note** (not sent to the customer)\n" + text}
	post.AddProp(propConversation, conv.ID)
	_, err = s.mm.CreatePost(post)
	return err
}

// Describe is a chat's summary for /frontdesk status.
func (s *Service) Describe(ctx context.Context, userID, id string) (string, error) {
	conv, c, err := s.conversationFor(ctx, userID, id)
	if err != nil {
		return "", err
	}
	w, link := s.WindowOf(c, conv)
	var b strings.Builder
	fmt.Fprintf(&b, "**%s** on %s (%s) · %s\n", customerTitle(conv), KindName(c.Kind), c.Name, conv.Status)
	switch w.State {
	case channel.WindowAlways:
		b.WriteString("Sending: allowed any time.")
	case channel.WindowOpen:
		fmt.Fprintf(&b, "Sending: open until %s.", w.Until.UTC().Format("2006-01-02 15:04 MST"))
	case channel.WindowHumanAgent:
		fmt.Fprintf(&b, "Sending: open for human replies until %s.", w.Until.UTC().Format("2006-01-02 15:04 MST"))
	default:
		b.WriteString("Sending: closed. " + strings.TrimPrefix(s.windowRefusal(c, conv), "Frontdesk: "))
	}
	if c.SyncLost() {
		b.WriteString("\nThe channel lost its connection: " + c.SyncReason)
	}
	if link != "" {
		b.WriteString("\nOpen in the " + KindName(c.Kind) + " app: " + link)
	}
	return b.String(), nil
}

// checkTelegramStarted refuses a chat with someone who never wrote to the bot: Telegram lets a bot
// write only to people who started it.
func (s *Service) checkTelegramStarted(ctx context.Context, c *Connection, a channel.Adapter, customer channel.CustomerID) error {
	if c.Kind != channel.Telegram {
		return nil
	}
	conv, err := s.store.ConversationByCustomer(ctx, c.ID, customer)
	if err == nil && conv.LastCustomerAt > 0 {
		return nil
	}
	where := "the bot"
	if bl, ok := a.(interface{ BotLink() string }); ok && bl.BotLink() != "" {
		where = bl.BotLink()
	}
	return fmt.Errorf("%w: this customer has not started the Telegram bot yet; ask them to open %s and press Start", ErrNotAllowed, where)
}

// SendTemplateInThread sends an approved template to the chat of a thread (WhatsApp outside the
// 24-hour window), recorded in the thread like any reply.
func (s *Service) SendTemplateInThread(ctx context.Context, userID, id, name, language string, params []string) error {
	conv, c, err := s.conversationFor(ctx, userID, id)
	if err != nil {
		return err
	}
	if c.SyncLost() {
		return fmt.Errorf("%w: the channel lost its connection; reconnect it first", ErrNotAllowed)
	}
	a, err := s.adapter(c)
	if err != nil {
		return err
	}
	in := StartInput{ConnectionID: c.ID, CustomerID: conv.CustomerID, Template: name, Language: language, Parameters: params}
	if err := s.sendTemplate(ctx, userID, c, conv, a, in); err != nil {
		return err
	}
	if conv.Status == Archived {
		if _, err := s.store.SetStatus(ctx, conv.ID, Active, "", 0); err != nil {
			return err
		}
	}
	s.announce(ctx, c, conv.ID)
	return nil
}

// TemplatesText lists a chat's approved templates for /frontdesk templates.
func (s *Service) TemplatesText(ctx context.Context, userID, id string) (string, error) {
	conv, _, err := s.conversationFor(ctx, userID, id)
	if err != nil {
		return "", err
	}
	list, err := s.Templates(ctx, userID, conv.ConnectionID)
	if err != nil {
		return "", err
	}
	if len(list) == 0 {
		return "No approved templates. Create them in WhatsApp Manager; they appear here once approved.", nil
	}
	var b strings.Builder
	b.WriteString("| Template | Language | Parameters | Text |\n|---|---|---|---|\n")
	for _, t := range list {
		fmt.Fprintf(&b, "| %s | %s | %d | %s |\n", t.Name, t.Language, t.Parameters, strings.ReplaceAll(t.Body, "\n", " "))
	}
	return b.String(), nil
}
