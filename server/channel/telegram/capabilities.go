package telegram

import (
	"fmt"

	"github.com/frontdesk-chat/frontdesk/server/channel"
)

// The capabilities Telegram has, checked by the compiler.
var (
	_ channel.Adapter          = (*Adapter)(nil)
	_ channel.WebhookRegistrar = (*Adapter)(nil)
	_ channel.ProfileFetcher   = (*Adapter)(nil)
	_ channel.Editor           = (*Adapter)(nil)
	_ channel.Deleter          = (*Adapter)(nil)
	_ channel.FirstContactGate = (*Adapter)(nil)
	_ channel.OptOutExplainer  = (*Adapter)(nil)
)

// FirstContact implements channel.FirstContactGate: Telegram lets a bot write only to people who
// started it.
func (a *Adapter) FirstContact() error {
	where := "the bot"
	if link := a.BotLink(); link != "" {
		where = link
	}
	return fmt.Errorf("this customer has not started the Telegram bot yet; ask them to open %s and press Start", where)
}

// OptOutNote implements channel.OptOutExplainer.
func (a *Adapter) OptOutNote() string {
	return "_The customer blocked Telegram messages from this account: replies are held until they unblock it._"
}

// OptOutRefusal implements channel.OptOutExplainer.
func (a *Adapter) OptOutRefusal() string {
	return "the customer blocked this bot on Telegram, so nothing reaches them. Replying works again as soon as they unblock it."
}
