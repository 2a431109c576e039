// Package instagram is the Instagram messaging adapter, for both API flavours (docs/providers/reference.md §4.1):
// Instagram API with Instagram Login (graph.instagram.com, Instagram user token; the default) and
// Messenger API for Instagram with Facebook Login (graph.facebook.com, token of the linked Page).
// Webhooks share the "instagram" object and the entry[].messaging[] envelope in both.
package instagram

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/channel/meta"
	"github.com/frontdesk-chat/frontdesk/server/channel/meta/messaging"
	"github.com/frontdesk-chat/frontdesk/server/channel/publicnet"
)

// Credential field names (part of the public REST API).
const (
	FieldAccountID          = "account_id"
	FieldAccessToken        = "access_token"
	FieldAppSecret          = "app_secret"
	FieldInstagramAppSecret = "instagram_app_secret"
	FieldUsername           = "username"
	FieldFlavour            = "api_flavour"
	// The adapter keeps these two up to date when it refreshes an Instagram Login token (RFC 3339).
	FieldTokenRefreshedAt = "token_refreshed_at"
	FieldTokenExpiresAt   = "token_expires_at"
)

// Flavour is which Instagram API the connection uses.
type Flavour string

const (
	InstagramLogin Flavour = "instagram_login"
	FacebookLogin  Flavour = "facebook_login"
)

// DefaultInstagramURL is the API root of the Instagram Login flavour.
const DefaultInstagramURL = "https://graph.instagram.com/" + meta.GraphVersion

// MaxTextBytes is Instagram's text limit: 1000 bytes of UTF-8, not characters (docs/providers/reference.md §4.5).
const MaxTextBytes = 1000

// Webhook fields subscribed by RegisterWebhook. ⚠ unverified: the exact field names accepted by
// each flavour's subscribed_apps; these are the ones both flavours document for messaging.
var (
	InstagramLoginFields = []string{"messages", "messaging_postbacks", "messaging_seen", "message_reactions"}
	FacebookLoginFields  = []string{"messages", "messaging_postbacks"}
)

// Rules classify Instagram errors (docs/providers/reference.md §4.6), then the Send API rules shared with Messenger
// (the Facebook Login flavour answers with those), then meta's common rules.
var Rules = append([]meta.Rule{
	{Code: 10, Subcode: 2534022, Class: channel.ClassWindowClosed},
	{Code: 100, Subcode: 2534014, Class: channel.ClassPermanent}, // not an IGSID
	{Code: 200, Subcode: 2534041, Class: channel.ClassSyncLost},  // owner disabled access to messages
	{Code: 613, Subcode: 2534040, Class: channel.ClassRetryable},
	// Temporarily restricted from sending: retrying within minutes will not help; fail the message
	// and show Meta's reason.
	{Code: 10, Subcode: 1893063, Class: channel.ClassPermanent},
	{Code: 100, Subcode: 2534029, Class: channel.ClassSyncLost}, // account blocked from the API
}, messaging.SendAPIRules...)

// Spec registers the adapter with the core.
var Spec = channel.Spec{
	Kind:   channel.Instagram,
	Fields: fields,
	New:    func(cfg channel.Config) (channel.Adapter, error) { return New(cfg) },
}

var fields = []channel.Field{
	{Name: FieldAccountID, Label: "Instagram account ID", Required: true},
	{Name: FieldAccessToken, Label: "Access token", Secret: true, Required: true},
	{Name: FieldAppSecret, Label: "App secret", Secret: true, Required: true},
	{Name: FieldInstagramAppSecret, Label: "Instagram app secret (Instagram Login apps)", Secret: true},
	{Name: FieldUsername, Label: "Instagram username (for ig.me links)"},
	{Name: FieldFlavour, Label: "API flavour: instagram_login (default) or facebook_login"},
	{Name: FieldTokenRefreshedAt, Label: "Token last refreshed at (RFC 3339)", Internal: true},
	{Name: FieldTokenExpiresAt, Label: "Token expires at (RFC 3339)", Internal: true},
}

// Adapter talks to one Instagram professional account.
type Adapter struct {
	flavour     Flavour
	accountID   string
	username    string
	secrets     []string
	verifyToken string
	graph       *meta.Client
	sender      *messaging.Sender
	proof       url.Values
	http        *http.Client
	// media fetches attachment URLs from webhooks: public addresses and the API host only.
	media    *http.Client
	maxMedia int64
	token    tokenState
}

// New validates the credentials and builds the adapter.
func New(cfg channel.Config) (*Adapter, error) {
	c := cfg.Credentials
	if name := channel.MissingField(fields, c); name != "" {
		return nil, fmt.Errorf("instagram: credential %q is required", name)
	}
	flavour := Flavour(strings.TrimSpace(c[FieldFlavour]))
	if flavour == "" {
		flavour = InstagramLogin
	}
	if flavour != InstagramLogin && flavour != FacebookLogin {
		return nil, fmt.Errorf("instagram: credential %q must be %q or %q", FieldFlavour, InstagramLogin, FacebookLogin)
	}
	accountID := strings.TrimSpace(c[FieldAccountID])
	if !channel.Numeric(accountID) {
		return nil, fmt.Errorf("instagram: credential %q must be the numeric account ID", FieldAccountID)
	}
	hc := cfg.Client(30 * time.Second)
	token := strings.TrimSpace(c[FieldAccessToken])
	state, err := newTokenState(c, token)
	if err != nil {
		return nil, err
	}
	base := cfg.BaseURL
	if base == "" && flavour == InstagramLogin {
		base = DefaultInstagramURL
	}
	apiHost := publicnet.HostOf(base)
	if base == "" {
		apiHost = publicnet.HostOf(meta.DefaultGraphURL)
	}
	a := &Adapter{
		flavour:     flavour,
		accountID:   accountID,
		username:    strings.TrimPrefix(strings.TrimSpace(c[FieldUsername]), "@"),
		secrets:     []string{c[FieldAppSecret], c[FieldInstagramAppSecret]},
		verifyToken: cfg.VerifyToken,
		graph:       meta.NewClient(base, token, hc, Rules),
		proof:       url.Values{},
		http:        hc,
		media:       publicnet.Client(60*time.Second, apiHost),
		maxMedia:    cfg.MaxMediaBytes,
		token:       state,
	}
	path := "/" + accountID + "/messages"
	if flavour == FacebookLogin {
		// The token is the linked Page's: /me is that Page, whose id we are not given.
		path = "/me/messages"
		// appsecret_proof is a graph.facebook.com feature; whether graph.instagram.com wants it, and
		// keyed with which secret, is not documented, so the Instagram Login flavour does not send it.
		a.proof.Set("appsecret_proof", messaging.AppSecretProof(token, c[FieldAppSecret]))
	}
	a.sender = &messaging.Sender{
		Client:    a.graph,
		Path:      path,
		Query:     a.proof,
		CheckText: checkText,
		// Instagram documents media by URL only and no metadata on sends.
	}
	return a, nil
}

func checkText(text string) *channel.Error {
	if n := len(text); n > MaxTextBytes {
		return &channel.Error{Class: channel.ClassPermanent, Code: "text_too_long",
			Reason: fmt.Sprintf("Instagram accepts at most %d bytes of text; this message has %d", MaxTextBytes, n)}
	}
	return nil
}

// Kind is channel.Instagram.
func (a *Adapter) Kind() channel.Kind { return channel.Instagram }

// Flavour says which Instagram API the adapter speaks.
func (a *Adapter) Flavour() Flavour { return a.flavour }

// Window: 24 h open, HUMAN_AGENT until 7 days, then closed.
func (a *Adapter) Window(last, now time.Time) channel.Window { return messaging.Window(last, now) }

// DeepLink opens a DM with the account (ig.me/m/<username>); without a username, the Instagram
// inbox, where staff find the thread themselves.
func (a *Adapter) DeepLink(_ channel.Customer, _ channel.Account) string {
	if a.username == "" {
		return "https://www.instagram.com/direct/inbox/"
	}
	return "https://ig.me/m/" + url.PathEscape(a.username)
}

func (a *Adapter) query(q url.Values) url.Values {
	for k, v := range a.proof {
		q[k] = v
	}
	return q
}

// CheckText lets the core refuse an over-long reply before it is posted, keeping it in the composer.
func (a *Adapter) CheckText(text string) error {
	if e := checkText(text); e != nil {
		return e
	}
	return nil
}
