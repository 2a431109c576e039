package telegramtest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func post(t *testing.T, url, body string) (int, map[string]any) {
	t.Helper()
	resp, err := http.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var env map[string]any
	b, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(b, &env); err != nil {
		t.Fatalf("answer is not Telegram's JSON envelope: %s", b)
	}
	return resp.StatusCode, env
}

func TestServerChecksTokenAndAnswersEnvelope(t *testing.T) {
	s := New(Credentials{BotToken: "42:right", BotUsername: "acme_bot"})
	ts := httptest.NewServer(s)
	defer ts.Close()

	status, env := post(t, ts.URL+"/bot42:wrong/getMe", `{}`)
	if status != 401 || env["ok"] != false || env["error_code"] != 401.0 || env["description"] != "Unauthorized" {
		t.Errorf("wrong token: %d %v", status, env)
	}
	status, env = post(t, ts.URL+"/bot42:right/getMe", `{}`)
	if status != 200 || env["ok"] != true || env["result"].(map[string]any)["username"] != "acme_bot" {
		t.Errorf("getMe: %d %v", status, env)
	}
	status, env = post(t, ts.URL+"/bot42:right/noSuchMethod", `{}`)
	if status != 404 || env["description"] != "Not Found" {
		t.Errorf("unknown method: %d %v", status, env)
	}
	status, _ = post(t, ts.URL+"/bot42:right/sendMessage", `{"chat_id": 5, "text": "hi"}`)
	if status != 400 {
		t.Errorf("send to a user who never started the bot: %d", status)
	}
	resp, err := http.Get(ts.URL + "/file/bot42:right/documents/nothing")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 404 {
		t.Errorf("missing file: %d", resp.StatusCode)
	}
	if n := len(s.Calls()); n != 4 {
		t.Errorf("%d calls recorded, want 4 (downloads are not calls)", n)
	}
}

func TestDeliveriesNumberMessagesPerChat(t *testing.T) {
	s := New(Credentials{BotToken: "42:right"})
	u := User{ID: 7, FirstName: "Ann"}
	d1 := s.Text(u, "one")
	d2 := s.Photo(u, []byte("jpeg"), "")
	if d1.MessageID != 1 || d2.MessageID != 2 || d2.UpdateID != d1.UpdateID+1 || d1.ChatID != 7 {
		t.Errorf("ids: %+v %+v", d1, d2)
	}
	var upd struct {
		UpdateID int64 `json:"update_id"`
		Message  struct {
			Chat struct {
				Type string `json:"type"`
			} `json:"chat"`
			Photo []struct {
				FileID string `json:"file_id"`
			} `json:"photo"`
		} `json:"message"`
	}
	if err := json.Unmarshal(d2.Body, &upd); err != nil || upd.UpdateID != d2.UpdateID || upd.Message.Chat.Type != "private" || len(upd.Message.Photo) != 2 {
		t.Errorf("photo update %s (%v)", d2.Body, err)
	}
	req, err := d1.Request(t.Context(), "https://frontdesk.example.com/hook", "sec")
	if err != nil || req.Header.Get(SecretHeader) != "sec" || req.Method != http.MethodPost {
		t.Errorf("request %v %v", req, err)
	}
}
