package conversation

import (
	"context"
	"sync"
	"time"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/server/channel"
)

// Mattermost is the seam to the Mattermost server the core needs (implemented over pluginapi).
type Mattermost interface {
	CreatePost(post *model.Post) (*model.Post, error)
	UpdatePost(post *model.Post) error
	GetPost(id string) (*model.Post, error)
	DeletePost(id string) error
	// AddReaction and RemoveReaction react as the bot (a customer's reaction on a post).
	AddReaction(postID, emojiName string) error
	RemoveReaction(postID, emojiName string) error
	UploadFile(data []byte, channelID, name string) (fileID string, err error)
	GetFile(fileID string) (*File, error)
	// PublishToChannel sends a websocket event to the members of a channel only.
	PublishToChannel(event string, payload map[string]any, channelID string)
	PublishToUser(event string, payload map[string]any, userID string)
	SendEphemeral(userID, channelID, rootID, message string)
	IsChannelMember(channelID, userID string) bool
	IsSystemAdmin(userID string) bool
	DisplayName(userID string) string
	SiteURL() string
}

// File is an attachment of an agent's post.
type File struct {
	Name     string
	MIMEType string
	Data     []byte
}

// Sealer encrypts credentials at rest and derives keys for other purposes.
type Sealer interface {
	Seal(plain []byte) ([]byte, error)
	Open(sealed []byte) ([]byte, error)
	DeriveKey(purpose string) []byte
}

// Logger logs with fixed keys; never message text, phone numbers or tokens.
type Logger interface {
	Info(msg string, keyValuePairs ...any)
	Warn(msg string, keyValuePairs ...any)
	Error(msg string, keyValuePairs ...any)
}

// Settings are the admin's choices the core applies.
type Settings struct {
	Retention        int // messages kept per conversation; 0 keeps all
	MaxMessageLength int
}

// Service is the core. Its methods are safe for concurrent use.
type Service struct {
	store    Store
	mm       Mattermost
	sealer   func() (Sealer, error)
	settings func() Settings
	log      Logger
	botID    string
	specs    map[channel.Kind]channel.Spec
	now      func() time.Time

	adaptersMu sync.Mutex
	adapters   map[string]cachedAdapter

	refreshMu   sync.Mutex
	lastRefresh time.Time

	// work wakes the background worker for one conversation; the periodic job is the safety net.
	work chan string
	stop chan struct{}
	done sync.WaitGroup
}

type cachedAdapter struct {
	updateAt int64
	adapter  channel.Adapter
}

// Deps gathers what New needs.
type Deps struct {
	Store    Store
	MM       Mattermost
	Sealer   func() (Sealer, error)
	Settings func() Settings
	Log      Logger
	BotID    string
	Specs    []channel.Spec
}

// New builds the core and starts its worker; Close stops it.
func New(d Deps) *Service {
	s := &Service{
		store:    d.Store,
		mm:       d.MM,
		sealer:   d.Sealer,
		settings: d.Settings,
		log:      scrubbedLogger{d.Log},
		botID:    d.BotID,
		specs:    map[channel.Kind]channel.Spec{},
		now:      time.Now,
		adapters: map[string]cachedAdapter{},
		work:     make(chan string, 1024),
		stop:     make(chan struct{}),
	}
	for _, spec := range d.Specs {
		s.specs[spec.Kind] = spec
	}
	for i := 0; i < workers; i++ {
		s.done.Add(1)
		go s.worker()
	}
	return s
}

// workers process different conversations at once, so one slow provider does not hold up the
// others; the conversation lock keeps each conversation in order.
const workers = 4

// Close stops the worker; queued work stays in the database for the next start.
func (s *Service) Close() {
	close(s.stop)
	s.done.Wait()
}

// worker processes conversations as they are kicked; the conversation lock keeps workers and nodes
// from racing each other on one conversation.
func (s *Service) worker() {
	defer s.done.Done()
	for {
		select {
		case <-s.stop:
			return
		case id := <-s.work:
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			s.Process(ctx, id)
			cancel()
		}
	}
}

// kick asks the worker to process a conversation soon; if the queue is full the periodic job will.
func (s *Service) kick(conversationID string) {
	select {
	case s.work <- conversationID:
	default:
	}
}

// RunDue processes every conversation with due work: the periodic, cluster-wide safety net that
// finishes what a crash, a restart or a provider outage left behind.
func (s *Service) RunDue(ctx context.Context) {
	if err := s.store.DropEarlyStatuses(ctx, Millis(s.now().Add(-24*time.Hour))); err != nil {
		s.log.Warn("Frontdesk: dropping old early statuses", "err", err.Error())
	}
	s.refreshCredentials(ctx)
	ids, err := s.store.DueConversations(ctx, Millis(s.now()), 200)
	if err != nil {
		s.log.Error("Frontdesk: listing due conversations", "err", err.Error())
		return
	}
	for _, id := range ids {
		s.Process(ctx, id)
	}
}

// Process posts a conversation's pending inbound messages, then sends its outbox, in order, under the
// conversation's cluster-wide lock.
func (s *Service) Process(ctx context.Context, conversationID string) {
	err := s.store.WithConversationLock(ctx, conversationID, func(ctx context.Context) error {
		if err := s.postPending(ctx, conversationID); err != nil {
			return err
		}
		return s.sendOutbox(ctx, conversationID)
	})
	if err != nil {
		s.log.Warn("Frontdesk: processing conversation", "conversation_id", conversationID, "err", err.Error())
	}
}
