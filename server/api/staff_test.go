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
	"github.com/frontdesk-chat/frontdesk/server/quickreply"
)

// The staff routes over the real core: list parameters and paging header, assignment, quick replies.
func TestStaffRoutes(t *testing.T) {
	k := coretest.NewCore(t, channel.SMS, nil)
	bob, outsider := model.NewId(), model.NewId()
	k.MM.SetMember(k.ChannelID, bob, true)
	k.MM.SetUsername(bob, "bob")
	for _, id := range []string{"+48601000001", "+48601000002", "+48601000003"} {
		ev := coretest.Message(channel.CustomerID(id), "m"+id, "Hi", k.Now())
		ev.Customer.Phone = id
		k.Deliver(t, ev)
		k.Relay.Process(context.Background(), k.Conversation(t, channel.CustomerID(id)).ID)
	}
	conv := k.Conversation(t, "+48601000001")
	router := New(Deps{Inbox: k.Inbox, QuickReply: quickreply.New(k.Store, k.MM, func() int { return k.MaxLength }), Users: k.MM, Log: &recordingLog{}})
	do := func(user, method, path, body string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(method, "/api/v1"+path, strings.NewReader(body))
		req.Header.Set(userHeader, user)
		rec := httptest.NewRecorder()
		router.ServeHTTP(rec, req)
		return rec
	}
	tests := []struct {
		name, user, method, path, body string
		status                         int
		hasMore                        string // X-Has-More, "" when not checked
		contains                       string
	}{
		{"first page", k.Agent, "GET", "/conversations?per_page=2", "", 200, "true", ""},
		{"last page", k.Agent, "GET", "/conversations?per_page=2&page=1", "", 200, "false", ""},
		{"search", k.Agent, "GET", "/conversations?q=601%20000%20002", "", 200, "false", `"phone":"+48601000002"`},
		{"assigned nobody", k.Agent, "GET", "/conversations?assigned=none", "", 200, "false", `"assignee_username":""`},
		{"assigned to a bad id", k.Agent, "GET", "/conversations?assigned=bob", "", 400, "", "assigned must be me, none or a user id"},
		{"a query too long", k.Agent, "GET", "/conversations?q=" + strings.Repeat("a", 101), "", 400, "", "at most 100"},
		{"assign bob", k.Agent, "POST", "/conversations/" + conv.ID + "/assign", `{"user_id":"` + bob + `"}`, 200, "", `"assignee_username":"bob"`},
		{"assigned to bob", bob, "GET", "/conversations?assigned=me", "", 200, "false", `"assignee_id":"` + bob + `"`},
		{"assign an outsider", k.Agent, "POST", "/conversations/" + conv.ID + "/assign", `{"user_id":"` + outsider + `"}`, 400, "", "not a member of its channel"},
		{"an outsider assigns", outsider, "POST", "/conversations/" + conv.ID + "/assign", `{"user_id":"` + outsider + `"}`, 404, "", ""},
		{"unassign", k.Agent, "POST", "/conversations/" + conv.ID + "/assign", `{"user_id":""}`, 200, "", `"assignee_id":""`},
		{"save a quick reply", k.Agent, "PUT", "/teams/team/quick-replies/Hours", `{"text":"9-17"}`, 200, "", `"name":"hours"`},
		{"a bad name", k.Agent, "PUT", "/teams/team/quick-replies/a.b", `{"text":"x"}`, 400, "", "letters, digits"},
		{"list them", k.Agent, "GET", "/teams/team/quick-replies", "", 200, "", `[{"name":"hours","text":"9-17","updated_by":"` + k.Agent + `"`},
		{"autocomplete", k.Agent, "GET", "/autocomplete/quick-replies?team_id=team&user_input=%2Ffrontdesk+reply+ho&parsed=%2Ffrontdesk+reply+", "", 200, "", `"Item":"hours"`},
		{"another team's", k.Agent, "GET", "/teams/" + model.NewId() + "/quick-replies", "", 404, "", ""},
		{"delete", k.Agent, "DELETE", "/teams/team/quick-replies/hours", "", 204, "", ""},
		{"an empty list is a list", k.Agent, "GET", "/teams/team/quick-replies", "", 200, "", "[]"},
	}
	for _, tt := range tests {
		rec := do(tt.user, tt.method, tt.path, tt.body)
		if rec.Code != tt.status || !strings.Contains(rec.Body.String(), tt.contains) {
			t.Errorf("%s: %d %s, want %d containing %q", tt.name, rec.Code, rec.Body, tt.status, tt.contains)
		}
		if tt.hasMore != "" && rec.Header().Get("X-Has-More") != tt.hasMore {
			t.Errorf("%s: X-Has-More %q, want %q", tt.name, rec.Header().Get("X-Has-More"), tt.hasMore)
		}
		if tt.method == "GET" && rec.Code == 200 && strings.HasPrefix(tt.path, "/conversations") {
			var rows []map[string]any
			if err := json.Unmarshal(rec.Body.Bytes(), &rows); err != nil {
				t.Errorf("%s: the body is not a JSON array: %v", tt.name, err)
			}
			for _, r := range rows {
				for _, f := range []string{"assignee_id", "assignee_username", "sync_lost", "window_closed"} {
					if _, ok := r[f]; !ok {
						t.Errorf("%s: a row lacks %s", tt.name, f)
					}
				}
			}
		}
	}
}
