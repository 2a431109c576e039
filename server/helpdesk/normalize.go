package helpdesk

import (
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"unicode/utf8"

	// libphonenumber's Go port: the numbering-plan metadata (country codes, trunk prefixes,
	// lengths per region) is what turns "0601 234 567" typed in Poland into +48601234567, and
	// it changes every few months. A hand-written normaliser would be wrong somewhere; this port
	// is maintained, tracks upstream metadata releases and has no dependencies beyond protobuf.
	"github.com/nyaruka/phonenumbers"
)

// Field limits shared by every helpdesk, so that input refused by one is refused by all.
const (
	MaxNameLen    = 256
	MaxAddressLen = 1024
	MaxNotesLen   = 8192
	MaxTitleLen   = 256
	MaxDescLen    = 8192
	MaxPhones     = 10
	MaxEmails     = 10
	MaxHandles    = 20
)

// NormalizePhone returns raw in E.164 ("+48601234567"). A number without a country code is read
// as a number of defaultRegion (ISO 3166 alpha-2, e.g. "PL"); with no region such a number is
// refused. Possible rather than valid numbers are accepted: metadata lags new number ranges, and
// refusing a customer's real number is worse than storing a typo that simply never matches.
func NormalizePhone(raw, defaultRegion string) (string, error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return "", fmt.Errorf("empty phone number: %w", ErrInvalid)
	}
	// WhatsApp ids and many exports carry the country code without the plus.
	if strings.HasPrefix(s, "00") {
		s = "+" + s[2:]
	}
	region := strings.ToUpper(strings.TrimSpace(defaultRegion))
	if region == "" && !strings.HasPrefix(s, "+") {
		return "", fmt.Errorf("phone number has no country code and no default region is set: %w", ErrInvalid)
	}
	num, err := phonenumbers.Parse(s, region)
	if err != nil {
		return "", fmt.Errorf("unparsable phone number: %w", ErrInvalid)
	}
	if !phonenumbers.IsPossibleNumber(num) {
		return "", fmt.Errorf("impossible phone number: %w", ErrInvalid)
	}
	return phonenumbers.Format(num, phonenumbers.E164), nil
}

// NormalizeEmail trims and lower-cases an address after checking it parses as one bare address.
// Lower-casing the local part is technically lossy, but no mail system in use treats it as
// case-sensitive, and exact search must not depend on how staff typed it.
func NormalizeEmail(raw string) (string, error) {
	s := strings.TrimSpace(raw)
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" {
		return "", fmt.Errorf("not an email address: %w", ErrInvalid)
	}
	return strings.ToLower(s), nil
}

// ValidHandleKind reports whether kind is a provider a handle may belong to.
func ValidHandleKind(kind string) bool { return slices.Contains(HandleKinds, kind) }

// NormalizeClient validates c and returns it with trimmed text, E.164 phones, lower-case emails
// and no duplicates, ready to store. Every helpdesk calls it first, so that all refuse the same
// input with ErrInvalid.
func NormalizeClient(c Client, defaultRegion string) (Client, error) {
	out := Client{ID: c.ID, URL: c.URL}
	out.Name = strings.Join(strings.Fields(c.Name), " ")
	if out.Name == "" {
		return Client{}, fmt.Errorf("client name is required: %w", ErrInvalid)
	}
	out.Address = strings.TrimSpace(c.Address)
	out.Notes = strings.TrimSpace(c.Notes)
	if err := maxLen("name", out.Name, MaxNameLen); err != nil {
		return Client{}, err
	}
	if err := maxLen("address", out.Address, MaxAddressLen); err != nil {
		return Client{}, err
	}
	if err := maxLen("notes", out.Notes, MaxNotesLen); err != nil {
		return Client{}, err
	}
	if len(c.Phones) > MaxPhones || len(c.Emails) > MaxEmails || len(c.Handles) > MaxHandles {
		return Client{}, fmt.Errorf("too many phones, emails or handles: %w", ErrInvalid)
	}
	out.Phones = []string{}
	for _, p := range c.Phones {
		n, err := NormalizePhone(p, defaultRegion)
		if err != nil {
			return Client{}, err
		}
		if !slices.Contains(out.Phones, n) {
			out.Phones = append(out.Phones, n)
		}
	}
	out.Emails = []string{}
	for _, e := range c.Emails {
		n, err := NormalizeEmail(e)
		if err != nil {
			return Client{}, err
		}
		if !slices.Contains(out.Emails, n) {
			out.Emails = append(out.Emails, n)
		}
	}
	out.Handles = []Handle{}
	for _, h := range c.Handles {
		n, err := NormalizeHandle(h)
		if err != nil {
			return Client{}, err
		}
		if !slices.ContainsFunc(out.Handles, func(o Handle) bool { return o.Kind == n.Kind && o.ID == n.ID }) {
			out.Handles = append(out.Handles, n)
		}
	}
	return out, nil
}

// NormalizeHandle trims a handle and checks its kind. Usernames lose a leading "@".
func NormalizeHandle(h Handle) (Handle, error) {
	n := Handle{
		Kind:     strings.ToLower(strings.TrimSpace(h.Kind)),
		ID:       strings.TrimSpace(h.ID),
		Username: strings.TrimPrefix(strings.TrimSpace(h.Username), "@"),
	}
	if !ValidHandleKind(n.Kind) {
		return Handle{}, fmt.Errorf("unknown handle kind %q: %w", n.Kind, ErrInvalid)
	}
	if n.ID == "" || len(n.ID) > 128 || len(n.Username) > 128 {
		return Handle{}, fmt.Errorf("handle id is required (at most 128 bytes): %w", ErrInvalid)
	}
	return n, nil
}

// NormalizeNewDocument validates d: a creatable kind, a client and a title.
func NormalizeNewDocument(d NewDocument) (NewDocument, error) {
	out := NewDocument{
		Kind:        d.Kind,
		ClientID:    strings.TrimSpace(d.ClientID),
		Title:       strings.Join(strings.Fields(d.Title), " "),
		Description: strings.TrimSpace(d.Description),
	}
	if !out.Kind.Creatable() {
		return NewDocument{}, fmt.Errorf("documents of kind %q cannot be created here: %w", d.Kind, ErrInvalid)
	}
	if out.ClientID == "" {
		return NewDocument{}, fmt.Errorf("client id is required: %w", ErrInvalid)
	}
	if out.Title == "" {
		return NewDocument{}, fmt.Errorf("document title is required: %w", ErrInvalid)
	}
	if err := maxLen("title", out.Title, MaxTitleLen); err != nil {
		return NewDocument{}, err
	}
	if err := maxLen("description", out.Description, MaxDescLen); err != nil {
		return NewDocument{}, err
	}
	return out, nil
}

// SearchLimit returns q's limit, defaulted and capped.
func (q Query) SearchLimit() int {
	if q.Limit <= 0 || q.Limit > 100 {
		return DefaultSearchLimit
	}
	return q.Limit
}

func maxLen(field, s string, n int) error {
	if utf8.RuneCountInString(s) > n {
		return fmt.Errorf("%s is longer than %d characters: %w", field, n, ErrInvalid)
	}
	return nil
}

// ValidRegion reports whether region is a region the phone metadata knows ("PL", "GB", …); the
// empty region is valid and means "numbers must carry their country code".
func ValidRegion(region string) bool {
	if region == "" {
		return true
	}
	_, ok := phonenumbers.GetSupportedRegions()[strings.ToUpper(region)]
	return ok
}
