package coretest

import (
	"cmp"
	"context"
	"slices"

	"github.com/frontdesk-chat/frontdesk/server/conversation"
)

// incident is a connection's current or last lost-sync incident.
type incident struct {
	openedAt, fixedAt int64
	reason            string
}

func (s *Store) AddAudit(_ context.Context, e conversation.AuditEntry) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addAudit(e)
}

// addAudit appends an entry; the caller holds s.mu.
func (s *Store) addAudit(e conversation.AuditEntry) error {
	if err := varchar("id", e.ID, 26, "user_id", e.UserID, 26, "action", e.Action, 64, "target_type", e.TargetType, 32,
		"target_id", e.TargetID, 64); err != nil {
		return err
	}
	for _, old := range s.audit {
		if old.ID == e.ID {
			return violation("duplicate key: audit entry %s", e.ID)
		}
	}
	s.audit = append(s.audit, e)
	return nil
}

func (s *Store) AddAuditOnChange(_ context.Context, e conversation.AuditEntry) (bool, error) {
	key := e.TargetType + ":" + e.TargetID
	s.mu.Lock()
	defer s.mu.Unlock()
	if v, ok := s.settingsSeen[key]; ok && v == e.Detail {
		return false, nil
	}
	if err := s.addAudit(e); err != nil {
		return false, err
	}
	if s.settingsSeen == nil {
		s.settingsSeen = map[string]string{}
	}
	s.settingsSeen[key] = e.Detail
	return true, nil
}

func (s *Store) ListAudit(_ context.Context, before int64, limit int) ([]conversation.AuditEntry, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []conversation.AuditEntry{}
	for _, e := range s.audit {
		if before == 0 || e.At < before {
			out = append(out, e)
		}
	}
	slices.SortFunc(out, func(a, b conversation.AuditEntry) int {
		return cmp.Or(cmp.Compare(b.At, a.At), cmp.Compare(b.ID, a.ID))
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

func (s *Store) OpenIncident(_ context.Context, connectionID string, at int64, reason string) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.connections[connectionID]; !ok {
		return false, violation("foreign key: no connection %s", connectionID)
	}
	if in, ok := s.incidents[connectionID]; ok && in.fixedAt == 0 {
		return false, nil
	}
	s.incidents[connectionID] = &incident{openedAt: at, reason: reason}
	return true, nil
}

func (s *Store) FixIncident(_ context.Context, connectionID string, at int64) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	in, ok := s.incidents[connectionID]
	if !ok || in.fixedAt != 0 {
		return false, nil
	}
	in.fixedAt = at
	return true, nil
}

func (s *Store) LastMessageAt(_ context.Context, connectionID string) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var at int64
	for _, row := range s.conversations {
		if row.c.ConnectionID == connectionID {
			at = max(at, row.c.LastMessageAt)
		}
	}
	return at, nil
}
