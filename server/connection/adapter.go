package connection

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/conversation"
)

// Adapter returns the connection's adapter, rebuilt when the connection changed.
func (s *Service) Adapter(c *conversation.Connection) (channel.Adapter, error) {
	if c.CredentialsUnreadable {
		return nil, fmt.Errorf("connection %s: %w", c.ID, ErrCredentialsUnreadable)
	}
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

func (s *Service) buildAdapter(c *conversation.Connection) (channel.Adapter, error) {
	spec, ok := s.specs[c.Kind]
	if !ok {
		return nil, fmt.Errorf("%w: unsupported kind %q", conversation.ErrInvalid, c.Kind)
	}
	a, err := spec.New(channel.Config{
		Credentials: c.Credentials,
		BaseURL:     c.APIBaseURL,
		WebhookURL:  s.WebhookURL(c.ID),
		VerifyToken: c.VerifyToken,
	})
	if err != nil {
		return nil, fmt.Errorf("%w: %s", conversation.ErrInvalid, err.Error())
	}
	return a, nil
}

func (s *Service) forgetAdapter(id string) {
	s.adaptersMu.Lock()
	delete(s.adapters, id)
	s.adaptersMu.Unlock()
}

func (s *Service) seal(c *conversation.Connection) error {
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

func (s *Service) openOne(c *conversation.Connection) error {
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

// load opens a connection's credentials. Credentials the current key cannot open (it was
// regenerated or cleared) do not make the connection fail to load: it is marked
// CredentialsUnreadable and its lost sync recorded with the reason, so that lists, the status and
// the reconnect with new credentials work, and everything that needs the adapter says why.
func (s *Service) load(ctx context.Context, c *conversation.Connection) {
	err := s.openOne(c)
	if err == nil {
		if c.SyncReason == ReasonUnreadable {
			s.MarkSync(ctx, c, nil) // the key that sealed them is back
		}
		return
	}
	c.Credentials, c.CredentialsUnreadable = map[string]string{}, true
	if c.SyncReason != ReasonUnreadable {
		s.log.Warn("Frontdesk: credentials cannot be opened", "connection_id", c.ID, "err", err.Error())
		s.MarkSync(ctx, c, &channel.Error{Class: channel.ClassSyncLost, Reason: ReasonUnreadable})
	}
}

// open opens the credentials of every connection listed.
func (s *Service) open(ctx context.Context, list []*conversation.Connection, err error) ([]*conversation.Connection, error) {
	if err != nil {
		return nil, err
	}
	for _, c := range list {
		s.load(ctx, c)
	}
	return list, nil
}

// WebhookURL is where the provider delivers a connection's events (Twilio signs this exact URL).
func (s *Service) WebhookURL(connectionID string) string {
	return strings.TrimRight(s.mm.SiteURL(), "/") + "/plugins/frontdesk/webhooks/" + connectionID
}

// MaskedCredentials returns the credentials with every secret field masked.
func (s *Service) MaskedCredentials(c *conversation.Connection) map[string]string {
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

// IsAdmin reports whether a user manages connections.
func (s *Service) IsAdmin(userID string) bool { return s.mm.IsSystemAdmin(userID) }
