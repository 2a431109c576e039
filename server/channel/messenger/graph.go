package messenger

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/channel/meta/messaging"
)

// Profile reads the customer's name. Some valid PSIDs cannot be resolved (error 100) and business
// apps need the "Business Asset User Profile Access" feature: the core falls back to a generic name.
func (a *Adapter) Profile(ctx context.Context, id channel.CustomerID) (channel.Customer, error) {
	q := a.query(url.Values{"fields": {"first_name,last_name"}})
	var p struct {
		ID        string `json:"id"`
		FirstName string `json:"first_name"`
		LastName  string `json:"last_name"`
	}
	if err := a.graph.Do(ctx, http.MethodGet, "/"+url.PathEscape(string(id)), q, nil, &p); err != nil {
		return channel.Customer{}, err
	}
	return channel.Customer{ID: id, Name: strings.TrimSpace(p.FirstName + " " + p.LastName)}, nil
}

// Health reads the Page with the token: a dead token answers 190 (ClassSyncLost).
func (a *Adapter) Health(ctx context.Context) error {
	return a.graph.Do(ctx, http.MethodGet, "/"+a.pageID, a.query(url.Values{"fields": {"id,name"}}), nil, nil)
}

// PageName returns the Page's name for display (F6 in docs/features.md).
func (a *Adapter) PageName(ctx context.Context) (string, error) {
	var p struct {
		Name string `json:"name"`
	}
	err := a.graph.Do(ctx, http.MethodGet, "/"+a.pageID, a.query(url.Values{"fields": {"id,name"}}), nil, &p)
	return p.Name, err
}

// RegisterWebhook subscribes the Page to the app's webhook fields. The callback URL and verify token
// themselves are entered in the App Dashboard (setting them by API needs an app token we do not hold).
func (a *Adapter) RegisterWebhook(ctx context.Context) error {
	q := a.query(url.Values{"subscribed_fields": {strings.Join(SubscribedFields, ",")}})
	return a.graph.Do(ctx, http.MethodPost, "/"+a.pageID+"/subscribed_apps", q, nil, nil)
}

// FetchMedia downloads an attachment from its signed CDN URL, capped at MaxMediaBytes, from a
// public address or the configured API host only (the URL is the customer's side's word).
func (a *Adapter) FetchMedia(ctx context.Context, m channel.Media) (channel.Download, error) {
	return messaging.Fetch(ctx, a.media, m, a.maxMedia)
}

func (a *Adapter) query(q url.Values) url.Values {
	for k, v := range a.proof {
		q[k] = v
	}
	return q
}

// Account names the Page, for the header of every chat.
func (a *Adapter) Account(ctx context.Context) (channel.Account, error) {
	name, err := a.PageName(ctx)
	if err != nil {
		return channel.Account{}, err
	}
	return channel.Account{ID: a.pageID, Name: name}, nil
}
