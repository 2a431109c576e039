package api

import (
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/gorilla/mux"

	"github.com/frontdesk-chat/frontdesk/server/channel"
)

// webhook looks the connection up first (an unknown one is answered 404 without reading a byte),
// then reads the raw body once, capped, and hands both to the core. Anything forged or malformed
// gets a clear 4xx and changes nothing; 200 means every message in it is durably stored.
func (h *handler) webhook(w http.ResponseWriter, r *http.Request) {
	c, err := h.Connections.Get(r.Context(), mux.Vars(r)["connection_id"])
	if err != nil {
		h.fail(w, r, err)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, channel.MaxWebhookBody+1))
	if err != nil {
		h.fail(w, r, Invalid("cannot read body"))
		return
	}
	if len(body) > channel.MaxWebhookBody {
		h.fail(w, r, channel.ErrTooLarge)
		return
	}
	req := channel.WebhookRequest{
		Method:    r.Method,
		PublicURL: h.Connections.WebhookURL(c.ID) + rawQuery(r),
		Header:    r.Header,
		Query:     r.URL.Query(),
		Body:      body,
	}
	answer, err := h.Relay.HandleWebhook(r.Context(), c, req)
	if err != nil {
		if r.Method == http.MethodGet && errors.Is(err, channel.ErrUnauthorized) {
			// Meta expects 403 for a wrong verify token.
			WriteJSON(w, http.StatusForbidden, errorBody{Error: "forbidden", Message: "verify token mismatch"})
			return
		}
		h.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", answer.ContentType)
	w.WriteHeader(answer.Status)
	_, _ = io.WriteString(w, answer.Body)
}

func rawQuery(r *http.Request) string {
	if r.URL.RawQuery == "" {
		return ""
	}
	return "?" + r.URL.RawQuery
}

func asProviderError(err error, target **channel.Error) bool { return errors.As(err, target) }

// media serves an agent's attachment to a provider that fetches media by URL. No user: the link's
// signature and expiry are the authorisation.
func (h *handler) media(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f, err := h.Relay.MediaFile(mux.Vars(r)["file_id"], q.Get("exp"), q.Get("sig"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", f.MIMEType)
	w.Header().Set("Content-Disposition", `attachment; filename="`+strings.ReplaceAll(f.Name, `"`, "")+`"`)
	w.Header().Set("Cache-Control", "private, max-age=3600")
	_, _ = w.Write(f.Data)
}
