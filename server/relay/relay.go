// Package relay moves messages both ways: webhooks in (claimed durably before 200, then posted in
// their thread in provider order), agents' replies out (checked before they are posted, queued in
// an outbox unique on the post, sent and retried), delivery statuses, customers' edits, deletes,
// reactions and opt-outs. Its worker processes one conversation at a time under the
// conversation's cluster-wide lock; every path ends in a named conversation.Outcome.
package relay

import (
	"context"
	"fmt"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/conversation"
	"github.com/frontdesk-chat/frontdesk/server/locale"
)

// Store is the persistence the relay needs.
type Store interface {
	EnsureConversation(ctx context.Context, c *conversation.Conversation) (*conversation.Conversation, error)
	GetConversation(ctx context.Context, id string) (*conversation.Conversation, error)
	GetConversationByRoot(ctx context.Context, rootPostID string) (*conversation.Conversation, error)
	RetiredThread(ctx context.Context, rootPostID string) (string, error)
	// ChatOfThread is the chat of a current (retired false) or former thread root.
	ChatOfThread(ctx context.Context, rootPostID string) (conv *conversation.Conversation, retired bool, err error)
	ConversationByCustomer(ctx context.Context, connectionID string, customer channel.CustomerID) (*conversation.Conversation, error)
	SetOptedOut(ctx context.Context, id string, at int64) (bool, error)
	SetStatus(ctx context.Context, id string, status conversation.Status, by string, at int64) (bool, error)
	RecordMessage(ctx context.Context, id string, fromCustomer bool, at int64) error
	WithConversationLock(ctx context.Context, conversationID string, fn func(context.Context) error) error
	TryConversationLock(ctx context.Context, conversationID string, fn func(context.Context) error) (bool, error)

	InsertMessage(ctx context.Context, m *conversation.Message) (bool, error)
	ClaimMessage(ctx context.Context, m *conversation.Message) (bool, error)
	// Work is what a pass does: the claimed messages due to be posted and the unsent replies.
	Work(ctx context.Context, conversationID string, now int64) (pending, outbox []*conversation.Message, err error)
	DropEchoClaim(ctx context.Context, connectionID string, id channel.MessageID) error
	// NoteAttempts counts an attempt on each message, before they are posted.
	NoteAttempts(ctx context.Context, ids []string) error
	// MarkPosted records the posts of messages in one write (ErrNotFound: one is not there).
	MarkPosted(ctx context.Context, posted ...conversation.Posted) error
	MarkApplied(ctx context.Context, id string) error
	RetryOutboxNow(ctx context.Context, connectionID string) ([]string, error)
	DueConversations(ctx context.Context, now int64, limit int) ([]string, error)
	UpdateDelivery(ctx context.Context, m *conversation.Message) error
	MessageByProviderID(ctx context.Context, connectionID string, id channel.MessageID) (*conversation.Message, error)
	MessageByPost(ctx context.Context, postID string) (*conversation.Message, error)
	MessageByID(ctx context.Context, id string) (*conversation.Message, error)
	SentUpTo(ctx context.Context, conversationID string, watermark int64, behind string) ([]*conversation.Message, error)

	ListConnections(ctx context.Context) ([]*conversation.Connection, error)
	// ChatChannels lists every channel a connection was ever mapped to.
	ChatChannels(ctx context.Context) ([]string, error)
	UnqueuedPosts(ctx context.Context, postIDs []string) ([]string, error)
	SweptTo(ctx context.Context, name string) (int64, error)
	SetSweptTo(ctx context.Context, name string, at int64) error
	EventApplied(ctx context.Context, connectionID, eventID string) (bool, error)
	RecordAppliedEvent(ctx context.Context, connectionID, eventID string, at int64) error
	DropAppliedEvents(ctx context.Context, before int64) error

	KeepEarlyStatus(ctx context.Context, st conversation.EarlyStatus) error
	TakeEarlyStatuses(ctx context.Context, connectionID string, id channel.MessageID) ([]conversation.EarlyStatus, error)
	DropEarlyStatuses(ctx context.Context, before int64) error
}

// Mattermost is what the relay needs of the server.
type Mattermost interface {
	CreatePost(post *model.Post) (*model.Post, error)
	UpdatePost(post *model.Post) error
	GetPost(id string) (*model.Post, error)
	// PostWithProp finds the live reply in a thread whose prop key has the value ("" when none).
	PostWithProp(rootID, key, value string) (string, error)
	// PostsSince lists a channel's posts changed after since (Unix ms), deleted ones included.
	PostsSince(channelID string, since int64) ([]*model.Post, error)
	// AddReaction and RemoveReaction react as the bot (a customer's reaction on a post).
	AddReaction(postID, emojiName string) error
	RemoveReaction(postID, emojiName string) error
	UploadFile(data []byte, channelID, name string) (fileID string, err error)
	GetFile(fileID string) (*conversation.File, error)
	SendEphemeral(userID, channelID, rootID, message string)
	// MayUseChats reports whether a user may use the chats of a channel (F2): the access policy.
	MayUseChats(channelID, userID string) bool
	// IsBot says whether a user is a bot account: a bot's post is nobody's reply to a customer.
	IsBot(userID string) bool
	// Updating reports whether Frontdesk itself is updating the post right now (its own update
	// runs through the edit hook too).
	Updating(postID string) bool
	SiteURL() string
	// Clustered reports whether the server runs in a cluster, whose other servers' post hooks this
	// plugin process does not see.
	Clustered() bool
}

// Connections load connections and their adapters and record lost sync.
type Connections interface {
	Get(ctx context.Context, id string) (*conversation.Connection, error)
	Adapter(c *conversation.Connection) (channel.Adapter, error)
	MarkSync(ctx context.Context, c *conversation.Connection, err error)
	RememberAccount(ctx context.Context, c *conversation.Connection, a channel.Account)
	RefreshCredentials(ctx context.Context)
	WebhookURL(connectionID string) string
	// ReconnectAdvice says what a user can do about lost sync: the System Console link for admins.
	ReconnectAdvice(userID string, c *conversation.Connection) string
}

// Thread shows chats in Mattermost.
type Thread interface {
	// Ensure gives a chat a thread in its connection's current channel (a new one when the old
	// root is gone or elsewhere) and reports whether it opened one.
	Ensure(ctx context.Context, c *conversation.Connection, conv *conversation.Conversation) (bool, error)
	// Permalink links to a post whatever its team.
	Permalink(postID string) string
	Refresh(ctx context.Context, conversationID string)
	Announce(ctx context.Context, c *conversation.Connection, conversationID string)
	Changed(c *conversation.Connection, conversationID string)
	ShowDelivery(c *conversation.Connection, m *conversation.Message)
}

// Pruner applies retention after new posts.
type Pruner interface {
	Prune(ctx context.Context, conversationID string)
}

// Settings are the admin's choices the relay applies.
type Settings struct {
	MaxMessageLength int
}

// Deps gathers what New needs.
type Deps struct {
	Store       Store
	MM          Mattermost
	Connections Connections
	Thread      Thread
	Pruner      Pruner
	Settings    func() Settings
	// MediaKey is the key that signs attachment links (derived from the plugin's encryption key).
	MediaKey func() ([]byte, error)
	Log      conversation.Logger
	BotID    string
	// Workers process different conversations at once (default 12; negative: none, for tests that
	// run the work themselves with Process).
	Workers int
	// Now is the clock (tests move it); nil means time.Now.
	Now func() time.Time
}

// Relay is safe for concurrent use.
type Relay struct {
	store    Store
	mm       Mattermost
	conns    Connections
	thread   Thread
	pruner   Pruner
	settings func() Settings
	mediaKey func() ([]byte, error)
	log      conversation.Logger
	botID    string
	now      func() time.Time
	texts    *locale.Locale

	chatChannels chatChannels
	onTheirWay   onTheirWay

	// work wakes a worker for one conversation; the periodic job is the safety net. queued holds
	// the conversations waiting in work, so a burst of messages for one customer wakes one worker
	// once, not once a message (which would park every worker on that conversation's lock).
	work   chan string
	queued sync.Map
	// running holds the conversations a pass is processing in this process, with whether another
	// pass was asked for meanwhile: a worker never waits for another worker's conversation, the
	// running pass goes round once more instead.
	runningMu sync.Mutex
	running   map[string]bool
	// stopping ends when the relay closes: the workers stop taking work, and a running pass stops
	// between two messages, so deactivating the plugin waits for one post, not a chat's backlog.
	stopping context.Context
	stopAll  context.CancelFunc
	done     sync.WaitGroup
	panics   atomic.Int64

	newChatMu sync.Mutex
	newChat   func(ctx context.Context, conv *conversation.Conversation, c *conversation.Connection)
}

// OnNewChat sets what runs after a new chat's thread opened (linking it to its client). It runs in
// the background, after the conversation's lock is released: never on a webhook's path, never
// holding up the next message.
func (r *Relay) OnNewChat(fn func(ctx context.Context, conv *conversation.Conversation, c *conversation.Connection)) {
	r.newChatMu.Lock()
	r.newChat = fn
	r.newChatMu.Unlock()
}

func (r *Relay) chatOpened(conv *conversation.Conversation, c *conversation.Connection) {
	r.newChatMu.Lock()
	fn := r.newChat
	r.newChatMu.Unlock()
	if fn == nil {
		return
	}
	r.done.Add(1)
	go func() {
		defer r.done.Done()
		defer r.recoverPanic("new chat", "conversation_id", conv.ID)
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		fn(ctx, conv, c)
	}()
}

// New builds the relay and starts its workers; Close stops them.
// SetTexts gives the relay its texts (ephemerals in the reader's language, posts everyone reads in
// the site's); without them it speaks English. Called once, before the relay is used.
func (r *Relay) SetTexts(l *locale.Locale) { r.texts = l }

func New(d Deps) *Relay {
	r := &Relay{
		store: d.Store, mm: d.MM, conns: d.Connections, thread: d.Thread, pruner: d.Pruner,
		settings: d.Settings, mediaKey: d.MediaKey, log: conversation.Scrubbed(d.Log), botID: d.BotID,
		now:     d.Now,
		work:    make(chan string, 1024),
		running: map[string]bool{},
	}
	if r.now == nil {
		r.now = time.Now
	}
	r.stopping, r.stopAll = context.WithCancel(context.Background())
	workers := d.Workers
	if workers == 0 {
		// Different conversations at once, so one slow provider does not hold up the others; the
		// conversation lock keeps each conversation in order. A worker never waits for another's
		// conversation, so more workers than cores pay off: most of a pass waits on Mattermost and
		// the database.
		workers = 12
	}
	for range workers {
		r.done.Add(1)
		go r.worker()
	}
	return r
}

// Close stops the workers; queued work stays in the database for the next start.
func (r *Relay) Close() {
	r.stopAll()
	r.done.Wait()
}

// Panics counts the panics recovered in the relay's workers since start.
func (r *Relay) Panics() int64 { return r.panics.Load() }

func (r *Relay) worker() {
	defer r.done.Done()
	for {
		select {
		case <-r.stopping.Done():
			return
		case id := <-r.work:
			r.queued.Delete(id) // a kick from now on queues another pass
			ctx, cancel := context.WithTimeout(r.stopping, 2*time.Minute)
			r.Process(ctx, id)
			cancel()
		}
	}
}

// Kick asks a worker to process a conversation soon; if the queue is full the periodic job will.
func (r *Relay) Kick(conversationID string) {
	if _, already := r.queued.LoadOrStore(conversationID, true); already {
		return
	}
	select {
	case r.work <- conversationID:
	default:
		r.queued.Delete(conversationID)
	}
}

// Queued is how many worker passes wait to start.
func (r *Relay) Queued() int { return len(r.work) }

// RunDue processes every conversation with due work: the periodic, cluster-wide safety net that
// finishes what a crash, a restart or a provider outage left behind.
func (r *Relay) RunDue(ctx context.Context) {
	if err := r.store.DropEarlyStatuses(ctx, conversation.Millis(r.now().Add(-24*time.Hour))); err != nil {
		r.log.Warn("Frontdesk: dropping old early statuses", "err", err.Error())
	}
	if err := r.store.DropAppliedEvents(ctx, conversation.Millis(r.now().Add(-appliedEventsKept))); err != nil {
		r.log.Warn("Frontdesk: dropping old applied events", "err", err.Error())
	}
	r.conns.RefreshCredentials(ctx)
	ids, err := r.store.DueConversations(ctx, conversation.Millis(r.now()), 200)
	if err != nil {
		r.log.Error("Frontdesk: listing due conversations", "err", err.Error())
		return
	}
	for _, id := range ids {
		r.Process(ctx, id)
	}
}

// Process posts a conversation's pending inbound messages, then sends its outbox, in order, under
// the conversation's cluster-wide lock. The conversation and its connection are loaded once for
// the whole pass. A conversation another worker of this process is processing is not waited for:
// that worker makes one more pass when it is done. One whose lock another holder has (another
// server, or a chat being started) is tried again shortly, and by the periodic job. A panic (a provider's adapter gone wrong) is recovered, logged and
// counted: the other conversations carry on, and this one is tried again by the periodic job.
func (r *Relay) Process(ctx context.Context, conversationID string) {
	r.runningMu.Lock()
	if _, busy := r.running[conversationID]; busy {
		r.running[conversationID] = true
		r.runningMu.Unlock()
		conversation.LogOutcome(r.log, conversation.OutcomeBusy, "conversation_id", conversationID)
		return
	}
	r.running[conversationID] = false
	r.runningMu.Unlock()
	for {
		r.pass(ctx, conversationID)
		r.runningMu.Lock()
		again := r.running[conversationID] && ctx.Err() == nil
		if !again {
			delete(r.running, conversationID)
		} else {
			r.running[conversationID] = false
		}
		r.runningMu.Unlock()
		if !again {
			return
		}
	}
}

// busyRetry is how soon a conversation whose lock another holder had is tried again.
const busyRetry = time.Second

// pass is one round of Process under the conversation's lock, given up at once when another
// holder has it.
func (r *Relay) pass(ctx context.Context, conversationID string) {
	defer r.recoverPanic("process", "conversation_id", conversationID)
	got, err := r.store.TryConversationLock(ctx, conversationID, func(ctx context.Context) error {
		conv, err := r.store.GetConversation(ctx, conversationID)
		if err != nil {
			return err
		}
		c, err := r.conns.Get(ctx, conv.ConnectionID)
		if err != nil {
			return err
		}
		stamp := r.onTheirWay.stamp() // before the queue is read: what is queued after holds it back
		pending, outbox, err := r.store.Work(ctx, conv.ID, conversation.Millis(r.now()))
		if err != nil {
			return err
		}
		posted, err := r.postPending(ctx, c, conv, pending)
		if err != nil {
			return err
		}
		sent, err := r.sendOutbox(ctx, c, conv, outbox, stamp)
		if err != nil {
			return err
		}
		if posted || sent {
			r.thread.Changed(c, conv.ID)
			// Retention runs in batches off this path (its cost would grow with the thread).
			r.pruner.Prune(ctx, conv.ID)
		}
		return nil
	})
	if err != nil {
		r.log.Warn("Frontdesk: processing conversation", "conversation_id", conversationID, "err", err.Error())
		return
	}
	if !got {
		conversation.LogOutcome(r.log, conversation.OutcomeBusy, "conversation_id", conversationID)
		r.kickAfter(conversationID, busyRetry)
	}
}

// kickAfter kicks a conversation again after d, unless the relay stops first.
func (r *Relay) kickAfter(conversationID string, d time.Duration) {
	r.done.Add(1)
	go func() {
		defer r.done.Done()
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-r.stopping.Done():
		case <-t.C:
			r.Kick(conversationID)
		}
	}()
}

// recoverPanic turns a panic into a log entry, an outcome and a count. Deferred only.
func (r *Relay) recoverPanic(where string, kv ...any) {
	v := recover()
	if v == nil {
		return
	}
	r.panics.Add(1)
	r.log.Error("Frontdesk: recovered from a panic", append([]any{"where", where, "err", fmt.Sprint(v), "stack", string(debug.Stack())}, kv...)...)
	conversation.LogOutcome(r.log, conversation.OutcomePanic, kv...)
}
