package api

import (
	"net/http"
	"strconv"

	"github.com/frontdesk-chat/frontdesk/server/audit"
)

func (h *handler) getMe(w http.ResponseWriter, r *http.Request) {
	me, err := h.Me(r, UserID(r))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	WriteJSON(w, http.StatusOK, me)
}

type auditEntryJSON struct {
	ID         string `json:"id"`
	At         int64  `json:"at"`
	UserID     string `json:"user_id"`
	Username   string `json:"username"`
	Action     string `json:"action"`
	TargetType string `json:"target_type"`
	TargetID   string `json:"target_id"`
	Detail     string `json:"detail"`
	// Via is "system_console" for a setting saved there (user_id is then empty, username "System Console").
	Via string `json:"via,omitempty"`
}

// listAudit answers GET /audit?limit=100&before=<ms>: the trail, newest first (system admins).
func (h *handler) listAudit(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	limit, before := 100, int64(0)
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			h.fail(w, r, Invalid("limit must be a number"))
			return
		}
		limit = n
	}
	if v := q.Get("before"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			h.fail(w, r, Invalid("before must be a time in epoch milliseconds"))
			return
		}
		before = n
	}
	list, err := h.Audit.List(r.Context(), UserID(r), before, limit)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	out := make([]auditEntryJSON, 0, len(list))
	for _, e := range list {
		out = append(out, entryJSON(e))
	}
	WriteJSON(w, http.StatusOK, map[string]any{"entries": out})
}

func entryJSON(e audit.Entry) auditEntryJSON {
	return auditEntryJSON{ID: e.ID, At: e.At, UserID: e.UserID, Username: e.Username, Action: e.Action,
		TargetType: e.TargetType, TargetID: e.TargetID, Detail: e.Detail, Via: e.Via}
}
