package instagram

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/channel/meta/messaging"
)

// Profile reads the customer's name and username (F6 in docs/features.md: the nickname). It works
// only once the customer has written to the account; name may be empty.
func (a *Adapter) Profile(ctx context.Context, id channel.CustomerID) (channel.Customer, error) {
	var p struct {
		Name     string `json:"name"`
		Username string `json:"username"`
	}
	q := a.query(url.Values{"fields": {"name,username"}})
	if err := a.graph.Do(ctx, http.MethodGet, "/"+url.PathEscape(string(id)), q, nil, &p); err != nil {
		return channel.Customer{}, err
	}
	return channel.Customer{ID: id, Name: p.Name, Username: p.Username}, nil
}

// Health reads the account with the token; an expired Instagram Login token (60 days) or a revoked
// Page token answers 190, which classifies as ClassSyncLost.
func (a *Adapter) Health(ctx context.Context) error {
	if a.flavour == InstagramLogin {
		return a.graph.Do(ctx, http.MethodGet, "/me", url.Values{"fields": {"user_id,username"}}, nil, nil)
	}
	return a.graph.Do(ctx, http.MethodGet, "/"+a.accountID, a.query(url.Values{"fields": {"id,username"}}), nil, nil)
}

// RegisterWebhook subscribes the account (Instagram Login) or the linked Page (Facebook Login) to
// the app's messaging webhook fields. The callback URL and verify token are entered in the App
// Dashboard.
func (a *Adapter) RegisterWebhook(ctx context.Context) error {
	path, fieldList := "/"+a.accountID+"/subscribed_apps", InstagramLoginFields
	if a.flavour == FacebookLogin {
		path, fieldList = "/me/subscribed_apps", FacebookLoginFields
	}
	q := a.query(url.Values{"subscribed_fields": {strings.Join(fieldList, ",")}})
	return a.graph.Do(ctx, http.MethodPost, path, q, nil, nil)
}

// FetchMedia downloads an attachment from its signed CDN URL, capped at MaxMediaBytes, from a
// public address or the configured API host only (the URL is the customer's side's word).
func (a *Adapter) FetchMedia(ctx context.Context, m channel.Media) (channel.Download, error) {
	return messaging.Fetch(ctx, a.media, m, a.maxMedia)
}
