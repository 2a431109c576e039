package conversation

import (
	"errors"
	"fmt"

	"github.com/frontdesk-chat/frontdesk/server/channel"
)

// The staff-facing words for provider rules. An adapter words its own rule through a capability
// (channel.WindowExplainer, channel.OptOutExplainer); these are the defaults for the others.

// ClosedWindow explains a closed sending window and what to do instead.
func ClosedWindow(a channel.Adapter) string {
	if e, ok := a.(channel.WindowExplainer); ok {
		return e.ClosedWindow()
	}
	return "The provider does not allow messages to this customer now."
}

// OptOutRefusal explains why nothing can be sent to a customer who left, and what brings them back.
func OptOutRefusal(a channel.Adapter) string {
	if e, ok := a.(channel.OptOutExplainer); ok {
		return "Frontdesk: " + e.OptOutRefusal()
	}
	return fmt.Sprintf("Frontdesk: the customer blocked this %s account, so nothing reaches them.", a.Kind().Name())
}

// OptOutNote is the line the chat's header shows while the customer is away.
func OptOutNote(a channel.Adapter) string {
	if e, ok := a.(channel.OptOutExplainer); ok {
		return e.OptOutNote()
	}
	return "_The customer blocked " + a.Kind().Name() + " messages from this account: replies are held until they unblock it._"
}

// DeepLink opens the conversation in the provider's own app ("" when there is none).
func DeepLink(a channel.Adapter, c *Connection, conv *Conversation) string {
	return a.DeepLink(channel.Customer{ID: conv.CustomerID, Phone: conv.CustomerPhone, Username: conv.CustomerUsername},
		channel.Account{ID: c.AccountID, Name: c.AccountName})
}

// Reason is the provider's own words for an error, for display.
func Reason(err error) string {
	var e *channel.Error
	if errors.As(err, &e) && e.Reason != "" {
		return e.Reason
	}
	return err.Error()
}
