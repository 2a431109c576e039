package connection

import (
	"context"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/channel"
)

// refreshEvery spaces the sweeps that renew expiring credentials; the first runs soon after start.
const refreshEvery = time.Hour

// RefreshCredentials renews credentials that expire (Instagram Login tokens last 60 days) before
// they do, so that sync is not lost (F15). A failed renewal is judged by the provider's health
// check: only a real credential failure marks the connection as lost. It does the work at most
// once an hour, however often it is called.
func (s *Service) RefreshCredentials(ctx context.Context) {
	s.refreshMu.Lock()
	due := s.now().Sub(s.lastRefresh) >= refreshEvery
	if due {
		s.lastRefresh = s.now()
	}
	s.refreshMu.Unlock()
	if !due {
		return
	}
	conns, err := s.store.ListConnections(ctx)
	if err != nil {
		s.log.Warn("Frontdesk: listing connections to renew credentials", "err", err.Error())
		return
	}
	for _, c := range conns {
		if err := s.openOne(c); err != nil {
			continue
		}
		a, err := s.Adapter(c)
		if err != nil {
			continue
		}
		r, ok := a.(channel.CredentialRefresher)
		if !ok {
			continue
		}
		creds, changed, err := r.RefreshCredentials(ctx, s.now())
		if err != nil {
			s.log.Warn("Frontdesk: renewing credentials", "connection_id", c.ID, "channel_kind", string(c.Kind), "err", err.Error())
			s.MarkSync(ctx, c, a.Health(ctx))
			continue
		}
		if !changed {
			continue
		}
		loadedAt := c.UpdateAt
		c.Credentials, c.UpdateAt = creds, s.nextUpdateAt(loadedAt)
		if err := s.seal(c); err != nil {
			continue
		}
		// Only the credentials, and only if no admin changed the connection since it was loaded:
		// their change wins, and the next sweep renews what needs it.
		saved, err := s.store.SetCredentials(ctx, c.ID, c.Sealed, c.UpdateAt, loadedAt)
		if err != nil {
			s.log.Error("Frontdesk: saving renewed credentials", "connection_id", c.ID, "err", err.Error())
			continue
		}
		if !saved {
			s.log.Info("Frontdesk: renewed credentials not saved: the connection changed meanwhile", "connection_id", c.ID)
			continue
		}
		s.forgetAdapter(c.ID)
		s.log.Info("Frontdesk: credentials renewed", "connection_id", c.ID, "channel_kind", string(c.Kind))
	}
}
