// Package api serves Frontdesk's HTTP surface under /plugins/frontdesk: the REST API at /api/v1 (a
// Mattermost user is required), provider webhooks at /webhooks/{connection_id} (no user; each adapter
// authenticates the delivery) and /health.
package api

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/gorilla/mux"
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

// Backend is what the API needs from the rest of the plugin.
type Backend interface {
	Status(r *http.Request, userID string) (Status, error)
}

// WebhookHandler receives provider deliveries for one connection.
type WebhookHandler interface {
	ServeWebhook(w http.ResponseWriter, r *http.Request, connectionID string)
}

// Router builds the plugin's HTTP handler. Extra routes for the REST API are added with Handle on the
// returned API's V1 router.
type Router struct {
	root *mux.Router
	// V1 is the /api/v1 subrouter; its handlers can rely on UserID(r) being set.
	V1 *mux.Router
}

// New builds the router with the health route, the authenticated /api/v1 and the webhook route.
func New(version string, backend Backend, webhooks WebhookHandler) *Router {
	root := mux.NewRouter()
	root.NotFoundHandler = http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		WriteError(w, ErrNotFound)
	})
	root.HandleFunc("/health", func(w http.ResponseWriter, _ *http.Request) {
		WriteJSON(w, http.StatusOK, map[string]string{"status": "ok", "version": version})
	}).Methods(http.MethodGet)

	root.HandleFunc("/webhooks/{connection_id}", func(w http.ResponseWriter, r *http.Request) {
		webhooks.ServeWebhook(w, r, mux.Vars(r)["connection_id"])
	}).Methods(http.MethodGet, http.MethodPost)

	v1 := root.PathPrefix("/api/v1").Subrouter()
	v1.Use(requireUser)
	v1.NotFoundHandler = root.NotFoundHandler
	v1.HandleFunc("/status", func(w http.ResponseWriter, r *http.Request) {
		st, err := backend.Status(r, UserID(r))
		if err != nil {
			WriteError(w, err)
			return
		}
		WriteJSON(w, http.StatusOK, st)
	}).Methods(http.MethodGet)
	return &Router{root: root, V1: v1}
}

func (rt *Router) ServeHTTP(w http.ResponseWriter, r *http.Request) { rt.root.ServeHTTP(w, r) }

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

// errorBody is the shape of every error answer.
type errorBody struct {
	Error   string `json:"error"`
	Message string `json:"message"`
}

// WriteError is the one place that maps errors to HTTP answers.
func WriteError(w http.ResponseWriter, err error) {
	var he *Error
	if !errors.As(err, &he) {
		he = &Error{Status: http.StatusInternalServerError, Code: "internal", Message: "internal error"}
	}
	WriteJSON(w, he.Status, errorBody{Error: he.Code, Message: he.Message})
}
