// Package quickreply keeps a team's saved answers (quick replies): listed, created, changed and
// deleted by anyone of the team who may use chats, inserted into a chat reply by name (the web
// app's picker, /frontdesk reply <name>).
package quickreply

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/frontdesk-chat/frontdesk/server/conversation"
)

// MaxNameRunes is the longest name.
const MaxNameRunes = 32

// Store keeps quick replies.
type Store interface {
	QuickReplies(ctx context.Context, teamID string) ([]conversation.QuickReply, error)
	QuickReply(ctx context.Context, teamID, name string) (conversation.QuickReply, error)
	PutQuickReply(ctx context.Context, q conversation.QuickReply) error
	DeleteQuickReply(ctx context.Context, teamID, name string) error
}

// Mattermost answers who may manage a team's quick replies.
type Mattermost interface {
	// ChatsInTeam says why a user may not use chats in a team (F2): conversation.ErrNotFound
	// to someone not on it, conversation.ErrMayNotUseChats to a member the policy does not allow.
	ChatsInTeam(teamID, userID string) error
}

// Service is safe for concurrent use.
type Service struct {
	store     Store
	mm        Mattermost
	maxLength func() int
	now       func() time.Time
}

// New builds the service; maxLength is the longest reply the settings allow, in characters.
func New(store Store, mm Mattermost, maxLength func() int) *Service {
	return &Service{store: store, mm: mm, maxLength: maxLength, now: time.Now}
}

// NormalizeName lower-cases a name and checks it: 1–32 letters, digits, "-" or "_".
func NormalizeName(name string) (string, error) {
	n := strings.ToLower(strings.TrimSpace(name))
	if n == "" || utf8.RuneCountInString(n) > MaxNameRunes {
		return "", fmt.Errorf("%w: a quick reply's name has 1 to %d characters", conversation.ErrInvalid, MaxNameRunes)
	}
	for _, r := range n {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' && r != '_' {
			return "", fmt.Errorf("%w: a quick reply's name has only letters, digits, - and _", conversation.ErrInvalid)
		}
	}
	return n, nil
}

func (s *Service) allowed(teamID, userID string) error {
	if teamID == "" {
		return conversation.ErrNotFound
	}
	// Not on the team: as for a team that does not exist, reveals nothing.
	return s.mm.ChatsInTeam(teamID, userID)
}

// List lists a team's quick replies by name.
func (s *Service) List(ctx context.Context, userID, teamID string) ([]conversation.QuickReply, error) {
	if err := s.allowed(teamID, userID); err != nil {
		return nil, err
	}
	return s.store.QuickReplies(ctx, teamID)
}

// Get loads one quick reply by name.
func (s *Service) Get(ctx context.Context, userID, teamID, name string) (conversation.QuickReply, error) {
	if err := s.allowed(teamID, userID); err != nil {
		return conversation.QuickReply{}, err
	}
	n, err := NormalizeName(name)
	if err != nil {
		return conversation.QuickReply{}, err
	}
	return s.store.QuickReply(ctx, teamID, n)
}

// Put creates or replaces a quick reply; its text is a reply like any other, so at most the
// configured longest reply.
func (s *Service) Put(ctx context.Context, userID, teamID, name, text string) (conversation.QuickReply, error) {
	if err := s.allowed(teamID, userID); err != nil {
		return conversation.QuickReply{}, err
	}
	n, err := NormalizeName(name)
	if err != nil {
		return conversation.QuickReply{}, err
	}
	text = strings.TrimSpace(text)
	if text == "" {
		return conversation.QuickReply{}, fmt.Errorf("%w: a quick reply needs a text", conversation.ErrInvalid)
	}
	if limit := s.maxLength(); limit > 0 && utf8.RuneCountInString(text) > limit {
		return conversation.QuickReply{}, fmt.Errorf("%w: a quick reply has at most %d characters (it has %d)",
			conversation.ErrInvalid, limit, utf8.RuneCountInString(text))
	}
	q := conversation.QuickReply{TeamID: teamID, Name: n, Text: text, UpdatedBy: userID, UpdatedAt: conversation.Millis(s.now())}
	if err := s.store.PutQuickReply(ctx, q); err != nil {
		return conversation.QuickReply{}, err
	}
	return q, nil
}

// Delete removes a quick reply.
func (s *Service) Delete(ctx context.Context, userID, teamID, name string) error {
	if err := s.allowed(teamID, userID); err != nil {
		return err
	}
	n, err := NormalizeName(name)
	if err != nil {
		return err
	}
	return s.store.DeleteQuickReply(ctx, teamID, n)
}
