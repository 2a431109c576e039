// Package telegramtest is a fake Telegram Bot API for tests and the provider simulator, in the manner
// of net/http/httptest.
//
// A Server plays the Bot API as the Frontdesk adapter uses it: POST /bot<token>/<method> for methods
// and GET /file/bot<token>/<file_path> for downloads. Every call is checked (HTTP method, path, token)
// and answered with Telegram's envelope, {"ok": true, "result": ...} or {"ok": false, "error_code": N,
// "description": "..."}; a wrong token gets 401 Unauthorized like the real API. Calls are recorded
// (Calls, Sent), message ids are assigned per chat, files are served, and failures can be injected
// (FailNext, SetDown, RevokeToken, Block).
//
// Telegram only lets a bot write to users who started it: the fake answers 400 "chat not found" for
// chats it has never seen. Building a delivery from a user (Text, Photo, ...) or AddUser makes the
// user known, as their first message would.
//
//	srv := telegramtest.New(telegramtest.Credentials{BotToken: "123:abc", BotUsername: "acme_bot"})
//	ts := httptest.NewServer(srv) // the adapter's Config.BaseURL is ts.URL
//	d := srv.Text(telegramtest.User{ID: 42, FirstName: "Ann"}, "hello")
//	req, _ := d.Request(ctx, webhookURL, secret) // a delivery as Telegram would POST it
package telegramtest

import (
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf16"

	"github.com/frontdesk-chat/frontdesk/server/channel/providertest"
)

// Credentials are the connection's credentials, as the adapter gets them.
type Credentials struct {
	BotToken    string
	BotUsername string
}

// Map returns the credentials as channel.Config.Credentials holds them.
func (c Credentials) Map() map[string]string {
	return map[string]string{"bot_token": c.BotToken, "bot_username": c.BotUsername}
}

// BotID is the bot's user id: the token's prefix.
func (c Credentials) BotID() int64 {
	id, _, _ := strings.Cut(c.BotToken, ":")
	n, _ := strconv.ParseInt(id, 10, 64)
	return n
}

// User is a Telegram user who writes to the bot; in a private chat their id is the chat id.
type User struct {
	ID        int64
	FirstName string
	LastName  string
	Username  string
}

// Failure is an error answer to inject: HTTP status (also the error_code), Telegram's description
// and, for 429, parameters.retry_after in seconds. Method limits it to one method ("" for any).
type Failure struct {
	Method      string
	Status      int
	Description string
	RetryAfter  int
}

// Common failures, worded as Telegram words them.
var (
	Unauthorized = Failure{Status: http.StatusUnauthorized, Description: "Unauthorized"}
	Blocked      = Failure{Status: http.StatusForbidden, Description: "Forbidden: bot was blocked by the user"}
	ChatNotFound = Failure{Status: http.StatusBadRequest, Description: "Bad Request: chat not found"}
	FileTooBig   = Failure{Status: http.StatusBadRequest, Description: "Bad Request: file is too big"}
)

// TooManyRequests is flood control asking to wait the given seconds.
func TooManyRequests(seconds int) Failure {
	return Failure{Status: http.StatusTooManyRequests, RetryAfter: seconds,
		Description: fmt.Sprintf("Too Many Requests: retry after %d", seconds)}
}

// Upload is a file sent as a multipart part.
type Upload struct {
	Field    string
	FileName string
	Data     []byte
}

// Call is one request the fake answered (including failed ones).
type Call struct {
	Method string
	// Params holds every parameter as a string: JSON strings as they are, other JSON values encoded.
	Params map[string]string
	Upload *Upload
	Status int // HTTP status of the answer
}

// Sent is one message the bot sent successfully (sendMessage or a send<Media>), as it now stands:
// edits change Text, deletes set Deleted.
type Sent struct {
	ChatID    int64
	MessageID int64
	Method    string
	Text      string // text, or the caption of media
	MediaType string // "photo", "document", "voice", "audio", "video", "sticker"; "" for text
	FileName  string
	Data      []byte // uploaded bytes
	URL       string // media given by URL (or file_id)
	ReplyTo   int64
	Date      time.Time
	Edited    bool
	Deleted   bool
}

type storedFile struct {
	data []byte
	path string
}

type chatState struct {
	user    User
	blocked bool
}

// Server is the fake Bot API. Safe for concurrent use.
type Server struct {
	providertest.Faults[Failure] // FailNext, SetDown

	creds Credentials

	mu         sync.Mutex
	now        func() time.Time
	calls      []Call
	sent       []Sent
	chats      map[int64]*chatState
	nextMsg    map[int64]int64
	idBase     int64 // message ids start after it (StartIDsAfter)
	nextUpdate int64
	files      map[string]storedFile
	nextFile   int
	reactions  map[[2]int64]string
	revoked    bool
	hook       webhook
}

type webhook struct {
	url     string
	secret  string
	allowed []string
}

// New returns a fake Bot API for the bot with these credentials.
func New(c Credentials) *Server {
	return &Server{
		creds:      c,
		now:        time.Now,
		chats:      map[int64]*chatState{},
		nextMsg:    map[int64]int64{},
		nextUpdate: 100000,
		files:      map[string]storedFile{},
		reactions:  map[[2]int64]string{},
	}
}

// AddUser makes a user known, as if they had started the bot.
func (s *Server) AddUser(u User) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.addUserLocked(u)
}

func (s *Server) addUserLocked(u User) {
	if c, ok := s.chats[u.ID]; ok {
		c.user = u
		return
	}
	s.chats[u.ID] = &chatState{user: u}
}

// Block makes sends to the user fail with 403 "bot was blocked by the user" (false unblocks).
func (s *Server) Block(userID int64, blocked bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c, ok := s.chats[userID]; ok {
		c.blocked = blocked
	}
}

// RevokeToken makes every call answer 401, as after the token was regenerated in @BotFather.
func (s *Server) RevokeToken() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.revoked = true
}

// SetToken installs a new bot token, as after regenerating it in @BotFather: calls with the new
// token work again, calls with any other are refused.
func (s *Server) SetToken(token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.creds.BotToken = token
	s.revoked = false
}

// Calls returns every call answered so far.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Call(nil), s.calls...)
}

// Sent returns every message the bot sent, in order.
func (s *Server) Sent() []Sent {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Sent(nil), s.sent...)
}

// Webhook returns what setWebhook registered ("" when nothing is).
func (s *Server) Webhook() (url, secret string, allowedUpdates []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hook.url, s.hook.secret, append([]string(nil), s.hook.allowed...)
}

// AddFile stores a file the way Telegram holds customers' uploads and returns its file_id.
func (s *Server) AddFile(data []byte, name string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addFileLocked(data, name)
}

func (s *Server) addFileLocked(data []byte, name string) string {
	s.nextFile++
	id := fmt.Sprintf("AgACAgfake%04d", s.nextFile)
	dir := "documents"
	if name == "" {
		name = "file.bin"
	}
	s.files[id] = storedFile{data: data, path: fmt.Sprintf("%s/file_%d_%s", dir, s.nextFile, name)}
	return id
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if rest, ok := strings.CutPrefix(r.URL.Path, "/file/bot"); ok {
		s.serveFile(w, r, rest)
		return
	}
	rest, ok := strings.CutPrefix(r.URL.Path, "/bot")
	if !ok {
		writeError(w, http.StatusNotFound, "Not Found", 0)
		return
	}
	token, method, _ := strings.Cut(rest, "/")
	call := Call{Method: method}
	status, result, _ := s.answer(r, token, &call)
	call.Status = status
	s.mu.Lock()
	s.calls = append(s.calls, call)
	s.mu.Unlock()
	if status == http.StatusOK {
		writeResult(w, result)
	} else {
		writeError(w, status, result.(failure).description, result.(failure).retryAfter)
	}
}

type failure struct {
	description string
	retryAfter  int
}

func fail(status int, description string) (int, any, *Sent) {
	return status, failure{description: description}, nil
}

// answer checks the request and runs the method; it returns the status and either the result or a failure.
func (s *Server) answer(r *http.Request, token string, call *Call) (int, any, *Sent) {
	s.mu.Lock()
	revoked := s.revoked
	s.mu.Unlock()
	switch {
	case s.Down():
		return fail(http.StatusServiceUnavailable, "Service Unavailable")
	case revoked || token != s.creds.BotToken:
		return fail(http.StatusUnauthorized, "Unauthorized")
	case r.Method != http.MethodPost:
		return fail(http.StatusMethodNotAllowed, "Method Not Allowed: the adapter calls every method with POST")
	}
	params, upload, err := readParams(r)
	if err != nil {
		return fail(http.StatusBadRequest, "Bad Request: "+err.Error())
	}
	call.Params, call.Upload = params, upload
	// A failure names the method it is for, or none for any.
	if f, ok := s.TakeFailure(func(f Failure) bool { return f.Method == "" || f.Method == call.Method }); ok {
		return f.Status, failure{description: f.Description, retryAfter: f.RetryAfter}, nil
	}
	return s.run(call)
}

// readParams reads a JSON, multipart or urlencoded body, as the Bot API accepts all three.
func readParams(r *http.Request) (map[string]string, *Upload, error) {
	params := map[string]string{}
	ctype, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ctype {
	case "application/json":
		dec := json.NewDecoder(io.LimitReader(r.Body, 1<<20))
		dec.UseNumber()
		var raw map[string]any
		if err := dec.Decode(&raw); err != nil {
			return nil, nil, fmt.Errorf("can't parse JSON request body: %v", err)
		}
		for k, v := range raw {
			if str, ok := v.(string); ok {
				params[k] = str
				continue
			}
			b, _ := json.Marshal(v)
			params[k] = string(b)
		}
		return params, nil, nil
	case "multipart/form-data":
		if err := r.ParseMultipartForm(64 << 20); err != nil {
			return nil, nil, fmt.Errorf("can't parse multipart body: %v", err)
		}
		for k, v := range r.MultipartForm.Value {
			params[k] = v[0]
		}
		for field, fhs := range r.MultipartForm.File {
			f, err := fhs[0].Open()
			if err != nil {
				return nil, nil, err
			}
			data, err := io.ReadAll(f)
			f.Close()
			if err != nil {
				return nil, nil, err
			}
			return params, &Upload{Field: field, FileName: fhs[0].Filename, Data: data}, nil
		}
		return params, nil, nil
	default:
		if err := r.ParseForm(); err != nil {
			return nil, nil, err
		}
		for k, v := range r.Form {
			params[k] = v[0]
		}
		return params, nil, nil
	}
}

func (s *Server) serveFile(w http.ResponseWriter, r *http.Request, rest string) {
	token, path, _ := strings.Cut(rest, "/")
	s.mu.Lock()
	revoked := s.revoked
	var found *storedFile
	for _, f := range s.files {
		if f.path == path {
			found = &f
			break
		}
	}
	s.mu.Unlock()
	switch {
	case revoked || token != s.creds.BotToken:
		writeError(w, http.StatusUnauthorized, "Unauthorized", 0)
	case r.Method != http.MethodGet:
		writeError(w, http.StatusMethodNotAllowed, "Method Not Allowed", 0)
	case found == nil:
		writeError(w, http.StatusNotFound, "Not Found", 0)
	default:
		// Telegram's file server answers a generic type; the message carries the real one.
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Header().Set("Content-Length", strconv.Itoa(len(found.data)))
		_, _ = w.Write(found.data)
	}
}

func writeResult(w http.ResponseWriter, result any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"ok": true, "result": result})
}

func writeError(w http.ResponseWriter, status int, description string, retryAfter int) {
	body := map[string]any{"ok": false, "error_code": status, "description": description}
	if retryAfter > 0 {
		body["parameters"] = map[string]any{"retry_after": retryAfter}
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

func utf16Len(s string) int { return len(utf16.Encode([]rune(s))) }
