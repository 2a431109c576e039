package messenger

import "github.com/frontdesk-chat/frontdesk/server/channel"

// The capabilities Messenger has, checked by the compiler.
var (
	_ channel.Adapter          = (*Adapter)(nil)
	_ channel.Verifier         = (*Adapter)(nil)
	_ channel.ReadMarker       = (*Adapter)(nil)
	_ channel.ProfileFetcher   = (*Adapter)(nil)
	_ channel.WebhookRegistrar = (*Adapter)(nil)
	_ channel.AccountDescriber = (*Adapter)(nil)
	_ channel.WindowExplainer  = (*Adapter)(nil)
)

// ClosedWindow implements channel.WindowExplainer: replies go up to 7 days after the customer's
// last message (with the human-agent tag after 24 hours), and only the customer can start again.
func (a *Adapter) ClosedWindow() string {
	return "Messenger allows replies only within 7 days of the customer's last message. When the customer writes again, replying from here works again."
}
