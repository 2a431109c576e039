package instagram

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/channel/meta"
)

// Instagram Login tokens live 60 days and can be renewed once they are a day old (docs/providers/reference.md §4.7).
const (
	// RefreshBefore is how long before the expiry a refresh becomes due.
	RefreshBefore = 10 * 24 * time.Hour
	// MinTokenAge is the age below which Instagram refuses to refresh a token.
	MinTokenAge = 24 * time.Hour
)

// tokenState is what the adapter knows about its token's life; zero times are unknown.
type tokenState struct {
	creds       map[string]string // all credentials, returned with the changed fields on refresh
	refreshedAt time.Time
	expiresAt   time.Time
}

func newTokenState(c map[string]string, token string) (tokenState, error) {
	s := tokenState{creds: maps.Clone(c)}
	s.creds[FieldAccessToken] = token
	var err error
	if s.refreshedAt, err = parseTime(c, FieldTokenRefreshedAt); err != nil {
		return s, err
	}
	if s.expiresAt, err = parseTime(c, FieldTokenExpiresAt); err != nil {
		return s, err
	}
	return s, nil
}

func parseTime(c map[string]string, field string) (time.Time, error) {
	v := strings.TrimSpace(c[field])
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return time.Time{}, fmt.Errorf("instagram: credential %q must be an RFC 3339 time, e.g. 2026-05-01T12:00:00Z", field)
	}
	return t, nil
}

// refreshDue applies the refresh rule: never for a token known to be younger than a day (Instagram
// would refuse it); otherwise when it expires within RefreshBefore, or, with the expiry unknown,
// when the last refresh is unknown or a day old (a refresh is what tells us the expiry).
func (a *Adapter) refreshDue(now time.Time) bool {
	if a.flavour != InstagramLogin {
		return false // Page tokens have no fixed expiry to push back
	}
	s := a.token
	if !s.refreshedAt.IsZero() && now.Sub(s.refreshedAt) < MinTokenAge {
		return false
	}
	if !s.expiresAt.IsZero() {
		return s.expiresAt.Sub(now) < RefreshBefore
	}
	return true
}

// TokenExpiresAt is the token's known expiry, for "expires in N days" notices; ok is false when unknown.
func (a *Adapter) TokenExpiresAt() (t time.Time, ok bool) {
	return a.token.expiresAt, !a.token.expiresAt.IsZero()
}

// RefreshCredentials renews what expires. It returns the credentials to store (all of them, with
// the changed fields) and changed=false when nothing was due.
//
// Only Instagram Login tokens are renewed: GET <host>/refresh_access_token?grant_type=ig_refresh_token
// (unversioned, token as a query parameter, as documented) gives a token valid 60 days from now.
// Failures are classified like every Graph call: 190 is ClassSyncLost with Meta's reason.
func (a *Adapter) RefreshCredentials(ctx context.Context, now time.Time) (creds map[string]string, changed bool, err error) {
	if !a.refreshDue(now) {
		return nil, false, nil
	}
	var out struct {
		AccessToken string `json:"access_token"`
		TokenType   string `json:"token_type"`
		ExpiresIn   int64  `json:"expires_in"`
	}
	token := a.token.creds[FieldAccessToken]
	c := meta.NewClient(refreshRoot(a.graph.BaseURL), token, a.http, Rules)
	q := url.Values{"grant_type": {"ig_refresh_token"}, "access_token": {token}}
	if err := c.Do(ctx, http.MethodGet, "/refresh_access_token", q, nil, &out); err != nil {
		return nil, false, withoutURL(err)
	}
	if strings.TrimSpace(out.AccessToken) == "" {
		return nil, false, &channel.Error{Class: channel.ClassPermanent, Reason: "Instagram answered a token refresh without a token"}
	}
	creds = maps.Clone(a.token.creds)
	creds[FieldAccessToken] = out.AccessToken
	creds[FieldTokenRefreshedAt] = now.UTC().Format(time.RFC3339)
	delete(creds, FieldTokenExpiresAt)
	if out.ExpiresIn > 0 {
		creds[FieldTokenExpiresAt] = now.Add(time.Duration(out.ExpiresIn) * time.Second).UTC().Format(time.RFC3339)
	}
	return creds, true, nil
}

var versionSuffix = regexp.MustCompile(`/v\d+\.\d+$`)

// refreshRoot is the host root of the API base: refresh_access_token is not under a Graph version.
func refreshRoot(base string) string {
	return versionSuffix.ReplaceAllString(strings.TrimRight(base, "/"), "")
}

// withoutURL drops the request URL from a transport error: it carries the token as a parameter and
// errors end up in logs.
func withoutURL(err error) error {
	var e *channel.Error
	var ue *url.Error
	if errors.As(err, &e) && errors.As(e.Err, &ue) {
		scrubbed := *e
		scrubbed.Err = fmt.Errorf("%s refresh_access_token: %w", ue.Op, ue.Err)
		return &scrubbed
	}
	return err
}
