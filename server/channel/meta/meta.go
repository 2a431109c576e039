// Package meta holds what the three Graph API providers (WhatsApp Cloud API, Messenger, Instagram)
// share: the X-Hub-Signature-256 check, the hub.challenge handshake, the Graph error envelope and
// its classification, and a small JSON client. Each provider package adds its own error rules.
package meta

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/channel"
)

// GraphVersion is the Graph API version Frontdesk speaks (docs/providers/reference.md §2.1).
const GraphVersion = "v26.0"

// DefaultGraphURL is the Graph API root for WhatsApp, Messenger and Instagram with Facebook Login.
const DefaultGraphURL = "https://graph.facebook.com/" + GraphVersion

// SignatureHeader carries HMAC-SHA256 of the raw body keyed with the app secret.
const SignatureHeader = "X-Hub-Signature-256"

// VerifySignature checks X-Hub-Signature-256 against the raw body with any of the secrets (Instagram
// Login apps may sign with the Instagram app secret instead of the Facebook one: docs/providers/reference.md §2.3).
func VerifySignature(body []byte, header string, secrets ...string) error {
	hexSig, ok := strings.CutPrefix(header, "sha256=")
	if !ok {
		return fmt.Errorf("%w: missing or malformed %s", channel.ErrUnauthorized, SignatureHeader)
	}
	got, err := hex.DecodeString(hexSig)
	if err != nil {
		return fmt.Errorf("%w: %s is not hex", channel.ErrUnauthorized, SignatureHeader)
	}
	for _, secret := range secrets {
		if secret == "" {
			continue
		}
		if hmac.Equal(got, Sign(body, secret)) {
			return nil
		}
	}
	return fmt.Errorf("%w: signature mismatch", channel.ErrUnauthorized)
}

// Sign returns HMAC-SHA256(secret, body); fakes and the simulator use it to sign deliveries.
func Sign(body []byte, secret string) []byte {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return mac.Sum(nil)
}

// SignatureValue formats a signature as Meta sends it in SignatureHeader.
func SignatureValue(body []byte, secret string) string {
	return "sha256=" + hex.EncodeToString(Sign(body, secret))
}

// VerifyChallenge answers the GET handshake: hub.mode=subscribe and the right hub.verify_token give
// back hub.challenge; anything else is unauthorized (the HTTP layer answers 403).
func VerifyChallenge(q url.Values, verifyToken string) (string, error) {
	if q.Get("hub.mode") != "subscribe" || verifyToken == "" ||
		subtle.ConstantTimeCompare([]byte(q.Get("hub.verify_token")), []byte(verifyToken)) != 1 {
		return "", fmt.Errorf("%w: verify token mismatch", channel.ErrUnauthorized)
	}
	challenge := q.Get("hub.challenge")
	if challenge == "" {
		return "", fmt.Errorf("%w: empty hub.challenge", channel.ErrMalformed)
	}
	return challenge, nil
}

// GraphError is the body of a failed Graph call: {"error": {...}}.
type GraphError struct {
	Message     string `json:"message"`
	Type        string `json:"type"`
	Code        int    `json:"code"`
	Subcode     int    `json:"error_subcode"`
	UserTitle   string `json:"error_user_title"`
	UserMessage string `json:"error_user_msg"`
	FBTraceID   string `json:"fbtrace_id"`
	IsTransient bool   `json:"is_transient"`
	ErrorData   any    `json:"error_data,omitempty"`
}

// Rule maps a Graph code (and optionally subcode; 0 matches any) to a class.
type Rule struct {
	Code    int
	Subcode int
	Class   channel.Class
}

// commonRules apply to every Graph product after its own rules (docs/providers/reference.md §2.5).
var commonRules = []Rule{
	{Code: 190, Class: channel.ClassSyncLost},
	{Code: 1, Class: channel.ClassRetryable},
	{Code: 2, Class: channel.ClassRetryable},
	{Code: 4, Class: channel.ClassRetryable},
	{Code: 17, Class: channel.ClassRetryable},
	{Code: 32, Class: channel.ClassRetryable},
	{Code: 341, Class: channel.ClassRetryable},
	{Code: 613, Class: channel.ClassRetryable},
	{Code: 80007, Class: channel.ClassRetryable},
	{Code: 368, Class: channel.ClassSyncLost},
	{Code: 10, Class: channel.ClassSyncLost},
}

// Classify turns a Graph error into a *channel.Error using the product's rules, then the common
// ones. Unknown codes are permanent for 4xx answers and retryable for 5xx ones.
func Classify(status int, header http.Header, g GraphError, rules []Rule) *channel.Error {
	e := &channel.Error{Code: strconv.Itoa(g.Code), Reason: g.Message}
	if g.Subcode != 0 {
		e.Code += "/" + strconv.Itoa(g.Subcode)
	}
	if g.UserMessage != "" {
		e.Reason = g.UserMessage
	}
	if e.Reason == "" {
		e.Reason = http.StatusText(status)
	}
	e.Class = classFor(status, g, rules)
	if e.Class == channel.ClassRetryable {
		e.RetryAfter = channel.RetryAfter(header)
	}
	return e
}

func classFor(status int, g GraphError, rules []Rule) channel.Class {
	for _, set := range [][]Rule{rules, commonRules} {
		for _, r := range set {
			if r.Code == g.Code && (r.Subcode == 0 || r.Subcode == g.Subcode) {
				return r.Class
			}
		}
	}
	switch {
	case g.Code >= 200 && g.Code <= 299:
		return channel.ClassSyncLost // permission removed
	case status == http.StatusUnauthorized:
		return channel.ClassSyncLost
	case status == http.StatusTooManyRequests || status >= 500 || g.IsTransient:
		return channel.ClassRetryable
	default:
		return channel.ClassPermanent
	}
}

// Client is a minimal Graph API client bound to one access token.
type Client struct {
	BaseURL string
	Token   string
	HTTP    *http.Client
	Rules   []Rule
}

// NewClient fills defaults: the Graph URL and a client with a timeout.
func NewClient(baseURL, token string, hc *http.Client, rules []Rule) *Client {
	if baseURL == "" {
		baseURL = DefaultGraphURL
	}
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	return &Client{BaseURL: strings.TrimRight(baseURL, "/"), Token: token, HTTP: hc, Rules: rules}
}

// Do calls the Graph API with a JSON body (nil for none) and decodes a JSON answer into out (nil to
// discard). Failures come back as *channel.Error.
func (c *Client) Do(ctx context.Context, method, path string, query url.Values, body, out any) error {
	var rdr io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return &channel.Error{Class: channel.ClassPermanent, Reason: "cannot encode request", Err: err}
		}
		rdr = bytes.NewReader(b)
	}
	u := c.BaseURL + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rdr)
	if err != nil {
		return &channel.Error{Class: channel.ClassPermanent, Reason: "cannot build request", Err: err}
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return c.DoRequest(req, out)
}

// DoRequest sends a prepared request with the bearer token (multipart uploads build their own).
func (c *Client) DoRequest(req *http.Request, out any) error {
	req.Header.Set("Authorization", "Bearer "+c.Token)
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return &channel.Error{Class: channel.ClassRetryable, Reason: "provider unreachable", Err: err}
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return &channel.Error{Class: channel.ClassRetryable, Reason: "reading provider answer", Err: err}
	}
	if resp.StatusCode >= 300 {
		return c.errorFrom(resp, data)
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		// The call may have gone through: a retry could send twice, so this is not retryable.
		return &channel.Error{Class: channel.ClassPermanent, Reason: "unreadable provider answer", Err: err}
	}
	return nil
}

func (c *Client) errorFrom(resp *http.Response, data []byte) *channel.Error {
	var env struct {
		Error GraphError `json:"error"`
	}
	if err := json.Unmarshal(data, &env); err != nil || env.Error.Code == 0 && env.Error.Message == "" {
		g := GraphError{Message: http.StatusText(resp.StatusCode)}
		return Classify(resp.StatusCode, resp.Header, g, nil)
	}
	return Classify(resp.StatusCode, resp.Header, env.Error, c.Rules)
}
