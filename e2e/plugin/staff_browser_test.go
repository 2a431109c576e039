package plugin_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/frontdesk-chat/frontdesk/e2e/harness"
	"github.com/frontdesk-chat/frontdesk/server/channel/telegram/telegramtest"
	"github.com/frontdesk-chat/frontdesk/server/channel/whatsapp/whatsapptest"
)

// TestBrowserStaffScreens works what staff use all day (issue 10) in real Chromium, on the host
// page with the App Bar on (webapp/e2e/staff.mjs): the App Bar icon with the red badge and the
// unread count in the tab's title; the chats list's search, connection, unread and "assigned to
// me" filters and Take; a quick reply saved in the sidebar; in a Telegram chat's composer the
// counter near the longest reply, a reply over it refused before posting with the draft kept,
// then the quick reply inserted and sent to the fake Telegram; in a WhatsApp chat whose 24-hour
// window closed the banner before typing, free text refused and kept, a template sent from the
// banner; and + Chat to a new number, refused as free text with WhatsApp's rule, started with a
// template that reaches the fake; last, the WhatsApp connection loses sync while the chat is open,
// and its banner tells the agent to ask an admin and a reply is refused with the draft kept. The
// screenshots staff-*.png are kept under build/artifacts.
func TestBrowserStaffScreens(t *testing.T) {
	t.Parallel()
	if os.Getenv("FRONTDESK_CLIENT_DIR") == "" {
		t.Fatal("FRONTDESK_CLIENT_DIR is not set: run the tests with `make test`, which builds the host page")
	}
	root, err := harness.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	team, err := srv.CreateTeam("staff")
	if err != nil {
		t.Fatal(err)
	}
	ch, err := srv.CreateChannel(team.Id, "customers")
	if err != nil {
		t.Fatal(err)
	}
	agent, agentToken, err := srv.CreateUser("staffagent")
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.AddToTeam(team.Id, agent.Id); err != nil {
		t.Fatal(err)
	}
	if err := srv.AddToChannel(ch.Id, agent.Id); err != nil {
		t.Fatal(err)
	}
	connect := func(kind, name string, creds map[string]string, fakeURL string) (id, webhookURL, verifyToken string) {
		t.Helper()
		code, body, err := srv.PluginDo(srv.AdminToken, http.MethodPost, "/api/v1/connections", map[string]any{
			"kind": kind, "name": name, "channel_id": ch.Id, "credentials": creds, "api_base_url": fakeURL,
		})
		if err != nil || code != http.StatusCreated {
			t.Fatalf("creating the %s connection: %v %s", kind, err, body)
		}
		var c struct {
			ID          string `json:"id"`
			WebhookURL  string `json:"webhook_url"`
			VerifyToken string `json:"verify_token"`
		}
		if err := json.Unmarshal(body, &c); err != nil {
			t.Fatal(err)
		}
		return c.ID, c.WebhookURL, c.VerifyToken
	}

	tgCreds := telegramtest.Credentials{BotToken: "7000004:AAH-staff-test", BotUsername: "staff_bot"}
	tg := telegramtest.New(tgCreds)
	tgServer := httptest.NewServer(tg)
	defer tgServer.Close()
	_, tgHook, tgVerify := connect("telegram", "Shop bot", tgCreds.Map(), tgServer.URL)

	wa := whatsapptest.New(whatsapptest.ExampleCredentials())
	waServer := httptest.NewServer(wa)
	defer waServer.Close()
	wa.AddTemplate(whatsapptest.Template{Name: "order_ready", Language: "en_US", Category: "UTILITY",
		Body: "Hello {{1}}, your order is ready for pickup."})
	waID, waHook, _ := connect("whatsapp", "Shop WhatsApp", wa.Credentials().Map(), waServer.URL)

	anna := telegramtest.User{ID: 820001, FirstName: "Anna", LastName: "Nowak", Username: "anna_staff"}
	bogdan := telegramtest.User{ID: 820002, FirstName: "Bogdan", LastName: "Lis", Username: "bogdan_staff"}
	jan := whatsapptest.User{WaID: "48601000111", Name: "Jan Kowalski"}
	for _, u := range []telegramtest.User{anna, bogdan} {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		code, err := tg.Text(u, "Is my phone ready?").Post(ctx, http.DefaultClient, tgHook, tgVerify)
		cancel()
		if err != nil || code != http.StatusOK {
			t.Fatalf("the Telegram webhook answered %d: %v", code, err)
		}
	}
	// Jan wrote 25 hours ago: WhatsApp's window is closed.
	resp, err := http.DefaultClient.Do(wa.Text(jan, "Hello, any news?", time.Now().Add(-25*time.Hour)).Request(waHook))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("the WhatsApp webhook answered %d", resp.StatusCode)
	}
	type chat struct {
		ID           string `json:"id"`
		AssigneeID   string `json:"assignee_id"`
		WindowClosed bool   `json:"window_closed"`
		Customer     struct {
			Name  string `json:"name"`
			Phone string `json:"phone"`
		} `json:"customer"`
	}
	list := func() ([]chat, error) {
		code, body, err := srv.PluginDo(agentToken, http.MethodGet, "/api/v1/conversations?status=active", nil)
		if err != nil || code != http.StatusOK {
			return nil, fmt.Errorf("GET /conversations: %d %v %s", code, err, body)
		}
		var out []chat
		return out, json.Unmarshal(body, &out)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		all, err := list()
		if err != nil {
			t.Fatal(err)
		}
		if len(all) == 3 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("3 chats expected after 30s, have %+v", all)
		}
		time.Sleep(200 * time.Millisecond)
	}

	const (
		quickName = "hours"
		quickText = "We are open 9 to 17, Monday to Saturday."
		newPhone  = "+48 600 111 222"
	)
	// Once the browser is done with + Chat it writes staff-ready-lost: the WhatsApp token expires
	// and an admin's connection test finds it, so the connection loses sync while the page is open.
	handshake := t.TempDir()
	lostDone := make(chan error, 1)
	go func() {
		lostDone <- func() error {
			if err := waitFile(filepath.Join(handshake, "staff-ready-lost"), 200*time.Second); err != nil {
				return err
			}
			wa.ExpireToken()
			code, body, err := srv.PluginDo(srv.AdminToken, http.MethodPost, "/api/v1/connections/"+waID+"/test", nil)
			if err != nil || code != http.StatusOK || !strings.Contains(string(body), `"ok":false`) {
				return fmt.Errorf("testing the expired connection: %d %v %s", code, err, body)
			}
			return os.WriteFile(filepath.Join(handshake, "staff-lost"), nil, 0o644)
		}()
	}()

	artifacts := filepath.Join(root, "build", "artifacts")
	if err := os.MkdirAll(artifacts, 0o755); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", filepath.Join(root, "webapp", "e2e", "staff.mjs"))
	cmd.Env = append(os.Environ(),
		"FRONTDESK_SITE_URL="+srv.URL,
		"FRONTDESK_USERNAME="+agent.Username,
		"FRONTDESK_PASSWORD="+harness.Password,
		"FRONTDESK_SHOTS="+artifacts,
		"FRONTDESK_TELEGRAM=Anna Nowak",
		"FRONTDESK_OTHER=Bogdan Lis",
		"FRONTDESK_WHATSAPP=Jan Kowalski",
		"FRONTDESK_TEMPLATE=order_ready",
		"FRONTDESK_NEW_PHONE="+newPhone,
		"FRONTDESK_QUICK_NAME="+quickName,
		"FRONTDESK_QUICK_TEXT="+quickText,
		"FRONTDESK_HANDSHAKE_DIR="+handshake,
	)
	out, err := cmd.CombinedOutput()
	t.Logf("staff browser test output:\n%s", out)
	if err != nil {
		t.Fatalf("staff browser test failed: %v", err)
	}
	if err := <-lostDone; err != nil {
		t.Fatalf("losing sync: %v", err)
	}
	for _, step := range []string{"app bar badge", "search and filters", "composer refused", "window banner", "+ Chat refused free text", "lost sync banner"} {
		if !strings.Contains(string(out), "staff: ok "+step) {
			t.Fatalf("the browser test did not report %q", step)
		}
	}
	for _, name := range []string{"staff-app-bar.png", "staff-filters.png", "staff-counter.png", "staff-refused.png", "staff-window.png", "staff-template.png", "staff-new-chat-refused.png", "staff-new-chat.png", "staff-sync-lost.png"} {
		if info, err := os.Stat(filepath.Join(artifacts, name)); err != nil || info.Size() == 0 {
			t.Fatalf("no screenshot %s: %v", name, err)
		}
	}

	// What reached the providers: the quick reply to Anna only, nothing over the limit; the
	// template to Jan and to the new number, and no free text on WhatsApp.
	waitTelegram := time.Now().Add(30 * time.Second)
	for {
		var texts []string
		for _, s := range tg.Sent() {
			texts = append(texts, s.Text)
		}
		if len(texts) == 1 && texts[0] == quickText && tg.Sent()[0].ChatID == anna.ID {
			break
		}
		if time.Now().After(waitTelegram) {
			t.Fatalf("the fake Telegram got %q, want only the quick reply to Anna", texts)
		}
		time.Sleep(200 * time.Millisecond)
	}
	waitWhatsApp := time.Now().Add(30 * time.Second)
	for {
		var templates []string
		free := 0
		for _, s := range wa.Sent() {
			switch s.Type {
			case "template":
				templates = append(templates, s.To+":"+s.Template+":"+strings.Join(s.Params, ","))
			case "text":
				free++
			}
		}
		if free != 0 {
			t.Fatalf("the fake WhatsApp got %d free-text messages outside the window", free)
		}
		if len(templates) == 2 && templates[0] == jan.WaID+":order_ready:Jan" && templates[1] == "48600111222:order_ready:Ola" {
			break
		}
		if time.Now().After(waitWhatsApp) {
			t.Fatalf("the fake WhatsApp got templates %q, want order_ready to Jan then to the new number", templates)
		}
		time.Sleep(200 * time.Millisecond)
	}

	// What the clicks did, as the server records it: Anna's chat taken by the agent; the quick
	// reply saved for the team; the new chat on the WhatsApp connection.
	all, err := list()
	if err != nil {
		t.Fatal(err)
	}
	var taken, started int
	for _, c := range all {
		if c.Customer.Name == "Anna Nowak" && c.AssigneeID == agent.Id {
			taken++
		}
		if c.Customer.Phone == "+48600111222" {
			started++
		}
	}
	if taken != 1 || started != 1 {
		t.Fatalf("chats = %+v: want Anna's assigned to the agent and one chat with %s", all, newPhone)
	}
	code, body, err := srv.PluginDo(agentToken, http.MethodGet, "/api/v1/teams/"+team.Id+"/quick-replies", nil)
	if err != nil || code != http.StatusOK || !strings.Contains(string(body), `"text":"`+quickText+`"`) {
		t.Fatalf("GET quick-replies: %d %v %s", code, err, body)
	}
}
