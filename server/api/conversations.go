package api

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gorilla/mux"
	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/command"
	"github.com/frontdesk-chat/frontdesk/server/conversation"
	"github.com/frontdesk-chat/frontdesk/server/inbox"
	"github.com/frontdesk-chat/frontdesk/server/thread"
)

type customerJSON struct {
	ID       channel.CustomerID `json:"id"`
	Name     string             `json:"name"`
	Phone    string             `json:"phone,omitempty"`
	Username string             `json:"username,omitempty"`
}

type conversationJSON struct {
	ID             string              `json:"id"`
	ConnectionID   string              `json:"connection_id"`
	Kind           channel.Kind        `json:"kind"`
	ConnectionName string              `json:"connection_name"`
	AccountName    string              `json:"account_name"`
	Customer       customerJSON        `json:"customer"`
	RootPostID     string              `json:"root_post_id"`
	Status         conversation.Status `json:"status"`
	ArchivedBy     string              `json:"archived_by,omitempty"`
	ArchivedAt     int64               `json:"archived_at,omitempty"`
	LastCustomerAt int64               `json:"last_customer_at"`
	LastMessageAt  int64               `json:"last_message_at"`
	Unanswered     bool                `json:"unanswered"`
	Unread         bool                `json:"unread"`
	PrunedCount    int                 `json:"pruned_count"`
	OptedOutAt     int64               `json:"opted_out_at,omitempty"`
	ClientID       string              `json:"client_id"`
	AssigneeID     string              `json:"assignee_id"`
	// AssigneeUsername is "" when the chat is unassigned.
	AssigneeUsername string `json:"assignee_username"`
	SyncLost         bool   `json:"sync_lost"`
	// WindowClosed: the provider's reply window is closed (only templates or the native app).
	WindowClosed bool `json:"window_closed"`
}

func (h *handler) conversationJSON(r *http.Request, c *conversation.Conversation, conn *conversation.Connection) conversationJSON {
	return conversationJSON{
		ID: c.ID, ConnectionID: c.ConnectionID, Kind: conn.Kind, ConnectionName: conn.Name, AccountName: conn.AccountName,
		Customer:   customerJSON{ID: c.CustomerID, Name: c.CustomerName, Phone: c.CustomerPhone, Username: c.CustomerUsername},
		RootPostID: c.RootPostID, Status: c.Status, ArchivedBy: c.ArchivedBy, ArchivedAt: c.ArchivedAt,
		LastCustomerAt: c.LastCustomerAt, LastMessageAt: c.LastMessageAt, Unanswered: c.LastFromCustomer,
		Unread: h.Inbox.Unread(r.Context(), UserID(r), c), PrunedCount: c.PrunedCount, OptedOutAt: c.OptedOutAt, ClientID: c.ClientID,
		AssigneeID: c.AssigneeID, AssigneeUsername: h.username(c.AssigneeID),
		SyncLost: conn.SyncLost(), WindowClosed: h.windowClosed(conn, c),
	}
}

func (h *handler) username(userID string) string {
	if userID == "" || h.Users == nil {
		return ""
	}
	return h.Users.Username(userID)
}

func (h *handler) windowClosed(conn *conversation.Connection, c *conversation.Conversation) bool {
	win, _ := h.Inbox.WindowOf(conn, c)
	return win.State == channel.WindowClosed
}

func (h *handler) listConversations(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := conversation.ListFilter{}
	switch s := q.Get("status"); s {
	case "", "active":
		f.Status = conversation.Active
	case "archived":
		f.Status = conversation.Archived
	case "all":
	default:
		h.fail(w, r, Invalid("status must be active, archived or all"))
		return
	}
	if c := q.Get("connection_id"); c != "" {
		f.ConnectionIDs = strings.Split(c, ",")
	}
	f.Unanswered = q.Get("unanswered") == "true"
	if p := q.Get("phone"); p != "" {
		// "+48 601-234-567" as written in a post is "+48601234567" as stored.
		f.Phone = "+" + strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, p)
	}
	if q.Get("unread") == "true" {
		f.UnreadFor = UserID(r)
	}
	f.Query = strings.TrimSpace(q.Get("q"))
	if len([]rune(f.Query)) > 100 {
		h.fail(w, r, Invalid("q has at most 100 characters"))
		return
	}
	switch a := q.Get("assigned"); a {
	case "":
	case "me":
		f.Assigned = UserID(r)
	case "none":
		f.Assigned = conversation.Unassigned
	default:
		if !model.IsValidId(a) {
			h.fail(w, r, Invalid("assigned must be me, none or a user id"))
			return
		}
		f.Assigned = a
	}
	var err error
	if f.Page, err = intParam(q.Get("page"), 0); err != nil {
		h.fail(w, r, err)
		return
	}
	if f.PerPage, err = intParam(q.Get("per_page"), 50); err != nil {
		h.fail(w, r, err)
		return
	}
	page, err := h.Inbox.ListPage(r.Context(), UserID(r), f)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	out := make([]conversationJSON, 0, len(page.Conversations))
	for _, c := range page.Conversations {
		out = append(out, h.conversationJSON(r, c, page.Connections[c.ConnectionID]))
	}
	w.Header().Set("X-Has-More", strconv.FormatBool(page.HasMore))
	WriteJSON(w, http.StatusOK, out)
}

func intParam(v string, def int) (int, error) {
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, Invalid("page and per_page must be non-negative integers")
	}
	return n, nil
}

// windowJSON tells the composer whether it may send and, if not, where to continue.
type windowJSON struct {
	State    channel.WindowState `json:"state"`
	Until    int64               `json:"until,omitempty"`
	DeepLink string              `json:"deep_link,omitempty"`
}

func (h *handler) getConversation(w http.ResponseWriter, r *http.Request) {
	c, conn, err := h.Inbox.Get(r.Context(), UserID(r), mux.Vars(r)["id"])
	if err != nil {
		h.fail(w, r, err)
		return
	}
	win, link := h.Inbox.WindowOf(conn, c)
	out := struct {
		conversationJSON
		ChannelID  string     `json:"channel_id"`
		SyncLost   bool       `json:"sync_lost"`
		SyncReason string     `json:"sync_reason,omitempty"`
		Window     windowJSON `json:"window"`
	}{
		conversationJSON: h.conversationJSON(r, c, conn),
		ChannelID:        conn.ChannelID,
		SyncLost:         conn.SyncLost(), SyncReason: conn.SyncReason,
		Window: windowJSON{State: win.State, Until: millisOrZero(win.Until), DeepLink: link},
	}
	WriteJSON(w, http.StatusOK, out)
}

func millisOrZero(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

func (h *handler) archive(w http.ResponseWriter, r *http.Request) {
	c, err := h.Inbox.Archive(r.Context(), UserID(r), mux.Vars(r)["id"])
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.writeConversation(w, r, http.StatusOK, c.ID)
}

func (h *handler) reopen(w http.ResponseWriter, r *http.Request) {
	c, err := h.Inbox.Reopen(r.Context(), UserID(r), mux.Vars(r)["id"])
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.writeConversation(w, r, http.StatusOK, c.ID)
}

func (h *handler) markRead(w http.ResponseWriter, r *http.Request) {
	if err := h.Inbox.MarkRead(r.Context(), UserID(r), mux.Vars(r)["id"]); err != nil {
		h.fail(w, r, err)
		return
	}
	WriteJSON(w, http.StatusOK, map[string]bool{"ok": true})
}

func (h *handler) retry(w http.ResponseWriter, r *http.Request) {
	if err := h.Inbox.Retry(r.Context(), UserID(r), mux.Vars(r)["post_id"]); err != nil {
		h.fail(w, r, err)
		return
	}
	WriteJSON(w, http.StatusOK, map[string]bool{"ok": true})
}

func (h *handler) indicators(w http.ResponseWriter, r *http.Request) {
	ind, err := h.Inbox.IndicatorsFor(r.Context(), UserID(r))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	WriteJSON(w, http.StatusOK, ind)
}

type startBody struct {
	ConnectionID string             `json:"connection_id"`
	CustomerID   channel.CustomerID `json:"customer_id"`
	CustomerName string             `json:"customer_name"`
	Text         string             `json:"text"`
	Template     string             `json:"template"`
	Language     string             `json:"language"`
	Parameters   []string           `json:"parameters"`
}

func (h *handler) startConversation(w http.ResponseWriter, r *http.Request) {
	var body startBody
	if err := DecodeJSON(w, r, &body); err != nil {
		h.fail(w, r, err)
		return
	}
	c, err := h.Inbox.Start(r.Context(), UserID(r), inbox.StartInput(body))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.writeConversation(w, r, http.StatusCreated, c.ID)
}

// writeConversation answers with a conversation as the caller sees it now.
func (h *handler) writeConversation(w http.ResponseWriter, r *http.Request, status int, id string) {
	c, conn, err := h.Inbox.Get(r.Context(), UserID(r), id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	WriteJSON(w, status, h.conversationJSON(r, c, conn))
}

// action answers a button click on a Frontdesk post. Mattermost forwards it with the clicking user;
// the core checks that user's access like any other call.
func (h *handler) action(w http.ResponseWriter, r *http.Request) {
	var req model.PostActionIntegrationRequest
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&req); err != nil {
		h.fail(w, r, Invalid("invalid action request"))
		return
	}
	str := func(k string) string { v, _ := req.Context[k].(string); return v }
	action := mux.Vars(r)["action"]
	err := h.buttonIsOnItsPost(r, action, req.PostId, str)
	switch {
	case err != nil:
	case action == thread.ActionArchive:
		_, err = h.Inbox.Archive(r.Context(), UserID(r), str("conversation_id"))
	case action == thread.ActionReopen:
		_, err = h.Inbox.Reopen(r.Context(), UserID(r), str("conversation_id"))
	case action == thread.ActionRetry:
		err = h.Inbox.Retry(r.Context(), UserID(r), str("post_id"))
	case action == thread.ActionTake:
		_, err = h.Inbox.Assign(r.Context(), UserID(r), str("conversation_id"), UserID(r))
	default:
		err = ErrNotFound
	}
	resp := model.PostActionIntegrationResponse{}
	if err != nil {
		said, internal := actionRefusal(err)
		if internal {
			h.Log.Error("Frontdesk: button failed", "action", action, "err", err.Error())
		}
		resp.EphemeralText = said.In(h.Texts, UserID(r))
	}
	WriteJSON(w, http.StatusOK, resp)
}

// actionRefusal is a refused click's answer, to say in the clicking user's language: the core's
// errors as commands say them, the API's own (a button off its post) by their code; internal is
// true for a cause the user cannot act on (said in general words; the caller logs it).
func actionRefusal(err error) (said command.Said, internal bool) {
	if said, internal := command.Explain(err); !internal {
		return said, false
	}
	he := httpError(err)
	if he.Status >= http.StatusInternalServerError {
		return command.Said{Text: command.TextFailed}, true
	}
	return command.ByCode(he.Code, he.Message), false
}

// buttonIsOnItsPost checks that a click came from the post the button belongs to: Retry from the
// failed reply it names, the chat's buttons from that chat's header card. The same button copied
// into anyone else's post (its props are the poster's to write) does nothing.
func (h *handler) buttonIsOnItsPost(r *http.Request, action, postID string, str func(string) string) error {
	if action == thread.ActionRetry {
		if postID == "" || postID != str("post_id") {
			return ErrNotFound
		}
		return nil
	}
	conv, err := h.Inbox.ByRoot(r.Context(), UserID(r), postID)
	if errors.Is(err, conversation.ErrMayNotUseChats) {
		return err // a member of the chat's channel the access policy does not allow: said plainly
	}
	if err != nil || conv.ID != str("conversation_id") {
		return ErrNotFound
	}
	return nil
}
