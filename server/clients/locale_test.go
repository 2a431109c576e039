package clients_test

import (
	"context"
	"testing"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/clients"
	"github.com/frontdesk-chat/frontdesk/server/conversation"
	"github.com/frontdesk-chat/frontdesk/server/coretest"
	"github.com/frontdesk-chat/frontdesk/server/helpdesk"
	"github.com/frontdesk-chat/frontdesk/server/locale"
)

// oneClient is a helpdesk that knows one client.
type oneClient struct {
	helpdesk.Helpdesk
	client helpdesk.Client
}

func (h *oneClient) GetClient(_ context.Context, id string) (helpdesk.Client, error) {
	if id != h.client.ID {
		return helpdesk.Client{}, helpdesk.ErrNotFound
	}
	return h.client, nil
}

func (h *oneClient) SearchClients(context.Context, helpdesk.Query) ([]helpdesk.Client, error) {
	return []helpdesk.Client{h.client}, nil
}

func (h *oneClient) UpdateClient(_ context.Context, c helpdesk.Client) (helpdesk.Client, error) {
	h.client = c
	return c, nil
}

func (h *oneClient) ListDocuments(context.Context, string) ([]helpdesk.Document, error) {
	return nil, nil
}

// links is the client links of chats, in memory.
type links struct {
	by map[string]conversation.ClientLink
}

func (s *links) LinkClient(_ context.Context, l conversation.ClientLink) (bool, error) {
	if s.by[l.ConversationID].ClientID == l.ClientID {
		return false, nil
	}
	s.by[l.ConversationID] = l
	return true, nil
}

func (s *links) UnlinkClient(_ context.Context, id string) (conversation.ClientLink, error) {
	l, ok := s.by[id]
	if !ok {
		return l, conversation.ErrNotFound
	}
	delete(s.by, id)
	return l, nil
}

func (s *links) ClientLinkOf(_ context.Context, id string) (conversation.ClientLink, error) {
	l, ok := s.by[id]
	if !ok {
		return l, conversation.ErrNotFound
	}
	return l, nil
}

func (s *links) ConversationsOfClient(context.Context, string) ([]*conversation.Conversation, error) {
	return nil, nil
}

func (s *links) LastCustomerPost(context.Context, string) (string, error) { return "", nil }

// The notes of a link and an unlink in a chat's thread speak the site's language.
func TestLinkNotesInTheSiteLanguage(t *testing.T) {
	ctx := context.Background()
	k := coretest.NewCore(t, channel.Telegram, nil)
	l, err := locale.Load("../../assets/i18n", nil, func() string { return "pl" })
	if err != nil {
		t.Fatal(err)
	}
	k.MM.SetDisplayName(k.Agent, "Ewa")
	hd := &oneClient{client: helpdesk.Client{ID: "c1", Name: "Anna Nowak"}}
	s := clients.New(clients.Deps{Store: &links{by: map[string]conversation.ClientLink{}}, MM: k.MM, Chats: k.Inbox, Connections: k.Connections,
		Helpdesk: func() (helpdesk.Helpdesk, string, error) { return hd, "test", nil }, Log: k.Log, BotID: k.BotID, Audit: k.Audit, Texts: l})
	k.Deliver(t, coretest.Message("42", "m1", "hello", k.Now()))
	k.Relay.Process(ctx, k.Conversation(t, "42").ID)
	conv := k.Conversation(t, "42")
	if _, err := s.Link(ctx, k.Agent, conv.ID, "c1"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Unlink(ctx, k.Agent, conv.ID); err != nil {
		t.Fatal(err)
	}
	posts := k.MM.Thread(conv.RootPostID)
	var got []string
	for _, p := range posts[2:] {
		got = append(got, p.Message)
	}
	want := []string{"_🔗 Czat powiązany z klientem **Anna Nowak** przez Ewa._", "_⛓️‍💥 Czat odłączony od klienta **Anna Nowak** przez Ewa._"}
	if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("notes %q, want %q", got, want)
	}
}
