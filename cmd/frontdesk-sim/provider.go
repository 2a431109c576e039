package main

import (
	"context"
	"flag"
	"net/http"

	"github.com/frontdesk-chat/frontdesk/server/channel"
)

// provider is one fake provider as the simulator drives it. Each lives in a file of its own.
type provider interface {
	// Handler serves the fake provider API.
	Handler() http.Handler
	// Started tells the fake the base URL it is served at (media URLs are built from it).
	Started(baseURL string)
	// Request builds the webhook POST for one customer input; errUnsupported when the provider has
	// no such thing (Telegram has no read receipts). webhook and secret are the -webhook and -secret
	// flags, empty when not given.
	Request(ctx context.Context, webhook, secret string, in input) (*http.Request, error)
	// Outgoing describes every message sent through the fake API so far, oldest first; an entry
	// changes when the message is edited or deleted.
	Outgoing() []string
	// Credentials are the connection's credentials as Frontdesk's API takes them (field name to
	// value): -frontdesk creates the connection with them.
	Credentials() map[string]string
}

// verifier is a provider whose webhook URL is checked before it delivers anything: Meta's GET with
// hub.mode, hub.verify_token and hub.challenge, which Frontdesk must echo.
type verifier interface {
	VerifyRequest(ctx context.Context, webhook, verifyToken string) (req *http.Request, challenge string, err error)
}

// blocker is a provider that tells the business when the customer blocks it (Telegram's
// my_chat_member); SMS customers text STOP instead, which is plain text here.
type blocker interface {
	BlockRequest(ctx context.Context, webhook, secret string, blocked bool) (*http.Request, error)
}

// input is one line typed by the person playing the customer.
type input struct {
	Text    string
	Media   *media
	Status  channel.DeliveryState // StateDelivered or StateRead of the last outgoing message
	Blocked *bool                 // /block or /unblock
}

type media struct {
	Kind     channel.MediaKind
	FileName string
	MIMEType string
	Data     []byte
}

// registration declares a provider's flags and returns how to build it once they are parsed.
type registration func(fs *flag.FlagSet) func() (provider, error)

// providers lists the providers the simulator can play, by connection kind. Adding one is one file
// with a registration.
func providers() map[string]registration {
	return map[string]registration{
		"telegram":  registerTelegram,
		"whatsapp":  registerWhatsApp,
		"messenger": registerMessenger,
		"instagram": registerInstagram,
		"sms":       registerSMS,
	}
}
