package clients

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/server/audit"
	"github.com/frontdesk-chat/frontdesk/server/conversation"
	"github.com/frontdesk-chat/frontdesk/server/helpdesk"
	"github.com/frontdesk-chat/frontdesk/server/locale"
	"github.com/frontdesk-chat/frontdesk/server/thread"
)

// PropEvent marks Frontdesk's event posts in a chat's thread (linked, unlinked, document created).
const PropEvent = "frontdesk_event"

// Link links a chat to a client, writes who did it in the thread, and teaches the helpdesk the
// chat's handle so that the customer's next chat on this provider is linked by itself.
func (s *Service) Link(ctx context.Context, userID, conversationID, clientID string) (Card, error) {
	conv, c, err := s.chats.Get(ctx, userID, conversationID)
	if err != nil {
		return Card{}, err
	}
	hd, _, err := s.helpdesk()
	if err != nil {
		return Card{}, err
	}
	client, err := hd.GetClient(ctx, clientID)
	if err != nil {
		return Card{}, err
	}
	if err := s.link(ctx, hd, conv, c, client, userID); err != nil {
		return Card{}, err
	}
	return s.card(ctx, userID, conv, c)
}

func (s *Service) link(ctx context.Context, hd helpdesk.Helpdesk, conv *conversation.Conversation, c *conversation.Connection, client helpdesk.Client, userID string) error {
	changed, err := s.store.LinkClient(ctx, conversation.ClientLink{ConversationID: conv.ID, ClientID: client.ID,
		LinkedBy: userID, LinkedAt: conversation.Millis(s.now())})
	if err != nil || !changed {
		return err
	}
	s.audit.Record(ctx, userID, audit.ClientLink, audit.TargetConversation, conv.ID, "client "+client.ID)
	s.learnHandle(ctx, hd, conv, c, client)
	data := map[string]any{"Client": thread.EscapeLine(client.Name)}
	text := textLinkedAuto
	if userID != "" {
		data["Who"], text = thread.EscapeLine(s.mm.DisplayName(userID)), textLinked
	}
	s.event(conv, c, "link", s.texts.ForSite(text, data))
	return nil
}

// learnHandle adds the chat's provider identity (and phone) to the client when the client lacks
// it. Best effort: the link stands even if the helpdesk refuses.
func (s *Service) learnHandle(ctx context.Context, hd helpdesk.Helpdesk, conv *conversation.Conversation, c *conversation.Connection, client helpdesk.Client) {
	h := helpdesk.Handle{Kind: string(c.Kind), ID: string(conv.CustomerID), Username: conv.CustomerUsername}
	known := slices.ContainsFunc(client.Handles, func(x helpdesk.Handle) bool { return x.Kind == h.Kind && x.ID == h.ID })
	hasPhone := conv.CustomerPhone == "" || slices.Contains(client.Phones, conv.CustomerPhone)
	if known && hasPhone {
		return
	}
	if !known {
		client.Handles = append(client.Handles, h)
	}
	if !hasPhone {
		client.Phones = append(client.Phones, conv.CustomerPhone)
	}
	if _, err := hd.UpdateClient(ctx, client); err != nil {
		s.log.Warn("Frontdesk: adding the chat's handle to the client", "conversation_id", conv.ID, "err", err.Error())
	}
}

// Unlink removes a chat's link and writes who did it in the thread.
func (s *Service) Unlink(ctx context.Context, userID, conversationID string) (Card, error) {
	conv, c, err := s.chats.Get(ctx, userID, conversationID)
	if err != nil {
		return Card{}, err
	}
	old, err := s.store.UnlinkClient(ctx, conv.ID)
	if errors.Is(err, conversation.ErrNotFound) {
		return Card{}, fmt.Errorf("%w: this chat is not linked to a client", conversation.ErrInvalid)
	}
	if err != nil {
		return Card{}, err
	}
	s.audit.Record(ctx, userID, audit.ClientUnlink, audit.TargetConversation, conv.ID, "client "+old.ClientID)
	data := map[string]any{"Who": thread.EscapeLine(s.mm.DisplayName(userID))}
	text := textUnlinkedUnnamed
	if hd, _, err := s.helpdesk(); err == nil {
		if cl, err := hd.GetClient(ctx, old.ClientID); err == nil {
			data["Client"], text = thread.EscapeLine(cl.Name), textUnlinked
		}
	}
	s.event(conv, c, "unlink", s.texts.ForSite(text, data))
	return s.card(ctx, userID, conv, c)
}

// AutoLink links a new chat to the one client whose phone or handle is the chat's. With none or
// several it does nothing: the card offers the candidates. It runs after the chat's first message
// is stored and posted, never on a webhook's path.
func (s *Service) AutoLink(ctx context.Context, conv *conversation.Conversation, c *conversation.Connection) {
	if _, err := s.store.ClientLinkOf(ctx, conv.ID); err == nil {
		return
	}
	hd, _, err := s.helpdesk()
	if err != nil {
		return
	}
	found, err := s.candidates(ctx, hd, conv, c)
	if err != nil {
		s.log.Warn("Frontdesk: looking up the client of a new chat", "conversation_id", conv.ID, "err", err.Error())
		return
	}
	if len(found) != 1 {
		return
	}
	if err := s.link(ctx, hd, conv, c, found[0], ""); err != nil {
		s.log.Warn("Frontdesk: linking a new chat", "conversation_id", conv.ID, "err", err.Error())
	}
}

// event posts a visible line in the chat's thread and tells the channel's members the card changed.
// The post is the bot's, so it is never relayed to the customer.
func (s *Service) event(conv *conversation.Conversation, c *conversation.Connection, kind, text string) {
	if conv.RootPostID != "" {
		post := &model.Post{UserId: s.botID, ChannelId: c.ChannelID, RootId: conv.RootPostID, Message: "_" + text + "_"}
		post.AddProp(thread.PropConversation, conv.ID)
		post.AddProp(PropEvent, kind)
		if _, err := s.mm.CreatePost(post); err != nil {
			s.log.Warn("Frontdesk: posting a client event", "conversation_id", conv.ID, "err", err.Error())
		}
	}
	s.mm.PublishToChannel(ChangedEvent, map[string]any{"conversation_id": conv.ID}, c.ChannelID)
}

// The notes of links and unlinks in a chat's thread, in the site's language.
var (
	textLinked          = locale.Text{ID: "clients.linked", Other: "🔗 Linked to client **{{.Client}}** by {{.Who}}."}
	textLinkedAuto      = locale.Text{ID: "clients.linked.auto", Other: "🔗 Linked to client **{{.Client}}** by Frontdesk (the only client with this customer's phone or handle)."}
	textUnlinked        = locale.Text{ID: "clients.unlinked", Other: "⛓️‍💥 Unlinked from client **{{.Client}}** by {{.Who}}."}
	textUnlinkedUnnamed = locale.Text{ID: "clients.unlinked.unnamed", Other: "⛓️‍💥 Unlinked from a client by {{.Who}}."}
)
