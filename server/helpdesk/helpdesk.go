// Package helpdesk is what Frontdesk needs from the business's CRM: find, read, create and update
// clients, and list and create their documents (orders, estimates, leads, invoices). Each helpdesk
// (the built-in one, RemOnline, …) is an adapter behind the one small interface below. The package
// imports nothing of Frontdesk, so the core and every adapter can depend on it.
package helpdesk

import (
	"context"
	"errors"
	"time"
)

// Helpdesk is one CRM. Implementations are safe for concurrent use and wrap the sentinel errors
// below so that the core and the HTTP layer can tell "no such client" from "the helpdesk is down".
type Helpdesk interface {
	// SearchClients finds clients by the one criterion set in q (see Query). No match is an empty
	// slice and a nil error.
	SearchClients(ctx context.Context, q Query) ([]Client, error)
	// GetClient loads one client; ErrNotFound when it does not exist.
	GetClient(ctx context.Context, id string) (Client, error)
	// CreateClient stores a new client (c.ID is ignored) and returns it as stored: phones in
	// E.164, emails lower-cased, with its ID and URL.
	CreateClient(ctx context.Context, c Client) (Client, error)
	// UpdateClient replaces the client's editable fields with c's (phones, emails and handles are
	// replaced as whole lists: callers load, change and save).
	UpdateClient(ctx context.Context, c Client) (Client, error)
	// ListDocuments lists a client's documents of every kind, newest first.
	ListDocuments(ctx context.Context, clientID string) ([]Document, error)
	// CreateDocument creates an order, estimate or lead for a client, prefilled from the chat.
	CreateDocument(ctx context.Context, d NewDocument) (Document, error)
}

// Sentinel errors. Adapters wrap them with the operation's name ("remonline: get client: %w").
var (
	// ErrNotFound: the client or document does not exist (HTTP 404 at our API).
	ErrNotFound = errors.New("helpdesk: not found")
	// ErrInvalid: the input was refused (empty name, unparsable phone, unknown kind…) (HTTP 400).
	ErrInvalid = errors.New("helpdesk: invalid input")
	// ErrConflict: the input would break a uniqueness rule, e.g. a messenger handle that already
	// belongs to another client (HTTP 409).
	ErrConflict = errors.New("helpdesk: conflict")
	// ErrUnsupported: this helpdesk cannot do that (e.g. search an external CRM by email when its
	// API has no such filter) (HTTP 501).
	ErrUnsupported = errors.New("helpdesk: not supported by this helpdesk")
	// ErrUnauthorized: an external helpdesk refused our credentials; an admin must fix the API key
	// (HTTP 502 with a clear message: it is not the user's session that failed).
	ErrUnauthorized = errors.New("helpdesk: credentials refused by the helpdesk")
	// ErrRateLimited: an external helpdesk kept answering 429 after our retries (HTTP 503).
	ErrRateLimited = errors.New("helpdesk: rate limited by the helpdesk")
	// ErrUnavailable: an external helpdesk is unreachable or kept failing (5xx, timeouts) after
	// our retries (HTTP 503).
	ErrUnavailable = errors.New("helpdesk: helpdesk unavailable")
)

// Provider kinds of a messenger handle. The values equal the channel kinds of the REST API; they
// are repeated here so that this package stays a leaf.
const (
	WhatsApp  = "whatsapp"
	Messenger = "messenger"
	Instagram = "instagram"
	Telegram  = "telegram"
	SMS       = "sms"
)

// HandleKinds lists the providers a handle may belong to.
var HandleKinds = []string{WhatsApp, Messenger, Instagram, Telegram, SMS}

// Handle is who a client is on one messenger: the provider's customer id (PSID, IGSID, wa_id,
// Telegram chat id, E.164 number for SMS) and, where there is one, the username.
type Handle struct {
	Kind     string `json:"kind"`
	ID       string `json:"id"`
	Username string `json:"username,omitempty"`
}

// Client is a customer record of the helpdesk.
type Client struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Phones  []string `json:"phones"` // E.164 once stored
	Emails  []string `json:"emails"` // lower-case once stored
	Handles []Handle `json:"handles"`
	Address string   `json:"address"`
	Notes   string   `json:"notes"`
	// URL opens the client in an external helpdesk's own UI; empty for the built-in one.
	URL string `json:"url,omitempty"`
}

// Query selects clients by exactly one criterion; the first non-empty of Handle, Phone, Email,
// Text wins, so callers pass what they know best.
type Query struct {
	// Text matches names: every word as a prefix of a word of the name, case-insensitively.
	Text string
	// Phone matches exactly after both sides are normalised to E.164 (in the default region).
	Phone string
	// Email matches exactly, case-insensitively.
	Email string
	// Handle matches the messenger identity exactly (Kind and ID).
	Handle Handle
	// Limit caps the answer; 0 means the implementation's default (DefaultSearchLimit).
	Limit int
}

// DefaultSearchLimit caps a search when Query.Limit is 0: a picker shows a screenful, not a table.
const DefaultSearchLimit = 20

// DocumentKind names a kind of document. The values are part of the REST API.
type DocumentKind string

const (
	Order    DocumentKind = "order"
	Estimate DocumentKind = "estimate"
	Lead     DocumentKind = "lead"
	Invoice  DocumentKind = "invoice"
)

// DocumentKinds lists every kind in display order.
var DocumentKinds = []DocumentKind{Order, Estimate, Lead, Invoice}

// Valid reports whether k is a known kind.
func (k DocumentKind) Valid() bool {
	for _, known := range DocumentKinds {
		if k == known {
			return true
		}
	}
	return false
}

// Creatable reports whether a document of this kind can be created from a chat. Invoices follow
// from orders in the helpdesk itself; they are listed, not created here.
func (k DocumentKind) Creatable() bool { return k == Order || k == Estimate || k == Lead }

// Document is an order, estimate, lead or invoice of a client.
//
// Amount is a decimal string ("1250.00", "-3.5", "" when the document has no amount yet) beside
// an ISO 4217 Currency, not minor units: helpdesks hand amounts over as decimals, and turning
// them into minor units needs each currency's exponent (0 for JPY, 3 for KWD), which an external
// API may not report. A string keeps the helpdesk's exact value, is never a float, and is what
// the card displays; nothing here does arithmetic on it.
type Document struct {
	ID       string       `json:"id"`
	Kind     DocumentKind `json:"kind"`
	ClientID string       `json:"client_id"`
	// Number is the human document number ("42", "A-1042"), unique per kind in the helpdesk.
	Number   string    `json:"number"`
	Date     time.Time `json:"date"`
	Status   string    `json:"status"`
	Title    string    `json:"title"`
	Amount   string    `json:"amount,omitempty"`
	Currency string    `json:"currency,omitempty"`
	// URL opens the document in an external helpdesk's own UI; empty for the built-in one.
	URL string `json:"url,omitempty"`
}

// NewDocument is a document to create from a chat: the kind, the client, a one-line title (the
// device and fault, the request) and a longer description (e.g. a quote from the chat).
type NewDocument struct {
	Kind        DocumentKind `json:"kind"`
	ClientID    string       `json:"client_id"`
	Title       string       `json:"title"`
	Description string       `json:"description"`
}
