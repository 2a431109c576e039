// Package remonlinetest is a local fake of the RemOnline API for tests: people, orders,
// estimates and leads in memory, with the API's authentication (Bearer key, or a token exchanged
// at /token/new), paged lists, a 429 when called faster than its limit, and failures injected on
// demand the way every fake provider of this repository does (providertest.Faults).
package remonlinetest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/channel/providertest"
)

// Failure is an answer forced on the next call: a status (429, 500, 503…), an optional
// Retry-After value and an optional body.
type Failure struct {
	Status     int
	RetryAfter string
	Body       string
}

// Person is a stored person, as the fake keeps it.
type Person struct {
	ID           int64             `json:"id"`
	FirstName    string            `json:"first_name"`
	LastName     string            `json:"last_name"`
	Email        string            `json:"email"`
	Phones       []Phone           `json:"phones"`
	Address      string            `json:"address"`
	Notes        string            `json:"notes"`
	CustomFields map[string]string `json:"custom_fields"`
}

// Phone is one number of a person.
type Phone struct {
	Phone string `json:"phone"`
	Title string `json:"title,omitempty"`
}

// Status is a document status.
type Status struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// Document is a stored order, estimate or lead. Body keeps what the create call sent.
type Document struct {
	ID          int64          `json:"id"`
	Number      string         `json:"number"`
	ClientID    int64          `json:"client_id"`
	Status      Status         `json:"status"`
	CreatedAt   string         `json:"created_at"`
	Total       string         `json:"total"`
	Malfunction string         `json:"malfunction,omitempty"`
	Description string         `json:"description,omitempty"`
	Body        map[string]any `json:"-"`
}

// Fake is the fake API. Its URL is the adapter's BaseURL.
type Fake struct {
	*httptest.Server
	providertest.Faults[Failure]

	// APIKey is the one key accepted.
	APIKey string
	// PageSize of list answers; default 50 as documented.
	PageSize int
	// Limit is the number of calls accepted in any one-second window; 0 means no limit.
	Limit int

	mu       sync.Mutex
	people   map[int64]*Person
	docs     map[string][]*Document // by path: /orders, /estimates, /leads
	nextID   int64
	numbers  map[string]int
	clock    time.Time
	calls    []time.Time
	requests map[string]int // "METHOD /path" → count
	throttle int
	tokens   map[string]bool
	tokenSeq int
}

// Paths of the fake, the adapter's defaults.
const (
	PeoplePath    = "/contacts/people"
	OrdersPath    = "/orders"
	EstimatesPath = "/estimates"
	LeadsPath     = "/leads"
)

// New starts a fake that accepts apiKey and stops it when the test ends.
func New(t testing.TB, apiKey string) *Fake {
	f := &Fake{
		APIKey: apiKey, PageSize: 50,
		people: map[int64]*Person{}, docs: map[string][]*Document{}, nextID: 1000,
		numbers: map[string]int{}, clock: time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC),
		requests: map[string]int{}, tokens: map[string]bool{},
	}
	f.Server = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.Close)
	return f
}

// Requests counts calls per "METHOD /path" (ids included), e.g. "GET /orders".
func (f *Fake) Requests(key string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.requests[key]
}

// TotalRequests counts every call, token exchanges included.
func (f *Fake) TotalRequests() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, c := range f.requests {
		n += c
	}
	return n
}

// Throttled counts the 429s the fake answered because calls came faster than Limit.
func (f *Fake) Throttled() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.throttle
}

// RevokeTokens invalidates every exchanged token, as when they expire.
func (f *Fake) RevokeTokens() {
	f.mu.Lock()
	defer f.mu.Unlock()
	clear(f.tokens)
}

// AddPerson stores a person directly and returns its id.
func (f *Fake) AddPerson(p Person) int64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.nextID++
	p.ID = f.nextID
	f.people[p.ID] = &p
	return p.ID
}

// Person returns a stored person.
func (f *Fake) Person(id int64) (Person, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	p, ok := f.people[id]
	if !ok {
		return Person{}, false
	}
	return *p, true
}

// AddDocuments stores n documents of a kind (path) for a client, each a minute newer.
func (f *Fake) AddDocuments(path string, clientID int64, n int) []int64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	var ids []int64
	for range n {
		ids = append(ids, f.addDoc(path, clientID, map[string]any{"malfunction": "seeded"}).ID)
	}
	return ids
}

// Documents returns the stored documents of a kind (path).
func (f *Fake) Documents(path string) []Document {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []Document
	for _, d := range f.docs[path] {
		out = append(out, *d)
	}
	return out
}

func (f *Fake) addDoc(path string, clientID int64, body map[string]any) *Document {
	f.nextID++
	f.numbers[path]++
	f.clock = f.clock.Add(time.Minute)
	d := &Document{
		ID: f.nextID, Number: strconv.Itoa(f.numbers[path]), ClientID: clientID,
		Status: Status{ID: 1, Name: "New"}, CreatedAt: f.clock.Format("2006-01-02T15:04:05.000Z"), Total: "0.00",
		Body: body,
	}
	d.Malfunction, _ = body["malfunction"].(string)
	d.Description, _ = body["description"].(string)
	f.docs[path] = append(f.docs[path], d)
	return d
}

func (f *Fake) serve(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	key := r.Method + " " + r.URL.Path
	f.requests[key]++

	if f.Limit > 0 {
		now := time.Now()
		f.calls = slices.DeleteFunc(f.calls, func(t time.Time) bool { return now.Sub(t) >= time.Second })
		if len(f.calls) >= f.Limit {
			f.throttle++
			w.Header().Set("Retry-After", "1")
			writeJSON(w, http.StatusTooManyRequests, map[string]any{"message": "Too many requests"})
			return
		}
		f.calls = append(f.calls, now)
	}
	if f.Down() {
		writeJSON(w, http.StatusServiceUnavailable, map[string]any{"message": "Service unavailable"})
		return
	}
	if failure, ok := f.TakeFailure(nil); ok {
		if failure.RetryAfter != "" {
			w.Header().Set("Retry-After", failure.RetryAfter)
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(failure.Status)
		fmt.Fprint(w, failure.Body)
		return
	}

	if r.Method == http.MethodPost && r.URL.Path == "/token/new" {
		f.newToken(w, r)
		return
	}
	if !f.authorized(r) {
		writeJSON(w, http.StatusUnauthorized, map[string]any{"message": "Unauthorized"})
		return
	}

	path := r.URL.Path
	switch {
	case path == PeoplePath && r.Method == http.MethodGet:
		f.listPeople(w, r)
	case path == PeoplePath && r.Method == http.MethodPost:
		f.createPerson(w, r)
	case strings.HasPrefix(path, PeoplePath+"/"):
		f.person(w, r, strings.TrimPrefix(path, PeoplePath+"/"))
	case path == OrdersPath || path == EstimatesPath || path == LeadsPath:
		switch r.Method {
		case http.MethodGet:
			f.listDocs(w, r, path)
		case http.MethodPost:
			f.createDoc(w, r, path)
		default:
			writeJSON(w, http.StatusMethodNotAllowed, map[string]any{"message": "Method not allowed"})
		}
	default:
		writeJSON(w, http.StatusNotFound, map[string]any{"message": "Not found"})
	}
}

func (f *Fake) authorized(r *http.Request) bool {
	if r.Header.Get("Authorization") == "Bearer "+f.APIKey {
		return true
	}
	return f.tokens[r.URL.Query().Get("token")]
}

func (f *Fake) newToken(w http.ResponseWriter, r *http.Request) {
	var body struct {
		APIKey string `json:"api_key"`
	}
	_ = json.NewDecoder(r.Body).Decode(&body)
	if body.APIKey != f.APIKey {
		writeJSON(w, http.StatusUnauthorized, map[string]any{"success": false, "message": "Invalid api key"})
		return
	}
	f.tokenSeq++
	tok := fmt.Sprintf("tok%d", f.tokenSeq)
	f.tokens[tok] = true
	writeJSON(w, http.StatusOK, map[string]any{"success": true, "token": tok})
}

func (f *Fake) page(r *http.Request) int {
	p, err := strconv.Atoi(r.URL.Query().Get("page"))
	if err != nil || p < 1 {
		return 1
	}
	return p
}

func writePage[T any](f *Fake, w http.ResponseWriter, r *http.Request, all []T) {
	page := f.page(r)
	from := min((page-1)*f.PageSize, len(all))
	to := min(from+f.PageSize, len(all))
	writeJSON(w, http.StatusOK, map[string]any{"data": all[from:to], "count": len(all), "page": page})
}

func digits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

func (f *Fake) listPeople(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	names, phones := q["names[]"], q["phones[]"]
	var out []Person
	for _, id := range f.sortedPeople() {
		p := f.people[id]
		full := strings.ToLower(p.FirstName + " " + p.LastName)
		if len(names) > 0 && !slices.ContainsFunc(names, func(n string) bool { return strings.Contains(full, strings.ToLower(n)) }) {
			continue
		}
		// Like a real search, loose: the last nine digits match, whatever the formatting.
		if len(phones) > 0 && !slices.ContainsFunc(p.Phones, func(ph Phone) bool {
			return slices.ContainsFunc(phones, func(want string) bool { return suffix9(digits(ph.Phone)) == suffix9(digits(want)) })
		}) {
			continue
		}
		out = append(out, *p)
	}
	writePage(f, w, r, out)
}

func suffix9(s string) string {
	if len(s) > 9 {
		return s[len(s)-9:]
	}
	return s
}

func (f *Fake) sortedPeople() []int64 {
	var ids []int64
	for id := range f.people {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

func (f *Fake) createPerson(w http.ResponseWriter, r *http.Request) {
	var p Person
	if err := json.NewDecoder(r.Body).Decode(&p); err != nil || strings.TrimSpace(p.FirstName) == "" {
		writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"message": "first_name is required"})
		return
	}
	f.nextID++
	p.ID = f.nextID
	f.people[p.ID] = &p
	writeJSON(w, http.StatusOK, p)
}

func (f *Fake) person(w http.ResponseWriter, r *http.Request, idText string) {
	id, _ := strconv.ParseInt(idText, 10, 64)
	p, ok := f.people[id]
	if !ok {
		writeJSON(w, http.StatusNotFound, map[string]any{"message": "Person not found"})
		return
	}
	switch r.Method {
	case http.MethodGet:
		writeJSON(w, http.StatusOK, p)
	case http.MethodPatch:
		var patch map[string]json.RawMessage
		if err := json.NewDecoder(r.Body).Decode(&patch); err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]any{"message": "bad json"})
			return
		}
		merged, _ := json.Marshal(p)
		var current map[string]json.RawMessage
		_ = json.Unmarshal(merged, &current)
		for k, v := range patch {
			current[k] = v
		}
		merged, _ = json.Marshal(current)
		var next Person
		if err := json.Unmarshal(merged, &next); err != nil || strings.TrimSpace(next.FirstName) == "" {
			writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"message": "first_name is required"})
			return
		}
		next.ID = id
		f.people[id] = &next
		writeJSON(w, http.StatusOK, next)
	default:
		writeJSON(w, http.StatusMethodNotAllowed, map[string]any{"message": "Method not allowed"})
	}
}

func (f *Fake) listDocs(w http.ResponseWriter, r *http.Request, path string) {
	clients := r.URL.Query()["clients_ids[]"]
	out := []Document{}
	for _, d := range f.docs[path] {
		if len(clients) > 0 && !slices.Contains(clients, strconv.FormatInt(d.ClientID, 10)) {
			continue
		}
		out = append(out, *d)
	}
	writePage(f, w, r, out)
}

func (f *Fake) createDoc(w http.ResponseWriter, r *http.Request, path string) {
	var body map[string]any
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]any{"message": "bad json"})
		return
	}
	clientID, _ := body["client_id"].(float64)
	if _, ok := f.people[int64(clientID)]; !ok {
		writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"message": "client_id: client not found"})
		return
	}
	if path != LeadsPath {
		if _, ok := body["branch_id"].(float64); !ok {
			writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"message": "branch_id is required"})
			return
		}
		if _, ok := body["order_type_id"].(float64); !ok {
			writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"message": "order_type_id is required"})
			return
		}
	}
	writeJSON(w, http.StatusOK, f.addDoc(path, int64(clientID), body))
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
