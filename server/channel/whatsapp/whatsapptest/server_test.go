package whatsapptest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

type graphErr struct {
	Error struct {
		Code    int    `json:"code"`
		Subcode int    `json:"error_subcode"`
		Type    string `json:"type"`
		Message string `json:"message"`
	} `json:"error"`
}

func call(t *testing.T, ts *httptest.Server, method, path, token, body string) (int, graphErr) {
	t.Helper()
	req, _ := http.NewRequest(method, ts.URL+path, strings.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var g graphErr
	b, _ := io.ReadAll(resp.Body)
	_ = json.Unmarshal(b, &g)
	return resp.StatusCode, g
}

func TestServerAuthAndRouting(t *testing.T) {
	c := ExampleCredentials()
	s := New(c)
	ts := httptest.NewServer(s)
	defer ts.Close()
	text := `{"messaging_product":"whatsapp","to":"1555","type":"text","text":{"body":"hi"}}`

	tests := []struct {
		name, method, path, token, body string
		status, code                    int
	}{
		{"no token", "POST", "/" + c.PhoneNumberID + "/messages", "", text, 400, 2500},
		{"wrong token", "POST", "/" + c.PhoneNumberID + "/messages", "nope", text, 401, 190},
		{"other phone number", "POST", "/1/messages", c.AccessToken, text, 400, 100},
		{"GET on messages", "GET", "/" + c.PhoneNumberID + "/messages", c.AccessToken, "", 400, 100},
		{"missing product", "POST", "/" + c.PhoneNumberID + "/messages", c.AccessToken, `{"to":"1","type":"text","text":{"body":"x"}}`, 400, 100},
		{"unknown type", "POST", "/" + c.PhoneNumberID + "/messages", c.AccessToken, `{"messaging_product":"whatsapp","to":"1","type":"hologram"}`, 400, 131051},
		{"versioned path", "POST", "/v26.0/" + c.PhoneNumberID + "/messages", c.AccessToken, text, 200, 0},
		{"download needs the token", "GET", "/media-download/1", "", "", 400, 2500},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, g := call(t, ts, tt.method, tt.path, tt.token, tt.body)
			if status != tt.status || g.Error.Code != tt.code {
				t.Fatalf("got %d code %d (%s), want %d code %d", status, g.Error.Code, g.Error.Message, tt.status, tt.code)
			}
			if status >= 400 && g.Error.Type != "OAuthException" {
				t.Fatalf("error envelope without type: %+v", g)
			}
		})
	}
	if n := len(s.Calls()); n != len(tests) {
		t.Fatalf("recorded %d calls, want %d", n, len(tests))
	}
	if sent := s.Sent(); len(sent) != 1 || sent[0].Text != "hi" {
		t.Fatalf("sent %+v", sent)
	}
}

func TestServerFailuresAndOutage(t *testing.T) {
	c := ExampleCredentials()
	s := New(c)
	ts := httptest.NewServer(s)
	defer ts.Close()
	s.FailNext(1, Failure{Status: 429, Code: 130429, Message: "Rate limit hit", RetryAfter: 3})
	if status, g := call(t, ts, "GET", "/"+c.PhoneNumberID, c.AccessToken, ""); status != 429 || g.Error.Code != 130429 {
		t.Fatalf("failure: %d %+v", status, g)
	}
	s.SetDown(true)
	if status, _ := call(t, ts, "GET", "/"+c.PhoneNumberID, c.AccessToken, ""); status != 503 {
		t.Fatalf("down: %d", status)
	}
	s.SetDown(false)
	if status, _ := call(t, ts, "GET", "/"+c.PhoneNumberID, c.AccessToken, ""); status != 200 {
		t.Fatalf("back up: %d", status)
	}
}

func TestDeliveryRequest(t *testing.T) {
	s := New(ExampleCredentials())
	d := s.Text(User{WaID: "1555", Name: "A"}, "hi", time.Unix(1700000000, 0))
	req := d.Request("http://example.test/hook")
	if req.Method != http.MethodPost || !strings.HasPrefix(req.Header.Get("X-Hub-Signature-256"), "sha256=") {
		t.Fatalf("request %s %v", req.Method, req.Header)
	}
	b, _ := io.ReadAll(req.Body)
	if string(b) != string(d.Body) || !strings.Contains(string(b), `"timestamp":"1700000000"`) || d.ID == "" {
		t.Fatalf("body %s id %q", b, d.ID)
	}
}
