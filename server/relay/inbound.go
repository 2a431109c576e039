package relay

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/conversation"
	"github.com/frontdesk-chat/frontdesk/server/locale"
	"github.com/frontdesk-chat/frontdesk/server/thread"
)

// WebhookAnswer is what the HTTP layer sends back to the provider, with the outcome of each event
// the delivery held (for logs and tests; never sent).
type WebhookAnswer struct {
	Status      int
	ContentType string
	Body        string
	Outcomes    []conversation.Outcome
}

// echoGrace is how long an echo of unknown origin waits before it is mirrored into the thread.
const echoGrace = 10 * time.Second

// ownEchoPrefix marks the metadata Frontdesk attaches to its sends, to recognise their echoes.
const ownEchoPrefix = "frontdesk:"

// HandleWebhook authenticates and parses one delivery to connection c (as loaded for this
// delivery), then durably claims every message in it. It answers 200 only when every claim is
// stored: a failure makes the provider retry, and the unique claim makes the retry harmless.
// Posting happens after, driven by the stored claims.
func (r *Relay) HandleWebhook(ctx context.Context, c *conversation.Connection, req channel.WebhookRequest) (WebhookAnswer, error) {
	a, err := r.conns.Adapter(c)
	if err != nil {
		return WebhookAnswer{}, err
	}
	if req.Method == http.MethodGet {
		v, ok := a.(channel.Verifier)
		if !ok {
			return WebhookAnswer{Status: http.StatusMethodNotAllowed, ContentType: "text/plain", Body: "use POST"}, nil
		}
		challenge, err := v.VerifyChallenge(req.Query)
		if err != nil {
			return WebhookAnswer{}, err
		}
		return WebhookAnswer{Status: http.StatusOK, ContentType: "text/plain", Body: challenge}, nil
	}
	if err := a.Authenticate(req); err != nil {
		return WebhookAnswer{}, err
	}
	events, err := a.Parse(req)
	if err != nil {
		return WebhookAnswer{}, err
	}
	answer := ack(a)
	touched := map[string]bool{}
	for i := range events {
		events[i].Clean() // one poisoned text must not fail the claim of the whole delivery
	}
	events, elsewhere, unknown, err := r.routeAccounts(ctx, c, a, req, events)
	if err != nil {
		return WebhookAnswer{}, err
	}
	routedOutcomes, routedTouched, err := r.receiveElsewhere(ctx, c, elsewhere)
	if err != nil {
		return WebhookAnswer{}, err
	}
	answer.Outcomes = append(answer.Outcomes, routedOutcomes...)
	answer.Outcomes = append(answer.Outcomes, r.reportUnknown(c, unknown)...)
	for _, id := range routedTouched {
		touched[id] = true
	}
	for i := range events {
		conversationID, outcome, err := r.receive(ctx, c, &events[i])
		if err != nil {
			return WebhookAnswer{}, fmt.Errorf("storing event: %w", err)
		}
		conversation.LogOutcome(r.log, outcome, "connection_id", c.ID, "channel_kind", string(c.Kind), "conversation_id", conversationID)
		answer.Outcomes = append(answer.Outcomes, outcome)
		if outcome == conversation.OutcomeClaimed || outcome == conversation.OutcomeNativeEcho || outcome == conversation.OutcomeQueued {
			touched[conversationID] = true
		}
	}
	for id := range touched {
		r.Kick(id)
	}
	return answer, nil
}

// ack is the provider's expected success answer: its own where it has one, else a plain 200.
func ack(a channel.Adapter) WebhookAnswer {
	if ak, ok := a.(channel.Acknowledger); ok {
		contentType, body := ak.Acknowledge()
		return WebhookAnswer{Status: http.StatusOK, ContentType: contentType, Body: body}
	}
	return WebhookAnswer{Status: http.StatusOK, ContentType: "text/plain", Body: "ok"}
}

// receive stores one event and names what happened.
func (r *Relay) receive(ctx context.Context, c *conversation.Connection, ev *channel.Event) (string, conversation.Outcome, error) {
	switch ev.Type {
	case channel.EventMessage:
		return r.claim(ctx, c, ev, conversation.In)
	case channel.EventEcho:
		if strings.HasPrefix(ev.Metadata, ownEchoPrefix) {
			return "", conversation.OutcomeOwnEcho, nil
		}
		if _, err := r.store.MessageByProviderID(ctx, c.ID, ev.MessageID); err == nil {
			return "", conversation.OutcomeOwnEcho, nil
		}
		// Staff's messages from the provider's app are mirrored into chats the desk has. A message
		// to someone who never wrote (another app's broadcast to a whole list) opens no thread:
		// one per recipient would bury the customers' chats.
		if _, err := r.store.ConversationByCustomer(ctx, c.ID, ev.Customer.ID); errors.Is(err, conversation.ErrNotFound) {
			return "", conversation.OutcomeNoConversation, nil
		} else if err != nil {
			return "", "", err
		}
		id, outcome, err := r.claim(ctx, c, ev, conversation.Out)
		if outcome == conversation.OutcomeClaimed {
			outcome = conversation.OutcomeNativeEcho
		}
		return id, outcome, err
	case channel.EventStatus:
		o, err := r.applyStatus(ctx, c, ev)
		return "", o, err
	case channel.EventEdit, channel.EventDelete, channel.EventReaction:
		return r.receiveChange(ctx, c, ev)
	case channel.EventOptOut:
		return r.applyOptOut(ctx, c, ev)
	}
	return "", conversation.OutcomeIgnored, nil
}

// The most characters the store keeps of a customer's name, phone and username (the columns'
// sizes). Longer ones are cut rather than refused: one odd profile must not fail a delivery.
const (
	maxName     = 256
	maxPhone    = 64
	maxUsername = 128
)

func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// claim stores a message under the unique (connection, provider id) constraint.
func (r *Relay) claim(ctx context.Context, c *conversation.Connection, ev *channel.Event, dir conversation.Direction) (string, conversation.Outcome, error) {
	if ev.MessageID == "" {
		return "", conversation.OutcomeTargetUnknown, fmt.Errorf("%w: message without id", channel.ErrMalformed)
	}
	now := conversation.Millis(r.now())
	conv, err := r.store.EnsureConversation(ctx, &conversation.Conversation{
		ID:               model.NewId(),
		ConnectionID:     c.ID,
		CustomerID:       ev.Customer.ID,
		CustomerName:     clip(ev.Customer.Name, maxName),
		CustomerPhone:    clip(ev.Customer.Phone, maxPhone),
		CustomerUsername: clip(ev.Customer.Username, maxUsername),
		CreateAt:         now,
	})
	if err != nil {
		return "", "", err
	}
	at := conversation.Millis(ev.Timestamp)
	if ev.Timestamp.IsZero() {
		at = now
	}
	m := &conversation.Message{
		ID:                model.NewId(),
		ConversationID:    conv.ID,
		ConnectionID:      c.ID,
		Direction:         dir,
		ProviderMessageID: ev.MessageID,
		Event:             ev,
		State:             conversation.StatePending,
		ProviderAt:        at,
		CreateAt:          now,
	}
	if dir == conversation.Out {
		// An echo can overtake the send it echoes (Instagram carries no metadata to tell): wait a
		// little before mirroring it, so that the send can claim it as its own first.
		m.NextAttemptAt = conversation.Millis(r.now().Add(echoGrace))
	}
	// The window and the indicators follow what is stored, not what is posted yet: an agent who
	// answers the moment the thread appears is inside the window the customer's message opened.
	claimed, err := r.store.ClaimMessage(ctx, m)
	if err != nil {
		return "", "", err
	}
	if !claimed {
		return conv.ID, conversation.OutcomeDuplicate, nil
	}
	return conv.ID, conversation.OutcomeClaimed, nil
}

// receiveChange applies a customer's edit, delete or reaction at once when its message is posted,
// and otherwise queues it behind that message, so that it is applied in order and never lost.
func (r *Relay) receiveChange(ctx context.Context, c *conversation.Connection, ev *channel.Event) (string, conversation.Outcome, error) {
	if dup, err := r.replayed(ctx, c, ev); err != nil || dup {
		return "", conversation.OutcomeDuplicate, err
	}
	target, err := r.store.MessageByProviderID(ctx, c.ID, ev.TargetID)
	if errors.Is(err, conversation.ErrNotFound) {
		return "", conversation.OutcomeTargetUnknown, nil
	}
	if err != nil {
		return "", "", err
	}
	if target.PostID != "" {
		o, err := r.changePost(ctx, c, target, ev)
		if err == nil && o == conversation.OutcomeUpdated {
			r.markApplied(ctx, c, ev)
		}
		return target.ConversationID, o, err
	}
	at := conversation.Millis(ev.Timestamp)
	if ev.Timestamp.IsZero() || at < target.ProviderAt {
		at = target.ProviderAt // never ahead of the message it changes
	}
	queued, err := r.store.InsertMessage(ctx, &conversation.Message{ID: model.NewId(), ConversationID: target.ConversationID,
		ConnectionID: c.ID, Direction: conversation.In, ProviderMessageID: ev.MessageID, Event: ev, State: conversation.StatePending,
		ProviderAt: at, CreateAt: conversation.Millis(r.now())})
	if err != nil {
		return "", "", err
	}
	if !queued {
		return target.ConversationID, conversation.OutcomeDuplicate, nil
	}
	return target.ConversationID, conversation.OutcomeQueued, nil
}

// postPending posts a conversation's claimed messages in provider order, opening the thread first
// and reopening an archived chat when the customer writes (F16). It reports whether it posted.
func (r *Relay) postPending(ctx context.Context, c *conversation.Connection, conv *conversation.Conversation, pending []*conversation.Message) (bool, error) {
	if len(pending) == 0 {
		return false, nil
	}
	account := c.AccountName
	if pending[0].Event != nil {
		r.conns.RememberAccount(ctx, c, pending[0].Event.Account)
	}
	// The header card shows the status and the account: it is rewritten only when either changed,
	// never once a message (a thread's root post costs Mattermost a read of the whole thread).
	refresh := c.AccountName != account
	first := conv.RootPostID == ""
	if first {
		conv = r.lookUpProfile(ctx, c, conv)
	}
	if first {
		if _, err := r.thread.Ensure(ctx, c, conv); err != nil {
			return false, fmt.Errorf("opening the thread: %w", err)
		}
		defer r.chatOpened(conv, c)
	}
	done := &postedBatch{}
	for i, m := range pending {
		if ctx.Err() != nil {
			break // the relay is closing or the pass ran out of time: the rest waits for the next pass
		}
		if i%postBatch == 0 {
			// The next messages' attempts, counted in one write; the posts before them recorded.
			if err := r.markPosted(ctx, c, conv, done); err != nil {
				return false, err
			}
			if err := r.notePosting(ctx, pending[i:min(i+postBatch, len(pending))]); err != nil {
				return false, err
			}
		}
		if m.Event != nil && isChange(m.Event.Type) {
			// A change reads its message's post from the store: what this pass posted is recorded first.
			if err := r.markPosted(ctx, c, conv, done); err != nil {
				return false, err
			}
			// Queued behind its message, which is posted by now, or waits for another attempt:
			// then the change waits with it.
			if target, err := r.store.MessageByProviderID(ctx, c.ID, m.Event.TargetID); err == nil &&
				target.PostID == "" && target.State == conversation.StatePending {
				continue
			}
			o, err := r.applyChange(ctx, c, m.Event)
			if err != nil {
				return false, err
			}
			if err := r.store.MarkApplied(ctx, m.ID); err != nil {
				return false, err
			}
			conversation.LogOutcome(r.log, o, "connection_id", c.ID, "conversation_id", conv.ID)
			continue
		}
		if err := r.postOne(ctx, c, conv, m, done); err != nil {
			return false, errors.Join(err, r.markPosted(ctx, c, conv, done))
		}
	}
	if err := r.markPosted(ctx, c, conv, done); err != nil {
		return false, err
	}
	if conv.Status == conversation.Archived && hasCustomerMessage(pending) {
		if _, err := r.store.SetStatus(ctx, conv.ID, conversation.Active, "", 0); err != nil {
			return false, err
		}
		refresh = true
	}
	if refresh {
		r.thread.Refresh(ctx, conv.ID)
	}
	return true, nil
}

func hasCustomerMessage(ms []*conversation.Message) bool {
	for _, m := range ms {
		if m.Direction == conversation.In && (m.Event == nil || !isChange(m.Event.Type)) {
			return true
		}
	}
	return false
}

func isChange(t channel.EventType) bool {
	return t == channel.EventEdit || t == channel.EventDelete || t == channel.EventReaction
}

// postOne posts one claimed message as a reply by the bot, attachments uploaded as Mattermost
// files, and adds the post to done (recorded by markPosted). A message that cannot be posted yet
// (Mattermost failing, an attachment the provider could not hand over just now) waits with a
// backoff, without holding up the messages after it; one that can never be posted ends failed,
// with a notice in the thread. An attachment the provider refuses for good (gone, forbidden) is
// named in the posted text at once, the customer's text kept. The attempt was counted in the
// store by notePosting; m.Attempts counts it here.
func (r *Relay) postOne(ctx context.Context, c *conversation.Connection, conv *conversation.Conversation, m *conversation.Message, done *postedBatch) error {
	ev := m.Event
	if ev == nil {
		ev = &channel.Event{}
	}
	earlier, err := r.postedBefore(conv, m)
	if err != nil {
		return err
	}
	if earlier != "" { // posted by an attempt that was cut off before it was written down (repost.go)
		done.add(m, earlier, 0)
		return nil
	}
	fileIDs, missing, transient := r.fetchMedia(ctx, c, ev.Media)
	if transient != nil && m.Attempts+1 < MaxAttempts {
		return r.postLater(ctx, c, conv, m, "an attachment could not be fetched yet: "+conversation.Reason(transient), retryAfter(transient))
	}
	post := &model.Post{
		UserId:    r.botID,
		ChannelId: c.ChannelID,
		RootId:    conv.RootPostID,
		Message:   thread.MessageText(r.texts, c.Kind, conv, m.Direction, ev, missing),
		FileIds:   fileIDs,
	}
	post.AddProp(thread.PropConversation, conv.ID)
	post.AddProp(thread.PropDirection, string(m.Direction))
	post.AddProp(thread.PropProviderAt, m.ProviderAt)
	post.AddProp(thread.PropMessage, m.ID)
	m.Attempts++ // counted in the store by notePosting
	created, err := r.mm.CreatePost(post)
	if err != nil && r.threadMoved(ctx, c, conv) {
		post.ChannelId, post.RootId = c.ChannelID, conv.RootPostID
		created, err = r.mm.CreatePost(post)
	} else if serverFailed(err) {
		// Mattermost rolls a post back when its write meets another's on the thread's rows (posts
		// racing into one thread): posted again at once, as its own clients do, the message keeps
		// its place before the ones after it. Unless the failure came after the post was stored.
		earlier, lookErr := r.postedBefore(conv, m) // m.Attempts counts this attempt: it looks
		switch {
		case lookErr != nil: // Mattermost is failing: the message waits for its next attempt
		case earlier != "":
			done.add(m, earlier, missing)
			return nil
		default:
			created, err = r.mm.CreatePost(post)
		}
	}
	if err != nil {
		m.Attempts-- // notePosting counted this attempt; postLater and postFailed count it with its reason
		if m.Attempts+1 < MaxAttempts {
			return r.postLater(ctx, c, conv, m, "the message could not be posted yet: "+err.Error(), 0)
		}
		return r.postFailed(ctx, c, conv, m, err)
	}
	done.add(m, created.Id, missing)
	return nil
}

// threadMoved gives the chat a new thread when its root is gone or in a channel the connection
// no longer posts in, and reports whether it did: a chat always has its thread in the connection's
// current channel. Mattermost refuses a reply to such a root, so this runs only after a post
// failed; checking the root before every post would cost a call per message.
func (r *Relay) threadMoved(ctx context.Context, c *conversation.Connection, conv *conversation.Conversation) bool {
	moved, err := r.thread.Ensure(ctx, c, conv)
	if err != nil {
		r.log.Warn("Frontdesk: checking a chat's thread after a failed post", "conversation_id", conv.ID, "err", err.Error())
	}
	return moved
}

// postBatch is how many messages a pass counts attempts for, and records posts for, in one write:
// enough for a burst, and a pass stopped part way (the relay closing, a chat's backlog outlasting
// the pass) leaves at most this many attempts counted ahead.
const postBatch = 20

// postedBatch holds the posts a pass made and has not recorded yet (missing: per post, the
// attachments that could not be fetched).
type postedBatch struct {
	posted  []conversation.Posted
	missing []int
}

func (b *postedBatch) add(m *conversation.Message, postID string, missing int) {
	state := conversation.StatePosted
	if m.Direction == conversation.Out {
		state = channel.StateSent.String()
	}
	b.posted = append(b.posted, conversation.Posted{ID: m.ID, PostID: postID, State: state})
	b.missing = append(b.missing, missing)
}

// markPosted records the batch's posts in one write and empties it. Until then each is known by
// its counted attempt: a pass cut off before this finds its posts in the thread (repost.go). It
// is written even when the pass's context ended, so that a closing relay leaves no lookups behind.
func (r *Relay) markPosted(ctx context.Context, c *conversation.Connection, conv *conversation.Conversation, b *postedBatch) error {
	if len(b.posted) == 0 {
		return nil
	}
	if err := r.store.MarkPosted(context.WithoutCancel(ctx), b.posted...); err != nil {
		return err
	}
	for i, p := range b.posted {
		if b.missing[i] > 0 {
			conversation.LogOutcome(r.log, conversation.OutcomeMediaFailed, "connection_id", c.ID, "conversation_id", conv.ID, "post_id", p.PostID)
		}
		conversation.LogOutcome(r.log, conversation.OutcomePosted, "connection_id", c.ID, "conversation_id", conv.ID, "post_id", p.PostID)
	}
	*b = postedBatch{}
	return nil
}

// postLater counts a failed attempt to post a claimed message and schedules the next one.
func (r *Relay) postLater(ctx context.Context, c *conversation.Connection, conv *conversation.Conversation, m *conversation.Message, reason string, after time.Duration) error {
	m.Attempts++
	m.NextAttemptAt = conversation.Millis(r.now().Add(backoff(m.Attempts, after)))
	m.Reason = reason
	if err := r.store.UpdateDelivery(ctx, m); err != nil {
		return err
	}
	r.log.Warn("Frontdesk: message not posted yet", "connection_id", c.ID, "conversation_id", conv.ID, "attempts", m.Attempts, "err", reason)
	conversation.LogOutcome(r.log, conversation.OutcomePostRetry, "connection_id", c.ID, "conversation_id", conv.ID)
	return nil
}

// postFailed gives up on a claimed message after its last attempt: the row ends failed (its event
// kept) and the thread says a message could not be shown, so staff can ask the customer.
func (r *Relay) postFailed(ctx context.Context, c *conversation.Connection, conv *conversation.Conversation, m *conversation.Message, cause error) error {
	m.Attempts++
	m.State, m.NextAttemptAt = channel.StateFailed.String(), 0
	m.Reason = "not posted after " + fmt.Sprint(m.Attempts) + " attempts: " + cause.Error()
	if err := r.store.UpdateDelivery(ctx, m); err != nil {
		return err
	}
	notice := &model.Post{UserId: r.botID, ChannelId: c.ChannelID, RootId: conv.RootPostID,
		Message: r.texts.ForSite(textNotShown, map[string]any{
			"At": time.UnixMilli(m.ProviderAt).UTC().Format("2006-01-02 15:04 MST"), "Attempts": m.Attempts})}
	notice.AddProp(thread.PropConversation, conv.ID)
	if _, err := r.mm.CreatePost(notice); err != nil {
		r.log.Error("Frontdesk: posting the notice of a lost message", "conversation_id", conv.ID, "err", err.Error())
	}
	r.log.Error("Frontdesk: message could not be posted", "connection_id", c.ID, "conversation_id", conv.ID, "attempts", m.Attempts)
	conversation.LogOutcome(r.log, conversation.OutcomePostFailed, "connection_id", c.ID, "conversation_id", conv.ID)
	return nil
}

// serverFailed reports whether Mattermost answered a call with a failure of its own (a 5xx).
func serverFailed(err error) bool {
	var appErr *model.AppError
	return errors.As(err, &appErr) && appErr.StatusCode >= http.StatusInternalServerError
}

// retryAfter is the wait a provider asked for with a retryable error, if any.
func retryAfter(err error) time.Duration {
	var perr *channel.Error
	if errors.As(err, &perr) {
		return perr.RetryAfter
	}
	return 0
}

// fetchMedia downloads attachments. One the provider refuses for good (gone, forbidden, too large)
// is counted as missing and named in the text instead of losing the message; a transient failure
// (the provider or Mattermost failing, a timeout) is returned, for the message to be tried again.
func (r *Relay) fetchMedia(ctx context.Context, c *conversation.Connection, media []channel.Media) (ids []string, missing int, transient error) {
	if len(media) == 0 {
		return nil, 0, nil
	}
	a, err := r.conns.Adapter(c)
	if err != nil {
		return nil, len(media), err
	}
	for i, m := range media {
		d, err := a.FetchMedia(ctx, m)
		if err == nil {
			var id string
			if id, err = r.storeFile(d.Data, c.ChannelID, thread.FileName(d, m, i)); err == nil {
				ids = append(ids, id)
				continue
			}
			transient = err // Mattermost's file store failing
		} else if channel.ClassOf(err) == channel.ClassRetryable {
			transient = err
		}
		missing++
		r.log.Warn("Frontdesk: attachment not fetched", "connection_id", c.ID, "channel_kind", string(c.Kind),
			"class", string(channel.ClassOf(err)), "err", err.Error())
	}
	return ids, missing, transient
}

// storeFile uploads an attachment to Mattermost. An image Mattermost cannot decode (a truncated
// photo, a format it does not know) is kept as a plain file rather than lost.
func (r *Relay) storeFile(data []byte, channelID, name string) (string, error) {
	id, err := r.mm.UploadFile(data, channelID, name)
	if err == nil {
		return id, nil
	}
	if id, again := r.mm.UploadFile(data, channelID, name+".bin"); again == nil {
		return id, nil
	}
	return "", err
}

// lookUpProfile asks the provider for the customer's name when the delivery did not carry one
// (Messenger and Instagram send only ids). A failure keeps the id: the thread opens anyway.
func (r *Relay) lookUpProfile(ctx context.Context, c *conversation.Connection, conv *conversation.Conversation) *conversation.Conversation {
	if conv.CustomerName != "" {
		return conv
	}
	a, err := r.conns.Adapter(c)
	if err != nil {
		return conv
	}
	pf, ok := a.(channel.ProfileFetcher)
	if !ok {
		return conv
	}
	p, err := pf.Profile(ctx, conv.CustomerID)
	if err != nil {
		r.log.Warn("Frontdesk: customer profile lookup", "conversation_id", conv.ID, "channel_kind", string(c.Kind), "err", err.Error())
		return conv
	}
	updated, err := r.store.EnsureConversation(ctx, &conversation.Conversation{ConnectionID: c.ID, CustomerID: conv.CustomerID,
		CustomerName: clip(p.Name, maxName), CustomerPhone: clip(p.Phone, maxPhone), CustomerUsername: clip(p.Username, maxUsername)})
	if err != nil {
		return conv
	}
	return updated
}

// appliedEventsKept is how long an applied change event is remembered against replays: longer
// than any provider retries a delivery.
const appliedEventsKept = 7 * 24 * time.Hour

// replayed reports whether a customer's change or opt-out event was handled already: claimed
// (queued behind its message) or applied at once. A provider's replay of an old edit must not
// undo a newer one, nor an old block undo the customer's coming back.
func (r *Relay) replayed(ctx context.Context, c *conversation.Connection, ev *channel.Event) (bool, error) {
	if ev.MessageID == "" {
		return false, nil
	}
	_, err := r.store.MessageByProviderID(ctx, c.ID, ev.MessageID)
	if err == nil {
		return true, nil
	}
	if !errors.Is(err, conversation.ErrNotFound) {
		return false, err
	}
	return r.store.EventApplied(ctx, c.ID, string(ev.MessageID))
}

// markApplied remembers an event applied at once. A failure is logged: at worst a replay is
// applied again, as before this record existed.
func (r *Relay) markApplied(ctx context.Context, c *conversation.Connection, ev *channel.Event) {
	if ev.MessageID == "" {
		return
	}
	if err := r.store.RecordAppliedEvent(ctx, c.ID, string(ev.MessageID), conversation.Millis(r.now())); err != nil {
		r.log.Warn("Frontdesk: recording an applied event", "connection_id", c.ID, "err", err.Error())
	}
}

var textNotShown = locale.Text{ID: "relay.not_shown", Other: "_A message from the customer ({{.At}}) could not be shown here after {{.Attempts}} attempts. Ask them to send it again._"}
