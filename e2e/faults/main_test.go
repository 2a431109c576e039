// Package faults_test is the fault suite: Frontdesk's promise "nothing lost, nothing twice" under
// duplicate deliveries, a killed plugin process, a server restart, a provider outage and two
// servers on one database, on a real Mattermost and PostgreSQL with the fake Telegram Bot API
// (docs/providers/telegram.md). Every test prints its figures: messages, duplicates delivered,
// lost, doubled. The tests run one at a time: each of them breaks the server on purpose.
//
// Sizes (environment):
//
//	FRONTDESK_FAULTS_MESSAGES  customer messages of the duplicate test (default 1500)
//	FRONTDESK_FAULTS_OUTAGE    how long the provider is down (Go duration, default 60s)
package faults_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/e2e/harness"
	"github.com/frontdesk-chat/frontdesk/server/channel/telegram/telegramtest"
)

var (
	srv  *harness.Server
	team *model.Team
	seq  atomic.Int64
)

func TestMain(m *testing.M) {
	opts := harness.OptionsFromEnv()
	opts.Env = maps.Clone(harness.SmallPool)
	harness.MainWith(m, opts, func(s *harness.Server) {
		srv = s
		var err error
		if team, err = s.CreateTeam("faults"); err != nil {
			panic(err)
		}
	})
}

// messagesWanted is the size of the duplicate test.
func messagesWanted(t *testing.T) int {
	if v := os.Getenv("FRONTDESK_FAULTS_MESSAGES"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 10 {
			t.Fatalf("FRONTDESK_FAULTS_MESSAGES=%q: want a number of at least 10", v)
		}
		return n
	}
	return 1500
}

// outageWanted is how long the provider stays down.
func outageWanted(t *testing.T) time.Duration {
	if v := os.Getenv("FRONTDESK_FAULTS_OUTAGE"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < 5*time.Second {
			t.Fatalf("FRONTDESK_FAULTS_OUTAGE=%q: want a duration of at least 5s", v)
		}
		return d
	}
	return 60 * time.Second
}

const botToken = "7000001:AAH-fake-token-for-faults"

// desk is one Telegram connection: its channel, an agent in it and the fake Bot API, reached
// through a gate that can slow calls down or refuse them.
type desk struct {
	t         *testing.T
	channelID string
	agent     *model.User
	token     string // the agent's
	fake      *telegramtest.Server
	gate      *gate
	conn      struct {
		ID          string `json:"id"`
		WebhookURL  string `json:"webhook_url"`
		VerifyToken string `json:"verify_token"`
	}
}

func newDesk(t *testing.T) *desk {
	t.Helper()
	n := seq.Add(1)
	ch, err := srv.CreateChannel(team.Id, fmt.Sprintf("faults-%d", n))
	if err != nil {
		t.Fatal(err)
	}
	agent, token, err := srv.CreateMember(fmt.Sprintf("agent%d", n), team.Id, ch.Id)
	if err != nil {
		t.Fatal(err)
	}
	creds := telegramtest.Credentials{BotToken: botToken, BotUsername: "faults_bot"}
	fake := telegramtest.New(creds)
	g := &gate{next: fake}
	provider := httptest.NewServer(g)
	t.Cleanup(provider.Close)
	d := &desk{t: t, channelID: ch.Id, agent: agent, token: token, fake: fake, gate: g}
	code, body, err := srv.PluginDo(srv.AdminToken, http.MethodPost, "/api/v1/connections", map[string]any{
		"kind": "telegram", "name": "faults desk", "channel_id": ch.Id, "credentials": creds.Map(), "api_base_url": provider.URL,
	})
	if err != nil || code != http.StatusCreated {
		t.Fatalf("creating the connection: %d %s %v", code, body, err)
	}
	if err := json.Unmarshal(body, &d.conn); err != nil {
		t.Fatal(err)
	}
	return d
}

// gate stands between Frontdesk and the fake provider: it can delay every call, hold calls until
// released (a call whose caller has gone by then never reaches the provider) or refuse connections
// outright.
type gate struct {
	next       http.Handler
	delay      atomic.Int64 // nanoseconds
	hold       atomic.Bool
	refuse     atomic.Bool
	refused    atomic.Int64
	dropped    atomic.Int64 // calls whose caller died while they were held
	holding    atomic.Int64 // calls held right now
	lastAnswer atomic.Int64 // when the provider last answered a call, unix nanoseconds
}

// release lets calls through again once the calls held at a crash have been dropped (their
// callers are dead; releasing them first would hand the provider a send nobody waits for).
func (g *gate) release() {
	deadline := time.Now().Add(10 * time.Second)
	for g.holding.Load() > 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	g.hold.Store(false)
}

// quiesce holds every new call and waits until calls are held and none has been answered for a
// moment: every sender is then waiting at the gate or idle, none between the provider's answer and
// recording it. A crash now cuts sends off in flight, never after the provider took them (that
// window cannot be closed without an idempotency key, which Telegram's API does not take).
func (g *gate) quiesce(t *testing.T) {
	t.Helper()
	g.hold.Store(true)
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if g.holding.Load() > 0 && time.Since(time.Unix(0, g.lastAnswer.Load())) > 500*time.Millisecond {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Logf("the gate found no moment with sends held and none answered (holding %d)", g.holding.Load())
}

func (g *gate) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if g.refuse.Load() {
		g.refused.Add(1)
		if hj, ok := w.(http.Hijacker); ok {
			if c, _, err := hj.Hijack(); err == nil {
				_ = c.Close() // the connection drops without an answer
				return
			}
		}
		w.WriteHeader(http.StatusBadGateway)
		return
	}
	if d := time.Duration(g.delay.Load()); d > 0 || g.hold.Load() {
		// Read the body first: only then does the server notice (and cancel the context) when the
		// caller's connection closes.
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		g.holding.Add(1)
		released := time.After(d)
		for waiting := true; waiting; {
			select {
			case <-released:
				if !g.hold.Load() {
					waiting = false
				} else {
					released = time.After(10 * time.Millisecond)
				}
			case <-r.Context().Done():
				g.holding.Add(-1)
				g.dropped.Add(1)
				return // the caller died first: the provider never saw the call
			}
		}
		g.holding.Add(-1)
	}
	g.next.ServeHTTP(w, r)
	g.lastAnswer.Store(time.Now().UnixNano())
}

// customer is one Telegram user writing to the desk.
func customer(n int) telegramtest.User {
	return telegramtest.User{ID: 800000 + int64(n), FirstName: "Customer", LastName: strconv.Itoa(n)}
}

// inText is customer c's n-th message; outText is the n-th reply to customer c. Plain letters
// and digits: nothing the relay's formatting would change.
func inText(c, n int) string  { return fmt.Sprintf("question c%dn%d", c, n) }
func outText(c, n int) string { return fmt.Sprintf("answer c%dr%d", c, n) }

var (
	inToken  = regexp.MustCompile(`\bc(\d+)n(\d+)\b`)
	outToken = regexp.MustCompile(`\bc(\d+)r(\d+)\b`)
)

// poster delivers webhooks as a provider does: again and again until the answer is 200.
type poster struct {
	hc       *http.Client
	attempts atomic.Int64 // every POST made
	failed   atomic.Int64 // answers other than 200 (and connection errors)
}

func newPoster() *poster { return &poster{hc: &http.Client{Timeout: 30 * time.Second}} }

// deliverUntilOK posts the update to url until it is answered 200, or the time is up. Like a
// provider it waits longer after each failure (0.3 s doubling up to 5 s).
func (p *poster) deliverUntilOK(ctx context.Context, del telegramtest.Delivery, url, secret string) error {
	wait := 300 * time.Millisecond
	for {
		p.attempts.Add(1)
		code, err := del.Post(ctx, p.hc, url, secret)
		if err == nil && code == http.StatusOK {
			return nil
		}
		p.failed.Add(1)
		select {
		case <-ctx.Done():
			return fmt.Errorf("update %d never answered 200 (last %d %v): %w", del.UpdateID, code, err, ctx.Err())
		case <-time.After(wait):
		}
		wait = min(2*wait, 5*time.Second)
	}
}

// posted reads, per customer, the message numbers of the customer's posts in their chat's thread,
// in thread order (from the database: it is faster than the API for thousands of posts).
func posted(t *testing.T, connectionID string) map[int][]int {
	t.Helper()
	rows, err := srv.DB().Query(`SELECT p.message FROM frontdesk_conversations c
		JOIN posts p ON p.rootid = c.root_post_id
		WHERE c.connection_id = $1 AND p.deleteat = 0
		ORDER BY p.createat, p.id`, connectionID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[int][]int{}
	for rows.Next() {
		var msg string
		if err := rows.Scan(&msg); err != nil {
			t.Fatal(err)
		}
		for _, m := range inToken.FindAllStringSubmatch(msg, -1) {
			c, _ := strconv.Atoi(m[1])
			n, _ := strconv.Atoi(m[2])
			out[c] = append(out[c], n)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// sent reads, per customer, the reply numbers the provider accepted, in the order it accepted them.
func sent(fake *telegramtest.Server) map[int][]int {
	out := map[int][]int{}
	for _, s := range fake.Sent() {
		for _, m := range outToken.FindAllStringSubmatch(s.Text, -1) {
			c, _ := strconv.Atoi(m[1])
			n, _ := strconv.Atoi(m[2])
			out[c] = append(out[c], n)
		}
	}
	return out
}

// tally compares what arrived with what was expected: want[c] is the numbers customer c's
// messages (or replies) carry, in order.
type tally struct {
	expected, arrived, lost, doubled, misordered int
	examples                                     []string
}

func count(want map[int][]int, got map[int][]int) tally {
	var r tally
	for c, nums := range want {
		r.expected += len(nums)
		seen := map[int]int{}
		for _, n := range got[c] {
			seen[n]++
		}
		for _, n := range nums {
			switch seen[n] {
			case 0:
				r.lost++
				r.example(fmt.Sprintf("c%d #%d lost", c, n))
			case 1:
			default:
				r.doubled += seen[n] - 1
				r.example(fmt.Sprintf("c%d #%d ×%d", c, n, seen[n]))
			}
		}
		r.arrived += len(got[c])
		for i := 1; i < len(got[c]); i++ {
			if got[c][i] < got[c][i-1] {
				r.misordered++
				r.example(fmt.Sprintf("c%d #%d after #%d", c, got[c][i], got[c][i-1]))
			}
		}
	}
	return r
}

func (r *tally) example(s string) {
	if len(r.examples) < 10 {
		r.examples = append(r.examples, s)
	}
}

func (r tally) complete() bool { return r.lost == 0 && r.arrived >= r.expected }

// waitTally polls until everything expected has arrived (or the time is up), lets a moment pass
// for late doubles, and returns the final count.
func waitTally(t *testing.T, within time.Duration, what string, want map[int][]int, read func() map[int][]int) tally {
	t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) && !count(want, read()).complete() {
		time.Sleep(time.Second)
	}
	time.Sleep(3 * time.Second) // a double would show up now
	r := count(want, read())
	if !r.complete() {
		t.Logf("%s: not complete after %s", what, within)
	}
	return r
}

// report prints a test's figures (the README quotes them) and fails on any loss, double or
// misorder.
func report(t *testing.T, what string, r tally, extra string) {
	t.Helper()
	line := fmt.Sprintf("FIGURES %s: %d messages, %d arrived, lost %d, doubled %d, out of order %d", what,
		r.expected, r.arrived, r.lost, r.doubled, r.misordered)
	if extra != "" {
		line += ", " + extra
	}
	t.Log(line)
	fmt.Println(line)
	if r.lost != 0 || r.doubled != 0 || r.misordered != 0 {
		t.Errorf("%s: %s; e.g. %s", what, line, strings.Join(r.examples, "; "))
	}
}

// reply posts an agent's reply in a thread through the given server.
//
// Mattermost itself can fail to save a reply while other posts go into the same thread at once
// ("Unable to save the Post": its transaction rolled back, nothing saved); the agent's client then
// posts again, and so does this, a few times.
func reply(s *harness.Server, d *desk, rootID, text string) (*model.Post, error) {
	for try := 1; ; try++ {
		p, resp, err := s.Client(d.token).CreatePost(context.Background(), &model.Post{ChannelId: d.channelID, RootId: rootID, Message: text})
		var appErr *model.AppError
		if err == nil || try == 3 || resp == nil || resp.StatusCode != http.StatusInternalServerError ||
			!errors.As(err, &appErr) || appErr.Id != "app.post.save.app_error" {
			return p, err
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// roots waits until every customer has a chat thread and returns customer → root post id.
func roots(t *testing.T, connectionID string, customers int) map[int]string {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		rows, err := srv.DB().Query(`SELECT customer_id, root_post_id FROM frontdesk_conversations
			WHERE connection_id = $1 AND root_post_id IS NOT NULL AND root_post_id <> ''`, connectionID)
		if err != nil {
			t.Fatal(err)
		}
		out := map[int]string{}
		for rows.Next() {
			var cust, root string
			if err := rows.Scan(&cust, &root); err != nil {
				t.Fatal(err)
			}
			id, _ := strconv.Atoi(cust)
			out[id-800000] = root
		}
		rows.Close()
		if len(out) >= customers {
			return out
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d chats have a thread\n%s", len(out), customers, srv.PluginLogTail(30))
		}
		time.Sleep(500 * time.Millisecond)
	}
}

// queued waits until every reply post has its outbox row: the post hook has run (a post the hook
// never saw is another fault, handled by the sweep for replies without an outbox row).
func queued(t *testing.T, postIDs []string) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		var n int
		if err := srv.DB().QueryRow(`SELECT COUNT(*) FROM frontdesk_messages WHERE post_id = ANY($1)`, pqArray(postIDs)).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n == len(postIDs) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d replies queued", n, len(postIDs))
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// pqArray is a PostgreSQL text array literal of ids (letters and digits only).
func pqArray(ids []string) string { return "{" + strings.Join(ids, ",") + "}" }

// parallel runs f for 0..n-1 with at most width at once.
func parallel(n, width int, f func(i int)) {
	var wg sync.WaitGroup
	sem := make(chan struct{}, width)
	for i := range n {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			f(i)
		}()
	}
	wg.Wait()
}
