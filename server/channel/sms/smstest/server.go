// Package smstest plays Twilio Programmable Messaging for tests and the provider simulator, like
// net/http/httptest does for HTTP.
//
// A Server answers the REST calls the sms adapter makes (send a message, read the account, download
// media) with Twilio's paths, Basic auth and error envelopes, and records them:
//
//	fake := smstest.Start(smstest.Credentials{AccountSID: "AC…", AuthToken: "…", FromNumber: "+15557654321"})
//	defer fake.Close()
//	adapter, _ := sms.New(channel.Config{Credentials: fake.Credentials().Map(), BaseURL: fake.URL(), WebhookURL: hook})
//	adapter.Send(ctx, channel.Outbound{To: "+15551234567", Text: "hi"})
//	fake.Sent()[0].Body == "hi"
//
// Failures are injected with FailNext (the next n API calls answer a Twilio error), SetDown (503 for
// everything), RotateAuthToken (the adapter's token stops working: 401/20003), OptOut (sends to a
// number fail with 21610) and SetAccountStatus (a suspended account).
//
// Webhook deliveries are built the way Twilio posts them, signed with X-Twilio-Signature:
//
//	d := fake.Text("+15551234567", "Hello")                       // or fake.Inbound(smstest.Message{...})
//	d := fake.Status(sent.SID, "undelivered", 30003)               // status callback of an earlier send
//	req := d.Request(hook, token)                                  // *http.Request to the webhook
//	wr := d.WebhookRequest(hook, token)                            // channel.WebhookRequest for Parse
//
// Media attached with Inbound is stored in the server and downloadable at the MediaUrl it gets.
package smstest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf16"

	"github.com/frontdesk-chat/frontdesk/server/channel/providertest"
	"github.com/frontdesk-chat/frontdesk/server/channel/sms"
)

// Credentials are what an admin enters for a connection; the fake accepts only these.
type Credentials struct {
	AccountSID          string
	AuthToken           string
	FromNumber          string
	MessagingServiceSID string
}

// Map returns the credentials as the adapter's Config.Credentials.
func (c Credentials) Map() map[string]string {
	m := map[string]string{sms.FieldAccountSID: c.AccountSID, sms.FieldAuthToken: c.AuthToken}
	if c.FromNumber != "" {
		m[sms.FieldFromNumber] = c.FromNumber
	}
	if c.MessagingServiceSID != "" {
		m[sms.FieldMessagingServiceSID] = c.MessagingServiceSID
	}
	return m
}

// Failure is an error the fake answers instead of doing the call.
type Failure struct {
	Status     int    // HTTP status, e.g. 400, 401, 429, 500
	Code       int    // Twilio error code, e.g. 21610, 20003, 20429
	Message    string // Twilio's message
	RetryAfter time.Duration
}

// Call is one HTTP request the fake received.
type Call struct {
	Method     string
	Path       string
	Form       url.Values
	Authorized bool // Basic auth matched the account SID and current auth token
	Status     int  // HTTP status the fake answered
}

// Sent is one message the fake accepted.
type Sent struct {
	SID                 string
	To                  string
	From                string // empty when sent through a Messaging Service
	MessagingServiceSID string
	Body                string
	MediaURLs           []string
	StatusCallback      string
}

type media struct {
	contentType string
	data        []byte
}

// Server is a fake Twilio REST API. It is safe for concurrent use.
type Server struct {
	providertest.Faults[Failure] // FailNext, SetDown
	providertest.Seq             // StartIDsAfter

	mu       sync.Mutex
	creds    Credentials
	token    string // current auth token; RotateAuthToken changes it
	baseURL  string
	status   string // account status
	calls    []Call
	sent     []Sent
	optedOut map[string]bool
	media    map[string]media // by media SID
	http     *httptest.Server
}

// DefaultNumber is the business number used as To of inbound messages when the credentials only
// name a Messaging Service.
const DefaultNumber = "+15005550006"

// New returns a fake for the given credentials. Mount it anywhere and call SetBaseURL with the URL it
// is reachable at (media URLs are built from it), or use Start.
func New(c Credentials) *Server {
	return &Server{creds: c, token: c.AuthToken, status: "active",
		optedOut: map[string]bool{}, media: map[string]media{}}
}

// Start returns a fake served by a local httptest server; Close stops it.
func Start(c Credentials) *Server {
	s := New(c)
	s.http = httptest.NewServer(s)
	s.SetBaseURL(s.http.URL)
	return s
}

// Close stops the server started by Start.
func (s *Server) Close() {
	if s.http != nil {
		s.http.Close()
	}
}

// SetBaseURL tells the fake the URL it is reachable at.
func (s *Server) SetBaseURL(u string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.baseURL = strings.TrimRight(u, "/")
}

// URL is the base URL to give the adapter as Config.BaseURL.
func (s *Server) URL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.baseURL
}

// Credentials returns the credentials the fake was built with.
func (s *Server) Credentials() Credentials { return s.creds }

// Calls returns every request received so far.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Call(nil), s.calls...)
}

// Sent returns every message accepted so far.
func (s *Server) Sent() []Sent {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Sent(nil), s.sent...)
}

// RotateAuthToken replaces the auth token, as an admin promoting a secondary token does: calls and
// signatures with the old one fail from now on.
func (s *Server) RotateAuthToken(token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.token = token
}

// OptOut marks a number as having replied STOP: sends to it fail with 21610.
func (s *Server) OptOut(number string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.optedOut[number] = true
}

// SetAccountStatus sets what the Account resource reports: active, suspended or closed.
func (s *Server) SetAccountStatus(status string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.status = status
}

// AddMedia stores an attachment and returns its MediaUrl, as Twilio does for inbound MMS.
func (s *Server) AddMedia(messageSID, contentType string, data []byte) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	sid := fmt.Sprintf("ME%032x", s.Next())
	s.media[sid] = media{contentType: contentType, data: append([]byte(nil), data...)}
	return fmt.Sprintf("%s/%s/Accounts/%s/Messages/%s/Media/%s", s.baseURL, sms.APIVersion, s.creds.AccountSID, messageSID, sid)
}

func (s *Server) nextSID(prefix string) string {
	return fmt.Sprintf("%s%032x", prefix, s.Next())
}

var (
	accountPath  = regexp.MustCompile(`^/2010-04-01/Accounts/([^/]+)\.json$`)
	messagesPath = regexp.MustCompile(`^/2010-04-01/Accounts/([^/]+)/Messages\.json$`)
	mediaPath    = regexp.MustCompile(`^/2010-04-01/Accounts/([^/]+)/Messages/([^/]+)/Media/([^/.]+)$`)
	storagePath  = regexp.MustCompile(`^/storage/([^/]+)$`)
	e164         = regexp.MustCompile(`^\+[1-9][0-9]{6,14}$`)
)

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	call := Call{Method: r.Method, Path: r.URL.Path, Form: r.PostForm}
	user, pass, ok := r.BasicAuth()
	s.mu.Lock()
	call.Authorized = ok && user == s.creds.AccountSID && pass == s.token
	s.mu.Unlock()
	down := s.Down()
	var fail *Failure
	// Failures are for API calls; the media storage serves files.
	if !down && !storagePath.MatchString(r.URL.Path) {
		if f, ok := s.TakeFailure(nil); ok {
			fail = &f
		}
	}

	rec := &recorder{ResponseWriter: w, status: http.StatusOK}
	defer func() {
		call.Status = rec.status
		s.mu.Lock()
		s.calls = append(s.calls, call)
		s.mu.Unlock()
	}()

	switch {
	case down:
		writeError(rec, Failure{Status: http.StatusServiceUnavailable, Code: 20503, Message: "Service Unavailable"})
		return
	case fail != nil:
		writeError(rec, *fail)
		return
	}
	if m := storagePath.FindStringSubmatch(r.URL.Path); m != nil {
		s.serveStorage(rec, m[1])
		return
	}
	if !call.Authorized {
		writeError(rec, Failure{Status: http.StatusUnauthorized, Code: 20003, Message: "Authenticate"})
		return
	}
	switch {
	case accountPath.MatchString(r.URL.Path):
		s.route(rec, r, http.MethodGet, accountPath.FindStringSubmatch(r.URL.Path)[1], s.serveAccount)
	case messagesPath.MatchString(r.URL.Path):
		s.route(rec, r, http.MethodPost, messagesPath.FindStringSubmatch(r.URL.Path)[1], s.serveSend)
	case mediaPath.MatchString(r.URL.Path):
		m := mediaPath.FindStringSubmatch(r.URL.Path)
		s.route(rec, r, http.MethodGet, m[1], func(w http.ResponseWriter, r *http.Request) { s.serveMedia(w, m[3]) })
	default:
		notFound(rec, r)
	}
}

func (s *Server) route(w http.ResponseWriter, r *http.Request, method, account string, h http.HandlerFunc) {
	switch {
	case r.Method != method:
		writeError(w, Failure{Status: http.StatusMethodNotAllowed, Code: 20004, Message: "Method not allowed"})
	case account != s.creds.AccountSID:
		notFound(w, r)
	default:
		h(w, r)
	}
}

func (s *Server) serveAccount(w http.ResponseWriter, _ *http.Request) {
	s.mu.Lock()
	status := s.status
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{
		"sid":           s.creds.AccountSID,
		"friendly_name": "Frontdesk test account",
		"status":        status,
		"type":          "Full",
		"date_created":  time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC).Format(time.RFC1123Z),
		"uri":           "/2010-04-01/Accounts/" + s.creds.AccountSID + ".json",
	})
}

func (s *Server) serveSend(w http.ResponseWriter, r *http.Request) {
	f := r.PostForm
	to, from, service, body := f.Get("To"), f.Get("From"), f.Get("MessagingServiceSid"), f.Get("Body")
	mediaURLs := f["MediaUrl"]
	s.mu.Lock()
	optedOut := s.optedOut[to]
	s.mu.Unlock()
	bad := func(code int, msg string) {
		writeError(w, Failure{Status: http.StatusBadRequest, Code: code, Message: msg})
	}
	switch {
	case to == "":
		bad(21604, "A 'To' phone number is required.")
	case from == "" && service == "":
		bad(21603, "A 'From' phone number is required.")
	case !e164.MatchString(to):
		bad(21211, "The 'To' number is not a valid phone number.")
	case service != "" && service != s.creds.MessagingServiceSID:
		notFound(w, r)
	case service == "" && from != s.creds.FromNumber:
		bad(21606, "The From phone number is not a valid, SMS-capable inbound phone number or short code for your account.")
	case body == "" && len(mediaURLs) == 0:
		bad(21602, "Message body is required.")
	case len(utf16.Encode([]rune(body))) > sms.MaxBodyChars:
		bad(21617, "The concatenated message body exceeds the 1600 character limit.")
	case len(mediaURLs) > sms.MaxMedia:
		bad(21623, "Number of media files exceeds allowed limit.")
	case optedOut:
		bad(21610, "Attempt to send to unsubscribed recipient")
	default:
		prefix := "SM"
		if len(mediaURLs) > 0 {
			prefix = "MM"
		}
		sent := Sent{SID: s.nextSID(prefix), To: to, From: from, MessagingServiceSID: service, Body: body,
			MediaURLs: mediaURLs, StatusCallback: f.Get("StatusCallback")}
		s.mu.Lock()
		s.sent = append(s.sent, sent)
		s.mu.Unlock()
		status := "queued"
		if service != "" {
			status = "accepted" // a Messaging Service picks the sender later
		}
		now := time.Now().UTC().Format(time.RFC1123Z)
		writeJSON(w, http.StatusCreated, map[string]any{
			"sid": sent.SID, "account_sid": s.creds.AccountSID, "messaging_service_sid": nullable(service),
			"to": to, "from": nullable(from), "body": body, "status": status,
			"num_segments": "1", "num_media": strconv.Itoa(len(mediaURLs)), "direction": "outbound-api",
			"api_version": sms.APIVersion, "date_created": now, "date_updated": now, "date_sent": nil,
			"price": nil, "error_code": nil, "error_message": nil,
			"uri": "/2010-04-01/Accounts/" + s.creds.AccountSID + "/Messages/" + sent.SID + ".json",
		})
	}
}

// serveMedia answers like Twilio: a redirect to the stored file, which needs no credentials.
func (s *Server) serveMedia(w http.ResponseWriter, sid string) {
	s.mu.Lock()
	_, ok := s.media[sid]
	s.mu.Unlock()
	if !ok {
		writeError(w, Failure{Status: http.StatusNotFound, Code: 20404, Message: "The requested resource was not found"})
		return
	}
	w.Header().Set("Location", "/storage/"+sid)
	w.WriteHeader(http.StatusTemporaryRedirect)
}

func (s *Server) serveStorage(w http.ResponseWriter, sid string) {
	s.mu.Lock()
	m, ok := s.media[sid]
	s.mu.Unlock()
	if !ok {
		http.NotFound(w, nil)
		return
	}
	w.Header().Set("Content-Type", m.contentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(m.data)))
	_, _ = w.Write(m.data)
}

func notFound(w http.ResponseWriter, r *http.Request) {
	writeError(w, Failure{Status: http.StatusNotFound, Code: 20404,
		Message: "The requested resource " + r.URL.Path + " was not found"})
}

// writeError answers Twilio's error envelope.
func writeError(w http.ResponseWriter, f Failure) {
	if f.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int(f.RetryAfter/time.Second)))
	}
	writeJSON(w, f.Status, map[string]any{
		"code":      f.Code,
		"message":   f.Message,
		"more_info": fmt.Sprintf("https://www.twilio.com/docs/errors/%d", f.Code),
		"status":    f.Status,
	})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

type recorder struct {
	http.ResponseWriter
	status int
}

func (r *recorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}
