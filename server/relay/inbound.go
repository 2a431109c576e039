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

// ErrUnknownConnection means the webhook URL names no connection.
var ErrUnknownConnection = errors.New("unknown connection")

// echoGrace is how long an echo of unknown origin waits before it is mirrored into the thread.
const echoGrace = 10 * time.Second

// ownEchoPrefix marks the metadata Frontdesk attaches to its sends, to recognise their echoes.
const ownEchoPrefix = "frontdesk:"

// HandleWebhook authenticates and parses one delivery, then durably claims every message in it.
// It answers 200 only when every claim is stored: a failure makes the provider retry, and the unique
// claim makes the retry harmless. Posting happens after, driven by the stored claims.
func (r *Relay) HandleWebhook(ctx context.Context, connectionID string, req channel.WebhookRequest) (WebhookAnswer, error) {
	c, err := r.conns.Get(ctx, connectionID)
	if errors.Is(err, conversation.ErrNotFound) {
		return WebhookAnswer{}, ErrUnknownConnection
	}
	if err != nil {
		return WebhookAnswer{}, err
	}
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
	target, err := r.store.MessageByProviderID(ctx, c.ID, ev.TargetID)
	if errors.Is(err, conversation.ErrNotFound) {
		return "", conversation.OutcomeTargetUnknown, nil
	}
	if err != nil {
		return "", "", err
	}
	if target.PostID != "" {
		o, err := r.changePost(ctx, c, target, ev)
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
func (r *Relay) postPending(ctx context.Context, c *conversation.Connection, conv *conversation.Conversation) (bool, error) {
	pending, err := r.store.PendingInbound(ctx, conv.ID, conversation.Millis(r.now()))
	if err != nil || len(pending) == 0 {
		return false, err
	}
	if pending[0].Event != nil {
		r.conns.RememberAccount(ctx, c, pending[0].Event.Account)
	}
	if conv.RootPostID == "" {
		conv = r.lookUpProfile(ctx, c, conv)
		if err := r.thread.Open(ctx, c, conv); err != nil {
			return false, fmt.Errorf("creating thread: %w", err)
		}
		defer r.chatOpened(conv, c)
	}
	for _, m := range pending {
		if m.Event != nil && isChange(m.Event.Type) {
			// Queued behind its message, which is posted by now.
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
		if err := r.postOne(ctx, c, conv, m); err != nil {
			return false, err
		}
	}
	if conv.Status == conversation.Archived && hasCustomerMessage(pending) {
		if _, err := r.store.SetStatus(ctx, conv.ID, conversation.Active, "", 0); err != nil {
			return false, err
		}
	}
	r.thread.Refresh(ctx, conv.ID)
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

// postOne posts one claimed message as a reply by the bot, attachments uploaded as Mattermost files.
func (r *Relay) postOne(ctx context.Context, c *conversation.Connection, conv *conversation.Conversation, m *conversation.Message) error {
	ev := m.Event
	if ev == nil {
		ev = &channel.Event{}
	}
	earlier, err := r.postedBefore(conv, m)
	if err != nil {
		return err
	}
	if earlier != "" { // posted by an attempt that was cut off before it was written down (repost.go)
		return r.markPosted(ctx, c, conv, m, earlier)
	}
	fileIDs, missing := r.fetchMedia(ctx, c, ev.Media)
	post := &model.Post{
		UserId:    r.botID,
		ChannelId: c.ChannelID,
		RootId:    conv.RootPostID,
		Message:   thread.MessageText(c.Kind, conv, m.Direction, ev, missing),
		FileIds:   fileIDs,
	}
	post.AddProp(thread.PropConversation, conv.ID)
	post.AddProp(thread.PropDirection, string(m.Direction))
	post.AddProp(thread.PropProviderAt, m.ProviderAt)
	post.AddProp(thread.PropMessage, m.ID)
	if err := r.notePosting(ctx, m); err != nil {
		return err
	}
	created, err := r.mm.CreatePost(post)
	if err != nil {
		return fmt.Errorf("posting message: %w", err)
	}
	return r.markPosted(ctx, c, conv, m, created.Id)
}

func (r *Relay) markPosted(ctx context.Context, c *conversation.Connection, conv *conversation.Conversation, m *conversation.Message, postID string) error {
	state := conversation.StatePosted
	if m.Direction == conversation.Out {
		state = channel.StateSent.String()
	}
	if err := r.store.MarkPosted(ctx, m.ID, postID, state); err != nil {
		return err
	}
	conversation.LogOutcome(r.log, conversation.OutcomePosted, "connection_id", c.ID, "conversation_id", conv.ID, "post_id", postID)
	return nil
}

// fetchMedia downloads attachments; one that cannot be fetched is named in the text instead of
// losing the message.
func (r *Relay) fetchMedia(ctx context.Context, c *conversation.Connection, media []channel.Media) (ids []string, missing int) {
	if len(media) == 0 {
		return nil, 0
	}
	a, err := r.conns.Adapter(c)
	if err != nil {
		return nil, len(media)
	}
	for i, m := range media {
		d, err := a.FetchMedia(ctx, m)
		if err == nil {
			var id string
			if id, err = r.storeFile(d.Data, c.ChannelID, thread.FileName(d, m, i)); err == nil {
				ids = append(ids, id)
				continue
			}
		}
		missing++
		r.log.Warn("Frontdesk: attachment not fetched", "connection_id", c.ID, "channel_kind", string(c.Kind), "err", err.Error())
	}
	return ids, missing
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
