package conversations_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/server/channel/telegram/telegramtest"
)

// setChatAccess changes who may use chats in the System Console's settings.
func setChatAccess(t *testing.T, mode, users string) {
	t.Helper()
	updateConfig(t, func(cfg *model.Config) {
		settings := cfg.PluginSettings.Plugins["frontdesk"]
		if settings == nil {
			settings = map[string]any{}
		}
		settings["chataccess"], settings["chataccessusers"], settings["chataccessgroups"] = mode, users, ""
		cfg.PluginSettings.Plugins["frontdesk"] = settings
	})
}

// updateConfig changes the server's configuration through its local mode, as the System Console
// would (the admin API masks the plugin's secret settings; local mode reads them as they are).
func updateConfig(t *testing.T, change func(*model.Config)) {
	t.Helper()
	ctx := context.Background()
	local := model.NewAPIv4SocketClient(filepath.Join(srv.Home, "mattermost_local.socket"))
	cfg, _, err := local.GetConfig(ctx)
	if err != nil {
		t.Fatal(err)
	}
	change(cfg)
	if _, _, err := local.UpdateConfig(ctx, cfg); err != nil {
		t.Fatal(err)
	}
}

// meJSON is GET /me.
type meJSON struct {
	MayUseChats bool `json:"may_use_chats"`
	IsAdmin     bool `json:"is_admin"`
}

func me(t *testing.T, u user) (int, meJSON) {
	t.Helper()
	code, body := call(t, u.token, http.MethodGet, "/api/v1/me", nil)
	var m meJSON
	_ = json.Unmarshal(body, &m)
	return code, m
}

// The roles of the matrix, in the order each row lists its answers. A guest account cannot be made
// on the Team Edition server the tests run (guest accounts need a license), so it has no column.
const (
	roleNotAllowed  = iota // a member of the channel, not listed in restricted mode
	roleNonMember          // on the team, not in the channel
	roleDeactivated        // listed and in the channel, then deactivated
	roleAllowed            // a member of the channel, listed
	roleAdmin              // a system admin (a member of the channel)
	roles
)

// mayNotUse is every refusal to a member of the channel whom the access policy does not allow.
const mayNotUse = "You may not use Frontdesk chats. Ask a system admin."

var roleNames = [roles]string{"member not allowed", "non-member", "deactivated", "member allowed", "system admin"}

// F2: who may use chats, on every REST route, command, button, the post hook and websocket events,
// in restricted mode. Each row states the exact answer per role; afterwards nothing a refused role
// tried has changed anything.
//
// Not parallel: it restricts chats on the whole server, and restores the default at the end.
func TestAuthorizationMatrix(t *testing.T) {
	d := newTelegramDesk(t)
	d.send(d.fake.Text(d.customer, "hello"))
	conv := d.waitConversation()
	sent, err := reply(t, d.agent, d.channelID, conv.RootPostID, "answer")
	if err != nil {
		t.Fatal(err)
	}
	waitState(t, sent.Id, "sent")
	// A reply that failed, for the Retry button: in a second customer's chat, who blocked the bot
	// (a block also marks that chat opted out, which the rows below must not meet).
	other := telegramtest.User{ID: 900000 + seq.Add(1), FirstName: "Ola"}
	d.send(d.fake.Text(other, "hi"))
	var otherConv conversationJSON
	eventually(t, 20*time.Second, "the second customer's thread", func() bool {
		for _, c := range d.conversations("all") {
			if c.ID != conv.ID && c.RootPostID != "" {
				otherConv = c
			}
		}
		return otherConv.ID != ""
	})
	d.fake.Block(other.ID, true)
	failed, err := reply(t, d.agent, d.channelID, otherConv.RootPostID, "not delivered")
	if err != nil {
		t.Fatal(err)
	}
	waitState(t, failed.Id, "failed")

	var u [roles]user
	u[roleAllowed], u[roleAdmin] = d.agent, user{User: srv.Admin, token: srv.AdminToken}
	u[roleNotAllowed], u[roleNonMember], u[roleDeactivated] = newUser(t, "notallowed"), newUser(t, "nonmember"), newUser(t, "deactivated")
	for _, r := range []int{roleNotAllowed, roleDeactivated} {
		if err := srv.AddToChannel(d.channelID, u[r].Id); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := srv.Client(srv.AdminToken).UpdateUserActive(context.Background(), u[roleDeactivated].Id, false); err != nil {
		t.Fatal(err)
	}
	setChatAccess(t, "restricted", "@"+d.agent.Username+", "+u[roleDeactivated].Username)
	t.Cleanup(func() { setChatAccess(t, "members", "") })
	eventually(t, 20*time.Second, "restricted mode to apply", func() bool {
		_, m := me(t, u[roleNotAllowed])
		return !m.MayUseChats
	})
	// The change of who may use chats is in the audit trail.
	code, body := call(t, srv.AdminToken, http.MethodGet, "/api/v1/audit?limit=500", nil)
	var trail auditJSON
	if err := json.Unmarshal(body, &trail); err != nil || code != http.StatusOK {
		t.Fatalf("the trail: %d %s", code, body)
	}
	// Saved in the System Console: Mattermost does not say by whom, so the entry names the console.
	recorded := 0
	for _, e := range trail.Entries {
		if e.Action == "access.change" && e.TargetType == "settings" &&
			strings.Contains(e.Detail, "mode restricted") && strings.Contains(e.Detail, d.agent.Username) {
			recorded++
			if e.UserID != "" || e.Username != "System Console" || e.Via != "system_console" {
				t.Errorf("the access.change entry: %+v", e)
			}
		}
	}
	if recorded != 1 {
		t.Fatalf("no access.change entry in %s", body)
	}
	for r, want := range [roles]meJSON{{false, false}, {false, false}, {}, {true, false}, {true, true}} {
		code, m := me(t, u[r])
		wantCode := http.StatusOK
		if r == roleDeactivated {
			wantCode = http.StatusUnauthorized
		}
		if code != wantCode || m != want {
			t.Fatalf("GET /me as %s: %d %+v, want %d %+v", roleNames[r], code, m, wantCode, want)
		}
	}

	// A client for the client routes, made by the admin.
	code, body = call(t, srv.AdminToken, http.MethodPost, "/api/v1/clients", map[string]any{"name": "Matrix Client"})
	if code != http.StatusCreated {
		t.Fatalf("creating a client: %d %s", code, body)
	}
	var client struct {
		ID string `json:"id"`
	}
	_ = json.Unmarshal(body, &client)

	const (
		ok, created, noContent = http.StatusOK, http.StatusCreated, http.StatusNoContent
		bad, unauth, forbidden = http.StatusBadRequest, http.StatusUnauthorized, http.StatusForbidden
		notFound               = http.StatusNotFound
	)
	c, cv, cl := "/api/v1/connections/"+d.conn.ID, "/api/v1/conversations/"+conv.ID, "/api/v1/clients/"+client.ID
	qr := "/api/v1/teams/" + team.Id + "/quick-replies"
	autocomplete := "/api/v1/autocomplete/quick-replies?team_id=" + team.Id + "&user_input=ma&parsed="
	empty := func(body string) bool {
		return body == "[]" || strings.Contains(body, `"unread":0,"unanswered":0,"attention":0`)
	}
	rows := []struct {
		method, path string
		body         any
		want         [roles]int // notAllowed, nonMember, deactivated, allowed, admin
		// hidden says a 200 answer to a refused role shows nothing of the desk's chats.
		hidden func(body string) bool
	}{
		{"GET", "/api/v1/status", nil, [roles]int{ok, ok, unauth, ok, ok}, nil},
		{"GET", "/api/v1/kinds", nil, [roles]int{ok, ok, unauth, ok, ok}, nil},
		{"GET", "/api/v1/connections", nil, [roles]int{ok, ok, unauth, ok, ok}, empty},
		{"GET", c, nil, [roles]int{forbidden, notFound, unauth, ok, ok}, nil},
		{"POST", "/api/v1/connections", map[string]any{"kind": "telegram", "name": "x", "channel_id": model.NewId(),
			"credentials": map[string]string{"bot_token": telegramToken}}, [roles]int{forbidden, forbidden, unauth, forbidden, bad}, nil},
		{"PATCH", c, map[string]any{"name": "matrix desk"}, [roles]int{forbidden, forbidden, unauth, forbidden, ok}, nil},
		{"POST", c + "/test", nil, [roles]int{forbidden, forbidden, unauth, forbidden, ok}, nil},
		{"GET", c + "/templates", nil, [roles]int{forbidden, notFound, unauth, http.StatusConflict, http.StatusConflict}, nil},
		{"DELETE", "/api/v1/connections/" + model.NewId(), nil, [roles]int{forbidden, forbidden, unauth, forbidden, notFound}, nil},
		{"GET", "/api/v1/conversations?status=all", nil, [roles]int{ok, ok, unauth, ok, ok}, empty},
		{"GET", cv, nil, [roles]int{forbidden, notFound, unauth, ok, ok}, nil},
		{"POST", "/api/v1/conversations", map[string]any{"connection_id": d.conn.ID, "customer_id": fmt.Sprint(d.customer.ID), "text": "matrix start"},
			[roles]int{forbidden, notFound, unauth, created, created}, nil},
		{"POST", cv + "/read", nil, [roles]int{forbidden, notFound, unauth, ok, ok}, nil},
		{"POST", cv + "/archive", nil, [roles]int{forbidden, notFound, unauth, ok, ok}, nil},
		{"POST", cv + "/reopen", nil, [roles]int{forbidden, notFound, unauth, ok, ok}, nil},
		{"POST", "/api/v1/posts/" + sent.Id + "/retry", nil, [roles]int{forbidden, notFound, unauth, bad, bad}, nil},
		{"GET", "/api/v1/indicators", nil, [roles]int{ok, ok, unauth, ok, ok}, empty},
		{"GET", cv + "/client", nil, [roles]int{forbidden, notFound, unauth, ok, ok}, nil},
		{"POST", cv + "/link", map[string]string{"client_id": client.ID}, [roles]int{forbidden, notFound, unauth, ok, ok}, nil},
		{"DELETE", cv + "/link", nil, [roles]int{forbidden, notFound, unauth, ok, bad}, nil},
		{"POST", cv + "/unlink", nil, [roles]int{forbidden, notFound, unauth, bad, bad}, nil},
		{"POST", cv + "/documents", map[string]string{"kind": "order"}, [roles]int{forbidden, notFound, unauth, bad, bad}, nil},
		{"GET", "/api/v1/clients?q=Matrix", nil, [roles]int{forbidden, forbidden, unauth, ok, ok}, nil},
		{"POST", "/api/v1/clients", map[string]any{"name": "Made In Matrix"}, [roles]int{forbidden, forbidden, unauth, created, created}, nil},
		{"GET", cl, nil, [roles]int{forbidden, forbidden, unauth, ok, ok}, nil},
		{"PATCH", cl, map[string]any{"notes": "matrix"}, [roles]int{forbidden, forbidden, unauth, ok, ok}, nil},
		{"GET", cl + "/conversations", nil, [roles]int{forbidden, forbidden, unauth, ok, ok}, nil},
		{"GET", cl + "/documents", nil, [roles]int{forbidden, forbidden, unauth, ok, ok}, nil},
		{"POST", cl + "/documents", map[string]string{"kind": "order", "title": "matrix"}, [roles]int{forbidden, forbidden, unauth, created, created}, nil},
		{"GET", "/api/v1/audit", nil, [roles]int{forbidden, forbidden, unauth, forbidden, ok}, nil},
		{"GET", "/api/v1/me", nil, [roles]int{ok, ok, unauth, ok, ok}, nil},
		{"POST", cv + "/assign", map[string]string{"user_id": d.agent.Id}, [roles]int{forbidden, notFound, unauth, ok, ok}, nil},
		{"POST", cv + "/assign", map[string]string{"user_id": ""}, [roles]int{forbidden, notFound, unauth, ok, ok}, nil},
		// Quick replies are the team's: both refused roles are on the team, and neither may use chats.
		{"PUT", qr + "/matrix", map[string]string{"text": "matrix answer"}, [roles]int{forbidden, forbidden, unauth, ok, ok}, nil},
		{"GET", qr, nil, [roles]int{forbidden, forbidden, unauth, ok, ok}, nil},
		{"GET", autocomplete, nil, [roles]int{ok, ok, unauth, ok, ok}, empty},
		{"DELETE", qr + "/matrix", nil, [roles]int{forbidden, forbidden, unauth, noContent, notFound}, nil},
	}
	for _, row := range rows {
		for r := range roles {
			code, body := call(t, u[r].token, row.method, row.path, row.body)
			if code != row.want[r] {
				t.Errorf("%s %s as %s: %d %s, want %d", row.method, row.path, roleNames[r], code, body, row.want[r])
				continue
			}
			if r < roleAllowed && code == ok && row.hidden != nil && !row.hidden(strings.TrimSpace(string(body))) {
				t.Errorf("%s %s as %s shows the desk: %s", row.method, row.path, roleNames[r], body)
			}
			// A refusal only the access policy makes (the allowed member is not refused) says so plainly.
			if r == roleNotAllowed && code == forbidden && row.want[roleAllowed] != forbidden && !strings.Contains(string(body), mayNotUse) {
				t.Errorf("%s %s as %s: %s, want %q", row.method, row.path, roleNames[r], body, mayNotUse)
			}
		}
	}

	// Commands: the refused roles get the refusal, and the chat stays as it was.
	before := d.conversation(conv.ID)
	thread := []string{"archive", "reopen", "note hidden", "status", "client", "link Matrix", "unlink", "doc order x", "templates", "template a b",
		"assign me", "unassign", "reply matrix", "read"}
	for _, cmd := range thread {
		code, text := executeInThread(t, u[roleNotAllowed], d.channelID, conv.RootPostID, "/frontdesk "+cmd)
		if code != ok || text != mayNotUse {
			t.Errorf("/frontdesk %s as %s: %d %q", cmd, roleNames[roleNotAllowed], code, text)
		}
		if code, text = executeInThread(t, u[roleNonMember], d.channelID, conv.RootPostID, "/frontdesk "+cmd); code != forbidden {
			t.Errorf("/frontdesk %s as %s: %d %q, want Mattermost's 403", cmd, roleNames[roleNonMember], code, text)
		}
		if code, text = executeInThread(t, u[roleDeactivated], d.channelID, conv.RootPostID, "/frontdesk "+cmd); code != unauth {
			t.Errorf("/frontdesk %s as %s: %d %q", cmd, roleNames[roleDeactivated], code, text)
		}
	}
	if _, text := executeInThread(t, u[roleNotAllowed], d.channelID, "", "/frontdesk start 42 hi"); text != mayNotUse {
		t.Errorf("/frontdesk start as %s: %q", roleNames[roleNotAllowed], text)
	}
	for _, cmd := range []string{"connections", "check"} {
		if _, text := executeInThread(t, u[roleNotAllowed], d.channelID, "", "/frontdesk "+cmd); text != "Only system admins can use this command." {
			t.Errorf("/frontdesk %s as %s: %q", cmd, roleNames[roleNotAllowed], text)
		}
	}
	if _, text := executeInThread(t, u[roleAllowed], d.channelID, conv.RootPostID, "/frontdesk status"); !strings.Contains(text, "Telegram") {
		t.Errorf("/frontdesk status as %s: %q", roleNames[roleAllowed], text)
	}
	// The admin's answers: the connection (renamed by the PATCH row) and its state.
	for cmd, want := range map[string]string{"connections": "| matrix desk | Telegram | ", "check": "| ok (tested now) |"} {
		_, text := executeInThread(t, u[roleAdmin], d.channelID, "", "/frontdesk "+cmd)
		if !strings.Contains(text, "| Connection | Provider | Account | State |") || !strings.Contains(text, want) {
			t.Errorf("/frontdesk %s as %s: %q, want %q", cmd, roleNames[roleAdmin], text, want)
		}
	}

	// Buttons: Mattermost forwards the member's click; Frontdesk refuses each with an ephemeral
	// message. Reopen is on the card of an archived chat, Retry on the failed reply.
	seen := listen(t, u[roleNotAllowed])
	refusals := func() int {
		seen.mu.Lock()
		defer seen.mu.Unlock()
		n := 0
		for _, m := range seen.ephemeral {
			if m == mayNotUse {
				n++
			}
		}
		return n
	}
	press := func(postID, action string) {
		t.Helper()
		before := refusals()
		if _, err := u[roleNotAllowed].client().DoPostAction(context.Background(), postID, action); err != nil {
			t.Fatalf("the click on %s: %v", action, err)
		}
		eventually(t, 10*time.Second, "the refusal of "+action, func() bool { return refusals() > before })
	}
	press(conv.RootPostID, "archive")
	press(conv.RootPostID, "take")
	press(failed.Id, "retry")
	if code, body := call(t, d.agent.token, http.MethodPost, cv+"/archive", nil); code != ok {
		t.Fatalf("archiving for the Reopen button: %d %s", code, body)
	}
	eventually(t, 10*time.Second, "the Reopen button", func() bool { return hasAction(t, conv.RootPostID, "reopen") })
	press(conv.RootPostID, "reopen")
	if code, body := call(t, d.agent.token, http.MethodPost, cv+"/reopen", nil); code != ok {
		t.Fatalf("reopening: %d %s", code, body)
	}
	eventually(t, 10*time.Second, "the Archive button", func() bool { return hasAction(t, conv.RootPostID, "archive") })
	if _, err := u[roleNonMember].client().DoPostAction(context.Background(), conv.RootPostID, "archive"); err == nil {
		t.Error("a non-member could press Archive")
	}
	var taken staffRow
	if code, body := call(t, srv.AdminToken, http.MethodGet, cv, nil); code != ok || json.Unmarshal(body, &taken) != nil || taken.AssigneeID != "" {
		t.Errorf("after the refused Take: %d %s", code, body)
	}
	if st := delivery(t, failed.Id); st["state"] != "failed" {
		t.Errorf("the refused Retry changed the reply: %v", st)
	}

	// The post hook: a reply by a member not allowed is refused and never reaches the customer.
	sentBefore := len(d.fake.Sent())
	if _, err := reply(t, u[roleNotAllowed], d.channelID, conv.RootPostID, "not mine to answer"); err == nil ||
		!strings.Contains(err.Error(), "who may use chats can answer the customer") {
		t.Errorf("a reply by a member not allowed: %v", err)
	}
	if got := d.conversation(conv.ID); got.Status != before.Status || got.ClientID != before.ClientID {
		t.Errorf("the refused roles changed the chat: %+v, was %+v", got, before)
	}

	// Websocket events: only the allowed member and the admin hear about the chat. After both got
	// the event (sent in one loop over the channel's members), the admin writes to the two others;
	// each one's websocket delivers in order, so a chat event sent to them would come before that.
	allowedWS, adminWS := listen(t, u[roleAllowed]), listen(t, u[roleAdmin])
	notAllowedWS, nonMemberWS := listen(t, u[roleNotAllowed]), listen(t, u[roleNonMember])
	d.send(d.fake.Text(d.customer, "are you there?"))
	const updated = "custom_frontdesk_conversation_updated"
	eventually(t, 20*time.Second, "the chat event to the allowed member and the admin", func() bool {
		return allowedWS.count(updated) > 0 && adminWS.count(updated) > 0
	})
	for _, w := range []struct {
		u  user
		ws *events
	}{{u[roleNotAllowed], notAllowedWS}, {u[roleNonMember], nonMemberWS}} {
		dm, _, err := srv.Client(srv.AdminToken).CreateDirectChannel(context.Background(), srv.Admin.Id, w.u.Id)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := srv.Client(srv.AdminToken).CreatePost(context.Background(), &model.Post{ChannelId: dm.Id, Message: "marker"}); err != nil {
			t.Fatal(err)
		}
		eventually(t, 20*time.Second, "the marker message", func() bool { return w.ws.hasOther(string(model.WebsocketEventPosted)) })
		if n := w.ws.count(updated); n != 0 {
			t.Errorf("%s got %d chat events", w.u.Username, n)
		}
	}
	if n := len(d.fake.Sent()); n != sentBefore {
		t.Errorf("%d messages reached the customer after the refused reply", n-sentBefore)
	}
}
