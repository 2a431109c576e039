package instagram

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

// Authenticate checks X-Hub-Signature-256 with the app secret or the Instagram app secret: which of
// the two Meta signs Instagram Login webhooks with is unverified (docs/providers/reference.md §2.3), and accepting
// either is safe because both are secrets of this connection's app.
func (a *Adapter) Authenticate(req channel.WebhookRequest) error {
	if len(req.Body) > channel.MaxWebhookBody {
		return fmt.Errorf("instagram: %w", channel.ErrTooLarge)
	}
	if err := meta.VerifySignature(req.Body, req.Header.Get(meta.SignatureHeader), a.secrets...); err != nil {
		return fmt.Errorf("instagram: %w", err)
	}
	return nil
}

// Parse reads an "instagram" delivery. Each event names the account it is for (entry.id); the core
// routes an event to the connection that owns its account (OwnsAccount). An account no connection
// owns stays with the connection that received it (KeepsUnknownAccounts): with Instagram Login the id
// Meta puts in entry.id and the id an admin copies may differ (app-scoped vs professional account
// id), and a wrong filter would drop real messages silently.
func (a *Adapter) Parse(req channel.WebhookRequest) ([]channel.Event, error) {
	if len(req.Body) > channel.MaxWebhookBody {
		return nil, fmt.Errorf("instagram: %w", channel.ErrTooLarge)
	}
	events, err := messaging.Parse(req.Body, messaging.Options{Object: messaging.ObjectInstagram})
	if err != nil {
		return nil, fmt.Errorf("instagram: %w", err)
	}
	if a.username != "" {
		for i := range events {
			if events[i].Account.ID == a.accountID {
				events[i].Account.Name = "@" + a.username
			}
		}
	}
	return events, nil
}

// OwnsAccount reports whether an event's account (entry.id) is this connection's account id.
func (a *Adapter) OwnsAccount(id string) bool { return id == a.accountID }

// KeepsUnknownAccounts: an event for an account no Instagram connection owns is this connection's
// (see Parse).
func (a *Adapter) KeepsUnknownAccounts() bool { return true }
