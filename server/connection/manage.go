package connection

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/server/audit"
	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/conversation"
)

// Input is what an admin sends to create or change a connection. Nil fields are unchanged.
type Input struct {
	Kind        channel.Kind
	Name        *string
	ChannelID   *string
	Credentials map[string]string // merged into the stored ones; a masked value keeps the old secret
	APIBaseURL  *string
}

// Mask replaces every secret credential in answers.
const Mask = "********"

var errAdminsOnly = fmt.Errorf("%w: only system admins manage connections", conversation.ErrForbidden)

// Create validates, builds the adapter once to prove the credentials are complete, seals and stores
// the connection, and registers its webhook where the provider allows it.
func (s *Service) Create(ctx context.Context, userID string, in Input) (*conversation.Connection, error) {
	if !s.mm.IsSystemAdmin(userID) {
		return nil, errAdminsOnly
	}
	spec, ok := s.specs[in.Kind]
	if !ok {
		return nil, fmt.Errorf("%w: kind must be one of whatsapp, messenger, instagram, telegram, sms", conversation.ErrInvalid)
	}
	now := conversation.Millis(s.now())
	c := &conversation.Connection{
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
	s.notifyChannelsChanged()
	s.audit.Record(ctx, userID, audit.ConnectionCreate, audit.TargetConnection, c.ID, s.describe(c))
	if reg, ok := adapter.(channel.WebhookRegistrar); ok {
		if err := reg.RegisterWebhook(ctx); err != nil {
			// The connection is kept: the admin can fix the provider side and test again.
			s.MarkSync(ctx, c, err)
			s.log.Warn("Frontdesk: registering webhook failed", "connection_id", c.ID, "channel_kind", string(c.Kind), "err", err.Error())
		}
	}
	return c, nil
}

// Update changes name, channel, credentials or base URL. New credentials are a reconnect.
func (s *Service) Update(ctx context.Context, userID, id string, in Input) (*conversation.Connection, error) {
	if !s.mm.IsSystemAdmin(userID) {
		return nil, errAdminsOnly
	}
	c, err := s.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if in.Kind != "" && in.Kind != c.Kind {
		return nil, fmt.Errorf("%w: the kind of a connection cannot change; create a new one", conversation.ErrInvalid)
	}
	if c.CredentialsUnreadable && len(in.Credentials) == 0 {
		// The new credentials alone make the connection: the old ones are never needed.
		return nil, fmt.Errorf("%w: the stored credentials cannot be opened with the current encryption key: enter them again", conversation.ErrInvalid)
	}
	if err := s.applyInput(c, in); err != nil {
		return nil, err
	}
	adapter, err := s.buildAdapter(c)
	if err != nil {
		return nil, err
	}
	credentialsChanged := len(in.Credentials) > 0
	c.CredentialsUnreadable = false // what is sealed now is what the admin entered
	if credentialsChanged {
		// New credentials are a reconnect: sending may work again (F15).
		c.SyncLostAt, c.SyncReason = 0, ""
		s.describeAccount(ctx, c, adapter)
	}
	c.UpdateAt = s.nextUpdateAt(c.UpdateAt)
	if err := s.seal(c); err != nil {
		return nil, err
	}
	if err := s.store.UpdateConnection(ctx, c); err != nil {
		return nil, err
	}
	s.forgetAdapter(c.ID)
	s.notifyChannelsChanged()
	action := audit.ConnectionUpdate
	if credentialsChanged {
		action = audit.ConnectionReconnect
	}
	s.audit.Record(ctx, userID, action, audit.TargetConnection, c.ID, s.describe(c)+changedFields(in))
	if credentialsChanged {
		s.alerts.Fixed(ctx, c) // said before a failing webhook registration may open a new incident
	}
	if reg, ok := adapter.(channel.WebhookRegistrar); ok && credentialsChanged {
		if err := reg.RegisterWebhook(ctx); err != nil {
			s.MarkSync(ctx, c, err)
		}
	}
	// Replies that failed on the old credentials or address go out now, not after their backoff.
	s.notifyReconnected(ctx, c.ID)
	return c, nil
}

// nextUpdateAt stamps a change: update_at always moves forward, even within one millisecond, so
// that a renewal that loaded the row before can tell (SetCredentials) and cached adapters go.
func (s *Service) nextUpdateAt(prev int64) int64 {
	return max(conversation.Millis(s.now()), prev+1)
}

// Delete removes a connection; its threads stay in Mattermost.
func (s *Service) Delete(ctx context.Context, userID, id string) error {
	if !s.mm.IsSystemAdmin(userID) {
		return errAdminsOnly
	}
	c, err := s.store.GetConnection(ctx, id)
	if err != nil {
		return err
	}
	if err := s.store.DeleteConnection(ctx, id); err != nil {
		return err
	}
	s.audit.Record(ctx, userID, audit.ConnectionDelete, audit.TargetConnection, id, s.describe(c))
	s.forgetAdapter(id)
	return nil
}

// List returns what a user may see: admins see all, others the connections of their channels.
func (s *Service) List(ctx context.Context, userID string) ([]*conversation.Connection, error) {
	if s.mm.IsSystemAdmin(userID) {
		list, err := s.store.ListConnections(ctx)
		return s.open(ctx, list, err)
	}
	list, err := s.Visible(ctx, userID, nil)
	return s.open(ctx, list, err)
}

// Visible narrows the wanted connections (all when empty) to those whose channel the user is a
// member of: membership of the mapped channel is the per-channel access list (F2). Credentials
// stay sealed: lists need only ids, names and channels.
func (s *Service) Visible(ctx context.Context, userID string, wanted []string) ([]*conversation.Connection, error) {
	all, err := s.store.ListConnections(ctx)
	if err != nil {
		return nil, err
	}
	want := map[string]bool{}
	for _, id := range wanted {
		want[id] = true
	}
	out := make([]*conversation.Connection, 0, len(all))
	for _, c := range all {
		if (len(want) == 0 || want[c.ID]) && s.mm.MayUseChats(c.ChannelID, userID) {
			out = append(out, c)
		}
	}
	return out, nil
}

// For loads one connection if the user may see it.
func (s *Service) For(ctx context.Context, userID, id string) (*conversation.Connection, error) {
	c, err := s.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if s.mm.IsSystemAdmin(userID) {
		return c, nil
	}
	// Non-members of its channel get ErrNotFound: connections of channels the user is not in stay hidden.
	if err := s.mm.ChatAccess(c.ChannelID, userID); err != nil {
		return nil, err
	}
	return c, nil
}

// Get loads one connection with its credentials opened, or marked unreadable (see load).
func (s *Service) Get(ctx context.Context, id string) (*conversation.Connection, error) {
	c, err := s.store.GetConnection(ctx, id)
	if err != nil {
		return nil, err
	}
	s.load(ctx, c)
	return c, nil
}

// Test makes the adapter's cheap authenticated call and records the sync state.
func (s *Service) Test(ctx context.Context, userID, id string) error {
	if !s.mm.IsSystemAdmin(userID) {
		return fmt.Errorf("%w: only system admins test connections", conversation.ErrForbidden)
	}
	c, err := s.Get(ctx, id)
	if err != nil {
		return err
	}
	return s.check(ctx, c)
}

// CheckAll runs the health check of every connection (at activation and hourly): a connection that
// lost sync is announced, one that works again too.
func (s *Service) CheckAll(ctx context.Context) {
	list, err := s.store.ListConnections(ctx)
	if err != nil {
		s.log.Error("Frontdesk: listing connections for the health check", "err", err.Error())
		return
	}
	for _, c := range list {
		s.load(ctx, c)
		if err := s.check(ctx, c); err != nil {
			s.log.Warn("Frontdesk: health check failed", "connection_id", c.ID, "channel_kind", string(c.Kind), "err", err.Error())
		}
	}
}

// check makes the adapter's cheap authenticated call and records the sync state.
func (s *Service) check(ctx context.Context, c *conversation.Connection) error {
	a, err := s.Adapter(c)
	if errors.Is(err, ErrCredentialsUnreadable) {
		// Answered as a failed health check is: the admin sees the reason and what to do.
		return &channel.Error{Class: channel.ClassSyncLost, Reason: ReasonUnreadable, Err: err}
	}
	if err != nil {
		return err
	}
	err = a.Health(ctx)
	s.MarkSync(ctx, c, err)
	return err
}

// MarkSync records lost sync for sync-lost errors and clears it after a success.
func (s *Service) MarkSync(ctx context.Context, c *conversation.Connection, err error) {
	var at int64
	reason := ""
	switch {
	case err == nil:
		if !c.SyncLost() {
			return
		}
	case channel.ClassOf(err) == channel.ClassSyncLost:
		at, reason = conversation.Millis(s.now()), conversation.Reason(err)
	default:
		return
	}
	if err := s.store.SetSyncLost(ctx, c.ID, at, reason); err != nil {
		s.log.Error("Frontdesk: saving sync state", "connection_id", c.ID, "err", err.Error())
		return
	}
	c.SyncLostAt, c.SyncReason = at, reason
	s.mm.PublishToChannel("connection_changed", map[string]any{"connection_id": c.ID, "sync_lost": at != 0}, c.ChannelID)
	if at != 0 {
		s.alerts.Lost(ctx, c)
	} else {
		s.alerts.Fixed(ctx, c)
	}
}

// RememberAccount stores the page/account name the first time a provider tells it.
func (s *Service) RememberAccount(ctx context.Context, c *conversation.Connection, a channel.Account) {
	if (a.Name == "" || a.Name == c.AccountName) && (a.ID == "" || a.ID == c.AccountID) {
		return
	}
	if a.Name != "" {
		c.AccountName = a.Name
	}
	if a.ID != "" {
		c.AccountID = a.ID
	}
	if err := s.store.SetAccount(ctx, c.ID, c.AccountID, c.AccountName); err != nil {
		s.log.Warn("Frontdesk: saving account name", "connection_id", c.ID, "err", err.Error())
	}
}

func (s *Service) applyInput(c *conversation.Connection, in Input) error {
	if in.Name != nil {
		c.Name = strings.TrimSpace(*in.Name)
	}
	if c.Name == "" || len(c.Name) > 128 {
		return fmt.Errorf("%w: name is required (at most 128 characters)", conversation.ErrInvalid)
	}
	if in.ChannelID != nil {
		c.ChannelID = *in.ChannelID
	}
	if !model.IsValidId(c.ChannelID) {
		return fmt.Errorf("%w: channel_id must be a Mattermost channel id", conversation.ErrInvalid)
	}
	if in.ChannelID != nil {
		if err := s.checkChannel(c.ChannelID); err != nil {
			return err
		}
	}
	if in.APIBaseURL != nil {
		c.APIBaseURL = strings.TrimSpace(*in.APIBaseURL)
		if c.APIBaseURL != "" {
			u, err := url.Parse(c.APIBaseURL)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				return fmt.Errorf("%w: api_base_url must be an http(s) URL", conversation.ErrInvalid)
			}
		}
	}
	known := map[string]bool{}
	for _, f := range s.specs[c.Kind].Fields {
		known[f.Name] = true
	}
	for k, v := range in.Credentials {
		if !known[k] {
			return fmt.Errorf("%w: unknown credential %q for %s", conversation.ErrInvalid, k, c.Kind)
		}
		if v == Mask {
			continue // the client echoed a masked secret back: keep the stored one
		}
		c.Credentials[k] = strings.TrimSpace(v)
	}
	if name := channel.MissingField(s.specs[c.Kind].Fields, c.Credentials); name != "" {
		return fmt.Errorf("%w: credential %q is required for %s", conversation.ErrInvalid, name, c.Kind)
	}
	return nil
}

// describeAccount learns the account's name (a Page's name) for the chats' header cards. It is best
// effort: a provider that is down now does not stop the admin from connecting.
func (s *Service) describeAccount(ctx context.Context, c *conversation.Connection, a channel.Adapter) {
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

func newToken() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// describe names a connection in the audit trail: its kind, name and channel (by name, and by id,
// which stays true after a rename), never a credential.
func (s *Service) describe(c *conversation.Connection) string {
	if p := s.PlaceOf(c); p.ChannelName != "" {
		return fmt.Sprintf("%s %q in channel %q (%s)", c.Kind, c.Name, p.ChannelName, c.ChannelID)
	}
	return fmt.Sprintf("%s %q in channel %s", c.Kind, c.Name, c.ChannelID)
}

// changedFields lists what an update changed by name (credentials by field name, never value).
func changedFields(in Input) string {
	var fields []string
	if in.Name != nil {
		fields = append(fields, "name")
	}
	if in.ChannelID != nil {
		fields = append(fields, "channel")
	}
	if in.APIBaseURL != nil {
		fields = append(fields, "api_base_url")
	}
	names := make([]string, 0, len(in.Credentials))
	for k := range in.Credentials {
		names = append(names, k)
	}
	sort.Strings(names)
	fields = append(fields, names...)
	if len(fields) == 0 {
		return ""
	}
	return "; changed " + strings.Join(fields, ", ")
}
