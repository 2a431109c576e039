package conversation

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/server/channel"
)

// WebhookAnswer is what the HTTP layer sends back to the provider.
type WebhookAnswer struct {
	Status      int
	ContentType string
	Body        string
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
func (s *Service) HandleWebhook(ctx context.Context, connectionID string, req channel.WebhookRequest) (WebhookAnswer, error) {
	c, err := s.store.GetConnection(ctx, connectionID)
	if errors.Is(err, ErrNotFound) {
		return WebhookAnswer{}, ErrUnknownConnection
	}
	if err != nil {
		return WebhookAnswer{}, err
	}
	if err := s.open(c); err != nil {
		return WebhookAnswer{}, err
	}
	a, err := s.adapter(c)
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
	touched := map[string]bool{}
	for i := range events {
		conversationID, outcome, err := s.receive(ctx, c, &events[i])
		if err != nil {
			return WebhookAnswer{}, fmt.Errorf("storing event: %w", err)
		}
		if outcome == OutcomeClaimed || outcome == OutcomeNativeEcho {
			touched[conversationID] = true
		}
	}
	for id := range touched {
		s.kick(id)
	}
	return ack(c.Kind), nil
}

// ack is the provider's expected success answer (Twilio wants TwiML, the others anything 2xx).
func ack(kind channel.Kind) WebhookAnswer {
	if kind == channel.SMS {
		return WebhookAnswer{Status: http.StatusOK, ContentType: "text/xml", Body: `<?xml version="1.0" encoding="UTF-8"?><Response></Response>`}
	}
	return WebhookAnswer{Status: http.StatusOK, ContentType: "text/plain", Body: "ok"}
}

// receive stores one event and names what happened.
func (s *Service) receive(ctx context.Context, c *Connection, ev *channel.Event) (string, Outcome, error) {
	switch ev.Type {
	case channel.EventMessage:
		return s.claim(ctx, c, ev, In)
	case channel.EventEcho:
		if strings.HasPrefix(ev.Metadata, ownEchoPrefix) {
			return "", OutcomeOwnEcho, nil
		}
		if _, err := s.store.MessageByProviderID(ctx, c.ID, ev.MessageID); err == nil {
			return "", OutcomeOwnEcho, nil
		}
		id, outcome, err := s.claim(ctx, c, ev, Out)
		if outcome == OutcomeClaimed {
			outcome = OutcomeNativeEcho
		}
		return id, outcome, err
	case channel.EventStatus:
		o, err := s.applyStatus(ctx, c, ev)
		return "", o, err
	case channel.EventEdit, channel.EventDelete, channel.EventReaction:
		return s.receiveChange(ctx, c, ev)
	case channel.EventOptOut:
		o, err := s.applyOptOut(ctx, c, ev)
		return "", o, err
	}
	return "", OutcomeTargetUnknown, nil
}

// claim stores a message under the unique (connection, provider id) constraint.
func (s *Service) claim(ctx context.Context, c *Connection, ev *channel.Event, dir Direction) (string, Outcome, error) {
	if ev.MessageID == "" {
		return "", OutcomeTargetUnknown, fmt.Errorf("%w: message without id", channel.ErrMalformed)
	}
	now := Millis(s.now())
	conv, err := s.store.EnsureConversation(ctx, &Conversation{
		ID:               model.NewId(),
		ConnectionID:     c.ID,
		CustomerID:       ev.Customer.ID,
		CustomerName:     ev.Customer.Name,
		CustomerPhone:    ev.Customer.Phone,
		CustomerUsername: ev.Customer.Username,
		CreateAt:         now,
	})
	if err != nil {
		return "", "", err
	}
	at := Millis(ev.Timestamp)
	if ev.Timestamp.IsZero() {
		at = now
	}
	m := &Message{
		ID:                model.NewId(),
		ConversationID:    conv.ID,
		ConnectionID:      c.ID,
		Direction:         dir,
		ProviderMessageID: ev.MessageID,
		Event:             ev,
		State:             StatePending,
		ProviderAt:        at,
		CreateAt:          now,
	}
	if dir == Out {
		// An echo can overtake the send it echoes (Instagram carries no metadata to tell): wait a
		// little before mirroring it, so that the send can claim it as its own first.
		m.NextAttemptAt = Millis(s.now().Add(echoGrace))
	}
	// The window and the indicators follow what is stored, not what is posted yet: an agent who
	// answers the moment the thread appears is inside the window the customer's message opened.
	claimed, err := s.store.ClaimMessage(ctx, m)
	if err != nil {
		return "", "", err
	}
	if !claimed {
		s.log.Info("Frontdesk: inbound discarded", "connection_id", c.ID, "channel_kind", string(c.Kind), "outcome", string(OutcomeDuplicate))
		return conv.ID, OutcomeDuplicate, nil
	}
	return conv.ID, OutcomeClaimed, nil
}

// receiveChange applies a customer's edit, delete or reaction at once when its message is posted, and
// otherwise queues it behind that message, so that it is applied in order and never lost.
func (s *Service) receiveChange(ctx context.Context, c *Connection, ev *channel.Event) (string, Outcome, error) {
	target, err := s.store.MessageByProviderID(ctx, c.ID, ev.TargetID)
	if errors.Is(err, ErrNotFound) {
		return "", OutcomeTargetUnknown, nil
	}
	if err != nil {
		return "", "", err
	}
	if target.PostID != "" {
		o, err := s.changePost(ctx, c, target, ev)
		return "", o, err
	}
	at := Millis(ev.Timestamp)
	if ev.Timestamp.IsZero() || at < target.ProviderAt {
		at = target.ProviderAt // never ahead of the message it changes
	}
	queued, err := s.store.InsertMessage(ctx, &Message{ID: model.NewId(), ConversationID: target.ConversationID,
		ConnectionID: c.ID, Direction: In, ProviderMessageID: ev.MessageID, Event: ev, State: StatePending,
		ProviderAt: at, CreateAt: Millis(s.now())})
	if err != nil || !queued {
		return "", OutcomeDuplicate, err
	}
	return target.ConversationID, OutcomeClaimed, nil
}

// postPending posts a conversation's claimed messages in provider order, opening the thread first
// and reopening an archived chat when the customer writes (F16).
func (s *Service) postPending(ctx context.Context, conversationID string) error {
	pending, err := s.store.PendingInbound(ctx, conversationID, Millis(s.now()))
	if err != nil || len(pending) == 0 {
		return err
	}
	conv, err := s.store.GetConversation(ctx, conversationID)
	if err != nil {
		return err
	}
	c, err := s.Connection(ctx, conv.ConnectionID)
	if err != nil {
		return err
	}
	if len(pending) > 0 && pending[0].Event != nil {
		s.rememberAccount(ctx, c, pending[0].Event.Account)
	}
	if conv.RootPostID == "" {
		conv = s.lookUpProfile(ctx, c, conv)
		root, err := s.mm.CreatePost(s.rootPost(c, conv))
		if err != nil {
			return fmt.Errorf("creating thread: %w", err)
		}
		if err := s.store.SetRootPost(ctx, conv.ID, root.Id); err != nil {
			return err
		}
		conv.RootPostID = root.Id
	}
	for _, m := range pending {
		if m.Event != nil && isChange(m.Event.Type) {
			// Queued behind its message, which is posted by now.
			if _, err := s.applyChange(ctx, c, m.Event); err != nil {
				return err
			}
			if err := s.store.MarkApplied(ctx, m.ID); err != nil {
				return err
			}
			continue
		}
		if err := s.postOne(ctx, c, conv, m); err != nil {
			return err
		}
	}
	if conv.Status == Archived && hasCustomerMessage(pending) {
		if _, err := s.store.SetStatus(ctx, conv.ID, Active, "", 0); err != nil {
			return err
		}
	}
	s.refreshRoot(ctx, conv.ID)
	s.mm.PublishToChannel("conversation_updated", map[string]any{"conversation_id": conv.ID}, c.ChannelID)
	s.prune(ctx, conv.ID)
	return nil
}

func hasCustomerMessage(ms []*Message) bool {
	for _, m := range ms {
		if m.Direction == In && (m.Event == nil || !isChange(m.Event.Type)) {
			return true
		}
	}
	return false
}

func isChange(t channel.EventType) bool {
	return t == channel.EventEdit || t == channel.EventDelete || t == channel.EventReaction
}

// postOne posts one claimed message as a reply by the bot, attachments uploaded as Mattermost files.
func (s *Service) postOne(ctx context.Context, c *Connection, conv *Conversation, m *Message) error {
	ev := m.Event
	if ev == nil {
		ev = &channel.Event{}
	}
	fileIDs, missing := s.fetchMedia(ctx, c, ev.Media)
	post := &model.Post{
		UserId:    s.botID,
		ChannelId: c.ChannelID,
		RootId:    conv.RootPostID,
		Message:   messageText(c.Kind, conv, m.Direction, ev, missing),
		FileIds:   fileIDs,
	}
	post.AddProp(propConversation, conv.ID)
	post.AddProp(propDirection, string(m.Direction))
	post.AddProp(propProviderAt, m.ProviderAt)
	post.AddProp(propMessage, m.ID)
	created, err := s.mm.CreatePost(post)
	if err != nil {
		return fmt.Errorf("posting message: %w", err)
	}
	state := StatePosted
	if m.Direction == Out {
		state = channel.StateSent.String()
	}
	return s.store.MarkPosted(ctx, m.ID, created.Id, state)
}

// fetchMedia downloads attachments; one that cannot be fetched is named in the text instead of
// losing the message.
func (s *Service) fetchMedia(ctx context.Context, c *Connection, media []channel.Media) (ids []string, missing int) {
	if len(media) == 0 {
		return nil, 0
	}
	a, err := s.adapter(c)
	if err != nil {
		return nil, len(media)
	}
	for i, m := range media {
		d, err := a.FetchMedia(ctx, m)
		if err == nil {
			var id string
			if id, err = s.storeFile(d.Data, c.ChannelID, fileName(d, m, i)); err == nil {
				ids = append(ids, id)
				continue
			}
		}
		missing++
		s.log.Warn("Frontdesk: attachment not fetched", "connection_id", c.ID, "channel_kind", string(c.Kind), "err", err.Error())
	}
	return ids, missing
}

// storeFile uploads an attachment to Mattermost. An image Mattermost cannot decode (a truncated
// photo, a format it does not know) is kept as a plain file rather than lost.
func (s *Service) storeFile(data []byte, channelID, name string) (string, error) {
	id, err := s.mm.UploadFile(data, channelID, name)
	if err == nil {
		return id, nil
	}
	if id, again := s.mm.UploadFile(data, channelID, name+".bin"); again == nil {
		return id, nil
	}
	return "", err
}

// rememberAccount stores the page/account name the first time a provider tells it.
func (s *Service) rememberAccount(ctx context.Context, c *Connection, a channel.Account) {
	if (a.Name == "" || a.Name == c.AccountName) && (a.ID == "" || a.ID == c.AccountID) {
		return
	}
	if a.Name != "" {
		c.AccountName = a.Name
	}
	if a.ID != "" {
		c.AccountID = a.ID
	}
	if err := s.store.UpdateConnection(ctx, c); err != nil {
		s.log.Warn("Frontdesk: saving account name", "connection_id", c.ID, "err", err.Error())
	}
}

// lookUpProfile asks the provider for the customer's name when the delivery did not carry one
// (Messenger and Instagram send only ids). A failure keeps the id: the thread opens anyway.
func (s *Service) lookUpProfile(ctx context.Context, c *Connection, conv *Conversation) *Conversation {
	if conv.CustomerName != "" {
		return conv
	}
	a, err := s.adapter(c)
	if err != nil {
		return conv
	}
	pf, ok := a.(channel.ProfileFetcher)
	if !ok {
		return conv
	}
	p, err := pf.Profile(ctx, conv.CustomerID)
	if err != nil {
		s.log.Warn("Frontdesk: customer profile lookup", "conversation_id", conv.ID, "channel_kind", string(c.Kind), "err", err.Error())
		return conv
	}
	updated, err := s.store.EnsureConversation(ctx, &Conversation{ConnectionID: c.ID, CustomerID: conv.CustomerID,
		CustomerName: p.Name, CustomerPhone: p.Phone, CustomerUsername: p.Username})
	if err != nil {
		return conv
	}
	return updated
}
