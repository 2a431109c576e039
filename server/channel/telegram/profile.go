package telegram

import (
	"context"
	"fmt"

	"github.com/frontdesk-chat/frontdesk/server/channel"
)

// Profile implements channel.ProfileFetcher with getChat on the private chat.
func (a *Adapter) Profile(ctx context.Context, id channel.CustomerID) (channel.Customer, error) {
	chatID, err := parseChatID(id)
	if err != nil {
		return channel.Customer{}, &channel.Error{Class: channel.ClassPermanent, Reason: err.Error()}
	}
	var c chat
	if err := a.api.call(ctx, "getChat", map[string]any{"chat_id": chatID}, &c); err != nil {
		return channel.Customer{}, err
	}
	return customer(c, nil), nil
}

// Health implements channel.Adapter: getMe proves the token; when this connection has a webhook URL,
// getWebhookInfo proves Telegram still delivers to it (another app using the same token may have
// replaced it, and then customers' messages silently stop arriving).
func (a *Adapter) Health(ctx context.Context) error {
	var me user
	if err := a.api.call(ctx, "getMe", struct{}{}, &me); err != nil {
		return err
	}
	if a.webhookURL == "" {
		return nil
	}
	var info webhookInfo
	if err := a.api.call(ctx, "getWebhookInfo", struct{}{}, &info); err != nil {
		return err
	}
	if info.URL != a.webhookURL {
		return &channel.Error{Class: channel.ClassSyncLost, Code: "webhook",
			Reason: "Telegram does not deliver this bot's updates to Frontdesk: reconnect the channel to register the webhook again"}
	}
	if info.LastErrorMessage != "" && info.PendingUpdateCount > 0 {
		// Deliveries are failing; Telegram retries them, so this is not a lost sync.
		return &channel.Error{Class: channel.ClassRetryable, Code: "webhook",
			Reason: fmt.Sprintf("Telegram cannot deliver updates (%d waiting): %s", info.PendingUpdateCount, info.LastErrorMessage)}
	}
	return nil
}
