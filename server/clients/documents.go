package clients

import (
	"context"
	"fmt"
	"strings"

	"github.com/frontdesk-chat/frontdesk/server/conversation"
	"github.com/frontdesk-chat/frontdesk/server/helpdesk"
	"github.com/frontdesk-chat/frontdesk/server/thread"
)

// NewClient is a client created from a chat.
type NewClient struct {
	Name               string   `json:"name"`
	Phones             []string `json:"phones"`
	Emails             []string `json:"emails"`
	Address            string   `json:"address"`
	Notes              string   `json:"notes"`
	LinkConversationID string   `json:"link_conversation_id"`
}

// CreateDocument creates an order, estimate or lead for the chat's client from the chat. An empty
// description takes the chat's last customer message.
func (s *Service) CreateDocument(ctx context.Context, userID, conversationID string, kind helpdesk.DocumentKind, title, description string) (Document, error) {
	conv, c, err := s.chats.Get(ctx, userID, conversationID)
	if err != nil {
		return Document{}, err
	}
	if !kind.Creatable() {
		return Document{}, fmt.Errorf("%w: a document created from a chat is an order, an estimate or a lead", conversation.ErrInvalid)
	}
	link, err := s.store.ClientLinkOf(ctx, conv.ID)
	if err != nil {
		return Document{}, fmt.Errorf("%w: link this chat to a client first", conversation.ErrInvalid)
	}
	hd, _, err := s.helpdesk()
	if err != nil {
		return Document{}, err
	}
	if strings.TrimSpace(description) == "" {
		description = s.lastCustomerMessage(ctx, conv)
	}
	if strings.TrimSpace(title) == "" {
		title = firstLine(description, 80)
	}
	doc, err := hd.CreateDocument(ctx, helpdesk.NewDocument{Kind: kind, ClientID: link.ClientID, Title: title, Description: description})
	if err != nil {
		return Document{}, err
	}
	s.event(conv, c, "document", fmt.Sprintf("📄 %s created %s **#%s** %s.", thread.EscapeLine(s.mm.DisplayName(userID)),
		string(kind), thread.EscapeLine(doc.Number), quoted(doc.Title)))
	return documentView(doc), nil
}

// Search finds clients for a user who may use chats.
func (s *Service) Search(ctx context.Context, userID, text string) ([]Client, error) {
	hd, err := s.helpdeskFor(ctx, userID)
	if err != nil {
		return nil, err
	}
	q := helpdesk.Query{Text: strings.TrimSpace(text)}
	switch {
	case q.Text == "":
		return []Client{}, nil
	case strings.Contains(q.Text, "@") && !strings.HasPrefix(q.Text, "@"):
		q = helpdesk.Query{Email: q.Text}
	case strings.IndexFunc(q.Text, func(r rune) bool { return r >= 'A' }) < 0 && strings.ContainsAny(q.Text, "0123456789"):
		q = helpdesk.Query{Phone: q.Text} // digits, spaces, +, -, ( ): a phone number
	}
	list, err := hd.SearchClients(ctx, q)
	if err != nil {
		return nil, err
	}
	out := make([]Client, 0, len(list))
	for _, cl := range list {
		out = append(out, clientView(cl))
	}
	return out, nil
}

// CreateClient creates a client and, when asked, links a chat to it.
func (s *Service) CreateClient(ctx context.Context, userID string, in NewClient) (Client, error) {
	hd, err := s.helpdeskFor(ctx, userID)
	if err != nil {
		return Client{}, err
	}
	var conv *conversation.Conversation
	var c *conversation.Connection
	if in.LinkConversationID != "" {
		if conv, c, err = s.chats.Get(ctx, userID, in.LinkConversationID); err != nil {
			return Client{}, err
		}
	}
	client, err := hd.CreateClient(ctx, helpdesk.Client{Name: in.Name, Phones: in.Phones, Emails: in.Emails, Address: in.Address, Notes: in.Notes})
	if err != nil {
		return Client{}, err
	}
	if conv != nil {
		if err := s.link(ctx, hd, conv, c, client, userID); err != nil {
			return Client{}, err
		}
	}
	return clientView(client), nil
}

// ClientChange is an edit of a client's data; nil fields are unchanged.
type ClientChange struct {
	Name    *string   `json:"name"`
	Phones  *[]string `json:"phones"`
	Emails  *[]string `json:"emails"`
	Address *string   `json:"address"`
	Notes   *string   `json:"notes"`
}

// UpdateClient edits a client's data from the card (handles are kept: links teach them).
func (s *Service) UpdateClient(ctx context.Context, userID, clientID string, ch ClientChange) (Client, error) {
	hd, err := s.helpdeskFor(ctx, userID)
	if err != nil {
		return Client{}, err
	}
	c, err := hd.GetClient(ctx, clientID)
	if err != nil {
		return Client{}, err
	}
	if ch.Name != nil {
		c.Name = *ch.Name
	}
	if ch.Phones != nil {
		c.Phones = *ch.Phones
	}
	if ch.Emails != nil {
		c.Emails = *ch.Emails
	}
	if ch.Address != nil {
		c.Address = *ch.Address
	}
	if ch.Notes != nil {
		c.Notes = *ch.Notes
	}
	updated, err := hd.UpdateClient(ctx, c)
	if err != nil {
		return Client{}, err
	}
	return clientView(updated), nil
}

func (s *Service) mayUseChats(ctx context.Context, userID string) error {
	conns, err := s.conns.Visible(ctx, userID, nil)
	if err != nil {
		return err
	}
	if len(conns) == 0 && !s.mm.ChatsAllowed(userID) {
		return conversation.ErrMayNotUseChats
	}
	if len(conns) == 0 {
		return fmt.Errorf("%w: only members of a connected channel work with clients", conversation.ErrForbidden)
	}
	return nil
}

func firstLine(s string, limit int) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if r := []rune(s); len(r) > limit {
		s = string(r[:limit-1]) + "…"
	}
	return s
}

func quoted(title string) string {
	if title == "" {
		return ""
	}
	return "«" + thread.EscapeLine(title) + "»"
}

// Client loads one client for a user who may use chats.
func (s *Service) Client(ctx context.Context, userID, clientID string) (Client, error) {
	hd, err := s.helpdeskFor(ctx, userID)
	if err != nil {
		return Client{}, err
	}
	c, err := hd.GetClient(ctx, clientID)
	if err != nil {
		return Client{}, err
	}
	return clientView(c), nil
}

// ChatsOf lists a client's chats that the user may see.
func (s *Service) ChatsOf(ctx context.Context, userID, clientID string) ([]Chat, error) {
	if err := s.mayUseChats(ctx, userID); err != nil {
		return nil, err
	}
	return s.chatsOf(ctx, userID, clientID)
}

// DocumentsOf lists a client's documents, newest first.
func (s *Service) DocumentsOf(ctx context.Context, userID, clientID string) ([]Document, error) {
	hd, err := s.helpdeskFor(ctx, userID)
	if err != nil {
		return nil, err
	}
	docs, err := hd.ListDocuments(ctx, clientID)
	if err != nil {
		return nil, err
	}
	out := make([]Document, 0, len(docs))
	for _, d := range docs {
		out = append(out, documentView(d))
	}
	return out, nil
}

// CreateClientDocument creates an order, estimate or lead for a client outside any chat.
func (s *Service) CreateClientDocument(ctx context.Context, userID, clientID string, kind helpdesk.DocumentKind, title, description string) (Document, error) {
	hd, err := s.helpdeskFor(ctx, userID)
	if err != nil {
		return Document{}, err
	}
	if !kind.Creatable() {
		return Document{}, fmt.Errorf("%w: a document created here is an order, an estimate or a lead", conversation.ErrInvalid)
	}
	doc, err := hd.CreateDocument(ctx, helpdesk.NewDocument{Kind: kind, ClientID: clientID, Title: title, Description: description})
	if err != nil {
		return Document{}, err
	}
	return documentView(doc), nil
}

// helpdeskFor is the helpdesk, for a user who may use chats.
func (s *Service) helpdeskFor(ctx context.Context, userID string) (helpdesk.Helpdesk, error) {
	if err := s.mayUseChats(ctx, userID); err != nil {
		return nil, err
	}
	hd, _, err := s.helpdesk()
	return hd, err
}
