package telegram

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"

	"github.com/frontdesk-chat/frontdesk/server/channel"
)

// SecretHeader carries the secret_token given to setWebhook on every delivery.
const SecretHeader = "X-Telegram-Bot-Api-Secret-Token"

// AllowedUpdates are the update types Parse understands; setWebhook asks for exactly these, and
// message_reaction is only delivered when listed.
var AllowedUpdates = []string{"message", "edited_message", "message_reaction", "my_chat_member"}

// Authenticate implements channel.Adapter: the header must equal the connection's secret.
func (a *Adapter) Authenticate(req channel.WebhookRequest) error {
	if a.secret == "" {
		// Fail closed: without a registered secret anyone could post updates.
		return fmt.Errorf("%w: no secret token configured for this connection", channel.ErrUnauthorized)
	}
	got := req.Header.Get(SecretHeader)
	if got == "" {
		return fmt.Errorf("%w: missing %s", channel.ErrUnauthorized, SecretHeader)
	}
	if subtle.ConstantTimeCompare([]byte(got), []byte(a.secret)) != 1 {
		return fmt.Errorf("%w: %s mismatch", channel.ErrUnauthorized, SecretHeader)
	}
	return nil
}

// RegisterWebhook implements channel.WebhookRegistrar with setWebhook. Pending updates are kept, so
// nothing the customers sent while the webhook was away is dropped.
func (a *Adapter) RegisterWebhook(ctx context.Context) error {
	if a.webhookURL == "" {
		return &channel.Error{Class: channel.ClassPermanent, Reason: "no webhook URL configured"}
	}
	if err := validSecret(a.secret); err != nil {
		return &channel.Error{Class: channel.ClassPermanent, Reason: err.Error()}
	}
	params := map[string]any{
		"url":                  a.webhookURL,
		"secret_token":         a.secret,
		"allowed_updates":      AllowedUpdates,
		"drop_pending_updates": false,
	}
	var ok bool
	return a.api.call(ctx, "setWebhook", params, &ok)
}

// validSecret checks Telegram's rule for secret_token: 1-256 characters of A-Z a-z 0-9 _ -.
func validSecret(s string) error {
	if s == "" || len(s) > 256 {
		return errors.New("the verify token must be 1-256 characters to be a Telegram secret_token")
	}
	for _, r := range s {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-'
		if !ok {
			return errors.New("the verify token may only hold A-Z a-z 0-9 _ - to be a Telegram secret_token")
		}
	}
	return nil
}
