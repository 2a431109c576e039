package sms

import "github.com/frontdesk-chat/frontdesk/server/channel"

// The capabilities SMS has, checked by the compiler.
var (
	_ channel.Adapter            = (*Adapter)(nil)
	_ channel.AccountDescriber   = (*Adapter)(nil)
	_ channel.CustomerNormalizer = (*Adapter)(nil)
	_ channel.Acknowledger       = (*Adapter)(nil)
	_ channel.OptOutExplainer    = (*Adapter)(nil)
)

// Acknowledge implements channel.Acknowledger: Twilio reads the answer as TwiML, and an empty
// <Response> sends nothing back to the customer.
func (a *Adapter) Acknowledge() (contentType, body string) {
	return "text/xml", `<?xml version="1.0" encoding="UTF-8"?><Response></Response>`
}

// OptOutNote implements channel.OptOutExplainer.
func (a *Adapter) OptOutNote() string {
	return "_The customer replied STOP: replies are held until they text START._"
}

// OptOutRefusal implements channel.OptOutExplainer.
func (a *Adapter) OptOutRefusal() string {
	return "the customer replied STOP, so the provider delivers nothing to this number until they text START."
}
