package conversation

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/server/channel"
)

// ConnectionInput is what an admin sends to create or change a connection. Nil fields are unchanged.
type ConnectionInput struct {
	Kind        channel.Kind
	Name        *string
	ChannelID   *string
	Credentials map[string]string // merged into the stored ones; a masked value keeps the old secret
	APIBaseURL  *string
}

// Mask replaces every secret credential in answers.
const Mask = "********"

// WebhookURL is where the provider delivers this connection's events.
func (s *Service) WebhookURL(c *Connection) string {
	return strings.TrimRight(s.mm.SiteURL(), "/") + "/plugins/frontdesk/webhooks/" + c.ID
}

// MaskedCredentials returns the credentials with every secret field masked.
func (s *Service) MaskedCredentials(c *Connection) map[string]string {
	out := map[string]string{}
	secret := map[string]bool{}
	for _, f := range s.specs[c.Kind].Fields {
		secret[f.Name] = f.Secret
	}
	for k, v := range c.Credentials {
		if secret[k] && v != "" {
			v = Mask
		}
		out[k] = v
	}
	return out
}

// Kinds lists the providers this build supports, with their credential fields.
func (s *Service) Kinds() []channel.Spec {
	out := make([]channel.Spec, 0, len(s.specs))
	for _, k := range channel.Kinds {
		if spec, ok := s.specs[k]; ok {
			out = append(out, spec)
		}
	}
	return out
}

// CreateConnection validates, builds the adapter once to prove the credentials are complete, seals
// and stores the connection, and registers its webhook where the provider allows it.
func (s *Service) CreateConnection(ctx context.Context, userID string, in ConnectionInput) (*Connection, error) {
	if !s.mm.IsSystemAdmin(userID) {
		return nil, fmt.Errorf("%w: only system admins manage connections", ErrForbidden)
	}
	spec, ok := s.specs[in.Kind]
	if !ok {
		return nil, fmt.Errorf("%w: kind must be one of whatsapp, messenger, instagram, telegram, sms", ErrInvalid)
	}
	now := Millis(s.now())
	c := &Connection{
		ID:          model.NewId(),
		Kind:        spec.Kind,
		Credentials: map[string]string{},
		VerifyToken: newToken(),
		CreatedBy:   userID,
		CreateAt:    now,
		UpdateAt:    now,
	}
	if err := s.applyInput(c, in); err != nil {
		return nil, err
	}
	adapter, err := s.buildAdapter(c)
	if err != nil {
		return nil, err
	}
	if err := s.seal(c); err != nil {
		return nil, err
	}
	s.describeAccount(ctx, c, adapter)
	if err := s.store.CreateConnection(ctx, c); err != nil {
		return nil, fmt.Errorf("storing connection: %w", err)
	}
	if reg, ok := adapter.(channel.WebhookRegistrar); ok {
		if err := reg.RegisterWebhook(ctx); err != nil {
			// The connection is kept: the admin can fix the provider side and test again.
			s.markSync(ctx, c, err)
			s.log.Warn("Frontdesk: registering webhook failed", "connection_id", c.ID, "channel_kind", string(c.Kind), "err", err.Error())
		}
	}
	return c, nil
}

// UpdateConnection changes name, channel, credentials or base URL.
func (s *Service) UpdateConnection(ctx context.Context, userID, id string, in ConnectionInput) (*Connection, error) {
	if !s.mm.IsSystemAdmin(userID) {
		return nil, fmt.Errorf("%w: only system admins manage connections", ErrForbidden)
	}
	c, err := s.Connection(ctx, id)
	if err != nil {
		return nil, err
	}
	if in.Kind != "" && in.Kind != c.Kind {
		return nil, fmt.Errorf("%w: the kind of a connection cannot change; create a new one", ErrInvalid)
	}
	if err := s.applyInput(c, in); err != nil {
		return nil, err
	}
	adapter, err := s.buildAdapter(c)
	if err != nil {
		return nil, err
	}
	credentialsChanged := len(in.Credentials) > 0
	if credentialsChanged {
		// New credentials are a reconnect: sending may work again (F15).
		c.SyncLostAt, c.SyncReason = 0, ""
		s.describeAccount(ctx, c, adapter)
	}
	c.UpdateAt = Millis(s.now())
	if err := s.seal(c); err != nil {
		return nil, err
	}
	if err := s.store.UpdateConnection(ctx, c); err != nil {
		return nil, err
	}
	s.forgetAdapter(c.ID)
	if reg, ok := adapter.(channel.WebhookRegistrar); ok && credentialsChanged {
		if err := reg.RegisterWebhook(ctx); err != nil {
			s.markSync(ctx, c, err)
		}
	}
	s.retryOutboxNow(ctx, c)
	return c, nil
}

// retryOutboxNow sends the replies that wait for a retry at once: the admin just changed what
// they failed on (credentials, the API address).
func (s *Service) retryOutboxNow(ctx context.Context, c *Connection) {
	ids, err := s.store.RetryOutboxNow(ctx, c.ID)
	if err != nil {
		s.log.Warn("Frontdesk: retrying replies after a connection change", "connection_id", c.ID, "err", err.Error())
		return
	}
	for _, id := range ids {
		s.kick(id)
	}
}

// DeleteConnection removes a connection; its threads stay in Mattermost.
func (s *Service) DeleteConnection(ctx context.Context, userID, id string) error {
	if !s.mm.IsSystemAdmin(userID) {
		return fmt.Errorf("%w: only system admins manage connections", ErrForbidden)
	}
	if err := s.store.DeleteConnection(ctx, id); err != nil {
		return err
	}
	s.forgetAdapter(id)
	return nil
}

// Connections lists what a user may see: admins see all, others the connections of their channels.
func (s *Service) Connections(ctx context.Context, userID string) ([]*Connection, error) {
	all, err := s.store.ListConnections(ctx)
	if err != nil {
		return nil, err
	}
	admin := s.mm.IsSystemAdmin(userID)
	out := make([]*Connection, 0, len(all))
	for _, c := range all {
		if admin || s.mm.IsChannelMember(c.ChannelID, userID) {
			if err := s.open(c); err != nil {
				return nil, err
			}
			out = append(out, c)
		}
	}
	return out, nil
}

// ConnectionFor loads one connection if the user may see it.
func (s *Service) ConnectionFor(ctx context.Context, userID, id string) (*Connection, error) {
	c, err := s.Connection(ctx, id)
	if err != nil {
		return nil, err
	}
	if !s.mm.IsSystemAdmin(userID) && !s.mm.IsChannelMember(c.ChannelID, userID) {
		return nil, ErrNotFound // do not reveal connections of channels the user is not in
	}
	return c, nil
}

// Connection loads one connection with its credentials opened.
func (s *Service) Connection(ctx context.Context, id string) (*Connection, error) {
	c, err := s.store.GetConnection(ctx, id)
	if err != nil {
		return nil, err
	}
	return c, s.open(c)
}

// TestConnection makes the adapter's cheap authenticated call and records the sync state.
func (s *Service) TestConnection(ctx context.Context, userID, id string) error {
	if !s.mm.IsSystemAdmin(userID) {
		return fmt.Errorf("%w: only system admins test connections", ErrForbidden)
	}
	c, err := s.Connection(ctx, id)
	if err != nil {
		return err
	}
	a, err := s.adapter(c)
	if err != nil {
		return err
	}
	err = a.Health(ctx)
	s.markSync(ctx, c, err)
	return err
}

// markSync records lost sync for sync-lost errors and clears it after a success.
func (s *Service) markSync(ctx context.Context, c *Connection, err error) {
	var at int64
	reason := ""
	switch {
	case err == nil:
		if !c.SyncLost() {
			return
		}
	case channel.ClassOf(err) == channel.ClassSyncLost:
		at, reason = Millis(s.now()), reasonOf(err)
	default:
		return
	}
	if err := s.store.SetSyncLost(ctx, c.ID, at, reason); err != nil {
		s.log.Error("Frontdesk: saving sync state", "connection_id", c.ID, "err", err.Error())
		return
	}
	c.SyncLostAt, c.SyncReason = at, reason
	s.mm.PublishToChannel("connection_changed", map[string]any{"connection_id": c.ID, "sync_lost": at != 0}, c.ChannelID)
}

func (s *Service) applyInput(c *Connection, in ConnectionInput) error {
	if in.Name != nil {
		c.Name = strings.TrimSpace(*in.Name)
	}
	if c.Name == "" || len(c.Name) > 128 {
		return fmt.Errorf("%w: name is required (at most 128 characters)", ErrInvalid)
	}
	if in.ChannelID != nil {
		c.ChannelID = *in.ChannelID
	}
	if !model.IsValidId(c.ChannelID) {
		return fmt.Errorf("%w: channel_id must be a Mattermost channel id", ErrInvalid)
	}
	if in.APIBaseURL != nil {
		c.APIBaseURL = strings.TrimSpace(*in.APIBaseURL)
		if c.APIBaseURL != "" {
			u, err := url.Parse(c.APIBaseURL)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				return fmt.Errorf("%w: api_base_url must be an http(s) URL", ErrInvalid)
			}
		}
	}
	known := map[string]bool{}
	for _, f := range s.specs[c.Kind].Fields {
		known[f.Name] = true
	}
	for k, v := range in.Credentials {
		if !known[k] {
			return fmt.Errorf("%w: unknown credential %q for %s", ErrInvalid, k, c.Kind)
		}
		if v == Mask {
			continue // the client echoed a masked secret back: keep the stored one
		}
		c.Credentials[k] = strings.TrimSpace(v)
	}
	if name := channel.MissingField(s.specs[c.Kind].Fields, c.Credentials); name != "" {
		return fmt.Errorf("%w: credential %q is required for %s", ErrInvalid, name, c.Kind)
	}
	return nil
}

func (s *Service) seal(c *Connection) error {
	box, err := s.sealer()
	if err != nil {
		return err
	}
	plain, err := json.Marshal(c.Credentials)
	if err != nil {
		return err
	}
	c.Sealed, err = box.Seal(plain)
	return err
}

func (s *Service) open(c *Connection) error {
	box, err := s.sealer()
	if err != nil {
		return err
	}
	plain, err := box.Open(c.Sealed)
	if err != nil {
		return fmt.Errorf("credentials of connection %s: %w", c.ID, err)
	}
	c.Credentials = map[string]string{}
	return json.Unmarshal(plain, &c.Credentials)
}

// adapter returns the connection's adapter, rebuilt when the connection changed.
func (s *Service) adapter(c *Connection) (channel.Adapter, error) {
	s.adaptersMu.Lock()
	defer s.adaptersMu.Unlock()
	if cached, ok := s.adapters[c.ID]; ok && cached.updateAt == c.UpdateAt {
		return cached.adapter, nil
	}
	a, err := s.buildAdapter(c)
	if err != nil {
		return nil, err
	}
	s.adapters[c.ID] = cachedAdapter{updateAt: c.UpdateAt, adapter: a}
	return a, nil
}

func (s *Service) buildAdapter(c *Connection) (channel.Adapter, error) {
	spec, ok := s.specs[c.Kind]
	if !ok {
		return nil, fmt.Errorf("%w: unsupported kind %q", ErrInvalid, c.Kind)
	}
	a, err := spec.New(channel.Config{
		Credentials: c.Credentials,
		BaseURL:     c.APIBaseURL,
		WebhookURL:  s.WebhookURL(c),
		VerifyToken: c.VerifyToken,
	})
	if err != nil {
		return nil, fmt.Errorf("%w: %s", ErrInvalid, err.Error())
	}
	return a, nil
}

func (s *Service) forgetAdapter(id string) {
	s.adaptersMu.Lock()
	delete(s.adapters, id)
	s.adaptersMu.Unlock()
}

func newToken() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// reasonOf is the provider's own words for an error, for display.
func reasonOf(err error) string {
	var e *channel.Error
	if errors.As(err, &e) && e.Reason != "" {
		return e.Reason
	}
	return err.Error()
}

// WebhookURLFor is the public webhook URL of a connection id (Twilio signs this exact URL).
func (s *Service) WebhookURLFor(id string) string {
	return s.WebhookURL(&Connection{ID: id})
}

// IsAdmin reports whether a user manages connections.
func (s *Service) IsAdmin(userID string) bool { return s.mm.IsSystemAdmin(userID) }

// describeAccount learns the account's name (a Page's name) for the chats' header cards. It is best
// effort: a provider that is down now does not stop the admin from connecting.
func (s *Service) describeAccount(ctx context.Context, c *Connection, a channel.Adapter) {
	d, ok := a.(channel.AccountDescriber)
	if !ok {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	acc, err := d.Account(ctx)
	if err != nil {
		s.log.Warn("Frontdesk: naming the account", "connection_id", c.ID, "channel_kind", string(c.Kind), "err", err.Error())
		return
	}
	if acc.ID != "" {
		c.AccountID = acc.ID
	}
	if acc.Name != "" {
		c.AccountName = acc.Name
	}
}
