package conversations_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

type clientJSON struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Phones  []string `json:"phones"`
	Handles []struct {
		Provider string `json:"provider"`
		ID       string `json:"id"`
	} `json:"handles"`
}

type documentJSON struct {
	ID     string `json:"id"`
	Kind   string `json:"kind"`
	Number string `json:"number"`
	Title  string `json:"title"`
	Status string `json:"status"`
	Date   int64  `json:"date"`
}

type cardJSON struct {
	Helpdesk   string         `json:"helpdesk"`
	Linked     bool           `json:"linked"`
	Client     *clientJSON    `json:"client"`
	LinkedBy   string         `json:"linked_by"`
	Documents  []documentJSON `json:"documents"`
	Candidates []clientJSON   `json:"candidates"`
	Chats      []struct {
		ConversationID string `json:"conversation_id"`
		Kind           string `json:"kind"`
	} `json:"chats"`
	LastCustomerMessage string `json:"last_customer_message"`
}

func decode[T any](t *testing.T, code, want int, body []byte) T {
	t.Helper()
	if code != want {
		t.Fatalf("status %d, want %d: %s", code, want, body)
	}
	var v T
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
	return v
}

func (d *desk) newClient(name string, phones ...string) clientJSON {
	d.t.Helper()
	code, body := d.as(d.agent, http.MethodPost, "/api/v1/clients", map[string]any{"name": name, "phones": phones})
	return decode[clientJSON](d.t, code, http.StatusCreated, body)
}

func (d *desk) card(u user, conversationID string) cardJSON {
	d.t.Helper()
	code, body := d.as(u, http.MethodGet, "/api/v1/conversations/"+conversationID+"/client", nil)
	return decode[cardJSON](d.t, code, http.StatusOK, body)
}

// F7, F19, F20: a new chat whose phone matches exactly one client is linked by itself (after the
// message is stored and posted), the card shows the client, and an order created from the chat
// takes the customer's last message and shows in the thread and on the card.
func TestChatLinksItselfToItsClientAndCreatesAnOrder(t *testing.T) {
	d := newSMSDesk(t)
	client := d.newClient("Anna Nowak", d.phone)
	if code := d.send(d.fake.Text(d.phone, "My iPhone 12 screen is cracked")); code != http.StatusOK {
		t.Fatalf("webhook: %d", code)
	}
	conv := d.waitConversation()
	var card cardJSON
	eventually(t, 20*time.Second, "the chat linked to its client", func() bool {
		card = d.card(d.agent, conv.ID)
		return card.Linked
	})
	if card.Client.ID != client.ID || card.Helpdesk != "builtin" || card.LinkedBy != "" {
		t.Fatalf("card = %+v", card)
	}
	if len(card.Chats) != 1 || card.Chats[0].ConversationID != conv.ID || card.Chats[0].Kind != "sms" {
		t.Fatalf("chats = %+v", card.Chats)
	}
	if card.LastCustomerMessage != "My iPhone 12 screen is cracked" {
		t.Fatalf("last customer message = %q", card.LastCustomerMessage)
	}
	posts := waitReplies(t, conv.RootPostID, 2)
	contains(t, posts[0].Message, "My iPhone 12 screen is cracked") // the message first, then the event
	contains(t, posts[1].Message, "Linked to client **Anna Nowak**")

	code, body := d.as(d.agent, http.MethodPost, "/api/v1/conversations/"+conv.ID+"/documents", map[string]any{"kind": "order", "title": "iPhone 12 screen"})
	doc := decode[documentJSON](t, code, http.StatusCreated, body)
	if doc.Kind != "order" || doc.Number == "" || doc.Title != "iPhone 12 screen" || doc.Status == "" {
		t.Fatalf("document = %+v", doc)
	}
	card = d.card(d.agent, conv.ID)
	if len(card.Documents) != 1 || card.Documents[0].ID != doc.ID {
		t.Fatalf("documents on the card = %+v", card.Documents)
	}
	posts = waitReplies(t, conv.RootPostID, 3)
	contains(t, posts[2].Message, "created order **#"+doc.Number+"**")

	// The command shows the same card in the thread.
	code, text := executeInThread(t, d.agent, d.channelID, conv.RootPostID, "/frontdesk client")
	if code != http.StatusOK || !strings.Contains(text, "Anna Nowak") || !strings.Contains(text, "#"+doc.Number) {
		t.Fatalf("/frontdesk client: %d %s", code, text)
	}

	// The client learnt nothing twice: its SMS identity was added once, by the link.
	if len(card.Client.Handles) != 1 || card.Client.Handles[0].Provider != "sms" {
		t.Fatalf("client handles = %+v", card.Client.Handles)
	}

	// The client's own routes show the same: the client, its chats, its documents; a chat carries
	// its client's id; an estimate can be made for the client outside the chat.
	code, body = d.as(d.agent, http.MethodGet, "/api/v1/clients/"+client.ID, nil)
	if got := decode[clientJSON](t, code, http.StatusOK, body); got.Name != "Anna Nowak" {
		t.Fatalf("GET client = %+v", got)
	}
	code, body = d.as(d.agent, http.MethodGet, "/api/v1/clients/"+client.ID+"/conversations", nil)
	if chats := decode[[]map[string]any](t, code, http.StatusOK, body); len(chats) != 1 || chats[0]["conversation_id"] != conv.ID {
		t.Fatalf("client's chats = %s", body)
	}
	code, body = d.as(d.agent, http.MethodPost, "/api/v1/clients/"+client.ID+"/documents", map[string]any{"kind": "estimate", "title": "Battery"})
	decode[documentJSON](t, code, http.StatusCreated, body)
	code, body = d.as(d.agent, http.MethodGet, "/api/v1/clients/"+client.ID+"/documents", nil)
	if docs := decode[[]documentJSON](t, code, http.StatusOK, body); len(docs) != 2 || docs[0].Kind != "estimate" || docs[1].ID != doc.ID {
		t.Fatalf("client's documents = %s", body)
	}
	if got := d.conversation(conv.ID); got.ClientID != client.ID {
		t.Fatalf("the conversation carries client %q", got.ClientID)
	}

	// The card is editable; a bad phone is refused and changes nothing.
	code, body = d.as(d.agent, http.MethodPatch, "/api/v1/clients/"+client.ID, map[string]any{"name": "Anna Nowak-Kowalska", "address": "Długa 5, Gdańsk"})
	edited := decode[clientJSON](t, code, http.StatusOK, body)
	if edited.Name != "Anna Nowak-Kowalska" || len(edited.Handles) != 1 {
		t.Fatalf("edited client = %+v", edited)
	}
	if code, body := d.as(d.agent, http.MethodPatch, "/api/v1/clients/"+client.ID, map[string]any{"phones": []string{"not a phone"}}); code != http.StatusBadRequest {
		t.Fatalf("a bad phone: %d %s", code, body)
	}
	if c := d.card(d.agent, conv.ID).Client; c.Name != "Anna Nowak-Kowalska" || len(c.Phones) != 1 {
		t.Fatalf("client after a refused edit = %+v", c)
	}
}

// F7: a chat no client matches stays unlinked, with nothing posted about it and no candidates.
func TestChatWithoutAClientStaysUnlinked(t *testing.T) {
	d := newSMSDesk(t)
	d.send(d.fake.Text(d.phone, "Do you repair tablets?"))
	conv := d.waitConversation()
	waitReplies(t, conv.RootPostID, 1)
	card := d.card(d.agent, conv.ID)
	if card.Linked || card.Client != nil || len(card.Candidates) != 0 || len(card.Documents) != 0 {
		t.Fatalf("card = %+v", card)
	}
	code, text := executeInThread(t, d.agent, d.channelID, conv.RootPostID, "/frontdesk link Nobody Known")
	if code != http.StatusOK || !strings.Contains(text, "No client matches") {
		t.Fatalf("/frontdesk link with no match: %d %s", code, text)
	}
	if n := len(thread(t, conv.RootPostID)); n != 1 {
		t.Fatalf("%d replies in the thread, want the customer's message only", n)
	}
}

// F7: with two clients on the chat's phone nothing is linked and both are offered, the one with
// the latest document first; link and unlink each write who did it in the thread.
func TestAmbiguousChatOffersCandidatesAndLinksByHand(t *testing.T) {
	d := newSMSDesk(t)
	first := d.newClient("Jan Kowalski", d.phone)
	second := d.newClient("Jan Kowalski (work)", d.phone)
	d.send(d.fake.Text(d.phone, "Is my laptop ready?"))
	conv := d.waitConversation()
	waitReplies(t, conv.RootPostID, 1)

	card := d.card(d.agent, conv.ID)
	if card.Linked || len(card.Candidates) != 2 {
		t.Fatalf("card of an ambiguous chat = %+v", card)
	}
	// A document for the second client makes it the likelier one.
	code, body := d.as(d.agent, http.MethodPost, "/api/v1/conversations/"+conv.ID+"/link", map[string]any{"client_id": second.ID})
	card = decode[cardJSON](t, code, http.StatusOK, body)
	if !card.Linked || card.Client.ID != second.ID || card.LinkedBy != d.agent.Id {
		t.Fatalf("linked card = %+v", card)
	}
	code, body = d.as(d.agent, http.MethodPost, "/api/v1/conversations/"+conv.ID+"/documents", map[string]any{"kind": "estimate"})
	doc := decode[documentJSON](t, code, http.StatusCreated, body)
	if doc.Title != "Is my laptop ready?" {
		t.Fatalf("an estimate without a title takes the customer's last message: %+v", doc)
	}
	code, body = d.as(d.agent, http.MethodPost, "/api/v1/conversations/"+conv.ID+"/unlink", nil)
	card = decode[cardJSON](t, code, http.StatusOK, body)
	if card.Linked || len(card.Candidates) != 2 || card.Candidates[0].ID != second.ID || card.Candidates[1].ID != first.ID {
		t.Fatalf("candidates after unlink = %+v", card.Candidates)
	}
	posts := waitReplies(t, conv.RootPostID, 4)
	contains(t, posts[1].Message, "Linked to client **Jan Kowalski (work)** by")
	contains(t, posts[3].Message, "Unlinked from client **Jan Kowalski (work)** by")

	// Bad input changes nothing and says why.
	if code, body := d.as(d.agent, http.MethodPost, "/api/v1/conversations/"+conv.ID+"/link", map[string]any{"client_id": "no-such-client"}); code != http.StatusNotFound {
		t.Fatalf("link to an unknown client: %d %s", code, body)
	}
	if code, body := d.as(d.agent, http.MethodPost, "/api/v1/conversations/"+conv.ID+"/documents", map[string]any{"kind": "order"}); code != http.StatusBadRequest || !strings.Contains(string(body), "link this chat") {
		t.Fatalf("document of an unlinked chat: %d %s", code, body)
	}
	if code, body := d.as(d.agent, http.MethodPost, "/api/v1/conversations/"+conv.ID+"/documents", map[string]any{"kind": "invoice"}); code != http.StatusBadRequest {
		t.Fatalf("an invoice from a chat: %d %s", code, body)
	}
	if n := len(thread(t, conv.RootPostID)); n != 4 {
		t.Fatalf("refused calls posted in the thread: %d replies", n)
	}

	// The commands: several matches list the choices, an id links, unlink unlinks.
	code, text := executeInThread(t, d.agent, d.channelID, conv.RootPostID, "/frontdesk link Jan Kowalski")
	if code != http.StatusOK || !strings.Contains(text, "2 clients match") || !strings.Contains(text, "/frontdesk link "+first.ID) {
		t.Fatalf("/frontdesk link with two matches: %d %s", code, text)
	}
	code, text = executeInThread(t, d.agent, d.channelID, conv.RootPostID, "/frontdesk link "+first.ID)
	if code != http.StatusOK || !strings.Contains(text, "#### Jan Kowalski") {
		t.Fatalf("/frontdesk link by id: %d %s", code, text)
	}
	code, text = executeInThread(t, d.agent, d.channelID, conv.RootPostID, "/frontdesk doc lead Battery swap quote")
	if code != http.StatusOK || !strings.Contains(text, "Created lead **#") {
		t.Fatalf("/frontdesk doc: %d %s", code, text)
	}
	code, text = executeInThread(t, d.agent, d.channelID, conv.RootPostID, "/frontdesk unlink")
	if code != http.StatusOK || !strings.Contains(text, "Chat unlinked") {
		t.Fatalf("/frontdesk unlink: %d %s", code, text)
	}
}

// F2, F7: one client seen on two providers shows both chats on the card, but only to people who
// may see both; non-members of the chat's channel get 404 for the card and its actions.
func TestClientCardShowsChatsOnEveryProviderTheUserMaySee(t *testing.T) {
	sms := newSMSDesk(t)
	other := newSMSDesk(t)
	client := sms.newClient("Ola Wiśniewska", sms.phone, other.phone)
	sms.send(sms.fake.Text(sms.phone, "Hello from SMS"))
	other.send(other.fake.Text(other.phone, "Hello from my other number"))
	c1, c2 := sms.waitConversation(), other.waitConversation()
	for _, c := range []struct {
		d  *smsDesk
		id string
	}{{sms, c1.ID}, {other, c2.ID}} {
		eventually(t, 20*time.Second, "chat linked", func() bool { return c.d.card(c.d.agent, c.id).Linked })
	}
	if card := sms.card(sms.agent, c1.ID); len(card.Chats) != 1 || card.Client.ID != client.ID {
		t.Fatalf("an agent of one channel sees chats = %+v", card.Chats)
	}
	if err := srv.AddToChannel(other.channelID, sms.agent.Id); err != nil {
		t.Fatal(err)
	}
	if card := sms.card(sms.agent, c1.ID); len(card.Chats) != 2 {
		t.Fatalf("an agent of both channels sees chats = %+v", card.Chats)
	}

	outsider := newUser(t, "viewer")
	for _, req := range []struct{ method, path string }{
		{http.MethodGet, "/api/v1/conversations/" + c1.ID + "/client"},
		{http.MethodPost, "/api/v1/conversations/" + c1.ID + "/documents"},
		{http.MethodDelete, "/api/v1/conversations/" + c1.ID + "/link"},
	} {
		if code, body := sms.as(outsider, req.method, req.path, map[string]any{"kind": "order"}); code != http.StatusNotFound {
			t.Fatalf("%s %s as an outsider: %d %s", req.method, req.path, code, body)
		}
	}
	// Someone in no connected channel works with no client at all.
	for _, req := range []struct {
		method, path string
		body         any
	}{
		{http.MethodGet, "/api/v1/clients?q=Ola", nil},
		{http.MethodPost, "/api/v1/clients", map[string]any{"name": "Mallory"}},
		{http.MethodGet, "/api/v1/clients/" + client.ID, nil},
		{http.MethodPatch, "/api/v1/clients/" + client.ID, map[string]any{"name": "Mallory"}},
		{http.MethodGet, "/api/v1/clients/" + client.ID + "/conversations", nil},
		{http.MethodGet, "/api/v1/clients/" + client.ID + "/documents", nil},
		{http.MethodPost, "/api/v1/clients/" + client.ID + "/documents", map[string]any{"kind": "order", "title": "free repair"}},
	} {
		if code, resp := sms.as(outsider, req.method, req.path, req.body); code != http.StatusForbidden {
			t.Fatalf("%s %s as an outsider: %d %s", req.method, req.path, code, resp)
		}
	}
	if card := sms.card(sms.agent, c1.ID); card.Client.Name != "Ola Wiśniewska" || len(card.Documents) != 0 {
		t.Fatalf("refused calls changed the client: %+v", card)
	}
}
