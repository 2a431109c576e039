package api

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/coretest"
	"github.com/frontdesk-chat/frontdesk/server/thread"
)

// A refused button click is told in the clicking user's Mattermost language: a Polish member reads
// a Polish lead sentence, an English one the error as it always read.
func TestButtonRefusalInTheClickersLanguage(t *testing.T) {
	k := coretest.NewCore(t, channel.SMS, nil)
	polka := model.NewId()
	k.MM.SetMember(k.ChannelID, polka, true)
	ev := coretest.Message("+48601000001", "m1", "Dzień dobry", k.Now())
	ev.Customer.Phone = "+48601000001"
	k.Deliver(t, ev)
	conv := k.Conversation(t, "+48601000001")
	k.Relay.Process(context.Background(), conv.ID)
	texts := coretest.PolishFor(t, polka)
	router := New(Deps{Inbox: k.Inbox, Log: &recordingLog{}, Texts: texts})
	click := func(user, action, postID string, ctx map[string]any) string {
		body, _ := json.Marshal(model.PostActionIntegrationRequest{PostId: postID, Context: ctx})
		req := httptest.NewRequest("POST", "/api/v1/actions/"+action, strings.NewReader(string(body)))
		req.Header.Set(userHeader, user)
		rec := httptest.NewRecorder()
		router.ServeHTTP(rec, req)
		if rec.Code != 200 {
			t.Fatalf("click %s: %d %s", action, rec.Code, rec.Body.String())
		}
		var resp model.PostActionIntegrationResponse
		if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
			t.Fatal(err)
		}
		return resp.EphemeralText
	}
	// Archive pressed on a copy of the button in another post: the chat is not found from there.
	copied := map[string]any{"conversation_id": conv.ID}
	tests := []struct {
		name, user, action, postID string
		ctx                        map[string]any
		want                       string
	}{
		{"a copied button, Polish", polka, thread.ActionArchive, model.NewId(), copied,
			"Frontdesk: nie znaleziono tego albo nie masz do tego dostępu."},
		{"a copied button, English", k.Agent, thread.ActionArchive, model.NewId(), copied, "Frontdesk: not found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := click(tt.user, tt.action, tt.postID, tt.ctx)
			if !strings.HasPrefix(got, tt.want) {
				t.Fatalf("%q, want it to start with %q", got, tt.want)
			}
		})
	}
	if c := k.Conversation(t, "+48601000001"); c.Status != "active" {
		t.Fatalf("a refused click changed the chat: %+v", c)
	}
}
