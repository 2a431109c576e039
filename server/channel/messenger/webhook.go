package messenger

import (
	"fmt"
	"net/url"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/channel/meta"
	"github.com/frontdesk-chat/frontdesk/server/channel/meta/messaging"
)

// VerifyChallenge answers Meta's hub.challenge handshake with the connection's verify token.
func (a *Adapter) VerifyChallenge(q url.Values) (string, error) {
	return meta.VerifyChallenge(q, a.verifyToken)
}

// Authenticate checks X-Hub-Signature-256 on the raw body with the app secret.
func (a *Adapter) Authenticate(req channel.WebhookRequest) error {
	if len(req.Body) > channel.MaxWebhookBody {
		return fmt.Errorf("messenger: %w", channel.ErrTooLarge)
	}
	if err := meta.VerifySignature(req.Body, req.Header.Get(meta.SignatureHeader), a.appSecret); err != nil {
		return fmt.Errorf("messenger: %w", err)
	}
	return nil
}

// Parse reads a "page" delivery. Each event names the Page it is for (entry.id): Meta sends every
// Page of an app to one callback URL, so entries of other Pages are returned too, and the core routes
// them to the connection that owns that Page (OwnsAccount).
func (a *Adapter) Parse(req channel.WebhookRequest) ([]channel.Event, error) {
	if len(req.Body) > channel.MaxWebhookBody {
		return nil, fmt.Errorf("messenger: %w", channel.ErrTooLarge)
	}
	events, err := messaging.Parse(req.Body, messaging.Options{Object: messaging.ObjectPage})
	if err != nil {
		return nil, fmt.Errorf("messenger: %w", err)
	}
	return events, nil
}

// OwnsAccount reports whether an event's account (a Page id) is this connection's Page.
func (a *Adapter) OwnsAccount(id string) bool { return id == a.pageID }
