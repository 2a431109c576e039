// Package messagingtest is a fake of the Graph API as the Messenger and Instagram adapters use it
// (Send API, sender actions, profiles, subscribed_apps, account lookup, CDN attachment downloads),
// plus builders of signed webhook deliveries. Packages messengertest and instagramtest construct it
// from a connection's credentials; use those.
//
// Every call is checked for method, path and token (and appsecret_proof when required) and answered
// with Meta's own error envelope when wrong; every call is recorded. Failures can be injected with
// FailNext, an outage with SetDown and a dead token with ExpireToken. With Config.TokenRefresh it also
// renews tokens like graph.instagram.com's refresh_access_token. Safe for concurrent use.
package messagingtest

import (
	"crypto/hmac"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/frontdesk-chat/frontdesk/server/channel/meta/messaging"
	"github.com/frontdesk-chat/frontdesk/server/channel/providertest"
)

// Config describes the account the fake plays.
type Config struct {
	Object      string // messaging.ObjectPage or messaging.ObjectInstagram
	AccountID   string // Page id or Instagram account id
	AccountName string
	Username    string
	Token       string
	// AppSecret signs webhooks; ProofSecret (usually the same) checks appsecret_proof.
	AppSecret   string
	ProofSecret string
	// RequireProof rejects calls without appsecret_proof, like an app with "Require App Secret" on.
	RequireProof bool
	// MaxTextRunes / MaxTextBytes reject longer texts with error 100 (0 = no limit).
	MaxTextRunes int
	MaxTextBytes int
	// Upload accepts multipart attachment uploads; otherwise they fail with error 100.
	Upload bool
	// AppID goes on echoes built by EchoOf.
	AppID string
	// TokenRefresh serves GET /refresh_access_token (Instagram Login), which issues a new token.
	TokenRefresh bool
}

// Failure is an injected Graph error.
type Failure struct {
	Status     int // HTTP status; 400 when zero
	Code       int
	Subcode    int
	Message    string
	Type       string // "OAuthException" when empty
	Transient  bool
	RetryAfter time.Duration
}

// Common failures.
var (
	WindowClosed = Failure{Code: 10, Subcode: 2018278, Message: "(#10) This message is sent outside of allowed window."}
	RateLimited  = Failure{Code: 613, Message: "Calls to this api have exceeded the rate limit.", RetryAfter: 2 * time.Second}
	Unavailable  = Failure{Code: 551, Subcode: 1545041, Message: "This person isn't available right now."}
	TokenExpired = Failure{Code: 190, Subcode: 463, Message: "Error validating access token: Session has expired."}
	Temporary    = Failure{Status: 500, Code: 2, Message: "An unexpected error has occurred. Please retry your request later.", Transient: true}
)

// Call is one request the fake received.
type Call struct {
	Method string
	Path   string // without the Graph version prefix
	Query  url.Values
	Body   []byte // JSON bodies only; uploads are in Sent
	Status int
}

// Sent is one accepted Send API call: a message or a sender action.
type Sent struct {
	MessageID     string // empty for sender actions
	To            string
	Text          string
	Metadata      string
	MessagingType string
	Tag           string
	Action        string // mark_seen, typing_on...
	Media         *SentMedia
	At            time.Time
}

// SentMedia is an attachment as the fake received it.
type SentMedia struct {
	Type     string // image, audio, video, file
	URL      string // by-URL sends
	FileName string // uploads
	MIMEType string
	Data     []byte
}

// Profile is what the fake answers for a customer id.
type Profile struct {
	FirstName string
	LastName  string
	Name      string
	Username  string
}

type media struct {
	data    []byte
	mime    string
	expired bool
}

// Server is the fake. Create it with New.
type Server struct {
	providertest.Faults[Failure] // FailNext, SetDown
	providertest.Seq             // StartIDsAfter

	cfg Config

	mu        sync.Mutex
	url       string
	ts        *httptest.Server
	calls     []Call
	sent      []Sent
	expired   bool
	profiles  map[string]Profile
	media     map[string]*media
	subscribe []string
	tokens    []string // every token that works; the last one is the newest
}

// New builds a fake for cfg. Mount it (it is an http.Handler) and call SetURL, or call Start.
func New(cfg Config) *Server {
	if cfg.ProofSecret == "" {
		cfg.ProofSecret = cfg.AppSecret
	}
	return &Server{cfg: cfg, profiles: map[string]Profile{}, media: map[string]*media{}, tokens: []string{cfg.Token}}
}

// Start serves the fake on a local test listener and returns its base URL (use it as
// Config.BaseURL of the adapter).
func (s *Server) Start() string {
	ts := httptest.NewServer(s)
	s.mu.Lock()
	s.ts, s.url = ts, ts.URL
	s.mu.Unlock()
	return ts.URL
}

// Close stops a server started with Start.
func (s *Server) Close() {
	s.mu.Lock()
	ts := s.ts
	s.mu.Unlock()
	if ts != nil {
		ts.Close()
	}
}

// SetURL tells the fake its public base URL (for the attachment URLs it hands out).
func (s *Server) SetURL(u string) {
	s.mu.Lock()
	s.url = strings.TrimRight(u, "/")
	s.mu.Unlock()
}

// URL is the fake's base URL.
func (s *Server) URL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.url
}

// ExpireToken makes the token dead: every Graph call answers 190/463 until RenewToken.
func (s *Server) ExpireToken() { s.mu.Lock(); s.expired = true; s.mu.Unlock() }

// RenewToken undoes ExpireToken.
func (s *Server) RenewToken() { s.mu.Lock(); s.expired = false; s.mu.Unlock() }

// Token is the newest token: the configured one until a refresh_access_token call issues another.
func (s *Server) Token() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tokens[len(s.tokens)-1]
}

// RetireOldTokens makes every token but the newest answer 190. By default a refresh leaves the old
// token working: Meta documents the refresh as extending validity, and open-source clients report
// getting the same token back, so nothing says the old one dies.
func (s *Server) RetireOldTokens() {
	s.mu.Lock()
	s.tokens = s.tokens[len(s.tokens)-1:]
	s.mu.Unlock()
}

func (s *Server) validToken(token string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.tokens {
		if hmac.Equal([]byte(token), []byte(t)) {
			return true
		}
	}
	return false
}

// SetProfile makes the fake know a customer; unknown ids answer error 100 like real Graph.
func (s *Server) SetProfile(id string, p Profile) {
	s.mu.Lock()
	s.profiles[id] = p
	s.mu.Unlock()
}

// AddMedia stores an attachment on the fake CDN and returns its signed-looking URL.
func (s *Server) AddMedia(data []byte, mimeType string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := strconv.FormatInt(s.Next(), 10)
	id := "a" + n
	s.media[id] = &media{data: data, mime: mimeType}
	return s.url + "/cdn/" + id + "?oh=sig" + n
}

// ExpireMedia makes an attachment URL answer 403 "URL signature expired".
func (s *Server) ExpireMedia(u string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if m := s.media[mediaID(u)]; m != nil {
		m.expired = true
	}
}

// Calls returns every request so far.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Call(nil), s.calls...)
}

// Sent returns every accepted message and sender action so far.
func (s *Server) Sent() []Sent {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Sent(nil), s.sent...)
}

// Subscribed returns the fields of the last subscribed_apps call.
func (s *Server) Subscribed() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.subscribe...)
}

var versionPrefix = regexp.MustCompile(`^/v\d+\.\d+`)

func mediaID(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(p.Path, "/cdn/")
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p := versionPrefix.ReplaceAllString(r.URL.Path, "")
	call := Call{Method: r.Method, Path: p, Query: r.URL.Query()}
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		call.Body, _ = io.ReadAll(io.LimitReader(r.Body, 1<<20))
	}
	rec := &recorder{ResponseWriter: w, status: http.StatusOK}
	s.serve(rec, r, p, call.Body)
	call.Status = rec.status
	s.mu.Lock()
	s.calls = append(s.calls, call)
	s.mu.Unlock()
}

type recorder struct {
	http.ResponseWriter
	status int
}

func (r *recorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request, p string, body []byte) {
	// An outage takes the attachments' CDN down too.
	if s.Down() {
		writeError(w, Failure{Status: http.StatusServiceUnavailable, Code: 2, Message: "Service temporarily unavailable", Transient: true})
		return
	}
	if strings.HasPrefix(p, "/cdn/") {
		s.serveMedia(w, r, strings.TrimPrefix(p, "/cdn/"))
		return
	}
	if f, ok := s.checkAuth(r); !ok {
		writeError(w, f)
		return
	}
	if fail, failed := s.TakeFailure(nil); failed {
		writeError(w, fail)
		return
	}
	parts := strings.Split(strings.Trim(p, "/"), "/")
	switch {
	case len(parts) == 2 && parts[1] == "messages" && r.Method == http.MethodPost && s.isAccount(parts[0]):
		s.serveSend(w, r, body)
	case len(parts) == 2 && parts[1] == "subscribed_apps" && r.Method == http.MethodPost && s.isAccount(parts[0]):
		s.mu.Lock()
		s.subscribe = strings.Split(r.URL.Query().Get("subscribed_fields"), ",")
		s.mu.Unlock()
		writeJSON(w, map[string]any{"success": true})
	case len(parts) == 1 && parts[0] == "refresh_access_token" && s.cfg.TokenRefresh:
		s.serveRefresh(w, r)
	case len(parts) == 1 && r.Method == http.MethodGet && s.isAccount(parts[0]):
		writeJSON(w, map[string]any{"id": s.cfg.AccountID, "user_id": s.cfg.AccountID, "name": s.cfg.AccountName, "username": s.cfg.Username})
	case len(parts) == 1 && r.Method == http.MethodGet && parts[0] != "":
		s.serveProfile(w, parts[0])
	default:
		writeError(w, Failure{Code: 100, Subcode: 33, Message: fmt.Sprintf("Unsupported %s request. Object with ID '%s' does not exist, cannot be loaded due to missing permissions, or does not support this operation.", r.Method, strings.Trim(p, "/"))})
	}
}

func (s *Server) isAccount(id string) bool { return id == "me" || id == s.cfg.AccountID }

// checkAuth accepts the token as a bearer header or access_token parameter, as Graph does.
func (s *Server) checkAuth(r *http.Request) (Failure, bool) {
	token := r.URL.Query().Get("access_token")
	if h, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
		token = h
	}
	if token == "" {
		return Failure{Code: 2500, Message: "An active access token must be used to query information about the current user."}, false
	}
	if !s.validToken(token) {
		return Failure{Code: 190, Message: "Invalid OAuth access token - Cannot parse access token"}, false
	}
	s.mu.Lock()
	expired := s.expired
	s.mu.Unlock()
	if expired {
		return TokenExpired, false
	}
	proof := r.URL.Query().Get("appsecret_proof")
	switch {
	case proof == "" && s.cfg.RequireProof:
		return Failure{Code: 100, Message: "API calls from the server require an appsecret_proof argument"}, false
	case proof != "" && proof != messaging.AppSecretProof(token, s.cfg.ProofSecret):
		return Failure{Code: 100, Message: "Invalid appsecret_proof provided in the API argument"}, false
	}
	return Failure{}, true
}

type sendBody struct {
	Recipient struct {
		ID string `json:"id"`
	} `json:"recipient"`
	MessagingType string `json:"messaging_type"`
	Tag           string `json:"tag"`
	SenderAction  string `json:"sender_action"`
	Message       *struct {
		Text       string `json:"text"`
		Metadata   string `json:"metadata"`
		Attachment *struct {
			Type    string `json:"type"`
			Payload struct {
				URL string `json:"url"`
			} `json:"payload"`
		} `json:"attachment"`
	} `json:"message"`
}

func (s *Server) serveSend(w http.ResponseWriter, r *http.Request, body []byte) {
	var b sendBody
	var upload *SentMedia
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "multipart/form-data" {
		if !s.cfg.Upload {
			writeError(w, Failure{Code: 100, Message: "(#100) Upload attachment is not supported for this account"})
			return
		}
		var ok bool
		if b, upload, ok = readUpload(r); !ok {
			writeError(w, Failure{Code: 100, Subcode: 2018047, Message: "(#100) Upload attachment failure."})
			return
		}
	} else if err := json.Unmarshal(body, &b); err != nil {
		writeError(w, Failure{Code: 100, Message: "(#100) param recipient must be non-empty."})
		return
	}
	if b.Recipient.ID == "" {
		writeError(w, Failure{Code: 100, Message: "(#100) param recipient must be non-empty."})
		return
	}
	sent := Sent{To: b.Recipient.ID, MessagingType: b.MessagingType, Tag: b.Tag, Action: b.SenderAction, At: time.Now()}
	if b.SenderAction != "" {
		if b.SenderAction != "mark_seen" && b.SenderAction != "typing_on" && b.SenderAction != "typing_off" {
			writeError(w, Failure{Code: 100, Message: "(#100) Param sender_action must be one of {MARK_SEEN, TYPING_ON, TYPING_OFF}"})
			return
		}
		s.record(sent)
		writeJSON(w, map[string]any{"recipient_id": b.Recipient.ID})
		return
	}
	if b.Message == nil {
		writeError(w, Failure{Code: 100, Message: "(#100) Must send either message or sender action"})
		return
	}
	if b.Tag != "" && (b.MessagingType != "MESSAGE_TAG" || b.Tag != "HUMAN_AGENT") {
		writeError(w, Failure{Code: 100, Message: "(#100) Invalid tag or messaging_type"})
		return
	}
	sent.Text, sent.Metadata = b.Message.Text, b.Message.Metadata
	switch {
	case upload != nil:
		sent.Media = upload
	case b.Message.Attachment != nil:
		sent.Media = &SentMedia{Type: b.Message.Attachment.Type, URL: b.Message.Attachment.Payload.URL}
	case sent.Text == "":
		writeError(w, Failure{Code: 100, Message: "(#100) Message cannot be empty, must provide valid attachment or text"})
		return
	}
	if s.cfg.MaxTextRunes > 0 && utf8.RuneCountInString(sent.Text) > s.cfg.MaxTextRunes ||
		s.cfg.MaxTextBytes > 0 && len(sent.Text) > s.cfg.MaxTextBytes {
		writeError(w, Failure{Code: 100, Message: "(#100) Length of param message[text] must be less than or equal to the limit"})
		return
	}
	s.mu.Lock()
	sent.MessageID = fmt.Sprintf("m_fake%06d", s.Next())
	s.sent = append(s.sent, sent)
	s.mu.Unlock()
	writeJSON(w, map[string]any{"recipient_id": b.Recipient.ID, "message_id": sent.MessageID})
}

func (s *Server) record(sent Sent) {
	s.mu.Lock()
	s.sent = append(s.sent, sent)
	s.mu.Unlock()
}

func readUpload(r *http.Request) (sendBody, *SentMedia, bool) {
	var b sendBody
	if err := r.ParseMultipartForm(32 << 20); err != nil {
		return b, nil, false
	}
	if err := json.Unmarshal([]byte(r.FormValue("recipient")), &b.Recipient); err != nil {
		return b, nil, false
	}
	b.MessagingType, b.Tag = r.FormValue("messaging_type"), r.FormValue("tag")
	if err := json.Unmarshal([]byte(r.FormValue("message")), &b.Message); err != nil || b.Message == nil || b.Message.Attachment == nil {
		return b, nil, false
	}
	f, h, err := r.FormFile("filedata")
	if err != nil {
		return b, nil, false
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil || len(data) == 0 {
		return b, nil, false
	}
	m := &SentMedia{Type: b.Message.Attachment.Type, FileName: h.Filename, MIMEType: h.Header.Get("Content-Type"), Data: data}
	// Meta rejects audio without an audio/* content type (docs/providers/reference.md §3.4).
	if m.Type == "audio" && !strings.HasPrefix(m.MIMEType, "audio/") {
		return b, nil, false
	}
	return b, m, true
}

// tokenLifetime is what graph.instagram.com answers as expires_in: about 60 days.
const tokenLifetime = 5183944

// serveRefresh plays refresh_access_token: GET only, grant_type=ig_refresh_token, the token as the
// access_token parameter; it issues a new token and answers as documented.
func (s *Server) serveRefresh(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	switch {
	case r.Method != http.MethodGet:
		writeError(w, Failure{Code: 100, Message: "Unsupported request - method type: " + strings.ToLower(r.Method)})
		return
	case q.Get("grant_type") != "ig_refresh_token":
		writeError(w, Failure{Code: 100, Message: "Invalid grant_type: expected ig_refresh_token"})
		return
	case q.Get("access_token") == "":
		writeError(w, Failure{Code: 100, Message: "The parameter access_token is required"})
		return
	case !s.validToken(q.Get("access_token")):
		writeError(w, Failure{Code: 190, Message: "Invalid OAuth access token - Cannot parse access token"})
		return
	}
	s.mu.Lock()
	token := fmt.Sprintf("IGAAfakeRefreshed%06d", s.Next())
	s.tokens = append(s.tokens, token)
	s.mu.Unlock()
	writeJSON(w, map[string]any{"access_token": token, "token_type": "bearer", "expires_in": tokenLifetime})
}

func (s *Server) serveProfile(w http.ResponseWriter, id string) {
	s.mu.Lock()
	p, ok := s.profiles[id]
	s.mu.Unlock()
	if !ok {
		writeError(w, Failure{Code: 100, Subcode: 33, Message: fmt.Sprintf("Unsupported get request. Object with ID '%s' does not exist, cannot be loaded due to missing permissions, or does not support this operation.", id)})
		return
	}
	out := map[string]any{"id": id}
	if s.cfg.Object == messaging.ObjectPage {
		out["first_name"], out["last_name"] = p.FirstName, p.LastName
	} else {
		out["name"], out["username"] = p.Name, p.Username
	}
	writeJSON(w, out)
}

func (s *Server) serveMedia(w http.ResponseWriter, r *http.Request, id string) {
	s.mu.Lock()
	m := s.media[id]
	s.mu.Unlock()
	if r.Method != http.MethodGet {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if r.Header.Get("Authorization") != "" {
		// CDN URLs are pre-signed; a token here would be a leak.
		http.Error(w, "unexpected Authorization header", http.StatusBadRequest)
		return
	}
	if m == nil || m.expired {
		http.Error(w, "URL signature expired", http.StatusForbidden)
		return
	}
	w.Header().Set("Content-Type", m.mime)
	w.Header().Set("Content-Length", strconv.Itoa(len(m.data)))
	_, _ = w.Write(m.data)
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, f Failure) {
	status := f.Status
	if status == 0 {
		status = http.StatusBadRequest
	}
	typ := f.Type
	if typ == "" {
		typ = "OAuthException"
	}
	e := map[string]any{"message": f.Message, "type": typ, "code": f.Code, "fbtrace_id": "AfakeTrace" + strconv.Itoa(f.Code)}
	if f.Subcode != 0 {
		e["error_subcode"] = f.Subcode
	}
	if f.Transient {
		e["is_transient"] = true
	}
	if f.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int(f.RetryAfter/time.Second)))
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"error": e})
}
