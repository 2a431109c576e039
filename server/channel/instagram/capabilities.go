package instagram

import (
	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/channel/meta/messaging"
)

// The capabilities Instagram has, checked by the compiler.
var (
	_ channel.Adapter             = (*Adapter)(nil)
	_ channel.Verifier            = (*Adapter)(nil)
	_ channel.ReadMarker          = (*Adapter)(nil)
	_ channel.ProfileFetcher      = (*Adapter)(nil)
	_ channel.WebhookRegistrar    = (*Adapter)(nil)
	_ channel.CredentialRefresher = (*Adapter)(nil)
	_ channel.TextChecker         = (*Adapter)(nil)
	_ channel.WindowExplainer     = (*Adapter)(nil)
)

// ClosedWindow implements channel.WindowExplainer.
func (a *Adapter) ClosedWindow() string { return messaging.ClosedWindow("Instagram") }
