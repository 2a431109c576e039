package api

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/server/access"
	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/channel/providertest"
	"github.com/frontdesk-chat/frontdesk/server/coretest"
	"github.com/frontdesk-chat/frontdesk/server/thread"
)

// F2: a member of a chat's channel whom the access policy does not allow is told so plainly: the
// REST routes on one chat or connection answer 403 with the reason, every button an ephemeral
// saying it in the clicker's language. Someone outside the channel still gets 404 and "not found":
// they must not learn the chat exists.
func TestAMemberNotAllowedIsToldPlainly(t *testing.T) {
	ctx := context.Background()
	k := coretest.NewCore(t, channel.Telegram, nil)
	k.Deliver(t, coretest.Message("42", "m1", "hello", k.Now()))
	k.Relay.Process(ctx, k.Conversation(t, "42").ID)
	conv := k.Conversation(t, "42")
	k.Provider.FailNext("Send", 1, providertest.ClassError(channel.ClassPermanent, "rejected"))
	_, failed := k.Reply(t, k.Agent, conv.RootPostID, "Ready")
	k.Relay.Process(ctx, conv.ID)

	refused, polka, outsider := model.NewId(), model.NewId(), model.NewId()
	k.MM.SetMember(k.ChannelID, refused, true)
	k.MM.SetMember(k.ChannelID, polka, true)
	k.MM.SetMember(model.NewId(), outsider, true)
	k.MM.SetUsername(k.Agent, "agent")
	k.MM.SetAccess(access.Settings{Mode: access.ModeRestricted, Users: []string{"agent"}})
	texts := coretest.PolishFor(t, polka)
	router := New(Deps{Inbox: k.Inbox, Connections: k.Connections, Log: &recordingLog{}, Texts: texts})
	call := func(user, method, path, body string) (int, string) {
		req := httptest.NewRequest(method, path, strings.NewReader(body))
		req.Header.Set(userHeader, user)
		rec := httptest.NewRecorder()
		router.ServeHTTP(rec, req)
		return rec.Code, rec.Body.String()
	}
	const plain = "You may not use Frontdesk chats. Ask a system admin."
	cv, c := "/api/v1/conversations/"+conv.ID, "/api/v1/connections/"+k.Conn.ID
	routes := []struct{ method, path, body string }{
		{"GET", cv, ""},
		{"POST", cv + "/archive", ""},
		{"POST", cv + "/reopen", ""},
		{"POST", cv + "/read", ""},
		{"POST", cv + "/assign", `{"user_id":""}`},
		{"POST", "/api/v1/posts/" + failed.Id + "/retry", ""},
		{"POST", "/api/v1/conversations", `{"connection_id":"` + k.Conn.ID + `","customer_id":"43","text":"hi"}`},
		{"GET", c, ""},
		{"GET", c + "/templates", ""},
	}
	for _, r := range routes {
		code, body := call(refused, r.method, r.path, r.body)
		var answer struct {
			Error   string `json:"error"`
			Message string `json:"message"`
		}
		_ = json.Unmarshal([]byte(body), &answer)
		if code != http.StatusForbidden || answer.Error != "forbidden" || answer.Message != plain {
			t.Errorf("%s %s by a member not allowed: %d %s", r.method, r.path, code, body)
		}
		if code, body := call(outsider, r.method, r.path, r.body); code != http.StatusNotFound {
			t.Errorf("%s %s by an outsider: %d %s", r.method, r.path, code, body)
		}
	}

	click := func(user, action, postID string, ctx map[string]any) string {
		body, _ := json.Marshal(model.PostActionIntegrationRequest{PostId: postID, Context: ctx})
		code, answer := call(user, "POST", "/api/v1/actions/"+action, string(body))
		var resp model.PostActionIntegrationResponse
		if err := json.Unmarshal([]byte(answer), &resp); err != nil || code != http.StatusOK {
			t.Fatalf("click %s: %d %s", action, code, answer)
		}
		return resp.EphemeralText
	}
	onCard := map[string]any{"conversation_id": conv.ID}
	buttons := []struct {
		action, postID string
		ctx            map[string]any
	}{
		{thread.ActionArchive, conv.RootPostID, onCard},
		{thread.ActionReopen, conv.RootPostID, onCard},
		{thread.ActionTake, conv.RootPostID, onCard},
		{thread.ActionRetry, failed.Id, map[string]any{"post_id": failed.Id}},
	}
	for _, b := range buttons {
		if got := click(refused, b.action, b.postID, b.ctx); got != plain {
			t.Errorf("%s by a member not allowed: %q", b.action, got)
		}
		if got, want := click(polka, b.action, b.postID, b.ctx), "Nie możesz korzystać z czatów Frontdesk. Poproś administratora systemu."; got != want {
			t.Errorf("%s by a Polish member not allowed: %q, want %q", b.action, got, want)
		}
		if got := click(outsider, b.action, b.postID, b.ctx); !strings.HasPrefix(got, "Frontdesk: not found") {
			t.Errorf("%s by an outsider: %q", b.action, got)
		}
	}
	if got := k.Conversation(t, "42"); got.Status != conv.Status || got.AssigneeID != "" {
		t.Fatalf("the refused users changed the chat: %+v", got)
	}
}
