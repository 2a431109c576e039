package api

import (
	"net/http"

	"github.com/gorilla/mux"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/connection"
	"github.com/frontdesk-chat/frontdesk/server/conversation"
)

// connectionJSON is a connection as the API shows it: secrets masked; the webhook URL, verify token
// and base URL only to admins.
type connectionJSON struct {
	ID          string            `json:"id"`
	Kind        channel.Kind      `json:"kind"`
	Name        string            `json:"name"`
	ChannelID   string            `json:"channel_id"`
	Credentials map[string]string `json:"credentials,omitempty"`
	APIBaseURL  string            `json:"api_base_url,omitempty"`
	WebhookURL  string            `json:"webhook_url,omitempty"`
	VerifyToken string            `json:"verify_token,omitempty"`
	AccountID   string            `json:"account_id"`
	AccountName string            `json:"account_name"`
	SyncLost    bool              `json:"sync_lost"`
	SyncReason  string            `json:"sync_reason,omitempty"`
	SyncLostAt  int64             `json:"sync_lost_at"`
	// Where the chats go: the channel's display name and, for admins, its team.
	ChannelName string `json:"channel_name"`
	TeamID      string `json:"team_id,omitempty"`
	TeamName    string `json:"team_name,omitempty"`
	// LastMessageAt is the newest message in or out on any of the connection's chats (0: none).
	LastMessageAt int64 `json:"last_message_at"`
	CreateAt      int64 `json:"create_at"`
	UpdateAt      int64 `json:"update_at"`
	// Warning, only in the answer to a create or change: what the admin should know (a public channel).
	Warning string `json:"warning,omitempty"`
}

type connectionBody struct {
	Kind        channel.Kind      `json:"kind"`
	Name        *string           `json:"name"`
	ChannelID   *string           `json:"channel_id"`
	Credentials map[string]string `json:"credentials"`
	APIBaseURL  *string           `json:"api_base_url"`
}

func (h *handler) connectionJSON(r *http.Request, c *conversation.Connection, admin bool) connectionJSON {
	place := h.Connections.PlaceOf(c)
	out := connectionJSON{
		ID: c.ID, Kind: c.Kind, Name: c.Name, ChannelID: c.ChannelID, AccountID: c.AccountID,
		AccountName: c.AccountName, SyncLost: c.SyncLost(), SyncReason: c.SyncReason, SyncLostAt: c.SyncLostAt,
		ChannelName: place.ChannelName, LastMessageAt: h.Connections.LastMessageAt(r.Context(), c.ID),
		CreateAt: c.CreateAt, UpdateAt: c.UpdateAt,
	}
	if admin {
		out.TeamID, out.TeamName = place.TeamID, place.TeamName
		out.Credentials = h.Connections.MaskedCredentials(c)
		out.APIBaseURL = c.APIBaseURL
		out.WebhookURL = h.Connections.WebhookURL(c.ID)
		out.VerifyToken = c.VerifyToken
	}
	return out
}

func (h *handler) isAdmin(r *http.Request) bool { return h.Connections.IsAdmin(UserID(r)) }

func (h *handler) kinds(w http.ResponseWriter, _ *http.Request) {
	type field struct {
		Name     string `json:"name"`
		Label    string `json:"label"`
		Secret   bool   `json:"secret"`
		Required bool   `json:"required"`
	}
	type kind struct {
		Kind   channel.Kind `json:"kind"`
		Name   string       `json:"name"`
		Fields []field      `json:"fields"`
	}
	out := []kind{}
	for _, s := range h.Connections.Kinds() {
		k := kind{Kind: s.Kind, Name: s.Kind.Name(), Fields: []field{}}
		for _, f := range s.Fields {
			if !f.Internal { // Frontdesk's own bookkeeping: not for the console's form
				k.Fields = append(k.Fields, field{f.Name, f.Label, f.Secret, f.Required})
			}
		}
		out = append(out, k)
	}
	WriteJSON(w, http.StatusOK, out)
}

func (h *handler) listConnections(w http.ResponseWriter, r *http.Request) {
	list, err := h.Connections.List(r.Context(), UserID(r))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	admin := h.isAdmin(r)
	out := make([]connectionJSON, 0, len(list))
	for _, c := range list {
		out = append(out, h.connectionJSON(r, c, admin))
	}
	WriteJSON(w, http.StatusOK, out)
}

func (h *handler) createConnection(w http.ResponseWriter, r *http.Request) {
	var body connectionBody
	if err := DecodeJSON(w, r, &body); err != nil {
		h.fail(w, r, err)
		return
	}
	c, err := h.Connections.Create(r.Context(), UserID(r), connection.Input(body))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	out := h.connectionJSON(r, c, true)
	out.Warning = h.Connections.Warning(c)
	WriteJSON(w, http.StatusCreated, out)
}

func (h *handler) getConnection(w http.ResponseWriter, r *http.Request) {
	c, err := h.Connections.For(r.Context(), UserID(r), mux.Vars(r)["id"])
	if err != nil {
		h.fail(w, r, err)
		return
	}
	WriteJSON(w, http.StatusOK, h.connectionJSON(r, c, h.isAdmin(r)))
}

func (h *handler) updateConnection(w http.ResponseWriter, r *http.Request) {
	var body connectionBody
	if err := DecodeJSON(w, r, &body); err != nil {
		h.fail(w, r, err)
		return
	}
	c, err := h.Connections.Update(r.Context(), UserID(r), mux.Vars(r)["id"], connection.Input(body))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	out := h.connectionJSON(r, c, true)
	if body.ChannelID != nil {
		out.Warning = h.Connections.Warning(c)
	}
	WriteJSON(w, http.StatusOK, out)
}

func (h *handler) deleteConnection(w http.ResponseWriter, r *http.Request) {
	if err := h.Connections.Delete(r.Context(), UserID(r), mux.Vars(r)["id"]); err != nil {
		h.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (h *handler) testConnection(w http.ResponseWriter, r *http.Request) {
	err := h.Connections.Test(r.Context(), UserID(r), mux.Vars(r)["id"])
	var perr *channel.Error
	switch {
	case err == nil:
		WriteJSON(w, http.StatusOK, map[string]any{"ok": true})
	case asProviderError(err, &perr):
		WriteJSON(w, http.StatusOK, map[string]any{"ok": false, "class": perr.Class, "code": perr.Code, "reason": perr.Reason})
	default:
		h.fail(w, r, err)
	}
}

func (h *handler) templates(w http.ResponseWriter, r *http.Request) {
	list, err := h.Inbox.Templates(r.Context(), UserID(r), mux.Vars(r)["id"])
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if list == nil {
		list = []channel.Template{}
	}
	WriteJSON(w, http.StatusOK, list)
}
