package helpdesk

import (
	"errors"
	"testing"
)

func TestNormalizePhone(t *testing.T) {
	for _, tc := range []struct {
		raw, region, want string
		invalid           bool
	}{
		{raw: "+48 601 234 567", want: "+48601234567"},
		{raw: "601-234-567", region: "PL", want: "+48601234567"},
		{raw: "601 234 567", region: "pl", want: "+48601234567"},
		{raw: "0048601234567", want: "+48601234567"},
		{raw: "(0)20 7946 0958", region: "GB", want: "+442079460958"},
		{raw: "+44 (0)20 7946 0958", region: "PL", want: "+442079460958"},
		{raw: "+1 (415) 555-2671", region: "PL", want: "+14155552671"},
		{raw: "601234567", invalid: true},      // no country code, no region
		{raw: "", region: "PL", invalid: true}, // empty
		{raw: "abc", region: "PL", invalid: true},
		{raw: "+48 12", invalid: true}, // too short to be possible
	} {
		got, err := NormalizePhone(tc.raw, tc.region)
		if tc.invalid {
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("NormalizePhone(%q, %q) = %q, %v; want ErrInvalid", tc.raw, tc.region, got, err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("NormalizePhone(%q, %q) = %q, %v; want %q", tc.raw, tc.region, got, err, tc.want)
		}
	}
}

func TestNormalizeClient(t *testing.T) {
	c, err := NormalizeClient(Client{
		Name:    "  Jan   Kowalski ",
		Phones:  []string{"601 234 567", "+48601234567", "+44 20 7946 0958"},
		Emails:  []string{" Jan@Example.COM", "jan@example.com"},
		Handles: []Handle{{Kind: " Telegram", ID: "12345", Username: "@janek"}, {Kind: "telegram", ID: "12345"}},
	}, "PL")
	if err != nil {
		t.Fatal(err)
	}
	if c.Name != "Jan Kowalski" || len(c.Phones) != 2 || c.Phones[0] != "+48601234567" ||
		len(c.Emails) != 1 || c.Emails[0] != "jan@example.com" ||
		len(c.Handles) != 1 || c.Handles[0] != (Handle{Kind: "telegram", ID: "12345", Username: "janek"}) {
		t.Fatalf("normalised = %+v", c)
	}
	for name, bad := range map[string]Client{
		"no name":      {Name: "  "},
		"bad phone":    {Name: "x", Phones: []string{"12"}},
		"bad email":    {Name: "x", Emails: []string{"Jan <jan@example.com>"}},
		"bad kind":     {Name: "x", Handles: []Handle{{Kind: "icq", ID: "1"}}},
		"empty handle": {Name: "x", Handles: []Handle{{Kind: "sms"}}},
	} {
		if _, err := NormalizeClient(bad, "PL"); !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: err = %v, want ErrInvalid", name, err)
		}
	}
}

func TestNormalizeNewDocument(t *testing.T) {
	d, err := NormalizeNewDocument(NewDocument{Kind: Order, ClientID: " c1 ", Title: " iPhone 12  screen "})
	if err != nil || d.ClientID != "c1" || d.Title != "iPhone 12 screen" {
		t.Fatalf("got %+v, %v", d, err)
	}
	for name, bad := range map[string]NewDocument{
		"invoice":   {Kind: Invoice, ClientID: "c1", Title: "x"},
		"unknown":   {Kind: "repair", ClientID: "c1", Title: "x"},
		"no client": {Kind: Lead, Title: "x"},
		"no title":  {Kind: Estimate, ClientID: "c1"},
	} {
		if _, err := NormalizeNewDocument(bad); !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: err = %v, want ErrInvalid", name, err)
		}
	}
}
