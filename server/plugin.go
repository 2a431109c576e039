package main

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/mattermost/mattermost/server/public/plugin"
	"github.com/mattermost/mattermost/server/public/pluginapi"
	"github.com/mattermost/mattermost/server/public/pluginapi/cluster"

	"github.com/frontdesk-chat/frontdesk/server/access"
	"github.com/frontdesk-chat/frontdesk/server/alert"
	"github.com/frontdesk-chat/frontdesk/server/api"
	"github.com/frontdesk-chat/frontdesk/server/audit"
	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/channel/instagram"
	"github.com/frontdesk-chat/frontdesk/server/channel/messenger"
	"github.com/frontdesk-chat/frontdesk/server/channel/sms"
	"github.com/frontdesk-chat/frontdesk/server/channel/telegram"
	"github.com/frontdesk-chat/frontdesk/server/channel/whatsapp"
	"github.com/frontdesk-chat/frontdesk/server/clients"
	"github.com/frontdesk-chat/frontdesk/server/command"
	"github.com/frontdesk-chat/frontdesk/server/connection"
	"github.com/frontdesk-chat/frontdesk/server/conversation"
	"github.com/frontdesk-chat/frontdesk/server/inbox"
	"github.com/frontdesk-chat/frontdesk/server/locale"
	"github.com/frontdesk-chat/frontdesk/server/mattermost"
	"github.com/frontdesk-chat/frontdesk/server/quickreply"
	"github.com/frontdesk-chat/frontdesk/server/relay"
	"github.com/frontdesk-chat/frontdesk/server/retention"
	"github.com/frontdesk-chat/frontdesk/server/secret"
	"github.com/frontdesk-chat/frontdesk/server/store"
	"github.com/frontdesk-chat/frontdesk/server/thread"
)

// specs are the providers this build supports.
var specs = []channel.Spec{whatsapp.Spec, messenger.Spec, instagram.Spec, telegram.Spec, sms.Spec}

// Plugin wires Frontdesk's parts together; each hook delegates in a few lines.
type Plugin struct {
	plugin.MattermostPlugin

	configurationLock sync.RWMutex
	configuration     *configuration

	client      *pluginapi.Client
	botID       string
	store       *store.Store
	connections *connection.Service
	relay       *relay.Relay
	inbox       *inbox.Inbox
	clients     *clients.Service
	// audit is read by OnConfigurationChange, which Mattermost may call beside OnActivate.
	audit     atomic.Pointer[audit.Trail]
	helpdesks helpdesks
	router    http.Handler
	commands  *command.Registry
	dueJob    *cluster.Job
	healthJob *cluster.Job
	sweepJob  *cluster.Job
	// stopChecks ends the health check running since activation.
	stopChecks context.CancelFunc
	// stopPruner ends the retention batches.
	stopPruner func()
	// staff: quick replies, the server's texts in the reader's language, the seam to Mattermost.
	quickReplies *quickreply.Service
	texts        *locale.Locale
	mm           *mattermost.Server
	// ownDB is Frontdesk's own pool to the database (database.go), closed at deactivation; nil when
	// the store goes through the plugin API.
	ownDB *sql.DB
}

const botUsername = "frontdesk"

// dueInterval is how often the cluster-wide job picks up work a crash, restart or outage left.
const dueInterval = 5 * time.Second

// pruneInterval is how often retention prunes the chats that got new posts, in one batch each.
const pruneInterval = 2 * time.Second

// sweepInterval is how often the cluster-wide sweep looks for replies the post hook never saw
// (also once at activation).
const sweepInterval = 5 * time.Minute

// healthInterval is how often every connection's health check runs (also once at activation).
const healthInterval = time.Hour

// OnActivate ensures the bot, migrates the schema under a cluster mutex, registers the command,
// starts the core with its retry job and builds the HTTP router.
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

	db, own, err := p.openDatabase()
	if err != nil {
		return err
	}
	if own {
		p.ownDB = db
	}
	p.store = store.New(db)
	if err := p.migrate(); err != nil {
		return err
	}

	p.wire()

	p.commands = newCommands()
	if err := p.client.SlashCommand.Register(p.commands.Definition()); err != nil {
		return fmt.Errorf("registering /%s: %w", command.Trigger, err)
	}

	p.dueJob, err = cluster.Schedule(p.API, "frontdesk-due-work", cluster.MakeWaitForInterval(dueInterval), func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		p.relay.RunDue(ctx)
	})
	if err != nil {
		return fmt.Errorf("scheduling the retry job: %w", err)
	}
	// One server of the cluster runs the hourly check (the job's first run is at once); the check
	// at activation runs here too, in the background: incidents in the database keep their alerts
	// to one each, whichever server finds them.
	p.healthJob, err = cluster.Schedule(p.API, "frontdesk-health-check", cluster.MakeWaitForInterval(healthInterval), p.checkConnections)
	if err != nil {
		return fmt.Errorf("scheduling the health check: %w", err)
	}
	// The sweep runs at activation on this server (replies posted while Frontdesk was stopped), and
	// periodically on one server of the cluster.
	p.sweepJob, err = cluster.Schedule(p.API, "frontdesk-sweep", cluster.MakeWaitForInterval(sweepInterval), p.sweep)
	if err != nil {
		return fmt.Errorf("scheduling the sweep: %w", err)
	}
	go p.sweep()
	checkCtx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	p.stopChecks = cancel
	go func() {
		defer cancel()
		p.connections.CheckAll(checkCtx)
	}()
	go p.followAllChats()

	return nil
}

// checkConnections runs every connection's health check.
func (p *Plugin) checkConnections() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	p.connections.CheckAll(ctx)
}

// sweep queues the replies in chat threads that the post hook never saw.
func (p *Plugin) sweep() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	p.relay.Sweep(ctx)
}

// wire builds the core's parts, each on the small interfaces it declares.
func (p *Plugin) wire() {
	mm := mattermost.New(p.client, p.botID, func() access.Settings { return p.getConfiguration().access() })
	log := &p.client.Log
	p.mm = mm
	p.texts = p.loadTexts(mm)
	trail := audit.New(p.store, mm, log)
	alerts := alert.New(p.store, mm, log, p.botID, func(c *conversation.Connection) string { return p.connections.ReconnectURL(c) })
	p.connections = connection.New(connection.Deps{
		Store: p.store, MM: mm, Sealer: p.sealer, Log: log, Specs: specs, PluginID: manifest.Id, Audit: trail, Alerts: alerts,
	})
	p.connections.SetTexts(p.texts)
	th := thread.New(p.store, mm, p.connections, log, p.botID)
	alerts.RefreshCardsWith(th.RefreshConnection)
	alerts.SetTexts(p.texts)
	th.SetTexts(p.texts)
	th.OnOpen(p.followChatThreads)
	pruner := &retention.Pruner{Store: p.store, MM: mm, Header: th, Keep: func() int { return p.getConfiguration().retention() }, Log: log}
	p.stopPruner = pruner.Start(pruneInterval)
	p.relay = relay.New(relay.Deps{
		Store: p.store, MM: mm, Connections: p.connections, Thread: th, Pruner: pruner,
		Settings: func() relay.Settings { return relay.Settings{MaxMessageLength: p.getConfiguration().MaxMessageLength} },
		MediaKey: p.mediaKey, Log: log, BotID: p.botID,
	})
	p.relay.SetTexts(p.texts)
	p.connections.OnReconnected(p.relay.RetryNow)
	p.connections.OnChannelsChanged(p.relay.ForgetChatChannels)
	p.inbox = inbox.New(inbox.Deps{
		Store: p.store, MM: mm, Connections: p.connections, Thread: th, Relay: p.relay, Log: log, BotID: p.botID, Audit: trail,
		Texts: p.texts,
	})
	p.quickReplies = quickreply.New(p.store, mm, func() int { return p.getConfiguration().MaxMessageLength })
	p.clients = clients.New(clients.Deps{
		Store: p.store, MM: mm, Chats: p.inbox, Connections: p.connections, Helpdesk: p.helpdesk, Log: log, BotID: p.botID, Audit: trail,
		Texts: p.texts,
	})
	p.relay.OnNewChat(p.clients.AutoLink)
	p.router = api.New(api.Deps{
		Version: manifest.Version, Connections: p.connections, Relay: p.relay, Inbox: p.inbox, Clients: p.clients,
		Status: p.status, Me: p.me, Audit: trail, Log: log, Panics: p.relay.Panics,
		QuickReply: p.quickReplies, Users: mm,
		Texts: p.texts, Refusal: p.localizeRefusal,
	})
	p.audit.Store(trail)
}

// OnDeactivate stops the job and the worker; queued work stays in the database.
func (p *Plugin) OnDeactivate() error {
	if p.dueJob != nil {
		_ = p.dueJob.Close()
	}
	if p.healthJob != nil {
		_ = p.healthJob.Close()
	}
	if p.sweepJob != nil {
		_ = p.sweepJob.Close()
	}
	if p.stopChecks != nil {
		p.stopChecks()
	}
	if p.relay != nil {
		p.relay.Close()
	}
	if p.stopPruner != nil {
		p.stopPruner()
	}
	if p.ownDB != nil {
		_ = p.ownDB.Close()
		p.ownDB = nil
	}
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

func (p *Plugin) sealer() (connection.Sealer, error) {
	return secret.NewBox(p.getConfiguration().EncryptionKey)
}

// mediaKey signs attachment links with a key derived from the encryption key, never the key itself.
func (p *Plugin) mediaKey() ([]byte, error) {
	box, err := secret.NewBox(p.getConfiguration().EncryptionKey)
	if err != nil {
		return nil, err
	}
	return box.DeriveKey("frontdesk-media-links"), nil
}

// ServeHTTP serves /plugins/frontdesk/...
func (p *Plugin) ServeHTTP(_ *plugin.Context, w http.ResponseWriter, r *http.Request) {
	p.router.ServeHTTP(w, r)
}

// status answers GET /api/v1/status.
func (p *Plugin) status(r *http.Request, userID string) (api.Status, error) {
	user, err := p.client.User.Get(userID)
	if err != nil {
		return api.Status{}, fmt.Errorf("loading user: %w", err)
	}
	conns, err := p.connections.List(r.Context(), userID)
	if err != nil {
		return api.Status{}, err
	}
	return api.Status{
		Version:     manifest.Version,
		UserID:      user.Id,
		Username:    user.Username,
		Connections: len(conns),
		CanUseChats: p.mayUseChats(conns, userID),
	}, nil
}

// me answers GET /api/v1/me: what the web app shows the user.
func (p *Plugin) me(r *http.Request, userID string) (api.Me, error) {
	conns, err := p.connections.List(r.Context(), userID)
	if err != nil {
		return api.Me{}, err
	}
	return api.Me{MayUseChats: p.mayUseChats(conns, userID), IsAdmin: p.connections.IsAdmin(userID),
		MaxLength: p.getConfiguration().MaxMessageLength}, nil
}

// mayUseChats: admins always; others when they may use the chats of some connected channel (List
// keeps only those, through the access policy: F2 in docs/features.md).
func (p *Plugin) mayUseChats(visible []*conversation.Connection, userID string) bool {
	return p.connections.IsAdmin(userID) || len(visible) > 0
}
