// Package conversations_test proves the core (F3–F18 in docs/features.md) on a real Mattermost server and real
// PostgreSQL, with local fake providers that speak the documented wire formats.
package conversations_test

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/e2e/harness"
)

var (
	srv  *harness.Server
	team *model.Team
	seq  atomic.Int64
)

// parallelTests is how many tests run at once unless -parallel says otherwise. The tests mostly
// wait on the server and the fake providers, so more of them than the machine has cores fit.
const parallelTests = "8"

func TestMain(m *testing.M) {
	// Before m.Run parses the command line, so that an explicit -parallel still wins.
	if f := flag.Lookup("test.parallel"); f != nil {
		_ = f.Value.Set(parallelTests)
	}
	harness.Main(m, func(s *harness.Server) {
		srv = s
		var err error
		if team, err = s.CreateTeam("chats"); err != nil {
			panic(err)
		}
	})
}

// user is a Mattermost user with a token.
type user struct {
	*model.User
	token string
}

func (u user) client() *model.Client4 { return srv.Client(u.token) }

func newUser(t *testing.T, prefix string) user {
	t.Helper()
	u, token, err := srv.CreateUser(fmt.Sprintf("%s%d", prefix, seq.Add(1)))
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.AddToTeam(team.Id, u.Id); err != nil {
		t.Fatal(err)
	}
	return user{u, token}
}

// desk is one connected provider account: its Mattermost channel, the fake provider behind it and
// an agent who is a member of the channel.
type desk struct {
	t         *testing.T
	channelID string
	conn      connectionJSON
	agent     user
	provider  *httptest.Server
}

type connectionJSON struct {
	ID          string            `json:"id"`
	Kind        string            `json:"kind"`
	Name        string            `json:"name"`
	ChannelID   string            `json:"channel_id"`
	Credentials map[string]string `json:"credentials"`
	APIBaseURL  string            `json:"api_base_url"`
	WebhookURL  string            `json:"webhook_url"`
	VerifyToken string            `json:"verify_token"`
	AccountName string            `json:"account_name"`
	SyncLost    bool              `json:"sync_lost"`
	SyncReason  string            `json:"sync_reason"`
}

// newDesk creates a channel with an agent, serves fake at a local URL and connects it as kind.
func newDesk(t *testing.T, kind string, creds map[string]string, fake http.Handler) *desk {
	t.Helper()
	ch, err := srv.CreateChannel(team.Id, fmt.Sprintf("%s-%d", kind, seq.Add(1)))
	if err != nil {
		t.Fatal(err)
	}
	agent := newUser(t, "agent")
	if err := srv.AddToChannel(ch.Id, agent.Id); err != nil {
		t.Fatal(err)
	}
	provider := httptest.NewServer(fake)
	t.Cleanup(provider.Close)
	d := &desk{t: t, channelID: ch.Id, agent: agent, provider: provider}
	status, body := d.admin(http.MethodPost, "/api/v1/connections", map[string]any{
		"kind": kind, "name": kind + " desk", "channel_id": ch.Id, "credentials": creds, "api_base_url": provider.URL,
	})
	if status != http.StatusCreated {
		t.Fatalf("creating %s connection: %d %s", kind, status, body)
	}
	if err := json.Unmarshal(body, &d.conn); err != nil {
		t.Fatal(err)
	}
	return d
}

// admin calls the plugin API as the system admin.
func (d *desk) admin(method, path string, body any) (int, []byte) {
	return call(d.t, srv.AdminToken, method, path, body)
}

// as calls the plugin API as the agent.
func (d *desk) as(u user, method, path string, body any) (int, []byte) {
	return call(d.t, u.token, method, path, body)
}

func call(t *testing.T, token, method, path string, body any) (int, []byte) {
	t.Helper()
	code, data, err := srv.PluginDo(token, method, path, body)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	return code, data
}

// deliver posts a provider delivery to the connection's webhook and returns the status.
func deliver(t *testing.T, req *http.Request) int {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("webhook: %v", err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// eventually polls cond until it holds or the time is up.
func eventually(t *testing.T, within time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		if cond() {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("timed out after %s waiting for %s\nserver log (plugin lines):\n%s", within, what, pluginLog())
}

// waitOutcome waits until the core has logged n outcomes of that name for the connection.
func waitOutcome(t *testing.T, connectionID, outcome string, n int) {
	t.Helper()
	srv.WaitOutcome(t, connectionID, outcome, n)
}

// countOutcomes is how many outcomes of that name the core has logged for the connection.
func countOutcomes(t *testing.T, connectionID, outcome string) int {
	t.Helper()
	return srv.CountOutcomes(t, connectionID, outcome)
}

// conversationJSON is the API's conversation.
type conversationJSON struct {
	ID             string `json:"id"`
	ConnectionID   string `json:"connection_id"`
	Kind           string `json:"kind"`
	ConnectionName string `json:"connection_name"`
	RootPostID     string `json:"root_post_id"`
	Status         string `json:"status"`
	ArchivedBy     string `json:"archived_by"`
	ArchivedAt     int64  `json:"archived_at"`
	Unanswered     bool   `json:"unanswered"`
	Unread         bool   `json:"unread"`
	PrunedCount    int    `json:"pruned_count"`
	OptedOutAt     int64  `json:"opted_out_at"`
	ClientID       string `json:"client_id"`
	LastCustomerAt int64  `json:"last_customer_at"`
	Customer       struct {
		ID       string `json:"id"`
		Name     string `json:"name"`
		Phone    string `json:"phone"`
		Username string `json:"username"`
	} `json:"customer"`
	Window struct {
		State    string `json:"state"`
		DeepLink string `json:"deep_link"`
	} `json:"window"`
	SyncLost bool `json:"sync_lost"`
}

// conversations lists the desk's conversations as the agent sees them.
func (d *desk) conversations(status string) []conversationJSON {
	d.t.Helper()
	code, body := d.as(d.agent, http.MethodGet, "/api/v1/conversations?status="+status+"&connection_id="+d.conn.ID, nil)
	if code != http.StatusOK {
		d.t.Fatalf("list conversations: %d %s", code, body)
	}
	var out []conversationJSON
	if err := json.Unmarshal(body, &out); err != nil {
		d.t.Fatal(err)
	}
	return out
}

// waitConversation waits until the desk has exactly one conversation and returns it.
func (d *desk) waitConversation() conversationJSON {
	d.t.Helper()
	var got []conversationJSON
	eventually(d.t, 20*time.Second, "the conversation's thread", func() bool {
		got = d.conversations("all")
		return len(got) == 1 && got[0].RootPostID != ""
	})
	return d.conversation(got[0].ID)
}

func (d *desk) conversation(id string) conversationJSON {
	d.t.Helper()
	code, body := d.as(d.agent, http.MethodGet, "/api/v1/conversations/"+id, nil)
	if code != http.StatusOK {
		d.t.Fatalf("get conversation: %d %s", code, body)
	}
	var c conversationJSON
	if err := json.Unmarshal(body, &c); err != nil {
		d.t.Fatal(err)
	}
	return c
}

// thread returns the replies of a thread in order (the root excluded).
func thread(t *testing.T, rootID string) []*model.Post {
	t.Helper()
	list, _, err := srv.Client(srv.AdminToken).GetPostThread(context.Background(), rootID, "", false)
	if err != nil {
		t.Fatal(err)
	}
	list.SortByCreateAt()
	var out []*model.Post
	for i := len(list.Order) - 1; i >= 0; i-- {
		p := list.Posts[list.Order[i]]
		if p.Id != rootID {
			out = append(out, p)
		}
	}
	return out
}

// waitReplies waits until the thread holds n replies and returns them.
func waitReplies(t *testing.T, rootID string, n int) []*model.Post {
	t.Helper()
	var got []*model.Post
	eventually(t, 30*time.Second, fmt.Sprintf("%d replies in the thread", n), func() bool {
		got = thread(t, rootID)
		return len(got) >= n
	})
	if len(got) != n {
		t.Fatalf("thread has %d replies, want %d: %v", len(got), n, messages(got))
	}
	return got
}

func messages(ps []*model.Post) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Message
	}
	return out
}

// reply posts an agent's reply in a thread; it returns the post or the refusal.
func reply(t *testing.T, u user, channelID, rootID, text string) (*model.Post, error) {
	t.Helper()
	p, _, err := u.client().CreatePost(context.Background(), &model.Post{ChannelId: channelID, RootId: rootID, Message: text})
	return p, err
}

// delivery returns the delivery prop of a post as the plugin keeps it current.
func delivery(t *testing.T, postID string) map[string]any {
	t.Helper()
	p, _, err := srv.Client(srv.AdminToken).GetPost(context.Background(), postID, "")
	if err != nil {
		t.Fatal(err)
	}
	d, _ := p.GetProp("frontdesk_delivery").(map[string]any)
	return d
}

func waitState(t *testing.T, postID, state string) map[string]any {
	t.Helper()
	var d map[string]any
	eventually(t, 30*time.Second, "delivery state "+state, func() bool {
		d = delivery(t, postID)
		return d != nil && d["state"] == state
	})
	return d
}

func rootMessage(t *testing.T, rootID string) string {
	t.Helper()
	p, _, err := srv.Client(srv.AdminToken).GetPost(context.Background(), rootID, "")
	if err != nil {
		t.Fatal(err)
	}
	return p.Message
}

// attachment reads the file of a customer's post. Mattermost saves a post a moment before it
// attaches the post's files, and a read in that moment caches the file without its channel (every
// later read is refused until the cache expires), so the file is read once the post is logged as
// created, which is after Mattermost attached its files.
func attachment(t *testing.T, connectionID string, post *model.Post) []byte {
	t.Helper()
	if len(post.FileIds) != 1 {
		t.Fatalf("post has %d files, want 1", len(post.FileIds))
	}
	eventually(t, 30*time.Second, "the post logged as created", func() bool {
		got, err := srv.Outcomes(connectionID, "posted")
		if err != nil {
			t.Fatal(err)
		}
		return slices.ContainsFunc(got, func(o harness.Outcome) bool { return o.PostID == post.Id })
	})
	data, _, err := srv.Client(srv.AdminToken).GetFile(context.Background(), post.FileIds[0])
	if err != nil {
		t.Fatalf("file %s: %v", post.FileIds[0], err)
	}
	return data
}

func contains(t *testing.T, got, want string) {
	t.Helper()
	if !strings.Contains(got, want) {
		t.Fatalf("%q does not contain %q", got, want)
	}
}

// executeInThread runs a slash command typed in a thread's reply box.
func executeInThread(t *testing.T, u user, channelID, rootID, command string) (int, string) {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"channel_id": channelID, "team_id": team.Id, "root_id": rootID, "command": command})
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/api/v4/commands/execute", strings.NewReader(string(body)))
	req.Header.Set("Authorization", "Bearer "+u.token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		Text string `json:"text"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out.Text
}

// pluginLog is the tail of the server log's plugin lines, shown when a wait times out.
func pluginLog() string {
	var out []string
	for _, l := range strings.Split(srv.LogTail(400), "\n") {
		if strings.Contains(l, "frontdesk") || strings.Contains(l, "Frontdesk") {
			out = append(out, l)
		}
	}
	if len(out) > 30 {
		out = out[len(out)-30:]
	}
	return strings.Join(out, "\n")
}
