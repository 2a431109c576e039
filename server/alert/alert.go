// Package alert tells people when a connection loses sync with its provider and when it is fixed
// (F15 in docs/features.md): the bot posts in the connection's channel and writes to every system
// admin directly, once per incident. The incident is kept in the database, so a restart or a
// second server never repeats an alert.
package alert

import (
	"context"
	"fmt"
	"time"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/server/conversation"
	"github.com/frontdesk-chat/frontdesk/server/locale"
)

// Store keeps one incident per connection.
type Store interface {
	OpenIncident(ctx context.Context, connectionID string, at int64, reason string) (bool, error)
	FixIncident(ctx context.Context, connectionID string, at int64) (bool, error)
}

// Mattermost posts as the bot and finds the admins.
type Mattermost interface {
	CreatePost(post *model.Post) (*model.Post, error)
	// SystemAdmins lists the active system admins' ids.
	SystemAdmins() ([]string, error)
	// DirectChannel is the bot's direct message channel with a user.
	DirectChannel(userID string) (string, error)
}

// PropAlert marks an alert post: "sync_lost" or "sync_fixed".
const PropAlert = "frontdesk_alert"

// Alerter is safe for concurrent use.
type Alerter struct {
	store     Store
	mm        Mattermost
	log       conversation.Logger
	botID     string
	reconnect func(c *conversation.Connection) string
	cards     func(ctx context.Context, c *conversation.Connection)
	now       func() time.Time
	texts     *locale.Locale
}

// Texts of the alerts: the channel's notice in the site's default language, each admin's direct
// message in that admin's Mattermost language.
var (
	textLost      = locale.Text{ID: "alert.lost", Other: "⚠️ **Frontdesk: the {{.Provider}} connection {{.Name}} lost sync with the provider** ({{.Reason}}). Replies and new chats on it are held until it is reconnected."}
	textLostAsk   = locale.Text{ID: "alert.lost.ask", Other: "Ask a system admin to reconnect it."}
	textReconnect = locale.Text{ID: "alert.lost.reconnect", Other: "Reconnect it in the System Console: {{.URL}}"}
	textFixed     = locale.Text{ID: "alert.fixed", Other: "✅ **Frontdesk: the {{.Provider}} connection {{.Name}} works again.** Replies that waited are being sent."}
	textSettings  = locale.Text{ID: "alert.fixed.settings", Other: "Its settings: {{.URL}}"}
)

// SetTexts has the alerts speak the readers' languages (set once, at wiring); without it they
// speak English.
func (a *Alerter) SetTexts(l *locale.Locale) {
	a.texts = l
}

// RefreshCardsWith has each alert also rewrite the connection's header cards (set once, at wiring,
// before any alert: the thread that draws the cards is built after the alerter).
func (a *Alerter) RefreshCardsWith(fn func(ctx context.Context, c *conversation.Connection)) {
	a.cards = fn
}

// New builds the alerter; reconnect is the System Console link of a connection.
func New(s Store, mm Mattermost, log conversation.Logger, botID string, reconnect func(c *conversation.Connection) string) *Alerter {
	return &Alerter{store: s, mm: mm, log: conversation.Scrubbed(log), botID: botID, reconnect: reconnect, now: time.Now}
}

// Lost announces a connection's lost sync, unless its incident was announced already.
func (a *Alerter) Lost(ctx context.Context, c *conversation.Connection) {
	opened, err := a.store.OpenIncident(ctx, c.ID, conversation.Millis(a.now()), c.SyncReason)
	if err != nil {
		a.log.Error("Frontdesk: recording a sync incident", "connection_id", c.ID, "err", err.Error())
		return
	}
	if !opened {
		return
	}
	data := map[string]any{"Provider": c.Kind.Name(), "Name": fmt.Sprintf("%q", c.Name), "Reason": c.SyncReason, "URL": a.reconnect(c)}
	a.post(c, "sync_lost", a.texts.ForSite(textLost, data)+" "+a.texts.ForSite(textLostAsk, nil),
		func(userID string) string {
			return a.texts.ForUser(userID, textLost, data) + "\n" + a.texts.ForUser(userID, textReconnect, data)
		})
	a.refreshCards(ctx, c)
}

// Fixed announces that a connection works again, if an incident of it was announced.
func (a *Alerter) Fixed(ctx context.Context, c *conversation.Connection) {
	fixed, err := a.store.FixIncident(ctx, c.ID, conversation.Millis(a.now()))
	if err != nil {
		a.log.Error("Frontdesk: closing a sync incident", "connection_id", c.ID, "err", err.Error())
		return
	}
	if !fixed {
		return
	}
	data := map[string]any{"Provider": c.Kind.Name(), "Name": fmt.Sprintf("%q", c.Name), "URL": a.reconnect(c)}
	a.post(c, "sync_fixed", a.texts.ForSite(textFixed, data), func(userID string) string {
		return a.texts.ForUser(userID, textFixed, data) + "\n" + a.texts.ForUser(userID, textSettings, data)
	})
	a.refreshCards(ctx, c)
}

func (a *Alerter) refreshCards(ctx context.Context, c *conversation.Connection) {
	if a.cards != nil {
		a.cards(ctx, c)
	}
}

// post writes the channel's notice and each admin's direct message, in that admin's language.
func (a *Alerter) post(c *conversation.Connection, kind, channelText string, adminText func(userID string) string) {
	a.create(c, c.ChannelID, channelText, kind)
	admins, err := a.mm.SystemAdmins()
	if err != nil {
		a.log.Error("Frontdesk: listing system admins for an alert", "connection_id", c.ID, "err", err.Error())
		return
	}
	for _, id := range admins {
		dm, err := a.mm.DirectChannel(id)
		if err != nil {
			a.log.Warn("Frontdesk: opening a direct message for an alert", "connection_id", c.ID, "user_id", id, "err", err.Error())
			continue
		}
		a.create(c, dm, adminText(id), kind)
	}
}

func (a *Alerter) create(c *conversation.Connection, channelID, text, kind string) {
	post := &model.Post{UserId: a.botID, ChannelId: channelID, Message: text}
	post.AddProp(PropAlert, kind)
	post.AddProp("frontdesk_connection_id", c.ID)
	if _, err := a.mm.CreatePost(post); err != nil {
		a.log.Error("Frontdesk: posting an alert", "connection_id", c.ID, "channel_id", channelID, "err", err.Error())
	}
}
