// Command bench measures Frontdesk on a real Mattermost server with a fake Telegram Bot API and
// prints a table of figures and ratios: webhook answer time, webhook-to-thread and reply-to-provider
// latency, ingest throughput, and the cost Frontdesk adds to ordinary posts (its hooks run for every
// post on the server). It is a measurement, not a test: nothing here passes or fails.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"sort"
	"sync"
	"time"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/e2e/harness"
	"github.com/frontdesk-chat/frontdesk/server/channel/telegram/telegramtest"
)

func main() {
	n := flag.Int("n", 200, "messages per measurement")
	conc := flag.Int("c", 8, "concurrent webhook senders for the throughput figure")
	flag.Parse()
	if err := run(*n, *conc); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

type env struct {
	srv      *harness.Server
	fake     *telegramtest.Server
	conn     struct{ ID, WebhookURL, VerifyToken string }
	channel  *model.Channel
	plain    *model.Channel
	agent    *model.User
	agentTok string
}

func run(n, conc int) (err error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	defer cancel()
	srv, err := harness.Start(ctx, harness.OptionsFromEnv())
	if err != nil {
		return err
	}
	// The server goes on any return; a failed teardown (database left behind) is reported too.
	defer func() { err = errors.Join(err, srv.Stop()) }()
	stop := harness.StopOnSignal(srv)
	defer stop()

	e, err := setup(srv)
	if err != nil {
		return err
	}
	rows := []row{}

	ack, thread := e.inbound(ctx, n)
	rows = append(rows, summary("webhook answered (sequential)", ack), summary("webhook → post in thread", thread))

	start := time.Now()
	if err := e.burst(ctx, n, conc); err != nil {
		return err
	}
	burst := time.Since(start)

	replies, err := e.outbound(ctx, n/4)
	if err != nil {
		return err
	}
	rows = append(rows, summary("agent reply → provider call", replies))

	with, err := e.plainPosts(ctx, n)
	if err != nil {
		return err
	}
	if err := srv.DisablePlugin(ctx); err != nil {
		return err
	}
	without, err := e.plainPosts(ctx, n)
	if err != nil {
		return err
	}
	if err := srv.EnablePlugin(ctx); err != nil {
		return err
	}
	rows = append(rows, summary("ordinary reply, Frontdesk on", with), summary("ordinary reply, Frontdesk off", without))

	fmt.Printf("\nFrontdesk on Mattermost 11.4, PostgreSQL, fake Telegram; n=%d\n\n", n)
	fmt.Println("| measurement | p50 | p95 | max | mean |")
	fmt.Println("|---|---:|---:|---:|---:|")
	for _, r := range rows {
		fmt.Printf("| %s | %s | %s | %s | %s |\n", r.name, ms(r.p50), ms(r.p95), ms(r.max), ms(r.mean))
	}
	fmt.Println()
	fmt.Println("| figure | value |")
	fmt.Println("|---|---:|")
	fmt.Printf("| webhook ingest, %d concurrent senders | %.0f messages/s |\n", conc, float64(n)/burst.Seconds())
	fmt.Printf("| ordinary reply p50, on ÷ off (hook cost ratio) | %.2f× |\n", float64(summary("", with).p50)/float64(summary("", without).p50))
	fmt.Printf("| webhook → thread p50 ÷ webhook answered p50 | %.2f× |\n", float64(summary("", thread).p50)/float64(summary("", ack).p50))
	return nil
}

func setup(srv *harness.Server) (*env, error) {
	e := &env{srv: srv}
	team, err := srv.CreateTeam("bench")
	if err != nil {
		return nil, err
	}
	if e.channel, err = srv.CreateChannel(team.Id, "customers"); err != nil {
		return nil, err
	}
	if e.plain, err = srv.CreateChannel(team.Id, "general-talk"); err != nil {
		return nil, err
	}
	if e.agent, e.agentTok, err = srv.CreateUser("benchagent"); err != nil {
		return nil, err
	}
	for _, f := range []func() error{
		func() error { return srv.AddToTeam(team.Id, e.agent.Id) },
		func() error { return srv.AddToChannel(e.channel.Id, e.agent.Id) },
		func() error { return srv.AddToChannel(e.plain.Id, e.agent.Id) },
	} {
		if err := f(); err != nil {
			return nil, err
		}
	}
	creds := telegramtest.Credentials{BotToken: "7000009:AAH-bench", BotUsername: "bench_bot"}
	e.fake = telegramtest.New(creds)
	provider := httptest.NewServer(e.fake)
	code, body, err := srv.PluginDo(srv.AdminToken, http.MethodPost, "/api/v1/connections", map[string]any{
		"kind": "telegram", "name": "bench", "channel_id": e.channel.Id, "credentials": creds.Map(), "api_base_url": provider.URL,
	})
	if err != nil || code != http.StatusCreated {
		return nil, fmt.Errorf("creating the connection: %v %s", err, body)
	}
	var c struct {
		ID          string `json:"id"`
		WebhookURL  string `json:"webhook_url"`
		VerifyToken string `json:"verify_token"`
	}
	if err := json.Unmarshal(body, &c); err != nil {
		return nil, err
	}
	e.conn.ID, e.conn.WebhookURL, e.conn.VerifyToken = c.ID, c.WebhookURL, c.VerifyToken
	return e, nil
}

// inbound sends n messages one by one from one customer and times the answer and the post.
func (e *env) inbound(ctx context.Context, n int) (ack, thread []time.Duration) {
	customer := telegramtest.User{ID: 5550001, FirstName: "Bench"}
	client := e.srv.Client(e.agentTok)
	for i := 0; i < n; i++ {
		d := e.fake.Text(customer, fmt.Sprintf("message %d", i))
		t0 := time.Now()
		code, err := d.Post(ctx, nil, e.conn.WebhookURL, e.conn.VerifyToken)
		ack = append(ack, time.Since(t0))
		if err != nil || code != http.StatusOK {
			continue
		}
		for time.Since(t0) < 10*time.Second {
			posts, _, err := client.GetPostsSince(ctx, e.channel.Id, t0.Add(-time.Second).UnixMilli(), false)
			if err == nil && containsMessage(posts, fmt.Sprintf("message %d", i)) {
				thread = append(thread, time.Since(t0))
				break
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
	return ack, thread
}

func containsMessage(pl *model.PostList, suffix string) bool {
	for _, p := range pl.Posts {
		if len(p.Message) >= len(suffix) && p.Message[len(p.Message)-len(suffix):] == suffix {
			return true
		}
	}
	return false
}

// burst sends n messages from n customers through conc senders at once.
func (e *env) burst(ctx context.Context, n, conc int) error {
	jobs := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var firstErr error
	for w := 0; w < conc; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				d := e.fake.Text(telegramtest.User{ID: int64(6000000 + i), FirstName: "Burst"}, "hello")
				if code, err := d.Post(ctx, nil, e.conn.WebhookURL, e.conn.VerifyToken); err != nil || code != http.StatusOK {
					mu.Lock()
					if firstErr == nil {
						firstErr = fmt.Errorf("burst delivery %d: %d %v", i, code, err)
					}
					mu.Unlock()
				}
			}
		}()
	}
	for i := 0; i < n; i++ {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	return firstErr
}

// outbound posts n agent replies in the first customer's thread and times each until the provider
// receives it.
func (e *env) outbound(ctx context.Context, n int) ([]time.Duration, error) {
	var rootID string
	if err := e.srv.DB().QueryRowContext(ctx, `SELECT root_post_id FROM frontdesk_conversations
		WHERE connection_id=$1 AND customer_id='5550001'`, e.conn.ID).Scan(&rootID); err != nil {
		return nil, fmt.Errorf("finding the thread: %w", err)
	}
	client := e.srv.Client(e.agentTok)
	var out []time.Duration
	for i := 0; i < n; i++ {
		before := len(e.fake.Sent())
		t0 := time.Now()
		if _, _, err := client.CreatePost(ctx, &model.Post{ChannelId: e.channel.Id, RootId: rootID, Message: fmt.Sprintf("reply %d", i)}); err != nil {
			return nil, err
		}
		for len(e.fake.Sent()) == before && time.Since(t0) < 10*time.Second {
			time.Sleep(2 * time.Millisecond)
		}
		out = append(out, time.Since(t0))
	}
	return out, nil
}

// plainPosts times ordinary replies in a channel Frontdesk does not serve: the hooks' cost to
// everyone else on the server.
func (e *env) plainPosts(ctx context.Context, n int) ([]time.Duration, error) {
	client := e.srv.Client(e.agentTok)
	root, _, err := client.CreatePost(ctx, &model.Post{ChannelId: e.plain.Id, Message: "a thread about lunch"})
	if err != nil {
		return nil, err
	}
	var out []time.Duration
	for i := 0; i < n; i++ {
		t0 := time.Now()
		if _, _, err := client.CreatePost(ctx, &model.Post{ChannelId: e.plain.Id, RootId: root.Id, Message: "ok"}); err != nil {
			return nil, err
		}
		out = append(out, time.Since(t0))
	}
	return out, nil
}

type row struct {
	name                string
	p50, p95, max, mean time.Duration
}

func summary(name string, d []time.Duration) row {
	if len(d) == 0 {
		return row{name: name}
	}
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	var sum time.Duration
	for _, v := range s {
		sum += v
	}
	return row{name: name, p50: s[len(s)/2], p95: s[len(s)*95/100], max: s[len(s)-1], mean: sum / time.Duration(len(s))}
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }
