package plugin_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/server/channel/sms/smstest"
	"github.com/frontdesk-chat/frontdesk/server/channel/telegram/telegramtest"
)

// browserConversation is the part of a conversation the browser test checks afterwards.
type browserConversation struct {
	ID         string `json:"id"`
	Status     string `json:"status"`
	ArchivedBy string `json:"archived_by"`
	Unread     bool   `json:"unread"`
	Customer   struct {
		Name  string `json:"name"`
		Phone string `json:"phone"`
	} `json:"customer"`
}

// TestBrowserShowsPanelFromRealAPI opens the stand-in host page in real Chromium, signs in through
// the real API, loads the real bundle from the server and works the chats sidebar against the
// plugin's real API and websocket: a chat delivered through the real Telegram webhook shows with
// its blue marker and the red badge, one click marks it read and opens its thread, archiving moves
// it under Archived, and a second customer's message appears without reloading the page; that
// second chat is then linked to a client created from its client card and an order is created
// from the chat (F7). Last, a phone number in a post shows its phone card; + Chat starts an SMS
// chat through a fake Twilio, the mini chat shows the customer's answer live and sends a reply
// (F19, F20). The screenshots are kept under build/artifacts.
func TestBrowserShowsPanelFromRealAPI(t *testing.T) {
	t.Parallel()
	root, artifacts := hostPage(t)

	// One connected channel the agent can see, so the panel shows a count the API computed.
	d := newAgentDesk(t, "browser", "browseragent")
	creds := telegramtest.Credentials{BotToken: "7000002:AAH-browser-test", BotUsername: "browser_bot"}
	tg := telegramtest.New(creds)
	fake := httptest.NewServer(tg)
	defer fake.Close()
	conn := d.connect(t, "telegram", "Shop bot", creds.Map(), fake.URL)

	// An SMS connection on a fake Twilio and a post naming a number that never wrote: the phone
	// card offers + Chat.
	smsCreds := smstest.Credentials{AccountSID: "AC" + strings.Repeat("7", 32), AuthToken: "browser-twilio-token", FromNumber: "+15557654321"}
	twilio := smstest.New(smsCreds)
	twilioServer := httptest.NewServer(twilio)
	defer twilioServer.Close()
	twilio.SetBaseURL(twilioServer.URL)
	smsConn := d.connect(t, "sms", "Shop SMS", smsCreds.Map(), twilioServer.URL)
	const (
		phone       = "+15550001234"
		firstText   = "Your laptop is ready for pickup"
		answerText  = "Great, I will come at five"
		replyText   = "See you at five"
		phonePosted = "Call +1 555 000 1234 about the laptop"
	)
	mention, _, err := srv.Client(d.agentToken).CreatePost(context.Background(), &model.Post{ChannelId: d.channel.Id, Message: phonePosted})
	if err != nil {
		t.Fatalf("posting the phone number: %v", err)
	}

	first := telegramtest.User{ID: 810001, FirstName: "Anna", LastName: "Nowak", Username: "anna_n"}
	second := telegramtest.User{ID: 810002, FirstName: "Bogdan", LastName: "Lis", Username: "bogdan_l"}
	send := func(u telegramtest.User, text string) error {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		code, err := tg.Text(u, text).Post(ctx, http.DefaultClient, conn.WebhookURL, conn.VerifyToken)
		if err != nil {
			return err
		}
		if code != http.StatusOK {
			return fmt.Errorf("webhook answered %d", code)
		}
		return nil
	}
	list := func(status string) ([]browserConversation, error) {
		code, body, err := srv.PluginDo(d.agentToken, http.MethodGet, "/api/v1/conversations?status="+status, nil)
		if err != nil {
			return nil, err
		}
		if code != http.StatusOK {
			return nil, fmt.Errorf("GET /conversations answered %d: %s", code, body)
		}
		var out []browserConversation
		return out, json.Unmarshal(body, &out)
	}
	waitFor := func(name string) (browserConversation, error) {
		deadline := time.Now().Add(30 * time.Second)
		for time.Now().Before(deadline) {
			all, err := list("all")
			if err != nil {
				return browserConversation{}, err
			}
			for _, c := range all {
				if c.Customer.Name == name {
					return c, nil
				}
			}
			time.Sleep(200 * time.Millisecond)
		}
		return browserConversation{}, fmt.Errorf("no conversation with %s after 30s", name)
	}

	if err := send(first, "Is my phone ready?"); err != nil {
		t.Fatal(err)
	}
	anna, err := waitFor("Anna Nowak")
	if err != nil {
		t.Fatal(err)
	}

	// The browser writes page-ready once the first chat is archived; this side then delivers the
	// second customer's message and writes second-sent.
	handshake := t.TempDir()
	secondDone := make(chan error, 1)
	go func() {
		secondDone <- func() error {
			if err := waitFile(filepath.Join(handshake, "page-ready"), 100*time.Second); err != nil {
				return err
			}
			if err := send(second, "Hello, do you fix tablets?"); err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(handshake, "second-sent"), nil, 0o644)
		}()
	}()

	// Once the mini chat shows the started chat the browser writes phone-started; this side waits
	// for the first message at the fake Twilio, delivers the customer's answer through the
	// connection's webhook and writes phone-answered.
	phoneDone := make(chan error, 1)
	go func() {
		phoneDone <- func() error {
			if err := waitFile(filepath.Join(handshake, "phone-started"), 150*time.Second); err != nil {
				return err
			}
			if err := waitSent(twilio, 1, 30*time.Second); err != nil {
				return err
			}
			resp, err := http.DefaultClient.Do(twilio.Text(phone, answerText).Request(smsConn.WebhookURL, smsCreds.AuthToken))
			if err != nil {
				return err
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				return fmt.Errorf("the SMS webhook answered %d", resp.StatusCode)
			}
			return os.WriteFile(filepath.Join(handshake, "phone-answered"), nil, 0o644)
		}()
	}()

	out := runScript(t, root, "browser.mjs", d.agent.Username,
		"FRONTDESK_SCREENSHOT="+filepath.Join(artifacts, "browser-panel.png"),
		"FRONTDESK_CUSTOMER=Anna Nowak",
		"FRONTDESK_SECOND_CUSTOMER=Bogdan Lis",
		"FRONTDESK_HANDSHAKE_DIR="+handshake,
		// No candidate is seeded: the card creates the client from the chat.
		"FRONTDESK_CLIENT_CHAT=Bogdan Lis",
		"FRONTDESK_PHONE_POST="+mention.Id,
		"FRONTDESK_PHONE="+phone,
		"FRONTDESK_PHONE_FIRST="+firstText,
		"FRONTDESK_PHONE_ANSWER="+answerText,
		"FRONTDESK_PHONE_REPLY="+replyText,
	)
	if err := <-secondDone; err != nil {
		t.Fatalf("second customer: %v", err)
	}
	if err := <-phoneDone; err != nil {
		t.Fatalf("phone chat: %v", err)
	}
	if !strings.Contains(string(out), "browseragent") {
		t.Fatalf("the browser test did not report the signed-in user")
	}
	requireShots(t, artifacts, "browser-panel.png", "browser-chats.png", "browser-archived.png", "browser-live.png", "client-card.png", "phone-card.png", "mini-chat.png")

	// What the clicks did, as the server records it.
	archived, err := list("archived")
	if err != nil {
		t.Fatal(err)
	}
	if len(archived) != 1 || archived[0].ID != anna.ID || archived[0].ArchivedBy != d.agent.Id || archived[0].Unread {
		t.Fatalf("archived chats = %+v, want Anna's, read, archived by the agent %s", archived, d.agent.Id)
	}
	active, err := list("active")
	if err != nil {
		t.Fatal(err)
	}
	// Bogdan's, read by opening its thread (F12), not from the sidebar; and the SMS chat started
	// from the phone card.
	var bogdan *browserConversation
	started := 0
	for i, c := range active {
		switch {
		case c.Customer.Name == "Bogdan Lis":
			bogdan = &active[i]
		case c.Customer.Phone == phone:
			started++
		}
	}
	if len(active) != 2 || bogdan == nil || bogdan.Unread || started != 1 {
		t.Fatalf("active chats = %+v, want Bogdan's, read, and the SMS chat with %s", active, phone)
	}

	// The fake Twilio got the first message and the mini chat's reply, to that number, and nothing else.
	if err := waitSent(twilio, 2, 30*time.Second); err != nil {
		t.Fatal(err)
	}
	sent := twilio.Sent()
	if len(sent) != 2 || sent[0].To != phone || sent[0].Body != firstText || sent[1].To != phone || sent[1].Body != replyText {
		t.Fatalf("the fake Twilio got %+v, want %q then %q to %s", sent, firstText, replyText, phone)
	}
	// Linked to the client the card created, with the order made from the chat.
	code, body, err := srv.PluginDo(d.agentToken, http.MethodGet, "/api/v1/conversations/"+bogdan.ID+"/client", nil)
	if err != nil || code != http.StatusOK {
		t.Fatalf("GET /conversations/%s/client: %v %s", bogdan.ID, err, body)
	}
	var card struct {
		Linked bool `json:"linked"`
		Client *struct {
			Name    string `json:"name"`
			Address string `json:"address"`
		} `json:"client"`
		Documents []struct {
			Kind string `json:"kind"`
		} `json:"documents"`
	}
	if err := json.Unmarshal(body, &card); err != nil {
		t.Fatal(err)
	}
	if !card.Linked || card.Client == nil || card.Client.Name != "Bogdan Lis" || card.Client.Address != "Długa 5, Gdańsk" ||
		len(card.Documents) != 1 || card.Documents[0].Kind != "order" {
		t.Fatalf("Bogdan's client card = %s, want linked to Bogdan Lis, edited to Długa 5, Gdańsk, with one order", body)
	}
}

// waitFile waits until path exists.
func waitFile(path string, within time.Duration) error {
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		if _, err := os.Stat(path); err == nil {
			return nil
		} else if !errors.Is(err, os.ErrNotExist) {
			return err
		}
		time.Sleep(100 * time.Millisecond)
	}
	return fmt.Errorf("%s did not appear within %s", filepath.Base(path), within)
}

// waitSent waits until the fake Twilio has accepted n messages.
func waitSent(fake *smstest.Server, n int, within time.Duration) error {
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		if len(fake.Sent()) >= n {
			return nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	return fmt.Errorf("the fake Twilio has %d messages after %s, want %d: %+v", len(fake.Sent()), within, n, fake.Sent())
}

// TestBrowserRefusesAUserWhoMayNotUseChats opens the host page as a member of a team whose
// connection feeds a channel the user is not in (F2 in docs/features.md): the sidebar says plainly
// that they may not use Frontdesk chats, no count shows on the header button or the sidebar's
// title (the page never asks GET /indicators), and nothing offers + Chat.
func TestBrowserRefusesAUserWhoMayNotUseChats(t *testing.T) {
	t.Parallel()
	root, artifacts := hostPage(t)
	d := newAgentDesk(t, "refused", "refusedagent")
	creds := telegramtest.Credentials{BotToken: "7000005:AAH-refused-test", BotUsername: "refused_bot"}
	fake := httptest.NewServer(telegramtest.New(creds))
	defer fake.Close()
	d.connect(t, "telegram", "Shop bot", creds.Map(), fake.URL)
	outsider, token, err := srv.CreateMember("refusedoutsider", d.team.Id)
	if err != nil {
		t.Fatal(err)
	}
	code, body, err := srv.PluginDo(token, http.MethodGet, "/api/v1/me", nil)
	if err != nil || code != http.StatusOK || !strings.Contains(string(body), `"may_use_chats":false`) {
		t.Fatalf("GET /me for a user outside the connection's channel: %d %v %s", code, err, body)
	}

	out := runScript(t, root, "browser.mjs", outsider.Username, "FRONTDESK_SCREENSHOT="+filepath.Join(artifacts, "browser-refused.png"))
	if !strings.Contains(string(out), "refused user passed") {
		t.Fatalf("the browser test did not check the refusal:\n%s", out)
	}
	requireShots(t, artifacts, "browser-refused.png")
}
