package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"strings"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/channel/telegram"
	"github.com/frontdesk-chat/frontdesk/server/channel/telegram/telegramtest"
)

// telegramSim plays the Telegram Bot API. Frontdesk registers its webhook with setWebhook, so the
// fake learns the webhook URL and secret token by itself; -webhook and -secret override them.
type telegramSim struct {
	creds    telegramtest.Credentials
	fake     *telegramtest.Server
	customer telegramtest.User
}

func registerTelegram(fs *flag.FlagSet) func() (provider, error) {
	token := fs.String("bot-token", "123456789:sim-token", "bot_token of the connection")
	username := fs.String("bot-username", "frontdesk_sim_bot", "bot_username of the connection")
	id := fs.Int64("customer-id", 700001, "the customer's Telegram user id (= chat id)")
	name := fs.String("customer-name", "Sim Customer", "the customer's first and last name")
	handle := fs.String("customer-username", "simcustomer", "the customer's Telegram username")
	return func() (provider, error) {
		if !strings.Contains(*token, ":") {
			return nil, errors.New("-bot-token must look like 123456789:ABC")
		}
		first, last, _ := strings.Cut(*name, " ")
		creds := telegramtest.Credentials{BotToken: *token, BotUsername: *username}
		return &telegramSim{
			creds:    creds,
			fake:     telegramtest.New(creds),
			customer: telegramtest.User{ID: *id, FirstName: first, LastName: last, Username: *handle},
		}, nil
	}
}

func (t *telegramSim) Handler() http.Handler { return t.fake }
func (t *telegramSim) Started(string)        {}

func (t *telegramSim) Credentials() map[string]string {
	return map[string]string{telegram.FieldBotToken: t.creds.BotToken, telegram.FieldBotUsername: t.creds.BotUsername}
}

func (t *telegramSim) Request(ctx context.Context, webhook, secret string, in input) (*http.Request, error) {
	if in.Status != channel.StateUnknown {
		return nil, fmt.Errorf("telegram has no delivery or read receipts: %w", errUnsupported)
	}
	webhook, secret, err := t.target(webhook, secret)
	if err != nil {
		return nil, err
	}
	var d telegramtest.Delivery
	switch m := in.Media; {
	case m == nil:
		d = t.fake.Text(t.customer, in.Text)
	case m.Kind == channel.Image:
		d = t.fake.Photo(t.customer, m.Data, "")
	case m.Kind == channel.Video:
		d = t.fake.Video(t.customer, m.Data, "")
	case m.Kind == channel.Audio && strings.Contains(m.MIMEType, "ogg"):
		d = t.fake.Voice(t.customer, m.Data)
	case m.Kind == channel.Audio:
		d = t.fake.Audio(t.customer, m.Data, m.FileName, m.MIMEType)
	default:
		d = t.fake.Document(t.customer, m.Data, m.FileName, m.MIMEType, "")
	}
	return d.Request(ctx, webhook, secret)
}

// BlockRequest is the my_chat_member update of the customer blocking (or unblocking) the bot.
func (t *telegramSim) BlockRequest(ctx context.Context, webhook, secret string, blocked bool) (*http.Request, error) {
	webhook, secret, err := t.target(webhook, secret)
	if err != nil {
		return nil, err
	}
	return t.fake.CustomerBlocks(t.customer, blocked).Request(ctx, webhook, secret)
}

// target is where deliveries go: the flags, else what Frontdesk registered with setWebhook.
func (t *telegramSim) target(webhook, secret string) (string, string, error) {
	url, registered, _ := t.fake.Webhook()
	if webhook == "" {
		webhook = url
	}
	if secret == "" {
		secret = registered
	}
	if webhook == "" {
		return "", "", errors.New("no webhook URL yet: pass -webhook, or connect the bot in Frontdesk with this api_base_url so it registers one")
	}
	return webhook, secret, nil
}

func (t *telegramSim) Outgoing() []string {
	sent := t.fake.Sent()
	out := make([]string, len(sent))
	for i, m := range sent {
		var b strings.Builder
		fmt.Fprintf(&b, "#%d to %d", m.MessageID, m.ChatID)
		if m.MediaType != "" {
			src := m.URL
			if src == "" {
				src = fmt.Sprintf("%s, %d bytes", m.FileName, len(m.Data))
			}
			fmt.Fprintf(&b, " [%s: %s]", m.MediaType, src)
		}
		if m.ReplyTo != 0 {
			fmt.Fprintf(&b, " (reply to #%d)", m.ReplyTo)
		}
		if m.Text != "" {
			fmt.Fprintf(&b, " %q", m.Text)
		}
		if m.Edited {
			b.WriteString(" (edited)")
		}
		if m.Deleted {
			b.WriteString(" (deleted)")
		}
		out[i] = b.String()
	}
	return out
}
