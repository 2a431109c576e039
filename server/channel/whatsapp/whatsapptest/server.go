// Package whatsapptest is a fake WhatsApp Cloud API for tests and the provider simulator, in the spirit
// of net/http/httptest.
//
// A Server plays the Graph API endpoints the adapter uses — POST /<phone_number_id>/messages (text,
// media, reactions, templates, mark-as-read with typing), POST /<phone_number_id>/media (upload),
// GET /<media_id> and the download URL it hands out, GET /<waba_id>/message_templates and
// GET /<phone_number_id> — checking method, path and bearer token of every call and answering the
// Graph error envelope like Meta does. Mount it with httptest.NewServer(s) and give the adapter the
// test server's URL as its base URL (a leading /v26.0 in paths is accepted too).
//
//	creds := whatsapptest.ExampleCredentials()
//	fake := whatsapptest.New(creds)
//	ts := httptest.NewServer(fake)
//	// adapter: channel.Config{Credentials: creds.Map(), BaseURL: ts.URL}
//	fake.FailNext(1, whatsapptest.Failure{Status: 400, Code: 131047, Message: "Re-engagement message"})
//	fake.SetDown(true)     // every call answers 503
//	fake.ExpireToken()     // every call answers 401 with code 190/463
//
// Sent and Calls report what the adapter did. Webhook deliveries signed with the app secret are built by
// the Server's Text, Media, Location, Contact, Reaction, Echo, Standby, Status and Failed methods; each
// returns a Delivery whose Request posts it to a URL. Server is safe for concurrent use.
package whatsapptest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/frontdesk-chat/frontdesk/server/channel/providertest"
)

// Credentials are what both the fake and the adapter are built with.
type Credentials struct {
	PhoneNumberID      string
	WABAID             string
	AccessToken        string
	AppSecret          string
	DisplayPhoneNumber string
}

// ExampleCredentials returns a consistent set of made-up credentials.
func ExampleCredentials() Credentials {
	return Credentials{
		PhoneNumberID:      "106540352242922",
		WABAID:             "102290129340398",
		AccessToken:        "EAAtest-system-user-token",
		AppSecret:          "test-app-secret",
		DisplayPhoneNumber: "15550783881",
	}
}

// Map returns the credentials keyed by the adapter's field names.
func (c Credentials) Map() map[string]string {
	return map[string]string{
		"phone_number_id":      c.PhoneNumberID,
		"waba_id":              c.WABAID,
		"access_token":         c.AccessToken,
		"app_secret":           c.AppSecret,
		"display_phone_number": c.DisplayPhoneNumber,
	}
}

// Call is one HTTP request the fake received.
type Call struct {
	Method string
	Path   string // without the version prefix
	Query  url.Values
}

// Sent is one accepted POST /<phone_number_id>/messages.
type Sent struct {
	ID        string // assigned message id; empty for reads
	Type      string // text, image, audio, video, document, sticker, reaction, template, read
	To        string // phone digits
	Recipient string // business-scoped user id, when sent to one
	Text      string
	Caption   string
	MediaID   string
	MediaLink string
	FileName  string
	ReplyTo   string
	Emoji     string
	ReactTo   string
	Template  string
	Language  string
	Params    []string
	ReadID    string // read: the message marked read
	Typing    bool   // read: a typing indicator was asked for
	Metadata  string // biz_opaque_callback_data
}

// Failure is an error the fake answers instead of handling a call.
type Failure struct {
	Status     int // HTTP status; 400 when zero
	Code       int
	Subcode    int
	Type       string // "OAuthException" when empty
	Message    string
	RetryAfter int // seconds; sets Retry-After when positive
}

// Media is a file the fake holds, uploaded by the adapter or added by a test.
type Media struct {
	ID       string
	Data     []byte
	MIMEType string
}

// Template is an entry of the WABA's template list.
type Template struct {
	Name     string
	Language string
	Category string
	Status   string // APPROVED when empty
	Body     string
}

// Server is the fake Cloud API.
type Server struct {
	providertest.Faults[Failure] // FailNext, SetDown
	providertest.Seq             // StartIDsAfter

	creds Credentials

	mu        sync.Mutex
	calls     []Call
	sent      []Sent
	media     map[string]Media
	templates []Template
	expired   bool
}

// New returns a fake answering to exactly these credentials.
func New(c Credentials) *Server {
	return &Server{creds: c, media: map[string]Media{}}
}

// Credentials returns what the fake was built with.
func (s *Server) Credentials() Credentials { return s.creds }

// ExpireToken makes every call answer 401 with Graph code 190/463, as when a token has expired.
func (s *Server) ExpireToken() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.expired = true
}

// AddMedia stores a file as if a customer had sent it and returns its media id for a webhook.
func (s *Server) AddMedia(data []byte, mimeType string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := s.nextNumericID()
	s.media[id] = Media{ID: id, Data: append([]byte(nil), data...), MIMEType: mimeType}
	return id
}

// MediaByID returns an uploaded or added file.
func (s *Server) MediaByID(id string) (Media, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.media[id]
	return m, ok
}

// AddTemplate adds an entry to the template list.
func (s *Server) AddTemplate(t Template) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t.Status == "" {
		t.Status = "APPROVED"
	}
	s.templates = append(s.templates, t)
}

// Calls returns every request received so far.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Call(nil), s.calls...)
}

// Sent returns every accepted message send and mark-as-read, in order.
func (s *Server) Sent() []Sent {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Sent(nil), s.sent...)
}

func (s *Server) nextNumericID() string {
	return strconv.FormatInt(900000000000000+s.Next(), 10)
}

func (s *Server) nextMessageID() string {
	return fmt.Sprintf("wamid.HBgLFAKE%08d", s.Next())
}

var versionPrefix = regexp.MustCompile(`^/v\d+\.\d+`)

// ServeHTTP routes like graph.facebook.com does for the calls the adapter makes.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	path := versionPrefix.ReplaceAllString(r.URL.Path, "")
	s.mu.Lock()
	s.calls = append(s.calls, Call{Method: r.Method, Path: path, Query: r.URL.Query()})
	expired := s.expired
	s.mu.Unlock()
	fail, failed := s.TakeFailure(nil)

	switch {
	case s.Down():
		writeError(w, Failure{Status: http.StatusServiceUnavailable, Code: 2, Message: "Service temporarily unavailable"}, true)
		return
	case failed:
		writeError(w, fail, false)
		return
	}
	if !s.authorize(w, r, expired) {
		return
	}

	parts := strings.Split(strings.Trim(path, "/"), "/")
	switch {
	case r.Method == http.MethodGet && len(parts) == 2 && parts[0] == "media-download":
		s.serveDownload(w, parts[1])
	case len(parts) == 2 && parts[0] == s.creds.PhoneNumberID && parts[1] == "messages":
		requireMethod(w, r, http.MethodPost, s.serveMessages)
	case len(parts) == 2 && parts[0] == s.creds.PhoneNumberID && parts[1] == "media":
		requireMethod(w, r, http.MethodPost, s.serveUpload)
	case len(parts) == 2 && parts[0] == s.creds.WABAID && parts[1] == "message_templates":
		requireMethod(w, r, http.MethodGet, s.serveTemplates)
	case len(parts) == 1 && parts[0] == s.creds.PhoneNumberID:
		requireMethod(w, r, http.MethodGet, s.servePhoneNumber)
	case len(parts) == 1 && r.Method == http.MethodGet:
		s.serveMediaInfo(w, r, parts[0])
	default:
		unknownObject(w, path)
	}
}

// authorize checks the bearer token the way Graph does: none at all is a 400 (code 2500), a wrong or
// expired one a 401 (code 190).
func (s *Server) authorize(w http.ResponseWriter, r *http.Request, expired bool) bool {
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	switch {
	case !ok || token == "":
		writeError(w, Failure{Status: http.StatusBadRequest, Code: 2500, Message: "An active access token must be used to query information about the current user."}, false)
		return false
	case token != s.creds.AccessToken:
		writeError(w, Failure{Status: http.StatusUnauthorized, Code: 190, Message: "Invalid OAuth access token - Cannot parse access token"}, false)
		return false
	case expired:
		writeError(w, Failure{Status: http.StatusUnauthorized, Code: 190, Subcode: 463, Message: "Error validating access token: the access token has expired."}, false)
		return false
	}
	return true
}

func requireMethod(w http.ResponseWriter, r *http.Request, method string, h http.HandlerFunc) {
	if r.Method != method {
		unknownObject(w, r.URL.Path)
		return
	}
	h(w, r)
}

func unknownObject(w http.ResponseWriter, path string) {
	writeError(w, Failure{Status: http.StatusBadRequest, Code: 100, Subcode: 33,
		Message: fmt.Sprintf("Unsupported request - method type or object %q does not exist", path)}, false)
}

func invalidParam(w http.ResponseWriter, msg string) {
	writeError(w, Failure{Status: http.StatusBadRequest, Code: 100, Message: "(#100) " + msg}, false)
}

// writeError answers the Graph error envelope.
func writeError(w http.ResponseWriter, f Failure, transient bool) {
	if f.Status == 0 {
		f.Status = http.StatusBadRequest
	}
	if f.Type == "" {
		f.Type = "OAuthException"
	}
	if f.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(f.RetryAfter))
	}
	body := map[string]any{
		"message":    f.Message,
		"type":       f.Type,
		"code":       f.Code,
		"fbtrace_id": "AFakeTraceID",
	}
	if f.Subcode != 0 {
		body["error_subcode"] = f.Subcode
	}
	if transient {
		body["is_transient"] = true
	}
	writeJSON(w, f.Status, map[string]any{"error": body})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

type mediaField struct {
	ID       string `json:"id"`
	Link     string `json:"link"`
	Caption  string `json:"caption"`
	Filename string `json:"filename"`
}

type messageRequest struct {
	MessagingProduct string `json:"messaging_product"`
	RecipientType    string `json:"recipient_type"`
	To               string `json:"to"`
	Recipient        string `json:"recipient"`
	Type             string `json:"type"`
	Status           string `json:"status"`
	MessageID        string `json:"message_id"`
	TypingIndicator  *struct {
		Type string `json:"type"`
	} `json:"typing_indicator"`
	Context *struct {
		MessageID string `json:"message_id"`
	} `json:"context"`
	Text *struct {
		Body string `json:"body"`
	} `json:"text"`
	Image    *mediaField `json:"image"`
	Audio    *mediaField `json:"audio"`
	Video    *mediaField `json:"video"`
	Document *mediaField `json:"document"`
	Sticker  *mediaField `json:"sticker"`
	Reaction *struct {
		MessageID string `json:"message_id"`
		Emoji     string `json:"emoji"`
	} `json:"reaction"`
	Template *struct {
		Name     string `json:"name"`
		Language struct {
			Code string `json:"code"`
		} `json:"language"`
		Components []struct {
			Type       string `json:"type"`
			Parameters []struct {
				Type string `json:"type"`
				Text string `json:"text"`
			} `json:"parameters"`
		} `json:"components"`
	} `json:"template"`
	BizOpaque string `json:"biz_opaque_callback_data"`
}

func (s *Server) serveMessages(w http.ResponseWriter, r *http.Request) {
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct != "application/json" {
		invalidParam(w, "Content-Type must be application/json")
		return
	}
	var req messageRequest
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&req); err != nil {
		invalidParam(w, "Invalid JSON body")
		return
	}
	if req.MessagingProduct != "whatsapp" {
		invalidParam(w, "The parameter messaging_product is required.")
		return
	}
	if req.Status != "" {
		s.serveRead(w, req)
		return
	}
	if req.To == "" && req.Recipient == "" {
		invalidParam(w, "The parameter to is required.")
		return
	}
	sent := Sent{Type: req.Type, To: req.To, Recipient: req.Recipient, Metadata: req.BizOpaque}
	if req.Context != nil {
		sent.ReplyTo = req.Context.MessageID
	}
	switch req.Type {
	case "text":
		if req.Text == nil || req.Text.Body == "" {
			invalidParam(w, "The parameter text['body'] is required.")
			return
		}
		if utf8.RuneCountInString(req.Text.Body) > 4096 {
			invalidParam(w, "Param text['body'] must be at most 4096 characters long.")
			return
		}
		sent.Text = req.Text.Body
	case "image", "audio", "video", "document", "sticker":
		m := map[string]*mediaField{"image": req.Image, "audio": req.Audio, "video": req.Video,
			"document": req.Document, "sticker": req.Sticker}[req.Type]
		if m == nil || (m.ID == "") == (m.Link == "") {
			invalidParam(w, fmt.Sprintf("Param %s must have exactly one of id or link.", req.Type))
			return
		}
		if m.ID != "" {
			if _, ok := s.MediaByID(m.ID); !ok {
				writeError(w, Failure{Status: http.StatusBadRequest, Code: 131053, Message: "Media upload error: unknown media id"}, false)
				return
			}
		}
		sent.MediaID, sent.MediaLink, sent.Caption, sent.FileName = m.ID, m.Link, m.Caption, m.Filename
	case "reaction":
		if req.Reaction == nil || req.Reaction.MessageID == "" {
			invalidParam(w, "The parameter reaction['message_id'] is required.")
			return
		}
		sent.ReactTo, sent.Emoji = req.Reaction.MessageID, req.Reaction.Emoji
	case "template":
		if !s.checkTemplate(w, req) {
			return
		}
		sent.Template, sent.Language = req.Template.Name, req.Template.Language.Code
		for _, c := range req.Template.Components {
			for _, p := range c.Parameters {
				sent.Params = append(sent.Params, p.Text)
			}
		}
	default:
		writeError(w, Failure{Status: http.StatusBadRequest, Code: 131051, Message: "Unsupported message type"}, false)
		return
	}

	s.mu.Lock()
	sent.ID = s.nextMessageID()
	s.sent = append(s.sent, sent)
	s.mu.Unlock()

	input := req.To
	contact := map[string]string{"input": input, "wa_id": req.To}
	if req.To == "" {
		contact = map[string]string{"input": req.Recipient, "user_id": req.Recipient}
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"messaging_product": "whatsapp",
		"contacts":          []any{contact},
		"messages":          []any{map[string]string{"id": sent.ID, "message_status": "accepted"}},
	})
}

var fakePlaceholder = regexp.MustCompile(`\{\{\s*[A-Za-z0-9_]+\s*\}\}`)

func (s *Server) checkTemplate(w http.ResponseWriter, req messageRequest) bool {
	t := req.Template
	if t == nil || t.Name == "" || t.Language.Code == "" {
		invalidParam(w, "The parameter template['name'] and template['language'] are required.")
		return false
	}
	s.mu.Lock()
	var found *Template
	for i := range s.templates {
		if s.templates[i].Name == t.Name && s.templates[i].Language == t.Language.Code && s.templates[i].Status == "APPROVED" {
			found = &s.templates[i]
		}
	}
	s.mu.Unlock()
	if found == nil {
		writeError(w, Failure{Status: http.StatusNotFound, Code: 132001, Message: "(#132001) Template name does not exist in the translation"}, false)
		return false
	}
	got := 0
	for _, c := range t.Components {
		if strings.EqualFold(c.Type, "body") {
			got += len(c.Parameters)
		}
	}
	if want := len(fakePlaceholder.FindAllString(found.Body, -1)); got != want {
		writeError(w, Failure{Status: http.StatusBadRequest, Code: 132000,
			Message: fmt.Sprintf("(#132000) Number of parameters does not match the expected number of params (expected %d, got %d)", want, got)}, false)
		return false
	}
	return true
}

func (s *Server) serveRead(w http.ResponseWriter, req messageRequest) {
	if req.Status != "read" || req.MessageID == "" {
		invalidParam(w, "The parameter message_id is required.")
		return
	}
	sent := Sent{Type: "read", ReadID: req.MessageID}
	if req.TypingIndicator != nil {
		if req.TypingIndicator.Type != "text" {
			invalidParam(w, "Param typing_indicator['type'] must be text.")
			return
		}
		sent.Typing = true
	}
	s.mu.Lock()
	s.sent = append(s.sent, sent)
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]bool{"success": true})
}

func (s *Server) serveUpload(w http.ResponseWriter, r *http.Request) {
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" {
		invalidParam(w, "Upload must be multipart/form-data")
		return
	}
	mr := multipart.NewReader(io.LimitReader(r.Body, 120<<20), params["boundary"])
	fields := map[string]string{}
	var data []byte
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			invalidParam(w, "Malformed multipart body")
			return
		}
		b, _ := io.ReadAll(p)
		if p.FormName() == "file" {
			data = b
		} else {
			fields[p.FormName()] = string(b)
		}
	}
	switch {
	case fields["messaging_product"] != "whatsapp":
		invalidParam(w, "The parameter messaging_product is required.")
		return
	case fields["type"] == "":
		invalidParam(w, "The parameter type is required.")
		return
	case len(data) == 0:
		invalidParam(w, "The parameter file is required.")
		return
	}
	s.mu.Lock()
	id := s.nextNumericID()
	s.media[id] = Media{ID: id, Data: data, MIMEType: fields["type"]}
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]string{"id": id})
}

func (s *Server) serveMediaInfo(w http.ResponseWriter, r *http.Request, id string) {
	m, ok := s.MediaByID(id)
	if !ok {
		unknownObject(w, "/"+id)
		return
	}
	sum := sha256.Sum256(m.Data)
	writeJSON(w, http.StatusOK, map[string]any{
		"messaging_product": "whatsapp",
		"url":               "http://" + r.Host + "/media-download/" + id,
		"mime_type":         m.MIMEType,
		"sha256":            hex.EncodeToString(sum[:]),
		"file_size":         len(m.Data),
		"id":                id,
	})
}

func (s *Server) serveDownload(w http.ResponseWriter, id string) {
	m, ok := s.MediaByID(id)
	if !ok {
		http.NotFound(w, nil)
		return
	}
	w.Header().Set("Content-Type", m.MIMEType)
	w.Header().Set("Content-Length", strconv.Itoa(len(m.Data)))
	_, _ = io.Copy(w, bytes.NewReader(m.Data))
}

func (s *Server) serveTemplates(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	limit, err := strconv.Atoi(q.Get("limit"))
	if err != nil || limit <= 0 {
		limit = 25
	}
	start, _ := strconv.Atoi(q.Get("after"))
	s.mu.Lock()
	var list []Template
	for _, t := range s.templates {
		if f := q.Get("status"); f == "" || strings.EqualFold(f, t.Status) {
			list = append(list, t)
		}
	}
	s.mu.Unlock()
	if start > len(list) {
		start = len(list)
	}
	end := min(start+limit, len(list))
	data := []any{}
	for i, t := range list[start:end] {
		data = append(data, map[string]any{
			"name": t.Name, "language": t.Language, "category": t.Category, "status": t.Status,
			"id":         strconv.Itoa(700000 + start + i),
			"components": []any{map[string]string{"type": "BODY", "text": t.Body}},
		})
	}
	paging := map[string]any{"cursors": map[string]string{"before": strconv.Itoa(start), "after": strconv.Itoa(end)}}
	if end < len(list) {
		next := url.Values{}
		for k, v := range q {
			next[k] = v
		}
		next.Set("after", strconv.Itoa(end))
		paging["next"] = "http://" + r.Host + r.URL.Path + "?" + next.Encode()
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": data, "paging": paging})
}

func (s *Server) servePhoneNumber(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{
		"id":                   s.creds.PhoneNumberID,
		"display_phone_number": s.creds.DisplayPhoneNumber,
		"verified_name":        "Frontdesk Test",
		"quality_rating":       "GREEN",
	})
}
