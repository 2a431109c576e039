// Package connection manages provider accounts connected to Mattermost channels: creating,
// changing and deleting them (admins only), sealing their credentials, building and caching their
// adapters, renewing expiring credentials and recording lost sync (F15 in docs/features.md).
package connection

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/audit"
	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/conversation"
	"github.com/frontdesk-chat/frontdesk/server/locale"
)

// Store is the persistence of connections.
type Store interface {
	CreateConnection(ctx context.Context, c *conversation.Connection) error
	UpdateConnection(ctx context.Context, c *conversation.Connection) error
	SetSyncLost(ctx context.Context, id string, at int64, reason string) error
	// SetAccount and SetCredentials write one thing each, so that work running beside an admin's
	// change (a delivery naming the account, a renewal) never writes back a stale copy of the row.
	SetAccount(ctx context.Context, id, accountID, accountName string) error
	SetCredentials(ctx context.Context, id string, sealed []byte, updateAt, expectedUpdateAt int64) (bool, error)
	GetConnection(ctx context.Context, id string) (*conversation.Connection, error)
	ListConnections(ctx context.Context) ([]*conversation.Connection, error)
	DeleteConnection(ctx context.Context, id string) error
	LastMessageAt(ctx context.Context, connectionID string) (int64, error)
}

// Mattermost is what connections need of the server: who may see and manage them, and where
// webhooks arrive.
type Mattermost interface {
	SiteURL() string
	IsSystemAdmin(userID string) bool
	// MayUseChats reports whether a user may use the chats of a channel (F2): the access policy.
	MayUseChats(channelID, userID string) bool
	// ChatAccess says why a user may not use a channel's chats: conversation.ErrNotFound to a
	// non-member, conversation.ErrMayNotUseChats to a member the policy does not allow.
	ChatAccess(channelID, userID string) error
	PublishToChannel(event string, payload map[string]any, channelID string)
	// Channel describes a channel; ErrNoChannel when the id names none.
	Channel(channelID string) (Place, error)
}

// ReasonUnreadable is the lost-sync reason of a connection whose stored credentials cannot be
// opened: the encryption key was regenerated or cleared since they were sealed.
const ReasonUnreadable = "credentials unreadable: reconnect with new credentials"

// ErrCredentialsUnreadable is the error of using such a connection (a webhook, a test): the API
// answers it 503, not 500, until an admin enters the credentials again.
var ErrCredentialsUnreadable = errors.New(ReasonUnreadable)

// Sealer encrypts credentials at rest.
type Sealer interface {
	Seal(plain []byte) ([]byte, error)
	Open(sealed []byte) ([]byte, error)
}

// Deps gathers what New needs.
type Deps struct {
	Store  Store
	MM     Mattermost
	Sealer func() (Sealer, error)
	Log    conversation.Logger
	Specs  []channel.Spec
	// PluginID names the plugin's System Console page, where admins reconnect.
	PluginID string
	// Audit records admins' changes.
	Audit audit.Recorder
	// Alerts tell the channel and the admins when a connection loses sync and when it is fixed.
	Alerts Alerts
}

// Alerts announce lost sync and its fix, once per incident.
type Alerts interface {
	Lost(ctx context.Context, c *conversation.Connection)
	Fixed(ctx context.Context, c *conversation.Connection)
}

// Service is safe for concurrent use.
type Service struct {
	store    Store
	mm       Mattermost
	sealer   func() (Sealer, error)
	log      conversation.Logger
	specs    map[channel.Kind]channel.Spec
	pluginID string
	now      func() time.Time
	audit    audit.Recorder
	alerts   Alerts
	texts    *locale.Locale

	adaptersMu sync.Mutex
	adapters   map[string]cachedAdapter

	refreshMu   sync.Mutex
	lastRefresh time.Time

	reconnectedMu   sync.Mutex
	reconnected     func(ctx context.Context, connectionID string)
	channelsChanged func()
}

type cachedAdapter struct {
	updateAt int64
	adapter  channel.Adapter
}

// New builds the service.
func New(d Deps) *Service {
	s := &Service{
		store:    d.Store,
		mm:       d.MM,
		sealer:   d.Sealer,
		log:      conversation.Scrubbed(d.Log),
		specs:    map[channel.Kind]channel.Spec{},
		pluginID: d.PluginID,
		audit:    d.Audit,
		alerts:   d.Alerts,
		now:      time.Now,
		adapters: map[string]cachedAdapter{},
	}
	for _, spec := range d.Specs {
		s.specs[spec.Kind] = spec
	}
	return s
}

// OnReconnected sets what happens after a connection's credentials or address changed: the relay
// sends the replies that waited for it at once.
func (s *Service) OnReconnected(fn func(ctx context.Context, connectionID string)) {
	s.reconnectedMu.Lock()
	s.reconnected = fn
	s.reconnectedMu.Unlock()
}

// OnChannelsChanged sets what happens after a connection was created or its channel changed: the
// relay reads the chat channels again.
func (s *Service) OnChannelsChanged(fn func()) {
	s.reconnectedMu.Lock()
	s.channelsChanged = fn
	s.reconnectedMu.Unlock()
}

func (s *Service) notifyChannelsChanged() {
	s.reconnectedMu.Lock()
	fn := s.channelsChanged
	s.reconnectedMu.Unlock()
	if fn != nil {
		fn()
	}
}

func (s *Service) notifyReconnected(ctx context.Context, id string) {
	s.reconnectedMu.Lock()
	fn := s.reconnected
	s.reconnectedMu.Unlock()
	if fn != nil {
		fn(ctx, id)
	}
}
