// Package api serves Frontdesk's HTTP surface under /plugins/frontdesk: the REST API at /api/v1 (a
// Mattermost user is required), provider webhooks at /webhooks/{connection_id} (no user; each adapter
// authenticates the delivery) and /health.
package api

import (
	"encoding/json"
	"net/http"

	"github.com/gorilla/mux"

	"github.com/frontdesk-chat/frontdesk/server/conversation"
)

// userHeader is set by the Mattermost server on plugin requests that carry a valid session or token.
const userHeader = "Mattermost-User-ID"

// Status is the answer of GET /api/v1/status.
type Status struct {
	Version     string `json:"version"`
	UserID      string `json:"user_id"`
	Username    string `json:"username"`
	Connections int    `json:"connections"`
	CanUseChats bool   `json:"can_use_chats"`
}

// StatusFunc answers GET /api/v1/status for a user.
type StatusFunc func(r *http.Request, userID string) (Status, error)

type handler struct {
	core   *conversation.Service
	status StatusFunc
}

// New builds the router: health, webhooks and the authenticated /api/v1.
func New(version string, core *conversation.Service, status StatusFunc) http.Handler {
	h := &handler{core: core, status: status}
	root := mux.NewRouter()
	notFound := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { WriteError(w, ErrNotFound) })
	root.NotFoundHandler = notFound
	root.HandleFunc("/health", func(w http.ResponseWriter, _ *http.Request) {
		WriteJSON(w, http.StatusOK, map[string]string{"status": "ok", "version": version})
	}).Methods(http.MethodGet)
	root.HandleFunc("/webhooks/{connection_id}", h.webhook).Methods(http.MethodGet, http.MethodPost)
	root.HandleFunc("/media/{file_id}", h.media).Methods(http.MethodGet)

	v1 := root.PathPrefix("/api/v1").Subrouter()
	v1.Use(requireUser)
	v1.NotFoundHandler = notFound
	v1.HandleFunc("/status", h.getStatus).Methods(http.MethodGet)
	v1.HandleFunc("/kinds", h.kinds).Methods(http.MethodGet)
	v1.HandleFunc("/connections", h.listConnections).Methods(http.MethodGet)
	v1.HandleFunc("/connections", h.createConnection).Methods(http.MethodPost)
	v1.HandleFunc("/connections/{id}", h.getConnection).Methods(http.MethodGet)
	v1.HandleFunc("/connections/{id}", h.updateConnection).Methods(http.MethodPatch)
	v1.HandleFunc("/connections/{id}", h.deleteConnection).Methods(http.MethodDelete)
	v1.HandleFunc("/connections/{id}/test", h.testConnection).Methods(http.MethodPost)
	v1.HandleFunc("/connections/{id}/templates", h.templates).Methods(http.MethodGet)
	v1.HandleFunc("/conversations", h.listConversations).Methods(http.MethodGet)
	v1.HandleFunc("/conversations", h.startConversation).Methods(http.MethodPost)
	v1.HandleFunc("/conversations/{id}", h.getConversation).Methods(http.MethodGet)
	v1.HandleFunc("/conversations/{id}/archive", h.archive).Methods(http.MethodPost)
	v1.HandleFunc("/conversations/{id}/reopen", h.reopen).Methods(http.MethodPost)
	v1.HandleFunc("/conversations/{id}/read", h.markRead).Methods(http.MethodPost)
	v1.HandleFunc("/posts/{post_id}/retry", h.retry).Methods(http.MethodPost)
	v1.HandleFunc("/indicators", h.indicators).Methods(http.MethodGet)
	v1.HandleFunc("/actions/{action}", h.action).Methods(http.MethodPost)
	return root
}

func (h *handler) getStatus(w http.ResponseWriter, r *http.Request) {
	st, err := h.status(r, UserID(r))
	if err != nil {
		WriteError(w, err)
		return
	}
	WriteJSON(w, http.StatusOK, st)
}

func requireUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get(userHeader) == "" {
			WriteError(w, ErrUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// UserID is the Mattermost user making an /api/v1 request.
func UserID(r *http.Request) string { return r.Header.Get(userHeader) }

// WriteJSON answers with v as JSON.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// DecodeJSON reads a JSON request body into v, refusing unknown fields and bodies over 1 MiB.
func DecodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return Invalid("invalid JSON body: " + err.Error())
	}
	return nil
}

type errorBody struct {
	Error   string `json:"error"`
	Message string `json:"message"`
}

// WriteError answers with the HTTP mapping of err.
func WriteError(w http.ResponseWriter, err error) {
	he := httpError(err)
	WriteJSON(w, he.Status, errorBody{Error: he.Code, Message: he.Message})
}
