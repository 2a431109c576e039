package plugin_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

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
// template that reaches the fake; + Chat to a known customer picked from the suggestions, whose text
// reaches the fake Telegram; a reply to a customer who blocked the bot refused with the draft kept;
// last, the WhatsApp connection loses sync while the chat is open,
// and its banner tells the agent to ask an admin and a reply is refused with the draft kept. The
// screenshots staff-*.png are kept under build/artifacts.
func TestBrowserStaffScreens(t *testing.T) {
	t.Parallel()
	root, artifacts := hostPage(t)
	d := newAgentDesk(t, "staff", "staffagent")
	tgCreds := telegramtest.Credentials{BotToken: "7000004:AAH-staff-test", BotUsername: "staff_bot"}
	tg := telegramtest.New(tgCreds)
	tgServer := httptest.NewServer(tg)
	defer tgServer.Close()
	tgConn := d.connect(t, "telegram", "Shop bot", tgCreds.Map(), tgServer.URL)

	wa := whatsapptest.New(whatsapptest.ExampleCredentials())
	waServer := httptest.NewServer(wa)
	defer waServer.Close()
	wa.AddTemplate(whatsapptest.Template{Name: "order_ready", Language: "en_US", Category: "UTILITY",
		Body: "Hello {{1}}, your order is ready for pickup."})
	waConn := d.connect(t, "whatsapp", "Shop WhatsApp", wa.Credentials().Map(), waServer.URL)

	anna := telegramtest.User{ID: 820001, FirstName: "Anna", LastName: "Nowak", Username: "anna_staff"}
	bogdan := telegramtest.User{ID: 820002, FirstName: "Bogdan", LastName: "Lis", Username: "bogdan_staff"}
	jan := whatsapptest.User{WaID: "48601000111", Name: "Jan Kowalski"}
	// Bogdan writes, then blocks the bot: replies to him are refused.
	for _, delivery := range []telegramtest.Delivery{tg.Text(anna, "Is my phone ready?"), tg.Text(bogdan, "Is my phone ready?"), tg.CustomerBlocks(bogdan, true)} {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		code, err := delivery.Post(ctx, http.DefaultClient, tgConn.WebhookURL, tgConn.VerifyToken)
		cancel()
		if err != nil || code != http.StatusOK {
			t.Fatalf("the Telegram webhook answered %d: %v", code, err)
		}
	}
	// Jan wrote 25 hours ago: WhatsApp's window is closed.
	resp, err := http.DefaultClient.Do(wa.Text(jan, "Hello, any news?", time.Now().Add(-25*time.Hour)).Request(waConn.WebhookURL))
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
		OptedOutAt   int64  `json:"opted_out_at"`
		Customer     struct {
			Name  string `json:"name"`
			Phone string `json:"phone"`
		} `json:"customer"`
	}
	list := func() ([]chat, error) {
		code, body, err := srv.PluginDo(d.agentToken, http.MethodGet, "/api/v1/conversations?status=active", nil)
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
		blocked := false
		for _, c := range all {
			blocked = blocked || (c.Customer.Name == "Bogdan Lis" && c.OptedOutAt > 0)
		}
		if len(all) == 3 && blocked {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("3 chats, Bogdan's opted out, expected after 30s, have %+v", all)
		}
		time.Sleep(200 * time.Millisecond)
	}

	const (
		quickName = "hours"
		quickText = "We are open 9 to 17, Monday to Saturday."
		newPhone  = "+48 600 111 222"
		knownText = "Your phone is ready: we close at 17 today."
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
			code, body, err := srv.PluginDo(srv.AdminToken, http.MethodPost, "/api/v1/connections/"+waConn.ID+"/test", nil)
			if err != nil || code != http.StatusOK || !strings.Contains(string(body), `"ok":false`) {
				return fmt.Errorf("testing the expired connection: %d %v %s", code, err, body)
			}
			return os.WriteFile(filepath.Join(handshake, "staff-lost"), nil, 0o644)
		}()
	}()

	out := runScript(t, root, "staff.mjs", d.agent.Username,
		"FRONTDESK_SHOTS="+artifacts,
		"FRONTDESK_TELEGRAM=Anna Nowak",
		"FRONTDESK_OTHER=Bogdan Lis",
		"FRONTDESK_WHATSAPP=Jan Kowalski",
		"FRONTDESK_TEMPLATE=order_ready",
		"FRONTDESK_NEW_PHONE="+newPhone,
		"FRONTDESK_QUICK_NAME="+quickName,
		"FRONTDESK_QUICK_TEXT="+quickText,
		"FRONTDESK_HANDSHAKE_DIR="+handshake,
		"FRONTDESK_KNOWN_TEXT="+knownText,
	)
	if err := <-lostDone; err != nil {
		t.Fatalf("losing sync: %v", err)
	}
	for _, step := range []string{"app bar badge", "search and filters", "composer refused", "window banner", "+ Chat refused free text",
		"+ Chat to known customer", "opted-out refusal", "lost sync banner"} {
		if !strings.Contains(string(out), "staff: ok "+step) {
			t.Fatalf("the browser test did not report %q", step)
		}
	}
	requireShots(t, artifacts, "staff-app-bar.png", "staff-filters.png", "staff-counter.png", "staff-refused.png", "staff-window.png",
		"staff-template.png", "staff-new-chat-refused.png", "staff-new-chat.png", "staff-new-chat-known.png", "staff-opted-out.png", "staff-sync-lost.png")

	// What reached the providers: the quick reply and + Chat's text to Anna only, nothing over the
	// limit and nothing to Bogdan, who blocked the bot; the template to Jan and to the new number,
	// and no free text on WhatsApp.
	waitTelegram := time.Now().Add(30 * time.Second)
	for {
		var texts []string
		toAnna := true
		for _, s := range tg.Sent() {
			texts = append(texts, s.Text)
			toAnna = toAnna && s.ChatID == anna.ID
		}
		if len(texts) == 2 && texts[0] == quickText && texts[1] == knownText && toAnna {
			break
		}
		if time.Now().After(waitTelegram) {
			t.Fatalf("the fake Telegram got %q, want the quick reply then + Chat's text, to Anna only", texts)
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
		if c.Customer.Name == "Anna Nowak" && c.AssigneeID == d.agent.Id {
			taken++
		}
		if c.Customer.Phone == "+48600111222" {
			started++
		}
	}
	if taken != 1 || started != 1 {
		t.Fatalf("chats = %+v: want Anna's assigned to the agent and one chat with %s", all, newPhone)
	}
	code, body, err := srv.PluginDo(d.agentToken, http.MethodGet, "/api/v1/teams/"+d.team.Id+"/quick-replies", nil)
	if err != nil || code != http.StatusOK || !strings.Contains(string(body), `"text":"`+quickText+`"`) {
		t.Fatalf("GET quick-replies: %d %v %s", code, err, body)
	}
}
