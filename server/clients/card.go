package clients

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/frontdesk-chat/frontdesk/server/conversation"
	"github.com/frontdesk-chat/frontdesk/server/helpdesk"
)

// maxCandidates caps the clients offered for an unlinked chat: a short list to pick from.
const maxCandidates = 5

// CardOf is a chat's client card for a user who may use the chat.
func (s *Service) CardOf(ctx context.Context, userID, conversationID string) (Card, error) {
	conv, c, err := s.chats.Get(ctx, userID, conversationID)
	if err != nil {
		return Card{}, err
	}
	return s.card(ctx, userID, conv, c)
}

// card builds the card as userID sees it: the client's chats in channels the user is not a
// member of are not listed.
func (s *Service) card(ctx context.Context, userID string, conv *conversation.Conversation, c *conversation.Connection) (Card, error) {
	hd, name, err := s.helpdesk()
	if err != nil {
		return Card{}, err
	}
	card := Card{Helpdesk: name, Documents: []Document{}, Chats: []Chat{}, Candidates: []Client{},
		LastCustomerMessage: s.lastCustomerMessage(ctx, conv)}
	link, err := s.store.ClientLinkOf(ctx, conv.ID)
	switch {
	case errors.Is(err, conversation.ErrNotFound):
		cands, err := s.candidates(ctx, hd, conv, c)
		if err != nil {
			return Card{}, err
		}
		for _, cl := range cands {
			card.Candidates = append(card.Candidates, clientView(cl))
		}
		return card, nil
	case err != nil:
		return Card{}, err
	}
	client, err := hd.GetClient(ctx, link.ClientID)
	if errors.Is(err, helpdesk.ErrNotFound) {
		// Deleted in the helpdesk since: the chat shows as unlinked, with candidates, rather than broken.
		card.LinkedBy, card.LinkedAt = link.LinkedBy, link.LinkedAt
		return card, nil
	}
	if err != nil {
		return Card{}, fmt.Errorf("loading the client: %w", err)
	}
	view := clientView(client)
	card.Linked, card.Client, card.LinkedBy, card.LinkedAt = true, &view, link.LinkedBy, link.LinkedAt
	docs, err := hd.ListDocuments(ctx, client.ID)
	if err != nil {
		return Card{}, fmt.Errorf("loading the client's documents: %w", err)
	}
	for _, d := range docs {
		card.Documents = append(card.Documents, documentView(d))
	}
	if card.Chats, err = s.chatsOf(ctx, userID, client.ID); err != nil {
		return Card{}, err
	}
	return card, nil
}

// chatsOf lists a client's chats in the channels userID is a member of.
func (s *Service) chatsOf(ctx context.Context, userID, clientID string) ([]Chat, error) {
	convs, err := s.store.ConversationsOfClient(ctx, clientID)
	if err != nil {
		return nil, err
	}
	visible, err := s.conns.Visible(ctx, userID, nil)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]*conversation.Connection, len(visible))
	for _, c := range visible {
		byID[c.ID] = c
	}
	out := []Chat{}
	for _, other := range convs {
		if oc := byID[other.ConnectionID]; oc != nil {
			out = append(out, Chat{ConversationID: other.ID, Kind: string(oc.Kind), ConnectionName: oc.Name,
				RootPostID: other.RootPostID, LastMessageAt: other.LastMessageAt})
		}
	}
	return out, nil
}

// candidates are the clients whose phone or handle is the chat's, the client with the most recent
// document first: the likeliest to be this customer.
func (s *Service) candidates(ctx context.Context, hd helpdesk.Helpdesk, conv *conversation.Conversation, c *conversation.Connection) ([]helpdesk.Client, error) {
	var found []helpdesk.Client
	seen := map[string]bool{}
	add := func(list []helpdesk.Client) {
		for _, cl := range list {
			if !seen[cl.ID] {
				seen[cl.ID] = true
				found = append(found, cl)
			}
		}
	}
	if conv.CustomerPhone != "" {
		list, err := hd.SearchClients(ctx, helpdesk.Query{Phone: conv.CustomerPhone, Limit: maxCandidates})
		if err != nil && !errors.Is(err, helpdesk.ErrInvalid) && !errors.Is(err, helpdesk.ErrUnsupported) {
			return nil, err
		}
		add(list)
	}
	list, err := hd.SearchClients(ctx, helpdesk.Query{Handle: helpdesk.Handle{Kind: string(c.Kind), ID: string(conv.CustomerID)}, Limit: maxCandidates})
	if err != nil && !errors.Is(err, helpdesk.ErrInvalid) && !errors.Is(err, helpdesk.ErrUnsupported) {
		return nil, err
	}
	add(list)
	if len(found) < 2 {
		return found, nil
	}
	latest := map[string]int64{}
	for _, cl := range found {
		if docs, err := hd.ListDocuments(ctx, cl.ID); err == nil && len(docs) > 0 {
			latest[cl.ID] = docs[0].Date.UnixMilli()
		}
	}
	slices.SortStableFunc(found, func(a, b helpdesk.Client) int { return int(sign(latest[b.ID] - latest[a.ID])) })
	if len(found) > maxCandidates {
		found = found[:maxCandidates]
	}
	return found, nil
}

func sign(n int64) int64 {
	switch {
	case n > 0:
		return 1
	case n < 0:
		return -1
	}
	return 0
}

// lastCustomerMessage is the text of the chat's latest customer message still shown, without the
// customer's name the thread puts before it: the prefill of a new document's description.
func (s *Service) lastCustomerMessage(ctx context.Context, conv *conversation.Conversation) string {
	postID, err := s.store.LastCustomerPost(ctx, conv.ID)
	if err != nil || postID == "" {
		return ""
	}
	post, err := s.mm.GetPost(postID)
	if err != nil || post.DeleteAt != 0 {
		return ""
	}
	text := post.Message
	if strings.HasPrefix(text, "**") {
		if i := strings.Index(text, ":** "); i > 0 {
			text = text[i+len(":** "):]
		}
	}
	return strings.ReplaceAll(text, "@\u200b", "@")
}
