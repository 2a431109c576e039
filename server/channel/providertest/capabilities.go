package providertest

import "github.com/frontdesk-chat/frontdesk/server/channel"

// Minimal is an adapter with only the required interface: the core finds no optional capability
// (no edits, no templates, no provider wording), as with the plainest provider.
type Minimal struct{ channel.Adapter }

// Minimal returns s without any optional capability, still scripted and recorded through s.
func (s *Scripted) Minimal() channel.Adapter { return Minimal{s} }
