package coretest

import (
	"context"

	"github.com/frontdesk-chat/frontdesk/server/conversation"
)

// retiredRow is a chat's former thread root.
type retiredRow struct {
	conversationID, channelID string
	at                        int64
}

// RetireThread records a former thread root; the conversation must exist (a foreign key), and a
// second record of the same root keeps the first.
func (s *Store) RetireThread(_ context.Context, rootPostID, conversationID, channelID string, at int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.conversations[conversationID]; !ok {
		return violation("retired thread of an unknown conversation")
	}
	if _, ok := s.retired[rootPostID]; !ok {
		s.retired[rootPostID] = retiredRow{conversationID: conversationID, channelID: channelID, at: at}
	}
	return nil
}

// RetiredThread is the conversation whose former thread started at root, or ErrNotFound.
func (s *Store) RetiredThread(_ context.Context, rootPostID string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.retired[rootPostID]
	if !ok {
		return "", conversation.ErrNotFound
	}
	return r.conversationID, nil
}

// SweptTo is how far the named sweep has looked (0: never ran).
func (s *Store) SweptTo(_ context.Context, name string) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sweeps[name], nil
}

// SetSweptTo moves the named sweep's watermark forward, never back.
func (s *Store) SetSweptTo(_ context.Context, name string, at int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sweeps[name] = max(s.sweeps[name], at)
	return nil
}

// UnqueuedPosts returns the ones of postIDs that no message row holds, in the order given.
func (s *Store) UnqueuedPosts(_ context.Context, postIDs []string) ([]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, id := range postIDs {
		if !s.postTaken(nil, id, true) {
			out = append(out, id)
		}
	}
	return out, nil
}

type appliedKey struct{ connection, event string }

// EventApplied reports whether a customer's change event was applied already.
func (s *Store) EventApplied(_ context.Context, connectionID, eventID string) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.applied[appliedKey{connectionID, eventID}]
	return ok, nil
}

// RecordAppliedEvent remembers an applied event; the connection must exist (a foreign key) and a
// second record keeps the first.
func (s *Store) RecordAppliedEvent(_ context.Context, connectionID, eventID string, at int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.connections[connectionID]; !ok {
		return violation("applied event of an unknown connection")
	}
	if err := varchar("event_id", eventID, 256); err != nil {
		return err
	}
	k := appliedKey{connectionID, eventID}
	if _, ok := s.applied[k]; !ok {
		s.applied[k] = at
	}
	return nil
}

// DropAppliedEvents forgets the applied events recorded before a time.
func (s *Store) DropAppliedEvents(_ context.Context, before int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for k, at := range s.applied {
		if at < before {
			delete(s.applied, k)
		}
	}
	return nil
}

// ChatOfThread finds the chat of a current or former thread root.
func (s *Store) ChatOfThread(ctx context.Context, rootPostID string) (*conversation.Conversation, bool, error) {
	s.mu.Lock()
	err := s.counted.call("ChatOfThread")
	s.mu.Unlock()
	if err != nil {
		return nil, false, err
	}
	if c, err := s.GetConversationByRoot(ctx, rootPostID); err == nil {
		return c, false, nil
	}
	id, err := s.RetiredThread(ctx, rootPostID)
	if err != nil {
		return nil, false, err
	}
	c, err := s.GetConversation(ctx, id)
	return c, true, err
}
