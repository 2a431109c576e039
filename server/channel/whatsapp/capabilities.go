package whatsapp

import "github.com/frontdesk-chat/frontdesk/server/channel"

// The capabilities WhatsApp has, checked by the compiler. There is no profile API and no edit or
// delete of sent messages.
var (
	_ channel.Adapter            = (*Adapter)(nil)
	_ channel.Verifier           = (*Adapter)(nil)
	_ channel.ReadMarker         = (*Adapter)(nil)
	_ channel.Reactor            = (*Adapter)(nil)
	_ channel.TemplateSender     = (*Adapter)(nil)
	_ channel.CustomerNormalizer = (*Adapter)(nil)
	_ channel.WindowExplainer    = (*Adapter)(nil)
)

// ClosedWindow implements channel.WindowExplainer: outside the 24-hour window only a template goes.
func (a *Adapter) ClosedWindow() string {
	return "WhatsApp allows free-form replies only within 24 hours of the customer's last message. Send an approved template in this thread (/frontdesk template <name> <language> [parameters]; /frontdesk templates lists them) or wait for the customer to write."
}
