package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/channel"
)

// sim runs one fake provider: its API on a listener, deliveries from typed lines.
type sim struct {
	cfg    config
	prov   provider
	srv    *http.Server
	client *http.Client
	base   string
	// webhook and secret start as -webhook and -secret, come from the connection with -frontdesk and
	// change with /webhook. Only the goroutine reading lines uses them after start.
	webhook string
	secret  string

	mu    sync.Mutex // guards out and shown
	out   io.Writer
	shown []string
}

func start(ctx context.Context, cfg config, out io.Writer) (*sim, error) {
	prov, err := cfg.make()
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", cfg.listen)
	if err != nil {
		return nil, fmt.Errorf("listen: %w", err)
	}
	s := &sim{cfg: cfg, prov: prov, out: out, client: &http.Client{Timeout: 60 * time.Second},
		webhook: cfg.webhook, secret: cfg.secret}
	s.srv = &http.Server{Handler: http.HandlerFunc(s.serve), ReadHeaderTimeout: 10 * time.Second}
	s.base = "http://" + ln.Addr().String()
	prov.Started(s.base)
	go func() { _ = s.srv.Serve(ln) }()
	s.printf("fake %s API at %s\n", cfg.provider, s.base)
	if cfg.frontdesk.siteURL == "" {
		s.printf("paste it as the connection's api_base_url, then type a message (or /help)\n")
		if s.webhook != "" && s.secret != "" {
			s.verify(ctx)
		}
		return s, nil
	}
	if err := s.connect(ctx); err != nil {
		s.close()
		return nil, err
	}
	s.printf("type a message (or /help)\n")
	return s, nil
}

// connect creates or reuses the connection with -frontdesk and takes its webhook URL and verify token.
func (s *sim) connect(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	fd := s.cfg.frontdesk
	conn, reused, err := fd.connect(ctx, s.client, s.cfg.provider, s.prov.Credentials(), s.base)
	if err != nil {
		return fmt.Errorf("connecting to Frontdesk: %w", err)
	}
	s.webhook, s.secret = conn.WebhookURL, conn.VerifyToken
	verb := "created"
	if reused {
		verb = "updated"
		s.continueIDs()
	}
	s.printf("Frontdesk connection %q %s (id %s), posting to channel %s\n", conn.Name, verb, conn.ID, conn.ChannelID)
	s.printf("webhook: %s\n", conn.WebhookURL)
	if conn.SyncLost {
		s.printf("!! Frontdesk reports the connection out of sync: %s\n", conn.SyncReason)
	}
	s.verify(ctx)
	return nil
}

// continueIDs moves the fake's ids past those of earlier runs on the same connection: Frontdesk
// keeps the ids it has seen and would take a reused one for a duplicate delivery.
func (s *sim) continueIDs() {
	f, ok := s.prov.Handler().(interface{ StartIDsAfter(n int64) })
	if !ok {
		return
	}
	// Seconds since 2026 grow faster than a person types: each run starts after every earlier one.
	f.StartIDsAfter(time.Now().Unix() - time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Unix())
}

// verify sends the provider's webhook verification, where it has one (Meta), as the provider does
// when the admin saves the callback URL.
func (s *sim) verify(ctx context.Context) {
	v, ok := s.prov.(verifier)
	if !ok {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	req, challenge, err := v.VerifyRequest(ctx, s.webhook, s.secret)
	if err != nil {
		s.printf("!! verification: %v\n", err)
		return
	}
	resp, err := s.client.Do(req)
	if err != nil {
		s.printf("!! verification failed: %v\n", err)
		return
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<10))
	if resp.StatusCode != http.StatusOK || strings.TrimSpace(string(body)) != challenge {
		s.printf("!! webhook verification refused: %s (check the verify token)\n", resp.Status)
		return
	}
	s.printf("-> webhook verified: Frontdesk answered the challenge\n")
}

func (s *sim) close() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = s.srv.Shutdown(ctx)
}

// serve answers the fake API, then prints whatever Frontdesk sent or changed through it.
func (s *sim) serve(w http.ResponseWriter, r *http.Request) {
	s.prov.Handler().ServeHTTP(w, r)
	now := s.prov.Outgoing()
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, line := range now {
		if i >= len(s.shown) || s.shown[i] != line {
			fmt.Fprintf(s.out, "<- frontdesk: %s\n", line)
		}
	}
	s.shown = now
}

func (s *sim) printf(format string, args ...any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fmt.Fprintf(s.out, format, args...)
}

const help = `plain text       a customer message
/image PATH      a photo from a file
/file PATH       a document from a file (also /audio PATH, /video PATH)
/delivered       the last outgoing message was delivered
/read            the last outgoing message was read
/block, /unblock the customer blocks or unblocks the bot (Telegram; on SMS type STOP and START)
/webhook URL [VERIFY_TOKEN]  deliver to this webhook URL from now on
/help            this text`

// readLines turns each line into a delivery until the input ends or ctx is done.
func (s *sim) readLines(ctx context.Context, in io.Reader) error {
	lines := make(chan string)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(in)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	for {
		select {
		case <-ctx.Done():
			return nil
		case line, ok := <-lines:
			if !ok {
				return nil
			}
			s.handle(ctx, line)
		}
	}
}

func (s *sim) handle(ctx context.Context, line string) {
	line = strings.TrimSpace(line)
	if line == "" {
		return
	}
	if rest, ok := strings.CutPrefix(line, "/webhook"); ok && (rest == "" || rest[0] == ' ') {
		s.setWebhook(ctx, strings.Fields(rest))
		return
	}
	in, err := parseLine(line)
	if errors.Is(err, errHelp) {
		s.printf("%s\n", help)
		return
	}
	if err != nil {
		s.printf("!! %v\n", err)
		return
	}
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	req, err := s.request(ctx, in)
	if errors.Is(err, errUnsupported) {
		// The provider's own sentence says it all; the sentinel is for the test of it.
		s.printf("!! %s\n", strings.TrimSuffix(err.Error(), ": "+errUnsupported.Error()))
		return
	}
	if err != nil {
		s.printf("!! %v\n", err)
		return
	}
	resp, err := s.client.Do(req)
	if err != nil {
		s.printf("!! delivery failed: %v\n", err)
		return
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	s.printf("-> delivered to Frontdesk: %s\n", resp.Status)
}

// request builds the delivery of one input.
func (s *sim) request(ctx context.Context, in input) (*http.Request, error) {
	if in.Blocked == nil {
		return s.prov.Request(ctx, s.webhook, s.secret, in)
	}
	b, ok := s.prov.(blocker)
	if !ok {
		return nil, fmt.Errorf("this provider sends no notice when a customer blocks the business: %w", errUnsupported)
	}
	return b.BlockRequest(ctx, s.webhook, s.secret, *in.Blocked)
}

// setWebhook is /webhook URL [VERIFY_TOKEN]: the connection was created after the simulator started.
func (s *sim) setWebhook(ctx context.Context, args []string) {
	if len(args) == 0 || len(args) > 2 {
		s.printf("!! usage: /webhook URL [VERIFY_TOKEN]\n")
		return
	}
	u, err := url.Parse(args[0])
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		s.printf("!! /webhook needs the connection's webhook_url, like https://chat.example.com/plugins/frontdesk/webhooks/ID\n")
		return
	}
	s.webhook = args[0]
	if len(args) == 2 {
		s.secret = args[1]
	}
	s.printf("deliveries go to %s\n", s.webhook)
	if s.secret != "" {
		s.verify(ctx)
	}
}

var errHelp = errors.New("help")

// parseLine reads one typed line; commands start with "/".
func parseLine(line string) (input, error) {
	if !strings.HasPrefix(line, "/") {
		return input{Text: line}, nil
	}
	cmd, arg, _ := strings.Cut(line, " ")
	arg = strings.TrimSpace(arg)
	kinds := map[string]channel.MediaKind{"/image": channel.Image, "/file": channel.File, "/audio": channel.Audio, "/video": channel.Video}
	switch cmd {
	case "/help":
		return input{}, errHelp
	case "/read":
		return input{Status: channel.StateRead}, nil
	case "/delivered":
		return input{Status: channel.StateDelivered}, nil
	case "/block", "/unblock":
		blocked := cmd == "/block"
		return input{Blocked: &blocked}, nil
	}
	kind, ok := kinds[cmd]
	if !ok {
		return input{}, fmt.Errorf("unknown command %s (try /help)", cmd)
	}
	if arg == "" {
		return input{}, fmt.Errorf("%s needs a file path", cmd)
	}
	data, err := os.ReadFile(arg)
	if err != nil {
		return input{}, err
	}
	name := filepath.Base(arg)
	mt := mime.TypeByExtension(filepath.Ext(name))
	if mt == "" {
		mt = http.DetectContentType(data)
	}
	return input{Media: &media{Kind: kind, FileName: name, MIMEType: mt, Data: data}}, nil
}
