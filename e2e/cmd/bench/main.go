// Command bench measures Frontdesk on a real Mattermost server with a fake Telegram Bot API against
// the goals P1–P6 of the README's performance section, and prints one table of figures and ratios. Load is open loop: message i is due at start + i/rate whatever happened to the ones before
// it, and its latency counts from that due time (no coordinated omission). A message counts as shown
// when an agent's websocket receives its `posted` event. The server's own post creation (a bot
// posting over REST) is measured in the same run, the same way, as the baseline. It is a
// measurement, not a test: nothing here passes or fails.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/e2e/harness"
	"github.com/frontdesk-chat/frontdesk/server/channel/telegram/telegramtest"
)

// sizes are the amounts of work of one run; -quick makes them small enough for a few minutes.
type sizes struct {
	customers     int             // customers of the many-customers load
	latencyN      int             // messages of the P2 latency load, at latencyRate
	latencyRate   float64         // P2's rate: the goal is stated at 20 msg/s
	throughputN   int             // messages of the P1 load over many customers
	offered       float64         // P1's offered rate: above what either side can take, so throughput is the limit
	threadN       int             // messages of one customer's thread
	threadRate    float64         // the single thread's offered rate (the goal is 100/s)
	replies       int             // P3 agent replies
	plain         int             // P4 ordinary posts each way
	conversations int             // P5 stored conversations
	messages      int             // P5 stored messages
	queries       int             // P5 requests of each kind
	only          map[string]bool // the goals measured (-only); nil: all of them
}

// goals parses -only: "p3,p4" measures P3 and P4 alone.
func goals(list string) map[string]bool {
	if list == "" {
		return nil
	}
	out := map[string]bool{}
	for _, g := range strings.Split(list, ",") {
		out[strings.ToLower(strings.TrimSpace(g))] = true
	}
	return out
}

// measures reports whether this run measures goal ("p1" … "p5"; P6 is sampled under P1).
func (sz sizes) measures(goal string) bool { return sz.only == nil || sz.only[goal] }

var full = sizes{customers: 300, latencyN: 1200, latencyRate: 20, throughputN: 8000, offered: 800,
	threadN: 5000, threadRate: 150, replies: 200, plain: 600, conversations: 100_000, messages: 1_000_000, queries: 300}

var quick = sizes{customers: 100, latencyN: 300, latencyRate: 20, throughputN: 2000, offered: 400,
	threadN: 1000, threadRate: 150, replies: 40, plain: 200, conversations: 10_000, messages: 100_000, queries: 100}

func main() {
	q := flag.Bool("quick", false, "a smaller run (a few minutes): fewer messages, a smaller loaded database")
	profile := flag.String("profile", "", "save a CPU profile of the plugin under the P1 load to this file (needs a plugin built with -tags pprof)")
	profileAddr := flag.String("pprof-addr", "127.0.0.1:6061", "where a plugin built with -tags pprof serves pprof")
	only := flag.String("only", "", "measure only these goals, comma-separated (p1,p2,p3,p4,p5): a quicker before-and-after of one change")
	flag.Parse()
	sz := full
	if *q {
		sz = quick
	}
	sz.only = goals(*only)
	if err := run(sz, *q, *profile, *profileAddr); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

type env struct {
	srv     *harness.Server
	fake    *telegramtest.Server
	conn    struct{ ID, WebhookURL, VerifyToken string }
	team    *model.Team
	channel *model.Channel // the connection's channel
	plain   *model.Channel // a channel Frontdesk does not serve (P4)
	base    *model.Channel // where the baseline bot posts
	roots   []string       // the baseline bot's threads in base, one per customer, which the agent follows
	agent   *model.User
	agentTk string
	bot     *model.Client4 // the baseline: a bot posting over REST
	hc      *http.Client   // webhook deliveries

	seen *watcher
	sent *sendTimes
}

func run(sz sizes, isQuick bool, profile, profileAddr string) (err error) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Hour)
	defer cancel()
	opts := harness.OptionsFromEnv()
	// A small pool: the database server is shared, and an overloaded pool fails posts instead of
	// measuring them.
	opts.Env = map[string]string{"MM_SQLSETTINGS_MAXOPENCONNS": strconv.Itoa(dbConns), "MM_SQLSETTINGS_MAXIDLECONNS": strconv.Itoa(dbConns)}
	srv, err := harness.Start(ctx, opts)
	if err != nil {
		return err
	}
	// The server goes on any return; a failed teardown (database left behind) is reported too.
	defer func() { err = errors.Join(err, srv.Stop()) }()
	stop := harness.StopOnSignal(srv)
	defer stop()

	e, err := setup(ctx, srv)
	if err != nil {
		return err
	}
	defer e.seen.close()
	res := results{}
	step := func(name string) {
		fmt.Fprintf(os.Stderr, "bench: %s (%s)\n", name, time.Now().UTC().Format("15:04:05"))
	}

	// Every customer's thread exists before the measured loads: they measure messages, not new chats.
	step("warming up the customers' threads")
	if _, err := e.load(ctx, "warm", sz.customers, 50, e.webhookSender(7_000_000, sz.customers)); err != nil {
		return err
	}
	if _, err := e.load(ctx, "warmb", 50, 50, e.baselineSender()); err != nil {
		return err
	}
	if err := e.openBaselineThreads(ctx, sz.customers); err != nil {
		return err
	}

	if sz.measures("p2") {
		step("P2 latency at 20 msg/s, baseline then Frontdesk")
		if err := e.measureP2(ctx, sz, &res); err != nil {
			return err
		}
	}
	if sz.measures("p1") {
		if err := e.measureP1(ctx, sz, &res, step, profile, profileAddr); err != nil {
			return err
		}
	}
	if sz.measures("p3") {
		step("P3 agent reply → provider send call")
		if res.p3, err = e.replies(ctx, sz.replies); err != nil {
			return err
		}
		if _, res.p3.plainToCreate, err = e.plainPosts(ctx, sz.replies); err != nil {
			return err
		}
	}
	if sz.measures("p4") {
		step("P4 ordinary posts with Frontdesk enabled and disabled, in turns")
		if err := e.measureP4(ctx, srv, sz, &res); err != nil {
			return err
		}
	}
	if sz.measures("p5") {
		step(fmt.Sprintf("P5 loading %d conversations and %d messages", sz.conversations, sz.messages))
		if err := e.loadDatabase(ctx, sz.conversations, sz.messages); err != nil {
			return err
		}
		step("P5 chats list and indicators")
		if res.p5List, err = e.timeRequests(sz.queries, "/api/v1/conversations?status=active&per_page=50"); err != nil {
			return err
		}
		if res.p5Ind, err = e.timeRequests(sz.queries, "/api/v1/indicators"); err != nil {
			return err
		}
	}
	res.print(sz, isQuick)
	return nil
}

func (e *env) measureP2(ctx context.Context, sz sizes, res *results) (err error) {
	if res.p2Base, err = e.load(ctx, "p2b", sz.latencyN, sz.latencyRate, e.baselineSender()); err != nil {
		return err
	}
	if res.p2Replies, err = e.load(ctx, "p2r", sz.latencyN, sz.latencyRate, e.baselineThreadReplier()); err != nil {
		return err
	}
	res.p2, err = e.load(ctx, "p2f", sz.latencyN, sz.latencyRate, e.webhookSender(7_000_000, sz.customers))
	return err
}

func (e *env) measureP1(ctx context.Context, sz sizes, res *results, step func(string), profile, profileAddr string) (err error) {
	step("P1 throughput over many customers, baseline then Frontdesk")
	if res.p1Base, err = e.load(ctx, "p1b", sz.throughputN, sz.offered, e.baselineSender()); err != nil {
		return err
	}
	// The same posts as Frontdesk's, made by the server itself: replies spread over as many threads
	// as customers, in a channel whose members follow its threads. What this costs is Mattermost's
	// own work for a chat message; the gap to Frontdesk is Frontdesk's.
	if res.p1Replies, err = e.load(ctx, "p1r", sz.throughputN, sz.offered, e.baselineThreadReplier()); err != nil {
		return err
	}
	rss := e.sampleRSS()
	var prof chan error
	if profile != "" {
		prof = make(chan error, 1)
		go func() { prof <- saveProfile(ctx, profileAddr, profile, 30) }()
	}
	if res.p1, err = e.load(ctx, "p1f", sz.throughputN, sz.offered, e.webhookSender(7_000_000, sz.customers)); err != nil {
		return err
	}

	step(fmt.Sprintf("P1 one customer's thread of %d messages", sz.threadN))
	if res.thread, err = e.load(ctx, "p1t", sz.threadN, sz.threadRate, e.webhookSender(8_000_000, 1)); err != nil {
		return err
	}
	res.rssMiB = rss()
	step(fmt.Sprintf("P1 baseline: the bot's replies in one thread of %d", sz.threadN))
	root, _, err := e.bot.CreatePost(ctx, &model.Post{ChannelId: e.base.Id, Message: "a long thread"})
	if err != nil {
		return err
	}
	if res.threadBase, err = e.load(ctx, "p1tb", sz.threadN, sz.threadRate, e.baselineReplier(root.Id)); err != nil {
		return err
	}
	if prof != nil {
		if err := <-prof; err != nil {
			fmt.Fprintln(os.Stderr, "bench: CPU profile:", err)
		} else {
			fmt.Fprintln(os.Stderr, "bench: CPU profile saved to", profile)
		}
	}
	return nil
}

func (e *env) measureP4(ctx context.Context, srv *harness.Server, sz sizes, res *results) error {
	// Two turns each way, so that a change in the machine's load weighs on both sides.
	for turn := range 2 {
		on, _, err := e.plainPosts(ctx, sz.plain/2)
		if err != nil {
			return err
		}
		res.p4On = append(res.p4On, on...)
		if err := srv.DisablePlugin(ctx); err != nil {
			return err
		}
		off, _, err := e.plainPosts(ctx, sz.plain/2)
		if err != nil {
			return err
		}
		res.p4Off = append(res.p4Off, off...)
		if err := srv.EnablePlugin(ctx); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "bench: P4 turn %d: p50 on %s, off %s\n", turn+1, ms(pct(on, 50)), ms(pct(off, 50)))
	}
	return nil
}

// results of one run.
type results struct {
	p2Base, p2Replies, p2, p1Base, p1Replies, p1, thread, threadBase loadResult
	p3                                                               replyTimes
	p4On, p4Off, p5List, p5Ind                                       []time.Duration
	rssMiB                                                           float64
}

func (r results) print(sz sizes, isQuick bool) {
	mode := "full"
	if isQuick {
		mode = "quick"
	}
	p1Ratio := r.p1.rate / r.p1Base.rate
	p2, p2b := pct(r.p2.lat, 99), pct(r.p2Base.lat, 99)
	p3 := pct(r.p3.fromRequest, 99)
	p4 := (float64(pct(r.p4On, 50))/float64(pct(r.p4Off, 50)) - 1) * 100
	p5 := max(pct(r.p5List, 99), pct(r.p5Ind, 99))

	fmt.Printf("\nFrontdesk on Mattermost 11.4, PostgreSQL, fake Telegram; %s run: %d customers, a thread of %d messages, %d conversations / %d messages stored for P5\n\n",
		mode, sz.customers, sz.threadN, sz.conversations, sz.messages)
	fmt.Println("| goal | measurement | Frontdesk | the server's own post creation | ratio | target |")
	fmt.Println("|---|---|---:|---:|---:|---|")
	if sz.measures("p1") {
		early, late := r.thread.segmentRates()
		bEarly, bLate := r.threadBase.segmentRates()
		fmt.Printf("| P1 | posts seen per second, %d messages offered at %.0f/s over %d customers | %.0f/s | %.0f/s | %.2f× | ≥ 0.8× |\n",
			sz.throughputN, sz.offered, sz.customers, r.p1.rate, r.p1Base.rate, p1Ratio)
		fmt.Printf("| P1 | p50 / p99 latency under that load | %s / %s | %s / %s | %.2f× | |\n",
			ms(pct(r.p1.lat, 50)), ms(pct(r.p1.lat, 99)), ms(pct(r.p1Base.lat, 50)), ms(pct(r.p1Base.lat, 99)), ratio(pct(r.p1.lat, 99), pct(r.p1Base.lat, 99)))
		fmt.Printf("| P1 | CPU per post seen under that load, ms: Mattermost server / plugin process / PostgreSQL | %s | %s | %.2f× | |\n",
			r.p1.cpu, r.p1Base.cpu, ratio(r.p1.cpu.total(), r.p1Base.cpu.total()))
		fmt.Printf("| P1 | the same load against the same posts made by the server itself (the bot's replies over %d threads the agent follows): posts seen per second | %.0f/s | %.0f/s | %.2f× | |\n",
			sz.customers, r.p1.rate, r.p1Replies.rate, r.p1.rate/r.p1Replies.rate)
		fmt.Printf("| P1 | those replies: CPU per post seen, ms: Mattermost server / plugin process / PostgreSQL | %s | %s | %.2f× | |\n",
			r.p1.cpu, r.p1Replies.cpu, ratio(r.p1.cpu.total(), r.p1Replies.cpu.total()))
		fmt.Printf("| P1 | one customer's thread: %d messages offered at %.0f/s, posts seen per second (baseline: the bot's replies in one thread) | %.0f/s | %.0f/s | %.2f× | ≥ 100/s |\n",
			sz.threadN, sz.threadRate, r.thread.rate, r.threadBase.rate, r.thread.rate/r.threadBase.rate)
		fmt.Printf("| P1 | that thread: rate over its first and last fifth (cost growing with the thread shows as a drop) | %.0f/s → %.0f/s | %.0f/s → %.0f/s | | no drop |\n", early, late, bEarly, bLate)
		fmt.Printf("| P1 | that thread: CPU per post seen, ms: Mattermost server / plugin process / PostgreSQL | %s | %s | %.2f× | |\n",
			r.thread.cpu, r.threadBase.cpu, ratio(r.thread.cpu.total(), r.threadBase.cpu.total()))
		fmt.Printf("| P1 | that thread: p50 / p99 latency | %s / %s | %s / %s | | |\n", ms(pct(r.thread.lat, 50)), ms(pct(r.thread.lat, 99)),
			ms(pct(r.threadBase.lat, 50)), ms(pct(r.threadBase.lat, 99)))
	}
	if sz.measures("p2") {
		fmt.Printf("| P2 | webhook sent → agent's websocket, p50 / p99 at %.0f msg/s (%d messages) | %s / %s | %s / %s | %.2f× | ≤ 1.5× |\n",
			sz.latencyRate, sz.latencyN, ms(pct(r.p2.lat, 50)), ms(p2), ms(pct(r.p2Base.lat, 50)), ms(p2b), ratio(p2, p2b))
		fmt.Printf("| P2 | the same against the same posts made by the server itself (the bot's replies over %d threads the agent follows), p50 / p99 | %s / %s | %s / %s | %.2f× | |\n",
			sz.customers, ms(pct(r.p2.lat, 50)), ms(p2), ms(pct(r.p2Replies.lat, 50)), ms(pct(r.p2Replies.lat, 99)), ratio(p2, pct(r.p2Replies.lat, 99)))
	}
	if sz.measures("p3") {
		fmt.Printf("| P3 | agent post → provider send call, p50 / p99 (%d replies) | %s / %s | | | p99 < 25 ms |\n", len(r.p3.fromRequest), ms(pct(r.p3.fromRequest, 50)), ms(p3))
		fmt.Printf("| P3 | the same from the post's creation in the server (its CreateAt), p50 / p99 | %s / %s | | | |\n", ms(pct(r.p3.fromCreate, 50)), ms(pct(r.p3.fromCreate, 99)))
		fmt.Printf("| P3 | before it: the agent's request until the post's creation (Mattermost's request, Frontdesk's check of the reply in it), p50 / p99 | %s / %s | | | |\n", ms(pct(r.p3.toCreate, 50)), ms(pct(r.p3.toCreate, 99)))
		fmt.Printf("| P3 | the same for an ordinary reply elsewhere (no chat to check), p50 / p99 | %s / %s | | | |\n", ms(pct(r.p3.plainToCreate, 50)), ms(pct(r.p3.plainToCreate, 99)))
	}
	if sz.measures("p4") {
		fmt.Printf("| P4 | ordinary reply elsewhere, p50 with Frontdesk enabled / disabled (%d each, in two turns) | %s | %s | %+.1f %% | < 5 %% |\n",
			len(r.p4On), ms(pct(r.p4On, 50)), ms(pct(r.p4Off, 50)), p4)
	}
	if sz.measures("p5") {
		fmt.Printf("| P5 | chats list (50 active), p50 / p99 over %d conversations | %s / %s | | | p99 < 50 ms |\n", sz.conversations, ms(pct(r.p5List, 50)), ms(pct(r.p5List, 99)))
		fmt.Printf("| P5 | indicators, p50 / p99 | %s / %s | | | p99 < 50 ms |\n", ms(pct(r.p5Ind, 50)), ms(pct(r.p5Ind, 99)))
	}
	if sz.measures("p1") {
		fmt.Printf("| P6 | plugin process RSS, most seen under the P1 loads | %.0f MiB | | | < 60 MB |\n", r.rssMiB)
	}
	for _, l := range []struct {
		name string
		r    loadResult
	}{{"P1 Frontdesk", r.p1}, {"P1 baseline", r.p1Base}, {"P1 baseline replies", r.p1Replies}, {"P1 thread", r.thread}, {"P1 thread baseline", r.threadBase}, {"P2 Frontdesk", r.p2}, {"P2 baseline", r.p2Base}, {"P2 baseline replies", r.p2Replies}} {
		if l.r.unseen > 0 || l.r.failed > 0 || l.r.unsent > 0 {
			fmt.Printf("\n%s: %d messages not seen within the wait, %d sends failed, %d not sent within the %s budget",
				l.name, l.r.unseen, l.r.failed, l.r.unsent, budget)
		}
	}
	fmt.Println()
	if sz.only != nil {
		return // the summary line names all six figures
	}
	fmt.Printf("\nbench: P1 %.2fx baseline, single-thread %.0f/s, P2 p99 %s (baseline %s), P3 p99 %s, P4 %.1f%%, P5 p99 %s, P6 %.0f MB\n",
		p1Ratio, r.thread.rate, msn(p2), msn(p2b), msn(p3), p4, msn(p5), r.rssMiB)
}

func setup(ctx context.Context, srv *harness.Server) (*env, error) {
	e := &env{srv: srv, sent: &sendTimes{}}
	tr := &http.Transport{MaxIdleConns: 512, MaxIdleConnsPerHost: 512, IdleConnTimeout: time.Minute}
	e.hc = &http.Client{Transport: tr, Timeout: 2 * time.Minute}
	var err error
	if e.team, err = srv.CreateTeam("bench"); err != nil {
		return nil, err
	}
	if e.channel, err = srv.CreateChannel(e.team.Id, "customers"); err != nil {
		return nil, err
	}
	if e.plain, err = srv.CreateChannel(e.team.Id, "general-talk"); err != nil {
		return nil, err
	}
	if e.base, err = srv.CreateChannel(e.team.Id, "baseline"); err != nil {
		return nil, err
	}
	if e.agent, e.agentTk, err = srv.CreateUser("benchagent"); err != nil {
		return nil, err
	}
	admin := srv.Client(srv.AdminToken)
	bot, _, err := admin.CreateBot(ctx, &model.Bot{Username: "benchbot", DisplayName: "Bench bot"})
	if err != nil {
		return nil, fmt.Errorf("creating the baseline bot: %w", err)
	}
	tok, _, err := admin.CreateUserAccessToken(ctx, bot.UserId, "bench", 0)
	if err != nil {
		return nil, fmt.Errorf("a token for the baseline bot: %w", err)
	}
	e.bot = srv.Client(tok.Token)
	e.bot.HTTPClient = e.hc
	for _, f := range []func() error{
		func() error { return srv.AddToTeam(e.team.Id, e.agent.Id) },
		func() error { return srv.AddToTeam(e.team.Id, bot.UserId) },
		func() error { return srv.AddToChannel(e.channel.Id, e.agent.Id) },
		func() error { return srv.AddToChannel(e.plain.Id, e.agent.Id) },
		func() error { return srv.AddToChannel(e.base.Id, e.agent.Id) },
		func() error { return srv.AddToChannel(e.base.Id, bot.UserId) },
	} {
		if err := f(); err != nil {
			return nil, err
		}
	}
	creds := telegramtest.Credentials{BotToken: "7000009:AAH-bench", BotUsername: "bench_bot"}
	e.fake = telegramtest.New(creds)
	provider := httptest.NewServer(e.sent.wrap(e.fake))
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
	if e.seen, err = watch(srv.URL, e.agentTk); err != nil {
		return nil, err
	}
	return e, nil
}

// watcher records when the agent's websocket sees each marked post.
type watcher struct {
	ws   *model.WebSocketClient
	mu   sync.Mutex
	seen map[string]time.Time
	done chan struct{}
}

// marker is what each measured message carries: its load's name and its number.
var marker = regexp.MustCompile(`bq([a-z0-9]+)n([0-9]+)x`)

func markerOf(load string, i int) string { return "bq" + load + "n" + strconv.Itoa(i) + "x" }

func watch(siteURL, token string) (*watcher, error) {
	ws, err := model.NewWebSocketClient4("ws"+strings.TrimPrefix(siteURL, "http"), token)
	if err != nil {
		return nil, fmt.Errorf("opening the agent's websocket: %w", err)
	}
	w := &watcher{ws: ws, seen: map[string]time.Time{}, done: make(chan struct{})}
	ws.Listen()
	go func() {
		defer close(w.done)
		for ev := range ws.EventChannel {
			now := time.Now()
			if ev.EventType() != model.WebsocketEventPosted {
				continue
			}
			raw, _ := ev.GetData()["post"].(string)
			var p model.Post
			if json.Unmarshal([]byte(raw), &p) != nil {
				continue
			}
			if m := marker.FindString(p.Message); m != "" {
				w.mu.Lock()
				if _, ok := w.seen[m]; !ok {
					w.seen[m] = now
				}
				w.mu.Unlock()
			}
		}
	}()
	return w, nil
}

func (w *watcher) at(m string) (time.Time, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	t, ok := w.seen[m]
	return t, ok
}

func (w *watcher) close() { w.ws.Close() }

// loadResult is one open-loop load: each message's latency from its due time to its post at the
// agent, and the posts seen per second from the first due time to the last post seen.
type loadResult struct {
	lat    []time.Duration
	seenAt []time.Time
	rate   float64
	unseen int // sent, not seen at the agent within the wait (still queued, or lost)
	failed int
	unsent int    // due after the load's budget, never sent
	cpu    cpuUse // per post seen
}

// segmentRates are the posts seen per second over the first and the last fifth of the posts.
func (l loadResult) segmentRates() (early, late float64) {
	s := append([]time.Time(nil), l.seenAt...)
	sort.Slice(s, func(i, j int) bool { return s[i].Before(s[j]) })
	n := len(s) / 5
	if n < 2 {
		return 0, 0
	}
	rate := func(a, b time.Time) float64 { return float64(n-1) / b.Sub(a).Seconds() }
	return rate(s[0], s[n-1]), rate(s[len(s)-n], s[len(s)-1])
}

// sender sends message i of a load carrying text.
type sender func(ctx context.Context, i int, text string) error

func (e *env) webhookSender(firstCustomer int64, customers int) sender {
	return func(ctx context.Context, i int, text string) error {
		u := telegramtest.User{ID: firstCustomer + int64(i%customers), FirstName: "Bench"}
		code, err := e.fake.Text(u, text).Post(ctx, e.hc, e.conn.WebhookURL, e.conn.VerifyToken)
		if err == nil && code != http.StatusOK {
			err = fmt.Errorf("webhook answered %d", code)
		}
		return err
	}
}

// baselineReplier posts the bot's replies in one thread: what a reply costs the server itself as
// the thread grows (Mattermost reads the whole thread for every reply it creates).
func (e *env) baselineReplier(rootID string) sender {
	return func(ctx context.Context, _ int, text string) error {
		_, _, err := e.bot.CreatePost(ctx, &model.Post{ChannelId: e.base.Id, RootId: rootID, Message: text})
		return err
	}
}

// openBaselineThreads starts the baseline bot's n threads, which the agent follows as chat channels'
// members follow chat threads (channel_auto_follow_threads).
func (e *env) openBaselineThreads(ctx context.Context, n int) error {
	agent := e.srv.Client(e.agentTk)
	props := model.StringMap{model.ChannelAutoFollowThreads: model.ChannelAutoFollowThreadsOn}
	if _, err := agent.UpdateChannelNotifyProps(ctx, e.base.Id, e.agent.Id, props); err != nil {
		return fmt.Errorf("following the baseline's threads: %w", err)
	}
	for i := range n {
		root, _, err := e.bot.CreatePost(ctx, &model.Post{ChannelId: e.base.Id, Message: "baseline thread " + strconv.Itoa(i)})
		if err != nil {
			return fmt.Errorf("opening a baseline thread: %w", err)
		}
		e.roots = append(e.roots, root.Id)
	}
	return nil
}

// baselineThreadReplier posts message i as the bot's reply in thread i of openBaselineThreads'.
func (e *env) baselineThreadReplier() sender {
	return func(ctx context.Context, i int, text string) error {
		_, _, err := e.bot.CreatePost(ctx, &model.Post{ChannelId: e.base.Id, RootId: e.roots[i%len(e.roots)], Message: text})
		return err
	}
}

func (e *env) baselineSender() sender {
	return func(ctx context.Context, _ int, text string) error {
		_, _, err := e.bot.CreatePost(ctx, &model.Post{ChannelId: e.base.Id, Message: text})
		return err
	}
}

// Limits that keep the bench within what a shared machine gives: the server's database pool and
// the requests in flight at once (a message waiting for a free sender still counts its latency from
// its due time).
const (
	dbConns  = 40
	inFlight = 24
)

// budget is the longest a load sends, and the longest it then waits for its posts: a load the
// server cannot keep up with (Mattermost's reply in a thread of thousands of posts takes seconds)
// ends with what it showed by then, its rate counted over that time.
const budget = 10 * time.Minute

// load sends n messages open loop at rate and waits for their posts at the agent.
func (e *env) load(ctx context.Context, name string, n int, rate float64, send sender) (loadResult, error) {
	start := time.Now().Add(50 * time.Millisecond)
	due := func(i int) time.Time { return start.Add(time.Duration(float64(i) / rate * float64(time.Second))) }
	var failed, unsent atomic.Int64
	var wg sync.WaitGroup
	slots := make(chan struct{}, inFlight)
	meter := e.meterCPU(ctx)
	cutoff := start.Add(budget)
	for i := range n {
		time.Sleep(time.Until(due(i)))
		wg.Go(func() {
			slots <- struct{}{}
			defer func() { <-slots }()
			if time.Now().After(cutoff) {
				unsent.Add(1)
				return
			}
			if err := send(ctx, i, "bench message "+markerOf(name, i)); err != nil {
				if failed.Add(1) == 1 {
					fmt.Fprintf(os.Stderr, "bench: %s: a send failed: %v\n", name, err)
				}
			}
		})
	}
	wg.Wait()
	// Wait for every post (a load that falls behind drains before the next one starts, so loads
	// never overlap); what has not come within the budget counts as unseen.
	deadline := time.Now().Add(budget)
	res := loadResult{failed: int(failed.Load()), unsent: int(unsent.Load())}
	for {
		missing := 0
		for i := range n {
			if _, ok := e.seen.at(markerOf(name, i)); !ok {
				missing++
			}
		}
		if missing <= res.failed+res.unsent || time.Now().After(deadline) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	cpu := meter.end(ctx)
	var last time.Time
	for i := range n {
		t, ok := e.seen.at(markerOf(name, i))
		if !ok {
			res.unseen++
			continue
		}
		res.lat = append(res.lat, t.Sub(due(i)))
		res.seenAt = append(res.seenAt, t)
		if t.After(last) {
			last = t
		}
	}
	res.unseen -= res.failed + res.unsent
	if len(res.seenAt) > 0 {
		res.rate = float64(len(res.seenAt)) / last.Sub(start).Seconds()
	}
	res.cpu = cpu.per(len(res.seenAt))
	fmt.Fprintf(os.Stderr, "bench: %s: %d messages at %.0f/s offered: %.0f/s seen, p50 %s, p99 %s, %d not seen within the wait, %d failed, %d not sent within the budget; CPU ms per post (server / plugin / database): %s\n",
		name, n, rate, res.rate, ms(pct(res.lat, 50)), ms(pct(res.lat, 99)), res.unseen, res.failed, res.unsent, res.cpu)
	return res, nil
}

// sendTimes records when the fake provider receives each send call.
type sendTimes struct {
	mu    sync.Mutex
	calls []time.Time
}

func (s *sendTimes) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/sendMessage") {
			s.mu.Lock()
			s.calls = append(s.calls, time.Now())
			s.mu.Unlock()
		}
		h.ServeHTTP(w, r)
	})
}

func (s *sendTimes) count() (int, time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.calls) == 0 {
		return 0, time.Time{}
	}
	return len(s.calls), s.calls[len(s.calls)-1]
}

// replyTimes are P3's timings of each agent reply: from the client's request to the fake
// provider's send call, and split at the post's creation in the server (its CreateAt, millisecond
// precision): Mattermost's request before it, Frontdesk's relay after it.
// plainToCreate is the request until the post's creation for an ordinary reply elsewhere: what
// Mattermost's request costs with no chat to check.
type replyTimes struct{ fromRequest, fromCreate, toCreate, plainToCreate []time.Duration }

// replies posts n agent replies in a customer's thread, one at a time, each timed until the
// provider's send call arrives.
func (e *env) replies(ctx context.Context, n int) (replyTimes, error) {
	var rootID string
	var out replyTimes
	if err := e.srv.DB().QueryRowContext(ctx, `SELECT root_post_id FROM frontdesk_conversations
		WHERE connection_id=$1 AND customer_id='7000000'`, e.conn.ID).Scan(&rootID); err != nil {
		return out, fmt.Errorf("finding the thread: %w", err)
	}
	client := e.srv.Client(e.agentTk)
	for i := range n {
		before, _ := e.sent.count()
		t0 := time.Now()
		post, _, err := client.CreatePost(ctx, &model.Post{ChannelId: e.channel.Id, RootId: rootID, Message: fmt.Sprintf("reply %d", i)})
		if err != nil {
			return out, err
		}
		created := time.UnixMilli(post.CreateAt)
		for time.Since(t0) < 10*time.Second {
			if c, at := e.sent.count(); c > before {
				out.fromRequest = append(out.fromRequest, at.Sub(t0))
				out.fromCreate = append(out.fromCreate, at.Sub(created))
				out.toCreate = append(out.toCreate, created.Sub(t0))
				break
			}
			time.Sleep(time.Millisecond)
		}
	}
	return out, nil
}

// plainPosts times ordinary replies in a channel Frontdesk does not serve (the hooks' cost to
// everyone else on the server): until the answer, and until the post's creation.
func (e *env) plainPosts(ctx context.Context, n int) (answered, toCreate []time.Duration, err error) {
	client := e.srv.Client(e.agentTk)
	root, _, err := client.CreatePost(ctx, &model.Post{ChannelId: e.plain.Id, Message: "a thread about lunch"})
	if err != nil {
		return nil, nil, err
	}
	for range n {
		t0 := time.Now()
		post, _, err := client.CreatePost(ctx, &model.Post{ChannelId: e.plain.Id, RootId: root.Id, Message: "ok"})
		if err != nil {
			return nil, nil, err
		}
		answered = append(answered, time.Since(t0))
		toCreate = append(toCreate, time.UnixMilli(post.CreateAt).Sub(t0))
	}
	return answered, toCreate, nil
}

// loadDatabase stores conversations and messages of the bench's connection with SQL, as a busy
// installation would have them: most active, some archived, a third waiting for an answer, read
// marks on half of them.
func (e *env) loadDatabase(ctx context.Context, conversations, messages int) error {
	db := e.srv.DB()
	now := time.Now().UnixMilli()
	stmts := []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO frontdesk_conversations (id, connection_id, customer_id, customer_name, root_post_id, status,
			last_customer_at, last_message_at, last_from_customer, create_at, update_at)
			SELECT substr(md5('c'||g), 1, 26), $1, 'bulk'||g, 'Customer '||g, substr(md5('r'||g), 1, 26),
				CASE WHEN g % 5 = 0 THEN 'archived' ELSE 'active' END,
				$2::BIGINT - g*1000, $2::BIGINT - g*1000, g % 3 = 0, $2::BIGINT - g*1000, $2::BIGINT - g*1000
			FROM generate_series(1, $3::INTEGER) g`, []any{e.conn.ID, now, conversations}},
		{`INSERT INTO frontdesk_messages (id, conversation_id, connection_id, direction, provider_message_id, post_id,
			state, provider_at, create_at, update_at)
			SELECT substr(md5('m'||g), 1, 26), substr(md5('c'||(g % $3::INTEGER + 1)), 1, 26), $1,
				CASE WHEN g % 2 = 0 THEN 'in' ELSE 'out' END, 'bulk'||g, substr(md5('p'||g), 1, 26),
				CASE WHEN g % 2 = 0 THEN 'posted' ELSE 'sent' END, $2::BIGINT - g, $2::BIGINT - g, $2::BIGINT - g
			FROM generate_series(1, $4::INTEGER) g`, []any{e.conn.ID, now, conversations, messages}},
		{`INSERT INTO frontdesk_reads (user_id, conversation_id, read_at)
			SELECT $1, substr(md5('c'||g), 1, 26), $2::BIGINT - g*1000 + 500 FROM generate_series(2, $3::INTEGER, 2) g`,
			[]any{e.agent.Id, now, conversations}},
		// As autovacuum keeps a database in use: statistics, and the visibility map that lets
		// PostgreSQL count from an index alone.
		{`VACUUM (ANALYZE) frontdesk_conversations`, nil},
		{`VACUUM (ANALYZE) frontdesk_messages`, nil},
		{`VACUUM (ANALYZE) frontdesk_reads`, nil},
	}
	for _, s := range stmts {
		if _, err := db.ExecContext(ctx, s.sql, s.args...); err != nil {
			return fmt.Errorf("loading the database: %w", err)
		}
	}
	return nil
}

// timeRequests times n GETs of a plugin route as the agent, one at a time.
func (e *env) timeRequests(n int, path string) ([]time.Duration, error) {
	var out []time.Duration
	for range n {
		t0 := time.Now()
		code, body, err := e.srv.PluginDo(e.agentTk, http.MethodGet, path, nil)
		if err != nil || code != http.StatusOK {
			return nil, fmt.Errorf("GET %s: %d %v %.200s", path, code, err, body)
		}
		out = append(out, time.Since(t0))
	}
	return out, nil
}

// sampleRSS samples the plugin process's resident memory until the returned function is called,
// which returns the most seen in MiB.
func (e *env) sampleRSS() func() float64 {
	stop := make(chan struct{})
	var most atomic.Int64
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(250 * time.Millisecond)
		defer t.Stop()
		for {
			if kb := pluginRSS(e.srv.Home); kb > most.Load() {
				most.Store(kb)
			}
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	return func() float64 {
		close(stop)
		<-done
		return float64(most.Load()) / 1024
	}
}

// pluginRSS is the resident memory (kB) of the Frontdesk plugin process of the server in home.
func pluginRSS(home string) int64 {
	pid := pluginPID(home)
	if pid == 0 {
		return 0
	}
	status, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "status"))
	if err != nil {
		return 0
	}
	for line := range strings.SplitSeq(string(status), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			return kb
		}
	}
	return 0
}

// pluginPID is the process id of the Frontdesk plugin of the server in home (0: not running).
func pluginPID(home string) int {
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	for _, d := range dirs {
		exe, err := os.Readlink(filepath.Join(d, "exe"))
		if err != nil || !strings.HasPrefix(exe, home) || !strings.Contains(filepath.Base(exe), "plugin-") {
			continue
		}
		pid, _ := strconv.Atoi(filepath.Base(d))
		return pid
	}
	return 0
}

// saveProfile fetches a CPU profile of seconds from a plugin built with -tags pprof.
func saveProfile(ctx context.Context, addr, path string, seconds int) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, fmt.Sprintf("http://%s/debug/pprof/profile?seconds=%d", addr, seconds), nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("pprof answered %d", resp.StatusCode)
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, resp.Body); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// pct is the p-th percentile (nearest rank) of d.
func pct(d []time.Duration, p int) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	i := (len(s)*p + 99) / 100
	return s[min(max(i-1, 0), len(s)-1)]
}

func ratio(a, b time.Duration) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func ms(d time.Duration) string  { return msn(d) + " ms" }
func msn(d time.Duration) string { return fmt.Sprintf("%.1f", float64(d.Microseconds())/1000) }
