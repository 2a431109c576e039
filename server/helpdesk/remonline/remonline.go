// Package remonline is the helpdesk adapter for RemOnline (RO App), the repair-shop CRM, over its
// public REST API: clients are RemOnline "people", documents its orders, estimates, leads (and
// invoices when configured). Every fact about the API this relies on, and every assumption, is
// listed with its source in docs/helpdesk-remonline.md; each assumption is a Config field.
//
// The adapter paces every call to the API's rate limit, retries throttling and server errors with
// exponential backoff (honouring Retry-After), caches reads briefly, and never puts a client's
// name, phone or email into an error.
package remonline

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/helpdesk"
)

// Helpdesk is the RemOnline adapter. It is safe for concurrent use.
type Helpdesk struct {
	cfg Config
	t   *transport
	now func() time.Time
}

var _ helpdesk.Helpdesk = (*Helpdesk)(nil)

// New checks cfg, fills its defaults and returns the adapter. It makes no call: a wrong key shows
// as ErrUnauthorized on first use.
func New(cfg Config) (*Helpdesk, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	return &Helpdesk{cfg: cfg, t: newTransport(cfg), now: time.Now}, nil
}

// person is a RemOnline person as the API reads and writes it. Phones come back as objects in
// the current API and as plain strings in the older one; both are accepted.
type person struct {
	ID           int64        `json:"id,omitempty"`
	FirstName    string       `json:"first_name"`
	LastName     string       `json:"last_name"`
	Name         string       `json:"name,omitempty"`
	Email        string       `json:"email"`
	Phones       []phone      `json:"phones"`
	LegacyPhones []string     `json:"phone,omitempty"`
	Address      string       `json:"address"`
	Notes        string       `json:"notes"`
	CustomFields customFields `json:"custom_fields,omitempty"`
}

type phone struct {
	Phone string `json:"phone"`
	Title string `json:"title,omitempty"`
}

func (p *phone) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) == nil {
		p.Phone = s
		return nil
	}
	type plain phone
	return json.Unmarshal(b, (*plain)(p))
}

// customFields decodes values of any JSON type as text: the API returns numbers and booleans in
// custom fields too, and one odd value must not make the whole client unreadable.
type customFields map[string]string

func (cf *customFields) UnmarshalJSON(b []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		*cf = nil // e.g. an empty list where an object was expected
		return nil
	}
	out := customFields{}
	for k, v := range raw {
		if s := rawText(v); s != "" {
			out[k] = s
		} else if len(v) > 0 && string(v) != "null" {
			out[k] = string(v)
		}
	}
	*cf = out
	return nil
}

// SearchClients finds people by handle, phone or name. Phone search asks the API and then keeps
// only exact matches after normalising both sides, so a looser match by the API cannot link a
// chat to the wrong client. Email search is not offered by the API (ErrUnsupported); a handle
// is searchable where it is a phone number (WhatsApp, SMS), other handles only through the core's
// own links (ErrUnsupported here).
func (h *Helpdesk) SearchClients(ctx context.Context, q helpdesk.Query) ([]helpdesk.Client, error) {
	limit := q.SearchLimit()
	switch {
	case q.Handle.Kind != "" || q.Handle.ID != "":
		hd, err := helpdesk.NormalizeHandle(q.Handle)
		if err != nil {
			return nil, fmt.Errorf("remonline: search clients by handle: %w", err)
		}
		if hd.Kind != helpdesk.WhatsApp && hd.Kind != helpdesk.SMS {
			return nil, fmt.Errorf("remonline: search clients by %s handle: %w", hd.Kind, helpdesk.ErrUnsupported)
		}
		id := hd.ID
		if !strings.HasPrefix(id, "+") {
			id = "+" + id // a wa_id is the number without its plus
		}
		return h.searchPhone(ctx, id, limit, "remonline: search clients by handle")
	case strings.TrimSpace(q.Phone) != "":
		return h.searchPhone(ctx, q.Phone, limit, "remonline: search clients by phone")
	case strings.TrimSpace(q.Email) != "":
		return nil, fmt.Errorf("remonline: search clients by email: %w", helpdesk.ErrUnsupported)
	case strings.TrimSpace(q.Text) != "":
		people, err := h.listPeople(ctx, url.Values{"names[]": {strings.Join(strings.Fields(q.Text), " ")}})
		if err != nil {
			return nil, fmt.Errorf("remonline: search clients by name: %w", err)
		}
		return h.toClients(people, limit), nil
	default:
		return nil, fmt.Errorf("remonline: search clients: no criterion: %w", helpdesk.ErrInvalid)
	}
}

func (h *Helpdesk) searchPhone(ctx context.Context, raw string, limit int, op string) ([]helpdesk.Client, error) {
	want, err := helpdesk.NormalizePhone(raw, h.cfg.DefaultRegion)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	people, err := h.listPeople(ctx, url.Values{"phones[]": {want}})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	out := []helpdesk.Client{}
	for _, c := range h.toClients(people, len(people)) {
		if slices.Contains(c.Phones, want) && len(out) < limit {
			out = append(out, c)
		}
	}
	return out, nil
}

// listPeople reads the first page of a people search: a picker shows a screenful.
func (h *Helpdesk) listPeople(ctx context.Context, query url.Values) ([]person, error) {
	query.Set("page", "1")
	body, err := h.t.get(ctx, h.cfg.Paths.People, query)
	if err != nil {
		return nil, err
	}
	var page struct {
		Data []person `json:"data"`
	}
	if err := json.Unmarshal(body, &page); err != nil {
		return nil, fmt.Errorf("decoding people: %w", err)
	}
	return page.Data, nil
}

func (h *Helpdesk) toClients(people []person, limit int) []helpdesk.Client {
	out := []helpdesk.Client{}
	for _, p := range people {
		if len(out) == limit {
			break
		}
		out = append(out, h.toClient(p))
	}
	return out
}

// GetClient loads one person.
func (h *Helpdesk) GetClient(ctx context.Context, id string) (helpdesk.Client, error) {
	p, err := h.getPerson(ctx, id)
	if err != nil {
		return helpdesk.Client{}, fmt.Errorf("remonline: get client: %w", err)
	}
	return h.toClient(p), nil
}

func (h *Helpdesk) getPerson(ctx context.Context, id string) (person, error) {
	if _, err := strconv.ParseInt(id, 10, 64); err != nil {
		return person{}, helpdesk.ErrNotFound // RemOnline ids are numbers: no call needed
	}
	body, err := h.t.get(ctx, h.cfg.Paths.People+"/"+id, nil)
	if err != nil {
		return person{}, err
	}
	var p person
	if err := decodeOne(body, &p); err != nil {
		return person{}, fmt.Errorf("decoding person: %w", err)
	}
	if p.ID == 0 {
		return person{}, helpdesk.ErrNotFound
	}
	return p, nil
}

// CreateClient creates a person.
func (h *Helpdesk) CreateClient(ctx context.Context, c helpdesk.Client) (helpdesk.Client, error) {
	body, err := h.personBody(c)
	if err != nil {
		return helpdesk.Client{}, fmt.Errorf("remonline: create client: %w", err)
	}
	resp, err := h.t.write(ctx, http.MethodPost, h.cfg.Paths.People, body)
	if err != nil {
		return helpdesk.Client{}, fmt.Errorf("remonline: create client: %w", err)
	}
	var p person
	if err := decodeOne(resp, &p); err != nil || p.ID == 0 {
		return helpdesk.Client{}, fmt.Errorf("remonline: create client: the answer has no id: %w", helpdesk.ErrUnavailable)
	}
	// Answer with what we sent: the create answer may be only the id.
	body.ID = p.ID
	return h.toClient(*body), nil
}

// UpdateClient replaces a person's fields (PATCH with every field we manage).
func (h *Helpdesk) UpdateClient(ctx context.Context, c helpdesk.Client) (helpdesk.Client, error) {
	id, err := strconv.ParseInt(c.ID, 10, 64)
	if err != nil {
		return helpdesk.Client{}, fmt.Errorf("remonline: update client: %w", helpdesk.ErrNotFound)
	}
	body, err := h.personBody(c)
	if err != nil {
		return helpdesk.Client{}, fmt.Errorf("remonline: update client: %w", err)
	}
	if _, err := h.t.write(ctx, http.MethodPatch, h.cfg.Paths.People+"/"+c.ID, body); err != nil {
		return helpdesk.Client{}, fmt.Errorf("remonline: update client: %w", err)
	}
	body.ID = id
	return h.toClient(*body), nil
}

// personBody turns a client into the API's person. RemOnline keeps one email and splits names;
// the first word is the first name, the rest the last name, which reads back as the same name.
func (h *Helpdesk) personBody(c helpdesk.Client) (*person, error) {
	n, err := helpdesk.NormalizeClient(c, h.cfg.DefaultRegion)
	if err != nil {
		return nil, err
	}
	if len(n.Emails) > 1 {
		return nil, fmt.Errorf("RemOnline keeps one email per client: %w", helpdesk.ErrInvalid)
	}
	first, last, _ := strings.Cut(n.Name, " ")
	p := &person{FirstName: first, LastName: last, Address: n.Address, Notes: n.Notes, Phones: []phone{}}
	if len(n.Emails) == 1 {
		p.Email = n.Emails[0]
	}
	for _, ph := range n.Phones {
		p.Phones = append(p.Phones, phone{Phone: ph})
	}
	if h.cfg.HandlesField != "" {
		p.CustomFields = customFields{h.cfg.HandlesField: formatHandles(n.Handles)}
	}
	return p, nil
}

func (h *Helpdesk) toClient(p person) helpdesk.Client {
	id := strconv.FormatInt(p.ID, 10)
	name := strings.TrimSpace(p.FirstName + " " + p.LastName)
	if name == "" {
		name = strings.TrimSpace(p.Name)
	}
	c := helpdesk.Client{
		ID: id, Name: name, Address: p.Address, Notes: p.Notes,
		Phones: []string{}, Emails: []string{}, Handles: []helpdesk.Handle{},
		URL: webURL(h.cfg.Web.Client, id),
	}
	raw := slices.Clone(p.LegacyPhones)
	for _, ph := range p.Phones {
		raw = append(raw, ph.Phone)
	}
	for _, r := range raw {
		// A number RemOnline holds that we cannot read is kept as typed rather than dropped.
		n, err := helpdesk.NormalizePhone(r, h.cfg.DefaultRegion)
		if err != nil {
			n = strings.TrimSpace(r)
		}
		if n != "" && !slices.Contains(c.Phones, n) {
			c.Phones = append(c.Phones, n)
		}
	}
	if e, err := helpdesk.NormalizeEmail(p.Email); err == nil {
		c.Emails = append(c.Emails, e)
	}
	if h.cfg.HandlesField != "" {
		c.Handles = parseHandles(p.CustomFields[h.cfg.HandlesField])
	}
	return c
}

// formatHandles writes one "kind:id[:username]" per line: readable by staff in RemOnline too.
func formatHandles(hs []helpdesk.Handle) string {
	lines := make([]string, 0, len(hs))
	for _, hd := range hs {
		line := hd.Kind + ":" + hd.ID
		if hd.Username != "" {
			line += ":" + hd.Username
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

func parseHandles(s string) []helpdesk.Handle {
	out := []helpdesk.Handle{}
	for _, line := range strings.Split(s, "\n") {
		parts := strings.SplitN(strings.TrimSpace(line), ":", 3)
		if len(parts) < 2 {
			continue
		}
		hd := helpdesk.Handle{Kind: parts[0], ID: parts[1]}
		if len(parts) == 3 {
			hd.Username = parts[2]
		}
		if n, err := helpdesk.NormalizeHandle(hd); err == nil {
			out = append(out, n)
		}
	}
	return out
}

// document is an order, estimate, lead or invoice as the API returns it. Fields vary by kind
// and API version, so the decoding is lenient: number or id_label, status object or id,
// created_at as an ISO 8601 string or epoch milliseconds, amount as a number or a string.
type document struct {
	ID          int64           `json:"id"`
	Number      json.RawMessage `json:"number"`
	IDLabel     string          `json:"id_label"`
	Status      json.RawMessage `json:"status"`
	CreatedAt   json.RawMessage `json:"created_at"`
	Total       json.RawMessage `json:"total"`
	Price       json.RawMessage `json:"price"`
	Malfunction string          `json:"malfunction"`
	Description string          `json:"description"`
	Title       string          `json:"title"`
}

type kindPath struct {
	kind helpdesk.DocumentKind
	path string
	web  string
}

func (h *Helpdesk) kinds() []kindPath {
	all := []kindPath{
		{helpdesk.Order, h.cfg.Paths.Orders, h.cfg.Web.Order},
		{helpdesk.Estimate, h.cfg.Paths.Estimates, h.cfg.Web.Estimate},
		{helpdesk.Lead, h.cfg.Paths.Leads, h.cfg.Web.Lead},
		{helpdesk.Invoice, h.cfg.Paths.Invoices, h.cfg.Web.Invoice},
	}
	return slices.DeleteFunc(all, func(k kindPath) bool { return k.path == "" })
}

// ListDocuments lists the client's documents of every configured kind, every page up to
// MaxPages per kind, newest first. ErrNotFound when the client does not exist.
func (h *Helpdesk) ListDocuments(ctx context.Context, clientID string) ([]helpdesk.Document, error) {
	if _, err := h.getPerson(ctx, clientID); err != nil {
		return nil, fmt.Errorf("remonline: list documents: client: %w", err)
	}
	out := []helpdesk.Document{}
	for _, k := range h.kinds() {
		docs, err := h.listKind(ctx, k, clientID)
		if err != nil {
			return nil, fmt.Errorf("remonline: list documents: %ss: %w", k.kind, err)
		}
		out = append(out, docs...)
	}
	slices.SortStableFunc(out, func(a, b helpdesk.Document) int {
		if c := b.Date.Compare(a.Date); c != 0 {
			return c
		}
		ai, _ := strconv.ParseInt(a.ID, 10, 64)
		bi, _ := strconv.ParseInt(b.ID, 10, 64)
		return cmp.Compare(bi, ai)
	})
	return out, nil
}

func (h *Helpdesk) listKind(ctx context.Context, k kindPath, clientID string) ([]helpdesk.Document, error) {
	var out []helpdesk.Document
	for page := 1; page <= h.cfg.MaxPages; page++ {
		body, err := h.t.get(ctx, k.path, url.Values{"clients_ids[]": {clientID}, "page": {strconv.Itoa(page)}})
		if errors.Is(err, helpdesk.ErrNotFound) {
			// The client exists (checked above): a 404 here is a wrong path, not a missing client.
			return nil, fmt.Errorf("the endpoint %s does not exist (check Paths): %w", k.path, helpdesk.ErrUnsupported)
		}
		if err != nil {
			return nil, err
		}
		var p struct {
			Data   []document `json:"data"`
			Count  *int       `json:"count"`
			Paging *struct {
				Count      *int `json:"count"`
				TotalPages *int `json:"total_pages"`
			} `json:"paging"`
		}
		if err := json.Unmarshal(body, &p); err != nil {
			return nil, fmt.Errorf("decoding page %d: %w", page, err)
		}
		for _, d := range p.Data {
			out = append(out, h.toDocument(d, k, clientID))
		}
		total := p.Count
		if p.Paging != nil && p.Paging.Count != nil {
			total = p.Paging.Count
		}
		switch {
		case len(p.Data) == 0, len(p.Data) < h.cfg.PageSize:
			return out, nil
		case total != nil && len(out) >= *total:
			return out, nil
		case p.Paging != nil && p.Paging.TotalPages != nil && page >= *p.Paging.TotalPages:
			return out, nil
		}
	}
	return out, nil // capped at MaxPages: the newest documents of a very long history are shown
}

func (h *Helpdesk) toDocument(d document, k kindPath, clientID string) helpdesk.Document {
	id := strconv.FormatInt(d.ID, 10)
	doc := helpdesk.Document{
		ID: id, Kind: k.kind, ClientID: clientID,
		Number: rawText(d.Number), Status: statusName(d.Status), Date: parseTime(d.CreatedAt),
		Title: firstLine(firstNonEmpty(d.Malfunction, d.Title, d.Description)),
		URL:   webURL(k.web, id),
	}
	if doc.Number == "" {
		doc.Number = firstNonEmpty(d.IDLabel, id)
	}
	if amount := firstNonEmpty(rawText(d.Total), rawText(d.Price)); amount != "" {
		doc.Amount, doc.Currency = amount, h.cfg.Currency
	}
	return doc
}

// CreateDocument creates an order or estimate (branch, type, client, the title as the
// malfunction and the description as manager notes) or a lead (client, lead type, title and
// description together as its description). Writes are not retried on server errors.
func (h *Helpdesk) CreateDocument(ctx context.Context, d helpdesk.NewDocument) (helpdesk.Document, error) {
	n, err := helpdesk.NormalizeNewDocument(d)
	if err != nil {
		return helpdesk.Document{}, fmt.Errorf("remonline: create document: %w", err)
	}
	clientID, err := strconv.ParseInt(n.ClientID, 10, 64)
	if err != nil {
		return helpdesk.Document{}, fmt.Errorf("remonline: create document: client: %w", helpdesk.ErrNotFound)
	}
	var k kindPath
	for _, kp := range h.kinds() {
		if kp.kind == n.Kind {
			k = kp
		}
	}
	body := map[string]any{"client_id": clientID}
	switch n.Kind {
	case helpdesk.Order, helpdesk.Estimate:
		typeID := h.cfg.OrderTypeID
		if n.Kind == helpdesk.Estimate {
			typeID = h.cfg.EstimateTypeID
		}
		if h.cfg.BranchID == 0 || typeID == 0 {
			return helpdesk.Document{}, fmt.Errorf("remonline: create %s: set the branch (location) id and the order type id: %w",
				n.Kind, helpdesk.ErrUnsupported)
		}
		body["branch_id"], body["order_type_id"], body["malfunction"] = h.cfg.BranchID, typeID, n.Title
		if n.Description != "" {
			body["manager_notes"] = n.Description
		}
	case helpdesk.Lead:
		desc := n.Title
		if n.Description != "" {
			desc += "\n\n" + n.Description
		}
		body["description"] = desc
		if h.cfg.LeadTypeID != 0 {
			body["lead_type_id"] = h.cfg.LeadTypeID
		}
		if h.cfg.BranchID != 0 {
			body["branch_id"] = h.cfg.BranchID
		}
	}
	if k.path == "" {
		return helpdesk.Document{}, fmt.Errorf("remonline: create %s: no path configured: %w", n.Kind, helpdesk.ErrUnsupported)
	}
	resp, err := h.t.write(ctx, http.MethodPost, k.path, body)
	if err != nil {
		return helpdesk.Document{}, fmt.Errorf("remonline: create %s: %w", n.Kind, err)
	}
	var created document
	if err := decodeOne(resp, &created); err != nil || created.ID == 0 {
		return helpdesk.Document{}, fmt.Errorf("remonline: create %s: the answer has no id: %w", n.Kind, helpdesk.ErrUnavailable)
	}
	doc := h.toDocument(created, k, n.ClientID)
	doc.Title = n.Title
	if doc.Date.IsZero() {
		doc.Date = h.now().UTC()
	}
	return doc, nil
}

// decodeOne reads an object that may come bare or wrapped in {"data": {...}}.
func decodeOne(body []byte, v any) error {
	var wrapped struct {
		Data json.RawMessage `json:"data"`
	}
	if json.Unmarshal(body, &wrapped) == nil && len(wrapped.Data) > 0 && wrapped.Data[0] == '{' {
		body = wrapped.Data
	}
	return json.Unmarshal(body, v)
}

// rawText renders a JSON string or number as text; anything else is empty. Numbers keep their
// exact digits (no float round trip).
func rawText(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return strings.TrimSpace(s)
	}
	var n json.Number
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if dec.Decode(&n) == nil {
		return n.String()
	}
	return ""
}

func statusName(raw json.RawMessage) string {
	var s struct {
		Name  string `json:"name"`
		Title string `json:"title"`
	}
	if json.Unmarshal(raw, &s) == nil && (s.Name != "" || s.Title != "") {
		return firstNonEmpty(s.Name, s.Title)
	}
	return rawText(raw)
}

func parseTime(raw json.RawMessage) time.Time {
	text := rawText(raw)
	if text == "" {
		return time.Time{}
	}
	if ms, err := strconv.ParseInt(text, 10, 64); err == nil {
		return time.UnixMilli(ms).UTC()
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05"} {
		if t, err := time.Parse(layout, text); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}

func webURL(template, id string) string {
	if template == "" {
		return ""
	}
	return strings.ReplaceAll(template, "{id}", url.PathEscape(id))
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return strings.TrimSpace(line)
}
