// Package api serves Frontdesk's HTTP surface under /plugins/frontdesk: the REST API at /api/v1 (a
// Mattermost user is required), provider webhooks at /webhooks/{connection_id} (no user; each adapter
// authenticates the delivery), signed media links and /health. Errors map to HTTP answers in one
// place; a 5xx is logged once here, with its route and ids; a panic in a handler is recovered.
package api

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"runtime/debug"
	"sync/atomic"

	"github.com/gorilla/mux"
	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/server/audit"
	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/connection"
	"github.com/frontdesk-chat/frontdesk/server/conversation"
	"github.com/frontdesk-chat/frontdesk/server/inbox"
	"github.com/frontdesk-chat/frontdesk/server/locale"
	"github.com/frontdesk-chat/frontdesk/server/relay"
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

// Me is the answer of GET /api/v1/me: what the web app may show the user.
type Me struct {
	MayUseChats bool `json:"may_use_chats"`
	IsAdmin     bool `json:"is_admin"`
	// MaxLength is the longest reply the settings allow, in characters.
	MaxLength int `json:"max_length"`
}

// MeFunc answers GET /api/v1/me for a user.
type MeFunc func(r *http.Request, userID string) (Me, error)

// Audit reads the audit trail (system admins only).
type Audit interface {
	List(ctx context.Context, userID string, before int64, limit int) ([]audit.Entry, error)
}

// Connections is what the API does with connections.
type Connections interface {
	Kinds() []channel.Spec
	List(ctx context.Context, userID string) ([]*conversation.Connection, error)
	For(ctx context.Context, userID, id string) (*conversation.Connection, error)
	Create(ctx context.Context, userID string, in connection.Input) (*conversation.Connection, error)
	Update(ctx context.Context, userID, id string, in connection.Input) (*conversation.Connection, error)
	Delete(ctx context.Context, userID, id string) error
	Test(ctx context.Context, userID, id string) error
	MaskedCredentials(c *conversation.Connection) map[string]string
	WebhookURL(connectionID string) string
	Get(ctx context.Context, id string) (*conversation.Connection, error)
	IsAdmin(userID string) bool
	PlaceOf(c *conversation.Connection) connection.Place
	Warning(c *conversation.Connection) string
	LastMessageAt(ctx context.Context, connectionID string) int64
}

// Relay takes webhooks and serves signed attachment links.
type Relay interface {
	HandleWebhook(ctx context.Context, c *conversation.Connection, req channel.WebhookRequest) (relay.WebhookAnswer, error)
	MediaFile(fileID, exp, sig string) (*conversation.File, error)
}

// Inbox is what staff do with chats.
type Inbox interface {
	List(ctx context.Context, userID string, f conversation.ListFilter) ([]*conversation.Conversation, map[string]*conversation.Connection, error)
	Get(ctx context.Context, userID, id string) (*conversation.Conversation, *conversation.Connection, error)
	Unread(ctx context.Context, userID string, conv *conversation.Conversation) bool
	WindowOf(c *conversation.Connection, conv *conversation.Conversation) (channel.Window, string)
	Archive(ctx context.Context, userID, id string) (*conversation.Conversation, error)
	Reopen(ctx context.Context, userID, id string) (*conversation.Conversation, error)
	MarkRead(ctx context.Context, userID, id string) error
	Retry(ctx context.Context, userID, postID string) error
	IndicatorsFor(ctx context.Context, userID string) (inbox.Indicators, error)
	Start(ctx context.Context, userID string, in inbox.StartInput) (*conversation.Conversation, error)
	Templates(ctx context.Context, userID, connectionID string) ([]channel.Template, error)
	ListPage(ctx context.Context, userID string, f conversation.ListFilter) (inbox.Page, error)
	Assign(ctx context.Context, userID, id, assigneeID string) (*conversation.Conversation, error)
	// ByRoot is the chat whose thread starts at a post, as the user may see it.
	ByRoot(ctx context.Context, userID, rootPostID string) (*conversation.Conversation, error)
}

// Users names users for the API's answers.
type Users interface {
	Username(userID string) string
}

// Deps gathers what New needs.
type Deps struct {
	Version     string
	Connections Connections
	Relay       Relay
	Inbox       Inbox
	Clients     Clients
	Status      StatusFunc
	Me          MeFunc
	Audit       Audit
	QuickReply  QuickReplies
	Users       Users
	Log         conversation.Logger
	// Panics reports the panics recovered elsewhere (the relay's workers), for /health.
	Panics func() int64
	// Texts speaks a button's refusal in the clicking user's language, and an error's message in
	// the calling user's; nil speaks English.
	Texts *locale.Locale
	// Refusal speaks a reply's refusal (as the relay words it, "Frontdesk: …") in a user's
	// language, as the ephemeral telling its author does; nil leaves it to the detail's texts.
	Refusal func(userID, reason string) string
}

type handler struct {
	Deps
	panics atomic.Int64
}

// New builds the router: health, webhooks, media and the authenticated /api/v1.
func New(d Deps) http.Handler {
	d.Log = conversation.Scrubbed(d.Log)
	h := &handler{Deps: d}
	root := mux.NewRouter()
	root.Use(h.recoverPanics)
	notFound := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.fail(w, r, ErrNotFound) })
	root.NotFoundHandler = notFound
	root.HandleFunc("/health", h.health).Methods(http.MethodGet)
	root.HandleFunc("/webhooks/{connection_id}", h.webhook).Methods(http.MethodGet, http.MethodPost)
	root.HandleFunc("/media/{file_id}", h.media).Methods(http.MethodGet)

	v1 := root.PathPrefix("/api/v1").Subrouter()
	v1.Use(h.requireUser)
	v1.NotFoundHandler = notFound
	v1.HandleFunc("/status", h.getStatus).Methods(http.MethodGet)
	v1.HandleFunc("/me", h.getMe).Methods(http.MethodGet)
	v1.HandleFunc("/audit", h.listAudit).Methods(http.MethodGet)
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
	v1.HandleFunc("/conversations/{id}/assign", h.assign).Methods(http.MethodPost)
	v1.HandleFunc("/teams/{team_id}/quick-replies", h.listQuickReplies).Methods(http.MethodGet)
	v1.HandleFunc("/autocomplete/quick-replies", h.autocompleteQuickReplies).Methods(http.MethodGet)
	v1.HandleFunc("/teams/{team_id}/quick-replies/{name}", h.putQuickReply).Methods(http.MethodPut)
	v1.HandleFunc("/teams/{team_id}/quick-replies/{name}", h.deleteQuickReply).Methods(http.MethodDelete)
	v1.HandleFunc("/posts/{post_id}/retry", h.retry).Methods(http.MethodPost)
	v1.HandleFunc("/indicators", h.indicators).Methods(http.MethodGet)
	v1.HandleFunc("/actions/{action}", h.action).Methods(http.MethodPost)
	v1.HandleFunc("/conversations/{id}/client", h.clientCard).Methods(http.MethodGet)
	v1.HandleFunc("/conversations/{id}/link", h.linkClient).Methods(http.MethodPost)
	v1.HandleFunc("/conversations/{id}/link", h.unlinkClient).Methods(http.MethodDelete)
	v1.HandleFunc("/conversations/{id}/unlink", h.unlinkClient).Methods(http.MethodPost)
	v1.HandleFunc("/conversations/{id}/documents", h.createDocument).Methods(http.MethodPost)
	v1.HandleFunc("/clients", h.searchClients).Methods(http.MethodGet)
	v1.HandleFunc("/clients", h.createClient).Methods(http.MethodPost)
	v1.HandleFunc("/clients/{id}", h.getClient).Methods(http.MethodGet)
	v1.HandleFunc("/clients/{id}", h.updateClient).Methods(http.MethodPatch)
	v1.HandleFunc("/clients/{id}/conversations", h.clientChats).Methods(http.MethodGet)
	v1.HandleFunc("/clients/{id}/documents", h.clientDocuments).Methods(http.MethodGet)
	v1.HandleFunc("/clients/{id}/documents", h.createClientDocument).Methods(http.MethodPost)
	return root
}

// health answers liveness with the version and the panics recovered since start.
func (h *handler) health(w http.ResponseWriter, _ *http.Request) {
	panics := h.panics.Load()
	if h.Panics != nil {
		panics += h.Panics()
	}
	WriteJSON(w, http.StatusOK, map[string]any{"status": "ok", "version": h.Version, "panics_recovered": panics})
}

func (h *handler) getStatus(w http.ResponseWriter, r *http.Request) {
	st, err := h.Status(r, UserID(r))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	WriteJSON(w, http.StatusOK, st)
}

func (h *handler) requireUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get(userHeader) == "" {
			h.fail(w, r, ErrUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// recoverPanics answers 500 for a handler that panicked, logs it with its route, and counts it: one
// bad request or adapter never takes the plugin down.
func (h *handler) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			h.panics.Add(1)
			h.Log.Error("Frontdesk: recovered from a panic", append(routeFields(r), "err", fmt.Sprint(v), "stack", string(debug.Stack()))...)
			conversation.LogOutcome(h.Log, conversation.OutcomePanic, routeFields(r)...)
			WriteJSON(w, http.StatusInternalServerError, errorBody{Error: "internal", Message: "internal error"})
		}()
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

// fail answers with the HTTP mapping of err, its message in the caller's language. A 5xx is a failure of Frontdesk's own: it is logged
// here, once, with the route and ids, since nothing else would show it.
func (h *handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	he := httpError(err)
	if he.Status >= http.StatusInternalServerError {
		h.Log.Error("Frontdesk: request failed", append(routeFields(r), "status", he.Status, "err", err.Error())...)
	}
	setRetryAfter(w, he)
	WriteJSON(w, he.Status, errorBody{Error: he.Code, Message: h.message(r, err, he)})
}

// routeFields are the log fields that say which request failed: the route template (never the
// query, which may hold tokens), the method, the path's ids and the user.
func routeFields(r *http.Request) []any {
	route := r.URL.Path
	if cr := mux.CurrentRoute(r); cr != nil {
		if tpl, err := cr.GetPathTemplate(); err == nil {
			route = tpl
		}
	}
	kv := []any{"route", route, "method", r.Method}
	for k, v := range mux.Vars(r) {
		if k == "file_id" || model.IsValidId(v) {
			kv = append(kv, k, v)
		}
	}
	if u := UserID(r); u != "" {
		kv = append(kv, "user_id", u)
	}
	return kv
}
