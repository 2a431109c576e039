package remonline

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/helpdesk"
)

// AuthMode is how the API key is presented.
type AuthMode string

const (
	// AuthBearer sends the API key itself as "Authorization: Bearer <key>" (the current API).
	AuthBearer AuthMode = "bearer"
	// AuthToken exchanges the API key for a short-lived token at TokenPath and sends that as the
	// "token" query parameter (the older API, still answered by older accounts).
	AuthToken AuthMode = "token"
)

// Paths are the API's resource paths, relative to BaseURL. They are configuration because the
// API has moved them before (v1 "/clients/" and "/order/", v2 "/contacts/people" and "/orders").
type Paths struct {
	People    string // list/create; get/update at People + "/{id}"
	Orders    string
	Estimates string
	Leads     string
	// Invoices is listed with the other documents when set; empty skips invoices (how the API
	// filters invoices by client is not confirmed, see docs/helpdesk-remonline.md).
	Invoices string
}

// WebURLs are templates of links into RemOnline's own web app; "{id}" is replaced by the id.
// An empty template leaves that URL empty.
type WebURLs struct {
	Client, Order, Estimate, Lead, Invoice string
}

// Config configures the RemOnline adapter. Zero values take the defaults noted on each field.
type Config struct {
	// BaseURL of the API; default "https://api.roapp.io/v2". Tests point it at the fake.
	BaseURL string
	// APIKey from RemOnline's Settings → API. Required.
	APIKey string
	// AuthMode: AuthBearer (default) or AuthToken.
	AuthMode AuthMode
	// TokenPath is where AuthToken exchanges the key; default "/token/new".
	TokenPath string
	// TokenTTL is how long an exchanged token is used before a new one is fetched; default 9
	// minutes (sources disagree on the token's life, 10 minutes to a day: the short one is safe).
	TokenTTL time.Duration
	// HTTPClient makes the calls; default a client with a 20-second timeout.
	HTTPClient *http.Client

	// RatePerSecond paces every call, retries included; default 3 (the documented limit).
	RatePerSecond float64
	// Burst lets that many calls go at once after a quiet spell; default 1.
	Burst int
	// MaxAttempts per call (first try included) on 429, 5xx and transport errors; default 4.
	MaxAttempts int
	// BackoffBase and BackoffMax shape the exponential backoff; defaults 500ms and 8s.
	BackoffBase, BackoffMax time.Duration
	// MaxRetryAfter is the longest Retry-After we wait; a longer one gives up at once with
	// ErrRateLimited rather than hold the user's request; default 30s.
	MaxRetryAfter time.Duration

	// CacheTTL keeps answers to reads (searches, gets, lists) this long; default 30s, negative
	// disables. Any write through this adapter empties the cache.
	CacheTTL time.Duration
	// CacheEntries caps the cache; default 256.
	CacheEntries int
	// PageSize is the API's page size, used to see the last page; default 50.
	PageSize int
	// MaxPages caps a listing per document kind; default 20 (1,000 documents).
	MaxPages int

	// BranchID ("location") and OrderTypeID are required by the API to create orders and
	// estimates; EstimateTypeID defaults to OrderTypeID. LeadTypeID is sent when set.
	BranchID, OrderTypeID, EstimateTypeID, LeadTypeID int64
	// Currency (ISO 4217) of the account, given to documents' amounts; the API's documents carry
	// no currency.
	Currency string
	// DefaultRegion (ISO 3166 alpha-2) reads numbers typed without a country code.
	DefaultRegion string
	// HandlesField is the id of a client custom field ("f123") that keeps messenger handles, one
	// "kind:id[:username]" per line; empty means handles are not stored in RemOnline.
	HandlesField string

	Paths Paths
	// Web links into RemOnline; defaults to the web app's client and order pages.
	Web WebURLs
}

// Defaults.
const (
	DefaultBaseURL = "https://api.roapp.io/v2"
	defaultWebURL  = "https://web.remonline.app"
)

func (c Config) withDefaults() (Config, error) {
	if strings.TrimSpace(c.APIKey) == "" {
		return c, errors.New("remonline: an API key is required")
	}
	if c.BaseURL == "" {
		c.BaseURL = DefaultBaseURL
	}
	u, err := url.Parse(c.BaseURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return c, fmt.Errorf("remonline: base URL %q is not an http(s) URL", c.BaseURL)
	}
	c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	switch c.AuthMode {
	case "":
		c.AuthMode = AuthBearer
	case AuthBearer, AuthToken:
	default:
		return c, fmt.Errorf("remonline: unknown auth mode %q", c.AuthMode)
	}
	if c.TokenPath == "" {
		c.TokenPath = "/token/new"
	}
	if c.TokenTTL <= 0 {
		c.TokenTTL = 9 * time.Minute
	}
	if c.HTTPClient == nil {
		c.HTTPClient = &http.Client{Timeout: 20 * time.Second}
	}
	if c.RatePerSecond <= 0 {
		c.RatePerSecond = 3
	}
	if c.Burst <= 0 {
		c.Burst = 1
	}
	if c.MaxAttempts <= 0 {
		c.MaxAttempts = 4
	}
	if c.BackoffBase <= 0 {
		c.BackoffBase = 500 * time.Millisecond
	}
	if c.BackoffMax <= 0 {
		c.BackoffMax = 8 * time.Second
	}
	if c.MaxRetryAfter <= 0 {
		c.MaxRetryAfter = 30 * time.Second
	}
	if c.CacheTTL == 0 {
		c.CacheTTL = 30 * time.Second
	}
	if c.CacheEntries <= 0 {
		c.CacheEntries = 256
	}
	if c.PageSize <= 0 {
		c.PageSize = 50
	}
	if c.MaxPages <= 0 {
		c.MaxPages = 20
	}
	if c.EstimateTypeID == 0 {
		c.EstimateTypeID = c.OrderTypeID
	}
	if !helpdesk.ValidRegion(c.DefaultRegion) {
		return c, fmt.Errorf("remonline: unknown default region %q", c.DefaultRegion)
	}
	c.Currency = strings.ToUpper(c.Currency)
	if c.Paths == (Paths{}) {
		c.Paths = Paths{People: "/contacts/people", Orders: "/orders", Estimates: "/estimates", Leads: "/leads"}
	}
	if c.Web == (WebURLs{}) {
		c.Web = WebURLs{Client: defaultWebURL + "/clients/{id}", Order: defaultWebURL + "/orders/{id}"}
	}
	return c, nil
}
