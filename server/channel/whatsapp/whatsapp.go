// Package whatsapp is the WhatsApp Business Platform (Cloud API) adapter: webhooks signed with the app
// secret, sends to /<phone_number_id>/messages on the Graph API, media by upload or link, templates
// outside the 24-hour customer-service window, and media downloads with the system user token.
//
// Facts are from docs/providers/reference.md §5; the ones marked ⚠ there are handled so that either answer is safe.
package whatsapp

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/channel/meta"
)

// Credential field names. They are the Graph API's own names, shown to admins as is.
const (
	FieldPhoneNumberID      = "phone_number_id"
	FieldWABAID             = "waba_id"
	FieldAccessToken        = "access_token"
	FieldAppSecret          = "app_secret"
	FieldDisplayPhoneNumber = "display_phone_number"
)

// MaxTextLen is the Cloud API's limit on a text body, in characters.
const MaxTextLen = 4096

// MaxCaptionLen is the caption limit (⚠ unverified 1024): longer text goes as a separate message, which
// is safe whatever the real limit is.
const MaxCaptionLen = 1024

// ServiceWindow is how long after the customer's last message free-form messages may be sent.
const ServiceWindow = 24 * time.Hour

// Spec registers the adapter with the core.
var Spec = channel.Spec{
	Kind:   channel.WhatsApp,
	Fields: fields,
	New: func(cfg channel.Config) (channel.Adapter, error) {
		a, err := New(cfg)
		if err != nil {
			return nil, err // never a typed nil inside the interface
		}
		return a, nil
	},
}

var fields = []channel.Field{
	{Name: FieldPhoneNumberID, Label: "Phone number ID", Required: true},
	{Name: FieldWABAID, Label: "WhatsApp Business Account ID", Required: true},
	{Name: FieldAccessToken, Label: "System user access token", Secret: true, Required: true},
	{Name: FieldAppSecret, Label: "App secret", Secret: true, Required: true},
	{Name: FieldDisplayPhoneNumber, Label: "Display phone number (optional)"},
}

// Adapter talks to the Cloud API for one business phone number.
type Adapter struct {
	phoneNumberID string
	wabaID        string
	appSecret     string
	displayPhone  string
	verifyToken   string
	token         string
	maxMedia      int64
	graph         *meta.Client
	http          *http.Client
	now           func() time.Time
}

// New validates the credentials and fills defaults.
func New(cfg channel.Config) (*Adapter, error) {
	c := cfg.Credentials
	var missing []string
	for _, f := range fields {
		if f.Required && strings.TrimSpace(c[f.Name]) == "" {
			missing = append(missing, f.Name)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("whatsapp: missing credential %s", strings.Join(missing, ", "))
	}
	if !allDigits(strings.TrimSpace(c[FieldPhoneNumberID])) {
		return nil, errors.New("whatsapp: phone_number_id must be the numeric id from API Setup, not the phone number text")
	}
	hc := cfg.Client(30 * time.Second)
	maxMedia := cfg.MaxMediaBytes
	if maxMedia <= 0 {
		maxMedia = channel.DefaultMaxMediaBytes
	}
	token := strings.TrimSpace(c[FieldAccessToken])
	return &Adapter{
		phoneNumberID: strings.TrimSpace(c[FieldPhoneNumberID]),
		wabaID:        strings.TrimSpace(c[FieldWABAID]),
		appSecret:     c[FieldAppSecret],
		displayPhone:  digits(c[FieldDisplayPhoneNumber]),
		verifyToken:   cfg.VerifyToken,
		token:         token,
		maxMedia:      maxMedia,
		graph:         meta.NewClient(cfg.BaseURL, token, hc, Rules),
		http:          hc,
		now:           time.Now,
	}, nil
}

// Kind implements channel.Adapter.
func (a *Adapter) Kind() channel.Kind { return channel.WhatsApp }

// Window: 24 hours after the customer's last message, then closed (templates only). Our own sends never
// reopen it, so the core must pass the last *customer* message time.
func (a *Adapter) Window(last, now time.Time) channel.Window {
	if last.IsZero() {
		return channel.Window{State: channel.WindowClosed}
	}
	until := last.Add(ServiceWindow)
	if now.Before(until) {
		return channel.Window{State: channel.WindowOpen, Until: until}
	}
	return channel.Window{State: channel.WindowClosed}
}

// DeepLink opens a chat with the customer's number in WhatsApp. Customers known only by a business-scoped
// user id have no link.
func (a *Adapter) DeepLink(c channel.Customer, _ channel.Account) string {
	d := digits(c.Phone)
	if d == "" && allDigits(string(c.ID)) {
		d = string(c.ID)
	}
	if d == "" {
		return ""
	}
	return "https://wa.me/" + d
}

func digits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func allDigits(s string) bool {
	return s != "" && digits(s) == s
}

// NormalizeCustomer turns a typed phone number ("+48 600 000 006") into the wa_id WhatsApp uses in
// webhooks (digits only, no "+") and the phone it is. An id that is not a phone number (a
// business-scoped user id) is kept as typed, with no phone.
func (a *Adapter) NormalizeCustomer(typed string) (channel.Customer, error) {
	t := strings.TrimSpace(typed)
	if strings.IndexFunc(t, unicode.IsLetter) >= 0 {
		return channel.Customer{ID: channel.CustomerID(t)}, nil
	}
	d := digits(t)
	if len(d) < 7 || len(d) > 15 {
		return channel.Customer{}, fmt.Errorf("phone number must have 7 to 15 digits with the country code")
	}
	return channel.Customer{ID: channel.CustomerID(d), Phone: "+" + d}, nil
}
