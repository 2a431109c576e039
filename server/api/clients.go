package api

import (
	"context"
	"net/http"

	"github.com/gorilla/mux"

	"github.com/frontdesk-chat/frontdesk/server/clients"
	"github.com/frontdesk-chat/frontdesk/server/helpdesk"
)

// Clients links chats to the helpdesk's clients and creates documents from chats.
type Clients interface {
	CardOf(ctx context.Context, userID, conversationID string) (clients.Card, error)
	Link(ctx context.Context, userID, conversationID, clientID string) (clients.Card, error)
	Unlink(ctx context.Context, userID, conversationID string) (clients.Card, error)
	Search(ctx context.Context, userID, text string) ([]clients.Client, error)
	CreateClient(ctx context.Context, userID string, in clients.NewClient) (clients.Client, error)
	UpdateClient(ctx context.Context, userID, clientID string, ch clients.ClientChange) (clients.Client, error)
	CreateDocument(ctx context.Context, userID, conversationID string, kind helpdesk.DocumentKind, title, description string) (clients.Document, error)
	Client(ctx context.Context, userID, clientID string) (clients.Client, error)
	ChatsOf(ctx context.Context, userID, clientID string) ([]clients.Chat, error)
	DocumentsOf(ctx context.Context, userID, clientID string) ([]clients.Document, error)
	CreateClientDocument(ctx context.Context, userID, clientID string, kind helpdesk.DocumentKind, title, description string) (clients.Document, error)
}

func (h *handler) getClient(w http.ResponseWriter, r *http.Request) {
	c, err := h.Clients.Client(r.Context(), UserID(r), mux.Vars(r)["id"])
	h.answer(w, r, http.StatusOK, c, err)
}

func (h *handler) clientChats(w http.ResponseWriter, r *http.Request) {
	list, err := h.Clients.ChatsOf(r.Context(), UserID(r), mux.Vars(r)["id"])
	h.answer(w, r, http.StatusOK, list, err)
}

func (h *handler) clientDocuments(w http.ResponseWriter, r *http.Request) {
	list, err := h.Clients.DocumentsOf(r.Context(), UserID(r), mux.Vars(r)["id"])
	h.answer(w, r, http.StatusOK, list, err)
}

func (h *handler) createClientDocument(w http.ResponseWriter, r *http.Request) {
	body, err := decodeNewDocument(w, r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d, err := h.Clients.CreateClientDocument(r.Context(), UserID(r), mux.Vars(r)["id"], body.Kind, body.Title, body.Description)
	h.answer(w, r, http.StatusCreated, d, err)
}

type newDocumentBody struct {
	Kind        helpdesk.DocumentKind `json:"kind"`
	Title       string                `json:"title"`
	Description string                `json:"description"`
}

func decodeNewDocument(w http.ResponseWriter, r *http.Request) (newDocumentBody, error) {
	var body newDocumentBody
	err := DecodeJSON(w, r, &body)
	return body, err
}

func (h *handler) clientCard(w http.ResponseWriter, r *http.Request) {
	card, err := h.Clients.CardOf(r.Context(), UserID(r), mux.Vars(r)["id"])
	h.answer(w, r, http.StatusOK, card, err)
}

func (h *handler) linkClient(w http.ResponseWriter, r *http.Request) {
	var body struct {
		ClientID string `json:"client_id"`
	}
	if err := DecodeJSON(w, r, &body); err != nil {
		h.fail(w, r, err)
		return
	}
	if body.ClientID == "" {
		h.fail(w, r, Invalid("client_id is required"))
		return
	}
	card, err := h.Clients.Link(r.Context(), UserID(r), mux.Vars(r)["id"], body.ClientID)
	h.answer(w, r, http.StatusOK, card, err)
}

func (h *handler) unlinkClient(w http.ResponseWriter, r *http.Request) {
	card, err := h.Clients.Unlink(r.Context(), UserID(r), mux.Vars(r)["id"])
	h.answer(w, r, http.StatusOK, card, err)
}

func (h *handler) searchClients(w http.ResponseWriter, r *http.Request) {
	list, err := h.Clients.Search(r.Context(), UserID(r), r.URL.Query().Get("q"))
	h.answer(w, r, http.StatusOK, list, err)
}

func (h *handler) createClient(w http.ResponseWriter, r *http.Request) {
	var body clients.NewClient
	if err := DecodeJSON(w, r, &body); err != nil {
		h.fail(w, r, err)
		return
	}
	c, err := h.Clients.CreateClient(r.Context(), UserID(r), body)
	h.answer(w, r, http.StatusCreated, c, err)
}

func (h *handler) updateClient(w http.ResponseWriter, r *http.Request) {
	var body clients.ClientChange
	if err := DecodeJSON(w, r, &body); err != nil {
		h.fail(w, r, err)
		return
	}
	c, err := h.Clients.UpdateClient(r.Context(), UserID(r), mux.Vars(r)["id"], body)
	h.answer(w, r, http.StatusOK, c, err)
}

func (h *handler) createDocument(w http.ResponseWriter, r *http.Request) {
	body, err := decodeNewDocument(w, r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d, err := h.Clients.CreateDocument(r.Context(), UserID(r), mux.Vars(r)["id"], body.Kind, body.Title, body.Description)
	h.answer(w, r, http.StatusCreated, d, err)
}

// answer writes v, or the error's HTTP answer.
func (h *handler) answer(w http.ResponseWriter, r *http.Request, status int, v any, err error) {
	if err != nil {
		h.fail(w, r, err)
		return
	}
	WriteJSON(w, status, v)
}
