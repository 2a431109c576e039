package sms

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"mime"
	"net"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/frontdesk-chat/frontdesk/server/channel"
)

// SignatureHeader carries base64(HMAC-SHA1(auth token, URL + sorted form fields)).
const SignatureHeader = "X-Twilio-Signature"

// maxFormBody caps a webhook body. Twilio's form posts are a few kilobytes (1600 characters of text
// and up to ten media URLs); anything near this size is not from Twilio.
const maxFormBody = 256 << 10

// Signature computes the X-Twilio-Signature value for a form POST to fullURL: the URL exactly as
// called, then every field name followed by its value, names sorted; values of a repeated name are
// sorted too, as Twilio's own SDKs do.
func Signature(authToken, fullURL string, form url.Values) string {
	var b strings.Builder
	b.WriteString(fullURL)
	names := make([]string, 0, len(form))
	for name := range form {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		values := append([]string(nil), form[name]...)
		sort.Strings(values)
		for _, v := range values {
			b.WriteString(name)
			b.WriteString(v)
		}
	}
	mac := hmac.New(sha1.New, []byte(authToken))
	mac.Write([]byte(b.String()))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// Authenticate implements channel.Adapter. It checks X-Twilio-Signature over the public URL and the
// posted form. Twilio signs either the URL as configured or with an explicit default port depending
// on the product, so both spellings are accepted, like the SDK validators do.
func (a *Adapter) Authenticate(req channel.WebhookRequest) error {
	if len(req.Body) > maxFormBody {
		return fmt.Errorf("%w: %d bytes", channel.ErrTooLarge, len(req.Body))
	}
	if req.Method != "" && req.Method != http.MethodPost {
		return fmt.Errorf("%w: Twilio webhooks must use HTTP POST", channel.ErrMalformed)
	}
	got := req.Header.Get(SignatureHeader)
	if got == "" {
		return fmt.Errorf("%w: missing %s", channel.ErrUnauthorized, SignatureHeader)
	}
	publicURL := req.PublicURL
	if publicURL == "" {
		publicURL = a.webhookURL
	}
	if publicURL == "" || a.authToken == "" {
		return fmt.Errorf("%w: no public URL or auth token to check the signature", channel.ErrUnauthorized)
	}
	u, err := url.Parse(publicURL)
	if err != nil {
		return fmt.Errorf("%w: public URL: %v", channel.ErrUnauthorized, err)
	}
	// JSON-bodied webhooks carry bodySHA256 in the URL and sign the URL alone (docs/providers/reference.md §7.2).
	if bodyHash := u.Query().Get("bodySHA256"); bodyHash != "" {
		sum := sha256.Sum256(req.Body)
		if subtle.ConstantTimeCompare([]byte(hex.EncodeToString(sum[:])), []byte(strings.ToLower(bodyHash))) != 1 {
			return fmt.Errorf("%w: body does not match bodySHA256", channel.ErrUnauthorized)
		}
		return a.matchSignature(got, publicURL, u, nil)
	}
	form, err := parseForm(req)
	if err != nil {
		return err
	}
	return a.matchSignature(got, publicURL, u, form)
}

func (a *Adapter) matchSignature(got, raw string, u *url.URL, form url.Values) error {
	ok := false
	for _, candidate := range urlSpellings(raw, u) {
		want := Signature(a.authToken, candidate, form)
		// Every candidate is compared so the time taken does not depend on which one matched.
		if subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1 {
			ok = true
		}
	}
	if !ok {
		return fmt.Errorf("%w: signature mismatch", channel.ErrUnauthorized)
	}
	return nil
}

// urlSpellings returns the URL exactly as given, plus the same URL with the scheme's default port
// added, or its port removed (Twilio is not consistent about it).
func urlSpellings(raw string, u *url.URL) []string {
	spellings := []string{raw}
	host := u.Hostname()
	if strings.Contains(host, ":") {
		host = "[" + host + "]" // IPv6 literal
	}
	def := map[string]string{"https": "443", "http": "80"}[u.Scheme]
	alt := *u
	switch port := u.Port(); {
	case port == "" && def != "":
		alt.Host = net.JoinHostPort(u.Hostname(), def)
	case port != "":
		alt.Host = host
	default:
		return spellings
	}
	return append(spellings, alt.String())
}

// parseForm decodes the urlencoded body; anything else is not a Twilio messaging webhook.
func parseForm(req channel.WebhookRequest) (url.Values, error) {
	if ct := req.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || mt != "application/x-www-form-urlencoded" {
			return nil, fmt.Errorf("%w: content type %q, want a form", channel.ErrMalformed, ct)
		}
	}
	form, err := url.ParseQuery(string(req.Body))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", channel.ErrMalformed, err)
	}
	return form, nil
}
