package conversations_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/e2e/harness"
)

// adminConnectionJSON is what the System Console section reads of a connection.
type adminConnectionJSON struct {
	ID            string `json:"id"`
	ChannelID     string `json:"channel_id"`
	ChannelName   string `json:"channel_name"`
	TeamID        string `json:"team_id"`
	TeamName      string `json:"team_name"`
	SyncLost      bool   `json:"sync_lost"`
	SyncLostAt    int64  `json:"sync_lost_at"`
	SyncReason    string `json:"sync_reason"`
	LastMessageAt int64  `json:"last_message_at"`
	Warning       string `json:"warning"`
}

func adminConnection(t *testing.T, token, id string) (int, adminConnectionJSON) {
	t.Helper()
	code, body := call(t, token, http.MethodGet, "/api/v1/connections/"+id, nil)
	var c adminConnectionJSON
	_ = json.Unmarshal(body, &c)
	return code, c
}

// F1: a connection feeds a team channel in use. A channel that does not exist, an archived one, a
// direct or a group message is refused with the reason, on create and on change, and nothing
// changes; a public channel is accepted with a warning that everyone on the team can read its chats.
func TestConnectionChannelIsValidated(t *testing.T) {
	t.Parallel()
	d := newTelegramDesk(t)
	ctx := context.Background()
	admin := srv.Client(srv.AdminToken)
	me, _, err := admin.GetMe(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	archived, err := srv.CreateChannel(team.Id, fmt.Sprintf("archived-%d", seq.Add(1)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.DeleteChannel(ctx, archived.Id); err != nil {
		t.Fatal(err)
	}
	other, third := newUser(t, "dmpeer"), newUser(t, "gmpeer")
	dm, _, err := admin.CreateDirectChannel(ctx, me.Id, other.Id)
	if err != nil {
		t.Fatal(err)
	}
	gm, _, err := admin.CreateGroupChannel(ctx, []string{me.Id, other.Id, third.Id})
	if err != nil {
		t.Fatal(err)
	}
	private, _, err := admin.CreateChannel(ctx, &model.Channel{TeamId: team.Id, Name: fmt.Sprintf("private-%d", seq.Add(1)),
		DisplayName: "Private desk", Type: model.ChannelTypePrivate})
	if err != nil {
		t.Fatal(err)
	}
	refused := []struct{ name, channelID, want string }{
		{"a channel that does not exist", model.NewId(), "does not exist"},
		{"an archived channel", archived.Id, "is archived"},
		{"a direct message", dm.Id, "direct or group message"},
		{"a group message", gm.Id, "direct or group message"},
	}
	for _, tc := range refused {
		t.Run(tc.name, func(t *testing.T) {
			for _, req := range []struct {
				method, path string
				body         map[string]any
			}{
				{http.MethodPost, "/api/v1/connections", map[string]any{"kind": "telegram", "name": "refused", "channel_id": tc.channelID,
					"credentials": map[string]string{"bot_token": telegramToken}, "api_base_url": d.provider.URL}},
				{http.MethodPatch, "/api/v1/connections/" + d.conn.ID, map[string]any{"channel_id": tc.channelID}},
			} {
				code, body := d.admin(req.method, req.path, req.body)
				var e struct{ Error, Message string }
				_ = json.Unmarshal(body, &e)
				if code != http.StatusBadRequest || e.Error != "invalid" || !strings.Contains(e.Message, tc.want) {
					t.Fatalf("%s: %d %s, want 400 saying %q", req.method, code, body, tc.want)
				}
			}
			if _, c := adminConnection(t, srv.AdminToken, d.conn.ID); c.ChannelID != d.channelID {
				t.Fatalf("a refused change moved the connection to %s", c.ChannelID)
			}
		})
	}
	var n int
	if err := srv.DB().QueryRow(`SELECT COUNT(*) FROM frontdesk_connections WHERE name='refused'`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("refused connections stored: %d, %v", n, err)
	}

	// The desk's channel is public (the harness makes public channels): accepted, with the warning.
	code, body := d.admin(http.MethodPatch, "/api/v1/connections/"+d.conn.ID, map[string]any{"channel_id": private.Id})
	var c adminConnectionJSON
	if err := json.Unmarshal(body, &c); err != nil || code != http.StatusOK || c.Warning != "" || c.ChannelName != "Private desk" {
		t.Fatalf("a private channel: %d %s", code, body)
	}
	code, body = d.admin(http.MethodPatch, "/api/v1/connections/"+d.conn.ID, map[string]any{"channel_id": d.channelID})
	if err := json.Unmarshal(body, &c); err != nil || code != http.StatusOK || !strings.Contains(c.Warning, "everyone on the team can join") {
		t.Fatalf("a public channel: %d %s", code, body)
	}
	// What the console shows: channel and team names, times.
	if c.TeamID != team.Id || c.TeamName != team.DisplayName || c.ChannelName == "" || c.SyncLostAt != 0 || c.LastMessageAt != 0 {
		t.Fatalf("connection = %+v", c)
	}
	d.send(d.fake.Text(d.customer, "hello"))
	d.waitConversation()
	if _, c = adminConnection(t, srv.AdminToken, d.conn.ID); c.LastMessageAt == 0 {
		t.Fatalf("last_message_at after a message: %+v", c)
	}
	// Agents see the channel's name but not its team or the warning.
	if code, c = adminConnection(t, d.agent.token, d.conn.ID); code != http.StatusOK || c.TeamID != "" || c.ChannelName == "" {
		t.Fatalf("the agent's view: %d %+v", code, c)
	}
}

// consoleLink matches every link Frontdesk posts to the System Console.
var consoleLink = regexp.MustCompile(`https?://[^\s)]+/admin_console/[^\s)]*`)

// checkConsoleLinks asserts that every System Console link in text is the Frontdesk section of the
// plugin's page opened on the connection, and that the server serves that page.
func checkConsoleLinks(t *testing.T, text, connectionID string, want int) {
	t.Helper()
	links := consoleLink.FindAllString(text, -1)
	if len(links) != want {
		t.Fatalf("%d System Console links in %q, want %d", len(links), text, want)
	}
	for _, l := range links {
		l = strings.TrimRight(l, ".,;\"'")
		u, err := url.Parse(l)
		if err != nil || u.Path != "/admin_console/plugins/plugin_frontdesk" || u.Query().Get("connection") != connectionID ||
			!strings.HasPrefix(l, srv.URL) {
			t.Fatalf("link %q is not the connection's System Console page", l)
		}
		resp, err := http.Get(l)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d", l, resp.StatusCode)
		}
	}
}

// alertPosts are the bot's sync alerts of a kind in a channel, oldest first.
func alertPosts(t *testing.T, channelID, kind string) []*model.Post {
	t.Helper()
	list, _, err := srv.Client(srv.AdminToken).GetPostsForChannel(context.Background(), channelID, 0, 200, "", false, false)
	if err != nil {
		t.Fatal(err)
	}
	list.SortByCreateAt()
	var out []*model.Post
	for i := len(list.Order) - 1; i >= 0; i-- {
		p := list.Posts[list.Order[i]]
		if p.GetProp("frontdesk_alert") == kind {
			out = append(out, p)
		}
	}
	return out
}

// botDM is the Frontdesk bot's direct message channel with the admin.
func botDM(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	admin := srv.Client(srv.AdminToken)
	bot, _, err := admin.GetUserByUsername(ctx, "frontdesk", "")
	if err != nil {
		t.Fatal(err)
	}
	me, _, err := admin.GetMe(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	dm, _, err := admin.CreateDirectChannel(ctx, me.Id, bot.Id)
	if err != nil {
		t.Fatal(err)
	}
	return dm.Id
}

// F15: a connection that loses sync on a send is announced once in its channel and to the admin
// by direct message, however many sends and checks fail after; reconnecting announces the fix once.
// Every link is the connection's System Console page; agents are told to ask an admin instead.
func TestSyncLostAlertOncePerIncidentAndFixedNotice(t *testing.T) {
	t.Parallel()
	d := newTelegramDesk(t)
	dm := botDM(t)
	mine := func(ps []*model.Post) []*model.Post {
		var out []*model.Post
		for _, p := range ps {
			if p.GetProp("frontdesk_connection_id") == d.conn.ID {
				out = append(out, p)
			}
		}
		return out
	}
	d.send(d.fake.Text(d.customer, "hi"))
	conv := d.waitConversation()
	d.fake.RevokeToken()
	p, err := reply(t, d.agent, d.channelID, conv.RootPostID, "first try")
	if err != nil {
		t.Fatal(err)
	}
	waitState(t, p.Id, "failed")
	eventually(t, 20*time.Second, "the sync-lost alert", func() bool { return len(alertPosts(t, d.channelID, "sync_lost")) == 1 })

	// More failures: refused replies, failing tests and the admin's own reply.
	_, err = reply(t, d.agent, d.channelID, conv.RootPostID, "second try")
	if err == nil || !strings.Contains(err.Error(), "Ask a system admin to reconnect it") || strings.Contains(err.Error(), "admin_console") {
		t.Fatalf("the agent's refusal: %v", err)
	}
	_, err = reply(t, user{token: srv.AdminToken}, d.channelID, conv.RootPostID, "admin try")
	if err == nil {
		t.Fatal("the admin's reply was posted with lost sync")
	}
	checkConsoleLinks(t, err.Error(), d.conn.ID, 1)
	for range 2 {
		if code, body := d.admin(http.MethodPost, "/api/v1/connections/"+d.conn.ID+"/test", nil); code != http.StatusOK || !strings.Contains(string(body), `"ok":false`) {
			t.Fatalf("test: %d %s", code, body)
		}
	}
	_, status := executeInThread(t, d.agent, d.channelID, conv.RootPostID, "/frontdesk status")
	contains(t, status, "Ask a system admin to reconnect it")
	_, status = executeInThread(t, user{token: srv.AdminToken}, d.channelID, conv.RootPostID, "/frontdesk status")
	checkConsoleLinks(t, status, d.conn.ID, 1)

	lost := alertPosts(t, d.channelID, "sync_lost")
	if len(lost) != 1 || !strings.Contains(lost[0].Message, "lost sync") || !strings.Contains(lost[0].Message, "Ask a system admin") {
		t.Fatalf("channel alerts: %v", messages(lost))
	}
	checkConsoleLinks(t, lost[0].Message, d.conn.ID, 0)
	adminLost := mine(alertPosts(t, dm, "sync_lost"))
	if len(adminLost) != 1 {
		t.Fatalf("the admin's alerts: %v", messages(adminLost))
	}
	checkConsoleLinks(t, adminLost[0].Message, d.conn.ID, 1)
	// The chat's header card says it too, with the link for admins and whom to ask for the rest.
	eventually(t, 10*time.Second, "the header card to say lost sync", func() bool {
		return strings.Contains(rootMessage(t, conv.RootPostID), "lost sync")
	})
	card := rootMessage(t, conv.RootPostID)
	contains(t, card, "ask a system admin")
	checkConsoleLinks(t, card, d.conn.ID, 1)
	if _, c := adminConnection(t, srv.AdminToken, d.conn.ID); !c.SyncLost || c.SyncLostAt == 0 || c.SyncReason == "" {
		t.Fatalf("the connection: %+v", c)
	}

	// Reconnect: one fixed notice in each place, even after a passing test.
	newToken := "7000001:AAH-renewed-token"
	d.fake.SetToken(newToken)
	if code, body := d.admin(http.MethodPatch, "/api/v1/connections/"+d.conn.ID, map[string]any{
		"credentials": map[string]string{"bot_token": newToken}}); code != http.StatusOK {
		t.Fatalf("reconnect: %d %s", code, body)
	}
	if code, body := d.admin(http.MethodPost, "/api/v1/connections/"+d.conn.ID+"/test", nil); code != http.StatusOK || !strings.Contains(string(body), `"ok":true`) {
		t.Fatalf("test after reconnecting: %d %s", code, body)
	}
	if fixed := alertPosts(t, d.channelID, "sync_fixed"); len(fixed) != 1 || !strings.Contains(fixed[0].Message, "works again") {
		t.Fatalf("channel fixed notices: %v", messages(fixed))
	}
	adminFixed := mine(alertPosts(t, dm, "sync_fixed"))
	if len(adminFixed) != 1 {
		t.Fatalf("the admin's fixed notices: %v", messages(adminFixed))
	}
	checkConsoleLinks(t, adminFixed[0].Message, d.conn.ID, 1)
	if n := len(alertPosts(t, d.channelID, "sync_lost")); n != 1 {
		t.Fatalf("%d sync-lost alerts after reconnecting", n)
	}
	eventually(t, 10*time.Second, "the header card to drop the lost-sync line", func() bool {
		return !strings.Contains(rootMessage(t, conv.RootPostID), "lost sync")
	})
}

// auditJSON is GET /audit's answer.
type auditJSON struct {
	Entries []struct {
		ID         string `json:"id"`
		At         int64  `json:"at"`
		UserID     string `json:"user_id"`
		Username   string `json:"username"`
		Action     string `json:"action"`
		TargetType string `json:"target_type"`
		TargetID   string `json:"target_id"`
		Detail     string `json:"detail"`
		Via        string `json:"via"`
	} `json:"entries"`
}

// The audit trail records who did what and when, newest first, for admins only; it never holds a
// secret, message text or a phone number.
func TestAuditTrail(t *testing.T) {
	t.Parallel()
	d := newTelegramDesk(t)
	d.send(d.fake.Text(d.customer, "my phone is +48 601 234 567"))
	conv := d.waitConversation()
	if code, body := d.as(d.agent, http.MethodPost, "/api/v1/conversations/"+conv.ID+"/archive", nil); code != http.StatusOK {
		t.Fatalf("archive: %d %s", code, body)
	}
	if code, body := d.as(d.agent, http.MethodPost, "/api/v1/conversations/"+conv.ID+"/reopen", nil); code != http.StatusOK {
		t.Fatalf("reopen: %d %s", code, body)
	}
	client := d.newClient("Anna Audit", "+48601234567")
	if code, body := d.as(d.agent, http.MethodPost, "/api/v1/conversations/"+conv.ID+"/link", map[string]string{"client_id": client.ID}); code != http.StatusOK {
		t.Fatalf("link: %d %s", code, body)
	}
	if code, body := d.as(d.agent, http.MethodDelete, "/api/v1/conversations/"+conv.ID+"/link", nil); code != http.StatusOK {
		t.Fatalf("unlink: %d %s", code, body)
	}
	if code, body := d.admin(http.MethodPatch, "/api/v1/connections/"+d.conn.ID, map[string]any{"name": "audited"}); code != http.StatusOK {
		t.Fatalf("rename: %d %s", code, body)
	}
	if code, body := d.admin(http.MethodPatch, "/api/v1/connections/"+d.conn.ID, map[string]any{
		"credentials": map[string]string{"bot_token": telegramToken}}); code != http.StatusOK {
		t.Fatalf("reconnect: %d %s", code, body)
	}
	if code, body := d.admin(http.MethodDelete, "/api/v1/connections/"+d.conn.ID, nil); code != http.StatusNoContent {
		t.Fatalf("delete: %d %s", code, body)
	}

	if code, body := d.as(d.agent, http.MethodGet, "/api/v1/audit", nil); code != http.StatusForbidden {
		t.Fatalf("an agent reading the trail: %d %s", code, body)
	}
	code, body := d.admin(http.MethodGet, "/api/v1/audit?limit=500", nil)
	var trail auditJSON
	if err := json.Unmarshal(body, &trail); err != nil || code != http.StatusOK {
		t.Fatalf("the trail: %d %s", code, body)
	}
	var got []string
	var last int64 = 1 << 62
	for _, e := range trail.Entries {
		if e.At > last {
			t.Fatalf("not newest first: %d after %d", e.At, last)
		}
		last = e.At
		if e.TargetID != d.conn.ID && e.TargetID != conv.ID {
			continue
		}
		got = append(got, e.Action)
		wantUser := d.agent.Username
		if strings.HasPrefix(e.Action, "connection.") {
			wantUser = harness.AdminUsername
		}
		if e.Username != wantUser || e.UserID == "" || e.At == 0 || e.ID == "" {
			t.Fatalf("entry %+v, want by %s", e, wantUser)
		}
		for _, secret := range []string{telegramToken, "601", "my phone"} {
			if strings.Contains(e.Detail, secret) {
				t.Fatalf("entry %s holds %q: %q", e.Action, secret, e.Detail)
			}
		}
	}
	// Newest first (checked above by time); two changes within one millisecond have no order, so
	// the actions are compared as a set.
	want := []string{"client.link", "client.unlink", "connection.create", "connection.delete", "connection.reconnect",
		"connection.update", "conversation.archive", "conversation.reopen"}
	slices.Sort(got)
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("actions %v, want %v", got, want)
	}
	if code, body := d.admin(http.MethodGet, "/api/v1/audit?limit=1&before="+fmt.Sprint(last), nil); code != http.StatusOK {
		t.Fatalf("a page before %d: %d %s", last, code, body)
	}
	if code, _ := d.admin(http.MethodGet, "/api/v1/audit?limit=0", nil); code != http.StatusBadRequest {
		t.Fatalf("limit=0: %d", code)
	}
}
