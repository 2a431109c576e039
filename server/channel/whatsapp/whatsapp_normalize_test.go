package whatsapp

import "testing"

func TestNormalizeCustomerID(t *testing.T) {
	a := &Adapter{}
	for in, want := range map[string]string{
		"+48 600 000 006":         "48600000006",
		"48600000006":             "48600000006",
		"+1 (555) 123-4567":       "15551234567",
		"US.13491208655302741918": "US.13491208655302741918",
	} {
		got, err := a.NormalizeCustomerID(in)
		if err != nil || string(got) != want {
			t.Errorf("NormalizeCustomerID(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := a.NormalizeCustomerID("+12"); err == nil {
		t.Error("a 2-digit number was accepted")
	}
}
