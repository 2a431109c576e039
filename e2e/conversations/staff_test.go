package conversations_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
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

// Issue 10: a member who never replied follows every chat thread, so each customer message (first,
// later, after an archived chat reopens) is unread in their Threads view and notifies them.
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
	readThread(t, watcher, conv.RootPostID)

	if code := d.send(d.fake.Text(d.customer, "Any news?")); code != http.StatusOK {
		t.Fatalf("webhook answered %d", code)
	}
	waitReplies(t, conv.RootPostID, 2)
	if th := waitUnreadThread(t, watcher, conv.RootPostID, "after a later message"); th.UnreadReplies != 1 {
		t.Fatalf("%d unread replies after a later message, want 1", th.UnreadReplies)
	}
	readThread(t, watcher, conv.RootPostID)

	if code, body := d.as(d.agent, http.MethodPost, "/api/v1/conversations/"+conv.ID+"/archive", nil); code != http.StatusOK {
		t.Fatalf("archive: %d %s", code, body)
	}
	if code := d.send(d.fake.Text(d.customer, "Hello again")); code != http.StatusOK {
		t.Fatalf("webhook answered %d", code)
	}
	eventually(t, 20*time.Second, "the chat reopened", func() bool { return d.conversation(conv.ID).Status == "active" })
	if th := waitUnreadThread(t, watcher, conv.RootPostID, "after the archived chat reopened"); th.UnreadReplies < 1 {
		t.Fatalf("%d unread replies after reopening", th.UnreadReplies)
	}
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
	code, body = d.as(d.agent, http.MethodGet, "/api/v1/me", nil)
	var me struct {
		MaxLength int `json:"max_length"`
	}
	if code != http.StatusOK || json.Unmarshal(body, &me) != nil || me.MaxLength <= 0 {
		t.Fatalf("/me: %d %s", code, body)
	}
	// /frontdesk chats lists the unanswered chats with their links.
	_, text := executeInThread(t, d.agent, d.channelID, "", "/frontdesk chats")
	for _, n := range names {
		contains(t, text, n)
	}
	contains(t, text, "/_redirect/pl/")
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
