// Package channel holds what every provider adapter shares: the kinds, typed ids, the common inbound
// and outbound message types, the adapter interface with its optional capabilities, and the error
// classes the core acts on. It imports nothing of Frontdesk: adapters depend on it, never the reverse.
package channel

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Kind names a provider. The values are part of the public REST API.
type Kind string

const (
	WhatsApp  Kind = "whatsapp"
	Messenger Kind = "messenger"
	Instagram Kind = "instagram"
	Telegram  Kind = "telegram"
	SMS       Kind = "sms"
)

// Kinds lists every supported provider in display order.
var Kinds = []Kind{WhatsApp, Messenger, Instagram, Telegram, SMS}

var kindNames = map[Kind]string{
	WhatsApp: "WhatsApp", Messenger: "Messenger", Instagram: "Instagram", Telegram: "Telegram", SMS: "SMS",
}

// Name is the provider's display name.
func (k Kind) Name() string {
	if n, ok := kindNames[k]; ok {
		return n
	}
	return string(k)
}

// Valid reports whether k is a supported provider.
func (k Kind) Valid() bool {
	for _, known := range Kinds {
		if k == known {
			return true
		}
	}
	return false
}

// CustomerID is the provider-scoped id of a customer: PSID, IGSID, wa_id, Telegram chat id, E.164 phone.
type CustomerID string

// MessageID is the provider's id of one message: the dedupe key of inbound messages and the key that
// statuses and echoes refer back to.
type MessageID string

// Customer is who the business talks to, as the provider describes them.
type Customer struct {
	ID       CustomerID
	Name     string
	Phone    string // WhatsApp and SMS
	Username string // Instagram nickname, Telegram username
	// AltID is a second id the provider may use for the same person (WhatsApp's business-scoped user id).
	AltID CustomerID
}

// Account is the business side the customer wrote to: a Page, an Instagram account, a number, a bot.
type Account struct {
	ID   string
	Name string
}

// MediaKind classifies an attachment.
type MediaKind string

const (
	Image   MediaKind = "image"
	Audio   MediaKind = "audio"
	Video   MediaKind = "video"
	File    MediaKind = "file"
	Sticker MediaKind = "sticker"
)

// MediaKindOf classifies an attachment by its MIME type.
func MediaKindOf(mimeType string) MediaKind {
	switch {
	case strings.HasPrefix(mimeType, "image/"):
		return Image
	case strings.HasPrefix(mimeType, "audio/"):
		return Audio
	case strings.HasPrefix(mimeType, "video/"):
		return Video
	}
	return File
}

// Media points at an attachment held by the provider. Ref is whatever FetchMedia needs: a media id
// (WhatsApp), a file_id (Telegram) or a URL (Meta attachment URLs, Twilio media URLs).
type Media struct {
	Kind     MediaKind
	Ref      string
	MIMEType string
	FileName string
	Caption  string
}

// Download is the content of a fetched attachment.
type Download struct {
	Data     []byte
	MIMEType string
	FileName string
}

// EventType says what an inbound event means.
type EventType string

const (
	// EventMessage is a customer's message (also when it came in on a standby channel).
	EventMessage EventType = "message"
	// EventEcho is a message the business sent: by Frontdesk itself or by staff in the provider's own app.
	EventEcho EventType = "echo"
	// EventStatus updates the delivery state of one business message (MessageID) or, with Watermark set,
	// of every business message sent at or before the watermark.
	EventStatus EventType = "status"
	// EventReaction is the customer reacting to a message (TargetID); an empty Emoji removes it.
	EventReaction EventType = "reaction"
	// EventEdit replaces the text of a customer's earlier message (TargetID).
	EventEdit EventType = "edit"
	// EventDelete removes a customer's earlier message (TargetID).
	EventDelete EventType = "delete"
	// EventOptOut says the customer blocked the business or unsubscribed (OptedOut), or came back.
	EventOptOut EventType = "opt_out"
)

// Event is one normalised thing a webhook delivery told us. A delivery may hold many.
type Event struct {
	Type      EventType
	MessageID MessageID // provider id of this message (message, echo) or its event (others); dedupe key
	Customer  Customer
	Account   Account
	Timestamp time.Time // provider time; order by this, never by arrival

	Text    string
	Media   []Media
	ReplyTo MessageID
	Standby bool // delivered on a standby/secondary channel (another app owns the thread)

	// Echo only: the app that sent it, when the provider says (Messenger app_id); Metadata as we set it.
	AppID    string
	Metadata string

	// Status only.
	TargetID  MessageID // the message a status, reaction, edit or delete refers to
	State     DeliveryState
	Watermark time.Time // Messenger read/delivery watermark: everything at or before is covered
	Err       *Error    // failed status: the provider's reason

	// Reaction only.
	Emoji string

	// Opt-out only: true when the customer left, false when they came back.
	OptedOut bool
}

// DeliveryState of an outgoing message; the order of the values is the order of progress.
type DeliveryState int

const (
	StateUnknown DeliveryState = iota
	StateSending
	StateSent
	StateDelivered
	StateRead
	StateFailed
)

var stateNames = [...]string{"unknown", "sending", "sent", "delivered", "read", "failed"}

func (s DeliveryState) String() string {
	if s < 0 || int(s) >= len(stateNames) {
		return "unknown"
	}
	return stateNames[s]
}

// ParseDeliveryState is the inverse of String.
func ParseDeliveryState(v string) DeliveryState {
	for i, n := range stateNames {
		if n == v {
			return DeliveryState(i)
		}
	}
	return StateUnknown
}

// Advance returns the state after applying next to s: progress is monotonic (a late "delivered" never
// undoes "read"); failed is final unless a later delivered or read shows the message did arrive.
func (s DeliveryState) Advance(next DeliveryState) DeliveryState {
	switch {
	case next == StateFailed:
		if s == StateDelivered || s == StateRead {
			return s
		}
		return StateFailed
	case s == StateFailed:
		if next == StateDelivered || next == StateRead {
			return next
		}
		return s
	case next > s:
		return next
	default:
		return s
	}
}

// Outbound is one message to a customer.
type Outbound struct {
	To      CustomerID
	Text    string
	Media   *OutboundMedia
	ReplyTo MessageID
	// HumanAgent asks for the Messenger/Instagram HUMAN_AGENT tag (reply 24 h–7 days after the
	// customer's last message). The core sets it from the adapter's Window.
	HumanAgent bool
	// Metadata is echoed back by providers that support it, to recognise our own sends.
	Metadata string
}

// OutboundMedia is an attachment to send: Data is uploaded, or URL is given to the provider to fetch.
type OutboundMedia struct {
	Kind     MediaKind
	FileName string
	MIMEType string
	Data     []byte
	URL      string
}

// SendResult is what the provider answered to a send.
type SendResult struct {
	MessageID MessageID
	At        time.Time
}

// WindowState says whether free-form messages may be sent now.
type WindowState string

const (
	// WindowAlways: the provider has no customer-service window (Telegram once started, SMS).
	WindowAlways WindowState = "always"
	// WindowOpen: inside the standard window (24 h after the customer's last message).
	WindowOpen WindowState = "open"
	// WindowHumanAgent: outside 24 h but allowed with the HUMAN_AGENT tag (up to 7 days).
	WindowHumanAgent WindowState = "human_agent"
	// WindowClosed: free-form sending is not allowed; only templates (WhatsApp) or the native app.
	WindowClosed WindowState = "closed"
)

// Window is the sending policy for one conversation at one moment.
type Window struct {
	State WindowState
	// Until is when the current state ends (zero for WindowAlways and WindowClosed).
	Until time.Time
}

// CanSend reports whether free-form text or media may be sent.
func (w Window) CanSend() bool { return w.State != WindowClosed }

// WebhookRequest is an inbound HTTP delivery as the adapter needs it: the raw body, read once and
// capped by the caller, and the public URL the provider called (Twilio signs it).
type WebhookRequest struct {
	Method    string
	PublicURL string
	Header    http.Header
	Query     url.Values
	Body      []byte
}

// MaxWebhookBody caps what a webhook handler reads. WhatsApp documents payloads up to 3 MB.
const MaxWebhookBody = 4 << 20

// Config builds one adapter for one connection. Nothing here is global: every connection carries
// its own credentials, base URL and HTTP client.
type Config struct {
	Credentials map[string]string
	// BaseURL overrides the provider's API root (self-hosted gateways, local fakes in tests).
	BaseURL string
	// HTTPClient is used for every provider call; nil means a client with a sane timeout.
	HTTPClient *http.Client
	// WebhookURL is this connection's public webhook URL (Twilio signatures, Telegram setWebhook).
	WebhookURL string
	// VerifyToken is the per-connection secret Frontdesk generated: Meta's hub.verify_token and
	// Telegram's secret_token.
	VerifyToken string
	// MaxMediaBytes caps FetchMedia downloads; zero means DefaultMaxMediaBytes.
	MaxMediaBytes int64
}

// DefaultMaxMediaBytes is the default cap of one downloaded attachment.
const DefaultMaxMediaBytes = 25 << 20

// Field describes one credential an adapter needs.
type Field struct {
	Name     string
	Label    string
	Secret   bool // masked in every API answer, encrypted at rest
	Required bool
	// Internal fields are kept by Frontdesk itself (a token's refresh times): GET /kinds does not
	// offer them to admins, and the adapter writes them.
	Internal bool
}

// Spec is what an adapter package exports so the core can list, validate and build it.
type Spec struct {
	Kind   Kind
	Fields []Field
	New    func(Config) (Adapter, error)
}

// Adapter is the small interface every provider implements.
type Adapter interface {
	Kind() Kind
	// Authenticate checks the delivery on the raw body before anything parses it. It returns an
	// error wrapping ErrUnauthorized when the signature or secret is wrong or missing.
	Authenticate(req WebhookRequest) error
	// Parse turns an authenticated delivery into events. Unknown event types are skipped, not errors;
	// a body that cannot be parsed at all returns an error wrapping ErrMalformed.
	Parse(req WebhookRequest) ([]Event, error)
	// Send delivers one message. Errors are *Error with a Class.
	Send(ctx context.Context, msg Outbound) (SendResult, error)
	// Window is the sending policy given the customer's last message time.
	Window(lastCustomerMessage, now time.Time) Window
	// DeepLink opens the conversation in the provider's own app ("" when there is none).
	DeepLink(c Customer, a Account) string
	// FetchMedia downloads an inbound attachment with the connection's credentials.
	FetchMedia(ctx context.Context, m Media) (Download, error)
	// Health makes a cheap authenticated call; a *Error of ClassSyncLost means reconnect.
	Health(ctx context.Context) error
}

// Optional capabilities, discovered by type assertion.

// Verifier answers a provider's endpoint-verification GET (Meta's hub.challenge).
type Verifier interface {
	VerifyChallenge(query url.Values) (challenge string, err error)
}

// WebhookRegistrar registers the connection's webhook URL with the provider (Telegram setWebhook).
type WebhookRegistrar interface {
	RegisterWebhook(ctx context.Context) error
}

// ReadMarker tells the customer their messages were read (Messenger mark_seen, WhatsApp read).
type ReadMarker interface {
	MarkRead(ctx context.Context, to CustomerID, last MessageID) error
}

// ProfileFetcher looks up a customer's display data.
type ProfileFetcher interface {
	Profile(ctx context.Context, id CustomerID) (Customer, error)
}

// Editor edits a message the business sent.
type Editor interface {
	Edit(ctx context.Context, to CustomerID, id MessageID, text string) error
}

// Deleter deletes a message the business sent.
type Deleter interface {
	Delete(ctx context.Context, to CustomerID, id MessageID) error
}

// Reactor sets (or, with an empty emoji, removes) the business's reaction to a customer's message.
type Reactor interface {
	React(ctx context.Context, to CustomerID, target MessageID, emoji string) (SendResult, error)
}

// CredentialRefresher renews credentials that expire (Instagram Login tokens). It returns every
// credential to store, with changed=false when nothing was due.
type CredentialRefresher interface {
	RefreshCredentials(ctx context.Context, now time.Time) (creds map[string]string, changed bool, err error)
}

// TextChecker refuses a text the provider would refuse, before it is posted, for providers whose limit
// is stricter than Frontdesk's own (Instagram counts bytes).
type TextChecker interface {
	CheckText(text string) error
}

// AccountDescriber names the business account behind the credentials (a Page's name, a number).
type AccountDescriber interface {
	Account(ctx context.Context) (Account, error)
}

// CustomerNormalizer turns an id typed by staff (a phone number with "+", spaces or dashes) into
// the customer the provider names in its webhooks (ID, and Phone where the id is a number), so a
// chat started by staff and the customer's answer land in one conversation.
type CustomerNormalizer interface {
	NormalizeCustomer(typed string) (Customer, error)
}

// Acknowledger is a provider that expects a particular answer to a delivery it sent (Twilio wants
// TwiML). Others get a plain 200.
type Acknowledger interface {
	Acknowledge() (contentType, body string)
}

// WindowExplainer tells staff, when the window is closed, what the provider allows and what to do
// instead (a template, waiting for the customer).
type WindowExplainer interface {
	ClosedWindow() string
}

// FirstContactGate is a provider on which the business may not write first: FirstContact returns
// the refusal, saying what the customer must do, for a customer who never wrote (a Telegram bot
// must be started), or nil when the business may write first after all.
type FirstContactGate interface {
	FirstContact() error
}

// OptOutExplainer words a customer's opt-out the provider's way (blocking a bot, texting STOP):
// the note on the chat's header and the refusal of a reply.
type OptOutExplainer interface {
	OptOutNote() string
	OptOutRefusal() string
}

// Template is an approved message template (WhatsApp).
type Template struct {
	Name       string `json:"name"`
	Language   string `json:"language"`
	Category   string `json:"category"`
	Status     string `json:"status"`
	Body       string `json:"body"`
	Parameters int    `json:"parameters"` // number of {{n}} body parameters
}

// TemplateSender lists approved templates and sends one outside the window.
type TemplateSender interface {
	Templates(ctx context.Context) ([]Template, error)
	SendTemplate(ctx context.Context, to CustomerID, name, language string, params []string) (SendResult, error)
}

// Client is the injected HTTP client, else a new one whose calls end after timeout.
func (c Config) Client(timeout time.Duration) *http.Client {
	if c.HTTPClient != nil {
		return c.HTTPClient
	}
	return &http.Client{Timeout: timeout}
}

// Numeric reports whether an id is made of digits only, as Meta's page, account and phone number
// ids are (an empty one is not).
func Numeric(id string) bool {
	for _, r := range id {
		if r < '0' || r > '9' {
			return false
		}
	}
	return id != ""
}

// MissingField names the first required credential that is empty ("" when all are there).
func MissingField(fields []Field, creds map[string]string) string {
	for _, f := range fields {
		if f.Required && strings.TrimSpace(creds[f.Name]) == "" {
			return f.Name
		}
	}
	return ""
}
