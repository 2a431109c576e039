// Package sms is the adapter for SMS/MMS through Twilio Programmable Messaging (docs/providers/reference.md §7).
//
// Twilio has no endpoint verification: the admin pastes the connection's webhook URL in the console as
// "A message comes in" on the number or Messaging Service. Inbound messages and the status callbacks
// of our own sends both arrive at that URL as form posts signed with X-Twilio-Signature. Sending is a
// form POST to the Messages resource with Basic auth; media is given to Twilio as public URLs, which
// Twilio fetches itself. There is no window, no read receipt, no typing and no echo.
package sms

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/channel"
)

// Credential field names. They are part of the public REST API.
const (
	FieldAccountSID          = "account_sid"
	FieldAuthToken           = "auth_token"
	FieldFromNumber          = "from_number"
	FieldMessagingServiceSID = "messaging_service_sid"
)

// DefaultBaseURL is Twilio's REST API root; APIVersion is the only version of the Messaging API.
const (
	DefaultBaseURL = "https://api.twilio.com"
	APIVersion     = "2010-04-01"
)

// MaxBodyChars is Twilio's limit on Body, counted in characters (docs/providers/reference.md §7.5).
const MaxBodyChars = 1600

// MaxMedia is the number of MediaUrl values one MMS may carry (error 21623 above it).
const MaxMedia = 10

// Spec registers the adapter with the core.
var Spec = channel.Spec{
	Kind: channel.SMS,
	Fields: []channel.Field{
		{Name: FieldAccountSID, Label: "Account SID", Required: true},
		{Name: FieldAuthToken, Label: "Auth Token", Secret: true, Required: true},
		{Name: FieldFromNumber, Label: "From number (E.164), if no Messaging Service"},
		{Name: FieldMessagingServiceSID, Label: "Messaging Service SID, if no From number"},
	},
	New: func(cfg channel.Config) (channel.Adapter, error) { return New(cfg) },
}

// Adapter talks to Twilio for one connection.
type Adapter struct {
	accountSID string
	authToken  string
	from       string
	serviceSID string
	webhookURL string
	baseURL    *url.URL
	maxMedia   int64
	client     *client
}

// New validates the credentials and fills defaults.
func New(cfg channel.Config) (*Adapter, error) {
	creds := cfg.Credentials
	get := func(name string) string { return strings.TrimSpace(creds[name]) }
	a := &Adapter{
		accountSID: get(FieldAccountSID),
		authToken:  get(FieldAuthToken),
		from:       get(FieldFromNumber),
		serviceSID: get(FieldMessagingServiceSID),
		webhookURL: cfg.WebhookURL,
		maxMedia:   cfg.MaxMediaBytes,
	}
	switch {
	case a.accountSID == "":
		return nil, fmt.Errorf("sms: %s is required", FieldAccountSID)
	case !strings.HasPrefix(a.accountSID, "AC"):
		return nil, fmt.Errorf("sms: %s must start with AC", FieldAccountSID)
	case a.authToken == "":
		return nil, fmt.Errorf("sms: %s is required", FieldAuthToken)
	case a.from == "" && a.serviceSID == "":
		return nil, fmt.Errorf("sms: %s or %s is required", FieldFromNumber, FieldMessagingServiceSID)
	case a.serviceSID != "" && !strings.HasPrefix(a.serviceSID, "MG"):
		return nil, fmt.Errorf("sms: %s must start with MG", FieldMessagingServiceSID)
	}
	if a.maxMedia <= 0 {
		a.maxMedia = channel.DefaultMaxMediaBytes
	}
	base := cfg.BaseURL
	if base == "" {
		base = DefaultBaseURL
	}
	u, err := url.Parse(strings.TrimRight(base, "/"))
	if err != nil || u.Scheme == "" || u.Host == "" {
		return nil, fmt.Errorf("sms: invalid base URL %q", base)
	}
	a.baseURL = u
	a.client = &client{http: cfg.Client(30 * time.Second), user: a.accountSID, pass: a.authToken}
	return a, nil
}

// Kind implements channel.Adapter.
func (a *Adapter) Kind() channel.Kind { return channel.SMS }

// Window implements channel.Adapter: SMS has no customer-service window. Opt-outs (STOP) are enforced
// by Twilio per send (error 21610), not by time.
func (a *Adapter) Window(_, _ time.Time) channel.Window {
	return channel.Window{State: channel.WindowAlways}
}

// DeepLink implements channel.Adapter: an sms: URI opens the device's messaging app.
func (a *Adapter) DeepLink(c channel.Customer, _ channel.Account) string {
	phone := c.Phone
	if phone == "" {
		phone = string(c.ID)
	}
	if phone == "" {
		return ""
	}
	return "sms:" + phone
}

// apiURL builds an absolute URL under the account: apiURL("Messages.json").
func (a *Adapter) apiURL(rest string) string {
	p := "/" + APIVersion + "/Accounts/" + url.PathEscape(a.accountSID)
	if rest != "" {
		p += "/" + rest
	}
	return a.baseURL.String() + p
}
