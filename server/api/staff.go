package api

import (
	"context"
	"net/http"
	"strings"

	"github.com/gorilla/mux"
	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/server/conversation"
)

// QuickReplies is what the API does with a team's quick replies.
type QuickReplies interface {
	List(ctx context.Context, userID, teamID string) ([]conversation.QuickReply, error)
	Put(ctx context.Context, userID, teamID, name, text string) (conversation.QuickReply, error)
	Delete(ctx context.Context, userID, teamID, name string) error
}

type assignBody struct {
	UserID string `json:"user_id"`
}

// assign assigns a chat to a user ({"user_id": ""} unassigns) and answers the conversation.
func (h *handler) assign(w http.ResponseWriter, r *http.Request) {
	var body assignBody
	if err := DecodeJSON(w, r, &body); err != nil {
		h.fail(w, r, err)
		return
	}
	c, err := h.Inbox.Assign(r.Context(), UserID(r), mux.Vars(r)["id"], body.UserID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.writeConversation(w, r, http.StatusOK, c.ID)
}

type quickReplyJSON struct {
	Name      string `json:"name"`
	Text      string `json:"text"`
	UpdatedBy string `json:"updated_by"`
	UpdatedAt int64  `json:"updated_at"`
}

func toQuickReplyJSON(q conversation.QuickReply) quickReplyJSON {
	return quickReplyJSON{Name: q.Name, Text: q.Text, UpdatedBy: q.UpdatedBy, UpdatedAt: q.UpdatedAt}
}

func (h *handler) listQuickReplies(w http.ResponseWriter, r *http.Request) {
	list, err := h.QuickReply.List(r.Context(), UserID(r), mux.Vars(r)["team_id"])
	if err != nil {
		h.fail(w, r, err)
		return
	}
	out := make([]quickReplyJSON, 0, len(list))
	for _, q := range list {
		out = append(out, toQuickReplyJSON(q))
	}
	WriteJSON(w, http.StatusOK, out)
}

func (h *handler) putQuickReply(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Text string `json:"text"`
	}
	if err := DecodeJSON(w, r, &body); err != nil {
		h.fail(w, r, err)
		return
	}
	v := mux.Vars(r)
	q, err := h.QuickReply.Put(r.Context(), UserID(r), v["team_id"], v["name"], body.Text)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	WriteJSON(w, http.StatusOK, toQuickReplyJSON(q))
}

func (h *handler) deleteQuickReply(w http.ResponseWriter, r *http.Request) {
	v := mux.Vars(r)
	if err := h.QuickReply.Delete(r.Context(), UserID(r), v["team_id"], v["name"]); err != nil {
		h.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// QuickReplyAutocompletePath is where Mattermost asks for the names /frontdesk reply may take.
const QuickReplyAutocompletePath = "/plugins/frontdesk/api/v1/autocomplete/quick-replies"

// autocompleteQuickReplies lists the team's quick replies whose names start with what the user has
// typed, for the slash command's autocomplete (Mattermost passes team_id, user_input and parsed).
func (h *handler) autocompleteQuickReplies(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	typed := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(q.Get("user_input"), q.Get("parsed"))))
	list, err := h.QuickReply.List(r.Context(), UserID(r), q.Get("team_id"))
	if err != nil {
		list = nil // nothing to offer: the command answers the refusal itself
	}
	out := []model.AutocompleteListItem{}
	for _, item := range list {
		if !strings.HasPrefix(item.Name, typed) {
			continue
		}
		preview := []rune(strings.ReplaceAll(item.Text, "\n", " "))
		if len(preview) > 60 {
			preview = append(preview[:60], '…')
		}
		out = append(out, model.AutocompleteListItem{Item: item.Name, HelpText: string(preview)})
	}
	WriteJSON(w, http.StatusOK, out)
}
