// Package messenger is the Facebook Messenger (Page) adapter: signed webhooks on the "page" object,
// the Send API with HUMAN_AGENT between 24 h and 7 days, mark_seen, read watermarks,
// standby deliveries and echoes of messages staff sent from the Page Inbox.
package messenger

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/channel/meta"
	"github.com/frontdesk-chat/frontdesk/server/channel/meta/messaging"
	"github.com/frontdesk-chat/frontdesk/server/channel/publicnet"
)

// Credential field names (part of the public REST API).
const (
	FieldPageID    = "page_id"
	FieldPageToken = "page_access_token"
	FieldAppSecret = "app_secret"
)

// MaxTextChars is the Send API text limit (docs/providers/reference.md §3.4).
const MaxTextChars = 2000

// SubscribedFields are the Page webhook fields Frontdesk needs (docs/providers/reference.md §3.1).
var SubscribedFields = []string{
	"messages", "message_echoes", "message_reads", "message_deliveries",
	"message_reactions", "message_edits", "messaging_postbacks", "standby",
}

// Rules classify Messenger Send API errors on top of meta's common rules.
var Rules = messaging.SendAPIRules

// Spec registers the adapter with the core.
var Spec = channel.Spec{
	Kind:   channel.Messenger,
	Fields: fields,
	New:    func(cfg channel.Config) (channel.Adapter, error) { return New(cfg) },
}

var fields = []channel.Field{
	{Name: FieldPageID, Label: "Page ID", Required: true},
	{Name: FieldPageToken, Label: "Page access token", Secret: true, Required: true},
	{Name: FieldAppSecret, Label: "App secret", Secret: true, Required: true},
}

// Adapter talks to one Facebook Page.
type Adapter struct {
	pageID      string
	appSecret   string
	verifyToken string
	graph       *meta.Client
	sender      *messaging.Sender
	proof       url.Values
	http        *http.Client
	// media fetches attachment URLs from webhooks: public addresses and the API host only.
	media    *http.Client
	maxMedia int64
}

// New validates the credentials and builds the adapter.
func New(cfg channel.Config) (*Adapter, error) {
	c := cfg.Credentials
	if name := channel.MissingField(fields, c); name != "" {
		return nil, fmt.Errorf("messenger: credential %q is required", name)
	}
	pageID := strings.TrimSpace(c[FieldPageID])
	if !channel.Numeric(pageID) {
		return nil, fmt.Errorf("messenger: credential %q must be the numeric Page ID", FieldPageID)
	}
	hc := cfg.Client(30 * time.Second)
	token := strings.TrimSpace(c[FieldPageToken])
	a := &Adapter{
		pageID:      pageID,
		appSecret:   c[FieldAppSecret],
		verifyToken: cfg.VerifyToken,
		graph:       meta.NewClient(cfg.BaseURL, token, hc, Rules),
		proof:       url.Values{"appsecret_proof": {messaging.AppSecretProof(token, c[FieldAppSecret])}},
		http:        hc,
		media:       publicnet.Client(60*time.Second, publicnet.HostOf(apiRoot(cfg.BaseURL))),
		maxMedia:    cfg.MaxMediaBytes,
	}
	a.sender = &messaging.Sender{
		Client:              a.graph,
		Path:                "/" + pageID + "/messages",
		Query:               a.proof,
		CheckText:           checkText,
		AlwaysMessagingType: true,
		Metadata:            true,
		Upload:              true,
	}
	return a, nil
}

// apiRoot is the configured API root, else the Graph API's.
func apiRoot(base string) string {
	if base == "" {
		return meta.DefaultGraphURL
	}
	return base
}

func checkText(text string) *channel.Error {
	if n := utf8.RuneCountInString(text); n > MaxTextChars {
		return &channel.Error{Class: channel.ClassPermanent, Code: "text_too_long",
			Reason: fmt.Sprintf("Messenger accepts at most %d characters; this message has %d", MaxTextChars, n)}
	}
	return nil
}

// Kind is channel.Messenger.
func (a *Adapter) Kind() channel.Kind { return channel.Messenger }

// Window: 24 h open, HUMAN_AGENT until 7 days, then closed.
func (a *Adapter) Window(last, now time.Time) channel.Window { return messaging.Window(last, now) }

// DeepLink opens a chat with the Page (m.me); Meta has no stable link to one Page Inbox thread.
func (a *Adapter) DeepLink(_ channel.Customer, acc channel.Account) string {
	id := acc.ID
	if id == "" {
		id = a.pageID
	}
	return "https://m.me/" + url.PathEscape(id)
}
