// Package telegram is the Telegram Bot API adapter: one connection is one bot.
//
// Inbound updates arrive on the webhook registered with setWebhook and are authenticated by the
// X-Telegram-Bot-Api-Secret-Token header, which Telegram copies from the secret_token we registered
// (Config.VerifyToken). Only private chats are customer conversations. Telegram has no echoes, no
// delivery or read receipts and no customer-service window; a bot can only write to users who have
// started it (sent it a message or pressed Start).
package telegram

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/channel"
)

// DefaultBaseURL is the Bot API root; Config.BaseURL overrides it (self-hosted Bot API server, fakes).
const DefaultBaseURL = "https://api.telegram.org"

// Credential field names; they are part of the public REST API.
const (
	FieldBotToken    = "bot_token"
	FieldBotUsername = "bot_username"
)

// TextLimit is the most characters sendMessage and editMessageText accept.
const TextLimit = 4096

// CaptionLimit is the most characters a media caption may have.
const CaptionLimit = 1024

// Spec registers the adapter with the core.
var Spec = channel.Spec{
	Kind: channel.Telegram,
	Fields: []channel.Field{
		{Name: FieldBotToken, Label: "Bot token (from @BotFather)", Secret: true, Required: true},
		{Name: FieldBotUsername, Label: "Bot username (without @)"},
	},
	New: func(cfg channel.Config) (channel.Adapter, error) { return New(cfg) },
}

// Adapter talks to the Bot API for one bot.
type Adapter struct {
	api         *client
	botID       string
	botUsername string
	webhookURL  string
	secret      string
	maxMedia    int64
}

var (
	_ channel.Adapter          = (*Adapter)(nil)
	_ channel.WebhookRegistrar = (*Adapter)(nil)
	_ channel.ProfileFetcher   = (*Adapter)(nil)
	_ channel.Editor           = (*Adapter)(nil)
	_ channel.Deleter          = (*Adapter)(nil)
)

// New validates the credentials and builds an adapter.
func New(cfg channel.Config) (*Adapter, error) {
	token := strings.TrimSpace(cfg.Credentials[FieldBotToken])
	if token == "" {
		return nil, fmt.Errorf("telegram: missing credential %q", FieldBotToken)
	}
	botID, err := botIDFromToken(token)
	if err != nil {
		return nil, err
	}
	base := strings.TrimRight(cfg.BaseURL, "/")
	if base == "" {
		base = DefaultBaseURL
	}
	// Uploads of up to 50 MB need more than a JSON call; the caller's context bounds each call too.
	hc := cfg.Client(90 * time.Second)
	maxMedia := cfg.MaxMediaBytes
	if maxMedia <= 0 {
		maxMedia = channel.DefaultMaxMediaBytes
	}
	return &Adapter{
		api:         &client{base: base, token: token, http: hc},
		botID:       botID,
		botUsername: strings.TrimPrefix(strings.TrimSpace(cfg.Credentials[FieldBotUsername]), "@"),
		webhookURL:  cfg.WebhookURL,
		secret:      cfg.VerifyToken,
		maxMedia:    maxMedia,
	}, nil
}

// botIDFromToken reads the bot's id from the token ("123456:ABC..."), so the account is known
// without a call.
func botIDFromToken(token string) (string, error) {
	id, rest, ok := strings.Cut(token, ":")
	if !ok || id == "" || rest == "" || strings.Trim(id, "0123456789") != "" {
		return "", errors.New("telegram: bot_token must look like 123456789:AA... as given by @BotFather")
	}
	return id, nil
}

// Kind implements channel.Adapter.
func (a *Adapter) Kind() channel.Kind { return channel.Telegram }

// Window implements channel.Adapter: Telegram has no customer-service window. The bot can write to a
// customer as long as they started the bot and have not blocked it; a send to anyone else fails with
// a permanent error (400 chat not found or 403 Forbidden).
func (a *Adapter) Window(_, _ time.Time) channel.Window {
	return channel.Window{State: channel.WindowAlways}
}

// DeepLink implements channel.Adapter. A bot's chat cannot be opened by staff in Telegram, so the best
// link is the customer's public profile, which exists only when they have a username. Writing there
// starts a different conversation, from the staff member's personal account.
func (a *Adapter) DeepLink(c channel.Customer, _ channel.Account) string {
	if c.Username == "" {
		return ""
	}
	return "https://t.me/" + strings.TrimPrefix(c.Username, "@")
}

// BotLink is the link that opens the bot for a customer, so they can start it ("" without a username).
func (a *Adapter) BotLink() string {
	if a.botUsername == "" {
		return ""
	}
	return "https://t.me/" + a.botUsername
}

func (a *Adapter) account() channel.Account {
	acc := channel.Account{ID: a.botID}
	if a.botUsername != "" {
		acc.Name = "@" + a.botUsername
	}
	return acc
}
