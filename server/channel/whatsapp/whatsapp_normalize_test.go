package whatsapp

import (
	"testing"

	"github.com/frontdesk-chat/frontdesk/server/channel"
)

func TestNormalizeCustomer(t *testing.T) {
	a := &Adapter{}
	for in, want := range map[string]channel.Customer{
		"+48 600 000 006":         {ID: "48600000006", Phone: "+48600000006"},
		"48600000006":             {ID: "48600000006", Phone: "+48600000006"},
		"+1 (555) 123-4567":       {ID: "15551234567", Phone: "+15551234567"},
		"US.13491208655302741918": {ID: "US.13491208655302741918"},
	} {
		got, err := a.NormalizeCustomer(in)
		if err != nil || got != want {
			t.Errorf("NormalizeCustomer(%q) = %+v, %v; want %+v", in, got, err, want)
		}
	}
	if _, err := a.NormalizeCustomer("+12"); err == nil {
		t.Error("a 2-digit number was accepted")
	}
}
