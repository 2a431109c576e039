package conversations_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/mattermost/mattermost/server/public/model"
)

// staffRow is a row of the chats list with the staff fields.
type staffRow struct {
	conversationJSON
	AssigneeID       string `json:"assignee_id"`
	AssigneeUsername string `json:"assignee_username"`
	WindowClosed     bool   `json:"window_closed"`
}

// listAs lists chats as a user with a raw query and returns the rows and the X-Has-More header.
func listAs(t *testing.T, u user, query string) ([]staffRow, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/plugins/frontdesk/api/v1/conversations?"+query, nil)
	req.Header.Set("Authorization", "Bearer "+u.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("list %q: %d %s", query, resp.StatusCode, body)
	}
	var rows []staffRow
	if err := json.Unmarshal(body, &rows); err != nil {
		t.Fatal(err)
	}
	return rows, resp.Header.Get("X-Has-More")
}

// followedThread is the thread as the user's own Threads view shows it; nil when they do not follow it.
func followedThread(t *testing.T, u user, rootID string) *model.ThreadResponse {
	t.Helper()
	threads, _, err := u.client().GetUserThreads(context.Background(), u.Id, team.Id, model.GetUserThreadsOpts{PageSize: 200})
	if err != nil {
		t.Fatal(err)
	}
	for _, th := range threads.Threads {
		if th.PostId == rootID {
			return th
		}
	}
	return nil
}

// waitUnreadThread waits until the user follows the thread with unread replies in their Threads view.
func waitUnreadThread(t *testing.T, u user, rootID, when string) *model.ThreadResponse {
	t.Helper()
	var th *model.ThreadResponse
	eventually(t, 20*time.Second, u.Username+" following the chat with unread replies "+when, func() bool {
		th = followedThread(t, u, rootID)
		return th != nil && th.UnreadReplies > 0
	})
	return th
}

// readThread marks the thread read for the user, as opening it in Mattermost does.
func readThread(t *testing.T, u user, rootID string) {
	t.Helper()
	if _, _, err := u.client().UpdateThreadReadForUser(context.Background(), u.Id, team.Id, rootID, model.GetMillis()); err != nil {
		t.Fatal(err)
	}
	eventually(t, 10*time.Second, "the thread read", func() bool {
		th := followedThread(t, u, rootID)
		return th != nil && th.UnreadReplies == 0
	})
}

// channelUnread is the channel's unread state for the user, as Mattermost's own API reports it.
func channelUnread(t *testing.T, u user, channelID string) *model.ChannelUnread {
	t.Helper()
	cu, _, err := u.client().GetChannelUnread(context.Background(), channelID, u.Id)
	if err != nil {
		t.Fatal(err)
	}
	return cu
}

// viewChannel marks the channel read for the user, as opening it in a client with collapsed reply
// threads does (which leaves its threads' unread replies alone).
func viewChannel(t *testing.T, u user, channelID string) {
	t.Helper()
	view := &model.ChannelView{ChannelId: channelID, CollapsedThreadsSupported: true}
	if _, _, err := u.client().ViewChannel(context.Background(), u.Id, view); err != nil {
		t.Fatal(err)
	}
	eventually(t, 10*time.Second, "the channel read", func() bool {
		cu := channelUnread(t, u, channelID)
		return cu.MsgCount == 0 && cu.MsgCountRoot == 0
	})
}

// waitReplyUnreadInChannel waits until a customer's reply in a chat thread is unread in the channel
// as Mattermost counts it with collapsed reply threads: among the channel's messages (msg_count), not
// as a new root post (msg_count_root stays 0: a reply lives in the Threads view), and the team's
// Threads view has an unread thread.
func waitReplyUnreadInChannel(t *testing.T, u user, channelID, when string) {
	t.Helper()
	eventually(t, 20*time.Second, u.Username+"'s channel unread "+when, func() bool {
		return channelUnread(t, u, channelID).MsgCount >= 1
	})
	if cu := channelUnread(t, u, channelID); cu.MsgCountRoot != 0 {
		t.Fatalf("%s: msg_count_root %d %s; a chat reply is not a new root post", u.Username, cu.MsgCountRoot, when)
	}
	totals, _, err := u.client().GetUserThreads(context.Background(), u.Id, team.Id, model.GetUserThreadsOpts{TotalsOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if totals.TotalUnreadThreads < 1 {
		t.Fatalf("%s: the team's Threads view has %d unread threads %s", u.Username, totals.TotalUnreadThreads, when)
	}
}

// Issue 10: a member who never replied follows every chat thread, so each customer message (first,
// later, after an archived chat reopens) is unread in their Threads view and notifies them; the
// channel itself is unread for them by Mattermost's own counts.
func TestMemberWhoNeverRepliedHasEveryCustomerMessageUnread(t *testing.T) {
	t.Parallel()
	d := newTelegramDesk(t)
	// Joined after the connection: the join hook makes them follow the channel's chats.
	watcher := newUser(t, "watcher")
	if err := srv.AddToChannel(d.channelID, watcher.Id); err != nil {
		t.Fatal(err)
	}
	eventually(t, 10*time.Second, "the watcher's channel_auto_follow_threads", func() bool {
		m, _, err := watcher.client().GetChannelMember(context.Background(), d.channelID, watcher.Id, "")
		return err == nil && m.NotifyProps[model.ChannelAutoFollowThreads] == model.ChannelAutoFollowThreadsOn
	})
	if code := d.send(d.fake.Text(d.customer, "Hello, is my phone ready?")); code != http.StatusOK {
		t.Fatalf("webhook answered %d", code)
	}
	conv := d.waitConversation()
	waitReplies(t, conv.RootPostID, 1)
	// Both the agent (in the channel before the chat opened) and the watcher follow the thread.
	for _, u := range []user{d.agent, watcher} {
		th := waitUnreadThread(t, u, conv.RootPostID, "after the first message")
		if th.UnreadReplies != 1 {
			t.Fatalf("%s: %d unread replies after the first message, want 1", u.Username, th.UnreadReplies)
		}
	}
	// The chat's header card is a new root post: the channel is unread (msg_count_root, which the
	// sidebar reads with collapsed reply threads).
	eventually(t, 20*time.Second, "the channel unread after the first message", func() bool {
		return channelUnread(t, watcher, d.channelID).MsgCountRoot >= 1
	})
	readThread(t, watcher, conv.RootPostID)
	viewChannel(t, watcher, d.channelID)

	if code := d.send(d.fake.Text(d.customer, "Any news?")); code != http.StatusOK {
		t.Fatalf("webhook answered %d", code)
	}
	waitReplies(t, conv.RootPostID, 2)
	if th := waitUnreadThread(t, watcher, conv.RootPostID, "after a later message"); th.UnreadReplies != 1 {
		t.Fatalf("%d unread replies after a later message, want 1", th.UnreadReplies)
	}
	waitReplyUnreadInChannel(t, watcher, d.channelID, "after a later message")
	readThread(t, watcher, conv.RootPostID)
	viewChannel(t, watcher, d.channelID)

	if code, body := d.as(d.agent, http.MethodPost, "/api/v1/conversations/"+conv.ID+"/archive", nil); code != http.StatusOK {
		t.Fatalf("archive: %d %s", code, body)
	}
	// Whatever archiving posted is read: only the customer's message makes the chat unread again.
	readThread(t, watcher, conv.RootPostID)
	viewChannel(t, watcher, d.channelID)
	if code := d.send(d.fake.Text(d.customer, "Hello again")); code != http.StatusOK {
		t.Fatalf("webhook answered %d", code)
	}
	eventually(t, 20*time.Second, "the chat reopened", func() bool { return d.conversation(conv.ID).Status == "active" })
	if th := waitUnreadThread(t, watcher, conv.RootPostID, "after the archived chat reopened"); th.UnreadReplies < 1 {
		t.Fatalf("%d unread replies after reopening", th.UnreadReplies)
	}
	waitReplyUnreadInChannel(t, watcher, d.channelID, "after the archived chat reopened")
}

// Issue 10: a member who joins the channel after a chat opened follows that chat's thread: the next
// customer message in it is unread in their Threads view.
func TestMemberWhoJoinsAfterAChatOpenedHasItsNextMessageUnread(t *testing.T) {
	t.Parallel()
	d := newTelegramDesk(t)
	if code := d.send(d.fake.Text(d.customer, "Hello, is my phone ready?")); code != http.StatusOK {
		t.Fatalf("webhook answered %d", code)
	}
	conv := d.waitConversation()
	waitReplies(t, conv.RootPostID, 1)

	late := newUser(t, "late")
	if err := srv.AddToChannel(d.channelID, late.Id); err != nil {
		t.Fatal(err)
	}
	eventually(t, 10*time.Second, "the new member's channel_auto_follow_threads", func() bool {
		m, _, err := late.client().GetChannelMember(context.Background(), d.channelID, late.Id, "")
		return err == nil && m.NotifyProps[model.ChannelAutoFollowThreads] == model.ChannelAutoFollowThreadsOn
	})
	viewChannel(t, late, d.channelID)

	if code := d.send(d.fake.Text(d.customer, "Any news?")); code != http.StatusOK {
		t.Fatalf("webhook answered %d", code)
	}
	waitReplies(t, conv.RootPostID, 2)
	if th := waitUnreadThread(t, late, conv.RootPostID, "after a message that came once they joined"); th.UnreadReplies < 1 {
		t.Fatalf("%d unread replies", th.UnreadReplies)
	}
	waitReplyUnreadInChannel(t, late, d.channelID, "after a message that came once they joined")
}

// Issue 10: assigning a chat posts an event in its thread, shows the assignee on the header card and
// the list, tells the assignee in a direct message, and refuses someone outside the channel.
func TestAssignmentEventHeaderCardNoticeAndRefusal(t *testing.T) {
	t.Parallel()
	d := newTelegramDesk(t)
	bob := newUser(t, "bob")
	if err := srv.AddToChannel(d.channelID, bob.Id); err != nil {
		t.Fatal(err)
	}
	outsider := newUser(t, "outsider")
	d.send(d.fake.Text(d.customer, "Hello"))
	conv := d.waitConversation()
	waitReplies(t, conv.RootPostID, 1)

	code, body := d.as(d.agent, http.MethodPost, "/api/v1/conversations/"+conv.ID+"/assign", map[string]string{"user_id": outsider.Id})
	if code != http.StatusBadRequest {
		t.Fatalf("assigning a non-member: %d %s, want 400", code, body)
	}
	contains(t, string(body), "not a member of its channel")

	code, body = d.as(d.agent, http.MethodPost, "/api/v1/conversations/"+conv.ID+"/assign", map[string]string{"user_id": bob.Id})
	if code != http.StatusOK {
		t.Fatalf("assign: %d %s", code, body)
	}
	var got staffRow
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatal(err)
	}
	if got.AssigneeID != bob.Id || got.AssigneeUsername != bob.Username {
		t.Fatalf("answer has assignee %q (@%s), want %s", got.AssigneeID, got.AssigneeUsername, bob.Username)
	}
	replies := waitReplies(t, conv.RootPostID, 2)
	contains(t, replies[1].Message, "assigned this chat to @"+bob.Username)
	contains(t, replies[1].Message, d.agent.Username)
	eventually(t, 10*time.Second, "the header card naming the assignee", func() bool {
		return strings.Contains(rootMessage(t, conv.RootPostID), "Assigned to @"+bob.Username)
	})
	// The direct message from the bot, with a link to the thread.
	dm, _, err := bob.client().CreateDirectChannel(context.Background(), bob.Id, botID(t))
	if err != nil {
		t.Fatal(err)
	}
	eventually(t, 10*time.Second, "the assignee's notice", func() bool {
		posts, _, err := bob.client().GetPostsForChannel(context.Background(), dm.Id, 0, 10, "", false, false)
		if err != nil {
			return false
		}
		for _, p := range posts.Posts {
			if strings.Contains(p.Message, "/_redirect/pl/"+conv.RootPostID) && strings.Contains(p.Message, "assigned you") {
				return true
			}
		}
		return false
	})
	rows, _ := listAs(t, bob, "assigned=me&connection_id="+d.conn.ID)
	if len(rows) != 1 || rows[0].ID != conv.ID || rows[0].AssigneeUsername != bob.Username {
		t.Fatalf("assigned=me for the assignee: %+v", rows)
	}
	if rows, _ := listAs(t, bob, "assigned=none&connection_id="+d.conn.ID); len(rows) != 0 {
		t.Fatalf("assigned=none lists the assigned chat: %+v", rows)
	}

	// /frontdesk unassign in the thread, then assign me.
	if _, text := executeInThread(t, bob, d.channelID, conv.RootPostID, "/frontdesk unassign"); text != "Chat unassigned." {
		t.Fatalf("unassign answered %q", text)
	}
	if rows, _ := listAs(t, bob, "assigned=none&connection_id="+d.conn.ID); len(rows) != 1 {
		t.Fatalf("assigned=none after unassigning: %+v", rows)
	}
	if _, text := executeInThread(t, d.agent, d.channelID, conv.RootPostID, "/frontdesk assign me"); text != "Chat assigned to @"+d.agent.Username+"." {
		t.Fatalf("assign me answered %q", text)
	}
	if _, text := executeInThread(t, d.agent, d.channelID, conv.RootPostID, "/frontdesk assign @"+outsider.Username); !strings.Contains(text, "not a member") {
		t.Fatalf("assigning a non-member by command answered %q", text)
	}
	replies = waitReplies(t, conv.RootPostID, 4)
	contains(t, replies[2].Message, "unassigned this chat")
	contains(t, replies[3].Message, "took this chat")

	// Assign to me on the header card: one tap where the sidebar is not (mobile).
	if !hasAction(t, conv.RootPostID, "take") {
		t.Fatalf("header card actions = %v, want take", actionIDs(t, conv.RootPostID))
	}
	if _, err := bob.client().DoPostAction(context.Background(), conv.RootPostID, "take"); err != nil {
		t.Fatal(err)
	}
	if c := d.conversation(conv.ID); c.Status != "active" {
		t.Fatalf("after take: %+v", c)
	}
	eventually(t, 10*time.Second, "the header card naming bob again", func() bool {
		return strings.Contains(rootMessage(t, conv.RootPostID), "Assigned to @"+bob.Username)
	})
	if _, err := outsider.client().DoPostAction(context.Background(), conv.RootPostID, "take"); err == nil {
		t.Fatal("a user outside the channel could press Assign to me")
	}
}

func botID(t *testing.T) string {
	t.Helper()
	u, _, err := srv.Client(srv.AdminToken).GetUserByUsername(context.Background(), "frontdesk", "")
	if err != nil {
		t.Fatal(err)
	}
	return u.Id
}

// Issue 10: quick replies per team — create, change, list, delete — and /frontdesk reply sends one
// as the user's reply, relayed to the customer like any reply.
func TestQuickRepliesAndReplyCommand(t *testing.T) {
	t.Parallel()
	d := newTelegramDesk(t)
	base := "/api/v1/teams/" + team.Id + "/quick-replies/"
	name := fmt.Sprintf("hours%d", seq.Add(1))
	code, body := d.as(d.agent, http.MethodPut, base+name, map[string]string{"text": "We open at 9."})
	if code != http.StatusOK {
		t.Fatalf("put: %d %s", code, body)
	}
	code, body = d.as(d.agent, http.MethodPut, base+name, map[string]string{"text": "We open at 9 and close at 17."})
	if code != http.StatusOK {
		t.Fatalf("put again: %d %s", code, body)
	}
	if code, body := d.as(d.agent, http.MethodPut, base+"bad%20name", map[string]string{"text": "x"}); code != http.StatusBadRequest {
		t.Fatalf("bad name: %d %s", code, body)
	}
	if code, body := d.as(d.agent, http.MethodPut, base+"long", map[string]string{"text": strings.Repeat("a", 5000)}); code != http.StatusBadRequest {
		t.Fatalf("too long: %d %s", code, body)
	}
	// Someone outside the team sees nothing.
	stranger, token, err := srv.CreateUser(fmt.Sprintf("stranger%d", seq.Add(1)))
	if err != nil {
		t.Fatal(err)
	}
	if code, _ := call(t, token, http.MethodGet, "/api/v1/teams/"+team.Id+"/quick-replies", nil); code != http.StatusNotFound {
		t.Fatalf("%s outside the team listed quick replies: %d", stranger.Username, code)
	}
	code, body = d.as(d.agent, http.MethodGet, "/api/v1/teams/"+team.Id+"/quick-replies", nil)
	if code != http.StatusOK {
		t.Fatalf("list: %d %s", code, body)
	}
	var list []struct {
		Name, Text, UpdatedBy string
		UpdatedAt             int64 `json:"updated_at"`
	}
	if err := json.Unmarshal(body, &list); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, q := range list {
		if q.Name == name {
			found = q.Text == "We open at 9 and close at 17." && q.UpdatedAt > 0
		}
	}
	if !found {
		t.Fatalf("list lacks %s with its new text: %s", name, body)
	}

	d.send(d.fake.Text(d.customer, "When do you open?"))
	conv := d.waitConversation()
	waitReplies(t, conv.RootPostID, 1)
	_, text := executeInThread(t, d.agent, d.channelID, conv.RootPostID, "/frontdesk replies")
	contains(t, text, name)
	executeInThread(t, d.agent, d.channelID, conv.RootPostID, "/frontdesk reply "+name)
	replies := waitReplies(t, conv.RootPostID, 2)
	if replies[1].UserId != d.agent.Id || replies[1].Message != "We open at 9 and close at 17." {
		t.Fatalf("quick reply posted as %s: %q", replies[1].UserId, replies[1].Message)
	}
	waitState(t, replies[1].Id, "sent")
	eventually(t, 10*time.Second, "the quick reply at the provider", func() bool {
		for _, s := range d.sentTexts() {
			if s == "We open at 9 and close at 17." {
				return true
			}
		}
		return false
	})
	if _, text := executeInThread(t, d.agent, d.channelID, conv.RootPostID, "/frontdesk reply nosuchreply"); !strings.Contains(text, "no quick reply") {
		t.Fatalf("unknown quick reply answered %q", text)
	}
	// The command's autocomplete offers the team's quick replies by what was typed.
	suggestions, _, err := d.agent.client().ListCommandAutocompleteSuggestions(context.Background(), "/frontdesk reply "+name[:3], team.Id)
	if err != nil {
		t.Fatal(err)
	}
	offered := false
	for _, s := range suggestions {
		offered = offered || s.Complete == "frontdesk reply "+name
	}
	if !offered {
		t.Fatalf("autocomplete for /frontdesk reply offers %+v, want %s", suggestions, name)
	}

	// Managed by command too, where the web app's sidebar is not (the mobile apps).
	saved := name + "_m"
	if _, text := executeInThread(t, d.agent, d.channelID, "", "/frontdesk replies save "+saved+" See you soon"); !strings.Contains(text, "saved") {
		t.Fatalf("replies save answered %q", text)
	}
	_, text = executeInThread(t, d.agent, d.channelID, "", "/frontdesk replies")
	contains(t, text, saved+"` — See you soon")
	if _, text := executeInThread(t, d.agent, d.channelID, "", "/frontdesk replies delete "+saved); !strings.Contains(text, "deleted") {
		t.Fatalf("replies delete answered %q", text)
	}
	if _, text := executeInThread(t, d.agent, d.channelID, conv.RootPostID, "/frontdesk read"); text != "Chat marked read." {
		t.Fatalf("read answered %q", text)
	}
	if c := d.conversation(conv.ID); c.Unread {
		t.Fatal("the chat is still unread after /frontdesk read")
	}
	if code, body := d.as(d.agent, http.MethodDelete, base+name, nil); code != http.StatusNoContent {
		t.Fatalf("delete: %d %s", code, body)
	}
	if code, _ := d.as(d.agent, http.MethodDelete, base+name, nil); code != http.StatusNotFound {
		t.Fatalf("delete again: %d", code)
	}
}

// Issue 10: the list searches by name, username and phone digits, filters by assignee and pages with
// X-Has-More.
func TestListSearchAssignedFilterAndPaging(t *testing.T) {
	t.Parallel()
	d := newTelegramDesk(t)
	names := []string{"Zofia Kowalska", "Jan Wiśniewski", "Zenon Nowak"}
	for i, n := range names {
		first, last, _ := strings.Cut(n, " ")
		u := d.customer
		u.ID += int64(1000 * (i + 1))
		u.FirstName, u.LastName, u.Username = first, last, fmt.Sprintf("user_%d", i)
		d.send(d.fake.Text(u, "Hi"))
		eventually(t, 20*time.Second, "chat "+n, func() bool {
			rows, _ := listAs(t, d.agent, "status=all&connection_id="+d.conn.ID)
			return len(rows) == i+1 && rows[0].RootPostID != ""
		})
	}
	rows, more := listAs(t, d.agent, "q=KOWAL&connection_id="+d.conn.ID)
	if len(rows) != 1 || rows[0].Customer.Name != "Zofia Kowalska" || more != "false" {
		t.Fatalf("q=KOWAL: %+v more=%s", rows, more)
	}
	if rows, _ := listAs(t, d.agent, "q=user_1&connection_id="+d.conn.ID); len(rows) != 1 || rows[0].Customer.Username != "user_1" {
		t.Fatalf("q by username: %+v", rows)
	}
	if rows, _ := listAs(t, d.agent, "q=nobody-like-this&connection_id="+d.conn.ID); len(rows) != 0 {
		t.Fatalf("q matching nothing: %+v", rows)
	}
	rows, more = listAs(t, d.agent, "per_page=2&page=0&connection_id="+d.conn.ID)
	if len(rows) != 2 || more != "true" {
		t.Fatalf("page 0 of 2: %d rows, X-Has-More %q", len(rows), more)
	}
	rows, more = listAs(t, d.agent, "per_page=2&page=1&connection_id="+d.conn.ID)
	if len(rows) != 1 || more != "false" {
		t.Fatalf("page 1 of 2: %d rows, X-Has-More %q", len(rows), more)
	}
	if rows[0].SyncLost || rows[0].WindowClosed || rows[0].AssigneeID != "" {
		t.Fatalf("row flags: %+v", rows[0])
	}
	code, body := d.as(d.agent, http.MethodPost, "/api/v1/conversations/"+rows[0].ID+"/assign", map[string]string{"user_id": d.agent.Id})
	if code != http.StatusOK {
		t.Fatalf("assign: %d %s", code, body)
	}
	if rows, _ := listAs(t, d.agent, "assigned="+d.agent.Id+"&connection_id="+d.conn.ID); len(rows) != 1 || rows[0].AssigneeUsername != d.agent.Username {
		t.Fatalf("assigned=<id>: %+v", rows)
	}
	if rows, _ := listAs(t, d.agent, "assigned=none&connection_id="+d.conn.ID); len(rows) != 2 {
		t.Fatalf("assigned=none: %+v", rows)
	}
	// The unread and unanswered filters: the agent reads the chat assigned to them and answers one
	// of the other two.
	mine := rows[0].Customer.Name
	byName := map[string]staffRow{}
	var others []string
	all, _ := listAs(t, d.agent, "connection_id="+d.conn.ID)
	for _, r := range all {
		byName[r.Customer.Name] = r
		if r.Customer.Name != mine {
			others = append(others, r.Customer.Name)
		}
	}
	sort.Strings(others)
	answered, waiting := others[0], others[1]
	if code, body := d.as(d.agent, http.MethodPost, "/api/v1/conversations/"+byName[mine].ID+"/read", nil); code != http.StatusOK {
		t.Fatalf("read: %d %s", code, body)
	}
	if _, err := reply(t, d.agent, d.channelID, byName[answered].RootPostID, "Ready tomorrow"); err != nil {
		t.Fatal(err)
	}
	eventually(t, 20*time.Second, answered+"'s chat answered", func() bool {
		rows, _ := listAs(t, d.agent, "unanswered=true&connection_id="+d.conn.ID)
		return customerNames(rows) == sortedNames(mine, waiting)
	})
	firstName, _, _ := strings.Cut(waiting, " ")
	for _, tt := range []struct{ query, want string }{
		{"unread=true", sortedNames(answered, waiting)},
		{"unread=true&unanswered=true", waiting},
		{"unanswered=true&assigned=me", mine},
		{"unread=true&assigned=me", ""},
		{"unread=true&q=" + strings.ToUpper(firstName), waiting},
	} {
		if rows, _ := listAs(t, d.agent, tt.query+"&connection_id="+d.conn.ID); customerNames(rows) != tt.want {
			t.Errorf("%s: %q, want %q", tt.query, customerNames(rows), tt.want)
		}
	}
	// Another member has read nothing: every chat is unread for them.
	other := newUser(t, "other")
	if err := srv.AddToChannel(d.channelID, other.Id); err != nil {
		t.Fatal(err)
	}
	if rows, _ := listAs(t, other, "unread=true&connection_id="+d.conn.ID); len(rows) != 3 {
		t.Errorf("unread=true for a member who read nothing: %q", customerNames(rows))
	}

	code, body = d.as(d.agent, http.MethodGet, "/api/v1/me", nil)
	var me struct {
		MaxLength int `json:"max_length"`
	}
	if code != http.StatusOK || json.Unmarshal(body, &me) != nil || me.MaxLength <= 0 {
		t.Fatalf("/me: %d %s", code, body)
	}
	// /frontdesk chats lists the active chats with their links, narrowed as the list is.
	_, text := executeInThread(t, d.agent, d.channelID, "", "/frontdesk chats")
	for _, n := range names {
		contains(t, text, n)
	}
	contains(t, text, "/_redirect/pl/")
	for _, tt := range []struct {
		args     string
		want     []string
		not      []string
		noneLeft bool
	}{
		{"mine", []string{mine, "@" + d.agent.Username}, others, false},
		{"unanswered " + strings.ToLower(firstName), []string{waiting, "unanswered"}, []string{mine, answered}, false},
		{`unread connection:"` + d.conn.Name + `"`, others, []string{mine}, false},
		{"archived", nil, names, true},
		{"page:2", nil, names, true},
	} {
		_, text := executeInThread(t, d.agent, d.channelID, "", "/frontdesk chats "+tt.args)
		for _, w := range tt.want {
			contains(t, text, w)
		}
		for _, w := range tt.not {
			if strings.Contains(text, w) {
				t.Errorf("/frontdesk chats %s lists %q:\n%s", tt.args, w, text)
			}
		}
		if tt.noneLeft && !strings.HasPrefix(text, "No chat matches") {
			t.Errorf("/frontdesk chats %s: %q", tt.args, text)
		}
	}
}

// sortedNames are names sorted and joined, as customerNames gives them.
func sortedNames(names ...string) string {
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// customerNames are the rows' customers' names, sorted and joined.
func customerNames(rows []staffRow) string {
	var out []string
	for _, r := range rows {
		out = append(out, r.Customer.Name)
	}
	sort.Strings(out)
	return strings.Join(out, ", ")
}

// Issue 10: a Polish user gets the command answers, help and refusals in Polish.
func TestPolishUserGetsPolishCommandAnswers(t *testing.T) {
	t.Parallel()
	d := newTelegramDesk(t)
	polka := newUser(t, "polka")
	if err := srv.AddToChannel(d.channelID, polka.Id); err != nil {
		t.Fatal(err)
	}
	if _, _, err := srv.Client(srv.AdminToken).PatchUser(context.Background(), polka.Id, &model.UserPatch{Locale: model.NewPointer("pl")}); err != nil {
		t.Fatal(err)
	}
	_, help := executeInThread(t, polka, d.channelID, "", "/frontdesk help")
	contains(t, help, "Polecenia Frontdesk")
	contains(t, help, "Zarchiwizuj czat tego wątku")
	if _, text := executeInThread(t, polka, d.channelID, "", "/frontdesk archive"); text != "Użyj /frontdesk archive w wątku czatu." {
		t.Fatalf("refusal outside a thread: %q", text)
	}
	if _, text := executeInThread(t, polka, d.channelID, "", "/frontdesk nonsense"); !strings.HasPrefix(text, "Nieznane polecenie") {
		t.Fatalf("unknown command: %q", text)
	}
	d.send(d.fake.Text(d.customer, "Dzień dobry"))
	conv := d.waitConversation()
	waitReplies(t, conv.RootPostID, 1)
	if _, text := executeInThread(t, polka, d.channelID, conv.RootPostID, "/frontdesk assign me"); text != "Czat przypisany do @"+polka.Username+"." {
		t.Fatalf("assign me in Polish: %q", text)
	}
	if _, text := executeInThread(t, polka, d.channelID, conv.RootPostID, "/frontdesk status"); !strings.Contains(text, " w Telegram (") ||
		!strings.Contains(text, " · aktywny\n") || !strings.Contains(text, "Wysyłanie: ") {
		t.Fatalf("status in Polish: %q", text)
	}
	// A refused button click is told in Polish: the Archive button copied into her own post acts
	// only from the chat's header card.
	ev := listen(t, polka)
	copied := &model.Post{ChannelId: d.channelID, Message: "kliknij"}
	copied.AddProp(model.PostPropsAttachments, []*model.MessageAttachment{{Actions: []*model.PostAction{{
		Id: "archive", Type: model.PostActionTypeButton, Name: "Archiwizuj",
		Integration: &model.PostActionIntegration{URL: "/plugins/frontdesk/api/v1/actions/archive", Context: map[string]any{"conversation_id": conv.ID}},
	}}}})
	posted, _, err := polka.client().CreatePost(context.Background(), copied)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := polka.client().DoPostAction(context.Background(), posted.Id, "archive"); err != nil {
		t.Fatalf("the click: %v", err)
	}
	eventually(t, 10*time.Second, "the button's refusal in Polish", func() bool {
		return ev.told("Frontdesk: nie znaleziono tego albo nie masz do tego dostępu.")
	})
	if c := d.conversation(conv.ID); c.Status != "active" {
		t.Fatalf("a refused click changed the chat: %+v", c)
	}
	if _, text := executeInThread(t, polka, d.channelID, conv.RootPostID, "/frontdesk archive"); text != "Czat zarchiwizowany. Otworzy się sam, gdy klient napisze." {
		t.Fatalf("archive in Polish: %q", text)
	}
	// A refused reply is explained in Polish too.
	if _, err := reply(t, polka, d.channelID, conv.RootPostID, strings.Repeat("a", 1001)); err == nil {
		t.Fatal("a reply over the limit was posted")
	}
	eventually(t, 10*time.Second, "the refusal in Polish", func() bool { return ev.told("ta odpowiedź ma 1001 znaków") })
	// The English agent still reads English.
	if _, text := executeInThread(t, d.agent, d.channelID, conv.RootPostID, "/frontdesk reopen"); text != "Chat reopened." {
		t.Fatalf("reopen for the English agent: %q", text)
	}
}
