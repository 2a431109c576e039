package sms

import (
	"fmt"
	"strings"

	"github.com/frontdesk-chat/frontdesk/server/channel"
)

// NormalizePhone turns a number typed by staff ("+1 (555) 123-4567", "+44 20 7946 0958") into the
// E.164 form Twilio uses as the customer id. The country code is required: a number without "+" (or
// "00") cannot be told apart between countries.
func NormalizePhone(s string) (channel.CustomerID, error) {
	s = strings.TrimSpace(s)
	switch {
	case strings.HasPrefix(s, "+"):
		s = s[1:]
	case strings.HasPrefix(s, "00"):
		s = s[2:]
	default:
		return "", fmt.Errorf("phone number must start with + and the country code")
	}
	var digits strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits.WriteRune(r)
		case r == ' ' || r == '-' || r == '.' || r == '(' || r == ')':
		default:
			return "", fmt.Errorf("phone number contains %q", r)
		}
	}
	d := digits.String()
	// E.164: at most 15 digits; the shortest numbers in use have 7 or more with the country code.
	if len(d) < 7 || len(d) > 15 || d[0] == '0' {
		return "", fmt.Errorf("phone number must have 7 to 15 digits after + and cannot start with 0")
	}
	return channel.CustomerID("+" + d), nil
}

// NormalizeCustomer makes a chat started with a typed number the same conversation as the
// customer's texts, which Twilio sends from the E.164 number: the id is the phone.
func (a *Adapter) NormalizeCustomer(typed string) (channel.Customer, error) {
	id, err := NormalizePhone(typed)
	return channel.Customer{ID: id, Phone: string(id)}, err
}
