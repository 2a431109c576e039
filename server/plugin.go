package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/mattermost/mattermost/server/public/plugin"
	"github.com/mattermost/mattermost/server/public/pluginapi"
	"github.com/mattermost/mattermost/server/public/pluginapi/cluster"

	"github.com/frontdesk-chat/frontdesk/server/api"
	"github.com/frontdesk-chat/frontdesk/server/command"
	"github.com/frontdesk-chat/frontdesk/server/store"
)

// Plugin wires Frontdesk's parts together; each hook delegates in a few lines.
type Plugin struct {
	plugin.MattermostPlugin

	configurationLock sync.RWMutex
	configuration     *configuration

	client   *pluginapi.Client
	botID    string
	store    *store.Store
	router   http.Handler
	commands *command.Registry
}

const botUsername = "frontdesk"

// OnActivate ensures the bot, migrates the schema under a cluster mutex, registers the command and
// builds the HTTP router. Any failure stops activation with a clear error.
func (p *Plugin) OnActivate() error {
	p.client = pluginapi.NewClient(p.API, p.Driver)
	if err := p.ensureEncryptionKey(); err != nil {
		return err
	}

	botID, err := p.client.Bot.EnsureBot(&model.Bot{
		Username:    botUsername,
		DisplayName: "Frontdesk",
		Description: "Relays customer chats from WhatsApp, Messenger, Instagram, Telegram and SMS.",
	}, pluginapi.ProfileImagePath("assets/bot.png"))
	if err != nil {
		return fmt.Errorf("ensuring the Frontdesk bot: %w", err)
	}
	p.botID = botID

	db, err := p.client.Store.GetMasterDB()
	if err != nil {
		return fmt.Errorf("opening the database: %w", err)
	}
	if p.client.Store.DriverName() != model.DatabaseDriverPostgres {
		return errors.New("frontdesk needs PostgreSQL, the database Mattermost 11 runs on")
	}
	p.store = store.New(db)
	if err := p.migrate(); err != nil {
		return err
	}

	p.commands = command.NewRegistry()
	if err := p.client.SlashCommand.Register(p.commands.Definition()); err != nil {
		return fmt.Errorf("registering /%s: %w", command.Trigger, err)
	}

	p.router = api.New(manifest.Version, p, webhooks{})
	return nil
}

// migrate runs the schema migrations once across the cluster.
func (p *Plugin) migrate() error {
	mutex, err := cluster.NewMutex(p.API, "frontdesk-migrations")
	if err != nil {
		return fmt.Errorf("creating the migration mutex: %w", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := mutex.LockWithContext(ctx); err != nil {
		return fmt.Errorf("waiting for the migration mutex: %w", err)
	}
	defer mutex.Unlock()
	applied, err := p.store.Migrate(ctx)
	if err != nil {
		return fmt.Errorf("migrating the Frontdesk tables: %w", err)
	}
	if len(applied) > 0 {
		p.client.Log.Info("Frontdesk migrations applied", "count", len(applied), "last", applied[len(applied)-1])
	}
	return nil
}

// ServeHTTP serves /plugins/frontdesk/...
func (p *Plugin) ServeHTTP(_ *plugin.Context, w http.ResponseWriter, r *http.Request) {
	p.router.ServeHTTP(w, r)
}

// Status answers GET /api/v1/status.
func (p *Plugin) Status(r *http.Request, userID string) (api.Status, error) {
	user, err := p.client.User.Get(userID)
	if err != nil {
		return api.Status{}, fmt.Errorf("loading user: %w", err)
	}
	n, err := p.store.CountConnections(r.Context())
	if err != nil {
		return api.Status{}, err
	}
	return api.Status{
		Version:     manifest.Version,
		UserID:      user.Id,
		Username:    user.Username,
		Connections: n,
		CanUseChats: true,
	}, nil
}

// webhooks answers provider deliveries. No connection can exist until channels are connected, so
// every delivery is for an unknown connection.
type webhooks struct{}

func (webhooks) ServeWebhook(w http.ResponseWriter, _ *http.Request, _ string) {
	api.WriteError(w, api.ErrNotFound)
}
